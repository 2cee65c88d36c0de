/*
 * stance.h - the core of the stance stage, shared by the plugin
 * (stage.c), the trainer (`textpipe train-stance`) and the unit tests.
 * Nothing here calls the host: the plugin glue copies results into the
 * document arena. Words come from the tokenize stage's core (the stage
 * reads the document's tokens; the trainer tokenizes its JSON lines with
 * the same core), so that the features computed by the trainer from a
 * JSON line are byte for byte those computed by the stage from a
 * document.
 *
 * Parts: words (text.c), lexicon tables and extra word<TAB>score files
 * (lexicon.c, tables.c), targets and alias matching (targets.c), the
 * zero-shot rules and the reporter classes (rules.c), hashed features, the
 * linear model, its file format and its training (model.c).
 */
#ifndef TEXTPIPE_STANCE_H
#define TEXTPIPE_STANCE_H

#include <stddef.h>
#include <stdint.h>

#include <textpipe/tp_plugin.h>

/* Labels, as in tp_plugin.h (tp_stance_label). */
enum { ST_NONE = 0, ST_FAVOR = 1, ST_AGAINST = 2, ST_N_LABELS = 3 };

/* "FAVOR" / "AGAINST" / "NONE" -> label; -1 when unknown. */
int st_label_parse(const char *s);

/* ---- words (text.c) ------------------------------------------------------ */

/* Word flags. */
#define ST_W_HASHTAG (1u << 0) /* part of a #hashtag */
#define ST_W_HANDLE (1u << 1)  /* part of an @handle */
#define ST_W_ALLCAPS (1u << 2) /* written in capitals, >= 2 letters */
#define ST_W_PUNCT (1u << 3)   /* punctuation, not a word */
#define ST_W_CLAUSE (1u << 4)  /* ends a clause: , ; : ( ) and dashes */
#define ST_W_SENT (1u << 5)    /* ends a sentence: . ! ? and new lines */
#define ST_W_QMARK (1u << 6)   /* a question mark */
#define ST_W_EXCL (1u << 7)    /* an exclamation mark */
#define ST_W_URL (1u << 8)     /* a URL, its text not kept */
#define ST_W_CAP (1u << 9)     /* first letter upper case */
#define ST_W_APOS (1u << 10)   /* its form holds an apostrophe */

/* A bloom filter of word hashes (the first words of a target's aliases)
 * and of stem hashes (its content words): one bit per hash, wide enough
 * that few of a document's words hit it by chance. */
#define ST_BLOOM_BITS 2048
typedef struct st_bloom {
    uint64_t word[ST_BLOOM_BITS / 64];
    uint64_t stem[ST_BLOOM_BITS / 64];
} st_bloom;

static inline int st_bloom_has(const uint64_t *bits, uint64_t hash)
{
    /* bits the lexicon's slot index and filter (low and top) leave */
    uint64_t b = (hash >> 40) & (ST_BLOOM_BITS - 1);
    return (int)(bits[b >> 6] >> (b & 63) & 1);
}
static inline void st_bloom_set(uint64_t *bits, uint64_t hash)
{
    uint64_t b = (hash >> 40) & (ST_BLOOM_BITS - 1);
    bits[b >> 6] |= 1ull << (b & 63);
}
/* into |= b */
void st_bloom_add(st_bloom *into, const st_bloom *b);
/* Whether any bit is set. */
int st_bloom_any(const st_bloom *b);

typedef struct st_word {
    uint32_t start, end; /* bytes of the original text */
    uint32_t norm, len;  /* the lower-cased form, in st_words.buf */
    uint64_t hash;       /* of the lower-cased form */
    uint64_t stem;       /* of its stem (st_stem) */
    uint32_t flags;      /* ST_W_* */
    uint32_t lex;        /* lexicon classes, once st_words_lex ran */
    float valence;       /* lexicon valence, likewise */
} st_word;

/* A reusable word list (malloc'ed; owned by its user, freed by
 * st_words_free). */
