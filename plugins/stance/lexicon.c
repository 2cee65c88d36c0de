/*
 * lexicon.c - the word table the zero-shot rules and the features read:
 * an open-addressing hash map from a lower-cased word to its class bits
 * and valence, filled from the built-in groups (tables.c) and from
 * word<TAB>score files named in config. It is built once per instance and
 * read-only afterwards. Its fingerprint ties a trained model to the exact
 * tables it was trained with.
 *
 * Every word of every document is looked up, and most are in no table:
 * the map is keyed by the words' own hash (st_word.hash), and the simple
 * inflections of table words ("supported", "threatens") are stored as
 * derived entries when the tables are built, so that a look-up is one
 * probe, with no hashing and no retries for inflections.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stance.h"
#include "tokenizer.h"

typedef struct lex_slot {
    uint64_t hash; /* 0 = empty */
    uint32_t key;  /* offset in pool */
    uint32_t key_len;
    uint32_t classes;
    float valence;
    uint32_t derived; /* an inflection of a table word, not a word of
                         its own: a table word replaces it */
} lex_slot;

struct st_lexicon {
    uint64_t *keys; /* the slots' hashes alone: probing reads only
                       these, a quarter of the slots' bytes */
    lex_slot *slots;
    size_t cap, n; /* cap is a power of two */
    char *pool;
    size_t pool_len, pool_cap;
    uint64_t fp;
    tk_tokenizer *tk; /* splits raw text as the tokenize stage does */
    /* one bit per value of a hash's top FILTER_BITS bits, set for every
     * key: most words of a text are in no table, and this 8 KB answers
     * for them without touching the slots (built by build_index once the
     * tables or a file are in) */
    uint64_t filter[(1u << 16) / 64];
    /* what a document's word needs of each slot, 16 bytes, in the slots'
     * order: a look-up reads one cache line, not a key's and a slot's
     * (built by build_index with the filter) */
    struct lex_probe *probe;
};

/* Class bits fit 16 bits (ST_L_HAS_VALENCE is the highest). */
typedef struct lex_probe {
    uint64_t hash; /* 0 = empty */
    float valence;
    uint16_t classes;
    uint16_t len;
} lex_probe;

#define FILTER_BITS 16
static inline int filter_has(const st_lexicon *lx, uint64_t h)
{
    uint64_t b = h >> (64 - FILTER_BITS);
    return (int)(lx->filter[b >> 6] >> (b & 63) & 1);
}

/* The filter and the probe array, from the slots, once the tables or a
 * file are in. Returns 0, or -1 when out of memory. */
static int build_index(st_lexicon *lx)
{
    size_t i;
    lex_probe *probe = realloc(lx->probe, lx->cap * sizeof(lex_probe));
    if (!probe)
        return -1;
    lx->probe = probe;
    memset(lx->filter, 0, sizeof(lx->filter));
    for (i = 0; i < lx->cap; i++) {
        const lex_slot *sl = &lx->slots[i];
        probe[i].hash = lx->keys[i];
        probe[i].valence = sl->valence;
        probe[i].classes = (uint16_t)sl->classes;
        probe[i].len = (uint16_t)(sl->key_len < 0xffff ? sl->key_len : 0xffff);
        if (lx->keys[i]) {
            uint64_t b = lx->keys[i] >> (64 - FILTER_BITS);
            lx->filter[b >> 6] |= 1ull << (b & 63);
        }
    }
    return 0;
}

static uint64_t key_hash(const char *w, size_t len)
{
    uint64_t h = st_word_hash(w, len);
    return h ? h : 1;
}

static lex_slot *find(const st_lexicon *lx, const char *w, size_t len,
                      uint64_t h)
{
    size_t i = (size_t)h & (lx->cap - 1);
    for (;;) {
        lex_slot *s = &lx->slots[i];
        if (!lx->keys[i])
            return s;
        if (lx->keys[i] == h && s->key_len == len &&
            memcmp(lx->pool + s->key, w, len) == 0)
            return s;
        i = (i + 1) & (lx->cap - 1);
    }
}

