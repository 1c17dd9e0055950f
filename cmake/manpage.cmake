# The man page (help2man, Debian's help2man) and the bash completion script,
# generated at build time from the command-line definitions
# (cli/completion_command.cpp, scripts/make_manpage.sh) and installed with the
# executable: share/man/man1/sethkit.1, share/bash-completion/completions/sethkit.
find_program(SETHKIT_HELP2MAN help2man)
set(completion ${CMAKE_BINARY_DIR}/share/bash-completion/completions/sethkit)
add_custom_command(
  OUTPUT ${completion}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/share/bash-completion/completions
  COMMAND sethkit completion bash > ${completion}
  DEPENDS sethkit
  COMMENT "Generating the bash completion of sethkit")
set(outputs ${completion})
if(SETHKIT_HELP2MAN)
  set(manpage ${CMAKE_BINARY_DIR}/share/man/man1/sethkit.1)
  add_custom_command(
    OUTPUT ${manpage}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/share/man/man1
    COMMAND bash ${CMAKE_SOURCE_DIR}/scripts/make_manpage.sh $<TARGET_FILE:sethkit> ${manpage}
    DEPENDS sethkit ${CMAKE_SOURCE_DIR}/scripts/make_manpage.sh
    COMMENT "Generating the man page of sethkit (help2man)")
  list(APPEND outputs ${manpage})
  install(FILES ${manpage} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT command)
else()
  message(STATUS "help2man not found: no man page (Debian: help2man)")
endif()
add_custom_target(sethkit_manual ALL DEPENDS ${outputs})
install(FILES ${completion} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        COMPONENT command)
