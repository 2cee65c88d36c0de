/*
 * decode.c - turns one producer message into a tp_docbuf: the scan that
 * makes unpacking safe, the unpack into the docbuf's zone (strings stay
 * pointers into the message), then the checks of every field the protocol
 * defines (PROTOCOL.md, "Documents"). Each failure has its own error code
 * and a message that names the field and, for bytes, the offset, so a
 * producer can fix its message from the error alone. Messages never quote
 * the producer's bytes: those may be the very thing that is broken.
 */
#include <stdio.h>
#include <string.h>

#include <msgpack/unpack_define.h>

#include "textpipe/tp_protocol.h"

/* The scan caps nesting below msgpack-c's fixed parse stack, so the
 * unpacker's MSGPACK_UNPACK_NOMEM_ERROR can only mean real memory
 * exhaustion, never a deep document. */
_Static_assert(TP_MAX_DEPTH < MSGPACK_EMBED_STACK_SIZE,
               "TP_MAX_DEPTH must stay below msgpack-c's parse stack");

/* The fields a document may carry, in the order they are checked: id
 * first, so that every later error can carry it. */
enum field { F_ID, F_TEXT, F_META, F_TOPIC, F_TARGETS, F_COUNT };

static const char *const field_names[F_COUNT] = {
    [F_ID] = "id",       [F_TEXT] = "text",       [F_META] = "meta",
    [F_TOPIC] = "topic", [F_TARGETS] = "targets",
};

static const char *type_name(msgpack_object_type t)
{
    switch (t) {
    case MSGPACK_OBJECT_NIL:
        return "nil";
    case MSGPACK_OBJECT_BOOLEAN:
        return "bool";
    case MSGPACK_OBJECT_POSITIVE_INTEGER:
    case MSGPACK_OBJECT_NEGATIVE_INTEGER:
        return "int";
    case MSGPACK_OBJECT_FLOAT32:
    case MSGPACK_OBJECT_FLOAT64:
        return "float";
    case MSGPACK_OBJECT_STR:
        return "str";
    case MSGPACK_OBJECT_ARRAY:
        return "array";
    case MSGPACK_OBJECT_MAP:
        return "map";
    case MSGPACK_OBJECT_BIN:
        return "bin";
    case MSGPACK_OBJECT_EXT:
        return "ext";
    }
    return "unknown";
}

void tp_docbuf_reset(tp_docbuf *d)
{
    memset(&d->doc, 0, sizeof(d->doc));
    d->doc.struct_size = (uint32_t)sizeof(tp_doc);
    d->doc.host_private = d;
    tp_arena_reset(&d->arena);
    if (d->zone_ready)
        msgpack_zone_clear(&d->zone);
    d->meta = NULL;
    d->checked_text = (tp_str){NULL, 0};
    d->extras = NULL;
    d->n_extras = d->cap_extras = 0;
}

/* A reused docbuf takes the limits of the message at hand (a reload may
 * have changed them). */
static void docbuf_clear(tp_docbuf *d, const tp_limits *lim)
{
    d->arena.limit = lim->max_arena_bytes;
    tp_docbuf_reset(d);
}

void tp_docbuf_init(tp_docbuf *d, const tp_limits *lim)
{
    tp_limits defaults;

    if (!lim) {
        tp_limits_default(&defaults);
        lim = &defaults;
    }
    memset(d, 0, sizeof(*d));
    tp_arena_init(&d->arena, lim->max_arena_bytes);
    /* A failure here is reported by tp_doc_decode, which retries. */
    d->zone_ready = msgpack_zone_init(&d->zone, MSGPACK_ZONE_CHUNK_SIZE);
    d->doc.struct_size = (uint32_t)sizeof(tp_doc);
    d->doc.host_private = d;
}

void tp_docbuf_free(tp_docbuf *d)
{
    tp_arena_free(&d->arena);
    if (d->zone_ready)
        msgpack_zone_destroy(&d->zone);
    d->zone_ready = 0;
    d->meta = NULL;
    d->extras = NULL;
    d->n_extras = d->cap_extras = 0;
}

/* The first occurrence of each known field; keys that are not str and
 * keys we do not know are skipped, so producers can add their own. */
