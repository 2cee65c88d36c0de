/*
 * test_quotes_util.h - a tiny harness shared by the quotes tests: it
 * dlopens the tokenize and quotes plugins from the build tree, creates one
 * instance of each with their default options, and runs a text through
 * both, the way the daemon's pipeline does, so the tests check the stage
 * exactly as it ships. Each analysed document lives in a tp_docbuf the
 * caller frees with qh_done().
 */
#ifndef TEXTPIPE_TEST_QUOTES_UTIL_H
#define TEXTPIPE_TEST_QUOTES_UTIL_H

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textpipe/tp_plugin.h"
#include "textpipe/tp_protocol.h"

typedef struct qh_stage {
    void *handle;
    const tp_stage_desc *desc;
    void *inst;
} qh_stage;

typedef struct qh {
    tp_host host;
    qh_stage tok, quo;
    tp_docbuf d;
    int has_doc;
} qh;

static inline int qh_open_stage(qh *h, qh_stage *s, const char *path,
                                const tp_optval *opts)
{
    tp_stage_entry_fn entry;
    char err[256] = "";
    tp_optval defaults[8];
    size_t i;
    s->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!s->handle) {
        fprintf(stderr, "dlopen %s: %s\n", path, dlerror());
        return -1;
    }
    *(void **)&entry = dlsym(s->handle, TP_STAGE_ENTRY_SYMBOL);
    if (!entry || !(s->desc = entry(TP_ABI_MAJOR)))
        return -1;
    if (!opts) {
        /* the defaults the host would parse from the option table */
        memset(defaults, 0, sizeof(defaults));
        for (i = 0; s->desc->options && s->desc->options[i].name && i < 8;
             i++) {
            const tp_option_def *o = &s->desc->options[i];
            if (!o->default_value)
                continue;
            defaults[i].is_set = 1;
            defaults[i].b = !strcmp(o->default_value, "true");
            defaults[i].d = atof(o->default_value);
        }
        opts = defaults;
    }
    if (s->desc->create(&h->host, opts, &s->inst, err, sizeof(err)) != TP_OK) {
        fprintf(stderr, "create %s: %s\n", s->desc->name, err);
        return -1;
    }
    return 0;
}

/* Open both stages; quotes_opts NULL means the defaults. */
static inline int qh_open(qh *h, const tp_optval *quotes_opts)
{
    memset(h, 0, sizeof(*h));
    tp_host_init(&h->host, NULL);
    if (qh_open_stage(h, &h->tok, TP_PLUGIN_DIR "/tokenize.so", NULL) ||
        qh_open_stage(h, &h->quo, TP_PLUGIN_DIR "/quotes.so", quotes_opts))
        return -1;
    return 0;
}

static inline void qh_close(qh *h)
{
    if (h->has_doc)
        tp_docbuf_free(&h->d);
    if (h->quo.inst)
        h->quo.desc->destroy(h->quo.inst);
    if (h->tok.inst)
        h->tok.desc->destroy(h->tok.inst);
    if (h->quo.handle)
        dlclose(h->quo.handle);
    if (h->tok.handle)
        dlclose(h->tok.handle);
}

/* Run text through tokenize and quotes; returns the document (valid
 * until the next qh_run or qh_close). */
static inline tp_doc *qh_run(qh *h, const char *text, size_t len)
{
    char err[256] = "";
    if (h->has_doc)
        tp_docbuf_free(&h->d);
    tp_docbuf_init(&h->d, NULL);
    h->has_doc = 1;
    h->d.doc.text = text;
    h->d.doc.text_len = len;
    if (h->tok.desc->process(h->tok.inst, &h->d.doc, err, sizeof(err)) !=
            TP_OK ||
        h->quo.desc->process(h->quo.inst, &h->d.doc, err, sizeof(err)) !=
            TP_OK) {
        fprintf(stderr, "process: %s\n", err);
        return NULL;
    }
    return &h->d.doc;
}

/* The bytes of a span as a NUL-terminated string in a static buffer. */
static inline const char *qh_str(const tp_doc *d, tp_span s)
{
    static char buf[4][1024];
    static int k;
    char *b = buf[k++ & 3];
    size_t n = s.end > s.start ? s.end - s.start : 0;
    if (n >= sizeof(buf[0]))
        n = sizeof(buf[0]) - 1;
    memcpy(b, d->text + s.start, n);
    b[n] = '\0';
    return b;
}

static inline const char *qh_name(const tp_quote *q)
{
    static char buf[4][256];
    static int k;
    char *b = buf[k++ & 3];
    size_t n = q->speaker_name.len < 255 ? q->speaker_name.len : 255;
    if (q->speaker_name.ptr)
        memcpy(b, q->speaker_name.ptr, n);
    else
        n = 0;
    b[n] = '\0';
    return b;
}

#ifdef cmocka_unit_test
/* cmocka group fixtures: the plugins are opened once for a file's tests.
 * (Defined only where cmocka.h came first.) */
static inline int qh_setup(void **state)
{
    qh *h = calloc(1, sizeof(*h));
    if (!h || qh_open(h, NULL)) {
        free(h);
        return -1;
    }
    *state = h;
    return 0;
}

static inline int qh_teardown(void **state)
{
    qh *h = *state;
    qh_close(h);
    free(h);
    return 0;
}

/* Analyse text through both stages; the test fails when it cannot. */
static inline tp_doc *qh_text(void **state, const char *text)
{
    tp_doc *d = qh_run(*state, text, strlen(text));
    assert_non_null(d);
    return d;
}
#endif

#endif /* TEXTPIPE_TEST_QUOTES_UTIL_H */
