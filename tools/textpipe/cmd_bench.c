/*
 * cmd_bench.c - `textpipe bench`: how fast the pipeline runs, in-process
 * (no daemon, no sockets), on the very code the daemon's workers run. It
 * builds the pipeline from the config like `analyze` does, packs the input
 * documents once (a plain file is one document; a .jsonl file is one per
 * line), then runs them again and again until at least --min-mb of text
 * went through. Every document is decoded (tp_doc_decode), run through the
 * stages (tp_pipeline_run, whose per-stage timings_us are the daemon's
 * own), and encoded as the result the daemon would publish
 * (tp_result_encode). It prints, per stage and in total, MB/s (MB = 10^6
 * bytes of text), documents/s and the p50/p90/p99 latency of one document,
 * then the process's peak RSS: one figure for the run (getrusage), which
 * includes the input held in memory. One warm-up pass over at most 4 MB is
 * not measured. With -j N, N threads each run their own pipeline over a
 * share of every pass; the per-stage figures then add up the threads'
 * time (per core), and a last line gives the wall-clock rate.
 */
#include "client.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "textpipe/tp_protocol.h"
#include "tp_core.h"

#define CMD "bench"
#define MAX_THREADS 64
#define MAX_STAGES 64
#define WARMUP_BYTES (4u * 1000u * 1000u)
#define BENCH_DAEMON_ID "bench"

static const char bench_usage[] =
    "usage: textpipe bench [-c FILE] [--plugin-dir DIR] [--set S.K=V]...\n"
    "                      [--stages LIST] [--repeat N] [--min-mb M] [-j N]\n"
    "                      FILE...\n"
    "\n"
    "Measure the pipeline in-process (no daemon): decode, every stage and\n"
    "the encoding of the result, as textpiped runs them. A FILE ending in\n"
    ".jsonl holds one document per line ({\"id\",\"text\",...}, as send\n"
    "--jsonl reads); any other FILE is one document of plain text. The\n"
    "input is run again and again until at least --min-mb MB of text went\n"
    "through (and at least --repeat passes). Prints per stage and in total:\n"
    "MB/s (MB = 10^6 bytes of text), documents/s, and the p50/p90/p99\n"
    "latency of one document in microseconds; then the peak RSS of the\n"
    "process (one figure, input included). A warm-up pass over at most\n"
    "4 MB is not counted.\n"
    "\n"
    "  -c, --config FILE   textpiped.conf to read (default: built-in)\n"
    "      --plugin-dir DIR  where the stage plugins are\n"
    "      --set S.K=V     override a config key\n"
    "      --stages LIST   the stages to run (pipeline.stages), e.g.\n"
    "                      tokenize or tokenize,quotes,stance\n"
    "      --repeat N      at least N passes over the input (default 1)\n"
    "      --min-mb M      at least M MB of text in all (default 16)\n"
    "  -j, --jobs N        threads, each with its own pipeline (default 1)\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit: 0 measured and printed; 1 could not run (bad config, missing\n"
    "plugin, unreadable input, no documents); 2 bad command line.\n";

typedef struct bench_options {
    const char *config_path;
    const char **assignments; /* --set, --plugin-dir, --stages in order */
    size_t n_assignments;
    long repeat;
    double min_mb;
    long jobs;
} bench_options;

/* One input document, packed once as the producer message. */
typedef struct bench_doc {
    char *msg;
    size_t len;
    size_t text_bytes;
} bench_doc;

typedef struct bench_input {
    bench_doc *docs;
    size_t n, cap;
    uint64_t text_bytes; /* of one pass */
    uint64_t msg_bytes;
} bench_input;

/*
 * What one thread measured. Latencies are per processed document, one
 * array per column: decode, each stage, encode, total (all in ns, stage
 * times converted from the pipeline's microseconds).
 */
typedef struct bench_thread {
    pthread_t thread;
    int index;
    struct bench_run *run;
    uint64_t *lat; /* n_cols * capacity, column-major */
    size_t n_done; /* documents measured */
    size_t capacity;
    uint64_t text_bytes;
    long errors;
    char err[512];
    int failed;
    uint64_t cpu_ns; /* CPU time of the measured passes */
} bench_thread;

