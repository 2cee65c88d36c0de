/*
 * test_tokenize.c - unit tests of the tokenizer core: token kinds, flags
 * and quote styles one by one, the abbreviation option, robustness on
 * empty, invalid and hostile input, the out-of-memory path, and the seed
 * article's sentence and paragraph counts (read from ../shared, never
 * copied; counted by hand, see test_seed_article).
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

#define SEED_PATH TP_SHARED_DIR "/data/seed/article.txt"

/* A tokenizer and an output, freed together. */
typedef struct fixture {
    tk_tokenizer *tk;
    tk_output out;
    const char *text;
} fixture;

static int setup(void **state)
{
    char err[256];
    fixture *f = calloc(1, sizeof(*f));
    f->tk = tk_new(NULL, 0, err, sizeof(err));
    f->out.reserve = grow_malloc;
    *state = f;
    return f->tk ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    free(f->out.tokens);
    free(f->out.sentences);
    free(f->out.paragraphs);
    tk_free(f->tk);
    free(f);
    return 0;
}

static const tk_output *run(fixture *f, const char *text)
{
    f->text = text;
    assert_int_equal(tk_tokenize(f->tk, text, strlen(text), &f->out), 0);
    return &f->out;
}

/* The token whose text is `s` (the first such). */
static const tp_token *find(const fixture *f, const char *s)
{
    size_t i, n = strlen(s);
    for (i = 0; i < f->out.n_tokens; i++) {
        const tp_token *t = &f->out.tokens[i];
        if (t->end - t->start == n && !memcmp(f->text + t->start, s, n))
            return t;
    }
    fail_msg("no token '%s'", s);
    return NULL;
}

static void test_case_flags(void **state)
{
    fixture *f = *state;
    run(f, "ICE agents met León and NASA's A team in the U.S. today");
    assert_true(find(f, "ICE")->flags & TP_TOKF_ALL_CAPS);
    assert_true(find(f, "ICE")->flags & TP_TOKF_CAPITALISED);
    assert_false(find(f, "agents")->flags &
                 (TP_TOKF_CAPITALISED | TP_TOKF_ALL_CAPS));
    assert_true(find(f, "León")->flags & TP_TOKF_CAPITALISED);
    assert_false(find(f, "León")->flags & TP_TOKF_ALL_CAPS);
    assert_true(find(f, "NASA")->flags & TP_TOKF_ALL_CAPS);
    /* a single capital is not "all caps" (>= 2 letters) */
    assert_false(find(f, "A")->flags & TP_TOKF_ALL_CAPS);
    assert_true(find(f, "A")->flags & TP_TOKF_CAPITALISED);
    assert_true(find(f, "U.S.")->flags & TP_TOKF_ALL_CAPS);
    assert_true(find(f, "U.S.")->flags & TP_TOKF_ABBREV);
    run(f, "Élan ÉCOLE");
    assert_true(find(f, "Élan")->flags & TP_TOKF_CAPITALISED);
    assert_true(find(f, "ÉCOLE")->flags & TP_TOKF_ALL_CAPS);
}

static void test_space_and_structure_flags(void **state)
{
    fixture *f = *state;
    const tk_output *o = run(f, "First one. Second\u00a0one.\nNext para");
    assert_int_equal(o->n_tokens, 8);
    /* the first token starts the paragraph and the sentence, no space */
    assert_int_equal(
        o->tokens[0].flags &
            (TP_TOKF_PARA_START | TP_TOKF_SENT_START | TP_TOKF_SPACE_BEFORE),
        TP_TOKF_PARA_START | TP_TOKF_SENT_START);
    assert_true(find(f, "one")->flags & TP_TOKF_SPACE_BEFORE);
    assert_false(o->tokens[2].flags & TP_TOKF_SPACE_BEFORE); /* "." */
    assert_true(find(f, "Second")->flags & TP_TOKF_SENT_START);
    assert_false(find(f, "Second")->flags & TP_TOKF_PARA_START);
    /* NBSP separates and counts as space */
    assert_true(o->tokens[4].flags & TP_TOKF_SPACE_BEFORE);
    assert_true(find(f, "Next")->flags &
                (TP_TOKF_PARA_START | TP_TOKF_SENT_START));
    assert_int_equal(o->n_sentences, 3);
    assert_int_equal(o->n_paragraphs, 2);
    assert_int_equal(o->paragraphs[0].start, 0);
    assert_int_equal(o->paragraphs[1].start,
                     strlen("First one. Second\u00a0one.\n"));
}

