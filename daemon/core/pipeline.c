/*
 * pipeline.c - the stages of one config generation, and one worker's
 * instances of them.
 *
 * A spec is built once per config (start-up, reload): it loads every
 * plugin, validates the stage options against each plugin's option table,
 * checks that every layer a stage requires is provided by an earlier
 * stage, and creates one probe instance of each stage so that a config
 * whose stage cannot start is refused before it replaces a working one.
 * Workers then create their own instances from the shared, immutable spec
 * (the threading contract of tp_plugin.h: one thread per instance).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tp_core.h"

typedef struct spec_stage {
    tp_plugin *plugin;
    const tp_stage_desc *desc;
    tp_optval *options; /* one per option of desc->options */
    size_t n_options;
    char *label;        /* "name@version" */
    tp_host host;       /* host services; host_private = this stage */
} spec_stage;

struct tp_pipeline_spec {
    atomic_int refs;
    spec_stage *stages;
    size_t n_stages;
    const char **labels;
    int emit_tokens;
};

struct tp_pipeline {
    tp_pipeline_spec *spec;
    void **instances;
};

/* Stage logs carry the stage's label so an operator knows who spoke. */
static void stage_log(const tp_host *host, int level, const char *fmt, ...)
{
    const spec_stage *st = host->host_private;
    char msg[1024];
    va_list ap;
    if (level > tp_log_get_level())
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tp_log(level, "stage %s: %s", st ? st->label : "?", msg);
}

static void optval_free(tp_optval *v)
{
    free((void *)v->s);
    for (size_t i = 0; i < v->n_list; i++)
        free((void *)v->list[i]);
    free((void *)v->list);
    memset(v, 0, sizeof *v);
}

static size_t count_options(const tp_stage_desc *d)
{
    size_t n = 0;
    if (d->options)
        while (d->options[n].name)
            n++;
    return n;
}

static const tp_stage_conf *find_stage_conf(const tp_config *cfg,
                                            const char *name)
{
    for (size_t i = 0; i < cfg->n_stage_confs; i++)
        if (strcmp(cfg->stage_confs[i].name, name) == 0)
            return &cfg->stage_confs[i];
    return NULL;
}

/* Convert the stage's [stage.NAME] keys (and defaults) into values. */
static int stage_options_build(spec_stage *st, const tp_stage_conf *sc,
                               char *err, size_t err_len)
{
    const tp_stage_desc *d = st->desc;
    char why[512];

    st->n_options = count_options(d);
    st->options = calloc(st->n_options ? st->n_options : 1, sizeof *st->options);
    if (!st->options) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < st->n_options; i++) {
        const tp_option_def *def = &d->options[i];
        if (def->default_value &&
            tp_option_parse(def, def->default_value, NULL, &st->options[i],
                            why, sizeof why)) {
            snprintf(err, err_len, "stage %s: bad default of option %s",
                     d->name, why);
            return -1;
        }
    }
    for (size_t k = 0; sc && k < sc->n_kv; k++) {
        const tp_conf_kv *kv = &sc->kv[k];
        size_t i;
        for (i = 0; i < st->n_options; i++)
            if (strcmp(d->options[i].name, kv->key) == 0)
                break;
        if (i == st->n_options) {
            char known[512] = "";
            size_t used = 0;
            for (size_t j = 0; j < st->n_options && used < sizeof known; j++)
                used += (size_t)snprintf(known + used, sizeof known - used,
                                         "%s%s", j ? ", " : "",
                                         d->options[j].name);
            snprintf(err, err_len,
                     "%s: [stage.%s] unknown option '%s' (known: %s)",
                     kv->origin, d->name, kv->key,
                     st->n_options ? known : "none");
            return -1;
        }
        optval_free(&st->options[i]);
        if (tp_option_parse(&d->options[i], kv->value, kv->base_dir,
                            &st->options[i], why, sizeof why)) {
            snprintf(err, err_len, "%s: [stage.%s] %s", kv->origin, d->name,
                     why);
            return -1;
        }
    }
    return 0;
}

static int layer_in(const char *layer, const char *const *list)
{
    if (!list)
        return 0;
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], layer) == 0)
            return 1;
    return 0;
}

