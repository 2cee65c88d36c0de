/*
 * json_out.c - the JSON writer of the client: a msgpack_object in, compact
 * RFC 8259 JSON out, appended to a growable buffer. Whatever a socket
 * delivered is written as valid JSON (a consumer like jq never chokes):
 * strings are escaped and ill-formed UTF-8 is replaced by U+FFFD, floats
 * are written with the fewest digits that read back to the same value,
 * NaN and infinities become null, bin becomes base64 or a byte array, ext
 * becomes {"type","data"}, and map keys that are not strings are written
 * as the string of their JSON text. Nesting is capped so a hostile message
 * cannot exhaust the stack.
 */
#include "json_out.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_buf_init(json_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void json_buf_reset(json_buf *b)
{
    b->len = 0;
    b->oom = 0;
    if (b->data)
        b->data[0] = '\0';
}

void json_buf_free(json_buf *b)
{
    free(b->data);
    json_buf_init(b);
}

/* Make room for `n` more bytes and the NUL; sets oom on failure. */
static int json_buf_reserve(json_buf *b, size_t n)
{
    size_t need, cap;
    char *p;

    if (b->oom)
        return -1;
    if (n > SIZE_MAX - b->len - 1) {
        b->oom = 1;
        return -1;
    }
    need = b->len + n + 1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void json_buf_append(json_buf *b, const char *s, size_t n)
{
    if (json_buf_reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void json_buf_putc(json_buf *b, char c)
{
    json_buf_append(b, &c, 1);
}

static void json_buf_puts(json_buf *b, const char *s)
{
    json_buf_append(b, s, strlen(s));
}

void json_out_opts_default(json_out_opts *opts)
{
    opts->bin = JSON_BIN_BASE64;
    opts->max_depth = JSON_OUT_MAX_DEPTH;
}

int json_bin_style_parse(const char *s, json_bin_style *out)
{
    if (strcmp(s, "base64") == 0)
        *out = JSON_BIN_BASE64;
    else if (strcmp(s, "array") == 0)
        *out = JSON_BIN_ARRAY;
    else
        return -1;
    return 0;
}

/* ---- strings ------------------------------------------------------------ */

/*
 * Length of the well-formed UTF-8 sequence at s[0..n), or 0 when it is
 * ill-formed; then *skip is the length of its maximal subpart (the bytes
 * that one U+FFFD replaces: a valid prefix of a sequence that was cut
 * short, or 1). The ranges of the second byte exclude overlongs (E0, F0),
 * surrogates (ED) and code points above U+10FFFF (F4), as in Unicode's
 * table 3-7.
 */
static size_t utf8_sequence(const unsigned char *s, size_t n, size_t *skip)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need, i;

    *skip = 1;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 2;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 3;
    else
        return 0;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    for (i = 1; i <= need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *skip = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

void json_out_string(json_buf *b, const char *str, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, run = 0; /* s[run..i) is pending plain text */

    json_buf_putc(b, '"');
    while (i < n) {
        unsigned char c = s[i];
        char esc[7];
        size_t seq, skip;

        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            seq = utf8_sequence(s + i, n - i, &skip);
            if (seq) {
                i += seq;
                continue;
            }
        }
        json_buf_append(b, (const char *)s + run, i - run);
        if (c >= 0x80) {
            json_buf_append(b, "\xEF\xBF\xBD", 3); /* U+FFFD */
            i += skip;
        } else {
            switch (c) {
            case '"':
                json_buf_append(b, "\\\"", 2);
                break;
            case '\\':
                json_buf_append(b, "\\\\", 2);
                break;
            case '\b':
                json_buf_append(b, "\\b", 2);
                break;
            case '\f':
                json_buf_append(b, "\\f", 2);
                break;
            case '\n':
                json_buf_append(b, "\\n", 2);
                break;
            case '\r':
                json_buf_append(b, "\\r", 2);
                break;
            case '\t':
                json_buf_append(b, "\\t", 2);
                break;
            default:
                memcpy(esc, "\\u00", 4);
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                json_buf_append(b, esc, 6);
            }
            i++;
        }
        run = i;
    }
    json_buf_append(b, (const char *)s + run, i - run);
    json_buf_putc(b, '"');
}

/* ---- numbers ------------------------------------------------------------ */

/*
 * The shortest "%.Ng" that reads back as the same value: 15 digits are
 * exact for any double that has at most 15 significant digits (DBL_DIG),
 * 17 always round-trip. A float32 is tried from 6 digits (FLT_DIG) and
 * checked as a float, so 0.1f prints as 0.1, not 0.10000000149011612.
 * A result without '.' or an exponent gets ".0" so readers keep a float.
 */
static void json_out_double(json_buf *b, double d, int is_float32)
{
    char text[40];
    int digits;

    if (!isfinite(d)) {
        json_buf_puts(b, "null");
        return;
    }
    for (digits = is_float32 ? 6 : 15;; digits++) {
        snprintf(text, sizeof(text), "%.*g", digits, d);
        if (digits >= 17)
            break;
        if (is_float32 ? strtof(text, NULL) == (float)d
                       : strtod(text, NULL) == d)
            break;
    }
    json_buf_puts(b, text);
    if (!strpbrk(text, ".e"))
        json_buf_append(b, ".0", 2);
}

/* ---- bin ---------------------------------------------------------------- */

static void json_out_base64_body(json_buf *b, const unsigned char *s, size_t n)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char quad[4];
    size_t i;

    for (i = 0; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
        quad[0] = alphabet[v >> 18];
        quad[1] = alphabet[(v >> 12) & 63];
        quad[2] = alphabet[(v >> 6) & 63];
        quad[3] = alphabet[v & 63];
        json_buf_append(b, quad, 4);
    }
    if (i < n) {
        uint32_t v = (uint32_t)s[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)s[i + 1] << 8;
        quad[0] = alphabet[v >> 18];
        quad[1] = alphabet[(v >> 12) & 63];
        quad[2] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
        quad[3] = '=';
        json_buf_append(b, quad, 4);
    }
}

static void json_out_bin(json_buf *b, const char *ptr, size_t n,
                         json_bin_style style)
{
    const unsigned char *s = (const unsigned char *)ptr;
    char num[8];
    size_t i;

    if (style == JSON_BIN_ARRAY) {
        json_buf_putc(b, '[');
        for (i = 0; i < n; i++) {
            int len = snprintf(num, sizeof(num), i ? ",%u" : "%u", s[i]);
            json_buf_append(b, num, (size_t)len);
        }
        json_buf_putc(b, ']');
        return;
    }
    json_buf_putc(b, '"');
    json_out_base64_body(b, s, n);
    json_buf_putc(b, '"');
}

/* ---- values ------------------------------------------------------------- */

typedef struct json_writer {
    json_buf *out;
    const json_out_opts *opts;
    char *err;
    size_t err_len;
} json_writer;

static int write_value(json_writer *w, const msgpack_object *o, int depth);

/*
 * A map key as a JSON string: a str as it is; a bin as its base64 (or
 * array) text; anything else as the string of its compact JSON text (7 ->
 * "7", nil -> "null", [1,2] -> "[1,2]"), so no key is lost.
 */
static int write_key(json_writer *w, const msgpack_object *key, int depth)
{
    json_buf text;
    json_writer sub = *w;
    int rc;

    if (key->type == MSGPACK_OBJECT_STR) {
        json_out_string(w->out, key->via.str.ptr, key->via.str.size);
        return 0;
    }
    json_buf_init(&text);
    sub.out = &text;
    rc = 0;
    if (key->type == MSGPACK_OBJECT_BIN && w->opts->bin == JSON_BIN_BASE64)
        json_out_base64_body(&text, (const unsigned char *)key->via.bin.ptr,
                             key->via.bin.size);
    else
        rc = write_value(&sub, key, depth);
    if (rc == 0 && text.oom) {
        snprintf(w->err, w->err_len, "out of memory");
        rc = -1;
    }
    if (rc == 0)
        json_out_string(w->out, text.data ? text.data : "", text.len);
    json_buf_free(&text);
    return rc;
}

static int write_members(json_writer *w, const msgpack_object_map *map,
                         int depth, int first)
{
    uint32_t i;

    for (i = 0; i < map->size; i++) {
        if (!first || i > 0)
            json_buf_putc(w->out, ',');
        if (write_key(w, &map->ptr[i].key, depth) != 0)
            return -1;
        json_buf_putc(w->out, ':');
        if (write_value(w, &map->ptr[i].val, depth) != 0)
            return -1;
    }
    return 0;
}

static int write_value(json_writer *w, const msgpack_object *o, int depth)
{
    char num[32];
    uint32_t i;
    int len;

    if (depth >= w->opts->max_depth) {
        snprintf(w->err, w->err_len, "nested deeper than %d levels",
                 w->opts->max_depth);
        return -1;
    }
    switch (o->type) {
    case MSGPACK_OBJECT_NIL:
        json_buf_puts(w->out, "null");
        break;
    case MSGPACK_OBJECT_BOOLEAN:
        json_buf_puts(w->out, o->via.boolean ? "true" : "false");
        break;
    case MSGPACK_OBJECT_POSITIVE_INTEGER:
        len = snprintf(num, sizeof(num), "%" PRIu64, o->via.u64);
        json_buf_append(w->out, num, (size_t)len);
        break;
    case MSGPACK_OBJECT_NEGATIVE_INTEGER:
        len = snprintf(num, sizeof(num), "%" PRId64, o->via.i64);
        json_buf_append(w->out, num, (size_t)len);
        break;
    case MSGPACK_OBJECT_FLOAT32:
        json_out_double(w->out, o->via.f64, 1);
        break;
    case MSGPACK_OBJECT_FLOAT64:
        json_out_double(w->out, o->via.f64, 0);
        break;
    case MSGPACK_OBJECT_STR:
        json_out_string(w->out, o->via.str.ptr, o->via.str.size);
        break;
    case MSGPACK_OBJECT_BIN:
        json_out_bin(w->out, o->via.bin.ptr, o->via.bin.size, w->opts->bin);
        break;
    case MSGPACK_OBJECT_EXT:
        len = snprintf(num, sizeof(num),
                       "{\"type\":%d,\"data\":", (int)o->via.ext.type);
        json_buf_append(w->out, num, (size_t)len);
        json_out_bin(w->out, o->via.ext.ptr, o->via.ext.size, w->opts->bin);
        json_buf_putc(w->out, '}');
        break;
    case MSGPACK_OBJECT_ARRAY:
        json_buf_putc(w->out, '[');
        for (i = 0; i < o->via.array.size; i++) {
            if (i > 0)
                json_buf_putc(w->out, ',');
            if (write_value(w, &o->via.array.ptr[i], depth + 1) != 0)
                return -1;
        }
        json_buf_putc(w->out, ']');
        break;
    case MSGPACK_OBJECT_MAP:
        json_buf_putc(w->out, '{');
        if (write_members(w, &o->via.map, depth + 1, 1) != 0)
            return -1;
        json_buf_putc(w->out, '}');
        break;
    default:
        snprintf(w->err, w->err_len, "unknown MessagePack type %d",
                 (int)o->type);
        return -1;
    }
    if (w->out->oom) {
        snprintf(w->err, w->err_len, "out of memory");
        return -1;
    }
    return 0;
}

int json_out_value(json_buf *b, const msgpack_object *obj,
                   const json_out_opts *opts, char *err, size_t err_len)
{
    json_writer w = {b, opts, err, err_len};
    return write_value(&w, obj, 0);
}

int json_out_map_with_first(json_buf *b, const char *key, const char *str,
                            size_t str_len, const msgpack_object *map,
                            const json_out_opts *opts, char *err,
                            size_t err_len)
{
    json_writer w = {b, opts, err, err_len};

    if (map->type != MSGPACK_OBJECT_MAP) {
        snprintf(err, err_len, "not a map");
        return -1;
    }
    json_buf_putc(b, '{');
    json_out_string(b, key, strlen(key));
    json_buf_putc(b, ':');
    json_out_string(b, str, str_len);
    if (write_members(&w, &map->via.map, 1, 0) != 0)
        return -1;
    json_buf_putc(b, '}');
    if (b->oom) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    return 0;
}
