/*
 * stats.c - per-stage counters and latency histograms, written by the
 * workers after each document and read by the loop thread for `textpipe
 * stats` and /metrics.
 *
 * Latencies go into log-scale buckets (four per doubling, from 1 us to
 * about 13 days), so percentiles cost a walk over ~170 counters and memory
 * stays constant however long the daemon runs. A percentile is reported as
 * the upper bound of its bucket: at most 19 % high, never low.
 * Stages are keyed by their "name@version" label, so counters survive a
 * reload that keeps a stage and start fresh for a new one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

#define HIST_PER_DOUBLING 4
#define HIST_BUCKETS (HIST_PER_DOUBLING * 40 + 2)
#define MAX_TRACKED_STAGES 64

typedef struct latency_hist {
    uint64_t buckets[HIST_BUCKETS];
    uint64_t count;
    uint64_t max;
} latency_hist;

typedef struct stage_stats {
    char *label;
    uint64_t documents;
    uint64_t failures;
    latency_hist hist;
} stage_stats;

struct tp_stats {
    pthread_mutex_t lock;
    stage_stats stages[MAX_TRACKED_STAGES];
    size_t n_stages;
    latency_hist total; /* received -> published, per document */
};

static size_t hist_bucket(uint64_t us)
{
    size_t b;
    if (us < 1)
        return 0;
    b = 1 + (size_t)(log2((double)us) * HIST_PER_DOUBLING);
    return b < HIST_BUCKETS ? b : HIST_BUCKETS - 1;
}

static uint64_t hist_upper_bound(size_t b)
{
    if (b == 0)
        return 1;
    return (uint64_t)ceil(exp2((double)b / HIST_PER_DOUBLING));
}

static void hist_add(latency_hist *h, uint64_t us)
{
    h->buckets[hist_bucket(us)]++;
    h->count++;
    if (us > h->max)
        h->max = us;
}

static uint64_t hist_percentile(const latency_hist *h, double p)
{
    uint64_t want, seen = 0;
    if (!h->count)
        return 0;
    want = (uint64_t)ceil(p * (double)h->count);
    if (want < 1)
        want = 1;
    for (size_t b = 0; b < HIST_BUCKETS; b++) {
        seen += h->buckets[b];
        if (seen >= want) {
            uint64_t bound = hist_upper_bound(b);
            return bound < h->max ? bound : h->max;
        }
    }
    return h->max;
}

tp_stats *tp_stats_new(void)
{
    tp_stats *st = calloc(1, sizeof *st);
    if (st)
        pthread_mutex_init(&st->lock, NULL);
    return st;
}

void tp_stats_free(tp_stats *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->n_stages; i++)
        free(st->stages[i].label);
    pthread_mutex_destroy(&st->lock);
    free(st);
}

/* Caller holds the lock. NULL when the table is full. */
static stage_stats *stage_find(tp_stats *st, const char *label)
{
    for (size_t i = 0; i < st->n_stages; i++)
        if (strcmp(st->stages[i].label, label) == 0)
            return &st->stages[i];
    if (st->n_stages == MAX_TRACKED_STAGES)
        return NULL;
    st->stages[st->n_stages].label = strdup(label);
    if (!st->stages[st->n_stages].label)
        return NULL;
    return &st->stages[st->n_stages++];
}

void tp_stats_record_document(tp_stats *st, const char *const *labels,
                              const tp_outmsg *out)
{
    pthread_mutex_lock(&st->lock);
    for (size_t i = 0; i < out->n_stage_us && labels[i]; i++) {
        stage_stats *s;
        /* Stages after a failed one did not run. */
        if (out->failed_stage >= 0 && (int)i > out->failed_stage)
            break;
        s = stage_find(st, labels[i]);
        if (!s)
            continue;
        s->documents++;
        if ((int)i == out->failed_stage)
            s->failures++;
        hist_add(&s->hist, out->stage_us[i]);
    }
    pthread_mutex_unlock(&st->lock);
}

void tp_stats_record_latency(tp_stats *st, uint64_t us)
{
    pthread_mutex_lock(&st->lock);
    hist_add(&st->total, us);
    pthread_mutex_unlock(&st->lock);
}

size_t tp_stats_snapshot(tp_stats *st, tp_stage_snapshot *out, size_t cap,
                         tp_stage_snapshot *total)
{
    size_t n;
    pthread_mutex_lock(&st->lock);
    n = st->n_stages < cap ? st->n_stages : cap;
    for (size_t i = 0; i < n; i++) {
        const stage_stats *s = &st->stages[i];
        tp_stage_snapshot *o = &out[i];
        snprintf(o->label, sizeof o->label, "%s", s->label);
        o->documents = s->documents;
        o->failures = s->failures;
        o->p50_us = hist_percentile(&s->hist, 0.50);
        o->p90_us = hist_percentile(&s->hist, 0.90);
        o->p99_us = hist_percentile(&s->hist, 0.99);
        o->max_us = s->hist.max;
        o->sum_count = s->hist.count;
    }
    if (total) {
        memset(total, 0, sizeof *total);
        snprintf(total->label, sizeof total->label, "total");
        total->documents = st->total.count;
        total->p50_us = hist_percentile(&st->total, 0.50);
        total->p90_us = hist_percentile(&st->total, 0.90);
        total->p99_us = hist_percentile(&st->total, 0.99);
        total->max_us = st->total.max;
    }
    pthread_mutex_unlock(&st->lock);
    return n;
}
