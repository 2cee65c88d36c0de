/*
 * stage.c - the stance stage's plugin glue. For each quote (when the
 * quotes stage ran) it sets the reporter's stance from the cue verb and a
 * stance toward every target the quote is about; for the document, one
 * stance per target, aggregated from the quotes about it when they take a
 * side, or else (a tweet, an editorial) judged on the whole text. Targets
 * come from the document (the protocol's `targets`) or else from
 * `targets_file`. The decision is the zero-shot rules, or a trained model
 * (`model`) for the whole-text case; quotes always use the rules, since a model
 * trained on tweets or headlines knows nothing of quotes.
 *
 * `lexicons` is a list of paths (TP_OPT_PATH_LIST): the host resolves
 * relative ones against the config file's folder, or the working directory
 * for --set, as for every other path.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <textpipe/tp_plugin.h>

#include "stance.h"

enum { OPT_TARGETS_FILE, OPT_MODEL, OPT_LEXICONS };

/* Words either side of a speaker's mention that describe the speaker. */
#define SPEAKER_REACH 4
/* Evidence a quote's label needs when its content does not name the
 * target but its sentence does, and when only its speaker is the target
 * (st_judge labels from 0.5). */
#define CONTEXT_NEED 1.0
#define SELF_NEED 1.5

static const tp_option_def stance_options[] = {
    [OPT_TARGETS_FILE] = {"targets_file", TP_OPT_PATH, NULL,
                          "targets, one 'NAME: alias, alias, ...' per line "
                          "(a document's own targets override them)"},
    [OPT_MODEL] = {"model", TP_OPT_PATH, NULL,
                   "a model from `textpipe train-stance` (default: the "
                   "zero-shot rules)"},
    [OPT_LEXICONS] = {"lexicons", TP_OPT_PATH_LIST, NULL,
                      "extra word<TAB>score files, comma-separated (relative "
                      "paths: to the config file's folder)"},
    {NULL, 0, NULL, NULL}};

typedef struct stance_instance {
    const tp_host *host;
    st_lexicon *lx;
    st_targets conf_targets;
    st_model model;
    int has_model;
    /* per-document scratch, reused */
    st_words words;
    st_words name_words; /* a speaker's name, split */
    uint8_t *marks;      /* per target, one row of marks of every word */
    size_t cap_marks;
    st_target *doc_targets; /* the document's own, compiled; kept for the
                               next document, which often has the same */
    size_t n_doc_targets;
    int use_doc_targets; /* this document has targets of its own */
    st_fscratch fs;
    st_fvec fv;
    double *evidence;     /* per target: sum of quote evidence */
    uint32_t *about;      /* per quote x target: 1 when about it */
    int8_t *entity_names; /* per entity x target: its name names the
                             target (1), not (0), not looked up (-1) */
    size_t cap_about, cap_evidence, cap_entity_names;
    uint8_t *other; /* per word: inside a span of an entity that
                       names no target */
    size_t cap_other;
    /* per word: its end and start bytes, packed for word_range's binary
     * searches (st_word is 48 bytes; a document's words overflow L1) */
    uint32_t *w_end, *w_start;
    size_t cap_w_end, cap_w_start;
    st_judge_pass pass;     /* the judge's walk over a quote, shared by
                               every target it is about */
    st_judge_pass doc_pass; /* the same over the whole text, made with
                               the words */
} stance_instance;

static void stance_destroy(void *instance)
{
    stance_instance *inst = instance;
    size_t i;
    if (!inst)
        return;
    for (i = 0; i < inst->n_doc_targets; i++)
        st_target_free(&inst->doc_targets[i]);
    free(inst->doc_targets);
    st_targets_free(&inst->conf_targets);
    st_model_free(&inst->model);
    st_lexicon_free(inst->lx);
    st_words_free(&inst->words);
    st_words_free(&inst->name_words);
    st_fscratch_free(&inst->fs);
    st_fvec_free(&inst->fv);
    st_judge_pass_free(&inst->pass);
    st_judge_pass_free(&inst->doc_pass);
    free(inst->marks);
    free(inst->evidence);
    free(inst->about);
    free(inst->entity_names);
    free(inst->other);
    free(inst->w_end);
    free(inst->w_start);
    free(inst);
}

