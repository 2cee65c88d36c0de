/*
 * test_protocol_encode.c - results and errors as subscribers see them: a
 * document with every layer filled by hand is encoded, unpacked again with
 * msgpack-c and checked key by key (order included), the seq placeholder
 * is patched in place, and stage output that is out of range or not valid
 * UTF-8 still yields a well-formed message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "textpipe/tp_protocol.h"

#define BYTES(lit) (lit), (sizeof(lit) - 1)

/* The text of the test document; spans below are byte offsets in it:
 * quote 1..12 "Yes we can,", speaker 14..19 "Obama", cue 20..24 "said",
 * sentences 0..25 and 26..38, "Café" 26..31 with the é at 29..31. */
static const char doc_text[] = "\"Yes we can,\" Obama said. Caf\xc3\xa9 opens.";

typedef struct fixture {
    msgpack_sbuffer msg; /* the producer's message: outlives the docbuf */
    tp_docbuf d;
    tp_host host;
    msgpack_sbuffer out;
    msgpack_unpacked up;
} fixture;

static void pack_cstr(msgpack_packer *pk, const char *s)
{
    msgpack_pack_str(pk, strlen(s));
    msgpack_pack_str_body(pk, s, strlen(s));
}

/* Decodes {"id": "doc-1", "text": doc_text, ["meta": {"src": "wire"}]}. */
static void fixture_init(fixture *f, int with_meta)
{
    msgpack_packer pk;
    tp_error err;

    memset(f, 0, sizeof(*f));
    msgpack_sbuffer_init(&f->msg);
    msgpack_packer_init(&pk, &f->msg, msgpack_sbuffer_write);
    msgpack_pack_map(&pk, with_meta ? 3 : 2);
    pack_cstr(&pk, "id");
    pack_cstr(&pk, "doc-1");
    pack_cstr(&pk, "text");
    pack_cstr(&pk, doc_text);
    if (with_meta) {
        pack_cstr(&pk, "meta");
        msgpack_pack_map(&pk, 1);
        pack_cstr(&pk, "src");
        pack_cstr(&pk, "wire");
    }
    tp_docbuf_init(&f->d, NULL);
    assert_int_equal(tp_doc_decode(&f->d, f->msg.data, f->msg.size, NULL, &err),
                     0);
    tp_host_init(&f->host, NULL);
    msgpack_sbuffer_init(&f->out);
    msgpack_unpacked_init(&f->up);
}

static void fixture_free(fixture *f)
{
    msgpack_unpacked_destroy(&f->up);
    msgpack_sbuffer_destroy(&f->out);
    tp_docbuf_free(&f->d);
    msgpack_sbuffer_destroy(&f->msg);
}

/* Unpacks `out` from `offset` as exactly one map. */
static const msgpack_object *unpack_at(fixture *f, size_t offset)
{
    size_t off = offset;

    assert_int_equal(
        msgpack_unpack_next(&f->up, f->out.data, f->out.size, &off),
        MSGPACK_UNPACK_SUCCESS);
    assert_int_equal(off, f->out.size);
    assert_int_equal(f->up.data.type, MSGPACK_OBJECT_MAP);
    return &f->up.data;
}

static int obj_is_str(const msgpack_object *o, const char *s)
{
    return o->type == MSGPACK_OBJECT_STR && o->via.str.size == strlen(s) &&
           memcmp(o->via.str.ptr, s, o->via.str.size) == 0;
}

static void assert_str(const msgpack_object *o, const char *s)
{
    if (!obj_is_str(o, s))
        fail_msg("expected the str \"%s\" (type %d)", s, (int)o->type);
}

static void assert_uint(const msgpack_object *o, uint64_t v)
{
    assert_int_equal(o->type, MSGPACK_OBJECT_POSITIVE_INTEGER);
    assert_int_equal(o->via.u64, v);
}

static const msgpack_object *get(const msgpack_object *map, const char *key)
{
    uint32_t i;

    assert_int_equal(map->type, MSGPACK_OBJECT_MAP);
    for (i = 0; i < map->via.map.size; i++)
        if (obj_is_str(&map->via.map.ptr[i].key, key))
            return &map->via.map.ptr[i].val;
    fail_msg("no key \"%s\"", key);
    return NULL;
}

