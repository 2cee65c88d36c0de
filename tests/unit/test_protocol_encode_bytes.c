/*
 * test_protocol_encode_bytes.c - the encoder writes MessagePack by hand, so
 * this test holds it to the bytes msgpack-c's packer gives: the reference
 * below is the encoder as it was written with msgpack_pack_* calls, and
 * both encode the same documents, which must agree byte for byte (seq
 * offset included) and unpack as one object. The documents are drawn from
 * a seeded generator: every layer filled or empty or NULL, spans out of
 * range or inside a character, unicode and bad UTF-8, strings of every
 * header size (past 2^16 bytes), counts past 16 and 2^16, every extra type
 * and integer range, a meta with every MessagePack type; and errors with
 * and without id, stage or NUL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "textpipe/tp_protocol.h"

/* ---- the reference: encode.c as written with msgpack-c's packer -------- */

/* Every helper returns 0, or -1 when the buffer could not grow: the
 * callers chain them with || and give up at the first failure. */

#define SEQ_TYPE_BYTE 0xcf /* uint 64 */

static int pack_bytes_str(msgpack_packer *pk, const char *p, size_t n)
{
    return msgpack_pack_str(pk, n) || (n && msgpack_pack_str_body(pk, p, n));
}

static int pack_cstr(msgpack_packer *pk, const char *s)
{
    return pack_bytes_str(pk, s ? s : "", s ? strlen(s) : 0);
}

/* Writes the valid runs of [p, p+n) and one U+FFFD per invalid byte;
 * returns the length written (or measured, when pk is NULL). */
static size_t write_replacing(msgpack_packer *pk, const char *p, size_t n,
                              int *failed)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    size_t i = 0, run, bad, total = 0;

    while (i < n) {
        run = tp_utf8_valid(p + i, n - i, &bad) ? n - i : bad;
        if (pk && run && msgpack_pack_str_body(pk, p + i, run))
            *failed = 1;
        total += run;
        i += run;
        if (i < n) {
            if (pk && msgpack_pack_str_body(pk, replacement, 3))
                *failed = 1;
            total += 3;
            i++;
        }
    }
    return total;
}

/* A string from a stage or a producer, always valid UTF-8 on the wire. */
static int pack_text(msgpack_packer *pk, const char *p, size_t n)
{
    int failed = 0;

    if (!p)
        n = 0;
    if (tp_utf8_valid(p, n, NULL))
        return pack_bytes_str(pk, p, n);
    if (msgpack_pack_str(pk, write_replacing(NULL, p, n, &failed)))
        return -1;
    write_replacing(pk, p, n, &failed);
    return failed ? -1 : 0;
}

/* The length of a string in a fixed-size buffer that may lack its NUL. */
static size_t bounded_len(const char *s, size_t cap)
{
    const char *nul = memchr(s, '\0', cap);

    return nul ? (size_t)(nul - s) : cap;
}

static int pack_tp_str(msgpack_packer *pk, tp_str s)
{
    return pack_text(pk, s.ptr, s.len);
}

static int pack_span(msgpack_packer *pk, uint32_t start, uint32_t end)
{
    return msgpack_pack_array(pk, 2) || msgpack_pack_uint32(pk, start) ||
           msgpack_pack_uint32(pk, end);
}

static int is_continuation(const char *text, size_t i)
{
    return ((unsigned char)text[i] & 0xC0) == 0x80;
}

/* The text of a span, clamped to the text and widened to whole characters
 * so a span that splits a character still yields a valid string. */
static int pack_slice(msgpack_packer *pk, const tp_doc *doc, uint32_t start,
                      uint32_t end)
{
    size_t n = doc->text ? doc->text_len : 0;
    size_t s = start < n ? start : n;
    size_t e = end < s ? s : (end < n ? end : n);

    while (s > 0 && s < n && is_continuation(doc->text, s))
        s--;
    while (e < n && is_continuation(doc->text, e))
        e++;
    return pack_text(pk, n ? doc->text + s : NULL, e - s);
}

/*
 * The placeholder for `seq`: always 0xcf and 8 bytes, whatever the number,
 * so tp_msg_patch_seq can write the real one in place later.
 */
static int pack_seq(msgpack_packer *pk, msgpack_sbuffer *out,
                    size_t *seq_offset)
{
    static const char placeholder[9] = {(char)SEQ_TYPE_BYTE};

    if (pack_cstr(pk, "seq"))
        return -1;
    if (seq_offset)
        *seq_offset = out->size + 1;
    return msgpack_sbuffer_write(out, placeholder, sizeof(placeholder));
}

static int pack_spans(msgpack_packer *pk, const tp_span *spans, size_t n)
{
    size_t i;

    if (!spans)
        n = 0;
    if (msgpack_pack_array(pk, n))
        return -1;
    for (i = 0; i < n; i++)
        if (pack_span(pk, spans[i].start, spans[i].end))
            return -1;
    return 0;
}