static void collect_fields(const msgpack_object_map *map,
                           const msgpack_object *slot[F_COUNT])
{
    uint32_t i;
    int f;

    for (i = 0; i < map->size; i++) {
        const msgpack_object *key = &map->ptr[i].key;

        if (key->type != MSGPACK_OBJECT_STR)
            continue;
        for (f = 0; f < F_COUNT; f++) {
            if (!slot[f] && key->via.str.size == strlen(field_names[f]) &&
                memcmp(key->via.str.ptr, field_names[f], key->via.str.size) ==
                    0) {
                slot[f] = &map->ptr[i].val;
                break;
            }
        }
    }
}

static int check_id(tp_docbuf *d, const msgpack_object *o, tp_error *err)
{
    size_t bad;

    if (!o) {
        tp_error_set(err, TP_E_MISSING_ID, "the document has no id");
        return -1;
    }
    if (o->type != MSGPACK_OBJECT_STR) {
        tp_error_set(err, TP_E_BAD_ID, "id is a %s, not a str",
                     type_name(o->type));
        return -1;
    }
    if (o->via.str.size == 0) {
        tp_error_set(err, TP_E_BAD_ID, "id is empty");
        return -1;
    }
    if (o->via.str.size > TP_ID_MAX_BYTES) {
        tp_error_set(err, TP_E_BAD_ID, "id is %u bytes, over the limit of %d",
                     o->via.str.size, TP_ID_MAX_BYTES);
        return -1;
    }
    if (!tp_utf8_valid(o->via.str.ptr, o->via.str.size, &bad)) {
        tp_error_set(err, TP_E_BAD_ID, "id is not valid UTF-8 at byte %zu",
                     bad);
        return -1;
    }
    d->doc.id.ptr = o->via.str.ptr;
    d->doc.id.len = o->via.str.size;
    return 0;
}

/* The size check comes before the UTF-8 check so an oversized text costs
 * no scan. */
static int check_text(tp_docbuf *d, const msgpack_object *o,
                      const tp_limits *lim, tp_error *err)
{
    size_t bad;

    if (!o) {
        tp_error_set(err, TP_E_MISSING_TEXT, "the document has no text");
        return -1;
    }
    if (o->type != MSGPACK_OBJECT_STR) {
        tp_error_set(err, TP_E_BAD_TEXT, "text is a %s, not a str",
                     type_name(o->type));
        return -1;
    }
    if (o->via.str.size > lim->max_doc_bytes) {
        tp_error_set(err, TP_E_TOO_LARGE,
                     "text is %u bytes, over the limit of %zu", o->via.str.size,
                     lim->max_doc_bytes);
        return -1;
    }
    if (!tp_utf8_valid(o->via.str.ptr, o->via.str.size, &bad)) {
        tp_error_set(err, TP_E_BAD_UTF8, "text is not valid UTF-8 at byte %zu",
                     bad);
        return -1;
    }
    d->doc.text = o->via.str.ptr;
    d->doc.text_len = o->via.str.size;
    d->checked_text.ptr = d->doc.text;
    d->checked_text.len = d->doc.text_len;
    return 0;
}

static int is_absent(const msgpack_object *o)
{
    return !o || o->type == MSGPACK_OBJECT_NIL;
}

static int check_meta(tp_docbuf *d, const msgpack_object *o, tp_error *err)
{
    if (is_absent(o))
        return 0;
    if (o->type != MSGPACK_OBJECT_MAP) {
        tp_error_set(err, TP_E_BAD_META, "meta is a %s, not a map",
                     type_name(o->type));
        return -1;
    }
    d->meta = o;
    return 0;
}

static int is_topic_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int check_topic(tp_docbuf *d, const msgpack_object *o, tp_error *err)
{
    uint32_t i;

    if (is_absent(o))
        return 0;
    if (o->type != MSGPACK_OBJECT_STR) {
        tp_error_set(err, TP_E_BAD_TOPIC, "topic is a %s, not a str",
                     type_name(o->type));
        return -1;
    }
    if (o->via.str.size == 0 || o->via.str.size > TP_TOPIC_MAX_BYTES) {
        tp_error_set(err, TP_E_BAD_TOPIC,
                     "topic is %u bytes; it must have 1 to %d", o->via.str.size,
                     TP_TOPIC_MAX_BYTES);
        return -1;
    }
    for (i = 0; i < o->via.str.size; i++) {
        if (!is_topic_char((unsigned char)o->via.str.ptr[i])) {
            tp_error_set(err, TP_E_BAD_TOPIC,
                         "topic has a byte outside [A-Za-z0-9._-] at byte %u",
                         i);
            return -1;
        }
    }
    d->doc.topic.ptr = o->via.str.ptr;
    d->doc.topic.len = o->via.str.size;
    return 0;
}

