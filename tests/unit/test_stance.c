/*
 * test_stance.c - unit tests of the stance core: the word splitter,
 * negation scope, contrast, intensifiers, stance words aimed at a target,
 * the reporter classes of cue verbs, target matching (capitals, multi-word
 * aliases, content-word stems), targets-file errors with file:line, and
 * the model file: save/load round trip, and refusal of a bad magic, a
 * truncated, corrupt or other-version file and of other lexicons; the
 * memo of words makes the words made without it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "stance.h"

/* ---- helpers ------------------------------------------------------------- */

static st_lexicon *lx;

static int setup(void **state)
{
    (void)state;
    lx = st_lexicon_new();
    return lx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    st_lexicon_free(lx);
    return 0;
}

/* A target with aliases given as a NULL-terminated list. */
static void make_target(st_target *t, const char *name, const char **aliases)
{
    size_t n = 0, lens[16] = {0};
    while (aliases && aliases[n]) {
        lens[n] = strlen(aliases[n]);
        n++;
    }
    assert_int_equal(st_target_init(t, lx, name, strlen(name),
                                    (const char *const *)aliases, lens, n),
                     0);
}

/* The judgement of a text toward a target, as a quote about it. */
static st_judgement judge(const st_target *t, const char *text, unsigned how)
{
    st_words ws = {0};
    st_judgement j;
    uint8_t *marks;
    assert_int_equal(st_words_split(&ws, lx, text, strlen(text)), 0);
    marks = calloc(ws.n + 1, 1);
    assert_non_null(marks);
    st_judge(lx, t, &ws, 0, ws.n, marks, how, &j);
    free(marks);
    st_words_free(&ws);
    return j;
}

static int label_of(const char *name, const char *text)
{
    st_target t;
    st_judgement j;
    make_target(&t, name, NULL);
    j = judge(&t, text, 0);
    st_target_free(&t);
    return j.label;
}

/* ---- words -----------------------------------------------------------------
 */

static void test_split_words(void **state)
{
    st_words ws = {0};
    const char *text = "Don\xe2\x80\x99t #StopTheBill, @JaneDoe! http://x.y/z\n"
                       "ICE agents";
    (void)state;
    assert_int_equal(st_words_split(&ws, lx, text, strlen(text)), 0);
    assert_int_equal(ws.n, 12);
    /* the tokenizer's clitic, with its apostrophe straightened, negates */
    assert_string_equal(st_word_text(&ws, &ws.w[0]), "do");
    assert_string_equal(st_word_text(&ws, &ws.w[1]), "n't");
    assert_true(ws.w[1].lex & ST_L_NEGATOR);
    assert_string_equal(st_word_text(&ws, &ws.w[2]), "stop");
    assert_true(ws.w[2].flags & ST_W_HASHTAG);
    assert_string_equal(st_word_text(&ws, &ws.w[3]), "the");
    assert_string_equal(st_word_text(&ws, &ws.w[4]), "bill");
    assert_true(ws.w[5].flags & ST_W_CLAUSE);
    assert_string_equal(st_word_text(&ws, &ws.w[6]), "jane");
    assert_true(ws.w[6].flags & ST_W_HANDLE);
    assert_true(ws.w[8].flags & ST_W_EXCL);
    assert_true(ws.w[9].flags & ST_W_URL);
    /* a new line ends the sentence at its last word */
    assert_true(ws.w[9].flags & ST_W_SENT);
    assert_true(ws.w[10].flags & ST_W_ALLCAPS);
    /* spans are the text's bytes */
    assert_int_equal(ws.w[10].start, strlen(text) - 10);
    st_words_free(&ws);
}

/* The eight-bytes-at-a-time splitter gives every word the lower-cased
 * form and the hash st_word_hash computes byte by byte, at every length
 * and at the very end of the text (where fewer than eight bytes are
 * readable), and flags the forms that hold an apostrophe. */
