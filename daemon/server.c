/*
 * server.c - the loop thread of textpiped.
 *
 * One libuv loop owns every ZeroMQ socket, the signals and the timers; no
 * plugin code runs here. Messages read from the input (PULL) socket become
 * jobs on the ingress queue; workers turn them into results on the egress
 * queue and wake the loop (uv_async); the loop numbers them (seq) and
 * publishes them on the output socket (PUB, or PUSH).
 *
 * Backpressure: at most max_inflight jobs exist. At the limit the loop
 * stops reading the input socket, libzmq's receive queue fills to its
 * high-water mark, and the producers' sends block: input is never dropped.
 * Reading resumes when the count falls to three quarters of the limit.
 *
 * Shutdown (SIGINT/SIGTERM): stop reading, take what libzmq already queued
 * for us, let the workers finish every accepted document, publish all of
 * them, close the output with a bounded linger, exit 0. A second signal
 * exits at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"

#define INPUT_BATCH 256
#define MAXMSGSIZE_HEADROOM (64 * 1024)

typedef struct server {
    uv_loop_t loop;
    tp_config *cfg;
    const tp_server_opts *opts;

    void *zctx;
    void *input;
    void *output;
    tp_zwatch input_watch;
    tp_zwatch output_watch;
    int input_open;

    void *control;
    tp_zwatch control_watch;
    tp_security *security;
    uv_tcp_t metrics_server;
    int metrics_on;

    uv_async_t egress_ready;
    uv_signal_t sig_int, sig_term, sig_hup;
    uv_timer_t drain_timer;
    uv_timer_t tick_timer;

    tp_job_queue ingress;
    tp_job_queue egress;
    tp_job *pending_head, *pending_tail; /* results waiting for the socket */

    tp_generation generation;
    tp_workers *workers;
    tp_worker_env worker_env;

    char daemon_id[17];
    uint64_t seq;
    size_t inflight;
    size_t max_inflight;
    size_t resume_at;
    int paused;
    int stopping;
    int finished;
    int exit_status;

    uint64_t received;
    uint64_t published;
    uint64_t failed[TP_E_COUNT];
    uint64_t timeouts;
    int stuck_workers;
    tp_stats *stats;

    uint64_t started_us;
    uint64_t paused_since_us; /* 0 when not paused */
    uint64_t paused_total_us;
    uint64_t watchdog_usec;   /* 0 = systemd asked for no watchdog */
    uint64_t last_watchdog_us;
    uint64_t last_status_us;
    uint64_t last_status_published;
    int watchdog_withheld;
    char control_ep[512];
    int queues_ready;
} server;

#define monotonic_us tp_monotonic_us

/* A random id per run, so subscribers can tell a restart (seq starts
 * again) from a gap. */
static void draw_daemon_id(char out[17])
{
    uint64_t r = 0;
    if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
        r = monotonic_us() ^ ((uint64_t)getpid() << 32);
    snprintf(out, 17, "%016llx", (unsigned long long)r);
}

/* ---- output ---------------------------------------------------------------- */

static void free_sbuffer_data(void *data, void *hint)
{
    (void)hint;
    free(data); /* called from a libzmq thread: free() is thread-safe */
}

static void maybe_finish(server *s);

static void job_done(server *s, tp_job *job)
{
    tp_job_free(job);
    s->inflight--;
    if (s->paused && !s->stopping && s->inflight <= s->resume_at) {
        s->paused = 0;
        if (s->paused_since_us)
            s->paused_total_us += monotonic_us() - s->paused_since_us;
        s->paused_since_us = 0;
        tp_zwatch_start(&s->input_watch);
    }
}

/* Send one result: two frames, [topic][body]. Returns 0 when sent, 1 when
 * the socket cannot take it now (EAGAIN), -1 on another error. */
