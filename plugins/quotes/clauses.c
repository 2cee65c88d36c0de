/*
 * clauses.c - the reported clause of a cue: where it starts ("that", an
 * object, a subject after the cue) and where it ends (the segment's end,
 * a second attribution, a clause that is the writer's again).
 */

#include <string.h>

#include "attrib.h"

/* ---- indirect and mixed quotes ------------------------------------------ */

/* How far after its cue the "that" of a clause may stand: any word
 * between within THAT_NEAR tokens, a long hearer or place with a time
 * word right before the "that" within THAT_FAR. */
enum { THAT_NEAR = 8, THAT_FAR = 14 };

/* Object pronouns and the hearer journalists name most, which a telling
 * verb takes before its clause. */
static const char *const hearers[] = {"him", "her",       "them", "me",
                                      "us",  "reporters", NULL};

/*
 * Is the "that" at token t the one that opens the cue's clause ("said
 * that", "told reporters that", "said in a statement Tuesday that"), not
 * a relative pronoun after a noun ("called for dresses that showed")?
 * What may stand between: a hearer, a time word, a comma, a name, or a
 * short prepositional phrase with no verb in it.
 */
static int complementizer_that(const qt_ctx *c, int32_t k, int32_t t,
                               const qt_wordinfo *w)
{
    int32_t b = t - 1, i;
    qt_np np;
    if (b == k || qt_is_punct(c, b, ',') || (qt_tags(c, b) & QT_W_TIME))
        return 1;
    /* "pointed out that", "said repeatedly in interviews that": a
     * particle or an adverb right after the cue belongs to it */
    if (b == k + 1 && (is_word_text(c, b, "out") || is_word_text(c, b, "up")))
        return 1;
    if (is_lower_word(c, k + 1) && ly_adverb(c, k + 1))
        k++;
    /* far from the cue, only a time or a comma ("told the Post and
     * Courier of Charleston on Saturday that"): a name before a far
     * "that" is more often the noun of a relative clause ("a campaign in
     * Nevada that led") */
    if (t - k > THAT_NEAR)
        return 0;
    if (qt_is_word_in(c, b, hearers) || qt_is_cap(c, b) ||
        c->tok[b].kind == TP_TOK_NUMBER)
        return 1;
    if ((w->cue_flags & QT_CUEF_OBJECT) && qt_speaker_after(c, k + 1, b, &np) &&
        np.last == b)
        return 1;
    if (!(qt_tags(c, k + 1) & QT_W_PREP) || is_word_text(c, k + 1, "to") ||
        t - k > 7)
        return 0;
    for (i = k + 2; i < t; i++)
        if (is_word_text(c, i, "to") || is_word_text(c, i, "and"))
            return 0;
    return 1;
}

/*
 * "Manafort said — on Twitter, as it happens — that ...": an aside
 * between dashes right after the cue is the writer's; the clause starts
 * after it. Returns the closing dash, or k when no short aside follows.
 */
static int32_t skip_dash_aside(const qt_ctx *c, int32_t k, int32_t end)
{
    enum { ASIDE_MAX = 12 };
    int32_t i;
    if (k + 1 > end || !qt_is_dash(c, k + 1))
        return k;
    for (i = k + 2; i < end && i - k <= ASIDE_MAX; i++) {
        if (qt_is_dash(c, i))
            return i > k + 2 ? i : k;
        if (c->tok[i].kind == TP_TOK_QUOTE || qt_is_punct(c, i, '.') ||
            qt_is_punct(c, i, ';') || verb_cue(c, i))
            return k;
    }
    return k;
}

/* The first token of a reported clause after the cue at k: "that" within
 * a few words ("told reporters on Tuesday that"), else past the hearer of
 * a telling verb and any time adverbial. */
