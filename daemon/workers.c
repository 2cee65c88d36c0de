/*
 * workers.c - the worker threads. Each owns its own instance of every
 * stage and runs whole documents through the chain (run to completion: no
 * queues between stages, and the plugin threading contract holds
 * trivially). Between documents a worker checks the pipeline generation
 * and, after a reload, rebuilds its instances from the new spec.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemon.h"

typedef struct worker {
    pthread_t thread;
    int index;
    const tp_worker_env *env;
    tp_pipeline *pipeline;
    uint64_t generation;
    tp_docbuf docbuf; /* reused for every document this worker runs */

    /* What the loop thread may look at (timeouts, watchdog), under lock. */
    pthread_mutex_t lock;
    tp_job *current;     /* the job being processed, or NULL */
    uint64_t started_us; /* when it started */
    int expired;         /* the loop published a timeout for it */

    int fail_stage; /* the stage that failed the last documents */
    unsigned fail_streak;
} worker;

/* A stage failing this many documents in a row is worth a log line of its
 * own (the per-document errors are rate-limited). */
#define FAIL_STREAK_REPORT 10

struct tp_workers {
    tp_worker_env env;
    worker *workers;
    int n;
    int started;
};

/* Take a reference to the current spec. */
static tp_pipeline_spec *generation_current(tp_generation *g, uint64_t *number)
{
    tp_pipeline_spec *spec;
    pthread_mutex_lock(&g->lock);
    spec = g->spec;
    tp_pipeline_spec_ref(spec);
    *number = g->number;
    pthread_mutex_unlock(&g->lock);
    return spec;
}

static uint64_t generation_number(tp_generation *g)
{
    uint64_t n;
    pthread_mutex_lock(&g->lock);
    n = g->number;
    pthread_mutex_unlock(&g->lock);
    return n;
}

/* After a reload: build instances of the new spec; on failure keep the old
 * ones (the spec was probed, so this is rare: out of memory). */
static void worker_follow_generation(worker *w)
{
    uint64_t number;
    tp_pipeline_spec *spec;
    tp_pipeline *fresh;
    char err[1024];

    if (generation_number(w->env->generation) == w->generation)
        return;
    spec = generation_current(w->env->generation, &number);
    fresh = tp_pipeline_create(spec, err, sizeof err);
    tp_pipeline_spec_unref(spec);
    if (!fresh) {
        tp_log(TP_LOG_ERROR,
               "worker %d: cannot start the reloaded pipeline: %s; keeping "
               "the old one",
               w->index, err);
        w->generation = number;
        return;
    }
    tp_pipeline_destroy(w->pipeline);
    w->pipeline = fresh;
    w->generation = number;
    tp_log(TP_LOG_DEBUG, "worker %d: now on config generation %llu", w->index,
           (unsigned long long)number);
}

static void worker_process(worker *w, tp_job *job)
{
    const tp_worker_env *env = w->env;
    tp_outmsg *out = &job->out;
    int rc;

    if (job->multipart) {
        tp_error err;
        tp_error_set(&err, TP_E_MULTIPART,
                     "a document is one frame; this message had several");
        rc = tp_outmsg_set_error(out, NULL, NULL, env->daemon_id, &err);
    } else {
        rc = tp_process_message(w->pipeline, &env->limits, env->daemon_id,
                                zmq_msg_data(&job->msg),
                                zmq_msg_size(&job->msg), &w->docbuf, out);
    }
    if (rc != 0) {
        /* Not even an error could be encoded: out of memory. The job still
         * goes back so the loop counts it and frees it. */
        msgpack_sbuffer_clear(&out->body);
        out->is_error = 1;
        out->code = TP_E_INTERNAL;
        out->topic[0] = 0;
    } else if (out->is_error)
        tp_log_limited(tp_errcode_name(out->code), TP_LOG_WARN,
                       "document '%s' refused: %s: %s%s%s",
                       out->id[0] ? out->id : "(no id)",
                       tp_errcode_name(out->code), out->error.message,
                       out->error.stage[0] ? " in stage " : "",
                       out->error.stage);
}