static int rehash(st_lexicon *lx)
{
    size_t i, cap = lx->cap ? lx->cap * 2 : 1024;
    lex_slot *old = lx->slots, *slots = calloc(cap, sizeof(lex_slot));
    uint64_t *keys = calloc(cap, sizeof(uint64_t));
    size_t old_cap = lx->cap;
    if (!slots || !keys) {
        free(slots);
        free(keys);
        return -1;
    }
    for (i = 0; i < old_cap; i++) {
        if (old[i].hash) {
            size_t j = (size_t)old[i].hash & (cap - 1);
            while (keys[j])
                j = (j + 1) & (cap - 1);
            slots[j] = old[i];
            keys[j] = old[i].hash;
        }
    }
    free(old);
    free(lx->keys);
    lx->slots = slots;
    lx->keys = keys;
    lx->cap = cap;
    return 0;
}

/* Add or update a word: classes are OR'ed in; a non-zero valence (or any
 * valence when `set_valence`) replaces the old one. */
static int put(st_lexicon *lx, const char *w, size_t len, uint32_t classes,
               float valence, int set_valence)
{
    uint64_t h = key_hash(w, len);
    lex_slot *s;
    if ((lx->n + 1) * 2 > lx->cap && rehash(lx))
        return -1;
    s = find(lx, w, len, h);
    if (s->hash && s->derived) {
        s->derived = 0;
        s->classes = 0;
        s->valence = 0;
    }
    if (!s->hash) {
        if (lx->pool_len + len + 1 > lx->pool_cap) {
            size_t cap = lx->pool_cap ? lx->pool_cap * 2 : 16384;
            char *p;
            while (cap < lx->pool_len + len + 1)
                cap *= 2;
            p = realloc(lx->pool, cap);
            if (!p)
                return -1;
            lx->pool = p;
            lx->pool_cap = cap;
        }
        memcpy(lx->pool + lx->pool_len, w, len);
        lx->pool[lx->pool_len + len] = '\0';
        s->hash = h;
        lx->keys[s - lx->slots] = h;
        s->key = (uint32_t)lx->pool_len;
        s->key_len = (uint32_t)len;
        s->classes = 0;
        s->valence = 0;
        s->derived = 0;
        lx->pool_len += len + 1;
        lx->n++;
    }
    s->classes |= classes;
    if (set_valence || valence != 0) {
        s->valence = valence;
        s->classes |= ST_L_HAS_VALENCE;
    }
    return 0;
}

/* Inflections of table words, in the order a look-up used to try them
 * (the first rule that yields a form owns it): base + suffix, or base
 * without its last letter `drop` + suffix. */
static const struct inflection {
    const char *suffix;
    char drop;
} inflections[] = {{"s", 0},     {"es", 0},   {"ed", 0},    {"ed", 'e'},
                   {"d", 0},     {"ing", 0},  {"ing", 'e'}, {"ly", 0},
                   {"ies", 'y'}, {"ied", 'y'}};

/* Store the inflections of every table word that carries valence or
 * stance (not function words) as derived entries, unless the form is
 * there already. Run after the tables and after each lexicon file. */
