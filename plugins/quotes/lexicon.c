/*
 * lexicon.c - one case-insensitive hash over the word tables of words.c
 * and the reporting verbs of cues.c. Every token of a document is looked
 * up once, so a lookup is a hash, one displacement and one slot, with no
 * probe loop, no branch and no allocation.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon_tables.h"

/*
 * A word is its first 16 bytes folded to lower case as two 64-bit keys
 * (OR 0x20 lowers ASCII letters and leaves the digits and punctuation of
 * table words as they are; no table word is longer), zero past its end,
 * so hashing and comparing take a few instructions and no loop. A folded
 * byte is never zero, so the keys say the length too, and a token that
 * is no word looks up the zero key, which no word has.
 */
#define QT_KEY_MAX 16
/* Buckets of the perfect hash: about two table words each. */
#define BUCKET_BITS 10

/*
 * The table is a perfect hash ("hash and displace"): the top bits of a
 * word's hash pick a bucket, the next bits a slot, and the bucket's
 * displacement, XORed in, moves all its words to free slots; found at
 * build time, so that no two words share a slot. A lookup reads a 2-byte
 * displacement (the array stays in the L1 cache) and one slot, and a
 * compare says whether the word is there. Most tokens of a text are
 * looked up (eight in ten are words, six in ten are table words): a
 * probe loop mispredicted on many of them, and a slot that pointed at an
 * entry elsewhere cost a second cache miss.
 */
typedef struct slot {
    _Alignas(32) uint64_t k0; /* EMPTY_K0 when free */
    uint64_t k1;
    qt_wordinfo info; /* 32 bytes in all: a slot is in one cache line */
    /* what the tagging pass derives from info, worked out once here
     * rather than for every token: the tags of the word as written and
     * in capitals (slot_tags), and SLOT_* bits */
    uint16_t tags_as[2];
    uint8_t bits;
} slot;

/* Slot bits: a cue that a capital inside a sentence makes a name (any
 * cue but "according"); a name word when capitalised (see
 * qt_name_word_tags), as it is written and in capitals. */
/* (SLOT_NAME << caps is the name bit of a token, caps 0 or 1) */
enum { SLOT_CAP_NOT_CUE = 1, SLOT_NAME = 2, SLOT_CAPS_NAME = 4 };
_Static_assert(sizeof(slot) == 32, "a slot is a quarter of a cache line");
/* a word in capitals keeps its cue tag: SLOT_CAP_NOT_CUE serves both */
_Static_assert((QT_W_CLOSED & QT_W_CUE) == 0, "cues are no closed class");

/* The key of a free slot: a zero first byte and non-zero bytes after it,
 * which no word has. */
#define EMPTY_K0 (~(uint64_t)0xff)

struct qt_lexicon {
    slot *slots;        /* 2^slot_bits, 64-byte aligned */
    void *block;        /* what malloc returned for slots */
    uint16_t *disp;     /* per bucket: XORed into the slot index */
    uint64_t mul;       /* the hash's multiplier, chosen at build */
    uint32_t slot_mask; /* slots - 1 */
    size_t max_len;     /* the longest table word */
    slot miss;          /* what a word in no table is: no tags */
};

