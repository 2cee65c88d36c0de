/*
 * test_protocol_decode.c - tp_doc_decode end to end: documents packed with
 * msgpack-c decode to exactly the fields they carry, and every rejection
 * has a hand-built message that triggers it with its own code (and, for
 * byte-level problems, the offset in the message). Field values are given
 * as raw MessagePack bytes so each wrong type is spelled out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "textpipe/tp_protocol.h"

#define BYTES(lit) (lit), (sizeof(lit) - 1)

static void pack_str(msgpack_packer *pk, const char *s, size_t n)
{
    assert_int_equal(msgpack_pack_str(pk, n), 0);
    assert_int_equal(msgpack_pack_str_body(pk, s, n), 0);
}

static void pack_cstr(msgpack_packer *pk, const char *s)
{
    pack_str(pk, s, strlen(s));
}

/*
 * {"id": "doc-1", "text": "hello", field: raw}. When `field` is "id" or
 * "text" the raw bytes replace that value; raw == NULL leaves the field
 * out altogether.
 */
static void build_doc(msgpack_sbuffer *sb, const char *field, const char *raw,
                      size_t raw_len)
{
    msgpack_packer pk;
    int replaces = field && (!strcmp(field, "id") || !strcmp(field, "text"));
    size_t n =
        2 + (field && raw && !replaces ? 1 : 0) - (replaces && !raw ? 1 : 0);

    msgpack_sbuffer_init(sb);
    msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
    assert_int_equal(msgpack_pack_map(&pk, n), 0);
    if (!field || strcmp(field, "id")) {
        pack_cstr(&pk, "id");
        pack_cstr(&pk, "doc-1");
    }
    if (!field || strcmp(field, "text")) {
        pack_cstr(&pk, "text");
        pack_cstr(&pk, "hello");
    }
    if (field && raw) {
        pack_cstr(&pk, field);
        assert_int_equal(msgpack_sbuffer_write(sb, raw, raw_len), 0);
    }
}

/* Decodes and asserts failure with `code`, a message holding `needle`, and
 * (when `id` is not NULL) that the id was still read. */
