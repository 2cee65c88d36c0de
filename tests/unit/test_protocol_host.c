/*
 * test_protocol_host.c - the host services stages call (arena memory,
 * extras, logging), the wire names of every enum against the closed lists
 * of PROTOCOL.md, the default limits and tp_error_set.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "textpipe/tp_protocol.h"

static void decode_small(tp_docbuf *d)
{
    static const char msg[] = "\x82\xa2id\xa1"
                              "a\xa4text\xa2hi";
    tp_error err;

    tp_docbuf_init(d, NULL);
    assert_int_equal(tp_doc_decode(d, msg, sizeof(msg) - 1, NULL, &err), 0);
}

static void test_host_init(void **state)
{
    tp_host h;

    (void)state;
    memset(&h, 0xab, sizeof(h));
    tp_host_init(&h, NULL);
    assert_int_equal(h.struct_size, sizeof(tp_host));
    assert_int_equal(h.abi_minor, TP_ABI_MINOR);
    assert_non_null(h.alloc);
    assert_non_null(h.grow);
    assert_non_null(h.set_extra);
    assert_non_null(h.log);
    assert_null(h.host_private);
    assert_null(h.reserved[0]);
    h.log(&h, TP_LOG_DEBUG, "default log to stderr: %d", 1);
}

/* Memory a stage takes through the host comes from the document's arena,
 * and tp_layer_reserve (the plugin header's helper) works on top of it. */
static void test_host_memory(void **state)
{
    tp_docbuf d;
    tp_host h;
    size_t before, cap = 0, i;
    tp_span *spans = NULL;
    void *p;

    (void)state;
    decode_small(&d);
    tp_host_init(&h, NULL);
    before = d.arena.used_total;
    p = h.alloc(&d.doc, 4096);
    assert_non_null(p);
    assert_true(((uintptr_t)p & 15u) == 0);
    assert_true(d.arena.used_total >= before);
    assert_ptr_equal(d.arena.last, p);
    for (i = 0; i < 1000; i++) {
        assert_int_equal(tp_layer_reserve(&h, &d.doc, (void **)&spans, &cap,
                                          i + 1, sizeof(*spans)),
                         0);
        spans[i] = (tp_span){(uint32_t)i, (uint32_t)i + 1};
    }
    assert_true(cap >= 1000);
    for (i = 0; i < 1000; i++)
        assert_int_equal(spans[i].start, i);
    tp_docbuf_free(&d);
}

/* The arena limit of the limits reaches the stage: past it, alloc says
 * NULL instead of growing without bound. */
static void test_host_memory_limit(void **state)
{
    tp_docbuf d;
    tp_host h;
    tp_limits lim;
    tp_error err;
    static const char msg[] = "\x82\xa2id\xa1"
                              "a\xa4text\xa2hi";

    (void)state;
    tp_limits_default(&lim);
    lim.max_arena_bytes = 100 * 1024;
    tp_docbuf_init(&d, &lim);
    assert_int_equal(tp_doc_decode(&d, msg, sizeof(msg) - 1, &lim, &err), 0);
    tp_host_init(&h, NULL);
    assert_non_null(h.alloc(&d.doc, 50 * 1024));
    assert_null(h.alloc(&d.doc, 100 * 1024));
    tp_docbuf_free(&d);
}

static void test_set_extra(void **state)
{
    tp_docbuf d;
    tp_host h;
    tp_value v;
    char key[80], text[8] = "abc";
    size_t i;

    (void)state;
    decode_small(&d);
    tp_host_init(&h, NULL);

    v = (tp_value){.type = TP_VAL_STR, .u.s = {text, 3}};
    assert_int_equal(h.set_extra(&d.doc, "lang", &v), 0);
    text[0] = 'X'; /* the value was copied */
    assert_int_equal(d.n_extras, 1);
    assert_string_equal(d.extras[0].key, "lang");
    assert_memory_equal(d.extras[0].value.u.s.ptr, "abc", 3);

    /* Keys: 1-64 bytes of [a-z0-9_.-]. */
    v = (tp_value){.type = TP_VAL_INT, .u.i = 5};
    assert_int_equal(h.set_extra(&d.doc, "", &v), -1);
    assert_int_equal(h.set_extra(&d.doc, "Lang", &v), -1);
    assert_int_equal(h.set_extra(&d.doc, "a b", &v), -1);
    assert_int_equal(h.set_extra(&d.doc, NULL, &v), -1);
    memset(key, 'k', sizeof(key));
    key[64] = '\0';
    assert_int_equal(h.set_extra(&d.doc, key, &v), 0);
    key[64] = 'k';
    key[65] = '\0';
    assert_int_equal(h.set_extra(&d.doc, key, &v), -1);
    assert_int_equal(h.set_extra(&d.doc, "q.n_1-x", &v), 0);

    /* Values: UTF-8 strings, one complete MessagePack object, known types. */
    v = (tp_value){.type = TP_VAL_STR, .u.s = {"\xed\xa0\x80", 3}};
    assert_int_equal(h.set_extra(&d.doc, "s", &v), -1);
    v = (tp_value){.type = TP_VAL_MSGPACK, .u.s = {"\x92\x01", 2}};
    assert_int_equal(h.set_extra(&d.doc, "m", &v), -1);
    v = (tp_value){.type = TP_VAL_MSGPACK, .u.s = {"\x01\x02", 2}};
    assert_int_equal(h.set_extra(&d.doc, "m", &v), -1);
    v = (tp_value){.type = TP_VAL_MSGPACK, .u.s = {"\x91\x01", 2}};
    assert_int_equal(h.set_extra(&d.doc, "m", &v), 0);
    v = (tp_value){.type = 77};
    assert_int_equal(h.set_extra(&d.doc, "t", &v), -1);
    assert_int_equal(d.n_extras, 4);

    /* The same key again replaces the value. */
    v = (tp_value){.type = TP_VAL_DOUBLE, .u.d = 2.5};
    assert_int_equal(h.set_extra(&d.doc, "lang", &v), 0);
    assert_int_equal(d.n_extras, 4);
    assert_int_equal(d.extras[0].value.type, TP_VAL_DOUBLE);

    /* Many keys: the array grows. */
    for (i = 0; i < 100; i++) {
        char k[16];

        snprintf(k, sizeof(k), "k%zu", i);
        v = (tp_value){.type = TP_VAL_BOOL, .u.b = (int)(i & 1)};
        assert_int_equal(h.set_extra(&d.doc, k, &v), 0);
    }
    assert_int_equal(d.n_extras, 104);
    assert_string_equal(d.extras[103].key, "k99");
    assert_int_equal(d.extras[103].value.u.b, 1);
    tp_docbuf_free(&d);
}

