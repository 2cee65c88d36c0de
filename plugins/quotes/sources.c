/*
 * sources.c - attributions whose source is not the subject of a speech
 * verb: "according to X", a gerund ("..., adding that") borrowing the last
 * speaker, and documents ("polls showing X ahead").
 */

#include <string.h>

#include "attrib.h"

/* "according to X, CLAUSE" / "CLAUSE, according to X" */
/*
 * The source after "according to" when it is no name or role phrase
 * ("recent polls", "complete but unofficial returns", "the average of
 * recent polls compiled by ..."): the cue is strong enough that the
 * whole noun phrase up to the next punctuation is the source, when it
 * ends in a plain word and is short. A guess, hence kind: a text when
 * its head is one, else a body.
 */
int qt_source_phrase(const qt_ctx *c, int32_t start, int32_t end, qt_np *np)
{
    enum { SOURCE_MAX = 14 };
    int32_t j;
    for (j = start; j <= end && j - start < SOURCE_MAX; j++)
        if (!qt_is_word(c, j) || c->pair_of[j] >= 0)
            break;
    if (j == start || j - start >= SOURCE_MAX ||
        (j <= end && !qt_is_punct(c, j, ',') && !qt_is_punct(c, j, '.')) ||
        (qt_tags(c, j - 1) &
         (QT_W_FUNC | QT_W_PREP | QT_W_DET | QT_W_PRONOUN | QT_W_AUX)))
        return 0;
    np->first = start;
    np->last = np->head = j - 1;
    np->rel = 0;
    np->kind = (qt_tags(c, j - 1) & QT_W_DOC) ? TP_MENTION_DOCUMENT
                                              : TP_MENTION_ORGANISATION;
    return 1;
}

/* Words after an attribution's comma that open a clause of the writer's. */
static const char *const writer_openers[] = {"and", "but",   "or", "which",
                                             "who", "while", "as", NULL};

/*
 * Does "according to X" at k, whose source ends at src_last, sit between
 * commas inside one sentence, with a subject and its predicate after it
 * ("..., according to the memo, the firm paid ...")? A conjunction after
 * the comma ("..., and prices rose") opens a clause of the writer's.
 */
static int interrupts_clause(const qt_ctx *c, int32_t k, int32_t src_last,
                             int32_t end)
{
    int32_t a = src_last + 2;
    return qt_is_punct(c, k - 1, ',') && qt_is_punct(c, src_last + 1, ',') &&
           a <= end && qt_has_words(c, a, end, 3) &&
           c->tok[a].kind != TP_TOK_QUOTE &&
           ((qt_tags(c, a) & (QT_W_DET | QT_W_PRONOUN)) || qt_is_cap(c, a) ||
            c->tok[a].kind == TP_TOK_NUMBER) &&
           !(qt_tags(c, a) & (QT_W_PREP | QT_W_THAT | QT_W_RELATIVE)) &&
           !qt_is_word_in(c, a, writer_openers);
}

int qt_according_to(qt_ctx *c, int32_t k, int32_t floor, int32_t end, frame *f,
                    int32_t *covered)
{
    int32_t j;
    if (!is_word_text(c, k + 1, "to"))
        return 0;
    f->cue_last = k + 1;
    if (!(f->has_np = qt_speaker_after(c, k + 2, end, &f->np)) &&
        !(f->has_np = qt_source_phrase(c, k + 2, end, &f->np)))
        return 0;
    if (qt_prev_is_clause_start(c, floor, k)) {
        for (j = f->np.last + 1; j <= end; j++)
            if (qt_is_punct(c, j, ','))
                break;
        return qt_emit_clause(c, j + 1, end, f, 0.75, 3, covered);
    }
    if (interrupts_clause(c, k, f->np.last, end)) {
        /* "About 10 p.m., according to a timeline, the guards left": the
         * attribution splits one sentence, and each part is reported */
        if (qt_emit_clause(c, qt_main_clause_start(c, floor, k - 1), k - 1, f,
                           0.75, 1, covered) < 0)
            return -1;
        return qt_emit_clause(c, f->np.last + 2,
                              qt_clause_end(c, f->np.last + 2, end), f, 0.75, 3,
                              covered);
    }
    return qt_emit_clause(c, qt_main_clause_start(c, floor, k - 1), k - 1, f,
                          0.75, 3, covered);
}

/*
 * "Perez hammered Trump, calling him a 'train wreck'", "..., praising the
 * plan": a stance participle after a comma has for its object what its
 * subject holds, and for its subject that of the sentence (else the
 * paragraph's last speaker).
 */
