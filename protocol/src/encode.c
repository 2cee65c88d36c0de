/*
 * encode.c - writes what the daemon publishes: the result map of a
 * processed document, the error map of a refused or failed one, and the
 * topic frame in front of both (PROTOCOL.md, "Results" and "Errors").
 * `seq` is written in the fixed 9-byte form so the publisher can number a
 * message after it is encoded, in publication order, by patching 8 bytes.
 * Stage output is not trusted to be well formed: spans are clamped to the
 * text and widened to whole characters, and strings are made valid UTF-8,
 * because one bad byte would make a strict subscriber drop the result.
 *
 * The bytes go straight into the caller's msgpack_sbuffer (mpwrite.h),
 * the same bytes msgpack-c's packer gives. The buffer is sized once from
 * the layers; it only grows when something is larger than foreseen (meta,
 * extras, replaced bytes).
 */
#include <string.h>

#include "mpwrite.h"

#define SEQ_TYPE_BYTE 0xcf /* uint 64 */
#define SPAN_BYTES 11      /* a span: fixarray, two uint32 */

/* The text that quote, cue and speaker slices are cut from. */
typedef struct text_view {
    const char *text; /* NULL when the document has none */
    size_t len;
    int checked; /* the very text the decoder found valid UTF-8 */
} text_view;

static void put_tp_str(tp_mpw *w, tp_str s)
{
    tp_mpw_text(w, s.ptr, s.len);
}

/* The length of a string in a fixed-size buffer that may lack its NUL. */
static size_t bounded_len(const char *s, size_t cap)
{
    const char *nul = memchr(s, '\0', cap);

    return nul ? (size_t)(nul - s) : cap;
}

static int is_continuation(const char *text, size_t i)
{
    return ((unsigned char)text[i] & 0xC0) == 0x80;
}

/* The text of a span, clamped to the text and widened to whole characters
 * so a span that splits a character still yields a valid string. */
static void put_slice(tp_mpw *w, const text_view *tv, tp_span span)
{
    size_t n = tv->text ? tv->len : 0;
    size_t s = span.start < n ? span.start : n;
    size_t e = span.end < s ? s : (span.end < n ? span.end : n);

    while (s > 0 && s < n && is_continuation(tv->text, s))
        s--;
    while (e < n && is_continuation(tv->text, e))
        e++;
    if (tv->checked)
        mpw_str(w, tv->text + s, e - s);
    else
        tp_mpw_text(w, n ? tv->text + s : NULL, e - s);
}

/*
 * The placeholder for `seq`: always 0xcf and 8 bytes, whatever the number,
 * so tp_msg_patch_seq can write the real one in place later.
 */
