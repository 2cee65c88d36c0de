/*
 * encode.c - writes what the daemon publishes: the result map of a
 * processed document, the error map of a refused or failed one, and the
 * topic frame in front of both (PROTOCOL.md, "Results" and "Errors").
 * `seq` is written in the fixed 9-byte form so the publisher can number a
 * message after it is encoded, in publication order, by patching 8 bytes.
 * Stage output is not trusted to be well formed: spans are clamped to the
 * text and widened to whole characters, and strings are made valid UTF-8,
 * because one bad byte would make a strict subscriber drop the result.
 */
#include <stdio.h>
#include <string.h>

#include "textpipe/tp_protocol.h"

#define SEQ_TYPE_BYTE 0xcf /* uint 64 */

/* Every helper returns 0, or -1 when the buffer could not grow: the
 * callers chain them with || and give up at the first failure. */

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

void tp_msg_patch_seq(void *buf, size_t offset, uint64_t seq)
{
    unsigned char *p = (unsigned char *)buf + offset;
    int i;

    for (i = 7; i >= 0; i--) {
        p[i] = (unsigned char)(seq & 0xff);
        seq >>= 8;
    }
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
int tp_result_encode(msgpack_sbuffer *out, const tp_docbuf *d,
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

int tp_error_encode(msgpack_sbuffer *out, const tp_str *id,
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

/* The topic is checked at decode time; here it is only bounded, so a
 * hand-made tp_str cannot overrun `buf`. */
size_t tp_topic_format(char *buf, size_t cap, int is_error, const tp_str *topic)
{
    const char *base = is_error ? "error" : "result";
    int n;

    if (!buf || cap == 0)
        return 0;
    if (topic && topic->ptr && topic->len > 0 &&
        topic->len <= TP_TOPIC_MAX_BYTES)
        n = snprintf(buf, cap, "%s.%.*s", base, (int)topic->len, topic->ptr);
    else
        n = snprintf(buf, cap, "%s", base);
    if (n < 0)
        n = 0;
    return (size_t)n < cap ? (size_t)n : cap - 1;
}
