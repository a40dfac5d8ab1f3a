# Assertions shared by the command-line test scripts.

function(expect_contains text needle what)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what}: expected to find '${needle}' in:\n${text}")
  endif()
endfunction()

# The JSON member at the path ARGN (names and indices) has the value (mode
# GET) or the type (mode TYPE: OBJECT, ARRAY, NUMBER, STRING, ...) `expected`:
# the output is parsed, not searched for a substring.
function(expect_json json what mode expected)
  string(JSON got ERROR_VARIABLE error ${mode} "${json}" ${ARGN})
  if(error OR NOT got STREQUAL "${expected}")
    message(FATAL_ERROR "${what}: ${mode} ${ARGN} is '${got}' ${error}, expected '${expected}', in:\n${json}")
  endif()
endfunction()
