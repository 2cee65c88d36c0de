/*
 * cmd_analyze.c - `textpipe analyze`: the batch mode and the evaluation
 * path. It runs the configured pipeline in-process, with the very code the
 * daemon runs (tp_process_message), on JSON Lines of documents (or, with
 * --text, on whole files) and prints on stdout one JSON line per document:
 * the result the daemon would publish, or its error. A line that is not a
 * JSON object gets an error with the client-only code "bad_input"; any
 * other problem gets the protocol's own code. Logs go to stderr only.
 *
 * With -j N, N worker threads (each with its own tp_pipeline built from one
 * shared tp_pipeline_spec) take documents from a ring of slots; the main
 * thread reads input into free slots and writes finished slots strictly in
 * input order, so the output does not depend on N. `seq` is patched to the
 * document's line number (its position with --text), so every output line
 * points back at its input line, and the daemon id is "analyze".
 */
#include "client.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_out.h"
#include "textpipe/tp_protocol.h"
#include "tp_core.h"

#define CMD "analyze"
#define ANALYZE_DAEMON_ID "analyze"
#define BAD_INPUT_CODE "bad_input"
#define MAX_WORKERS 256

static const char analyze_usage[] =
    "usage: textpipe analyze [-c FILE] [--plugin-dir DIR] [--set S.K=V]...\n"
    "                        [-j N] [-v] [--bin base64|array] [FILE|-]\n"
    "       textpipe analyze --text [OPTIONS] FILE...\n"
    "\n"
    "Run the configured pipeline in-process (no daemon) and print one JSON\n"
    "line per document on stdout: the same result objects textpiped\n"
    "publishes (with \"daemon\": \"analyze\" and \"seq\" = the input line\n"
    "number), or an error object. Input is JSON Lines of documents\n"
    "{\"id\",\"text\",\"meta\",\"topic\",\"targets\"} from FILE or stdin; "
    "blank\n"
    "lines are skipped. A line that is not a JSON object gets an error with\n"
    "code \"bad_input\" (a client-only code: the daemon never sees JSON);\n"
    "other problems get the protocol's codes (missing_id, bad_utf8, ...).\n"
    "Logs go to stderr.\n"
    "\n"
    "  -c, --config FILE   textpiped.conf to read (default: built-in\n"
    "                      defaults)\n"
    "      --plugin-dir DIR  where the stage plugins are (default: the\n"
    "                      build tree's, else the installed ones)\n"
    "      --set S.K=V     override a config key (section.key=value),\n"
    "                      e.g. --set pipeline.stages=tokenize\n"
    "  -j, --jobs N        worker threads (default 1; 0 = one per CPU);\n"
    "                      output stays in input order\n"
    "      --text          each FILE is one document, its id the file name\n"
    "      --bin STYLE     MessagePack bin as base64 (default) or array\n"
    "  -v, --verbose       log more (info; twice: debug)\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit: 0 every document was answered (with a result or an error\n"
    "object); 1 could not run (bad config with file:line, missing plugin,\n"
    "unreadable input, write error); 2 bad command line.\n";

typedef struct analyze_options {
    const char *config_path;
    const char **assignments; /* --set and --plugin-dir, in order */
    size_t n_assignments;
    long jobs;
    int text_mode;
    int verbosity;
    json_out_opts json;
} analyze_options;

/* ---- the ring of documents ---------------------------------------------- */

typedef enum job_state { JOB_FREE, JOB_READY, JOB_DONE } job_state;

/* One document on its way: filled by the reader, processed by a worker,
 * written and freed by the writer. The buffers stay allocated for reuse. */
typedef struct analyze_job {
    job_state state;
    uint64_t seq;
    msgpack_sbuffer input;        /* the producer message */
    char bad_input[512];          /* non-empty: the client refused the input */
    char id[TP_ID_MAX_BYTES + 1]; /* the id of a refused input, if known */
    json_buf output;              /* the JSON line, with its newline */
} analyze_job;

