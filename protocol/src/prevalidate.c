/*
 * prevalidate.c - a walk over a MessagePack buffer that allocates nothing
 * and proves it is safe to hand to msgpack_unpack. msgpack-c allocates a
 * container's elements before it reads them, so a 5-byte `dd ff ff ff ff`
 * would ask it for about 96 GB; and it reports nesting past its fixed stack
 * as out-of-memory. This scan rejects, with the byte offset of the culprit,
 * every length or count the remaining bytes cannot hold, nesting deeper
 * than TP_MAX_DEPTH, the never-used byte 0xc1, a truncated object and
 * bytes after the one object. After it passes, unpacking allocates at most
 * a small multiple of the message size.
 */
#include <inttypes.h>
#include <stdint.h>

#include "textpipe/tp_protocol.h"

/* What one header says: how many bytes it takes itself, how many payload
 * bytes follow it (str/bin/ext), and for containers how many objects. */
typedef struct header {
    const char *what;  /* "str", "map", ... for messages */
    size_t head_len;   /* type byte plus length/count bytes */
    uint64_t payload;  /* raw bytes after the header */
    uint64_t children; /* objects inside (2 per map entry) */
    uint64_t entries;  /* as written: array elements or map pairs */
    int is_container;
} header;

static uint64_t read_be(const unsigned char *p, size_t n)
{
    uint64_t v = 0;
    size_t i;

    for (i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

/* Headers whose size is fixed by the type byte: fix-types, nil, bool,
 * numbers and fixext. Returns 0 when `c` is not one of them. */
static int simple_header(unsigned char c, header *h)
{
    static const unsigned char fixext_len[5] = {1, 2, 4, 8, 16};

    h->head_len = 1;
    if (c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3) {
        h->what = "scalar";
    } else if (c <= 0x8f) {
        h->what = "map";
        h->is_container = 1;
        h->entries = c & 0x0f;
        h->children = h->entries * 2;
    } else if (c <= 0x9f) {
        h->what = "array";
        h->is_container = 1;
        h->entries = h->children = c & 0x0f;
    } else if (c <= 0xbf) {
        h->what = "str";
        h->payload = c & 0x1f;
    } else if (c == 0xca || c == 0xcb) {
        h->what = "float";
        h->payload = c == 0xca ? 4 : 8;
    } else if (c >= 0xcc && c <= 0xcf) {
        h->what = "uint";
        h->payload = (uint64_t)1 << (c - 0xcc);
    } else if (c >= 0xd0 && c <= 0xd3) {
        h->what = "int";
        h->payload = (uint64_t)1 << (c - 0xd0);
    } else if (c >= 0xd4 && c <= 0xd8) {
        h->what = "ext";
        h->payload = 1u + fixext_len[c - 0xd4]; /* type byte + data */
    } else {
        return 0;
    }
    return 1;
}

enum sized_kind { SIZED_BYTES, SIZED_EXT, SIZED_ARRAY, SIZED_MAP };

/* Headers followed by a big-endian length or count of `width` bytes. */
static const struct sized_type {
    unsigned char byte;
    unsigned char width;
    unsigned char kind; /* enum sized_kind */
    const char *what;
} sized_types[] = {
    {0xc4, 1, SIZED_BYTES, "bin"},   {0xc5, 2, SIZED_BYTES, "bin"},
    {0xc6, 4, SIZED_BYTES, "bin"},   {0xc7, 1, SIZED_EXT, "ext"},
    {0xc8, 2, SIZED_EXT, "ext"},     {0xc9, 4, SIZED_EXT, "ext"},
    {0xd9, 1, SIZED_BYTES, "str"},   {0xda, 2, SIZED_BYTES, "str"},
    {0xdb, 4, SIZED_BYTES, "str"},   {0xdc, 2, SIZED_ARRAY, "array"},
    {0xdd, 4, SIZED_ARRAY, "array"}, {0xde, 2, SIZED_MAP, "map"},
    {0xdf, 4, SIZED_MAP, "map"},
};

static const struct sized_type *sized_type_of(unsigned char c)
{
    size_t i;

    for (i = 0; i < sizeof(sized_types) / sizeof(sized_types[0]); i++)
        if (sized_types[i].byte == c)
            return &sized_types[i];
    return NULL;
}

/* Fills h from a sized header whose bytes p[0..1+width) are present. */
static void sized_header(const unsigned char *p, const struct sized_type *t,
                         header *h)
{
    uint64_t n = read_be(p + 1, t->width);

    h->what = t->what;
    h->head_len = 1u + t->width;
    switch (t->kind) {
    case SIZED_ARRAY:
        h->is_container = 1;
        h->entries = h->children = n;
        break;
    case SIZED_MAP:
        h->is_container = 1;
        h->entries = n;
        h->children = n * 2; /* n < 2^32: no overflow */
        break;
    case SIZED_EXT:
        h->payload = n + 1; /* the type byte, then n bytes of data */
        break;
    default:
        h->payload = n;
        break;
    }
}

int tp_msgpack_prevalidate(const void *data, size_t len, tp_error *err)
{
    const unsigned char *s = data;
    uint64_t pending[TP_MAX_DEPTH]; /* objects still due in each container */
    size_t depth = 0, pos = 0, rest;
    header h;

    if (len == 0) {
        tp_error_set(err, TP_E_BAD_MSGPACK, "empty message");
        return -1;
    }
    for (;;) {
        size_t at = pos;

        if (pos >= len) {
            tp_error_set(err, TP_E_BAD_MSGPACK,
                         "truncated: the message ends at byte %zu inside "
                         "a container nested %zu deep",
                         len, depth);
            return -1;
        }
        h = (header){0};
        if (s[pos] == 0xc1) {
            tp_error_set(err, TP_E_BAD_MSGPACK,
                         "invalid type byte 0xc1 at byte %zu", at);
            return -1;
        }
        if (!simple_header(s[pos], &h)) {
            /* Every byte but 0xc1 is a simple or a sized header. */
            const struct sized_type *t = sized_type_of(s[pos]);

            if (!t || 1u + t->width > len - pos) {
                tp_error_set(err, TP_E_BAD_MSGPACK,
                             "truncated %s header at byte %zu",
                             t ? t->what : "unknown", at);
                return -1;
            }
            sized_header(s + pos, t, &h);
        }
        pos += h.head_len;
        rest = len - pos;
        if (h.payload > rest) {
            tp_error_set(err, TP_E_BAD_MSGPACK,
                         "truncated %s at byte %zu: %" PRIu64
                         " bytes needed, %zu left",
                         h.what, at, h.payload, rest);
            return -1;
        }
        pos += (size_t)h.payload;
        if (h.is_container) {
            if (depth >= TP_MAX_DEPTH) {
                tp_error_set(err, TP_E_TOO_DEEP,
                             "%s at byte %zu is nested deeper than %d", h.what,
                             at, TP_MAX_DEPTH);
                return -1;
            }
            /* Each object takes at least one byte. */
            if (h.children > rest) {
                tp_error_set(err, TP_E_BAD_MSGPACK,
                             "%s at byte %zu claims %" PRIu64
                             " entries in %zu bytes",
                             h.what, at, h.entries, rest);
                return -1;
            }
            if (h.children > 0) {
                pending[depth++] = h.children;
                continue;
            }
        }
        /* One object is complete: close every container it completes. */
        while (depth > 0 && --pending[depth - 1] == 0)
            depth--;
        if (depth == 0)
            break;
    }
    if (pos != len) {
        tp_error_set(err, TP_E_BAD_MSGPACK,
                     "trailing bytes after the document (%zu bytes at %zu)",
                     len - pos, pos);
        return -1;
    }
    return 0;
}