static void put_seq(tp_mpw *w, size_t *seq_offset)
{
    static const unsigned char placeholder[9] = {SEQ_TYPE_BYTE};

    mpw_key(w, "seq");
    if (seq_offset && mpw_room(w, sizeof(placeholder)))
        *seq_offset = (size_t)(w->p - (unsigned char *)w->out->data) + 1;
    mpw_raw(w, placeholder, sizeof(placeholder));
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

/* ---- the layers ---------------------------------------------------------- */

/* Room for the whole list is made at once: spans are the longest layers
 * a result usually carries. */
static void put_spans(tp_mpw *w, const tp_span *spans, size_t n)
{
    unsigned char *p;
    size_t i;

    if (!spans)
        n = 0;
    if (!mpw_room_for(w, n, SPAN_BYTES, 5))
        return;
    p = mp_array(w->p, n);
    for (i = 0; i < n; i++) {
        *p++ = 0x92; /* fixarray of 2 */
        p = mp_uint(p, spans[i].start);
        p = mp_uint(p, spans[i].end);
    }
    w->p = p;
}

/*
 * The tokens layer is the longest a result can carry. The wire names of
 * the first KIND_NAMES kinds are looked up once per result, each with its
 * str header in 16 zero-padded bytes copied with one fixed-size move, and
 * the tokens go in one run whose room (TOKEN_RUN_BYTES each, the padded
 * copy included) is made at once.
 */
#define KIND_NAMES 16
#define TOKEN_RUN_BYTES (1 + 5 + 5 + 16 + 5)

typedef struct kind_names {
    unsigned char bytes[KIND_NAMES][16]; /* fixstr header, name, zeros */
    unsigned char len[KIND_NAMES];       /* header and name */
} kind_names;

/* 0, or -1 when a name is too long for the padded copy. */
static int kind_names_init(kind_names *k)
{
    uint32_t i;

    for (i = 0; i < KIND_NAMES; i++) {
        const char *name = tp_token_kind_name(i);
        size_t n = strlen(name);

        if (n > 14)
            return -1;
        memset(k->bytes[i], 0, sizeof(k->bytes[i]));
        mp_fixstr(k->bytes[i], name, n);
        k->len[i] = (unsigned char)(1 + n);
    }
    return 0;
}

/* One token with checks, for kinds past the cached ones. */
static void put_token_checked(tp_mpw *w, const tp_token *t)
{
    mpw_byte(w, 0x94); /* fixarray of 4 */
    mpw_uint(w, t->start);
    mpw_uint(w, t->end);
    mpw_cstr(w, tp_token_kind_name(t->kind));
    mpw_uint(w, t->flags);
}

static void put_tokens(tp_mpw *w, const tp_doc *doc)
{
    size_t i, n = doc->tokens ? doc->n_tokens : 0;
    kind_names names;
    unsigned char *p;

    mpw_array(w, n);
    if (kind_names_init(&names) != 0) {
        for (i = 0; i < n; i++)
            put_token_checked(w, &doc->tokens[i]);
        return;
    }
    if (!mpw_room_for(w, n, TOKEN_RUN_BYTES, 0))
        return;
    p = w->p;
    for (i = 0; i < n; i++) {
        const tp_token *t = &doc->tokens[i];

        if (t->kind >= KIND_NAMES) {
            /* Rare: with checks, then room for the rest again. */
            w->p = p;
            put_token_checked(w, t);
            if (!mpw_room(w, (n - i) * TOKEN_RUN_BYTES))
                return;
            p = w->p;
            continue;
        }
        *p++ = 0x94; /* fixarray of 4 */
        p = mp_uint(p, t->start);
        p = mp_uint(p, t->end);
        memcpy(p, names.bytes[t->kind], 16);
        p += names.len[t->kind];
        p = mp_uint(p, t->flags);
    }
    w->p = p;
}

/* {target, label, score}, plus `quotes` at document level. */
static void put_stance(tp_mpw *w, const tp_stance *st, int with_quotes)
{
    uint32_t i, nq = st->quotes ? st->n_quotes : 0;

    mpw_map(w, with_quotes ? 4 : 3);
    mpw_key(w, "target");
    put_tp_str(w, st->target);
    mpw_key(w, "label");
    mpw_cstr(w, tp_stance_label_name(st->label));
    mpw_key(w, "score");
    mpw_double(w, st->score);
    if (!with_quotes)
        return;
    mpw_key(w, "quotes");
    mpw_array(w, nq);
    for (i = 0; i < nq; i++)
        mpw_uint(w, st->quotes[i]);
}

static void put_stance_list(tp_mpw *w, const tp_stance *st, size_t n,
                            int with_quotes)
{
    size_t i;

    if (!st)
        n = 0;
    mpw_array(w, n);
    for (i = 0; i < n; i++)
        put_stance(w, &st[i], with_quotes);
}

/*
 * A quote is written in runs of keys, numbers and headers between its
 * strings. Room for QUOTE_FIXED_BYTES, more than all of a quote's fixed
 * parts take together, is made at the start and again after each string
 * or name, so each run is written with the unchecked mp_* writers.
 */
#define QUOTE_FIXED_BYTES 256

static int quote_room(tp_mpw *w)
{
    return mpw_room(w, QUOTE_FIXED_BYTES);
}

static void put_cue(tp_mpw *w, const text_view *tv, const tp_quote *q)
{
    unsigned char *p;

    if (!(q->flags & TP_QUOTEF_HAS_CUE)) {
        p = mp_key(w->p, "cue");
        *p++ = 0xc0;
        p = mp_key(p, "cue_start");
        *p++ = 0xc0;
        p = mp_key(p, "cue_end");
        *p++ = 0xc0;
        w->p = p;
        return;
    }
    w->p = mp_key(w->p, "cue");
    put_slice(w, tv, q->cue);
    if (!quote_room(w))
        return;
    p = mp_key(w->p, "cue_start");
    p = mp_uint(p, q->cue.start);
    p = mp_key(p, "cue_end");
    w->p = mp_uint(p, q->cue.end);
}

/* `name` is nil when the stage resolved no canonical name. */
static void put_speaker(tp_mpw *w, const text_view *tv, const tp_quote *q)
{
    unsigned char *p = mp_key(w->p, "speaker");

    if (!(q->flags & TP_QUOTEF_HAS_SPEAKER)) {
        *p++ = 0xc0;
        w->p = p;
        return;
    }
    p = mp_map(p, 4);
    w->p = mp_key(p, "text");
    put_slice(w, tv, q->speaker);
    if (!quote_room(w))
        return;
    p = mp_key(w->p, "start");
    p = mp_uint(p, q->speaker.start);
    p = mp_key(p, "end");
    p = mp_uint(p, q->speaker.end);
    p = mp_key(p, "name");
    if (!q->speaker_name.ptr || q->speaker_name.len == 0) {
        *p++ = 0xc0;
        w->p = p;
        return;
    }
    w->p = p;
    put_tp_str(w, q->speaker_name);
}

static void put_quote(tp_mpw *w, const text_view *tv, const tp_quote *q)
{
    unsigned char *p;

    if (!quote_room(w))
        return;
    p = mp_map(w->p, 11);
    p = mp_key(p, "start");
    p = mp_uint(p, q->content.start);
    p = mp_key(p, "end");
    p = mp_uint(p, q->content.end);
    w->p = mp_key(p, "text");
    put_slice(w, tv, q->content);
    mpw_key(w, "kind");
    mpw_cstr(w, tp_quote_kind_name(q->kind));
    if (!quote_room(w))
        return;
    put_cue(w, tv, q);
    if (!quote_room(w))
        return;
    put_speaker(w, tv, q);
    if (!quote_room(w))
        return;
    p = mp_key(w->p, "confidence");
    p = mp_double(p, q->confidence);
    w->p = mp_key(p, "stance");
    put_stance_list(w, q->stance, q->n_stance, 0);
    mpw_key(w, "reporter");
    if (q->reporter == TP_REPORTER_UNSET)
        mpw_nil(w);
    else
        mpw_cstr(w, tp_reporter_name(q->reporter));
}

/* A slice of a text the decoder checked is valid as it is, once widened
 * to whole characters; any other text (a hand-made document) is checked
 * slice by slice. The pointer and length must both match: a stage may
 * have pointed the document elsewhere. */
static void put_quotes(tp_mpw *w, const tp_docbuf *d)
{
    const tp_doc *doc = &d->doc;
    size_t i, n = doc->quotes ? doc->n_quotes : 0;
    text_view tv = {doc->text, doc->text_len,
                    doc->text && doc->text == d->checked_text.ptr &&
                        doc->text_len == d->checked_text.len};

    mpw_array(w, n);
    for (i = 0; i < n; i++)
        put_quote(w, &tv, &doc->quotes[i]);
}

static void put_mentions(tp_mpw *w, const tp_doc *doc)
{
    size_t i, n = doc->mentions ? doc->n_mentions : 0;

    mpw_array(w, n);
    for (i = 0; i < n; i++) {
        const tp_mention *m = &doc->mentions[i];

        mpw_map(w, 3);
        mpw_key(w, "name");
        put_tp_str(w, m->name);
        mpw_key(w, "kind");
        mpw_cstr(w, tp_mention_kind_name(m->kind));
        mpw_key(w, "spans");
        put_spans(w, m->spans, m->n_spans);
    }
}

/* msgpack-c's packer writes meta (any object a producer sent) through
 * this callback, so it comes out exactly as msgpack_pack_object has it. */
static int write_packed(void *data, const char *buf, size_t len)
{
    tp_mpw *w = data;

    mpw_raw(w, buf, len);
    return w->failed ? -1 : 0;
}

static void put_meta(tp_mpw *w, const msgpack_object *meta)
{
    msgpack_packer pk;

    mpw_key(w, "meta");
    if (!meta) {
        mpw_map(w, 0);
        return;
    }
    msgpack_packer_init(&pk, w, write_packed);
    if (msgpack_pack_object(&pk, *meta) != 0)
        w->failed = 1;
}

static void put_value(tp_mpw *w, const tp_value *v)
{
    switch (v->type) {
    case TP_VAL_BOOL:
        mpw_byte(w, v->u.b ? 0xc3 : 0xc2);
        break;
    case TP_VAL_INT:
        tp_mpw_int(w, v->u.i);
        break;
    case TP_VAL_DOUBLE:
        mpw_double(w, v->u.d);
        break;
    case TP_VAL_STR:
        put_tp_str(w, v->u.s);
        break;
    case TP_VAL_MSGPACK:
        /* Checked by set_extra to be exactly one object: copy it as is. */
        mpw_raw(w, v->u.s.ptr, v->u.s.len);
        break;
    default:
        mpw_nil(w);
    }
}

static void put_extras(tp_mpw *w, const tp_docbuf *d)
{
    size_t i;

    mpw_key(w, "extra");
    mpw_map(w, d->n_extras);
    for (i = 0; i < d->n_extras; i++) {
        mpw_cstr(w, d->extras[i].key);
        put_value(w, &d->extras[i].value);
    }
}

/* Timings are keyed by stage name: "tokenize@1.0.0" -> "tokenize". */
static void put_timings(tp_mpw *w, const tp_result_info *info)
{
    size_t i, n = info->timings_us && info->pipeline ? info->n_stages : 0;

    mpw_key(w, "timings_us");
    mpw_map(w, n);
    for (i = 0; i < n; i++) {
        const char *label = info->pipeline[i] ? info->pipeline[i] : "";
        const char *at = strchr(label, '@');

        tp_mpw_text(w, label, at ? (size_t)(at - label) : strlen(label));
        mpw_uint(w, info->timings_us[i]);
    }
}

static void put_pipeline(tp_mpw *w, const tp_result_info *info)
{
    size_t i, n = info->pipeline ? info->n_stages : 0;

    mpw_key(w, "pipeline");
    mpw_array(w, n);
    for (i = 0; i < n; i++) {
        const char *label = info->pipeline[i] ? info->pipeline[i] : "";

        tp_mpw_text(w, label, strlen(label));
    }
}

/* v, id, seq, daemon: the head every message starts with. */
static void put_head(tp_mpw *w, size_t n_keys, const tp_str *id,
                     const char *daemon_id, size_t *seq_offset)
{
    mpw_map(w, n_keys);
    mpw_key(w, "v");
    mpw_uint(w, TP_PROTOCOL_VERSION);
    if (id) {
        mpw_key(w, "id");
        put_tp_str(w, *id);
    }
    put_seq(w, seq_offset);
    mpw_key(w, "daemon");
    mpw_cstr(w, daemon_id);
}

static void put_result(tp_mpw *w, const tp_docbuf *d,
                       const tp_result_info *info, size_t *seq_offset)
{
    const tp_doc *doc = &d->doc;
    size_t n_keys = 13 + (info->emit_tokens ? 1 : 0) + (d->n_extras ? 1 : 0);

    put_head(w, n_keys, &doc->id, info->daemon_id, seq_offset);
    put_meta(w, d->meta);
    put_pipeline(w, info);
    mpw_key(w, "text_bytes");
    mpw_uint(w, doc->text_len);
    mpw_key(w, "sentences");
    put_spans(w, doc->sentences, doc->n_sentences);
    mpw_key(w, "paragraphs");
    put_spans(w, doc->paragraphs, doc->n_paragraphs);
    if (info->emit_tokens) {
        mpw_key(w, "tokens");
        put_tokens(w, doc);
    }
    mpw_key(w, "quotes");
    put_quotes(w, d);
    mpw_key(w, "mentions");
    put_mentions(w, doc);
    mpw_key(w, "stance");
    put_stance_list(w, doc->stance, doc->n_stance, 1);
    if (d->n_extras)
        put_extras(w, d);
    put_timings(w, info);
}

/* ---- sizing -------------------------------------------------------------- */

/* Upper bounds of the fixed parts of one element, keys included. */
#define TOKEN_BYTES TOKEN_RUN_BYTES
#define STANCE_BYTES 64  /* target header, label, score, keys */
#define MENTION_BYTES 48 /* keys, headers, kind */
#define SLICE_SLACK 12   /* a slice widened to whole characters */
#define RESULT_BYTES 512 /* the head and the top-level keys */

/* A span's length in the text, widened as put_slice may widen it. */
static size_t slice_bound(const tp_doc *doc, tp_span s)
{
    size_t n = doc->text ? doc->text_len : 0;
    size_t start = s.start < n ? s.start : n;
    size_t end = s.end < n ? s.end : n;

    return (end > start ? end - start : 0) + SLICE_SLACK;
}

static size_t stance_bound(const tp_stance *st, size_t n, int with_quotes)
{
    size_t i, total = 0;

    for (i = 0; st && i < n; i++)
        total += STANCE_BYTES + (st[i].target.ptr ? st[i].target.len : 0) +
                 (with_quotes && st[i].quotes ? 5 * (size_t)st[i].n_quotes : 0);
    return total;
}

/*
 * The size of a result whose strings are all valid UTF-8 (nearly always),
 * so the buffer is allocated once: in the daemon every result starts from
 * an empty buffer, which would otherwise grow by copying, 8 KiB, 16 KiB,
 * ... Meta, extras and replaced bytes are not counted: tp_mpw_grow covers
 * them.
 */
static size_t result_bound(const tp_docbuf *d, const tp_result_info *info)
{
    const tp_doc *doc = &d->doc;
    size_t i, total = RESULT_BYTES + doc->id.len;

    if (info->daemon_id)
        total += strlen(info->daemon_id);
    for (i = 0; info->pipeline && i < info->n_stages; i++)
        total += 2 * (5 + (info->pipeline[i] ? strlen(info->pipeline[i]) : 0)) +
                 MPW_MAX_HEAD;
    total += SPAN_BYTES * ((doc->sentences ? doc->n_sentences : 0) +
                           (doc->paragraphs ? doc->n_paragraphs : 0));
    if (info->emit_tokens && doc->tokens)
        total += TOKEN_BYTES * doc->n_tokens;
    for (i = 0; doc->quotes && i < doc->n_quotes; i++) {
        const tp_quote *q = &doc->quotes[i];

        total += QUOTE_FIXED_BYTES + slice_bound(doc, q->content) +
                 stance_bound(q->stance, q->n_stance, 0);
        if (q->flags & TP_QUOTEF_HAS_CUE)
            total += slice_bound(doc, q->cue);
        if (q->flags & TP_QUOTEF_HAS_SPEAKER)
            total += slice_bound(doc, q->speaker) +
                     (q->speaker_name.ptr ? q->speaker_name.len : 0);
    }
    for (i = 0; doc->mentions && i < doc->n_mentions; i++) {
        const tp_mention *m = &doc->mentions[i];

        total += MENTION_BYTES + (m->name.ptr ? m->name.len : 0) +
                 (m->spans ? SPAN_BYTES * (size_t)m->n_spans : 0);
    }
    return total + stance_bound(doc->stance, doc->n_stance, 1);
}

/* ---- the public functions ----------------------------------------------- */

int tp_result_encode(msgpack_sbuffer *out, const tp_docbuf *d,
                     const tp_result_info *info, size_t *seq_offset)
{
    tp_mpw w;

    /* The bound only saves copies: when that much memory cannot be had at
     * once (stage output with absurd lengths), the buffer grows as it
     * goes, as msgpack_sbuffer_write would. */
    if (tp_mpw_open(&w, out, result_bound(d, info)) != 0 &&
        tp_mpw_open(&w, out, RESULT_BYTES) != 0)
        return -1;
    put_result(&w, d, info, seq_offset);
    return tp_mpw_close(&w);
}

int tp_error_encode(msgpack_sbuffer *out, const tp_str *id,
                    const char *daemon_id, const tp_error *err,
                    size_t *seq_offset)
{
    int has_stage = err->stage[0] != '\0';
    tp_mpw w;

    if (id && (!id->ptr || id->len == 0))
        id = NULL;
    if (tp_mpw_open(&w, out,
                    RESULT_BYTES + sizeof(err->message) + sizeof(err->stage) +
                        (id ? id->len : 0) +
                        (daemon_id ? strlen(daemon_id) : 0)) != 0)
        return -1;
    put_head(&w, id ? 5 : 4, id, daemon_id, seq_offset);
    mpw_key(&w, "error");
    mpw_map(&w, has_stage ? 3 : 2);
    mpw_key(&w, "code");
    mpw_cstr(&w, tp_errcode_name(err->code));
    mpw_key(&w, "message");
    tp_mpw_text(&w, err->message,
                bounded_len(err->message, sizeof(err->message)));
    if (has_stage) {
        mpw_key(&w, "stage");
        tp_mpw_text(&w, err->stage,
                    bounded_len(err->stage, sizeof(err->stage)));
    }
    return tp_mpw_close(&w);
}

/* Appends [s, s+n) at *used, as much as fits before the NUL. */
static void append_bounded(char *buf, size_t cap, size_t *used, const char *s,
                           size_t n)
{
    size_t room = cap - 1 - *used;

    if (n > room)
        n = room;
    memcpy(buf + *used, s, n);
    *used += n;
}

/* The topic is checked at decode time; here it is only bounded, so a
 * hand-made tp_str cannot overrun `buf` (and stops at a NUL). Plain
 * copies, not snprintf: this runs for every message. */
size_t tp_topic_format(char *buf, size_t cap, int is_error, const tp_str *topic)
{
    const char *base = is_error ? "error" : "result";
    size_t used = 0;

    if (!buf || cap == 0)
        return 0;
    append_bounded(buf, cap, &used, base, strlen(base));
    if (topic && topic->ptr && topic->len > 0 &&
        topic->len <= TP_TOPIC_MAX_BYTES) {
        append_bounded(buf, cap, &used, ".", 1);
        append_bounded(buf, cap, &used, topic->ptr,
                       bounded_len(topic->ptr, topic->len));
    }
    buf[used] = '\0';
    return used;
}
