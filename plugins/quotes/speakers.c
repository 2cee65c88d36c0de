/*
 * speakers.c - the noun phrase that governs a cue. Without a parser, a
 * speaker is read from the words next to the cue: backwards from the cue
 * for "Kern County Sheriff Donny Youngblood told" (over auxiliaries and
 * time adverbials: "has also said", "on Monday said", and over an
 * appositive or relative clause between commas: "David Lapan, a spokesman
 * for DHS, told"), forwards for "said Hany Farid, chairman of ...". A
 * phrase is a speaker when it is a pronoun, a capitalised name (with its
 * titles), or a noun phrase headed by a person, organisation or document
 * noun from the tables ("ICE officials", "the letter"); a noun with a
 * phrase after it ("a source familiar with the inquiry"), a poll's share
 * ("one in three") and, before a speech verb in the past, any determiner
 * and common noun ("the admiral said") are speakers too. A relative
 * clause in front of the cue ("aides who read the memo said") hands the
 * cue to the phrase before "who".
 */
#include <string.h>
#include <strings.h>

#include "quotes.h"

/* The longest parenthesis after a name ("Sen. Chris Murphy (a Democrat
 * who ...) says"), in tokens. */
#define PAREN_MAX 24
/* The longest noun phrase or appositive we walk over, in tokens. */
#define NP_MAX 12
#define APPOSITIVE_MAX 40

static int is_lower_word(const qt_ctx *c, int32_t i)
{
    return qt_is_word(c, i) && !(c->tok[i].flags & TP_TOKF_CAPITALISED);
}

/* A token that can sit inside a capitalised name: a capitalised word that
 * is not a function word, an initial, a name link (de, van) between two
 * capitalised words, a hyphen or ampersand inside the name. */
static int name_part(const qt_ctx *c, int32_t i)
{
    uint16_t t = qt_tags(c, i);
    if (qt_is_cap(c, i))
        return !(t & (QT_W_FUNC | QT_W_PRONOUN)) || (t & QT_W_TITLE) ||
               (c->tok[i].flags & TP_TOKF_ALL_CAPS); /* "US", not "us" */
    if ((t & QT_W_NAMELINK) && qt_is_cap(c, i - 1) && qt_is_cap(c, i + 1))
        return 1;
    if (c->tok[i].kind == TP_TOK_WORD && (c->tok[i].flags & TP_TOKF_ABBREV) &&
        (c->tok[i].flags & TP_TOKF_CAPITALISED))
        return 1;
    if (c->tok[i].kind == TP_TOK_PUNCT && qt_is_punct(c, i, '&') &&
        qt_is_cap(c, i - 1) && qt_is_cap(c, i + 1))
        return 1;
    return 0;
}

/* Possessive clitic "'s" after a name ("California's Chief Justice"). */
static int is_possessive(const qt_ctx *c, int32_t i)
{
    return qt_in_doc(c, i) && (c->tok[i].flags & TP_TOKF_CONTRACTION) &&
           c->tok[i].end - c->tok[i].start >= 2 &&
           (c->text[c->tok[i].end - 1] == 's' ||
            c->text[c->tok[i].end - 1] == 'S');
}

static int is_number(const qt_ctx *c, int32_t i)
{
    return qt_in_doc(c, i) && c->tok[i].kind == TP_TOK_NUMBER;
}

/* Is token i one of words (lower-case, NULL-terminated), in any case? */
static int word_in(const qt_ctx *c, int32_t i, const char *const *words)
{
    size_t n = c->tok[i].end - c->tok[i].start;
    int k;
    for (k = 0; words[k]; k++)
        if (strlen(words[k]) == n &&
            !strncasecmp(c->text + c->tok[i].start, words[k], n))
            return 1;
    return 0;
}

/* A number in digits or in words up to ten: polls write "6 in 10" and
 * "one in three". */
static int is_count(const qt_ctx *c, int32_t i)
{
    static const char *const words[] = {"one",  "two", "three", "four",
                                        "five", "six", "seven", "eight",
                                        "nine", "ten", NULL};
    if (is_number(c, i))
        return 1;
    return qt_is_word(c, i) && c->tok[i].end - c->tok[i].start <= 5 &&
           memchr("otfsenOTFSEN", c->text[c->tok[i].start], 12) &&
           word_in(c, i, words);
}

