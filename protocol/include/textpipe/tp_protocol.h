/*
 * tp_protocol.h - protocol v1 of textpipe (see protocol/PROTOCOL.md): the
 * document model on the host side, decoding and validating producer
 * messages, and encoding results and errors. Shared by the daemon and the
 * client; plugins never see it (they see tp_plugin.h).
 */
#ifndef TEXTPIPE_TP_PROTOCOL_H
#define TEXTPIPE_TP_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include <msgpack.h>

#include "textpipe/tp_plugin.h"

#define TP_PROTOCOL_VERSION 1

#define TP_ID_MAX_BYTES 256
#define TP_TOPIC_MAX_BYTES 128
#define TP_DEFAULT_MAX_DOC_BYTES (4u * 1024u * 1024u)
#define TP_MAX_DEPTH 16          /* nesting of containers in a message */
#define TP_MAX_TARGETS 64
#define TP_MAX_ALIASES 64
#define TP_ERROR_MESSAGE_MAX 256
#define TP_EXTRA_KEY_MAX 64     /* set_extra keys: 1-64 bytes of [a-z0-9_.-] */

/* The closed list of error codes (PROTOCOL.md, "Errors"). */
typedef enum tp_errcode {
    TP_E_NONE = 0,
    TP_E_BAD_MSGPACK,   /* not one complete MessagePack object */
    TP_E_TOO_DEEP,      /* nesting deeper than TP_MAX_DEPTH */
    TP_E_NOT_A_MAP,     /* root is not a map */
    TP_E_MISSING_ID,
    TP_E_BAD_ID,        /* not a str, empty, longer than 256 bytes, or bad UTF-8 */
    TP_E_MISSING_TEXT,
    TP_E_BAD_TEXT,      /* text is not a str */
    TP_E_BAD_UTF8,      /* text is not valid UTF-8 */
    TP_E_TOO_LARGE,     /* text over max_doc_bytes */
    TP_E_BAD_META,      /* meta is not a map */
    TP_E_BAD_TOPIC,     /* topic is not a str of 1-128 [A-Za-z0-9._-] */
    TP_E_BAD_TARGETS,   /* targets is not a list of str or a map str -> [str] */
    TP_E_MULTIPART,     /* the message had more than one frame */
    TP_E_STAGE_FAILED,  /* a stage failed on this document */
    TP_E_TIMEOUT,       /* the document took longer than stage_timeout_ms */
    TP_E_RELOAD_FAILED, /* SIGHUP: the new config was refused */
    TP_E_OVERLOADED,    /* reserved: the daemon refused work */
    TP_E_INTERNAL,      /* out of memory or a bug: see the log */
    TP_E_COUNT
} tp_errcode;

/* "bad_msgpack", ... ; "unknown" for values out of range. */
const char *tp_errcode_name(tp_errcode code);

/* ---- per-document arena ------------------------------------------------- */

typedef struct tp_arena_chunk tp_arena_chunk;

/* A bump allocator: many small allocations, freed at once. Memory is
 * bounded by `limit` bytes (0 = no limit). */
typedef struct tp_arena {
    tp_arena_chunk *head;
    size_t used_total;
    size_t limit;
    void *last;          /* last block handed out, which can grow in place */
    size_t last_size;
} tp_arena;

void tp_arena_init(tp_arena *a, size_t limit);
void *tp_arena_alloc(tp_arena *a, size_t size);
void *tp_arena_grow(tp_arena *a, void *old, size_t old_size, size_t new_size);
char *tp_arena_strndup(tp_arena *a, const char *s, size_t n);
/* Frees all but one chunk of at most 1 MiB, kept for the next document. */
void tp_arena_reset(tp_arena *a);
void tp_arena_free(tp_arena *a);

/* ---- the host-side document --------------------------------------------- */

typedef struct tp_extra {
    char *key;       /* arena */
    tp_value value;  /* strings copied into the arena */
} tp_extra;

/*
 * A document on the host side: the public tp_doc (first member, so a
 * tp_doc * from a stage maps back), its arena, and what the result needs
 * that stages do not see. The message bytes it was decoded from are NOT
 * owned: they must outlive the tp_docbuf (id, text and meta point into
 * them).
 */
typedef struct tp_docbuf {
    tp_doc doc;
    tp_arena arena;
    msgpack_zone zone;          /* objects unpacked from the message */
    int zone_ready;
    const msgpack_object *meta; /* NULL when absent */
    tp_str checked_text;        /* the text as the decoder found it valid
                                 * UTF-8, so the encoder need not check
                                 * slices of it again */
    tp_extra *extras;
    size_t n_extras, cap_extras;
} tp_docbuf;

/* Limits a decoder applies; tp_limits_default() gives the documented
 * defaults. */
typedef struct tp_limits {
    size_t max_doc_bytes;   /* text */
    size_t max_arena_bytes; /* per-document memory for layers; 0 = none */
} tp_limits;

