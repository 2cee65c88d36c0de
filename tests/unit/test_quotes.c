/*
 * test_quotes.c - the quotes stage on sentences written for these tests,
 * one pattern each: frames before and after a quote, inverted "said X",
 * split quotes, multi-paragraph quotes, '' and << >> marks, nicknames and
 * scare quotes, mixed quotes, indirect speech ("said that", "told X",
 * "according to", "CLAUSE, X said"), appositives, pronouns, surnames,
 * organisations and documents, and the descriptor. Spans are asserted
 * exactly. Each test runs the real plugins (tokenize then quotes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_quotes_util.h"

/* Quote i has this content, kind, speaker text and canonical name. */
static void check(const tp_doc *d, size_t i, const char *content, uint32_t kind,
                  const char *speaker, const char *name)
{
    const tp_quote *q;
    assert_true(i < d->n_quotes);
    q = &d->quotes[i];
    assert_string_equal(qh_str(d, q->content), content);
    assert_int_equal(q->kind, kind);
    if (speaker) {
        assert_true(q->flags & TP_QUOTEF_HAS_SPEAKER);
        assert_string_equal(qh_str(d, q->speaker), speaker);
    } else {
        assert_false(q->flags & TP_QUOTEF_HAS_SPEAKER);
    }
    if (name)
        assert_string_equal(qh_name(q), name);
    assert_true(q->confidence > 0.0 && q->confidence <= 1.0);
}

static void test_descriptor(void **state)
{
    qh *h = *state;
    const tp_stage_desc *d = h->quo.desc;
    assert_string_equal(d->name, "quotes");
    assert_string_equal(d->requires[0], TP_LAYER_TOKENS);
    assert_string_equal(d->requires[1], TP_LAYER_SENTENCES);
    assert_string_equal(d->requires[2], TP_LAYER_PARAGRAPHS);
    assert_null(d->requires[3]);
    assert_string_equal(d->provides[0], TP_LAYER_QUOTES);
    assert_string_equal(d->provides[1], TP_LAYER_MENTIONS);
    assert_null(d->provides[2]);
    assert_string_equal(d->options[0].name, "min_confidence");
    assert_string_equal(d->options[1].name, "indirect");
    assert_null(d->options[2].name);
    /* only the entry symbol is exported */
    assert_null(dlsym(h->quo.handle, "qt_analyze"));
}

static void test_frame_after(void **state)
{
    tp_doc *d =
        qh_text(state, "\"We will not back down,\" Mayor Ana Ruiz said.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "We will not back down,", TP_QUOTE_DIRECT, "Mayor Ana Ruiz",
          "Ana Ruiz");
    assert_string_equal(qh_str(d, d->quotes[0].cue), "said");
    assert_int_equal(d->quotes[0].reporter, TP_REPORTER_NEUTRAL);
}

static void test_frame_inverted(void **state)
{
    tp_doc *d = qh_text(state, "\u201cThe pipes are old,\u201d said Tom Baker, "
                               "a city engineer.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "The pipes are old,", TP_QUOTE_DIRECT, "Tom Baker",
          "Tom Baker");
}

static void test_frame_before(void **state)
{
    tp_doc *d = qh_text(state, "The governor added: \"Nobody is above the "
                               "law.\"\n\nSen. Lee Park said, \"I agree.\"");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "Nobody is above the law.", TP_QUOTE_DIRECT, "The governor",
          "governor");
    check(d, 1, "I agree.", TP_QUOTE_DIRECT, "Sen. Lee Park", "Lee Park");
}

static void test_split_quote(void **state)
{
    tp_doc *d = qh_text(state, "\"It was a long night,\" she said. \"But we "
                               "are safe now.\"");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "It was a long night,", TP_QUOTE_DIRECT, "she", NULL);
    check(d, 1, "But we are safe now.", TP_QUOTE_DIRECT, "she", NULL);
    assert_int_equal(d->quotes[1].cue.start, d->quotes[0].cue.start);
}

static void test_split_quote_mid_sentence(void **state)
{
    tp_doc *d = qh_text(state, "\"The bridge,\" Dana Cole said, \"will open in "
                               "May.\"");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "The bridge,", TP_QUOTE_DIRECT, "Dana Cole", "Dana Cole");
    check(d, 1, "will open in May.", TP_QUOTE_DIRECT, "Dana Cole", "Dana Cole");
}

static void test_multi_paragraph(void **state)
{
    tp_doc *d = qh_text(state, "Judge Mark Olsen told the court: \"This case "
                               "began with a single phone call.\n\n\"It ended "
                               "with three arrests and a trial.\"");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "This case began with a single phone call.", TP_QUOTE_DIRECT,
          "Judge Mark Olsen", "Mark Olsen");
    check(d, 1, "It ended with three arrests and a trial.", TP_QUOTE_DIRECT,
          "Judge Mark Olsen", "Mark Olsen");
}