typedef struct analyze_run {
    pthread_mutex_t lock;
    pthread_cond_t work_ready; /* a job was queued, or closing */
    pthread_cond_t work_done;  /* a job finished, or a worker started */
    analyze_job *ring;
    size_t cap;
    uint64_t next_read;  /* the next job the reader fills */
    uint64_t next_take;  /* the next job a worker takes */
    uint64_t next_write; /* the next job to be written out */
    int closing;
    int write_failed; /* stdout failed: stop reading, write nothing more */

    /* worker start-up */
    int n_started;
    int n_failed;
    char start_err[512];

    tp_pipeline_spec *spec;
    tp_limits limits;
    const json_out_opts *json;
} analyze_run;

/* ---- work of one document ----------------------------------------------- */

/*
 * The body of a refused input line: the protocol's error map (so it has
 * exactly the shape of the daemon's errors), with error.code rewritten to
 * the client-only "bad_input" after unpacking.
 */
static int encode_bad_input(msgpack_sbuffer *body, const analyze_job *job,
                            size_t *seq_offset)
{
    tp_error err;
    tp_str id = {job->id, strlen(job->id)};

    memset(&err, 0, sizeof(err));
    tp_error_set(&err, TP_E_INTERNAL, "%s", job->bad_input);
    return tp_error_encode(body, id.len ? &id : NULL, ANALYZE_DAEMON_ID, &err,
                           seq_offset);
}

static void rewrite_error_code(msgpack_object *body, const char *code)
{
    msgpack_object *error = (msgpack_object *)tp_msgpack_map_get(body, "error");
    msgpack_object *code_obj =
        error ? (msgpack_object *)tp_msgpack_map_get(error, "code") : NULL;

    if (code_obj && code_obj->type == MSGPACK_OBJECT_STR) {
        code_obj->via.str.ptr = code;
        code_obj->via.str.size = (uint32_t)strlen(code);
    }
}

/* Per-worker scratch memory, reused from document to document. */
typedef struct worker_scratch {
    tp_docbuf docbuf;
    tp_outmsg out;
    msgpack_zone zone;
} worker_scratch;

/* Run one job: the pipeline (or the refusal), then JSON into job->output.
 * Writes a last-resort error line when even that fails. */
static void process_job(analyze_run *run, tp_pipeline *pipeline,
                        worker_scratch *scratch, analyze_job *job)
{
    msgpack_object body;
    char err[256];
    int rc;

    msgpack_sbuffer_clear(&scratch->out.body);
    scratch->out.seq_offset = 0;
    if (job->bad_input[0])
        rc =
            encode_bad_input(&scratch->out.body, job, &scratch->out.seq_offset);
    else
        rc = tp_process_message(pipeline, &run->limits, ANALYZE_DAEMON_ID,
                                job->input.data, job->input.size,
                                &scratch->docbuf, &scratch->out);
    json_buf_reset(&job->output);
    if (rc == 0) {
        tp_msg_patch_seq(scratch->out.body.data, scratch->out.seq_offset,
                         job->seq);
        msgpack_zone_clear(&scratch->zone);
        if (msgpack_unpack(scratch->out.body.data, scratch->out.body.size, NULL,
                           &scratch->zone, &body) != MSGPACK_UNPACK_SUCCESS) {
            snprintf(err, sizeof(err), "cannot unpack the encoded result");
            rc = -1;
        } else {
            if (job->bad_input[0])
                rewrite_error_code(&body, BAD_INPUT_CODE);
            rc = json_out_value(&job->output, &body, run->json, err,
                                sizeof(err));
        }
    } else {
        snprintf(err, sizeof(err), "out of memory");
    }
    if (rc != 0) {
        /* Still answer the line, so the output keeps one line per input. */
        tp_log(TP_LOG_ERROR, "document %llu: %s", (unsigned long long)job->seq,
               err);
        json_buf_reset(&job->output);
        snprintf(err, sizeof(err),
                 "{\"v\":1,\"seq\":%llu,\"daemon\":\"%s\",\"error\":"
                 "{\"code\":\"internal\",\"message\":\"see the log\"}}",
                 (unsigned long long)job->seq, ANALYZE_DAEMON_ID);
        json_buf_append(&job->output, err, strlen(err));
    }
    json_buf_append(&job->output, "\n", 1);
}