/*
 * Walk left from the head `i` over the rest of a capitalised name and its
 * modifiers: titles, lowercase role words ("presidential candidate"),
 * possessives ("Illinois's") and one determiner. Returns the first token.
 */
static int32_t name_left(const qt_ctx *c, int32_t i, int32_t floor)
{
    int32_t j = i;
    while (j - 1 >= floor && i - (j - 1) < NP_MAX) {
        int32_t k = j - 1;
        uint16_t t = qt_tags(c, k);
        if (name_part(c, k) ||
            (is_lower_word(c, k) && (t & (QT_W_TITLE | QT_W_ROLE)) &&
             !(t & QT_W_FUNC))) {
            j = k;
            continue;
        }
        if (is_possessive(c, k) && k - 1 >= floor && name_part(c, k - 1)) {
            j = k - 1;
            continue;
        }
        if (is_lower_word(c, k) && !(t & (QT_W_FUNC | QT_W_CUE)) &&
            k - 1 >= floor && (qt_tags(c, k - 1) & QT_W_DET) &&
            (qt_tags(c, j) & QT_W_TITLE)) {
            /* "the fellow candidate" / "a former senator" */
            j = k;
            continue;
        }
        if ((t & QT_W_DET) && !(t & QT_W_PRONOUN) && !(t & QT_W_THAT)) {
            j = k;
            break;
        }
        break;
    }
    return j;
}

/* Walk left from a lowercase head noun ("officials") over its modifiers
 * ("senior administration", "ICE") to a determiner. */
static int32_t nominal_left(const qt_ctx *c, int32_t i, int32_t floor)
{
    int32_t j = i;
    while (j - 1 >= floor && i - (j - 1) < 7) {
        int32_t k = j - 1;
        uint16_t t = qt_tags(c, k);
        if (t & QT_W_DET) {
            /* "his top aide", "the two officials": an adjective among
             * the determiners has the article before it */
            j = k;
            if (k - 1 >= floor && qt_is_word(c, k - 1) &&
                (qt_tags(c, k - 1) & QT_W_DET) &&
                !(qt_tags(c, k - 1) & (QT_W_PRONOUN | QT_W_THAT)) &&
                !(qt_tags(c, k) & QT_W_FUNC))
                j = k - 1;
            break;
        }
        if (is_possessive(c, k) && k - 1 >= floor && qt_is_word(c, k - 1)) {
            j = k - 1;
            continue;
        }
        if (is_number(c, k)) {
            j = k;
            continue;
        }
        if (qt_is_word(c, k) && !(t & (QT_W_FUNC | QT_W_CUE | QT_W_AUX |
                                       QT_W_PREP | QT_W_PRONOUN))) {
            j = k;
            continue;
        }
        if (qt_is_punct(c, k, '-') && qt_is_word(c, k - 1)) {
            j = k;
            continue;
        }
        break;
    }
    return j;
}

static int is_and(const qt_ctx *c, int32_t i)
{
    return qt_is_word(c, i) && c->tok[i].end - c->tok[i].start == 3 &&
           !memcmp(c->text + c->tok[i].start, "and", 3);
}

/* The kind of speaker a phrase [first, last] names, from its words. */
static uint8_t phrase_kind(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    uint16_t t = qt_tags(c, last);
    if (t & QT_W_DOC)
        return TP_MENTION_DOCUMENT;
    if ((t & QT_W_ORG) && !(t & QT_W_ROLE))
        return TP_MENTION_ORGANISATION;
    for (i = first; i <= last; i++)
        if (qt_is_cap(c, i) && (qt_tags(c, i) & QT_W_ORG) &&
            !(qt_tags(c, i) & QT_W_ROLE))
            return TP_MENTION_ORGANISATION;
    return TP_MENTION_PERSON;
}

/* A preposition that ties a text to its author or place: "a study by",
 * "a statement from", "polls in", "a document on"; "the story to a
 * website" passes the text on instead. */