/* Every layer a stage requires must come from an earlier stage. */
static int check_layers(const tp_pipeline_spec *spec, char *err,
                        size_t err_len)
{
    for (size_t i = 0; i < spec->n_stages; i++) {
        const tp_stage_desc *d = spec->stages[i].desc;
        if (!d->requires)
            continue;
        for (size_t r = 0; d->requires[r]; r++) {
            int found = 0;
            for (size_t j = 0; j < i && !found; j++)
                found = layer_in(d->requires[r], spec->stages[j].desc->provides);
            if (!found) {
                snprintf(err, err_len,
                         "stage %s requires the '%s' layer, which no earlier "
                         "stage in [pipeline] stages provides",
                         d->name, d->requires[r]);
                return -1;
            }
        }
    }
    return 0;
}

/* plugin_dir is a list of folders separated by ':'; the first folder that
 * holds NAME.so wins (so tests and sites can add their own plugins beside
 * the shipped ones). */
static int find_plugin(const char *dirs, const char *name, char *path,
                       size_t cap)
{
    const char *p = dirs;
    while (*p) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n) {
            snprintf(path, cap, "%.*s/%s.so", (int)n, p, name);
            if (access(path, F_OK) == 0)
                return 0;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return -1;
}

static void spec_free(tp_pipeline_spec *spec)
{
    for (size_t i = 0; i < spec->n_stages; i++) {
        spec_stage *st = &spec->stages[i];
        for (size_t j = 0; j < st->n_options; j++)
            optval_free(&st->options[j]);
        free(st->options);
        free(st->label);
        tp_plugin_unload(st->plugin);
    }
    free(spec->stages);
    free(spec->labels);
    free(spec);
}

tp_pipeline_spec *tp_pipeline_spec_build(const tp_config *cfg, char *err,
                                         size_t err_len)
{
    tp_pipeline_spec *spec;
    char dirbuf[PATH_MAX], path[PATH_MAX + 64], why[1024];
    const char *dir = tp_config_plugin_dir(cfg, dirbuf, sizeof dirbuf);

    if (cfg->n_stages == 0) {
        snprintf(err, err_len, "%s: [pipeline] stages is empty",
                 cfg->stages_origin ? cfg->stages_origin
                                    : (cfg->path ? cfg->path : "config"));
        return NULL;
    }
    spec = calloc(1, sizeof *spec);
    if (!spec)
        goto oom;
    atomic_init(&spec->refs, 1);
    spec->stages = calloc(cfg->n_stages, sizeof *spec->stages);
    spec->labels = calloc(cfg->n_stages + 1, sizeof *spec->labels);
    if (!spec->stages || !spec->labels)
        goto oom;

    for (size_t i = 0; i < cfg->n_stages; i++) {
        spec_stage *st = &spec->stages[i];
        const char *name = cfg->stages[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(cfg->stages[j], name) == 0) {
                snprintf(err, err_len, "stage '%s' is listed twice in [pipeline] stages",
                         name);
                goto fail;
            }
        if (find_plugin(dir, name, path, sizeof path) != 0) {
            snprintf(err, err_len,
                     "stage '%s': no plugin %s.so in %s (plugin_dir)", name,
                     name, dir);
            goto fail;
        }
        st->plugin = tp_plugin_load(path, err, err_len);
        if (!st->plugin)
            goto fail;
        spec->n_stages = i + 1;
        st->desc = tp_plugin_desc(st->plugin);
        if (strcmp(st->desc->name, name) != 0) {
            snprintf(err, err_len,
                     "plugin %s: is stage '%s', but [pipeline] stages names '%s'",
                     path, st->desc->name, name);
            goto fail;
        }
        if (asprintf(&st->label, "%s@%s", st->desc->name, st->desc->version) < 0) {
            st->label = NULL;
            goto oom;
        }
        spec->labels[i] = st->label;
        if (stage_options_build(st, find_stage_conf(cfg, name), err, err_len))
            goto fail;
        tp_host_init(&st->host, stage_log);
        st->host.host_private = st;
        for (size_t o = 0; o < st->n_options; o++)
            if (strcmp(st->desc->options[o].name, "emit_tokens") == 0 &&
                st->desc->options[o].type == TP_OPT_BOOL && st->options[o].b)
                spec->emit_tokens = 1;
    }
    for (size_t i = 0; i < cfg->n_stage_confs; i++) {
        int listed = 0;
        for (size_t j = 0; j < cfg->n_stages; j++)
            listed |= strcmp(cfg->stages[j], cfg->stage_confs[i].name) == 0;
        if (!listed)
            tp_log(TP_LOG_DEBUG,
                   "%s: [stage.%s] is not in [pipeline] stages: its options "
                   "are not checked or used",
                   cfg->stage_confs[i].origin, cfg->stage_confs[i].name);
    }
    if (check_layers(spec, err, err_len))
        goto fail;

    /* Probe: every stage must be able to start with these options. */
    for (size_t i = 0; i < spec->n_stages; i++) {
        spec_stage *st = &spec->stages[i];
        void *inst = NULL;
        why[0] = 0;
        if (st->desc->create(&st->host, st->options, &inst, why, sizeof why) !=
                TP_OK ||
            !inst) {
            snprintf(err, err_len, "stage %s: cannot start: %s", st->label,
                     why[0] ? why : "create() failed without a message");
            goto fail;
        }
        st->desc->destroy(inst);
    }
    return spec;

oom:
    snprintf(err, err_len, "out of memory building the pipeline");
fail:
    if (spec)
        spec_free(spec);
    return NULL;
}