int32_t qt_clause_start(const qt_ctx *c, int32_t k, int32_t end,
                        const qt_wordinfo *w, int *has_that)
{
    int32_t i;
    *has_that = 0;
    k = skip_dash_aside(c, k, end);
    for (i = k + 1; i <= end && i - k <= THAT_FAR; i++) {
        const tp_token *t = &c->tok[i];
        if (qt_tags(c, i) & QT_W_THAT) {
            if (!complementizer_that(c, k, i, w))
                break;
            *has_that = 1;
            return i;
        }
        /* "answered Garcia's request that": the clause is the noun's */
        /* "says his campaign is the only one that": a verb before the
         * "that" makes it a relative pronoun inside the clause */
        if (!c->tags[i] && t->kind == TP_TOK_WORD)
            continue; /* most words: no table knows them */
        if (t->kind == TP_TOK_QUOTE || qt_is_punct(c, i, '.') ||
            qt_is_punct(c, i, ';') || verb_cue(c, i) ||
            ((c->tags[i] & QT_W_AUX) && is_lower_word(c, i) &&
             !ly_adverb(c, i)) ||
            (cue_info(c, i) && c->info[i]->cue_kind == QT_CUE_NOUN))
            break;
    }
    i = k + 1;
    if (w->cue_flags & QT_CUEF_OBJECT) {
        qt_np np;
        if (qt_is_word_in(c, i, hearers))
            i++;
        else if (qt_speaker_after(c, i, end, &np))
            i = np.last + 1;
        /* "urged the industry to do more": an infinitive makes the
         * hearer part of what was asked */
        if (i > k + 1 && is_word_text(c, i, "to") && is_lower_word(c, i + 1) &&
            !(qt_tags(c, i + 1) & (QT_W_DET | QT_W_PRONOUN)))
            i = k + 1;
    }
    while (i <= end && (qt_tags(c, i) & QT_W_TIME) && qt_is_word(c, i))
        i++;
    return i;
}

/* Words of a quantity that may lead a subject ("more than 4 in 10",
 * "about half of the voters", "nearly two-thirds"). */
static const char *const quantity_words[] = {
    "more",    "than",   "about",    "nearly", "almost", "roughly", "over",
    "under",   "fewer",  "less",     "half",   "in",     "of",      "percent",
    "some",    "most",   "many",     "just",   "only",   "a",       "third",
    "quarter", "thirds", "majority", "one",    "two",    "three",   NULL};

/* Skip a leading quantity from token i: the first token past it. */
static int32_t skip_quantity(const qt_ctx *c, int32_t i, int32_t j)
{
    int32_t q = i;
    while (q < j &&
           (c->tok[q].kind == TP_TOK_NUMBER ||
            qt_is_word_in(c, q, quantity_words) || (qt_is_punct(c, q, '%'))))
        q++;
    return q;
}

/* Does a speaker and a finite verb cue start at token i ("he claimed",
 * "and said", "Smith argued", "and more than 4 in 10 said")? Then the
 * clause before it is over. */
static int second_attribution(const qt_ctx *c, int32_t i, int32_t end)
{
    int32_t j, q;
    qt_np np;
    const qt_wordinfo *w;
    if (is_word_text(c, i, "and") || is_word_text(c, i, "but"))
        i++;
    for (j = i; j <= end && j - i < 6; j++) {
        if (!(w = verb_cue(c, j)))
            continue;
        if (w->cue_kind != QT_CUE_VERB || (w->cue_flags & QT_CUEF_GERUND))
            return 0;
        /* "and said ...": the coordinated verb shares the subject */
        if (j == i && i > 0 && is_word_text(c, i - 1, "and"))
            return 1;
        if (j == i)
            return 0;
        /* a bare quantity is the subject ("4 in 10 said"), or leads it */
        q = skip_quantity(c, i, j);
        if (q == j && q > i + 1)
            return 1;
        return qt_speaker_before(c, j - 1, i, &np) && np.first >= i &&
               np.first <= q;
    }
    return 0;
}

/* A dash with white space before it, a plain or a no-break space
 * ("won\u00a0\u2014 the actress"): an aside's dash, not a hyphen. */
static int spaced_dash(const qt_ctx *c, int32_t i)
{
    uint32_t s = c->tok[i].start;
    return qt_is_dash(c, i) && s > 0 &&
           (c->text[s - 1] == ' ' ||
            (s > 1 && !memcmp(c->text + s - 2, "\xc2\xa0", 2)));
}