static void test_word_forms_and_hashes(void **state)
{
    st_words ws = {0};
    const char *text = "A Bb CcC DDDD eEeEe FfFfFf GgGgGgG HhHhHhHh "
                       "IiIiIiIiI Internationalization O'Neil@ZZZ "
                       "Supercalifragilisticexpialidocious Zed";
    size_t i;
    (void)state;
    assert_int_equal(st_words_split(&ws, lx, text, strlen(text)), 0);
    for (i = 0; i < ws.n; i++) {
        const st_word *w = &ws.w[i];
        const char *f = st_word_text(&ws, w);
        size_t k;
        assert_int_equal(strlen(f), w->len);
        for (k = 0; k < w->len; k++)
            assert_false(f[k] >= 'A' && f[k] <= 'Z');
        assert_true(w->hash == st_word_hash(f, w->len));
        assert_true(w->stem == st_stem(f, w->len));
        assert_int_equal((w->flags & ST_W_APOS) != 0, strchr(f, '\'') != NULL);
    }
    assert_string_equal(st_word_text(&ws, &ws.w[ws.n - 1]), "zed");
    st_words_free(&ws);
}

/* Two word lists hold the same words: every field and every form. */
static void assert_same_words(const st_words *a, const st_words *b)
{
    size_t i;
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->n_cand, b->n_cand);
    assert_memory_equal(a->cand, b->cand, a->n_cand * sizeof(*a->cand));
    for (i = 0; i < a->n; i++) {
        const st_word *x = &a->w[i], *y = &b->w[i];
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->end, y->end);
        assert_int_equal(x->len, y->len);
        assert_true(x->hash == y->hash && x->stem == y->stem);
        assert_int_equal(x->flags, y->flags);
        assert_int_equal(x->lex, y->lex);
        assert_true(x->valence == y->valence);
        assert_string_equal(st_word_text(a, x), st_word_text(b, y));
    }
}

/* The memo of forms made before makes the words made without it: on the
 * first text and on texts whose words it holds (capitals, mixed case,
 * apostrophes, curly ones, digits, punctuation, forms of 1, 8, 9, 15, 16,
 * 17 and 40 bytes, UTF-8, a hashtag, words in a text's last 16 bytes),
 * with another lexicon, or the same one after a file was loaded into it,
 * and after the targets' bloom changed. */
static void test_memo_makes_the_same_words(void **state)
{
    const char *texts[] = {
        "The bill is NOT good, and they don't support it. Don\xe2\x80\x99t!",
        "the Bill is not GOOD -- they Don't support it... #StopTheBill ; "
        "abcdefgh abcdefghi abcdefghijklmnop abcdefghijklmnopq caf\xc3\xa9.",
        "Good good GOOD zorgle, zorgle; . , ! ? 'zorgle' don't dont",
        "a A I x1 X1 2016 abcdefghijklmno ABCDEFGHIJKLMNO abcdefghijklmnop "
        "AbCdEfGhIjKlMnOp AbCdEfGhIjKlMnOpQ "
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmn "
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn 12345678901234567 "
        "o'neill O'Neill O\xe2\x80\x99Neill na\xc3\xafve NA\xc3\xafVE "
        "caf\xc3\xa9s Bill's bill's BILL'S #TheBill the Bill. a",
        "a A I x1 X1 2016 abcdefghijklmno ABCDEFGHIJKLMNO abcdefghijklmnop "
        "AbCdEfGhIjKlMnOp AbCdEfGhIjKlMnOpQ o'neill O'Neill Bill's bill's "
        "zorgle The bill BILL abcdefghijklmno"};
    char err[256], path[] = "/tmp/test_stance_memo_XXXXXX";
    st_lexicon *l2 = st_lexicon_new();
    st_target tg, tg2;
    st_words with = {0}, without = {0};
    size_t i, round;
    FILE *f;
    int fd = mkstemp(path);
    (void)state;
    assert_non_null(l2);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fputs("zorgle\t4.0\ngood\t-4\n", f);
    fclose(f);
    make_target(&tg, "the bill", NULL);
    make_target(&tg2, "zorgle", NULL);
    assert_int_equal(st_words_memo(&with), 0);
    st_bloom_add(&with.want, &tg.bloom);
    st_bloom_add(&without.want, &tg.bloom);
    for (round = 0; round < 6; round++) {
        const st_lexicon *l = round < 2 ? lx : l2;
        if (round == 3)
            assert_int_equal(st_lexicon_load(l2, path, err, sizeof(err)), 0);
        if (round >= 4) {
            /* other targets, then none */
            memset(&with.want, 0, sizeof(with.want));
            memset(&without.want, 0, sizeof(without.want));
            if (round == 4) {
                st_bloom_add(&with.want, &tg2.bloom);
                st_bloom_add(&without.want, &tg2.bloom);
            }
        }
        for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
            assert_int_equal(
                st_words_split(&with, l, texts[i], strlen(texts[i])), 0);
            assert_int_equal(
                st_words_split(&without, l, texts[i], strlen(texts[i])), 0);
            assert_same_words(&with, &without);
        }
    }
    st_target_free(&tg);
    st_target_free(&tg2);
    st_words_free(&with);
    st_words_free(&without);
    st_lexicon_free(l2);
    unlink(path);
}

