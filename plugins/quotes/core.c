/*
 * core.c - the driver of the quotes stage: it tags every token from the
 * lexicon once, pairs the quote marks, cuts the text into segments
 * (sentences, never splitting a quote), runs attribution and resolution,
 * and leaves doc->quotes in text order. The working arrays sized by the
 * token count come from one block the instance keeps between documents
 * (qt_scratch: no arena growth per document, and the block stays in the
 * cache); the results and the few small lists come from the document's
 * arena. Nothing is allocated per token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quotes.h"

void *qt_alloc(qt_ctx *c, size_t size)
{
    return c->host->alloc(c->doc, size ? size : 1);
}

int qt_is_dash(const qt_ctx *c, int32_t i)
{
    const tp_token *t;
    size_t n;
    if (!qt_in_doc(c, i))
        return 0;
    t = &c->tok[i];
    n = t->end - t->start;
    if (t->kind != TP_TOK_PUNCT && t->kind != TP_TOK_SYMBOL)
        return 0;
    if (n == 1 && c->text[t->start] == '-')
        return 1;
    if (n == 2 && !memcmp(c->text + t->start, "--", 2))
        return 1;
    /* U+2014 em dash, U+2013 en dash, U+2015 horizontal bar (some feeds
     * set their dashes with it) */
    return n == 3 && !memcmp(c->text + t->start, "\xe2\x80", 2) &&
           (unsigned char)c->text[t->start + 2] >= 0x93 &&
           (unsigned char)c->text[t->start + 2] <= 0x95;
}

int32_t qt_emit(qt_ctx *c, const tp_quote *q, const qt_np *np)
{
    size_t n = c->doc->n_quotes;
    if (tp_layer_reserve(c->host, c->doc, (void **)&c->doc->quotes,
                         &c->cap_quotes, n + 1, sizeof(tp_quote)) ||
        tp_layer_reserve(c->host, c->doc, (void **)&c->quote_np,
                         &c->cap_quote_np, n + 1, sizeof(qt_np)))
        return -1;
    c->doc->quotes[n] = *q;
    if (np) {
        c->quote_np[n] = *np;
    } else {
        memset(&c->quote_np[n], 0, sizeof(qt_np));
        c->quote_np[n].first = -1;
    }
    c->doc->n_quotes = n + 1;
    return (int32_t)n;
}

/* Tag every word from the lexicon (one pass in lexicon.c); no token is in
 * a quote-mark pair until direct.c says so (all bytes 0xff is -1). */
static void tag_tokens(qt_ctx *c)
{
    c->n_bounds = qt_lexicon_tag(c->lx, c->text, c->doc->text_len, c->tok,
                                 c->n_tok, c->info, c->tags, c->no_cue,
                                 c->bounds, c->names, &c->n_names);
    memset(c->pair_of, 0xff, (size_t)c->n_tok * sizeof(int32_t));
}

/* Segments: a sentence, or a paragraph, but a sentence boundary inside a
 * quote does not cut (the quote and its frame stay together). */
static void cut_segments(qt_ctx *c)
{
    int32_t b, n = 0;
    /* token 0 always starts one, boundary or not */
    c->seg_start[n++] = 0;
    for (b = 0; b < c->n_bounds; b++) {
        int32_t i = c->bounds[b];
        const tp_token *t = &c->tok[i];
        int cut;
        if (i == 0)
            continue;
        cut = (t->flags & TP_TOKF_PARA_START) != 0;
        if (!cut && (t->flags & TP_TOKF_SENT_START)) {
            int32_t p = c->pair_of[i];
            cut = p < 0 || c->pairs[p].open == i;
        }
        if (cut)
            c->seg_start[n++] = i;
    }
    c->seg_start[n] = c->n_tok;
    c->n_seg = n;
}

/* Insertion sort of the quotes (and their phrases) by content start: they
 * come out nearly in order, per segment. */
static void sort_quotes(qt_ctx *c)
{
    size_t i, j, n = c->doc->n_quotes;
    for (i = 1; i < n; i++) {
        tp_quote q = c->doc->quotes[i];
        qt_np np = c->quote_np[i];
        for (j = i;
             j > 0 && c->doc->quotes[j - 1].content.start > q.content.start;
             j--) {
            c->doc->quotes[j] = c->doc->quotes[j - 1];
            c->quote_np[j] = c->quote_np[j - 1];
        }
        c->doc->quotes[j] = q;
        c->quote_np[j] = np;
    }
}

