# The Python of the module, the example oracles and the tests: the first of
# `python3` on PATH and Debian's /usr/bin/python3 that imports NumPy (so a
# pyenv or virtualenv Python without NumPy is passed over);
# -DPython3_EXECUTABLE=... chooses another. Sets SETHKIT_INSTALL_PYTHONDIR, the
# interpreter's site directory relative to the install prefix
# (lib/python3.11/dist-packages for Debian's Python, whose default scheme adds
# "local/" under /usr; lib/python3.X/site-packages elsewhere).
if(NOT Python3_EXECUTABLE)
  find_program(SETHKIT_PATH_PYTHON python3)
  foreach(candidate IN ITEMS ${SETHKIT_PATH_PYTHON} /usr/bin/python3)
    execute_process(COMMAND ${candidate} -c "import numpy" RESULT_VARIABLE numpy_missing
                    OUTPUT_QUIET ERROR_QUIET)
    if(numpy_missing EQUAL 0)
      set(Python3_EXECUTABLE ${candidate} CACHE FILEPATH "The Python of the module and the tests")
      break()
    endif()
  endforeach()
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter OPTIONAL_COMPONENTS Development.Module)

if(NOT SETHKIT_INSTALL_PYTHONDIR)
  execute_process(
    COMMAND ${Python3_EXECUTABLE} -c
            "import sysconfig; p = sysconfig.get_path('platlib', vars={'platbase': '.', 'base': '.'}); p = p[2:] if p.startswith('./') else p; print(p[6:] if p.startswith('local/') else p)"
    OUTPUT_VARIABLE site_dir OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(SETHKIT_INSTALL_PYTHONDIR ${site_dir} CACHE PATH
      "Where the Python module goes, relative to the install prefix")
endif()
