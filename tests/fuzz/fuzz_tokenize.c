/*
 * fuzz_tokenize.c - libFuzzer target for the tokenizer core. On any input
 * it checks the invariants later stages rely on: tokens are non-empty,
 * ordered, non-overlapping and inside the text; on valid UTF-8 they start
 * and end on character boundaries; sentences and paragraphs partition the
 * tokens in order (each span runs from one token's start to a later
 * token's end, SENT_START/PARA_START mark exactly their first tokens); and
 * every sentence lies within one paragraph. Leaks are found by the
 * fuzzer's LeakSanitizer.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -Iprotocol/include -Iplugins/tokenize tests/fuzz/fuzz_tokenize.c \
 *     plugins/tokenize/tokenizer.c -lutf8proc -o fuzz_tokenize
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokenizer.h"

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond))                                                           \
            __builtin_trap();                                                  \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int grow(void *ctx, void **items, size_t *cap, size_t need, size_t el)
{
    size_t c = *cap ? *cap * 2 : 16;
    void *p;
    (void)ctx;
    while (c < need)
        c *= 2;
    p = realloc(*items, c * el);
    if (!p)
        return -1;
    *items = p;
    *cap = c;
    return 0;
}

/* 1 when data is valid UTF-8 (no overlongs, surrogates, > U+10FFFF). */
static int valid_utf8(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t b = s[i];
        size_t k, len;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF)
            len = 2, cp = b & 0x1F;
        else if (b >= 0xE0 && b <= 0xEF)
            len = 3, cp = b & 0x0F;
        else if (b >= 0xF0 && b <= 0xF4)
            len = 4, cp = b & 0x07;
        else
            return 0;
        if (i + len > n)
            return 0;
        for (k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        i += len;
    }
    return 1;
}

/* Spans partition the tokens in order; flag marks each span's first. */
static void check_partition(const tk_output *o, const tp_span *spans,
                            size_t n_spans, uint32_t flag)
{
    size_t t = 0, s;
    for (s = 0; s < n_spans; s++) {
        CHECK(t < o->n_tokens);
        CHECK(spans[s].start == o->tokens[t].start);
        CHECK(o->tokens[t].flags & flag);
        t++;
        while (t < o->n_tokens && o->tokens[t].end <= spans[s].end) {
            CHECK(!(o->tokens[t].flags & flag));
            t++;
        }
        CHECK(o->tokens[t - 1].end == spans[s].end);
    }
    CHECK(t == o->n_tokens);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tk_tokenizer *tk;
    tk_output o;
    size_t i, p = 0;
    int utf8 = valid_utf8(data, size);
    char err[128];

    if (!tk)
        tk = tk_new(NULL, 0, err, sizeof(err));
    CHECK(tk);
    memset(&o, 0, sizeof(o));
    o.reserve = grow;
    CHECK(tk_tokenize(tk, (const char *)data, size, &o) == 0);
    for (i = 0; i < o.n_tokens; i++) {
        const tp_token *t = &o.tokens[i];
        CHECK(t->start < t->end && t->end <= size);
        CHECK(i == 0 || t->start >= o.tokens[i - 1].end);
        CHECK(t->kind >= TP_TOK_WORD && t->kind <= TP_TOK_OTHER);
        if (utf8) {
            CHECK((data[t->start] & 0xC0) != 0x80);
            CHECK(t->end == size || (data[t->end] & 0xC0) != 0x80);
        }
    }
    check_partition(&o, o.sentences, o.n_sentences, TP_TOKF_SENT_START);
    check_partition(&o, o.paragraphs, o.n_paragraphs, TP_TOKF_PARA_START);
    for (i = 0; i < o.n_sentences; i++) {
        while (p < o.n_paragraphs && o.paragraphs[p].end < o.sentences[i].end)
            p++;
        CHECK(p < o.n_paragraphs &&
              o.paragraphs[p].start <= o.sentences[i].start);
    }
    free(o.tokens);
    free(o.sentences);
    free(o.paragraphs);
    return 0;
}