static int author_prep(const qt_ctx *c, int32_t k)
{
    static const char *const preps[] = {"by", "from", "of", "in", "on", NULL};
    return word_in(c, k, preps);
}

static int common_noun_phrase(const qt_ctx *c, int32_t i, int32_t floor,
                              qt_np *np);

/* "according to Tchadinfos.com", "ouest-france.fr reported": a bare
 * domain name (no path) names the website as a source. */
static int site_name(const qt_ctx *c, int32_t i, qt_np *np)
{
    const tp_token *t = &c->tok[i];
    if (t->kind != TP_TOK_URL ||
        memchr(c->text + t->start, '/', t->end - t->start))
        return 0;
    np->first = np->last = np->head = i;
    np->kind = TP_MENTION_ORGANISATION;
    np->rel = 0;
    return 1;
}

/*
 * "teachers unions who said", "an architect who said": "who" stands for
 * a person or people even when the noun before it is in no table. The
 * noun is a plural or has a determiner; "wonder who said" is a verb.
 */
static int plain_antecedent(const qt_ctx *c, int32_t k, int32_t floor,
                            qt_np *np)
{
    size_t n;
    if (k < floor || !is_lower_word(c, k) ||
        (qt_tags(c, k) & (QT_W_FUNC | QT_W_PREP | QT_W_AUX | QT_W_CUE |
                          QT_W_TIME | QT_W_NOTSPEAKER)))
        return 0;
    if (common_noun_phrase(c, k, floor, np))
        return 1;
    n = c->tok[k].end - c->tok[k].start;
    if (n < 4 || c->text[c->tok[k].end - 1] != 's' ||
        c->text[c->tok[k].end - 2] == 's')
        return 0;
    np->first = np->last = np->head = k;
    np->kind = TP_MENTION_PERSON;
    return 1;
}

static int is_which(const qt_ctx *c, int32_t i)
{
    return c->tok[i].end - c->tok[i].start == 5 &&
           !strncasecmp(c->text + c->tok[i].start, "which", 5);
}

/*
 * The phrase whose head is token i, not before floor: a pronoun, a name,
 * or a role/organisation/document noun phrase, extended left over "of"
 * and "for" attachments ("executives at Twitter", "a spokesman for the
 * campaign"). Returns 1 and fills np.
 */
