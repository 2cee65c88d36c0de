/*
 * quotes.h - the internal interface of the quotes stage. The stage reads
 * the tokenize layers and finds who said what: direct quotes between quote
 * marks, indirect and mixed reported speech governed by a reporting cue,
 * the speaker mention of each cue, and the person, organisation or
 * document each speaker refers to. One file per job: words.c and cues.c
 * (the word tables), lexicon.c (their hash), direct.c (quote-mark pairs),
 * speakers.c (noun phrases around a cue), indirect.c and the files
 * attrib.h names (the cue-driven analysis of a sentence, direct frames
 * included), coref.c (canonical names and mentions), core.c
 * (the driver) and stage.c (the plugin glue). Nothing here knows the host
 * beyond tp_host's arena functions, so the unit tests and the fuzzer drive
 * the same code the plugin runs.
 */
#ifndef TEXTPIPE_QUOTES_QUOTES_H
#define TEXTPIPE_QUOTES_QUOTES_H

#include <stddef.h>
#include <stdint.h>

#include <textpipe/tp_plugin.h>

/* ---- the word tables (lexicon.c) -------------------------------------- */

/* What a word is, as tag bits; a word may carry several. */
enum {
    QT_W_CUE = 1u << 0,      /* a reporting word: see qt_cue_def */
    QT_W_PRONOUN = 1u << 1,  /* he she they it: a speaker by reference */
    QT_W_TITLE = 1u << 2,    /* precedes a name: Sen. Sheriff Judge Mr. */
    QT_W_ROLE = 1u << 3,     /* a noun for a person: spokesman, official */
    QT_W_ORG = 1u << 4,      /* a noun for a body: campaign, committee */
    QT_W_DOC = 1u << 5,      /* a noun for a text: letter, report, poll */
    QT_W_AUX = 1u << 6,      /* may stand between speaker and cue: has also */
    QT_W_FUNC = 1u << 7,     /* a function word, never part of a name */
    QT_W_DET = 1u << 8,      /* opens a noun phrase: the a his some */
    QT_W_TIME = 1u << 9,     /* Monday, week, yesterday: adverbials */
    QT_W_PREP = 1u << 10,    /* in on at to with: opens an adverbial */
    QT_W_THAT = 1u << 11,    /* that: opens a reported clause */
    QT_W_NAMELINK = 1u << 12, /* de van bin: inside a capitalised name */
    QT_W_RELATIVE = 1u << 13, /* who: a relative clause about a speaker */
    QT_W_NOTSPEAKER = 1u << 14, /* it there this: never a speaker */
    QT_W_PLURAL = 1u << 15   /* they officials aides: a plural speaker */
};

/* The closed-class tags: function words that a word in capitals ("US",
 * "IT") does not carry. */
#define QT_W_CLOSED                                                        \
    (QT_W_PRONOUN | QT_W_AUX | QT_W_FUNC | QT_W_DET | QT_W_TIME |         \
     QT_W_PREP | QT_W_THAT | QT_W_NAMELINK | QT_W_RELATIVE |              \
     QT_W_NOTSPEAKER)

/* Gender a word implies (pronouns, honorifics). */
enum { QT_G_UNKNOWN = 0, QT_G_MALE = 1, QT_G_FEMALE = 2, QT_G_PLURAL = 3 };

/* How a cue behaves. */
enum {
    QT_CUE_VERB = 1,   /* said, told, argued: subject speaks */
    QT_CUE_BELIEF = 2, /* thinks, believes, hopes: needs a clause after */
    QT_CUE_PREP = 3,   /* "according to": speaker follows, clause aside */
    QT_CUE_NOUN = 4,   /* statement, request, claim: "X's request that" */
    QT_CUE_RAISE = 5   /* seems, appears: "X seems (to be) Y", a writer's
                          judgement with no source; "is expected to" too */
};

/* Cue flags. */
enum {
    QT_CUEF_OBJECT = 1u << 0,  /* told/asked/assured X (that) CLAUSE */
    QT_CUEF_INVERT = 1u << 1,  /* may precede its speaker: "said Smith" */
    QT_CUEF_FINITE = 1u << 2,  /* a finite form (said, says), not "saying" */
    QT_CUEF_GERUND = 1u << 3,  /* -ing: "adding that", "saying" */
    QT_CUEF_WEAK = 1u << 4,    /* too common to cue without a clause */
    QT_CUEF_DIRECT = 1u << 5,  /* frames quote marks only: "posted:" */
    QT_CUEF_TOPIC = 1u << 6,   /* reports only a topic: "spoke about X" */
    QT_CUEF_THAT = 1u << 7     /* reports only a "that" clause: without
                                  one, "maintained a lead" keeps a thing */
};