/* Drop quotes below the confidence floor, keeping the arrays parallel. */
static void filter_quotes(qt_ctx *c)
{
    size_t i, n = 0;
    for (i = 0; i < c->doc->n_quotes; i++) {
        if (c->doc->quotes[i].confidence < c->min_confidence)
            continue;
        c->doc->quotes[n] = c->doc->quotes[i];
        c->quote_np[n] = c->quote_np[i];
        n++;
    }
    c->doc->n_quotes = n;
}

/* A scratch block larger than this is released after its document, so
 * that one huge text does not pin its working memory. */
#define SCRATCH_KEEP ((size_t)4 << 20)

/* Bytes of working memory per token: info, pair_of, bounds, names,
 * seg_start, tags, no_cue. */
#define SCRATCH_PER_TOKEN                                                      \
    (sizeof(const qt_wordinfo *) + 4 * sizeof(int32_t) + sizeof(uint16_t) +    \
     sizeof(uint8_t))

void qt_scratch_free(qt_scratch *s)
{
    free(s->block);
    s->block = NULL;
    s->cap = 0;
}

/* A block of `size` bytes from scratch (reused, grown when too small) or,
 * without scratch, from the document's arena. */
static void *working_block(qt_ctx *c, qt_scratch *s, size_t size)
{
    void *p;
    if (!s)
        return qt_alloc(c, size);
    if (s->cap >= size)
        return s->block;
    /* the old contents are not needed: no copy */
    p = malloc(size);
    if (!p)
        return NULL;
    free(s->block);
    s->block = p;
    s->cap = size;
    return p;
}

/* Carve the per-token arrays from one block, widest elements first so
 * that each stays aligned. */
static int working_arrays(qt_ctx *c, qt_scratch *s)
{
    size_t n = (size_t)c->n_tok;
    unsigned char *p =
        working_block(c, s, n * SCRATCH_PER_TOKEN + 4 * sizeof(int32_t));
    if (!p)
        return -1;
    c->info = (const qt_wordinfo **)(void *)p;
    p += n * sizeof(*c->info);
    c->pair_of = (int32_t *)(void *)p;
    p += n * sizeof(int32_t);
    c->bounds = (int32_t *)(void *)p;
    p += (n + 1) * sizeof(int32_t);
    c->names = (int32_t *)(void *)p;
    p += (n + 1) * sizeof(int32_t);
    c->seg_start = (int32_t *)(void *)p;
    p += (n + 2) * sizeof(int32_t);
    c->tags = (uint16_t *)(void *)p;
    p += n * sizeof(uint16_t);
    c->no_cue = p;
    return 0;
}

int qt_analyze_with(const qt_lexicon *lx, const qt_options *opt,
                    qt_scratch *scratch, const tp_host *host, tp_doc *doc,
                    char *err, size_t err_len)
{
    qt_ctx c;
    int rc = 0;
    memset(&c, 0, sizeof(c));
    c.host = host;
    c.doc = doc;
    c.lx = lx;
    c.text = doc->text;
    c.tok = doc->tokens;
    c.n_tok = (int32_t)doc->n_tokens;
    c.min_confidence = opt ? opt->min_confidence : 0.0;
    c.indirect = opt ? opt->indirect : 1;
    doc->quotes = NULL;
    doc->n_quotes = 0;
    doc->mentions = NULL;
    doc->n_mentions = 0;
    if (doc->n_tokens > INT32_MAX / 8) {
        snprintf(err, err_len, "quotes: too many tokens (%zu)", doc->n_tokens);
        return -1;
    }
    if (c.n_tok == 0 || !doc->tokens)
        return 0;
    if (working_arrays(&c, scratch))
        goto oom;
    tag_tokens(&c);
    if (qt_find_pairs(&c))
        goto oom;
    cut_segments(&c);
    if (qt_attribute(&c))
        goto oom;
    sort_quotes(&c);
    filter_quotes(&c);
    if (qt_resolve(&c))
        goto oom;
    goto done;
oom:
    snprintf(err, err_len, "quotes: out of document memory (%zu tokens)",
             doc->n_tokens);
    rc = -1;
done:
    if (scratch && scratch->cap > SCRATCH_KEEP)
        qt_scratch_free(scratch);
    return rc;
}

int qt_analyze(const qt_lexicon *lx, const qt_options *opt, const tp_host *host,
               tp_doc *doc, char *err, size_t err_len)
{
    return qt_analyze_with(lx, opt, NULL, host, doc, err, err_len);
}