static int publish_job(server *s, tp_job *job)
{
    zmq_msg_t body;
    size_t size = job->out.body.size;
    uint64_t seq = s->seq + 1;
    char *data;

    tp_msg_patch_seq(job->out.body.data, job->out.seq_offset, seq);
    if (zmq_send(s->output, job->out.topic, strlen(job->out.topic),
                 ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0)
        return errno == EAGAIN ? 1 : -1;
    /* The second part of a message whose first part was accepted is
     * accepted too (libzmq checks the high-water mark per message). */
    data = msgpack_sbuffer_release(&job->out.body);
    if (zmq_msg_init_data(&body, data, size, free_sbuffer_data, NULL) != 0) {
        free(data);
        zmq_msg_init(&body);
    }
    if (zmq_msg_send(&body, s->output, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close(&body);
        return -1;
    }
    s->seq = seq;
    return 0;
}

/* Send one pending job, or drop it when it has nothing to send. Returns
 * 1 when the output cannot take it now (the job stays first in line). */
static int flush_one(server *s, tp_job *job)
{
    int rc;
    if (job->discard)
        return 0; /* timed out: its timeout error was published instead */
    if (job->out.body.size == 0) {
        /* Not even an error could be encoded (out of memory): the worker
         * logged it; count it and move on. */
        s->failed[TP_E_INTERNAL]++;
        return 0;
    }
    rc = publish_job(s, job);
    if (rc == 1)
        return 1;
    if (rc < 0) {
        tp_log_limited("publish", TP_LOG_ERROR,
                       "cannot publish result of '%s': %s", job->out.id,
                       zmq_strerror(errno));
        s->failed[TP_E_INTERNAL]++;
        return 0;
    }
    s->published++;
    if (job->received_us)
        tp_stats_record_latency(s->stats, monotonic_us() - job->received_us);
    if (job->out.is_error)
        s->failed[job->out.code < TP_E_COUNT ? job->out.code : TP_E_INTERNAL]++;
    return 0;
}

static void flush_pending(server *s)
{
    while (s->pending_head) {
        tp_job *job = s->pending_head;
        if (flush_one(s, job) == 1) {
            /* The output is at its high-water mark: wait for POLLOUT. */
            tp_zwatch_start(&s->output_watch);
            return;
        }
        s->pending_head = job->next;
        if (!s->pending_head)
            s->pending_tail = NULL;
        job_done(s, job);
    }
    tp_zwatch_stop(&s->output_watch);
    maybe_finish(s);
}

static void enqueue_pending(server *s, tp_job *jobs)
{
    if (!jobs)
        return;
    if (s->pending_tail)
        s->pending_tail->next = jobs;
    else
        s->pending_head = jobs;
    while (jobs->next)
        jobs = jobs->next;
    s->pending_tail = jobs;
}

static void on_egress_ready(uv_async_t *handle)
{
    server *s = handle->data;
    /* uv_async_send calls coalesce: take everything queued. */
    enqueue_pending(s, tp_job_queue_take_all(&s->egress));
    flush_pending(s);
}

static int on_output_events(tp_zwatch *w, int events)
{
    server *s = w->data;
    if (events & ZMQ_POLLOUT)
        flush_pending(s);
    return 0;
}

/* ---- input ----------------------------------------------------------------- */

/* Receive one message (all its frames) into a new job. Returns the job,
 * or NULL with errno (EAGAIN when nothing is queued). */
static tp_job *receive_job(server *s)
{
    tp_job *job = tp_job_new();
    if (!job) {
        errno = ENOMEM;
        return NULL;
    }
    if (zmq_msg_recv(&job->msg, s->input, ZMQ_DONTWAIT) < 0) {
        int saved = errno;
        tp_job_free(job);
        errno = saved;
        return NULL;
    }
    if (zmq_msg_more(&job->msg)) {
        /* The remaining frames of a multi-part message are already here
         * (delivery is atomic); drop them and answer with an error. */
        zmq_msg_t extra;
        job->multipart = 1;
        zmq_msg_init(&extra);
        while (zmq_msg_recv(&extra, s->input, ZMQ_DONTWAIT) >= 0 &&
               zmq_msg_more(&extra))
            ;
        zmq_msg_close(&extra);
    }
    job->received_us = monotonic_us();
    return job;
}

static void accept_job(server *s, tp_job *job)
{
    s->received++;
    s->inflight++;
    tp_job_queue_push(&s->ingress, job);
}

static int on_input_events(tp_zwatch *w, int events)
{
    server *s = w->data;
    (void)events;
    for (int n = 0; n < INPUT_BATCH; n++) {
        tp_job *job;
        if (s->stopping)
            return 0;
        if (s->inflight >= s->max_inflight) {
            /* Stop watching: no CPU is spent while paused, and libzmq's
             * queues fill up to push back on the producers. */
            s->paused = 1;
            s->paused_since_us = monotonic_us();
            tp_zwatch_stop(w);
            return 0;
        }
        job = receive_job(s);
        if (!job) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN)
                tp_log_limited("recv", TP_LOG_ERROR, "input: receive failed: %s",
                               zmq_strerror(errno));
            return 0;
        }
        accept_job(s, job);
    }
    return 1; /* batch cap: let other handles run, then go on */
}


/* ---- control socket, metrics, timers ------------------------------------- */

static void fill_counters(server *s, tp_counters *c)
{
    uint64_t now = monotonic_us();
    memset(c, 0, sizeof *c);
    c->daemon_id = s->daemon_id;
    c->uptime_s = (double)(now - s->started_us) / 1e6;
    pthread_mutex_lock(&s->generation.lock);
    c->generation = s->generation.number;
    pthread_mutex_unlock(&s->generation.lock);
    c->workers = s->workers ? tp_workers_count(s->workers) : 0;
    c->in_flight = s->inflight;
    c->max_inflight = s->max_inflight;
    c->paused = s->paused;
    c->paused_s = (double)(s->paused_total_us +
                           (s->paused_since_us ? now - s->paused_since_us : 0)) /
                  1e6;
    c->received = s->received;
    c->published = s->published;
    memcpy(c->failed, s->failed, sizeof c->failed);
    c->timeouts = s->timeouts;
    c->stuck_workers = (uint64_t)s->stuck_workers;
}

