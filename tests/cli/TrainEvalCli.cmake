# rssm train, train --resume, eval and plot, run as a user would on the bundled sample: exit status, the run
# folder's files, the JSON on stdout and the PNG files.
# Invoked by ctest with -DRSSM=<binary> -DSAMPLE=<resources/sample> -DWORK=<scratch dir> -DCHARTS=<ON|OFF>.

include(${CMAKE_CURRENT_LIST_DIR}/CliExpect.cmake)

function(expect_files what)
  foreach(f ${ARGN})
    if(NOT EXISTS "${f}")
      message(FATAL_ERROR "${what}: ${f} is missing")
    endif()
  endforeach()
endfunction()

# A PNG by its signature, and its width and height from the IHDR chunk.
function(expect_png path what)
  expect_files("${what}" "${path}")
  file(READ "${path}" head LIMIT 24 HEX)
  string(SUBSTRING "${head}" 0 16 signature)
  if(NOT signature STREQUAL "89504e470d0a1a0a")
    message(FATAL_ERROR "${what}: ${path} is not a PNG (starts ${signature})")
  endif()
  string(SUBSTRING "${head}" 32 8 w)
  string(SUBSTRING "${head}" 40 8 h)
  math(EXPR w "0x${w}")
  math(EXPR h "0x${h}")
  if(w LESS 200 OR h LESS 200)
    message(FATAL_ERROR "${what}: ${path} is only ${w}x${h}")
  endif()
endfunction()

# Plots are drawn with no display at all: rssm must fall back to Qt's offscreen platform by itself.
set(HEADLESS ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY --unset=QT_QPA_PLATFORM)

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(RUN ${WORK}/cli)
set(DATA data.buffer_path=${SAMPLE}/buf.pkl data.rollout_config_path=${SAMPLE}/rollout_config.yaml)

# 20 steps, saving and validating every 10, logging every 5.
execute_process(COMMAND ${RSSM} train ${DATA} logging.dir=${WORK} logging.name=cli training.steps=20 training.save_every=10
                        training.eval_every=10 training.log_every=5 data.seq_len=16
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${WORK})
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "train failed (${rc}):\n${out}\n${err}")
endif()
expect_contains("${out}" "finished at step 20" "train")
expect_files("run folder" ${RUN}/config.yaml ${RUN}/train_logging.yaml ${RUN}/rollout_config.yaml ${RUN}/metrics.csv
             ${RUN}/rssm_step_10.pt ${RUN}/rssm_step_20.pt)
file(STRINGS ${RUN}/metrics.csv rows)
list(LENGTH rows count)
if(NOT count EQUAL 6)
  message(FATAL_ERROR "metrics.csv: expected a header and 5 rows (steps 1, 5, 10, 15, 20), got ${count} lines")
endif()
list(GET rows 0 header)
expect_contains("${header}" "step," "metrics.csv header")

# Resume continues from step 20 to the new total.
execute_process(COMMAND ${RSSM} train --resume ${RUN} training.steps=30
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${WORK})
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "train --resume failed (${rc}):\n${out}\n${err}")
endif()
expect_contains("${out}" "resuming at step 20" "train --resume")
expect_files("resumed run" ${RUN}/rssm_step_30.pt)

# eval --json: stdout is the JSON alone, the plot paths go to stderr.
execute_process(COMMAND ${HEADLESS} ${RSSM} eval eval.checkpoint_path=${RUN}/rssm_step_30.pt eval.context=4 eval.horizon=8 --json
                        eval.plot.output_dir=${WORK}/plots
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${WORK})
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "eval failed (${rc}):\n${out}\n${err}")
endif()
string(STRIP "${out}" stripped)
if(NOT stripped MATCHES "^{.*}$" OR stripped MATCHES "\n")
  message(FATAL_ERROR "eval --json: stdout should be one line of JSON and nothing else, got:\n${out}")
endif()
string(JSON horizon ERROR_VARIABLE jsonError GET "${out}" horizon)
if(jsonError OR NOT horizon EQUAL 8)
  message(FATAL_ERROR "eval --json: stdout is not the expected JSON (${jsonError}):\n${out}")
endif()
foreach(key posterior_mse prior_mse hold_last_mse)
  string(JSON value GET "${out}" ${key})
  if(NOT value MATCHES "^[0-9]")
    message(FATAL_ERROR "eval --json: ${key} is '${value}'")
  endif()
endforeach()
string(JSON steps LENGTH "${out}" prior_mse_by_horizon)
if(NOT steps EQUAL 8)
  message(FATAL_ERROR "eval --json: prior_mse_by_horizon has ${steps} entries, expected 8")
endif()
if(CHARTS)
  expect_png(${WORK}/plots/error_by_horizon.png "eval plots")
  expect_png(${WORK}/plots/error_by_horizon_dims.png "eval plots")
  expect_contains("${err}" "${WORK}/plots/error_by_horizon.png" "eval --json stderr")

  # One window, three dimensions; --no-vae disagrees with the checkpoint and says so in one line.
  execute_process(COMMAND ${HEADLESS} ${RSSM} plot --checkpoint-path ${RUN}/rssm_step_30.pt --seq-index 1 --seq-len 16
                          --dims 0 3 5 --no-vae --out ${WORK}/seq.png
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${WORK})
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "plot failed (${rc}):\n${out}\n${err}")
  endif()
  expect_png(${WORK}/seq.png "plot")
  expect_contains("${out}" "dims 0 3 5" "plot")
  expect_contains("${err}" "--no-vae is ignored" "plot --no-vae")

  # A window past the end is an error that says how many there are.
  execute_process(COMMAND ${HEADLESS} ${RSSM} plot --checkpoint-path ${RUN}/rssm_step_30.pt --seq-index 100000 --seq-len 16
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${WORK})
  if(rc EQUAL 0)
    message(FATAL_ERROR "plot accepted a window index past the end")
  endif()
  expect_contains("${err}" "windows of 16 steps" "plot --seq-index out of range")
endif()

# A typo in a key: non-zero exit, the nearest key named, and nothing written.
file(MAKE_DIRECTORY ${WORK}/typo)
execute_process(COMMAND ${RSSM} train ${DATA} logging.dir=${WORK}/typo logging.name=typo model.stoch_dims=3
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${WORK}/typo)
if(rc EQUAL 0)
  message(FATAL_ERROR "train accepted model.stoch_dims")
endif()
expect_contains("${err}" "did you mean model.stoch_dim" "config typo")
file(GLOB written ${WORK}/typo/*)
if(written)
  message(FATAL_ERROR "train with a config typo wrote: ${written}")
endif()
