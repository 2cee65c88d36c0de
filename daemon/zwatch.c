/*
 * zwatch.c - drive a ZeroMQ socket from the libuv loop.
 *
 * ZMQ_FD is not a data fd: it signals, edge-triggered, that the socket's
 * state may have changed, and only ZMQ_EVENTS says what is really ready.
 * Reading ZMQ_EVENTS also clears the signal, so a readable fd that is never
 * followed by ZMQ_EVENTS would spin the loop. And a callback that stops
 * before the socket is empty (batch cap, backpressure) will get no further
 * edge for what is already queued. Hence: on every poll event, read
 * ZMQ_EVENTS and call the user callback; when it asks to go on, keep a
 * uv_idle handle running so it is called again on the next iteration
 * without blocking in epoll.
 */
#include <errno.h>
#include <string.h>

#include "daemon.h"

static int zwatch_events(tp_zwatch *w)
{
    int events = 0;
    size_t len = sizeof events;
    if (zmq_getsockopt(w->socket, ZMQ_EVENTS, &events, &len) != 0)
        return 0;
    return events;
}

static void on_idle(uv_idle_t *handle);

static void zwatch_run(tp_zwatch *w)
{
    int again;
    if (!w->active || w->closing)
        return;
    again = w->cb(w, zwatch_events(w));
    if (!w->active || w->closing)
        return;
    if (again)
        uv_idle_start(&w->idle, on_idle);
    else
        uv_idle_stop(&w->idle);
}

static void on_poll(uv_poll_t *handle, int status, int events)
{
    (void)status;
    (void)events;
    zwatch_run(handle->data);
}

static void on_idle(uv_idle_t *handle)
{
    zwatch_run(handle->data);
}

int tp_zwatch_init(uv_loop_t *loop, tp_zwatch *w, void *socket,
                   tp_zwatch_cb cb, void *data)
{
    int fd;
    size_t len = sizeof fd;
    memset(w, 0, sizeof *w);
    w->socket = socket;
    w->cb = cb;
    w->data = data;
    if (zmq_getsockopt(socket, ZMQ_FD, &fd, &len) != 0)
        return -1;
    if (uv_poll_init_socket(loop, &w->poll, fd) != 0)
        return -1;
    uv_idle_init(loop, &w->idle);
    w->poll.data = w;
    w->idle.data = w;
    return 0;
}

void tp_zwatch_start(tp_zwatch *w)
{
    if (w->active || w->closing)
        return;
    w->active = 1;
    /* UV_READABLE only, even for a socket we write to: ZMQ_FD never
     * becomes writable in a useful sense. */
    uv_poll_start(&w->poll, UV_READABLE, on_poll);
    /* Whatever arrived while stopped gave its edge already. */
    uv_idle_start(&w->idle, on_idle);
}

void tp_zwatch_stop(tp_zwatch *w)
{
    if (!w->active)
        return;
    w->active = 0;
    uv_poll_stop(&w->poll);
    uv_idle_stop(&w->idle);
}

void tp_zwatch_kick(tp_zwatch *w)
{
    if (w->active && !w->closing)
        uv_idle_start(&w->idle, on_idle);
}

void tp_zwatch_close(tp_zwatch *w)
{
    if (w->closing)
        return;
    tp_zwatch_stop(w);
    w->closing = 1;
    /* Close the poll handle before the socket is closed: libuv must not
     * watch an fd that libzmq is about to release. */
    uv_close((uv_handle_t *)&w->poll, NULL);
    uv_close((uv_handle_t *)&w->idle, NULL);
}
