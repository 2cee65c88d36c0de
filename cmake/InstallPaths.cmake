# InstallPaths.cmake - the two install folders that are not under the
# prefix for a system install, computed from a prefix. Included at
# configure time (Install.cmake, for the package's conffiles) and at
# install time (InstallSystemFiles.cmake), so `cmake --install build
# --prefix /usr` puts the config in /etc and the unit in /lib/systemd/system
# whatever prefix the build was configured with.

# The config folder: GNUInstallDirs' rule for SYSCONFDIR (/usr -> /etc,
# /opt/X -> /etc/opt/X, else PREFIX/etc), plus /textpipe.
function(tp_conf_dir_for prefix out)
  if(prefix STREQUAL "/usr")
    set(dir "/etc")
  elseif(prefix MATCHES "^/opt/")
    set(dir "/etc${prefix}")
  else()
    set(dir "${prefix}/etc")
  endif()
  set(${out} "${dir}/textpipe" PARENT_SCOPE)
endfunction()

# The unit folder: systemd's own (pkg_unit_dir, from pkg-config systemd,
# /lib/systemd/system on Debian 12) for the prefix /usr, else
# PREFIX/lib/systemd/system, so a --prefix install never writes outside
# its prefix.
function(tp_unit_dir_for prefix pkg_unit_dir out)
  if(prefix STREQUAL "/usr")
    if(pkg_unit_dir)
      set(${out} "${pkg_unit_dir}" PARENT_SCOPE)
    else()
      set(${out} "/lib/systemd/system" PARENT_SCOPE)
    endif()
  else()
    set(${out} "${prefix}/lib/systemd/system" PARENT_SCOPE)
  endif()
endfunction()