uint64_t tp_monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    tp_job *job;
    char name[16];

    snprintf(name, sizeof name, "tp-worker-%d", w->index);
    pthread_setname_np(pthread_self(), name);
    tp_docbuf_init(&w->docbuf, &w->env->limits);
    while ((job = tp_job_queue_pop_wait(w->env->ingress)) != NULL) {
        worker_follow_generation(w);
        pthread_mutex_lock(&w->lock);
        w->current = job;
        w->started_us = tp_monotonic_us();
        w->expired = 0;
        pthread_mutex_unlock(&w->lock);

        worker_process(w, job);

        /* The message must stay intact while the loop may read it (a
         * timeout reads the id from it): release it only after `current`
         * is cleared. */
        pthread_mutex_lock(&w->lock);
        job->discard = w->expired;
        w->current = NULL;
        pthread_mutex_unlock(&w->lock);
        zmq_msg_close(&job->msg);
        zmq_msg_init(&job->msg);

        if (job->out.failed_stage >= 0 &&
            job->out.failed_stage == w->fail_stage) {
            if (++w->fail_streak % FAIL_STREAK_REPORT == 0)
                tp_log(TP_LOG_WARN,
                       "worker %d: stage %s failed %u documents in a row",
                       w->index, job->out.error.stage, w->fail_streak);
        } else {
            w->fail_stage = job->out.failed_stage;
            w->fail_streak = job->out.failed_stage >= 0;
        }
        if (w->env->stats && !job->multipart)
            tp_stats_record_document(
                w->env->stats,
                tp_pipeline_spec_labels(tp_pipeline_get_spec(w->pipeline)),
                &job->out);
        tp_job_queue_push(w->env->egress, job);
        uv_async_send(w->env->egress_ready);
    }
    tp_docbuf_free(&w->docbuf);
    return NULL;
}

int tp_workers_count(const tp_workers *ws)
{
    return ws->n;
}

int tp_workers_stuck(tp_workers *ws, uint64_t cutoff_us)
{
    int stuck = 0;
    for (int i = 0; i < ws->started; i++) {
        worker *w = &ws->workers[i];
        pthread_mutex_lock(&w->lock);
        if (w->current && w->started_us < cutoff_us)
            stuck++;
        pthread_mutex_unlock(&w->lock);
    }
    return stuck;
}

int tp_workers_expire(tp_workers *ws, uint64_t cutoff_us,
                      void (*cb)(void *ctx, const void *msg, size_t len),
                      void *ctx)
{
    int expired = 0;
    for (int i = 0; i < ws->started; i++) {
        worker *w = &ws->workers[i];
        pthread_mutex_lock(&w->lock);
        if (w->current && !w->expired && w->started_us < cutoff_us) {
            w->expired = 1;
            expired++;
            cb(ctx, zmq_msg_data(&w->current->msg),
               zmq_msg_size(&w->current->msg));
        }
        pthread_mutex_unlock(&w->lock);
    }
    return expired;
}

tp_workers *tp_workers_start(const tp_worker_env *env, int n, char *err,
                             size_t err_len)
{
    tp_workers *ws = calloc(1, sizeof *ws);
    if (!ws || !(ws->workers = calloc((size_t)n, sizeof *ws->workers))) {
        free(ws);
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    ws->env = *env;
    ws->n = n;
    for (int i = 0; i < n; i++) {
        worker *w = &ws->workers[i];
        tp_pipeline_spec *spec;
        pthread_mutex_init(&w->lock, NULL);
        w->index = i;
        w->env = &ws->env;
        spec = generation_current(env->generation, &w->generation);
        w->pipeline = tp_pipeline_create(spec, err, err_len);
        tp_pipeline_spec_unref(spec);
        if (!w->pipeline)
            goto fail;
    }
    for (int i = 0; i < n; i++) {
        if (pthread_create(&ws->workers[i].thread, NULL, worker_main,
                           &ws->workers[i]) != 0) {
            snprintf(err, err_len, "cannot start worker thread %d", i);
            /* The ones started exit when the caller closes the queue. */
            ws->started = i;
            goto fail;
        }
        ws->started = i + 1;
    }
    return ws;
fail:
    tp_job_queue_close(env->ingress);
    tp_workers_join(ws);
    return NULL;
}

void tp_workers_join(tp_workers *ws)
{
    if (!ws)
        return;
    for (int i = 0; i < ws->started; i++)
        pthread_join(ws->workers[i].thread, NULL);
    for (int i = 0; i < ws->n; i++) {
        tp_pipeline_destroy(ws->workers[i].pipeline);
        pthread_mutex_destroy(&ws->workers[i].lock);
    }
    free(ws->workers);
    free(ws);
}
