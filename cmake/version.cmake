# Records the tool version and the git commit in a generated header, so every
# generated file and report can name the exact build that wrote it.
execute_process(
  COMMAND git rev-parse --short=7 HEAD
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  OUTPUT_VARIABLE SETHKIT_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET)
if(NOT SETHKIT_GIT_COMMIT)
  set(SETHKIT_GIT_COMMIT "unknown")
endif()
configure_file(${CMAKE_SOURCE_DIR}/core/version.hpp.in
               ${CMAKE_BINARY_DIR}/generated/core/version.hpp @ONLY)
