/*
 * test_quotes_said.c - reported speech under the common speech verbs
 * ("said", "told", "says", "reported") in shapes where the speaker phrase
 * or the clause is less plain: modifiers the tables do not know between
 * a clause's comma and its speaker, determiners with an adjective among
 * them, an adverb of place after the speaker. Each test runs the real
 * plugins (tokenize then quotes) on sentences written for it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_quotes_util.h"

/* The quote whose content is exactly `content`; fails the test when there
 * is none. */
static const tp_quote *find(const tp_doc *d, const char *content)
{
    size_t i;
    for (i = 0; i < d->n_quotes; i++)
        if (!strcmp(qh_str(d, d->quotes[i].content), content))
            return &d->quotes[i];
    fail_msg("no quote \"%s\"", content);
    return NULL;
}

/* A quote with this content, kind and speaker text. */
static void expect(const tp_doc *d, const char *content, uint32_t kind,
                   const char *speaker)
{
    const tp_quote *q = find(d, content);
    assert_int_equal(q->kind, kind);
    assert_true(q->flags & TP_QUOTEF_HAS_SPEAKER);
    assert_string_equal(qh_str(d, q->speaker), speaker);
}

/* No quote overlaps the bytes of `text` in the document. */
static void expect_none_over(const tp_doc *d, const char *text)
{
    const char *at = strstr(d->text, text);
    uint32_t a, b;
    size_t i;
    assert_non_null(at);
    a = (uint32_t)(at - d->text);
    b = a + (uint32_t)strlen(text);
    for (i = 0; i < d->n_quotes; i++)
        assert_true(d->quotes[i].content.end <= a ||
                    d->quotes[i].content.start >= b);
}

static void test_modifiers_before_final_speaker(void **state)
{
    tp_doc *d = qh_text(state, "The ferry left two hours late, harbour "
                               "authority spokesman Piet Vermeer said on "
                               "Sunday.");
    expect(d, "The ferry left two hours late", TP_QUOTE_INDIRECT,
           "harbour authority spokesman Piet Vermeer");
    d = qh_text(state, "The bakery will close in June, the local weekly "
                       "Dorfblatt reported.");
    expect(d, "The bakery will close in June", TP_QUOTE_INDIRECT,
           "the local weekly Dorfblatt");
}

static void test_coordinated_final_speaker(void **state)
{
    tp_doc *d = qh_text(state, "The vote is far from certain, nurses and "
                               "hospital managers told the paper.");
    expect(d, "The vote is far from certain", TP_QUOTE_INDIRECT,
           "nurses and hospital managers");
    d = qh_text(state, "The plan was never about money, she and Mr. Ortega "
                       "said.");
    expect(d, "The plan was never about money", TP_QUOTE_INDIRECT,
           "she and Mr. Ortega");
}

static void test_no_speaker_across_other_words(void **state)
{
    /* an auxiliary or a conjunction after the comma is no modifier */
    tp_doc *d = qh_text(state, "The road reopened, and then local drivers "
                               "said.");
    expect_none_over(d, "The road reopened");
}

static void test_adjective_among_determiners(void **state)
{
    tp_doc *d = qh_text(state, "The budget is balanced, her top aide said.");
    expect(d, "The budget is balanced", TP_QUOTE_INDIRECT, "her top aide");
}

static void test_place_adverb_after_speaker(void **state)
{
    tp_doc *d = qh_text(state, "Volunteers here said they had knocked on "
                               "every door.");
    expect(d, "they had knocked on every door", TP_QUOTE_INDIRECT,
           "Volunteers");
    d = qh_text(state, "Farmers overall say the rain came too late.");
    expect(d, "the rain came too late", TP_QUOTE_INDIRECT, "Farmers");
}

static void test_who_after_plain_noun(void **state)
{
    tp_doc *d = qh_text(state, "The rules angered bus drivers who said the "
                               "schedule left them no breaks.");
    expect(d, "the schedule left them no breaks", TP_QUOTE_INDIRECT, "who");
    /* "unclear who said": an adjective before "who", no antecedent */
    d = qh_text(state, "It is unclear who said the schedule was fair.");
    expect_none_over(d, "the schedule was fair");
}

static void test_which_after_body(void **state)
{
    tp_doc *d = qh_text(state, "The files were opened at the request of the "
                               "county planning board, which argued that the "
                               "public had a right to see them.");
    expect(d, "that the public had a right to see them", TP_QUOTE_INDIRECT,
           "which");
}

