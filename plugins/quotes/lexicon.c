/*
 * lexicon.c - one case-insensitive hash over the word tables of words.c
 * and the reporting verbs of cues.c. Every token of a document is looked
 * up once, so the lookup is a single hash and a short probe, with no
 * allocation.
 */
#include <stdlib.h>
#include <string.h>

#include "lexicon_tables.h"

/* ---- the hash ---------------------------------------------------------- */


/*
 * The table is two arrays: small slots (16 bits of hash and an entry
 * index, 4 bytes, so the probed part stays in the L1 cache) and the entries they
 * point at. A word is its first 16 bytes folded to lower case as two
 * 64-bit keys (OR 0x20 lowers ASCII letters and leaves the digits and
 * punctuation of table words as they are; no table word is longer), so
 * hashing and comparing take a few instructions and no loop.
 */
#define QT_KEY_MAX 16

typedef struct slot {
    uint16_t tag;   /* the hash's top bits */
    uint16_t entry; /* 1-based; 0 = empty */
} slot;

typedef struct entry {
    uint64_t k0, k1;
    size_t len;
    qt_wordinfo info;
} entry;

struct qt_lexicon {
    slot *slots;
    uint32_t mask;
    entry *entries;
    uint32_t n_entries;
    size_t max_len; /* the longest table word */
    /* one bit per (length, folded first byte, folded last byte) of the
     * table's words: most names and nouns of a text miss here and skip
     * the probe; 2 KB, so it stays in the L1 cache */
    uint32_t shape[QT_KEY_MAX + 1][32];
};

static inline unsigned shape_byte(unsigned char ch)
{
    return (ch | 0x20u) & 31u;
}

