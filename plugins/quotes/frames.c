/*
 * frames.c - the building blocks of attribution shared by the files that
 * find quotes in a segment: word tests, the frame of a quote-mark pair
 * (its cue and speaker before or after it), and the emission of quotes
 * with their cue, speaker and confidence.
 */

#include <string.h>

#include "attrib.h"

/* Is token i one of words (a NULL-terminated list of lower-case
 * words)? The first letter rules out most entries before any length is
 * counted. */
int qt_is_word_in(const qt_ctx *c, int32_t i, const char *const *words)
{
    size_t n, k;
    char first;
    int w;
    if (!qt_is_word(c, i))
        return 0;
    n = c->tok[i].end - c->tok[i].start;
    first = (char)(c->text[c->tok[i].start] | 32);
    for (w = 0; words[w]; w++) {
        if (words[w][0] != first)
            continue;
        for (k = 1; k < n && words[w][k] &&
                    (char)(c->text[c->tok[i].start + k] | 32) == words[w][k];
             k++)
            ;
        if (k == n && !words[w][k])
            return 1;
    }
    return 0;
}

/* Is word i a form of "be" ("is", "are", "was", "were", "be", "been",
 * "being"), in any case? Called on most tokens of a clause: the length
 * picks the one or two forms to compare, no scan of a list. */
int qt_is_be(const qt_ctx *c, int32_t i)
{
    size_t n;
    if (!qt_is_word(c, i))
        return 0;
    n = c->tok[i].end - c->tok[i].start;
    switch (n) {
    case 2:
        return is_word_text(c, i, "is") || is_word_text(c, i, "be");
    case 3:
        return is_word_text(c, i, "are") || is_word_text(c, i, "was");
    case 4:
        return is_word_text(c, i, "were") || is_word_text(c, i, "been");
    case 5:
        return is_word_text(c, i, "being");
    default:
        return 0;
    }
}

/* Is there a form of "be" among tokens [from, to)? */
int qt_is_be_run(const qt_ctx *c, int32_t from, int32_t to)
{
    int32_t i;
    for (i = from < 0 ? 0 : from; i < to; i++)
        if (qt_is_be(c, i))
            return 1;
    return 0;
}

/*
 * "WASHINGTON — Clinton said", "ORLANDO, Fla. (Reuters) - Obama met": a
 * dateline in capitals before a dash opens the story's first sentence;
 * the subject comes after it. Returns the token after the dash, or
 * floor when there is no dateline before token k.
 */
int32_t qt_skip_dateline(const qt_ctx *c, int32_t floor, int32_t k)
{
    enum { DATELINE_MAX = 10 };
    int32_t i;
    if (!qt_is_word(c, floor) || !(c->tok[floor].flags & TP_TOKF_ALL_CAPS))
        return floor;
    for (i = floor + 1; i < k && i - floor <= DATELINE_MAX; i++) {
        if (qt_is_dash(c, i))
            return i + 1;
        if (qt_is_word(c, i) && !(c->tok[i].flags & TP_TOKF_CAPITALISED))
            return floor;
    }
    return floor;
}

/*
 * "ICE officials would not comment, but told reporters that ...": a cue
 * after "and"/"but" shares the subject that opens the clause.
 */
int qt_coordinated_subject(const qt_ctx *c, int32_t k, int32_t floor, qt_np *np)
{
    int32_t i = k - 1;
    while (i > floor && (qt_tags(c, i) & QT_W_AUX) && !qt_is_cap(c, i))
        i--;
    if (!(is_word_text(c, i, "but") || is_word_text(c, i, "and")))
        return 0;
    if (!qt_speaker_after(c, qt_skip_dateline(c, floor, i), i - 1, np))
        return 0;
    /* the subject is followed by its own verb or by a relative clause
     * ("Clinton, who was speaking, did not ... but told"), not by a list
     * ("X and Y", "X, Y") */
    if (np->last + 1 >= i - 1 || is_word_text(c, np->last + 1, "and"))
        return 0;
    return !qt_is_punct(c, np->last + 1, ',') ||
           (qt_tags(c, np->last + 2) & (QT_W_RELATIVE | QT_W_DET));
}

