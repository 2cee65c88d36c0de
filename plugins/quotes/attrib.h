/*
 * attrib.h - what the attribution files (frames.c, direct_frames.c,
 * clauses.c, sources.c, indirect.c) share: the frame of a cue, the state
 * of a segment, the last speaker, and the word tests and quote emitters
 * they all call. Internal to the quotes stage.
 */
#ifndef TEXTPIPE_QUOTES_ATTRIB_H
#define TEXTPIPE_QUOTES_ATTRIB_H

#include <string.h>

#include "quotes.h"

/* How far a frame may reach from its quote, in tokens. */
#define FRAME_MAX 40
/* Tokens between a cue and the quote it introduces ("said in a statement
 * on Tuesday:"). */
#define LEAD_ADVERBIAL_MAX 9
/* A pair with no frame and fewer words than this is a scare quote, a
 * title or a nickname, not speech. */
#define SPEECH_MIN_WORDS 5

typedef struct frame {
    int32_t cue_first, cue_last;
    qt_np np;
    int has_np;
    const qt_wordinfo *cue;
} frame;

typedef struct seg_state {
    int32_t a, b;      /* segment tokens [a, b) */
    int32_t next_b;    /* the next segment is [b, next_b) */
    uint8_t *cue_used; /* per token of the document */
} seg_state;

/* The last quote with a speaker, for uncued continuations. */
typedef struct last_speaker {
    int valid;
    qt_np np;
    tp_span cue;
    int has_cue;
    uint32_t para; /* paragraph index of that quote */
    uint32_t reporter;
} last_speaker;

static inline const qt_wordinfo *cue_info(const qt_ctx *c, int32_t i)
{
    /* the 2-byte tags first: most words are no cue, and the tags array
     * is denser in the cache than the info pointers */
    if (!qt_in_doc(c, i) || !(c->tags[i] & QT_W_CUE) || c->no_cue[i])
        return NULL;
    return c->info[i];
}

/* A verb cue usable as a frame: "said", "told", not a noun cue. */
static inline const qt_wordinfo *verb_cue(const qt_ctx *c, int32_t i)
{
    const qt_wordinfo *w = cue_info(c, i);
    if (!w || c->pair_of[i] >= 0)
        return NULL;
    if (w->cue_kind != QT_CUE_VERB && w->cue_kind != QT_CUE_BELIEF)
        return NULL;
    return w;
}

static inline int is_frame_punct(const qt_ctx *c, int32_t i)
{
    return qt_is_punct(c, i, ',') || qt_is_punct(c, i, ':') || qt_is_dash(c, i);
}

/* is_word_text for a word w of n_w bytes, 1 to 8, known when compiled:
 * the length first, then all the bytes at once, lower-cased by setting
 * bit 5 of each (as the byte loop does): two tests, not one per byte. */
static inline int is_short_word_text(const qt_ctx *c, int32_t i, const char *w,
                                     size_t n_w)
{
    const uint64_t lower = 0x2020202020202020ull >> (8 * (8 - n_w));
    uint64_t t = 0, want = 0;
    if (!qt_in_doc(c, i) || !((c->tok[i].kind == TP_TOK_WORD) &
                              (c->tok[i].end - c->tok[i].start == n_w)))
        return 0;
    memcpy(&t, c->text + c->tok[i].start, n_w);
    memcpy(&want, w, n_w);
    return (t | lower) == want;
}

/* Is token i the lower-case word w? Compared until the token ends, then
 * w must end too: no strlen per call (is_word_in and is_be call this in
 * loops). A literal w, whose length the compiler knows, takes the word
 * compare above. */
static inline int is_word_text(const qt_ctx *c, int32_t i, const char *w)
{
    size_t n, k;
    const char *t;
    if (__builtin_constant_p(strlen(w)) && strlen(w) >= 1 && strlen(w) <= 8)
        return is_short_word_text(c, i, w, strlen(w));
    if (!qt_is_word(c, i))
        return 0;
    n = c->tok[i].end - c->tok[i].start;
    t = c->text + c->tok[i].start;
    for (k = 0; k < n; k++)
        if ((char)(t[k] | 32) != w[k])
            return 0;
    return w[n] == '\0';
}

static inline int is_lower_word(const qt_ctx *c, int32_t i)
{
    return qt_is_word(c, i) && !(c->tok[i].flags & TP_TOKF_CAPITALISED);
}

/* An adverb in -ly ("widely", "originally") between a subject and its
 * verb. */
static inline int ly_adverb(const qt_ctx *c, int32_t i)
{
    size_t n = c->tok[i].end - c->tok[i].start;
    return n > 3 && !memcmp(c->text + c->tok[i].end - 2, "ly", 2);
}