typedef struct st_memo st_memo;
typedef struct st_words {
    st_word *w;
    size_t n, cap;
    char *buf; /* lower-cased forms, NUL-separated */
    size_t buf_len, buf_cap;
    const struct st_lexicon *lexed; /* lex/valence filled from this one */
    void *tk_out;                   /* st_words_split's tokens (a tk_output) */
    /* Set by the user before the words are made: the targets' blooms
     * (st_target.bloom, OR'ed with st_bloom_add), or all zero. The words
     * that hit it are listed in `cand` as they are made, so that
     * st_targets_mark visits those alone; `cand_bloom` says which bloom
     * the list was made for. */
    st_bloom want, cand_bloom;
    uint32_t *cand;
    size_t n_cand, cap_cand;
    /* st_words_memo's memo of forms made before, or NULL */
    st_memo *memo;
    /* Set by the user, or NULL: the words made with a lexicon are judged
     * (st_judge_scan over all of them) into this pass as they are made,
     * while they are in cache. */
    struct st_judge_pass *judge;
} st_words;

struct st_lexicon;

/* Words and punctuation from tokens of the tokenize stage (the document's
 * tokens layer, or tk_tokenize's output) over text: ASCII letters are
 * lower-cased, other UTF-8 is kept, curly apostrophes become ', #hashtags
 * and @handles are split at case changes ("#StopTheBill" -> stop, the,
 * bill), URLs and e-mail addresses become "<url>". Replaces the list's
 * content; the words are not looked up yet (st_words_lex). Returns 0, or
 * -1 when out of memory. */
int st_words_from_tokens(st_words *ws, const char *text, size_t len,
                         const tp_token *tokens, size_t n_tokens);
/* The same, each word looked up in lx as it is made (st_words_lex), while
 * it is still in cache. */
int st_words_from_tokens_lex(st_words *ws, const struct st_lexicon *lx,
                             const char *text, size_t len,
                             const tp_token *tokens, size_t n_tokens);
/* The same from raw text: tokenize it with the lexicon's tokenizer (the
 * tokenize stage's core with its built-in tables), then look every word up
 * in the lexicon (st_words_lex). Returns 0, or -1 when out of memory. */
int st_words_split(st_words *ws, const struct st_lexicon *lx, const char *text,
                   size_t len);
/* Keep a memo of the words made (their hashes, stems and lexicon
 * entries, by form) across texts, for a list reused for many texts with
 * one lexicon: most words of a text were made before. It takes some
 * 190 KB, freed by st_words_free. Returns 0, or -1 when out of memory. */
int st_words_memo(st_words *ws);
void st_words_free(st_words *ws);
static inline const char *st_word_text(const st_words *ws, const st_word *w)
{
    return ws->buf + w->norm;
}

/* Make room for `need` elements of `elem` bytes in a malloc'ed array of
 * `*cap` (doubling). Returns 0, or -1 when out of memory (the array is
 * kept). */
int st_grow(void **p, size_t *cap, size_t need, size_t elem);

uint64_t st_hash(const void *data, size_t len);
/* The hash of a word's lower-cased form, as st_word.hash holds it (the
 * lexicon is keyed by it, so a word is looked up without hashing it
 * again). */
uint64_t st_word_hash(const char *form, size_t len);
uint64_t st_hash_mix(uint64_t a, uint64_t b);
/* The stem used for loose matching: plural, -ism/-ist, -ing, -ed and the
 * like stripped, then at most six bytes ("feminists" and "feminism" share
 * one). Returns its hash. */
uint64_t st_stem(const char *w, size_t len);

/* ---- lexicon (lexicon.c, tables.c) ----------------------------------------
 */

/* Classes of a lexicon word, beside its valence. */
#define ST_L_NEGATOR (1u << 0)  /* not, never, n't: flips what follows */
#define ST_L_INTENS (1u << 1)   /* very, extremely */
#define ST_L_DIMIN (1u << 2)    /* slightly, somewhat */
#define ST_L_HEDGE (1u << 3)    /* maybe, reportedly: less certain */
#define ST_L_CONTRAST (1u << 4) /* but, however: what follows weighs more */
#define ST_L_CONCESS                                                           \
    (1u << 5)                  /* although, though: what follows weighs less   \
                                */
#define ST_L_PRO (1u << 6)     /* support, defend: for its object */
#define ST_L_CON (1u << 7)     /* oppose, condemn: against its object */
#define ST_L_REFUTE (1u << 8)  /* hoax, false, debunked: denies a claim */
#define ST_L_STOP (1u << 9)    /* a function word, not a target word */
#define ST_L_COPULA (1u << 10) /* is, should: a target that is a claim */
#define ST_L_HAS_VALENCE (1u << 15)

typedef struct st_lexicon st_lexicon;