static inline int is_little_endian(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/*
 * The folded keys of the first `keep` bytes at w (keep <= QT_KEY_MAX;
 * 0 gives the zero key), where `avail` bytes may be read from w. With 16
 * readable bytes the word is two unaligned loads and masks (no loop, no
 * branch on its length); near the end of the text it is read byte by
 * byte. Little-endian byte order either way, so both paths give the same
 * keys.
 */
static inline void word_key(const char *w, size_t keep, size_t avail,
                            uint64_t *k0, uint64_t *k1)
{
    /* the bytes of each key that belong to a word of length keep: a
     * table, not a computed shift, so the key takes no branch on it */
    /* clang-format off */
    static const uint64_t lo_mask[QT_KEY_MAX + 1] = {
        0, 0xffull, 0xffffull, 0xffffffull, 0xffffffffull, 0xffffffffffull,
        0xffffffffffffull, 0xffffffffffffffull, ~0ull, ~0ull, ~0ull, ~0ull,
        ~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
    static const uint64_t hi_mask[QT_KEY_MAX + 1] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0xffull, 0xffffull, 0xffffffull,
        0xffffffffull, 0xffffffffffull, 0xffffffffffffull,
        0xffffffffffffffull, ~0ull};
    /* clang-format on */
    const uint64_t fold = 0x2020202020202020ull;
    uint64_t a = 0, b = 0;
    size_t i;
    if (avail >= 16 && is_little_endian()) {
        memcpy(&a, w, 8);
        memcpy(&b, w + 8, 8);
    } else {
        for (i = 0; i < keep && i < 8; i++)
            a |= (uint64_t)(unsigned char)w[i] << (8 * i);
        for (; i < keep; i++)
            b |= (uint64_t)(unsigned char)w[i] << (8 * (i - 8));
    }
    *k0 = (a | fold) & lo_mask[keep];
    *k1 = (b | fold) & hi_mask[keep];
}

/* The hash: a product, whose high half depends on every byte. */
static inline uint64_t key_hash(uint64_t mul, uint64_t k0, uint64_t k1)
{
    return (k0 ^ (k1 * 0xC2B2AE3D27D4EB4Full)) * mul;
}

/* The bucket: the top bits (a constant shift, no variable one in the
 * tagging loop). */
static inline uint32_t bucket_of(uint64_t h)
{
    return (uint32_t)(h >> (64 - BUCKET_BITS));
}

/* The slot before displacement: the bits from 32 up, below the bucket's
 * (slot_bits <= 16). */
static inline uint32_t home_of(const qt_lexicon *lx, uint64_t h)
{
    return (uint32_t)(h >> 32) & lx->slot_mask;
}

/* The one slot where (k0, k1) may be. */
static inline const slot *slot_of(const qt_lexicon *lx, uint64_t k0,
                                  uint64_t k1)
{
    uint64_t h = key_hash(lx->mul, k0, k1);
    return &lx->slots[home_of(lx, h) ^ lx->disp[bucket_of(h)]];
}

/* ---- building ------------------------------------------------------------ */

/* A table word while the tables are read: its keys and merged info. */
typedef struct entry {
    uint64_t k0, k1;
    qt_wordinfo info;
} entry;

/* The words, and an open-addressed index over them (entry + 1, 0 empty)
 * that merges a word met in several tables. */
typedef struct builder {
    entry *entries;
    size_t n, cap;
    uint32_t *index;
    size_t mask;
    size_t max_len;
} builder;

/* The entry of w, added (empty) when new; NULL for a word too long. */
static entry *builder_add(builder *b, const char *w)
{
    size_t len = strlen(w), i;
    uint64_t k0, k1;
    if (len == 0 || len > QT_KEY_MAX || b->n == b->cap)
        return NULL;
    word_key(w, len, 0, &k0, &k1);
    for (i = key_hash(0x9E3779B97F4A7C15ull, k0, k1) >> 40 & b->mask;
         b->index[i]; i = (i + 1) & b->mask) {
        entry *e = &b->entries[b->index[i] - 1];
        if (e->k0 == k0 && e->k1 == k1)
            return e;
    }
    if (len > b->max_len)
        b->max_len = len;
    b->index[i] = (uint32_t)++b->n;
    b->entries[b->n - 1].k0 = k0;
    b->entries[b->n - 1].k1 = k1;
    return &b->entries[b->n - 1];
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

/* The slots and displacements for 2^slot_bits slots, all free; -1 when
 * out of memory. */
static int table_init(qt_lexicon *lx, uint32_t slot_bits)
{
    size_t ns = (size_t)1 << slot_bits, i;
    free(lx->block);
    free(lx->disp);
    lx->block = malloc(ns * sizeof(slot) + 63);
    lx->disp = calloc((size_t)1 << BUCKET_BITS, sizeof(uint16_t));
    if (!lx->block || !lx->disp)
        return -1;
    lx->slots = (slot *)(((uintptr_t)lx->block + 63) & ~(uintptr_t)63);
    memset(lx->slots, 0, ns * sizeof(slot));
    for (i = 0; i < ns; i++)
        lx->slots[i].k0 = EMPTY_K0;
    lx->slot_mask = (uint32_t)(ns - 1);
    return 0;
}

/* The first displacement that moves the words of one bucket (homes
 * home[0, n)) to free slots, or -1. */
static int32_t fit_bucket(const qt_lexicon *lx, const uint32_t *home, size_t n)
{
    uint32_t d, ns = lx->slot_mask + 1;
    size_t k;
    for (d = 0; d < ns; d++) {
        for (k = 0; k < n && lx->slots[home[k] ^ d].k0 == EMPTY_K0; k++)
            ;
        if (k == n)
            return (int32_t)d;
    }
    return -1;
}

/*
 * Put word w in slot s, with what the tagging pass asks of every token
 * that is w: a word in capitals keeps no closed-class tag ("US", "IT",
 * "WHO"; titles, roles and cues keep theirs: "CEO"), any cue but
 * "according" is a name when capitalised inside a sentence, and whether
 * a capitalised w is a name word either way (qt_name_word_tags: its tags
 * decide once the token is a capitalised word).
 */
static void fill_slot(slot *s, const entry *w)
{
    const uint16_t tags = w->info.tags;
    s->k0 = w->k0;
    s->k1 = w->k1;
    s->info = w->info;
    s->tags_as[0] = tags;
    s->tags_as[1] = (uint16_t)(tags & ~QT_W_CLOSED);
    s->bits = 0;
    if ((tags & QT_W_CUE) && w->info.cue_kind != QT_CUE_PREP)
        s->bits |= SLOT_CAP_NOT_CUE;
    if (qt_name_word_tags(TP_TOKF_CAPITALISED, TP_TOK_WORD, tags))
        s->bits |= SLOT_NAME;
    if (qt_name_word_tags(TP_TOKF_CAPITALISED, TP_TOK_WORD, s->tags_as[1]))
        s->bits |= SLOT_CAPS_NAME;
}

/* Do two words of a bucket share a home? No displacement parts them. */
static int homes_clash(const uint32_t *home, size_t n)
{
    size_t i, j;
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            if (home[i] == home[j])
                return 1;
    return 0;
}

/*
 * Place the n words with multiplier lx->mul: the fullest buckets first,
 * each at the first displacement that fits. Returns 0, 1 when this
 * multiplier cannot do it (two words of a bucket share a home, or a
 * bucket fits nowhere), -1 when out of memory.
 */
static int place_words(qt_lexicon *lx, const entry *e, size_t n)
{
    size_t nb = (size_t)1 << BUCKET_BITS, i, k, size, max_size = 0;
    uint32_t *start = calloc(nb + 1, sizeof(uint32_t));
    uint32_t *fill = calloc(nb, sizeof(uint32_t));
    uint32_t *member = malloc((n + 1) * sizeof(uint32_t));
    uint32_t *home = malloc((n + 1) * sizeof(uint32_t));
    int rc = start && fill && member && home ? 0 : -1;
    /* the words of each bucket, together in member[] */
    for (i = 0; i < n && !rc; i++)
        start[bucket_of(key_hash(lx->mul, e[i].k0, e[i].k1)) + 1]++;
    for (i = 0; i < nb && !rc; i++)
        start[i + 1] += start[i];
    for (i = 0; i < n && !rc; i++) {
        uint32_t b = bucket_of(key_hash(lx->mul, e[i].k0, e[i].k1));
        member[start[b] + fill[b]++] = (uint32_t)i;
    }
    for (i = 0; i < nb && !rc; i++)
        if (start[i + 1] - start[i] > max_size)
            max_size = start[i + 1] - start[i];
    for (size = max_size; size > 0 && !rc; size--) {
        for (i = 0; i < nb && !rc; i++) {
            int32_t d;
            if (start[i + 1] - start[i] != size)
                continue;
            for (k = 0; k < size; k++) {
                const entry *w = &e[member[start[i] + k]];
                home[k] = home_of(lx, key_hash(lx->mul, w->k0, w->k1));
            }
            if (homes_clash(home, size) ||
                (d = fit_bucket(lx, home, size)) < 0) {
                rc = 1;
                break;
            }
            lx->disp[i] = (uint16_t)d;
            for (k = 0; k < size; k++)
                fill_slot(&lx->slots[home[k] ^ (uint32_t)d],
                          &e[member[start[i] + k]]);
        }
    }
    free(start);
    free(fill);
    free(member);
    free(home);
    return rc;
}

/*
 * The table for the n words: slots at most half full and a bucket per
 * four words, so a multiplier that places them is found at once; a few
 * more are tried, then twice the slots. Returns 0 or -1 (out of memory,
 * or no table found).
 */
static int build_table(qt_lexicon *lx, const entry *e, size_t n)
{
    static const uint64_t muls[] = {
        0x9E3779B97F4A7C15ull, 0xBF58476D1CE4E5B9ull, 0x94D049BB133111EBull,
        0xD6E8FEB86659FD93ull, 0xA0761D6478BD642Full, 0xE7037ED1A0B428DBull};
    uint32_t slot_bits = 4, m;
    while (((size_t)1 << slot_bits) < n + n / 16)
        slot_bits++;
    /* displacements are 16-bit, and the home bits stay below the
     * bucket's */
    for (; slot_bits <= 16; slot_bits++) {
        for (m = 0; m < sizeof(muls) / sizeof(muls[0]); m++) {
            int rc;
            if (table_init(lx, slot_bits))
                return -1;
            lx->mul = muls[m];
            rc = place_words(lx, e, n);
            if (rc <= 0)
                return rc;
        }
    }
    return -1;
}

/*
 * Build the hash: every table word, tags merged. A verb form's cue info
 * wins over a noun's ("claims" is both), and the forms say whether the cue
 * is finite ("said") or a gerund ("saying"). The caller owns the result.
 */
qt_lexicon *qt_lexicon_new(void)
{
    qt_lexicon *lx = calloc(1, sizeof(*lx));
    builder bld;
    size_t size = 64, i, j;
    entry *s;
    memset(&bld, 0, sizeof(bld));
    bld.cap = count_words();
    while (size < 2 * bld.cap)
        size *= 2;
    bld.mask = size - 1;
    bld.entries = calloc(bld.cap, sizeof(entry));
    bld.index = calloc(size, sizeof(uint32_t));
    if (!lx || !bld.entries || !bld.index)
        goto fail;
    for (i = 0; i < qt_n_word_sets; i++) {
        const word_set *ws = &qt_word_sets[i];
        for (j = 0; ws->words[j]; j++) {
            if (!(s = builder_add(&bld, ws->words[j])))
                continue;
            s->info.tags |= ws->tags;
            if (ws->gender && !s->info.gender)
                s->info.gender = ws->gender;
        }
    }
    for (i = 0; qt_cue_nouns[i]; i++) {
        if (!(s = builder_add(&bld, qt_cue_nouns[i])))
            continue;
        s->info.tags |= QT_W_CUE;
        s->info.cue_kind = QT_CUE_NOUN;
        s->info.reporter = TP_REPORTER_NEUTRAL;
    }
    for (i = 0; qt_verbs[i].forms[0]; i++) {
        const qt_verb_def *v = &qt_verbs[i];
        for (j = 0; j < 5 && v->forms[j]; j++) {
            if (!(s = builder_add(&bld, v->forms[j])))
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
        if ((s = builder_add(&bld, qt_names_m[i])) && !s->info.gender)
            s->info.gender = QT_G_MALE;
    for (i = 0; qt_names_f[i]; i++)
        if ((s = builder_add(&bld, qt_names_f[i])) && !s->info.gender)
            s->info.gender = QT_G_FEMALE;
    if ((s = builder_add(&bld, "according"))) {
        s->info.tags |= QT_W_CUE;
        s->info.cue_kind = QT_CUE_PREP;
        s->info.reporter = TP_REPORTER_NEUTRAL;
    }
    lx->max_len = bld.max_len;
    if (qt_name_word_tags(TP_TOKF_CAPITALISED, TP_TOK_WORD, 0))
        lx->miss.bits = SLOT_NAME | SLOT_CAPS_NAME;
    if (build_table(lx, bld.entries, bld.n))
        goto fail;
    free(bld.entries);
    free(bld.index);
    return lx;
fail:
    free(bld.entries);
    free(bld.index);
    qt_lexicon_free(lx);
    return NULL;
}

void qt_lexicon_free(qt_lexicon *lx)
{
    if (!lx)
        return;
    free(lx->block);
    free(lx->disp);
    free(lx);
}

/*
 * The keys of the first `keep` bytes of the word at w when fewer than 16
 * bytes may be read from w: the last tokens of a text, out of the way of
 * the tagging loop.
 */
static __attribute__((noinline)) void
tail_key(const char *w, size_t keep, size_t avail, uint64_t *k0, uint64_t *k1)
{
    word_key(w, keep, avail, k0, k1);
}

/*
 * Look up tokens [0, n): info[i] is the word's info, or NULL when token i
 * is no word or in no table. A token that is no word or longer than a key
 * is hashed all the same (to the zero key when too long): a mask, not a
 * branch, rejects it, since most tokens are words and a branch that
 * followed the text would be mispredicted.
 */
static void find_words(const qt_lexicon *lx, const char *text, size_t text_len,
                       const tp_token *restrict tok, int32_t n,
                       const qt_wordinfo **restrict info)
{
    int32_t i;
    for (i = 0; i < n; i++) {
        const uint32_t start = tok[i].start;
        const uint64_t len = tok[i].end - start;
        /* a word longer than a key keeps no byte: the zero key */
        const uint64_t keep = len & -(uint64_t)(len <= QT_KEY_MAX);
        uint64_t k0, k1, hit;
        const slot *s;
        if (__builtin_expect(text_len - start >= 16, 1))
            word_key(text + start, keep, 16, &k0, &k1);
        else
            tail_key(text + start, keep, text_len - start, &k0, &k1);
        s = slot_of(lx, k0, k1);
        /* all ones when the slot holds the word */
        hit = -(uint64_t)((((s->k0 ^ k0) | (s->k1 ^ k1)) == 0) &
                          (tok[i].kind == TP_TOK_WORD));
        info[i] = (const qt_wordinfo *)((uintptr_t)&s->info & (uintptr_t)hit);
    }
}

/*
 * Tag every token. It lives here, not in core.c, so that the lookup is
 * inlined, and it writes through restrict pointers so the compiler keeps
 * the arrays in registers instead of reloading them after each store.
 * The tokens go by blocks: first their words are looked up, then tagged,
 * two loops that each keep their few pointers in registers. What a word
 * means when capitalised or in capitals was worked out when its slot was
 * filled (fill_slot), so tagging is a few loads and masks a token, with
 * no branch on the text.
 * It also lists the tokens that start a sentence or a paragraph or are a
 * double quote mark, so that pairing and segmenting visit only those, and
 * the name words, so that coref.c visits only those.
 */
int32_t qt_lexicon_tag(const qt_lexicon *lx, const char *text, size_t text_len,
                       const tp_token *restrict tok, int32_t n,
                       const qt_wordinfo **restrict info,
                       uint16_t *restrict tags, uint8_t *restrict no_cue,
                       int32_t *restrict bounds, int32_t *restrict names,
                       int32_t *n_names)
{
    enum { BLOCK = 256 };
    const uint32_t bound =
        TP_TOKF_PARA_START | TP_TOKF_SENT_START | TP_TOKF_QUOTE_DOUBLE;
    const uintptr_t miss = (uintptr_t)&lx->miss;
    int32_t first, i, n_bounds = 0, n_name_words = 0;
    for (first = 0; first < n; first += BLOCK) {
        const int32_t end = n - first < BLOCK ? n : first + BLOCK;
        find_words(lx, text, text_len, tok + first, end - first, info + first);
        for (i = first; i < end; i++) {
            const uint32_t flags = tok[i].flags;
            const uint32_t is_word = tok[i].kind == TP_TOK_WORD;
            /* in capitals: "US", "IT", "WHO" are names, not the little
             * words they spell (see fill_slot) */
            const uint32_t caps = (flags / TP_TOKF_ALL_CAPS) & 1;
            const uintptr_t found = (uintptr_t)info[i];
            /* the word's slot, or one with no tags for a miss */
            const slot *s =
                (const slot *)(found ? found - offsetof(slot, info) : miss);
            const uint32_t bits = s->bits;
            /* appended without a branch: most tokens are no boundary */
            bounds[n_bounds] = i;
            n_bounds += (flags & bound) != 0;
            tags[i] = s->tags_as[caps];
            names[n_name_words] = i;
            n_name_words +=
                (flags / TP_TOKF_CAPITALISED) & is_word & (bits >> (1 + caps));
            /* a capitalised cue inside a sentence is a name ("Oregon
             * State Rep."), except "According" */
            no_cue[i] = (uint8_t)(bits & SLOT_CAP_NOT_CUE &
                                  ((flags & (TP_TOKF_CAPITALISED |
                                             TP_TOKF_SENT_START)) ==
                                   TP_TOKF_CAPITALISED));
        }
    }
    *n_names = n_name_words;
    return n_bounds;
}