/* ---- frames.c ------------------------------------------------------------ */

int qt_emit_quote(qt_ctx *c, int32_t first, int32_t last, uint32_t kind,
                  const frame *f, double conf);

/* Are there at least n words or numbers among tokens [first, last]?
 * The count stops at n: callers ask for a few words in long spans. */
int qt_has_words(const qt_ctx *c, int32_t first, int32_t last, int n);

/* Does the range hold a pair (fully or in part)? */
int qt_holds_pair(const qt_ctx *c, int32_t first, int32_t last);

/* A range that holds a pair already claimed as a direct quote. */
int qt_holds_used_pair(const qt_ctx *c, int32_t first, int32_t last);

/* Is token i one of words (a NULL-terminated list of lower-case
 * words)? The first letter rules out most entries before any length is
 * counted. */
int qt_is_word_in(const qt_ctx *c, int32_t i, const char *const *words);

/* Trim a content range: leading commas and "that"-less junk, trailing
 * sentence punctuation. */
void qt_trim_content(const qt_ctx *c, int32_t *first, int32_t *last);

/*
 * "ICE officials would not comment, but told reporters that ...": a cue
 * after "and"/"but" shares the subject that opens the clause.
 */
int qt_coordinated_subject(const qt_ctx *c, int32_t k, int32_t floor,
                           qt_np *np);

/*
 * A quote with no cue of its own continues the last speaker. With
 * mixed_end >= 0 the quote runs on after its closing mark to that token
 * and is a mixed quote; an embedded fragment (scale below 0.7) is mixed
 * too, as it is a part of the narrative's sentence.
 */
int qt_emit_continuation(qt_ctx *c, const last_speaker *ls, const qt_pair *p,
                         double scale, int32_t mixed_end);

/* The paragraph index of token i: a binary search over the paragraphs. */
uint32_t qt_para_of(const qt_ctx *c, int32_t i);

int qt_record_speaker(qt_ctx *c, last_speaker *ls, const frame *f, int32_t tok);

/*
 * After a cue, does the speaker np end the clause ('said Smith.', 'said
 * Smith, a ...', 'said Smith on Friday')? 'said the plan was dead' has a
 * subject and its verb after the cue instead, no inverted speaker.
 */
int qt_speaker_ends_clause(const qt_ctx *c, const qt_np *np, int32_t end);

/* A speech verb in the past or the third person ("said", "told",
 * "says", "warned"), not a word that is as often a noun ("report",
 * "remarks", "vote"): only then may an unknown common noun before it be
 * its speaker. */
int qt_speech_past(const qt_ctx *c, int32_t k, const qt_wordinfo *w);

/* Does [first, last] say something, beyond time, place and function
 * words ("spoke on Tuesday")? */
int qt_has_content_word(const qt_ctx *c, int32_t first, int32_t last);

int qt_is_be(const qt_ctx *c, int32_t i);

/* Is there a form of "be" among tokens [from, to)? */
int qt_is_be_run(const qt_ctx *c, int32_t from, int32_t to);

/*
 * "WASHINGTON — Clinton said", "ORLANDO, Fla. (Reuters) - Obama met": a
 * dateline in capitals before a dash opens the story's first sentence;
 * the subject comes after it. Returns the token after the dash, or
 * floor when there is no dateline before token k.
 */
int32_t qt_skip_dateline(const qt_ctx *c, int32_t floor, int32_t k);

/* ---- direct_frames.c ----------------------------------------------------- */

int qt_direct_pairs(qt_ctx *c, seg_state *s, last_speaker *ls, int32_t p0,
                    int32_t p1);

/* ---- clauses.c ----------------------------------------------------------- */

/*
 * Is [first, last] only an adverbial after a cue ("on Friday", "in a
 * statement to reporters", "at the rally in Ohio"), with no clause in it?
 * It opens with a preposition or a time word, is short, and holds no
 * pronoun, auxiliary or cue that a clause would bring.
 */
int qt_adverbial_only(const qt_ctx *c, int32_t first, int32_t last);

/* The end of a reported clause that starts at `first`: the segment's
 * end, or before ", but" where a second clause with its own cue starts. */
int32_t qt_clause_end(const qt_ctx *c, int32_t first, int32_t end);

/* The first token of a reported clause after the cue at k: "that" within
 * a few words ("told reporters on Tuesday that"), else past the hearer of
 * a telling verb and any time adverbial. */
int32_t qt_clause_start(const qt_ctx *c, int32_t k, int32_t end,
                        const qt_wordinfo *w, int *has_that);

