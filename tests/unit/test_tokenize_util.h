/*
 * test_tokenize_util.h - what the tokenizer's tests share: a malloc-backed
 * reserve callback for tk_output (the plugin uses the document arena
 * instead) and freeing an output's arrays.
 */
#ifndef TEXTPIPE_TEST_TOKENIZE_UTIL_H
#define TEXTPIPE_TEST_TOKENIZE_UTIL_H

#include <stdlib.h>

#include "tokenizer.h"

/* Grow *items to at least `need` elements, doubling; ctx is unused. */
static inline int grow_malloc(void *ctx, void **items, size_t *cap, size_t need,
                              size_t elem_size)
{
    size_t c = *cap ? *cap * 2 : 16;
    void *p;
    (void)ctx;
    while (c < need)
        c *= 2;
    p = realloc(*items, c * elem_size);
    if (!p)
        return -1;
    *items = p;
    *cap = c;
    return 0;
}

static inline void free_output(tk_output *o)
{
    free(o->tokens);
    free(o->sentences);
    free(o->paragraphs);
    o->tokens = NULL;
    o->sentences = o->paragraphs = NULL;
    o->cap_tokens = o->cap_sentences = o->cap_paragraphs = 0;
}

#endif /* TEXTPIPE_TEST_TOKENIZE_UTIL_H */
