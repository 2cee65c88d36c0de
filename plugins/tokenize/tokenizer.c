/*
 * tokenizer.c - one pass over a UTF-8 buffer that produces tokens (byte
 * spans with a kind, flags and a quote style), sentences and paragraphs.
 *
 * Speed comes from an ASCII fast path: runs of plain words (letters between
 * spaces and commas) are found 64 bytes at a time from SSE2 byte masks and
 * written without per-token branches; a 256-entry byte-class table drives
 * the other inner loops, and a byte >= 0x80 is decoded and classified
 * (common news punctuation by a switch, everything else by utf8proc's
 * general category) only where it occurs. Sentences and paragraphs are
 * decided as each token is emitted, with one token of look-ahead held as "a
 * boundary may follow", so the token array is written once and never
 * re-read. No memory is allocated per token: the output arrays are reserved
 * up front from the text length and grow by doubling through the caller's
 * callback.
 */
#include "tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "abbrev_table.h"

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#define ALWAYS_INLINE inline
#define NOINLINE
#endif

/* ---- byte classes (ASCII fast path) ------------------------------------ */

enum {
    K_UPPER = 0x01,
    K_LOWER = 0x02,
    K_DIGIT = 0x04,
    K_SPACE = 0x08, /* space, tab and other C0 controls */
    K_NL = 0x10,    /* \n \v \f \r: a line break ends a paragraph */
    K_HIGH = 0x20,  /* a byte of a multi-byte UTF-8 sequence */
    K_PUNCT = 0x40  /* any other printable ASCII */
};
#define K_ALPHA (K_UPPER | K_LOWER)
#define ACC_CASELESS 0x80 /* scan_word: a letter without case was seen */
#define K_ALNUM (K_ALPHA | K_DIGIT)

#define S_ K_SPACE
#define N_ K_NL
#define P_ K_PUNCT
#define D_ K_DIGIT
#define U_ K_UPPER
#define L_ K_LOWER
#define H_ K_HIGH
#define H16 H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_, H_
static const uint8_t byte_class[256] = {
    S_,  S_,  S_,  S_,  S_,  S_,  S_,  S_,
    S_,  S_,  N_,  N_,  N_,  N_,  S_,  S_, /* 0x00 */
    S_,  S_,  S_,  S_,  S_,  S_,  S_,  S_,
    S_,  S_,  S_,  S_,  S_,  S_,  S_,  S_, /* 0x10 */
    S_,  P_,  P_,  P_,  P_,  P_,  P_,  P_,
    P_,  P_,  P_,  P_,  P_,  P_,  P_,  P_, /* 0x20 */
    D_,  D_,  D_,  D_,  D_,  D_,  D_,  D_,
    D_,  D_,  P_,  P_,  P_,  P_,  P_,  P_, /* 0x30 */
    P_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,
    U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_, /* 0x40 */
    U_,  U_,  U_,  U_,  U_,  U_,  U_,  U_,
    U_,  U_,  U_,  P_,  P_,  P_,  P_,  P_, /* 0x50 */
    P_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,
    L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_, /* 0x60 */
    L_,  L_,  L_,  L_,  L_,  L_,  L_,  L_,
    L_,  L_,  L_,  P_,  P_,  P_,  P_,  S_, /* 0x70 */
    H16, H16, H16, H16, H16, H16, H16, H16 /* 0x80+ */
};
#undef S_
#undef N_
#undef P_
#undef D_
#undef U_
#undef L_
#undef H_
#undef H16

static inline int is_ascii_alpha(uint8_t c)
{
    return (byte_class[c] & K_ALPHA) != 0;
}

static inline int is_ascii_digit(uint8_t c)
{
    return (byte_class[c] & K_DIGIT) != 0;
}

static inline int is_ascii_alnum(uint8_t c)
{
    return (byte_class[c] & K_ALNUM) != 0;
}

/* ---- byte masks of 16 and 64 bytes ---------------------------------- */

#if defined(__SSE2__) && !defined(TK_NO_SIMD)
#include <emmintrin.h>
#define TK_SSE2 1
#endif

/* Which bytes of a window are ASCII letters, lower-case letters, spaces,
 * commas and hyphens (bit k for byte k). */
typedef struct tk_masks {
    uint64_t letters, lowers, spaces, commas, hyphens;
} tk_masks;

/* The masks of p[0, 16), in the low 16 bits of each field. */
static ALWAYS_INLINE tk_masks masks16(const uint8_t *p)
{
    tk_masks m;
#ifdef TK_SSE2
    /* y = (b | 0x20) is a letter iff 0x60 < y < 0x7B; a byte >= 0x80 is
     * negative as a signed char and fails the first test */
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i y = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(y, _mm_set1_epi8(0x60)),
                                  _mm_cmplt_epi8(y, _mm_set1_epi8(0x7B)));
    unsigned letters = (unsigned)_mm_movemask_epi8(alpha);
    m.letters = letters;
    /* bit 5 (lower case) of each byte shifted up to bit 7 */
    m.lowers = letters & (unsigned)_mm_movemask_epi8(_mm_slli_epi64(x, 2));
    m.spaces =
        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
    m.commas =
        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')));
    m.hyphens =
        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('-')));
#else
    /* plain C for other platforms: the same masks, a byte at a time */
    int k;
    m.letters = m.lowers = m.spaces = m.commas = m.hyphens = 0;
    for (k = 0; k < 16; k++) {
        m.commas |= (uint64_t)(p[k] == ',') << k;
        m.hyphens |= (uint64_t)(p[k] == '-') << k;
        m.letters |= (uint64_t)((byte_class[p[k]] & K_ALPHA) != 0) << k;
        m.lowers |= (uint64_t)((byte_class[p[k]] & K_LOWER) != 0) << k;
        m.spaces |= (uint64_t)(p[k] == ' ') << k;
    }
#endif
    return m;
}

/* The masks of p[0, 64). */
static ALWAYS_INLINE tk_masks masks64(const uint8_t *p)
{
    tk_masks m = masks16(p);
    int k;
    for (k = 16; k < 64; k += 16) {
        tk_masks q = masks16(p + k);
        m.letters |= q.letters << k;
        m.lowers |= q.lowers << k;
        m.spaces |= q.spaces << k;
        m.commas |= q.commas << k;
        m.hyphens |= q.hyphens << k;
    }
    return m;
}

/* ---- Unicode classes (off the fast path) ------------------------------- */

typedef enum uclass {
    UC_UPPER,    /* Lu Lt */
    UC_LOWER,    /* Ll */
    UC_LETTER,   /* Lm Lo (no case) */
    UC_MARK,     /* Mn Mc Me, and the joiners ZWJ/ZWNJ */
    UC_DIGIT,    /* Nd */
    UC_NUMBER,   /* Nl No */
    UC_SPACE,    /* Zs, C1 controls */
    UC_NEWLINE,  /* Zl Zp, NEL */
    UC_IGNORE,   /* Cf: zero-width space, BOM, bidi controls */
    UC_HYPHEN,   /* hyphen, non-breaking hyphen, soft hyphen: joins words */
    UC_DASH,     /* other Pd: en and em dash, horizontal bar */
    UC_OPEN,     /* Ps */
    UC_CLOSE,    /* Pe */
    UC_QUOTE,    /* the quote marks whose style the ABI names */
    UC_TERMINAL, /* ends a sentence: ellipsis, fullwidth . ! ? */
    UC_PUNCT,    /* other punctuation */
    UC_CURRENCY, /* Sc */
    UC_SYMBOL,   /* Sm Sk So */
    UC_EMOJI,    /* So in the pictographic blocks */
    UC_CJK,      /* a CJK ideograph: one token each */
    UC_OTHER     /* unassigned, private use, invalid UTF-8 */
} uclass;

/* CJK ideograph blocks (Unified, Extension A, Compatibility, B..G). */
static inline int is_cjk_ideograph(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x323AF);
}

/* Pictographic ranges where a So symbol is drawn as an emoji. */
static inline int is_emoji_block(int32_t cp)
{
    return cp >= 0x1F000 || (cp >= 0x2600 && cp <= 0x27BF) ||
           (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x2300 && cp <= 0x23FF);
}

/*
 * Classify a code point. The characters news text is full of (curly quotes,
 * dashes, NBSP, ellipsis) are answered by the switch; everything else by
 * its Unicode general category from utf8proc.
 */
static uclass uclass_of(int32_t cp)
{
    switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2039:
    case 0x203A:
        return UC_QUOTE;
    case 0x2014:
    case 0x2013:
    case 0x2015:
        return UC_DASH;
    case 0x00A0:
        return UC_SPACE;
    case 0x00AD:
    case 0x2010:
    case 0x2011:
        return UC_HYPHEN;
    case 0x2026:
    case 0x203C:
    case 0x2047:
    case 0x2048:
    case 0x2049:
    case 0x3002:
    case 0xFF01:
    case 0xFF0E:
    case 0xFF1F:
    case 0xFF61:
        return UC_TERMINAL;
    case 0x0085:
        return UC_NEWLINE;
    case 0x00A1:
    case 0x00BF: /* Spanish inverted ! and ? open a sentence */
        return UC_OPEN;
    case 0x200C:
    case 0x200D:
        return UC_MARK;
    default:
        break;
    }
    if (is_cjk_ideograph(cp))
        return UC_CJK;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return UC_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return UC_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return UC_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return UC_MARK;
    case UTF8PROC_CATEGORY_ND:
        return UC_DIGIT;
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return UC_NUMBER;
    case UTF8PROC_CATEGORY_PD:
        return UC_DASH;
    case UTF8PROC_CATEGORY_PS:
        return UC_OPEN;
    case UTF8PROC_CATEGORY_PE:
        return UC_CLOSE;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return UC_PUNCT;
    case UTF8PROC_CATEGORY_SC:
        return UC_CURRENCY;
    case UTF8PROC_CATEGORY_SO:
        return is_emoji_block(cp) ? UC_EMOJI : UC_SYMBOL;
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SK:
        return UC_SYMBOL;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_CC:
        return UC_SPACE;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return UC_NEWLINE;
    case UTF8PROC_CATEGORY_CF:
        return UC_IGNORE;
    default:
        return UC_OTHER;
    }
}

