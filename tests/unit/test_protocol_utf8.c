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

/* The fast path reads 8 bytes at a time: a bad byte at any position after
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_ascii),
        cmocka_unit_test(test_valid_boundaries),
        cmocka_unit_test(test_overlongs),
        cmocka_unit_test(test_surrogates_and_range),
        cmocka_unit_test(test_truncated_and_stray),
        cmocka_unit_test(test_fast_path_positions),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
