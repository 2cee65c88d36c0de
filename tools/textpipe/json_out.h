/*
 * json_out.h - write a msgpack_object as JSON (RFC 8259) into a growable
 * buffer: what `textpipe watch` and `textpipe analyze` print, one object
 * per line. Safe on anything a socket delivers: nesting is capped, strings
 * are escaped and invalid UTF-8 becomes U+FFFD, floats round-trip (NaN and
 * infinities become null), bin is base64 (or an array of byte values), and
 * map keys that are not strings are written as strings.
 */
#ifndef TEXTPIPE_JSON_OUT_H
#define TEXTPIPE_JSON_OUT_H

#include <stddef.h>

#include <msgpack.h>

/* Output text. `oom` is set when a write could not grow the buffer; the
 * contents are then incomplete. */
typedef struct json_buf {
    char *data; /* malloc'd, NUL-terminated when len > 0; owned */
    size_t len;
    size_t cap;
    int oom;
} json_buf;

void json_buf_init(json_buf *b);
void json_buf_reset(json_buf *b); /* len = 0, keeps the memory */
void json_buf_free(json_buf *b);
void json_buf_append(json_buf *b, const char *s, size_t n);

typedef enum json_bin_style {
    JSON_BIN_BASE64 = 0, /* "AAEC" (RFC 4648, padded) */
    JSON_BIN_ARRAY = 1   /* [0,1,2] */
} json_bin_style;

/* Deeper than this the writer refuses the object. Results nest a few
 * levels plus a producer's meta (at most TP_MAX_DEPTH). */
#define JSON_OUT_MAX_DEPTH 64

typedef struct json_out_opts {
    json_bin_style bin;
    int max_depth;
} json_out_opts;

void json_out_opts_default(json_out_opts *opts);

/* Append `obj` as compact JSON. Returns 0; or -1 (too deep, or out of
 * memory) with a message in err, leaving partial output in b. */
int json_out_value(json_buf *b, const msgpack_object *obj,
                   const json_out_opts *opts, char *err, size_t err_len);

/* Append `map` as a JSON object whose first member is "key": "str" (watch
 * puts the topic frame first). `map` must be a map. */
int json_out_map_with_first(json_buf *b, const char *key, const char *str,
                            size_t str_len, const msgpack_object *map,
                            const json_out_opts *opts, char *err,
                            size_t err_len);

/* Append bytes as a JSON string: escaped, invalid UTF-8 replaced by
 * U+FFFD (one per maximal ill-formed subpart, as Unicode recommends). */
void json_out_string(json_buf *b, const char *s, size_t n);

/* Parse "base64" / "array" (the --bin option); 0, or -1 when unknown. */
int json_bin_style_parse(const char *s, json_bin_style *out);

#endif /* TEXTPIPE_JSON_OUT_H */