typedef struct qt_wordinfo {
    uint16_t tags;     /* QT_W_* */
    uint8_t gender;    /* QT_G_* */
    uint8_t cue_kind;  /* QT_CUE_*, when tags has QT_W_CUE */
    uint8_t cue_flags; /* QT_CUEF_* */
    uint8_t reporter;  /* tp_reporter */
} qt_wordinfo;

/* The hashed lexicon; read-only once built, shared by an instance. */
typedef struct qt_lexicon qt_lexicon;

qt_lexicon *qt_lexicon_new(void);
void qt_lexicon_free(qt_lexicon *lx);
/* Tag tokens [0, n): info (NULL for unknown words), its tags, and no_cue
 * (a cue word capitalised inside a sentence, a name there); list in
 * bounds (room for n + 1) the tokens that start a sentence or a paragraph
 * or are a double quote mark, and return how many; list in names (room
 * for n + 1) the name words (qt_is_name_word), *n_names of them. */
int32_t qt_lexicon_tag(const qt_lexicon *lx, const char *text,
                       size_t text_len, const tp_token *restrict tok,
                       int32_t n, const qt_wordinfo **restrict info,
                       uint16_t *restrict tags, uint8_t *restrict no_cue,
                       int32_t *restrict bounds, int32_t *restrict names,
                       int32_t *n_names);

/* ---- per-document working state --------------------------------------- */

/* A quote-mark pair: marks at tokens open/close (close == -1 when the
 * paragraph ended first); content is the tokens strictly between. */
typedef struct qt_pair {
    int32_t open, close;
    int32_t first, last; /* content tokens, inclusive; first > last: empty */
    uint8_t used;        /* claimed as a direct quote or inside a mixed one */
} qt_pair;

/* A speaker found for a cue: tokens [first, last] and its head token. */
typedef struct qt_np {
    int32_t first, last, head;
    uint8_t kind; /* TP_MENTION_* guess: person, organisation, document */
    /* the relative pronoun that stands for the phrase in the cue's clause
     * ("Smith, who said"): the speaker mention the annotators mark, while
     * the phrase itself names the speaker; 0 when there is none (a
     * relative pronoun always follows its antecedent) */
    int32_t rel;
} qt_np;

typedef struct qt_ctx {
    const tp_host *host;
    tp_doc *doc;
    const qt_lexicon *lx;
    const char *text;
    const tp_token *tok;
    int32_t n_tok;
    const qt_wordinfo **info; /* per token, NULL for unknown words */
    uint16_t *tags;           /* per token: info's tags, or 0 (kept apart
                                 so that scans touch 2 bytes a token) */
    int32_t *pair_of;         /* per token: index of the pair whose content
                                 holds it, or -1 */
    uint8_t *no_cue;          /* per token: a cue word that is not one
                                 here (capitalised inside a sentence) */
    int32_t *bounds;          /* tokens that start a sentence or a
                                 paragraph or are a double quote mark, in
                                 order: all that pairing and segmenting
                                 look at */
    int32_t n_bounds;
    int32_t *names;           /* the name words, in order (coref.c) */
    int32_t n_names;
    int32_t *seg_start;       /* per segment: first token (n_seg + 1) */
    int32_t n_seg;
    qt_pair *pairs;
    int32_t n_pairs;
    size_t cap_quotes;
    /* speaker of each emitted quote before resolution: token span */
    qt_np *quote_np;
    size_t cap_quote_np;
    double min_confidence;
    int indirect; /* find indirect and mixed quotes too */
} qt_ctx;

/* Options of the analysis. */
typedef struct qt_options {
    double min_confidence; /* drop quotes below this */
    int indirect;          /* 0: direct quotes only */
} qt_options;

/*
 * Working memory an instance keeps from one document to the next: the
 * arrays of a few bytes per token that the analysis reads and drops, so
 * that a document's arena holds only its results and the arrays stay in
 * the cache. Zeroed to start; qt_scratch_free releases it.
 */
typedef struct qt_scratch {
    void *block;
    size_t cap;
} qt_scratch;

void qt_scratch_free(qt_scratch *s);

/*
 * Analyse doc (which must carry the tokenize layers) and set doc->quotes
 * and doc->mentions in the document's arena. The working arrays come from
 * scratch, or from the arena when scratch is NULL. Returns 0, or -1 when
 * out of memory (err says so).
 */
int qt_analyze_with(const qt_lexicon *lx, const qt_options *opt,
                    qt_scratch *scratch, const tp_host *host, tp_doc *doc,
                    char *err, size_t err_len);
/* qt_analyze_with and no scratch. */
int qt_analyze(const qt_lexicon *lx, const qt_options *opt,
               const tp_host *host, tp_doc *doc, char *err, size_t err_len);

