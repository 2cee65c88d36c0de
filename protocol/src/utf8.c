/*
 * utf8.c - the strict UTF-8 check applied to every id, text, topic, target
 * and stage string. Strict means exactly the well-formed sequences of
 * Unicode Table 3-7: no overlong forms, no surrogates (U+D800..U+DFFF),
 * nothing above U+10FFFF, no truncated sequence and no stray continuation
 * byte. Subscribers decode our strings with strict decoders (Python's
 * msgpack raises on bad UTF-8), so anything we pass on must survive them.
 * Texts are mostly ASCII, hence the word-at-a-time fast path.
 */
#include <stdint.h>
#include <string.h>

#include "textpipe/tp_protocol.h"

#define HIGH_BITS UINT64_C(0x8080808080808080)

/*
 * The length of the well-formed sequence starting at s[i] (1..4), or 0 when
 * the bytes there start no well-formed sequence. The second byte has a
 * narrower range after E0, ED, F0 and F4: that is what rules out
 * overlongs, surrogates and code points above U+10FFFF.
 */
static size_t sequence_length(const unsigned char *s, size_t i, size_t n)
{
    unsigned char c = s[i];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len, k;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* below is an overlong 2-byte form */
        else if (c == 0xED)
            hi = 0x9F; /* above is a surrogate */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90; /* below is an overlong 3-byte form */
        else if (c == 0xF4)
            hi = 0x8F; /* above is past U+10FFFF */
    } else {
        return 0; /* 80..C1 (stray continuation, overlong lead), F5..FF */
    }
    if (len > n - i)
        return 0; /* truncated */
    if (s[i + 1] < lo || s[i + 1] > hi)
        return 0;
    for (k = 2; k < len; k++)
        if (s[i + k] < 0x80 || s[i + k] > 0xBF)
            return 0;
    return len;
}

/* The offset of the first byte with its high bit set in a word loaded
 * from memory (memcpy); the word has one. */
static size_t first_high_byte(uint64_t word)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                            \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(word & HIGH_BITS) / 8;
#else
    unsigned char b[8];
    size_t k = 0;

    memcpy(b, &word, sizeof(b));
    while (b[k] < 0x80)
        k++;
    return k;
#endif
}

/*
 * ASCII goes 16 bytes at a time; a word that holds a non-ASCII byte is
 * skipped up to that byte at once, so a curly quote in the middle of
 * plain text costs one sequence check, not a byte-by-byte walk.
 */
int tp_utf8_valid(const char *str, size_t n, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, len;
    uint64_t word, next;

    while (i < n) {
        /* memcpy keeps the 8-byte loads legal at any alignment. */
        while (n - i >= 16) {
            memcpy(&word, s + i, 8);
            memcpy(&next, s + i + 8, 8);
            if ((word | next) & HIGH_BITS)
                break;
            i += 16;
        }
        if (n - i >= 8) {
            memcpy(&word, s + i, 8);
            if (!(word & HIGH_BITS)) {
                i += 8;
                continue;
            }
            i += first_high_byte(word);
        } else {
            while (i < n && s[i] < 0x80)
                i++;
            if (i == n)
                break;
        }
        len = sequence_length(s, i, n);
        if (len == 0) {
            if (bad_offset)
                *bad_offset = i;
            return 0;
        }
        i += len;
    }
    return 1;
}
