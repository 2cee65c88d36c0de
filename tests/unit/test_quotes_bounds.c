/*
 * test_quotes_bounds.c - where the quotes stage starts and ends a
 * reported clause or object: asides after a dash, a "that" far after a
 * long hearer, a participle's clause, and the other boundary rules. Each
 * test asserts that a quote with exactly the expected content exists (and
 * that a longer one does not), on sentences written for these tests; the
 * real plugins run (tokenize then quotes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_quotes_util.h"

/* The quote whose content is exactly `content`, or NULL. */
static const tp_quote *find(const tp_doc *d, const char *content)
{
    size_t i;
    for (i = 0; i < d->n_quotes; i++)
        if (!strcmp(qh_str(d, d->quotes[i].content), content))
            return &d->quotes[i];
    return NULL;
}

/* A quote with this content and kind exists, with this speaker text
 * (NULL: any or none). */
static void expect(const tp_doc *d, const char *content, uint32_t kind,
                   const char *speaker)
{
    const tp_quote *q = find(d, content);
    if (!q) {
        size_t i;
        for (i = 0; i < d->n_quotes; i++)
            fprintf(stderr, "  have: [%s]\n", qh_str(d, d->quotes[i].content));
        fail_msg("no quote [%s]", content);
    }
    assert_int_equal(q->kind, kind);
    if (speaker) {
        assert_true(q->flags & TP_QUOTEF_HAS_SPEAKER);
        assert_string_equal(qh_str(d, q->speaker), speaker);
    }
}

/* No quote's content contains `text`. */
static void expect_none_with(const tp_doc *d, const char *text)
{
    size_t i;
    for (i = 0; i < d->n_quotes; i++)
        if (strstr(qh_str(d, d->quotes[i].content), text))
            fail_msg("quote [%s] holds [%s]", qh_str(d, d->quotes[i].content),
                     text);
}

static void test_dash_kinds_end_clause(void **state)
{
    /* a horizontal bar, and an em dash after a no-break space */
    tp_doc *d =
        qh_text(state, "The mayor noted that the bridge had been closed "
                       "for a year \xe2\x80\x95 as the town knew well "
                       "\xe2\x80\x95 and nobody complained.");
    expect(d, "that the bridge had been closed for a year", TP_QUOTE_INDIRECT,
           "The mayor");
    d = qh_text(state, "The coach told reporters that the season was "
                       "over\xc2\xa0\xe2\x80\x94 the club also said it would "
                       "hire a new trainer.");
    expect(d, "that the season was over", TP_QUOTE_INDIRECT, "The coach");
}

static void test_participle_clause_ends(void **state)
{
    /* ", saying CLAUSE - an aside -": the participle's clause ends at the
     * aside like a finite verb's does */
    tp_doc *d =
        qh_text(state, "The senator spoke for an hour, saying the farms "
                       "in her state needed more water - a point her "
                       "rivals have made for years.");
    expect(d, "the farms in her state needed more water", TP_QUOTE_INDIRECT,
           NULL);
}

static void test_that_after_long_hearer(void **state)
{
    /* a long hearer and a time word before "that" */
    tp_doc *d =
        qh_text(state, "Jones told the editors of the Evening Gazette of "
                       "Springfield on Monday that he would run again.");
    expect(d, "that he would run again", TP_QUOTE_INDIRECT, "Jones");
    /* a particle after the cue: the clause starts at "that" */
    d = qh_text(state, "The spokesman pointed out that the panel has three "
                       "veterans, and that none of them was punished.");
    expect(d,
           "that the panel has three veterans, and that none of them was "
           "punished",
           TP_QUOTE_INDIRECT, "The spokesman");
    /* a far "that" after a name opens a relative clause */
    d = qh_text(state, "Brown says Smith ran a long and careful campaign in "
                       "the state of Ohio that won him the seat.");
    expect(d,
           "Smith ran a long and careful campaign in the state of Ohio that "
           "won him the seat",
           TP_QUOTE_INDIRECT, "Brown");
}

