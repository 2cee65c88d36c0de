/*
 * daemon.h - the internals of textpiped shared between its files: the job
 * that carries one message through the daemon, the queues between the loop
 * thread and the workers, the workers, the ZeroMQ socket watcher and the
 * server (the libuv loop that owns every socket).
 */
#ifndef TEXTPIPE_DAEMON_H
#define TEXTPIPE_DAEMON_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include <uv.h>
#include <zmq.h>

#include "tp_core.h"

/* ---- a job: one message from receipt to publication ------------------- */

typedef struct tp_job {
    struct tp_job *next;
    zmq_msg_t msg;    /* the producer's frame; the document points into it */
    int multipart;    /* the message had more than one frame */
    int discard;      /* timed out: an error was published in its place */
    uint64_t received_us;
    tp_outmsg out;    /* filled by the worker */
} tp_job;

tp_job *tp_job_new(void);
void tp_job_free(tp_job *job);

/* ---- queues ------------------------------------------------------------ */

/* A FIFO guarded by a mutex. The ingress queue blocks workers on a
 * condition variable; the egress queue wakes the loop with uv_async (whose
 * sends coalesce, so the loop drains the whole queue each time). */
typedef struct tp_job_queue {
    pthread_mutex_t lock;
    pthread_cond_t nonempty;
    tp_job *head, *tail;
    size_t length;
    int closed;
} tp_job_queue;

void tp_job_queue_init(tp_job_queue *q);
void tp_job_queue_destroy(tp_job_queue *q);
void tp_job_queue_push(tp_job_queue *q, tp_job *job);
/* Blocks until a job arrives; NULL once the queue is closed and empty. */
tp_job *tp_job_queue_pop_wait(tp_job_queue *q);
/* Takes every job at once (FIFO order), without blocking. */
tp_job *tp_job_queue_take_all(tp_job_queue *q);
void tp_job_queue_close(tp_job_queue *q);

/* ---- the current pipeline generation ----------------------------------- */

/* The spec workers should run. A reload swaps it; each worker notices
 * between documents and rebuilds its instances. */
typedef struct tp_generation {
    pthread_mutex_t lock;
    tp_pipeline_spec *spec; /* one reference held here */
    uint64_t number;        /* 1, 2, ... one per successful (re)load */
} tp_generation;

/* ---- statistics ------------------------------------------------------------ */

typedef struct tp_stats tp_stats;

/* One stage's figures at a moment (or the whole document's latency). */
typedef struct tp_stage_snapshot {
    char label[128]; /* name@version */
    uint64_t documents;
    uint64_t failures;
    uint64_t p50_us, p90_us, p99_us, max_us;
    uint64_t sum_count;
} tp_stage_snapshot;

tp_stats *tp_stats_new(void);
void tp_stats_free(tp_stats *st);
/* Workers: after each document. labels[i] names stage i of its spec. */
void tp_stats_record_document(tp_stats *st, const char *const *labels,
                              const tp_outmsg *out);
/* The loop: received -> published time of one document. */
void tp_stats_record_latency(tp_stats *st, uint64_t us);
/* Copy up to cap stages into out (and the document latency into total);
 * returns how many. */
size_t tp_stats_snapshot(tp_stats *st, tp_stage_snapshot *out, size_t cap,
                         tp_stage_snapshot *total);

/* Counters the loop thread keeps, as control and metrics report them. */
typedef struct tp_counters {
    const char *daemon_id;
    double uptime_s;
    uint64_t generation;
    int workers;
    size_t in_flight;
    size_t max_inflight;
    int paused;
    double paused_s;
    uint64_t received;
    uint64_t published;
    uint64_t failed[TP_E_COUNT];
    uint64_t timeouts;
    uint64_t stuck_workers;
} tp_counters;

/* The control socket's replies (control.c): a MessagePack map for
 * "ping", "stats", or an error for anything else. */
int tp_control_reply(msgpack_sbuffer *out, const char *request, size_t len,
                     const tp_counters *c, tp_stats *st);
/* The Prometheus text exposition of the same figures (metrics.c);
 * malloc'ed, NUL-terminated. */
char *tp_metrics_format(const tp_counters *c, tp_stats *st);

