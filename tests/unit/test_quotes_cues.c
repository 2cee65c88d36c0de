/*
 * test_quotes_cues.c - the quotes stage on attributions outside the
 * common speech verbs: headlines ("Surname: claim", "X Says Y" with a
 * clitic), polls and surveys, raising and passive judgements, reporting
 * phrases and attitudes. Sentences written for these tests; each test
 * runs the real plugins (tokenize then quotes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_quotes_util.h"

/* The index of the quote whose content is exactly content, or -1. */
static long find(const tp_doc *d, const char *content)
{
    size_t i;
    for (i = 0; i < d->n_quotes; i++)
        if (!strcmp(qh_str(d, d->quotes[i].content), content))
            return (long)i;
    return -1;
}

/* A quote with this content exists, with this speaker text (NULL: none). */
static void has(const tp_doc *d, const char *content, const char *speaker)
{
    long i = find(d, content);
    const tp_quote *q;
    if (i < 0)
        fail_msg("no quote \"%s\"", content);
    q = &d->quotes[i];
    if (speaker) {
        assert_true(q->flags & TP_QUOTEF_HAS_SPEAKER);
        assert_string_equal(qh_str(d, q->speaker), speaker);
    } else {
        assert_false(q->flags & TP_QUOTEF_HAS_SPEAKER);
    }
}

/* A headline names a person by the surname the story spells out in
 * full; a single-quoted claim after the colon is the claim; a place
 * before a colon is no speaker. */
static void test_headline_colon_surname(void **state)
{
    tp_doc *d = qh_text(state, "Okafor: Bridge Tolls Will Fall Next Year.\n\n"
                               "Transit chief Dana Okafor spoke on Monday.");
    has(d, "Bridge Tolls Will Fall Next Year", "Okafor");
    d = qh_text(state,
                "Okafor: \xe2\x80\x98We Will Not Raise The Fares.\xe2\x80"
                "\x99\n\nTransit chief Dana Okafor spoke on Monday.");
    has(d, "\xe2\x80\x98We Will Not Raise The Fares.\xe2\x80\x99", "Okafor");
    d = qh_text(state, "Economists: Rates Will Stay Low Through Spring.");
    has(d, "Rates Will Stay Low Through Spring", "Economists");
    d = qh_text(state, "Ohio: Polls Close At Seven Tonight.\n\n"
                       "Voters lined up early in Ohio.");
    assert_int_equal(d->n_quotes, 0);
}

/* A title-case headline keeps its cue when a clitic ("He\xe2\x80\x99s")
 * follows it. */
static void test_headline_cue_before_clitic(void **state)
{
    tp_doc *d = qh_text(state, "Mayor Lin Says He\xe2\x80\x99s Ready To Fix "
                               "Every Road In Town.");
    has(d, "He\xe2\x80\x99s Ready To Fix Every Road In Town", "Mayor Lin");
}

/* A participle after a form of "be" is the clause's finite verb, with
 * the subject before it; "showed up" is no stance. */
static void test_progressive_cue(void **state)
{
    tp_doc *d = qh_text(state, "Senator Ruth Alvarez is also backing the "
                               "transit levy.");
    has(d, "the transit levy", "Senator Ruth Alvarez");
    d = qh_text(state, "The governor was claiming victory in the county "
                       "races.");
    has(d, "victory in the county races", "The governor");
    d = qh_text(state, "Mayor Tom Reed showed up at the fair on Sunday.");
    assert_int_equal(d->n_quotes, 0);
}

/* Outside quote marks "I" is the writer, whose beliefs count, at a
 * clause's start only: "the experts I spoke to" is a relative clause. */
static void test_writer_belief(void **state)
{
    tp_doc *d = qh_text(state, "The levy failed twice, and I believe the "
                               "voters were right to reject it.");
    has(d, "the voters were right to reject it", "I");
    d = qh_text(state, "The economists I spoke to last week were divided.");
    assert_int_equal(d->n_quotes, 0);
}

/* "continue to" hands its subject to the cue after it and cues no
 * clause of its own. */
static void test_continue_to(void **state)
{
    tp_doc *d = qh_text(state, "Governor Ana Ruiz continued to warn that the "
                               "dam was unsafe.");
    has(d, "that the dam was unsafe", "Governor Ana Ruiz");
    d = qh_text(state, "Governor Ana Ruiz continues to lead the field by ten "
                       "points.");
    assert_int_equal(d->n_quotes, 0);
}

/* A passive reporting verb gives its subject and its complement; a
 * subordinator before the subject is no part of it, and a passive after
 * a modal ("can be seen as") weighs a possibility, no one's view. */