/* One scan of a text, applied to each target, judges as st_judge does
 * target by target. */
static void test_scan_once_for_all_targets(void **state)
{
    const char *text = "We must oppose the wall. Nobody should support "
                       "the senator, but the wall is not a good idea! "
                       "Maybe they will defend it.";
    const char *names[] = {"the wall", "senator", "taxes"};
    st_words ws = {0};
    st_judge_pass p = {0}, made = {0};
    uint8_t *marks;
    size_t t;
    unsigned how;
    (void)state;
    /* judged as the words are made, and again after */
    ws.judge = &made;
    assert_int_equal(st_words_split(&ws, lx, text, strlen(text)), 0);
    marks = calloc(ws.n + 1, 1);
    assert_non_null(marks);
    assert_int_equal(st_judge_scan(lx, &ws, 0, ws.n, &p), 0);
    assert_int_equal(made.n_sentences, p.n_sentences);
    assert_int_equal(made.n_words, p.n_words);
    assert_memory_equal(made.sentences, p.sentences,
                        p.n_sentences * sizeof(*p.sentences));
    for (t = 0; t < 3; t++)
        for (how = 0; how < 8; how++) {
            st_target tg;
            st_judgement a, b;
            make_target(&tg, names[t], NULL);
            st_judge(lx, &tg, &ws, 0, ws.n, marks, how, &a);
            st_judge_apply(&p, &tg, &ws, marks, how, &b);
            assert_int_equal(a.label, b.label);
            st_judge_apply(&made, &tg, &ws, marks, how, &b);
            assert_int_equal(a.label, b.label);
            assert_true(a.score == b.score && a.polarity == b.polarity);
            st_judge_apply(&p, &tg, &ws, marks, how, &b);
            assert_true(a.score == b.score && a.polarity == b.polarity);
            assert_int_equal(a.n_pro, b.n_pro);
            assert_int_equal(a.n_con, b.n_con);
            assert_int_equal(a.mention, b.mention);
            st_target_free(&tg);
        }
    st_judge_pass_free(&p);
    st_judge_pass_free(&made);
    free(marks);
    st_words_free(&ws);
}

/* Marking every target in one walk marks as each target alone does,
 * overlapping aliases included. */
static void test_mark_all_targets(void **state)
{
    const char *text = "ICE agents and Immigration and Customs Enforcement "
                       "met sanctuary city officials; the sanctuary "
                       "policies of the city, immigration agents said.";
    const char *ice[] = {"ICE", "Immigration and Customs Enforcement",
                         "immigration agents", NULL};
    const char *sanct[] = {"sanctuary city", "sanctuary policies", NULL};
    const char *city[] = {"city officials", NULL};
    st_target tg[3];
    st_words ws = {0};
    uint8_t *all, *one;
    size_t t, stride;
    (void)state;
    make_target(&tg[0], "ICE", ice);
    make_target(&tg[1], "sanctuary policies", sanct);
    make_target(&tg[2], "the city", city);
    assert_int_equal(st_words_split(&ws, lx, text, strlen(text)), 0);
    stride = ws.n + 1;
    all = calloc(3 * stride, 1);
    one = calloc(stride, 1);
    assert_non_null(all);
    assert_non_null(one);
    st_targets_mark(tg, 3, &ws, all, stride);
    for (t = 0; t < 3; t++) {
        st_target_mark(&tg[t], &ws, 0, ws.n, one);
        assert_memory_equal(all + t * stride, one, ws.n);
        assert_non_null(memchr(one, 2, ws.n));
    }
    /* the same from the words listed as they were made */
    for (t = 0; t < 3; t++)
        st_bloom_add(&ws.want, &tg[t].bloom);
    assert_int_equal(st_words_split(&ws, lx, text, strlen(text)), 0);
    assert_true(ws.n_cand > 0 && ws.n_cand < ws.n);
    memset(all, 0xff, 3 * stride);
    st_targets_mark(tg, 3, &ws, all, stride);
    for (t = 0; t < 3; t++) {
        st_target_mark(&tg[t], &ws, 0, ws.n, one);
        assert_memory_equal(all + t * stride, one, ws.n);
        st_target_free(&tg[t]);
    }
    free(all);
    free(one);
    st_words_free(&ws);
}