static int phrase_at(const qt_ctx *c, int32_t i, int32_t floor, qt_np *np)
{
    uint16_t t = qt_tags(c, i);
    int32_t first;

    /* "4 in 10 said": a poll's share, headed by its number */
    if (i - 2 >= floor && qt_is_word(c, i - 1) &&
        c->tok[i - 1].end - c->tok[i - 1].start == 2 &&
        !memcmp(c->text + c->tok[i - 1].start, "in", 2) && is_count(c, i) &&
        is_count(c, i - 2)) {
        np->first = nominal_left(c, i - 2, floor);
        np->last = np->head = i;
        np->kind = TP_MENTION_PERSON;
        return 1;
    }
    if (i >= floor && site_name(c, i, np))
        return 1;
    if (i < floor || !qt_is_word(c, i))
        return 0;
    if (t & QT_W_RELATIVE) {
        /* "people who say", "X, who ...": the antecedent */
        int32_t k = i - 1;
        if (qt_is_punct(c, k, ',') || qt_is_dash(c, k))
            k--;
        if (!phrase_at(c, k, floor, np) && !plain_antecedent(c, k, floor, np))
            return 0;
        np->rel = i;
        return 1;
    }
    /* "The Post, which argued that": a body or a text before the comma */
    if (is_which(c, i) && qt_is_punct(c, i - 1, ',') &&
        phrase_at(c, i - 2, floor, np) && np->kind != TP_MENTION_PERSON) {
        np->rel = i;
        return 1;
    }
    if (t & QT_W_PRONOUN) {
        if (c->tok[i].end - c->tok[i].start == 1 &&
            (c->text[c->tok[i].start] | 32) == 'i')
            return 0; /* "I" speaks inside quotes only */
        np->first = np->last = np->head = i;
        np->kind = TP_MENTION_PERSON;
        return 1;
    }
    if (t & QT_W_NOTSPEAKER)
        return 0;
    if (name_part(c, i)) {
        first = name_left(c, i, floor);
        /* a capitalised function word at a sentence start is not a name */
        while (first <= i && (qt_tags(c, first) & QT_W_FUNC) &&
               !(qt_tags(c, first) & (QT_W_TITLE | QT_W_DET)))
            first++;
        if (first > i)
            return 0;
    } else if (qt_is_word(c, i) && (t & (QT_W_ROLE | QT_W_ORG | QT_W_DOC))) {
        first = nominal_left(c, i, floor);
    } else {
        return 0;
    }
    /* "a spokesman for the Department of Homeland Security", "a study
     * by the Brookings Institution" */
    {
        int32_t k = first - 1;
        if (k - 1 >= floor && qt_is_word(c, k) && (qt_tags(c, k) & QT_W_PREP) &&
            k - 1 >= floor) {
            uint16_t pt = qt_tags(c, k - 1);
            if (qt_is_word(c, k - 1) &&
                ((pt & (QT_W_ROLE | QT_W_ORG)) ||
                 ((pt & QT_W_DOC) && author_prep(c, k))) &&
                !(pt & QT_W_FUNC)) {
                int32_t f2 = nominal_left(c, k - 1, floor);
                np->first = f2;
                np->last = i;
                np->head = k - 1;
                np->kind = phrase_kind(c, f2, k - 1);
                return 1;
            }
        }
    }
    /* "Sessions and Kelly said": two names share the cue */
    if (name_part(c, i) && first - 2 >= floor && is_and(c, first - 1) &&
        name_part(c, first - 2)) {
        int32_t f2 = name_left(c, first - 2, floor);
        if (f2 <= first - 2 && !(qt_tags(c, f2) & QT_W_FUNC))
            first = f2;
    }
    np->first = first;
    np->last = i;
    np->head = i;
    np->kind = phrase_kind(c, first, i);
    return 1;
}

/* An adverb in -ly ("aggressively said"), not a noun that ends so
 * ("family", "rally"): the tables know those nouns. */
static int ly_adverb(const qt_ctx *c, int32_t i)
{
    size_t n = c->tok[i].end - c->tok[i].start;
    return n >= 5 && !memcmp(c->text + c->tok[i].end - 2, "ly", 2) &&
           !(qt_tags(c, i) & (QT_W_ROLE | QT_W_ORG | QT_W_DOC | QT_W_TIME));
}

/* "out" after a document noun and before a time: "a poll out Monday
 * showed" means it was published then. */
static int published_out(const qt_ctx *c, int32_t i)
{
    return i > 0 && c->tok[i].end - c->tok[i].start == 3 &&
           !strncasecmp(c->text + c->tok[i].start, "out", 3) &&
           (qt_tags(c, i - 1) & QT_W_DOC);
}

/* "Her aides here said", "voters overall said": an adverb of place or
 * extent right after a noun, between the speaker and its cue. */
static int place_after_noun(const qt_ctx *c, int32_t i)
{
    static const char *const adverbs[] = {"here", "there", "overall", NULL};
    return is_lower_word(c, i) && qt_is_word(c, i - 1) &&
           !(qt_tags(c, i - 1) &
             (QT_W_FUNC | QT_W_PREP | QT_W_AUX | QT_W_CUE)) &&
           word_in(c, i, adverbs);
}

/* Skip back over what may stand between a speaker and its cue: "has
 * also", "on Monday", "last week", "in a statement". */