static int derive_inflections(st_lexicon *lx)
{
    size_t r, i, n_base = 0;
    lex_slot *base;
    /* a snapshot of the words: inserting moves the slots */
    base = malloc((lx->n ? lx->n : 1) * sizeof(lex_slot));
    if (!base)
        return -1;
    for (i = 0; i < lx->cap; i++)
        if (lx->slots[i].hash && !lx->slots[i].derived &&
            (lx->slots[i].classes & ~(uint32_t)(ST_L_STOP | ST_L_COPULA)))
            base[n_base++] = lx->slots[i];
    for (r = 0; r < sizeof(inflections) / sizeof(inflections[0]); r++)
        for (i = 0; i < n_base; i++) {
            const char *w = lx->pool + base[i].key;
            size_t len = base[i].key_len, sl = strlen(inflections[r].suffix);
            char form[72];
            lex_slot *s;
            uint64_t h;
            if (inflections[r].drop) {
                if (!len || w[len - 1] != inflections[r].drop)
                    continue;
                len--;
            }
            /* the look-up rules: forms of more than 3 bytes, more than
             * the suffix and two */
            if (len + sl < 4 || len + sl <= sl + 2 || len + sl >= 72)
                continue;
            memcpy(form, w, len);
            memcpy(form + len, inflections[r].suffix, sl);
            h = key_hash(form, len + sl);
            s = find(lx, form, len + sl, h);
            if (s->hash)
                continue;
            if (put(lx, form, len + sl,
                    base[i].classes &
                        ~(uint32_t)(ST_L_STOP | ST_L_COPULA | ST_L_HAS_VALENCE),
                    base[i].valence, 0)) {
                free(base);
                return -1;
            }
            s = find(lx, form, len + sl, h);
            s->derived = 1;
            if (base[i].classes & ST_L_HAS_VALENCE) {
                s->valence = base[i].valence;
                s->classes |= ST_L_HAS_VALENCE;
            }
        }
    free(base);
    return 0;
}

st_lexicon *st_lexicon_new(void)
{
    st_lexicon *lx = calloc(1, sizeof(*lx));
    const st_lex_group *g;
    size_t i;
    char tag[32];

    if (!lx || rehash(lx)) {
        free(lx);
        return NULL;
    }
    lx->tk = tk_new(NULL, 0, tag, sizeof(tag));
    if (!lx->tk) {
        st_lexicon_free(lx);
        return NULL;
    }
    for (g = st_builtin_groups; g->words; g++)
        for (i = 0; g->words[i]; i++)
            if (put(lx, g->words[i], strlen(g->words[i]), g->classes,
                    g->valence, 0)) {
                st_lexicon_free(lx);
                return NULL;
            }
    if (derive_inflections(lx) || build_index(lx)) {
        st_lexicon_free(lx);
        return NULL;
    }
    snprintf(tag, sizeof(tag), "builtin-tables-%u", ST_TABLES_VERSION);
    lx->fp = st_hash(tag, strlen(tag));
    return lx;
}

void st_lexicon_free(st_lexicon *lx)
{
    if (!lx)
        return;
    tk_free(lx->tk);
    free(lx->keys);
    free(lx->slots);
    free(lx->probe);
    free(lx->pool);
    free(lx);
}

uint64_t st_lexicon_fingerprint(const st_lexicon *lx)
{
    return lx->fp;
}

const struct tk_tokenizer *st_lexicon_tokenizer(const st_lexicon *lx)
{
    return lx->tk;
}

/* Scale of an external lexicon's scores: VADER's are about -4..+4, the
 * tables' -3..+3. AFINN's -5..+5 come out a little strong, which is
 * harmless for signs. */
#define EXTERNAL_SCALE (3.0f / 4.0f)

int st_lexicon_load(st_lexicon *lx, const char *path, char *err, size_t err_len)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    unsigned lineno = 0;
    uint64_t fp = lx->fp;

    if (!f) {
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        char *tab, *end, *w;
        size_t len, i;
        double v;

        lineno++;
        len = strlen(line);
        if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
            snprintf(err, err_len, "%s:%u: line too long", path, lineno);
            fclose(f);
            return -1;
        }
        fp = st_hash_mix(fp, st_hash(line, len));
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!len || line[0] == '#')
            continue;
        tab = strchr(line, '\t');
        if (!tab || tab == line) {
            snprintf(err, err_len, "%s:%u: expected word<TAB>score", path,
                     lineno);
            fclose(f);
            return -1;
        }
        *tab = '\0';
        errno = 0;
        v = strtod(tab + 1, &end);
        if (errno || end == tab + 1 || (*end && *end != '\t') || !isfinite(v)) {
            snprintf(err, err_len, "%s:%u: '%s' is not a score", path, lineno,
                     tab + 1);
            fclose(f);
            return -1;
        }
        w = line;
        for (i = 0; w[i]; i++)
            if (w[i] >= 'A' && w[i] <= 'Z')
                w[i] = (char)(w[i] + 32);
        if (put(lx, w, (size_t)(tab - line), 0, (float)v * EXTERNAL_SCALE, 1)) {
            snprintf(err, err_len, "%s: out of memory", path);
            fclose(f);
            return -1;
        }
    }
    if (ferror(f)) {
        snprintf(err, err_len, "%s: read error", path);
        fclose(f);
        return -1;
    }
    fclose(f);
    if (derive_inflections(lx)) {
        snprintf(err, err_len, "%s: out of memory", path);
        return -1;
    }
    if (build_index(lx)) {
        snprintf(err, err_len, "%s: out of memory", path);
        return -1;
    }
    lx->fp = fp;
    return 0;
}