static int stance_participle(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                             frame *f, const last_speaker *ls, int32_t *covered)
{
    int32_t first = k + 1, last;
    /* "showing the gulf between ...": an evidence verb's subject is an
     * event; "speaking publicly" tells no topic; "pointing out" is no
     * stance */
    if (!qt_is_word(c, first) || (qt_tags(c, first) & QT_W_PREP) ||
        is_word_text(c, first, "out") || (f->cue->cue_flags & QT_CUEF_TOPIC) ||
        f->cue->reporter == TP_REPORTER_ENDORSING)
        return 0;
    last = qt_object_end(c, first, qt_clause_end(c, first, end));
    if (qt_adverbial_only(c, first, last) ||
        !qt_has_content_word(c, first, last))
        return 0;
    if (!(qt_speaker_after(c, qt_skip_dateline(c, floor, k), k - 2, &f->np) &&
          f->np.kind != TP_MENTION_DOCUMENT)) {
        if (!ls->valid || qt_para_of(c, k) != ls->para)
            return 0;
        f->np = ls->np;
    }
    f->has_np = 1;
    return qt_emit_clause(c, first, last, f, 0.5, 2, covered);
}

/* "..., adding that CLAUSE": the gerund's subject is the last speaker of
 * the paragraph. */
int qt_gerund_cue(qt_ctx *c, int32_t k, int32_t floor, int32_t end, frame *f,
                  const last_speaker *ls, int32_t *covered)
{
    int has_that;
    int32_t first = qt_clause_start(c, k, end, f->cue, &has_that);
    if (!has_that && qt_is_punct(c, k - 1, ',') && first == k + 1 &&
        (f->cue->cue_flags & QT_CUEF_WEAK))
        return stance_participle(c, k, floor, end, f, ls, covered);
    /* ", saying he would veto it": after a comma a speech participle
     * takes its clause without "that" too, when a subject opens it */
    if (!has_that &&
        !(qt_is_punct(c, k - 1, ',') && f->cue->cue_kind == QT_CUE_VERB &&
          !(f->cue->cue_flags & QT_CUEF_WEAK) && first == k + 1 &&
          ((qt_tags(c, first) & (QT_W_PRONOUN | QT_W_DET)) ||
           qt_is_cap(c, first)) &&
          !(qt_tags(c, first) & QT_W_PREP)))
        return 0;
    if (ls->valid && qt_para_of(c, k) == ls->para) {
        f->np = ls->np;
    } else {
        /* "Trump has hailed the vote, telling reporters that ...": the
         * subject that opens the sentence */
        if (!qt_speaker_after(c, qt_skip_dateline(c, floor, k), k - 1,
                              &f->np) ||
            f->np.kind == TP_MENTION_DOCUMENT)
            return 0;
    }
    f->has_np = 1;
    return qt_emit_clause(c, first, qt_clause_end(c, first, end), f, 0.6, 3,
                          covered);
}

/*
 * "with polls showing Clinton ahead": a participle right after a
 * document noun has that text for its subject, and a finding for its
 * object; a person before it ("aides saying") is left to gerund_cue, and
 * so is a verb with a hearer ("a letter asking Smith to ...").
 */
int qt_document_gerund(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                       frame *f, int32_t *covered)
{
    int has_that;
    int32_t first, last;
    if (f->cue->cue_kind != QT_CUE_VERB ||
        (f->cue->cue_flags & QT_CUEF_OBJECT) ||
        !(qt_tags(c, k - 1) & QT_W_DOC) ||
        !qt_speaker_before(c, k - 1, floor, &f->np) ||
        f->np.kind != TP_MENTION_DOCUMENT || f->np.last != k - 1)
        return 0;
    first = qt_clause_start(c, k, end, f->cue, &has_that);
    last = qt_clause_end(c, first, end);
    if (!has_that)
        last = qt_object_end(c, first, last);
    if (first > last || qt_adverbial_only(c, first, last) ||
        !qt_has_content_word(c, first, last))
        return 0;
    f->has_np = 1;
    return qt_emit_clause(c, first, last, f, 0.5, 2, covered);
}

/* Does a clause with its own subject start at token i: a determiner, a
 * pronoun, a name or a number, or a plain noun with an auxiliary or a
 * form of "be" right after it ("race relations are")? */
