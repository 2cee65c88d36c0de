/*
 * test_quotes_seed.c - the quotes stage on the project's seed article
 * (../shared/data/seed/article.txt, read at run time, never committed):
 * every one of its 14 gold quotes is found (50 % overlap of the longer
 * span, as score-quotes counts), and at least 12 of them get the speaker
 * the gold resolves them to. Skipped when ../shared is not there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_quotes_util.h"

#define SEED_DIR TP_SHARED_DIR "/data/seed"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) || !(buf = malloc((size_t)n + 1))) {
        fclose(f);
        return NULL;
    }
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* The integer after the next occurrence of key (with its quotes) from p. */
static const char *next_int(const char *p, const char *key, long *out)
{
    const char *k = strstr(p, key);
    if (!k)
        return NULL;
    k += strlen(key);
    while (*k == ' ' || *k == ':')
        k++;
    *out = strtol(k, NULL, 10);
    return k;
}

/* The "speaker_resolved": [...] list of the gold quote [q, q_end), as a
 * string ("[\"Jeff Sessions\", \"John Kelly\"]"). */
static void resolved_list(const char *q, const char *q_end, char *out,
                          size_t n)
{
    const char *r = strstr(q, "\"speaker_resolved\"");
    const char *s, *e;
    out[0] = '\0';
    if (!r || r > q_end || !(s = strchr(r, '[')) || !(e = strchr(s, ']')) ||
        (size_t)(e - s + 1) >= n)
        return;
    memcpy(out, s, (size_t)(e - s + 1));
    out[e - s + 1] = '\0';
}

/* Does the quote's canonical speaker end in the same word as one of the
 * gold names (as score-quotes' speaker_resolved counts)? */
static int resolved_ok(const tp_quote *q, const char *list)
{
    char word[128];
    size_t n = q->speaker_name.len, w = n;
    const char *hit;
    if (!q->speaker_name.ptr || !n)
        return 0;
    while (w > 0 && q->speaker_name.ptr[w - 1] != ' ')
        w--;
    if (n - w + 2 > sizeof(word))
        return 0;
    memcpy(word, q->speaker_name.ptr + w, n - w);
    word[n - w] = '"';
    word[n - w + 1] = '\0';
    for (hit = strstr(list, word); hit; hit = strstr(hit + 1, word))
        if (hit > list && (hit[-1] == ' ' || hit[-1] == '"'))
            return 1;
    return 0;
}

static void test_seed_article(void **state)
{
    qh h;
    size_t text_len = 0, gold_len = 0, i;
    char *text = slurp(SEED_DIR "/article.txt", &text_len);
    char *gold = slurp(SEED_DIR "/gold.jsonl", &gold_len);
    const char *p;
    tp_doc *d;
    int found = 0, resolved = 0, n_gold = 0;

    (void)state;
    if (!text || !gold) {
        free(text);
        free(gold);
        skip(); /* ../shared/data/seed is not available here */
    }
    assert_int_equal(qh_open(&h, NULL), 0);
    d = qh_run(&h, text, text_len);
    assert_non_null(d);
    p = strstr(gold, "\"quotes\"");
    assert_non_null(p);
    /* each gold quote: {"start": S, "end": E, ...} */
    while ((p = strstr(p, "{\"start\"")) != NULL) {
        long s = 0, e = 0;
        const char *q_end = strchr(p, '}');
        char names[256];
        int matched = 0;
        p = next_int(p, "\"start\"", &s);
        p = next_int(p, "\"end\"", &e);
        assert_non_null(p);
        resolved_list(p, q_end ? q_end : p + strlen(p), names,
                      sizeof(names));
        n_gold++;
        for (i = 0; i < d->n_quotes && !matched; i++) {
            const tp_quote *q = &d->quotes[i];
            long lo = s > q->content.start ? s : q->content.start;
            long hi = e < q->content.end ? e : q->content.end;
            long longer = e - s > (long)(q->content.end - q->content.start)
                              ? e - s
                              : (long)(q->content.end - q->content.start);
            if (hi - lo >= 0 && 2 * (hi - lo) >= longer) {
                matched = 1;
                found++;
                resolved += resolved_ok(q, names);
            }
        }
        if (!matched)
            fprintf(stderr, "seed quote [%ld, %ld) not found\n", s, e);
    }
    assert_int_equal(n_gold, 14);
    assert_int_equal(found, 14);
    assert_true(resolved >= 12);
    /* every span lies in the text */
    for (i = 0; i < d->n_quotes; i++)
        assert_true(d->quotes[i].content.end <= text_len);
    qh_close(&h);
    free(text);
    free(gold);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_article),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
