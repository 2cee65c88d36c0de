/*
 * host.c - the services a stage calls back into (tp_host) for documents
 * that live in a tp_docbuf: arena memory, extras attached to the result and
 * a log line. A stage only ever holds a tp_doc *; the docbuf is found again
 * through doc->host_private (set by tp_docbuf_init). Values a stage hands
 * to set_extra are checked here, because they go on the wire as they are
 * and one bad string would make the whole result unreadable.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "textpipe/tp_protocol.h"

static tp_docbuf *docbuf_of(tp_doc *doc)
{
    return doc->host_private;
}

static void *host_alloc(tp_doc *doc, size_t size)
{
    return tp_arena_alloc(&docbuf_of(doc)->arena, size);
}

static void *host_grow(tp_doc *doc, void *old, size_t old_size, size_t new_size)
{
    return tp_arena_grow(&docbuf_of(doc)->arena, old, old_size, new_size);
}

static int valid_extra_key(const char *key, size_t len)
{
    size_t i;

    if (len == 0 || len > TP_EXTRA_KEY_MAX)
        return 0;
    for (i = 0; i < len; i++) {
        char c = key[i];

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

/* Checks a stage's value and copies its bytes into the arena. */
static int copy_value(tp_arena *arena, const tp_value *in, tp_value *out)
{
    *out = *in;
    switch (in->type) {
    case TP_VAL_NIL:
    case TP_VAL_BOOL:
    case TP_VAL_INT:
    case TP_VAL_DOUBLE:
        return 0;
    case TP_VAL_STR:
        if (in->u.s.len && !in->u.s.ptr)
            return -1;
        if (!tp_utf8_valid(in->u.s.ptr, in->u.s.len, NULL))
            return -1;
        break;
    case TP_VAL_MSGPACK:
        if (!in->u.s.ptr ||
            tp_msgpack_prevalidate(in->u.s.ptr, in->u.s.len, NULL) != 0)
            return -1;
        break;
    default:
        return -1;
    }
    out->u.s.ptr = tp_arena_strndup(arena, in->u.s.ptr, in->u.s.len);
    return out->u.s.ptr ? 0 : -1;
}

/*
 * A key set twice keeps the last value, so the extra map never has
 * duplicate keys. The extras array grows in the arena by doubling.
 */
static int host_set_extra(tp_doc *doc, const char *key, const tp_value *value)
{
    tp_docbuf *d = docbuf_of(doc);
    size_t len, i;
    tp_value copy;
    char *key_copy;

    if (!key || !value)
        return -1;
    /* Reads at most one byte past the longest valid key. */
    len = 0;
    while (len <= TP_EXTRA_KEY_MAX && key[len])
        len++;
    if (!valid_extra_key(key, len))
        return -1;
    if (copy_value(&d->arena, value, &copy))
        return -1;
    for (i = 0; i < d->n_extras; i++) {
        if (strcmp(d->extras[i].key, key) == 0) {
            d->extras[i].value = copy;
            return 0;
        }
    }
    if (d->n_extras == d->cap_extras) {
        size_t cap = d->cap_extras ? d->cap_extras * 2 : 8;
        tp_extra *grown = tp_arena_grow(&d->arena, d->extras,
                                        d->cap_extras * sizeof(tp_extra),
                                        cap * sizeof(tp_extra));
        if (!grown)
            return -1;
        d->extras = grown;
        d->cap_extras = cap;
    }
    key_copy = tp_arena_strndup(&d->arena, key, len);
    if (!key_copy)
        return -1;
    d->extras[d->n_extras].key = key_copy;
    d->extras[d->n_extras].value = copy;
    d->n_extras++;
    return 0;
}

static const char *level_name(int level)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};

    if (level >= 0 && level < (int)(sizeof(names) / sizeof(names[0])))
        return names[level];
    return "log";
}

/* One line per call; a single fprintf of the whole line keeps lines from
 * different threads apart. */
static void default_log(const tp_host *host, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void default_log(const tp_host *host, int level, const char *fmt, ...)
{
    char line[1024];
    va_list ap;

    (void)host;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    fprintf(stderr, "textpipe: stage %s: %s\n", level_name(level), line);
}

void tp_host_init(tp_host *host,
                  void (*log)(const tp_host *, int, const char *, ...))
{
    memset(host, 0, sizeof(*host));
    host->struct_size = (uint32_t)sizeof(tp_host);
    host->abi_minor = TP_ABI_MINOR;
    host->alloc = host_alloc;
    host->grow = host_grow;
    host->set_extra = host_set_extra;
    host->log = log ? log : default_log;
}