static int pack_tokens(msgpack_packer *pk, const tp_doc *doc)
{
    size_t i, n = doc->tokens ? doc->n_tokens : 0;

    if (msgpack_pack_array(pk, n))
        return -1;
    for (i = 0; i < n; i++) {
        const tp_token *t = &doc->tokens[i];

        if (msgpack_pack_array(pk, 4) || msgpack_pack_uint32(pk, t->start) ||
            msgpack_pack_uint32(pk, t->end) ||
            pack_cstr(pk, tp_token_kind_name(t->kind)) ||
            msgpack_pack_uint32(pk, t->flags))
            return -1;
    }
    return 0;
}

/* {target, label, score}, plus `quotes` at document level. */
static int pack_stance(msgpack_packer *pk, const tp_stance *st, int with_quotes)
{
    uint32_t i, nq = st->quotes ? st->n_quotes : 0;

    if (msgpack_pack_map(pk, with_quotes ? 4 : 3) || pack_cstr(pk, "target") ||
        pack_tp_str(pk, st->target) || pack_cstr(pk, "label") ||
        pack_cstr(pk, tp_stance_label_name(st->label)) ||
        pack_cstr(pk, "score") || msgpack_pack_double(pk, st->score))
        return -1;
    if (!with_quotes)
        return 0;
    if (pack_cstr(pk, "quotes") || msgpack_pack_array(pk, nq))
        return -1;
    for (i = 0; i < nq; i++)
        if (msgpack_pack_uint32(pk, st->quotes[i]))
            return -1;
    return 0;
}

static int pack_stance_list(msgpack_packer *pk, const tp_stance *st, size_t n,
                            int with_quotes)
{
    size_t i;

    if (!st)
        n = 0;
    if (msgpack_pack_array(pk, n))
        return -1;
    for (i = 0; i < n; i++)
        if (pack_stance(pk, &st[i], with_quotes))
            return -1;
    return 0;
}

static int pack_cue(msgpack_packer *pk, const tp_doc *doc, const tp_quote *q)
{
    if (!(q->flags & TP_QUOTEF_HAS_CUE))
        return pack_cstr(pk, "cue") || msgpack_pack_nil(pk) ||
               pack_cstr(pk, "cue_start") || msgpack_pack_nil(pk) ||
               pack_cstr(pk, "cue_end") || msgpack_pack_nil(pk);
    return pack_cstr(pk, "cue") ||
           pack_slice(pk, doc, q->cue.start, q->cue.end) ||
           pack_cstr(pk, "cue_start") ||
           msgpack_pack_uint32(pk, q->cue.start) || pack_cstr(pk, "cue_end") ||
           msgpack_pack_uint32(pk, q->cue.end);
}

/* `name` is nil when the stage resolved no canonical name. */
static int pack_speaker(msgpack_packer *pk, const tp_doc *doc,
                        const tp_quote *q)
{
    if (pack_cstr(pk, "speaker"))
        return -1;
    if (!(q->flags & TP_QUOTEF_HAS_SPEAKER))
        return msgpack_pack_nil(pk);
    if (msgpack_pack_map(pk, 4) || pack_cstr(pk, "text") ||
        pack_slice(pk, doc, q->speaker.start, q->speaker.end) ||
        pack_cstr(pk, "start") || msgpack_pack_uint32(pk, q->speaker.start) ||
        pack_cstr(pk, "end") || msgpack_pack_uint32(pk, q->speaker.end) ||
        pack_cstr(pk, "name"))
        return -1;
    if (!q->speaker_name.ptr || q->speaker_name.len == 0)
        return msgpack_pack_nil(pk);
    return pack_tp_str(pk, q->speaker_name);
}

static int pack_quote(msgpack_packer *pk, const tp_doc *doc, const tp_quote *q)
{
    if (msgpack_pack_map(pk, 11) || pack_cstr(pk, "start") ||
        msgpack_pack_uint32(pk, q->content.start) || pack_cstr(pk, "end") ||
        msgpack_pack_uint32(pk, q->content.end) || pack_cstr(pk, "text") ||
        pack_slice(pk, doc, q->content.start, q->content.end) ||
        pack_cstr(pk, "kind") || pack_cstr(pk, tp_quote_kind_name(q->kind)) ||
        pack_cue(pk, doc, q) || pack_speaker(pk, doc, q) ||
        pack_cstr(pk, "confidence") || msgpack_pack_double(pk, q->confidence) ||
        pack_cstr(pk, "stance") ||
        pack_stance_list(pk, q->stance, q->n_stance, 0) ||
        pack_cstr(pk, "reporter"))
        return -1;
    if (q->reporter == TP_REPORTER_UNSET)
        return msgpack_pack_nil(pk);
    return pack_cstr(pk, tp_reporter_name(q->reporter));
}

