# Package.cmake - `cpack -G DEB`: a Debian package of what `cmake --install`
# puts in place (cmake/Install.cmake), for a build configured with
#
#     cmake -S . -B build-deb -DCMAKE_INSTALL_PREFIX=/usr
#     cmake --build build-deb && (cd build-deb && cpack -G DEB)
#
# Depends comes from dpkg-shlibdeps (dpkg-dev) over every binary and plugin
# (libuv1, libzmq5, libmsgpackc2, libinih1, ...) plus adduser for the
# postinst. The files in /etc are conffiles, so dpkg keeps an operator's
# edits across upgrades. The maintainer scripts are packaging/debian/*.
#
# CPACK_SET_DESTDIR is on because some destinations are absolute (/etc,
# /lib/systemd/system): without it CPack would install those into the
# build machine's real /etc instead of the package's staging folder.

if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "Package: the .deb is meant for -DCMAKE_INSTALL_PREFIX=/usr "
                 "(this build installs to ${CMAKE_INSTALL_PREFIX})")
endif()

set(TP_PACKAGE_MAINTAINER "textpipe maintainers <textpipe@localhost>" CACHE STRING
    "Maintainer field of the Debian package")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "textpipe")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${TP_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "text-analysis pipeline daemon for news")
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION "text")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The synopsis line is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the rest.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "textpiped receives articles from producers over ZeroMQ as MessagePack
documents, runs them through stages loaded as plugins (tokenizer, quote
attribution, stance) on worker threads, and publishes the results on a
ZeroMQ PUB socket. It runs as a hardened systemd service (Type=notify,
watchdog, reload on SIGHUP).

This package holds the daemon, the textpipe client (send, watch, analyze,
stats, ping), the stage plugins and their data, the systemd unit, the
plugin SDK header with its pkg-config file, and the manual pages.")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Added to what dpkg-shlibdeps finds: the postinst runs addgroup.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

# conffiles: every file Install.cmake puts under the config folder.
set(tp_conffiles "")
foreach(conf ${TP_INSTALLED_CONFFILES})
  string(APPEND tp_conffiles "${conf}\n")
endforeach()
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/packaging/conffiles
     CONTENT "${tp_conffiles}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_BINARY_DIR}/packaging/conffiles"
    "${PROJECT_SOURCE_DIR}/packaging/debian/postinst"
    "${PROJECT_SOURCE_DIR}/packaging/debian/prerm"
    "${PROJECT_SOURCE_DIR}/packaging/debian/postrm")

include(CPack)