static int stance_create(const tp_host *host, const tp_optval *options,
                         void **instance, char *err, size_t err_len)
{
    stance_instance *inst;
    char msg[512];
    size_t i;

    if (!host || !host->alloc) {
        snprintf(err, err_len, "stance: the host gave no arena functions");
        return TP_FATAL;
    }
    inst = calloc(1, sizeof(*inst));
    if (!inst || !(inst->lx = st_lexicon_new())) {
        free(inst);
        snprintf(err, err_len, "stance: out of memory");
        return TP_FATAL;
    }
    inst->host = host;
    /* the document's words: most were made before, in other documents */
    if (st_words_memo(&inst->words)) {
        stance_destroy(inst);
        snprintf(err, err_len, "stance: out of memory");
        return TP_FATAL;
    }
    if (options && options[OPT_LEXICONS].is_set)
        for (i = 0; i < options[OPT_LEXICONS].n_list; i++)
            if (st_lexicon_load(inst->lx, options[OPT_LEXICONS].list[i], msg,
                                sizeof(msg))) {
                snprintf(err, err_len, "[stage.stance] lexicons: %s", msg);
                stance_destroy(inst);
                return TP_FAIL;
            }
    if (options && options[OPT_TARGETS_FILE].is_set &&
        st_targets_load(&inst->conf_targets, inst->lx,
                        options[OPT_TARGETS_FILE].s, msg, sizeof(msg))) {
        snprintf(err, err_len, "[stage.stance] targets_file: %s", msg);
        stance_destroy(inst);
        return TP_FAIL;
    }
    if (options && options[OPT_MODEL].is_set) {
        if (st_model_load(&inst->model, options[OPT_MODEL].s,
                          st_lexicon_fingerprint(inst->lx), msg, sizeof(msg))) {
            snprintf(err, err_len, "[stage.stance] model = %s", msg);
            stance_destroy(inst);
            return TP_FAIL;
        }
        inst->has_model = 1;
    }
    *instance = inst;
    return TP_OK;
}

/* Whether the compiled document targets are doc's own: the same names and
 * aliases, byte for byte (documents sent for one target in a row, as
 * evaluations and feeds send them, compile it once). */
static int same_doc_targets(const stance_instance *inst, const tp_doc *doc)
{
    size_t i, k;
    if (inst->n_doc_targets != doc->n_targets)
        return 0;
    for (i = 0; i < doc->n_targets; i++) {
        const tp_target *t = &doc->targets[i];
        const st_target *c = &inst->doc_targets[i];
        size_t n = t->n_aliases < 64 ? t->n_aliases : 64;
        if (c->name_len != t->name.len || c->n_alias_text != n ||
            (t->name.len && memcmp(c->name, t->name.ptr, t->name.len)))
            return 0;
        /* an alias holding a NUL byte never compares equal: compiled
         * again, as before */
        for (k = 0; k < n; k++)
            if (strlen(c->alias_text[k]) != t->aliases[k].len ||
                (t->aliases[k].len &&
                 memcmp(c->alias_text[k], t->aliases[k].ptr,
                        t->aliases[k].len)))
                return 0;
    }
    return 1;
}

/* Compile the document's own targets (they override the config's), unless
 * they are those of the document before. */
static int doc_targets(stance_instance *inst, const tp_doc *doc)
{
    size_t i, k;
    inst->use_doc_targets = doc->targets && doc->n_targets;
    if (!inst->use_doc_targets || same_doc_targets(inst, doc))
        return 0;
    for (i = 0; i < inst->n_doc_targets; i++)
        st_target_free(&inst->doc_targets[i]);
    inst->n_doc_targets = 0;
    free(inst->doc_targets);
    inst->doc_targets = calloc(doc->n_targets, sizeof(st_target));
    if (!inst->doc_targets)
        return -1;
    for (i = 0; i < doc->n_targets; i++) {
        const tp_target *t = &doc->targets[i];
        const char *al[64];
        size_t alen[64], n = t->n_aliases < 64 ? t->n_aliases : 64;
        for (k = 0; k < n; k++) {
            al[k] = t->aliases[k].ptr;
            alen[k] = t->aliases[k].len;
        }
        if (st_target_init(&inst->doc_targets[i], inst->lx, t->name.ptr,
                           t->name.len, al, alen, n))
            return -1;
        inst->n_doc_targets++;
    }
    return 0;
}

