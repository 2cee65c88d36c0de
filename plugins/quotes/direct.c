/*
 * direct.c - quote-mark pairs. The tokenizer has already decided which
 * marks open and which close (straight, curly, '' pairs, guillemets, low-9
 * marks all carry TP_TOKF_QUOTE_DOUBLE); here they are paired within a
 * paragraph. A paragraph that ends with its quote still open ends that
 * pair there: news writes a quote that runs on over paragraphs by
 * reopening it at the start of each one, so every paragraph becomes its
 * own pair (and its own quote, as the gold sets count them). Single marks
 * are left alone: in English news they nest inside a double quote, or
 * they are apostrophes.
 */
#include "quotes.h"

static int add_pair(qt_ctx *c, int32_t open, int32_t close, int32_t last,
                    size_t *cap)
{
    qt_pair *p;
    int32_t i;
    if (tp_layer_reserve(c->host, c->doc, (void **)&c->pairs, cap,
                         (size_t)c->n_pairs + 1, sizeof(qt_pair)))
        return -1;
    p = &c->pairs[c->n_pairs];
    p->open = open;
    p->close = close;
    p->first = open + 1;
    p->last = last;
    p->used = 0;
    for (i = open; i <= (close >= 0 ? close : last); i++)
        c->pair_of[i] = c->n_pairs;
    c->n_pairs++;
    return 0;
}

int qt_find_pairs(qt_ctx *c)
{
    const uint32_t dq = TP_TOKF_QUOTE_DOUBLE;
    int32_t b, open = -1;
    size_t cap = 0;

    c->pairs = NULL;
    c->n_pairs = 0;
    /* only paragraph starts and double marks matter here: the tagging
     * pass listed them (with sentence starts) in c->bounds */
    for (b = 0; b < c->n_bounds; b++) {
        int32_t i = c->bounds[b];
        const tp_token *t = &c->tok[i];
        if (open >= 0 && (t->flags & TP_TOKF_PARA_START)) {
            /* the paragraph ended inside the quote */
            if (i - 1 > open && add_pair(c, open, -1, i - 1, &cap))
                return -1;
            open = -1;
        }
        if (t->kind != TP_TOK_QUOTE || !(t->flags & dq))
            continue;
        if (t->flags & TP_TOKF_QUOTE_OPEN) {
            /* an opening mark while one is open: the first one was never
             * closed (or was a stray inch mark); end it before this one */
            if (open >= 0 && i - 1 > open &&
                add_pair(c, open, -1, i - 1, &cap))
                return -1;
            open = i;
        } else if (open >= 0) {
            if (add_pair(c, open, i, i - 1, &cap))
                return -1;
            open = -1;
        }
    }
    if (open >= 0 && c->n_tok - 1 > open &&
        add_pair(c, open, -1, c->n_tok - 1, &cap))
        return -1;
    return 0;
}
