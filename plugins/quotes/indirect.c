/*
 * indirect.c - attribution, one segment (a sentence, with quotes kept
 * whole) at a time. First each quote-mark pair looks for its frame: a cue
 * and speaker after it ('"...," Smith said', '"...," said Smith, a
 * spokesman') or before it ('Smith said: "..."'); a pair that opens a
 * sentence with no frame continues the last speaker; a pair inside a
 * clause is left for the clause. Then every reporting cue not used by a
 * frame gives reported speech: "X said (that) CLAUSE", "X told Y CLAUSE",
 * "CLAUSE, X said", "according to X, CLAUSE" / "CLAUSE, according to X";
 * a clause that holds a quote-mark pair is a mixed quote. An attribution
 * after the sentence's last comma is taken first, as it governs the cues
 * in its clause; a clause ends where a second attribution begins, and
 * "which he said ..." gives the pronoun as a content of its own. Pairs
 * left over are scare quotes, titles and nicknames, unless they are long
 * enough to be speech.
 */
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
    int32_t a, b;        /* segment tokens [a, b) */
    uint8_t *cue_used;   /* per token of the document */
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

static const qt_wordinfo *cue_info(const qt_ctx *c, int32_t i)
{
    /* the 2-byte tags first: most words are no cue, and the tags array
     * is denser in the cache than the info pointers */
    if (i < 0 || i >= c->n_tok || !(c->tags[i] & QT_W_CUE) || c->no_cue[i])
        return NULL;
    return c->info[i];
}

/* A verb cue usable as a frame: "said", "told", not a noun cue. */
static const qt_wordinfo *verb_cue(const qt_ctx *c, int32_t i)
{
    const qt_wordinfo *w = cue_info(c, i);
    if (!w || c->pair_of[i] >= 0)
        return NULL;
    if (w->cue_kind != QT_CUE_VERB && w->cue_kind != QT_CUE_BELIEF)
        return NULL;
    return w;
}

static int is_frame_punct(const qt_ctx *c, int32_t i)
{
    return qt_is_punct(c, i, ',') || qt_is_punct(c, i, ':') ||
           qt_is_dash(c, i);
}

/* Is token i the lower-case word w? Compared until the token ends, then
 * w must end too: no strlen per call (is_word_in and is_be call this in
 * loops). */
static int is_word_text(const qt_ctx *c, int32_t i, const char *w)
{
    size_t n, k;
    const char *t;
    if (!qt_is_word(c, i))
        return 0;
    n = c->tok[i].end - c->tok[i].start;
    t = c->text + c->tok[i].start;
    for (k = 0; k < n; k++)
        if ((char)(t[k] | 32) != w[k])
            return 0;
    return w[n] == '\0';
}

/* Is token i one of words (a NULL-terminated list of lower-case
 * words)? The first letter rules out most entries before any length is
 * counted. */
static int is_word_in(const qt_ctx *c, int32_t i, const char *const *words)
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

static int is_lower_word(const qt_ctx *c, int32_t i)
{
    return qt_is_word(c, i) && !(c->tok[i].flags & TP_TOKF_CAPITALISED);
}

/* An adverb in -ly ("widely", "originally") between a subject and its
 * verb. */
static int ly_adverb(const qt_ctx *c, int32_t i)
{
    size_t n = c->tok[i].end - c->tok[i].start;
    return n > 3 && !memcmp(c->text + c->tok[i].end - 2, "ly", 2);
}

/* Forms of "be" before a passive "expected" ("is widely expected to"). */
static const char *const be_forms[] = {"is", "are", "was", "were", "be",
                                       "been", "being", NULL};

static int is_be(const qt_ctx *c, int32_t i)
{
    int k;
    /* every form is 2 to 5 letters: most words leave here */
    if (!qt_is_word(c, i) || c->tok[i].end - c->tok[i].start < 2 ||
        c->tok[i].end - c->tok[i].start > 5)
        return 0;
    for (k = 0; be_forms[k]; k++)
        if (is_word_text(c, i, be_forms[k]))
            return 1;
    return 0;
}

/* Is there a form of "be" among tokens [from, to)? */
static int is_be_run(const qt_ctx *c, int32_t from, int32_t to)
{
    int32_t i;
    for (i = from < 0 ? 0 : from; i < to; i++)
        if (is_be(c, i))
            return 1;
    return 0;
}

/*
 * "WASHINGTON — Clinton said", "ORLANDO, Fla. (Reuters) - Obama met": a
 * dateline in capitals before a dash opens the story's first sentence;
 * the subject comes after it. Returns the token after the dash, or
 * floor when there is no dateline before token k.
 */
static int32_t skip_dateline(const qt_ctx *c, int32_t floor, int32_t k)
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
static int coordinated_subject(const qt_ctx *c, int32_t k, int32_t floor,
                               qt_np *np)
{
    int32_t i = k - 1;
    while (i > floor && (qt_tags(c, i) & QT_W_AUX) && !qt_is_cap(c, i))
        i--;
    if (!(is_word_text(c, i, "but") || is_word_text(c, i, "and")))
        return 0;
    if (!qt_speaker_after(c, skip_dateline(c, floor, i), i - 1, np))
        return 0;
    /* the subject is followed by its own verb or by a relative clause
     * ("Clinton, who was speaking, did not ... but told"), not by a list
     * ("X and Y", "X, Y") */
    if (np->last + 1 >= i - 1 || is_word_text(c, np->last + 1, "and"))
        return 0;
    return !qt_is_punct(c, np->last + 1, ',') ||
           (qt_tags(c, np->last + 2) & (QT_W_RELATIVE | QT_W_DET));
}

/* The paragraph index of token i (paragraphs are few; a linear walk from
 * a hint is cheap because tokens are visited in order). */
