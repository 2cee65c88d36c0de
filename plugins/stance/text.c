/*
 * text.c - the stance core's own word splitter, hashing and stemming.
 * The stage could read the tokenize layer, but the trainer reads raw JSON
 * lines: one splitter used by both keeps the features of training and of
 * running identical, and it is cheap (one pass, no allocation once the
 * buffers have grown). It lower-cases ASCII only; other UTF-8 is kept as
 * it is, which is enough for hashing features and for matching aliases.
 */
#include <stdlib.h>
#include <string.h>

#include "stance.h"

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

/* Suffixes stripped before the six-byte cut, longest first, with their
 * lengths (this runs for every word of every document). */
typedef struct suffix {
    const char *s;
    size_t len;
} suffix;
#define SUFFIX(x) {x, sizeof(x) - 1}
static const suffix stem_suffixes[] = {
    SUFFIX("izations"), SUFFIX("ization"), SUFFIX("ations"), SUFFIX("ation"),
    SUFFIX("ments"),    SUFFIX("ment"),    SUFFIX("isms"),   SUFFIX("ists"),
    SUFFIX("ism"),      SUFFIX("ist"),     SUFFIX("ings"),   SUFFIX("ing"),
    SUFFIX("ies"),      SUFFIX("ied"),     SUFFIX("es"),     SUFFIX("ed"),
    SUFFIX("s")};

