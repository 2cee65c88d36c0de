/*
 * test_protocol_prevalidate.c - the allocation-free scan that guards
 * msgpack_unpack. Hand-built byte strings cover every header family at
 * its truncation points, counts the bytes cannot hold (the 5-byte frames
 * that would make msgpack-c ask for gigabytes), depth at and past the
 * limit, the 0xc1 byte and trailing bytes; the messages must name the
 * offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "textpipe/tp_protocol.h"

#define BYTES(lit) (lit), (sizeof(lit) - 1)

static void assert_ok(const char *s, size_t n)
{
    tp_error err;

    memset(&err, 0, sizeof(err));
    if (tp_msgpack_prevalidate(s, n, &err) != 0)
        fail_msg("refused: %s", err.message);
    assert_int_equal(err.code, TP_E_NONE);
}

/* Refused with `code`, and the message contains `needle`. */
static void assert_refused(const char *s, size_t n, tp_errcode code,
                           const char *needle)
{
    tp_error err;

    memset(&err, 0, sizeof(err));
    assert_int_equal(tp_msgpack_prevalidate(s, n, &err), -1);
    assert_int_equal(err.code, code);
    if (!strstr(err.message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
}

static void test_accepts_every_type(void **state)
{
    (void)state;
    assert_ok(BYTES("\xc0")); /* nil */
    assert_ok(BYTES("\x00")); /* fixint 0 */
    assert_ok(BYTES("\x7f"));
    assert_ok(BYTES("\xe0")); /* negative fixint */
    assert_ok(BYTES("\xc2"));
    assert_ok(BYTES("\xc3"));
    assert_ok(BYTES("\xcc\x01"));
    assert_ok(BYTES("\xcd\x01\x02"));
    assert_ok(BYTES("\xce\x01\x02\x03\x04"));
    assert_ok(BYTES("\xcf\x00\x00\x00\x00\x00\x00\x00\x01"));
    assert_ok(BYTES("\xd0\xff"));
    assert_ok(BYTES("\xd3\x00\x00\x00\x00\x00\x00\x00\x01"));
    assert_ok(BYTES("\xca\x00\x00\x00\x00"));
    assert_ok(BYTES("\xcb\x00\x00\x00\x00\x00\x00\x00\x00"));
    assert_ok(BYTES("\xa3"
                    "abc"));
    assert_ok(BYTES("\xd9\x03"
                    "abc"));
    assert_ok(BYTES("\xda\x00\x03"
                    "abc"));
    assert_ok(BYTES("\xdb\x00\x00\x00\x03"
                    "abc"));
    assert_ok(BYTES("\xc4\x02"
                    "ab"));
    assert_ok(BYTES("\xc5\x00\x02"
                    "ab"));
    assert_ok(BYTES("\xc6\x00\x00\x00\x02"
                    "ab"));
    assert_ok(BYTES("\xd4\x01"
                    "a")); /* fixext 1 */
    assert_ok(BYTES("\xd8\x01"
                    "0123456789abcdef")); /* fixext 16 */
    assert_ok(BYTES("\xc7\x02\x05"
                    "ab")); /* ext 8 */
    assert_ok(BYTES("\xc8\x00\x02\x05"
                    "ab"));
    assert_ok(BYTES("\xc9\x00\x00\x00\x02\x05"
                    "ab"));
    assert_ok(BYTES("\x90"));
    assert_ok(BYTES("\x80"));
    assert_ok(BYTES("\x92\x01\x02"));
    assert_ok(BYTES("\xdc\x00\x02\x01\x02"));
    assert_ok(BYTES("\xdd\x00\x00\x00\x02\x01\x02"));
    assert_ok(BYTES("\x81\xa1k\xa1v"));
    assert_ok(BYTES("\xde\x00\x01\xa1k\x90"));
    assert_ok(BYTES("\xdf\x00\x00\x00\x01\xa1k\x80"));
    /* Nested and empty containers close correctly. */
    assert_ok(BYTES("\x82\xa1"
                    "a\x92\x90\x91\x80\xa1"
                    "b\xc0"));
}

static void test_truncated(void **state)
{
    (void)state;
    assert_refused(BYTES(""), TP_E_BAD_MSGPACK, "empty");
    assert_refused(BYTES("\xa5"
                         "abc"),
                   TP_E_BAD_MSGPACK, "truncated str at byte 0");
    assert_refused(BYTES("\xd9"), TP_E_BAD_MSGPACK,
                   "truncated str header at byte 0");
    assert_refused(BYTES("\xda\x00"), TP_E_BAD_MSGPACK, "str header");
    assert_refused(BYTES("\xdb\xff\xff\xff\xff"
                         "abc"),
                   TP_E_BAD_MSGPACK, "truncated str at byte 0");
    assert_refused(BYTES("\xc4\x05"
                         "ab"),
                   TP_E_BAD_MSGPACK, "truncated bin");
    assert_refused(BYTES("\xc6\xff\xff\xff\xff"), TP_E_BAD_MSGPACK,
                   "truncated bin");
    assert_refused(BYTES("\xc7\x02\x05"
                         "a"),
                   TP_E_BAD_MSGPACK, "truncated ext");
    assert_refused(BYTES("\xc7\x00"), TP_E_BAD_MSGPACK, "truncated ext");
    assert_refused(BYTES("\xd6\x01"
                         "abc"),
                   TP_E_BAD_MSGPACK, "truncated ext");
    assert_refused(BYTES("\xcf\x00\x00"), TP_E_BAD_MSGPACK, "truncated uint");
    assert_refused(BYTES("\xd1\x00"), TP_E_BAD_MSGPACK, "truncated int");
    assert_refused(BYTES("\xcb\x00"), TP_E_BAD_MSGPACK, "truncated float");
    /* The offset names the object, not the start of the message. */
    assert_refused(BYTES("\x82\xa2id\xa1x\xa4text\xa9short"), TP_E_BAD_MSGPACK,
                   "truncated str at byte 11");
    /* Counts that fit but objects that are missing. */
    assert_refused(BYTES("\x92\x91\x01"), TP_E_BAD_MSGPACK, "ends at byte 3");
    assert_refused(BYTES("\x81\xa1k"), TP_E_BAD_MSGPACK, "ends at byte 3");
    assert_refused(BYTES("\x81\xa1"), TP_E_BAD_MSGPACK,
                   "map at byte 0 claims 1 entries in 1 bytes");
}

static void test_counts_beyond_the_bytes(void **state)
{
    (void)state;
    assert_refused(BYTES("\xdd\xff\xff\xff\xff"), TP_E_BAD_MSGPACK,
                   "array at byte 0 claims 4294967295 entries in 0 bytes");
    assert_refused(BYTES("\xdf\xff\xff\xff\xff"), TP_E_BAD_MSGPACK,
                   "map at byte 0 claims 4294967295 entries in 0 bytes");
    assert_refused(BYTES("\xdc\xff\xff\x01\x02"), TP_E_BAD_MSGPACK,
                   "array at byte 0 claims 65535 entries in 2 bytes");
    /* A map entry needs two bytes: 2 entries in 3 bytes is impossible. */
    assert_refused(BYTES("\x82\x01\x02\x03"), TP_E_BAD_MSGPACK,
                   "map at byte 0 claims 2 entries in 3 bytes");
    /* Inside a container, at its own offset. */
    assert_refused(BYTES("\x91\xdd\x00\x01\x00\x00"), TP_E_BAD_MSGPACK,
                   "array at byte 1 claims 65536 entries in 0 bytes");
}

static void test_invalid_and_trailing(void **state)
{
    (void)state;
    assert_refused(BYTES("\xc1"), TP_E_BAD_MSGPACK,
                   "invalid type byte 0xc1 at byte 0");
    assert_refused(BYTES("\x92\x01\xc1"), TP_E_BAD_MSGPACK, "at byte 2");
    assert_refused(BYTES("\xc0\xc0"), TP_E_BAD_MSGPACK,
                   "trailing bytes after the document (1 bytes at 1)");
    assert_refused(BYTES("\x80"
                         "abc"),
                   TP_E_BAD_MSGPACK, "(3 bytes at 1)");
}

/* Builds `depth` nested single-element arrays around a nil. */
static size_t nested(char *buf, size_t depth, char open)
{
    size_t i;

    for (i = 0; i < depth; i++)
        buf[i] = open;
    buf[depth] = (char)0xc0;
    return depth + 1;
}

static void test_depth(void **state)
{
    char buf[64];
    size_t n;

    (void)state;
    n = nested(buf, TP_MAX_DEPTH, (char)0x91);
    assert_ok(buf, n);
    n = nested(buf, TP_MAX_DEPTH + 1, (char)0x91);
    assert_refused(buf, n, TP_E_TOO_DEEP, "at byte 16");
    n = nested(buf, 40, (char)0x91); /* deeper than msgpack-c's stack */
    assert_refused(buf, n, TP_E_TOO_DEEP, "deeper than 16");

    /* An empty container counts as a level too. */
    n = nested(buf, TP_MAX_DEPTH - 1, (char)0x91);
    buf[n - 1] = (char)0x90;
    assert_ok(buf, n);
    n = nested(buf, TP_MAX_DEPTH, (char)0x91);
    buf[n - 1] = (char)0x90;
    assert_refused(buf, n, TP_E_TOO_DEEP, "array at byte 16");

    /* Maps as values nest the same way: {"a": {"a": ...}}. */
    memset(buf, 0, sizeof(buf));
    for (n = 0; n < 17; n++) {
        buf[3 * n] = (char)0x81;
        buf[3 * n + 1] = (char)0xa1;
        buf[3 * n + 2] = 'a';
    }
    buf[3 * 16] = (char)0xc0; /* 16 maps, then nil */
    assert_ok(buf, 3 * 16 + 1);
    buf[3 * 17 - 3] = (char)0x80; /* a 17th, empty map */
    assert_refused(buf, 3 * 16 + 1, TP_E_TOO_DEEP, "map at byte 48");

    /* Siblings do not add up: 16 levels, then back to 1, then 16 again. */
    {
        char wide[80];
        size_t k = 0, i;

        wide[k++] = (char)0x92;
        for (i = 0; i < 15; i++)
            wide[k++] = (char)0x91;
        wide[k++] = (char)0xc0;
        for (i = 0; i < 15; i++)
            wide[k++] = (char)0x91;
        wide[k++] = (char)0xc0;
        assert_ok(wide, k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_every_type),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_counts_beyond_the_bytes),
        cmocka_unit_test(test_invalid_and_trailing),
        cmocka_unit_test(test_depth),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
