# The CUDA backend's build: nvcc (OTMEC_CUDA=AUTO|ON), or the emulation
# (OTMEC_CUDA_EMULATION=ON), which compiles the same .cu sources as host C++
# against the emulated runtime of cuda/emulation/ so that their code runs in
# CI without a GPU. Sets OTMEC_HAVE_CUDA (the backend is built, either way)
# and OTMEC_CUDA_NVCC (built by nvcc), and defines otmec_cuda_objects().
option(OTMEC_CUDA_EMULATION "Build the CUDA kernels as host code on an emulated runtime (no GPU needed; tests labelled cuda-emulation)" OFF)

set(OTMEC_HAVE_CUDA OFF)
set(OTMEC_CUDA_NVCC OFF)
if(OTMEC_CUDA_EMULATION)
  set(OTMEC_HAVE_CUDA ON)
  message(STATUS "otmec: CUDA backend EMULATED on the host (cuda/emulation)")
elseif(OTMEC_CUDA STREQUAL "ON" OR OTMEC_CUDA STREQUAL "AUTO")
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    enable_language(CUDA)
    find_package(CUDAToolkit REQUIRED)
    set(OTMEC_HAVE_CUDA ON)
    set(OTMEC_CUDA_NVCC ON)
  elseif(OTMEC_CUDA STREQUAL "ON")
    message(FATAL_ERROR "OTMEC_CUDA=ON but no CUDA compiler was found")
  endif()
endif()
if(NOT OTMEC_CUDA_EMULATION)
  message(STATUS "otmec: CUDA backend ${OTMEC_HAVE_CUDA}")
endif()

# The FP64 contraction the kernels are built with. nvcc fuses a*b + c into
# one FMA by default, and the project keeps that (docs/gpu.md, "Agreement");
# the emulation can do the same on an x86-64 host with FMA (-mfma).
include(CheckCXXSourceRuns)
if(OTMEC_CUDA_EMULATION)
  set(CMAKE_REQUIRED_FLAGS "-mfma")
  check_cxx_source_runs("#include <cmath>
    int main(){volatile double a=1.0+0x1p-30, b=1.0-0x1p-30; return std::fma(a,b,-1.0)==-0x1p-60 ? 0 : 1;}"
    OTMEC_HOST_HAS_FMA)
  unset(CMAKE_REQUIRED_FLAGS)
endif()

# Blocks of 128 threads the kernel is built to keep resident on a
# multiprocessor (its __launch_bounds__): 4 caps a thread at 128 registers
# (16 warps); 1 leaves it 255 (8 warps, about half the spills). The shipped
# value is 4; scripts/gpu-check.sh times the two on a device (docs/gpu.md,
# "Why not none").
set(OTMEC_CUDA_MIN_BLOCKS 4 CACHE STRING "Blocks of 128 threads kept resident per multiprocessor (1-16): the kernel's register cap")
if(NOT OTMEC_CUDA_MIN_BLOCKS MATCHES "^([1-9]|1[0-6])$")
  message(FATAL_ERROR "OTMEC_CUDA_MIN_BLOCKS must be a whole number from 1 to 16, not '${OTMEC_CUDA_MIN_BLOCKS}'")
endif()

# otmec_cuda_objects(NAME SOURCES .cu... [FMA]): an OBJECT library of CUDA
# sources. With nvcc, the sources as they are; in the emulation, each .cu is
# included by a generated .cpp and compiled for the host with __CUDA_ARCH__
# set (so the device branches of the shared headers are the ones that run)
# and with FP contraction to FMA when FMA is given.
function(otmec_cuda_objects name)
  cmake_parse_arguments(ARG "FMA" "" "SOURCES" ${ARGN})
  set(includes ${CMAKE_SOURCE_DIR}/include ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/generated)
  if(OTMEC_CUDA_NVCC)
    add_library(${name} OBJECT ${ARG_SOURCES})
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON CUDA_SEPARABLE_COMPILATION OFF
      CUDA_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden)
    target_compile_options(${name} PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:-Werror=all-warnings -Xcompiler=-Wall,-Wextra,-Werror>)
    target_compile_definitions(${name} PRIVATE OTM_CUDA_MIN_BLOCKS_PER_SM=${OTMEC_CUDA_MIN_BLOCKS}u)
  else()
    set(wrappers "")
    foreach(src ${ARG_SOURCES})
      get_filename_component(base ${src} NAME_WE)
      set(wrapper ${CMAKE_BINARY_DIR}/cuda-emulation/${name}/${base}.cpp)
      file(GENERATE OUTPUT ${wrapper} CONTENT "// Generated: ${src} compiled for the emulated CUDA runtime.\n#include \"${src}\"\n")
      list(APPEND wrappers ${wrapper})
    endforeach()
    add_library(${name} OBJECT ${wrappers})
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON CXX_VISIBILITY_PRESET hidden)
    list(PREPEND includes ${CMAKE_SOURCE_DIR}/cuda/emulation)
    target_compile_definitions(${name} PRIVATE OTMEC_CUDA_EMULATION=1 __CUDA_ARCH__=900)
    target_compile_options(${name} PRIVATE -Wall -Wextra -Werror -Wno-unused-function)
    if(ARG_FMA)
      target_compile_options(${name} PRIVATE -mfma -ffp-contract=fast)
    else()
      target_compile_options(${name} PRIVATE -ffp-contract=off)
    endif()
  endif()
  target_include_directories(${name} PRIVATE ${includes})
endfunction()
