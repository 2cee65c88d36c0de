/*
 * direct_frames.c - direct quotes: each quote-mark pair of a segment looks
 * for its frame, a cue and speaker after it ('"...," Smith said') or
 * before it ('Smith said: "..."'); a pair that opens a sentence with no
 * frame continues the last speaker; a pair inside a clause is left for
 * the clause.
 */

#include <string.h>

#include "attrib.h"

/*
 * '"...," campaign chairman John Podesta told', '"...," former Bush
 * speechwriter Noam Neusner wrote': words before the name that say who
 * the person is; a few, none a function word, a verb or a mark, and a
 * determiner only first. A phrase that opens with its own determiner
 * has none ("features a Times report").
 */
static int premodifiers(const qt_ctx *c, int32_t first, int32_t name)
{
    enum { PREMODIFIERS_MAX = 6 };
    int32_t i;
    if (name - first > PREMODIFIERS_MAX || (qt_tags(c, name) & QT_W_DET))
        return 0;
    for (i = first; i < name; i++)
        if (!qt_is_word(c, i) || qt_is_verb_cue(c, i) ||
            ((qt_tags(c, i) & QT_W_CLOSED) &&
             !(i == first && (qt_tags(c, i) & QT_W_DET))))
            return 0;
    return 1;
}

/*
 * The frame after a pair: '"...," the letter states', '"...," said Smith',
 * '"...," according to officials'. [lo, hi] are the tokens between the
 * closing mark and the next pair or the segment's end.
 */
static int right_frame(const qt_ctx *c, int32_t lo, int32_t hi, frame *f)
{
    int32_t i = lo, k;
    const qt_wordinfo *w;

    while (i <= hi && (is_frame_punct(c, i) || qt_is_punct(c, i, '(')))
        i++;
    if (i > hi)
        return 0;
    memset(f, 0, sizeof(*f));
    /* inverted: said Smith / according to Smith */
    if ((w = cue_info(c, i)) && w->cue_kind == QT_CUE_PREP &&
        is_word_text(c, i + 1, "to")) {
        f->cue_first = i;
        f->cue_last = i + 1;
        f->cue = w;
        f->has_np = qt_speaker_after(c, i + 2, hi, &f->np);
        return f->has_np;
    }
    if ((w = verb_cue(c, i)) && !(w->cue_flags & QT_CUEF_GERUND) &&
        w->cue_kind == QT_CUE_VERB) {
        f->cue_first = f->cue_last = i;
        f->cue = w;
        f->has_np = qt_speaker_after(c, i + 1, hi, &f->np);
        return f->has_np;
    }
    /* Smith said / Smith, a spokesman, said */
    for (k = i + 1; k <= hi && k - i < FRAME_MAX; k++) {
        if (c->tok[k].kind == TP_TOK_QUOTE)
            break;
        if ((w = verb_cue(c, k)) && w->cue_kind == QT_CUE_VERB &&
            !(w->cue_flags & QT_CUEF_GERUND)) {
            qt_np np;
            if ((qt_speaker_before(c, k - 1, i, &np) ||
                 (qt_speech_past(c, k, w) &&
                  qt_common_speaker_before(c, k - 1, i, &np))) &&
                (np.first == i || premodifiers(c, i, np.first))) {
                np.first = i;
                f->cue_first = f->cue_last = k;
                f->cue = w;
                f->np = np;
                f->has_np = 1;
                return 1;
            }
            return 0;
        }
    }
    return 0;
}

/* The region [lo, hi] is an adverbial that may follow a cue before its
 * quote: "in a statement", "to reporters", "on Tuesday". */
static int lead_adverbial(const qt_ctx *c, int32_t lo, int32_t hi)
{
    int32_t i;
    if (hi - lo + 1 > LEAD_ADVERBIAL_MAX)
        return 0;
    for (i = lo; i <= hi; i++) {
        if (c->tok[i].kind == TP_TOK_QUOTE || (qt_tags(c, i) & QT_W_THAT) ||
            verb_cue(c, i))
            return 0;
        if (qt_is_punct(c, i, '.') || qt_is_punct(c, i, ';'))
            return 0;
    }
    return 1;
}