static int on_control_events(tp_zwatch *w, int events)
{
    server *s = w->data;
    (void)events;
    for (int n = 0; n < 16; n++) {
        char request[64];
        int len = zmq_recv(s->control, request, sizeof request, ZMQ_DONTWAIT);
        msgpack_sbuffer reply;
        tp_counters c;
        if (len < 0)
            return 0;
        if (len > (int)sizeof request)
            len = (int)sizeof request; /* truncated: answered as unknown */
        /* REP: a multi-part request is answered once, as a whole. */
        for (;;) {
            int more = 0;
            size_t more_len = sizeof more;
            char skip[8];
            if (zmq_getsockopt(s->control, ZMQ_RCVMORE, &more, &more_len) ||
                !more ||
                zmq_recv(s->control, skip, sizeof skip, ZMQ_DONTWAIT) < 0)
                break;
        }
        fill_counters(s, &c);
        msgpack_sbuffer_init(&reply);
        tp_control_reply(&reply, request, (size_t)len, &c, s->stats);
        if (zmq_send(s->control, reply.data, reply.size, ZMQ_DONTWAIT) < 0)
            tp_log_limited("control", TP_LOG_WARN, "control: reply failed: %s",
                           zmq_strerror(errno));
        msgpack_sbuffer_destroy(&reply);
    }
    return 1;
}

/* A tiny HTTP/1.0 responder for Prometheus: read one request, answer,
 * close. Requests over 8 KiB are refused. */
typedef struct metrics_client {
    uv_tcp_t tcp;
    uv_write_t write;
    server *s;
    char request[8192];
    size_t len;
    char *response;
} metrics_client;

static void metrics_client_closed(uv_handle_t *h)
{
    metrics_client *mc = h->data;
    free(mc->response);
    free(mc);
}

static void metrics_written(uv_write_t *req, int status)
{
    metrics_client *mc = req->data;
    (void)status;
    uv_close((uv_handle_t *)&mc->tcp, metrics_client_closed);
}

static void metrics_respond(metrics_client *mc, const char *status,
                            const char *type, const char *body)
{
    uv_buf_t buf;
    if (asprintf(&mc->response,
                 "HTTP/1.0 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                 "Connection: close\r\n\r\n%s",
                 status, type, strlen(body), body) < 0) {
        mc->response = NULL;
        uv_close((uv_handle_t *)&mc->tcp, metrics_client_closed);
        return;
    }
    uv_read_stop((uv_stream_t *)&mc->tcp);
    buf = uv_buf_init(mc->response, (unsigned)strlen(mc->response));
    mc->write.data = mc;
    if (uv_write(&mc->write, (uv_stream_t *)&mc->tcp, &buf, 1, metrics_written))
        uv_close((uv_handle_t *)&mc->tcp, metrics_client_closed);
}

static void metrics_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    metrics_client *mc = h->data;
    (void)suggested;
    *buf = uv_buf_init(mc->request + mc->len,
                       (unsigned)(sizeof mc->request - 1 - mc->len));
}

static void metrics_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    metrics_client *mc = stream->data;
    (void)buf;
    if (nread < 0) {
        uv_close((uv_handle_t *)stream, metrics_client_closed);
        return;
    }
    mc->len += (size_t)nread;
    mc->request[mc->len] = 0;
    if (!strstr(mc->request, "\r\n\r\n") && !strstr(mc->request, "\n\n")) {
        if (mc->len >= sizeof mc->request - 1)
            metrics_respond(mc, "431 Request Header Fields Too Large",
                            "text/plain", "request too large\n");
        return;
    }
    if (strncmp(mc->request, "GET /metrics ", 13) == 0 ||
        strncmp(mc->request, "GET /metrics?", 13) == 0) {
        tp_counters c;
        char *text;
        fill_counters(mc->s, &c);
        text = tp_metrics_format(&c, mc->s->stats);
        if (text) {
            metrics_respond(mc, "200 OK", "text/plain; version=0.0.4", text);
            free(text);
        } else {
            metrics_respond(mc, "500 Internal Server Error", "text/plain",
                            "out of memory\n");
        }
    } else if (strncmp(mc->request, "GET ", 4) == 0) {
        metrics_respond(mc, "404 Not Found", "text/plain",
                        "textpiped serves /metrics only\n");
    } else {
        metrics_respond(mc, "405 Method Not Allowed", "text/plain",
                        "GET /metrics\n");
    }
}