/* The keys of `map`, in order, are exactly those of `keys` (NULL-ended). */
static void assert_keys(const msgpack_object *map, const char *const *keys)
{
    uint32_t i;

    for (i = 0; keys[i]; i++) {
        assert_true(i < map->via.map.size);
        assert_str(&map->via.map.ptr[i].key, keys[i]);
    }
    assert_int_equal(map->via.map.size, i);
}

static void assert_span(const msgpack_object *o, uint32_t s, uint32_t e)
{
    assert_int_equal(o->type, MSGPACK_OBJECT_ARRAY);
    assert_int_equal(o->via.array.size, 2);
    assert_uint(&o->via.array.ptr[0], s);
    assert_uint(&o->via.array.ptr[1], e);
}

/* The head every message starts with: v, id (NULL: absent), seq,
 * daemon. */
static void assert_head(const msgpack_object *r, const char *id, uint64_t seq,
                        const char *daemon)
{
    assert_uint(get(r, "v"), 1);
    if (id)
        assert_str(get(r, "id"), id);
    assert_uint(get(r, "seq"), seq);
    assert_str(get(r, "daemon"), daemon);
}

/* Fills every layer of f's document through the host, as stages do. */
static void fill_layers(fixture *f)
{
    tp_doc *doc = &f->d.doc;
    const tp_host *h = &f->host;
    tp_quote *q;
    tp_stance *st;
    tp_span *spans;
    uint32_t *idx;
    tp_value v;

    doc->sentences = h->alloc(doc, 2 * sizeof(tp_span));
    doc->sentences[0] = (tp_span){0, 25};
    doc->sentences[1] = (tp_span){26, 38};
    doc->n_sentences = 2;
    doc->paragraphs = h->alloc(doc, sizeof(tp_span));
    doc->paragraphs[0] = (tp_span){0, 38};
    doc->n_paragraphs = 1;
    doc->tokens = h->alloc(doc, 2 * sizeof(tp_token));
    doc->tokens[0] = (tp_token){0,
                                1,
                                TP_TOKF_QUOTE_OPEN | TP_TOKF_QUOTE_DOUBLE,
                                TP_TOK_QUOTE,
                                TP_QSTYLE_STRAIGHT,
                                0};
    doc->tokens[1] = (tp_token){1, 4, TP_TOKF_CAPITALISED, TP_TOK_WORD, 0, 0};
    doc->n_tokens = 2;

    st = h->alloc(doc, sizeof(tp_stance));
    memset(st, 0, sizeof(*st));
    st->target = (tp_str){"Obama", 5};
    st->label = TP_STANCE_FAVOR;
    st->score = 0.75;
    q = h->alloc(doc, 2 * sizeof(tp_quote));
    memset(q, 0, 2 * sizeof(tp_quote));
    q[0].content = (tp_span){1, 12}; /* Yes we can, */
    q[0].kind = TP_QUOTE_DIRECT;
    q[0].flags = TP_QUOTEF_HAS_CUE | TP_QUOTEF_HAS_SPEAKER;
    q[0].cue = (tp_span){20, 24};     /* said */
    q[0].speaker = (tp_span){14, 19}; /* Obama */
    q[0].speaker_name = (tp_str){"Barack Obama", 12};
    q[0].mention = 0;
    q[0].confidence = 0.9;
    q[0].stance = st;
    q[0].n_stance = 1;
    q[0].reporter = TP_REPORTER_NEUTRAL;
    q[1].content = (tp_span){26, 31}; /* Café */
    q[1].kind = TP_QUOTE_INDIRECT;
    q[1].mention = -1;
    q[1].confidence = 0.25;
    doc->quotes = q;
    doc->n_quotes = 2;

    doc->mentions = h->alloc(doc, sizeof(tp_mention));
    memset(doc->mentions, 0, sizeof(tp_mention));
    spans = h->alloc(doc, sizeof(tp_span));
    spans[0] = (tp_span){14, 19};
    doc->mentions[0].name = (tp_str){"Barack Obama", 12};
    doc->mentions[0].kind = TP_MENTION_PERSON;
    doc->mentions[0].spans = spans;
    doc->mentions[0].n_spans = 1;
    doc->n_mentions = 1;

    idx = h->alloc(doc, sizeof(uint32_t));
    idx[0] = 0;
    doc->stance = h->alloc(doc, sizeof(tp_stance));
    memset(doc->stance, 0, sizeof(tp_stance));
    doc->stance[0].target = (tp_str){"Obama", 5};
    doc->stance[0].label = TP_STANCE_AGAINST;
    doc->stance[0].score = 0.5;
    doc->stance[0].quotes = idx;
    doc->stance[0].n_quotes = 1;
    doc->n_stance = 1;

    v = (tp_value){.type = TP_VAL_INT, .u.i = -42};
    assert_int_equal(h->set_extra(doc, "quotes.skipped", &v), 0);
    v = (tp_value){.type = TP_VAL_MSGPACK, .u.s = {"\x92\x01\xa1x", 4}};
    assert_int_equal(h->set_extra(doc, "raw", &v), 0);
}