/* The look-up of a document's word: by its 64-bit hash and length alone,
 * as aliases and features identify words (no byte compare). Returns the
 * class bits, 0 when absent. */
static uint32_t get1(const st_lexicon *lx, size_t len, uint64_t h,
                     float *valence)
{
    size_t i;
    if (!len || len > 64)
        return 0;
    h = h ? h : 1;
    if (!filter_has(lx, h))
        return 0;
    for (i = (size_t)h & (lx->cap - 1);; i = (i + 1) & (lx->cap - 1)) {
        const lex_probe *p = &lx->probe[i];
        if (!p->hash)
            return 0;
        if (p->hash == h && p->len == len) {
            *valence = p->valence;
            return p->classes;
        }
    }
}

uint32_t st_lexicon_get(const st_lexicon *lx, const char *w, size_t len,
                        float *valence)
{
    return st_lexicon_get_hashed(lx, w, len, st_word_hash(w, len), valence);
}

uint32_t st_lexicon_get_hashed(const st_lexicon *lx, const char *w, size_t len,
                               uint64_t hash, float *valence)
{
    char tmp[72];
    uint32_t c;

    *valence = 0;
    if ((c = get1(lx, len, hash, valence)))
        return c;
    /* don't -> dont, n't words are negators */
    if (len >= 3 && len < sizeof(tmp) && memchr(w, '\'', len)) {
        size_t i, k = 0;
        if (memcmp(w + len - 3, "n't", 3) == 0) /* also the clitic */
            return ST_L_NEGATOR | ST_L_STOP;
        for (i = 0; i < len; i++)
            if (w[i] != '\'')
                tmp[k++] = w[i];
        if (len > 2 && w[len - 2] == '\'' && w[len - 1] == 's')
            k = len - 2, memcpy(tmp, w, k); /* Trump's -> trump */
        if ((c = get1(lx, k, st_word_hash(tmp, k), valence)))
            return c;
    }
    return 0;
}

/* A word's classes and valence, stored once (reading w->lex back right
 * after storing it stalls on store forwarding). */
static inline void word_lex(const st_lexicon *lx, const st_words *ws,
                            st_word *w)
{
    uint32_t flags = w->flags, c = 0;
    float v = 0;
    if (!(flags & (ST_W_PUNCT | ST_W_URL))) {
        c = get1(lx, w->len, w->hash, &v);
        /* the forms without an apostrophe ("dont", "trump") are only
         * tried for the words that hold one */
        if (!c && (flags & ST_W_APOS))
            c = st_lexicon_get_hashed(lx, st_word_text(ws, w), w->len, w->hash,
                                      &v);
    }
    w->lex = c;
    w->valence = v;
}

void st_word_lex(const st_lexicon *lx, const st_words *ws, st_word *w)
{
    word_lex(lx, ws, w);
}

void st_words_lex(st_words *ws, const st_lexicon *lx)
{
    size_t i;
    for (i = 0; i < ws->n; i++)
        word_lex(lx, ws, &ws->w[i]);
    ws->lexed = lx;
}