/* ---- rules -----------------------------------------------------------------
 */

static void test_polarity_and_negation(void **state)
{
    (void)state;
    assert_int_equal(label_of("the bill", "The bill is good and fair."),
                     ST_FAVOR);
    assert_int_equal(label_of("the bill", "The bill is not good."), ST_AGAINST);
    assert_int_equal(label_of("the bill", "The bill isn't fair at all."),
                     ST_AGAINST);
    assert_int_equal(label_of("the bill", "The bill is not bad."), ST_FAVOR);
    /* the scope ends at the clause */
    assert_int_equal(label_of("the bill", "No doubt, the bill is great."),
                     ST_FAVOR);
}

static void test_contrast(void **state)
{
    (void)state;
    assert_int_equal(
        label_of("the mayor", "The mayor is nice, but corrupt and dishonest."),
        ST_AGAINST);
    assert_int_equal(label_of("the mayor",
                              "The mayor made mistakes but is honest, brave "
                              "and effective."),
                     ST_FAVOR);
}

static void test_intensifier_and_hedge(void **state)
{
    st_target t;
    double plain, strong, hedged;
    (void)state;
    make_target(&t, "the plan", NULL);
    plain = judge(&t, "The plan is good.", 0).polarity;
    strong = judge(&t, "The plan is very good.", 0).polarity;
    hedged = judge(&t, "The plan is maybe good.", 0).polarity;
    assert_true(strong > plain);
    assert_true(hedged < plain && hedged > 0);
    st_target_free(&t);
}

static void test_stance_words(void **state)
{
    (void)state;
    /* no sentiment words: the stance lies in the verb and its object */
    assert_int_equal(label_of("the council", "We support the council."),
                     ST_FAVOR);
    assert_int_equal(label_of("the council", "We oppose the council."),
                     ST_AGAINST);
    assert_int_equal(label_of("the council", "We do not oppose the council."),
                     ST_FAVOR);
    assert_int_equal(label_of("the council", "Residents are afraid of the "
                                             "council."),
                     ST_AGAINST);
}

static void test_whole_text_without_the_name(void **state)
{
    st_target t;
    st_judgement j;
    (void)state;
    make_target(&t, "Acme", NULL);
    /* no opinion at all: NONE */
    j = judge(&t, "The train leaves at noon.", ST_J_WHOLE);
    assert_int_equal(j.label, ST_NONE);
    assert_int_equal(j.mention, 0);
    /* names the target and praises it */
    j = judge(&t, "Acme is wonderful and honest.", ST_J_WHOLE);
    assert_int_equal(j.label, ST_FAVOR);
    st_target_free(&t);
}

static void test_self_speaker_denial(void **state)
{
    st_target t;
    const char *al[] = {"ICE", NULL};
    (void)state;
    make_target(&t, "ICE", al);
    /* a denial by the target's own speaker defends it */
    assert_int_equal(
        judge(&t, "The claim is false and baseless.", ST_J_CONTEXT | ST_J_SELF)
            .label,
        ST_FAVOR);
    assert_int_equal(
        judge(&t, "The claim is false and baseless.", ST_J_CONTEXT).label,
        ST_AGAINST);
    st_target_free(&t);
}

/* ---- reporter classes
 * -------------------------------------------------------- */

static void test_reporter_classes(void **state)
{
    static const struct {
        const char *cue;
        int cls;
    } cases[] = {
        {"said", 1},      {"told", 1},        {"according to", 1},
        {"says", 1},      {"claimed", 2},     {"alleged", 2},
        {"insisted", 2},  {"claims", 2},      {"denied", 2},
        {"noted", 3},     {"pointed out", 3}, {"acknowledged", 3},
        {"confirmed", 3}, {"revealed", 3},    {"admitted", 3},
        {"Noting", 3},    {"point", 1},       {"", 1},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = st_reporter_class(cases[i].cue, strlen(cases[i].cue));
        if (got != cases[i].cls)
            fail_msg("cue '%s': class %d, expected %d", cases[i].cue, got,
                     cases[i].cls);
    }
}