static void test_nyt_apostrophe_pairs(void **state)
{
    tp_doc *d = qh_text(state, "''We have the votes,'' Mr. Grant said.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "We have the votes,", TP_QUOTE_DIRECT, "Mr. Grant", "Grant");
}

static void test_guillemets(void **state)
{
    tp_doc *d = qh_text(state, "\u00abNous restons ici,\u00bb said Marie "
                               "Dubois.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "Nous restons ici,", TP_QUOTE_DIRECT, "Marie Dubois",
          "Marie Dubois");
}

static void test_nickname_not_a_quote(void **state)
{
    tp_doc *d = qh_text(state, "Police arrested a man who goes by \"Shorty\" "
                               "near the station on Friday.");
    assert_int_equal(d->n_quotes, 0);
}

static void test_scare_quote_not_a_quote(void **state)
{
    tp_doc *d = qh_text(state, "The so-called \"sanctuary cities\" have grown "
                               "in number since 2014.");
    assert_int_equal(d->n_quotes, 0);
}

static void test_mixed_quote(void **state)
{
    tp_doc *d = qh_text(state, "Chief Ray Soto said he was told agents would "
                               "be conducting \"a big operation\" in the "
                               "county.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0,
          "he was told agents would be conducting \"a big "
          "operation\" in the county",
          TP_QUOTE_MIXED, "Chief Ray Soto", "Ray Soto");
}

static void test_mixed_noun_cue(void **state)
{
    tp_doc *d = qh_text(state, "The memo was a reply to Garcia's request that "
                               "agents stop \"stalking\" courthouses.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "stalking", TP_QUOTE_MIXED, "Garcia", "Garcia");
}

static void test_indirect_said_that(void **state)
{
    tp_doc *d = qh_text(state, "Senator Joan Hill said that the budget would "
                               "pass by June.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "that the budget would pass by June", TP_QUOTE_INDIRECT,
          "Senator Joan Hill", "Joan Hill");
}

static void test_indirect_told(void **state)
{
    tp_doc *d = qh_text(state, "Port officials told reporters the ship would "
                               "dock on Monday.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "the ship would dock on Monday", TP_QUOTE_INDIRECT,
          "Port officials", "Port officials");
}

static void test_indirect_clause_first(void **state)
{
    tp_doc *d = qh_text(state, "The plant will close next year, the company "
                               "said.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "The plant will close next year", TP_QUOTE_INDIRECT,
          "the company", "company");
}

static void test_according_to(void **state)
{
    tp_doc *d = qh_text(state, "According to the report, crime fell by a "
                               "third.\n\nWages rose in every state, according "
                               "to Labor Department data.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "crime fell by a third", TP_QUOTE_INDIRECT, "the report", NULL);
    check(d, 1, "Wages rose in every state", TP_QUOTE_INDIRECT,
          "Labor Department data", NULL);
}

/* A spaced dash ends the reported clause: the rest is the writer's. */
static void test_clause_ends_at_dash(void **state)
{
    tp_doc *d = qh_text(state, "Mayor Ana Ruiz said the toll would end in May "
                               "- a promise she first made in 2019.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "the toll would end in May", TP_QUOTE_INDIRECT,
          "Mayor Ana Ruiz", "Ana Ruiz");
}

/* A second speaker and cue after a comma start a clause of their own. */
static void test_clause_ends_at_second_attribution(void **state)
{
    tp_doc *d = qh_text(state, "Rita Moss said the count was fair, and Paul "
                               "Dunn argued that it was rigged.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "the count was fair", TP_QUOTE_INDIRECT, "Rita Moss",
          "Rita Moss");
    check(d, 1, "that it was rigged", TP_QUOTE_INDIRECT, "Paul Dunn",
          "Paul Dunn");
}

/* "CLAUSE, according to SOURCE." with a source that is no name or role
 * phrase: the whole noun phrase up to the full stop is the source. */
static void test_according_to_plain_source(void **state)
{
    tp_doc *d = qh_text(state, "The senator trails in both counties, according "
                               "to complete but unofficial returns.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "The senator trails in both counties", TP_QUOTE_INDIRECT,
          "complete but unofficial returns", NULL);
}

/* A reporting verb in the passive: its subject is no speaker but a part
 * of what was said; the agent after "by" is the speaker, and an
 * expletive "it" leaves the clause unsourced. */
static void test_passive_cue(void **state)
{
    tp_doc *d = qh_text(state, "It was widely reported that the mayor would "
                               "resign.\n\nAna Ruiz was declared the winner of "
                               "the primary by the county board.");
    assert_int_equal(d->n_quotes, 3);
    check(d, 0, "that the mayor would resign", TP_QUOTE_INDIRECT, NULL, NULL);
    check(d, 1, "Ana Ruiz", TP_QUOTE_INDIRECT, "the county board", NULL);
    check(d, 2, "the winner of the primary", TP_QUOTE_INDIRECT,
          "the county board", NULL);
}

/* A first name gives the gender a title would: "she" skips the nearer
 * man and finds the woman named before him. */
static void test_pronoun_first_name_gender(void **state)
{
    tp_doc *d = qh_text(state, "Laura Finch chaired the hearing. Peter Vance "
                               "arrived late. She said the talks were useful.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "the talks were useful", TP_QUOTE_INDIRECT, "She",
          "Laura Finch");
}

/* A word in capitals is a name, not the function word it spells: "US"
 * opens the speaker's title, it is not "us". */
static void test_capitals_not_function_word(void **state)
{
    tp_doc *d = qh_text(state, "\"The talks did not go well,\" US District "
                               "Judge Mara Quill told the clerk.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "The talks did not go well,", TP_QUOTE_DIRECT,
          "US District Judge Mara Quill", "Mara Quill");
}

/* "A judge said ... Judge X told": the role introduced with "a" is the
 * person named soon after with that role as a title. */
static void test_cataphora_role_then_name(void **state)
{
    tp_doc *d =
        qh_text(state, "A federal judge in Ohio said on Friday that the "
                       "vote would stand.\n\n\"The count was fair,\" "
                       "Circuit Judge Omar Reyes told reporters.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "that the vote would stand", TP_QUOTE_INDIRECT,
          "A federal judge in Ohio", "Omar Reyes");
    check(d, 1, "The count was fair,", TP_QUOTE_DIRECT,
          "Circuit Judge Omar Reyes", "Omar Reyes");
}

/* The reported clause ends before ", and" with a pronoun subject, and
 * before a speech verb right after "but" (the speaker's next claim). */
static void test_clause_ends_at_and_pronoun_and_but_cue(void **state)
{
    tp_doc *d = qh_text(state, "Nora Bell said the depot would close in March, "
                               "and she later left the board.\n\nOwen Price "
                               "said the rail plan was too early to judge but "
                               "noted that the budget was set.");
    assert_true(d->n_quotes >= 2);
    check(d, 0, "the depot would close in March", TP_QUOTE_INDIRECT,
          "Nora Bell", "Nora Bell");
    check(d, 1, "the rail plan was too early to judge", TP_QUOTE_INDIRECT,
          "Owen Price", "Owen Price");
}

/* "Asked if ..., X said ...": the question is a quote with no speaker
 * (the asker is not named); the answer is X's. */
static void test_asked_question(void **state)
{
    tp_doc *d = qh_text(state, "Asked on Monday whether the levy would rise, "
                               "Mayor Ada Stone said it would not.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "whether the levy would rise", TP_QUOTE_INDIRECT, NULL, NULL);
    check(d, 1, "it would not", TP_QUOTE_INDIRECT, "Mayor Ada Stone",
          "Ada Stone");
}

/* "called for", "voted against": the particle is part of the cue and
 * its object is the content. */
static void test_phrasal_attitude_cue(void **state)
{
    tp_doc *d =
        qh_text(state, "Senator Ruth Hale called for a full audit of the "
                       "program.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "a full audit of the program", TP_QUOTE_INDIRECT,
          "Senator Ruth Hale", "Ruth Hale");
    assert_string_equal(qh_str(d, d->quotes[0].cue), "called for");
}

/* ", saying CLAUSE" without "that": the participle's clause, said by
 * the subject of the sentence. */
static void test_participle_clause_without_that(void **state)
{
    tp_doc *d = qh_text(state, "Governor Lee Marsh defended the budget on "
                               "Tuesday, saying the state could afford it.");
    assert_true(d->n_quotes >= 1);
    check(d, d->n_quotes - 1, "the state could afford it", TP_QUOTE_INDIRECT,
          "Governor Lee Marsh", "Lee Marsh");
}

/* A headline "Speaker: statement" attributes the statement to the name
 * before the colon; "Related:" names nobody. */
static void test_headline_colon(void **state)
{
    tp_doc *d = qh_text(state, "Mayor Ada Stone: The Levy Will Not Rise.\n\n"
                               "Related: Three more towns vote on budgets.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "The Levy Will Not Rise", TP_QUOTE_INDIRECT, "Mayor Ada Stone",
          "Ada Stone");
}

/* A participle cue after a comma is the speaker's next attribution:
 * the first clause ends before it, and it reports its own. */
static void test_clause_ends_at_participle_cue(void **state)
{
    tp_doc *d = qh_text(state, "Lena Park said that the plant would reopen in "
                               "June, noting that the repairs were done.");
    assert_true(d->n_quotes >= 1);
    check(d, 0, "that the plant would reopen in June", TP_QUOTE_INDIRECT,
          "Lena Park", "Lena Park");
}

/* "X, who said ...": the relative pronoun is the speaker mention, the
 * antecedent its name. */
static void test_relative_who_speaker(void **state)
{
    tp_doc *d = qh_text(state, "The bill came from Sen. Amy Ortiz, who "
                               "said it would save money.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "it would save money", TP_QUOTE_INDIRECT, "who", "Amy Ortiz");
}

/* "X is expected to Y", "X seems Y": an unsourced attribution in two
 * parts, the subject and what is expected or judged of it. */
static void test_raising_expected_seems(void **state)
{
    tp_doc *d = qh_text(state, "The Senate is widely expected to vote on the "
                               "bill next week.\n\nBut the plan seems unlikely "
                               "to pass.");
    assert_int_equal(d->n_quotes, 4);
    check(d, 0, "The Senate", TP_QUOTE_INDIRECT, NULL, NULL);
    check(d, 1, "to vote on the bill next week", TP_QUOTE_INDIRECT, NULL, NULL);
    check(d, 2, "the plan", TP_QUOTE_INDIRECT, NULL, NULL);
    check(d, 3, "unlikely to pass", TP_QUOTE_INDIRECT, NULL, NULL);
}

/* A poll's share speaks for its group: "a third said", "4 in 10 said". */
static void test_poll_share_speaker(void **state)
{
    tp_doc *d = qh_text(state, "Of the voters, a third said the race was "
                               "close.\n\nAbout 4 in 10 said taxes were too "
                               "high.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "the race was close", TP_QUOTE_INDIRECT, "a third", NULL);
    check(d, 1, "taxes were too high", TP_QUOTE_INDIRECT, "4 in 10", NULL);
}

static void test_appositive(void **state)
{
    tp_doc *d = qh_text(state, "\"The claim is false,\" Rob Hart, a spokesman "
                               "for the agency, told the paper.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "The claim is false,", TP_QUOTE_DIRECT, "Rob Hart", "Rob Hart");
}

static void test_pronoun_and_surname(void **state)
{
    tp_doc *d =
        qh_text(state, "Kern County Sheriff Donny Youngblood spoke on "
                       "Tuesday.\n\nYoungblood said he was also told that "
                       "the raids would go on.\n\n\"They could be deported "
                       "as well,\" he said.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "he was also told that the raids would go on",
          TP_QUOTE_INDIRECT, "Youngblood", "Donny Youngblood");
    check(d, 1, "They could be deported as well,", TP_QUOTE_DIRECT, "he",
          "Donny Youngblood");
    assert_int_equal(d->quotes[0].mention, d->quotes[1].mention);
    assert_int_equal(d->n_mentions, 1);
    assert_int_equal(d->mentions[0].kind, TP_MENTION_PERSON);
    assert_int_equal(d->mentions[0].n_spans, 2);
}

static void test_continuation(void **state)
{
    tp_doc *d = qh_text(state, "\"We start at dawn,\" said coach Amy Reed.\n\n"
                               "\"Nobody sleeps in. Nobody is late, ever.\"");
    assert_int_equal(d->n_quotes, 2);
    check(d, 1, "Nobody sleeps in. Nobody is late, ever.", TP_QUOTE_DIRECT,
          "coach Amy Reed", "Amy Reed");
}

static void test_document_speaker(void **state)
{
    tp_doc *d =
        qh_text(state, "Schools may close early, according to a letter from "
                       "Mayor Jill Stone and Governor Ken Wu.\n\n\"Safety "
                       "comes first,\" the letter states.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 1, "Safety comes first,", TP_QUOTE_DIRECT, "the letter",
          "Jill Stone and Ken Wu");
    assert_int_equal(d->mentions[d->quotes[1].mention].kind, TP_MENTION_PERSON);
}

static void test_organisation(void **state)
{
    tp_doc *d = qh_text(state, "\"We are reviewing the video,\" the police "
                               "department said in a statement.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "We are reviewing the video,", TP_QUOTE_DIRECT,
          "the police department", "police department");
    assert_int_equal(d->mentions[0].kind, TP_MENTION_ORGANISATION);
}

static void test_colon_speaker(void **state)
{
    tp_doc *d = qh_text(state, "Rivera: \"We will appeal the ruling.\"");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "We will appeal the ruling.", TP_QUOTE_DIRECT, "Rivera",
          "Rivera");
}

static void test_empty_and_plain(void **state)
{
    tp_doc *d = qh_text(state, "");
    assert_int_equal(d->n_quotes, 0);
    d = qh_text(state, "The river rose two feet overnight.");
    assert_int_equal(d->n_quotes, 0);
    assert_int_equal(d->n_mentions, 0);
}

/* The options: a confidence floor, and direct quotes only. */
static void test_options(void **state)
{
    static const char text[] = "\"We will win,\" Ann Lee said.\n\n"
                               "Ann Lee said that the vote was close.";
    tp_optval opts[2];
    qh h2;
    tp_doc *d;
    memset(opts, 0, sizeof(opts));
    opts[0].is_set = 1;
    opts[0].d = 0.9;
    opts[1].is_set = 1;
    opts[1].b = 1;
    assert_int_equal(qh_open(&h2, opts), 0);
    d = qh_run(&h2, text, sizeof(text) - 1);
    assert_non_null(d);
    assert_int_equal(d->n_quotes, 1);
    assert_int_equal(d->quotes[0].kind, TP_QUOTE_DIRECT);
    qh_close(&h2);

    opts[0].d = 0.0;
    opts[1].b = 0;
    assert_int_equal(qh_open(&h2, opts), 0);
    d = qh_run(&h2, text, sizeof(text) - 1);
    assert_int_equal(d->n_quotes, 1);
    qh_close(&h2);

    /* a floor outside 0..1 is refused at create() */
    {
        const tp_stage_desc *desc = ((qh *)*state)->quo.desc;
        void *inst = NULL;
        char err[128] = "";
        opts[0].d = 1.5;
        assert_int_equal(
            desc->create(&((qh *)*state)->host, opts, &inst, err, sizeof(err)),
            TP_FAIL);
        assert_non_null(strstr(err, "min_confidence"));
    }
}

/* A participle or a parenthesis inside the appositive still leaves the
 * phrase before it as the speaker. */
static void test_appositive_participle_parenthesis(void **state)
{
    tp_doc *d = qh_text(state, "Ruiz, speaking to a union crowd in Ohio, said "
                               "he would raise wages.\n\nJones (D-Md.), chair "
                               "of the panel, said the vote would wait.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "he would raise wages", TP_QUOTE_INDIRECT, "Ruiz", NULL);
    check(d, 1, "the vote would wait", TP_QUOTE_INDIRECT, "Jones", NULL);
}

/* "CLAUSE, the admiral said on Friday.": an adverbial after the cue is no
 * content, and a determiner with a common noun before a speech verb in
 * the past names the speaker. */
static void test_clause_first_adverbial_common_noun(void **state)
{
    tp_doc *d = qh_text(state, "The fleet will sail in May, the admiral said "
                               "on Friday.\n\nThe vote was close, a clerk "
                               "told reporters.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "The fleet will sail in May", TP_QUOTE_INDIRECT, "the admiral",
          NULL);
    check(d, 1, "The vote was close", TP_QUOTE_INDIRECT, "a clerk", NULL);
}

/* Poll shares in words, and a second attribution after "and". */
static void test_poll_shares_in_words(void **state)
{
    tp_doc *d = qh_text(state, "One in three said the party was out of touch "
                               "and one in five said it was hostile.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "the party was out of touch", TP_QUOTE_INDIRECT, "One in three",
          NULL);
    check(d, 1, "it was hostile", TP_QUOTE_INDIRECT, "one in five", NULL);
}

/* The object of a stance verb ends at a comma; a reported clause ends
 * before ", which" and ", compared with". */
static void test_object_and_clause_ends(void **state)
{
    tp_doc *d =
        qh_text(state, "The mayor endorsed the levy, a plan to fix the "
                       "roads.\n\nHalf said the levy was fair, compared "
                       "with a third last year.\n\nLee said the levy "
                       "was too small, which the mayor denied.");
    assert_int_equal(d->n_quotes, 4);
    check(d, 0, "the levy", TP_QUOTE_INDIRECT, "The mayor", NULL);
    check(d, 1, "the levy was fair", TP_QUOTE_INDIRECT, "Half", NULL);
    check(d, 2, "the levy was too small", TP_QUOTE_INDIRECT, "Lee", NULL);
    check(d, 3, "which", TP_QUOTE_INDIRECT, "the mayor", NULL);
}

/* "While X said Y, Z": the subordinate clause's content runs to the
 * comma; "As X noted, Y": the main clause is the content. */
static void test_subordinate_clause_cue(void **state)
{
    tp_doc *d = qh_text(state, "While most voters said the race was close, the "
                               "mayor won easily.\n\nAnd as the mayor noted, "
                               "the roads are in bad shape.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "the race was close", TP_QUOTE_INDIRECT, "most voters", NULL);
    check(d, 1, "the roads are in bad shape", TP_QUOTE_INDIRECT, "the mayor",
          NULL);
}

/* "Officials who saw the memo said": the relative clause's object is no
 * speaker; "a source familiar with the inquiry said": the noun before the
 * post-modifier is. */
static void test_speaker_relative_and_postmodifier(void **state)
{
    tp_doc *d = qh_text(state, "An aide who read the memo said it was "
                               "wrong.\n\nA source familiar with the inquiry "
                               "said the files were lost.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "it was wrong", TP_QUOTE_INDIRECT, "An aide", NULL);
    check(d, 1, "the files were lost", TP_QUOTE_INDIRECT,
          "A source familiar with the inquiry", NULL);
}

/* "A survey taken in March found": a document noun with a participle
 * phrase after it is the source, as a person noun would be (the time
 * phrase before the cue is left out, as in "Smith on Monday said"). */
static void test_document_source_postmodifier(void **state)
{
    tp_doc *d =
        qh_text(state, "A survey taken in March found that most farmers "
                       "expect a dry summer.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "that most farmers expect a dry summer", TP_QUOTE_INDIRECT,
          "A survey taken", NULL);
}

/* "A poll out Monday showed": "out" and a time after a document noun
 * say when it was published and stand between the source and its cue. */
static void test_document_source_out_time(void **state)
{
    tp_doc *d = qh_text(state, "A county poll out Friday showed that the levy "
                               "would pass easily.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "that the levy would pass easily", TP_QUOTE_INDIRECT,
          "A county poll", NULL);
}

/* "CLAUSE, a study by X found": the text is the source, with its author
 * after "by"; a text passed on "to" someone is not theirs. */
static void test_document_source_by_author(void **state)
{
    tp_doc *d = qh_text(state, "Most rivers are cleaner now, a study by the "
                               "agency found.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "Most rivers are cleaner now", TP_QUOTE_INDIRECT,
          "a study by the agency", NULL);
}

/* "Statistics indicate that": plural research nouns are sources too. */
static void test_document_source_statistics(void **state)
{
    tp_doc *d = qh_text(state, "Indeed, statistics indicate that fewer "
                               "teenagers now smoke.\n\nRecent studies suggest "
                               "vaping rose.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "that fewer teenagers now smoke", TP_QUOTE_INDIRECT,
          "statistics", NULL);
    check(d, 1, "vaping rose", TP_QUOTE_INDIRECT, "Recent studies", NULL);
}

/* "with polls showing X": the document before the participle is its
 * source; "a memo asking Y to ..." with a hearer is not taken so. */
static void test_document_gerund(void **state)
{
    tp_doc *d = qh_text(state, "The vote neared, with surveys showing the "
                               "mayor far behind.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "the mayor far behind", TP_QUOTE_INDIRECT, "surveys", NULL);
}

/* A mixed quote does not end the clause: the coordinated cue after it
 * keeps the subject. */
static void test_coordinated_cue_after_mixed(void **state)
{
    tp_doc *d = qh_text(state, "She repeated her claim that the \"press is "
                               "biased\" and said her staff were upset.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "her claim that the \"press is biased\"", TP_QUOTE_MIXED, "She",
          NULL);
    check(d, 1, "her staff were upset", TP_QUOTE_INDIRECT, "She", NULL);
}

/* "which the mayor said was a surprise": the relative pronoun is a
 * content of its own, beside the rest of the clause. */
static void test_relative_pronoun_content(void **state)
{
    tp_doc *d = qh_text(state, "Crime rose in the spring, which the mayor said "
                               "was a surprise.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "which", TP_QUOTE_INDIRECT, "the mayor", NULL);
    check(d, 1, "was a surprise", TP_QUOTE_INDIRECT, "the mayor", NULL);
}

/* A relative clause inside the subject ends at the comma before the main
 * cue, and each cue keeps its own speaker. */
static void test_relative_clause_in_subject(void **state)
{
    tp_doc *d = qh_text(state, "Jones, who told reporters he was tired, said "
                               "the plan was dead.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "he was tired", TP_QUOTE_INDIRECT, "who", "Jones");
    check(d, 1, "the plan was dead", TP_QUOTE_INDIRECT, "Jones", "Jones");
}

/* A title-case headline capitalises its cue. */
static void test_headline_title_case_cue(void **state)
{
    tp_doc *d = qh_text(state, "Mayor Jones Says City Will Fix The Roads");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "City Will Fix The Roads", TP_QUOTE_INDIRECT, "Mayor Jones",
          NULL);
}

/* "CLAUSE, according to X.": the final attribution governs the clause
 * and the cues inside it. */
static void test_final_attribution_first(void **state)
{
    tp_doc *d = qh_text(state, "The council is believed to have backed the "
                               "levy, according to two aides.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "The council is believed to have backed the levy",
          TP_QUOTE_INDIRECT, "two aides", NULL);
}

/* A "that" after a noun opens a relative clause, not the cue's. */
static void test_that_after_noun_is_relative(void **state)
{
    tp_doc *d = qh_text(state, "Smith called for voters to pick leaders that "
                               "served the city.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "voters to pick leaders that served the city",
          TP_QUOTE_INDIRECT, "Smith", NULL);
}

/* An inverted speaker ends its clause: "..., said the clerk." takes a
 * common noun too; "..., said the plan was dead" is no inversion. */
static void test_inverted_speaker_ends_clause(void **state)
{
    tp_doc *d = qh_text(state, "The vote was close, said the clerk, a veteran "
                               "of the office.\n\nThe levy passed, said the "
                               "plan was dead.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "The vote was close", TP_QUOTE_INDIRECT, "the clerk", NULL);
}

/* A quoted word inside an appositive: its comma closes the object of the
 * cue inside, and the phrase before it is still the main speaker. */
static void test_quoted_word_in_appositive(void **state)
{
    tp_doc *d = qh_text(state, "Ruiz, who calls the levy a \"tax grab,\" said "
                               "the council would vote on Friday.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "the levy a \"tax grab,\"", TP_QUOTE_MIXED, "who", "Ruiz");
    check(d, 1, "the council would vote on Friday", TP_QUOTE_INDIRECT, "Ruiz",
          "Ruiz");
}

/* A dateline before a dash is no subject; questions after "when" and in
 * the passive have no speaker; a hearer before an infinitive is part of
 * what was asked. */
static void test_dateline_asked_and_infinitive(void **state)
{
    tp_doc *d = qh_text(state, "AUSTIN, Texas (AP) - Mayor Ann Lee met the "
                               "families and said the city would help.\n\nWhen "
                               "asked about the levy, Lee said it was fair."
                               "\n\nThe council urged the mayor to resign.");
    assert_int_equal(d->n_quotes, 4);
    check(d, 0, "the city would help", TP_QUOTE_INDIRECT, "Mayor Ann Lee",
          NULL);
    check(d, 1, "the levy", TP_QUOTE_INDIRECT, NULL, NULL);
    check(d, 2, "it was fair", TP_QUOTE_INDIRECT, "Lee", NULL);
    check(d, 3, "the mayor to resign", TP_QUOTE_INDIRECT, "The council", NULL);
}

/* A stance or speech verb followed only by a place or a time reports
 * nothing; "spoke about X" reports X (the preposition joins the cue). */
static void test_weak_cue_adverbial_only(void **state)
{
    tp_doc *d = qh_text(state, "Lee spoke at the forum on Monday.\n\nLee spoke "
                               "about the levy on Monday.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "the levy", TP_QUOTE_INDIRECT, "Lee", NULL);
}

/* 'CLAUSE, she said, "QUOTE"': the unquoted first part of a split
 * sentence is an indirect quote of the same frame. */
static void test_split_sentence_unquoted_part(void **state)
{
    tp_doc *d = qh_text(state, "No deal is near, she said, \"and none will "
                               "be.\"");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "No deal is near", TP_QUOTE_INDIRECT, "she", NULL);
    check(d, 1, "and none will be.", TP_QUOTE_DIRECT, "she", NULL);
}

/* A long parenthesis after the name, and a paper named with a time word
 * ("The Times"), still give the speaker. */
static void test_long_parenthesis_and_paper_name(void **state)
{
    tp_doc *d = qh_text(state, "Mayor Jo Lee (a Democrat so young she has been "
                               "taken for an intern) says she was "
                               "unfocused.\n\nThe Times says the copy was sent "
                               "early.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "she was unfocused", TP_QUOTE_INDIRECT, "Mayor Jo Lee", NULL);
    check(d, 1, "the copy was sent early", TP_QUOTE_INDIRECT, "The Times",
          NULL);
}

/* After a noun "like" is a preposition; after a pronoun, a verb. */
static void test_like_preposition_or_verb(void **state)
{
    tp_doc *d = qh_text(state, "Leaders like Lee won easily.\n\nThey like the "
                               "new mayor a lot.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "the new mayor a lot", TP_QUOTE_INDIRECT, "They", NULL);
}

/* A content ends before ", after": what follows is the writer's. */
static void test_clause_ends_before_after(void **state)
{
    tp_doc *d = qh_text(state, "The mayor said the roads would be repaired, "
                               "after the storm had passed.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "the roads would be repaired", TP_QUOTE_INDIRECT, "The mayor",
          NULL);
}

/* ", and about half of the workers said": a quantity leads the second
 * speaker, so the first clause ends before it. */
static void test_second_speaker_after_quantity(void **state)
{
    tp_doc *d =
        qh_text(state, "The firm said the mill would shut, and about "
                       "half of the workers said they would leave town.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "the mill would shut", TP_QUOTE_INDIRECT, "The firm", NULL);
    check(d, 1, "they would leave town", TP_QUOTE_INDIRECT,
          "half of the workers", NULL);
}

/* "they've argued": a contraction stands between speaker and cue. */
static void test_contracted_have_before_cue(void **state)
{
    tp_doc *d = qh_text(state, "Since March they've argued that the tax is "
                               "unfair to renters.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "that the tax is unfair to renters", TP_QUOTE_INDIRECT, "they",
          NULL);
}

/* A subject no speaker rule knows ("the nurses I met") before a past
 * speech verb still speaks, with a capped confidence. */
static void test_plain_subject_before_said(void **state)
{
    tp_doc *d = qh_text(state, "At the clinic, the nurses I met said the "
                               "night shifts were too long.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "the night shifts were too long", TP_QUOTE_INDIRECT,
          "the nurses I met", NULL);
    assert_true(d->quotes[0].confidence <= 0.6);
}

/* "NP VERB that CLAUSE" with a verb in no cue table: a weak quote, but
 * not after a plural noun ("rules that bind") nor before a noun
 * ("carried that message"). */
static void test_generic_that_clause(void **state)
{
    tp_doc *d = qh_text(state, "The inspector discovered that the bridge was "
                               "unsafe.\n\nThe rules that bind members are "
                               "old.\n\nHe carried that message to Ohio.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "that the bridge was unsafe", TP_QUOTE_INDIRECT,
          "The inspector", NULL);
    assert_true(d->quotes[0].confidence <= 0.5);
}

/* A cue that is its clause's second verb shares the clause's subject,
 * even after an opening phrase ("In the interview, the governor smiled
 * ... and said ..."). */
static void test_second_verb_cue_shares_subject(void **state)
{
    tp_doc *d = qh_text(state, "In the interview, Governor Hale smiled, waved "
                               "and said the hospital would stay open.");
    assert_int_equal(d->n_quotes, 1);
    check(d, 0, "the hospital would stay open", TP_QUOTE_INDIRECT,
          "Governor Hale", NULL);
}

/* "while" before a second speaker and its cue ends the first clause. */
static void test_while_second_speaker(void **state)
{
    tp_doc *d = qh_text(state, "Half of the nurses said the shifts were too "
                               "long while a third of the doctors said they "
                               "were fine.");
    assert_int_equal(d->n_quotes, 2);
    check(d, 0, "the shifts were too long", TP_QUOTE_INDIRECT, "the nurses",
          NULL);
    check(d, 1, "they were fine", TP_QUOTE_INDIRECT, "the doctors", NULL);
}

/* '"Why now?" Sanders asked.': the question mark and the capitalised
 * name end the tokenizer's sentence, but the frame is the quote's; a
 * sentence that goes on with a clause of its own is not a frame. */
static void test_frame_after_question_mark(void **state)
{
    tp_doc *d = qh_text(state, "\"Who pays for it?\" Mayor Ada Stone asked on "
                               "Friday. \"Done!\" Tom Reyes said the talks "
                               "were over.");
    assert_int_equal(d->n_quotes, 3);
    check(d, 0, "Who pays for it?", TP_QUOTE_DIRECT, "Mayor Ada Stone",
          "Ada Stone");
    assert_string_equal(qh_str(d, d->quotes[0].cue), "asked");
    check(d, 1, "Done!", TP_QUOTE_DIRECT, "Mayor Ada Stone", "Ada Stone");
    check(d, 2, "the talks were over", TP_QUOTE_INDIRECT, "Tom Reyes",
          "Tom Reyes");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_descriptor),
        cmocka_unit_test(test_frame_after),
        cmocka_unit_test(test_frame_inverted),
        cmocka_unit_test(test_frame_before),
        cmocka_unit_test(test_split_quote),
        cmocka_unit_test(test_split_quote_mid_sentence),
        cmocka_unit_test(test_multi_paragraph),
        cmocka_unit_test(test_nyt_apostrophe_pairs),
        cmocka_unit_test(test_guillemets),
        cmocka_unit_test(test_nickname_not_a_quote),
        cmocka_unit_test(test_scare_quote_not_a_quote),
        cmocka_unit_test(test_mixed_quote),
        cmocka_unit_test(test_mixed_noun_cue),
        cmocka_unit_test(test_indirect_said_that),
        cmocka_unit_test(test_indirect_told),
        cmocka_unit_test(test_indirect_clause_first),
        cmocka_unit_test(test_according_to),
        cmocka_unit_test(test_appositive),
        cmocka_unit_test(test_pronoun_and_surname),
        cmocka_unit_test(test_continuation),
        cmocka_unit_test(test_document_speaker),
        cmocka_unit_test(test_organisation),
        cmocka_unit_test(test_colon_speaker),
        cmocka_unit_test(test_empty_and_plain),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_clause_ends_at_dash),
        cmocka_unit_test(test_clause_ends_at_second_attribution),
        cmocka_unit_test(test_relative_who_speaker),
        cmocka_unit_test(test_raising_expected_seems),
        cmocka_unit_test(test_clause_ends_at_participle_cue),
        cmocka_unit_test(test_according_to_plain_source),
        cmocka_unit_test(test_passive_cue),
        cmocka_unit_test(test_pronoun_first_name_gender),
        cmocka_unit_test(test_capitals_not_function_word),
        cmocka_unit_test(test_cataphora_role_then_name),
        cmocka_unit_test(test_clause_ends_at_and_pronoun_and_but_cue),
        cmocka_unit_test(test_asked_question),
        cmocka_unit_test(test_phrasal_attitude_cue),
        cmocka_unit_test(test_participle_clause_without_that),
        cmocka_unit_test(test_headline_colon),
        cmocka_unit_test(test_poll_share_speaker),
        cmocka_unit_test(test_appositive_participle_parenthesis),
        cmocka_unit_test(test_clause_first_adverbial_common_noun),
        cmocka_unit_test(test_poll_shares_in_words),
        cmocka_unit_test(test_object_and_clause_ends),
        cmocka_unit_test(test_subordinate_clause_cue),
        cmocka_unit_test(test_speaker_relative_and_postmodifier),
        cmocka_unit_test(test_document_source_postmodifier),
        cmocka_unit_test(test_document_source_out_time),
        cmocka_unit_test(test_document_source_by_author),
        cmocka_unit_test(test_document_source_statistics),
        cmocka_unit_test(test_document_gerund),
        cmocka_unit_test(test_coordinated_cue_after_mixed),
        cmocka_unit_test(test_relative_pronoun_content),
        cmocka_unit_test(test_relative_clause_in_subject),
        cmocka_unit_test(test_headline_title_case_cue),
        cmocka_unit_test(test_final_attribution_first),
        cmocka_unit_test(test_that_after_noun_is_relative),
        cmocka_unit_test(test_inverted_speaker_ends_clause),
        cmocka_unit_test(test_quoted_word_in_appositive),
        cmocka_unit_test(test_dateline_asked_and_infinitive),
        cmocka_unit_test(test_weak_cue_adverbial_only),
        cmocka_unit_test(test_split_sentence_unquoted_part),
        cmocka_unit_test(test_long_parenthesis_and_paper_name),
        cmocka_unit_test(test_like_preposition_or_verb),
        cmocka_unit_test(test_clause_ends_before_after),
        cmocka_unit_test(test_second_speaker_after_quantity),
        cmocka_unit_test(test_contracted_have_before_cue),
        cmocka_unit_test(test_plain_subject_before_said),
        cmocka_unit_test(test_generic_that_clause),
        cmocka_unit_test(test_second_verb_cue_shares_subject),
        cmocka_unit_test(test_while_second_speaker),
        cmocka_unit_test(test_frame_after_question_mark),
    };
    return cmocka_run_group_tests(tests, qh_setup, qh_teardown);
}