void tp_pipeline_spec_ref(tp_pipeline_spec *spec)
{
    atomic_fetch_add(&spec->refs, 1);
}

void tp_pipeline_spec_unref(tp_pipeline_spec *spec)
{
    if (spec && atomic_fetch_sub(&spec->refs, 1) == 1)
        spec_free(spec);
}

size_t tp_pipeline_spec_n_stages(const tp_pipeline_spec *spec)
{
    return spec->n_stages;
}

const char *tp_pipeline_spec_stage_label(const tp_pipeline_spec *spec,
                                         size_t i)
{
    return i < spec->n_stages ? spec->stages[i].label : NULL;
}

const char *const *tp_pipeline_spec_labels(const tp_pipeline_spec *spec)
{
    return spec->labels;
}

int tp_pipeline_spec_emit_tokens(const tp_pipeline_spec *spec)
{
    return spec->emit_tokens;
}

tp_pipeline *tp_pipeline_create(tp_pipeline_spec *spec, char *err,
                                size_t err_len)
{
    tp_pipeline *p = calloc(1, sizeof *p);
    char why[1024];
    if (!p || !(p->instances = calloc(spec->n_stages, sizeof(void *)))) {
        free(p);
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    p->spec = spec;
    tp_pipeline_spec_ref(spec);
    for (size_t i = 0; i < spec->n_stages; i++) {
        spec_stage *st = &spec->stages[i];
        why[0] = 0;
        if (st->desc->create(&st->host, st->options, &p->instances[i], why,
                             sizeof why) != TP_OK ||
            !p->instances[i]) {
            snprintf(err, err_len, "stage %s: cannot start: %s", st->label,
                     why[0] ? why : "create() failed without a message");
            p->instances[i] = NULL;
            tp_pipeline_destroy(p);
            return NULL;
        }
    }
    return p;
}

void tp_pipeline_destroy(tp_pipeline *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->spec->n_stages; i++)
        if (p->instances[i])
            p->spec->stages[i].desc->destroy(p->instances[i]);
    free(p->instances);
    tp_pipeline_spec_unref(p->spec);
    free(p);
}

tp_pipeline_spec *tp_pipeline_get_spec(tp_pipeline *p)
{
    return p->spec;
}

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static int span_ok(tp_span s, size_t len)
{
    return s.start <= s.end && s.end <= len;
}

/* gcc vectorises loops at -O3, but the default build is -O2 (clang does
 * at -O2 already). */
#if defined(__GNUC__) && !defined(__clang__)
#define VECTORISE                                                              \
    __attribute__((optimize("tree-vectorize", "vect-cost-model=dynamic")))
#else
#define VECTORISE
#endif

/* 1 when some token is empty or reversed or ends past the text (stages
 * may read a token's first byte without testing its length). Tokens are
 * by far the longest layer and every stage's output is checked, so the
 * loop has no branch and no early exit: the compiler vectorises it. */
VECTORISE static int tokens_invalid(const tp_token *tokens, size_t n,
                                    size_t text_len)
{
    uint32_t len = text_len > UINT32_MAX ? UINT32_MAX : (uint32_t)text_len;
    uint32_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad |= (uint32_t)(tokens[i].start >= tokens[i].end) |
               (uint32_t)(tokens[i].end > len);
    return bad != 0;
}

/*
 * A stage is code we did not write: before its layers reach the encoder
 * (which slices the text by them) check every span is inside the text and
 * every index points at something. Cheap: linear in the layers.
 */