static void test_object_ends_before_adverbial(void **state)
{
    /* an object noun phrase ends where "because" or a time opens */
    tp_doc *d = qh_text(state, "Farmers hate the new levy because it raises "
                               "the price of diesel.");
    expect(d, "the new levy", TP_QUOTE_INDIRECT, "Farmers");
    expect_none_with(d, "because");
    d = qh_text(state,
                "The union endorsed Mayor Jane Doe on Friday at its hall.");
    expect(d, "Mayor Jane Doe", TP_QUOTE_INDIRECT, "The union");
    /* "as" and a subject open a clause; "as" and a noun belong */
    d = qh_text(state, "Voters may find the senator persuasive as he speaks "
                       "plainly.");
    expect(d, "the senator persuasive", TP_QUOTE_INDIRECT, "Voters");
    /* "early" before no time noun is no time */
    d = qh_text(state, "The mayor praised the teachers in early childhood "
                       "programs.");
    expect(d, "the teachers in early childhood programs", TP_QUOTE_INDIRECT,
           "The mayor");
    /* an infinitive keeps its own adverbials */
    d = qh_text(state, "The governor hopes to sign the budget after the "
                       "holidays.");
    expect(d, "to sign the budget after the holidays", TP_QUOTE_INDIRECT,
           "The governor");
}

static void test_attitude_noun_object(void **state)
{
    /* the attitude and its preposition belong to the cue */
    tp_doc *d =
        qh_text(state, "The minister expressed her condolences over the "
                       "floods in the north.");
    expect(d, "the floods in the north", TP_QUOTE_INDIRECT, "The minister");
    d = qh_text(state, "The group claimed responsibility for the bombing.");
    expect(d, "the bombing", TP_QUOTE_INDIRECT, "The group");
    d = qh_text(state, "The senator said little about the budget.");
    expect(d, "the budget", TP_QUOTE_INDIRECT, "The senator");
    /* a clause whose subject is such a noun stays whole */
    d = qh_text(state, "The senator said support for the plan was growing.");
    expect(d, "support for the plan was growing", TP_QUOTE_INDIRECT,
           "The senator");
}

static void test_clause_ends_before_with(void **state)
{
    /* ", with ...": an absolute phrase of the writer's */
    tp_doc *d = qh_text(state, "The mayor said the budget was balanced, with "
                               "the council still arguing over the schools.");
    expect(d, "the budget was balanced", TP_QUOTE_INDIRECT, "The mayor");
}

static void test_object_ends_before_second_predicate(void **state)
{
    /* "and"/"but", maybe an adverb, and a past verb: the subject's next
     * predicate */
    tp_doc *d = qh_text(state, "The union loudly pushed against the new "
                               "standards and urged parents to opt out of the "
                               "tests.");
    expect(d, "the new standards", TP_QUOTE_INDIRECT, "The union");
    expect(d, "parents to opt out of the tests", TP_QUOTE_INDIRECT,
           "The union");
    d = qh_text(state, "The mayor blamed the outage on hackers but later "
                       "conceded that a worker had erred.");
    expect(d, "the outage on hackers", TP_QUOTE_INDIRECT, "The mayor");
}

static void test_object_goes_on_after_focus_word(void **state)
{
    tp_doc *d =
        qh_text(state, "The governor praised the volunteers, especially "
                       "the nurses from the county hospital.");
    expect(d, "the volunteers, especially the nurses from the county hospital",
           TP_QUOTE_INDIRECT, "The governor");
}

static void test_dash_pair_inside_clause(void **state)
{
    /* an inserted phrase between two dashes: the clause goes on */
    tp_doc *d =
        qh_text(state, "The auditor said the city had begun - but never "
                       "finished - the repair of the old bridge.");
    expect(d,
           "the city had begun - but never finished - the repair of the old "
           "bridge",
           TP_QUOTE_INDIRECT, "The auditor");
    /* a noun phrase between dashes is the writer's aside */
    d = qh_text(state, "The auditor said the city had cut the budget - a step "
                       "it took twice - and the council agreed.");
    expect(d, "the city had cut the budget", TP_QUOTE_INDIRECT, "The auditor");
}