static uint32_t para_of(const qt_ctx *c, int32_t i)
{
    size_t lo = 0, hi = c->doc->n_paragraphs;
    uint32_t pos = c->tok[i].start;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->doc->paragraphs[mid].start <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

/* A speech verb in the past or the third person ("said", "told",
 * "says", "warned"), not a word that is as often a noun ("report",
 * "remarks", "vote"): only then may an unknown common noun before it be
 * its speaker. */
static int speech_past(const qt_ctx *c, int32_t k, const qt_wordinfo *w)
{
    static const char *const irregular[] = {"said",  "says",  "told",
                                            "wrote", "tells", NULL};
    const char *e = c->text + c->tok[k].end;
    int i;
    if (w->cue_kind != QT_CUE_VERB || (w->cue_flags & QT_CUEF_WEAK) ||
        !(w->cue_flags & QT_CUEF_FINITE))
        return 0;
    if (c->tok[k].end - c->tok[k].start > 4 && e[-2] == 'e' && e[-1] == 'd')
        return 1;
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
static int speaker_ends_clause(const qt_ctx *c, const qt_np *np, int32_t end)
{
    int32_t next = np->last + 1;
    return next > end || !qt_is_word(c, next) ||
           (qt_tags(c, next) & (QT_W_PREP | QT_W_TIME | QT_W_RELATIVE));
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
                 (speech_past(c, k, w) &&
                  qt_common_speaker_before(c, k - 1, i, &np))) &&
                np.first == i) {
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
            ls->para == para_of(c, k)) {
            /* 'Garner wrote, adding, "..."' */
            f->np = ls->np;
            f->has_np = 1;
        } else if (qt_speaker_before(c, k - 1, lo, &f->np) ||
                   coordinated_subject(c, k, lo, &f->np) ||
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

/* Are there at least n words or numbers among tokens [first, last]?
 * The count stops at n: callers ask for a few words in long spans. */
static int has_words(const qt_ctx *c, int32_t first, int32_t last, int n)
{
    int found = 0;
    int32_t i;
    for (i = first; i <= last && found < n; i++)
        found +=
            c->tok[i].kind == TP_TOK_WORD || c->tok[i].kind == TP_TOK_NUMBER;
    return found >= n;
}

static int emit_quote(qt_ctx *c, int32_t first, int32_t last, uint32_t kind,
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
static void trim_content(const qt_ctx *c, int32_t *first, int32_t *last)
{
    while (*first <= *last &&
           (c->tok[*first].kind == TP_TOK_PUNCT &&
            !qt_is_punct(c, *first, '(')))
        (*first)++;
    while (*last >= *first &&
           (c->tok[*last].kind == TP_TOK_PUNCT ||
            (c->tok[*last].kind == TP_TOK_QUOTE &&
             (c->tok[*last].flags & TP_TOKF_QUOTE_OPEN))))
        (*last)--;
}

/* Does the range hold a pair (fully or in part)? */
static int holds_pair(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    for (i = first; i <= last; i++)
        if (c->pair_of[i] >= 0)
            return 1;
    return 0;
}

/* A range that holds a pair already claimed as a direct quote. */
static int holds_used_pair(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    for (i = first; i <= last; i++)
        if (c->pair_of[i] >= 0 && c->pairs[c->pair_of[i]].used == 1)
            return 1;
    return 0;
}

/* Does [first, last] say something, beyond time, place and function
 * words ("spoke on Tuesday")? */
static int has_content_word(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    for (i = first; i <= last; i++)
        if ((qt_is_word(c, i) || c->tok[i].kind == TP_TOK_QUOTE) &&
            !(qt_tags(c, i) & (QT_W_TIME | QT_W_PREP | QT_W_DET | QT_W_FUNC)))
            return 1;
    return 0;
}

static int record_speaker(qt_ctx *c, last_speaker *ls, const frame *f,
                          int32_t tok)
{
    if (!f || !f->has_np)
        return 0;
    ls->valid = 1;
    ls->np = f->np;
    ls->has_cue = 1;
    ls->cue.start = c->tok[f->cue_first].start;
    ls->cue.end = c->tok[f->cue_last].end;
    ls->para = para_of(c, tok);
    ls->reporter = f->cue ? f->cue->reporter : TP_REPORTER_NEUTRAL;
    return 0;
}

/*
 * A quote with no cue of its own continues the last speaker. With
 * mixed_end >= 0 the quote runs on after its closing mark to that token
 * and is a mixed quote; an embedded fragment (scale below 0.7) is mixed
 * too, as it is a part of the narrative's sentence.
 */
static int emit_continuation(qt_ctx *c, const last_speaker *ls,
                             const qt_pair *p, double scale, int32_t mixed_end)
{
    tp_quote q;
    uint32_t para = para_of(c, p->open);
    uint32_t gap = ls->valid ? para - ls->para : 99;
    int32_t last = p->last;
    memset(&q, 0, sizeof(q));
    q.kind = TP_QUOTE_DIRECT;
    if (mixed_end > p->last) {
        int32_t first = p->first;
        last = mixed_end;
        trim_content(c, &first, &last);
        q.kind = TP_QUOTE_MIXED;
    } else if (scale < 0.7) {
        q.kind = TP_QUOTE_MIXED;
    }
    q.content.start = c->tok[p->first].start;
    q.content.end = c->tok[last].end;
    q.mention = -1;
    q.confidence =
        scale * (gap == 0 ? 0.9 : gap == 1 ? 0.85 : gap <= 3 ? 0.75 : 0.5);
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
 * same frame. lo is the first token of the region before the frame.
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
    trim_content(c, &first, &last);
    if (first > last || !has_words(c, first, last, 2))
        return 0;
    return emit_quote(c, first, last, TP_QUOTE_INDIRECT, f, 0.6) < 0 ? -1 : 1;
}

static int direct_pairs(qt_ctx *c, seg_state *s, last_speaker *ls,
                        int32_t p0, int32_t p1)
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
            if (emit_quote(c, p->first, p->last, TP_QUOTE_DIRECT, &f, 0.95))
                return -1;
            record_speaker(c, ls, &f, p->open);
            continue;
        }
        if (!lempty && !rempty && ends_intro(c, llo, p->open - 1) &&
            right_frame(c, rlo, rhi, &f)) {
            /* 'In the program, "...," DeSantis said.' */
            s->cue_used[f.cue_first] = 1;
            if (emit_quote(c, p->first, p->last, TP_QUOTE_DIRECT, &f, 0.85))
                return -1;
            record_speaker(c, ls, &f, p->open);
            continue;
        }
        if (!lempty && left_frame(c, llo, p->open - 1, ls, &f)) {
            s->cue_used[f.cue_first] = 1;
            if (emit_quote(c, p->first, p->last, TP_QUOTE_DIRECT, &f,
                           f.has_np ? 0.92 : 0.7) ||
                split_clause_before(c, llo, &f) < 0)
                return -1;
            record_speaker(c, ls, &f, p->open);
            continue;
        }
        if (lempty && rempty) {
            /* a quote standing alone: the speaker goes on */
            if (emit_continuation(c, ls, p, 1.0, -1))
                return -1;
            continue;
        }
        if (lempty && has_words(c, p->first, p->last, SPEECH_MIN_WORDS + 3)) {
            /* '"But those things are prohibited" as part of any deal.':
             * the quote and the rest of its sentence, mixed */
            if (emit_continuation(c, ls, p, 0.8, rhi))
                return -1;
            continue;
        }
        if (!lempty && !rempty && right_frame(c, rlo, rhi, &f) &&
            (f.np.first < f.cue_first || speaker_ends_clause(c, &f.np, rhi))) {
            /* 'America needs leaders "who ...," Clinton said.': the
             * clause and its quoted part are one mixed quote ('a "tax
             * grab," said the council would vote' is no frame) */
            s->cue_used[f.cue_first] = 1;
            if (emit_quote(c, llo, p->last, TP_QUOTE_MIXED, &f, 0.7))
                return -1;
            record_speaker(c, ls, &f, p->open);
            continue;
        }
        /* inside a clause: left for the cues */
    }
    return 0;
}

/* ---- indirect and mixed quotes ------------------------------------------ */

/* Object pronouns and the hearer journalists name most, which a telling
 * verb takes before its clause. */
static const char *const hearers[] = {"him", "her", "them", "me", "us",
                                      "reporters", NULL};

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
    if (b == k || qt_is_punct(c, b, ',') || (qt_tags(c, b) & QT_W_TIME) ||
        is_word_in(c, b, hearers) || qt_is_cap(c, b) ||
        c->tok[b].kind == TP_TOK_NUMBER)
        return 1;
    if ((w->cue_flags & QT_CUEF_OBJECT) &&
        qt_speaker_after(c, k + 1, b, &np) && np.last == b)
        return 1;
    if (!(qt_tags(c, k + 1) & QT_W_PREP) || is_word_text(c, k + 1, "to") ||
        t - k > 7)
        return 0;
    for (i = k + 2; i < t; i++)
        if (is_word_text(c, i, "to") || is_word_text(c, i, "and"))
            return 0;
    return 1;
}

/* The first token of a reported clause after the cue at k: "that" within
 * a few words ("told reporters on Tuesday that"), else past the hearer of
 * a telling verb and any time adverbial. */
