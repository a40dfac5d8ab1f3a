# The headless build (-DRSSM_WITH_UI=OFF) needs no Qt at all.
# MODE=configure (from the full build): configures the source tree in WORK with every Qt package hidden from
#   find_package, as on a cluster node without one, and checks that rssm and the core are to be built, the window not.
# MODE=binary (from a headless build): the rssm built there links no Qt and says plainly that it cannot plot.
# Invoked by ctest with -DMODE=... -DSOURCE=<source dir> -DWORK=<scratch dir> -DRSSM=<binary> -DGENERATOR=<generator>.

include(${CMAKE_CURRENT_LIST_DIR}/CliExpect.cmake)

if(MODE STREQUAL "configure")
  file(REMOVE_RECURSE ${WORK})
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK} -G ${GENERATOR} -DRSSM_WITH_UI=OFF -DRSSM_BUILD_BENCH=OFF
                          -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON -DCMAKE_DISABLE_FIND_PACKAGE_Qt5=ON
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the headless configure failed with Qt hidden (${rc}):\n${out}\n${err}")
  endif()
  file(READ ${WORK}/build.ninja ninja)
  foreach(target rssm rssm-torch rssm_core rssm_data rssm_cli)
    string(REGEX MATCH "build ${target}: phony" found "${ninja}")
    if(NOT found)
      message(FATAL_ERROR "the headless configure has no ${target} target")
    endif()
  endforeach()
  string(REGEX MATCH "build rssm-workbench: phony" window "${ninja}")
  string(FIND "${ninja}" "libQt6" qt)
  if(window OR NOT qt EQUAL -1)
    message(FATAL_ERROR "the headless configure still builds the window or names Qt6")
  endif()
  file(REMOVE_RECURSE ${WORK})
elseif(MODE STREQUAL "binary")
  execute_process(COMMAND readelf -d ${RSSM} RESULT_VARIABLE rc OUTPUT_VARIABLE needed ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "readelf -d ${RSSM} failed: ${err}")
  endif()
  string(FIND "${needed}" "libQt" qt)
  if(NOT qt EQUAL -1)
    message(FATAL_ERROR "the headless rssm links Qt:\n${needed}")
  endif()
  execute_process(COMMAND ${RSSM} plot --checkpoint-path none.pt RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 1)
    message(FATAL_ERROR "rssm plot in the headless build: expected exit 1, got ${rc}:\n${out}${err}")
  endif()
  expect_contains("${err}" "built without Qt Charts (RSSM_WITH_UI=OFF)" "rssm plot")
else()
  message(FATAL_ERROR "MODE must be configure or binary")
endif()