/* A text that may name a target holds the form of an alias's first word;
 * one that does not is never found to name it when split. */
static void test_target_may_name(void **state)
{
    const char *al[] = {"Mrs. Clinton", "Secretary Clinton", "ICE", NULL};
    const char *names[] = {"hillary rodham clinton", "donald trump",
                           "the ice agency", "secretary of state", "mrs. x"};
    const int may[] = {1, 0, 1, 1, 1};
    st_target tg;
    st_words ws = {0};
    uint8_t marks[16];
    size_t i;
    (void)state;
    make_target(&tg, "Hillary Clinton", al);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        int m = st_target_may_name(&tg, names[i], strlen(names[i]));
        assert_int_equal(m, may[i]);
        assert_int_equal(st_words_split(&ws, lx, names[i], strlen(names[i])),
                         0);
        if (!m)
            assert_int_not_equal(st_target_mark(&tg, &ws, 0, ws.n, marks), 2);
    }
    st_target_free(&tg);
    st_words_free(&ws);
}

/* ---- targets
 * ------------------------------------------------------------------- */

static int mark_of(const st_target *t, const char *text)
{
    st_words ws = {0};
    uint8_t marks[64];
    int m;
    assert_int_equal(st_words_split(&ws, lx, text, strlen(text)), 0);
    assert_true(ws.n < sizeof(marks));
    m = st_target_mark(t, &ws, 0, ws.n, marks);
    st_words_free(&ws);
    return m;
}

static void test_target_matching(void **state)
{
    st_target t, f;
    const char *al[] = {"ICE", "Immigration and Customs Enforcement", NULL};
    (void)state;
    make_target(&t, "ICE", al);
    assert_int_equal(mark_of(&t, "ICE agents came."), 2);
    assert_int_equal(mark_of(&t, "We ate ice cream."), 0);
    assert_int_equal(mark_of(&t, "Ice on the road."), 0);
    assert_int_equal(
        mark_of(&t, "U.S. Immigration and Customs Enforcement said so."), 2);
    assert_int_equal(mark_of(&t, "#AbolishICE now"), 2);
    st_target_free(&t);

    make_target(&f, "Feminist Movement", NULL);
    assert_int_equal(mark_of(&f, "the feminist movement grows"), 2);
    /* a content word, by its stem: a weaker mention */
    assert_int_equal(mark_of(&f, "feminists say"), 1);
    assert_int_equal(mark_of(&f, "feminism is"), 1);
    assert_int_equal(mark_of(&f, "nothing here"), 0);
    st_target_free(&f);
}

static void expect_targets_error(const char *text, const char *msg)
{
    st_targets ts;
    char err[256];
    assert_int_equal(st_targets_parse(&ts, lx, text, strlen(text), "t.conf",
                                      err, sizeof(err)),
                     -1);
    if (!strstr(err, msg))
        fail_msg("error '%s' lacks '%s'", err, msg);
    assert_int_equal(ts.n, 0);
}

static void test_targets_file(void **state)
{
    st_targets ts;
    char err[256], path[] = "/tmp/test_stance_targets_XXXXXX";
    const char *good = "# comment\n\nICE: ICE, Immigration and Customs "
                       "Enforcement, immigration agents\n"
                       "  sanctuary policies : sanctuary city\r\n"
                       "Acme:\n";
    FILE *f;
    int fd;
    (void)state;
    assert_int_equal(st_targets_parse(&ts, lx, good, strlen(good), "t.conf",
                                      err, sizeof(err)),
                     0);
    assert_int_equal(ts.n, 3);
    assert_string_equal(ts.t[0].name, "ICE");
    assert_int_equal(ts.t[0].n_alias_text, 3);
    assert_string_equal(ts.t[1].name, "sanctuary policies");
    assert_string_equal(ts.t[1].alias_text[0], "sanctuary city");
    assert_int_equal(ts.t[2].n_alias_text, 0); /* the name alone */
    st_targets_free(&ts);

    expect_targets_error("A: a\n# x\nno colon here\n", "t.conf:3: expected");
    expect_targets_error("A: a\n: b\n", "t.conf:2: empty target name");
    expect_targets_error("A: a,,b\n", "t.conf:1: empty alias");
    expect_targets_error("A: a,\n", "t.conf:1: empty alias");
    expect_targets_error("A: a\nB: b\nA: c\n",
                         "t.conf:3: target 'A' is already defined at line 1");

    /* from a file, the message names the file */
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fputs("ok: fine\nbroken\n", f);
    fclose(f);
    assert_int_equal(st_targets_load(&ts, lx, path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, ":2: expected"));
    assert_non_null(strstr(err, path));
    unlink(path);
    assert_int_equal(
        st_targets_load(&ts, lx, "/nonexistent/targets.conf", err, sizeof(err)),
        -1);
    assert_non_null(strstr(err, "/nonexistent/targets.conf"));
}