static void test_frame_speaker_with_premodifiers(void **state)
{
    /* lower-case words before the name say who the speaker is; the
     * quote ends at its closing mark */
    tp_doc *d = qh_text(state, "The vote was close.\n\n\"We will win the state "
                               "next time,\" campaign chairman John Roe told "
                               "reporters on the bus.");
    expect(d, "We will win the state next time,", TP_QUOTE_DIRECT,
           "campaign chairman John Roe");
}

static void test_clause_ends_before_participle_cue(void **state)
{
    /* a comma inside the closing mark, then a participle cue */
    tp_doc *d = qh_text(state, "The union said the deal was \"a good start,\" "
                               "adding that more work was needed.");
    expect(d, "the deal was \"a good start,\"", TP_QUOTE_MIXED, "The union");
    expect(d, "that more work was needed", TP_QUOTE_INDIRECT, "The union");
    /* "while" and a participle cue */
    d = qh_text(state,
                "The senator said the deal was fair while insisting that "
                "the state would pay nothing.");
    expect(d, "the deal was fair", TP_QUOTE_INDIRECT, "The senator");
    expect(d, "that the state would pay nothing", TP_QUOTE_INDIRECT,
           "The senator");
}

static void test_speech_verb_noun_object(void **state)
{
    /* a speech verb with a noun phrase for object ends it at a time */
    tp_doc *d = qh_text(state, "The governor announced his candidacy last year "
                               "at a rally in the capital.");
    expect(d, "his candidacy", TP_QUOTE_INDIRECT, "The governor");
    /* a clause keeps its time; a possessive time is no adverbial */
    d = qh_text(state, "The governor announced he would run last year.");
    expect(d, "he would run last year", TP_QUOTE_INDIRECT, "The governor");
    d = qh_text(state, "The governor announced the winners of this year's "
                       "prize.");
    expect(d, "the winners of this year's prize", TP_QUOTE_INDIRECT,
           "The governor");
}

static void test_clause_ends_at_colon_before_quote(void **state)
{
    tp_doc *d =
        qh_text(state, "The aide responded by explaining that the file "
                       "was stuck: \"Trust me, I share your anger,\" he "
                       "wrote.");
    expect(d, "by explaining that the file was stuck", TP_QUOTE_INDIRECT,
           "The aide");
}

static void test_object_list_goes_on(void **state)
{
    /* the items of a list, closed by "and" */
    tp_doc *d = qh_text(state, "Critics questioned Mr. Smith's tactics, his "
                               "judgment and his decency.");
    expect(d, "Mr. Smith's tactics, his judgment and his decency",
           TP_QUOTE_INDIRECT, "Critics");
    /* ", and" right after the comma joins a clause */
    d = qh_text(state, "Critics questioned Mr. Smith's tactics, and the board "
                       "agreed.");
    expect(d, "Mr. Smith's tactics", TP_QUOTE_INDIRECT, "Critics");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dash_kinds_end_clause),
        cmocka_unit_test(test_participle_clause_ends),
        cmocka_unit_test(test_that_after_long_hearer),
        cmocka_unit_test(test_object_ends_before_adverbial),
        cmocka_unit_test(test_attitude_noun_object),
        cmocka_unit_test(test_clause_ends_before_with),
        cmocka_unit_test(test_object_ends_before_second_predicate),
        cmocka_unit_test(test_object_goes_on_after_focus_word),
        cmocka_unit_test(test_dash_pair_inside_clause),
        cmocka_unit_test(test_frame_speaker_with_premodifiers),
        cmocka_unit_test(test_clause_ends_before_participle_cue),
        cmocka_unit_test(test_speech_verb_noun_object),
        cmocka_unit_test(test_clause_ends_at_colon_before_quote),
        cmocka_unit_test(test_object_list_goes_on),
    };
    return cmocka_run_group_tests(tests, qh_setup, qh_teardown);
}
