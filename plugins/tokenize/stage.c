/*
 * stage.c - the tokenize stage's plugin glue: the descriptor, its options,
 * and the bridge from the host's document arena to the pure core in
 * tokenizer.c. Provides the tokens, sentences and paragraphs layers that
 * every later stage reads. Whether tokens are published is the host's
 * business (it reads emit_tokens from this stage's config); the stage only
 * declares the option so that it is validated like any other.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <textpipe/tp_plugin.h>

#include "tokenizer.h"

typedef struct tokenize_instance {
    const tp_host *host;
    tk_tokenizer *tk;
} tokenize_instance;

/* Where the core's output arrays live while one document is processed. */
typedef struct arena_ctx {
    const tp_host *host;
    tp_doc *doc;
} arena_ctx;

enum { OPT_EMIT_TOKENS, OPT_ABBREVIATIONS };

static const tp_option_def tokenize_options[] = {
    [OPT_EMIT_TOKENS] = {"emit_tokens", TP_OPT_BOOL, "false",
                         "include tokens in the published result (off by "
                         "default: they are large)"},
    [OPT_ABBREVIATIONS] = {"abbreviations", TP_OPT_LIST, NULL,
                           "extra abbreviations that keep their dot, "
                           "comma-separated (e.g. Sgt,Supt,Dist)"},
    {NULL, 0, NULL, NULL}};

/*
 * The core's reserve callback over the document arena: grow to at least
 * `need` elements, at least doubling, so that a layer grows O(log n) times.
 * The first block comes from alloc(); later ones from grow(), which
 * extends the arena's last block in place when it can.
 */
static int arena_reserve(void *ctx, void **items, size_t *cap, size_t need,
                         size_t elem_size)
{
    arena_ctx *a = ctx;
    size_t new_cap = *cap * 2;
    void *p;
    if (need <= *cap)
        return 0;
    if (new_cap < need)
        new_cap = need;
    if (new_cap > SIZE_MAX / elem_size)
        return -1;
    p = *items ? a->host->grow(a->doc, *items, *cap * elem_size,
                               new_cap * elem_size)
               : a->host->alloc(a->doc, new_cap * elem_size);
    if (!p)
        return -1;
    *items = p;
    *cap = new_cap;
    return 0;
}

static int tokenize_create(const tp_host *host, const tp_optval *options,
                           void **instance, char *err, size_t err_len)
{
    tokenize_instance *inst;
    const tp_optval *abbr = options ? &options[OPT_ABBREVIATIONS] : NULL;

    if (!host || !host->alloc || !host->grow) {
        snprintf(err, err_len, "tokenize: the host gave no arena functions");
        return TP_FATAL;
    }
    inst = calloc(1, sizeof(*inst));
    if (!inst) {
        snprintf(err, err_len, "tokenize: out of memory");
        return TP_FATAL;
    }
    inst->host = host;
    inst->tk = tk_new(abbr && abbr->is_set ? abbr->list : NULL,
                      abbr && abbr->is_set ? abbr->n_list : 0, err, err_len);
    if (!inst->tk) {
        free(inst);
        return TP_FAIL;
    }
    *instance = inst;
    return TP_OK;
}

static int tokenize_process(void *instance, tp_doc *doc, char *err,
                            size_t err_len)
{
    tokenize_instance *inst = instance;
    arena_ctx ctx;
    tk_output out = {0};

    if (doc->text_len > UINT32_MAX) {
        snprintf(err, err_len,
                 "tokenize: text of %zu bytes is beyond 32-bit offsets",
                 doc->text_len);
        return TP_FAIL;
    }
    ctx.host = inst->host;
    ctx.doc = doc;
    out.reserve = arena_reserve;
    out.ctx = &ctx;
    if (tk_tokenize(inst->tk, doc->text, doc->text_len, &out)) {
        snprintf(err, err_len,
                 "tokenize: out of document memory (%zu bytes of text)",
                 doc->text_len);
        return TP_FAIL;
    }
    doc->tokens = out.tokens;
    doc->n_tokens = out.n_tokens;
    doc->sentences = out.sentences;
    doc->n_sentences = out.n_sentences;
    doc->paragraphs = out.paragraphs;
    doc->n_paragraphs = out.n_paragraphs;
    return TP_OK;
}

static void tokenize_destroy(void *instance)
{
    tokenize_instance *inst = instance;
    if (!inst)
        return;
    tk_free(inst->tk);
    free(inst);
}

static const char *const tokenize_provides[] = {
    TP_LAYER_TOKENS, TP_LAYER_SENTENCES, TP_LAYER_PARAGRAPHS, NULL};

static const tp_stage_desc tokenize_stage = {
    TP_STAGE_DESC_INIT,
    .name = "tokenize",
    .version = "1.0.0",
    .description = "Unicode-aware tokens, sentences and paragraphs for "
                   "English news",
    .requires = NULL,
    .provides = tokenize_provides,
    .options = tokenize_options,
    .create = tokenize_create,
    .process = tokenize_process,
    .destroy = tokenize_destroy,
};

TP_STAGE_DEFINE(tokenize_stage)