static int32_t skip_back_adverbials(const qt_ctx *c, int32_t i, int32_t floor)
{
    for (;;) {
        uint16_t t = qt_tags(c, i);
        if (i < floor)
            return i;
        if (is_lower_word(c, i) &&
            (((t & QT_W_AUX) && !(t & QT_W_DET)) || ly_adverb(c, i))) {
            i--;
            continue;
        }
        if (qt_is_word(c, i) && (t & QT_W_TIME) &&
            !(t & (QT_W_ROLE | QT_W_ORG)) &&
            !(qt_is_cap(c, i) && (qt_tags(c, i - 1) & QT_W_DET))) {
            /* (a capitalised time word after "The" names a paper: "The
             * Times said") */
            /* "on Monday", "last week", "earlier this month" */
            i--;
            while (i >= floor && is_lower_word(c, i) &&
                   ((qt_tags(c, i) & (QT_W_PREP | QT_W_TIME | QT_W_DET)) ||
                    published_out(c, i)))
                i--;
            continue;
        }
        if (i - 1 >= floor && place_after_noun(c, i)) {
            i--;
            continue;
        }
        if (c->tok[i].kind == TP_TOK_NUMBER && i - 1 >= floor &&
            qt_is_cap(c, i - 1) && (qt_tags(c, i - 1) & QT_W_TIME)) {
            i -= 2; /* "on Nov. 8" */
            if (i >= floor && (qt_tags(c, i) & QT_W_PREP))
                i--;
            continue;
        }
        return i;
    }
}

/* Token i, or the token before a short parenthesis that ends at i
 * ("Gov. John Kasich (R-OH)"); -1 when the parenthesis does not open. */
static int32_t skip_parenthesis(const qt_ctx *c, int32_t i, int32_t floor)
{
    int32_t k = i - 1;
    if (!qt_is_punct(c, i, ')'))
        return i;
    while (k >= floor && i - k < PAREN_MAX && !qt_is_punct(c, k, '('))
        k--;
    return k >= floor && qt_is_punct(c, k, '(') ? k - 1 : -1;
}

/*
 * "the admiral said", "a neighbour told": a determiner and a common noun
 * that is in no table. The head is a plain lower-case word; the
 * determiner is at most two words before it. Person is the likelier kind.
 */
static int common_noun_phrase(const qt_ctx *c, int32_t i, int32_t floor,
                              qt_np *np)
{
    static const uint16_t not_head = QT_W_FUNC | QT_W_PREP | QT_W_AUX |
                                     QT_W_TIME | QT_W_DET | QT_W_PRONOUN |
                                     QT_W_NOTSPEAKER | QT_W_CUE;
    int32_t j;
    if (!is_lower_word(c, i) || (qt_tags(c, i) & not_head) ||
        c->tok[i].end - c->tok[i].start < 3 ||
        !memcmp(c->text + c->tok[i].end - 2, "ly", 2))
        return 0;
    for (j = i - 1; j >= floor && i - j <= 3; j--) {
        uint16_t t = qt_tags(c, j);
        if ((t & QT_W_DET) && !(t & QT_W_PRONOUN) && qt_is_word(c, j)) {
            np->first = j;
            np->last = np->head = i;
            np->kind = TP_MENTION_PERSON;
            return 1;
        }
        if (!qt_is_word(c, j) || (t & (QT_W_FUNC | QT_W_PREP | QT_W_CUE)))
            return 0;
    }
    return 0;
}

/*
 * "Officials who saw the memo said": the phrase before the cue is the
 * object of a relative clause, and the speaker is the phrase before
 * "who". When a "who" opens the words before np (no punctuation or cue
 * between), np becomes its antecedent; it stays as it is when there is
 * none. Returns 0 when the antecedent is no speaker phrase.
 */
static int relative_antecedent(const qt_ctx *c, int32_t floor, qt_np *np)
{
    int32_t k;
    for (k = np->first - 1; k > floor && np->first - k <= 8; k--) {
        uint16_t t = c->tags[k];
        if (c->tok[k].kind != TP_TOK_WORD || (t & (QT_W_THAT | QT_W_CUE)))
            return 1;
        if (t & QT_W_RELATIVE) {
            qt_np ante;
            if (k == np->first - 1 || !phrase_at(c, k - 1, floor, &ante))
                return 1;
            ante.rel = 0;
            *np = ante;
            return 1;
        }
    }
    return 1;
}

/* May token i stand inside a noun phrase after its head ("in the two
 * states", "familiar with the FDIC's inquiry")? Not a verb, auxiliary,
 * pronoun or clause opener; a cue word only as a noun, after a
 * determiner ("the two states"). */