static inline int uclass_is_word(uclass u)
{
    return u <= UC_NUMBER; /* UPPER, LOWER, LETTER, MARK, DIGIT, NUMBER */
}

/*
 * Decode one UTF-8 sequence at p[i] (i < len). Returns its length and the
 * code point, or length 1 and -1 for a malformed byte, so that arbitrary
 * input still advances and never reads past len.
 */
static inline size_t utf8_decode(const uint8_t *p, size_t i, size_t len,
                                 int32_t *cp)
{
    uint8_t b0 = p[i];
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
            *cp = ((int32_t)(b0 & 0x1F) << 6) | (p[i + 1] & 0x3F);
            return 2;
        }
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (i + 2 < len && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80) {
            int32_t c = ((int32_t)(b0 & 0x0F) << 12) |
                        ((int32_t)(p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
            if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
                *cp = c;
                return 3;
            }
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (i + 3 < len && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80 && (p[i + 3] & 0xC0) == 0x80) {
            int32_t c = ((int32_t)(b0 & 0x07) << 18) |
                        ((int32_t)(p[i + 1] & 0x3F) << 12) |
                        ((int32_t)(p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
            if (c >= 0x10000 && c <= 0x10FFFF) {
                *cp = c;
                return 4;
            }
        }
    }
    *cp = -1;
    return 1;
}

#define CP_EDGE (-2) /* before the start or after the end of the text */

/* The code point that ends just before p[i], or CP_EDGE at the start. */
static int32_t prev_cp(const uint8_t *p, size_t i)
{
    size_t k = 1;
    int32_t cp;
    if (i == 0)
        return CP_EDGE;
    if (p[i - 1] < 0x80)
        return p[i - 1];
    while (k < 4 && k < i && (p[i - k] & 0xC0) == 0x80)
        k++;
    if (utf8_decode(p, i - k, i, &cp) != k)
        return -1;
    return cp;
}

static int32_t next_cp(const uint8_t *p, size_t i, size_t len)
{
    int32_t cp;
    if (i >= len)
        return CP_EDGE;
    utf8_decode(p, i, len, &cp);
    return cp;
}

/* Length of the word character at p[i] (letter, mark, digit), or 0. */
static inline size_t word_char_at(const uint8_t *p, size_t i, size_t len)
{
    int32_t cp;
    size_t n;
    if (i >= len)
        return 0;
    if (p[i] < 0x80)
        return is_ascii_alnum(p[i]) ? 1 : 0;
    n = utf8_decode(p, i, len, &cp);
    if (cp < 0)
        return 0;
    return uclass_is_word(uclass_of(cp)) && !is_cjk_ideograph(cp) ? n : 0;
}

static inline int letter_at(const uint8_t *p, size_t i, size_t len)
{
    int32_t cp;
    if (i >= len)
        return 0;
    if (p[i] < 0x80)
        return is_ascii_alpha(p[i]);
    utf8_decode(p, i, len, &cp);
    if (cp < 0)
        return 0;
    switch (uclass_of(cp)) {
    case UC_UPPER:
    case UC_LOWER:
    case UC_LETTER:
        return 1;
    default:
        return 0;
    }
}

/* ---- word sets --------------------------------------------------------- */

typedef struct tk_slot {
    const char *word;
    uint32_t len;
    uint32_t kind;
} tk_slot;

/* An open-addressing hash set of short words, built once per instance. */
typedef struct tk_wordset {
    tk_slot *slots;
    size_t mask;
} tk_wordset;

struct tk_tokenizer {
    size_t max_abbrev; /* longest entry: longer words skip the lookup */
    /* Per length, bit (first byte & 63) of each entry: most words are
     * known not to be abbreviations without hashing them. */
    uint64_t abbrev_firsts[TK_ABBREV_MAX + 1];
    tk_wordset abbrevs;
    tk_wordset starters;
    char *extra_text; /* copies of the extra abbreviations */
};

static uint32_t word_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < len; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static int wordset_init(tk_wordset *set, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    set->slots = calloc(cap, sizeof(tk_slot));
    set->mask = cap - 1;
    return set->slots ? 0 : -1;
}

/* Insert unless present (built-in entries win over later duplicates). */
static void wordset_add(tk_wordset *set, const char *word, size_t len,
                        unsigned kind)
{
    size_t i = word_hash(word, len) & set->mask;
    while (set->slots[i].word) {
        if (set->slots[i].len == len && !memcmp(set->slots[i].word, word, len))
            return;
        i = (i + 1) & set->mask;
    }
    set->slots[i].word = word;
    set->slots[i].len = (uint32_t)len;
    set->slots[i].kind = kind;
}

static unsigned wordset_find(const tk_wordset *set, const char *word,
                             size_t len)
{
    size_t i = word_hash(word, len) & set->mask;
    while (set->slots[i].word) {
        if (set->slots[i].len == len && !memcmp(set->slots[i].word, word, len))
            return set->slots[i].kind;
        i = (i + 1) & set->mask;
    }
    return 0;
}

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Check one extra abbreviation; returns its length without a final dot. */
static size_t extra_abbrev_len(const char *s, char *err, size_t err_len)
{
    size_t len = strlen(s), i;
    if (len > 0 && s[len - 1] == '.')
        len--;
    if (len == 0 || len > TK_ABBREV_MAX) {
        snprintf(err, err_len,
                 "abbreviations: '%s' must be 1 to %d letters (a final dot "
                 "is optional)",
                 s, TK_ABBREV_MAX);
        return 0;
    }
    for (i = 0; i < len; i++) {
        uint8_t c = (uint8_t)s[i];
        if (c < 0x80 && !is_ascii_alpha(c)) {
            snprintf(err, err_len,
                     "abbreviations: '%s' may hold letters only (dotted "
                     "forms like U.S. are recognised without a list)",
                     s);
            return 0;
        }
    }
    return len;
}

/* Add an abbreviation (1 to TK_ABBREV_MAX bytes) to the set and its
 * filter. */
static void abbrev_add(tk_tokenizer *tk, const char *word, size_t len,
                       unsigned kind)
{
    wordset_add(&tk->abbrevs, word, len, kind);
    tk->abbrev_firsts[len] |= 1ull << ((uint8_t)word[0] & 63);
    if (len > tk->max_abbrev)
        tk->max_abbrev = len;
}

tk_tokenizer *tk_new(const char *const *extra, size_t n_extra, char *err,
                     size_t err_len)
{
    tk_tokenizer *tk;
    size_t i, total = 0, off = 0;
    size_t n_abbr = COUNT_OF(tk_builtin_abbrevs) + n_extra;

    for (i = 0; i < n_extra; i++) {
        size_t len = extra_abbrev_len(extra[i], err, err_len);
        if (!len)
            return NULL;
        total += len + 1;
    }
    tk = calloc(1, sizeof(*tk));
    if (!tk || wordset_init(&tk->abbrevs, n_abbr) ||
        wordset_init(&tk->starters, COUNT_OF(tk_sentence_starters)) ||
        (total && !(tk->extra_text = malloc(total)))) {
        snprintf(err, err_len, "tokenize: out of memory");
        tk_free(tk);
        return NULL;
    }
    for (i = 0; i < COUNT_OF(tk_builtin_abbrevs); i++) {
        size_t len = strlen(tk_builtin_abbrevs[i].word);
        abbrev_add(tk, tk_builtin_abbrevs[i].word, len,
                   tk_builtin_abbrevs[i].kind);
    }
    for (i = 0; i < n_extra; i++) {
        size_t len = extra_abbrev_len(extra[i], err, err_len);
        memcpy(tk->extra_text + off, extra[i], len);
        tk->extra_text[off + len] = '\0';
        abbrev_add(tk, tk->extra_text + off, len, TK_ABBR_PLAIN);
        off += len + 1;
    }
    for (i = 0; i < COUNT_OF(tk_sentence_starters); i++)
        wordset_add(&tk->starters, tk_sentence_starters[i],
                    strlen(tk_sentence_starters[i]), 1);
    return tk;
}

void tk_free(tk_tokenizer *tk)
{
    if (!tk)
        return;
    free(tk->abbrevs.slots);
    free(tk->starters.slots);
    free(tk->extra_text);
    free(tk);
}

tk_abbrev_kind tk_abbrev_lookup(const tk_tokenizer *tk, const char *word,
                                size_t len)
{
    if (len == 0 || len > TK_ABBREV_MAX ||
        !((tk->abbrev_firsts[len] >> ((uint8_t)word[0] & 63)) & 1))
        return TK_ABBR_NONE;
    return (tk_abbrev_kind)wordset_find(&tk->abbrevs, word, len);
}

/* Case-insensitive match of an ASCII run against a lower-case list. */
static int in_lower_list(const char *const *list, size_t n, const uint8_t *s,
                         size_t len)
{
    size_t i, k;
    for (i = 0; i < n; i++) {
        if (strlen(list[i]) != len)
            continue;
        for (k = 0; k < len; k++)
            if ((s[k] | 0x20) != (uint8_t)list[i][k])
                break;
        if (k == len)
            return 1;
    }
    return 0;
}

/* ---- the tokenizer's running state ------------------------------------- */

/* What a token does to a sentence boundary. */
enum {
    ROLE_NONE = 0,
    ROLE_TERMINAL = 1, /* . ! ? ...: a boundary may follow */
    ROLE_WEAK = 2,     /* U.S. Inc. G.: a boundary only before an opener */
    ROLE_CLOSER = 4,   /* closing quote or bracket: stays with the sentence */
    ROLE_OPENER = 8    /* opening bracket: may start a sentence */
};

enum { BRK_NONE = 0, BRK_STRONG = 1, BRK_WEAK = 2 };

typedef struct tk_state {
    const tk_tokenizer *tk;
    const uint8_t *p;
    size_t len;
    tk_output *out;
    uint32_t next_flags; /* SPACE_BEFORE / PARA_START owed to next token */
    size_t para_first;   /* index of the paragraph's first token */
    size_t sent_first;   /* index of the sentence's first token */
    int brk;             /* BRK_*: may a sentence end before the next token */
    /* Open quote marks in this paragraph, for marks whose direction the
     * context leaves open. Reset at each paragraph, so an unbalanced mark
     * never reaches past its paragraph. */
    unsigned char dq_open, sq_open, low9_open;
    int oom;
    /* The masks of the 64 bytes from window_base (NUL past the end), kept
     * for the plain words that follow in the same bytes. */
    size_t window_base;
    tk_masks window;
} tk_state;

static int reserve(tk_state *st, void **items, size_t *cap, size_t need,
                   size_t elem)
{
    if (need <= *cap)
        return 0;
    if (st->out->reserve(st->out->ctx, items, cap, need, elem) || *cap < need) {
        st->oom = 1;
        return -1;
    }
    return 0;
}

static void push_span(tk_state *st, tp_span **arr, size_t *n, size_t *cap,
                      size_t first, size_t last_excl)
{
    const tp_token *t = st->out->tokens;
    if (first >= last_excl)
        return;
    if (*n == *cap && reserve(st, (void **)arr, cap, *n + 1, sizeof(tp_span)))
        return;
    (*arr)[*n].start = t[first].start;
    (*arr)[*n].end = t[last_excl - 1].end;
    (*n)++;
}

static void close_sentence(tk_state *st, size_t n)
{
    push_span(st, &st->out->sentences, &st->out->n_sentences,
              &st->out->cap_sentences, st->sent_first, n);
    st->sent_first = n;
}

static void close_paragraph(tk_state *st, size_t n)
{
    push_span(st, &st->out->paragraphs, &st->out->n_paragraphs,
              &st->out->cap_paragraphs, st->para_first, n);
    st->para_first = n;
}

/*
 * Does the token about to be emitted open a new sentence, given that the
 * one before it may end one? After . ! ? (BRK_STRONG) anything but a
 * lower-case word or ordinary punctuation does ("Why?" she asked. is one
 * sentence); after an abbreviation or initial (BRK_WEAK) only a typical
 * sentence opener or an opening quote does.
 */
static int starts_sentence(const tk_state *st, size_t start, size_t end,
                           unsigned kind, uint32_t flags, unsigned role)
{
    if (kind == TP_TOK_QUOTE)
        return (flags & TP_TOKF_QUOTE_OPEN) != 0;
    if (st->brk == BRK_WEAK)
        return kind == TP_TOK_WORD && (flags & TP_TOKF_CAPITALISED) &&
               wordset_find(&st->tk->starters, (const char *)st->p + start,
                            end - start);
    switch (kind) {
    case TP_TOK_WORD:
        return (flags & TP_TOKF_CAPITALISED) != 0;
    case TP_TOK_PUNCT:
        return (role & ROLE_OPENER) != 0;
    default:
        return 1;
    }
}

/*
 * The sentence and paragraph bookkeeping of emit(), taken once per
 * paragraph and once after each token that may end a sentence. Returns
 * the token's flags with SENT_START added when it opens a sentence.
 */
static NOINLINE uint32_t boundary(tk_state *st, size_t n, size_t start,
                                  size_t end, unsigned kind, uint32_t flags,
                                  unsigned role)
{
    if (flags & TP_TOKF_PARA_START) {
        close_sentence(st, n);
        close_paragraph(st, n);
        st->brk = BRK_NONE;
        return flags | TP_TOKF_SENT_START;
    }
    if (role & (ROLE_CLOSER | ROLE_TERMINAL))
        return flags; /* a closing quote or bracket stays with the sentence */
    if (starts_sentence(st, start, end, kind, flags, role)) {
        close_sentence(st, n);
        flags |= TP_TOKF_SENT_START;
    }
    st->brk = BRK_NONE;
    return flags;
}

/* Append a token and advance the sentence and paragraph state. */
static ALWAYS_INLINE void emit(tk_state *st, size_t start, size_t end,
                               unsigned kind, uint32_t flags, unsigned style,
                               unsigned role)
{
    tk_output *out = st->out;
    size_t n = out->n_tokens;
    tp_token *t;

    if (UNLIKELY(n == out->cap_tokens) &&
        reserve(st, (void **)&out->tokens, &out->cap_tokens, n + 1,
                sizeof(tp_token)))
        return;
    flags |= st->next_flags;
    st->next_flags = 0;
    if (UNLIKELY((flags & TP_TOKF_PARA_START) || st->brk != BRK_NONE))
        flags = boundary(st, n, start, end, kind, flags, role);
    t = &out->tokens[n];
    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->flags = flags;
    t->kind = (uint16_t)kind;
    t->quote_style = (uint8_t)style;
    t->reserved = 0;
    out->n_tokens = n + 1;
    if (UNLIKELY(role & (ROLE_TERMINAL | ROLE_WEAK)))
        st->brk = (role & ROLE_TERMINAL) ? BRK_STRONG : BRK_WEAK;
}

/* Capitalisation flags of p[start, end), for the rarer split tokens. */
static uint32_t case_flags(const uint8_t *p, size_t start, size_t end)
{
    size_t i = start;
    unsigned upper = 0, other = 0;
    int first = -1;
    while (i < end) {
        int32_t cp;
        size_t n;
        uclass u;
        if (p[i] < 0x80) {
            uint8_t k = byte_class[p[i++]];
            if (k & K_ALPHA) {
                if (first < 0)
                    first = (k & K_UPPER) != 0;
                upper += (k & K_UPPER) != 0;
                other += (k & K_LOWER) != 0;
            }
            continue;
        }
        n = utf8_decode(p, i, end, &cp);
        u = cp < 0 ? UC_OTHER : uclass_of(cp);
        if (u == UC_UPPER || u == UC_LOWER || u == UC_LETTER) {
            if (first < 0)
                first = (u == UC_UPPER);
            if (u == UC_UPPER)
                upper++;
            else
                other++;
        }
        i += n;
    }
    return (first > 0 ? TP_TOKF_CAPITALISED : 0) |
           (upper >= 2 && other == 0 ? TP_TOKF_ALL_CAPS : 0);
}

/* ---- URLs, e-mail addresses, domains ----------------------------------- */

/* Is a URL scheme or "www." at p[i]? Returns the length of the prefix. */
static size_t url_prefix(const uint8_t *p, size_t i, size_t len)
{
    static const char *const prefixes[] = {"https://", "http://", "ftp://",
                                           "www."};
    static const uint8_t lengths[] = {8, 7, 6, 4};
    size_t k, m;
    for (k = 0; k < COUNT_OF(prefixes); k++) {
        size_t pl = lengths[k];
        if (i + pl >= len)
            continue;
        for (m = 0; m < pl; m++)
            if ((p[i + m] | (is_ascii_alpha(p[i + m]) ? 0x20 : 0)) !=
                (uint8_t)prefixes[k][m])
                break;
        if (m == pl && !(byte_class[p[i + pl]] & (K_SPACE | K_NL)))
            return pl;
    }
    return 0;
}

/*
 * The end of a URL whose body starts at p[i]: up to white space, a
 * non-ASCII byte or a character that cannot appear in one, less trailing
 * sentence punctuation and an unbalanced closing bracket.
 */
static size_t url_end(const uint8_t *p, size_t i, size_t len)
{
    size_t j = i, open_paren = 0, close_paren = 0;
    while (j < len) {
        uint8_t c = p[j];
        if ((byte_class[c] & (K_SPACE | K_NL | K_HIGH)) || c == '"' ||
            c == '<' || c == '>' || c == '`' || c == '{' || c == '}')
            break;
        open_paren += (c == '(');
        close_paren += (c == ')');
        j++;
    }
    while (j > i) {
        uint8_t c = p[j - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
            c == '?' || c == '\'' || c == '*') {
            j--;
        } else if (c == ')' && close_paren > open_paren) {
            close_paren--;
            j--;
        } else {
            break;
        }
    }
    return j;
}

/* A domain name at p[i]: labels of [A-Za-z0-9-] joined by dots, at least
 * two, the last alphabetic. Returns its end or 0. */
static size_t domain_end(const uint8_t *p, size_t i, size_t len)
{
    size_t k = i, dots = 0, label = i;
    for (;;) {
        size_t s = k;
        while (k < len && (is_ascii_alnum(p[k]) || p[k] == '-'))
            k++;
        if (k == s)
            return 0;
        if (k + 1 < len && p[k] == '.' && is_ascii_alnum(p[k + 1])) {
            dots++;
            k++;
            label = k;
            continue;
        }
        break;
    }
    if (!dots || k - label < 2)
        return 0;
    for (; label < k; label++)
        if (!is_ascii_alpha(p[label]))
            return 0;
    return k;
}

/* An e-mail address starting at p[i] (local part ASCII, then @domain).
 * Returns its end or 0. */
static size_t email_end(const uint8_t *p, size_t i, size_t len)
{
    size_t k = i;
    while (k < len && k - i <= 64 &&
           (is_ascii_alnum(p[k]) || p[k] == '.' || p[k] == '_' || p[k] == '%' ||
            p[k] == '+' || p[k] == '-'))
        k++;
    if (k == i || k >= len || p[k] != '@' || p[k - 1] == '.')
        return 0;
    return domain_end(p, k + 1, len);
}

/* ---- words and numbers ------------------------------------------------- */

/* Is p[k, k+n) a Penn Treebank clitic (case-insensitive)? */
static int is_clitic(const uint8_t *s, size_t n)
{
    return n <= 2 && in_lower_list(tk_clitics, COUNT_OF(tk_clitics), s, n);
}

/* Does the word go on at p[r] (so a clitic before it is not final)? */
static int word_goes_on(const uint8_t *p, size_t r, size_t len)
{
    if (r >= len)
        return 0;
    if (word_char_at(p, r, len))
        return 1;
    if ((p[r] == '-' || p[r] == '\'') && r + 1 < len &&
        is_ascii_alnum(p[r + 1]))
        return 1;
    return 0;
}

/*
 * The kind and case flags of p[start, end) when it holds nothing but ASCII
 * and curly apostrophes (U+2019), as most pieces of a split word do ("do",
 * "n't", "Trump", "\u2019s"): one pass over the byte classes, answering
 * as case_flags and the first word character would. Returns 0 for
 * anything else.
 */
static unsigned ascii_piece_kind(const uint8_t *p, size_t start, size_t end,
                                 uint32_t *flags)
{
    unsigned kind = 0, upper = 0, other = 0;
    int first = -1;
    size_t i;
    for (i = start; i < end; i++) {
        uint8_t k = byte_class[p[i]];
        if (k & K_ALPHA) {
            if (first < 0)
                first = (k & K_UPPER) != 0;
            upper += (k & K_UPPER) != 0;
            other += (k & K_LOWER) != 0;
            kind = kind ? kind : TP_TOK_WORD;
        } else if (k & K_DIGIT) {
            kind = kind ? kind : TP_TOK_NUMBER;
        } else if (k & K_HIGH) {
            /* U+2019 is neither a letter nor a word character */
            if (!(p[i] == 0xE2 && i + 2 < end && p[i + 1] == 0x80 &&
                  p[i + 2] == 0x99))
                return 0;
            i += 2;
        }
    }
    *flags = (first > 0 ? TP_TOKF_CAPITALISED : 0) |
             (upper >= 2 && other == 0 ? TP_TOKF_ALL_CAPS : 0);
    return kind ? kind : TP_TOK_WORD;
}

/* Emit p[start, end) as a word or a number, by its first word character. */
static void emit_word_piece(tk_state *st, size_t start, size_t end,
                            uint32_t extra_flags)
{
    uint32_t flags;
    size_t i = start;
    unsigned kind = ascii_piece_kind(st->p, start, end, &flags);
    if (!kind) {
        flags = case_flags(st->p, start, end);
        while (i < end && !word_char_at(st->p, i, end))
            i++;
        kind = (i < end && !letter_at(st->p, i, end)) ? TP_TOK_NUMBER
                                                      : TP_TOK_WORD;
    }
    emit(st, start, end, kind, flags | extra_flags, TP_QSTYLE_NONE, ROLE_NONE);
}

/*
 * Scan a word or number that starts at p[start]; p[start, j) is a prefix
 * already accepted (a currency sign, an apostrophe of '90s, a sign). Joins
 * what English news writes as one token: hyphenated words, diacritics,
 * inner apostrophes (O'Brien), digit groups and decimals (1,000.5), times
 * and dates (10:30, 3/14, 2016-11-11), a trailing %, dotted abbreviations
 * (U.S., Ph.D.), AT&T. Splits Penn Treebank clitics off the end (do|n't,
 * Trump|'s). Attaches the dot of a known abbreviation or an initial.
 * Recognises e-mail addresses and bare domains (example.com) on the way.
 * Returns the position after what it emitted.
 */
static size_t scan_word(tk_state *st, size_t start, size_t j)
{
    const uint8_t *p = st->p;
    const size_t len = st->len;
    const size_t first = j;
    unsigned acc = 0;     /* OR of the byte classes seen, plus ACC_CASELESS */
    int joined = 0;       /* hyphen, apostrophe or separator inside */
    int hyphen = 0;       /* hyphen inside ("9-year-old" is a word) */
    int other_join = 0;   /* a join other than an ASCII hyphen */
    size_t last_part = j; /* after the last hyphen: "Ga" of "R-Ga." */
    int nonascii = 0;
    int dotted = 0; /* U.S. shape */
    size_t seg = j; /* start of the current dot-separated segment */
    size_t end;
    uint32_t flags;
    unsigned kind, role = ROLE_NONE, letters;
    int first_digit;

    if (j == start &&
        ((p[j] | 0x20) == 'h' || (p[j] | 0x20) == 'w' ||
         (p[j] | 0x20) == 'f') &&
        j + 5 < len &&
        (p[j + 3] == ':' || p[j + 3] == '.' || p[j + 4] == ':' ||
         p[j + 5] == ':')) {
        size_t pl = url_prefix(p, j, len);
        if (pl) {
            end = url_end(p, j + pl, len);
            if (end > j + pl) {
                emit(st, start, end, TP_TOK_URL, 0, TP_QSTYLE_NONE, ROLE_NONE);
                return end;
            }
        }
    }

    for (;;) {
        uint8_t c;
        /* the hot loop: ASCII letters and digits */
        while (j < len) {
            uint8_t k = byte_class[p[j]];
            if (!(k & K_ALNUM))
                break;
            acc |= k;
            j++;
        }
        if (j >= len)
            break;
        c = p[j];
        if (c >= 0x80) {
            int32_t cp;
            size_t n = utf8_decode(p, j, len, &cp);
            uclass u = cp < 0 ? UC_OTHER : uclass_of(cp);
            if (u == UC_CJK)
                break;
            if (uclass_is_word(u)) {
                acc |= u == UC_UPPER    ? K_UPPER
                       : u == UC_LOWER  ? K_LOWER
                       : u == UC_LETTER ? ACC_CASELESS
                       : u == UC_MARK   ? 0
                                        : K_DIGIT;
                nonascii = 1;
                j += n;
                continue;
            }
            if (u == UC_HYPHEN && j > first && word_char_at(p, j + n, len)) {
                joined = hyphen = nonascii = other_join = 1;
                j += n;
                continue;
            }
            if (cp == 0x2019 && j > first && letter_at(p, j + n, len))
                goto apostrophe;
            break;
        }
        switch (c) {
        case '-':
            if (word_char_at(p, j + 1, len)) {
                joined = hyphen = 1;
                j++;
                last_part = seg = j;
                continue;
            }
            goto done;
        case '\'':
            if (letter_at(p, j + 1, len))
                goto apostrophe;
            goto done;
        case '.': {
            uint8_t n1 = j + 1 < len ? p[j + 1] : 0;
            if (is_ascii_digit(n1) && is_ascii_digit(p[j - 1])) {
                joined = other_join = 1;
                j++;
                continue;
            }
            if (is_ascii_alpha(n1)) {
                /* U.S. / Ph.D. / a.m.: short letter segments, each dotted */
                if (!other_join && !(acc & K_DIGIT) && !nonascii &&
                    j - seg <= 2 && j + 2 < len && p[j + 2] == '.') {
                    dotted = 1;
                    acc |= byte_class[n1];
                    j += 2;
                    seg = j - 1;
                    continue;
                }
                if (!nonascii) {
                    size_t r = j + 1, e;
                    while (r < len && is_ascii_alpha(p[r]))
                        r++;
                    if (!(r < len && is_ascii_digit(p[r])) &&
                        in_lower_list(tk_tlds, COUNT_OF(tk_tlds), p + j + 1,
                                      r - j - 1) &&
                        p[j + 1] >= 'a') {
                        e = url_end(p, start, len);
                        if (e > r - 1) {
                            emit(st, start, e, TP_TOK_URL, 0, TP_QSTYLE_NONE,
                                 ROLE_NONE);
                            return e;
                        }
                    }
                    if (start == first && (e = email_end(p, start, len))) {
                        emit(st, start, e, TP_TOK_EMAIL, 0, TP_QSTYLE_NONE,
                             ROLE_NONE);
                        return e;
                    }
                }
                goto done;
            }
            if (dotted) {
                j++;
                goto done;
            }
            goto done;
        }
        case ',':
        case ':':
        case '/':
            if (j > first && is_ascii_digit(p[j - 1]) && j + 1 < len &&
                is_ascii_digit(p[j + 1])) {
                joined = other_join = 1;
                j++;
                continue;
            }
            goto done;
        case '%':
            if (is_ascii_digit(p[j - 1]))
                j++;
            goto done;
        case '&':
            if ((byte_class[p[j - 1]] & K_UPPER) && j + 1 < len &&
                (byte_class[p[j + 1]] & K_UPPER)) {
                joined = other_join = 1;
                j++;
                continue;
            }
            goto done;
        case '@':
        case '_':
        case '+': {
            size_t e;
            if (!nonascii && start == first && (e = email_end(p, start, len))) {
                emit(st, start, e, TP_TOK_EMAIL, 0, TP_QSTYLE_NONE, ROLE_NONE);
                return e;
            }
            goto done;
        }
        default:
            goto done;
        }

    apostrophe : {
        /* p[j] starts an apostrophe (' or U+2019) followed by a letter */
        size_t alen = p[j] == '\'' ? 1 : 3;
        size_t k = j + alen, r = k;
        while (r < len && is_ascii_alpha(p[r]))
            r++;
        size_t sl = r - k;
        int nt = sl == 1 && (p[k] | 0x20) == 't' && j - first >= 2 &&
                 (p[j - 1] | 0x20) == 'n';
        /* should|n't|'ve: n't may be followed by another clitic */
        if (!word_goes_on(p, r, len) ||
            (nt && r < len && (p[r] == '\'' || p[r] == 0xE2))) {
            if (nt || (sl > 0 && is_clitic(p + k, sl))) {
                size_t head_end = nt ? j - 1 : j;
                emit_word_piece(st, start, head_end, 0);
                emit_word_piece(st, head_end, r, TP_TOKF_CONTRACTION);
                return r;
            }
        }
        joined = other_join = 1;
        j = k;
        continue;
    }
    }

done:
    end = j;
    letters = acc & (K_ALPHA | ACC_CASELESS);
    first_digit = (byte_class[p[first]] & K_DIGIT) ||
                  ((byte_class[p[first]] & K_HIGH) && (acc & K_DIGIT) &&
                   !letter_at(p, first, len));
    flags = 0;
    if (letters) {
        /* the first letter decides CAPITALISED; ASCII answers at once */
        uint8_t k = byte_class[p[first]];
        if (k & K_ALPHA)
            flags |= (k & K_UPPER) ? TP_TOKF_CAPITALISED : 0;
        else
            flags |= case_flags(p, first, end) & TP_TOKF_CAPITALISED;
        /* all capitals is rare enough to count the letters again */
        if ((acc & (K_UPPER | K_LOWER | ACC_CASELESS)) == K_UPPER &&
            end - first >= 2)
            flags |= case_flags(p, first, end) & TP_TOKF_ALL_CAPS;
    }
    if (dotted) {
        flags |= TP_TOKF_ABBREV;
        role = ROLE_WEAK;
    } else if (end < len && p[end] == '.' && !other_join && !(acc & K_DIGIT) &&
               !(end + 1 < len && p[end + 1] == '.') && start == first) {
        /* a word before a dot: an initial or a listed abbreviation keeps
         * the dot; after a hyphen, the last part decides ("R-Ga.") */
        size_t wl = end - last_part;
        if (!joined && (acc & (K_UPPER | K_LOWER | ACC_CASELESS)) == K_UPPER &&
            word_char_at(p, start, len) == wl) {
            end++;
            flags |= TP_TOKF_ABBREV;
            role = ROLE_WEAK;
        } else if (wl <= st->tk->max_abbrev) {
            unsigned ak =
                tk_abbrev_lookup(st->tk, (const char *)p + last_part, wl);
            size_t r = end + 1;
            switch (ak) {
            case TK_ABBR_TITLE:
                end++;
                flags |= TP_TOKF_ABBREV;
                break;
            case TK_ABBR_PLAIN:
                end++;
                flags |= TP_TOKF_ABBREV;
                role = ROLE_WEAK;
                break;
            case TK_ABBR_NUMBER:
                while (r < len && p[r] == ' ')
                    r++;
                if (r > end + 1 && r < len && is_ascii_digit(p[r])) {
                    end++;
                    flags |= TP_TOKF_ABBREV;
                }
                break;
            default:
                break;
            }
        }
    }
    /* "1,000", "$5", "'90s", "1990s" are numbers; "9-year-old" a word */
    if (!letters && !(acc & K_DIGIT))
        kind = TP_TOK_OTHER;
    else if ((first_digit || !letters) && !(hyphen && letters))
        kind = TP_TOK_NUMBER;
    else
        kind = TP_TOK_WORD;
    emit(st, start, end, kind, flags, TP_QSTYLE_NONE, role);
    return end;
}

/* ---- quote marks and apostrophes --------------------------------------- */

/* What a neighbour of a quote mark says about its direction. */
enum {
    CTX_SPACE = 1, /* white space, or the edge of the text */
    CTX_OPEN = 2,  /* ( [ { */
    CTX_CLOSE = 4, /* . , ; : ! ? ) ] } ... */
    CTX_DASH = 8,  /* - -- em dash / */
    CTX_QUOTE = 16,
    CTX_WORD = 32
};

static int context_of(int32_t cp)
{
    if (cp == CP_EDGE)
        return CTX_SPACE;
    if (cp < 0)
        return CTX_WORD;
    if (cp < 0x80) {
        uint8_t k = byte_class[cp];
        if (k & (K_SPACE | K_NL))
            return CTX_SPACE;
        if (k & K_ALNUM)
            return CTX_WORD;
        switch (cp) {
        case '(':
        case '[':
        case '{':
        case '<':
            return CTX_OPEN;
        case '.':
        case ',':
        case ';':
        case ':':
        case '!':
        case '?':
        case ')':
        case ']':
        case '}':
        case '>':
            return CTX_CLOSE;
        case '-':
        case '/':
            return CTX_DASH;
        case '"':
        case '\'':
        case '`':
            return CTX_QUOTE;
        default:
            return CTX_WORD;
        }
    }
    switch (uclass_of(cp)) {
    case UC_SPACE:
    case UC_NEWLINE:
    case UC_IGNORE:
        return CTX_SPACE;
    case UC_OPEN:
        return CTX_OPEN;
    case UC_CLOSE:
    case UC_PUNCT:
    case UC_TERMINAL:
        return CTX_CLOSE;
    case UC_DASH:
    case UC_HYPHEN:
        return CTX_DASH;
    case UC_QUOTE:
        return CTX_QUOTE;
    default:
        return CTX_WORD;
    }
}

/*
 * Emit the quote mark p[i, i+mlen) as opening or closing. The neighbours
 * decide when they agree (after a space or bracket and before a word: it
 * opens; after a word or punctuation and before a space or punctuation: it
 * closes, as in 'arrests," the letter'). Otherwise the mark's own shape
 * decides (U+201C opens), and for a straight mark whether one of its kind
 * is open in this paragraph.
 */
static size_t quote_mark(tk_state *st, size_t i, size_t mlen, int is_double,
                         unsigned style, int inherent)
{
    int pc = context_of(prev_cp(st->p, i));
    int nc = context_of(next_cp(st->p, i + mlen, st->len));
    int can_open = (pc & (CTX_SPACE | CTX_OPEN | CTX_DASH | CTX_QUOTE)) &&
                   !(nc & CTX_SPACE);
    int can_close = (nc & (CTX_SPACE | CTX_CLOSE | CTX_DASH | CTX_QUOTE)) &&
                    !(pc & (CTX_SPACE | CTX_OPEN));
    int open;
    uint32_t flags;

    if (can_open != can_close)
        open = can_open;
    else if (inherent)
        open = inherent > 0;
    else
        open = is_double ? !st->dq_open : !st->sq_open;
    if (is_double) {
        st->dq_open = (unsigned char)open;
        st->low9_open = (unsigned char)(open && style == TP_QSTYLE_LOW9);
    } else {
        st->sq_open = (unsigned char)open;
    }
    flags = (open ? TP_TOKF_QUOTE_OPEN : TP_TOKF_QUOTE_CLOSE) |
            (is_double ? TP_TOKF_QUOTE_DOUBLE : TP_TOKF_QUOTE_SINGLE);
    emit(st, i, i + mlen, TP_TOK_QUOTE, flags, style,
         open ? ROLE_NONE : ROLE_CLOSER);
    return i + mlen;
}

/*
 * A single mark that may be an apostrophe: ' or U+2019 (or U+2018, often
 * typed for one). Apostrophes inside words were taken by scan_word; here
 * are the ones at a word's edge: a possessive after -s (students'), a
 * decade ('90s), an elision ('em), a clitic after a dot (U.S.'s), or
 * else a single quote mark. A possessive is only taken when no single
 * quote is open, so 'sanctuary cities' closes its quote.
 */
static size_t single_mark(tk_state *st, size_t i, size_t mlen, unsigned style,
                          int inherent)
{
    const uint8_t *p = st->p;
    const size_t len = st->len;
    size_t j = i + mlen;
    int32_t pcp = prev_cp(p, i);
    int pc = context_of(pcp);

    /* a doubled mark is a double quote: '' (as NYT archives write it),
     * or two curly singles */
    if (j + mlen - 1 < len && !memcmp(p + i, p + j, mlen))
        return quote_mark(st, i, 2 * mlen, 1,
                          mlen == 1 ? TP_QSTYLE_APOS_PAIR : TP_QSTYLE_CURLY,
                          mlen == 1 ? 0 : inherent);
    if (pc == CTX_WORD && !letter_at(p, j, len)) {
        if (!st->sq_open && (pcp == 's' || pcp == 'S')) {
            emit(st, i, j, TP_TOK_WORD, TP_TOKF_CONTRACTION, TP_QSTYLE_NONE,
                 ROLE_NONE);
            return j;
        }
        return quote_mark(st, i, mlen, 0, style, inherent);
    }
    if (j < len && is_ascii_digit(p[j]) && j + 1 < len &&
        is_ascii_digit(p[j + 1]) &&
        !(j + 2 < len && is_ascii_digit(p[j + 2])) && !(pc & CTX_WORD))
        return scan_word(st, i, j); /* '90s, '16 */
    if (j < len && is_ascii_alpha(p[j])) {
        size_t r = j;
        while (r < len && is_ascii_alpha(p[r]))
            r++;
        if (!word_goes_on(p, r, len)) {
            if (pc & (CTX_SPACE | CTX_OPEN | CTX_DASH | CTX_QUOTE)) {
                if (in_lower_list(tk_elisions, COUNT_OF(tk_elisions), p + j,
                                  r - j)) {
                    emit(st, i, r, TP_TOK_WORD, case_flags(p, j, r),
                         TP_QSTYLE_NONE, ROLE_NONE);
                    return r;
                }
            } else if (((pc == CTX_CLOSE && pcp == '.') || pc == CTX_WORD) &&
                       is_clitic(p + j, r - j)) {
                /* U.S.'s; the 've of should|n't|'ve */
                emit(st, i, r, TP_TOK_WORD,
                     TP_TOKF_CONTRACTION | case_flags(p, j, r), TP_QSTYLE_NONE,
                     ROLE_NONE);
                return r;
            }
        }
    }
    return quote_mark(st, i, mlen, 0, style, inherent);
}

/* ---- emoji ------------------------------------------------------------- */

/* One emoji with its modifiers, variation selectors, ZWJ sequence or flag
 * pair, starting at p[i] (n bytes, code point cp). */
static size_t scan_emoji(tk_state *st, size_t i, size_t n, int32_t cp)
{
    const uint8_t *p = st->p;
    size_t j = i + n;
    int32_t c;
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF && j < st->len) {
        /* a flag is a pair of regional indicators */
        size_t m = utf8_decode(p, j, st->len, &c);
        if (c >= 0x1F1E6 && c <= 0x1F1FF)
            j += m;
    }
    while (j < st->len) {
        size_t m = utf8_decode(p, j, st->len, &c);
        if (c == 0xFE0F || c == 0xFE0E || c == 0x20E3 ||
            (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F)) {
            j += m;
        } else if (c == 0x200D && j + m < st->len) {
            int32_t c2;
            size_t m2 = utf8_decode(p, j + m, st->len, &c2);
            if (c2 < 0 || uclass_of(c2) != UC_EMOJI)
                break;
            j += m + m2;
        } else {
            break;
        }
    }
    emit(st, i, j, TP_TOK_EMOJI, 0, TP_QSTYLE_NONE, ROLE_NONE);
    return j;
}

/* ---- dispatch ---------------------------------------------------------- */

static size_t emit_punct(tk_state *st, size_t i, size_t j, unsigned role)
{
    emit(st, i, j, TP_TOK_PUNCT, 0, TP_QSTYLE_NONE, role);
    return j;
}

static void line_break(tk_state *st)
{
    st->next_flags |= TP_TOKF_PARA_START | TP_TOKF_SPACE_BEFORE;
    st->dq_open = st->sq_open = st->low9_open = 0;
}

/* A run of the same byte, for "...", "--", "!!". */
static size_t run_of(const uint8_t *p, size_t i, size_t len, uint8_t c)
{
    while (i < len && p[i] == c)
        i++;
    return i;
}

/*
 * The non-ASCII quote marks: whether each is double, its style, and the
 * direction its shape suggests (+1 opens, -1 closes), which decides when
 * its neighbours do not. U+2019 and U+2018 may also be apostrophes.
 */
typedef struct tk_quote_def {
    int32_t cp;
    unsigned char is_double, style;
    signed char inherent;
} tk_quote_def;

static const tk_quote_def tk_unicode_quotes[] = {
    {0x2018, 0, TP_QSTYLE_CURLY, 1},     {0x2019, 0, TP_QSTYLE_CURLY, -1},
    {0x201B, 0, TP_QSTYLE_CURLY, 1},     {0x201C, 1, TP_QSTYLE_CURLY, 1},
    {0x201D, 1, TP_QSTYLE_CURLY, -1},    {0x201F, 1, TP_QSTYLE_CURLY, 1},
    {0x201E, 1, TP_QSTYLE_LOW9, 1},      {0x201A, 0, TP_QSTYLE_LOW9, 1},
    {0x00AB, 1, TP_QSTYLE_GUILLEMET, 1}, {0x00BB, 1, TP_QSTYLE_GUILLEMET, -1},
    {0x2039, 0, TP_QSTYLE_GUILLEMET, 1}, {0x203A, 0, TP_QSTYLE_GUILLEMET, -1},
};

static size_t unicode_quote(tk_state *st, size_t i, size_t n, int32_t cp)
{
    size_t k;
    for (k = 0; k < COUNT_OF(tk_unicode_quotes); k++) {
        const tk_quote_def *q = &tk_unicode_quotes[k];
        int inherent = q->inherent;
        if (q->cp != cp)
            continue;
        if (cp == 0x2018 || cp == 0x2019)
            return single_mark(st, i, n, q->style, inherent);
        if (cp == 0x201C && st->low9_open)
            inherent = -1; /* closes a German-style „ */
        return quote_mark(st, i, n, q->is_double, q->style, inherent);
    }
    return emit_punct(st, i, i + n, ROLE_NONE);
}

/* A character at p[i] that starts with a byte >= 0x80. */
static size_t scan_high(tk_state *st, size_t i)
{
    const uint8_t *p = st->p;
    int32_t cp;
    size_t n = utf8_decode(p, i, st->len, &cp);
    size_t j = i + n;
    uclass u = cp < 0 ? UC_OTHER : uclass_of(cp);

    switch (u) {
    case UC_UPPER:
    case UC_LOWER:
    case UC_LETTER:
    case UC_MARK:
    case UC_DIGIT:
    case UC_NUMBER:
        return scan_word(st, i, i);
    case UC_SPACE:
    case UC_IGNORE:
        st->next_flags |= TP_TOKF_SPACE_BEFORE;
        return j;
    case UC_NEWLINE:
        line_break(st);
        return j;
    case UC_QUOTE:
        return unicode_quote(st, i, n, cp);
    case UC_DASH:
    case UC_HYPHEN:
        /* a run of the same dash is one token */
        while (j + n <= st->len && !memcmp(p + i, p + j, n))
            j += n;
        return emit_punct(st, i, j, ROLE_NONE);
    case UC_OPEN:
        return emit_punct(st, i, j, ROLE_OPENER);
    case UC_CLOSE:
        return emit_punct(st, i, j, ROLE_CLOSER);
    case UC_TERMINAL:
        return emit_punct(st, i, j, ROLE_TERMINAL);
    case UC_PUNCT:
        return emit_punct(st, i, j, ROLE_NONE);
    case UC_CURRENCY:
        if (j < st->len && is_ascii_digit(p[j]))
            return scan_word(st, i, j);
        emit(st, i, j, TP_TOK_SYMBOL, 0, TP_QSTYLE_NONE, ROLE_NONE);
        return j;
    case UC_EMOJI:
        return scan_emoji(st, i, n, cp);
    case UC_SYMBOL:
        if (j + 2 < st->len && p[j] == 0xEF && p[j + 1] == 0xB8 &&
            p[j + 2] == 0x8F) /* followed by VS16: drawn as an emoji */
            return scan_emoji(st, i, n, cp);
        emit(st, i, j, TP_TOK_SYMBOL, 0, TP_QSTYLE_NONE, ROLE_NONE);
        return j;
    case UC_CJK:
        emit(st, i, j, TP_TOK_CJK, 0, TP_QSTYLE_NONE, ROLE_NONE);
        return j;
    default:
        emit(st, i, j, TP_TOK_OTHER, 0, TP_QSTYLE_NONE, ROLE_NONE);
        return j;
    }
}

/* An @handle or #hashtag at p[i]; returns its end or 0. A hashtag needs a
 * letter ("#2" is a symbol and a number). */
static size_t tag_end(const uint8_t *p, size_t i, size_t len, int need_letter)
{
    size_t j = i + 1;
    int letters = 0;
    while (j < len && (is_ascii_alnum(p[j]) || p[j] == '_')) {
        letters |= is_ascii_alpha(p[j]);
        j++;
    }
    if (j == i + 1 || (need_letter && !letters))
        return 0;
    return j;
}

/* An ASCII character that is neither a letter, a digit nor white space. */
static size_t scan_ascii_punct(tk_state *st, size_t i)
{
    const uint8_t *p = st->p;
    const size_t len = st->len;
    uint8_t c = p[i];
    size_t j = i + 1, e;
    int pc;

    switch (c) {
    case '.':
        j = run_of(p, i, len, '.');
        if (j == i + 1 && j < len && is_ascii_digit(p[j]) &&
            !(context_of(prev_cp(p, i)) & CTX_WORD))
            return scan_word(st, i, j); /* .5 */
        return emit_punct(st, i, j, ROLE_TERMINAL);
    case '!':
    case '?':
        while (j < len && (p[j] == '!' || p[j] == '?'))
            j++;
        return emit_punct(st, i, j, ROLE_TERMINAL);
    case '(':
    case '[':
    case '{':
        return emit_punct(st, i, j, ROLE_OPENER);
    case ')':
    case ']':
    case '}':
        return emit_punct(st, i, j, ROLE_CLOSER);
    case ',':
    case ';':
    case ':':
        return emit_punct(st, i, j, ROLE_NONE);
    case '"':
        return quote_mark(st, i, 1, 1, TP_QSTYLE_STRAIGHT, 0);
    case '\'':
        return single_mark(st, i, 1, TP_QSTYLE_STRAIGHT, 0);
    case '`':
        if (j < len && p[j] == '`')
            return quote_mark(st, i, 2, 1, TP_QSTYLE_BACKTICK, 1);
        return quote_mark(st, i, 1, 0, TP_QSTYLE_BACKTICK, 1);
    case '-':
        j = run_of(p, i, len, '-');
        pc = context_of(prev_cp(p, i));
        if (j == i + 1 && j < len && is_ascii_digit(p[j]) &&
            (pc & (CTX_SPACE | CTX_OPEN)))
            return scan_word(st, i, j); /* -5 */
        return emit_punct(st, i, j, ROLE_NONE);
    case '$':
        if (j < len && is_ascii_digit(p[j]))
            return scan_word(st, i, j);
        break;
    case '@':
        if (!(context_of(prev_cp(p, i)) & CTX_WORD) &&
            (e = tag_end(p, i, len, 0))) {
            emit(st, i, e, TP_TOK_HANDLE, 0, TP_QSTYLE_NONE, ROLE_NONE);
            return e;
        }
        break;
    case '#':
        if (!(context_of(prev_cp(p, i)) & CTX_WORD) &&
            (e = tag_end(p, i, len, 1))) {
            emit(st, i, e, TP_TOK_HASHTAG, 0, TP_QSTYLE_NONE, ROLE_NONE);
            return e;
        }
        break;
    case '_':
    case '+':
    case '%':
        if ((e = email_end(p, i, len)) != 0 && c != '%') {
            emit(st, i, e, TP_TOK_EMAIL, 0, TP_QSTYLE_NONE, ROLE_NONE);
            return e;
        }
        break;
    default:
        break;
    }
    emit(st, i, j, TP_TOK_SYMBOL, 0, TP_QSTYLE_NONE, ROLE_NONE);
    return j;
}

/*
 * Bytes that end an ASCII word without any rule of scan_word applying:
 * white space and punctuation other than . ' - & @ _ + % : (abbreviations,
 * clitics, hyphens, AT&T, e-mail, "http:") and other than digits and
 * bytes >= 0x80.
 */
#define E1 1
static const uint8_t plain_word_end[256] = {
    E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, /* 0x00 */
    E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, E1, /* 0x10 */
    /* sp  !   "   #   $   %  &  '  (   )   *   +  ,   -  .  / */
    E1, E1, E1, E1, E1, 0, 0, 0, E1, E1, E1, 0, E1, 0, 0, E1, /* 0x20 */
    /* 0-9               :  ;   <   =   >   ? */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, E1, E1, E1, E1, E1, /* 0x30 */
    /* @ A-O */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
    /* P-Z                       [   \  ]   ^  _ */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, E1, E1, E1, E1, 0, /* 0x50 */
    /* ` a-o */
    E1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
    /* p-z                       {   |   }   ~   DEL */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, E1, E1, E1, E1, E1, /* 0x70 */
    /* 0x80..0xFF: 0 */
};
#undef E1

/*
 * The end of the run of ASCII letters that starts at p[i], and whether it
 * holds a lower-case letter. Sixteen bytes at a time, so that the typical
 * word costs one well-predicted step rather than a mispredicted branch at
 * its last letter.
 */
static ALWAYS_INLINE size_t alpha_run(const uint8_t *p, size_t i, size_t len,
                                      int *any_lower)
{
    size_t j = i;
    while (j + 16 <= len) {
        tk_masks m = masks16(p + j);
        unsigned stop = ~(unsigned)m.letters & 0xFFFFu;
        if (stop) {
            *any_lower |= (m.lowers & ((stop & (0u - stop)) - 1)) != 0;
            return j + (unsigned)__builtin_ctz(stop);
        }
        *any_lower |= m.lowers != 0;
        j += 16;
    }
    while (j < len && (byte_class[p[j]] & K_ALPHA)) {
        *any_lower |= (byte_class[p[j]] & K_LOWER) != 0;
        j++;
    }
    return j;
}

/* Write a token straight into the array (the caller checked its room). */
static ALWAYS_INLINE void put_token(tp_token *t, size_t start, size_t end,
                                    unsigned kind, uint32_t flags)
{
    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->flags = flags;
    t->kind = (uint16_t)kind;
    t->quote_style = TP_QSTYLE_NONE;
    t->reserved = 0;
}

/*
 * The masks of the bytes from p[j] in their low bits, and how many of
 * them are known (at least 32 when j < len). They come from the 64 bytes
 * last loaded while j is within their first half, so that the words of
 * one stretch of text are classified once, not once for each run of
 * plain words. Past the end of the text the bytes read as NUL.
 */
static ALWAYS_INLINE tk_masks window_at(tk_state *st, size_t j, unsigned *known)
{
    tk_masks m;
    unsigned shift;
    if (j < st->window_base || j - st->window_base > 32) {
        uint8_t padded[64];
        const uint8_t *w = st->p + j;
        if (st->len - j < 64) {
            memset(padded, 0, sizeof padded);
            memcpy(padded, w, st->len - j);
            w = padded;
        }
        st->window = masks64(w);
        st->window_base = j;
    }
    shift = (unsigned)(j - st->window_base);
    m.letters = st->window.letters >> shift;
    m.lowers = st->window.lowers >> shift;
    m.spaces = st->window.spaces >> shift;
    m.commas = st->window.commas >> shift;
    m.hyphens = st->window.hyphens >> shift;
    *known = 64 - shift;
    return m;
}

/* The most tokens a window of 64 bytes holds. */
#define WINDOW_TOKENS 64

/*
 * The flags of a word or comma in a window, from its first and last byte
 * (single bits): computed without branches, which would follow the text.
 */
static ALWAYS_INLINE uint32_t window_token_flags(const tk_masks *m,
                                                 uint64_t spaces_before,
                                                 uint64_t first, uint64_t last)
{
    /* all of its bytes (the subtraction wraps when last is bit 63) */
    uint64_t bytes = (last << 1) - first;
    uint32_t all_caps =
        (uint32_t)(last != first) & (uint32_t) !(m->lowers & bytes);
    return (uint32_t)((spaces_before & first) != 0) * TP_TOKF_SPACE_BEFORE |
           (uint32_t)((m->letters & ~m->lowers & first) != 0) *
               TP_TOKF_CAPITALISED |
           all_caps * TP_TOKF_ALL_CAPS;
}

/*
 * Write the tokens whose first and last bytes are the bits of starts and
 * lasts (the words and commas of a window at p[j]) to tokens[*k, ...), and
 * set *end past the last one. The flags come from masks over the whole
 * window, worked out once (window_token_flags says what they mean), so a
 * token costs two bit counts and a few shifts. A word with no lower-case
 * letter is found by a carry: adding its first bit to the run of its
 * letters that are not lower case carries out past its last byte only
 * when that run is the whole word. (No token's last byte is bit 63: a
 * word there may go on, and plain_word_window leaves it.)
 */
static ALWAYS_INLINE void put_window_tokens(const tk_masks *m, uint64_t words,
                                            uint64_t spaces_before,
                                            uint64_t starts, uint64_t lasts,
                                            size_t j, tp_token *tokens,
                                            size_t *k, size_t *end)
{
    const uint64_t word_starts = words & ~(words << 1);
    const uint64_t capital_first = m->letters & ~m->lowers;
    /* the last byte of each word of two or more with no lower case */
    const uint64_t all_caps_last =
        ((((words & ~m->lowers) + word_starts) & ~words) >> 1) & ~word_starts;
    size_t n = *k;
    unsigned first = 0, last = 0;
    /* Most runs hold no capital: their only flag is SPACE_BEFORE. */
    if (!((capital_first & starts) | (all_caps_last & lasts))) {
        while (starts) {
            first = (unsigned)__builtin_ctzll(starts);
            last = (unsigned)__builtin_ctzll(lasts);
            put_token(&tokens[n++], j + first, j + last + 1,
                      TP_TOK_PUNCT - (unsigned)((m->letters >> first) & 1) *
                                         (TP_TOK_PUNCT - TP_TOK_WORD),
                      (uint32_t)((spaces_before >> first) & 1) *
                          TP_TOKF_SPACE_BEFORE);
            starts &= starts - 1;
            lasts &= lasts - 1;
        }
    }
    while (starts) {
        first = (unsigned)__builtin_ctzll(starts);
        last = (unsigned)__builtin_ctzll(lasts);
        put_token(
            &tokens[n++], j + first, j + last + 1,
            TP_TOK_PUNCT - (unsigned)((m->letters >> first) & 1) *
                               (TP_TOK_PUNCT - TP_TOK_WORD),
            (uint32_t)((spaces_before >> first) & 1) * TP_TOKF_SPACE_BEFORE |
                (uint32_t)((capital_first >> first) & 1) * TP_TOKF_CAPITALISED |
                (uint32_t)((all_caps_last >> last) & 1) * TP_TOKF_ALL_CAPS);
        starts &= starts - 1;
        lasts &= lasts - 1;
    }
    if (n != *k)
        *end = last + 1;
    *k = n;
}

/*
 * A plain word p[s, e) that a dot follows, at the end of a run of plain
 * words: the commonest end of a sentence, or an abbreviation. Decides as
 * scan_word and scan_ascii_punct would when no dot, letter or digit
 * follows (and the word is not "www"): an initial or a listed plain
 * abbreviation keeps its dot and may end a sentence before a typical
 * opener; a title keeps it and the run goes on ("Mr. Smith"); any other
 * word is followed by a sentence-ending dot. Writes the token(s), sets
 * the boundary state, and returns the end of the dot; returns 0 and
 * leaves the word to them otherwise (an abbreviation only before a
 * number).
 */
static size_t word_before_dot(tk_state *st, size_t s, size_t e, uint32_t flags,
                              tp_token *tokens, size_t *n)
{
    const uint8_t *p = st->p;
    size_t wl = e - s;
    unsigned abbrev;
    if ((e + 1 < st->len &&
         (p[e + 1] == '.' || (byte_class[p[e + 1]] & K_ALNUM))) ||
        (wl == 3 && (p[s] | 0x20) == 'w'))
        return 0;
    /* a capital initial behaves as a plain abbreviation */
    abbrev = wl == 1 && (flags & TP_TOKF_CAPITALISED)
                 ? TK_ABBR_PLAIN
                 : tk_abbrev_lookup(st->tk, (const char *)p + s, wl);
    switch (abbrev) {
    case TK_ABBR_NONE:
        put_token(&tokens[(*n)++], s, e, TP_TOK_WORD, flags);
        put_token(&tokens[(*n)++], e, e + 1, TP_TOK_PUNCT, 0);
        st->brk = BRK_STRONG;
        return e + 1;
    case TK_ABBR_TITLE:
        put_token(&tokens[(*n)++], s, e + 1, TP_TOK_WORD,
                  flags | TP_TOKF_ABBREV);
        return e + 1;
    case TK_ABBR_PLAIN:
        put_token(&tokens[(*n)++], s, e + 1, TP_TOK_WORD,
                  flags | TP_TOKF_ABBREV);
        st->brk = BRK_WEAK;
        return e + 1;
    default:
        return 0;
    }
}

/*
 * A plain word p[s, e) that an apostrophe (' or U+2019) and a clitic
 * follow, ending plainly: "don't", "Trump\u2019s". Splits it as scan_word
 * would (do|n't, Trump|\u2019s), the head with SPACE_BEFORE when
 * space_before, and returns the end of the clitic; returns 0 and leaves
 * anything else (O'Brien, rock'n'roll) to scan_word.
 */
static size_t word_before_apostrophe(tk_state *st, size_t s, size_t e,
                                     uint32_t space_before, tp_token *tokens,
                                     size_t *n)
{
    const uint8_t *p = st->p;
    const size_t len = st->len;
    size_t k = e, r, head_end;
    uint32_t head_flags = 0, clitic_flags = 0;
    unsigned head_kind, clitic_kind;
    int nt;
    if (p[e] == '\'')
        k = e + 1;
    else if (p[e] == 0xE2 && e + 2 < len && p[e + 1] == 0x80 &&
             p[e + 2] == 0x99)
        k = e + 3;
    else
        return 0;
    r = k;
    while (r < len && is_ascii_alpha(p[r]))
        r++;
    if (r == k || (r < len && !plain_word_end[p[r]]))
        return 0;
    nt = r - k == 1 && (p[k] | 0x20) == 't' && e - s >= 2 &&
         (p[e - 1] | 0x20) == 'n';
    if (!nt && !is_clitic(p + k, r - k))
        return 0;
    head_end = nt ? e - 1 : e;
    /* both pieces are ASCII letters with at most one apostrophe */
    head_kind = ascii_piece_kind(p, s, head_end, &head_flags);
    clitic_kind = ascii_piece_kind(p, head_end, r, &clitic_flags);
    put_token(&tokens[(*n)++], s, head_end, head_kind,
              head_flags | space_before);
    put_token(&tokens[(*n)++], head_end, r, clitic_kind,
              clitic_flags | TP_TOKF_CONTRACTION);
    return r;
}

/*
 * The plain words and commas from p[j], where a plain word starts or which
 * follows one (space_at_j: white space precedes p[j]), when no sentence
 * boundary is pending: as many as follow one another with nothing but
 * spaces between them, a word counting only when its end is known and
 * plain (see plain_word_end), and a final word with its dot when
 * word_before_dot takes it. They are written to tokens[*n, cap). Returns
 * the end of the last one, or j when there is none.
 *
 * The masks give all the tokens at once, so they are found by bit
 * arithmetic, not by a chain of dependent loads and branches: what one
 * word costs does not wait on the word before it. A comma, like a space,
 * needs no context: it is a punctuation token of its own that ends no
 * sentence.
 */
static size_t plain_word_window(tk_state *st, size_t j, unsigned space_at_j,
                                tp_token *tokens, size_t *n, size_t cap,
                                int *more)
{
    unsigned known, brk_at, before_dot = 0, before_apostrophe = 0;
    tk_masks m = window_at(st, j, &known);
    uint64_t letters = m.letters, breaks, starts, lasts;
    uint64_t spaces_before = (m.spaces << 1) | (space_at_j != 0);
    /* a hyphen between letters joins them into one word (well-known) */
    uint64_t joins = m.hyphens & (letters << 1) & (letters >> 1);
    uint64_t words = letters | joins;
    size_t k = *n, end = 0;

    /* the run of words, spaces and commas from p[j] */
    breaks = ~(words | m.spaces | m.commas);
    if (known < 64)
        breaks |= ~0ull << known;
    brk_at = breaks ? (unsigned)__builtin_ctzll(breaks) : 64;
    /* only a run cut short by what is known may go on */
    *more = brk_at >= known;
    if (brk_at == 0)
        return j;
    starts = (words & ~(words << 1)) | m.commas;
    lasts = (words & ~(words >> 1)) | m.commas;
    if (brk_at < 64) {
        starts &= (1ull << brk_at) - 1;
        lasts &= (1ull << brk_at) - 1;
        joins &= (1ull << brk_at) - 1;
    }
    /* The run's last word may go on past what is known, or end before a
     * byte that scan_word must look at: leave it to the main loop, or to
     * word_before_dot. */
    if (((letters >> (brk_at - 1)) & 1) &&
        (brk_at >= known ||
         (j + brk_at < st->len && !plain_word_end[st->p[j + brk_at]]))) {
        unsigned last_start = 63 - (unsigned)__builtin_clzll(starts);
        /* (the part after a hyphen would decide: scan_word's business) */
        if (brk_at < known && !(joins >> last_start)) {
            uint8_t c = st->p[j + brk_at];
            if (c == '.')
                before_dot = last_start;
            else if (c == '\'' || c == 0xE2)
                before_apostrophe = last_start;
        }
        starts &= ~(1ull << last_start);
        lasts &= ~(1ull << (brk_at - 1));
    }
    if (cap - k < WINDOW_TOKENS) {
        *more = 0;
        return j; /* emit() grows the array first */
    }
    put_window_tokens(&m, words, spaces_before, starts, lasts, j, tokens, &k,
                      &end);
    if (before_dot && cap - k >= 2) {
        size_t e = word_before_dot(st, j + before_dot, j + brk_at,
                                   window_token_flags(&m, spaces_before,
                                                      1ull << before_dot,
                                                      1ull << (brk_at - 1)),
                                   tokens, &k);
        if (e) {
            /* after a title the run goes on, else a boundary is pending */
            end = e - j;
            *more = st->brk == BRK_NONE;
        }
    } else if (before_apostrophe && cap - k >= 2) {
        size_t e = word_before_apostrophe(
            st, j + before_apostrophe, j + brk_at,
            ((spaces_before >> before_apostrophe) & 1) * TP_TOKF_SPACE_BEFORE,
            tokens, &k);
        if (e) {
            end = e - j;
            *more = 1; /* the run may go on after the clitic */
        }
    }
    *n = k;
    return j + end;
}

/*
 * The common case of English text: plain ASCII words (ending in white
 * space or plain punctuation) with one space between them. Emits the word
 * at p[i], and then the plain words that follow it after a single space
 * each, and returns the position after the last one. A word that needs
 * scan_word's rules (a dot, apostrophe, hyphen, digit, non-ASCII, URL
 * scheme) goes to scan_word from its start.
 *
 * After the first word no sentence boundary can be pending (a plain word
 * settles it) and only SPACE_BEFORE is owed, so the following words skip
 * emit()'s bookkeeping: plain_word_window writes them straight into the
 * token array, a window of 64 bytes at a time, while the array has room.
 */
static size_t scan_plain_words(tk_state *st, size_t i)
{
    const uint8_t *p = st->p;
    const size_t len = st->len;
    tk_output *out = st->out;

    for (;;) {
        size_t j, n = out->n_tokens;
        int more = 1;
        if (st->brk == BRK_NONE && !(st->next_flags & TP_TOKF_PARA_START) &&
            (j = plain_word_window(st, i, st->next_flags & TP_TOKF_SPACE_BEFORE,
                                   out->tokens, &n, out->cap_tokens, &more)) !=
                i) {
            /* no boundary was pending: the window took the first word too */
            st->next_flags = 0;
        } else {
            int any_lower = 0;
            uint32_t flags =
                (byte_class[p[i]] & K_UPPER) ? TP_TOKF_CAPITALISED : 0;
            j = alpha_run(p, i, len, &any_lower);
            if (UNLIKELY(j < len && !plain_word_end[p[j]]))
                return scan_word(st, i, i);
            if (!any_lower && j - i >= 2)
                flags |= TP_TOKF_ALL_CAPS;
            emit(st, i, j, TP_TOK_WORD, flags, TP_QSTYLE_NONE, ROLE_NONE);
            n = out->n_tokens;
        }
        /* while the run went on past the bytes the last window knew */
        while (more && j < len) {
            size_t next = plain_word_window(st, j, 0, out->tokens, &n,
                                            out->cap_tokens, &more);
            if (next == j)
                break;
            j = next;
        }
        out->n_tokens = n;
        /* A run that ended a sentence with its dot: the word after the
         * space settles the boundary, here rather than after another
         * round of the main loop. */
        if (!(st->brk == BRK_STRONG && j + 1 < len && p[j] == ' ' &&
              (byte_class[p[j + 1]] & K_ALPHA)))
            return j;
        st->next_flags |= TP_TOKF_SPACE_BEFORE;
        i = j + 1;
    }
}

int tk_tokenize(const tk_tokenizer *tk, const char *text, size_t len,
                tk_output *out)
{
    tk_state st;
    const uint8_t *p = (const uint8_t *)text;
    size_t i = 0;

    memset(&st, 0, sizeof(st));
    st.tk = tk;
    st.p = p;
    st.len = len;
    st.out = out;
    st.next_flags = TP_TOKF_PARA_START;
    st.window_base = SIZE_MAX;
    out->n_tokens = out->n_sentences = out->n_paragraphs = 0;

    /* Reserve once from the length (news runs ~5 bytes a token, 130 a
     * sentence), so that growing is the exception; with room for one more
     * window of plain words, which plain_word_window needs. */
    if (reserve(&st, (void **)&out->tokens, &out->cap_tokens,
                len / 4 + WINDOW_TOKENS + 16, sizeof(tp_token)) ||
        reserve(&st, (void **)&out->sentences, &out->cap_sentences,
                len / 64 + 4, sizeof(tp_span)) ||
        reserve(&st, (void **)&out->paragraphs, &out->cap_paragraphs,
                len / 256 + 4, sizeof(tp_span)))
        return -1;

    while (i < len && !st.oom) {
        uint8_t k = byte_class[p[i]];
        if (k & K_ALPHA) {
            i = scan_plain_words(&st, i);
        } else if (k & K_DIGIT) {
            i = scan_word(&st, i, i);
        } else if (k & K_SPACE) {
            st.next_flags |= TP_TOKF_SPACE_BEFORE;
            i++;
        } else if (k & K_NL) {
            line_break(&st);
            i++;
        } else if (k & K_HIGH)
            i = scan_high(&st, i);
        else
            i = scan_ascii_punct(&st, i);
    }
    if (!st.oom) {
        close_sentence(&st, out->n_tokens);
        close_paragraph(&st, out->n_tokens);
    }
    return st.oom ? -1 : 0;
}
