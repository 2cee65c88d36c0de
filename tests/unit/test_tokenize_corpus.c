/*
 * test_tokenize_corpus.c - runs the tokenizer's test corpus
 * (tests/data/tokenize/cases.txt: inputs with their expected tokens,
 * kinds, quote directions, sentences and paragraph counts; the format is
 * described at the top of that file) through the pure core, and reports
 * every case that differs, not just the first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_tokenize_util.h"
#include "tokenizer.h"

#define CASES_PATH TP_SOURCE_DIR "/tests/data/tokenize/cases.txt"
#define MAX_TEXT 4096

/* Append code point cp to out as UTF-8. */
static size_t put_utf8(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decode the corpus escapes (\n \t \r \\ \| \uXXXX) of s into out. */
static size_t unescape(const char *s, size_t n, char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        if (s[i] == '\\' && i + 1 < n) {
            char c = s[i + 1];
            if (c == 'u' && i + 6 <= n) {
                char hex[5] = {s[i + 2], s[i + 3], s[i + 4], s[i + 5], 0};
                o += put_utf8(out + o, strtoul(hex, NULL, 16));
                i += 6;
                continue;
            }
            out[o++] = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
            i += 2;
            continue;
        }
        out[o++] = s[i++];
    }
    out[o] = '\0';
    return o;
}

/* Split s (unescaped per item) at the separator sep; items go into a
 * fresh array of strings. Returns the count. */
static size_t split(const char *s, const char *sep, char ***items)
{
    size_t n = 0, cap = 16, seplen = strlen(sep);
    char **arr = malloc(cap * sizeof(*arr));
    const char *p = s;
    for (;;) {
        const char *q = strstr(p, sep);
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (n == cap)
            arr = realloc(arr, (cap *= 2) * sizeof(*arr));
        arr[n] = malloc(len * 4 + 1);
        unescape(p, len, arr[n]);
        n++;
        if (!q)
            break;
        p = q + seplen;
    }
    *items = arr;
    return n;
}