/* ---- workers ------------------------------------------------------------ */

static void *worker_main(void *arg)
{
    analyze_run *run = arg;
    worker_scratch scratch;
    tp_pipeline *pipeline;
    char err[512];
    analyze_job *job;

    /* Instances are created on the thread that uses them (tp_plugin.h). */
    pipeline = tp_pipeline_create(run->spec, err, sizeof(err));
    pthread_mutex_lock(&run->lock);
    if (!pipeline) {
        if (run->n_failed++ == 0)
            snprintf(run->start_err, sizeof(run->start_err), "%s", err);
    }
    run->n_started++;
    pthread_cond_broadcast(&run->work_done);
    if (!pipeline) {
        pthread_mutex_unlock(&run->lock);
        return NULL;
    }
    memset(&scratch, 0, sizeof(scratch));
    msgpack_sbuffer_init(&scratch.out.body);
    msgpack_zone_init(&scratch.zone, 8192);
    tp_docbuf_init(&scratch.docbuf, &run->limits);
    for (;;) {
        while (run->next_take == run->next_read && !run->closing)
            pthread_cond_wait(&run->work_ready, &run->lock);
        if (run->next_take == run->next_read)
            break; /* closing and nothing left */
        job = &run->ring[run->next_take++ % run->cap];
        pthread_mutex_unlock(&run->lock);

        process_job(run, pipeline, &scratch, job);

        pthread_mutex_lock(&run->lock);
        job->state = JOB_DONE;
        pthread_cond_broadcast(&run->work_done);
    }
    pthread_mutex_unlock(&run->lock);
    tp_docbuf_free(&scratch.docbuf);
    msgpack_zone_destroy(&scratch.zone);
    msgpack_sbuffer_destroy(&scratch.out.body);
    tp_pipeline_destroy(pipeline);
    return NULL;
}

/* ---- the reader and writer (main thread) -------------------------------- */

/* Write finished jobs in order. With `wait_for_one`, block until at least
 * the oldest job is written. Called and returns with the lock held.
 * Returns -1 when stdout failed. */
static int write_finished(analyze_run *run, int wait_for_one)
{
    int wrote = 0;

    while (run->next_write < run->next_read) {
        analyze_job *job = &run->ring[run->next_write % run->cap];
        size_t n;

        if (job->state != JOB_DONE) {
            if (!wait_for_one || wrote)
                break;
            pthread_cond_wait(&run->work_done, &run->lock);
            continue;
        }
        /* A DONE job is no worker's any more; write it unlocked. */
        pthread_mutex_unlock(&run->lock);
        n = fwrite(job->output.data, 1, job->output.len, stdout);
        pthread_mutex_lock(&run->lock);
        if (n != job->output.len || job->output.oom)
            return -1;
        job->state = JOB_FREE;
        run->next_write++;
        wrote = 1;
    }
    return 0;
}

/* A free slot for the next input document (writing out finished ones to
 * make room). NULL when stdout failed (reported). */
static analyze_job *next_free_job(analyze_run *run, uint64_t seq)
{
    analyze_job *job;

    pthread_mutex_lock(&run->lock);
    if (write_finished(run, 0) != 0)
        goto fail;
    while (run->next_read - run->next_write == run->cap)
        if (write_finished(run, 1) != 0)
            goto fail;
    pthread_mutex_unlock(&run->lock);
    /* No worker takes jobs at or past next_read: filling it is safe. */
    job = &run->ring[run->next_read % run->cap];
    job->seq = seq;
    job->bad_input[0] = '\0';
    job->id[0] = '\0';
    msgpack_sbuffer_clear(&job->input);
    return job;
fail:
    run->write_failed = 1;
    pthread_mutex_unlock(&run->lock);
    cli_error(CMD, "cannot write to stdout: %s", strerror(errno));
    return NULL;
}