/* Look every word up once (st_judge then reads the cached classes, which
 * matters when one text is judged toward several targets). */
void st_words_lex(st_words *ws, const st_lexicon *lx);
/* The same for one word of ws. */
void st_word_lex(const st_lexicon *lx, const st_words *ws, st_word *w);

/* The built-in tables (tables.c). NULL when out of memory. */
st_lexicon *st_lexicon_new(void);
/* Add a word<TAB>score file (VADER, AFINN, ...): scores override the
 * built-in valence of a word; scores are divided by `scale` (VADER and
 * AFINN use about +-4 and +-5; the built-in tables +-3). Lines that are
 * empty or start with # are skipped. Returns 0, or -1 with "path:line:
 * message" in err. */
int st_lexicon_load(st_lexicon *lx, const char *path, char *err,
                    size_t err_len);
void st_lexicon_free(st_lexicon *lx);
/* What a word is: class bits and valence (0 when it has none). Finds the
 * word or a simple inflection of a table word (-s, -es, -ed, -ing, -ly,
 * stored when the tables were built), then a form without its apostrophe
 * ("dont"); a word ending in n't is a negator. Returns the class
 * bits, 0 for an unknown word. */
uint32_t st_lexicon_get(const st_lexicon *lx, const char *w, size_t len,
                        float *valence);
/* The same given the form's st_word_hash (st_word.hash). */
uint32_t st_lexicon_get_hashed(const st_lexicon *lx, const char *w, size_t len,
                               uint64_t hash, float *valence);
/* A fingerprint of the tables and of every file loaded, in order; a model
 * stores the one it was trained with. */
uint64_t st_lexicon_fingerprint(const st_lexicon *lx);
/* The tokenizer the stance core splits raw text with (st_words_split):
 * the tokenize stage's core, built with the lexicon and freed with it, so
 * that aliases, speakers' names and training texts are split as the
 * tokenize stage splits documents. */
const struct tk_tokenizer *st_lexicon_tokenizer(const st_lexicon *lx);

/* The authored tables (tables.c): groups of words that share a valence
 * (0 for none) and class bits. A word may sit in several groups; its
 * classes add up and the last non-zero valence wins. */
typedef struct st_lex_group {
    const char *const *words; /* NULL-terminated */
    float valence;
    uint32_t classes;
} st_lex_group;
extern const st_lex_group st_builtin_groups[];
/* Bump when the tables change, so that old models are refused. */
#define ST_TABLES_VERSION 1u

/* ---- targets (targets.c) ------------------------------------------------- */

/* One alias as a sequence of word hashes. */
typedef struct st_alias {
    uint64_t *words;
    uint32_t n;
    uint32_t caps; /* match capitals only ("ICE" is not "ice") */
    char *first;   /* the form of its first word (when n > 0) */
    size_t first_len;
} st_alias;

/* A target compiled for matching. */
typedef struct st_target {
    char *name;
    size_t name_len;
    char **alias_text; /* as written */
    size_t n_alias_text;
    st_alias *aliases; /* the name and every alias */
    size_t n_aliases;
    uint64_t *stems; /* content-word stems of name and aliases */
    size_t n_stems;
    uint64_t name_hash; /* of the lower-cased name: crosses features */
    st_bloom bloom;     /* alias first words' hashes, stems' hashes */
    float polarity;     /* a claim's own valence ("... is a real concern") */
} st_target;

typedef struct st_targets {
    st_target *t;
    size_t n;
} st_targets;

/* Compile one target from its name and aliases (the name is always an
 * alias too). Returns 0, or -1 when out of memory. */
int st_target_init(st_target *t, const st_lexicon *lx, const char *name,
                   size_t name_len, const char *const *aliases,
                   const size_t *alias_lens, size_t n_aliases);
void st_target_free(st_target *t);
/* Parse a targets file: `NAME: alias, alias, ...` per line, # comments.
 * Returns 0, or -1 with "path:line: message" in err. */
int st_targets_load(st_targets *ts, const st_lexicon *lx, const char *path,
                    char *err, size_t err_len);
/* The same from a string (tests); `origin` names it in messages. */
int st_targets_parse(st_targets *ts, const st_lexicon *lx, const char *text,
                     size_t len, const char *origin, char *err, size_t err_len);
void st_targets_free(st_targets *ts);