/* A target name or alias: a non-empty str of valid UTF-8. `where` names
 * it in the message ("targets[2]"). */
static int check_target_str(const msgpack_object *o, const char *where,
                            tp_str *out, tp_error *err)
{
    size_t bad;

    if (o->type != MSGPACK_OBJECT_STR) {
        tp_error_set(err, TP_E_BAD_TARGETS, "%s is a %s, not a str", where,
                     type_name(o->type));
        return -1;
    }
    if (o->via.str.size == 0) {
        tp_error_set(err, TP_E_BAD_TARGETS, "%s is empty", where);
        return -1;
    }
    if (!tp_utf8_valid(o->via.str.ptr, o->via.str.size, &bad)) {
        tp_error_set(err, TP_E_BAD_TARGETS, "%s is not valid UTF-8 at byte %zu",
                     where, bad);
        return -1;
    }
    out->ptr = o->via.str.ptr;
    out->len = o->via.str.size;
    return 0;
}

/* The alias list of the map form: an array of up to TP_MAX_ALIASES
 * strings. An empty list means the name is its own only alias. */
static int check_alias_list(const msgpack_object *o, uint32_t index,
                            tp_error *err)
{
    if (o->type != MSGPACK_OBJECT_ARRAY) {
        tp_error_set(err, TP_E_BAD_TARGETS,
                     "the aliases of target %u are a %s, not an array", index,
                     type_name(o->type));
        return -1;
    }
    if (o->via.array.size > TP_MAX_ALIASES) {
        tp_error_set(err, TP_E_BAD_TARGETS,
                     "target %u has %u aliases, over the limit of %d", index,
                     o->via.array.size, TP_MAX_ALIASES);
        return -1;
    }
    return 0;
}

static int same_str(const tp_str *a, const tp_str *b)
{
    return a->len == b->len && memcmp(a->ptr, b->ptr, a->len) == 0;
}

/*
 * Fill targets[i] from entry i of the list form (a name) or of the map form
 * (name -> aliases), taking alias slots from *next_alias. The counts were
 * checked before, so the alias array is large enough.
 */
static int fill_target(const msgpack_object *obj, uint32_t i,
                       tp_target *targets, tp_str **next_alias, tp_error *err)
{
    tp_target *t = &targets[i];
    tp_str *aliases = *next_alias;
    const msgpack_object *list = NULL;
    char where[48];
    uint32_t j, k;

    snprintf(where, sizeof(where), "targets[%u]", i);
    if (obj->type == MSGPACK_OBJECT_ARRAY) {
        if (check_target_str(&obj->via.array.ptr[i], where, &t->name, err))
            return -1;
    } else {
        if (check_target_str(&obj->via.map.ptr[i].key, where, &t->name, err))
            return -1;
        list = &obj->via.map.ptr[i].val;
    }
    for (k = 0; k < i; k++) {
        if (same_str(&targets[k].name, &t->name)) {
            tp_error_set(err, TP_E_BAD_TARGETS,
                         "targets[%u] repeats the name of targets[%u]", i, k);
            return -1;
        }
    }
    t->aliases = aliases;
    if (!list || list->via.array.size == 0) {
        aliases[0] = t->name;
        t->n_aliases = 1;
    } else {
        for (j = 0; j < list->via.array.size; j++) {
            snprintf(where, sizeof(where), "alias %u of targets[%u]", j, i);
            if (check_target_str(&list->via.array.ptr[j], where, &aliases[j],
                                 err))
                return -1;
        }
        t->n_aliases = list->via.array.size;
    }
    *next_alias = aliases + t->n_aliases;
    return 0;
}

