/*
 * notify.c - tell systemd about our state (sd_notify protocol) without
 * depending on libsystemd: one datagram to $NOTIFY_SOCKET per message.
 * Abstract sockets ('@' prefix) and paths are both supported. A daemon not
 * started by systemd has no NOTIFY_SOCKET and this does nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon.h"

void tp_notify(const char *fmt, ...)
{
    const char *path = getenv("NOTIFY_SOCKET");
    struct sockaddr_un addr;
    char msg[512];
    size_t path_len;
    socklen_t addr_len;
    va_list ap;
    int fd, n;

    if (!path || (path[0] != '/' && path[0] != '@'))
        return;
    path_len = strlen(path);
    if (path_len >= sizeof addr.sun_path)
        return;
    va_start(ap, fmt);
    n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof msg)
        n = sizeof msg - 1;

    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, path, path_len);
    if (path[0] == '@')
        addr.sun_path[0] = 0;
    addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + path_len);

    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    if (sendto(fd, msg, (size_t)n, MSG_NOSIGNAL, (struct sockaddr *)&addr,
               addr_len) < 0)
        tp_log(TP_LOG_DEBUG, "sd_notify: cannot send to %s", path);
    close(fd);
}
