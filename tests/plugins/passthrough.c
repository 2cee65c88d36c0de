/*
 * passthrough.c - a test stage that adds nothing, with knobs the tests use
 * to make it slow or make it fail: delay_ms (sleep per document, for
 * backpressure and drain tests), fail_on / fatal_on (fail a document whose
 * text contains the string), gate_file (hold every document, or with
 * gate_on those containing a string, until the file exists: lets a test saturate the daemon deterministically), and a
 * set_extra of the text length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "textpipe/tp_plugin.h"

typedef struct passthrough {
    const tp_host *host;
    long delay_ms;
    char *fail_on;
    char *fatal_on;
    char *mark;
    char *gate_file;
    char *gate_on;
} passthrough;

static const tp_option_def passthrough_options[] = {
    {"delay_ms", TP_OPT_INT, "0", "sleep this long on each document"},
    {"fail_on", TP_OPT_STR, NULL, "fail documents whose text contains this"},
    {"fatal_on", TP_OPT_STR, NULL, "fatal error on documents containing this"},
    {"mark", TP_OPT_STR, NULL, "attach extra.mark = this string"},
    {"gate_file", TP_OPT_STR, NULL, "hold documents until this file exists"},
    {"gate_on", TP_OPT_STR, NULL, "hold only documents containing this"},
    {NULL, 0, NULL, NULL},
};

static int contains(const tp_doc *doc, const char *needle)
{
    size_t n = strlen(needle);
    if (!n || n > doc->text_len)
        return 0;
    for (size_t i = 0; i + n <= doc->text_len; i++)
        if (memcmp(doc->text + i, needle, n) == 0)
            return 1;
    return 0;
}

static int passthrough_create(const tp_host *host, const tp_optval *opts,
                              void **instance, char *err, size_t err_len)
{
    passthrough *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, err_len, "out of memory");
        return TP_FAIL;
    }
    if (opts[0].i < 0) {
        snprintf(err, err_len, "delay_ms must be >= 0");
        free(p);
        return TP_FAIL;
    }
    p->host = host;
    p->delay_ms = (long)opts[0].i;
    p->fail_on = opts[1].is_set ? strdup(opts[1].s) : NULL;
    p->fatal_on = opts[2].is_set ? strdup(opts[2].s) : NULL;
    p->mark = opts[3].is_set ? strdup(opts[3].s) : NULL;
    p->gate_file = opts[4].is_set ? strdup(opts[4].s) : NULL;
    p->gate_on = opts[5].is_set ? strdup(opts[5].s) : NULL;
    *instance = p;
    return TP_OK;
}

static int passthrough_process(void *instance, tp_doc *doc, char *err,
                               size_t err_len)
{
    passthrough *p = instance;
    tp_value v;
    if (p->delay_ms > 0) {
        struct timespec ts = {p->delay_ms / 1000, (p->delay_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    while (p->gate_file && (!p->gate_on || contains(doc, p->gate_on)) &&
           access(p->gate_file, F_OK) != 0) {
        struct timespec ts = {0, 5 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (p->fatal_on && contains(doc, p->fatal_on)) {
        snprintf(err, err_len, "fatal marker found");
        return TP_FATAL;
    }
    if (p->fail_on && contains(doc, p->fail_on)) {
        snprintf(err, err_len, "fail marker found");
        return TP_FAIL;
    }
    v.type = TP_VAL_INT;
    v.u.i = (int64_t)doc->text_len;
    if (p->host->set_extra(doc, "text_len", &v) != 0) {
        snprintf(err, err_len, "set_extra failed");
        return TP_FAIL;
    }
    if (p->mark) {
        v.type = TP_VAL_STR;
        v.u.s.ptr = p->mark;
        v.u.s.len = strlen(p->mark);
        p->host->set_extra(doc, "mark", &v);
    }
    return TP_OK;
}

static void passthrough_destroy(void *instance)
{
    passthrough *p = instance;
    free(p->fail_on);
    free(p->fatal_on);
    free(p->mark);
    free(p->gate_file);
    free(p->gate_on);
    free(p);
}

static const tp_stage_desc passthrough_stage = {
    TP_STAGE_DESC_INIT,
    .name = "passthrough",
    .version = "1.0.0",
    .description = "test stage: adds extra.text_len, can be slow or fail",
    .options = passthrough_options,
    .create = passthrough_create,
    .process = passthrough_process,
    .destroy = passthrough_destroy,
};

TP_STAGE_DEFINE(passthrough_stage)
