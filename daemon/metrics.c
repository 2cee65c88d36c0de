/*
 * metrics.c - the Prometheus text exposition (format 0.0.4) of the
 * daemon's counters, served at /metrics by the loop thread when
 * [metrics] listen is set. The figures are the control socket's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

typedef struct text_buf {
    char *data;
    size_t len, cap;
    int failed;
} text_buf;

static void put(text_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void put(text_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->failed)
        return;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        char *grown = realloc(b->data, b->cap * 2 + (size_t)n);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = b->cap * 2 + (size_t)n;
    }
}

static void metric(text_buf *b, const char *name, const char *type,
                   const char *help)
{
    put(b, "# HELP textpipe_%s %s\n# TYPE textpipe_%s %s\n", name, help, name,
        type);
}

static void latency_lines(text_buf *b, const char *name,
                          const char *labels_prefix, const tp_stage_snapshot *s)
{
    static const struct {
        const char *q;
        size_t off;
    } quantiles[] = {
        {"0.5", offsetof(tp_stage_snapshot, p50_us)},
        {"0.9", offsetof(tp_stage_snapshot, p90_us)},
        {"0.99", offsetof(tp_stage_snapshot, p99_us)},
        {"1", offsetof(tp_stage_snapshot, max_us)},
    };
    for (size_t i = 0; i < sizeof quantiles / sizeof quantiles[0]; i++) {
        uint64_t us = *(const uint64_t *)((const char *)s + quantiles[i].off);
        put(b, "textpipe_%s{%squantile=\"%s\"} %.6f\n", name, labels_prefix,
            quantiles[i].q, (double)us / 1e6);
    }
    put(b, "textpipe_%s_count{%.*s} %llu\n", name,
        (int)(strlen(labels_prefix) ? strlen(labels_prefix) - 1 : 0),
        labels_prefix, (unsigned long long)s->sum_count);
}

char *tp_metrics_format(const tp_counters *c, tp_stats *st)
{
    text_buf b = {malloc(8192), 0, 8192, 0};
    tp_stage_snapshot stages[64], total;
    size_t n;

    if (!b.data)
        return NULL;
    n = tp_stats_snapshot(st, stages, 64, &total);
    total.sum_count = total.documents;

    metric(&b, "uptime_seconds", "gauge", "Seconds since the daemon started.");
    put(&b, "textpipe_uptime_seconds %.3f\n", c->uptime_s);
    metric(&b, "config_generation", "gauge", "Config generation (1 + successful reloads).");
    put(&b, "textpipe_config_generation %llu\n", (unsigned long long)c->generation);
    metric(&b, "workers", "gauge", "Worker threads.");
    put(&b, "textpipe_workers %d\n", c->workers);
    metric(&b, "in_flight", "gauge", "Documents received and not yet published.");
    put(&b, "textpipe_in_flight %zu\n", c->in_flight);
    metric(&b, "max_inflight", "gauge", "The in-flight limit.");
    put(&b, "textpipe_max_inflight %zu\n", c->max_inflight);
    metric(&b, "paused", "gauge", "1 while input is paused by backpressure.");
    put(&b, "textpipe_paused %d\n", c->paused ? 1 : 0);
    metric(&b, "paused_seconds_total", "counter", "Time input was paused by backpressure.");
    put(&b, "textpipe_paused_seconds_total %.3f\n", c->paused_s);
    metric(&b, "documents_received_total", "counter", "Messages read from the input socket.");
    put(&b, "textpipe_documents_received_total %llu\n", (unsigned long long)c->received);
    metric(&b, "messages_published_total", "counter", "Results and errors published.");
    put(&b, "textpipe_messages_published_total %llu\n", (unsigned long long)c->published);
    metric(&b, "documents_failed_total", "counter", "Error messages published, by code.");
    for (int i = 1; i < TP_E_COUNT; i++)
        put(&b, "textpipe_documents_failed_total{code=\"%s\"} %llu\n",
            tp_errcode_name((tp_errcode)i), (unsigned long long)c->failed[i]);
    metric(&b, "stuck_workers", "gauge", "Workers busy on one document past the time budget.");
    put(&b, "textpipe_stuck_workers %llu\n", (unsigned long long)c->stuck_workers);
    metric(&b, "document_latency_seconds", "summary", "Received to published, per document.");
    latency_lines(&b, "document_latency_seconds", "", &total);
    metric(&b, "stage_documents_total", "counter", "Documents each stage processed.");
    for (size_t i = 0; i < n; i++)
        put(&b, "textpipe_stage_documents_total{stage=\"%s\"} %llu\n",
            stages[i].label, (unsigned long long)stages[i].documents);
    metric(&b, "stage_failures_total", "counter", "Documents each stage failed.");
    for (size_t i = 0; i < n; i++)
        put(&b, "textpipe_stage_failures_total{stage=\"%s\"} %llu\n",
            stages[i].label, (unsigned long long)stages[i].failures);
    metric(&b, "stage_seconds", "summary", "Time per document in each stage.");
    for (size_t i = 0; i < n; i++) {
        char labels[160];
        snprintf(labels, sizeof labels, "stage=\"%.120s\",", stages[i].label);
        latency_lines(&b, "stage_seconds", labels, &stages[i]);
    }
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    return b.data;
}
