# Install.cmake - what `cmake --install` puts where, beyond the binaries,
# plugins and SDK files the targets install themselves.
#
# With the Debian prefix /usr (cmake -DCMAKE_INSTALL_PREFIX=/usr):
#   /etc/textpipe/textpiped.conf        conf/*.conf (conffiles in the .deb)
#   /usr/share/textpipe/STAGE/...       plugins/STAGE/data/*, every stage
#   /lib/systemd/system/textpiped.service
#   /usr/share/man/man{1,5,8}/*.gz      docs/man/*.{1,5,8}, gzip -9n
#   /usr/share/doc/textpipe/            PROTOCOL.md, README.md
# The config and the unit are outside the prefix; their folders follow
# the prefix given to `cmake --install` (InstallPaths.cmake): /etc and
# systemd's unit folder for /usr, PREFIX/etc/textpipe and
# PREFIX/lib/systemd/system otherwise, so a --prefix install never writes
# outside its prefix. The binaries, though, have the configured prefix
# compiled in (default config, plugin folder): configure with
# -DCMAKE_INSTALL_PREFIX=/usr for a system install.

include(${PROJECT_SOURCE_DIR}/cmake/InstallPaths.cmake)

# ---- config files and the systemd unit -----------------------------------

# Every conf/*.conf: textpiped.conf, and the stance stage's targets file
# when it exists. Installed by InstallSystemFiles.cmake, which picks their
# folder from the prefix given to `cmake --install`; listed here, for the
# configured prefix, as the package's conffiles.
file(GLOB TP_CONF_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/conf/*.conf)
tp_conf_dir_for("${CMAKE_INSTALL_PREFIX}" tp_conf_dir)
set(TP_INSTALLED_CONFFILES "")
foreach(conf ${TP_CONF_FILES})
  get_filename_component(conf_name ${conf} NAME)
  list(APPEND TP_INSTALLED_CONFFILES ${tp_conf_dir}/${conf_name})
endforeach()

set(TP_SYSTEMD_UNIT_DIR "" CACHE PATH
    "Where to install textpiped.service (empty: from the install prefix)")
pkg_get_variable(tp_pkg_unit_dir systemd systemdsystemunitdir)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/systemd/textpiped.service)
install(CODE "
  set(TP_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
  set(TP_BINARY_DIR \"${CMAKE_BINARY_DIR}\")
  set(TP_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(TP_CONF_FILES \"${TP_CONF_FILES}\")
  set(TP_PKG_UNIT_DIR \"${tp_pkg_unit_dir}\")
  set(TP_UNIT_DIR_OVERRIDE \"${TP_SYSTEMD_UNIT_DIR}\")")
install(SCRIPT ${PROJECT_SOURCE_DIR}/cmake/InstallSystemFiles.cmake)

# ---- stage data files ----------------------------------------------------

# plugins/STAGE/data/ -> share/textpipe/STAGE/ for every stage that has
# one: lexicons and tables the team wrote. The folder is copied whole at
# install time, so new files need no reconfigure (a new stage does).
file(GLOB TP_STAGE_DIRS LIST_DIRECTORIES true CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/plugins/*)
foreach(stage_dir ${TP_STAGE_DIRS})
  if(IS_DIRECTORY ${stage_dir}/data)
    get_filename_component(stage ${stage_dir} NAME)
    install(DIRECTORY ${stage_dir}/data/
            DESTINATION ${CMAKE_INSTALL_DATADIR}/textpipe/${stage})
  endif()
endforeach()

# ---- man pages -------------------------------------------------------------

# docs/man/NAME.S, compressed as Debian policy asks (gzip -9n: no name or
# time stamp, so builds are reproducible).
file(GLOB TP_MAN_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/*.[1-8])
set(TP_MAN_OUTPUTS "")
foreach(page ${TP_MAN_SOURCES})
  get_filename_component(page_name ${page} NAME)
  string(REGEX REPLACE ".*\\.([1-8])$" "\\1" section ${page_name})
  set(out ${CMAKE_BINARY_DIR}/man/${page_name}.gz)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND sh -c "gzip -9n -c \"$1\" > \"$2\"" sh ${page} ${out}
    DEPENDS ${page}
    COMMENT "Compressing man page ${page_name}" VERBATIM)
  list(APPEND TP_MAN_OUTPUTS ${out})
  install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
if(TP_MAN_OUTPUTS)
  add_custom_target(tp_man_pages ALL DEPENDS ${TP_MAN_OUTPUTS})
endif()

# ---- documentation -------------------------------------------------------

# The wire contract and the README, which the man pages point to.
install(FILES ${PROJECT_SOURCE_DIR}/protocol/PROTOCOL.md ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