static int32_t clause_start(const qt_ctx *c, int32_t k, int32_t end,
                            const qt_wordinfo *w, int *has_that)
{
    int32_t i;
    *has_that = 0;
    for (i = k + 1; i <= end && i - k <= 8; i++) {
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
        if (is_word_in(c, i, hearers))
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
            is_word_in(c, q, quantity_words) || (qt_is_punct(c, q, '%'))))
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

/* The end of a reported clause that starts at `first`: the segment's
 * end, or before ", but" where a second clause with its own cue starts. */
static int32_t clause_end(const qt_ctx *c, int32_t first, int32_t end)
{
    static const char *const stops[] = {
        "but", "while",    "although", "though", "whereas", "which",
        "who", "compared", "despite",  "after",  NULL};
    static const char *const after_and[] = {"when",  "while",  "then", "as",
                                            "after", "before", NULL};
    const qt_wordinfo *w;
    int32_t i;
    for (i = first + 1; i < end; i++) {
        if (c->pair_of[i] >= 0 && c->pairs[c->pair_of[i]].used == 1)
            return i - 1; /* a direct quote with its own frame follows */
        if (c->pair_of[i] >= 0)
            continue;
        /* most tokens are words of more than one byte and no function
         * word: none of the tests below can hold for them */
        if (c->tok[i].kind == TP_TOK_WORD &&
            c->tok[i].end - c->tok[i].start != 1 && !(c->tags[i] & QT_W_FUNC))
            continue;
        /* a spaced dash or a semicolon closes the reported clause: what
         * follows is the writer's aside ("... the families of terrorists
         * - a proposal he has raised before") */
        if (qt_is_punct(c, i, ';') ||
            (qt_is_dash(c, i) && c->tok[i].start > 0 &&
             c->text[c->tok[i].start - 1] == ' '))
            return i - 1;
        /* "... a Senate run but noted that ...": a speech verb right
         * after "and"/"but" is the speaker's next attribution */
        if ((c->tags[i] & QT_W_FUNC) &&
            (is_word_text(c, i, "but") || is_word_text(c, i, "and") ||
             is_word_text(c, i, "while"))) {
            if ((w = verb_cue(c, i + 1)) && w->cue_kind == QT_CUE_VERB &&
                (w->cue_flags & QT_CUEF_FINITE) &&
                !(w->cue_flags & QT_CUEF_WEAK))
                return i - 1;
            /* "one in three said X and one in four said Y", "half
             * backed Smith while a third said ...": a speaker and its cue
             * after "and" or "while" */
            if (second_attribution(c, i + 1, end))
                return i - 1;
        }
        if (!qt_is_punct(c, i, ','))
            continue;
        /* "..., he claimed they never met": a second attribution starts
         * its own clause */
        if (second_attribution(c, i + 1, end))
            return i - 1;
        /* "..., noting that most of it", "..., adding": a participle
         * cue after a comma is the speaker's next attribution, not part
         * of this clause */
        if ((w = verb_cue(c, i + 1)) && (w->cue_flags & QT_CUEF_GERUND))
            return i - 1;
        /* "Hall, who told reporters he was tired, said ...", "..., said
         * Smith": a finite speech verb right after a comma is the next
         * attribution */
        if (w && w->cue_kind == QT_CUE_VERB && (w->cue_flags & QT_CUEF_FINITE) &&
            !(w->cue_flags & QT_CUEF_WEAK))
            return i - 1;
        if (is_word_in(c, i + 1, stops) ||
            (is_word_text(c, i + 1, "and") && is_word_in(c, i + 2, after_and)))
            return i - 1;
        /* ", and he decided ...": a pronoun subject after ", and" opens
         * a clause of the writer's */
        if (is_word_text(c, i + 1, "and") &&
            (qt_tags(c, i + 2) & QT_W_PRONOUN) && is_lower_word(c, i + 2))
            return i - 1;
    }
    return end;
}

static int prev_is_clause_start(const qt_ctx *c, int32_t floor, int32_t k)
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
static int emit_clause(qt_ctx *c, int32_t first, int32_t last,
                       const frame *f, double conf, int min_words,
                       int32_t *covered)
{
    trim_content(c, &first, &last);
    if (first > last || !has_words(c, first, last, min_words) ||
        holds_used_pair(c, first, last))
        return 0;
    if (emit_quote(c, first, last,
                   holds_pair(c, first, last) ? TP_QUOTE_MIXED
                                              : TP_QUOTE_INDIRECT,
                   f, conf))
        return -1;
    if (last > *covered)
        *covered = last;
    return 1;
}

/* Words that open a subordinate clause before its subject ("while
 * voters said", "as Smith noted"). */
static const char *const clause_subordinators[] = {
    "while", "although", "though",  "because", "as",
    "when",  "if",       "since",   "after",   "before",
    "until", "once",     "whereas", "unless",  NULL};

/* Concessive openers: what they concede is the writer's, not the
 * source's ("Although he trails, ..."); a condition ("If ...") is part of
 * what is reported. */
static const char *const concessives[] = {"although", "though", "while",
                                          "despite", "even", NULL};

/*
 * The start of the main clause in [first, last] that an attribution after
 * it reports: "Although he trails, he remains in the race, according to
 * polls" reports the part after the subordinate clause's comma.
 */
static int32_t main_clause_start(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i = first;
    while (i <= last && c->tok[i].kind == TP_TOK_PUNCT)
        i++;
    if (!is_word_in(c, i, concessives))
        return first;
    for (; i < last; i++) {
        if (c->pair_of[i] >= 0)
            return first;
        if (qt_is_punct(c, i, ','))
            return has_words(c, i + 1, last, 3) ? i + 1 : first;
    }
    return first;
}

/* "according to X, CLAUSE" / "CLAUSE, according to X" */
/*
 * The source after "according to" when it is no name or role phrase
 * ("recent polls", "complete but unofficial returns", "the average of
 * recent polls compiled by ..."): the cue is strong enough that the
 * whole noun phrase up to the next punctuation is the source, when it
 * ends in a plain word and is short. A guess, hence kind: a text when
 * its head is one, else a body.
 */
static int source_phrase(const qt_ctx *c, int32_t start, int32_t end,
                         qt_np *np)
{
    enum { SOURCE_MAX = 14 };
    int32_t j;
    for (j = start; j <= end && j - start < SOURCE_MAX; j++)
        if (!qt_is_word(c, j) || c->pair_of[j] >= 0)
            break;
    if (j == start || j - start >= SOURCE_MAX ||
        (j <= end && !qt_is_punct(c, j, ',') && !qt_is_punct(c, j, '.')) ||
        (qt_tags(c, j - 1) & (QT_W_FUNC | QT_W_PREP | QT_W_DET |
                              QT_W_PRONOUN | QT_W_AUX)))
        return 0;
    np->first = start;
    np->last = np->head = j - 1;
    np->rel = 0;
    np->kind = (qt_tags(c, j - 1) & QT_W_DOC) ? TP_MENTION_DOCUMENT
                                              : TP_MENTION_ORGANISATION;
    return 1;
}