uint64_t st_stem(const char *w, size_t len)
{
    size_t i;
    char last;
    if (len <= 4)
        return st_hash(w, len);
    last = w[len - 1];
    /* every suffix ends in s, n, m, t, g or d */
    if (last == 's' || last == 'n' || last == 'm' || last == 't' ||
        last == 'g' || last == 'd')
        for (i = 0; i < sizeof(stem_suffixes) / sizeof(stem_suffixes[0]);
             i++) {
            size_t k = stem_suffixes[i].len;
            if (len > k + 3 &&
                memcmp(w + len - k, stem_suffixes[i].s, k) == 0) {
                len -= k;
                break;
            }
        }
    if (len > 6)
        len = 6;
    return st_hash(w, len);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
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

/* Append one token; `form` is its lower-cased text. */
static int push(st_words *ws, uint32_t start, uint32_t end, const char *form,
                size_t len, uint32_t flags)
{
    st_word *w;
    if (grow((void **)&ws->w, &ws->cap, ws->n + 1, sizeof(st_word)) ||
        grow((void **)&ws->buf, &ws->buf_cap, ws->buf_len + len + 1, 1))
        return -1;
    w = &ws->w[ws->n++];
    w->start = start;
    w->end = end;
    w->norm = (uint32_t)ws->buf_len;
    w->len = (uint32_t)len;
    memcpy(ws->buf + ws->buf_len, form, len);
    ws->buf[ws->buf_len + len] = '\0';
    ws->buf_len += len + 1;
    w->hash = st_hash(form, len);
    w->stem = len <= 4 ? w->hash : st_stem(form, len);
    w->flags = flags;
    return 0;
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}
static int is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

/* ASCII letters, digits and _ (the bytes a word is mostly made of). */
static const unsigned char ascii_word[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
    ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['_'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
    ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1};

/* Bytes of a UTF-8 lead byte's sequence (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
    if (c >= 0xf0)
        return 4;
    if (c >= 0xe0)
        return 3;
    if (c >= 0xc0)
        return 2;
    return 1;
}

/* What a character at p is: 'w' word, 'a' apostrophe, 's' space, 'p'
 * punctuation; *n is its length in bytes. */
static inline int char_class(const unsigned char *p, size_t left, size_t *n)
{
    unsigned char c = p[0];
    *n = 1;
    if (c < 0x80) {
        if (is_alpha(c) || is_digit(c) || c == '_')
            return 'w';
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            return 's';
        return c == '\'' ? 'a' : 'p';
    }
    *n = utf8_len(c);
    if (*n > left)
        *n = left;
    /* U+2000..U+206F: spaces, dashes, quote marks, ellipsis */
    if (c == 0xe2 && *n == 3 && (p[1] == 0x80 || p[1] == 0x81)) {
        if (p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99))
            return 'a';
        return p[1] == 0x80 && p[2] <= 0x8b ? 's' : 'p';
    }
    if (c == 0xc2 && *n == 2 && (p[1] == 0xa0))
        return 's';
    if (c == 0xc2 && *n == 2 && (p[1] == 0xab || p[1] == 0xbb))
        return 'p';
    return 'w';
}

/* Split one run of word characters (with inner apostrophes) into tokens;
 * hashtags and handles also at case and digit changes. */
static int push_word(st_words *ws, const char *text, size_t s, size_t e,
                     uint32_t flags)
{
    char form[128];
    size_t i, j, k, m, n_up = 0, n_alpha = 0;
    int split = (flags & (ST_W_HASHTAG | ST_W_HANDLE)) != 0;
    const unsigned char *t = (const unsigned char *)text;

    for (i = s; i < e; i++) {
        if (is_alpha(t[i]))
            n_alpha++;
        if (is_upper(t[i]))
            n_up++;
    }
    if (split && n_up == n_alpha)
        split = 0; /* #ICE, #BLM: one word */
    i = s;
    while (i < e) {
        uint32_t f = flags;
        j = i + 1;
        if (split) {
            while (j < e) {
                unsigned char a = t[j - 1], b = t[j];
                if ((is_digit(a) != is_digit(b)) ||
                    (is_upper(b) && !is_upper(a)) ||
                    (is_upper(a) && is_upper(b) && j + 1 < e &&
                     !is_upper(t[j + 1]) && is_alpha(t[j + 1])) ||
                    b == '_')
                    break;
                j++;
            }
        } else {
            j = e;
        }
        if (t[i] == '_') {
            i++;
            continue;
        }
        n_up = n_alpha = 0;
        for (k = 0, m = i; m < j && k < sizeof(form); m++) {
            unsigned char c = t[m];
            if (c == 0xe2 && m + 2 < j && t[m + 1] == 0x80 &&
                (t[m + 2] == 0x98 || t[m + 2] == 0x99)) {
                form[k++] = '\'';
                m += 2;
                continue;
            }
            if (is_alpha(c))
                n_alpha++;
            if (is_upper(c)) {
                n_up++;
                c = (unsigned char)(c + 32);
            }
            form[k++] = (char)c;
        }
        if (n_alpha >= 2 && n_up == n_alpha)
            f |= ST_W_ALLCAPS;
        if (is_upper(t[i]))
            f |= ST_W_CAP;
        if (push(ws, (uint32_t)i, (uint32_t)j, form, k, f))
            return -1;
        i = j;
    }
    return 0;
}

static int starts_url(const char *p, size_t left)
{
    return (left >= 7 && memcmp(p, "http://", 7) == 0) ||
           (left >= 8 && memcmp(p, "https://", 8) == 0) ||
           (left >= 4 && memcmp(p, "www.", 4) == 0);
}

int st_words_split(st_words *ws, const char *text, size_t len)
{
    size_t i = 0, n;
    const unsigned char *t = (const unsigned char *)text;

    ws->n = 0;
    ws->buf_len = 0;
    ws->lexed = NULL;
    while (i < len) {
        int cls = char_class(t + i, len - i, &n);
        uint32_t flags = 0;
        size_t s, e;

        if (cls == 's') {
            if (t[i] == '\n' && ws->n && !(ws->w[ws->n - 1].flags & ST_W_SENT))
                ws->w[ws->n - 1].flags |= ST_W_SENT | ST_W_CLAUSE;
            i += n;
            continue;
        }
        if ((t[i] == 'h' || t[i] == 'w') && starts_url(text + i, len - i)) {
            s = i;
            while (i < len && t[i] > ' ')
                i++;
            if (push(ws, (uint32_t)s, (uint32_t)i, "<url>", 5, ST_W_URL))
                return -1;
            continue;
        }
        if ((t[i] == '#' || t[i] == '@') && i + 1 < len) {
            size_t m;
            if (char_class(t + i + 1, len - i - 1, &m) == 'w') {
                flags = t[i] == '#' ? ST_W_HASHTAG : ST_W_HANDLE;
                i++;
                cls = 'w';
                n = m;
            }
        }
        if (cls == 'w') {
            s = i;
            e = i;
            for (;;) {
                size_t m, m2;
                int c2;
                if (e >= len)
                    break;
                if (ascii_word[t[e]]) {
                    e++; /* the common case, without the general test */
                    continue;
                }
                c2 = char_class(t + e, len - e, &m);
                if (c2 == 'w')
                    e += m;
                else if (c2 == 'a' && !flags && e + m < len &&
                         char_class(t + e + m, len - e - m, &m2) == 'w')
                    e += m; /* an inner apostrophe: don't, Trump's */
                else
                    break;
            }
            if (push_word(ws, text, s, e, flags))
                return -1;
            i = e;
            continue;
        }
        /* punctuation and apostrophes that are not inside a word */
        flags = ST_W_PUNCT;
        switch (t[i]) {
        case '.':
        case '!':
        case '?':
            flags |= ST_W_SENT | ST_W_CLAUSE;
            if (t[i] == '?')
                flags |= ST_W_QMARK;
            if (t[i] == '!')
                flags |= ST_W_EXCL;
            break;
        case ',':
        case ';':
        case ':':
        case '(':
        case ')':
            flags |= ST_W_CLAUSE;
            break;
        default:
            if (n == 3 && t[i] == 0xe2 && t[i + 1] == 0x80 &&
                (t[i + 2] == 0x93 || t[i + 2] == 0x94 || t[i + 2] == 0xa6))
                flags |= ST_W_CLAUSE; /* dashes, ellipsis */
            break;
        }
        {
            char form[4];
            size_t k;
            for (k = 0; k < n && k < sizeof(form); k++)
                form[k] = (char)t[i + k];
            if (push(ws, (uint32_t)i, (uint32_t)(i + n), form, k, flags))
                return -1;
        }
        i += n;
    }
    return 0;
}

void st_words_free(st_words *ws)
{
    free(ws->w);
    free(ws->buf);
    free(ws->cache);
    memset(ws, 0, sizeof(*ws));
}
