# CPack: `cpack -G DEB` in the build folder makes a Debian package of the
# binaries, the default configs and the sample buffer.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/resources/sample DESTINATION share/rssm-workbench)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/resources/config DESTINATION share/rssm-workbench)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/rssm-workbench.desktop DESTINATION share/applications)
# AppStream metadata beside the desktop entry, for software centres.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/io.github.rssm_workbench.RssmWorkbench.metainfo.xml DESTINATION share/metainfo)
install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/rssm-workbench.svg DESTINATION share/icons/hicolor/scalable/apps)
set(CPACK_PACKAGE_NAME rssm-workbench)
set(CPACK_PACKAGE_VENDOR "RSSM workbench developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Train and study RSSM world models of robot replay buffers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "RSSM workbench developers")
# Depends: the libraries the binaries link (dpkg-shlibdeps), and Qt's platform
# plugins, which the window loads at run time and nothing links.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
include(CPack)
