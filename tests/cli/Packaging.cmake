# The Debian package, installed into a scratch root and used from an unrelated folder: `cpack -G DEB` on the built
# tree, `dpkg-deb -x`, then the extracted `rssm train` on its shipped defaults (the sample buffer found beside the
# binary, not in the working directory) and `rssm-workbench --sample --quit-when-loaded` offscreen; the Depends line
# and the AppStream metadata too.
# Invoked by ctest with -DBINARY_DIR=<build> -DCPACK=<cpack> -DWORK=<scratch dir>. Without dpkg-deb it says
# "packaging: skipped", which ctest reports as a skip.

include(${CMAKE_CURRENT_LIST_DIR}/CliExpect.cmake)

find_program(DPKG_DEB dpkg-deb)
if(NOT DPKG_DEB OR NOT EXISTS "${CPACK}")
  message("packaging: skipped (no dpkg-deb or cpack here)")
  return()
endif()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/cpack ${WORK}/root ${WORK}/elsewhere)

execute_process(COMMAND ${CPACK} -G DEB -B ${WORK}/cpack --config ${BINARY_DIR}/CPackConfig.cmake
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${BINARY_DIR})
file(GLOB debs ${WORK}/cpack/*.deb)
list(LENGTH debs count)
if(NOT rc EQUAL 0 OR NOT count EQUAL 1)
  message(FATAL_ERROR "cpack -G DEB failed (${rc}, ${count} .deb):\n${out}\n${err}")
endif()

# What the package asks of the system: the libraries it links, found by dpkg-shlibdeps, and Qt's platform
# plugins, which nothing links.
execute_process(COMMAND ${DPKG_DEB} -f ${debs} Depends OUTPUT_VARIABLE depends RESULT_VARIABLE rc)
foreach(needed libtorch libyaml-cpp libhdf5 libprotobuf libqt6widgets6 libqt6charts6 qt6-qpa-plugins)
  expect_contains("${depends}" "${needed}" "Depends")
endforeach()
string(FIND "${depends}" "libqt6test6" at)
if(NOT at EQUAL -1)
  message(FATAL_ERROR "Depends: the product links Qt Test:\n${depends}")
endif()

execute_process(COMMAND ${DPKG_DEB} -x ${debs} ${WORK}/root RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dpkg-deb -x failed (${rc}): ${err}")
endif()
set(PREFIX ${WORK}/root/usr)
foreach(f bin/rssm bin/rssm-workbench share/rssm-workbench/sample/buf.pkl share/rssm-workbench/config/train_default.yaml
          share/applications/rssm-workbench.desktop share/metainfo/io.github.rssm_workbench.RssmWorkbench.metainfo.xml
          share/icons/hicolor/scalable/apps/rssm-workbench.svg)
  if(NOT EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "package: ${f} is missing")
  endif()
endforeach()
foreach(f bin/shoot_workbench bin/shoot_runs_pane bin/bench_gui_stall)
  if(EXISTS ${PREFIX}/${f})
    message(FATAL_ERROR "package: ${f} is a benchmark tool, not part of the product")
  endif()
endforeach()

# rssm train from a folder with no resources/ in it, on every default but a few tiny sizes: the sample buffer and
# its rollout_config.yaml come from <prefix>/share/rssm-workbench.
execute_process(COMMAND ${PREFIX}/bin/rssm train logging.dir=${WORK}/runs logging.name=installed training.steps=3
                        training.save_every=3 training.eval_every=3 training.log_every=1 data.seq_len=8
                        training.batch_size=4 model.hidden_dim=16 model.deter_dim=16 model.embed_dim=16
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${WORK}/elsewhere)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "installed rssm train failed (${rc}):\n${out}\n${err}")
endif()
expect_contains("${out}" "finished at step 3" "installed rssm train")
if(NOT EXISTS ${WORK}/runs/installed/rssm_step_3.pt)
  message(FATAL_ERROR "installed rssm train: no checkpoint in ${WORK}/runs/installed")
endif()
file(READ ${WORK}/runs/installed/config.yaml config)
expect_contains("${config}" "${PREFIX}/share/rssm-workbench/sample/buf.pkl" "the run's config.yaml")

# The window, offscreen, opens the shipped sample and quits.
execute_process(COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen HOME=${WORK}/home
                        ${PREFIX}/bin/rssm-workbench --sample --quit-when-loaded
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err WORKING_DIRECTORY ${WORK}/elsewhere TIMEOUT 120)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "installed rssm-workbench failed (${rc}):\n${out}\n${err}")
endif()
expect_contains("${out}" "opened ${PREFIX}/share/rssm-workbench/sample/buf.pkl" "installed rssm-workbench")

find_program(APPSTREAMCLI appstreamcli)
if(APPSTREAMCLI)
  execute_process(COMMAND ${APPSTREAMCLI} validate --no-net ${PREFIX}/share/metainfo/io.github.rssm_workbench.RssmWorkbench.metainfo.xml
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "appstreamcli validate failed (${rc}):\n${out}\n${err}")
  endif()
endif()
file(REMOVE_RECURSE ${WORK})