static void on_metrics_connection(uv_stream_t *server_stream, int status)
{
    server *s = server_stream->data;
    metrics_client *mc;
    if (status < 0)
        return;
    mc = calloc(1, sizeof *mc);
    if (!mc)
        return;
    mc->s = s;
    uv_tcp_init(&s->loop, &mc->tcp);
    mc->tcp.data = mc;
    if (uv_accept(server_stream, (uv_stream_t *)&mc->tcp) != 0 ||
        uv_read_start((uv_stream_t *)&mc->tcp, metrics_alloc, metrics_read) != 0)
        uv_close((uv_handle_t *)&mc->tcp, metrics_client_closed);
}

/* "127.0.0.1:9464", "[::1]:9464" or ":9464" (all interfaces). */
static int metrics_listen(server *s, const char *listen, char *err,
                          size_t err_len)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    struct sockaddr_storage addr;
    int port, rc;
    char *end;

    if (!colon || colon - listen >= (long)sizeof host) {
        snprintf(err, err_len, "[metrics] listen = '%s': expected HOST:PORT", listen);
        return -1;
    }
    port = (int)strtol(colon + 1, &end, 10);
    if (*end || port <= 0 || port > 65535) {
        snprintf(err, err_len, "[metrics] listen = '%s': bad port", listen);
        return -1;
    }
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = 0;
        rc = uv_ip6_addr(host, port, (struct sockaddr_in6 *)&addr);
    } else {
        rc = uv_ip4_addr(host[0] ? host : "0.0.0.0", port,
                         (struct sockaddr_in *)&addr);
    }
    if (rc != 0) {
        snprintf(err, err_len, "[metrics] listen = '%s': bad address", listen);
        return -1;
    }
    uv_tcp_init(&s->loop, &s->metrics_server);
    s->metrics_server.data = s;
    s->metrics_on = 1;
    rc = uv_tcp_bind(&s->metrics_server, (struct sockaddr *)&addr, 0);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *)&s->metrics_server, 64,
                       on_metrics_connection);
    if (rc != 0) {
        snprintf(err, err_len, "metrics: cannot listen on %s: %s", listen,
                 uv_strerror(rc));
        return -1;
    }
    return 0;
}

/* The timeout error published in place of a document that overran
 * stage_timeout_ms; its late result will be discarded. */
/* Queue an error the daemon itself makes (not a worker): counted as in
 * flight so the usual publication path numbers, sends and frees it. */
static int queue_daemon_error(server *s, const tp_str *id, const tp_str *topic,
                              const tp_error *err)
{
    tp_job *job = tp_job_new();
    if (!job)
        return -1;
    if (tp_outmsg_set_error(&job->out, id, topic, s->daemon_id, err) != 0) {
        tp_job_free(job);
        return -1;
    }
    s->inflight++;
    enqueue_pending(s, job);
    return 0;
}

/* The timeout error published in place of a document that overran
 * stage_timeout_ms; its late result will be discarded. */
static void on_expired_job(void *ctx, const void *msg, size_t len)
{
    server *s = ctx;
    tp_limits lim;
    tp_docbuf d;
    tp_error err, decode_err;

    tp_limits_default(&lim);
    lim.max_doc_bytes = s->cfg->max_doc_bytes;
    tp_docbuf_init(&d, &lim);
    tp_doc_decode(&d, msg, len, &lim, &decode_err);
    tp_error_set(&err, TP_E_TIMEOUT,
                 "processing took longer than stage_timeout_ms (%d ms); the "
                 "document's result will not be published",
                 s->cfg->stage_timeout_ms);
    if (queue_daemon_error(s, &d.doc.id, &d.doc.topic, &err) == 0) {
        tp_log(TP_LOG_WARN,
               "document '%.*s' timed out after %d ms; its worker stays busy "
               "until the stage returns",
               (int)d.doc.id.len, d.doc.id.ptr, s->cfg->stage_timeout_ms);
        s->timeouts++;
    }
    tp_docbuf_free(&d);
}