/*
 * The frame before a pair: 'Smith said: "..."', 'He added, "..."',
 * 'Trump said in a statement: "..."', 'Kasich: "..."'. [lo, hi] are the
 * tokens between the previous pair (or the segment start) and the
 * opening mark.
 */
static int left_frame(const qt_ctx *c, int32_t lo, int32_t hi,
                      const last_speaker *ls, frame *f)
{
    int32_t j = hi, k;
    int punct = 0;
    const qt_wordinfo *w;

    if (hi < lo)
        return 0;
    memset(f, 0, sizeof(*f));
    if (is_frame_punct(c, j)) {
        punct = 1;
        j--;
    }
    if (j < lo)
        return 0;
    for (k = j; k >= lo && j - k <= LEAD_ADVERBIAL_MAX; k--) {
        /* a belief ("wants", "sees") does not introduce a quote */
        if (!(w = verb_cue(c, k)) || w->cue_kind == QT_CUE_BELIEF)
            continue;
        if (k < j && (!punct || !lead_adverbial(c, k + 1, j)))
            return 0;
        /* 'says "the wind is at our backs"': no comma or colon and a
         * lower-case start make the quote part of the reported clause */
        if (!punct && hi + 2 < c->n_tok && qt_is_word(c, hi + 2) &&
            !(c->tok[hi + 2].flags & TP_TOKF_CAPITALISED))
            return 0;
        f->cue_first = f->cue_last = k;
        f->cue = w;
        if ((w->cue_flags & QT_CUEF_GERUND) && ls->valid &&
            ls->para == qt_para_of(c, k)) {
            /* 'Garner wrote, adding, "..."' */
            f->np = ls->np;
            f->has_np = 1;
        } else if (qt_speaker_before(c, k - 1, lo, &f->np) ||
                   qt_coordinated_subject(c, k, lo, &f->np) ||
                   qt_speaker_after(c, k + 1, j, &f->np)) {
            f->has_np = 1;
        }
        return 1;
    }
    /* "Trump: ..." / "Jeremy Lott, author: ..." - a speaker and a colon */
    if (qt_is_punct(c, hi, ':')) {
        qt_np np;
        int ok = qt_speaker_before(c, hi - 1, lo, &np);
        if (ok && np.first > lo + 1 && qt_is_punct(c, np.first - 1, ','))
            ok = qt_speaker_before(c, np.first - 2, lo, &np);
        if (ok && np.first == lo) {
            f->cue_first = f->cue_last = hi;
            f->cue = NULL;
            f->np = np;
            f->has_np = 1;
            return 1;
        }
    }
    return 0;
}

/* ---- direct quotes ------------------------------------------------------ */

/* Is [lo, hi] an introductory phrase ("In the program,", "Still,")
 * rather than a clause the quote belongs to? It ends with a comma and
 * holds no cue. */
static int ends_intro(const qt_ctx *c, int32_t lo, int32_t hi)
{
    int32_t i;
    if (hi < lo || !(qt_is_punct(c, hi, ',') || qt_is_dash(c, hi)) ||
        hi - lo > 12)
        return 0;
    for (i = lo; i < hi; i++)
        if (qt_is_cue(c, i) || c->tok[i].kind == TP_TOK_QUOTE)
            return 0;
    return 1;
}

/*
 * 'No deal is near, she said, "and none will be."': a split sentence
 * whose first part is not in quote marks is an indirect quote of the
 * same frame, even one word ('But, he said, "..."': the annotators mark
 * it so). lo is the first token of the region before the frame.
 */
