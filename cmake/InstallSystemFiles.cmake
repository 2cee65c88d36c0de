# InstallSystemFiles.cmake - run by `cmake --install` (install(SCRIPT)):
# installs the config files and the systemd unit into the folders that
# depend on the prefix given at install time (InstallPaths.cmake). The
# unit names the installed daemon and config, so it is rewritten for a
# prefix other than /usr. Set by Install.cmake before this runs:
# TP_SOURCE_DIR, TP_BINARY_DIR, TP_BINDIR (relative), TP_CONF_FILES,
# TP_PKG_UNIT_DIR, TP_UNIT_DIR_OVERRIDE.

include(${TP_SOURCE_DIR}/cmake/InstallPaths.cmake)

tp_conf_dir_for("${CMAKE_INSTALL_PREFIX}" tp_conf_dir)
if(TP_UNIT_DIR_OVERRIDE)
  set(tp_unit_dir "${TP_UNIT_DIR_OVERRIDE}")
else()
  tp_unit_dir_for("${CMAKE_INSTALL_PREFIX}" "${TP_PKG_UNIT_DIR}" tp_unit_dir)
endif()

# file(INSTALL) adds $DESTDIR to absolute destinations and records the
# files in install_manifest.txt, like the install() rules do.
file(INSTALL DESTINATION "${tp_conf_dir}" TYPE FILE FILES ${TP_CONF_FILES})

file(READ "${TP_SOURCE_DIR}/systemd/textpiped.service" tp_unit)
string(REPLACE "/usr/bin/textpiped" "${CMAKE_INSTALL_PREFIX}/${TP_BINDIR}/textpiped"
       tp_unit "${tp_unit}")
string(REPLACE "/etc/textpipe/" "${tp_conf_dir}/" tp_unit "${tp_unit}")
file(WRITE "${TP_BINARY_DIR}/systemd/textpiped.service" "${tp_unit}")
file(INSTALL DESTINATION "${tp_unit_dir}" TYPE FILE
     FILES "${TP_BINARY_DIR}/systemd/textpiped.service")