/*
 * Emit the reported clause [first, last] (trimmed) for frame f: mixed
 * when it holds a quote-mark pair, indirect otherwise. Returns 1 when
 * emitted, 0 when the clause is too short or holds a pair that is already
 * a direct quote, -1 when out of memory. *covered is set to its last
 * token so that no later cue reads inside it.
 */
int qt_emit_clause(qt_ctx *c, int32_t first, int32_t last, const frame *f,
                   double conf, int min_words, int32_t *covered);

/*
 * The start of the main clause in [first, last] that an attribution after
 * it reports: "Although he trails, he remains in the race, according to
 * polls" reports the part after the subordinate clause's comma.
 */
int32_t qt_main_clause_start(const qt_ctx *c, int32_t first, int32_t last);

/*
 * The end of the object of a stance or belief verb ("wants the votes,
 * and ..."), which [first, last] holds with whatever follows it: it
 * stops at a comma. (A preposition or a conjunction may as well belong
 * to the object: "described him as", "backed Cruz and Rubio".)
 */
int32_t qt_object_end(const qt_ctx *c, int32_t first, int32_t last);

int qt_prev_is_clause_start(const qt_ctx *c, int32_t floor, int32_t k);

/*
 * "The argument, Devine said, would be aided by ...", "So she gave up,
 * she said, and advises others to": an attribution between commas splits
 * one sentence, and what follows the comma after the cue at k goes on
 * with what was said, whatever its shape (a verb, "and", a phrase: "...,
 * Devine said, by the primary calendar"). Not a clause of the writer's
 * after "as", nor a participle cue ("..., she said, adding"), nor where
 * and when the saying took place ("..., she said, in a statement").
 * Returns the rest's last token, or -1. The caller checks the comma
 * before the speaker.
 */
int32_t qt_split_rest(const qt_ctx *c, int32_t k, int32_t end, const frame *f);

/*
 * "expressed [his] condolences over X", "offered some kind words about
 * X", "voted in support of X": an attitude noun, after at most a
 * determiner and two modifiers, and a preposition; the content is X.
 * Returns the preposition's token, or -1 when [first, last] has no such
 * opening.
 */
int32_t qt_attitude_object(const qt_ctx *c, int32_t first, int32_t last);

/*
 * "stressed those worries on Sunday", "announced his candidacy last
 * year": a speech verb with a noun phrase for object, no clause. The
 * object opens with a determiner or a name and holds no auxiliary,
 * pronoun subject, "to" or past form before an adverbial (a time or
 * "after", "because") that ends it; else the content runs to last.
 */
int32_t qt_noun_object_end(const qt_ctx *c, int32_t first, int32_t last);

/* ---- sources.c ----------------------------------------------------------- */

int qt_according_to(qt_ctx *c, int32_t k, int32_t floor, int32_t end, frame *f,
                    int32_t *covered);

/*
 * "with polls showing Clinton ahead": a participle right after a
 * document noun has that text for its subject, and a finding for its
 * object; a person before it ("aides saying") is left to gerund_cue, and
 * so is a verb with a hearer ("a letter asking Smith to ...").
 */
int qt_document_gerund(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                       frame *f, int32_t *covered);

/*
 * "with 30 percent of voters saying they approve", "left analysts saying
 * the rally was over": a speech participle right after a noun phrase
 * (no comma between) has that phrase for its subject, the speaker of
 * the clause after it.
 */
int qt_subject_gerund(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                      frame *f, int32_t *covered);

/* "..., adding that CLAUSE": the gerund's subject is the last speaker of
 * the paragraph. */
int qt_gerund_cue(qt_ctx *c, int32_t k, int32_t floor, int32_t end, frame *f,
                  const last_speaker *ls, int32_t *covered);

/*
 * "In a CBS News poll last month, Clinton led by six points": a sentence
 * that opens with "in" and a poll gives what the poll found, unless a cue
 * of its own attributes it ("In the poll, 60 percent said"). a is the
 * segment's first token.
 */
int qt_poll_opening(qt_ctx *c, int32_t a, int32_t end, int32_t *covered);

/*
 * The source after "according to" when it is no name or role phrase
 * ("recent polls", "complete but unofficial returns", "the average of
 * recent polls compiled by ..."): the cue is strong enough that the
 * whole noun phrase up to the next punctuation is the source, when it
 * ends in a plain word and is short. A guess, hence kind: a text when
 * its head is one, else a body.
 */
int qt_source_phrase(const qt_ctx *c, int32_t start, int32_t end, qt_np *np);

#endif /* TEXTPIPE_QUOTES_ATTRIB_H */