/* Mentions of a target in words [from, to): 2 for an alias, 1 for a
 * content word of the target's (a stem), 0 at other words. `marks` has one
 * byte per word of the list (indices from..to-1 are written). Returns the
 * strongest mark found. */
int st_target_mark(const st_target *t, const st_words *ws, size_t from,
                   size_t to, uint8_t *marks);

/* Whether a text (its ASCII letters lower-cased; no curly apostrophe in
 * it) may mention an alias of t: the form of the alias's first word is in
 * it. When not, no split of the text finds the alias, and it need not be
 * split. */
int st_target_may_name(const st_target *t, const char *lower, size_t len);

/* st_target_mark of every target over all the words, in one walk: row t
 * of `marks` (rows `stride` >= ws->n bytes apart) gets targets[t]'s. */
void st_targets_mark(const st_target *targets, size_t n_targets,
                     const st_words *ws, uint8_t *marks, size_t stride);

/* ---- zero-shot rules and reporter classes (rules.c) ---------------------- */

typedef struct st_judgement {
    int label;        /* ST_NONE / ST_FAVOR / ST_AGAINST */
    double score;     /* 0..1 */
    double polarity;  /* signed evidence toward the target */
    int mention;      /* 0 none, 1 a content word, 2 an alias */
    double sentiment; /* signed sentiment of the text, undirected */
    int n_negations, n_hedges, n_refutes, n_pro, n_con;
} st_judgement;

/* How st_judge reads a text. */
#define ST_J_CONTEXT                                                           \
    (1u << 0) /* known to be about the target (a quote                         \
                 whose sentence or speaker names it) */
#define ST_J_WHOLE                                                             \
    (1u << 1) /* a whole document with no quote about the                      \
                 target: a document-level verdict */
#define ST_J_SELF                                                              \
    (1u << 2) /* the speaker is the target or speaks for                       \
                 it ("an ICE spokesperson") */
#define ST_J_MARKED                                                            \
    (1u << 3) /* marks[from, to) already hold                                  \
                 st_target_mark's marks for the target                         \
                 (the stage marks a document once) */

/*
 * Judge the stance of words [from, to) toward the target with the lexicon
 * and rules (negation scope, contrast, intensifiers, hedges, stance words
 * aimed at the target, refutation of a claim). `marks` is scratch of one
 * byte per word of the list; `how` is ST_J_* bits.
 */
void st_judge(const st_lexicon *lx, const st_target *t, const st_words *ws,
              size_t from, size_t to, uint8_t *marks, unsigned how,
              st_judgement *out);

/*
 * The same in two steps, so that one text is walked once for all its
 * targets: st_judge_scan does everything that does not depend on the
 * target (valence, negation, contrast, hedges) and keeps, per sentence,
 * its evidence, and each stance word's position and weight; then
 * st_judge_apply weighs them by a target's marks (st_target_mark's over
 * [from, to), which it only reads). The pass is reusable scratch
 * (malloc'ed, freed by st_judge_pass_free). st_judge_scan returns 0, or -1
 * when out of memory.
 */
typedef struct st_judge_sentence {
    uint32_t end; /* one past its last word */
    int hedged;
    double sum; /* its evidence before the target's weight */
} st_judge_sentence;
typedef struct st_judge_word {
    uint32_t at; /* a stance word (support, oppose) */
    int sign;    /* +1 for, -1 against its object */
    double x;    /* negation, contrast, concession */
} st_judge_word;
typedef struct st_judge_state {
    int neg_left, concess; /* negation scope left; in a concession */
    double intens, after;  /* pending intensity; after a contrast */
    double sent_sum;       /* the current sentence's evidence */
    int sent_hedge;        /* it is hedged */
} st_judge_state;
typedef struct st_judge_pass {
    size_t from, to, next; /* next: the first word not scanned yet */
    st_judge_state state;
    st_judge_sentence *sentences;
    size_t n_sentences, cap_sentences;
    st_judge_word *words;
    size_t n_words, cap_words;
    double refute, senti;
    int n_opinion, n_negations, n_hedges, n_refutes;
} st_judge_pass;
int st_judge_scan(const st_lexicon *lx, const st_words *ws, size_t from,
                  size_t to, st_judge_pass *p);
void st_judge_apply(const st_judge_pass *p, const st_target *t,
                    const st_words *ws, const uint8_t *marks, unsigned how,
                    st_judgement *out);