static void test_lexicon_file(void **state)
{
    char err[256], path[] = "/tmp/test_stance_lex_XXXXXX";
    st_lexicon *l2 = st_lexicon_new();
    float v;
    uint64_t fp = st_lexicon_fingerprint(l2);
    FILE *f;
    int fd = mkstemp(path);
    (void)state;
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fputs("zorgle\t4.0\nGood\t-4\nbad line\n", f);
    fclose(f);
    assert_int_equal(st_lexicon_load(l2, path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, ":3: expected word<TAB>score"));
    st_lexicon_free(l2);

    l2 = st_lexicon_new();
    f = fopen(path, "w");
    fputs("zorgle\t4.0\nGood\t-4\n", f);
    fclose(f);
    assert_int_equal(st_lexicon_load(l2, path, err, sizeof(err)), 0);
    assert_true(st_lexicon_get(l2, "zorgle", 6, &v) & ST_L_HAS_VALENCE);
    assert_true(v > 0);
    st_lexicon_get(l2, "good", 4, &v);
    assert_true(v < 0); /* the file overrides the tables */
    assert_true(st_lexicon_fingerprint(l2) != fp);
    st_lexicon_free(l2);
    unlink(path);
}

/* ---- the model file -------------------------------------------------------
 */

/* Train a tiny model on two targets. */
static void tiny_model(st_model *m, st_fvec *probe, st_target *t)
{
    static const struct {
        const char *text;
        int label;
    } data[] = {
        {"we love and support the plan", ST_FAVOR},
        {"the plan is great and fair", ST_FAVOR},
        {"a wonderful plan, well done", ST_FAVOR},
        {"we oppose the plan, it is a disaster", ST_AGAINST},
        {"the plan is corrupt and evil", ST_AGAINST},
        {"stop the terrible plan now", ST_AGAINST},
        {"the weather is mild today", ST_NONE},
        {"trains run at noon", ST_NONE},
        {"a meeting on tuesday", ST_NONE},
    };
    st_dataset d = {0};
    st_fscratch fs = {0};
    st_fvec fv = {0};
    st_train_params p = {1.0, 50, 7, {1, 1, 1}};
    size_t i, n = sizeof(data) / sizeof(data[0]), cap = 0;

    make_target(t, "the plan", NULL);
    d.row = calloc(n + 1, sizeof(size_t));
    d.label = calloc(n, sizeof(int));
    for (i = 0; i < n; i++) {
        assert_int_equal(st_features(lx, t, data[i].text, strlen(data[i].text),
                                     16, &fs, &fv),
                         0);
        if (d.nnz + fv.n > cap) {
            cap = (d.nnz + fv.n) * 2;
            d.idx = realloc(d.idx, cap * sizeof(uint32_t));
            d.val = realloc(d.val, cap * sizeof(float));
        }
        memcpy(d.idx + d.nnz, fv.idx, fv.n * sizeof(uint32_t));
        memcpy(d.val + d.nnz, fv.val, fv.n * sizeof(float));
        d.nnz += fv.n;
        d.row[i + 1] = d.nnz;
        d.label[i] = data[i].label;
    }
    d.n = n;
    m->bits = 16;
    m->lexicon_fp = st_lexicon_fingerprint(lx);
    assert_int_equal(st_train(m, &d, NULL, 0, &p), 0);
    assert_int_equal(
        st_features(lx, t, "we support this great plan", 26, 16, &fs, probe),
        0);
    free(d.idx);
    free(d.val);
    free(d.row);
    free(d.label);
    st_fvec_free(&fv);
    st_fscratch_free(&fs);
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void expect_refused(const unsigned char *data, size_t len, uint64_t fp,
                           const char *msg)
{
    st_model m;
    char err[256];
    assert_int_equal(st_model_read(&m, data, len, fp, err, sizeof(err)), -1);
    if (!strstr(err, msg))
        fail_msg("error '%s' lacks '%s'", err, msg);
}

static void test_model_round_trip_and_refusals(void **state)
{
    st_model m = {0}, back;
    st_fvec probe = {0};
    st_target t;
    char err[256], path[] = "/tmp/test_stance_model_XXXXXX";
    unsigned char *buf;
    size_t len;
    double s1, s2;
    int fd, l1, l2;
    uint64_t fp = st_lexicon_fingerprint(lx);
    (void)state;

    tiny_model(&m, &probe, &t);
    l1 = st_model_predict(&m, &probe, &s1);
    assert_int_equal(l1, ST_FAVOR);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(st_model_save(&m, path, err, sizeof(err)), 0);
    assert_int_equal(st_model_load(&back, path, fp, err, sizeof(err)), 0);
    l2 = st_model_predict(&back, &probe, &s2);
    assert_int_equal(l1, l2);
    assert_true(s1 == s2);
    assert_memory_equal(m.w, back.w, sizeof(float) * 3 << 16);
    st_model_free(&back);

    buf = read_all(path, &len);
    /* truncated, at several places */
    expect_refused(buf, 5, fp, "bad magic");
    expect_refused(buf, 40, fp, "truncated");
    expect_refused(buf, len - 1, fp, "truncated");
    /* a flipped bit in the weights */
    buf[len / 2] ^= 0x10;
    expect_refused(buf, len, fp, "checksum");
    buf[len / 2] ^= 0x10;
    /* another format version */
    buf[8] = 99;
    expect_refused(buf, len, fp, "version 99");
    buf[8] = (unsigned char)ST_MODEL_VERSION;
    /* not a model at all */
    buf[0] = 'X';
    expect_refused(buf, len, fp, "bad magic");
    buf[0] = 'T';
    /* trained with other lexicons */
    expect_refused(buf, len, fp ^ 1, "other lexicons");
    /* intact again: accepted */
    assert_int_equal(st_model_read(&back, buf, len, fp, err, sizeof(err)), 0);
    st_model_free(&back);
    free(buf);

    assert_int_equal(
        st_model_load(&back, "/nonexistent/m", fp, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "/nonexistent/m"));
    unlink(path);
    st_model_free(&m);
    st_fvec_free(&probe);
    st_target_free(&t);
}

static void test_training_is_deterministic(void **state)
{
    st_model a = {0}, b = {0};
    st_fvec pa = {0}, pb = {0};
    st_target ta, tb;
    (void)state;
    tiny_model(&a, &pa, &ta);
    tiny_model(&b, &pb, &tb);
    assert_memory_equal(a.w, b.w, sizeof(float) * 3 << 16);
    st_model_free(&a);
    st_model_free(&b);
    st_fvec_free(&pa);
    st_fvec_free(&pb);
    st_target_free(&ta);
    st_target_free(&tb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_words),
        cmocka_unit_test(test_word_forms_and_hashes),
        cmocka_unit_test(test_memo_makes_the_same_words),
        cmocka_unit_test(test_scan_once_for_all_targets),
        cmocka_unit_test(test_mark_all_targets),
        cmocka_unit_test(test_polarity_and_negation),
        cmocka_unit_test(test_contrast),
        cmocka_unit_test(test_intensifier_and_hedge),
        cmocka_unit_test(test_stance_words),
        cmocka_unit_test(test_whole_text_without_the_name),
        cmocka_unit_test(test_self_speaker_denial),
        cmocka_unit_test(test_reporter_classes),
        cmocka_unit_test(test_target_matching),
        cmocka_unit_test(test_target_may_name),
        cmocka_unit_test(test_targets_file),
        cmocka_unit_test(test_lexicon_file),
        cmocka_unit_test(test_model_round_trip_and_refusals),
        cmocka_unit_test(test_training_is_deterministic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