static const char *layers_invalid(const tp_doc *doc)
{
    size_t len = doc->text_len;
    if (tokens_invalid(doc->tokens, doc->n_tokens, len))
        return "an empty token or one outside the text";
    for (size_t i = 0; i < doc->n_sentences; i++)
        if (!span_ok(doc->sentences[i], len))
            return "a sentence outside the text";
    for (size_t i = 0; i < doc->n_paragraphs; i++)
        if (!span_ok(doc->paragraphs[i], len))
            return "a paragraph outside the text";
    for (size_t i = 0; i < doc->n_mentions; i++) {
        const tp_mention *m = &doc->mentions[i];
        if (!m->name.ptr && m->name.len)
            return "a mention with a NULL name";
        if (m->n_spans && !m->spans)
            return "a mention with NULL spans";
        for (uint32_t j = 0; j < m->n_spans; j++)
            if (!span_ok(m->spans[j], len))
                return "a mention span outside the text";
    }
    for (size_t i = 0; i < doc->n_quotes; i++) {
        const tp_quote *q = &doc->quotes[i];
        if (!span_ok(q->content, len))
            return "a quote outside the text";
        if ((q->flags & TP_QUOTEF_HAS_CUE) && !span_ok(q->cue, len))
            return "a quote cue outside the text";
        if ((q->flags & TP_QUOTEF_HAS_SPEAKER) && !span_ok(q->speaker, len))
            return "a quote speaker outside the text";
        if (q->mention >= 0 && (size_t)q->mention >= doc->n_mentions)
            return "a quote naming a mention that does not exist";
        if (q->n_stance && !q->stance)
            return "a quote with NULL stance";
        if (!q->speaker_name.ptr && q->speaker_name.len)
            return "a quote speaker name that is NULL";
    }
    for (size_t i = 0; i < doc->n_stance; i++) {
        const tp_stance *s = &doc->stance[i];
        if (s->n_quotes && !s->quotes)
            return "a document stance with NULL quotes";
        for (uint32_t j = 0; j < s->n_quotes; j++)
            if (s->quotes[j] >= doc->n_quotes)
                return "a document stance naming a quote that does not exist";
    }
    return NULL;
}

int tp_pipeline_run(tp_pipeline *p, tp_docbuf *d, uint64_t *timings_us,
                    tp_error *err, int *failed)
{
    for (size_t i = 0; i < p->spec->n_stages; i++) {
        spec_stage *st = &p->spec->stages[i];
        char why[TP_ERROR_MESSAGE_MAX];
        const char *invalid;
        uint64_t t0 = now_us();
        int status;

        why[0] = 0;
        if (!p->instances[i] &&
            (st->desc->create(&st->host, st->options, &p->instances[i], why,
                              sizeof why) != TP_OK ||
             !p->instances[i])) {
            /* A fatal error earlier left no instance, and it still cannot
             * start: fail the document, not the worker. */
            p->instances[i] = NULL;
            tp_error_set(err, TP_E_STAGE_FAILED, "stage unavailable: %s", why);
            snprintf(err->stage, sizeof err->stage, "%s", st->desc->name);
            if (failed)
                *failed = (int)i;
            return -1;
        }
        status = st->desc->process(p->instances[i], &d->doc, why, sizeof why);
        timings_us[i] = now_us() - t0;
        if (status == TP_OK && (invalid = layers_invalid(&d->doc)) != NULL) {
            status = TP_FAIL;
            snprintf(why, sizeof why, "produced %s", invalid);
        }
        if (status != TP_OK) {
            tp_error_set(err, TP_E_STAGE_FAILED, "%s",
                         why[0] ? why : "the stage failed without a message");
            snprintf(err->stage, sizeof err->stage, "%s", st->desc->name);
            if (status == TP_FATAL) {
                char cerr[512];
                tp_log(TP_LOG_ERROR,
                       "stage %s: fatal on document '%.*s': %s; restarting "
                       "the instance",
                       st->label, (int)d->doc.id.len, d->doc.id.ptr, why);
                st->desc->destroy(p->instances[i]);
                p->instances[i] = NULL;
                cerr[0] = 0;
                if (st->desc->create(&st->host, st->options, &p->instances[i],
                                     cerr, sizeof cerr) != TP_OK ||
                    !p->instances[i]) {
                    /* Keep the worker alive with a fresh try next time. */
                    tp_log(TP_LOG_ERROR, "stage %s: cannot restart: %s",
                           st->label, cerr);
                    p->instances[i] = NULL;
                }
            }
            for (size_t j = i + 1; j < p->spec->n_stages; j++)
                timings_us[j] = 0;
            if (failed)
                *failed = (int)i;
            return -1;
        }
    }
    return 0;
}