static inline int is_little_endian(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/*
 * The folded keys of w[0, len), len <= QT_KEY_MAX, where `avail` bytes
 * may be read from w. With 16 readable bytes the word is two unaligned
 * loads and masks (no loop, no branch on its length); near the end of
 * the text it is read byte by byte. Little-endian byte order either way,
 * so both paths give the same keys.
 */
static inline void word_key(const char *w, size_t len, size_t avail,
                            uint64_t *k0, uint64_t *k1)
{
    /* the bytes of each key that belong to a word of length len: a table,
     * not a computed shift, so the key takes no branch on the length */
    static const uint64_t lo_mask[QT_KEY_MAX + 1] = {
        0, 0xffull, 0xffffull, 0xffffffull, 0xffffffffull, 0xffffffffffull,
        0xffffffffffffull, 0xffffffffffffffull, ~0ull, ~0ull, ~0ull, ~0ull,
        ~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
    static const uint64_t hi_mask[QT_KEY_MAX + 1] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0xffull, 0xffffull, 0xffffffull,
        0xffffffffull, 0xffffffffffull, 0xffffffffffffull,
        0xffffffffffffffull, ~0ull};
    const uint64_t fold = 0x2020202020202020ull;
    uint64_t a = 0, b = 0;
    size_t i;
    if (avail >= 16 && is_little_endian()) {
        memcpy(&a, w, 8);
        memcpy(&b, w + 8, 8);
    } else {
        for (i = 0; i < len && i < 8; i++)
            a |= (uint64_t)(unsigned char)w[i] << (8 * i);
        for (; i < len; i++)
            b |= (uint64_t)(unsigned char)w[i] << (8 * (i - 8));
    }
    *k0 = (a | fold) & lo_mask[len];
    *k1 = (b | fold) & hi_mask[len];
}

static inline uint32_t key_hash(uint64_t k0, uint64_t k1, size_t len)
{
    uint64_t h = (k0 * 0x9E3779B97F4A7C15ull) ^ (k1 * 0xC2B2AE3D27D4EB4Full) ^
                 (uint64_t)len;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return (uint32_t)(h >> 32);
}

/* The slot of a key, existing or the empty one where it would go. */
static slot *probe(const qt_lexicon *lx, uint64_t k0, uint64_t k1,
                   size_t len, uint32_t h)
{
    uint32_t i = h & lx->mask;
    for (;;) {
        slot *s = &lx->slots[i];
        if (!s->entry)
            return s;
        if (s->tag == (uint16_t)(h >> 16)) {
            const entry *e = &lx->entries[s->entry - 1];
            if (e->k0 == k0 && e->k1 == k1 && e->len == len)
                return s;
        }
        i = (i + 1) & lx->mask;
    }
}

/* The entry of w, added (empty) when new; NULL for a word too long. */
static entry *insert(qt_lexicon *lx, const char *w)
{
    size_t len = strlen(w);
    uint64_t k0, k1;
    uint32_t h;
    slot *s;
    if (len == 0 || len > QT_KEY_MAX)
        return NULL;
    word_key(w, len, 0, &k0, &k1);
    h = key_hash(k0, k1, len);
    s = probe(lx, k0, k1, len, h);
    if (len > lx->max_len)
        lx->max_len = len;
    lx->shape[len][shape_byte((unsigned char)w[0])] |=
        1u << shape_byte((unsigned char)w[len - 1]);
    if (!s->entry) {
        entry *e = &lx->entries[lx->n_entries++];
        e->k0 = k0;
        e->k1 = k1;
        e->len = len;
        s->tag = (uint16_t)(h >> 16);
        s->entry = (uint16_t)lx->n_entries;
    }
    return &lx->entries[s->entry - 1];
}

static size_t count_words(void)
{
    size_t n = 0, i, j;
    for (i = 0; i < qt_n_word_sets; i++)
        for (j = 0; qt_word_sets[i].words[j]; j++)
            n++;
    for (i = 0; qt_verbs[i].forms[0]; i++)
        n += 5;
    for (i = 0; qt_cue_nouns[i]; i++)
        n++;
    for (i = 0; qt_names_m[i]; i++)
        n++;
    for (i = 0; qt_names_f[i]; i++)
        n++;
    return n + 1; /* "according" */
}

/*
 * Build the hash: every table word, tags merged. A verb form's cue info
 * wins over a noun's ("claims" is both), and the forms say whether the cue
 * is finite ("said") or a gerund ("saying"). The caller owns the result.
 */
qt_lexicon *qt_lexicon_new(void)
{
    qt_lexicon *lx = calloc(1, sizeof(*lx));
    size_t n = count_words(), size = 64, i, j;
    entry *s;
    if (!lx)
        return NULL;
    /* n counts a word once per table it is in, about twice the distinct
     * words; four slots per counted word leave the table about a tenth
     * full, so a miss (most names) ends at the first or second slot. At
     * 4 bytes a slot that is some 64 KB, within L2. */
    while (size < 4 * n)
        size *= 2;
    if (n >= 65535) {
        free(lx); /* entry indices are 16-bit */
        return NULL;
    }
    lx->slots = calloc(size, sizeof(slot));
    lx->entries = calloc(n, sizeof(entry));
    if (!lx->slots || !lx->entries) {
        qt_lexicon_free(lx);
        return NULL;
    }
    lx->mask = (uint32_t)(size - 1);
    for (i = 0; i < qt_n_word_sets; i++) {
        const word_set *ws = &qt_word_sets[i];
        for (j = 0; ws->words[j]; j++) {
            if (!(s = insert(lx, ws->words[j])))
                continue;
            s->info.tags |= ws->tags;
            if (ws->gender && !s->info.gender)
                s->info.gender = ws->gender;
        }
    }
    for (i = 0; qt_cue_nouns[i]; i++) {
        if (!(s = insert(lx, qt_cue_nouns[i])))
            continue;
        s->info.tags |= QT_W_CUE;
        s->info.cue_kind = QT_CUE_NOUN;
        s->info.reporter = TP_REPORTER_NEUTRAL;
    }
    for (i = 0; qt_verbs[i].forms[0]; i++) {
        const qt_verb_def *v = &qt_verbs[i];
        for (j = 0; j < 5 && v->forms[j]; j++) {
            if (!(s = insert(lx, v->forms[j])))
                continue;
            s->info.tags |= QT_W_CUE;
            s->info.cue_kind = v->kind;
            s->info.cue_flags = v->flags;
            s->info.reporter = v->reporter;
            if (j == 3)
                s->info.cue_flags |= QT_CUEF_GERUND;
            else if (j != 0 && j != 4)
                s->info.cue_flags |= QT_CUEF_FINITE;
            else if (j == 0)
                s->info.cue_flags |= QT_CUEF_FINITE; /* "they say" */
        }
    }
    /* first names last, and only as a gender: see words.c */
    for (i = 0; qt_names_m[i]; i++)
        if ((s = insert(lx, qt_names_m[i])) && !s->info.gender)
            s->info.gender = QT_G_MALE;
    for (i = 0; qt_names_f[i]; i++)
        if ((s = insert(lx, qt_names_f[i])) && !s->info.gender)
            s->info.gender = QT_G_FEMALE;
    if ((s = insert(lx, "according"))) {
        s->info.tags |= QT_W_CUE;
        s->info.cue_kind = QT_CUE_PREP;
        s->info.reporter = TP_REPORTER_NEUTRAL;
    }
    return lx;
}

void qt_lexicon_free(qt_lexicon *lx)
{
    if (!lx)
        return;
    free(lx->slots);
    free(lx->entries);
    free(lx);
}

/* The lookup proper, inlined into the batch loop below; the caller has
 * checked that 0 < len <= max_len. */
static inline const qt_wordinfo *find(const qt_lexicon *lx, const char *word,
                                      size_t len, size_t avail)
{
    const slot *s;
    uint64_t k0, k1;
    if (!(lx->shape[len][shape_byte((unsigned char)word[0])] &
          (1u << shape_byte((unsigned char)word[len - 1]))))
        return NULL;
    word_key(word, len, avail, &k0, &k1);
    s = probe(lx, k0, k1, len, key_hash(k0, k1, len));
    return s->entry ? &lx->entries[s->entry - 1].info : NULL;
}

const qt_wordinfo *qt_lexicon_find(const qt_lexicon *lx, const char *word,
                                   size_t len, size_t avail)
{
    if (len == 0 || len > lx->max_len)
        return NULL;
    return find(lx, word, len, avail);
}

/*
 * Tag every token in one pass. It lives here, not in core.c, so that the
 * lookup is inlined into the loop (a call per word cost more than the
 * hash), and it writes through restrict pointers so the compiler keeps
 * the arrays in registers instead of reloading them after each store.
 * It also lists the tokens that start a sentence or a paragraph or are a
 * double quote mark, so that pairing and segmenting visit only those.
 */
int32_t qt_lexicon_tag(const qt_lexicon *lx, const char *text,
                       size_t text_len, const tp_token *restrict tok,
                       int32_t n, const qt_wordinfo **restrict info,
                       uint16_t *restrict tags, uint8_t *restrict no_cue,
                       int32_t *restrict bounds)
{
    const uint32_t bound = TP_TOKF_PARA_START | TP_TOKF_SENT_START |
                           TP_TOKF_QUOTE_DOUBLE;
    int32_t i, n_bounds = 0;
    for (i = 0; i < n; i++) {
        const tp_token *t = &tok[i];
        const qt_wordinfo *w;
        size_t len = t->end - t->start;
        info[i] = NULL;
        tags[i] = 0;
        no_cue[i] = 0;
        /* appended without a branch: most tokens are no boundary */
        bounds[n_bounds] = i;
        n_bounds += (t->flags & bound) != 0;
        /* only words are in the tables, none empty or longer than the
         * longest entry (len - 1 wraps for 0) */
        if (t->kind != TP_TOK_WORD || len - 1 >= lx->max_len)
            continue;
        w = find(lx, text + t->start, len, text_len - t->start);
        if (!w)
            continue;
        info[i] = w;
        tags[i] = w->tags;
        /* "US", "IT", "WHO" in capitals are names, not the little words
         * they spell; titles, roles and cues keep their tags ("CEO") */
        if (t->flags & TP_TOKF_ALL_CAPS)
            tags[i] &= (uint16_t)~QT_W_CLOSED;
        /* a capitalised cue inside a sentence is a name ("Oregon State
         * Rep."), except "According" */
        if ((w->tags & QT_W_CUE) &&
            (t->flags & (TP_TOKF_CAPITALISED | TP_TOKF_SENT_START)) ==
                TP_TOKF_CAPITALISED &&
            w->cue_kind != QT_CUE_PREP)
            no_cue[i] = 1;
    }
    return n_bounds;
}