/* First word whose end is after `pos`, and the first whose start is at
 * or after `end`: the words of [pos, end). */
static void word_range(const stance_instance *inst, uint32_t pos, uint32_t end,
                       size_t *a, size_t *b)
{
    /* branchless lower bounds (the halving step is a conditional move)
     * over the packed bounds (w_end, w_start): the searches run per
     * quote, per entity span and per target, and mispredicted about half
     * their steps; the bounds found are the same */
    const uint32_t *we = inst->w_end, *ws = inst->w_start;
    size_t n = inst->words.n, lo = 0, len = n;
    if (!len) {
        *a = *b = 0;
        return;
    }
    while (len > 1) {
        size_t half = len / 2;
        lo = we[lo + half] <= pos ? lo + half : lo;
        len -= half;
    }
    lo += we[lo] <= pos;
    *a = lo;
    len = n - lo;
    if (!len) {
        *b = lo;
        return;
    }
    while (len > 1) {
        size_t half = len / 2;
        lo = ws[lo + half] < end ? lo + half : lo;
        len -= half;
    }
    lo += ws[lo] < end;
    *b = lo;
}

/* The sentence around a span, from the sentences layer (the span itself
 * when there is none). */
static tp_span sentence_of(const tp_doc *doc, tp_span s)
{
    size_t lo = 0, hi = doc->n_sentences;
    tp_span out = s;
    if (!doc->sentences)
        return out;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (doc->sentences[mid].end <= s.start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < doc->n_sentences && doc->sentences[lo].start < out.start)
        out.start = doc->sentences[lo].start;
    while (lo < doc->n_sentences && doc->sentences[lo].start < s.end) {
        if (doc->sentences[lo].end > out.end)
            out.end = doc->sentences[lo].end;
        lo++;
    }
    return out;
}

static char *arena_str(const tp_host *host, tp_doc *doc, const char *s,
                       size_t len)
{
    char *p = host->alloc(doc, len ? len : 1);
    if (p && len)
        memcpy(p, s, len);
    return p;
}

/* Does a row of marks name the target by an alias in words [a, b)? */
static int names(const uint8_t *row, size_t a, size_t b)
{
    return a < b && memchr(row + a, 2, b - a) != NULL;
}

/* Does a split name (name_words) contain an alias of t? */
static int name_mentions(const st_words *ws, const st_target *t)
{
    uint8_t marks[64];
    if (!ws->n || ws->n > sizeof(marks))
        return 0;
    return st_target_mark(t, ws, 0, ws->n, marks) == 2;
}

/* Whether a name may name one of the targets (st_target_may_name): most
 * names of a document's people name none, and are not split. */