static int postmodifier_word(const qt_ctx *c, int32_t i)
{
    uint16_t t = qt_tags(c, i);
    if (is_count(c, i) || is_possessive(c, i) || qt_is_punct(c, i, '-') ||
        (is_lower_word(c, i) && (t & QT_W_PREP) &&
         c->tok[i].end - c->tok[i].start == 2 &&
         !strncasecmp(c->text + c->tok[i].start, "to", 2))) /* "close to" */
        return 1;
    if (!qt_is_word(c, i) ||
        (t & (QT_W_AUX | QT_W_THAT | QT_W_RELATIVE | QT_W_NOTSPEAKER)) ||
        ((t & QT_W_PRONOUN) && !(t & QT_W_DET)))
        return 0;
    if (qt_is_verb_cue(c, i))
        return (qt_tags(c, i - 1) & QT_W_DET) || is_count(c, i - 1);
    return !(t & QT_W_FUNC) || (t & (QT_W_PREP | QT_W_DET | QT_W_TIME));
}

/* Is the cue at token k surely a verb after a noun phrase? "says" and
 * the past tense are; "states", "attacks", "views" are as often plural
 * nouns ("people in swing states"). */
static int verb_after_phrase(const qt_ctx *c, int32_t k)
{
    const char *e;
    size_t n;
    if (!qt_is_verb_cue(c, k))
        return 1;
    e = c->text + c->tok[k].end;
    n = c->tok[k].end - c->tok[k].start;
    return !(n > 2 && e[-1] == 's' && e[-2] != 'y' && e[-2] != 's') ||
           (n == 4 && !strncasecmp(e - 4, "says", 4));
}

/*
 * "Voters in the two states said", "a source familiar with the inquiry
 * said", "a poll taken in May found": a person, body or document noun
 * followed by a prepositional or adjective phrase that ends at token i.
 * Walk back over the words such a phrase may hold to a role, organisation
 * or document noun that a preposition or an adjective follows; the
 * speaker runs from that noun's phrase to i.
 */
/* An object pronoun after a preposition ends a postmodifier ("close to
 * him", "familiar with them"). */
static int object_after_prep(const qt_ctx *c, int32_t i)
{
    static const char *const objects[] = {"him", "her", "them",
                                          "us",  "it",  NULL};
    return i > 0 && (qt_tags(c, i - 1) & QT_W_PREP) && word_in(c, i, objects);
}

static int postmodified_phrase(const qt_ctx *c, int32_t i, int32_t floor,
                               qt_np *np)
{
    static const char *const those[] = {"those", NULL};
    enum { POSTMOD_MAX = 9 };
    int32_t h;
    /* the phrase ends in a noun, not in "of" or "the", before its verb
     * or the comma or dash of an aside ("Voters in the two states,
     * Iowa and Ohio, said") */
    if (!qt_is_word(c, i) ||
        ((qt_tags(c, i) & (QT_W_PREP | QT_W_DET | QT_W_FUNC)) &&
         !object_after_prep(c, i)) ||
        is_possessive(c, i) ||
        !(qt_is_word(c, i + 1) || qt_is_punct(c, i + 1, ',') ||
          qt_is_dash(c, i + 1)) ||
        is_possessive(c, i + 1))
        return 0;
    for (h = i - 1; h >= floor && i - h <= POSTMOD_MAX; h--) {
        uint16_t t = qt_tags(c, h);
        /* "Those close to him say", "those familiar with the talks" */
        if (word_in(c, h, those) && is_lower_word(c, h + 1) &&
            !(qt_tags(c, h + 1) & (QT_W_FUNC | QT_W_CUE | QT_W_AUX))) {
            np->first = np->head = h;
            np->last = i;
            np->kind = TP_MENTION_PERSON;
            np->rel = 0;
            return 1;
        }
        if ((t & (QT_W_ROLE | QT_W_ORG | QT_W_DOC)) && !(t & QT_W_FUNC) &&
            is_lower_word(c, h + 1) &&
            ((qt_tags(c, h + 1) & QT_W_PREP) ||
             !(qt_tags(c, h + 1) & QT_W_FUNC)) &&
            phrase_at(c, h, floor, np)) {
            np->last = i;
            return 1;
        }
        if (!postmodifier_word(c, h))
            return 0;
    }
    return 0;
}