static void test_passive_subject(void **state)
{
    tp_doc *d = qh_text(state, "The crowd cheered soon after Mayor Tom Reed "
                               "was declared the winner.");
    has(d, "Mayor Tom Reed", NULL);
    has(d, "the winner", NULL);
    d = qh_text(state, "The new bridge can be seen as a sign of renewal.");
    assert_int_equal(d->n_quotes, 0);
}

/* "reportedly" reports the subject and the rest of its clause, with no
 * source; before a speech verb that verb is the cue. */
static void test_reportedly(void **state)
{
    tp_doc *d = qh_text(state, "The pilot was reportedly on the first flight "
                               "out of the city.");
    has(d, "The pilot", NULL);
    has(d, "on the first flight out of the city", NULL);
    d = qh_text(state, "Mayor Tom Reed reportedly said the budget was short.");
    has(d, "the budget was short", "Mayor Tom Reed");
}

/* Before a cue and its "that" clause a common noun is a subject; before
 * a cue noun ("the old claim that") it is no speaker. */
static void test_common_subject_before_that(void **state)
{
    tp_doc *d = qh_text(state, "The rival bakers agree that the contest was "
                               "fair.");
    has(d, "that the contest was fair", "The rival bakers");
    d = qh_text(state, "The old claim that the vote was rigged spread fast.");
    assert_int_equal(d->n_quotes, 0);
}

/* "now" and "ever" may stand between a speaker and the cue. */
static void test_adverb_before_cue(void **state)
{
    tp_doc *d = qh_text(state, "Farmers now say the drought has ended.");
    has(d, "the drought has ended", "Farmers");
    d = qh_text(state, "Few mayors would ever admit that the roads are bad.");
    has(d, "that the roads are bad", "Few mayors");
}

/* An expletive "it" before a raising verb is no part of what is judged;
 * a subject that stands for something is. */
static void test_raising_expletive_it(void **state)
{
    tp_doc *d = qh_text(state, "It now seems likely that the mill will close.");
    assert_int_equal(d->n_quotes, 1);
    has(d, "likely that the mill will close", NULL);
    d = qh_text(state, "The new mill seemed too small for the town.");
    has(d, "The new mill", NULL);
}

/* "post" frames quote marks, but what someone posted is most often a
 * thing, no claim; "intend to" is a plan. */
static void test_direct_only_and_plan_verbs(void **state)
{
    tp_doc *d = qh_text(state, "Senator Ruth Alvarez posted a photo of the "
                               "flooded road.");
    assert_int_equal(d->n_quotes, 0);
    d = qh_text(state, "\"The road is closed until Friday,\" Senator Ruth "
                       "Alvarez posted.");
    has(d, "The road is closed until Friday,", "Senator Ruth Alvarez");
    d = qh_text(state, "The council intends to repave the road in May.");
    assert_int_equal(d->n_quotes, 0);
}

/* A verb of talking reports its topic after "about" or "of"; where it
 * spoke, or to whom, is no topic. */
static void test_topic_of_talking(void **state)
{
    tp_doc *d = qh_text(state, "Mayor Tom Reed spoke briefly about the "
                               "flooded roads.");
    has(d, "the flooded roads", "Mayor Tom Reed");
    d = qh_text(state, "Mayor Tom Reed is talking to voters about the new "
                       "bridge.");
    has(d, "the new bridge", "Mayor Tom Reed");
    d = qh_text(state, "Mayor Tom Reed spoke to an audience of farmers on "
                       "Monday.");
    assert_int_equal(d->n_quotes, 0);
}

/* "known for", "seen as", "accused of": the preposition joins the
 * passive cue, and what follows it is what is said of the subject. */
static void test_passive_preposition(void **state)
{
    tp_doc *d = qh_text(state, "The old mill is best known for making wool "
                               "blankets.");
    has(d, "The old mill", NULL);
    has(d, "making wool blankets", NULL);
    d = qh_text(state, "The treasurer was accused of hiding the losses.");
    has(d, "hiding the losses", NULL);
}

/* "called on X to act" urges: "on" joins the cue and is no place. */
static void test_called_on(void **state)
{
    tp_doc *d = qh_text(state, "Governor Ana Ruiz called on the bakers to "
                               "lower prices.");
    has(d, "the bakers to lower prices", "Governor Ana Ruiz");
}

/* A stance participle after a comma reports its object, with the
 * sentence's subject for speaker; an evidence verb's participle does
 * not ("..., showing the gap"). */
