/*
 * speakers.c - the noun phrase that governs a cue. Without a parser, a
 * speaker is read from the words next to the cue: backwards from the cue
 * for "Kern County Sheriff Donny Youngblood told" (over auxiliaries and
 * time adverbials: "has also said", "on Monday said", and over an
 * appositive or relative clause between commas: "David Lapan, a spokesman
 * for DHS, told"), forwards for "said Hany Farid, chairman of ...". A
 * phrase is a speaker when it is a pronoun, a capitalised name (with its
 * titles), or a noun phrase headed by a person, organisation or document
 * noun from the tables ("ICE officials", "the letter").
 */
#include <string.h>

#include "quotes.h"

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
    return i >= 0 && i < c->n_tok &&
           (c->tok[i].flags & TP_TOKF_CONTRACTION) &&
           c->tok[i].end - c->tok[i].start >= 2 &&
           (c->text[c->tok[i].end - 1] == 's' ||
            c->text[c->tok[i].end - 1] == 'S');
}

static int is_number(const qt_ctx *c, int32_t i)
{
    return i >= 0 && i < c->n_tok && c->tok[i].kind == TP_TOK_NUMBER;
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
            j = k;
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
    if (is_number(c, i) && i - 2 >= floor && is_number(c, i - 2) &&
        qt_is_word(c, i - 1) && c->tok[i - 1].end - c->tok[i - 1].start == 2 &&
        !memcmp(c->text + c->tok[i - 1].start, "in", 2)) {
        np->first = nominal_left(c, i - 2, floor);
        np->last = np->head = i;
        np->kind = TP_MENTION_PERSON;
        return 1;
    }
    if (i < floor || !qt_is_word(c, i))
        return 0;
    if (t & QT_W_RELATIVE) {
        /* "people who say", "X, who ...": the antecedent */
        int32_t k = i - 1;
        if (qt_is_punct(c, k, ','))
            k--;
        if (!phrase_at(c, k, floor, np))
            return 0;
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
    } else if (qt_is_word(c, i) &&
               (t & (QT_W_ROLE | QT_W_ORG | QT_W_DOC))) {
        first = nominal_left(c, i, floor);
    } else {
        return 0;
    }
    /* "a spokesman for the Department of Homeland Security" */
    {
        int32_t k = first - 1;
        if (k - 1 >= floor && qt_is_word(c, k) &&
            (qt_tags(c, k) & QT_W_PREP) && k - 1 >= floor) {
            uint16_t pt = qt_tags(c, k - 1);
            if (qt_is_word(c, k - 1) && (pt & (QT_W_ROLE | QT_W_ORG)) &&
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

/* Skip back over what may stand between a speaker and its cue: "has
 * also", "on Monday", "last week", "in a statement". */
static int32_t skip_back_adverbials(const qt_ctx *c, int32_t i, int32_t floor)
{
    for (;;) {
        uint16_t t = qt_tags(c, i);
        if (i < floor)
            return i;
        if (is_lower_word(c, i) && (t & QT_W_AUX) && !(t & QT_W_DET)) {
            i--;
            continue;
        }
        if (qt_is_word(c, i) && (t & QT_W_TIME) &&
            !(t & (QT_W_ROLE | QT_W_ORG))) {
            /* "on Monday", "last week", "earlier this month" */
            i--;
            while (i >= floor && is_lower_word(c, i) &&
                   (qt_tags(c, i) & (QT_W_PREP | QT_W_TIME | QT_W_DET)))
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

int qt_speaker_before(const qt_ctx *c, int32_t end, int32_t floor, qt_np *np)
{
    int32_t i = skip_back_adverbials(c, end, floor);

    np->rel = 0;
    if (i < floor)
        return 0;
    if (qt_is_punct(c, i, ')')) {
        /* "Gov. John Kasich (R-OH) said" */
        int32_t k = i - 1;
        while (k >= floor && i - k < 8 && !qt_is_punct(c, k, '('))
            k--;
        if (k < floor || !qt_is_punct(c, k, '('))
            return 0;
        i = k - 1;
    }
    if (qt_is_punct(c, i, ',') || qt_is_dash(c, i)) {
        /* an appositive or relative clause between commas: find its
         * opening comma, with a speaker phrase before it */
        int32_t k;
        for (k = i - 1; k > floor && i - k < APPOSITIVE_MAX; k--) {
            const tp_token *t = &c->tok[k];
            if ((t->kind == TP_TOK_QUOTE &&
                 (t->flags & TP_TOKF_QUOTE_DOUBLE)) ||
                qt_is_punct(c, k, ';') ||
                qt_is_punct(c, k, '.') || qt_is_verb_cue(c, k))
                return 0;
            if ((qt_is_punct(c, k, ',') || qt_is_dash(c, k)) &&
                phrase_at(c, k - 1, floor, np) &&
                !(qt_tags(c, np->head) & QT_W_RELATIVE))
                return 1;
        }
        return 0;
    }
    return phrase_at(c, i, floor, np);
}

int qt_speaker_after(const qt_ctx *c, int32_t start, int32_t ceil, qt_np *np)
{
    int32_t i = start, last = -1;
    uint16_t t;

    np->rel = 0;
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
            (qt_is_word(c, i) && (u & (QT_W_DET | QT_W_TITLE | QT_W_ROLE |
                                       QT_W_ORG | QT_W_DOC)) &&
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
        if (is_lower_word(c, i) && last >= 0 &&
            !(u & (QT_W_FUNC | QT_W_CUE | QT_W_PREP | QT_W_AUX)) &&
            i + 1 <= ceil &&
            (qt_tags(c, i + 1) & (QT_W_ROLE | QT_W_ORG | QT_W_DOC))) {
            i++; /* "a Twitter press spokesman" */
            continue;
        }
        break;
    }
    if (last < 0)
        return 0;
    t = qt_tags(c, last);
    if (!name_part(c, last) && !(t & (QT_W_ROLE | QT_W_ORG | QT_W_DOC)))
        return 0;
    np->first = start;
    np->last = last;
    np->head = last;
    np->kind = phrase_kind(c, start, last);
    return 1;
}