/*
 * "her father had begun - but never finished - the process": a dash
 * whose partner closes an inserted phrase within the clause, with the
 * clause going on after it. Returns the second dash, or -1.
 */
static int32_t closing_dash(const qt_ctx *c, int32_t i, int32_t end)
{
    enum { INSERT_MAX = 20 };
    int32_t j;
    /* "- a proposal he has raised -", "- as was true then -", "- which
     * would help the rich -": a noun phrase, an "as" or a relative clause
     * is the writer's aside on what precedes */
    if ((qt_tags(c, i + 1) & QT_W_DET) || is_word_text(c, i + 1, "as") ||
        is_word_text(c, i + 1, "which") || is_word_text(c, i + 1, "who"))
        return -1;
    for (j = i + 1; j < end && j - i <= INSERT_MAX; j++) {
        if (c->pair_of[j] >= 0 || qt_is_punct(c, j, ';') ||
            qt_is_punct(c, j, '.'))
            return -1;
        if (qt_is_dash(c, j))
            return spaced_dash(c, j) && qt_is_word(c, j + 1) ? j : -1;
    }
    return -1;
}

/*
 * Does the comma (or the closing quote mark after a comma) at token i end
 * a reported clause: a second attribution, a participle or a finite
 * speech verb, or a word that opens a clause of the writer's ("..., but",
 * "..., which", "..., and then")?
 */
static int comma_ends_clause(const qt_ctx *c, int32_t i, int32_t end)
{
    static const char *const stops[] = {
        "but", "while",    "although", "though", "whereas", "which",
        "who", "compared", "despite",  "after",  "with",    NULL};
    static const char *const after_and[] = {"when",  "while",  "then", "as",
                                            "after", "before", NULL};
    const qt_wordinfo *w;
    /* "..., he claimed they never met": a second attribution starts
     * its own clause */
    if (second_attribution(c, i + 1, end))
        return 1;
    /* "..., noting that most of it", "..., adding": a participle cue
     * after a comma is the speaker's next attribution, not part of this
     * clause */
    if ((w = verb_cue(c, i + 1)) && (w->cue_flags & QT_CUEF_GERUND))
        return 1;
    /* "Hall, who told reporters he was tired, said ...", "..., said
     * Smith": a finite speech verb right after a comma is the next
     * attribution */
    if (w && w->cue_kind == QT_CUE_VERB && (w->cue_flags & QT_CUEF_FINITE) &&
        !(w->cue_flags & QT_CUEF_WEAK))
        return 1;
    if (qt_is_word_in(c, i + 1, stops) ||
        (is_word_text(c, i + 1, "and") && qt_is_word_in(c, i + 2, after_and)))
        return 1;
    /* ", and he decided ...": a pronoun subject after ", and" opens a
     * clause of the writer's */
    return is_word_text(c, i + 1, "and") &&
           (qt_tags(c, i + 2) & QT_W_PRONOUN) && is_lower_word(c, i + 2);
}

/* The end of a reported clause that starts at `first`: the segment's
 * end, or before ", but" where a second clause with its own cue starts. */
/* Is word i "but", "and" or "while", which may join a second attribution
 * to the clause? */
static int clause_conjunction(const qt_ctx *c, int32_t i)
{
    return is_word_text(c, i, "but") || is_word_text(c, i, "and") ||
           is_word_text(c, i, "while");
}