static int according_to(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                        frame *f, int32_t *covered)
{
    int32_t j;
    if (!is_word_text(c, k + 1, "to"))
        return 0;
    f->cue_last = k + 1;
    if (!(f->has_np = qt_speaker_after(c, k + 2, end, &f->np)) &&
        !(f->has_np = source_phrase(c, k + 2, end, &f->np)))
        return 0;
    if (prev_is_clause_start(c, floor, k)) {
        for (j = f->np.last + 1; j <= end; j++)
            if (qt_is_punct(c, j, ','))
                break;
        return emit_clause(c, j + 1, end, f, 0.75, 3, covered);
    }
    return emit_clause(c, main_clause_start(c, floor, k - 1), k - 1, f, 0.75,
                       3, covered);
}

/* "..., adding that CLAUSE": the gerund's subject is the last speaker of
 * the paragraph. */
static int gerund_cue(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                      frame *f, const last_speaker *ls, int32_t *covered)
{
    int has_that;
    int32_t first = clause_start(c, k, end, f->cue, &has_that);
    /* ", saying he would veto it": after a comma a speech participle
     * takes its clause without "that" too, when a subject opens it */
    if (!has_that &&
        !(qt_is_punct(c, k - 1, ',') && f->cue->cue_kind == QT_CUE_VERB &&
          !(f->cue->cue_flags & QT_CUEF_WEAK) && first == k + 1 &&
          ((qt_tags(c, first) & (QT_W_PRONOUN | QT_W_DET)) ||
           qt_is_cap(c, first)) &&
          !(qt_tags(c, first) & QT_W_PREP)))
        return 0;
    if (ls->valid && para_of(c, k) == ls->para) {
        f->np = ls->np;
    } else {
        /* "Trump has hailed the vote, telling reporters that ...": the
         * subject that opens the sentence */
        if (!qt_speaker_after(c, skip_dateline(c, floor, k), k - 1, &f->np) ||
            f->np.kind == TP_MENTION_DOCUMENT)
            return 0;
    }
    f->has_np = 1;
    return emit_clause(c, first, end, f, 0.6, 3, covered);
}

/*
 * The end of the object of a stance or belief verb ("wants the votes,
 * and ..."), which [first, last] holds with whatever follows it: it
 * stops at a comma. (A preposition or a conjunction may as well belong
 * to the object: "described him as", "backed Cruz and Rubio".)
 */