static void expect_refused(const char *msg, size_t len, tp_errcode code,
                           const char *needle, const char *id)
{
    tp_docbuf d;
    tp_error err;
    tp_limits lim;

    tp_limits_default(&lim);
    tp_docbuf_init(&d, &lim);
    memset(&err, 0, sizeof(err));
    assert_int_equal(tp_doc_decode(&d, msg, len, &lim, &err), -1);
    if (err.code != code)
        fail_msg("got %s (%s), wanted %s", tp_errcode_name(err.code),
                 err.message, tp_errcode_name(code));
    if (!strstr(err.message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
    if (id) {
        assert_int_equal(d.doc.id.len, strlen(id));
        assert_memory_equal(d.doc.id.ptr, id, strlen(id));
    }
    tp_docbuf_free(&d);
}

/* A document whose `field` has the raw value must fail with `code`; the
 * id "doc-1" must still be read when the field is not the id. */
static void expect_field_refused(const char *field, const char *raw,
                                 size_t raw_len, tp_errcode code,
                                 const char *needle)
{
    msgpack_sbuffer sb;
    /* The scan fails before anything is read, so such errors have no id. */
    int id_known = strcmp(field, "id") != 0 && code != TP_E_BAD_MSGPACK &&
                   code != TP_E_TOO_DEEP;

    build_doc(&sb, field, raw, raw_len);
    expect_refused(sb.data, sb.size, code, needle, id_known ? "doc-1" : NULL);
    msgpack_sbuffer_destroy(&sb);
}

static void expect_field_ok(const char *field, const char *raw, size_t raw_len)
{
    msgpack_sbuffer sb;
    tp_docbuf d;
    tp_error err;

    build_doc(&sb, field, raw, raw_len);
    tp_docbuf_init(&d, NULL);
    if (tp_doc_decode(&d, sb.data, sb.size, NULL, &err) != 0)
        fail_msg("%s refused: %s", field, err.message);
    tp_docbuf_free(&d);
    msgpack_sbuffer_destroy(&sb);
}

static int str_is(tp_str s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

static void test_round_trip(void **state)
{
    static const char text[] = "Caf\xc3\xa9 \0 \xe2\x80\x9cquoted\xe2\x80\x9d";
    msgpack_sbuffer sb;
    msgpack_packer pk;
    tp_docbuf d;
    tp_error err;
    const msgpack_object *m;

    (void)state;
    msgpack_sbuffer_init(&sb);
    msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
    msgpack_pack_map(&pk, 8);
    pack_cstr(&pk, "v"); /* unknown keys are ignored */
    msgpack_pack_int(&pk, 1);
    pack_cstr(&pk, "id");
    pack_cstr(&pk, "article/42");
    pack_cstr(&pk, "text");
    pack_str(&pk, text, sizeof(text) - 1);
    msgpack_pack_int(&pk, 7); /* a non-str key: ignored */
    pack_cstr(&pk, "ignored");
    pack_cstr(&pk, "meta");
    msgpack_pack_map(&pk, 2);
    pack_cstr(&pk, "source");
    pack_cstr(&pk, "wire");
    pack_cstr(&pk, "n");
    msgpack_pack_int(&pk, -3);
    pack_cstr(&pk, "topic");
    pack_cstr(&pk, "news.en-GB_1");
    pack_cstr(&pk, "targets");
    msgpack_pack_array(&pk, 2);
    pack_cstr(&pk, "Donald Trump");
    pack_cstr(&pk, "Hillary Clinton");
    pack_cstr(&pk, "id"); /* a duplicate: the first one wins */
    pack_cstr(&pk, "second");

    tp_docbuf_init(&d, NULL);
    memset(&err, 0, sizeof(err));
    assert_int_equal(tp_doc_decode(&d, sb.data, sb.size, NULL, &err), 0);
    assert_int_equal(err.code, TP_E_NONE);
    assert_int_equal(d.doc.struct_size, sizeof(tp_doc));
    assert_ptr_equal(d.doc.host_private, &d);
    assert_true(str_is(d.doc.id, "article/42"));
    assert_int_equal(d.doc.text_len, sizeof(text) - 1);
    assert_memory_equal(d.doc.text, text, sizeof(text) - 1);
    /* Zero-copy: the text points into the message. */
    assert_true(d.doc.text > sb.data && d.doc.text < sb.data + sb.size);
    assert_true(str_is(d.doc.topic, "news.en-GB_1"));

    m = d.meta;
    assert_non_null(m);
    assert_int_equal(m->type, MSGPACK_OBJECT_MAP);
    assert_int_equal(m->via.map.size, 2);
    assert_int_equal(m->via.map.ptr[0].val.type, MSGPACK_OBJECT_STR);
    assert_int_equal(m->via.map.ptr[1].val.via.i64, -3);

    assert_int_equal(d.doc.n_targets, 2);
    assert_true(str_is(d.doc.targets[0].name, "Donald Trump"));
    assert_int_equal(d.doc.targets[0].n_aliases, 1);
    assert_true(str_is(d.doc.targets[0].aliases[0], "Donald Trump"));
    assert_true(str_is(d.doc.targets[1].name, "Hillary Clinton"));
    assert_true(str_is(d.doc.targets[1].aliases[0], "Hillary Clinton"));

    /* No layers before any stage ran. */
    assert_null(d.doc.tokens);
    assert_int_equal(d.doc.n_quotes, 0);
    tp_docbuf_free(&d);
    msgpack_sbuffer_destroy(&sb);
}

static void test_targets_map_form(void **state)
{
    msgpack_sbuffer sb;
    msgpack_packer pk;
    tp_docbuf d;
    tp_error err;
    const tp_target *t;

    (void)state;
    msgpack_sbuffer_init(&sb);
    msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
    msgpack_pack_map(&pk, 3);
    pack_cstr(&pk, "id");
    pack_cstr(&pk, "t");
    pack_cstr(&pk, "text");
    pack_cstr(&pk, "x");
    pack_cstr(&pk, "targets");
    msgpack_pack_map(&pk, 2);
    pack_cstr(&pk, "Trump");
    msgpack_pack_array(&pk, 3);
    pack_cstr(&pk, "Trump");
    pack_cstr(&pk, "Donald Trump");
    pack_cstr(&pk, "the president-elect");
    pack_cstr(&pk, "Clinton");
    msgpack_pack_array(&pk, 0); /* empty: the name is its own alias */

    tp_docbuf_init(&d, NULL);
    assert_int_equal(tp_doc_decode(&d, sb.data, sb.size, NULL, &err), 0);
    assert_int_equal(d.doc.n_targets, 2);
    t = d.doc.targets;
    assert_true(str_is(t[0].name, "Trump"));
    assert_int_equal(t[0].n_aliases, 3);
    assert_true(str_is(t[0].aliases[1], "Donald Trump"));
    assert_true(str_is(t[0].aliases[2], "the president-elect"));
    assert_true(str_is(t[1].name, "Clinton"));
    assert_int_equal(t[1].n_aliases, 1);
    assert_true(str_is(t[1].aliases[0], "Clinton"));
    tp_docbuf_free(&d);
    msgpack_sbuffer_destroy(&sb);
}

/* nil and empty lists count as absent; a docbuf can be reused. */
static void test_optional_absent_and_reuse(void **state)
{
    tp_docbuf d;
    tp_error err;

    (void)state;
    tp_docbuf_init(&d, NULL);
    assert_int_equal(tp_doc_decode(&d,
                                   BYTES("\x85\xa2id\xa1"
                                         "a\xa4text\xa0\xa4meta\xc0"
                                         "\xa5topic\xc0\xa7targets\xc0"),
                                   NULL, &err),
                     0);
    assert_true(str_is(d.doc.id, "a"));
    assert_int_equal(d.doc.text_len, 0); /* an empty text is a document */
    assert_null(d.meta);
    assert_int_equal(d.doc.topic.len, 0);
    assert_null(d.doc.targets);

    assert_int_equal(tp_doc_decode(&d,
                                   BYTES("\x83\xa2id\xa1"
                                         "b\xa4text\xa1x\xa7targets\x90"),
                                   NULL, &err),
                     0);
    assert_true(str_is(d.doc.id, "b"));
    assert_int_equal(d.doc.n_targets, 0);
    assert_null(d.doc.targets);
    tp_docbuf_free(&d);
}

static void test_bad_msgpack(void **state)
{
    (void)state;
    expect_refused(BYTES("\x82\xa2id\xa1"
                         "a\xa4text\xa5"
                         "ab"),
                   TP_E_BAD_MSGPACK, "truncated str at byte 11", NULL);
    expect_refused(BYTES("\x81\xc1\xc0"), TP_E_BAD_MSGPACK, "0xc1 at byte 1",
                   NULL);
    expect_refused(BYTES("\x82\xa2id\xa1"
                         "a\xa4text\xa1x\xc0\xc0\xc0"),
                   TP_E_BAD_MSGPACK, "(3 bytes at 13)", NULL);
    expect_refused(BYTES("\xdd\xff\xff\xff\xff"), TP_E_BAD_MSGPACK,
                   "claims 4294967295 entries", NULL);
    expect_refused(BYTES("\xdf\xff\xff\xff\xff"), TP_E_BAD_MSGPACK,
                   "map at byte 0 claims 4294967295 entries", NULL);
    expect_refused(BYTES(""), TP_E_BAD_MSGPACK, "empty", NULL);
}

static void test_too_deep(void **state)
{
    (void)state;
    char raw[64];
    size_t i, k = 0;

    (void)state;
    /* meta as {"": {"": ... {}}}: the root plus 15 maps is 16 levels. */
    for (i = 0; i < 14; i++) {
        raw[k++] = (char)0x81;
        raw[k++] = (char)0xa0;
    }
    raw[k++] = (char)0x80;
    expect_field_ok("meta", raw, k);
    /* One more is 17. */
    memmove(raw + 2, raw, k);
    raw[0] = (char)0x81;
    raw[1] = (char)0xa0;
    expect_field_refused("meta", raw, k + 2, TP_E_TOO_DEEP,
                         "map at byte 56 is nested deeper than 16");
}

static void test_not_a_map(void **state)
{
    (void)state;
    expect_refused(BYTES("\x92\xa2id\xa1"
                         "a"),
                   TP_E_NOT_A_MAP, "array", NULL);
    expect_refused(BYTES("\xa4text"), TP_E_NOT_A_MAP, "str", NULL);
    expect_refused(BYTES("\xc0"), TP_E_NOT_A_MAP, "nil", NULL);
    expect_refused(BYTES("\x2a"), TP_E_NOT_A_MAP, "int", NULL);
}

static void test_id(void **state)
{
    char raw[300];

    (void)state;
    expect_field_refused("id", NULL, 0, TP_E_MISSING_ID, "no id");
    /* A non-str key "id" does not count: {1: "x", "text": "t"}. */
    expect_refused(BYTES("\x82\x01\xa1x\xa4text\xa1t"), TP_E_MISSING_ID,
                   "no id", NULL);
    expect_field_refused("id", BYTES("\x2a"), TP_E_BAD_ID, "int");
    expect_field_refused("id", BYTES("\xc0"), TP_E_BAD_ID, "nil");
    expect_field_refused("id", BYTES("\xc4\x01x"), TP_E_BAD_ID, "bin");
    expect_field_refused("id", BYTES("\x91\xa1x"), TP_E_BAD_ID, "array");
    expect_field_refused("id", BYTES("\xa0"), TP_E_BAD_ID, "empty");
    expect_field_refused("id", BYTES("\xa2\xc3("), TP_E_BAD_ID,
                         "not valid UTF-8 at byte 0");

    memset(raw, 'i', sizeof(raw));
    raw[0] = (char)0xda; /* str 16: 256 bytes */
    raw[1] = 0x01;
    raw[2] = 0x00;
    expect_field_ok("id", raw, 3 + TP_ID_MAX_BYTES);
    raw[2] = 0x01; /* 257 bytes */
    expect_field_refused("id", raw, 3 + 257, TP_E_BAD_ID,
                         "257 bytes, over the limit of 256");
}

static void test_text(void **state)
{
    (void)state;
    expect_field_refused("text", NULL, 0, TP_E_MISSING_TEXT, "no text");
    expect_field_refused("text", BYTES("\x2a"), TP_E_BAD_TEXT, "int");
    expect_field_refused("text", BYTES("\xc0"), TP_E_BAD_TEXT, "nil");
    expect_field_refused("text", BYTES("\xc4\x02hi"), TP_E_BAD_TEXT, "bin");
    expect_field_refused("text", BYTES("\x80"), TP_E_BAD_TEXT, "map");
    expect_field_refused("text", BYTES("\xcb\x00\x00\x00\x00\x00\x00\x00\x00"),
                         TP_E_BAD_TEXT, "float");
}

static void test_text_utf8(void **state)
{
    static const struct {
        const char *raw;
        size_t len;
        const char *where;
    } cases[] = {
        {BYTES("\xa4"
               "ab\xc0\xaf"),
         "at byte 2"},                            /* overlong */
        {BYTES("\xa3\xe0\x80\xaf"), "at byte 0"}, /* overlong */
        {BYTES("\xa4"
               "a\xed\xa0\x80"),
         "at byte 1"},                                /* surrogate */
        {BYTES("\xa4\xf4\x90\x80\x80"), "at byte 0"}, /* > U+10FFFF */
        {BYTES("\xa3"
               "a\xe2\x82"),
         "at byte 1"}, /* truncated */
        {BYTES("\xa3"
               "ab\x80"),
         "at byte 2"}, /* stray */
        {BYTES("\xa1\xff"), "at byte 0"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_field_refused("text", cases[i].raw, cases[i].len, TP_E_BAD_UTF8,
                             cases[i].where);
    /* NUL is a character like any other. */
    expect_field_ok("text", BYTES("\xa3"
                                  "a\x00"
                                  "b"));
}

/* Exactly max_doc_bytes passes, one more is too_large, and size is checked
 * before UTF-8 (an oversized text of bad bytes is still too_large). */
static void test_text_size_limit(void **state)
{
    enum { LIMIT = 1000 };
    msgpack_sbuffer sb;
    msgpack_packer pk;
    tp_docbuf d;
    tp_error err;
    tp_limits lim;
    char *text = malloc(LIMIT + 1);
    size_t len;

    (void)state;
    assert_non_null(text);
    tp_limits_default(&lim);
    lim.max_doc_bytes = LIMIT;
    for (len = LIMIT; len <= LIMIT + 1; len++) {
        int bad_bytes;

        for (bad_bytes = 0; bad_bytes <= 1; bad_bytes++) {
            memset(text, bad_bytes ? 0xff : 'a', LIMIT + 1);
            msgpack_sbuffer_init(&sb);
            msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
            msgpack_pack_map(&pk, 2);
            pack_cstr(&pk, "id");
            pack_cstr(&pk, "big");
            pack_cstr(&pk, "text");
            pack_str(&pk, text, len);
            tp_docbuf_init(&d, &lim);
            memset(&err, 0, sizeof(err));
            if (len == LIMIT && !bad_bytes) {
                assert_int_equal(
                    tp_doc_decode(&d, sb.data, sb.size, &lim, &err), 0);
                assert_int_equal(d.doc.text_len, LIMIT);
            } else {
                assert_int_equal(
                    tp_doc_decode(&d, sb.data, sb.size, &lim, &err), -1);
                assert_int_equal(err.code,
                                 len > LIMIT ? TP_E_TOO_LARGE : TP_E_BAD_UTF8);
                assert_true(str_is(d.doc.id, "big"));
            }
            if (len > LIMIT)
                assert_non_null(
                    strstr(err.message, "1001 bytes, over the limit of 1000"));
            tp_docbuf_free(&d);
            msgpack_sbuffer_destroy(&sb);
        }
    }
    free(text);
}

static void test_meta(void **state)
{
    (void)state;
    expect_field_refused("meta", BYTES("\xa1x"), TP_E_BAD_META, "str");
    expect_field_refused("meta", BYTES("\x90"), TP_E_BAD_META, "array");
    expect_field_refused("meta", BYTES("\x01"), TP_E_BAD_META, "int");
    expect_field_refused("meta", BYTES("\xc3"), TP_E_BAD_META, "bool");
    expect_field_ok("meta", BYTES("\x80"));
    /* meta may hold anything, non-str keys included. */
    expect_field_ok("meta", BYTES("\x82\x01\xc4\x01z\xa1k\x92\xc0\xc2"));
}

static void test_topic(void **state)
{
    char raw[200];

    (void)state;
    expect_field_refused("topic", BYTES("\x01"), TP_E_BAD_TOPIC, "int");
    expect_field_refused("topic", BYTES("\x91\xa1x"), TP_E_BAD_TOPIC, "array");
    expect_field_refused("topic", BYTES("\xa0"), TP_E_BAD_TOPIC, "0 bytes");
    expect_field_refused("topic",
                         BYTES("\xa3"
                               "a b"),
                         TP_E_BAD_TOPIC, "at byte 1");
    expect_field_refused("topic",
                         BYTES("\xa3"
                               "a/b"),
                         TP_E_BAD_TOPIC, "at byte 1");
    expect_field_refused("topic", BYTES("\xa2\xc3\xa9"), TP_E_BAD_TOPIC,
                         "at byte 0");
    raw[0] = (char)0xd9;
    raw[1] = (char)TP_TOPIC_MAX_BYTES;
    memset(raw + 2, 'Z', sizeof(raw) - 2);
    expect_field_ok("topic", raw, 2 + TP_TOPIC_MAX_BYTES);
    raw[1] = (char)(TP_TOPIC_MAX_BYTES + 1);
    expect_field_refused("topic", raw, 2 + TP_TOPIC_MAX_BYTES + 1,
                         TP_E_BAD_TOPIC, "129 bytes");
}

/* n str elements "t0", "t1", ... (or n copies of an alias list) */
static size_t many(char *raw, unsigned n, int as_map)
{
    size_t k = 0;
    unsigned i;

    raw[k++] = (char)(as_map ? 0xde : 0xdc);
    raw[k++] = (char)(n >> 8);
    raw[k++] = (char)(n & 0xff);
    for (i = 0; i < n; i++) {
        raw[k++] = (char)0xa3;
        raw[k++] = 't';
        raw[k++] = (char)('0' + i / 10);
        raw[k++] = (char)('0' + i % 10);
        if (as_map)
            raw[k++] = (char)0x90;
    }
    return k;
}

static void test_targets(void **state)
{
    char raw[1024];
    size_t k;

    (void)state;
    expect_field_refused("targets", BYTES("\x01"), TP_E_BAD_TARGETS, "int");
    expect_field_refused("targets", BYTES("\xa1x"), TP_E_BAD_TARGETS,
                         "str, not an array or a map");
    expect_field_refused("targets", BYTES("\x92\xa1x\x01"), TP_E_BAD_TARGETS,
                         "targets[1] is a int");
    expect_field_refused("targets", BYTES("\x91\xa0"), TP_E_BAD_TARGETS,
                         "targets[0] is empty");
    expect_field_refused("targets", BYTES("\x91\xa2x\xff"), TP_E_BAD_TARGETS,
                         "targets[0] is not valid UTF-8 at byte 1");
    expect_field_refused("targets", BYTES("\x92\xa1x\xa1x"), TP_E_BAD_TARGETS,
                         "repeats");
    expect_field_refused("targets", BYTES("\x81\xa1x\xa1y"), TP_E_BAD_TARGETS,
                         "aliases of target 0 are a str");
    expect_field_refused("targets", BYTES("\x81\x01\x91\xa1y"),
                         TP_E_BAD_TARGETS, "targets[0] is a int");
    expect_field_refused("targets", BYTES("\x81\xa1x\x92\xa1y\xa0"),
                         TP_E_BAD_TARGETS, "alias 1 of targets[0] is empty");
    expect_field_refused("targets", BYTES("\x81\xa1x\x91\x05"),
                         TP_E_BAD_TARGETS, "alias 0 of targets[0] is a int");

    k = many(raw, TP_MAX_TARGETS, 0);
    expect_field_ok("targets", raw, k);
    k = many(raw, TP_MAX_TARGETS + 1, 0);
    expect_field_refused("targets", raw, k, TP_E_BAD_TARGETS,
                         "65 entries, over the limit of 64");
    k = many(raw, TP_MAX_TARGETS + 1, 1);
    expect_field_refused("targets", raw, k, TP_E_BAD_TARGETS,
                         "65 entries, over the limit of 64");

    /* {"x": [64 aliases]} passes, 65 do not. */
    raw[0] = (char)0x81;
    raw[1] = (char)0xa1;
    raw[2] = 'x';
    k = 3 + many(raw + 3, TP_MAX_ALIASES, 0);
    expect_field_ok("targets", raw, k);
    k = 3 + many(raw + 3, TP_MAX_ALIASES + 1, 0);
    expect_field_refused("targets", raw, k, TP_E_BAD_TARGETS,
                         "65 aliases, over the limit of 64");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_targets_map_form),
        cmocka_unit_test(test_optional_absent_and_reuse),
        cmocka_unit_test(test_bad_msgpack),
        cmocka_unit_test(test_too_deep),
        cmocka_unit_test(test_not_a_map),
        cmocka_unit_test(test_id),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_text_utf8),
        cmocka_unit_test(test_text_size_limit),
        cmocka_unit_test(test_meta),
        cmocka_unit_test(test_topic),
        cmocka_unit_test(test_targets),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