static int pack_quotes(msgpack_packer *pk, const tp_doc *doc)
{
    size_t i, n = doc->quotes ? doc->n_quotes : 0;

    if (msgpack_pack_array(pk, n))
        return -1;
    for (i = 0; i < n; i++)
        if (pack_quote(pk, doc, &doc->quotes[i]))
            return -1;
    return 0;
}

static int pack_mentions(msgpack_packer *pk, const tp_doc *doc)
{
    size_t i, n = doc->mentions ? doc->n_mentions : 0;

    if (msgpack_pack_array(pk, n))
        return -1;
    for (i = 0; i < n; i++) {
        const tp_mention *m = &doc->mentions[i];

        if (msgpack_pack_map(pk, 3) || pack_cstr(pk, "name") ||
            pack_tp_str(pk, m->name) || pack_cstr(pk, "kind") ||
            pack_cstr(pk, tp_mention_kind_name(m->kind)) ||
            pack_cstr(pk, "spans") || pack_spans(pk, m->spans, m->n_spans))
            return -1;
    }
    return 0;
}

static int pack_value(msgpack_packer *pk, msgpack_sbuffer *out,
                      const tp_value *v)
{
    switch (v->type) {
    case TP_VAL_BOOL:
        return v->u.b ? msgpack_pack_true(pk) : msgpack_pack_false(pk);
    case TP_VAL_INT:
        return msgpack_pack_int64(pk, v->u.i);
    case TP_VAL_DOUBLE:
        return msgpack_pack_double(pk, v->u.d);
    case TP_VAL_STR:
        return pack_tp_str(pk, v->u.s);
    case TP_VAL_MSGPACK:
        /* Checked by set_extra to be exactly one object: copy it as is. */
        return msgpack_sbuffer_write(out, v->u.s.ptr, v->u.s.len);
    default:
        return msgpack_pack_nil(pk);
    }
}

static int pack_extras(msgpack_packer *pk, msgpack_sbuffer *out,
                       const tp_docbuf *d)
{
    size_t i;

    if (pack_cstr(pk, "extra") || msgpack_pack_map(pk, d->n_extras))
        return -1;
    for (i = 0; i < d->n_extras; i++)
        if (pack_cstr(pk, d->extras[i].key) ||
            pack_value(pk, out, &d->extras[i].value))
            return -1;
    return 0;
}

/* Timings are keyed by stage name: "tokenize@1.0.0" -> "tokenize". */
static int pack_timings(msgpack_packer *pk, const tp_result_info *info)
{
    size_t i, n = info->timings_us && info->pipeline ? info->n_stages : 0;

    if (pack_cstr(pk, "timings_us") || msgpack_pack_map(pk, n))
        return -1;
    for (i = 0; i < n; i++) {
        const char *label = info->pipeline[i] ? info->pipeline[i] : "";
        const char *at = strchr(label, '@');

        if (pack_text(pk, label, at ? (size_t)(at - label) : strlen(label)) ||
            msgpack_pack_uint64(pk, info->timings_us[i]))
            return -1;
    }
    return 0;
}

static int pack_pipeline(msgpack_packer *pk, const tp_result_info *info)
{
    size_t i, n = info->pipeline ? info->n_stages : 0;

    if (pack_cstr(pk, "pipeline") || msgpack_pack_array(pk, n))
        return -1;
    for (i = 0; i < n; i++) {
        const char *label = info->pipeline[i] ? info->pipeline[i] : "";

        if (pack_text(pk, label, strlen(label)))
            return -1;
    }
    return 0;
}

/* v, id, seq, daemon: the head every message starts with. */
static int pack_head(msgpack_packer *pk, msgpack_sbuffer *out, size_t n_keys,
                     const tp_str *id, const char *daemon_id,
                     size_t *seq_offset)
{
    if (msgpack_pack_map(pk, n_keys) || pack_cstr(pk, "v") ||
        msgpack_pack_uint32(pk, TP_PROTOCOL_VERSION))
        return -1;
    if (id && (pack_cstr(pk, "id") || pack_tp_str(pk, *id)))
        return -1;
    return pack_seq(pk, out, seq_offset) || pack_cstr(pk, "daemon") ||
           pack_cstr(pk, daemon_id);
}

static int pack_result(msgpack_packer *pk, msgpack_sbuffer *out,
                       const tp_docbuf *d, const tp_result_info *info,
                       size_t *seq_offset)
{
    const tp_doc *doc = &d->doc;
    size_t n_keys = 13 + (info->emit_tokens ? 1 : 0) + (d->n_extras ? 1 : 0);

    if (pack_head(pk, out, n_keys, &doc->id, info->daemon_id, seq_offset) ||
        pack_cstr(pk, "meta"))
        return -1;
    if (d->meta ? msgpack_pack_object(pk, *d->meta) : msgpack_pack_map(pk, 0))
        return -1;
    if (pack_pipeline(pk, info) || pack_cstr(pk, "text_bytes") ||
        msgpack_pack_uint64(pk, doc->text_len) || pack_cstr(pk, "sentences") ||
        pack_spans(pk, doc->sentences, doc->n_sentences) ||
        pack_cstr(pk, "paragraphs") ||
        pack_spans(pk, doc->paragraphs, doc->n_paragraphs))
        return -1;
    if (info->emit_tokens && (pack_cstr(pk, "tokens") || pack_tokens(pk, doc)))
        return -1;
    if (pack_cstr(pk, "quotes") || pack_quotes(pk, doc) ||
        pack_cstr(pk, "mentions") || pack_mentions(pk, doc) ||
        pack_cstr(pk, "stance") ||
        pack_stance_list(pk, doc->stance, doc->n_stance, 1))
        return -1;
    if (d->n_extras && pack_extras(pk, out, d))
        return -1;
    return pack_timings(pk, info);
}