static int32_t object_end(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    for (i = first + 1; i <= last; i++) {
        if (!qt_is_punct(c, i, ','))
            continue;
        if (c->pair_of[i] < 0)
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
 * Is [first, last] only an adverbial after a cue ("on Friday", "in a
 * statement to reporters", "at the rally in Ohio"), with no clause in it?
 * It opens with a preposition or a time word, is short, and holds no
 * pronoun, auxiliary or cue that a clause would bring.
 */
static int adverbial_only(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    if (!(qt_tags(c, first) & (QT_W_PREP | QT_W_TIME)) ||
        is_word_text(c, first, "to") || is_word_text(c, first, "for") ||
        is_word_text(c, first, "about") || is_word_text(c, first, "of") ||
        has_words(c, first, last, 11))
        return 0;
    for (i = first; i <= last; i++)
        if ((qt_tags(c, i) & (QT_W_PRONOUN | QT_W_AUX | QT_W_THAT)) ||
            c->tok[i].kind == TP_TOK_QUOTE || qt_is_verb_cue(c, i))
            return 0;
    return 1;
}

/*
 * "with polls showing Clinton ahead": a participle right after a
 * document noun has that text for its subject, and a finding for its
 * object; a person before it ("aides saying") is left to gerund_cue, and
 * so is a verb with a hearer ("a letter asking Smith to ...").
 */
static int document_gerund(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
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
    first = clause_start(c, k, end, f->cue, &has_that);
    last = clause_end(c, first, end);
    if (!has_that)
        last = object_end(c, first, last);
    if (first > last || adverbial_only(c, first, last) ||
        !has_content_word(c, first, last))
        return 0;
    f->has_np = 1;
    return emit_clause(c, first, last, f, 0.5, 2, covered);
}

/*
 * "X said (that) CLAUSE", "X told Y CLAUSE", "CLAUSE, X said", and the
 * split "CLAUSE1, X said, CLAUSE2". The speaker np is already in f.
 */
/*
 * "the economy, which he said had faltered", "what they described as
 * bias": the cue is inside a relative clause whose pronoun stands for
 * what was said. The pronoun is a content of its own (annotators mark
 * it so, besides the rest of the clause). Returns
 * the pronoun's token before the speaker np, or -1.
 */
static int32_t relative_content(const qt_ctx *c, int32_t floor, const qt_np *np)
{
    static const char *const pronouns[] = {"which", "what", "whom", NULL};
    int32_t r = np->first - 1;
    if (qt_is_punct(c, r, ','))
        r--;
    /* "in which organizers claimed": the clause after the preposition is
     * what was said; "that" is a complementizer as often as not */
    if (r < floor || !(qt_tags(c, r) & QT_W_FUNC) ||
        !is_word_in(c, r, pronouns) || (qt_tags(c, r - 1) & QT_W_PREP))
        return -1;
    return r;
}

static int subject_cue(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                       frame *f, int32_t *covered)
{
    const qt_wordinfo *w = f->cue;
    int has_that, r;
    int32_t rel = relative_content(c, floor, &f->np);
    if (rel >= 0 && emit_quote(c, rel, rel, TP_QUOTE_INDIRECT, f, 0.6) < 0)
        return -1;
    int32_t first = clause_start(c, k, end, w, &has_that);
    int32_t last = clause_end(c, first, end);
    int32_t sub = f->np.first - 1;

    /* "While voters said X, Y": a cue in a clause opened by a
     * subordinator says only what runs to the comma; "As Smith noted,
     * Y": "as" makes the main clause after the comma the content */
    if (sub >= floor &&
        (qt_tags(c, sub) & (QT_W_FUNC | QT_W_PREP | QT_W_AUX)) &&
        is_word_in(c, sub, clause_subordinators) &&
        (sub == floor || qt_is_punct(c, sub - 1, ',') ||
         is_word_text(c, sub - 1, "and") || is_word_text(c, sub - 1, "but"))) {
        int32_t comma = first;
        while (comma <= last && !qt_is_punct(c, comma, ','))
            comma++;
        if (is_word_text(c, sub, "as") && comma == k + 1)
            return emit_clause(c, comma + 1, clause_end(c, comma + 1, end), f,
                               0.7, 3, covered);
        if (comma <= last)
            last = comma - 1;
    }
    trim_content(c, &first, &last);
    if (first > last || !has_words(c, first, last, 1) ||
        (!has_that && adverbial_only(c, first, last))) {
        /* "CLAUSE, X said." / "CLAUSE, X said on Friday." */
        if (f->np.first - 1 < floor ||
            !qt_is_punct(c, f->np.first - 1, ','))
            return 0;
        return emit_clause(c, main_clause_start(c, floor, f->np.first - 1),
                           f->np.first - 1, f, 0.7, 3, covered);
    }
    /* a belief or stance verb without "that": its object is the
     * content ("wants more funding"), less surely */
    if ((w->cue_flags & QT_CUEF_WEAK) && !has_that) {
        /* "called for an audit", "voted against the tax": the particle
         * belongs to the cue, its object is the content */
        if (first == k + 1 && first < last &&
            (is_word_text(c, first, "for") ||
             is_word_text(c, first, "against")))
            f->cue_last = first++;
        last = object_end(c, first, last);
        /* "spoke at the forum", "voted on the bill in May": a place or a
         * time, not what was said */
        if (adverbial_only(c, first, last))
            return 0;
        return has_content_word(c, first, last)
                   ? emit_clause(c, first, last, f, 0.5, 2, covered)
                   : 0;
    }
    if (holds_used_pair(c, first, last))
        return 0;
    if (qt_is_punct(c, k + 1, ',') && f->np.first > floor &&
        qt_is_punct(c, f->np.first - 1, ',')) {
        /* "Overall, she said, a number of ..." */
        if (emit_clause(c, floor, f->np.first - 1, f, 0.7, 1, covered) < 0)
            return -1;
    }
    r = emit_clause(c, first, last, f, has_that ? 0.8 : 0.7, 1, covered);
    return r;
}

/* "CLAUSE, said Smith." */
static int inverted_cue(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                        frame *f, int32_t *covered)
{
    const qt_wordinfo *w = f->cue;
    if (!(w->cue_flags & QT_CUEF_INVERT) || (w->cue_flags & QT_CUEF_GERUND) ||
        !qt_is_punct(c, k - 1, ',') ||
        !(qt_speaker_after(c, k + 1, end, &f->np) ||
          (speech_past(c, k, w) &&
           qt_common_speaker_after(c, k + 1, end, &f->np))))
        return 0;
    /* the speaker ends the clause ("..., said Smith." / "..., said
     * Smith, a ..." / "..., said Smith on Friday"); "..., said the plan
     * was dead" has a subject and a verb after the cue instead */
    if (!speaker_ends_clause(c, &f->np, end))
        return 0;
    f->has_np = 1;
    return emit_clause(c, main_clause_start(c, floor, k - 1), k - 1, f, 0.75,
                       3, covered);
}

/* Conjunctions that open the clause whose subject a raising verb takes
 * ("but the fax machine appears"). */
static const char *const subject_openers[] = {
    "but", "and", "while", "as", "that", "because", "if", "though",
    "although", "so", "since", "when", "even", NULL};

static int opens_subject(const qt_ctx *c, int32_t i)
{
    return qt_is_punct(c, i, ',') || qt_is_punct(c, i, ':') ||
           qt_is_dash(c, i) ||
           ((qt_tags(c, i) & QT_W_FUNC) && is_word_in(c, i, subject_openers));
}

/* A past participle: "-ed", "-en", "-wn" or an irregular one ("said",
 * "told", "thought"), not "was like" or "is welcome". */
static int past_participle(const qt_ctx *c, int32_t k)
{
    static const char *const irregular[] = {
        "said",   "told",   "thought",    "felt",  "found", "heard", "held",
        "sought", "taught", "understood", "meant", "led",   NULL};
    const char *e = c->text + c->tok[k].end;
    if (c->tok[k].end - c->tok[k].start < 4)
        return 0;
    return (e[-2] == 'e' && (e[-1] == 'd' || e[-1] == 'n')) ||
           (e[-2] == 'w' && e[-1] == 'n') || is_word_in(c, k, irregular);
}

/*
 * A reporting verb in the passive ("was declared", "has been reported",
 * "is widely believed"): a form of "be" right before it, past adverbs
 * and "not". Its subject is what was said of, not who said it.
 */
static int passive_cue(const qt_ctx *c, int32_t k, const qt_wordinfo *w)
{
    int32_t i = k - 1;
    if ((w->cue_kind != QT_CUE_VERB && w->cue_kind != QT_CUE_BELIEF) ||
        (w->cue_flags & QT_CUEF_GERUND) || !is_lower_word(c, k))
        return 0;
    while (i >= 0 && k - i < 4 && !is_be(c, i) && is_lower_word(c, i) &&
           (ly_adverb(c, i) || is_word_text(c, i, "not") ||
            is_word_text(c, i, "n't")))
        i--;
    return i >= 0 && is_be(c, i) && !is_word_text(c, i, "being") &&
           past_participle(c, k);
}

/*
 * "The House is expected to pass the bill", "Clinton seemed irritated":
 * an attribution without a source, in two parts, the subject and what is
 * expected or judged of it. k is "seems"/"appears", or "expected" after a
 * form of "be". Returns 1 when emitted, 0 when the shape does not fit.
 */
static int raising_cue(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                       int32_t *covered)
{
    frame f;
    int32_t subj_last = k - 1, subj_first, first = k + 1, last;
    int passive = c->info[k]->cue_kind != QT_CUE_RAISE;
    int expected = is_word_text(c, k, "expected");

    /* over "is", "not", "widely", "now" back to the subject */
    while (subj_last >= floor && is_lower_word(c, subj_last) &&
           ((qt_tags(c, subj_last) & QT_W_AUX) || is_be(c, subj_last) ||
            ly_adverb(c, subj_last)))
        subj_last--;
    if (passive && !(subj_last + 1 < k && is_be_run(c, subj_last + 1, k)))
        return 0;
    if (subj_last < floor || c->tok[subj_last].kind == TP_TOK_QUOTE ||
        qt_is_punct(c, subj_last, ','))
        return 0;
    subj_first = subj_last;
    while (subj_first - 1 >= floor && subj_last - subj_first < 12 &&
           !opens_subject(c, subj_first - 1) &&
           c->tok[subj_first - 1].kind != TP_TOK_QUOTE)
        subj_first--;
    if (subj_last - subj_first >= 12 || subj_first < floor)
        return 0;
    /* the complement: "to VERB ...", an adjective, "that CLAUSE" */
    if (first > end || !qt_is_word(c, first) ||
        (c->tok[first].flags & TP_TOKF_CAPITALISED) ||
        ((qt_tags(c, first) &
          (QT_W_PREP | QT_W_TIME | (passive && !expected ? 0 : QT_W_DET))) &&
         !is_word_text(c, first, "to")))
        return 0;
    if (passive && expected && !is_word_text(c, first, "to"))
        return 0;
    last = clause_end(c, first, end);
    memset(&f, 0, sizeof(f));
    f.cue = c->info[k];
    f.cue_first = f.cue_last = k;
    /* "Clinton was declared the winner by news organizations": the agent
     * after "by" is the source, and no part of what was said */
    if (passive) {
        int32_t b;
        for (b = first; b <= last; b++)
            if (is_word_text(c, b, "by") &&
                qt_speaker_after(c, b + 1, last, &f.np)) {
                f.has_np = 1;
                last = b - 1;
                break;
            }
    }
    /* "It was reported that ...": the expletive is no part either */
    if (passive && ((subj_first == subj_last &&
                     is_word_text(c, subj_first, "it")) || !expected))
        return emit_clause(c, first, last, &f, 0.55, 1, covered);
    if (!has_words(c, first, last, 1) || holds_used_pair(c, subj_first, last))
        return 0;
    if (emit_quote(c, subj_first, subj_last,
                   holds_pair(c, subj_first, subj_last) ? TP_QUOTE_MIXED
                                                        : TP_QUOTE_INDIRECT,
                   &f, 0.5))
        return -1;
    return emit_clause(c, first, last, &f, 0.55, 1, covered);
}

/*
 * "Asked if he was ever bullied, the candidate said ...", "When asked
 * about the emails, ...": a question put to the speaker by someone the
 * text leaves unnamed. The question up to the comma is the content, with
 * no speaker. Returns 1 when emitted, 0 when the shape does not fit.
 */
static int asked_question(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                          frame *f, int32_t *covered)
{
    enum { ASKED_REACH = 10 };
    static const char *const openers[] = {"if", "whether", "about", "what",
                                          "how", "why", "who", "when",
                                          "to", NULL};
    static const char *const leads[] = {"when", "and",  "but",
                                        "so",   "then", NULL};
    int32_t j, comma, b = k - 1;
    /* at the start of a clause, after "And when", or in the passive
     * ("Pence was asked about ...") */
    while (b >= floor && (is_word_in(c, b, leads) || is_be(c, b) ||
                          is_word_text(c, b, "been")))
        b--;
    if (is_be(c, b + 1) || is_word_text(c, b + 1, "been")) {
        qt_np np;
        if (b >= floor && !qt_speaker_before(c, b, floor, &np))
            return 0;
    } else if (!(b < floor || qt_is_punct(c, b, ',')))
        return 0;
    /* past "later", "on Monday", "during a luncheon" to the opener */
    for (j = k + 1; j <= end && j - k <= ASKED_REACH; j++) {
        if (is_word_in(c, j, openers))
            break;
        if (!qt_is_word(c, j) || verb_cue(c, j))
            return 0;
    }
    if (j > end || j - k > ASKED_REACH)
        return 0;
    if (is_word_text(c, j, "about"))
        j++;
    for (comma = j + 1; comma <= end && !qt_is_punct(c, comma, ','); comma++)
        if (c->pair_of[comma] >= 0)
            return 0;
    f->has_np = 0;
    return emit_clause(c, j, comma - 1, f, 0.5, 1, covered);
}

/*
 * "Rush Limbaugh: Debate Was Rigged.", "Poll: Clinton and Trump tied": a
 * paragraph that opens with a speaker (or a text) and a colon, and goes
 * on with a statement in no quote marks, is that speaker's claim - the
 * way news headlines attribute. Returns 1 when emitted.
 */
static int headline_colon(qt_ctx *c, const seg_state *s, int32_t k,
                          int32_t end, int32_t *covered)
{
    frame f;
    int32_t last = end;
    if (!(s->a == 0 || (c->tok[s->a].flags & TP_TOKF_PARA_START)) ||
        k == s->a || k + 1 > end || c->pair_of[k + 1] >= 0 ||
        c->tok[k + 1].kind == TP_TOK_QUOTE)
        return 0;
    memset(&f, 0, sizeof(f));
    if (!qt_speaker_before(c, k - 1, s->a, &f.np) || f.np.first != s->a)
        return 0;
    /* one word is a name only when it is a text ("Poll", "Report") or
     * has a title; "Related:" and "Update:" are no speakers */
    if (f.np.first == f.np.last &&
        !(qt_tags(c, f.np.head) & (QT_W_DOC | QT_W_ORG)))
        return 0;
    f.has_np = 1;
    f.cue_first = f.cue_last = k;
    while (last > k && c->tok[last].kind == TP_TOK_PUNCT)
        last--;
    return emit_clause(c, k + 1, last, &f, 0.5, 3, covered);
}

/* Is [first, last] empty, punctuation or an adverbial ("on Friday")? */
static int rest_is_adverbial(const qt_ctx *c, int32_t first, int32_t last)
{
    trim_content(c, &first, &last);
    return first > last || !has_words(c, first, last, 1) ||
           adverbial_only(c, first, last);
}

/*
 * "CLAUSE, the mayor said.", "CLAUSE, according to the report.": an
 * attribution after the last comma of the sentence governs everything
 * before it, cues inside included ("Osman is believed to have been on
 * board, according to his brother"), so it is taken first. Returns 1
 * when it emitted, with *covered set past the clause.
 */
static int final_attribution(qt_ctx *c, seg_state *s, last_speaker *ls,
                             int32_t *covered)
{
    enum { FINAL_MAX = 8 };
    int32_t end = s->b - 1, comma, floor = s->a, k;
    frame f;
    int r = 0;
    for (comma = end; comma > s->a && end - comma <= FINAL_MAX + 4; comma--) {
        const tp_token *t = &c->tok[comma];
        if (c->pair_of[comma] >= 0)
            return 0;
        if (t->kind != TP_TOK_PUNCT || t->end - t->start != 1)
            continue;
        if (c->text[t->start] == ',')
            break;
        if (c->text[t->start] == ';' || c->text[t->start] == ':')
            return 0;
    }
    if (!qt_is_punct(c, comma, ','))
        return 0;
    for (k = comma + 1; k <= end && k - comma <= FINAL_MAX; k++) {
        const qt_wordinfo *w;
        int32_t i;
        if (!(c->tags[k] & QT_W_CUE) || !(w = cue_info(c, k)))
            continue;
        if (s->cue_used[k] ||
            (w->cue_kind != QT_CUE_PREP && !rest_is_adverbial(c, k + 1, end)))
            return 0; /* a direct quote's frame, or "X said, CLAUSE" */
        for (i = s->a; i < comma; i++)
            if ((c->tok[i].kind == TP_TOK_PUNCT && qt_is_punct(c, i, ';')) ||
                (c->pair_of[i] >= 0 && c->pairs[c->pair_of[i]].used == 1))
                floor = i + 1;
        memset(&f, 0, sizeof(f));
        f.cue = w;
        f.cue_first = f.cue_last = k;
        /* only when nothing but an adverbial follows the attribution:
         * "CLAUSE, she said, CLAUSE" is the main loop's */
        if (w->cue_kind == QT_CUE_PREP && k == comma + 1 &&
            is_word_text(c, k + 1, "to") &&
            (qt_speaker_after(c, k + 2, end, &f.np) ||
             source_phrase(c, k + 2, end, &f.np)) &&
            rest_is_adverbial(c, f.np.last + 1, end))
            r = according_to(c, k, floor, end, &f, covered);
        else if (w->cue_kind == QT_CUE_VERB && !(w->cue_flags & QT_CUEF_WEAK) &&
                 !(w->cue_flags & QT_CUEF_GERUND) &&
                 qt_speaker_before(c, k - 1, comma + 1, &f.np) &&
                 f.np.first == comma + 1) {
            f.has_np = 1;
            r = subject_cue(c, k, floor, end, &f, covered);
        } else if (w->cue_kind == QT_CUE_VERB && k == comma + 1 &&
                   (qt_speaker_after(c, k + 1, end, &f.np) ||
                    (speech_past(c, k, w) &&
                     qt_common_speaker_after(c, k + 1, end, &f.np))) &&
                   speaker_ends_clause(c, &f.np, end))
            r = inverted_cue(c, k, floor, end, &f, covered);
        if (r > 0) {
            s->cue_used[k] = 1;
            record_speaker(c, ls, &f, k);
        }
        return r;
    }
    return 0;
}

/* Is the cue at k the preposition "like" right after the noun phrase
 * np ("leaders like her"), not the verb after a pronoun ("they like")? */
static int preposition_like(const qt_ctx *c, int32_t k, const qt_np *np)
{
    return np->last == k - 1 && is_word_text(c, k, "like") &&
           !(qt_tags(c, np->head) & QT_W_PRONOUN);
}

/*
 * The first token in [k, b) that indirect_cues must look at: a cue word,
 * a punctuation mark or a quote mark. Most tokens are ordinary words;
 * this tight loop, with the arrays in registers, skips them without a
 * branch per test.
 */
static int32_t next_candidate(const qt_ctx *c, int32_t k, int32_t b)
{
    const uint16_t *tags = c->tags;
    const tp_token *tok = c->tok;
    const int32_t *pair_of = c->pair_of;
    while (k < b && !((tags[k] & (QT_W_CUE | QT_W_THAT)) |
                      (tok[k].kind == TP_TOK_PUNCT) | (pair_of[k] >= 0)))
        k++;
    return k;
}

/*
 * Does token v look like a finite verb that no cue table knows ("Smith
 * conceded that", "the report shows that")? A lowercase word in no table
 * ending in -ed or in a third-person -s; not "-ss" ("press") nor "-us".
 */
static int unknown_finite_verb(const qt_ctx *c, int32_t v)
{
    const tp_token *t = &c->tok[v];
    const char *w = c->text + t->start;
    size_t n = t->end - t->start;
    if (c->tags[v] || t->kind != TP_TOK_WORD || n < 4 || !is_lower_word(c, v))
        return 0;
    if (w[n - 2] == 'e' && w[n - 1] == 'd')
        return 1;
    return w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' &&
           w[n - 2] != 'i';
}

/*
 * "NP VERB that CLAUSE" with a verb in no cue table: the clause is most
 * often something the subject said or found ("the study concluded that
 * ..."), but the verb is unknown, so the quote is a weak one. Strict:
 * "that" right after the verb, a speaker phrase right before it.
 */
static int generic_that(qt_ctx *c, int32_t t, int32_t floor, int32_t end,
                        last_speaker *ls, int32_t *covered)
{
    frame f;
    int32_t v = t - 1, last;
    int r;
    if (v - 1 < floor || t + 1 > end || !unknown_finite_verb(c, v))
        return 0;
    /* "that" opens a clause with its own subject ("that the state
     * erred", "that it would"); "rules that bind" and "carried that
     * message" are a relative pronoun and a determiner */
    if (!(qt_tags(c, t + 1) & (QT_W_DET | QT_W_PRONOUN)) &&
        !qt_is_cap(c, t + 1))
        return 0;
    memset(&f, 0, sizeof(f));
    if (!(qt_speaker_before(c, v - 1, floor, &f.np) ||
          qt_common_speaker_before(c, v - 1, floor, &f.np)) ||
        f.np.last != v - 1)
        return 0;
    f.has_np = 1;
    f.cue_first = f.cue_last = v;
    last = clause_end(c, t, end);
    r = emit_clause(c, t, last, &f, 0.45, 4, covered);
    if (r > 0)
        record_speaker(c, ls, &f, v);
    return r;
}

/* Does word i end in a possessive "'s" ("the leadership's")? */
static int possessive(const qt_ctx *c, int32_t i)
{
    const char *e = c->text + c->tok[i].end;
    size_t n = c->tok[i].end - c->tok[i].start;
    return n >= 2 && e[-1] == 's' &&
           (e[-2] == '\'' || (n > 4 && (unsigned char)e[-2] == 0x99 &&
                              (unsigned char)e[-3] == 0x80));
}

/* Words that end a plain subject phrase when walking back from its verb:
 * what stands before them is another clause. */
static const char *const subject_stops[] = {
    "and",    "but",      "that",    "who",   "which", "when",
    "while",  "as",       "because", "if",    "since", "after",
    "before", "although", "though",  "where", NULL};

/*
 * "All the experts I interviewed said ...", "only 28 said yes": a subject
 * that no speaker rule knows, right before a finite speech verb. Its span
 * runs back from the verb to the clause's start (at most a dozen words);
 * the word before the verb is its head.
 */
static int plain_subject(const qt_ctx *c, int32_t k, int32_t floor,
                         const qt_wordinfo *w, qt_np *np)
{
    int32_t h = k - 1, j;
    /* a past form or "say": "reports", "notes" are nouns as often */
    if (h < floor || !(speech_past(c, k, w) || is_word_text(c, k, "say")) ||
        ly_adverb(c, h) || possessive(c, h) ||
        /* "is easier said", "has given added": a participle */
        (h > floor && (is_be(c, h - 1) || is_word_text(c, h - 1, "has") ||
                       is_word_text(c, h - 1, "have"))) ||
        (c->tok[h].kind != TP_TOK_WORD && c->tok[h].kind != TP_TOK_NUMBER) ||
        (qt_tags(c, h) & (QT_W_FUNC | QT_W_AUX | QT_W_PREP | QT_W_THAT |
                          QT_W_DET | QT_W_CUE | QT_W_TIME)))
        return 0;
    for (j = h; j - 1 >= floor && h - j < 12; j--) {
        int32_t p = j - 1;
        if ((c->tok[p].kind != TP_TOK_WORD &&
             c->tok[p].kind != TP_TOK_NUMBER) ||
            verb_cue(c, p) || is_word_in(c, p, subject_stops))
            break;
    }
    memset(np, 0, sizeof(*np));
    np->first = j;
    np->last = np->head = h;
    np->kind = TP_MENTION_PERSON;
    return 1;
}

/*
 * The subject of the clause in [from, last] whose second verb is a cue
 * ("Obama praised Clinton and said ...", "In an interview, Reid
 * reiterated those feelings and stressed ..."): the first speaker phrase
 * at the clause's start or after a comma that a plain lowercase word (its
 * verb) follows.
 */
static int clause_subject(const qt_ctx *c, int32_t from, int32_t last,
                          qt_np *np)
{
    int32_t i;
    for (i = from; i < last; i++) {
        if (i > from && !qt_is_punct(c, i - 1, ','))
            continue;
        if ((qt_speaker_after(c, i, last, np) ||
             qt_common_speaker_after(c, i, last, np)) &&
            np->last < last && is_lower_word(c, np->last + 1) &&
            ((qt_tags(c, np->last + 1) & QT_W_AUX) ||
             !(qt_tags(c, np->last + 1) & (QT_W_FUNC | QT_W_PREP | QT_W_DET))))
            return 1;
    }
    return 0;
}

/* Cap the confidence of the quotes emitted from index n0 on. */
static void cap_confidence(qt_ctx *c, size_t n0, double cap)
{
    size_t i;
    for (i = n0; i < c->doc->n_quotes; i++)
        if (c->doc->quotes[i].confidence > cap)
            c->doc->quotes[i].confidence = cap;
}

/*
 * A finite cue whose speaker no rule finds, before or after it: a plain
 * subject right before it ("only 28 said yes"), or the subject of the
 * clause when the cue is its second verb ("Reid praised X and said ...",
 * a speaker that may stay unknown). The content is as sure as any, the
 * speaker less so: the quotes get a lower confidence.
 */
static int unparsed_subject_cue(qt_ctx *c, int32_t k, int32_t floor,
                                int32_t end, frame *f, int32_t *covered)
{
    size_t n0 = c->doc->n_quotes;
    int r;
    if (plain_subject(c, k, floor, f->cue, &f->np))
        f->has_np = 1;
    else if (k - 1 > floor && speech_past(c, k, f->cue) &&
             (is_word_text(c, k - 1, "and") || is_word_text(c, k - 1, "but")))
        f->has_np =
            clause_subject(c, skip_dateline(c, floor, k), k - 2, &f->np);
    else
        return 0;
    r = subject_cue(c, k, floor, end, f, covered);
    cap_confidence(c, n0, 0.6);
    return r;
}

static int indirect_cues(qt_ctx *c, seg_state *s, last_speaker *ls)
{
    int32_t k, floor = s->a, covered = -1;
    int32_t end = s->b - 1;

    if (final_attribution(c, s, ls, &covered) < 0)
        return -1;

    for (k = next_candidate(c, s->a, s->b); k < s->b;
         k = next_candidate(c, k + 1, s->b)) {
        const qt_wordinfo *w;
        frame f;
        int r;

        w = cue_info(c, k);

        if (!w && (c->tags[k] & QT_W_THAT)) {
            if (k > covered && !s->cue_used[k] &&
                generic_that(c, k, floor, end, ls, &covered) < 0)
                return -1;
            continue;
        }
        if (c->tok[k].kind == TP_TOK_PUNCT && qt_is_punct(c, k, ';'))
            floor = k + 1;
        if (c->pair_of[k] >= 0) {
            /* a direct quote ends a clause; a mixed one is inside one */
            if (c->pairs[c->pair_of[k]].used == 1)
                floor = k + 1;
            continue;
        }
        if (!w && qt_is_punct(c, k, ':') && k > covered) {
            if ((r = headline_colon(c, s, k, end, &covered)) < 0)
                return -1;
            continue;
        }
        if (!w || s->cue_used[k] || k <= covered)
            continue;
        memset(&f, 0, sizeof(f));
        f.cue = w;
        f.cue_first = f.cue_last = k;
        if (is_word_text(c, k, "asked") &&
            (r = asked_question(c, k, floor, end, &f, &covered)) != 0)
            ; /* the question is out; its answer has a cue of its own */
        else if (w->cue_kind == QT_CUE_RAISE ||
                 (is_word_text(c, k, "expected") && is_be_run(c, k - 3, k)) ||
                 passive_cue(c, k, w))
            r = raising_cue(c, k, floor, end, &covered);
        else if (w->cue_kind == QT_CUE_PREP)
            r = according_to(c, k, floor, end, &f, &covered);
        else if (w->cue_kind != QT_CUE_VERB && w->cue_kind != QT_CUE_BELIEF)
            r = 0;
        else if ((w->cue_flags & QT_CUEF_GERUND) &&
                 (r = document_gerund(c, k, floor, end, &f, &covered)) != 0)
            ; /* the text before the participle is its source */
        else if (w->cue_flags & QT_CUEF_GERUND)
            r = gerund_cue(c, k, floor, end, &f, ls, &covered);
        else if (qt_speaker_before(c, k - 1, floor, &f.np) ||
                 coordinated_subject(c, k, floor, &f.np) ||
                 (speech_past(c, k, w) &&
                  qt_common_speaker_before(c, k - 1, floor, &f.np))) {
            f.has_np = 1;
            /* "candidates like Trump": after a noun, "like" is a
             * preposition; "they like him" keeps the verb */
            r = preposition_like(c, k, &f.np)
                    ? 0
                    : subject_cue(c, k, floor, end, &f, &covered);
        } else if ((r = inverted_cue(c, k, floor, end, &f, &covered)) == 0)
            r = unparsed_subject_cue(c, k, floor, end, &f, &covered);
        if (r < 0)
            return -1;
        /* a gerund borrowed the last speaker; every other cue names one */
        if (r > 0 && !(w->cue_flags & QT_CUEF_GERUND))
            record_speaker(c, ls, &f, k);
    }
    return 0;
}

/*
 * A short quoted word under a noun cue with a possessive owner ("her
 * request that agents stop 'stalking' courthouses") is a mixed quote of
 * its own, claimed before the clauses so that no verb swallows it.
 */
static int noun_cue_pairs(qt_ctx *c, seg_state *s, int32_t p0, int32_t p1)
{
    int32_t pi, k;
    for (pi = p0; pi < p1; pi++) {
        qt_pair *p = &c->pairs[pi];
        if (p->used || p->first > p->last ||
            has_words(c, p->first, p->last, SPEECH_MIN_WORDS))
            continue;
        for (k = p->open - 1; k >= s->a && p->open - k < 12; k--) {
            const qt_wordinfo *w = cue_info(c, k);
            frame f;
            if (!w || w->cue_kind != QT_CUE_NOUN)
                continue;
            memset(&f, 0, sizeof(f));
            f.cue = w;
            f.cue_first = f.cue_last = k;
            if (k - 2 >= s->a &&
                (c->tok[k - 1].flags & TP_TOKF_CONTRACTION) &&
                qt_speaker_before(c, k - 2, s->a, &f.np)) {
                f.has_np = 1;
                if (emit_quote(c, p->first, p->last, TP_QUOTE_MIXED, &f,
                               0.6))
                    return -1;
            }
            break;
        }
    }
    return 0;
}

/*
 * Pairs no frame or clause claimed: a long one is speech with the last
 * speaker; the rest are scare quotes, titles and nicknames.
 */
static int leftover_pairs(qt_ctx *c, last_speaker *ls, int32_t p0,
                          int32_t p1)
{
    int32_t pi;
    for (pi = p0; pi < p1; pi++) {
        qt_pair *p = &c->pairs[pi];
        if (p->used || p->first > p->last ||
            !has_words(c, p->first, p->last, SPEECH_MIN_WORDS))
            continue;
        if (emit_continuation(c, ls, p, 0.6, -1))
            return -1;
    }
    return 0;
}

/*
 * "Sanders Promises Action On Immigration": a headline in title case
 * capitalises its verbs, which the tagger took for parts of names. In a
 * segment where every longer word but the little ones ("with", "from")
 * is capitalised, a capitalised reporting verb is a cue again.
 */
static void headline_cues(qt_ctx *c, int32_t a, int32_t b)
{
    enum { HEADLINE_MIN_WORDS = 4 };
    int32_t i, words = 0;
    if (a > 0 && !(c->tok[a].flags & TP_TOKF_PARA_START))
        return; /* a headline is a paragraph of its own */
    /* a lower-case word of four letters or more that is no preposition or
     * function word ends the test: ordinary sentences leave at once */
    for (i = a; i < b; i++) {
        if (c->tok[i].kind != TP_TOK_WORD ||
            c->tok[i].end - c->tok[i].start < 4)
            continue;
        if (!(c->tok[i].flags & TP_TOKF_CAPITALISED) &&
            !(c->tags[i] & (QT_W_FUNC | QT_W_PREP)))
            return;
        words++;
    }
    if (words < HEADLINE_MIN_WORDS)
        return;
    for (i = a; i < b; i++)
        if (c->no_cue[i] && c->info[i] &&
            (c->info[i]->cue_kind == QT_CUE_VERB ||
             c->info[i]->cue_kind == QT_CUE_BELIEF) &&
            (c->info[i]->cue_flags & QT_CUEF_FINITE) &&
            !(c->info[i]->cue_flags & QT_CUEF_WEAK))
            c->no_cue[i] = 0;
}

int qt_attribute(qt_ctx *c)
{
    last_speaker ls;
    seg_state s;
    int32_t seg, p0 = 0, p1;

    memset(&ls, 0, sizeof(ls));
    s.cue_used = qt_alloc(c, (size_t)c->n_tok + 1);
    if (!s.cue_used)
        return -1;
    memset(s.cue_used, 0, (size_t)c->n_tok + 1);
    for (seg = 0; seg < c->n_seg; seg++) {
        s.a = c->seg_start[seg];
        s.b = c->seg_start[seg + 1];
        while (p0 < c->n_pairs && c->pairs[p0].open < s.a)
            p0++;
        p1 = p0;
        while (p1 < c->n_pairs && c->pairs[p1].open < s.b)
            p1++;
        headline_cues(c, s.a, s.b);
        if (direct_pairs(c, &s, &ls, p0, p1))
            return -1;
        {
            size_t before = c->doc->n_quotes;
            if (c->indirect && (noun_cue_pairs(c, &s, p0, p1) ||
                                indirect_cues(c, &s, &ls)))
                return -1;
            (void)before;
        }
        if (leftover_pairs(c, &ls, p0, p1))
            return -1;
        p0 = p1;
    }
    return 0;
}