static void on_tick(uv_timer_t *t)
{
    server *s = t->data;
    uint64_t now = monotonic_us();

    if (!s->workers)
        return;
    if (s->cfg->stage_timeout_ms > 0) {
        uint64_t budget = (uint64_t)s->cfg->stage_timeout_ms * 1000u;
        if (now > budget &&
            tp_workers_expire(s->workers, now - budget, on_expired_job, s) > 0)
            flush_pending(s);
        s->stuck_workers = now > budget ? tp_workers_stuck(s->workers, now - budget) : 0;
    }
    if (s->watchdog_usec && now - s->last_watchdog_us >= s->watchdog_usec / 2) {
        /* Ping only while the workers make progress: one busy on the same
         * document for a whole watchdog period is stuck, and systemd
         * should restart us. */
        int stuck = tp_workers_stuck(s->workers, now - s->watchdog_usec);
        if (!stuck) {
            tp_notify("WATCHDOG=1");
            s->last_watchdog_us = now;
            s->watchdog_withheld = 0;
        } else if (!s->watchdog_withheld) {
            s->watchdog_withheld = 1;
            tp_log(TP_LOG_ERROR,
                   "%d worker(s) stuck on one document for longer than the "
                   "watchdog period: no longer pinging the systemd watchdog",
                   stuck);
        }
    }
    if (now - s->last_status_us >= 5000000u) {
        double secs = (double)(now - s->last_status_us) / 1e6;
        tp_notify("STATUS=%.1f documents/s, %zu in flight%s, %llu published",
                  (double)(s->published - s->last_status_published) / secs,
                  s->inflight, s->paused ? " (input paused)" : "",
                  (unsigned long long)s->published);
        s->last_status_us = now;
        s->last_status_published = s->published;
    }
}

static uint64_t tick_interval_ms(const server *s)
{
    uint64_t ms = 1000;
    if (s->watchdog_usec && s->watchdog_usec / 2000 < ms)
        ms = s->watchdog_usec / 2000;
    if (s->cfg->stage_timeout_ms > 0 && (uint64_t)s->cfg->stage_timeout_ms / 4 < ms)
        ms = (uint64_t)s->cfg->stage_timeout_ms / 4;
    return ms < 10 ? 10 : ms;
}

/* systemd's watchdog period, when it is meant for this process. */
static uint64_t watchdog_from_env(void)
{
    const char *usec = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
    if (!usec)
        return 0;
    if (pid && strtol(pid, NULL, 10) != (long)getpid())
        return 0;
    return strtoull(usec, NULL, 10);
}

/* Default control endpoint: under systemd the RuntimeDirectory, else a
 * loopback port. */
static const char *control_endpoint(const tp_config *cfg, char *buf, size_t cap)
{
    const char *rt = getenv("RUNTIME_DIRECTORY");
    if (cfg->control_endpoint)
        return cfg->control_endpoint;
    if (rt && *rt) {
        const char *colon = strchr(rt, ':');
        snprintf(buf, cap, "ipc://%.*s/control.sock",
                 (int)(colon ? (size_t)(colon - rt) : strlen(rt)), rt);
        return buf;
    }
    return "tcp://127.0.0.1:5557";
}

/* ---- shutdown -------------------------------------------------------------- */