static void test_contraction_flags(void **state)
{
    fixture *f = *state;
    run(f, "We don't know Trump's views or the students' plans.");
    assert_true(find(f, "n't")->flags & TP_TOKF_CONTRACTION);
    assert_false(find(f, "do")->flags & TP_TOKF_CONTRACTION);
    assert_true(find(f, "'s")->flags & TP_TOKF_CONTRACTION);
    assert_int_equal(find(f, "'")->kind, TP_TOK_WORD);
    assert_true(find(f, "'")->flags & TP_TOKF_CONTRACTION);
    assert_false(find(f, "n't")->flags & TP_TOKF_SPACE_BEFORE);
}

static void check_quote(const tp_token *t, uint32_t dir, uint32_t size,
                        unsigned style)
{
    assert_int_equal(t->kind, TP_TOK_QUOTE);
    assert_int_equal(t->flags & (TP_TOKF_QUOTE_OPEN | TP_TOKF_QUOTE_CLOSE),
                     dir);
    assert_int_equal(t->flags & (TP_TOKF_QUOTE_DOUBLE | TP_TOKF_QUOTE_SINGLE),
                     size);
    assert_int_equal(t->quote_style, style);
}

static void test_quote_styles(void **state)
{
    fixture *f = *state;
    const tk_output *o;
    const uint32_t O = TP_TOKF_QUOTE_OPEN, C = TP_TOKF_QUOTE_CLOSE;
    const uint32_t D = TP_TOKF_QUOTE_DOUBLE, S = TP_TOKF_QUOTE_SINGLE;

    o = run(f, "\"a\" “b” ''c'' ``d'' «e» „f“ 'g' ‘h’ ‹i› `j'");
    check_quote(&o->tokens[0], O, D, TP_QSTYLE_STRAIGHT);
    check_quote(&o->tokens[2], C, D, TP_QSTYLE_STRAIGHT);
    check_quote(&o->tokens[3], O, D, TP_QSTYLE_CURLY);
    check_quote(&o->tokens[5], C, D, TP_QSTYLE_CURLY);
    check_quote(&o->tokens[6], O, D, TP_QSTYLE_APOS_PAIR);
    check_quote(&o->tokens[8], C, D, TP_QSTYLE_APOS_PAIR);
    check_quote(&o->tokens[9], O, D, TP_QSTYLE_BACKTICK);
    check_quote(&o->tokens[11], C, D, TP_QSTYLE_APOS_PAIR);
    check_quote(&o->tokens[12], O, D, TP_QSTYLE_GUILLEMET);
    check_quote(&o->tokens[14], C, D, TP_QSTYLE_GUILLEMET);
    check_quote(&o->tokens[15], O, D, TP_QSTYLE_LOW9);
    check_quote(&o->tokens[17], C, D, TP_QSTYLE_CURLY);
    check_quote(&o->tokens[18], O, S, TP_QSTYLE_STRAIGHT);
    check_quote(&o->tokens[20], C, S, TP_QSTYLE_STRAIGHT);
    check_quote(&o->tokens[21], O, S, TP_QSTYLE_CURLY);
    check_quote(&o->tokens[23], C, S, TP_QSTYLE_CURLY);
    check_quote(&o->tokens[24], O, S, TP_QSTYLE_GUILLEMET);
    check_quote(&o->tokens[26], C, S, TP_QSTYLE_GUILLEMET);
    check_quote(&o->tokens[27], O, S, TP_QSTYLE_BACKTICK);
    check_quote(&o->tokens[29], C, S, TP_QSTYLE_STRAIGHT);
    assert_int_equal(o->n_tokens, 30);
    /* apostrophes are never quote marks */
    o = run(f, "don't '90s students' O'Brien");
    assert_int_equal(o->n_tokens, 6);
    for (size_t i = 0; i < o->n_tokens; i++)
        assert_int_not_equal(o->tokens[i].kind, TP_TOK_QUOTE);
}