/* Pair p (an index, or -1) quotes a word or a few, no sentence. */
static int short_pair(const qt_ctx *c, int32_t p)
{
    enum { SHORT_PAIR_MAX = 6 };
    return p >= 0 && c->pairs[p].used != 1 && c->pairs[p].close >= 0 &&
           c->pairs[p].last - c->pairs[p].first < SHORT_PAIR_MAX;
}

/* Is token i a mark of a pair that a mixed quote holds? */
static int in_mixed(const qt_ctx *c, int32_t i)
{
    return c->pair_of[i] >= 0 && c->pairs[c->pair_of[i]].used == 2;
}

int qt_speaker_before(const qt_ctx *c, int32_t end, int32_t floor, qt_np *np)
{
    int32_t i = skip_back_adverbials(c, end, floor);

    np->rel = 0;
    if (i < floor || (i = skip_parenthesis(c, i, floor)) < floor)
        return 0;
    if (qt_is_punct(c, i, ',') || qt_is_dash(c, i) ||
        (c->tok[i].kind == TP_TOK_QUOTE && qt_is_punct(c, i - 1, ',') &&
         short_pair(c, c->pair_of[i]))) {
        /* an appositive or relative clause between commas: find its
         * opening comma, with a speaker phrase before it. A participle
         * may sit inside ("Smith, speaking in Ohio, said"), a finite cue
         * may not: then the comma ends a clause of its own. */
        int32_t k, h;
        int finite = 0; /* a finite cue inside: only a relative clause
                           ("Smith, who said X, added") may hold one */
        for (k = i - 1; k > floor && i - k < APPOSITIVE_MAX; k--) {
            const tp_token *t = &c->tok[k];
            /* a word of two or more bytes is no mark: of the tests below
             * only the cue's can hold (most tokens leave here) */
            if (t->kind == TP_TOK_WORD && t->end - t->start > 1) {
                if (qt_is_verb_cue(c, k) &&
                    !(c->info[k]->cue_flags & QT_CUEF_GERUND))
                    finite = 1;
                continue;
            }
            /* a quoted word may stand inside ('who calls him a "crook,"'),
             * and so may a quote that is part of the aside's own clause
             * ('who said he would "bomb them"', a mixed quote); a quote of
             * a sentence may not */
            if ((t->kind == TP_TOK_QUOTE && (t->flags & TP_TOKF_QUOTE_DOUBLE) &&
                 !short_pair(c, c->pair_of[k]) && !in_mixed(c, k)) ||
                qt_is_punct(c, k, ';') || qt_is_punct(c, k, '.'))
                return 0;
            if (qt_is_verb_cue(c, k) &&
                !(c->info[k]->cue_flags & QT_CUEF_GERUND))
                finite = 1;
            if ((qt_is_punct(c, k, ',') || qt_is_dash(c, k)) && finite &&
                !(qt_tags(c, k + 1) & QT_W_RELATIVE))
                return 0;
            if ((qt_is_punct(c, k, ',') || qt_is_dash(c, k)) &&
                (h = skip_parenthesis(c, k - 1, floor)) >= floor &&
                (phrase_at(c, h, floor, np) ||
                 postmodified_phrase(c, h, floor, np)) &&
                !(qt_tags(c, np->head) & QT_W_RELATIVE))
                return 1;
        }
        return 0;
    }
    return (phrase_at(c, i, floor, np) ||
            (verb_after_phrase(c, end + 1) &&
             postmodified_phrase(c, i, floor, np))) &&
           relative_antecedent(c, floor, np);
}