static void queue_job(analyze_run *run, analyze_job *job)
{
    pthread_mutex_lock(&run->lock);
    job->state = JOB_READY;
    run->next_read++;
    pthread_cond_signal(&run->work_ready);
    pthread_mutex_unlock(&run->lock);
}

/* Read JSON Lines from `path` into jobs. 0, or -1 when the input or stdout
 * failed (reported). */
static int read_jsonl(analyze_run *run, const char *path)
{
    jsonl_reader reader;
    analyze_job *job;
    const char *line;
    char err[256];
    size_t len;
    long rc;

    if (jsonl_open(&reader, path) != 0) {
        cli_error(CMD, "%s: %s", path, strerror(errno));
        return -1;
    }
    while ((rc = jsonl_next(&reader, &line, &len)) >= 0) {
        job = next_free_job(run, (uint64_t)reader.lineno);
        if (!job)
            break;
        if (json_doc_to_msgpack(line, len, NULL, &job->input, err,
                                sizeof(err)) != 0)
            snprintf(job->bad_input, sizeof(job->bad_input), "line %ld: %s",
                     reader.lineno, err);
        queue_job(run, job);
    }
    if (rc == -2)
        cli_error(CMD, "%s: read error: %s", reader.name, strerror(errno));
    jsonl_close(&reader);
    return rc == -1 ? 0 : -1;
}

/* --text: each file one document, its id the name. An unreadable file is
 * answered with a bad_input error (and named on stderr). */
static int read_text_files(analyze_run *run, char **paths, int n_paths)
{
    analyze_job *job;
    char *text;
    size_t len;
    int i;

    for (i = 0; i < n_paths; i++) {
        const char *id = paths[i];
        job = next_free_job(run, (uint64_t)i + 1);
        if (!job)
            return -1;
        if (cli_read_file(paths[i], &text, &len) != 0) {
            cli_error(CMD, "%s: %s", paths[i], strerror(errno));
            snprintf(job->bad_input, sizeof(job->bad_input),
                     "cannot read %s: %s", paths[i], strerror(errno));
            snprintf(job->id, sizeof(job->id), "%s", id);
        } else {
            if (json_pack_text_doc(&job->input, id, strlen(id), text, len,
                                   NULL) != 0)
                snprintf(job->bad_input, sizeof(job->bad_input),
                         "out of memory");
            free(text);
        }
        queue_job(run, job);
    }
    return 0;
}

/* ---- set-up ------------------------------------------------------------- */

