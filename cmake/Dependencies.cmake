# Third-party packages. Each comes from Debian by default; another build of
# LibTorch (a CUDA one, say) is picked up through CMAKE_PREFIX_PATH.
find_package(Threads REQUIRED)
find_package(Torch REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(ZLIB REQUIRED)  # CRC-32 of checkpoint entries

# HDF5's FindHDF5 gives variables, not a target; wrap them once here.
if(NOT TARGET rssm::hdf5)
  add_library(rssm_hdf5 INTERFACE)
  target_include_directories(rssm_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
  target_link_libraries(rssm_hdf5 INTERFACE ${HDF5_C_LIBRARIES})
  target_compile_definitions(rssm_hdf5 INTERFACE ${HDF5_DEFINITIONS})
  add_library(rssm::hdf5 ALIAS rssm_hdf5)
endif()

# yaml-cpp 0.7 names its target yaml-cpp; newer releases add yaml-cpp::yaml-cpp.
if(TARGET yaml-cpp::yaml-cpp)
  set(RSSM_YAML_TARGET yaml-cpp::yaml-cpp)
else()
  set(RSSM_YAML_TARGET yaml-cpp)
endif()

if(RSSM_BUILD_GUI)
  find_package(Qt6 REQUIRED COMPONENTS Core Gui Widgets Charts Concurrent Test)
endif()