int qt_common_speaker_after(const qt_ctx *c, int32_t start, int32_t ceil,
                            qt_np *np)
{
    int32_t i;
    np->rel = 0;
    if (start > ceil || !qt_is_word(c, start) ||
        !(qt_tags(c, start) & QT_W_DET) || (qt_tags(c, start) & QT_W_PRONOUN))
        return 0;
    /* "the clerk", "a longtime clerk": the noun is the last plain word
     * before the clause's end */
    for (i = start + 1; i <= ceil && i - start <= 3; i++)
        if (!(i + 1 <= ceil && is_lower_word(c, i + 1) &&
              !(qt_tags(c, i + 1) &
                (QT_W_FUNC | QT_W_PREP | QT_W_AUX | QT_W_CUE))))
            return common_noun_phrase(c, i, start, np) && np->first == start;
    return 0;
}

int qt_common_speaker_before(const qt_ctx *c, int32_t end, int32_t floor,
                             qt_np *np)
{
    np->rel = 0;
    return end >= floor && common_noun_phrase(c, end, floor, np) &&
           relative_antecedent(c, floor, np);
}

int qt_speaker_after(const qt_ctx *c, int32_t start, int32_t ceil, qt_np *np)
{
    int32_t i = start, last = -1;
    uint16_t t;

    np->rel = 0;
    if (start <= ceil && site_name(c, start, np))
        return 1;
    if (i > ceil || !qt_is_word(c, i))
        return 0;
    t = qt_tags(c, i);
    if (t & QT_W_PRONOUN) {
        if (c->tok[i].end - c->tok[i].start == 1)
            return 0;
        np->first = np->last = np->head = i;
        np->kind = TP_MENTION_PERSON;
        return 1;
    }
    if (t & QT_W_NOTSPEAKER)
        return 0;
    /* determiners, titles, names, role words, up to the first word that
     * cannot continue a name or noun phrase */
    while (i <= ceil && i - start < NP_MAX) {
        uint16_t u = qt_tags(c, i);
        if (name_part(c, i) || is_possessive(c, i) ||
            (qt_is_word(c, i) &&
             (u & (QT_W_DET | QT_W_TITLE | QT_W_ROLE | QT_W_ORG | QT_W_DOC)) &&
             !(u & (QT_W_PRONOUN | QT_W_THAT | QT_W_PREP))) ||
            (is_lower_word(c, i) && i == start + 1 &&
             (qt_tags(c, start) & QT_W_DET) &&
             !(u & (QT_W_FUNC | QT_W_CUE | QT_W_PREP)))) {
            if (!(u & QT_W_DET) || last >= 0 || i == start)
                if (!is_possessive(c, i) && !(u & QT_W_DET))
                    last = i;
            i++;
            continue;
        }
        if (is_lower_word(c, i) && (last >= 0 || i == start) &&
            !(u & (QT_W_FUNC | QT_W_CUE | QT_W_PREP | QT_W_AUX)) &&
            i + 1 <= ceil &&
            (qt_tags(c, i + 1) &
             (QT_W_ROLE | QT_W_ORG | QT_W_DOC | QT_W_TITLE))) {
            i++; /* "a Twitter press spokesman", "said film director X" */
            continue;
        }
        /* "said lobbyist and GOP strategist Charlie Black": two roles of
         * one person */
        if (last >= 0 && is_and(c, i) && i + 1 <= ceil &&
            (qt_tags(c, last) & (QT_W_ROLE | QT_W_TITLE)) &&
            !qt_is_cap(c, last) &&
            (name_part(c, i + 1) ||
             (qt_tags(c, i + 1) & (QT_W_ROLE | QT_W_TITLE)))) {
            i++;
            continue;
        }
        break;
    }
    if (last < 0)
        return 0;
    t = qt_tags(c, last);
    /* "said Tuesday": a time word capitalised inside a sentence is a
     * day or a month, no name */
    if ((!name_part(c, last) && !(t & (QT_W_ROLE | QT_W_ORG | QT_W_DOC))) ||
        (last == start && (t & QT_W_TIME) &&
         !(c->tok[last].flags & TP_TOKF_SENT_START)))
        return 0;
    np->first = start;
    np->last = last;
    np->head = last;
    np->kind = phrase_kind(c, start, last);
    return 1;
}
