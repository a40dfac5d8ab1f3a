# rssm train -m as a user runs it on the bundled sample: a 2x1 sweep's folders and multirun.yaml, --resume of a
# finished sweep training nothing, and the refusals (a bad value naming the run and key, --jobs without -m).
# Invoked by ctest with -DRSSM=<binary> -DSAMPLE=<resources/sample> -DWORK=<scratch dir>.

include(${CMAKE_CURRENT_LIST_DIR}/CliExpect.cmake)

file(REMOVE_RECURSE "${WORK}/runs")
set(tiny data.buffer_path=${SAMPLE}/buf.pkl data.rollout_config_path=${SAMPLE}/rollout_config.yaml
    model.hidden_dim=16 model.deter_dim=16 model.stoch_dim=4 model.embed_dim=16 data.seq_len=8
    training.batch_size=4 training.steps=4 training.eval_every=2 training.save_every=2 training.device=cpu
    logging.dir=${WORK}/runs logging.name=sweep)

execute_process(COMMAND ${RSSM} train -m ${tiny} model.obs_window=1,0 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "a sweep with model.obs_window=0 was accepted:\n${out}")
endif()
expect_contains("${err}" "sweep run 1 (model.obs_window=0): model.obs_window=0:" "bad value")
if(EXISTS "${WORK}/runs/sweep")
  message(FATAL_ERROR "a refused sweep wrote ${WORK}/runs/sweep")
endif()

execute_process(COMMAND ${RSSM} train --jobs 2 ${tiny} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "--jobs without -m was accepted")
endif()
expect_contains("${err}" "--jobs runs a sweep's runs at once" "--jobs without -m")

execute_process(COMMAND ${RSSM} train -m --jobs 2 ${tiny} model.obs_window=1,2 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the sweep failed (${rc}):\n${out}\n${err}")
endif()
expect_contains("${out}" "2 of 2 runs finished" "sweep")
foreach(i 0 1)
  math(EXPR window "${i} + 1")
  file(READ "${WORK}/runs/sweep/${i}/config.yaml" config)
  expect_contains("${config}" "obs_window: ${window}" "run ${i}'s config")
  if(NOT EXISTS "${WORK}/runs/sweep/${i}/rssm_step_4.pt")
    message(FATAL_ERROR "run ${i} has no final checkpoint")
  endif()
  file(GLOB events "${WORK}/runs/sweep/${i}/events.out.tfevents.*")
  if(NOT events)
    message(FATAL_ERROR "run ${i} has no TensorBoard event file")
  endif()
endforeach()
file(READ "${WORK}/runs/sweep/multirun.yaml" state)
expect_contains("${state}" "overrides: [model.obs_window=2]" "multirun.yaml")
expect_contains("${state}" "status: finished" "multirun.yaml")

execute_process(COMMAND ${RSSM} train -m --resume ${WORK}/runs/sweep RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "resuming a finished sweep failed (${rc}):\n${out}\n${err}")
endif()
expect_contains("${out}" "2 runs (2 finished before)" "resume")
string(FIND "${out}" "started" at)
if(NOT at EQUAL -1)
  message(FATAL_ERROR "resuming a finished sweep trained again:\n${out}")
endif()
