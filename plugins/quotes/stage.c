/*
 * stage.c - the quotes stage's plugin glue: the descriptor, its options
 * and the bridge from a worker's instance to the core (core.c). The
 * lexicon hash is built once per instance at create() and only read
 * afterwards; everything a document gets lives in its arena.
 */
#include <stdio.h>
#include <stdlib.h>

#include <textpipe/tp_plugin.h>

#include "quotes.h"

typedef struct quotes_instance {
    const tp_host *host;
    qt_lexicon *lx;
    qt_options opt;
    qt_scratch scratch; /* one document at a time: see tp_plugin.h */
} quotes_instance;

enum { OPT_MIN_CONFIDENCE, OPT_INDIRECT };

static const tp_option_def quotes_options[] = {
    [OPT_MIN_CONFIDENCE] = {"min_confidence", TP_OPT_DOUBLE, "0",
                            "drop quotes whose confidence is below this "
                            "(0..1)"},
    [OPT_INDIRECT] = {"indirect", TP_OPT_BOOL, "true",
                      "also find indirect and mixed quotes (reported "
                      "speech), not only quotes in quote marks"},
    {NULL, 0, NULL, NULL}};

static int quotes_create(const tp_host *host, const tp_optval *options,
                         void **instance, char *err, size_t err_len)
{
    quotes_instance *inst;
    if (!host || !host->alloc || !host->grow) {
        snprintf(err, err_len, "quotes: the host gave no arena functions");
        return TP_FATAL;
    }
    inst = calloc(1, sizeof(*inst));
    if (!inst) {
        snprintf(err, err_len, "quotes: out of memory");
        return TP_FATAL;
    }
    inst->host = host;
    inst->opt.min_confidence = 0.0;
    inst->opt.indirect = 1;
    if (options && options[OPT_MIN_CONFIDENCE].is_set) {
        double d = options[OPT_MIN_CONFIDENCE].d;
        if (!(d >= 0.0 && d <= 1.0)) {
            snprintf(err, err_len,
                     "quotes: min_confidence must be between 0 and 1");
            free(inst);
            return TP_FAIL;
        }
        inst->opt.min_confidence = d;
    }
    if (options && options[OPT_INDIRECT].is_set)
        inst->opt.indirect = options[OPT_INDIRECT].b != 0;
    inst->lx = qt_lexicon_new();
    if (!inst->lx) {
        snprintf(err, err_len, "quotes: out of memory building the lexicon");
        free(inst);
        return TP_FATAL;
    }
    *instance = inst;
    return TP_OK;
}

static int quotes_process(void *instance, tp_doc *doc, char *err,
                          size_t err_len)
{
    quotes_instance *inst = instance;
    if (doc->n_tokens && !doc->tokens) {
        snprintf(err, err_len, "quotes: the tokens layer is missing");
        return TP_FAIL;
    }
    if (qt_analyze_with(inst->lx, &inst->opt, &inst->scratch, inst->host, doc,
                        err, err_len))
        return TP_FAIL;
    return TP_OK;
}

static void quotes_destroy(void *instance)
{
    quotes_instance *inst = instance;
    if (!inst)
        return;
    qt_lexicon_free(inst->lx);
    qt_scratch_free(&inst->scratch);
    free(inst);
}

static const char *const quotes_requires[] = {
    TP_LAYER_TOKENS, TP_LAYER_SENTENCES, TP_LAYER_PARAGRAPHS, NULL};
static const char *const quotes_provides[] = {TP_LAYER_QUOTES,
                                              TP_LAYER_MENTIONS, NULL};

static const tp_stage_desc quotes_stage = {
    TP_STAGE_DESC_INIT,
    .name = "quotes",
    .version = "1.0.0",
    .description = "direct, indirect and mixed quotes with their cues and "
                   "speakers, and the people and bodies who speak",
    .requires = quotes_requires,
    .provides = quotes_provides,
    .options = quotes_options,
    .create = quotes_create,
    .process = quotes_process,
    .destroy = quotes_destroy,
};

TP_STAGE_DEFINE(quotes_stage)
