# Installs what a program outside the tree needs: the public headers, the
# library, a CMake package (find_package(otmec) gives otmec::otmec), otmec.pc
# for pkg-config, and the otmec command-line tool.
include(CMakePackageConfigHelpers)

set(OTMEC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/otmec)
install(TARGETS otmec EXPORT otmecTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT otmecTargets NAMESPACE otmec:: DESTINATION ${OTMEC_CMAKE_DIR})

# A static otmec brings its dependencies to the consumer's link line.
get_target_property(OTMEC_LIBRARY_TYPE otmec TYPE)
set(OTMEC_STATIC OFF)
set(OTMEC_PC_REQUIRES_PRIVATE "")
set(OTMEC_PC_LIBS_PRIVATE "-lm")
if(OTMEC_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
  set(OTMEC_STATIC ON)
endif()
if(cJSON_FOUND)
  set(OTMEC_PC_REQUIRES_PRIVATE "libcjson")
endif()
if(OpenMP_C_FOUND)
  string(APPEND OTMEC_PC_LIBS_PRIVATE " ${OpenMP_C_FLAGS}")
endif()
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/otmecConfig.cmake.in
  ${CMAKE_BINARY_DIR}/otmecConfig.cmake INSTALL_DESTINATION ${OTMEC_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/otmecConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/otmecConfig.cmake ${CMAKE_BINARY_DIR}/otmecConfigVersion.cmake
  DESTINATION ${OTMEC_CMAKE_DIR})

# The prefix relative to the .pc file, so that `cmake --install --prefix DIR`
# gives a file that is right in DIR.
file(RELATIVE_PATH OTMEC_PC_TO_PREFIX /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
string(REGEX REPLACE "/$" "" OTMEC_PC_TO_PREFIX "${OTMEC_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/otmec.pc.in ${CMAKE_BINARY_DIR}/otmec.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/otmec.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

if(TARGET otmec_cli)
  install(TARGETS otmec_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  # the tool's modules, where src/cli/module_load.c looks for them
  if(TARGET otmec_mpi)
    install(TARGETS otmec_mpi LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/otmec)
  endif()
  if(TARGET otmec_hdf5)
    install(TARGETS otmec_hdf5 LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/otmec)
  endif()
endif()