static void test_errcode_names(void **state)
{
    static const char *const wire[] = {
        "bad_msgpack",   "too_deep",    "not_a_map", "missing_id",   "bad_id",
        "missing_text",  "bad_text",    "bad_utf8",  "too_large",    "bad_meta",
        "bad_topic",     "bad_targets", "multipart", "stage_failed", "timeout",
        "reload_failed", "overloaded",  "internal"};
    int i;

    (void)state;
    assert_int_equal(TP_E_COUNT - 1, sizeof(wire) / sizeof(wire[0]));
    for (i = 1; i < TP_E_COUNT; i++)
        assert_string_equal(tp_errcode_name((tp_errcode)i), wire[i - 1]);
    assert_string_equal(tp_errcode_name(TP_E_COUNT), "unknown");
    assert_string_equal(tp_errcode_name((tp_errcode)-1), "unknown");
}

static void test_enum_names(void **state)
{
    static const char *const tokens[] = {"word",    "number", "punct", "symbol",
                                         "quote",   "url",    "email", "handle",
                                         "hashtag", "emoji",  "cjk",   "other"};
    uint32_t i;

    (void)state;
    for (i = 0; i < 12; i++)
        assert_string_equal(tp_token_kind_name(TP_TOK_WORD + i), tokens[i]);
    assert_string_equal(tp_token_kind_name(0), "other");
    assert_string_equal(tp_token_kind_name(13), "other");
    assert_string_equal(tp_quote_kind_name(TP_QUOTE_DIRECT), "direct");
    assert_string_equal(tp_quote_kind_name(TP_QUOTE_INDIRECT), "indirect");
    assert_string_equal(tp_quote_kind_name(TP_QUOTE_MIXED), "mixed");
    assert_string_equal(tp_quote_kind_name(0), "unknown");
    assert_string_equal(tp_stance_label_name(TP_STANCE_FAVOR), "FAVOR");
    assert_string_equal(tp_stance_label_name(TP_STANCE_AGAINST), "AGAINST");
    assert_string_equal(tp_stance_label_name(TP_STANCE_NONE), "NONE");
    assert_string_equal(tp_stance_label_name(3), "unknown");
    assert_string_equal(tp_reporter_name(TP_REPORTER_NEUTRAL), "neutral");
    assert_string_equal(tp_reporter_name(TP_REPORTER_DISTANCING), "distancing");
    assert_string_equal(tp_reporter_name(TP_REPORTER_ENDORSING), "endorsing");
    assert_string_equal(tp_mention_kind_name(TP_MENTION_PERSON), "person");
    assert_string_equal(tp_mention_kind_name(TP_MENTION_ORGANISATION),
                        "organisation");
    assert_string_equal(tp_mention_kind_name(TP_MENTION_DOCUMENT), "document");
    assert_string_equal(tp_mention_kind_name(TP_MENTION_OTHER), "other");
    assert_string_equal(tp_mention_kind_name(0), "other");
}

static void test_limits_and_errors(void **state)
{
    tp_limits lim;
    tp_error err;
    char long_arg[600];

    (void)state;
    tp_limits_default(&lim);
    assert_int_equal(lim.max_doc_bytes, 4u * 1024 * 1024);
    assert_int_equal(lim.max_arena_bytes,
                     (size_t)64 * 4 * 1024 * 1024 + (size_t)16 * 1024 * 1024);
    assert_int_equal(tp_limits_arena_for(1024), 64 * 1024 + 16 * 1024 * 1024);
    assert_int_equal(tp_limits_arena_for(SIZE_MAX / 2), 0);

    strcpy(err.stage, "old");
    tp_error_set(&err, TP_E_TIMEOUT, "took %d ms", 1500);
    assert_int_equal(err.code, TP_E_TIMEOUT);
    assert_string_equal(err.message, "took 1500 ms");
    assert_string_equal(err.stage, "");
    memset(long_arg, 'x', sizeof(long_arg) - 1);
    long_arg[sizeof(long_arg) - 1] = '\0';
    tp_error_set(&err, TP_E_INTERNAL, "%s", long_arg);
    assert_int_equal(strlen(err.message), TP_ERROR_MESSAGE_MAX - 1);
    tp_error_set(NULL, TP_E_INTERNAL, "no crash");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_init),
        cmocka_unit_test(test_host_memory),
        cmocka_unit_test(test_host_memory_limit),
        cmocka_unit_test(test_set_extra),
        cmocka_unit_test(test_errcode_names),
        cmocka_unit_test(test_enum_names),
        cmocka_unit_test(test_limits_and_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
