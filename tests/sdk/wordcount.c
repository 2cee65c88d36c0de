/*
 * wordcount.c - a stage built out of tree, the way a plugin author builds
 * one against the installed SDK:
 *
 *     cc -shared -fPIC $(pkg-config --cflags textpipe-plugin) \
 *        -o wordcount.so wordcount.c
 *
 * It reads the tokens layer (so it must come after tokenize) and attaches
 * extra.word_count and extra.longest_word to the result. Option
 * min_length counts only words at least that long.
 */
#include <stdio.h>
#include <stdlib.h>

#include <textpipe/tp_plugin.h>

typedef struct wordcount {
    const tp_host *host;
    int64_t min_length;
} wordcount;

static const tp_option_def wordcount_options[] = {
    {"min_length", TP_OPT_INT, "1", "count words of at least this many bytes"},
    {NULL, 0, NULL, NULL},
};

static int wordcount_create(const tp_host *host, const tp_optval *opts,
                            void **instance, char *err, size_t err_len)
{
    wordcount *w;
    if (opts[0].i < 1) {
        snprintf(err, err_len, "min_length must be at least 1");
        return TP_FAIL;
    }
    w = malloc(sizeof *w);
    if (!w) {
        snprintf(err, err_len, "out of memory");
        return TP_FAIL;
    }
    w->host = host;
    w->min_length = opts[0].i;
    *instance = w;
    return TP_OK;
}

static int wordcount_process(void *instance, tp_doc *doc, char *err,
                             size_t err_len)
{
    wordcount *w = instance;
    int64_t count = 0;
    size_t longest = 0;
    tp_value v;
    for (size_t i = 0; i < doc->n_tokens; i++) {
        const tp_token *t = &doc->tokens[i];
        size_t len = t->end - t->start;
        if (t->kind != TP_TOK_WORD || (int64_t)len < w->min_length)
            continue;
        count++;
        if (len > doc->tokens[longest].end - doc->tokens[longest].start ||
            doc->tokens[longest].kind != TP_TOK_WORD)
            longest = i;
    }
    v.type = TP_VAL_INT;
    v.u.i = count;
    if (w->host->set_extra(doc, "word_count", &v) != 0) {
        snprintf(err, err_len, "cannot set extra.word_count");
        return TP_FAIL;
    }
    if (count) {
        v.type = TP_VAL_STR;
        v.u.s.ptr = doc->text + doc->tokens[longest].start;
        v.u.s.len = doc->tokens[longest].end - doc->tokens[longest].start;
        w->host->set_extra(doc, "longest_word", &v);
    }
    return TP_OK;
}

static void wordcount_destroy(void *instance)
{
    free(instance);
}

static const tp_stage_desc wordcount_stage = {
    TP_STAGE_DESC_INIT,
    .name = "wordcount",
    .version = "0.1.0",
    .description = "counts words (an out-of-tree example stage)",
    .requires = (const char *const[]){TP_LAYER_TOKENS, NULL},
    .options = wordcount_options,
    .create = wordcount_create,
    .process = wordcount_process,
    .destroy = wordcount_destroy,
};

TP_STAGE_DEFINE(wordcount_stage)
