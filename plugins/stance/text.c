/*
 * text.c - the stance core's words, hashing and stemming. Words are made
 * from the tokens of the tokenize stage's core (tokenizer.h): the stage
 * reads them from the document's tokens layer, and the trainer, the
 * targets and the tests run the same tokenizer over their text
 * (st_words_split), so that the features computed at training time are
 * byte for byte those computed at run time, and the text is not split a
 * second time in the pipeline. A word keeps a lower-cased form (ASCII
 * only; other UTF-8 is kept as it is, curly apostrophes become '), its
 * hash and the hash of its stem; #hashtags and @handles are split at case
 * changes ("#StopTheBill" -> stop, the, bill).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "stance.h"
#include "tokenizer.h"

uint64_t st_hash(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ull;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Combine two hashes (a murmur-style finaliser over their mix), for
 * n-grams and for crossing a feature with a target. */
uint64_t st_hash_mix(uint64_t a, uint64_t b)
{
    uint64_t h = a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

/* The hash of a word's form: eight bytes at a time (forms live in
 * st_words.buf, which keeps ST_PAD readable bytes after every form, so the
 * last chunk is one load, masked). Little-endian byte order is assumed,
 * as everywhere a model file is read. */
#define ST_PAD 8
/* Forms longer than this are cut. */
#define ST_FORM_MAX 128
static inline uint64_t load_masked(const char *p, size_t n)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return n >= 8 ? v : v & ((1ull << (8 * n)) - 1);
}