/* An unbalanced mark never changes what comes after its paragraph. */
static void test_unbalanced_quotes(void **state)
{
    fixture *f = *state;
    const char *tail = "\nHe said \"yes\" today. Then left.";
    char a[128], b[128];
    const tk_output *o;
    size_t i, n_ref, off = strlen("Intro.");
    tp_token ref[32];

    snprintf(a, sizeof(a), "Intro.%s", tail);
    o = run(f, a);
    n_ref = o->n_tokens;
    memcpy(ref, o->tokens, n_ref * sizeof(tp_token));
    snprintf(b, sizeof(b), "\"Intro.%s", tail);
    o = run(f, b);
    assert_int_equal(o->n_tokens, n_ref + 1);
    for (i = 2; i < n_ref; i++) { /* from "He" on: same flags, shifted */
        assert_int_equal(o->tokens[i + 1].start, ref[i].start + 1);
        assert_int_equal(o->tokens[i + 1].flags, ref[i].flags);
        assert_int_equal(o->tokens[i + 1].kind, ref[i].kind);
    }
    assert_int_equal(o->n_sentences, 3);
    (void)off;
}

static void test_kinds(void **state)
{
    fixture *f = *state;
    const tk_output *o =
        run(f, "Go to https://x.org or a@b.com, @ap #news 🎉 中 $5 © ½ \x01");
    static const unsigned want[] = {
        TP_TOK_WORD,  TP_TOK_WORD,  TP_TOK_URL,    TP_TOK_WORD,
        TP_TOK_EMAIL, TP_TOK_PUNCT, TP_TOK_HANDLE, TP_TOK_HASHTAG,
        TP_TOK_EMOJI, TP_TOK_CJK,   TP_TOK_NUMBER, TP_TOK_SYMBOL,
        TP_TOK_NUMBER};
    size_t i;
    assert_int_equal(o->n_tokens, sizeof(want) / sizeof(want[0]));
    for (i = 0; i < o->n_tokens; i++)
        assert_int_equal(o->tokens[i].kind, want[i]);
}

static void test_extra_abbreviations(void **state)
{
    char err[256];
    tk_tokenizer *tk;
    const char *extra[] = {"Dist", "Atty.", "Cía"};
    const char *bad_space[] = {"two words"};
    const char *bad_empty[] = {"."};
    (void)state;

    tk = tk_new(extra, 3, err, sizeof(err));
    assert_non_null(tk);
    assert_int_equal(tk_abbrev_lookup(tk, "Dist", 4), TK_ABBR_PLAIN);
    assert_int_equal(tk_abbrev_lookup(tk, "Sen", 3), TK_ABBR_TITLE);
    assert_int_equal(tk_abbrev_lookup(tk, "Cía", strlen("Cía")), TK_ABBR_PLAIN);
    assert_int_equal(tk_abbrev_lookup(tk, "Senator", 7), TK_ABBR_NONE);
    {
        fixture f = {tk, {0}, NULL};
        f.out.reserve = grow_malloc;
        run(&f, "The 5th Dist. court ruled.");
        assert_true(find(&f, "Dist.")->flags & TP_TOKF_ABBREV);
        assert_int_equal(f.out.n_sentences, 1);
        free(f.out.tokens);
        free(f.out.sentences);
        free(f.out.paragraphs);
    }
    tk_free(tk);
    assert_null(tk_new(bad_space, 1, err, sizeof(err)));
    assert_non_null(strstr(err, "two words"));
    assert_null(tk_new(bad_empty, 1, err, sizeof(err)));
    assert_non_null(strstr(err, "abbreviations"));
}