int32_t qt_clause_end(const qt_ctx *c, int32_t first, int32_t end)
{
    const qt_wordinfo *w;
    int32_t i, j;
    for (i = first + 1; i < end; i++) {
        if (c->pair_of[i] >= 0 && c->pairs[c->pair_of[i]].used == 1)
            return i - 1; /* a direct quote with its own frame follows */
        if (c->pair_of[i] >= 0) {
            /* 'is in a position to win this race," adding that': a
             * comma before the closing mark ends the clause like one
             * after it */
            if (i == c->pairs[c->pair_of[i]].close &&
                qt_is_punct(c, i - 1, ',') && comma_ends_clause(c, i, end))
                return i;
            continue;
        }
        /* most tokens are words of more than one byte: no mark below is
         * one, and of the words only a "but", "and" or "while" can end
         * the clause */
        if (c->tok[i].kind == TP_TOK_WORD &&
            c->tok[i].end - c->tok[i].start != 1 &&
            (!(c->tags[i] & QT_W_FUNC) || !clause_conjunction(c, i)))
            continue;
        /* a spaced dash or a semicolon closes the reported clause: what
         * follows is the writer's aside ("... the families of terrorists
         * - a proposal he has raised before") */
        if (spaced_dash(c, i) && (j = closing_dash(c, i, end)) > 0) {
            i = j;
            continue;
        }
        if (qt_is_punct(c, i, ';') || spaced_dash(c, i))
            return i - 1;
        /* 'seemed irritated: "It is a public statement!"': a colon before a
         * quote introduces the quote, which is no part of the clause */
        if (qt_is_punct(c, i, ':') && c->tok[i + 1].kind == TP_TOK_QUOTE)
            return i - 1;
        /* "... a Senate run but noted that ...": a speech verb right
         * after "and"/"but" is the speaker's next attribution */
        if ((c->tags[i] & QT_W_FUNC) && clause_conjunction(c, i)) {
            if ((w = verb_cue(c, i + 1)) && w->cue_kind == QT_CUE_VERB &&
                (w->cue_flags & QT_CUEF_FINITE) &&
                !(w->cue_flags & QT_CUEF_WEAK))
                return i - 1;
            /* "vowed to limit X while promising Y", "but suggesting":
             * a participle cue is the speaker's next attribution */
            if (w && (w->cue_flags & QT_CUEF_GERUND) &&
                !is_word_text(c, i, "and"))
                return i - 1;
            /* "one in three said X and one in four said Y", "half
             * backed Smith while a third said ...": a speaker and its cue
             * after "and" or "while" */
            if (second_attribution(c, i + 1, end))
                return i - 1;
        }
        if (qt_is_punct(c, i, ',') && comma_ends_clause(c, i, end))
            return i - 1;
    }
    return end;
}

int qt_prev_is_clause_start(const qt_ctx *c, int32_t floor, int32_t k)
{
    int32_t i;
    for (i = floor; i < k; i++)
        if (!(c->tok[i].kind == TP_TOK_PUNCT ||
              (qt_tags(c, i) & (QT_W_FUNC | QT_W_AUX))))
            return 0;
    return 1;
}

/*
 * Emit the reported clause [first, last] (trimmed) for frame f: mixed
 * when it holds a quote-mark pair, indirect otherwise. Returns 1 when
 * emitted, 0 when the clause is too short or holds a pair that is already
 * a direct quote, -1 when out of memory. *covered is set to its last
 * token so that no later cue reads inside it.
 */
int qt_emit_clause(qt_ctx *c, int32_t first, int32_t last, const frame *f,
                   double conf, int min_words, int32_t *covered)
{
    qt_trim_content(c, &first, &last);
    if (first > last || !qt_has_words(c, first, last, min_words) ||
        qt_holds_used_pair(c, first, last))
        return 0;
    if (qt_emit_quote(c, first, last,
                      qt_holds_pair(c, first, last) ? TP_QUOTE_MIXED
                                                    : TP_QUOTE_INDIRECT,
                      f, conf))
        return -1;
    if (last > *covered)
        *covered = last;
    return 1;
}

/* Concessive openers: what they concede is the writer's, not the
 * source's ("Although he trails, ..."); a condition ("If ...") is part of
 * what is reported. */
static const char *const concessives[] = {"although", "though", "while",
                                          "despite",  "even",   NULL};

/*
 * The start of the main clause in [first, last] that an attribution after
 * it reports: "Although he trails, he remains in the race, according to
 * polls" reports the part after the subordinate clause's comma.
 */
