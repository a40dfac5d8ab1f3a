# rssm inspect and export, run as a user would: exit status, stdout, stderr.
# Invoked by ctest with -DRSSM=<binary> -DFIXTURES=<dir> -DSAMPLE=<dir> -DWORK=<scratch dir>.

include(${CMAKE_CURRENT_LIST_DIR}/CliExpect.cmake)

# The bundled sample, as the README's run command shows it.
execute_process(COMMAND ${RSSM} inspect --buffer-path ${SAMPLE}/buf.pkl --rollout-config ${SAMPLE}/rollout_config.yaml --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "inspect of the sample failed (${rc}): ${err}")
endif()
expect_json("${out}" "inspect --json of the sample" GET 16 episodes)
expect_json("${out}" "inspect --json of the sample" GET 1600 transitions)
expect_json("${out}" "inspect --json of the sample" GET 12 state_dim)
expect_json("${out}" "inspect --json of the sample" GET 3 action_dim)
expect_json("${out}" "inspect --json of the sample" GET 100 episode_length min)
expect_json("${out}" "inspect --json of the sample" GET 1600 camera_frames)
expect_json("${out}" "inspect --json of the sample" TYPE ARRAY keys state physical_stats mean)

# Text output of a fixture lists every key with its dtype and shape.
execute_process(COMMAND ${RSSM} inspect --buffer-path ${FIXTURES}/pickle/goals_p4.pkl RESULT_VARIABLE rc OUTPUT_VARIABLE out)
expect_contains("${out}" "episodes     3" "inspect text")
expect_contains("${out}" "goals" "inspect text")
expect_contains("${out}" "<f8   (6,)" "inspect text")

# Hostile input: non-zero exit, nothing on stdout, one line on stderr naming file, byte and global.
execute_process(COMMAND ${RSSM} inspect --buffer-path ${FIXTURES}/pickle/evil_reduce_p2.pkl
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${WORK})
if(rc EQUAL 0)
  message(FATAL_ERROR "a hostile buffer was accepted")
endif()
if(EXISTS ${WORK}/rssm_pwned_marker)
  message(FATAL_ERROR "the hostile payload ran")
endif()
string(STRIP "${err}" err)
string(FIND "${err}" "\n" newline)
if(NOT newline EQUAL -1 OR NOT out STREQUAL "")
  message(FATAL_ERROR "expected exactly one line on stderr and nothing on stdout, got:\n${out}\n---\n${err}")
endif()
expect_contains("${err}" "evil_reduce_p2.pkl: byte 2: GLOBAL: global 'posix.system' is not allowed" "hostile error")

# A missing file and a missing argument fail cleanly too.
execute_process(COMMAND ${RSSM} inspect --buffer-path ${WORK}/missing.pkl RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "a missing file was accepted")
endif()
expect_contains("${err}" "missing.pkl: cannot open" "missing file")
execute_process(COMMAND ${RSSM} inspect RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "inspect without a buffer should be a usage error (2), got ${rc}")
endif()

# Export to HDF5 and read the export back: the same summary.
file(REMOVE ${WORK}/sample.h5)
execute_process(COMMAND ${RSSM} export --buffer-path ${SAMPLE}/buf.pkl --out ${WORK}/sample.h5 RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "export failed (${rc}): ${err}")
endif()
execute_process(COMMAND ${RSSM} inspect --buffer-path ${WORK}/sample.h5 --json RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "inspect of the export failed (${rc}): ${err}")
endif()
expect_json("${out}" "inspect --json of the HDF5 export" GET hdf5 format)
expect_json("${out}" "inspect --json of the HDF5 export" GET 16 episodes)
expect_json("${out}" "inspect --json of the HDF5 export" GET 1600 transitions)
expect_json("${out}" "inspect --json of the HDF5 export" GET 12 state_dim)
expect_json("${out}" "inspect --json of the HDF5 export" GET 1600 camera_frames)