static inline uint64_t hash_start(size_t n)
{
    return 0x9e3779b97f4a7c15ull ^ ((uint64_t)n << 56);
}
static inline uint64_t hash_chunk(uint64_t h, uint64_t chunk)
{
    h = (h ^ chunk) * 0xff51afd7ed558ccdull;
    return h ^ (h >> 32);
}
static inline uint64_t hash_end(uint64_t h)
{
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

/* One chunk per eight bytes, the last one short (and one empty chunk for
 * an empty form). push() computes the same from registers. */
static inline uint64_t word_hash(const char *p, size_t n)
{
    uint64_t h = hash_start(n);
    for (;;) {
        h = hash_chunk(h, load_masked(p, n));
        if (n <= 8)
            break;
        p += 8;
        n -= 8;
    }
    return hash_end(h);
}

/* word_hash of the first n <= 8 bytes, given them as a chunk. */
static inline uint64_t prefix_hash(uint64_t first, size_t n)
{
    return hash_end(hash_chunk(
        hash_start(n), n >= 8 ? first : first & ((1ull << (8 * n)) - 1)));
}

uint64_t st_word_hash(const char *w, size_t len)
{
    char b[ST_PAD];
    uint64_t h = hash_start(len);
    for (;;) {
        size_t n = len < 8 ? len : 8;
        memset(b, 0, sizeof(b));
        memcpy(b, w, n);
        h = hash_chunk(h, load_masked(b, 8));
        if (len <= 8)
            break;
        w += 8;
        len -= 8;
    }
    return hash_end(h);
}

/* The length of a form's stem before the six-byte cut: the suffixes
 * izations ization ations ation ments ment isms ists ism ist ings ing ies
 * ied es ed s, longest first, each leaving more than three bytes. They
 * are tried by the form's last byte, with constant lengths the compiler
 * turns into plain compares (this runs for every word of every document;
 * the order within each last byte is that of the list). */
#define ENDS(x)                                                                \
    (len > sizeof(x) - 1 + 3 &&                                                \
     memcmp(w + len - (sizeof(x) - 1), x, sizeof(x) - 1) == 0)
#define TRY(x)                                                                 \
    if (ENDS(x))                                                               \
    return len - (sizeof(x) - 1)
static size_t stem_len(const char *w, size_t len)
{
    /* a suffix only matters when what is left is under six bytes */
    if (len >= 6 + 8)
        return len;
    switch (w[len - 1]) {
    case 's':
        TRY("izations");
        TRY("ations");
        TRY("ments");
        TRY("isms");
        TRY("ists");
        TRY("ings");
        TRY("ies");
        TRY("es");
        TRY("s");
        break;
    case 'n':
        TRY("ization");
        TRY("ation");
        break;
    case 't':
        TRY("ment");
        TRY("ist");
        break;
    case 'm':
        TRY("ism");
        break;
    case 'g':
        TRY("ing");
        break;
    case 'd':
        TRY("ied");
        TRY("ed");
        break;
    default:
        break;
    }
    return len;
}
#undef TRY
#undef ENDS

/* The stem's hash of a form whose first eight bytes are `first`. */
static inline uint64_t stem_hash(const char *w, size_t len, uint64_t hash,
                                 uint64_t first)
{
    size_t n;
    if (len <= 4)
        return hash;
    n = stem_len(w, len);
    return prefix_hash(first, n < 6 ? n : 6);
}

uint64_t st_stem(const char *w, size_t len)
{
    char b[16] = {0};
    size_t n;
    if (len <= 4) {
        memcpy(b, w, len);
        return word_hash(b, len);
    }
    n = stem_len(w, len);
    memcpy(b, w, n < 6 ? n : 6);
    return word_hash(b, n < 6 ? n : 6);
}

int st_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t n = *cap ? *cap : 64;
    void *q;
    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    q = realloc(*p, n * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* ASCII upper case to lower case; every other byte as it is. */
static const unsigned char lower[256] = {
#define R4(n) n, n + 1, n + 2, n + 3
#define R16(n) R4(n), R4(n + 4), R4(n + 8), R4(n + 12)
    R16(0),   R16(16),  R16(32),  R16(48),  64,       R4(97),
    R4(101),  R4(105),  R4(109),  R4(113),  R4(117),  121,
    122,      91,       92,       93,       94,       95,
    R16(96),  R16(112), R16(128), R16(144), R16(160), R16(176),
    R16(192), R16(208), R16(224), R16(240)
#undef R16
#undef R4
};

/* Make room for at least `n` more words (and as many candidates) and
 * `bytes` more form bytes (with the padding the hash reads past a form). */
static int reserve(st_words *ws, size_t n, size_t bytes)
{
    return st_grow((void **)&ws->w, &ws->cap, ws->n + n, sizeof(st_word)) ||
           st_grow((void **)&ws->cand, &ws->cap_cand, ws->n_cand + n,
                   sizeof(*ws->cand)) ||
           st_grow((void **)&ws->buf, &ws->buf_cap,
                   ws->buf_len + bytes + ST_PAD + 1, 1);
}

/* Eight ASCII letters at a time to lower case (SWAR): a byte whose low
 * seven bits lie in 'A'..'Z' and whose top bit is clear gains 0x20; every
 * other byte is kept. No sum carries into the next byte. */
static inline uint64_t lower8(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ull;
    uint64_t low7 = v & (0x7f * ones);
    uint64_t ge_a = low7 + (0x80 - 'A') * ones;
    uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * ones;
    return v | (((ge_a & ~gt_z & ~v) & (0x80 * ones)) >> 2);
}

/* Does any byte of v equal c? (the classic has-zero-byte test) */
static inline int has_byte(uint64_t v, unsigned char c)
{
    const uint64_t ones = 0x0101010101010101ull;
    uint64_t x = v ^ (c * ones);
    return ((x - ones) & ~x & (0x80 * ones)) != 0;
}

/* Up to eight bytes of t[at, at + n) (at < tlen), zero above the n: one
 * load, of the eight bytes at `at` or, near the end of the text, of its
 * last eight bytes shifted down (a call to memcpy of a variable length
 * made every word spill its registers). */
static inline uint64_t load_text(const unsigned char *t, size_t tlen, size_t at,
                                 size_t n)
{
    uint64_t v = 0;
    size_t k;
    if (at + 8 <= tlen) {
        memcpy(&v, t + at, 8);
    } else if (tlen >= 8) {
        memcpy(&v, t + tlen - 8, 8);
        v >>= 8 * (at + 8 - tlen);
    } else {
        for (k = 0; k < n && at + k < tlen; k++)
            v |= (uint64_t)t[at + k] << (8 * k);
    }
    return n >= 8 ? v : v & ((1ull << (8 * n)) - 1);
}

/* The form of a token that holds bytes above ASCII, rewritten into out:
 * curly apostrophes (U+2019, U+2018: three bytes) become ', ASCII letters
 * are lower-cased, other bytes kept; ST_PAD zero bytes follow it.
 * Returns its length. */
static uint32_t curly_form(char *out, const unsigned char *t, uint32_t s,
                           uint32_t e)
{
    uint32_t i, k;
    for (i = s, k = 0; i < e && k < ST_FORM_MAX; i++) {
        unsigned char c = t[i];
        if (c == 0xe2 && i + 2 < e && t[i + 1] == 0x80 &&
            (t[i + 2] == 0x98 || t[i + 2] == 0x99)) {
            c = '\'';
            i += 2;
        }
        out[k++] = (char)lower[c];
    }
    memset(out + k, 0, ST_PAD + 1);
    return k;
}

/*
 * The memo (st_words_memo): what push() and the lexicon make of a word
 * (its lower-cased form, hash, stem, apostrophe, classes and valence),
 * kept across texts: most of a text's words are frequent short words,
 * made again and again. Direct-mapped by the word's bytes as written (up
 * to MEMO_MAX bytes, ASCII) and memo_key(), so that a hit needs no
 * lower-casing: two loads, one multiply, three compares. "The" and "the"
 * take a slot each. A new word replaces the one in its slot. It is valid
 * for one lexicon, by address and fingerprint (a file loaded later
 * changes the fingerprint).
 */
#define MEMO_BITS 13
#define MEMO_MAX 16
typedef struct memo_slot {
    uint64_t raw[2];  /* the bytes as written, zero above the length */
    uint64_t form[2]; /* lower-cased, likewise */
    /* st_word's hash, stem, flags, lex and valence, in its order: one
     * copy (flags: ST_W_APOS, and a punctuation's flags) */
    uint64_t hash, stem;
    uint32_t flags, lex;
    float valence;
    uint16_t key; /* memo_key(); 0: empty */
    /* whether the word hits the bloom `want` of generation `gen` (0:
     * not known) */
    uint8_t gen, cand;
} memo_slot;
struct st_memo {
    const st_lexicon *lx;
    uint64_t fp;
    st_bloom want; /* the bloom of generation `gen` */
    uint8_t gen;
    memo_slot slot[1u << MEMO_BITS];
};
_Static_assert(offsetof(memo_slot, valence) - offsetof(memo_slot, hash) ==
                   offsetof(st_word, valence) - offsetof(st_word, hash),
               "a memo slot keeps a word's fields in st_word's order");
_Static_assert(offsetof(tp_token, end) - offsetof(tp_token, start) ==
                       sizeof(uint32_t) &&
                   offsetof(st_word, end) - offsetof(st_word, start) ==
                       sizeof(uint32_t),
               "a token's start and end lie as a word's");

/* The masks that keep the first n <= MEMO_MAX bytes of two eight-byte
 * words: [n][0] for the first, [n][1] for the second. */
/* (the shift is kept in range for the branches not taken too) */
#define M8(n) ((n) >= 8 ? ~0ull : ~(~0ull << ((8 * (n)) & 63)))
#define MASKS(n)                                                               \
    {                                                                          \
        M8(n), (n) > 8 ? M8((n)-8) : 0ull                                      \
    }
static const uint64_t memo_mask[MEMO_MAX + 1][2] = {
    MASKS(0),  MASKS(1),  MASKS(2),  MASKS(3),  MASKS(4),  MASKS(5),
    MASKS(6),  MASKS(7),  MASKS(8),  MASKS(9),  MASKS(10), MASKS(11),
    MASKS(12), MASKS(13), MASKS(14), MASKS(15), MASKS(16)};
#undef MASKS
#undef M8

int st_words_memo(st_words *ws)
{
    if (ws->memo)
        return 0;
    if (!(ws->memo = calloc(1, sizeof(*ws->memo))))
        return -1;
    /* generation 0 is no bloom's */
    ws->memo->gen = 1;
    return 0;
}

/* The memo, emptied if it was filled with another lexicon; NULL when
 * there is none or no lexicon. */
static st_memo *memo_for(st_words *ws, const st_lexicon *lx)
{
    st_memo *m = ws->memo;
    uint64_t fp;
    if (!m || !lx)
        return NULL;
    fp = st_lexicon_fingerprint(lx);
    if (m->lx != lx || m->fp != fp) {
        memset(m->slot, 0, sizeof(m->slot));
        m->lx = lx;
        m->fp = fp;
    }
    /* a new bloom: what the slots know of the old one no longer holds */
    if (memcmp(&m->want, &ws->want, sizeof(m->want)) != 0) {
        m->want = ws->want;
        if (++m->gen == 0) {
            size_t i;
            for (i = 0; i < (1u << MEMO_BITS); i++)
                m->slot[i].gen = 0;
            m->gen = 1;
        }
    }
    return m;
}

/* A word's memo key beside its form: its length, and whether it is
 * punctuation (whose classes are none, whatever its form). */
static inline uint32_t memo_key(uint32_t n, uint32_t flags)
{
    return n | (flags & ST_W_PUNCT ? 1u << 8 : 0u);
}

/* One multiply: the key and the second word (zero for most words) are
 * folded into the first before it. */
static inline memo_slot *memo_slot_of(st_memo *m, uint64_t r0, uint64_t r1,
                                      uint32_t key)
{
    uint64_t x = (r0 ^ (r1 << 29 | r1 >> 35) ^ key) * 0x9e3779b97f4a7c15ull;
    return &m->slot[x >> (64 - MEMO_BITS)];
}

/* The first n <= MEMO_MAX bytes of t + s (s < tlen) as written, in two
 * words zero above n: two loads, but near the end of the text. */
static inline void raw_words(const unsigned char *t, size_t tlen, uint32_t s,
                             uint32_t n, uint64_t r[2])
{
    if (s + 16 <= tlen) {
        memcpy(&r[0], t + s, 8);
        memcpy(&r[1], t + s + 8, 8);
    } else {
        r[0] = load_text(t, tlen, s, n);
        r[1] = n > 8 ? load_text(t, tlen, s + 8, n - 8) : 0;
    }
    r[0] &= memo_mask[n][0];
    r[1] &= memo_mask[n][1];
}

/* List word i in `cand` when it hits the bloom `want`: written always,
 * kept when it hits (no branch to mispredict). */
static inline void list_candidate(st_words *ws, size_t i, uint32_t flags,
                                  uint64_t hash, uint64_t stem)
{
    ws->cand[ws->n_cand] = (uint32_t)i;
    ws->n_cand += (uint32_t)((flags & (ST_W_PUNCT | ST_W_URL)) == 0) &
                  (uint32_t)(st_bloom_has(ws->want.word, hash) |
                             st_bloom_has(ws->want.stem, stem));
}

/* Keep word w, made from the ASCII bytes t[s, s + w->len) (w->len <=
 * MEMO_MAX) whose lower-cased form is c0, c1, in the memo. A
 * punctuation's flags are kept with it: they depend on its bytes alone,
 * where a word's capitals depend on the tokenizer's flags. */
static void remember(st_memo *memo, const unsigned char *t, size_t tlen,
                     uint32_t s, const st_word *w, uint64_t c0, uint64_t c1)
{
    uint64_t r[2];
    uint32_t key = memo_key(w->len, w->flags);
    memo_slot *m;
    raw_words(t, tlen, s, w->len, r);
    m = memo_slot_of(memo, r[0], r[1], key);
    m->raw[0] = r[0];
    m->raw[1] = r[1];
    m->form[0] = c0;
    m->form[1] = c1;
    m->hash = w->hash;
    m->stem = w->stem;
    m->lex = w->lex;
    m->valence = w->valence;
    m->key = (uint16_t)key;
    m->flags = w->flags & (w->flags & ST_W_PUNCT ? ~0u : ST_W_APOS);
    m->gen = 0;
    m->cand = 0;
}

/* Append one word: lower-case `t[s, e)` (s < e; t holds tlen bytes) into
 * the form buffer (ASCII letters; U+2019 and U+2018 become '), hash it,
 * look it up in ws->lexed (when not NULL), list it in `cand` when it hits
 * the bloom `want`, and keep it in the memo (when not NULL). Forms longer
 * than ST_FORM_MAX bytes are cut. `flags` carries ST_W_CAP and
 * ST_W_ALLCAPS, or the punctuation's. The caller reserved room
 * (reserve()), which covers the whole eight-byte stores past a form's
 * end. Most words are found in the memo instead (words_from_tokens). */
static void push(st_words *ws, st_memo *memo, const unsigned char *t,
                 size_t tlen, uint32_t s, uint32_t e, uint32_t flags)
{
    st_word *w = &ws->w[ws->n];
    char *out = ws->buf + ws->buf_len;
    uint32_t i, k, n = e - s < ST_FORM_MAX ? e - s : ST_FORM_MAX;
    /* eight bytes per step, read from the token, lower-cased, stored and
     * hashed from registers (the hash of st_word_hash: zero-padded
     * chunks, one empty chunk for an empty form) */
    uint64_t v = lower8(load_text(t, tlen, s, n)), c0 = v, c1 = 0;
    uint64_t first = v, high = v, apos = (uint64_t)has_byte(v, '\'');
    uint64_t h = hash_chunk(hash_start(n), v), hash, stem;

    memcpy(out, &v, 8);
    for (i = 8; i < n; i += 8) {
        v = lower8(load_text(t, tlen, s + i, n - i));
        if (i == 8)
            c1 = v;
        high |= v;
        apos |= (uint64_t)has_byte(v, '\'');
        memcpy(out + i, &v, 8);
        h = hash_chunk(h, v);
    }
    hash = hash_end(h);
    k = n;
    if (high & 0x8080808080808080ull) {
        k = curly_form(out, t, s, e);
        hash = word_hash(out, k);
        first = load_masked(out, k);
        apos = memchr(out, '\'', k) != NULL;
    }
    out[k] = '\0';
    stem = stem_hash(out, k, hash, first);
    w->start = s;
    w->end = e;
    w->norm = (uint32_t)ws->buf_len;
    w->len = k;
    w->hash = hash;
    w->stem = stem;
    w->flags = flags | (apos ? ST_W_APOS : 0u);
    w->lex = 0;
    w->valence = 0;
    ws->buf_len += k + 1;
    if (ws->lexed)
        st_word_lex(ws->lexed, ws, w);
    if (memo && n <= MEMO_MAX && !(high & 0x8080808080808080ull) &&
        !(flags & ST_W_URL))
        remember(memo, t, tlen, s, w, c0, c1);
    list_candidate(ws, ws->n, flags, hash, stem);
    ws->n++;
}

static int is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10u;
}
static int is_upper(unsigned char c)
{
    return (unsigned)(c - 'A') < 26u;
}
static int is_alpha(unsigned char c)
{
    return (unsigned)((c | 32) - 'a') < 26u;
}

/* ST_W_ALLCAPS and ST_W_CAP of a piece t[s, e) of a hashtag, which the
 * tokenizer's flags (of the whole tag) do not tell. */
static uint32_t case_flags(const unsigned char *t, uint32_t s, uint32_t e)
{
    uint32_t i, n_up = 0, n_alpha = 0, f = 0;
    for (i = s; i < e; i++) {
        n_alpha += (unsigned)((t[i] | 32) - 'a') < 26u;
        n_up += (unsigned)(t[i] - 'A') < 26u;
    }
    if (n_alpha >= 2 && n_up == n_alpha)
        f |= ST_W_ALLCAPS;
    if ((unsigned)(t[s] - 'A') < 26u)
        f |= ST_W_CAP;
    return f;
}

/* A #hashtag's or @handle's text, without its sign: split at case and
 * digit changes and at _, unless it is all capitals (#ICE, #BLM). */
static int push_tag(st_words *ws, st_memo *memo, const unsigned char *t,
                    size_t tlen, uint32_t s, uint32_t e, uint32_t flags)
{
    uint32_t i, j, n_up = 0, n_alpha = 0;
    for (i = s; i < e; i++) {
        n_alpha += is_alpha(t[i]);
        n_up += is_upper(t[i]);
    }
    /* room for a word per byte at most */
    if (reserve(ws, e - s + 1, 2 * (size_t)(e - s) + 1))
        return -1;
    if (n_up == n_alpha) {
        if (s < e)
            push(ws, memo, t, tlen, s, e, flags | case_flags(t, s, e));
        return 0;
    }
    i = s;
    while (i < e) {
        if (t[i] == '_') {
            i++;
            continue;
        }
        j = i + 1;
        while (j < e) {
            unsigned char a = t[j - 1], b = t[j];
            if ((is_digit(a) != is_digit(b)) || (is_upper(b) && !is_upper(a)) ||
                (is_upper(a) && is_upper(b) && j + 1 < e &&
                 !is_upper(t[j + 1]) && is_alpha(t[j + 1])) ||
                b == '_')
                break;
            j++;
        }
        push(ws, memo, t, tlen, i, j, flags | case_flags(t, i, j));
        i = j;
    }
    return 0;
}

/* Flags of a punctuation token by its first character: sentence ends,
 * clause ends (, ; : ( ) and dashes, ellipsis). */
static uint32_t punct_flags(const unsigned char *p, size_t n)
{
    uint32_t f = ST_W_PUNCT;
    switch (p[0]) {
    case '.':
        return f | ST_W_SENT | ST_W_CLAUSE;
    case '!':
        return f | ST_W_SENT | ST_W_CLAUSE | ST_W_EXCL;
    case '?':
        return f | ST_W_SENT | ST_W_CLAUSE | ST_W_QMARK;
    case ',':
    case ';':
    case ':':
    case '(':
    case ')':
        return f | ST_W_CLAUSE;
    default:
        if (n >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
            (p[2] == 0x93 || p[2] == 0x94 || p[2] == 0xa6))
            return f | ST_W_CLAUSE;
        return f;
    }
}

/* Words judged together: a few dozen st_words, still in L1. */
#define BATCH 64

/* The word of token k from the memo, when its bytes are there: written
 * at ws->w[*n] and *blen from the slot, listed in `cand` at *n_cand.
 * Returns 1 when the word was made, 0 when push() must make it. Inline
 * in the loop over tokens, where most words are made: the counts are the
 * caller's locals (a store into the form buffer, a char array, would
 * otherwise make every field of ws be read again), and no byte is
 * looked at one by one. */
static inline __attribute__((always_inline)) int
from_memo(const st_words *ws, st_memo *memo, const unsigned char *t,
          size_t tlen, const tp_token *k, size_t *n, size_t *blen,
          size_t *n_cand)
{
    uint32_t s = k->start, len = k->end - k->start, key, flags;
    /* punctuation, symbols and quote marks */
    uint32_t punct = (unsigned)(k->kind - TP_TOK_PUNCT) < 3u;
    uint64_t r[2];
    memo_slot *m;
    st_word *w;
    uint32_t *cand;
    char *out;
    if (len > MEMO_MAX)
        return 0;
    raw_words(t, tlen, s, len, r);
    key = memo_key(len, punct ? ST_W_PUNCT : 0u);
    m = memo_slot_of(memo, r[0], r[1], key);
    if (m->key != key || m->raw[0] != r[0] || m->raw[1] != r[1])
        return 0;
    flags = m->flags;
    if (!punct)
        flags |= (k->flags & TP_TOKF_CAPITALISED ? ST_W_CAP : 0u) |
                 (k->flags & TP_TOKF_ALL_CAPS ? ST_W_ALLCAPS : 0u);
    /* as list_candidate(), once per bloom */
    if (m->gen != memo->gen) {
        m->cand = (uint8_t)(punct == 0) &
                  (uint8_t)(st_bloom_has(ws->want.word, m->hash) |
                            st_bloom_has(ws->want.stem, m->stem));
        m->gen = memo->gen;
    }
    out = ws->buf + *blen;
    w = &ws->w[*n];
    cand = ws->cand;
    memcpy(out, &m->form[0], 8);
    memcpy(out + 8, &m->form[1], 8);
    out[len] = '\0';
    /* start and end, then hash to valence, as they lie */
    memcpy(&w->start, &k->start, 2 * sizeof(uint32_t));
    w->norm = (uint32_t)*blen;
    w->len = len;
    memcpy(&w->hash, &m->hash,
           offsetof(st_word, valence) + sizeof(float) -
               offsetof(st_word, hash));
    w->flags = flags;
    *blen += len + 1;
    cand[*n_cand] = (uint32_t)*n;
    *n_cand += m->cand;
    (*n)++;
    return 1;
}

/* The word of a token that the memo does not hold: a URL, a hashtag, a
 * word or punctuation, made by push(). */
static int from_token(st_words *ws, st_memo *memo, const unsigned char *t,
                      size_t len, const tp_token *k, size_t i, size_t n_tok)
{
    uint32_t s = k->start, e = k->end, f;
    switch (k->kind) {
    case TP_TOK_URL:
    case TP_TOK_EMAIL:
        push(ws, memo, (const unsigned char *)"<url>", 5, 0, 5, ST_W_URL);
        ws->w[ws->n - 1].start = s;
        ws->w[ws->n - 1].end = e;
        return 0;
    case TP_TOK_HASHTAG:
    case TP_TOK_HANDLE:
        if (push_tag(ws, memo, t, len, s + 1, e,
                     k->kind == TP_TOK_HASHTAG ? ST_W_HASHTAG : ST_W_HANDLE) ||
            reserve(ws, n_tok - i, len + 6 * (n_tok - i)))
            return -1;
        return 0;
    case TP_TOK_PUNCT:
    case TP_TOK_SYMBOL:
    case TP_TOK_QUOTE:
        f = punct_flags(t + s, e - s);
        break;
    default:
        f = (k->flags & TP_TOKF_CAPITALISED ? ST_W_CAP : 0u) |
            (k->flags & TP_TOKF_ALL_CAPS ? ST_W_ALLCAPS : 0u);
        break;
    }
    push(ws, memo, t, len, s, e, f);
    return 0;
}

/* Is k a URL, an e-mail address, a hashtag or a handle (never in the
 * memo)? */
static inline int is_special(const tp_token *k)
{
    return (unsigned)(k->kind - TP_TOK_URL) < 4u;
}

/* st_words_from_tokens, looking each word up in lx (when not NULL). */
static int words_from_tokens(st_words *ws, const st_lexicon *lx,
                             const char *text, size_t len, const tp_token *tok,
                             size_t n_tok)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t i, n = 0, blen = 0, n_cand = 0, next_batch = BATCH;
    /* judging needs the words' classes */
    st_judge_pass *judge = lx ? ws->judge : NULL;
    st_memo *memo = memo_for(ws, lx);

    ws->n = 0;
    ws->buf_len = 0;
    ws->n_cand = 0;
    memset(&ws->cand_bloom, 0, sizeof(ws->cand_bloom));
    /* every word is looked up in lx as it is made, before it is judged */
    ws->lexed = lx;
    if (judge)
        st_judge_scan_begin(judge, 0);
    /* a word per token and a form no longer than its token (or "<url>"),
     * but for hashtags, which reserve their own */
    if (reserve(ws, n_tok, len + 6 * n_tok))
        return -1;
    if (judge)
        next_batch = judge->next + BATCH;
    for (i = 0; i < n_tok; i++) {
        const tp_token *k = &tok[i];

        if (k->start >= k->end || k->end > len)
            continue;
        /* a sentence that ends without a mark (a new line, a paragraph):
         * its last word closes it */
        if ((k->flags & TP_TOKF_SENT_START) && n &&
            !(ws->w[n - 1].flags & ST_W_SENT))
            ws->w[n - 1].flags |= ST_W_SENT | ST_W_CLAUSE;
        if (!memo || is_special(k) ||
            !from_memo(ws, memo, t, len, k, &n, &blen, &n_cand)) {
            ws->n = n;
            ws->buf_len = blen;
            ws->n_cand = n_cand;
            if (from_token(ws, memo, t, len, k, i, n_tok))
                return -1;
            n = ws->n;
            blen = ws->buf_len;
            n_cand = ws->n_cand;
        }
        /* every few dozen words: judge them while they are in cache;
         * the last word's flags may change with the next token (a
         * sentence that ends without a mark), so it waits for the next
         * batch */
        if (judge && n > next_batch) {
            ws->n = n;
            ws->buf_len = blen;
            ws->n_cand = n_cand;
            if (st_judge_scan_more(lx, ws, judge, n - 1))
                return -1;
            next_batch = judge->next + BATCH;
        }
    }
    ws->n = n;
    ws->buf_len = blen;
    ws->n_cand = n_cand;
    if (judge && st_judge_scan_end(lx, ws, judge, ws->n))
        return -1;
    ws->cand_bloom = ws->want;
    return 0;
}