static int split_clause_before(qt_ctx *c, int32_t lo, const frame *f)
{
    int32_t first = lo, last = f->np.first - 2, i;
    if (!f->has_np || f->np.first > f->cue_first || last < lo ||
        !qt_is_punct(c, last + 1, ','))
        return 0;
    for (i = first; i <= last; i++)
        if (qt_is_cue(c, i) || c->tok[i].kind == TP_TOK_QUOTE)
            return 0;
    qt_trim_content(c, &first, &last);
    if (first > last || !qt_has_words(c, first, last, 1))
        return 0;
    return qt_emit_quote(c, first, last, TP_QUOTE_INDIRECT, f, 0.6) < 0 ? -1
                                                                        : 1;
}

/*
 * Does frame f end its clause, with nothing after it but where and how
 * ("Trump said.", "said Smith on Friday", "Smith told reporters")? 'Trump said
 * the talks were over' reports a clause of its own. hi is the last token that
 * may follow.
 */
static int frame_ends_clause(const qt_ctx *c, const frame *f, int32_t hi)
{
    int32_t after = (f->np.last > f->cue_last ? f->np.last : f->cue_last) + 1;
    int32_t t;
    qt_np hearer;
    /* "his friend told The Daily Beast.": the hearer of a telling verb */
    if (f->cue && (f->cue->cue_flags & QT_CUEF_OBJECT) &&
        after == f->cue_last + 1 && qt_speaker_after(c, after, hi, &hearer))
        after = hearer.last + 1;
    t = after;
    /* "the other day", "this week" */
    while (t <= hi && t - after < 2 && (qt_tags(c, t) & QT_W_DET) &&
           qt_is_word(c, t))
        t++;
    return after > hi || c->tok[after].kind == TP_TOK_PUNCT ||
           (qt_tags(c, after) & QT_W_PREP) ||
           (t <= hi && (qt_tags(c, t) & QT_W_TIME)) || ly_adverb(c, after);
}

/*
 * '"Why now?" Sanders asked.': a question or exclamation mark before the
 * closing mark and a capitalised word after it end the tokenizer's
 * sentence, but a frame that opens the next sentence of the paragraph
 * still belongs to the quote. p is the last pair of segment s and
 * closes it.
 */
static int frame_in_next_sentence(const qt_ctx *c, const seg_state *s,
                                  const qt_pair *p, frame *f)
{
    int32_t b = s->b;
    if (p->close < 0 || p->close != b - 1 || s->next_b <= b ||
        (c->tok[b].flags & TP_TOKF_PARA_START) ||
        !(qt_is_punct(c, p->last, '?') || qt_is_punct(c, p->last, '!')))
        return 0;
    if (!right_frame(c, b, s->next_b - 1, f))
        return 0;
    /* the frame opens the sentence ("Sanders said", "said Sanders") and
     * the sentence says nothing more than where and how: '"Done?" Trump
     * said the talks were over.' reports a clause of its own */
    return (f->np.first == b || f->cue_first == b) &&
           frame_ends_clause(c, f, s->next_b - 1);
}