static int may_name_any(const st_target *targets, size_t n_targets,
                        const char *s, size_t len)
{
    char lower[256];
    size_t i;
    /* a curly apostrophe becomes ' in a word's form */
    if (len > sizeof(lower) || memchr(s, 0xe2, len))
        return 1;
    for (i = 0; i < len; i++)
        lower[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    for (i = 0; i < n_targets; i++)
        if (st_target_may_name(&targets[i], lower, len))
            return 1;
    return 0;
}

/* Split a speaker's name into name_words (empty when there is none, it
 * is too long to be a name or it cannot name a target). */
static void split_name(stance_instance *inst, const tp_str *s,
                       const st_target *targets, size_t n_targets)
{
    inst->name_words.n = 0;
    if (s->ptr && s->len && s->len <= 256 &&
        may_name_any(targets, n_targets, s->ptr, s->len) &&
        st_words_split(&inst->name_words, inst->lx, s->ptr, s->len))
        inst->name_words.n = 0;
}

/* Whether a quote's speaker names target t, by the canonical name of the
 * speaker's entity (name_entities looked it up for the document) or by the
 * quote's own speaker_name when it has no entity (split once per quote by the
 * caller into name_words). */
static int speaker_names(stance_instance *inst, const tp_doc *doc,
                         const tp_quote *qu, const st_target *tg, size_t t,
                         size_t n_targets)
{
    if (qu->mention >= 0 && (size_t)qu->mention < doc->n_mentions)
        return inst->entity_names[(size_t)qu->mention * n_targets + t];
    return name_mentions(&inst->name_words, tg);
}

/* Whether each entity of the quotes stage (doc->mentions) names each
 * target by its canonical name ("Hillary Clinton" for "she", "Mrs.
 * Clinton"): its name is split once and tested against every target. */
static void name_entities(stance_instance *inst, const tp_doc *doc,
                          const st_target *targets, size_t n_targets)
{
    size_t m, t;
    for (m = 0; m < doc->n_mentions; m++) {
        split_name(inst, &doc->mentions[m].name, targets, n_targets);
        for (t = 0; t < n_targets; t++)
            inst->entity_names[m * n_targets + t] =
                (int8_t)name_mentions(&inst->name_words, &targets[t]);
    }
}

/* Mark as mentions of target t the spans of every entity whose canonical
 * name names it (name_entities ran). */
static void mark_entities(stance_instance *inst, const tp_doc *doc, size_t t,
                          size_t n_targets, uint8_t *row)
{
    size_t m, k, a, b;
    for (m = 0; m < doc->n_mentions; m++) {
        const tp_mention *me = &doc->mentions[m];
        if (inst->entity_names[m * n_targets + t] != 1)
            continue;
        for (k = 0; k < me->n_spans; k++) {
            if (me->spans[k].end > doc->text_len)
                continue;
            word_range(inst, me->spans[k].start, me->spans[k].end, &a, &b);
            for (; a < b; a++)
                if (!(inst->words.w[a].flags & ST_W_PUNCT))
                    row[a] = 2;
        }
    }
}

/* Third-person pronouns that may stand for a person named before. */
static int is_pronoun(const st_words *ws, const st_word *w)
{
    static const char *const pronouns[] = {"he",  "him",  "his", "she",
                                           "her", "hers", NULL};
    size_t i;
    const char *f = st_word_text(ws, w);
    /* every word of every document comes here: most leave at once */
    if (w->len < 2 || w->len > 4 || (f[0] != 'h' && f[0] != 's'))
        return 0;
    for (i = 0; pronouns[i]; i++)
        if (strcmp(f, pronouns[i]) == 0)
            return 1;
    return 0;
}

/* How far back a pronoun looks for its antecedent, in words. */
#define PRONOUN_REACH 40

/*
 * A pronoun the quotes stage left unresolved ("There is no doubt that he
 * is a very bright man", the Russian leader said) stands for the nearest
 * person named before it within PRONOUN_REACH words: when that is a
 * mention of a target, the pronoun is marked as one. A nearer mention of
 * another entity of the quotes stage (a speaker who names no target)
 * blocks it, as does a mention of two targets at once.
 */
static void resolve_pronouns(stance_instance *inst, const tp_doc *doc,
                             size_t n_targets, size_t stride)
{
    const st_words *ws = &inst->words;
    size_t i, j, t, m, k, a, b, first = ws->n, last = 0;

    /* a pronoun resolves only within PRONOUN_REACH words after a mention
     * of a target (or after a pronoun resolved to one): the words before
     * the first mention, and most documents, need no look */
    for (t = 0; t < n_targets; t++) {
        const uint8_t *row = inst->marks + t * stride;
        const uint8_t *p = memchr(row, 2, ws->n);
        if (!p)
            continue;
        if ((size_t)(p - row) < first)
            first = (size_t)(p - row);
        for (j = ws->n; j-- > first && row[j] != 2;)
            ;
        if (j > last)
            last = j;
    }
    if (first >= ws->n)
        return;
    memset(inst->other, 0, ws->n + 1);
    for (m = 0; m < doc->n_mentions; m++) {
        int names_target = 0;
        for (t = 0; t < n_targets; t++)
            names_target |= inst->entity_names[m * n_targets + t] == 1;
        if (names_target)
            continue;
        for (k = 0; k < doc->mentions[m].n_spans; k++) {
            const tp_span *sp = &doc->mentions[m].spans[k];
            if (sp->end > doc->text_len)
                continue;
            word_range(inst, sp->start, sp->end, &a, &b);
            for (; a < b; a++)
                inst->other[a] = 1;
        }
    }
    for (i = first + 1; i < ws->n && i <= last + PRONOUN_REACH; i++) {
        int found = -1;
        if (!is_pronoun(ws, &ws->w[i]))
            continue;
        for (t = 0; t < n_targets; t++)
            if (inst->marks[t * stride + i])
                break;
        if (t < n_targets)
            continue; /* resolved already */
        for (j = i; j-- > 0 && i - j <= PRONOUN_REACH && found == -1;) {
            for (t = 0; t < n_targets; t++)
                if (inst->marks[t * stride + j] == 2)
                    found = found == -1 ? (int)t : -2; /* two: unclear */
            if (found == -1 && (inst->other[j] || is_pronoun(ws, &ws->w[j])))
                break;
        }
        if (found >= 0) {
            inst->marks[(size_t)found * stride + i] = 2;
            if (i > last)
                last = i;
        }
    }
}

/* Weight of a cue verb that takes a side toward its object ("praised",
 * "attacked", "defended"), as st_judge weighs a stance word. */
#define CUE_WEIGHT 2.0
/* Words after the cue in which its object may name the target. */
#define CUE_REACH 6

/*
 * The cue itself may take a side toward the target: in "Putin praises
 * Trump" or "Clinton attacked Trump's remarks" the reporting verb is a
 * stance word (or carries valence) and its object, the quote's content or
 * the words just after the cue, names the target. A negator just before
 * the cue flips it. Adds to the judgement's polarity and relabels it.
 */
static void cue_stance(stance_instance *inst, const tp_doc *doc,
                       const tp_quote *qu, const uint8_t *row, size_t ca,
                       size_t cb, int in_content, st_judgement *j)
{
    const st_words *ws = &inst->words;
    size_t a, b, i, k, seen;
    double e = 0;
    if (!(qu->flags & TP_QUOTEF_HAS_CUE) || qu->cue.end > doc->text_len)
        return;
    word_range(inst, qu->cue.start, qu->cue.end, &a, &b);
    for (i = a; i < b; i++) {
        const st_word *w = &ws->w[i];
        double sign = (w->lex & ST_L_PRO)   ? 1.0
                      : (w->lex & ST_L_CON) ? -1.0
                      : (w->lex & ST_L_HAS_VALENCE) && w->valence != 0
                          ? (w->valence > 0 ? 1.0 : -1.0)
                          : 0.0;
        int object = in_content && ca < cb;
        if (sign == 0)
            continue;
        for (k = i + 1, seen = 0; !object && k < ws->n && seen < CUE_REACH;
             k++) {
            if (ws->w[k].flags & ST_W_SENT)
                break;
            if (ws->w[k].flags & ST_W_PUNCT)
                continue;
            seen++;
            object = row[k] == 2;
        }
        if (!object)
            continue;
        if (i > 0 && (ws->w[i - 1].lex & ST_L_NEGATOR))
            sign = -sign;
        e += sign * CUE_WEIGHT;
    }
    if (e == 0)
        return;
    j->polarity += e;
    j->label = fabs(j->polarity) < 0.5 ? ST_NONE
               : j->polarity > 0       ? ST_FAVOR
                                       : ST_AGAINST;
    j->score = j->label == ST_NONE
                   ? 1.0 - fabs(j->polarity)
                   : 0.5 + 0.5 * (1.0 - exp(-fabs(j->polarity) / 2));
}

static double signed_evidence(int label, double score)
{
    return label == ST_FAVOR ? score : label == ST_AGAINST ? -score : 0;
}

/* The document's words, from its tokens layer (the tokenize stage ran:
 * the stage requires it), looked up in the lexicon. */
static int doc_words(stance_instance *inst, const tp_doc *doc)
{
    return doc->tokens || !doc->text_len
               ? st_words_from_tokens_lex(&inst->words, inst->lx, doc->text,
                                          doc->text_len, doc->tokens,
                                          doc->n_tokens)
               : st_words_split(&inst->words, inst->lx, doc->text,
                                doc->text_len);
}

static int stance_process(void *instance, tp_doc *doc, char *err,
                          size_t err_len)
{
    stance_instance *inst = instance;
    const tp_host *host = inst->host;
    const st_target *targets;
    size_t n_targets, q, t, stride;
    tp_stance *ds;

    /* the reporter's stance needs no target */
    for (q = 0; q < doc->n_quotes; q++) {
        tp_quote *qu = &doc->quotes[q];
        qu->stance = NULL;
        qu->n_stance = 0;
        if ((qu->flags & TP_QUOTEF_HAS_CUE) && qu->cue.end > qu->cue.start &&
            qu->cue.end <= doc->text_len)
            qu->reporter = (uint32_t)st_reporter_class(
                doc->text + qu->cue.start, qu->cue.end - qu->cue.start);
        else
            qu->reporter = TP_REPORTER_UNSET;
    }
    doc->stance = NULL;
    doc->n_stance = 0;

    if (doc_targets(inst, doc)) {
        snprintf(err, err_len, "stance: out of memory for targets");
        return TP_FAIL;
    }
    targets = inst->use_doc_targets ? inst->doc_targets : inst->conf_targets.t;
    n_targets =
        inst->use_doc_targets ? inst->n_doc_targets : inst->conf_targets.n;
    if (!n_targets)
        return TP_OK;

    /* the words that may mention a target are listed as they are made */
    memset(&inst->words.want, 0, sizeof(inst->words.want));
    for (t = 0; t < n_targets; t++)
        st_bloom_add(&inst->words.want, &targets[t].bloom);
    /* the whole text is judged as its words are made, for the targets no
     * quote is about (a model judges those itself) */
    inst->words.judge = inst->has_model ? NULL : &inst->doc_pass;
    if (doc_words(inst, doc) ||
        st_grow((void **)&inst->marks, &inst->cap_marks,
                (inst->words.n + 1) * n_targets, 1) ||
        st_grow((void **)&inst->evidence, &inst->cap_evidence, n_targets,
                sizeof(double)) ||
        st_grow((void **)&inst->about, &inst->cap_about,
                doc->n_quotes * n_targets + 1, sizeof(uint32_t)) ||
        st_grow((void **)&inst->entity_names, &inst->cap_entity_names,
                doc->n_mentions * n_targets + 1, 1) ||
        st_grow((void **)&inst->other, &inst->cap_other, inst->words.n + 1,
                1) ||
        st_grow((void **)&inst->w_end, &inst->cap_w_end, inst->words.n + 1,
                sizeof(uint32_t)) ||
        st_grow((void **)&inst->w_start, &inst->cap_w_start, inst->words.n + 1,
                sizeof(uint32_t))) {
        snprintf(err, err_len, "stance: out of memory");
        return TP_FAIL;
    }
    for (q = 0; q < inst->words.n; q++) {
        inst->w_end[q] = inst->words.w[q].end;
        inst->w_start[q] = inst->words.w[q].start;
    }
    memset(inst->evidence, 0, n_targets * sizeof(double));
    memset(inst->about, 0, (doc->n_quotes * n_targets + 1) * sizeof(uint32_t));
    memset(inst->entity_names, -1, doc->n_mentions * n_targets + 1);
    /* every target's mentions, marked once over the whole document: the
     * quotes, their sentences and the whole-text verdict read the rows */
    stride = inst->words.n + 1;
    name_entities(inst, doc, targets, n_targets);
    st_targets_mark(targets, n_targets, &inst->words, inst->marks, stride);
    for (t = 0; t < n_targets; t++)
        mark_entities(inst, doc, t, n_targets, inst->marks + t * stride);
    resolve_pronouns(inst, doc, n_targets, stride);

    /* quotes: which targets each is about, and its stance toward them */
    for (q = 0; q < doc->n_quotes; q++) {
        tp_quote *qu = &doc->quotes[q];
        tp_stance *qs;
        size_t ca, cb, sa, sb, pa = 0, pb = 0, spa, spb, n = 0;
        int scanned;
        tp_span sent;

        if (qu->content.end > doc->text_len ||
            qu->content.start >= qu->content.end)
            continue;
        word_range(inst, qu->content.start, qu->content.end, &ca, &cb);
        sent = sentence_of(doc, qu->content);
        if (qu->flags & TP_QUOTEF_HAS_CUE) {
            tp_span cs = sentence_of(doc, qu->cue);
            if (cs.start < sent.start)
                sent.start = cs.start;
            if (cs.end > sent.end)
                sent.end = cs.end;
        }
        word_range(inst, sent.start, sent.end, &sa, &sb);
        if (qu->flags & TP_QUOTEF_HAS_SPEAKER &&
            qu->speaker.end <= doc->text_len)
            word_range(inst, qu->speaker.start, qu->speaker.end, &pa, &pb);
        /* the speaker's own context: a few words either side of the
         * speaker's mention, outside the quote ("ICE spokesperson Lori
         * Haley", "Haley, a spokeswoman for ICE") */
        spa = spb = 0;
        if (pb > pa) {
            spa = pa > SPEAKER_REACH ? pa - SPEAKER_REACH : 0;
            spb = pb + SPEAKER_REACH < inst->words.n ? pb + SPEAKER_REACH
                                                     : inst->words.n;
            if (pa >= cb && spa < cb)
                spa = cb;
            if (pb <= ca && spb > ca)
                spb = ca;
        }
        qs = host->alloc(doc, n_targets * sizeof(tp_stance));
        if (!qs) {
            snprintf(err, err_len, "stance: out of document memory");
            return TP_FAIL;
        }
        if (qu->mention < 0 || (size_t)qu->mention >= doc->n_mentions)
            split_name(inst, &qu->speaker_name, targets, n_targets);
        scanned = 0;
        for (t = 0; t < n_targets; t++) {
            const st_target *tg = &targets[t];
            uint8_t *row = inst->marks + t * stride;
            st_judgement j;
            int by_name = speaker_names(inst, doc, qu, tg, t, n_targets);
            int in_content = names(row, ca, cb);
            /* the sentence names it beside the speaker's own mention and
             * its description */
            size_t xa = spb > spa ? spa : pa, xb = spb > spa ? spb : pb;
            int in_sentence = xb > xa ? names(row, sa, xa < sb ? xa : sb) ||
                                            names(row, xb > sa ? xb : sa, sb)
                                      : names(row, sa, sb);
            int self = names(row, spa, spb) || by_name;
            double need;
            if (!in_content && !in_sentence && !self)
                continue;
            /* the quote is walked once, for the first target it is
             * about */
            if (!scanned &&
                st_judge_scan(inst->lx, &inst->words, ca, cb, &inst->pass)) {
                snprintf(err, err_len, "stance: out of memory");
                return TP_FAIL;
            }
            scanned = 1;
            st_judge_apply(
                &inst->pass, tg, &inst->words, row,
                (in_content ? 0u : ST_J_CONTEXT) | (self ? ST_J_SELF : 0u), &j);
            cue_stance(inst, doc, qu, row, ca, cb, in_content, &j);
            /* how much evidence a label needs: a quote that names the
             * target speaks of it; one whose sentence names it may be
             * about something else; one whose only link is that its
             * speaker is the target mostly speaks of other things */
            need = in_content ? 0 : in_sentence ? CONTEXT_NEED : SELF_NEED;
            /* nor does a target speak against itself: its own negative
             * words are about something else */
            if ((j.label != ST_NONE && fabs(j.polarity) < need) ||
                (!in_content && !in_sentence && j.label == ST_AGAINST)) {
                j.label = ST_NONE;
                j.score = 0.5;
            }
            memset(&qs[n], 0, sizeof(qs[n]));
            qs[n].target.ptr = arena_str(host, doc, tg->name, tg->name_len);
            qs[n].target.len = tg->name_len;
            if (!qs[n].target.ptr) {
                snprintf(err, err_len, "stance: out of document memory");
                return TP_FAIL;
            }
            qs[n].label = (uint32_t)j.label;
            qs[n].score = j.score;
            n++;
            inst->about[q * n_targets + t] = 1;
            inst->evidence[t] += signed_evidence(j.label, j.score);
        }
        qu->stance = n ? qs : NULL;
        qu->n_stance = (uint32_t)n;
    }

    /* the document: from its quotes about the target when they take a
     * side, else from its text (a tweet that quotes someone neutrally
     * still speaks for itself) */
    ds = host->alloc(doc, n_targets * sizeof(tp_stance));
    if (!ds) {
        snprintf(err, err_len, "stance: out of document memory");
        return TP_FAIL;
    }
    for (t = 0; t < n_targets; t++) {
        const st_target *tg = &targets[t];
        uint32_t *idx = NULL, n_idx = 0;
        memset(&ds[t], 0, sizeof(ds[t]));
        for (q = 0; q < doc->n_quotes; q++)
            n_idx += inst->about[q * n_targets + t];
        if (n_idx) {
            double e = inst->evidence[t];
            idx = host->alloc(doc, n_idx * sizeof(uint32_t));
            if (!idx) {
                snprintf(err, err_len, "stance: out of document memory");
                return TP_FAIL;
            }
            n_idx = 0;
            for (q = 0; q < doc->n_quotes; q++)
                if (inst->about[q * n_targets + t])
                    idx[n_idx++] = (uint32_t)q;
            /* the mean evidence of the quotes, as a signed 0..1 score */
            e /= n_idx;
            ds[t].label = e > 0.2 ? ST_FAVOR : e < -0.2 ? ST_AGAINST : ST_NONE;
            ds[t].score = ds[t].label == ST_NONE ? 1.0 - 2.5 * (e < 0 ? -e : e)
                                                 : (e < 0 ? -e : e);
        }
        if (ds[t].label == ST_NONE && inst->has_model) {
            double score;
            if (st_features_words(inst->lx, tg, &inst->words, inst->model.bits,
                                  &inst->fs, &inst->fv)) {
                snprintf(err, err_len, "stance: out of memory");
                return TP_FAIL;
            }
            ds[t].label =
                (uint32_t)st_model_predict(&inst->model, &inst->fv, &score);
            ds[t].score = score;
        } else if (ds[t].label == ST_NONE) {
            st_judgement j;
            st_judge_apply(&inst->doc_pass, tg, &inst->words,
                           inst->marks + t * stride, ST_J_WHOLE, &j);
            ds[t].label = (uint32_t)j.label;
            ds[t].score = j.score;
        }
        ds[t].target.ptr = arena_str(host, doc, tg->name, tg->name_len);
        ds[t].target.len = tg->name_len;
        ds[t].quotes = idx;
        ds[t].n_quotes = n_idx;
        if (!ds[t].target.ptr) {
            snprintf(err, err_len, "stance: out of document memory");
            return TP_FAIL;
        }
    }
    doc->stance = ds;
    doc->n_stance = n_targets;
    return TP_OK;
}

static const char *const stance_requires[] = {TP_LAYER_TOKENS,
                                              TP_LAYER_SENTENCES, NULL};
static const char *const stance_provides[] = {TP_LAYER_STANCE, NULL};

static const tp_stage_desc stance_stage = {
    TP_STAGE_DESC_INIT,
    .name = "stance",
    .version = "1.0.0",
    .description = "FAVOR / AGAINST / NONE toward targets, per quote and per "
                   "document; the reporter's stance from the cue",
    .requires = stance_requires,
    .provides = stance_provides,
    .options = stance_options,
    .create = stance_create,
    .process = stance_process,
    .destroy = stance_destroy,
};

TP_STAGE_DEFINE(stance_stage)
