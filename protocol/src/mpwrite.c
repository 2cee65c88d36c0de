/*
 * mpwrite.c - the out-of-line half of the MessagePack writer (mpwrite.h):
 * growing the buffer, strings that must be made valid UTF-8, and the rare
 * signed integers.
 */
#include <stdlib.h>

#include "mpwrite.h"

#define MIN_ALLOC ((size_t)8192) /* msgpack_sbuffer's first size */

/* Makes out's allocation hold n more bytes after `used`, doubling it (with
 * realloc, as msgpack_sbuffer_write does, so the owner frees it as
 * before). 0, or -1 when out of memory. */
static int reserve(msgpack_sbuffer *out, size_t used, size_t n)
{
    size_t cap = out->alloc > MIN_ALLOC ? out->alloc : MIN_ALLOC;
    char *data;

    if (out->data && out->alloc - used >= n)
        return 0;
    if (n > SIZE_MAX - used)
        return -1;
    while (cap - used < n) {
        if (cap > SIZE_MAX / 2) {
            cap = used + n;
            break;
        }
        cap *= 2;
    }
    data = realloc(out->data, cap);
    if (!data)
        return -1;
    out->data = data;
    out->alloc = cap;
    return 0;
}

/* Past this, out->data is never NULL, so p and end are real pointers. */
int tp_mpw_open(tp_mpw *w, msgpack_sbuffer *out, size_t estimate)
{
    memset(w, 0, sizeof(*w));
    if (reserve(out, out->size, estimate ? estimate : 1) != 0)
        return -1;
    w->out = out;
    w->start = out->size;
    w->p = (unsigned char *)out->data + out->size;
    w->end = (unsigned char *)out->data + out->alloc;
    return 0;
}

int tp_mpw_close(tp_mpw *w)
{
    if (w->failed) {
        w->out->size = w->start;
        return -1;
    }
    w->out->size = (size_t)(w->p - (unsigned char *)w->out->data);
    return 0;
}

int tp_mpw_grow(tp_mpw *w, size_t n)
{
    size_t used = (size_t)(w->p - (unsigned char *)w->out->data);

    if (w->failed || reserve(w->out, used, n) != 0) {
        w->failed = 1;
        return 0;
    }
    w->p = (unsigned char *)w->out->data + used;
    w->end = (unsigned char *)w->out->data + w->out->alloc;
    return 1;
}

/* Copies the valid runs of [p, p+n) to dst and one U+FFFD per invalid
 * byte; returns the length written (or only measured, when dst is NULL). */
static size_t copy_replacing(unsigned char *dst, const char *p, size_t n)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    size_t i = 0, run, bad, total = 0;

    while (i < n) {
        run = tp_utf8_valid(p + i, n - i, &bad) ? n - i : bad;
        if (dst && run)
            memcpy(dst + total, p + i, run);
        total += run;
        i += run;
        if (i < n) {
            if (dst)
                memcpy(dst + total, replacement, 3);
            total += 3;
            i++;
        }
    }
    return total;
}

void tp_mpw_text(tp_mpw *w, const char *p, size_t n)
{
    size_t len;

    if (!p)
        n = 0;
    if (tp_utf8_valid(p, n, NULL)) {
        mpw_str(w, p, n);
        return;
    }
    len = copy_replacing(NULL, p, n);
    if (!mpw_room_for(w, len, 1, 5))
        return;
    w->p = mp_str_head(w->p, len);
    w->p += copy_replacing(w->p, p, n);
}

/* Non-negative values take the unsigned forms, as in msgpack-c. */
void tp_mpw_int(tp_mpw *w, int64_t v)
{
    unsigned char *p;

    if (v >= 0) {
        mpw_uint(w, (uint64_t)v);
        return;
    }
    if (!mpw_room(w, MPW_MAX_HEAD))
        return;
    p = w->p;
    if (v >= -32) {
        p[0] = (unsigned char)v; /* negative fixint */
        w->p += 1;
    } else if (v >= INT8_MIN) {
        p[0] = 0xd0;
        p[1] = (unsigned char)v;
        w->p += 2;
    } else if (v >= INT16_MIN) {
        p[0] = 0xd1;
        mpw_store16(p + 1, (uint16_t)v);
        w->p += 3;
    } else if (v >= INT32_MIN) {
        p[0] = 0xd2;
        mpw_store32(p + 1, (uint32_t)v);
        w->p += 5;
    } else {
        p[0] = 0xd3;
        mpw_store64(p + 1, (uint64_t)v);
        w->p += 9;
    }
}