/*
 * `targets` is either ["name", ...] (each name its own alias) or
 * {"name": ["alias", ...], ...}. The counts are checked before anything is
 * allocated, then the tp_target and alias arrays come from the arena in
 * one piece each.
 */
static int check_targets(tp_docbuf *d, const msgpack_object *o, tp_error *err)
{
    uint32_t n, i;
    size_t n_aliases = 0;
    tp_target *targets;
    tp_str *aliases;

    if (is_absent(o))
        return 0;
    if (o->type != MSGPACK_OBJECT_ARRAY && o->type != MSGPACK_OBJECT_MAP) {
        tp_error_set(err, TP_E_BAD_TARGETS,
                     "targets is a %s, not an array or a map",
                     type_name(o->type));
        return -1;
    }
    n = o->type == MSGPACK_OBJECT_ARRAY ? o->via.array.size : o->via.map.size;
    if (n > TP_MAX_TARGETS) {
        tp_error_set(err, TP_E_BAD_TARGETS,
                     "targets has %u entries, over the limit of %d", n,
                     TP_MAX_TARGETS);
        return -1;
    }
    if (o->type == MSGPACK_OBJECT_ARRAY) {
        n_aliases = n;
    } else {
        for (i = 0; i < n; i++) {
            const msgpack_object *list = &o->via.map.ptr[i].val;

            if (check_alias_list(list, i, err))
                return -1;
            n_aliases += list->via.array.size ? list->via.array.size : 1;
        }
    }
    if (n == 0)
        return 0; /* the same as no targets */
    targets = tp_arena_alloc(&d->arena, n * sizeof(*targets));
    aliases = tp_arena_alloc(&d->arena, n_aliases * sizeof(*aliases));
    if (!targets || !aliases) {
        tp_error_set(err, TP_E_INTERNAL, "out of memory for %u targets", n);
        return -1;
    }
    for (i = 0; i < n; i++)
        if (fill_target(o, i, targets, &aliases, err))
            return -1;
    d->doc.targets = targets;
    d->doc.n_targets = n;
    return 0;
}

static int unpack_root(tp_docbuf *d, const void *data, size_t len,
                       msgpack_object *root, tp_error *err)
{
    size_t off = 0;
    msgpack_unpack_return ret;

    if (!d->zone_ready)
        d->zone_ready = msgpack_zone_init(&d->zone, MSGPACK_ZONE_CHUNK_SIZE);
    if (!d->zone_ready) {
        tp_error_set(err, TP_E_INTERNAL, "out of memory for the message zone");
        return -1;
    }
    ret = msgpack_unpack(data, len, &off, &d->zone, root);
    if (ret == MSGPACK_UNPACK_NOMEM_ERROR) {
        tp_error_set(err, TP_E_INTERNAL,
                     "out of memory unpacking a %zu-byte message", len);
        return -1;
    }
    /* The scan accepted exactly one complete object, so anything else is
     * a disagreement between it and msgpack-c: refuse the message. */
    if (ret != MSGPACK_UNPACK_SUCCESS || off != len) {
        tp_error_set(err, TP_E_BAD_MSGPACK,
                     "msgpack-c refused the message (status %d at byte %zu)",
                     (int)ret, off);
        return -1;
    }
    return 0;
}

int tp_doc_decode(tp_docbuf *d, const void *data, size_t len,
                  const tp_limits *lim, tp_error *err)
{
    const msgpack_object *slot[F_COUNT] = {0};
    msgpack_object root;
    tp_limits defaults;

    if (!lim) {
        tp_limits_default(&defaults);
        lim = &defaults;
    }
    docbuf_clear(d, lim);
    if (tp_msgpack_prevalidate(data, len, err))
        return -1;
    if (unpack_root(d, data, len, &root, err))
        return -1;
    if (root.type != MSGPACK_OBJECT_MAP) {
        tp_error_set(err, TP_E_NOT_A_MAP, "the document is a %s, not a map",
                     type_name(root.type));
        return -1;
    }
    collect_fields(&root.via.map, slot);
    if (check_id(d, slot[F_ID], err) || check_text(d, slot[F_TEXT], lim, err) ||
        check_meta(d, slot[F_META], err) ||
        check_topic(d, slot[F_TOPIC], err) ||
        check_targets(d, slot[F_TARGETS], err))
        return -1;
    return 0;
}