void tp_limits_default(tp_limits *lim);

/* The arena budget that goes with a text limit: layers grow with the text,
 * so the budget is TP_ARENA_BYTES_PER_TEXT_BYTE bytes per text byte plus
 * 16 MiB (0, no limit, if that does not fit in a size_t). A config that
 * changes max_doc_bytes sets max_arena_bytes from this. */
#define TP_ARENA_BYTES_PER_TEXT_BYTE 64u
size_t tp_limits_arena_for(size_t max_doc_bytes);

/* An error with its message, as published. */
typedef struct tp_error {
    tp_errcode code;
    char message[TP_ERROR_MESSAGE_MAX];
    char stage[64]; /* empty unless a stage failed */
} tp_error;

void tp_error_set(tp_error *err, tp_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A docbuf may serve document after document: tp_doc_decode starts by
 * clearing what the last one left, and tp_docbuf_reset lets it go early
 * (keeping one arena chunk and the zone's first chunk for the next). */
void tp_docbuf_init(tp_docbuf *d, const tp_limits *lim);
void tp_docbuf_reset(tp_docbuf *d);
void tp_docbuf_free(tp_docbuf *d);

/*
 * Decode and validate one producer message (one frame). Walks the bytes
 * once without allocating before it unpacks anything, so a few bytes cannot
 * make it allocate more than the message holds. On success fills d->doc
 * (id, text, topic, targets) and d->meta and returns 0. On failure returns
 * -1 and fills err; err->message names the problem. Even on failure, when
 * the id could be read, d->doc.id is set (so the error can carry it).
 */
int tp_doc_decode(tp_docbuf *d, const void *data, size_t len,
                  const tp_limits *lim, tp_error *err);

/* The pre-validation scan on its own: 0 when `data` holds exactly one
 * well-formed MessagePack object within the limits, else -1 and err. */
int tp_msgpack_prevalidate(const void *data, size_t len, tp_error *err);

/* 1 when [s, s+n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF);
 * else 0 and *bad_offset is the offset of the first invalid byte: the
 * first byte of the first ill-formed or truncated sequence. bad_offset may
 * be NULL. */
int tp_utf8_valid(const char *s, size_t n, size_t *bad_offset);

/* The host services for stages operating on tp_docbufs (alloc, grow,
 * set_extra, log). `log` may be NULL: then stage logs go to stderr. */
void tp_host_init(tp_host *host, void (*log)(const tp_host *, int,
                                             const char *, ...));

/* ---- results and errors ------------------------------------------------ */

typedef struct tp_result_info {
    const char *daemon_id;      /* drawn at start */
    const char *const *pipeline; /* "name@version", n_stages of them */
    const uint64_t *timings_us;  /* per stage, same order */
    size_t n_stages;
    int emit_tokens;             /* include the tokens layer */
} tp_result_info;

/*
 * Encode the result map of a processed document into `out` (appended).
 * `seq` is written as a fixed-width uint64 whose offset in `out` is stored
 * in *seq_offset, so the publisher can patch the final number without
 * re-encoding (tp_msg_patch_seq). Returns 0, or -1 when out of memory.
 */
int tp_result_encode(msgpack_sbuffer *out, const tp_docbuf *d,
                     const tp_result_info *info, size_t *seq_offset);

/* Encode an error map. `id` may be NULL (could not be read). */
int tp_error_encode(msgpack_sbuffer *out, const tp_str *id,
                    const char *daemon_id, const tp_error *err,
                    size_t *seq_offset);

/* Write `seq` over the placeholder at `offset` (8 bytes, big-endian). */
void tp_msg_patch_seq(void *buf, size_t offset, uint64_t seq);

/* The topic frame: "result", "result.<topic>", "error", "error.<topic>".
 * Writes a NUL-terminated string into buf; returns its length. A buffer of
 * TP_TOPIC_FRAME_MAX bytes always suffices; a smaller one gets a truncated
 * string (and the returned length is that of the truncated string). */
#define TP_TOPIC_FRAME_MAX (sizeof("result.") + TP_TOPIC_MAX_BYTES)
size_t tp_topic_format(char *buf, size_t cap, int is_error,
                       const tp_str *topic);

/* The value of the str key `key` in `map` (the first one when a key is
 * repeated), or NULL when map is not a map or has no such key. */
const msgpack_object *tp_msgpack_map_get(const msgpack_object *map,
                                         const char *key);

/* The name of a quote kind / stance label / reporter class / mention kind
 * as written on the wire. */
const char *tp_quote_kind_name(uint32_t kind);
const char *tp_stance_label_name(uint32_t label);
const char *tp_reporter_name(uint32_t reporter);
const char *tp_mention_kind_name(uint32_t kind);
const char *tp_token_kind_name(uint32_t kind);

#endif /* TEXTPIPE_TP_PROTOCOL_H */
