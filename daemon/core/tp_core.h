/*
 * tp_core.h - what the daemon and the client share beyond the protocol:
 * logging, the config file, the plugin loader and the pipeline of stage
 * instances. textpipe analyze runs exactly the code textpiped runs.
 */
#ifndef TEXTPIPE_TP_CORE_H
#define TEXTPIPE_TP_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "textpipe/tp_plugin.h"
#include "textpipe/tp_protocol.h"

/* ---- logging -------------------------------------------------------------
 * One line per event on stderr. Under journald (JOURNAL_STREAM set) each
 * line starts with an sd-daemon priority prefix ("<3>") instead of a time
 * stamp and level name. Thread-safe. */

void tp_log_init(const char *progname, int level);
void tp_log_set_level(int level);
int tp_log_get_level(void);
/* "error", "warn", "info", "debug" -> TP_LOG_*; -1 when unknown. */
int tp_log_level_parse(const char *s);
void tp_log(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Like tp_log, but at most `burst` lines per `key` every 10 seconds; the
 * number suppressed is reported with the next line that gets through. */
void tp_log_limited(const char *key, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- config -------------------------------------------------------------- */

/* A raw `key = value` of a [stage.NAME] section, validated later against
 * the plugin's option table. `origin` is "file:line" or "--set". */
typedef struct tp_conf_kv {
    char *key;
    char *value;
    char *origin;
    char *base_dir; /* for relative paths: the config file's folder, or the
                       working directory for --set */
} tp_conf_kv;

typedef struct tp_stage_conf {
    char *name;
    char *origin; /* where the section first appeared */
    tp_conf_kv *kv;
    size_t n_kv;
} tp_stage_conf;

typedef enum tp_sock_mode { TP_MODE_BIND = 0, TP_MODE_CONNECT = 1 } tp_sock_mode;
typedef enum tp_out_socket { TP_OUT_PUB = 0, TP_OUT_PUSH = 1 } tp_out_socket;

typedef struct tp_config {
    char *path; /* NULL when only defaults and --set */
    char *dir;  /* folder of path, for relative paths */

    /* [daemon] */
    int workers;          /* 0 = number of online CPUs */
    int max_inflight;
    size_t max_doc_bytes;
    int log_level;        /* TP_LOG_* */
    int stage_timeout_ms; /* 0 = none */
    int drain_timeout_ms; /* SIGTERM: bound on finishing in-flight work */
    int linger_ms;        /* PUB/PUSH linger at exit */

    /* [input] */
    char *input_endpoint;
    int input_mode;  /* tp_sock_mode */
    int input_hwm;

    /* [output] */
    char *output_endpoint;
    int output_mode; /* tp_sock_mode */
    int output_hwm;
    int output_socket; /* tp_out_socket */

    /* [pipeline] */
    char **stages;
    size_t n_stages;
    char *stages_origin;
    char *plugin_dir; /* NULL = next to the binary, else installed dir */

    /* [control], [metrics] */
    char *control_endpoint; /* NULL = default */
    char *metrics_listen;   /* NULL = off */

    /* [security]: CURVE for every endpoint when the secret key is set */
    char *curve_secret_key_file;
    char *curve_public_key_file;
    char *authorized_keys_dir;

    /* [stage.NAME] sections, in order of appearance */
    tp_stage_conf *stage_confs;
    size_t n_stage_confs;
} tp_config;

/* Defaults for every key. */
void tp_config_init(tp_config *cfg);
/* Read `path` over the current values. On error returns -1 and writes
 * "file:line: message" into err. */
int tp_config_load(tp_config *cfg, const char *path, char *err, size_t err_len);
/* Apply "section.key=value" (split at the last dot of the left side). */
int tp_config_set(tp_config *cfg, const char *assignment, char *err,
                  size_t err_len);
void tp_config_free(tp_config *cfg);
/* The plugin folder to use: cfg->plugin_dir, else build/plugins next to the
 * running binary (build tree), else the installed folder. */
const char *tp_config_plugin_dir(const tp_config *cfg, char *buf, size_t cap);

/* ---- plugins and pipelines ----------------------------------------------- */

typedef struct tp_plugin tp_plugin;

/* Load one plugin file and check its descriptor. Returns NULL and a
 * one-line error naming the file on failure. */
tp_plugin *tp_plugin_load(const char *path, char *err, size_t err_len);
const tp_stage_desc *tp_plugin_desc(const tp_plugin *p);
void tp_plugin_unload(tp_plugin *p);

/* Convert option text to a value of `type` (stage options and tests). */
int tp_option_parse(const tp_option_def *def, const char *text,
                    const char *base_dir, tp_optval *out, char *err,
                    size_t err_len);

/*
 * A pipeline spec: the loaded plugins of one config generation, in order,
 * with their validated options. Immutable once built, shared by every
 * worker, reference-counted (a reload builds a new one while the old one
 * still serves).
 */
typedef struct tp_pipeline_spec tp_pipeline_spec;

/* Load every stage of cfg, validate options and layer order, and create
 * (then destroy) one probe instance per stage. */
tp_pipeline_spec *tp_pipeline_spec_build(const tp_config *cfg, char *err,
                                         size_t err_len);
void tp_pipeline_spec_ref(tp_pipeline_spec *spec);
void tp_pipeline_spec_unref(tp_pipeline_spec *spec);
size_t tp_pipeline_spec_n_stages(const tp_pipeline_spec *spec);
/* "name@version" of stage i. */
const char *tp_pipeline_spec_stage_label(const tp_pipeline_spec *spec,
                                         size_t i);
const char *const *tp_pipeline_spec_labels(const tp_pipeline_spec *spec);
/* Does the result include tokens ([stage.tokenize] emit_tokens)? */
int tp_pipeline_spec_emit_tokens(const tp_pipeline_spec *spec);

/* One worker's instances of every stage of a spec. Not thread-safe: one
 * thread uses a pipeline at a time. */
typedef struct tp_pipeline tp_pipeline;

tp_pipeline *tp_pipeline_create(tp_pipeline_spec *spec, char *err,
                                size_t err_len);
void tp_pipeline_destroy(tp_pipeline *p);
tp_pipeline_spec *tp_pipeline_get_spec(tp_pipeline *p);

/* Run every stage over a decoded document. timings_us gets one entry per
 * stage. Returns 0, or -1 with err (code stage_failed, stage named) and
 * the failing stage's index in *failed (when failed is not NULL). */
int tp_pipeline_run(tp_pipeline *p, tp_docbuf *d, uint64_t *timings_us,
                    tp_error *err, int *failed);

#define TP_MAX_STAGES 64

/* What processing one message produced: the topic frame and the body. */
typedef struct tp_outmsg {
    char topic[16 + TP_TOPIC_MAX_BYTES];
    msgpack_sbuffer body;
    size_t seq_offset;
    int is_error;
    tp_errcode code; /* TP_E_NONE for results */
    tp_error error;  /* when is_error: what was published */
    char id[TP_ID_MAX_BYTES + 1]; /* the document id, "" when unreadable */
    /* For statistics: the time of each stage that ran (n_stage_us of
     * them), and the index of the stage that failed, or -1. */
    uint64_t stage_us[TP_MAX_STAGES];
    size_t n_stage_us;
    int failed_stage;
} tp_outmsg;

/*
 * Fill `out` with an error message: the flags and copies the caller's log
 * and counters read, the topic ("error" or "error.<topic>") and the
 * encoded body. id and topic may be NULL or empty. Returns 0, or -1 when
 * out of memory. Every error the daemon publishes is made here.
 */
int tp_outmsg_set_error(tp_outmsg *out, const tp_str *id, const tp_str *topic,
                        const char *daemon_id, const tp_error *err);

/*
 * Decode, run and encode one producer message: the whole job of a worker
 * for one document. Always produces a message (a result or an error);
 * returns -1 only when even the error could not be encoded (out of
 * memory). `out->body` must be initialised by the caller
 * (msgpack_sbuffer_init) and is appended to. `d` is the caller's docbuf
 * (tp_docbuf_init), reused from message to message so that a worker does
 * not go back to malloc for every document; it is reset on return.
 */
int tp_process_message(tp_pipeline *p, const tp_limits *lim,
                       const char *daemon_id, const void *data, size_t len,
                       tp_docbuf *d, tp_outmsg *out);

#endif /* TEXTPIPE_TP_CORE_H */