/* ---- workers ------------------------------------------------------------- */

typedef struct tp_workers tp_workers;

typedef struct tp_worker_env {
    tp_job_queue *ingress;
    tp_job_queue *egress;
    uv_async_t *egress_ready; /* uv_async_send after each push */
    tp_generation *generation;
    tp_limits limits;
    const char *daemon_id;
    tp_stats *stats;
} tp_worker_env;

/* Start n workers, each with its own instances of the current spec.
 * Fails (with err) when a stage cannot start. */
tp_workers *tp_workers_start(const tp_worker_env *env, int n, char *err,
                             size_t err_len);
/* After the ingress queue is closed: wait for every worker to finish. */
void tp_workers_join(tp_workers *w);
int tp_workers_count(const tp_workers *w);
/* How many workers have been busy with one document since before
 * `cutoff_us` (CLOCK_MONOTONIC microseconds). */
int tp_workers_stuck(tp_workers *w, uint64_t cutoff_us);
/* For each worker busy with one document since before cutoff_us and not
 * yet expired: mark the job to be discarded when it finishes and call
 * cb with its message bytes (valid during the call only). Returns how many
 * were expired. */
int tp_workers_expire(tp_workers *w, uint64_t cutoff_us,
                      void (*cb)(void *ctx, const void *msg, size_t len),
                      void *ctx);

uint64_t tp_monotonic_us(void);

/* ---- the ZeroMQ socket watcher ----------------------------------------- */

/*
 * Watches a ZeroMQ socket from the libuv loop. ZMQ_FD is edge-triggered:
 * a readable fd only means "look at ZMQ_EVENTS", and once the callback
 * stops early (batch cap, backpressure) the fd will not fire again for
 * what is already queued. So the watcher re-runs its callback from a
 * uv_idle handle until the callback says it is done.
 */
typedef struct tp_zwatch tp_zwatch;
/* Return 1 to be called again on the next loop iteration (more may be
 * ready), 0 when the socket has nothing more (wait for the fd). */
typedef int (*tp_zwatch_cb)(tp_zwatch *w, int zmq_events);

struct tp_zwatch {
    uv_poll_t poll;
    uv_idle_t idle;
    void *socket;
    tp_zwatch_cb cb;
    void *data;
    int active;
    int closing;
};

int tp_zwatch_init(uv_loop_t *loop, tp_zwatch *w, void *socket,
                   tp_zwatch_cb cb, void *data);
void tp_zwatch_start(tp_zwatch *w);
void tp_zwatch_stop(tp_zwatch *w);
/* Ask for the callback on the next loop iteration even without an fd
 * event (after resuming from backpressure, or after a send). */
void tp_zwatch_kick(tp_zwatch *w);
void tp_zwatch_close(tp_zwatch *w);

/* ---- sd_notify ------------------------------------------------------------ */

/* Sends a state line to systemd when NOTIFY_SOCKET is set; a no-op
 * otherwise. */
void tp_notify(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- CURVE security ------------------------------------------------------ */

typedef struct tp_security tp_security;

/* Load [security] keys; *out stays NULL when CURVE is off. */
int tp_security_load(const tp_config *cfg, tp_security **out, char *err,
                     size_t err_len);
/* Start the ZAP handler thread in this context (before any bind). */
int tp_security_start(tp_security *sec, void *zctx, char *err,
                      size_t err_len);
/* Make a socket a CURVE server (before bind). */
int tp_security_apply(tp_security *sec, void *socket, char *err,
                      size_t err_len);
/* After zmq_ctx_term: join the handler and free. */
void tp_security_free(tp_security *sec);

/* ---- the server ----------------------------------------------------------- */

typedef struct tp_server_opts {
    const char *config_path; /* for SIGHUP reloads; NULL = none */
    char *const *overrides;  /* --set style assignments to re-apply */
    size_t n_overrides;
} tp_server_opts;

/* Run the daemon on a validated config and a built spec until a signal
 * stops it. Takes over the reference to spec. Returns the exit status. */
int tp_server_run(tp_config *cfg, tp_pipeline_spec *spec,
                  const tp_server_opts *opts);

#endif /* TEXTPIPE_DAEMON_H */