int32_t qt_main_clause_start(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i = first;
    while (i <= last && c->tok[i].kind == TP_TOK_PUNCT)
        i++;
    if (!qt_is_word_in(c, i, concessives))
        return first;
    for (; i < last; i++) {
        if (c->pair_of[i] >= 0)
            return first;
        if (qt_is_punct(c, i, ','))
            return qt_has_words(c, i + 1, last, 3) ? i + 1 : first;
    }
    return first;
}

/* Words that open an adverbial clause or phrase after an object: what
 * follows says when or why, not what was said ("praised Obama after
 * the meeting", "hate the tax because it would cost them"). */
static const char *const adverbial_openers[] = {
    "after", "because",  "during", "despite", "before", "since", "until",
    "amid",  "although", "though", "whereas", "unless", NULL};

/* A time word that heads an adverbial: not "time(s)" ("at times",
 * "at the same time" say how, as often) nor a possessive ("this year's
 * debate" is a noun phrase). */
static int time_noun(const qt_ctx *c, int32_t i)
{
    const char *e = c->text + c->tok[i].end;
    size_t n = c->tok[i].end - c->tok[i].start;
    if (is_word_text(c, i, "time") || is_word_text(c, i, "times") ||
        (i + 1 < c->n_tok && (c->tok[i + 1].flags & TP_TOKF_CONTRACTION)))
        return 0;
    return !(n > 2 && e[-1] == 's' &&
             (e[-2] == '\'' || (n > 4 && !memcmp(e - 4, "\xe2\x80\x99", 3))));
}

/* Does a time start at token i: a time word, and after a modifier
 * ("early", "last") a second one ("early Tuesday"; "early childhood" is
 * none)? */
static int time_at(const qt_ctx *c, int32_t i)
{
    static const char *const modifiers[] = {"early", "late", "last",     "this",
                                            "next",  "past", "previous", NULL};
    if (!qt_is_word(c, i) || !(qt_tags(c, i) & QT_W_TIME) ||
        (qt_tags(c, i) & (QT_W_DET | QT_W_FUNC)) || !time_noun(c, i))
        return 0;
    return !qt_is_word_in(c, i, modifiers) ||
           (qt_is_word(c, i + 1) && (qt_tags(c, i + 1) & QT_W_TIME) &&
            time_noun(c, i + 1));
}

/* Does token i open an adverbial that ends an object: a word above, or
 * a time ("on Friday", "in February", "last week")? */
static int opens_adverbial(const qt_ctx *c, int32_t i)
{
    uint16_t tags = qt_tags(c, i);
    if (!(tags & (QT_W_FUNC | QT_W_PREP | QT_W_TIME)) || !qt_is_word(c, i))
        return 0;
    if ((tags & (QT_W_FUNC | QT_W_PREP)) && is_lower_word(c, i) &&
        qt_is_word_in(c, i, adverbial_openers))
        return 1;
    /* "as she left", "as it heads toward": "as" with a subject opens a
     * clause; "as a fraud" is part of the object */
    if (is_word_text(c, i, "as") && (qt_tags(c, i + 1) & QT_W_PRONOUN) &&
        is_lower_word(c, i + 1))
        return 1;
    /* "on Friday", "last week", "this month": a preposition or a time
     * word before a time */
    return (tags & (QT_W_PREP | QT_W_TIME)) && !is_word_text(c, i, "of") &&
           !is_word_text(c, i, "for") && !is_word_text(c, i, "to") &&
           time_at(c, i + 1);
}

/* A past form: a word in -ed that no table knows, or a cue's. */
static int past_verb(const qt_ctx *c, int32_t i)
{
    size_t n;
    if (!is_lower_word(c, i))
        return 0;
    n = c->tok[i].end - c->tok[i].start;
    if (cue_info(c, i))
        return (c->info[i]->cue_flags & QT_CUEF_FINITE) &&
               !(c->info[i]->cue_flags & QT_CUEF_GERUND);
    return !c->tags[i] && n > 4 &&
           !memcmp(c->text + c->tok[i].end - 2, "ed", 2);
}

/*
 * "pushed against the standards and encouraged parents to ...",
 * "blamed the hackers but later admitted ...": "and" or "but", maybe an
 * adverb, and a past verb start a second predicate of the subject; the
 * object ends before it.
 */