typedef struct bench_run {
    const bench_input *input;
    tp_pipeline_spec *spec;
    tp_limits limits;
    size_t n_stages;
    size_t n_cols; /* n_stages + 3 */
    long passes;
    long jobs;
} bench_run;

static uint64_t clock_ns(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

/* ---- input -------------------------------------------------------------- */

static int input_add(bench_input *in, const msgpack_sbuffer *msg,
                     size_t text_bytes)
{
    bench_doc *grown;

    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 256;
        grown = realloc(in->docs, cap * sizeof(*grown));
        if (!grown)
            return -1;
        in->docs = grown;
        in->cap = cap;
    }
    in->docs[in->n].msg = malloc(msg->size ? msg->size : 1);
    if (!in->docs[in->n].msg)
        return -1;
    memcpy(in->docs[in->n].msg, msg->data, msg->size);
    in->docs[in->n].len = msg->size;
    in->docs[in->n].text_bytes = text_bytes;
    in->n++;
    in->text_bytes += text_bytes;
    in->msg_bytes += msg->size;
    return 0;
}

static void input_free(bench_input *in)
{
    size_t i;

    for (i = 0; i < in->n; i++)
        free(in->docs[i].msg);
    free(in->docs);
    memset(in, 0, sizeof(*in));
}

/* The text length of a packed document, or -1 when it is not a valid
 * document (named on stderr: the benchmark measures documents, not
 * errors). */