void st_judge_pass_free(st_judge_pass *p);
/* st_judge_scan in steps, as words are made: begin at `from`; scan the
 * words before `upto` (each final: its flags and lexicon classes set),
 * as often as more are final; end at `to`. Return 0, or -1 when out of
 * memory. */
void st_judge_scan_begin(st_judge_pass *p, size_t from);
int st_judge_scan_more(const st_lexicon *lx, const st_words *ws,
                       st_judge_pass *p, size_t upto);
int st_judge_scan_end(const st_lexicon *lx, const st_words *ws,
                      st_judge_pass *p, size_t to);

/* tp_reporter value (1 neutral, 2 distancing, 3 endorsing) of a cue
 * ("said", "pointed out", "according to"); 1 when the cue is unknown. */
int st_reporter_class(const char *cue, size_t len);

/* ---- features and the linear model (model.c) ----------------------------- */

#define ST_MODEL_MAGIC "TPSTANCE"
#define ST_MODEL_VERSION 1u
/* Bump when features change: a model of other features is refused. */
#define ST_FEATURE_VERSION                                                     \
    3u /* 2: words from the tokenizer; 3: the                                  \
          zero-shot judgement's new weights */

/* A sparse feature vector: sorted unique indices, L2-normalised values.
 * Owned by its user (malloc'ed), reusable. */
typedef struct st_fvec {
    uint32_t *idx;
    float *val;
    size_t n, cap;
} st_fvec;
void st_fvec_free(st_fvec *f);

/* Scratch the feature extractor reuses between calls. */
typedef struct st_fscratch {
    st_words words;
    uint64_t *keys;
    size_t n_keys, cap_keys;
    uint8_t *marks;
    size_t cap_marks;
} st_fscratch;
void st_fscratch_free(st_fscratch *s);

/* Features of text toward target (hashed word 1-2-grams, char 2-5-grams,
 * the zero-shot judgement and lexicon counts; each also crossed with the
 * target's name), `bits` wide. Returns 0, or -1 out of memory. */
int st_features(const st_lexicon *lx, const st_target *t, const char *text,
                size_t len, uint32_t bits, st_fscratch *s, st_fvec *out);
/* The same from words already split and looked up in lx (the stage's
 * words of the document), which are only read. */
int st_features_words(const st_lexicon *lx, const st_target *t,
                      const st_words *ws, uint32_t bits, st_fscratch *s,
                      st_fvec *out);

typedef struct st_model {
    uint32_t bits;
    uint64_t lexicon_fp;
    float *w; /* (1 << bits) * ST_N_LABELS, one-vs-rest */
    float bias[ST_N_LABELS];
} st_model;

/* Scores of the three labels; returns the best label, its 0..1 score in
 * *score. */
int st_model_predict(const st_model *m, const st_fvec *x, double *score);
/* Save: magic, version, header, sparse weights, FNV-64 checksum. Returns 0
 * or -1 with a message. */
int st_model_save(const st_model *m, const char *path, char *err,
                  size_t err_len);
/* Load and check a model: refuses a bad magic, another version, another
 * feature version, a truncated or corrupt file, and a model trained with
 * other lexicons than `lexicon_fp`. Returns 0 or -1 with a message. */
int st_model_load(st_model *m, const char *path, uint64_t lexicon_fp, char *err,
                  size_t err_len);
/* The same from memory (tests). */
int st_model_read(st_model *m, const unsigned char *data, size_t len,
                  uint64_t lexicon_fp, char *err, size_t err_len);
void st_model_free(st_model *m);

/* Training data: feature vectors (CSR) and labels. */
typedef struct st_dataset {
    uint32_t *idx;
    float *val;
    size_t *row; /* n + 1 offsets into idx/val */
    int *label;
    size_t n, nnz;
} st_dataset;

typedef struct st_train_params {
    double c;   /* SVM cost */
    int epochs; /* at most */
    uint64_t seed;
    double class_weight[ST_N_LABELS]; /* cost multiplier per label */
} st_train_params;

/* Train a one-vs-rest L2-loss linear SVM (dual coordinate descent) on the
 * rows listed in `use` (all when NULL), deterministic for a seed. The model
 * must have bits set; its weights are allocated here. Returns 0, or -1 out
 * of memory. */
int st_train(st_model *m, const st_dataset *d, const size_t *use, size_t n_use,
             const st_train_params *p);

#endif /* TEXTPIPE_STANCE_H */