int qt_direct_pairs(qt_ctx *c, seg_state *s, last_speaker *ls, int32_t p0,
                    int32_t p1)
{
    int32_t pi;
    for (pi = p0; pi < p1; pi++) {
        qt_pair *p = &c->pairs[pi];
        int32_t llo = pi > p0 && c->pairs[pi - 1].close >= 0
                          ? c->pairs[pi - 1].close + 1
                          : s->a;
        int32_t rhi = pi + 1 < p1 ? c->pairs[pi + 1].open - 1 : s->b - 1;
        int32_t rlo = p->close >= 0 ? p->close + 1 : rhi + 1;
        int lempty, rempty;
        frame f;

        if (p->first > p->last)
            continue;
        if (pi > p0 && c->pairs[pi - 1].close < 0)
            llo = c->pairs[pi - 1].last + 1;
        /* a leading conjunction or dash does not make a clause */
        lempty = llo > p->open - 1;
        rempty = rlo > rhi;
        if (!rempty) {
            int32_t k = rlo;
            while (k <= rhi && (c->tok[k].kind == TP_TOK_PUNCT ||
                                c->tok[k].kind == TP_TOK_QUOTE))
                k++;
            rempty = k > rhi;
        }
        if (!lempty) {
            int32_t k = llo;
            while (k < p->open && (c->tok[k].kind == TP_TOK_PUNCT ||
                                   c->tok[k].kind == TP_TOK_QUOTE))
                k++;
            lempty = k >= p->open;
        }
        if (lempty && !rempty && right_frame(c, rlo, rhi, &f)) {
            s->cue_used[f.cue_first] = 1;
            if (qt_emit_quote(c, p->first, p->last, TP_QUOTE_DIRECT, &f, 0.95))
                return -1;
            qt_record_speaker(c, ls, &f, p->open);
            continue;
        }
        if (!lempty && !rempty && ends_intro(c, llo, p->open - 1) &&
            right_frame(c, rlo, rhi, &f)) {
            /* 'In the program, "...," DeSantis said.' */
            s->cue_used[f.cue_first] = 1;
            if (qt_emit_quote(c, p->first, p->last, TP_QUOTE_DIRECT, &f, 0.85))
                return -1;
            qt_record_speaker(c, ls, &f, p->open);
            continue;
        }
        if (!lempty && left_frame(c, llo, p->open - 1, ls, &f)) {
            s->cue_used[f.cue_first] = 1;
            if (qt_emit_quote(c, p->first, p->last, TP_QUOTE_DIRECT, &f,
                              f.has_np ? 0.92 : 0.7) ||
                split_clause_before(c, llo, &f) < 0)
                return -1;
            qt_record_speaker(c, ls, &f, p->open);
            continue;
        }
        if (lempty && rempty && pi + 1 == p1 &&
            frame_in_next_sentence(c, s, p, &f)) {
            s->cue_used[f.cue_first] = 1;
            if (qt_emit_quote(c, p->first, p->last, TP_QUOTE_DIRECT, &f, 0.9))
                return -1;
            qt_record_speaker(c, ls, &f, p->open);
            continue;
        }
        if (lempty && rempty) {
            /* a quote standing alone: the speaker goes on */
            if (qt_emit_continuation(c, ls, p, 1.0, -1))
                return -1;
            continue;
        }
        if (lempty &&
            qt_has_words(c, p->first, p->last, SPEECH_MIN_WORDS + 3)) {
            /* '"But those things are prohibited" as part of any deal.':
             * the quote and the rest of its sentence, mixed */
            if (qt_emit_continuation(c, ls, p, 0.8, rhi))
                return -1;
            continue;
        }
        if (!lempty && !rempty && right_frame(c, rlo, rhi, &f) &&
            (f.np.first < f.cue_first ||
             qt_speaker_ends_clause(c, &f.np, rhi)) &&
            frame_ends_clause(c, &f, rhi)) {
            /* 'America needs leaders "who ...," Clinton said.': the
             * clause and its quoted part are one mixed quote ('a "tax
             * grab," said the council would vote' is no frame; 'On
             * "Meet the Press," Smith said the deal was dead' reports
             * what follows the frame) */
            int32_t rest;
            s->cue_used[f.cue_first] = 1;
            if (qt_emit_quote(c, llo, p->last, TP_QUOTE_MIXED, &f, 0.7))
                return -1;
            /* 'Those who read "the fringes," he said, end up ...': the
             * sentence goes on after the attribution */
            if (f.np.last + 1 == f.cue_first &&
                (rest = qt_split_rest(c, f.cue_last, s->b - 1, &f)) >= 0) {
                int32_t covered = -1;
                if (qt_emit_clause(c, f.cue_last + 2, rest, &f, 0.7, 1,
                                   &covered) < 0)
                    return -1;
            }
            qt_record_speaker(c, ls, &f, p->open);
            continue;
        }
        /* inside a clause: left for the cues */
    }
    return 0;
}
