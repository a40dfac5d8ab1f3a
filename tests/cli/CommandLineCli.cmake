# rssm's command line itself, run as a user would: the usage text, each command's --help, the version, bad options
# and values refused in one line with exit status 2, and which commands load LibTorch (none of inspect, export and
# the help texts; train, eval and plot are handed to rssm-torch, and say so plainly when it is missing).
# Invoked by ctest with -DRSSM=<rssm> -DRSSM_TORCH=<rssm-torch> -DSAMPLE=<resources/sample> -DWORK=<scratch dir>
# -DVERSION=<project version> -DCHARTS=<ON|OFF>.

include(${CMAKE_CURRENT_LIST_DIR}/CliExpect.cmake)

function(expect_absent text needle what)
  string(FIND "${text}" "${needle}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "${what}: did not expect '${needle}' in:\n${text}")
  endif()
endfunction()

# A refused command line: exit status 2, nothing on stdout, one line on stderr holding each needle.
function(expect_usage_error what)
  execute_process(COMMAND ${RSSM} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "${what}: expected exit status 2, got ${rc}:\n${out}${err}")
  endif()
  string(STRIP "${err}" line)
  string(FIND "${line}" "\n" newline)
  if(NOT out STREQUAL "" OR NOT newline EQUAL -1 OR line STREQUAL "")
    message(FATAL_ERROR "${what}: expected one line on stderr and nothing on stdout, got:\n${out}\n---\n${err}")
  endif()
  set(error_line "${line}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

# The usage text names every command; --version the version.
execute_process(COMMAND ${RSSM} --help RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rssm --help: exit ${rc}: ${err}")
endif()
foreach(command inspect export train eval plot)
  expect_contains("${out}" "\n  ${command} " "rssm --help")
endforeach()
execute_process(COMMAND ${RSSM} --version RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "rssm ${VERSION}\n")
  message(FATAL_ERROR "rssm --version: expected 'rssm ${VERSION}', got (${rc}) '${out}'")
endif()

# Each command's --help: its own usage line and its options, exit 0.
set(options_inspect --buffer-path --rollout-config --json)
set(options_export --buffer-path --out)
set(options_train --config --resume -m,--multirun --jobs --nproc KEY=VALUE)
set(options_eval --config --json KEY=VALUE)
set(options_plot --checkpoint-path --seq-index --seq-len --dims --out --no-vae KEY=VALUE)
foreach(command inspect export train eval plot)
  execute_process(COMMAND ${RSSM} ${command} --help RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "rssm ${command} --help: exit ${rc}: ${err}")
  endif()
  expect_contains("${out}" "Usage: rssm ${command} [OPTIONS]" "rssm ${command} --help")
  foreach(option ${options_${command}})
    expect_contains("${out}" "${option}" "rssm ${command} --help")
  endforeach()
endforeach()
# Help comes before checking: a line with a required option missing still gets it.
execute_process(COMMAND ${RSSM} plot --seq-len 4 -h RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rssm plot --seq-len 4 -h: exit ${rc}")
endif()
expect_contains("${out}" "--seq-index" "rssm plot -h")

# Bad options and values: one line naming the option and what was expected.
expect_usage_error("an unknown option" train --bogus data.seq_len=8)
expect_contains("${error_line}" "rssm train: unknown option --bogus" "unknown option")
expect_contains("${error_line}" "rssm train --help" "unknown option")
expect_usage_error("an unknown command" frobnicate)
expect_contains("${error_line}" "unknown command 'frobnicate'" "unknown command")
expect_usage_error("--nproc 0" train --nproc 0)
expect_contains("${error_line}" "--nproc: expected a whole number from 1 to 1024, got '0'" "--nproc 0")
expect_usage_error("--jobs 2x" train -m --jobs 2x)
expect_contains("${error_line}" "--jobs: expected a whole number from 1 to 1024, got '2x'" "--jobs 2x")
if(CHARTS)  # without them, rssm plot says only that it cannot draw
  expect_usage_error("--seq-index -1" plot --checkpoint-path c.pt --seq-index -1 --seq-len 8)
  expect_contains("${error_line}" "--seq-index: expected a whole number at least 0, got '-1'" "--seq-index -1")
endif()
expect_usage_error("a missing value" inspect --buffer-path ${SAMPLE}/buf.pkl --rollout-config)
expect_contains("${error_line}" "--rollout-config needs a value" "missing value")
expect_usage_error("a missing required option" export --buffer-path ${SAMPLE}/buf.pkl)
expect_contains("${error_line}" "--out is required" "export without --out")
expect_usage_error("a word that is no setting" train data.seq_len=8 seq_len)
expect_contains("${error_line}" "unexpected argument 'seq_len' (settings are key=value)" "stray word")
expect_usage_error("--config with --resume" train --config c.yaml --resume ${WORK})
expect_contains("${error_line}" "--config excludes --resume" "--config with --resume")
expect_usage_error("--nproc with -m" train -m --nproc 2 model.deter_dim=8,16)
expect_contains("${error_line}" "--nproc with -m" "--nproc with -m")

# Which processes map LibTorch: the dynamic loader's own account (LD_DEBUG=libs), not the link line.
foreach(line "--help" "train;--help" "plot;--help" "--version" "inspect;--buffer-path;${SAMPLE}/buf.pkl"
             "export;--buffer-path;${SAMPLE}/buf.pkl;--out;${WORK}/sample.h5")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env LD_DEBUG=libs ${RSSM} ${line} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE loads)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "rssm ${line}: exit ${rc}")
  endif()
  expect_contains("${loads}" "calling init:" "LD_DEBUG=libs rssm ${line}")
  expect_absent("${loads}" "libtorch" "rssm ${line}")
  expect_absent("${loads}" "libc10" "rssm ${line}")
endforeach()
# The same probe sees it where it is: rssm-torch links it.
execute_process(COMMAND ${CMAKE_COMMAND} -E env LD_DEBUG=libs ${RSSM_TORCH} --version RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE loads)
expect_contains("${loads}" "libtorch" "LD_DEBUG=libs rssm-torch --version")

# rssm without its rssm-torch beside it (a copy of rssm alone): inspect works, train says what is missing.
file(COPY ${RSSM} DESTINATION ${WORK}/alone/bin)
get_filename_component(name ${RSSM} NAME)
execute_process(COMMAND ${WORK}/alone/bin/${name} inspect --buffer-path ${SAMPLE}/buf.pkl RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "rssm alone: inspect failed (${rc})")
endif()
execute_process(COMMAND ${WORK}/alone/bin/${name} train training.steps=1 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(STRIP "${err}" err)
if(NOT rc EQUAL 1 OR err MATCHES "\n")
  message(FATAL_ERROR "rssm alone: train: expected exit 1 and one line, got ${rc}:\n${err}")
endif()
expect_contains("${err}" "rssm train: error: cannot start ${WORK}/alone/" "rssm alone: train")
expect_contains("${err}" "/rssm-torch, the part of rssm that runs train" "rssm alone: train")
expect_contains("${err}" "No such file or directory" "rssm alone: train")