/* ---- helpers shared by the files (core.c) ------------------------------ */

void *qt_alloc(qt_ctx *c, size_t size);
/* Append a quote; returns its index or -1 when out of memory. */
int32_t qt_emit(qt_ctx *c, const tp_quote *q, const qt_np *np);

/* Is i a token index? One unsigned compare for both bounds (n_tok is
 * never negative): these tests run on most tokens of a clause. */
static inline int qt_in_doc(const qt_ctx *c, int32_t i)
{
    return (uint32_t)i < (uint32_t)c->n_tok;
}

static inline uint16_t qt_tags(const qt_ctx *c, int32_t i)
{
    return qt_in_doc(c, i) ? c->tags[i] : 0;
}

/* A cue here: a cue word not disabled at this token. */
static inline int qt_is_cue(const qt_ctx *c, int32_t i)
{
    return (qt_tags(c, i) & QT_W_CUE) && !c->no_cue[i];
}


/* A verb cue here (said, thinks), not a noun or "according to". */
static inline int qt_is_verb_cue(const qt_ctx *c, int32_t i)
{
    return qt_is_cue(c, i) && (c->info[i]->cue_kind == QT_CUE_VERB ||
                               c->info[i]->cue_kind == QT_CUE_BELIEF);
}

static inline int qt_is_word(const qt_ctx *c, int32_t i)
{
    return qt_in_doc(c, i) && c->tok[i].kind == TP_TOK_WORD;
}

static inline int qt_is_cap(const qt_ctx *c, int32_t i)
{
    return qt_in_doc(c, i) && (((c->tok[i].flags & TP_TOKF_CAPITALISED) != 0) &
                               (c->tok[i].kind == TP_TOK_WORD));
}

/* A word that may be part of a capitalised name: capitalised, and no
 * function word or pronoun unless it is a title ("The", "He" are not;
 * "Mr." and "President" are). Without a branch: the tagging pass asks
 * it of every token. */
static inline int qt_name_word_tags(uint32_t flags, uint16_t kind,
                                    uint16_t tags)
{
    return ((flags & TP_TOKF_CAPITALISED) != 0) & (kind == TP_TOK_WORD) &
           (((tags & (QT_W_FUNC | QT_W_PRONOUN)) == 0) |
            ((tags & QT_W_TITLE) != 0));
}

static inline int qt_is_name_word(const qt_ctx *c, int32_t i)
{
    return qt_in_doc(c, i) &&
           qt_name_word_tags(c->tok[i].flags, c->tok[i].kind, c->tags[i]);
}

/* Token i is the one-byte punctuation ch. */
static inline int qt_is_punct(const qt_ctx *c, int32_t i, char ch)
{
    /* every token has a first byte (the host refuses empty tokens): its
     * length and that byte in one test, one branch */
    return qt_in_doc(c, i) && ((c->tok[i].end - c->tok[i].start == 1) &
                               (c->text[c->tok[i].start] == ch));
}

/* Token i is a dash: - -- U+2014 U+2013. */
int qt_is_dash(const qt_ctx *c, int32_t i);

/* ---- the jobs ----------------------------------------------------------- */

/* direct.c: pair quote marks into c->pairs and fill c->pair_of. */
int qt_find_pairs(qt_ctx *c);

/* speakers.c: the speaker noun phrase ending at token `end` (inclusive,
 * after skipping auxiliaries and adverbials back from it), not before
 * token `floor`. Returns 1 and fills np, or 0. */
int qt_speaker_before(const qt_ctx *c, int32_t end, int32_t floor, qt_np *np);
/* "the admiral": a determiner and a common noun in no table, ending at
 * token `end` right before a cue; only a speech verb in the past makes
 * it a speaker ("the admiral said", not "the vote needed"). */
int qt_common_speaker_before(const qt_ctx *c, int32_t end, int32_t floor,
                             qt_np *np);
/* The same phrase starting at token `start` after an inverted cue ("...,
 * said the admiral."). */
int qt_common_speaker_after(const qt_ctx *c, int32_t start, int32_t ceil,
                            qt_np *np);
/* The speaker noun phrase starting at token `start`, not past `ceil`. */
int qt_speaker_after(const qt_ctx *c, int32_t start, int32_t ceil, qt_np *np);

/* indirect.c: analyse every segment: direct quotes with their frames,
 * indirect and mixed quotes, uncued continuations. */
int qt_attribute(qt_ctx *c);

/* coref.c: resolve every quote's speaker to a canonical name and build the
 * mentions layer. */
int qt_resolve(qt_ctx *c);

#endif /* TEXTPIPE_QUOTES_QUOTES_H */
