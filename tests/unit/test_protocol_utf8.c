/*
 * test_protocol_utf8.c - the strict UTF-8 check: every boundary of Unicode
 * Table 3-7 on both sides, each kind of ill-formed input with the offset
 * it must report, and the 8-byte ASCII fast path at every alignment (a bad
 * byte hidden after a run of ASCII must still be found).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "textpipe/tp_protocol.h"

/* Asserts that the n bytes are rejected with the first bad byte at
 * `offset`. */
static void assert_bad(const char *s, size_t n, size_t offset)
{
    size_t bad = (size_t)-1;

    assert_int_equal(tp_utf8_valid(s, n, &bad), 0);
    assert_int_equal(bad, offset);
}

static void assert_good(const char *s, size_t n)
{
    size_t bad = 12345;

    assert_int_equal(tp_utf8_valid(s, n, &bad), 1);
    assert_int_equal(bad, 12345); /* untouched on success */
}

static void test_empty_and_ascii(void **state)
{
    (void)state;
    assert_good("", 0);
    assert_good(NULL, 0);
    assert_good("hello, world", 12);
    /* NUL is U+0000: valid. */
    assert_good("a\0b", 3);
}

static void test_valid_boundaries(void **state)
{
    (void)state;
    assert_good("\x7f", 1);
    assert_good("\xc2\x80", 2);         /* U+0080 */
    assert_good("\xdf\xbf", 2);         /* U+07FF */
    assert_good("\xe0\xa0\x80", 3);     /* U+0800 */
    assert_good("\xed\x9f\xbf", 3);     /* U+D7FF */
    assert_good("\xee\x80\x80", 3);     /* U+E000 */
    assert_good("\xef\xbf\xbf", 3);     /* U+FFFF */
    assert_good("\xf0\x90\x80\x80", 4); /* U+10000 */
    assert_good("\xf4\x8f\xbf\xbf", 4); /* U+10FFFF */
    {
        static const char mixed[] =
            "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80";
        assert_good(mixed, sizeof(mixed) - 1);
    }
}

static void test_overlongs(void **state)
{
    (void)state;
    assert_bad("\xc0\xaf", 2, 0);
    assert_bad("\xc1\xbf", 2, 0);
    assert_bad("\xe0\x80\xaf", 3, 0);
    assert_bad("\xe0\x9f\xbf", 3, 0);
    assert_bad("\xf0\x80\x80\xaf", 4, 0);
    assert_bad("\xf0\x8f\xbf\xbf", 4, 0);
}

static void test_surrogates_and_range(void **state)
{
    (void)state;
    assert_bad("\xed\xa0\x80", 3, 0); /* U+D800 */
    assert_bad("\xed\xbf\xbf", 3, 0); /* U+DFFF */
    assert_bad("ab\xed\xb0\x80", 5, 2);
    assert_bad("\xf4\x90\x80\x80", 4, 0); /* U+110000 */
    assert_bad("\xf5\x80\x80\x80", 4, 0);
    assert_bad("\xff", 1, 0);
    assert_bad("\xfe", 1, 0);
}

static void test_truncated_and_stray(void **state)
{
    (void)state;
    assert_bad("\xe2\x82", 2, 0);
    assert_bad("x\xe2\x82", 3, 1);
    assert_bad("\xf0\x9f\x98", 3, 0);
    assert_bad("\xc3", 1, 0);
    assert_bad("\x80", 1, 0);
    assert_bad("ok\xbf", 3, 2);
    /* A lead byte followed by ASCII instead of a continuation. */
    assert_bad("\xc3(", 2, 0);
    assert_bad("\xe2\x82(", 3, 0);
    /* A valid sequence followed by one continuation too many. */
    assert_bad("\xc3\xa9\xa9", 3, 2);
}

/* The fast path reads 8 or 16 bytes at a time: a bad byte at any position after
 * any amount of ASCII, and a good multi-byte character straddling the
 * 8-byte boundary, must be handled the same. */
static void test_fast_path_positions(void **state)
{
    char buf[64];
    size_t pos;

    (void)state;
    for (pos = 0; pos < 40; pos++) {
        memset(buf, 'a', sizeof(buf));
        buf[pos] = (char)0xff;
        assert_bad(buf, sizeof(buf), pos);

        memset(buf, 'a', sizeof(buf));
        memcpy(buf + pos, "\xe2\x82\xac", 3); /* U+20AC */
        assert_good(buf, sizeof(buf));

        /* Truncated at the very end of the buffer, after ASCII. */
        memset(buf, 'a', sizeof(buf));
        buf[pos] = (char)0xe2;
        assert_bad(buf, pos + 1, pos);
    }
}

/* A byte-at-a-time reading of Unicode Table 3-7, to hold the fast paths
 * to: 1 when valid, else 0 with *bad at the first bad sequence. */
static int reference_valid(const unsigned char *s, size_t n, size_t *bad)
{
    size_t i = 0, k, len;

    while (i < n) {
        unsigned char c = s[i], lo, hi;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4;
        else
            break;
        lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        if (len > n - i || s[i + 1] < lo || s[i + 1] > hi)
            break;
        for (k = 2; k < len && s[i + k] >= 0x80 && s[i + k] <= 0xBF; k++)
            ;
        if (k < len)
            break;
        i += len;
    }
    *bad = i;
    return i == n;
}

/* Long ASCII runs with characters and bad bytes dropped in at every
 * offset, from every alignment: the word-at-a-time paths must agree with
 * the byte-at-a-time reading, bad offset included. */
static void test_matches_bytewise(void **state)
{
    static const char *const pieces[] = {
        "a",        "abcdefgh",        "abcdefghijklmnopq",
        "\xc3\xa9", "\xe2\x80\x9c",    "\xf0\x9f\x98\x80",
        "\xff",     "\xe2\x80",        "\xed\xa0\x80",
        "\x80",     "\xf4\x90\x80\x80"};
    unsigned char buf[160];
    uint64_t rng = 88172645463325252u;
    int round;

    (void)state;
    for (round = 0; round < 20000; round++) {
        size_t n = 0, off, want_bad = 0, got_bad = 0;
        int want;

        while (n < 120) {
            const char *p;

            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            p = pieces[(rng >> 8) % (round % 3 ? 3 : 11)];
            if ((rng >> 20) % 4 == 0)
                p = pieces[(rng >> 24) % 11];
            memcpy(buf + n, p, strlen(p));
            n += strlen(p);
        }
        off = (size_t)(rng >> 40) % 8;
        n -= off + (size_t)(rng >> 50) % 16;
        want = reference_valid(buf + off, n, &want_bad);
        assert_int_equal(tp_utf8_valid((const char *)buf + off, n, &got_bad),
                         want);
        if (!want)
            assert_int_equal(got_bad, want_bad);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_ascii),
        cmocka_unit_test(test_valid_boundaries),
        cmocka_unit_test(test_overlongs),
        cmocka_unit_test(test_surrogates_and_range),
        cmocka_unit_test(test_truncated_and_stray),
        cmocka_unit_test(test_fast_path_positions),
        cmocka_unit_test(test_matches_bytewise),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