/* The paragraph index of token i: the last paragraph that starts at or
 * before it. The halving runs a fixed number of steps for a document
 * and picks the half with a conditional move, not a branch that goes
 * either way at random. */
uint32_t qt_para_of(const qt_ctx *c, int32_t i)
{
    const tp_span *base = c->doc->paragraphs;
    size_t n = c->doc->n_paragraphs;
    uint32_t pos = c->tok[i].start;
    if (!n)
        return 0;
    while (n > 1) {
        size_t half = n / 2;
        base = base[half].start <= pos ? base + half : base;
        n -= half;
    }
    return (uint32_t)(base - c->doc->paragraphs);
}

/* A speech verb in the past or the third person ("said", "told",
 * "says", "warned"), not a word that is as often a noun ("report",
 * "remarks", "vote"): only then may an unknown common noun before it be
 * its speaker. */
int qt_speech_past(const qt_ctx *c, int32_t k, const qt_wordinfo *w)
{
    static const char *const irregular[] = {"said",  "says",  "told",
                                            "wrote", "tells", NULL};
    const char *e = c->text + c->tok[k].end;
    size_t n;
    int i;
    if (w->cue_kind != QT_CUE_VERB || (w->cue_flags & QT_CUEF_WEAK) ||
        !(w->cue_flags & QT_CUEF_FINITE))
        return 0;
    if (c->tok[k].end - c->tok[k].start > 4 && e[-2] == 'e' && e[-1] == 'd')
        return 1;
    /* the irregular forms have four or five letters */
    n = c->tok[k].end - c->tok[k].start;
    if (n < 4 || n > 5)
        return 0;
    for (i = 0; irregular[i]; i++)
        if (is_word_text(c, k, irregular[i]))
            return 1;
    return 0;
}

/*
 * After a cue, does the speaker np end the clause ('said Smith.', 'said
 * Smith, a ...', 'said Smith on Friday')? 'said the plan was dead' has a
 * subject and its verb after the cue instead, no inverted speaker.
 */
int qt_speaker_ends_clause(const qt_ctx *c, const qt_np *np, int32_t end)
{
    int32_t next = np->last + 1;
    return next > end || !qt_is_word(c, next) ||
           (qt_tags(c, next) & (QT_W_PREP | QT_W_TIME | QT_W_RELATIVE));
}

/* Are there at least n words or numbers among tokens [first, last]?
 * The count stops at n: callers ask for a few words in long spans. */
int qt_has_words(const qt_ctx *c, int32_t first, int32_t last, int n)
{
    int found = 0;
    int32_t i;
    for (i = first; i <= last && found < n; i++)
        found +=
            c->tok[i].kind == TP_TOK_WORD || c->tok[i].kind == TP_TOK_NUMBER;
    return found >= n;
}

int qt_emit_quote(qt_ctx *c, int32_t first, int32_t last, uint32_t kind,
                  const frame *f, double conf)
{
    tp_quote q;
    int32_t i;
    if (first > last)
        return 0;
    memset(&q, 0, sizeof(q));
    q.content.start = c->tok[first].start;
    q.content.end = c->tok[last].end;
    q.kind = kind;
    q.mention = -1;
    q.confidence = conf;
    q.reporter = TP_REPORTER_UNSET;
    if (f) {
        q.flags |= TP_QUOTEF_HAS_CUE;
        q.cue.start = c->tok[f->cue_first].start;
        q.cue.end = c->tok[f->cue_last].end;
        q.reporter = f->cue ? f->cue->reporter : TP_REPORTER_NEUTRAL;
        if (f->has_np) {
            q.flags |= TP_QUOTEF_HAS_SPEAKER;
            int32_t sf = f->np.rel > 0 ? f->np.rel : f->np.first;
            int32_t sl = f->np.rel > 0 ? f->np.rel : f->np.last;
            q.speaker.start = c->tok[sf].start;
            q.speaker.end = c->tok[sl].end;
        }
    }
    /* 1: the pair is a direct quote; 2: it is inside a mixed one */
    for (i = first; i <= last; i++)
        if (c->pair_of[i] >= 0)
            c->pairs[c->pair_of[i]].used = kind == TP_QUOTE_DIRECT ? 1 : 2;
    return qt_emit(c, &q, f && f->has_np ? &f->np : NULL) < 0 ? -1 : 0;
}