static void close_handle(uv_handle_t *h)
{
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

static void close_input(server *s)
{
    if (!s->input_open)
        return;
    s->input_open = 0;
    tp_zwatch_close(&s->input_watch);
    zmq_close(s->input);
    s->input = NULL;
}

static void close_leftover(uv_handle_t *h, void *arg)
{
    server *s = arg;
    if (uv_is_closing(h))
        return;
    if (h->type == UV_TCP && h != (uv_handle_t *)&s->metrics_server)
        uv_close(h, metrics_client_closed);
    else
        uv_close(h, NULL);
}

/* Everything accepted has been published: close the rest and let the loop
 * end. */
static void maybe_finish(server *s)
{
    int linger = s->cfg->linger_ms;
    if (!s->stopping || s->finished || s->inflight > 0)
        return;
    s->finished = 1;
    tp_workers_join(s->workers);
    s->workers = NULL;
    tp_log(TP_LOG_INFO,
           "stopped: %llu documents received, %llu messages published",
           (unsigned long long)s->received, (unsigned long long)s->published);
    tp_zwatch_close(&s->output_watch);
    zmq_setsockopt(s->output, ZMQ_LINGER, &linger, sizeof linger);
    zmq_close(s->output);
    s->output = NULL;
    if (s->control) {
        int zero = 0;
        tp_zwatch_close(&s->control_watch);
        zmq_setsockopt(s->control, ZMQ_LINGER, &zero, sizeof zero);
        zmq_close(s->control);
        s->control = NULL;
    }
    if (s->metrics_on)
        close_handle((uv_handle_t *)&s->metrics_server);
    close_handle((uv_handle_t *)&s->tick_timer);
    close_handle((uv_handle_t *)&s->egress_ready);
    close_handle((uv_handle_t *)&s->sig_int);
    close_handle((uv_handle_t *)&s->sig_term);
    close_handle((uv_handle_t *)&s->sig_hup);
    close_handle((uv_handle_t *)&s->drain_timer);
    /* Whatever is left (a metrics client that never sent its request)
     * must not keep the loop alive. */
    uv_walk(&s->loop, close_leftover, s);
}

static void on_drain_timeout(uv_timer_t *t)
{
    server *s = t->data;
    tp_log(TP_LOG_ERROR,
           "drain_timeout_ms (%d) passed with %zu documents still in flight: "
           "they are lost; exiting",
           s->cfg->drain_timeout_ms, s->inflight);
    /* Workers may be stuck inside a stage: they cannot be joined. Publish
     * what is done, give the output its linger, and leave. */
    enqueue_pending(s, tp_job_queue_take_all(&s->egress));
    flush_pending(s);
    {
        int linger = s->cfg->linger_ms;
        zmq_setsockopt(s->output, ZMQ_LINGER, &linger, sizeof linger);
        zmq_close(s->output);
        zmq_ctx_term(s->zctx);
    }
    _exit(1);
}

static void begin_shutdown(server *s, int signum)
{
    size_t taken = 0;
    tp_job *job;
    s->stopping = 1;
    tp_notify("STOPPING=1");
    /* What libzmq already queued for us was sent by producers who believe
     * it delivered: take it too, bounded by the receive high-water mark. */
    if (s->input_open) {
        size_t bound = (size_t)s->cfg->input_hwm + INPUT_BATCH;
        while (taken < bound && (job = receive_job(s)) != NULL) {
            accept_job(s, job);
            taken++;
        }
    }
    close_input(s);
    tp_job_queue_close(&s->ingress);
    tp_log(TP_LOG_INFO,
           "%s: stopping; finishing %zu documents in flight (%zu taken from "
           "the input queue)",
           strsignal(signum), s->inflight, taken);
    if (s->cfg->drain_timeout_ms > 0)
        uv_timer_start(&s->drain_timer, on_drain_timeout,
                       (uint64_t)s->cfg->drain_timeout_ms, 0);
    maybe_finish(s);
}

/* ---- reload ---------------------------------------------------------------- */

/* Publish a daemon-level error (no document). */
static void publish_daemon_error(server *s, tp_errcode code, const char *msg)
{
    tp_error err;
    tp_error_set(&err, code, "%s", msg);
    if (queue_daemon_error(s, NULL, NULL, &err) == 0)
        flush_pending(s);
}

/* Keys that only a restart can change: the sockets and the threads. */
static void warn_restart_only(const tp_config *old, const tp_config *fresh)
{
    if (strcmp(old->input_endpoint, fresh->input_endpoint) ||
        old->input_mode != fresh->input_mode ||
        strcmp(old->output_endpoint, fresh->output_endpoint) ||
        old->output_mode != fresh->output_mode ||
        old->output_socket != fresh->output_socket ||
        old->workers != fresh->workers || old->input_hwm != fresh->input_hwm ||
        old->output_hwm != fresh->output_hwm ||
        old->max_inflight != fresh->max_inflight ||
        old->max_doc_bytes != fresh->max_doc_bytes ||
        old->linger_ms != fresh->linger_ms ||
        old->drain_timeout_ms != fresh->drain_timeout_ms)
        tp_log(TP_LOG_WARN,
               "reload: changes to [input], [output], workers, max_inflight, "
               "max_doc_bytes, linger_ms and drain_timeout_ms take effect "
               "only after a restart");
}

static void reload(server *s)
{
    tp_config fresh;
    tp_pipeline_spec *spec;
    char err[1024];
    int ok = 0;

    tp_notify("RELOADING=1\nMONOTONIC_USEC=%llu",
              (unsigned long long)monotonic_us());
    tp_config_init(&fresh);
    err[0] = 0;
    if (s->opts->config_path &&
        tp_config_load(&fresh, s->opts->config_path, err, sizeof err) != 0)
        goto done;
    for (size_t i = 0; i < s->opts->n_overrides; i++)
        if (tp_config_set(&fresh, s->opts->overrides[i], err, sizeof err) != 0)
            goto done;
    spec = tp_pipeline_spec_build(&fresh, err, sizeof err);
    if (!spec)
        goto done;
    warn_restart_only(s->cfg, &fresh);
    pthread_mutex_lock(&s->generation.lock);
    tp_pipeline_spec_unref(s->generation.spec);
    s->generation.spec = spec;
    s->generation.number++;
    pthread_mutex_unlock(&s->generation.lock);
    tp_log_set_level(fresh.log_level);
    tp_log(TP_LOG_INFO, "reload: config generation %llu",
           (unsigned long long)s->generation.number);
    ok = 1;
done:
    if (!ok) {
        char msg[1100];
        snprintf(msg, sizeof msg, "reload refused, old config kept: %s", err);
        tp_log(TP_LOG_ERROR, "%s", msg);
        publish_daemon_error(s, TP_E_RELOAD_FAILED, msg);
        tp_notify("READY=1\nSTATUS=reload failed: %.200s", err);
    } else {
        tp_notify("READY=1\nSTATUS=running, config generation %llu",
                  (unsigned long long)s->generation.number);
    }
    tp_config_free(&fresh);
}

static void on_signal(uv_signal_t *h, int signum)
{
    server *s = h->data;
    if (signum == SIGHUP) {
        if (!s->stopping)
            reload(s);
        return;
    }
    if (s->stopping) {
        /* The operator insists: leave now, without the drain. */
        static const char msg[] = "second signal: exiting at once\n";
        if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
            _exit(128 + signum);
        _exit(128 + signum);
    }
    begin_shutdown(s, signum);
}

/* ---- start-up ---------------------------------------------------------------- */

static void *open_socket(server *s, int type, const char *what,
                         const char *endpoint, int mode, char *err,
                         size_t err_len)
{
    void *sock = zmq_socket(s->zctx, type);
    int rc;
    if (!sock) {
        snprintf(err, err_len, "%s: cannot create socket: %s", what,
                 zmq_strerror(errno));
        return NULL;
    }
    if (type == ZMQ_PULL) {
        int hwm = s->cfg->input_hwm, linger = 0;
        int64_t maxsize = (int64_t)s->cfg->max_doc_bytes + MAXMSGSIZE_HEADROOM;
        zmq_setsockopt(sock, ZMQ_RCVHWM, &hwm, sizeof hwm);
        zmq_setsockopt(sock, ZMQ_MAXMSGSIZE, &maxsize, sizeof maxsize);
        zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof linger);
    } else {
        int hwm = s->cfg->output_hwm, linger = s->cfg->linger_ms;
        zmq_setsockopt(sock, ZMQ_SNDHWM, &hwm, sizeof hwm);
        zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof linger);
    }
    if (s->security && mode == TP_MODE_BIND &&
        tp_security_apply(s->security, sock, err, err_len) != 0) {
        zmq_close(sock);
        return NULL;
    }
    rc = mode == TP_MODE_BIND ? zmq_bind(sock, endpoint)
                              : zmq_connect(sock, endpoint);
    if (rc != 0) {
        snprintf(err, err_len, "%s: cannot %s %s: %s", what,
                 mode == TP_MODE_BIND ? "bind" : "connect to", endpoint,
                 zmq_strerror(errno));
        zmq_close(sock);
        return NULL;
    }
    return sock;
}