static long long checked_text_bytes(const msgpack_sbuffer *msg,
                                    const tp_limits *lim, const char *where)
{
    tp_docbuf d;
    tp_error err;
    long long n = -1;

    memset(&err, 0, sizeof(err));
    tp_docbuf_init(&d, lim);
    if (tp_doc_decode(&d, msg->data, msg->size, lim, &err) == 0)
        n = (long long)d.doc.text_len;
    else
        cli_error(CMD, "%s: %s: %s (skipped)", where, tp_errcode_name(err.code),
                  err.message);
    tp_docbuf_free(&d);
    return n;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Read every FILE into `in`. 0, or -1 (reported) when a file cannot be
 * read. Invalid documents are skipped with a message. */
static int read_inputs(bench_input *in, char **paths, int n_paths,
                       const tp_limits *lim)
{
    msgpack_sbuffer msg;
    char where[512], err[256];
    int i, rc = 0;

    msgpack_sbuffer_init(&msg);
    for (i = 0; i < n_paths && rc == 0; i++) {
        if (ends_with(paths[i], ".jsonl")) {
            jsonl_reader reader;
            const char *line;
            size_t len;
            long got;

            if (jsonl_open(&reader, paths[i]) != 0) {
                cli_error(CMD, "%s: %s", paths[i], strerror(errno));
                rc = -1;
                break;
            }
            while ((got = jsonl_next(&reader, &line, &len)) >= 0) {
                long long text_bytes;
                snprintf(where, sizeof(where), "%s:%ld", reader.name,
                         reader.lineno);
                msgpack_sbuffer_clear(&msg);
                if (json_doc_to_msgpack(line, len, NULL, &msg, err,
                                        sizeof(err)) != 0) {
                    cli_error(CMD, "%s: %s (skipped)", where, err);
                    continue;
                }
                text_bytes = checked_text_bytes(&msg, lim, where);
                if (text_bytes >= 0 &&
                    input_add(in, &msg, (size_t)text_bytes) != 0) {
                    cli_error(CMD, "out of memory");
                    rc = -1;
                    break;
                }
            }
            if (got == -2) {
                cli_error(CMD, "%s: read error: %s", paths[i], strerror(errno));
                rc = -1;
            }
            jsonl_close(&reader);
        } else {
            char *text;
            size_t len;
            long long text_bytes;

            if (cli_read_file(paths[i], &text, &len) != 0) {
                cli_error(CMD, "%s: %s", paths[i], strerror(errno));
                rc = -1;
                break;
            }
            msgpack_sbuffer_clear(&msg);
            if (json_pack_text_doc(&msg, paths[i], strlen(paths[i]), text, len,
                                   NULL) != 0) {
                cli_error(CMD, "out of memory");
                rc = -1;
            } else if ((text_bytes = checked_text_bytes(&msg, lim, paths[i])) >=
                           0 &&
                       input_add(in, &msg, (size_t)text_bytes) != 0) {
                cli_error(CMD, "out of memory");
                rc = -1;
            }
            free(text);
        }
    }
    msgpack_sbuffer_destroy(&msg);
    return rc;
}

/* ---- measuring ---------------------------------------------------------- */

/* Decode, run and encode one document, recording its times in row `row`
 * of t->lat (unless row is SIZE_MAX: warm-up). The thread's docbuf d is
 * reused from document to document, as a daemon worker reuses its own. */
static void bench_one(bench_thread *t, tp_pipeline *p, const bench_doc *doc,
                      tp_docbuf *d, msgpack_sbuffer *out, size_t row)
{
    const bench_run *run = t->run;
    uint64_t timings[MAX_STAGES];
    uint64_t t0, t1, t2, t3;
    tp_error err;
    size_t seq_offset, i;
    int ok;

    memset(&err, 0, sizeof(err));
    memset(timings, 0, sizeof(timings));
    msgpack_sbuffer_clear(out);
    t0 = now_ns();
    ok = tp_doc_decode(d, doc->msg, doc->len, &run->limits, &err) == 0;
    t1 = now_ns();
    ok = ok && tp_pipeline_run(p, d, timings, &err, NULL) == 0;
    t2 = now_ns();
    if (ok) {
        tp_result_info info = {
            .daemon_id = BENCH_DAEMON_ID,
            .pipeline = tp_pipeline_spec_labels(run->spec),
            .timings_us = timings,
            .n_stages = run->n_stages,
            .emit_tokens = tp_pipeline_spec_emit_tokens(run->spec),
        };
        ok = tp_result_encode(out, d, &info, &seq_offset) == 0;
    } else {
        tp_error_encode(out, d->doc.id.len ? &d->doc.id : NULL, BENCH_DAEMON_ID,
                        &err, &seq_offset);
    }
    tp_docbuf_reset(d);
    t3 = now_ns();
    if (row == SIZE_MAX)
        return;
    if (!ok)
        t->errors++;
    t->lat[row] = t1 - t0;
    for (i = 0; i < run->n_stages; i++)
        t->lat[(i + 1) * t->capacity + row] = timings[i] * 1000u;
    t->lat[(run->n_stages + 1) * t->capacity + row] = t3 - t2;
    t->lat[(run->n_stages + 2) * t->capacity + row] = t3 - t0;
    t->text_bytes += doc->text_bytes;
    t->n_done++;
}

static void *bench_thread_main(void *arg)
{
    bench_thread *t = arg;
    const bench_run *run = t->run;
    const bench_input *in = run->input;
    msgpack_sbuffer out;
    tp_docbuf d;
    tp_pipeline *p;
    uint64_t warm = 0;
    size_t i;
    long pass;

    /* Instances are created on the thread that uses them (tp_plugin.h). */
    p = tp_pipeline_create(run->spec, t->err, sizeof(t->err));
    if (!p) {
        t->failed = 1;
        return NULL;
    }
    msgpack_sbuffer_init(&out);
    tp_docbuf_init(&d, &run->limits);
    for (i = (size_t)t->index; i < in->n && warm < WARMUP_BYTES;
         i += (size_t)run->jobs) {
        bench_one(t, p, &in->docs[i], &d, &out, SIZE_MAX);
        warm += in->docs[i].text_bytes;
    }
    /* The thread's own CPU time, beside the wall-clock figures: on a busy
     * machine (CI, a shared host) it still says what one core can do. */
    t->cpu_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    for (pass = 0; pass < run->passes; pass++)
        for (i = (size_t)t->index; i < in->n; i += (size_t)run->jobs)
            bench_one(t, p, &in->docs[i], &d, &out, t->n_done);
    t->cpu_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID) - t->cpu_ns;
    tp_docbuf_free(&d);
    msgpack_sbuffer_destroy(&out);
    tp_pipeline_destroy(p);
    return NULL;
}