/* On failure the bytes appended so far are taken back, so `out` is as the
 * caller gave it. */
static int ref_result_encode(msgpack_sbuffer *out, const tp_docbuf *d,
                             const tp_result_info *info, size_t *seq_offset)
{
    size_t start = out->size;
    msgpack_packer pk;

    msgpack_packer_init(&pk, out, msgpack_sbuffer_write);
    if (pack_result(&pk, out, d, info, seq_offset)) {
        out->size = start;
        return -1;
    }
    return 0;
}

static int ref_error_encode(msgpack_sbuffer *out, const tp_str *id,
                            const char *daemon_id, const tp_error *err,
                            size_t *seq_offset)
{
    size_t start = out->size;
    int has_stage = err->stage[0] != '\0';
    msgpack_packer pk;

    if (id && (!id->ptr || id->len == 0))
        id = NULL;
    msgpack_packer_init(&pk, out, msgpack_sbuffer_write);
    if (pack_head(&pk, out, id ? 5 : 4, id, daemon_id, seq_offset) ||
        pack_cstr(&pk, "error") || msgpack_pack_map(&pk, has_stage ? 3 : 2) ||
        pack_cstr(&pk, "code") || pack_cstr(&pk, tp_errcode_name(err->code)) ||
        pack_cstr(&pk, "message") ||
        pack_text(&pk, err->message,
                  bounded_len(err->message, sizeof(err->message))) ||
        (has_stage &&
         (pack_cstr(&pk, "stage") ||
          pack_text(&pk, err->stage,
                    bounded_len(err->stage, sizeof(err->stage)))))) {
        out->size = start;
        return -1;
    }
    return 0;
}