static int server_start(server *s, tp_pipeline_spec *spec, char *err,
                        size_t err_len)
{
    int n_workers = s->cfg->workers;
    if (n_workers <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n_workers = cores > 0 ? (int)cores : 1;
    }

    s->zctx = zmq_ctx_new();
    if (!s->zctx) {
        snprintf(err, err_len, "cannot create the ZeroMQ context");
        return -1;
    }
    if (tp_security_load(s->cfg, &s->security, err, err_len) != 0)
        return -1;
    if (s->security &&
        tp_security_start(s->security, s->zctx, err, err_len) != 0)
        return -1;
    s->input = open_socket(s, ZMQ_PULL, "input", s->cfg->input_endpoint,
                           s->cfg->input_mode, err, err_len);
    if (!s->input)
        return -1;
    s->input_open = 1;
    s->output = open_socket(s, s->cfg->output_socket == TP_OUT_PUSH ? ZMQ_PUSH
                                                                    : ZMQ_PUB,
                            "output", s->cfg->output_endpoint,
                            s->cfg->output_mode, err, err_len);
    if (!s->output)
        return -1;

    {
        char buf[512];
        const char *ep = control_endpoint(s->cfg, buf, sizeof buf);
        s->control = open_socket(s, ZMQ_REP, "control", ep, TP_MODE_BIND, err,
                                 err_len);
        if (!s->control)
            return -1;
        snprintf(s->control_ep, sizeof s->control_ep, "%s", ep);
    }
    if (s->cfg->metrics_listen &&
        metrics_listen(s, s->cfg->metrics_listen, err, err_len) != 0)
        return -1;

    tp_job_queue_init(&s->ingress);
    tp_job_queue_init(&s->egress);
    s->queues_ready = 1;
    pthread_mutex_init(&s->generation.lock, NULL);
    s->generation.spec = spec;
    s->generation.number = 1;

    uv_async_init(&s->loop, &s->egress_ready, on_egress_ready);
    s->egress_ready.data = s;
    s->worker_env = (tp_worker_env){
        .ingress = &s->ingress,
        .egress = &s->egress,
        .egress_ready = &s->egress_ready,
        .generation = &s->generation,
        .daemon_id = s->daemon_id,
        .stats = s->stats,
    };
    tp_limits_default(&s->worker_env.limits);
    s->worker_env.limits.max_doc_bytes = s->cfg->max_doc_bytes;
    s->worker_env.limits.max_arena_bytes = tp_limits_arena_for(s->cfg->max_doc_bytes);
    s->workers = tp_workers_start(&s->worker_env, n_workers, err, err_len);
    if (!s->workers)
        return -1;

    if (tp_zwatch_init(&s->loop, &s->input_watch, s->input, on_input_events,
                       s) != 0 ||
        tp_zwatch_init(&s->loop, &s->output_watch, s->output,
                       on_output_events, s) != 0 ||
        tp_zwatch_init(&s->loop, &s->control_watch, s->control,
                       on_control_events, s) != 0) {
        snprintf(err, err_len, "cannot watch the sockets");
        return -1;
    }
    uv_signal_init(&s->loop, &s->sig_int);
    uv_signal_init(&s->loop, &s->sig_term);
    uv_signal_init(&s->loop, &s->sig_hup);
    s->sig_int.data = s->sig_term.data = s->sig_hup.data = s;
    uv_signal_start(&s->sig_int, on_signal, SIGINT);
    uv_signal_start(&s->sig_term, on_signal, SIGTERM);
    uv_signal_start(&s->sig_hup, on_signal, SIGHUP);
    uv_timer_init(&s->loop, &s->drain_timer);
    s->drain_timer.data = s;

    uv_timer_init(&s->loop, &s->tick_timer);
    s->tick_timer.data = s;
    s->watchdog_usec = watchdog_from_env();
    s->last_watchdog_us = s->last_status_us = monotonic_us();
    uv_timer_start(&s->tick_timer, on_tick, tick_interval_ms(s),
                   tick_interval_ms(s));

    tp_zwatch_start(&s->input_watch);
    tp_zwatch_start(&s->control_watch);
    tp_log(TP_LOG_INFO,
           "ready: daemon %s, input %s %s, output %s %s (%s), control %s, "
           "%d workers, max_inflight %zu",
           s->daemon_id, s->cfg->input_mode == TP_MODE_BIND ? "bind" : "connect",
           s->cfg->input_endpoint,
           s->cfg->output_mode == TP_MODE_BIND ? "bind" : "connect",
           s->cfg->output_endpoint,
           s->cfg->output_socket == TP_OUT_PUSH ? "push" : "pub",
           s->control_ep, n_workers, s->max_inflight);
    tp_notify("READY=1\nSTATUS=running: %d workers", n_workers);
    return 0;
}