static int second_predicate(const qt_ctx *c, int32_t i)
{
    int32_t v = i + 1;
    if (!is_word_text(c, i, "and") && !is_word_text(c, i, "but"))
        return 0;
    if (is_lower_word(c, v) &&
        (ly_adverb(c, v) || is_word_text(c, v, "later") ||
         is_word_text(c, v, "also") || is_word_text(c, v, "then")))
        v++;
    return past_verb(c, v);
}

/* ", especially X", ", including Y": a focus word after the comma picks
 * out a part of the object, which goes on. */
static int object_goes_on(const qt_ctx *c, int32_t i)
{
    static const char *const focus[] = {"especially", "including",
                                        "particularly", "notably", NULL};
    return is_lower_word(c, i) && qt_is_word_in(c, i, focus);
}

/*
 * "questioned his tactics, his judgment and his decency": the comma at i
 * separates the items of a list that a conjunction closes before last,
 * each item a few words with no verb; the object goes on.
 */
static int list_goes_on(const qt_ctx *c, int32_t i, int32_t last)
{
    enum { ITEM_MAX = 6 };
    int32_t j, item = 0;
    /* ", and he declined": a conjunction right after the comma joins a
     * clause; a list has an item between */
    for (j = i + 1; j <= last; j++) {
        if (qt_is_punct(c, j, ',')) {
            item = 0;
            continue;
        }
        if (is_word_text(c, j, "and") || is_word_text(c, j, "or"))
            return j > i + 1 && j < last && qt_is_word(c, j + 1);
        if (!qt_is_word(c, j) || (qt_tags(c, j) & (QT_W_AUX | QT_W_THAT)) ||
            verb_cue(c, j) || ++item > ITEM_MAX)
            return 0;
    }
    return 0;
}

/*
 * The end of the object of a stance or belief verb ("wants the votes,
 * and ..."), which [first, last] holds with whatever follows it: it
 * stops at a comma. (A preposition or a conjunction may as well belong
 * to the object: "described him as", "backed Cruz and Rubio".)
 */
int32_t qt_object_end(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    int clausal = 0;
    for (i = first + 1; i <= last; i++) {
        /* "hopes to win", "believe Beijing has cut": a clause may hold
         * its own adverbials; a noun phrase ends where one starts */
        clausal |=
            (qt_tags(c, i - 1) & QT_W_AUX) || is_word_text(c, i - 1, "to");
        if (!clausal && (opens_adverbial(c, i) || second_predicate(c, i)))
            return i - 1;
        if (!qt_is_punct(c, i, ','))
            continue;
        if (c->pair_of[i] < 0 && !object_goes_on(c, i + 1) &&
            !list_goes_on(c, i, last))
            return i - 1;
        /* 'calls him a "crook," said': the comma that closes a quoted
         * word ends the object too */
        if (i + 1 <= last && c->tok[i + 1].kind == TP_TOK_QUOTE &&
            c->pair_of[i + 1] == c->pair_of[i])
            return i + 1;
    }
    return last;
}

/*
 * "stressed those worries on Sunday", "announced his candidacy last
 * year": a speech verb with a noun phrase for object, no clause. The
 * object opens with a determiner or a name and holds no auxiliary,
 * pronoun subject, "to" or past form before an adverbial (a time or
 * "after", "because") that ends it; else the content runs to last.
 */
int32_t qt_noun_object_end(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    if ((!(qt_tags(c, first) & QT_W_DET) && !qt_is_cap(c, first)) ||
        (qt_tags(c, first) & QT_W_TIME) || (qt_tags(c, first + 1) & QT_W_TIME))
        return last;
    for (i = first + 1; i <= last; i++) {
        if (opens_adverbial(c, i))
            return i - 1;
        if ((qt_tags(c, i) & (QT_W_AUX | QT_W_PRONOUN | QT_W_THAT)) ||
            is_word_text(c, i, "to") || past_verb(c, i) || !qt_is_word(c, i))
            return last;
    }
    return last;
}