static void free_items(char **items, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

static char kind_code(unsigned kind)
{
    static const char codes[] = "?WNPSQUEHTMCO";
    return kind < sizeof(codes) - 1 ? codes[kind] : '?';
}

typedef struct test_case {
    int line;
    char in[MAX_TEXT];
    char tok[MAX_TEXT], sent[MAX_TEXT], kinds[MAX_TEXT], quotes[MAX_TEXT];
    int para; /* -1 when not given */
} test_case;

/* Print what the tokenizer made of the case, for the failure report. */
static void dump(const char *text, const tk_output *o)
{
    size_t i;
    fprintf(stderr, "    got tokens:");
    for (i = 0; i < o->n_tokens; i++)
        fprintf(stderr, " %.*s/%c%s",
                (int)(o->tokens[i].end - o->tokens[i].start),
                text + o->tokens[i].start, kind_code(o->tokens[i].kind),
                (o->tokens[i].flags & TP_TOKF_QUOTE_OPEN)    ? "o"
                : (o->tokens[i].flags & TP_TOKF_QUOTE_CLOSE) ? "c"
                                                             : "");
    fprintf(stderr, "\n    got sentences:");
    for (i = 0; i < o->n_sentences; i++)
        fprintf(stderr, " [%.*s]",
                (int)(o->sentences[i].end - o->sentences[i].start),
                text + o->sentences[i].start);
    fprintf(stderr, "\n    got paragraphs: %zu\n", o->n_paragraphs);
}

/* Check one case; returns 1 when it passes. */
static int run_case(const tk_tokenizer *tk, const test_case *c, tk_output *o)
{
    char text[MAX_TEXT];
    size_t len = unescape(c->in, strlen(c->in), text), i;
    int ok = 1;

    assert_int_equal(tk_tokenize(tk, text, len, o), 0);
    if (c->tok[0]) {
        char **want;
        size_t n = split(c->tok, " | ", &want);
        if (n != o->n_tokens)
            ok = 0;
        for (i = 0; ok && i < n; i++) {
            const tp_token *t = &o->tokens[i];
            if (strlen(want[i]) != t->end - t->start ||
                memcmp(want[i], text + t->start, t->end - t->start))
                ok = 0;
        }
        if (!ok)
            fprintf(stderr, "  line %d: tokens differ (want %zu, got %zu)\n",
                    c->line, n, o->n_tokens);
        free_items(want, n);
    }
    if (c->kinds[0]) {
        char **want;
        size_t n = split(c->kinds, " ", &want);
        int kok = n == o->n_tokens;
        for (i = 0; kok && i < n; i++)
            kok = want[i][0] == kind_code(o->tokens[i].kind);
        if (!kok) {
            fprintf(stderr, "  line %d: kinds differ (want %s)\n", c->line,
                    c->kinds);
            ok = 0;
        }
        free_items(want, n);
    }
    if (c->quotes[0]) {
        char got[MAX_TEXT] = "";
        for (i = 0; i < o->n_tokens; i++) {
            const tp_token *t = &o->tokens[i];
            if (t->kind != TP_TOK_QUOTE)
                continue;
            if (got[0])
                strcat(got, " ");
            strcat(got, (t->flags & TP_TOKF_QUOTE_OPEN) ? "o" : "c");
            strcat(got, (t->flags & TP_TOKF_QUOTE_DOUBLE) ? "2" : "1");
        }
        if (strcmp(got, c->quotes)) {
            fprintf(stderr, "  line %d: quotes differ (want %s, got %s)\n",
                    c->line, c->quotes, got);
            ok = 0;
        }
    }
    if (c->sent[0]) {
        char **want;
        size_t n = split(c->sent, " || ", &want);
        int sok = n == o->n_sentences;
        for (i = 0; sok && i < n; i++) {
            const tp_span *s = &o->sentences[i];
            sok = strlen(want[i]) == s->end - s->start &&
                  !memcmp(want[i], text + s->start, s->end - s->start);
        }
        if (!sok) {
            fprintf(stderr, "  line %d: sentences differ (want %zu)\n", c->line,
                    n);
            ok = 0;
        }
        free_items(want, n);
    }
    if (c->para >= 0 && (size_t)c->para != o->n_paragraphs) {
        fprintf(stderr, "  line %d: want %d paragraphs, got %zu\n", c->line,
                c->para, o->n_paragraphs);
        ok = 0;
    }
    if (!ok) {
        fprintf(stderr, "    input: %s\n", c->in);
        dump(text, o);
    }
    return ok;
}

static void copy_field(char *dst, const char *src)
{
    size_t n = strlen(src);
    while (n && (src[n - 1] == '\n' || src[n - 1] == '\r'))
        n--;
    if (n >= MAX_TEXT)
        n = MAX_TEXT - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void test_corpus(void **state)
{
    FILE *f = fopen(CASES_PATH, "r");
    char line[MAX_TEXT];
    char err[256];
    tk_tokenizer *tk = tk_new(NULL, 0, err, sizeof(err));
    tk_output o = {0};
    test_case *c = calloc(1, sizeof(*c));
    int lineno = 0, n_cases = 0, n_failed = 0, in_case = 0;
    (void)state;

    assert_non_null(f);
    assert_non_null(tk);
    o.reserve = grow_malloc;
    for (;;) {
        char *got = fgets(line, sizeof(line), f);
        int blank = !got || line[strspn(line, " \t\r\n")] == '\0';
        lineno++;
        if (got && line[0] == '#')
            continue;
        if (blank) {
            if (in_case) {
                n_cases++;
                n_failed += !run_case(tk, c, &o);
                in_case = 0;
            }
            if (!got)
                break;
            continue;
        }
        if (!in_case) {
            memset(c, 0, sizeof(*c));
            c->para = -1;
            c->line = lineno;
            in_case = 1;
        }
        if (!strncmp(line, "in: ", 4))
            copy_field(c->in, line + 4);
        else if (!strncmp(line, "tok: ", 5))
            copy_field(c->tok, line + 5);
        else if (!strncmp(line, "sent: ", 6))
            copy_field(c->sent, line + 6);
        else if (!strncmp(line, "kinds: ", 7))
            copy_field(c->kinds, line + 7);
        else if (!strncmp(line, "quotes: ", 8))
            copy_field(c->quotes, line + 8);
        else if (!strncmp(line, "para: ", 6))
            c->para = atoi(line + 6);
        else
            fail_msg("cases.txt line %d: unknown field: %s", lineno, line);
    }
    fclose(f);
    fprintf(stderr, "tokenize corpus: %d cases, %d failed\n", n_cases,
            n_failed);
    free(o.tokens);
    free(o.sentences);
    free(o.paragraphs);
    free(c);
    tk_free(tk);
    assert_true(n_cases >= 200);
    assert_int_equal(n_failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
