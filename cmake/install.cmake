# Installs sethkit as a library beside its command (docs/install.md): the
# static libraries with exported targets sethkit::core, sethkit::instances,
# sethkit::solvers, sethkit::attention, sethkit::reductions, sethkit::chain,
# sethkit::experiments and sethkit::check; the public headers under
# include/sethkit (so both <sethkit/core/ov.hpp> and "core/ov.hpp" resolve);
# sethkitConfig.cmake with its version file for find_package(sethkit); a
# pkg-config file; the `sethkit` executable with its man page and bash
# completion (cmake/manpage.cmake); and the Python module into the
# interpreter's site directory under the prefix (python/CMakeLists.txt).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SETHKIT_EXPORTED_LIBRARIES core instances solvers attention reductions chain experiments check)
set(installed_targets)
foreach(name IN LISTS SETHKIT_EXPORTED_LIBRARIES)
  set_target_properties(sethkit_${name} PROPERTIES EXPORT_NAME ${name})
  add_library(sethkit::${name} ALIAS sethkit_${name})
  list(APPEND installed_targets sethkit_${name})
endforeach()

set(SETHKIT_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/sethkit)
install(TARGETS ${installed_targets} EXPORT sethkitTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library)
install(TARGETS sethkit RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT command)
foreach(module IN LISTS SETHKIT_EXPORTED_LIBRARIES)
  install(DIRECTORY ${module}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sethkit/${module}
          COMPONENT library FILES_MATCHING PATTERN "*.hpp"
          PATTERN "data" EXCLUDE PATTERN "regressions" EXCLUDE)
endforeach()
install(FILES ${CMAKE_BINARY_DIR}/generated/core/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sethkit/core COMPONENT library)

install(EXPORT sethkitTargets NAMESPACE sethkit:: DESTINATION ${SETHKIT_INSTALL_CMAKEDIR}
        COMPONENT library)
configure_package_config_file(cmake/sethkitConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/sethkitConfig.cmake
                              INSTALL_DESTINATION ${SETHKIT_INSTALL_CMAKEDIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/sethkitConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/sethkitConfig.cmake ${CMAKE_BINARY_DIR}/sethkitConfigVersion.cmake
        DESTINATION ${SETHKIT_INSTALL_CMAKEDIR} COMPONENT library)

file(RELATIVE_PATH SETHKIT_PC_PREFIX_FROM_PCDIR /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(cmake/sethkit.pc.in ${CMAKE_BINARY_DIR}/sethkit.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/sethkit.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT library)
