/*
 * mpwrite.h - a MessagePack writer for the encoder: values are written
 * straight into a msgpack_sbuffer through inline functions that pick the
 * same forms as msgpack-c's packer (the smallest int, str, array and map
 * headers), so the bytes are those msgpack_pack_* would give, without a
 * call and a buffer check per value. Internal to the protocol library.
 */
#ifndef TEXTPIPE_MPWRITE_H
#define TEXTPIPE_MPWRITE_H

#include <stdint.h>
#include <string.h>

#include "textpipe/tp_protocol.h"

/* The most bytes a header or a number takes (0xcf and 8 bytes). */
#define MPW_MAX_HEAD 9

/*
 * The output cursor: bytes go at `p`, up to `end`, the end of out's
 * allocation. A failed grow sets `failed`; later writes are skipped, so a
 * builder need not check every value: tp_mpw_close looks once, at the end.
 */
typedef struct tp_mpw {
    msgpack_sbuffer *out;
    unsigned char *p;
    unsigned char *end;
    size_t start; /* out->size when opened */
    int failed;
} tp_mpw;

/* Starts appending to `out` with room for `estimate` bytes. Returns 0, or
 * -1 (out untouched) when that much memory cannot be had. */
int tp_mpw_open(tp_mpw *w, msgpack_sbuffer *out, size_t estimate);

/* Sets out->size to what was written and returns 0; or, after a failed
 * grow, takes back what was appended and returns -1. */
int tp_mpw_close(tp_mpw *w);

/* Grows out's buffer until n more bytes fit after p: 1, or 0 (failed). */
int tp_mpw_grow(tp_mpw *w, size_t n);

/* A string from a stage or a producer: written as is when it is valid
 * UTF-8, else with one U+FFFD for each invalid byte. p may be NULL. */
void tp_mpw_text(tp_mpw *w, const char *p, size_t n);

/* As msgpack_pack_int64 writes it. */
void tp_mpw_int(tp_mpw *w, int64_t v);

static inline int mpw_room(tp_mpw *w, size_t n)
{
    return (size_t)(w->end - w->p) >= n || tp_mpw_grow(w, n);
}

/* Room for `count` items of `size` bytes and `extra` more; a size that
 * does not even fit in a size_t fails the writer like a failed grow. */
static inline int mpw_room_for(tp_mpw *w, size_t count, size_t size,
                               size_t extra)
{
    if (count > (SIZE_MAX - extra) / size) {
        w->failed = 1;
        return 0;
    }
    return mpw_room(w, count * size + extra);
}

static inline void mpw_store16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static inline void mpw_store32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static inline void mpw_store64(unsigned char *p, uint64_t v)
{
    mpw_store32(p, (uint32_t)(v >> 32));
    mpw_store32(p + 4, (uint32_t)v);
}

/*
 * The writers come in two kinds. mp_*(p, ...) write at p without looking
 * at the buffer's end and return the new end: for a run of values whose
 * room was made at once (MPW_MAX_HEAD bytes each, keys their length + 1).
 * mpw_*(w, ...) make their own room first and advance w->p.
 */

static inline unsigned char *mp_uint(unsigned char *p, uint64_t v)
{
    if (v < 0x80) {
        p[0] = (unsigned char)v;
        return p + 1;
    }
    if (v < 0x100) {
        p[0] = 0xcc;
        p[1] = (unsigned char)v;
        return p + 2;
    }
    if (v < 0x10000) {
        p[0] = 0xcd;
        mpw_store16(p + 1, (uint16_t)v);
        return p + 3;
    }
    if (v <= UINT32_MAX) {
        p[0] = 0xce;
        mpw_store32(p + 1, (uint32_t)v);
        return p + 5;
    }
    p[0] = 0xcf;
    mpw_store64(p + 1, v);
    return p + 9;
}

static inline unsigned char *mp_double(unsigned char *p, double d)
{
    uint64_t bits;

    memcpy(&bits, &d, sizeof(bits));
    p[0] = 0xcb;
    mpw_store64(p + 1, bits);
    return p + 9;
}