/* ---- a seeded generator of documents ------------------------------------ */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next_u64(rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

/* 0 .. n-1 */
static uint32_t below(rng *r, uint32_t n)
{
    return n ? (uint32_t)(next_u64(r) % n) : 0;
}

static int one_in(rng *r, uint32_t n)
{
    return below(r, n) == 0;
}

/* Pieces of text: ASCII, 2-, 3- and 4-byte characters, curly quotes. */
static const char *const good_pieces[] = {"a",
                                          "The ",
                                          " ",
                                          "\n",
                                          ",",
                                          "\"",
                                          "said",
                                          "Caf\xc3\xa9",
                                          ".",
                                          "\xe2\x82\xac",
                                          "\xf0\x9d\x84\x9e",
                                          "\xe2\x80\x9c",
                                          "\xe2\x80\x9d",
                                          "12",
                                          "\xc3\xa9"};
/* Not UTF-8: a bad byte, a lone lead byte, a surrogate, an overlong. */
static const char *const bad_pieces[] = {"\xff", "\xc3", "\xed\xa0\x80",
                                         "\xc0\xaf", "\x80"};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A string of about `len` bytes in arena memory; bad UTF-8 when `bad`. */
static char *make_text(tp_arena *a, rng *r, size_t len, int bad, size_t *out)
{
    char *s = tp_arena_alloc(a, len + 8);
    size_t n = 0;

    assert_non_null(s);
    while (n < len) {
        const char *piece = bad && one_in(r, 8)
                                ? bad_pieces[below(r, N_OF(bad_pieces))]
                                : good_pieces[below(r, N_OF(good_pieces))];
        size_t k = strlen(piece);

        if (n + k > len + 4)
            break;
        memcpy(s + n, piece, k);
        n += k;
    }
    *out = n;
    return s;
}

static tp_str make_str(tp_arena *a, rng *r, size_t max_len, int may_be_bad)
{
    tp_str s = {NULL, 0};
    uint32_t pick = below(r, 8);

    if (pick == 0)
        return s; /* NULL */
    if (pick == 1) {
        s.ptr = "";
        return s;
    }
    s.ptr = make_text(a, r, below(r, (uint32_t)max_len + 1),
                      may_be_bad && pick == 2, &s.len);
    return s;
}

/* A span mostly inside the text, sometimes past it or reversed. */
static tp_span make_span(rng *r, size_t text_len)
{
    uint32_t limit = (uint32_t)text_len + (one_in(r, 10) ? 50u : 1u);
    uint32_t a = below(r, limit), b = below(r, limit);

    if (one_in(r, 12))
        return (tp_span){b > a ? b : a, b > a ? a : b};
    return (tp_span){a < b ? a : b, a < b ? b : a};
}

static tp_span *make_spans(tp_arena *a, rng *r, size_t n, size_t text_len)
{
    tp_span *spans = tp_arena_alloc(a, (n ? n : 1) * sizeof(*spans));
    size_t i;

    assert_non_null(spans);
    for (i = 0; i < n; i++)
        spans[i] = make_span(r, text_len);
    return spans;
}

static double make_double(rng *r)
{
    static const double edge[] = {0.0, -0.0, 1.0, 0.5, 1e300, -2.5e-310};
    uint64_t bits;
    double d;

    if (one_in(r, 3))
        return edge[below(r, N_OF(edge))];
    bits = next_u64(r); /* any bit pattern, NaNs included */
    memcpy(&d, &bits, sizeof(d));
    return d;
}

/* Every boundary of msgpack's integer forms, on both sides. */
static const int64_t int_edges[] = {
    0,         1,      127,    128,        255,
    256,       65535,  65536,  4294967295, 4294967296,
    INT64_MAX, -1,     -32,    -33,        -128,
    -129,      -32768, -32769, INT32_MIN,  (int64_t)INT32_MIN - 1,
    INT64_MIN};

static uint32_t make_u32(rng *r)
{
    if (one_in(r, 2))
        return below(r, 300);
    return (uint32_t)int_edges[below(r, 11)];
}

static tp_stance *make_stance(tp_arena *a, rng *r, size_t n, size_t n_quotes,
                              int with_quotes)
{
    tp_stance *st = tp_arena_alloc(a, (n ? n : 1) * sizeof(*st));
    size_t i, j;

    assert_non_null(st);
    memset(st, 0, (n ? n : 1) * sizeof(*st));
    for (i = 0; i < n; i++) {
        st[i].target = make_str(a, r, 40, 1);
        st[i].label = below(r, 5);
        st[i].score = make_double(r);
        if (!with_quotes || one_in(r, 4))
            continue;
        st[i].n_quotes = below(r, 20);
        if (one_in(r, 6))
            continue; /* NULL with a count */
        uint32_t *idx = tp_arena_alloc(a, (st[i].n_quotes + 1) * 4);
        assert_non_null(idx);
        for (j = 0; j < st[i].n_quotes; j++)
            idx[j] =
                one_in(r, 8) ? make_u32(r) : below(r, (uint32_t)n_quotes + 1);
        st[i].quotes = idx;
    }
    return st;
}

static void make_quote(tp_arena *a, rng *r, tp_quote *q, size_t text_len)
{
    memset(q, 0, sizeof(*q));
    q->content = make_span(r, text_len);
    q->kind = below(r, 5);
    q->flags = below(r, 4);
    q->cue = make_span(r, text_len);
    q->speaker = make_span(r, text_len);
    q->speaker_name = make_str(a, r, 60, 1);
    q->mention = (int32_t)below(r, 5) - 1;
    q->confidence = make_double(r);
    q->n_stance = below(r, 4);
    q->stance = one_in(r, 5) ? NULL : make_stance(a, r, q->n_stance, 0, 0);
    q->reporter = below(r, 6);
}

static void make_mentions(tp_arena *a, rng *r, tp_doc *doc, size_t n)
{
    size_t i;

    doc->mentions = tp_arena_alloc(a, (n ? n : 1) * sizeof(tp_mention));
    assert_non_null(doc->mentions);
    memset(doc->mentions, 0, (n ? n : 1) * sizeof(tp_mention));
    doc->n_mentions = n;
    for (i = 0; i < n; i++) {
        tp_mention *m = &doc->mentions[i];

        m->name = make_str(a, r, 40, 1);
        m->kind = below(r, 7);
        m->n_spans = below(r, 20);
        m->spans =
            one_in(r, 6) ? NULL : make_spans(a, r, m->n_spans, doc->text_len);
    }
}

static void make_tokens(tp_arena *a, rng *r, tp_doc *doc, size_t n)
{
    size_t i;

    doc->tokens = tp_arena_alloc(a, (n ? n : 1) * sizeof(tp_token));
    assert_non_null(doc->tokens);
    doc->n_tokens = n;
    for (i = 0; i < n; i++) {
        tp_span s = make_span(r, doc->text_len);

        doc->tokens[i] = (tp_token){
            s.start, s.end, make_u32(r), (uint16_t)below(r, 20), 0, 0};
    }
}

static void make_extras(tp_arena *a, rng *r, tp_docbuf *d, size_t n)
{
    static const char *const raw[] = {"\xc0", "\x92\x01\xa1x",
                                      "\x81\xa1k\xcb\0\0\0\0\0\0\0\0"};
    static const size_t raw_len[] = {1, 4, 12};
    size_t i;

    d->extras = tp_arena_alloc(a, (n ? n : 1) * sizeof(tp_extra));
    assert_non_null(d->extras);
    d->n_extras = d->cap_extras = n;
    for (i = 0; i < n; i++) {
        tp_extra *x = &d->extras[i];
        char key[24];
        uint32_t k;

        snprintf(key, sizeof(key), "k%zu", i);
        x->key = tp_arena_strndup(a, key, strlen(key));
        x->value.type = below(r, 7); /* 6: not a type: nil */
        switch (x->value.type) {
        case TP_VAL_BOOL:
            x->value.u.b = (int)below(r, 3);
            break;
        case TP_VAL_INT:
            x->value.u.i = one_in(r, 4) ? (int64_t)next_u64(r)
                                        : int_edges[below(r, N_OF(int_edges))];
            break;
        case TP_VAL_DOUBLE:
            x->value.u.d = make_double(r);
            break;
        case TP_VAL_STR:
            x->value.u.s = make_str(a, r, 300, 1);
            break;
        case TP_VAL_MSGPACK:
            k = below(r, N_OF(raw));
            x->value.u.s = (tp_str){raw[k], raw_len[k]};
            break;
        default:
            break;
        }
    }
}

/* Every layer, each of them sometimes empty or NULL with a count. */
static void make_layers(tp_docbuf *d, rng *r, int big)
{
    tp_arena *a = &d->arena;
    tp_doc *doc = &d->doc;
    size_t i, len = doc->text_len;
    size_t scale = big ? 40 : 1;

    doc->n_sentences = below(r, (uint32_t)(30 * scale));
    doc->sentences =
        one_in(r, 10) ? NULL : make_spans(a, r, doc->n_sentences, len);
    doc->n_paragraphs = below(r, (uint32_t)(20 * scale));
    doc->paragraphs =
        one_in(r, 10) ? NULL : make_spans(a, r, doc->n_paragraphs, len);
    make_tokens(a, r, doc, below(r, (uint32_t)(40 * scale)));
    if (one_in(r, 10))
        doc->tokens = NULL;
    doc->n_quotes = below(r, (uint32_t)(25 * scale));
    doc->quotes = tp_arena_alloc(a, (doc->n_quotes + 1) * sizeof(tp_quote));
    assert_non_null(doc->quotes);
    for (i = 0; i < doc->n_quotes; i++)
        make_quote(a, r, &doc->quotes[i], len);
    if (one_in(r, 10))
        doc->quotes = NULL;
    make_mentions(a, r, doc, below(r, (uint32_t)(12 * scale)));
    if (one_in(r, 10))
        doc->mentions = NULL;
    doc->n_stance = below(r, 4);
    doc->stance = one_in(r, 8)
                      ? NULL
                      : make_stance(a, r, doc->n_stance, doc->n_quotes, 1);
    if (!one_in(r, 3))
        make_extras(a, r, d, below(r, big ? 20 : 5));
}

static void pack_str_obj(msgpack_packer *pk, const char *s, size_t n)
{
    msgpack_pack_str(pk, n);
    msgpack_pack_str_body(pk, s, n);
}

/* A meta with every MessagePack type, headers of every size included. */
static void pack_meta(msgpack_packer *pk, rng *r)
{
    static char filler[70000];
    static const size_t str_lens[] = {0, 31, 32, 255, 256, 65535, 65536};
    uint32_t i, n = 16 + below(r, 3);

    memset(filler, 'm', sizeof(filler));
    msgpack_pack_map(pk, n);
    for (i = 0; i < n; i++) {
        char key[16]; /* room for any uint32_t: -Wformat-truncation */

        snprintf(key, sizeof(key), "f%u", i);
        pack_str_obj(pk, key, strlen(key));
        switch (i % 10) {
        case 0:
            msgpack_pack_nil(pk);
            break;
        case 1:
            msgpack_pack_int64(pk, int_edges[below(r, N_OF(int_edges))]);
            break;
        case 2:
            msgpack_pack_float(pk, 1.5f);
            break;
        case 3:
            msgpack_pack_double(pk, make_double(r));
            break;
        case 4:
            pack_str_obj(pk, filler, str_lens[below(r, N_OF(str_lens))]);
            break;
        case 5:
            msgpack_pack_bin(pk, 3);
            msgpack_pack_bin_body(pk, "\0\1\2", 3);
            break;
        case 6: {
            size_t len = 1 + below(r, 20); /* fixext sizes and ext 8 */

            msgpack_pack_ext(pk, len, 7);
            msgpack_pack_ext_body(pk, filler, len);
            break;
        }
        case 7:
            msgpack_pack_array(pk, 17);
            for (uint32_t k = 0; k < 17; k++)
                msgpack_pack_uint32(pk, k * 1000);
            break;
        case 8:
            one_in(r, 2) ? msgpack_pack_true(pk) : msgpack_pack_false(pk);
            break;
        default:
            msgpack_pack_map(pk, 1);
            pack_str_obj(pk, "in", 2);
            msgpack_pack_array(pk, 0);
        }
    }
}

/* A document decoded from a message, as in the daemon (its text checked,
 * sometimes with a meta), or made by hand, as a test or a fuzzer may
 * (any bytes, the text even NULL). `msg` must outlive the docbuf. */
static void make_doc(tp_docbuf *d, msgpack_sbuffer *msg, rng *r,
                     size_t text_len, int big)
{
    tp_arena scratch;
    msgpack_packer pk;
    tp_error err;
    const char *text;
    size_t n;
    int with_meta = one_in(r, 3);

    tp_docbuf_init(d, NULL);
    if (one_in(r, 3)) {
        d->doc.text = make_text(&d->arena, r, text_len, one_in(r, 2), &n);
        d->doc.text_len = one_in(r, 10) ? 0 : n;
        if (one_in(r, 20))
            d->doc.text = NULL;
        d->doc.id = make_str(&d->arena, r, 40, 1);
        make_layers(d, r, big);
        return;
    }
    tp_arena_init(&scratch, 0);
    text = make_text(&scratch, r, text_len, 0, &n);
    msgpack_packer_init(&pk, msg, msgpack_sbuffer_write);
    msgpack_pack_map(&pk, with_meta ? 3 : 2);
    pack_str_obj(&pk, "id", 2);
    pack_str_obj(&pk, "doc-\xc3\xa9", 6);
    pack_str_obj(&pk, "text", 4);
    pack_str_obj(&pk, text, n);
    if (with_meta) {
        pack_str_obj(&pk, "meta", 4);
        pack_meta(&pk, r);
    }
    tp_arena_free(&scratch);
    assert_int_equal(tp_doc_decode(d, msg->data, msg->size, NULL, &err), 0);
    make_layers(d, r, big);
}

static void make_info(rng *r, tp_result_info *info, const char **labels,
                      uint64_t *timings)
{
    static const char *const names[] = {
        "tokenize@1.0.0", "quotes", NULL, "bad\xff@2", "", "stance@1.0@x"};
    size_t i, n = below(r, 4);

    for (i = 0; i < n; i++) {
        labels[i] = names[below(r, N_OF(names))];
        timings[i] = one_in(r, 2) ? below(r, 5000) : next_u64(r);
    }
    info->daemon_id = one_in(r, 10) ? NULL : "d-7f3a";
    info->pipeline = one_in(r, 8) ? NULL : labels;
    info->timings_us = one_in(r, 8) ? NULL : timings;
    info->n_stages = n;
    info->emit_tokens = (int)below(r, 2);
}

/* ---- the comparison ------------------------------------------------------ */

/* Output appended after `prefix` bytes, so offsets and growth are checked
 * when a message does not start the buffer too. */
static void fill_prefix(msgpack_sbuffer *sb, size_t prefix)
{
    static char junk[20000];

    msgpack_sbuffer_init(sb);
    if (prefix)
        msgpack_sbuffer_write(sb, junk,
                              prefix < sizeof(junk) ? prefix : sizeof(junk));
}

static void assert_same_bytes(const msgpack_sbuffer *want, size_t want_seq,
                              const msgpack_sbuffer *got, size_t got_seq,
                              size_t prefix)
{
    size_t i = 0, off = prefix;
    msgpack_unpacked up;

    if (want->size != got->size ||
        memcmp(want->data, got->data, want->size) != 0) {
        while (i < want->size && i < got->size && want->data[i] == got->data[i])
            i++;
        fail_msg("the bytes differ at offset %zu (reference %zu bytes, "
                 "encoder %zu)",
                 i, want->size, got->size);
    }
    assert_int_equal(want_seq, got_seq);
    msgpack_unpacked_init(&up);
    assert_int_equal(msgpack_unpack_next(&up, got->data, got->size, &off),
                     MSGPACK_UNPACK_SUCCESS);
    assert_int_equal(off, got->size);
    msgpack_unpacked_destroy(&up);
}

static void compare_result(const tp_docbuf *d, const tp_result_info *info,
                           rng *r)
{
    size_t prefix = one_in(r, 3) ? below(r, 20000) : 0;
    size_t want_seq = 0, got_seq = 0;
    msgpack_sbuffer want, got;

    fill_prefix(&want, prefix);
    fill_prefix(&got, prefix);
    assert_int_equal(ref_result_encode(&want, d, info, &want_seq), 0);
    assert_int_equal(tp_result_encode(&got, d, info, &got_seq), 0);
    assert_same_bytes(&want, want_seq, &got, got_seq, prefix);
    msgpack_sbuffer_destroy(&want);
    msgpack_sbuffer_destroy(&got);
}

static void check_documents(uint64_t seed, int n, size_t max_text, int big)
{
    rng r = {seed};
    const char *labels[4];
    uint64_t timings[4];
    int i;

    for (i = 0; i < n; i++) {
        tp_result_info info;
        msgpack_sbuffer msg;
        tp_docbuf d;

        msgpack_sbuffer_init(&msg);
        make_doc(&d, &msg, &r, below(&r, (uint32_t)max_text + 1), big);
        make_info(&r, &info, labels, timings);
        compare_result(&d, &info, &r);
        tp_docbuf_free(&d);
        msgpack_sbuffer_destroy(&msg);
    }
}

static void test_random_documents(void **state)
{
    (void)state;
    check_documents(0x9e3779b97f4a7c15u, 1500, 2000, 0);
}

/* Long texts and long layers: str 16 and str 32 slices, array 16 and map
 * 16 headers. */
static void test_big_documents(void **state)
{
    (void)state;
    check_documents(0xdeadbeefcafef00du, 6, 90000, 1);
}

/* Exactly at the boundaries of the str and array headers. */
static void test_header_boundaries(void **state)
{
    static const uint32_t lens[] = {0,   1,     31,    32,    255,
                                    256, 65535, 65536, 70000, 70001};
    static const size_t counts[] = {15, 16, 65535, 65536};
    tp_result_info info = {"d", NULL, NULL, 0, 1};
    rng r = {42};
    size_t i, n;
    tp_docbuf d;
    char *text;

    (void)state;
    tp_docbuf_init(&d, NULL);
    text = tp_arena_alloc(&d.arena, 70001);
    memset(text, 'x', 70001);
    d.doc.text = text;
    d.doc.text_len = 70001;
    d.doc.id = (tp_str){"boundaries", 10};
    d.doc.quotes = tp_arena_alloc(&d.arena, N_OF(lens) * sizeof(tp_quote));
    memset(d.doc.quotes, 0, N_OF(lens) * sizeof(tp_quote));
    for (i = 0; i < N_OF(lens); i++) {
        d.doc.quotes[i].content = (tp_span){0, lens[i]};
        d.doc.quotes[i].flags = TP_QUOTEF_HAS_CUE | TP_QUOTEF_HAS_SPEAKER;
        d.doc.quotes[i].cue = (tp_span){1, lens[i]};
        d.doc.quotes[i].speaker = (tp_span){lens[i] / 2, lens[i]};
    }
    d.doc.n_quotes = N_OF(lens);
    for (i = 0; i < N_OF(counts); i++) {
        n = counts[i];
        d.doc.sentences = make_spans(&d.arena, &r, n, d.doc.text_len);
        d.doc.n_sentences = n;
        make_tokens(&d.arena, &r, &d.doc, n);
        make_extras(&d.arena, &r, &d, i < 2 ? n : 20);
        compare_result(&d, &info, &r);
        d.n_extras = 0;
        compare_result(&d, &info, &r);
    }
    tp_docbuf_free(&d);
}

static void make_error(rng *r, tp_arena *a, tp_error *err)
{
    tp_str s;
    size_t n;

    memset(err, 0, sizeof(*err));
    err->code = (tp_errcode)below(r, TP_E_COUNT + 3);
    if (one_in(r, 4)) {
        memset(err->message, 'm', sizeof(err->message)); /* no NUL */
    } else {
        s = make_str(a, r, 300, 1);
        n = s.len < sizeof(err->message) ? s.len : sizeof(err->message) - 1;
        if (n)
            memcpy(err->message, s.ptr, n);
    }
    if (one_in(r, 4))
        memset(err->stage, 's', sizeof(err->stage)); /* no NUL */
    else if (one_in(r, 2))
        strcpy(err->stage, one_in(r, 3) ? "st\xc3" : "quotes");
}

static void test_errors(void **state)
{
    static const char *const daemons[] = {"d-1", "", NULL};
    rng r = {7};
    tp_arena a;
    int i;

    (void)state;
    tp_arena_init(&a, 0);
    for (i = 0; i < 2000; i++) {
        size_t prefix = one_in(&r, 3) ? below(&r, 20000) : 0;
        size_t want_seq = 0, got_seq = 0;
        msgpack_sbuffer want, got;
        const char *daemon = daemons[below(&r, N_OF(daemons))];
        tp_str id = make_str(&a, &r, 300, 1);
        const tp_str *id_or_null = one_in(&r, 5) ? NULL : &id;
        tp_error err;

        make_error(&r, &a, &err);
        fill_prefix(&want, prefix);
        fill_prefix(&got, prefix);
        assert_int_equal(
            ref_error_encode(&want, id_or_null, daemon, &err, &want_seq), 0);
        assert_int_equal(
            tp_error_encode(&got, id_or_null, daemon, &err, &got_seq), 0);
        assert_same_bytes(&want, want_seq, &got, got_seq, prefix);
        msgpack_sbuffer_destroy(&want);
        msgpack_sbuffer_destroy(&got);
        tp_arena_reset(&a);
    }
    tp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_documents),
        cmocka_unit_test(test_big_documents),
        cmocka_unit_test(test_header_boundaries),
        cmocka_unit_test(test_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