static void close_any(uv_handle_t *h, void *arg)
{
    (void)arg;
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

/* Start-up failed part-way (a port in use, a bad key): nothing was
 * accepted yet; release what exists, in the order it depends. */
static void server_abort_start(server *s, tp_pipeline_spec *spec)
{
    if (s->workers) {
        tp_job_queue_close(&s->ingress);
        tp_workers_join(s->workers);
        s->workers = NULL;
    }
    /* Poll handles first: libuv must not watch fds libzmq releases. */
    uv_walk(&s->loop, close_any, NULL);
    uv_run(&s->loop, UV_RUN_DEFAULT);
    uv_loop_close(&s->loop);
    if (s->input)
        zmq_close(s->input);
    if (s->output)
        zmq_close(s->output);
    if (s->control)
        zmq_close(s->control);
    if (s->zctx)
        zmq_ctx_term(s->zctx);
    tp_security_free(s->security);
    if (s->queues_ready) {
        tp_job_queue_destroy(&s->ingress);
        tp_job_queue_destroy(&s->egress);
    }
    if (s->generation.spec) {
        tp_pipeline_spec_unref(s->generation.spec);
        pthread_mutex_destroy(&s->generation.lock);
    } else {
        tp_pipeline_spec_unref(spec);
    }
    tp_stats_free(s->stats);
    free(s);
}

int tp_server_run(tp_config *cfg, tp_pipeline_spec *spec,
                  const tp_server_opts *opts)
{
    server *s = calloc(1, sizeof *s);
    char err[1024];
    int status;

    if (!s) {
        tp_pipeline_spec_unref(spec);
        tp_log(TP_LOG_ERROR, "out of memory");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    s->cfg = cfg;
    s->opts = opts;
    s->max_inflight = (size_t)cfg->max_inflight;
    s->resume_at = s->max_inflight * 3 / 4;
    if (s->resume_at >= s->max_inflight)
        s->resume_at = s->max_inflight - 1;
    draw_daemon_id(s->daemon_id);
    s->started_us = monotonic_us();
    s->stats = tp_stats_new();
    uv_loop_init(&s->loop);

    if (server_start(s, spec, err, sizeof err) != 0) {
        tp_log(TP_LOG_ERROR, "%s", err);
        server_abort_start(s, spec);
        return 1;
    }

    uv_run(&s->loop, UV_RUN_DEFAULT);

    uv_loop_close(&s->loop);
    zmq_ctx_term(s->zctx);
    tp_security_free(s->security);
    tp_job_queue_destroy(&s->ingress);
    tp_job_queue_destroy(&s->egress);
    tp_pipeline_spec_unref(s->generation.spec);
    pthread_mutex_destroy(&s->generation.lock);
    tp_stats_free(s->stats);
    status = s->exit_status;
    free(s);
    return status;
}