static void test_stance_participle(void **state)
{
    tp_doc *d = qh_text(state, "Mayor Tom Reed rejected the plan, calling it a "
                               "costly mistake.");
    has(d, "it a costly mistake", "Mayor Tom Reed");
    d = qh_text(state, "Two stores closed in May, showing the gap between the "
                       "towns.");
    assert_int_equal(d->n_quotes, 0);
}

/* A raising verb after an appositive takes the phrase before it for
 * subject. */
static void test_raising_after_appositive(void **state)
{
    tp_doc *d = qh_text(state, "The mayor, a former teacher, is expected to "
                               "sign the budget.");
    has(d, "The mayor", NULL);
    has(d, "to sign the budget", NULL);
}

/* "In a poll, CLAUSE" gives what the poll found, past a participle that
 * describes the poll; a clause with its own speech verb is its own. */
static void test_poll_opening(void **state)
{
    tp_doc *d = qh_text(state, "In the county survey, taken in March, the "
                               "mayor led her rival by six points.");
    has(d, "the mayor led her rival by six points", "the county survey");
    d = qh_text(state, "In the county survey, most farmers said the roads were "
                       "bad.");
    has(d, "the roads were bad", "most farmers");
}

/* A relative pronoun before a raising verb is no subject it judges. */
static void test_raising_relative_subject(void **state)
{
    tp_doc *d = qh_text(state, "He gave a speech that seemed aimed at the "
                               "mayor.");
    assert_int_equal(d->n_quotes, 1);
    has(d, "aimed at the mayor", NULL);
}

/* "like" after "be" or a comma is a preposition; "maintain" without
 * "that" keeps a thing. */
static void test_like_and_maintain(void **state)
{
    tp_doc *d = qh_text(state, "The mayor was like a sprinter in a long race.");
    assert_int_equal(d->n_quotes, 0);
    d = qh_text(state, "Mayor Tom Reed maintains a wide lead in the polls.");
    assert_int_equal(d->n_quotes, 0);
    d = qh_text(state, "Mayor Tom Reed maintains that the roads are safe.");
    has(d, "that the roads are safe", "Mayor Tom Reed");
}

/* A poll's share before a stance verb and its object is the verb's
 * subject; a number before a noun ("309 electoral votes") is not. */
static void test_share_subject_stance(void **state)
{
    tp_doc *d = qh_text(state, "About two-thirds support a ban on new towers.");
    has(d, "a ban on new towers", "About two-thirds");
    d = qh_text(state,
                "The state has 29 electoral votes, more than any other.");
    assert_int_equal(d->n_quotes, 0);
}

/* "states" is most often the noun; "press secretary" is a title. */
static void test_states_and_press(void **state)
{
    tp_doc *d = qh_text(state, "In both states, the mayor won by ten points.");
    assert_int_equal(d->n_quotes, 0);
    d = qh_text(state, "Press secretary Dana Cole argued that the plan was "
                       "sound.");
    has(d, "that the plan was sound", "Press secretary Dana Cole");
}

/* "Name On How/Why ..." in a title-case headline: what the named person
 * talked about. */
static void test_headline_on_topic(void **state)
{
    tp_doc *d = qh_text(state, "Dana Okafor On Why Small Towns Need Trains.\n\n"
                               "The planner spoke on Monday.");
    has(d, "Why Small Towns Need Trains", "Dana Okafor");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headline_colon_surname),
        cmocka_unit_test(test_headline_cue_before_clitic),
        cmocka_unit_test(test_progressive_cue),
        cmocka_unit_test(test_writer_belief),
        cmocka_unit_test(test_continue_to),
        cmocka_unit_test(test_passive_subject),
        cmocka_unit_test(test_reportedly),
        cmocka_unit_test(test_common_subject_before_that),
        cmocka_unit_test(test_adverb_before_cue),
        cmocka_unit_test(test_raising_expletive_it),
        cmocka_unit_test(test_direct_only_and_plan_verbs),
        cmocka_unit_test(test_topic_of_talking),
        cmocka_unit_test(test_passive_preposition),
        cmocka_unit_test(test_called_on),
        cmocka_unit_test(test_stance_participle),
        cmocka_unit_test(test_raising_after_appositive),
        cmocka_unit_test(test_poll_opening),
        cmocka_unit_test(test_raising_relative_subject),
        cmocka_unit_test(test_like_and_maintain),
        cmocka_unit_test(test_share_subject_stance),
        cmocka_unit_test(test_states_and_press),
        cmocka_unit_test(test_headline_on_topic),
    };
    return cmocka_run_group_tests(tests, qh_setup, qh_teardown);
}
