/*
 * lexicon.c - the word table the zero-shot rules and the features read:
 * an open-addressing hash map from a lower-cased word to its class bits
 * and valence, filled from the built-in groups (tables.c) and from
 * word<TAB>score files named in config. It is built once per instance and
 * read-only afterwards. Its fingerprint ties a trained model to the exact
 * tables it was trained with.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stance.h"

typedef struct lex_slot {
    uint64_t hash;     /* 0 = empty */
    uint32_t key;      /* offset in pool */
    uint32_t key_len;
    uint32_t classes;
    float valence;
} lex_slot;

struct st_lexicon {
    lex_slot *slots;
    size_t cap, n;     /* cap is a power of two */
    char *pool;
    size_t pool_len, pool_cap;
    uint64_t fp;
};

static uint64_t key_hash(const char *w, size_t len)
{
    uint64_t h = st_hash(w, len);
    return h ? h : 1;
}

static lex_slot *find(const st_lexicon *lx, const char *w, size_t len,
                      uint64_t h)
{
    size_t i = (size_t)h & (lx->cap - 1);
    for (;;) {
        lex_slot *s = &lx->slots[i];
        if (!s->hash)
            return s;
        if (s->hash == h && s->key_len == len &&
            memcmp(lx->pool + s->key, w, len) == 0)
            return s;
        i = (i + 1) & (lx->cap - 1);
    }
}

static int rehash(st_lexicon *lx)
{
    size_t i, cap = lx->cap ? lx->cap * 2 : 1024;
    lex_slot *old = lx->slots;
    size_t old_cap = lx->cap;
    lx->slots = calloc(cap, sizeof(lex_slot));
    if (!lx->slots) {
        lx->slots = old;
        return -1;
    }
    lx->cap = cap;
    for (i = 0; i < old_cap; i++) {
        if (old[i].hash) {
            size_t j = (size_t)old[i].hash & (cap - 1);
            while (lx->slots[j].hash)
                j = (j + 1) & (cap - 1);
            lx->slots[j] = old[i];
        }
    }
    free(old);
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
        s->key = (uint32_t)lx->pool_len;
        s->key_len = (uint32_t)len;
        s->classes = 0;
        s->valence = 0;
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
    for (g = st_builtin_groups; g->words; g++)
        for (i = 0; g->words[i]; i++)
            if (put(lx, g->words[i], strlen(g->words[i]), g->classes,
                    g->valence, 0)) {
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
    free(lx->slots);
    free(lx->pool);
    free(lx);
}

uint64_t st_lexicon_fingerprint(const st_lexicon *lx)
{
    return lx->fp;
}

/* Scale of an external lexicon's scores: VADER's are about -4..+4, the
 * tables' -3..+3. AFINN's -5..+5 come out a little strong, which is
 * harmless for signs. */
#define EXTERNAL_SCALE (3.0f / 4.0f)

int st_lexicon_load(st_lexicon *lx, const char *path, char *err,
                    size_t err_len)
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
        if (put(lx, w, (size_t)(tab - line), 0, (float)v * EXTERNAL_SCALE,
                1)) {
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
    lx->fp = fp;
    return 0;
}

static uint32_t get1(const st_lexicon *lx, const char *w, size_t len,
                     float *valence)
{
    const lex_slot *s;
    if (!len || len > 64)
        return 0;
    s = find(lx, w, len, key_hash(w, len));
    if (!s->hash)
        return 0;
    *valence = s->valence;
    return s->classes;
}

uint32_t st_lexicon_get(const st_lexicon *lx, const char *w, size_t len,
                        float *valence)
{
    char tmp[72];
    uint32_t c;
    size_t n;

    *valence = 0;
    if ((c = get1(lx, w, len, valence)))
        return c;
    /* don't -> dont, n't words are negators */
    if (len >= 3 && len < sizeof(tmp) && memchr(w, '\'', len)) {
        size_t i, k = 0;
        if (len > 3 && memcmp(w + len - 3, "n't", 3) == 0)
            return ST_L_NEGATOR | ST_L_STOP;
        for (i = 0; i < len; i++)
            if (w[i] != '\'')
                tmp[k++] = w[i];
        if (len > 2 && w[len - 2] == '\'' && w[len - 1] == 's')
            k = len - 2, memcpy(tmp, w, k); /* Trump's -> trump */
        if ((c = get1(lx, tmp, k, valence)))
            return c;
    }
    /* simple inflections; only words that carry valence or stance */
    if (len > 3 && len < sizeof(tmp)) {
        static const struct {
            const char *suffix;
            size_t len;
            const char *repl;
            size_t repl_len;
        } infl[] = {{"s", 1, "", 0},   {"es", 2, "", 0},   {"ed", 2, "", 0},
                    {"ed", 2, "e", 1}, {"d", 1, "", 0},    {"ing", 3, "", 0},
                    {"ing", 3, "e", 1}, {"ly", 2, "", 0},  {"ies", 3, "y", 1},
                    {"ied", 3, "y", 1}};
        size_t i;
        char last = w[len - 1];
        if (last != 's' && last != 'd' && last != 'g' && last != 'y')
            return 0;
        for (i = 0; i < sizeof(infl) / sizeof(infl[0]); i++) {
            size_t k = infl[i].len, r = infl[i].repl_len;
            if (len <= k + 2 || w[len - 1] != infl[i].suffix[k - 1] ||
                memcmp(w + len - k, infl[i].suffix, k) != 0)
                continue;
            n = len - k;
            memcpy(tmp, w, n);
            memcpy(tmp + n, infl[i].repl, r);
            c = get1(lx, tmp, n + r, valence);
            if (c & ~(uint32_t)(ST_L_STOP | ST_L_COPULA))
                return c & ~(uint32_t)(ST_L_STOP | ST_L_COPULA);
            *valence = 0;
        }
    }
    return 0;
}

/* A direct-mapped cache of look-ups by word hash: most words of a text
 * (and of the next one) were looked up already, and a miss costs up to
 * eleven probes for the inflections. */
#define CACHE_SIZE 8192
typedef struct st_lexcache {
    const st_lexicon *lx;
    struct {
        uint64_t hash;
        uint32_t lex;
        float valence;
    } e[CACHE_SIZE];
} st_lexcache;

void st_words_lex(st_words *ws, const st_lexicon *lx)
{
    size_t i;
    if (!ws->cache)
        ws->cache = calloc(1, sizeof(st_lexcache));
    if (ws->cache && ws->cache->lx != lx) {
        memset(ws->cache, 0, sizeof(st_lexcache));
        ws->cache->lx = lx;
    }
    for (i = 0; i < ws->n; i++) {
        st_word *w = &ws->w[i];
        if (w->flags & (ST_W_PUNCT | ST_W_URL)) {
            w->lex = 0;
            w->valence = 0;
        } else if (ws->cache) {
            uint64_t h = w->hash | 1; /* 0 marks an empty slot */
            size_t k = (size_t)(h >> 7) & (CACHE_SIZE - 1);
            if (ws->cache->e[k].hash != h) {
                ws->cache->e[k].hash = h;
                ws->cache->e[k].lex = st_lexicon_get(
                    lx, st_word_text(ws, w), w->len, &ws->cache->e[k].valence);
            }
            w->lex = ws->cache->e[k].lex;
            w->valence = ws->cache->e[k].valence;
        } else {
            w->lex = st_lexicon_get(lx, st_word_text(ws, w), w->len,
                                    &w->valence);
        }
    }
    ws->lexed = lx;
}