static void test_colon_before_block_quotation(void **state)
{
    tp_doc *d = qh_text(state, "At the dedication, the mayor said:\n\nThis "
                               "bridge joins two towns that were never "
                               "apart.\nIt took nine years to build, and it "
                               "will stand for a hundred.\n\nThe crowd then "
                               "walked across it.");
    expect(d, "This bridge joins two towns that were never apart",
           TP_QUOTE_INDIRECT, "the mayor");
    expect(d, "It took nine years to build, and it will stand for a hundred",
           TP_QUOTE_INDIRECT, "the mayor");
    /* a blank line ends the block; the adverbial is no content */
    expect_none_over(d, "The crowd then walked across it.");
    expect_none_over(d, "At the dedication");
}

static void test_as_clause_after_final_speaker(void **state)
{
    tp_doc *d = qh_text(state, "The tax is unfair to renters, two council "
                               "members said Tuesday, as they walked out of "
                               "the meeting.");
    expect(d, "The tax is unfair to renters", TP_QUOTE_INDIRECT,
           "two council members");
    expect_none_over(d, "they walked out of the meeting");
    /* a reason after the attribution goes on with what was said */
    d = qh_text(state, "The tax is unfair, she said, because renters pay it "
                       "twice.");
    expect(d, "because renters pay it twice", TP_QUOTE_INDIRECT, "she");
}

static void test_as_source_with_adverbial(void **state)
{
    tp_doc *d = qh_text(state, "As the Ledger reported last week, the mill "
                               "will close in March.");
    expect(d, "the mill will close in March", TP_QUOTE_INDIRECT, "the Ledger");
    /* "joked with" names a partner, not a source */
    d = qh_text(state, "As Tom joked with a friend at the bar, his sister "
                       "grew impatient.");
    expect_none_over(d, "his sister grew impatient");
}

static void test_quoted_title_before_speaker(void **state)
{
    /* the frame after the title reports the clause that follows it */
    tp_doc *d = qh_text(state, "Speaking on the \u201cEvening Hour,\u201d Rep. "
                               "Jo Lind said the levy would fail.");
    expect(d, "the levy would fail", TP_QUOTE_INDIRECT, "Rep. Jo Lind");
    expect_none_over(d, "Speaking on the");
    /* a frame that ends the sentence takes the clause and its quote */
    d = qh_text(state, "The town needs a mayor \u201cwho will listen,\u201d "
                       "her neighbour told reporters.");
    expect(d, "The town needs a mayor \u201cwho will listen,", TP_QUOTE_MIXED,
           "her neighbour");
}

static void test_speaker_with_dash_aside(void **state)
{
    tp_doc *d = qh_text(state, "Officials in the last three towns \u2014 "
                               "Kern and Tulare \u2014 said the water ran out "
                               "in May.");
    expect(d, "the water ran out in May", TP_QUOTE_INDIRECT,
           "Officials in the last three towns");
    /* the aside's own mixed quote does not hide the speaker before it */
    d = qh_text(state, "Mayor Jo Park - who once said she would \"shut the "
                       "whole place down for good\" - said at a forum that "
                       "the plant would stay open.");
    expect(d, "that the plant would stay open", TP_QUOTE_INDIRECT,
           "Mayor Jo Park");
}

static void test_dash_aside_after_cue(void **state)
{
    tp_doc *d = qh_text(state, "The coach said \u2014 on the radio, of all "
                               "places \u2014 that the team would move.");
    expect(d, "that the team would move", TP_QUOTE_INDIRECT, "The coach");
    expect_none_over(d, "on the radio");
}

static void test_inverted_bare_role(void **state)
{
    tp_doc *d = qh_text(state, "The mill paid its taxes on time, in cash and "
                               "in full, said lobbyist and former mayor Ed "
                               "Grant, a partner of the owner.");
    expect(d, "The mill paid its taxes on time, in cash and in full",
           TP_QUOTE_INDIRECT, "lobbyist and former mayor Ed Grant");
    d = qh_text(state, "The band had toured together for years, wrote film "
                       "critic Ana Ruiz, a friend of the singer.");
    expect(d, "The band had toured together for years", TP_QUOTE_INDIRECT,
           "film critic Ana Ruiz");
}