static void test_empty_and_blank(void **state)
{
    fixture *f = *state;
    const tk_output *o = run(f, "");
    assert_int_equal(o->n_tokens + o->n_sentences + o->n_paragraphs, 0);
    o = run(f, " \n\n\t\r\n ");
    assert_int_equal(o->n_tokens + o->n_sentences + o->n_paragraphs, 0);
}

/* Arbitrary bytes: spans stay ordered, inside the text, non-empty. */
static void test_invalid_utf8(void **state)
{
    fixture *f = *state;
    static const char bad[] =
        "a\xff\xfe b\xc3 \xe2\x80 c\xf0\x9f\x98 d\xed\xa0\x80"
        "e \x80\x80 'x\xe2\x80\x99";
    size_t i, prev_end = 0;
    assert_int_equal(tk_tokenize(f->tk, bad, sizeof(bad) - 1, &f->out), 0);
    for (i = 0; i < f->out.n_tokens; i++) {
        assert_true(f->out.tokens[i].start >= prev_end);
        assert_true(f->out.tokens[i].end > f->out.tokens[i].start);
        assert_true(f->out.tokens[i].end <= sizeof(bad) - 1);
        prev_end = f->out.tokens[i].end;
    }
}

static int grow_fail_after(void *ctx, void **items, size_t *cap, size_t need,
                           size_t elem_size)
{
    int *budget = ctx;
    if ((*budget)-- <= 0)
        return -1;
    return grow_malloc(NULL, items, cap, need, elem_size);
}

static void test_out_of_memory(void **state)
{
    fixture *f = *state;
    tk_output o = {0};
    int budget, k;
    char text[4096];
    size_t i;
    (void)f;
    for (i = 0; i + 6 < sizeof(text); i += 6)
        memcpy(text + i, "ab. c ", 6);
    text[i] = '\0';
    /* each failing reserve, from the first on, is reported, and the
     * arrays never hold more than their capacity */
    for (k = 0; k < 8; k++) {
        int r;
        budget = k;
        o.reserve = grow_fail_after;
        o.ctx = &budget;
        r = tk_tokenize(f->tk, text, strlen(text), &o);
        assert_true(r == 0 || r == -1);
        assert_true(k >= 3 || r == -1);
        assert_true(o.n_tokens <= o.cap_tokens);
        assert_true(o.n_sentences <= o.cap_sentences);
        free(o.tokens);
        free(o.sentences);
        free(o.paragraphs);
        memset(&o, 0, sizeof(o));
    }
    o.reserve = grow_fail_after;
    o.ctx = &budget;
    budget = 1000;
    assert_int_equal(tk_tokenize(f->tk, text, strlen(text), &o), 0);
    free(o.tokens);
    free(o.sentences);
    free(o.paragraphs);
}

/* A dotted word that ends a run of plain words: titles keep their dot and
 * the sentence goes on, initials and plain abbreviations keep it and end
 * a sentence only before a typical opener, other words lose it. */
static void test_dots_after_plain_words(void **state)
{
    fixture *f = *state;
    const tk_output *o = run(f, "They met Mr. Smith and J. Doe at Acme Inc. "
                                "The firm grew fast. now what. Next");
    assert_int_equal(find(f, "Mr.")->flags & TP_TOKF_ABBREV, TP_TOKF_ABBREV);
    assert_false(find(f, "Smith")->flags & TP_TOKF_SENT_START);
    assert_int_equal(find(f, "J.")->flags & TP_TOKF_ABBREV, TP_TOKF_ABBREV);
    assert_false(find(f, "Doe")->flags & TP_TOKF_SENT_START);
    assert_int_equal(find(f, "Inc.")->flags & TP_TOKF_ABBREV, TP_TOKF_ABBREV);
    assert_true(find(f, "The")->flags & TP_TOKF_SENT_START);
    assert_int_equal(find(f, "fast")->kind, TP_TOK_WORD);
    assert_false(find(f, "now")->flags & TP_TOKF_SENT_START);
    assert_true(find(f, "Next")->flags & TP_TOKF_SENT_START);
    assert_int_equal(o->n_sentences, 3);
}