/* Nouns of an attitude whose object, after a preposition, is what the
 * attitude is about ("expressed his condolences over the shooting",
 * "claimed responsibility for the attack", "said little about it"). */
static const char *const attitude_nouns[] = {
    "condolences", "congratulations", "sympathy",     "sympathies",
    "support",     "opposition",      "hostility",    "praise",
    "criticism",   "responsibility",  "words",        "little",
    "much",        "nothing",         "questions",    "concern",
    "concerns",    "doubts",          "skepticism",   "outrage",
    "admiration",  "contempt",        "disdain",      "gratitude",
    "thanks",      "regret",          "reservations", "favor",
    NULL};
static const char *const attitude_preps[] = {
    "about", "for", "over", "towards", "toward", "to",
    "of",    "at",  "on",   "against", NULL};

/* Does word i end in "-ing" ("raising", "saying")? */
static int ing_word(const qt_ctx *c, int32_t i)
{
    size_t n = c->tok[i].end - c->tok[i].start;
    return n > 4 && !memcmp(c->text + c->tok[i].end - 3, "ing", 3);
}

/*
 * "expressed [his] condolences over X", "offered some kind words about
 * X", "voted in support of X": an attitude noun, after at most a
 * determiner and two modifiers, and a preposition; the content is X.
 * Returns the preposition's token, or -1 when [first, last] has no such
 * opening.
 */
int32_t qt_attitude_object(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i = first;
    if (is_word_text(c, i, "in"))
        i++;
    for (; i <= last && i - first <= 3; i++) {
        if (!is_lower_word(c, i))
            return -1;
        if (qt_is_word_in(c, i, attitude_nouns))
            return i + 2 <= last && qt_is_word_in(c, i + 1, attitude_preps)
                       ? i + 1
                       : -1;
        /* "raising questions about": a gerund is a verb of its own */
        if (((qt_tags(c, i) & QT_W_CLOSED) && !(qt_tags(c, i) & QT_W_DET)) ||
            ing_word(c, i))
            return -1;
    }
    return -1;
}

/*
 * Is [first, last] only an adverbial after a cue ("on Friday", "in a
 * statement to reporters", "at the rally in Ohio"), with no clause in it?
 * It opens with a preposition or a time word, is short, and holds no
 * pronoun, auxiliary or cue that a clause would bring.
 */
int qt_adverbial_only(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    if (!(qt_tags(c, first) & (QT_W_PREP | QT_W_TIME)) ||
        is_word_text(c, first, "to") || is_word_text(c, first, "for") ||
        is_word_text(c, first, "about") || is_word_text(c, first, "of") ||
        qt_has_words(c, first, last, 11))
        return 0;
    for (i = first; i <= last; i++)
        if ((qt_tags(c, i) & (QT_W_PRONOUN | QT_W_AUX | QT_W_THAT)) ||
            c->tok[i].kind == TP_TOK_QUOTE || qt_is_verb_cue(c, i))
            return 0;
    return 1;
}

/* Words that open a circumstance of the saying after its comma ("...,
 * she said, in a statement"), not the rest of what was said. */
static const char *const saying_circumstances[] = {
    "in", "on", "at", "during", "to", "after", "before", "while", "as", NULL};

int32_t qt_split_rest(const qt_ctx *c, int32_t k, int32_t end, const frame *f)
{
    int32_t b = k + 2, last;
    const qt_wordinfo *w;
    if ((f->cue->cue_flags & QT_CUEF_WEAK) || !qt_is_punct(c, k + 1, ',') ||
        b > end || !qt_is_word(c, b) || c->pair_of[b] >= 0 ||
        ((w = verb_cue(c, b)) && (w->cue_flags & QT_CUEF_GERUND)) ||
        is_word_text(c, b, "as"))
        return -1;
    last = qt_clause_end(c, b, end);
    qt_trim_content(c, &b, &last);
    if (b > last || (qt_adverbial_only(c, b, last) &&
                     ((qt_tags(c, b) & QT_W_TIME) ||
                      qt_is_word_in(c, b, saying_circumstances))))
        return -1;
    return last;
}