static const char *const pipeline[] = {"tokenize@1.0.0", "quotes@0.3.1"};
static const uint64_t timings[] = {120, 3456};

static void test_result_every_layer(void **state)
{
    static const char *const keys[] = {
        "v",          "id",        "seq",        "daemon", "meta",   "pipeline",
        "text_bytes", "sentences", "paragraphs", "tokens", "quotes", "mentions",
        "stance",     "extra",     "timings_us", NULL};
    static const char *const quote_keys[] = {
        "start",   "end",     "text",       "kind",   "cue",      "cue_start",
        "cue_end", "speaker", "confidence", "stance", "reporter", NULL};
    fixture f;
    tp_result_info info = {"d-7f3a", pipeline, timings, 2, 1};
    const msgpack_object *r, *o, *q, *sp;
    size_t seq_off = 0;

    (void)state;
    fixture_init(&f, 1);
    fill_layers(&f);
    assert_int_equal(tp_result_encode(&f.out, &f.d, &info, &seq_off), 0);
    r = unpack_at(&f, 0);
    assert_keys(r, keys);
    assert_head(r, "doc-1", 0, "d-7f3a");
    assert_str(get(get(r, "meta"), "src"), "wire");
    o = get(r, "pipeline");
    assert_int_equal(o->via.array.size, 2);
    assert_str(&o->via.array.ptr[0], "tokenize@1.0.0");
    assert_str(&o->via.array.ptr[1], "quotes@0.3.1");
    assert_uint(get(r, "text_bytes"), sizeof(doc_text) - 1);
    o = get(r, "sentences");
    assert_int_equal(o->via.array.size, 2);
    assert_span(&o->via.array.ptr[0], 0, 25);
    assert_span(&o->via.array.ptr[1], 26, 38);
    o = get(r, "paragraphs");
    assert_int_equal(o->via.array.size, 1);
    assert_span(&o->via.array.ptr[0], 0, 38);

    o = get(r, "tokens");
    assert_int_equal(o->via.array.size, 2);
    assert_int_equal(o->via.array.ptr[0].via.array.size, 4);
    assert_uint(&o->via.array.ptr[0].via.array.ptr[0], 0);
    assert_uint(&o->via.array.ptr[0].via.array.ptr[1], 1);
    assert_str(&o->via.array.ptr[0].via.array.ptr[2], "quote");
    assert_uint(&o->via.array.ptr[0].via.array.ptr[3],
                TP_TOKF_QUOTE_OPEN | TP_TOKF_QUOTE_DOUBLE);
    assert_str(&o->via.array.ptr[1].via.array.ptr[2], "word");
    assert_uint(&o->via.array.ptr[1].via.array.ptr[3], TP_TOKF_CAPITALISED);

    o = get(r, "quotes");
    assert_int_equal(o->via.array.size, 2);
    q = &o->via.array.ptr[0];
    assert_keys(q, quote_keys);
    assert_uint(get(q, "start"), 1);
    assert_uint(get(q, "end"), 12);
    assert_str(get(q, "text"), "Yes we can,");
    assert_str(get(q, "kind"), "direct");
    assert_str(get(q, "cue"), "said");
    assert_uint(get(q, "cue_start"), 20);
    assert_uint(get(q, "cue_end"), 24);
    sp = get(q, "speaker");
    assert_str(get(sp, "text"), "Obama");
    assert_uint(get(sp, "start"), 14);
    assert_uint(get(sp, "end"), 19);
    assert_str(get(sp, "name"), "Barack Obama");
    assert_int_equal(get(q, "confidence")->type, MSGPACK_OBJECT_FLOAT64);
    assert_true(get(q, "confidence")->via.f64 == 0.9);
    assert_int_equal(get(q, "stance")->via.array.size, 1);
    sp = &get(q, "stance")->via.array.ptr[0];
    assert_int_equal(sp->via.map.size, 3);
    assert_str(get(sp, "target"), "Obama");
    assert_str(get(sp, "label"), "FAVOR");
    assert_true(get(sp, "score")->via.f64 == 0.75);
    assert_str(get(q, "reporter"), "neutral");

    q = &o->via.array.ptr[1];
    assert_keys(q, quote_keys);
    assert_str(get(q, "text"), "Caf\xc3\xa9");
    assert_str(get(q, "kind"), "indirect");
    assert_int_equal(get(q, "cue")->type, MSGPACK_OBJECT_NIL);
    assert_int_equal(get(q, "cue_start")->type, MSGPACK_OBJECT_NIL);
    assert_int_equal(get(q, "cue_end")->type, MSGPACK_OBJECT_NIL);
    assert_int_equal(get(q, "speaker")->type, MSGPACK_OBJECT_NIL);
    assert_int_equal(get(q, "stance")->type, MSGPACK_OBJECT_ARRAY);
    assert_int_equal(get(q, "stance")->via.array.size, 0);
    assert_int_equal(get(q, "reporter")->type, MSGPACK_OBJECT_NIL);

    o = get(r, "mentions");
    assert_int_equal(o->via.array.size, 1);
    assert_str(get(&o->via.array.ptr[0], "name"), "Barack Obama");
    assert_str(get(&o->via.array.ptr[0], "kind"), "person");
    assert_span(&get(&o->via.array.ptr[0], "spans")->via.array.ptr[0], 14, 19);

    o = get(r, "stance");
    assert_int_equal(o->via.array.size, 1);
    assert_str(get(&o->via.array.ptr[0], "target"), "Obama");
    assert_str(get(&o->via.array.ptr[0], "label"), "AGAINST");
    assert_true(get(&o->via.array.ptr[0], "score")->via.f64 == 0.5);
    assert_uint(&get(&o->via.array.ptr[0], "quotes")->via.array.ptr[0], 0);

    o = get(r, "extra");
    assert_int_equal(o->via.map.size, 2);
    assert_int_equal(get(o, "quotes.skipped")->via.i64, -42);
    assert_int_equal(get(o, "raw")->type, MSGPACK_OBJECT_ARRAY);
    assert_str(&get(o, "raw")->via.array.ptr[1], "x");

    o = get(r, "timings_us");
    assert_int_equal(o->via.map.size, 2);
    assert_uint(get(o, "tokenize"), 120);
    assert_uint(get(o, "quotes"), 3456);

    /* The seq placeholder: 0xcf then 8 bytes, at the offset reported. */
    assert_int_equal((unsigned char)f.out.data[seq_off - 1], 0xcf);
    fixture_free(&f);
}