static int opens_clause(const qt_ctx *c, int32_t i, int32_t end)
{
    int32_t j;
    if (qt_tags(c, i) & QT_W_PREP)
        return 0;
    if ((qt_tags(c, i) & (QT_W_DET | QT_W_PRONOUN)) || qt_is_cap(c, i) ||
        c->tok[i].kind == TP_TOK_NUMBER)
        return 1;
    for (j = i + 1; j <= end && j - i <= 2; j++)
        if (is_lower_word(c, j) && (qt_tags(c, j) & QT_W_AUX))
            return 1;
    return 0;
}

/* May the words between a gerund's subject and the gerund stand there
 * ("voters today saying")? Time words only. */
static int time_between(const qt_ctx *c, int32_t from, int32_t to)
{
    int32_t i;
    for (i = from; i < to; i++)
        if (!qt_is_word(c, i) || !(qt_tags(c, i) & QT_W_TIME))
            return 0;
    return to - from <= 2;
}

int qt_subject_gerund(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                      frame *f, int32_t *covered)
{
    int has_that;
    int32_t first, last;
    if (f->cue->cue_kind != QT_CUE_VERB || (f->cue->cue_flags & QT_CUEF_WEAK) ||
        k - 1 < floor ||
        !(qt_is_word(c, k - 1) || c->tok[k - 1].kind == TP_TOK_NUMBER) ||
        !qt_speaker_before(c, k - 1, floor, &f->np) || f->np.rel ||
        !time_between(c, f->np.last + 1, k) ||
        (qt_tags(c, f->np.head) & QT_W_PRONOUN))
        return 0;
    first = qt_clause_start(c, k, end, f->cue, &has_that);
    /* the clause has a subject of its own: "saying they have", "saying
     * race relations are worse", not "saying goodbye" */
    if (!has_that && !(first <= end && opens_clause(c, first, end)))
        return 0;
    last = qt_clause_end(c, first, end);
    f->has_np = 1;
    return qt_emit_clause(c, first, last, f, 0.6, 3, covered);
}

/* Nouns for a poll: "In a CBS News poll, Clinton led". */
static const char *const poll_nouns[] = {"poll",    "polls",   "survey",
                                         "surveys", "polling", NULL};

/* A lowercase word in no table ending in "-ed" or "-en": a past
 * participle ("conducted", "taken"). */
static int participle_ed_en(const qt_ctx *c, int32_t i)
{
    const char *e;
    if (!is_lower_word(c, i) || qt_tags(c, i) ||
        c->tok[i].end - c->tok[i].start < 4)
        return 0;
    e = c->text + c->tok[i].end;
    return e[-2] == 'e' && (e[-1] == 'd' || e[-1] == 'n');
}

/* Does [first, last] hold a speech verb of its own ("60 percent said"),
 * which attributes the clause itself? Weak cues are as often nouns
 * ("by six points"). */
static int holds_speech_verb(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    for (i = first; i <= last; i++) {
        const qt_wordinfo *w = verb_cue(c, i);
        if (w && !(w->cue_flags & QT_CUEF_WEAK))
            return 1;
    }
    return 0;
}

int qt_poll_opening(qt_ctx *c, int32_t a, int32_t end, int32_t *covered)
{
    enum { POLL_PHRASE_MAX = 14 };
    frame f;
    int32_t j, noun = -1, comma, last;
    if (!is_word_text(c, a, "in"))
        return 0;
    for (j = a + 1; j <= end && j - a <= POLL_PHRASE_MAX; j++) {
        if (qt_is_punct(c, j, ','))
            break;
        if (c->pair_of[j] >= 0 || qt_is_punct(c, j, '.') ||
            qt_is_punct(c, j, ';'))
            return 0;
        if (qt_is_word_in(c, j, poll_nouns))
            noun = j;
    }
    if (noun < 0 || j > end || j - a > POLL_PHRASE_MAX)
        return 0;
    comma = j;
    /* "In the May poll, conducted by ..., Clinton led", "..., taken in
     * March, ...": past the participle that describes the poll */
    if (participle_ed_en(c, comma + 1))
        for (comma += 2; comma <= end && !qt_is_punct(c, comma, ',');)
            comma++;
    if (comma >= end)
        return 0;
    last = qt_clause_end(c, comma + 1, end);
    if (holds_speech_verb(c, comma + 1, last))
        return 0;
    memset(&f, 0, sizeof(f));
    f.cue_first = f.cue_last = a;
    f.np.first = a + 1;
    f.np.last = j - 1;
    f.np.head = noun;
    f.np.kind = TP_MENTION_DOCUMENT;
    f.has_np = 1;
    return qt_emit_clause(c, comma + 1, last, &f, 0.6, 3, covered);
}