/* ---- the report --------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* The q-th quantile (0..1) of a sorted array, nearest rank. */
static uint64_t quantile(const uint64_t *sorted, size_t n, double q)
{
    size_t rank = (size_t)(q * (double)n + 0.999999);

    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

/* One row: every thread's column `col` gathered, summed and sorted. */
static int print_row(const char *name, bench_thread *threads, long n_threads,
                     size_t col, uint64_t text_bytes, size_t n_docs)
{
    uint64_t *all = malloc((n_docs ? n_docs : 1) * sizeof(*all));
    uint64_t sum = 0;
    size_t k = 0, i;
    long t;
    double secs;

    if (!all)
        return -1;
    for (t = 0; t < n_threads; t++)
        for (i = 0; i < threads[t].n_done; i++)
            all[k++] = threads[t].lat[col * threads[t].capacity + i];
    for (i = 0; i < k; i++)
        sum += all[i];
    qsort(all, k, sizeof(*all), cmp_u64);
    secs = (double)sum / 1e9;
    printf("%-12s %10.1f %11.0f %9.1f %9.1f %9.1f\n", name,
           secs > 0 ? (double)text_bytes / 1e6 / secs : 0.0,
           secs > 0 ? (double)k / secs : 0.0, quantile(all, k, 0.50) / 1e3,
           quantile(all, k, 0.90) / 1e3, quantile(all, k, 0.99) / 1e3);
    free(all);
    return 0;
}

/* ---- set-up -------------------------------------------------------------- */

static int add_assignment(bench_options *opts, const char *fmt,
                          const char *value)
{
    char *a;

    if (asprintf(&a, fmt, value) < 0)
        return -1;
    opts->assignments[opts->n_assignments++] = a;
    return 0;
}

static int parse_bench_options(int argc, char **argv, bench_options *opts)
{
    enum { OPT_PLUGIN_DIR = 256, OPT_SET, OPT_STAGES, OPT_REPEAT, OPT_MIN_MB };
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
        {"set", required_argument, NULL, OPT_SET},
        {"stages", required_argument, NULL, OPT_STAGES},
        {"repeat", required_argument, NULL, OPT_REPEAT},
        {"min-mb", required_argument, NULL, OPT_MIN_MB},
        {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *end;
    int c, rc = 0;

    memset(opts, 0, sizeof(*opts));
    opts->repeat = 1;
    opts->min_mb = 16;
    opts->jobs = 1;
    opts->assignments = calloc((size_t)argc + 1, sizeof(*opts->assignments));
    if (!opts->assignments) {
        cli_error(CMD, "out of memory");
        return TP_EXIT_FAILED;
    }
    while ((c = getopt_long(argc, argv, "c:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            opts->config_path = optarg;
            break;
        case OPT_PLUGIN_DIR:
            /* the [pipeline] plugin_dir key, resolved like --set */
            rc = add_assignment(opts, "pipeline.plugin_dir=%s", optarg);
            break;
        case OPT_SET:
            rc = add_assignment(opts, "%s", optarg);
            break;
        case OPT_STAGES:
            rc = add_assignment(opts, "pipeline.stages=%s", optarg);
            break;
        case OPT_REPEAT:
            if (cli_parse_count(optarg, 1000000, &opts->repeat) != 0 ||
                opts->repeat < 1)
                return cli_usage_error(CMD, bench_usage,
                                       "--repeat: a number from 1, not '%s'",
                                       optarg);
            break;
        case OPT_MIN_MB:
            errno = 0;
            opts->min_mb = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(opts->min_mb >= 0) ||
                opts->min_mb > 1e6)
                return cli_usage_error(CMD, bench_usage,
                                       "--min-mb: a number of MB, not '%s'",
                                       optarg);
            break;
        case 'j':
            if (cli_parse_count(optarg, MAX_THREADS, &opts->jobs) != 0 ||
                opts->jobs < 1)
                return cli_usage_error(CMD, bench_usage,
                                       "--jobs: a number from 1 to %d, not "
                                       "'%s'",
                                       MAX_THREADS, optarg);
            break;
        case 'h':
            fputs(bench_usage, stdout);
            return -1;
        default:
            return cli_usage_error(CMD, bench_usage, NULL);
        }
        if (rc != 0) {
            cli_error(CMD, "out of memory");
            return TP_EXIT_FAILED;
        }
    }
    if (optind >= argc)
        return cli_usage_error(CMD, bench_usage, "no input FILE");
    return 0;
}

static void free_bench_options(bench_options *opts)
{
    size_t i;

    for (i = 0; opts->assignments && i < opts->n_assignments; i++)
        free((char *)opts->assignments[i]);
    free(opts->assignments);
}

/* Defaults, then -c, then the assignments in order; 0 or -1 (reported). */
static int bench_config(tp_config *cfg, const bench_options *opts)
{
    char err[1024];
    size_t i;

    if (opts->config_path &&
        tp_config_load(cfg, opts->config_path, err, sizeof(err)) != 0)
        goto fail;
    for (i = 0; i < opts->n_assignments; i++)
        if (tp_config_set(cfg, opts->assignments[i], err, sizeof(err)) != 0)
            goto fail;
    return 0;
fail:
    cli_error(CMD, "%s", err);
    return -1;
}

/* Run the threads and print the table. 0, or -1 (reported). */
static int bench_measure(bench_run *run, bench_thread *threads)
{
    const bench_input *in = run->input;
    uint64_t start, wall, text_bytes = 0;
    size_t n_docs = 0, col;
    struct rusage ru;
    long t, errors = 0;
    int rc = 0;

    for (t = 0; t < run->jobs; t++) {
        threads[t].index = (int)t;
        threads[t].run = run;
        threads[t].capacity =
            (in->n / (size_t)run->jobs + 1) * (size_t)run->passes;
        threads[t].lat =
            calloc(threads[t].capacity * run->n_cols, sizeof(uint64_t));
        if (!threads[t].lat) {
            cli_error(CMD, "out of memory");
            return -1;
        }
    }
    start = now_ns();
    for (t = 0; t < run->jobs; t++)
        if (pthread_create(&threads[t].thread, NULL, bench_thread_main,
                           &threads[t]) != 0) {
            cli_error(CMD, "cannot start a thread");
            run->jobs = t;
            rc = -1;
            break;
        }
    for (t = 0; t < run->jobs; t++)
        pthread_join(threads[t].thread, NULL);
    wall = now_ns() - start;
    for (t = 0; t < run->jobs; t++) {
        if (threads[t].failed) {
            cli_error(CMD, "%s", threads[t].err);
            rc = -1;
        }
        text_bytes += threads[t].text_bytes;
        n_docs += threads[t].n_done;
        errors += threads[t].errors;
    }
    if (rc != 0)
        return rc;

    printf("textpipe bench: %zu documents, %.2f MB of text per pass; %ld "
           "passes: %zu documents, %.1f MB; %ld thread%s\n",
           in->n, (double)in->text_bytes / 1e6, run->passes, n_docs,
           (double)text_bytes / 1e6, run->jobs, run->jobs == 1 ? "" : "s");
    printf("%-12s %10s %11s %9s %9s %9s\n", "stage", "MB/s", "docs/s", "p50_us",
           "p90_us", "p99_us");
    for (col = 0; col < run->n_cols && rc == 0; col++) {
        char name[64];
        if (col == 0)
            snprintf(name, sizeof(name), "(decode)");
        else if (col <= run->n_stages) {
            const char *label =
                tp_pipeline_spec_stage_label(run->spec, col - 1);
            snprintf(name, sizeof(name), "%.*s", (int)strcspn(label, "@"),
                     label);
        } else if (col == run->n_stages + 1)
            snprintf(name, sizeof(name), "(encode)");
        else
            snprintf(name, sizeof(name), "total");
        rc = print_row(name, threads, run->jobs, col, text_bytes, n_docs);
    }
    if (run->jobs > 1)
        printf("wall clock: %.1f MB/s, %.0f documents/s with %ld threads\n",
               (double)text_bytes / 1e6 / ((double)wall / 1e9),
               (double)n_docs / ((double)wall / 1e9), run->jobs);
    {
        uint64_t cpu = 0;
        for (t = 0; t < run->jobs; t++)
            cpu += threads[t].cpu_ns;
        if (cpu)
            printf("cpu: %.1f MB/s per core (text over the measuring "
                   "threads' CPU time, %.2f s)\n",
                   (double)text_bytes / 1e6 / ((double)cpu / 1e9),
                   (double)cpu / 1e9);
    }
    if (errors)
        printf("errors: %ld documents were answered with an error (their "
               "time is counted)\n",
               errors);
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS: %.1f MB (the whole run, with %.1f MB of input held in "
           "memory)\n",
           (double)ru.ru_maxrss * 1024 / 1e6, (double)in->msg_bytes / 1e6);
    if (rc != 0)
        cli_error(CMD, "out of memory");
    return rc;
}

int cmd_bench(int argc, char **argv)
{
    bench_options opts;
    bench_input input;
    bench_run run;
    bench_thread *threads = NULL;
    tp_config cfg;
    char err[1024];
    int rc, exit_code = TP_EXIT_FAILED;
    long t;

    tp_log_init("textpipe", TP_LOG_WARN);
    memset(&input, 0, sizeof(input));
    memset(&run, 0, sizeof(run));
    rc = parse_bench_options(argc, argv, &opts);
    if (rc != 0) {
        free_bench_options(&opts);
        return rc < 0 ? TP_EXIT_OK : rc;
    }
    tp_config_init(&cfg);
    if (bench_config(&cfg, &opts) != 0)
        goto out;
    tp_limits_default(&run.limits);
    if (cfg.max_doc_bytes) {
        run.limits.max_doc_bytes = cfg.max_doc_bytes;
        run.limits.max_arena_bytes = tp_limits_arena_for(cfg.max_doc_bytes);
    }
    run.spec = tp_pipeline_spec_build(&cfg, err, sizeof(err));
    if (!run.spec) {
        cli_error(CMD, "%s", err);
        goto out;
    }
    run.n_stages = tp_pipeline_spec_n_stages(run.spec);
    if (run.n_stages > MAX_STAGES) {
        cli_error(CMD, "more than %d stages", MAX_STAGES);
        goto out;
    }
    run.n_cols = run.n_stages + 3;
    run.jobs = opts.jobs;
    if (read_inputs(&input, argv + optind, argc - optind, &run.limits) != 0)
        goto out;
    if (input.n == 0 || input.text_bytes == 0) {
        cli_error(CMD, "no documents with text to measure");
        goto out;
    }
    run.input = &input;
    run.passes =
        (long)(opts.min_mb * 1e6 / (double)input.text_bytes + 0.999999);
    if (run.passes < opts.repeat)
        run.passes = opts.repeat;
    threads = calloc((size_t)opts.jobs, sizeof(*threads));
    if (!threads) {
        cli_error(CMD, "out of memory");
        goto out;
    }
    if (bench_measure(&run, threads) == 0)
        exit_code = fflush(stdout) == 0 ? TP_EXIT_OK : TP_EXIT_FAILED;
out:
    for (t = 0; threads && t < opts.jobs; t++)
        free(threads[t].lat);
    free(threads);
    input_free(&input);
    if (run.spec)
        tp_pipeline_spec_unref(run.spec);
    tp_config_free(&cfg);
    free_bench_options(&opts);
    return exit_code;
}