/* Trim a content range: leading commas and "that"-less junk, trailing
 * sentence punctuation. */
void qt_trim_content(const qt_ctx *c, int32_t *first, int32_t *last)
{
    while (*first <= *last && (c->tok[*first].kind == TP_TOK_PUNCT &&
                               !qt_is_punct(c, *first, '(')))
        (*first)++;
    while (*last >= *first && (c->tok[*last].kind == TP_TOK_PUNCT ||
                               (c->tok[*last].kind == TP_TOK_QUOTE &&
                                (c->tok[*last].flags & TP_TOKF_QUOTE_OPEN))))
        (*last)--;
}

/* Does the range hold a pair (fully or in part)? */
int qt_holds_pair(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    for (i = first; i <= last; i++)
        if (c->pair_of[i] >= 0)
            return 1;
    return 0;
}

/* A range that holds a pair already claimed as a direct quote. */
int qt_holds_used_pair(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    for (i = first; i <= last; i++)
        if (c->pair_of[i] >= 0 && c->pairs[c->pair_of[i]].used == 1)
            return 1;
    return 0;
}

/* Does [first, last] say something, beyond time, place and function
 * words ("spoke on Tuesday")? */
int qt_has_content_word(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    for (i = first; i <= last; i++)
        if ((qt_is_word(c, i) || c->tok[i].kind == TP_TOK_QUOTE) &&
            !(qt_tags(c, i) & (QT_W_TIME | QT_W_PREP | QT_W_DET | QT_W_FUNC)))
            return 1;
    return 0;
}

int qt_record_speaker(qt_ctx *c, last_speaker *ls, const frame *f, int32_t tok)
{
    if (!f || !f->has_np)
        return 0;
    ls->valid = 1;
    ls->np = f->np;
    ls->has_cue = 1;
    ls->cue.start = c->tok[f->cue_first].start;
    ls->cue.end = c->tok[f->cue_last].end;
    ls->para = qt_para_of(c, tok);
    ls->reporter = f->cue ? f->cue->reporter : TP_REPORTER_NEUTRAL;
    return 0;
}

/*
 * A quote with no cue of its own continues the last speaker. With
 * mixed_end >= 0 the quote runs on after its closing mark to that token
 * and is a mixed quote; an embedded fragment (scale below 0.7) is mixed
 * too, as it is a part of the narrative's sentence.
 */
int qt_emit_continuation(qt_ctx *c, const last_speaker *ls, const qt_pair *p,
                         double scale, int32_t mixed_end)
{
    tp_quote q;
    uint32_t para = qt_para_of(c, p->open);
    uint32_t gap = ls->valid ? para - ls->para : 99;
    int32_t last = p->last;
    memset(&q, 0, sizeof(q));
    q.kind = TP_QUOTE_DIRECT;
    if (mixed_end > p->last) {
        int32_t first = p->first;
        last = mixed_end;
        qt_trim_content(c, &first, &last);
        q.kind = TP_QUOTE_MIXED;
    } else if (scale < 0.7) {
        q.kind = TP_QUOTE_MIXED;
    }
    q.content.start = c->tok[p->first].start;
    q.content.end = c->tok[last].end;
    q.mention = -1;
    q.confidence = scale * (gap == 0   ? 0.9
                            : gap == 1 ? 0.85
                            : gap <= 3 ? 0.75
                                       : 0.5);
    if (ls->valid && gap <= 6) {
        q.flags = TP_QUOTEF_HAS_SPEAKER | TP_QUOTEF_HAS_CUE;
        q.speaker.start = c->tok[ls->np.first].start;
        q.speaker.end = c->tok[ls->np.last].end;
        q.cue = ls->cue;
        q.reporter = ls->reporter;
    }
    c->pairs[p - c->pairs].used = 1;
    return qt_emit(c, &q, (q.flags & TP_QUOTEF_HAS_SPEAKER) ? &ls->np : NULL) <
                   0
               ? -1
               : 0;
}