/* An array or map header: `fix` | n below 16, else the 16- or 32-bit form
 * (tag16, tag16 + 1). */
static inline unsigned char *mp_header(unsigned char *p, unsigned char fix,
                                       unsigned char tag16, size_t n)
{
    if (n < 16) {
        p[0] = (unsigned char)(fix | n);
        return p + 1;
    }
    if (n < 0x10000) {
        p[0] = tag16;
        mpw_store16(p + 1, (uint16_t)n);
        return p + 3;
    }
    p[0] = (unsigned char)(tag16 + 1);
    mpw_store32(p + 1, (uint32_t)n);
    return p + 5;
}

static inline unsigned char *mp_array(unsigned char *p, size_t n)
{
    return mp_header(p, 0x90, 0xdc, n);
}

static inline unsigned char *mp_map(unsigned char *p, size_t n)
{
    return mp_header(p, 0x80, 0xde, n);
}

static inline unsigned char *mp_str_head(unsigned char *p, size_t n)
{
    if (n < 32) {
        p[0] = (unsigned char)(0xa0 | n);
        return p + 1;
    }
    if (n < 0x100) {
        p[0] = 0xd9;
        p[1] = (unsigned char)n;
        return p + 2;
    }
    if (n < 0x10000) {
        p[0] = 0xda;
        mpw_store16(p + 1, (uint16_t)n);
        return p + 3;
    }
    p[0] = 0xdb;
    mpw_store32(p + 1, (uint32_t)n);
    return p + 5;
}

static inline unsigned char *mp_fixstr(unsigned char *p, const char *s,
                                       size_t n)
{
    p[0] = (unsigned char)(0xa0 | n);
    memcpy(p + 1, s, n);
    return p + 1 + n;
}

/* A key: a string literal under 32 bytes, so its header is one byte and
 * the copy has a constant length. */
#define mp_key(p, lit) mp_fixstr((p), (lit), sizeof(lit) - 1)
#define mpw_key(w, lit) mpw_fixstr((w), (lit), sizeof(lit) - 1)

static inline void mpw_byte(tp_mpw *w, unsigned char b)
{
    if (mpw_room(w, 1))
        *w->p++ = b;
}

static inline void mpw_raw(tp_mpw *w, const void *bytes, size_t n)
{
    if (n && mpw_room(w, n)) {
        memcpy(w->p, bytes, n);
        w->p += n;
    }
}

static inline void mpw_nil(tp_mpw *w)
{
    mpw_byte(w, 0xc0);
}

/* The smallest form, as msgpack_pack_uint32 and _uint64 write it. */
static inline void mpw_uint(tp_mpw *w, uint64_t v)
{
    if (mpw_room(w, MPW_MAX_HEAD))
        w->p = mp_uint(w->p, v);
}

static inline void mpw_double(tp_mpw *w, double d)
{
    if (mpw_room(w, 9))
        w->p = mp_double(w->p, d);
}

static inline void mpw_array(tp_mpw *w, size_t n)
{
    if (mpw_room(w, 5))
        w->p = mp_array(w->p, n);
}

static inline void mpw_map(tp_mpw *w, size_t n)
{
    if (mpw_room(w, 5))
        w->p = mp_map(w->p, n);
}

/* A string written as it is: valid UTF-8, or trusted like daemon_id. */
static inline void mpw_str(tp_mpw *w, const char *s, size_t n)
{
    if (!mpw_room_for(w, n, 1, 5))
        return;
    w->p = mp_str_head(w->p, n);
    if (n)
        memcpy(w->p, s, n);
    w->p += n;
}

static inline void mpw_cstr(tp_mpw *w, const char *s)
{
    mpw_str(w, s ? s : "", s ? strlen(s) : 0);
}

static inline void mpw_fixstr(tp_mpw *w, const char *s, size_t n)
{
    if (mpw_room(w, 1 + n))
        w->p = mp_fixstr(w->p, s, n);
}

#endif /* TEXTPIPE_MPWRITE_H */