static int parse_analyze_options(int argc, char **argv, analyze_options *opts)
{
    enum { OPT_PLUGIN_DIR = 256, OPT_SET, OPT_TEXT, OPT_BIN };
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
        {"set", required_argument, NULL, OPT_SET},
        {"jobs", required_argument, NULL, 'j'},
        {"text", no_argument, NULL, OPT_TEXT},
        {"bin", required_argument, NULL, OPT_BIN},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *assignment;
    int c;

    memset(opts, 0, sizeof(*opts));
    opts->jobs = 1;
    json_out_opts_default(&opts->json);
    /* at most one assignment per argument */
    opts->assignments = calloc((size_t)argc + 1, sizeof(*opts->assignments));
    if (!opts->assignments) {
        cli_error(CMD, "out of memory");
        return TP_EXIT_FAILED;
    }
    while ((c = getopt_long(argc, argv, "c:j:vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            opts->config_path = optarg;
            break;
        case OPT_PLUGIN_DIR:
            /* the [pipeline] plugin_dir key, so it is resolved like --set */
            if (asprintf(&assignment, "pipeline.plugin_dir=%s", optarg) < 0) {
                cli_error(CMD, "out of memory");
                return TP_EXIT_FAILED;
            }
            opts->assignments[opts->n_assignments++] = assignment;
            break;
        case OPT_SET:
            assignment = strdup(optarg);
            if (!assignment) {
                cli_error(CMD, "out of memory");
                return TP_EXIT_FAILED;
            }
            opts->assignments[opts->n_assignments++] = assignment;
            break;
        case 'j':
            if (cli_parse_count(optarg, MAX_WORKERS, &opts->jobs) != 0)
                return cli_usage_error(CMD, analyze_usage,
                                       "--jobs: a number from 0 to %d, not "
                                       "'%s'",
                                       MAX_WORKERS, optarg);
            break;
        case OPT_TEXT:
            opts->text_mode = 1;
            break;
        case OPT_BIN:
            if (json_bin_style_parse(optarg, &opts->json.bin) != 0)
                return cli_usage_error(CMD, analyze_usage,
                                       "--bin: base64 or array, not '%s'",
                                       optarg);
            break;
        case 'v':
            opts->verbosity++;
            break;
        case 'h':
            fputs(analyze_usage, stdout);
            return -1;
        default:
            return cli_usage_error(CMD, analyze_usage, NULL);
        }
    }
    if (opts->text_mode && optind >= argc)
        return cli_usage_error(CMD, analyze_usage, "--text needs FILEs");
    if (!opts->text_mode && argc - optind > 1)
        return cli_usage_error(CMD, analyze_usage,
                               "one FILE of JSON Lines (or --text FILE...)");
    if (opts->jobs == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        opts->jobs = cpus < 1 ? 1 : cpus > MAX_WORKERS ? MAX_WORKERS : cpus;
    }
    return 0;
}

static void free_analyze_options(analyze_options *opts)
{
    size_t i;

    if (!opts->assignments)
        return;
    for (i = 0; i < opts->n_assignments; i++)
        free((char *)opts->assignments[i]);
    free(opts->assignments);
    opts->assignments = NULL;
}

/* The config: built-in defaults, then -c, then --plugin-dir and --set in
 * the order given. 0, or -1 with the message (file:line) reported. */
static int load_config(tp_config *cfg, const analyze_options *opts)
{
    char err[1024];
    size_t i;

    tp_config_init(cfg);
    if (opts->config_path &&
        tp_config_load(cfg, opts->config_path, err, sizeof(err)) != 0) {
        cli_error(CMD, "%s", err);
        return -1;
    }
    for (i = 0; i < opts->n_assignments; i++)
        if (tp_config_set(cfg, opts->assignments[i], err, sizeof(err)) != 0) {
            cli_error(CMD, "%s", err);
            return -1;
        }
    return 0;
}

static int run_init(analyze_run *run, size_t cap)
{
    size_t i;

    memset(run, 0, sizeof(*run));
    run->ring = calloc(cap, sizeof(*run->ring));
    if (!run->ring)
        return -1;
    run->cap = cap;
    for (i = 0; i < cap; i++) {
        msgpack_sbuffer_init(&run->ring[i].input);
        json_buf_init(&run->ring[i].output);
    }
    pthread_mutex_init(&run->lock, NULL);
    pthread_cond_init(&run->work_ready, NULL);
    pthread_cond_init(&run->work_done, NULL);
    return 0;
}

static void run_free(analyze_run *run)
{
    size_t i;

    for (i = 0; i < run->cap; i++) {
        msgpack_sbuffer_destroy(&run->ring[i].input);
        json_buf_free(&run->ring[i].output);
    }
    free(run->ring);
    pthread_mutex_destroy(&run->lock);
    pthread_cond_destroy(&run->work_ready);
    pthread_cond_destroy(&run->work_done);
}

/* Start the workers and wait until each has its pipeline (or failed). */
static int start_workers(analyze_run *run, pthread_t *threads, long n,
                         long *n_running)
{
    long i;
    int rc;

    *n_running = 0;
    for (i = 0; i < n; i++) {
        rc = pthread_create(&threads[i], NULL, worker_main, run);
        if (rc != 0) {
            cli_error(CMD, "cannot start a worker: %s", strerror(rc));
            break;
        }
        (*n_running)++;
    }
    pthread_mutex_lock(&run->lock);
    while (run->n_started < *n_running)
        pthread_cond_wait(&run->work_done, &run->lock);
    pthread_mutex_unlock(&run->lock);
    if (run->n_failed)
        cli_error(CMD, "%s", run->start_err);
    return *n_running == n && run->n_failed == 0 ? 0 : -1;
}

/* Let the workers finish what is queued, write it (unless stdout failed),
 * and join them. -1 when stdout failed (reported). */
static int finish(analyze_run *run, pthread_t *threads, long n_running)
{
    int rc = 0;
    long i;

    pthread_mutex_lock(&run->lock);
    while (!run->write_failed && run->next_write < run->next_read)
        if (write_finished(run, 1) != 0) {
            run->write_failed = 1;
            cli_error(CMD, "cannot write to stdout: %s", strerror(errno));
        }
    rc = run->write_failed ? -1 : 0;
    run->closing = 1;
    pthread_cond_broadcast(&run->work_ready);
    pthread_mutex_unlock(&run->lock);
    for (i = 0; i < n_running; i++)
        pthread_join(threads[i], NULL);
    return rc;
}

int cmd_analyze(int argc, char **argv)
{
    analyze_options opts;
    analyze_run run;
    tp_config cfg;
    pthread_t *threads = NULL;
    long n_running = 0;
    int rc, exit_code = TP_EXIT_FAILED, run_ready = 0, cfg_ready = 0;
    char err[1024];

    tp_log_init("textpipe", TP_LOG_WARN);
    rc = parse_analyze_options(argc, argv, &opts);
    if (rc != 0) {
        free_analyze_options(&opts);
        return rc < 0 ? TP_EXIT_OK : rc;
    }
    tp_log_set_level(opts.verbosity >= 2   ? TP_LOG_DEBUG
                     : opts.verbosity == 1 ? TP_LOG_INFO
                                           : TP_LOG_WARN);
    cfg_ready = 1;
    if (load_config(&cfg, &opts) != 0)
        goto out;

    if (run_init(&run, (size_t)opts.jobs * 4 + 4) != 0) {
        cli_error(CMD, "out of memory");
        goto out;
    }
    run_ready = 1;
    run.json = &opts.json;
    tp_limits_default(&run.limits);
    if (cfg.max_doc_bytes)
        run.limits.max_doc_bytes = cfg.max_doc_bytes;
    run.spec = tp_pipeline_spec_build(&cfg, err, sizeof(err));
    if (!run.spec) {
        cli_error(CMD, "%s", err);
        goto out;
    }
    threads = calloc((size_t)opts.jobs, sizeof(*threads));
    if (!threads) {
        cli_error(CMD, "out of memory");
        goto out;
    }
    if (start_workers(&run, threads, opts.jobs, &n_running) != 0) {
        finish(&run, threads, n_running);
        goto out;
    }

    /* Whatever was read is processed and written, even when the input
     * failed part way. */
    if (opts.text_mode)
        rc = read_text_files(&run, argv + optind, argc - optind);
    else
        rc = read_jsonl(&run, optind < argc ? argv[optind] : "-");
    if (finish(&run, threads, n_running) != 0)
        rc = -1;
    else if (fflush(stdout) != 0) {
        cli_error(CMD, "cannot write to stdout: %s", strerror(errno));
        rc = -1;
    }
    exit_code = rc == 0 ? TP_EXIT_OK : TP_EXIT_FAILED;
out:
    free(threads);
    if (run_ready) {
        if (run.spec)
            tp_pipeline_spec_unref(run.spec);
        run_free(&run);
    }
    if (cfg_ready)
        tp_config_free(&cfg);
    free_analyze_options(&opts);
    return exit_code;
}