static void test_result_minimal(void **state)
{
    static const char *const keys[] = {
        "v",        "id",         "seq",        "daemon",     "meta",
        "pipeline", "text_bytes", "sentences",  "paragraphs", "quotes",
        "mentions", "stance",     "timings_us", NULL};
    fixture f;
    tp_result_info info = {"d", NULL, NULL, 0, 0};
    const msgpack_object *r;

    (void)state;
    fixture_init(&f, 0);
    assert_int_equal(tp_result_encode(&f.out, &f.d, &info, NULL), 0);
    r = unpack_at(&f, 0);
    assert_keys(r, keys);
    assert_int_equal(get(r, "meta")->type, MSGPACK_OBJECT_MAP);
    assert_int_equal(get(r, "meta")->via.map.size, 0);
    assert_int_equal(get(r, "pipeline")->via.array.size, 0);
    assert_int_equal(get(r, "sentences")->via.array.size, 0);
    assert_int_equal(get(r, "quotes")->via.array.size, 0);
    assert_int_equal(get(r, "timings_us")->via.map.size, 0);
    fixture_free(&f);
}

/* seq is patched in place, also when the message does not start the
 * buffer, and the map decodes with the new number. */
static void test_seq_patch(void **state)
{
    static const uint64_t values[] = {1, 255, 65536,
                                      UINT64_C(0x0102030405060708), UINT64_MAX};
    fixture f;
    tp_result_info info = {"d", pipeline, timings, 2, 0};
    size_t seq_off = 0, i;
    const msgpack_object *r;

    (void)state;
    fixture_init(&f, 0);
    msgpack_sbuffer_write(&f.out, "prefix", 6);
    assert_int_equal(tp_result_encode(&f.out, &f.d, &info, &seq_off), 0);
    /* map16/fixmap header, "v", 1, "id", "doc-1", "seq": 0xcf at 6+18 */
    assert_int_equal(seq_off, 6 + 1 + 2 + 1 + 3 + 6 + 4 + 1);
    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        tp_msg_patch_seq(f.out.data, seq_off, values[i]);
        r = unpack_at(&f, 6);
        assert_uint(get(r, "seq"), values[i]);
    }
    assert_memory_equal(f.out.data + seq_off,
                        "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
    tp_msg_patch_seq(f.out.data, seq_off, UINT64_C(0x0102030405060708));
    assert_memory_equal(f.out.data + seq_off,
                        "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    fixture_free(&f);
}

static void test_error_encode(void **state)
{
    static const char *const with_id[] = {"v",      "id",    "seq",
                                          "daemon", "error", NULL};
    static const char *const without_id[] = {"v", "seq", "daemon", "error",
                                             NULL};
    fixture f;
    tp_error err;
    tp_str id = {"doc-9", 5};
    size_t seq_off = 0;
    const msgpack_object *r, *e;

    (void)state;
    fixture_init(&f, 0);
    tp_error_set(&err, TP_E_STAGE_FAILED, "quotes: %s", "model missing");
    strcpy(err.stage, "quotes");
    assert_int_equal(tp_error_encode(&f.out, &id, "d-1", &err, &seq_off), 0);
    tp_msg_patch_seq(f.out.data, seq_off, 17);
    r = unpack_at(&f, 0);
    assert_keys(r, with_id);
    assert_head(r, "doc-9", 17, "d-1");
    e = get(r, "error");
    assert_int_equal(e->via.map.size, 3);
    assert_str(get(e, "code"), "stage_failed");
    assert_str(get(e, "message"), "quotes: model missing");
    assert_str(get(e, "stage"), "quotes");

    f.out.size = 0;
    tp_error_set(&err, TP_E_BAD_MSGPACK, "truncated str at byte %d", 12);
    assert_int_equal(tp_error_encode(&f.out, NULL, "d-1", &err, &seq_off), 0);
    assert_int_equal((unsigned char)f.out.data[seq_off - 1], 0xcf);
    r = unpack_at(&f, 0);
    assert_keys(r, without_id);
    assert_head(r, NULL, 0, "d-1");
    e = get(r, "error");
    assert_int_equal(e->via.map.size, 2); /* no stage */
    assert_str(get(e, "code"), "bad_msgpack");
    assert_str(get(e, "message"), "truncated str at byte 12");
    fixture_free(&f);
}

/* Stage output that is out of range, splits a character or is not UTF-8
 * still gives strings a strict decoder accepts. */
static void test_untrusted_stage_output(void **state)
{
    fixture f;
    tp_result_info info = {"d", NULL, NULL, 0, 0};
    tp_quote q;
    tp_mention m;
    const msgpack_object *r, *o;
    size_t bad;

    (void)state;
    fixture_init(&f, 0);
    memset(&q, 0, sizeof(q));
    q.content = (tp_span){30, 31}; /* inside the 2-byte é */
    q.kind = 99;                   /* not a kind */
    q.flags = TP_QUOTEF_HAS_CUE | TP_QUOTEF_HAS_SPEAKER;
    q.cue = (tp_span){35, 1000}; /* past the end */
    q.speaker = (tp_span){5000, 6000};
    q.speaker_name = (tp_str){"Bad\xff", 4};
    f.d.doc.quotes = &q;
    f.d.doc.n_quotes = 1;
    memset(&m, 0, sizeof(m));
    m.name = (tp_str){"\xc3", 1};
    m.kind = 42;
    f.d.doc.mentions = &m;
    f.d.doc.n_mentions = 1;
    assert_int_equal(tp_result_encode(&f.out, &f.d, &info, NULL), 0);
    r = unpack_at(&f, 0);
    o = &get(r, "quotes")->via.array.ptr[0];
    assert_str(get(o, "text"), "\xc3\xa9");
    assert_str(get(o, "kind"), "unknown");
    assert_str(get(o, "cue"), "ns.");
    assert_uint(get(o, "cue_end"), 1000); /* numbers are passed on */
    assert_str(get(get(o, "speaker"), "text"), "");
    assert_str(get(get(o, "speaker"), "name"), "Bad\xef\xbf\xbd");
    o = &get(r, "mentions")->via.array.ptr[0];
    assert_str(get(o, "name"), "\xef\xbf\xbd");
    assert_str(get(o, "kind"), "other");
    /* Every str in the message is valid UTF-8. */
    assert_true(tp_utf8_valid(get(o, "name")->via.str.ptr,
                              get(o, "name")->via.str.size, &bad));
    f.d.doc.quotes = NULL;
    f.d.doc.n_quotes = 0;
    f.d.doc.mentions = NULL;
    f.d.doc.n_mentions = 0;
    fixture_free(&f);
}

static void test_topic_format(void **state)
{
    char buf[TP_TOPIC_FRAME_MAX];
    char small[8];
    tp_str topic = {"news.en", 7};
    tp_str empty = {"", 0};
    char longest[TP_TOPIC_MAX_BYTES];
    tp_str longest_topic = {longest, sizeof(longest)};
    tp_str with_nul = {"ab\0cd", 5};
    tp_str too_long = {longest, sizeof(longest) + 1};

    (void)state;
    assert_int_equal(tp_topic_format(buf, sizeof(buf), 0, NULL), 6);
    assert_string_equal(buf, "result");
    assert_int_equal(tp_topic_format(buf, sizeof(buf), 1, NULL), 5);
    assert_string_equal(buf, "error");
    assert_int_equal(tp_topic_format(buf, sizeof(buf), 0, &topic), 14);
    assert_string_equal(buf, "result.news.en");
    assert_int_equal(tp_topic_format(buf, sizeof(buf), 1, &topic), 13);
    assert_string_equal(buf, "error.news.en");
    assert_int_equal(tp_topic_format(buf, sizeof(buf), 0, &empty), 6);
    assert_string_equal(buf, "result");
    memset(longest, 'x', sizeof(longest));
    assert_int_equal(tp_topic_format(buf, sizeof(buf), 0, &longest_topic),
                     7 + TP_TOPIC_MAX_BYTES);
    assert_int_equal(strlen(buf), 7 + TP_TOPIC_MAX_BYTES);
    assert_int_equal(tp_topic_format(small, sizeof(small), 0, &topic), 7);
    assert_string_equal(small, "result.");
    assert_int_equal(tp_topic_format(small, 0, 0, &topic), 0);
    assert_int_equal(tp_topic_format(small, 4, 1, &topic), 3);
    assert_string_equal(small, "err");
    assert_int_equal(tp_topic_format(small, 1, 1, NULL), 0);
    assert_string_equal(small, "");
    /* A hand-made topic stops at a NUL; one over the limit is dropped. */
    assert_int_equal(tp_topic_format(buf, sizeof(buf), 0, &with_nul), 9);
    assert_string_equal(buf, "result.ab");
    assert_int_equal(tp_topic_format(buf, sizeof(buf), 1, &too_long), 5);
    assert_string_equal(buf, "error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_result_every_layer),
        cmocka_unit_test(test_result_minimal),
        cmocka_unit_test(test_seq_patch),
        cmocka_unit_test(test_error_encode),
        cmocka_unit_test(test_untrusted_stage_output),
        cmocka_unit_test(test_topic_format),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