/* Clitics after words in a run of plain words are split off as the
 * Penn Treebank does; other apostrophes stay inside the word. */
static void test_clitics_after_plain_words(void **state)
{
    fixture *f = *state;
    run(f, "They don't know Trump\u2019s plan, O'Brien said it's CAN'T ok");
    assert_non_null(find(f, "do"));
    assert_int_equal(find(f, "n't")->flags,
                     TP_TOKF_CONTRACTION); /* no space, lower case */
    assert_true(find(f, "Trump")->flags & TP_TOKF_SPACE_BEFORE);
    assert_int_equal(find(f, "\u2019s")->flags, TP_TOKF_CONTRACTION);
    assert_non_null(find(f, "O'Brien"));
    assert_int_equal(find(f, "'s")->kind, TP_TOK_WORD);
    assert_int_equal(find(f, "CA")->flags & TP_TOKF_ALL_CAPS, TP_TOKF_ALL_CAPS);
    assert_int_equal(find(f, "N'T")->flags, TP_TOKF_CONTRACTION |
                                                TP_TOKF_CAPITALISED |
                                                TP_TOKF_ALL_CAPS);
}

/* What a generated word or mark should come out as. */
typedef struct expected_token {
    uint32_t start, end, flags;
    unsigned kind;
} expected_token;

/* Append `s` to text and, unless it is a separator, its expectation. */
static void put_piece(char *text, size_t *len, expected_token *want,
                      size_t *n_want, const char *s, unsigned kind,
                      uint32_t flags)
{
    size_t n = strlen(s);
    if (kind) {
        want[*n_want].start = (uint32_t)*len;
        want[*n_want].end = (uint32_t)(*len + n);
        want[*n_want].kind = kind;
        want[*n_want].flags = flags;
        (*n_want)++;
    }
    memcpy(text + *len, s, n);
    *len += n;
}

/*
 * Runs of plain words are found 64 bytes at a time: words of every length
 * (past 64 too), case and hyphenation, single and double spaces, commas
 * with and without a space before, and sentence-ending dots, at every
 * offset in those windows and up to the end of the text, come out as the
 * rules say. The words are made of q and z, so none is an abbreviation.
 */