static void test_day_after_cue_is_no_speaker(void **state)
{
    tp_doc *d = qh_text(state, "The deal is off, Ed Grant, a lawyer, said "
                               "Tuesday.");
    expect(d, "The deal is off", TP_QUOTE_INDIRECT, "Ed Grant");
}

static void test_according_to_splits_sentence(void **state)
{
    tp_doc *d =
        qh_text(state, "Shortly after noon, according to the county "
                       "report, the pumps failed at the north station.");
    expect(d, "Shortly after noon", TP_QUOTE_INDIRECT, "the county report");
    expect(d, "the pumps failed at the north station", TP_QUOTE_INDIRECT,
           "the county report");
}

static void test_site_name_as_source(void **state)
{
    tp_doc *d = qh_text(state, "The ferry service will end in June, according "
                               "to ferrynews.org.");
    expect(d, "The ferry service will end in June", TP_QUOTE_INDIRECT,
           "ferrynews.org");
    /* a link with a path is no source */
    d = qh_text(state, "The ferry service will end in June, according to "
                       "https://example.org/ferry.");
    expect_none_over(d, "The ferry service");
}

static void test_rest_after_split_attribution(void **state)
{
    tp_doc *d = qh_text(state, "The vote would be decided, Ms. Hale said, by "
                               "the last two counties.");
    expect(d, "The vote would be decided", TP_QUOTE_INDIRECT, "Ms. Hale");
    expect(d, "by the last two counties", TP_QUOTE_INDIRECT, "Ms. Hale");
    d = qh_text(state, "So he retired early, he said, and coaches young "
                       "players now.");
    expect(d, "and coaches young players now", TP_QUOTE_INDIRECT, "he");
    /* where the saying took place is no part of what was said */
    d = qh_text(state, "The vote would be decided, Ms. Hale said, in an "
                       "interview on Friday.");
    expect_none_over(d, "in an interview");
    /* after a clause with a quote in it */
    d = qh_text(state, "Voters who read \"the local pages,\" he said, end up "
                       "better informed.");
    expect(d, "end up better informed", TP_QUOTE_INDIRECT, "he");
}

static void test_participle_after_its_subject(void **state)
{
    tp_doc *d = qh_text(state, "The mayor gained ground, with 41 percent of "
                               "residents saying they trust her.");
    expect(d, "they trust her", TP_QUOTE_INDIRECT, "41 percent of residents");
    d = qh_text(state, "The plan stalled, with two in five saying bus fares "
                       "are too high.");
    expect(d, "bus fares are too high", TP_QUOTE_INDIRECT, "two in five");
    /* no clause of its own after the participle */
    d = qh_text(state, "He left with the neighbours saying goodbye at the "
                       "gate.");
    expect_none_over(d, "goodbye at the gate");
}

static void test_as_clause_after_hearer(void **state)
{
    tp_doc *d = qh_text(state, "The fight is not over, the coach told his "
                               "players as they boarded the bus.");
    expect(d, "The fight is not over", TP_QUOTE_INDIRECT, "the coach");
    expect_none_over(d, "they boarded the bus");
}

/* The quote whose content is exactly `content` has no speaker. */
static void expect_unattributed(const tp_doc *d, const char *content,
                                uint32_t kind)
{
    const tp_quote *q = find(d, content);
    assert_int_equal(q->kind, kind);
    assert_false(q->flags & TP_QUOTEF_HAS_SPEAKER);
}

static void test_asked_question_shapes(void **state)
{
    /* "when asked" inside a clause */
    tp_doc *d = qh_text(state, "She used the same words when asked in June if "
                               "she would run again.");
    expect_unattributed(d, "if she would run again", TP_QUOTE_INDIRECT);
    /* a quoted word inside the question; a dash ends it */
    d = qh_text(state, "When asked how he would define \"success\" - a word "
                       "he used often - the coach smiled.");
    expect_unattributed(d, "how he would define \"success\"", TP_QUOTE_MIXED);
}

static void test_as_source_shapes(void **state)
{
    /* the main clause after the comma, though a speaker of its own
     * opens it */
    tp_doc *d = qh_text(state, "As the Herald reported just today, the "
                               "auditor found three errors.");
    expect(d, "the auditor found three errors", TP_QUOTE_INDIRECT,
           "the Herald");
    /* an as-clause at the end reports the clause before it */
    d = qh_text(state, "The board met in secret, as the Herald reported a "
                       "week later.");
    expect(d, "The board met in secret", TP_QUOTE_INDIRECT, "the Herald");
}

