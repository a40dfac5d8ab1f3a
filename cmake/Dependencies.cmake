# Third-party packages. Each comes from Debian by default; another build of
# LibTorch (a CUDA one, say) is picked up through CMAKE_PREFIX_PATH.
find_package(Threads REQUIRED)
find_package(Torch REQUIRED)
find_package(yaml-cpp REQUIRED)
# RSSM_HDF5_INCLUDE_DIR and RSSM_HDF5_LIBRARY name an HDF5 that FindHDF5
# cannot find (Debian's packages unpacked beside the build, by scripts/gpu-check.sh).
if(RSSM_HDF5_INCLUDE_DIR AND RSSM_HDF5_LIBRARY)
  set(HDF5_INCLUDE_DIRS ${RSSM_HDF5_INCLUDE_DIR})
  set(HDF5_C_LIBRARIES ${RSSM_HDF5_LIBRARY})
else()
  find_package(HDF5 REQUIRED COMPONENTS C)
endif()

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

# Data-parallel training uses PyTorch's c10d. Its Gloo process group (CPU)
# needs Gloo's headers (Debian: libgloo-dev; a pip PyTorch ships them under
# include/); NCCL (CUDA) needs a CUDA LibTorch and nccl.h (a pip PyTorch's
# nvidia-nccl package has it). Without them rssm trains in one process only.
find_path(RSSM_GLOO_INCLUDE_DIR gloo/config.h HINTS ${TORCH_INCLUDE_DIRS})
find_path(RSSM_C10D_INCLUDE_DIR torch/csrc/distributed/c10d/ProcessGroupGloo.hpp HINTS ${TORCH_INCLUDE_DIRS})
if(RSSM_GLOO_INCLUDE_DIR AND RSSM_C10D_INCLUDE_DIR)
  set(RSSM_HAVE_C10D ON)
else()
  set(RSSM_HAVE_C10D OFF)
  message(STATUS "rssm: no Gloo headers (libgloo-dev); rssm train runs in one process only")
endif()
set(RSSM_HAVE_NCCL OFF)
if(RSSM_HAVE_C10D AND (TORCH_CUDA_LIBRARIES OR TARGET torch_cuda))
  find_path(RSSM_NCCL_INCLUDE_DIR nccl.h HINTS ${TORCH_INCLUDE_DIRS} ENV NCCL_INCLUDE_DIR PATH_SUFFIXES include)
  if(RSSM_NCCL_INCLUDE_DIR)
    set(RSSM_HAVE_NCCL ON)
  endif()
endif()
message(STATUS "rssm: c10d ${RSSM_HAVE_C10D}, NCCL ${RSSM_HAVE_NCCL}")

if(RSSM_WITH_UI)
  find_package(Qt6 REQUIRED COMPONENTS Core Gui Widgets Charts Concurrent Test)
endif()