int st_words_from_tokens(st_words *ws, const char *text, size_t len,
                         const tp_token *tok, size_t n_tok)
{
    return words_from_tokens(ws, NULL, text, len, tok, n_tok);
}

int st_words_from_tokens_lex(st_words *ws, const st_lexicon *lx,
                             const char *text, size_t len, const tp_token *tok,
                             size_t n_tok)
{
    return words_from_tokens(ws, lx, text, len, tok, n_tok);
}

/* The reserve callback of tk_output over malloc'ed arrays. */
static int words_reserve(void *ctx, void **items, size_t *cap, size_t need,
                         size_t elem_size)
{
    (void)ctx;
    return st_grow(items, cap, need, elem_size);
}

int st_words_split(st_words *ws, const st_lexicon *lx, const char *text,
                   size_t len)
{
    tk_output *out = ws->tk_out;
    if (!out) {
        out = calloc(1, sizeof(*out));
        if (!out)
            return -1;
        out->reserve = words_reserve;
        ws->tk_out = out;
    }
    if (len > UINT32_MAX ||
        tk_tokenize(st_lexicon_tokenizer(lx), text, len, out) ||
        st_words_from_tokens_lex(ws, lx, text, len, out->tokens, out->n_tokens))
        return -1;
    return 0;
}

void st_words_free(st_words *ws)
{
    free(ws->w);
    free(ws->buf);
    free(ws->cand);
    free(ws->memo);
    if (ws->tk_out) {
        tk_output *out = ws->tk_out;
        free(out->tokens);
        free(out->sentences);
        free(out->paragraphs);
        free(out);
    }
    memset(ws, 0, sizeof(*ws));
}