static void test_plain_word_runs(void **state)
{
    enum { MAX_TOKENS = 6000 };
    fixture *f = *state;
    char *text = malloc(64 * MAX_TOKENS);
    expected_token *want = malloc(MAX_TOKENS * sizeof(*want));
    unsigned seed = 12345, pass;
    for (pass = 0; pass < 8; pass++) {
        size_t len = 0, n_want = 0, n_sentences = 1, i, w;
        uint32_t before = TP_TOKF_PARA_START | TP_TOKF_SENT_START;
        int sentence_end = 0;
        for (w = 0; w < 500 + pass * 97; w++) {
            char word[80];
            unsigned shape, wl, k;
            uint32_t flags = before;
            seed = seed * 1103515245u + 12345u;
            wl = (seed >> 16) % 50 == 0 ? 20 + (seed >> 8) % 60
                                        : 1 + (seed >> 8) % 12;
            shape = (seed >> 4) % 3; /* lower, Capitalised, UPPER */
            for (k = 0; k < wl; k++)
                word[k] =
                    (char)((k % 2 ? 'z' : 'q') -
                           ((shape == 2 || (shape == 1 && k == 0)) ? 'a' - 'A'
                                                                   : 0));
            if (wl >= 3 && (seed >> 20) % 8 == 0)
                word[wl / 2] = '-'; /* a hyphenated word is one token */
            word[wl] = '\0';
            if (shape)
                flags |= TP_TOKF_CAPITALISED;
            if (shape == 2 && wl >= 2)
                flags |= TP_TOKF_ALL_CAPS;
            if (sentence_end && shape)
                flags |= TP_TOKF_SENT_START, n_sentences++;
            put_piece(text, &len, want, &n_want, word, TP_TOK_WORD, flags);
            /* what follows: a space, two, a comma, a space and a comma,
             * or the dot of a sentence (not after an initial) */
            seed = seed * 1103515245u + 12345u;
            sentence_end = 0;
            before = TP_TOKF_SPACE_BEFORE;
            switch ((seed >> 16) % 8) {
            case 0:
                put_piece(text, &len, want, &n_want, "  ", 0, 0);
                break;
            case 1:
                put_piece(text, &len, want, &n_want, ",", TP_TOK_PUNCT, 0);
                put_piece(text, &len, want, &n_want, " ", 0, 0);
                break;
            case 2:
                put_piece(text, &len, want, &n_want, " ", 0, 0);
                put_piece(text, &len, want, &n_want, ",", TP_TOK_PUNCT,
                          TP_TOKF_SPACE_BEFORE);
                put_piece(text, &len, want, &n_want, " ", 0, 0);
                break;
            case 3:
                if (wl > 1 || !shape) {
                    put_piece(text, &len, want, &n_want, ".", TP_TOK_PUNCT, 0);
                    sentence_end = 1;
                }
                put_piece(text, &len, want, &n_want, " ", 0, 0);
                break;
            default:
                put_piece(text, &len, want, &n_want, " ", 0, 0);
                break;
            }
        }
        len--; /* the text ends in its last word or mark */
        text[len] = '\0';
        run(f, text);
        assert_int_equal(f->out.n_tokens, n_want);
        for (i = 0; i < n_want; i++) {
            const tp_token *t = &f->out.tokens[i];
            assert_int_equal(t->start, want[i].start);
            assert_int_equal(t->end, want[i].end);
            assert_int_equal(t->kind, want[i].kind);
            assert_int_equal(t->flags, want[i].flags);
        }
        assert_int_equal(f->out.n_sentences, n_sentences);
        assert_int_equal(f->out.n_paragraphs, 1);
    }
    free(want);
    free(text);
}

/*
 * The seed article, counted by hand: 26 paragraphs (26 non-empty lines:
 * the headline, 23 body paragraphs, "Topics in this article", "Skip to
 * footer") and 35 sentences. Per paragraph: 1 1 1 2 2 2 1 2 2 2 2 1 1 1 1
 * 1 1 2 1 1 1 1 1 2 1 1. The two-sentence quote paragraphs split at
 * '... the letter states. "As a result ...', '... told BuzzFeed News.
 * "ICE conducts ...' and '... she told BuzzFeed News. "Some of ...', not at
 * 'arrests," the letter' nor at "Tani G. Cantil-Sakauye" or "State Rep.
 * Teresa".
 */
static void test_seed_article(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen(SEED_PATH, "rb");
    char *buf;
    long n;
    size_t i;
    if (!fp) {
        fprintf(stderr, "seed article not found at %s\n", SEED_PATH);
        skip();
    }
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    buf[n] = '\0';
    run(f, buf);
    assert_int_equal(f->out.n_paragraphs, 26);
    assert_int_equal(f->out.n_sentences, 35);
    assert_true(find(f, "G.")->flags & TP_TOKF_ABBREV);
    assert_true(find(f, "Rep.")->flags & TP_TOKF_ABBREV);
    assert_non_null(find(f, "Cantil-Sakauye"));
    assert_non_null(find(f, "León"));
    /* every sentence lies inside one paragraph */
    for (i = 0; i < f->out.n_sentences; i++) {
        size_t k = 0;
        while (k < f->out.n_paragraphs &&
               f->out.paragraphs[k].end < f->out.sentences[i].end)
            k++;
        assert_true(k < f->out.n_paragraphs);
        assert_true(f->out.paragraphs[k].start <= f->out.sentences[i].start);
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_case_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_space_and_structure_flags, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_contraction_flags, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_quote_styles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unbalanced_quotes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
        cmocka_unit_test(test_extra_abbreviations),
        cmocka_unit_test_setup_teardown(test_empty_and_blank, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dots_after_plain_words, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_clitics_after_plain_words, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_plain_word_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seed_article, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