static void test_inverted_split_by_appositive(void **state)
{
    tp_doc *d = qh_text(state, "Any fair reading of the vote, said Jo Park, "
                               "an expert on farm policy at the institute, "
                               "would see it as a retreat.");
    expect(d, "Any fair reading of the vote", TP_QUOTE_INDIRECT, "Jo Park");
    expect(d, "would see it as a retreat", TP_QUOTE_INDIRECT, "Jo Park");
    /* a relative clause after the appositive is no predicate */
    d = qh_text(state, "The vote failed, said Jo Park, an expert, who was "
                       "there.");
    expect_none_over(d, "who was there");
}

static void test_postmodifier_with_object_pronoun(void **state)
{
    tp_doc *d = qh_text(state, "Those close to her say the senator will run "
                               "again.");
    expect(d, "the senator will run again", TP_QUOTE_INDIRECT,
           "Those close to her");
    d = qh_text(state, "Aides close to him said the budget was ready.");
    expect(d, "the budget was ready", TP_QUOTE_INDIRECT, "Aides close to him");
}

static void test_one_word_before_split_frame(void **state)
{
    tp_doc *d = qh_text(state, "But, she said, \"the vote is not the end of "
                               "it.\"");
    expect(d, "But", TP_QUOTE_INDIRECT, "she");
    expect(d, "the vote is not the end of it.", TP_QUOTE_DIRECT, "she");
}

static void test_as_reported_by(void **state)
{
    tp_doc *d = qh_text(state, "As reported by the Herald, the mill paid no "
                               "tax for a decade.");
    expect(d, "the mill paid no tax for a decade", TP_QUOTE_INDIRECT,
           "the Herald");
    d = qh_text(state, "The mayor will resign in May, as first reported by the "
                       "Herald.");
    expect(d, "The mayor will resign in May", TP_QUOTE_INDIRECT, "the Herald");
}

static void test_colon_after_cue_reports_nothing_before(void **state)
{
    tp_doc *d = qh_text(state, "In a 1990 speech, the senator declared:\n\n"
                               "\u201cWe will not yield to anyone on this "
                               "floor.\u201d");
    expect_none_over(d, "In a 1990 speech");
    /* the quote in the next paragraph is still the senator's */
    expect(d, "We will not yield to anyone on this floor.", TP_QUOTE_DIRECT,
           "the senator");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modifiers_before_final_speaker),
        cmocka_unit_test(test_coordinated_final_speaker),
        cmocka_unit_test(test_no_speaker_across_other_words),
        cmocka_unit_test(test_adjective_among_determiners),
        cmocka_unit_test(test_place_adverb_after_speaker),
        cmocka_unit_test(test_who_after_plain_noun),
        cmocka_unit_test(test_which_after_body),
        cmocka_unit_test(test_colon_before_block_quotation),
        cmocka_unit_test(test_as_clause_after_final_speaker),
        cmocka_unit_test(test_as_source_with_adverbial),
        cmocka_unit_test(test_quoted_title_before_speaker),
        cmocka_unit_test(test_speaker_with_dash_aside),
        cmocka_unit_test(test_dash_aside_after_cue),
        cmocka_unit_test(test_inverted_bare_role),
        cmocka_unit_test(test_day_after_cue_is_no_speaker),
        cmocka_unit_test(test_according_to_splits_sentence),
        cmocka_unit_test(test_site_name_as_source),
        cmocka_unit_test(test_rest_after_split_attribution),
        cmocka_unit_test(test_participle_after_its_subject),
        cmocka_unit_test(test_as_clause_after_hearer),
        cmocka_unit_test(test_asked_question_shapes),
        cmocka_unit_test(test_as_source_shapes),
        cmocka_unit_test(test_inverted_split_by_appositive),
        cmocka_unit_test(test_postmodifier_with_object_pronoun),
        cmocka_unit_test(test_one_word_before_split_frame),
        cmocka_unit_test(test_as_reported_by),
        cmocka_unit_test(test_colon_after_cue_reports_nothing_before),
    };
    return cmocka_run_group_tests(tests, qh_setup, qh_teardown);
}
