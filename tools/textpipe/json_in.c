/*
 * json_in.c - documents in: a JSON document (one line of JSON Lines, or a
 * whole file plus its name) becomes the MessagePack map a producer sends
 * (PROTOCOL.md, "Document in"). JSON is read with jansson. The values of
 * the protocol's keys are converted as they are, without judging them: the
 * protocol library decides what is valid, so `send` and `analyze` refuse
 * exactly what the daemon refuses, with the same error codes.
 */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* The keys of a document; the protocol ignores any other. */
enum { KEY_ID, KEY_TEXT, KEY_META, KEY_TOPIC, KEY_TARGETS, N_DOC_KEYS };
static const char *const doc_keys[N_DOC_KEYS] = {
    [KEY_ID] = "id",       [KEY_TEXT] = "text",       [KEY_META] = "meta",
    [KEY_TOPIC] = "topic", [KEY_TARGETS] = "targets",
};

/* Convert a jansson value to MessagePack, recursively (jansson caps the
 * nesting of what it parses at 2048, so the recursion is bounded). */
static int pack_json_value(msgpack_packer *pk, const json_t *v)
{
    const char *key;
    size_t key_len, i;
    json_t *member;
    int rc = 0;

    switch (json_typeof(v)) {
    case JSON_OBJECT:
        rc = msgpack_pack_map(pk, json_object_size(v));
        json_object_keylen_foreach((json_t *)v, key, key_len, member)
        {
            if (rc == 0)
                rc = msgpack_pack_str_with_body(pk, key, key_len);
            if (rc == 0)
                rc = pack_json_value(pk, member);
        }
        return rc;
    case JSON_ARRAY:
        rc = msgpack_pack_array(pk, json_array_size(v));
        for (i = 0; rc == 0 && i < json_array_size(v); i++)
            rc = pack_json_value(pk, json_array_get(v, i));
        return rc;
    case JSON_STRING:
        return msgpack_pack_str_with_body(pk, json_string_value(v),
                                          json_string_length(v));
    case JSON_INTEGER:
        return msgpack_pack_int64(pk, (int64_t)json_integer_value(v));
    case JSON_REAL:
        return msgpack_pack_double(pk, json_real_value(v));
    case JSON_TRUE:
        return msgpack_pack_true(pk);
    case JSON_FALSE:
        return msgpack_pack_false(pk);
    case JSON_NULL:
    default:
        return msgpack_pack_nil(pk);
    }
}

static int pack_key(msgpack_packer *pk, const char *key)
{
    return msgpack_pack_str_with_body(pk, key, strlen(key));
}

/* Parse JSON text that must be an object. NULL and err when it is not. */
static json_t *parse_object(const char *text, size_t len, char *err,
                            size_t err_len)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_ALLOW_NUL, &jerr);

    if (!root) {
        /* Jansson's message is at most 160 bytes; a caller's smaller
         * buffer simply gets it cut. */
        snprintf(err, err_len, "bad JSON at column %d: %.100s", jerr.column,
                 jerr.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        snprintf(err, err_len, "not a JSON object");
        json_decref(root);
        return NULL;
    }
    return root;
}

int json_check_object(const char *text, char *err, size_t err_len)
{
    json_t *root = parse_object(text, strlen(text), err, err_len);

    json_decref(root);
    return root ? 0 : -1;
}

/* Pack the defaults a document lacks: "topic" and "meta". `has_*` say
 * whether the document set them itself. */
static int pack_defaults(msgpack_packer *pk, const json_doc_defaults *def,
                         int has_topic, int has_meta)
{
    char err[128];
    json_t *meta;
    int rc = 0;

    if (def->topic && !has_topic) {
        rc = pack_key(pk, "topic");
        if (rc == 0)
            rc = pack_key(pk, def->topic);
    }
    if (rc == 0 && def->meta_json && !has_meta) {
        meta = parse_object(def->meta_json, strlen(def->meta_json), err,
                            sizeof(err));
        if (!meta)
            return -1;
        rc = pack_key(pk, "meta");
        if (rc == 0)
            rc = pack_json_value(pk, meta);
        json_decref(meta);
    }
    return rc;
}

static size_t count_defaults(const json_doc_defaults *def, int has_topic,
                             int has_meta)
{
    return (size_t)(def && def->topic && !has_topic) +
           (size_t)(def && def->meta_json && !has_meta);
}

int json_doc_to_msgpack(const char *line, size_t len,
                        const json_doc_defaults *defaults, msgpack_sbuffer *out,
                        char *err, size_t err_len)
{
    msgpack_packer pk;
    json_t *root, *values[N_DOC_KEYS];
    size_t i, n_keys = 0;
    int rc;

    root = parse_object(line, len, err, err_len);
    if (!root)
        return -1;
    for (i = 0; i < N_DOC_KEYS; i++) {
        values[i] = json_object_get(root, doc_keys[i]);
        n_keys += values[i] != NULL;
    }
    n_keys += count_defaults(defaults, values[KEY_TOPIC] != NULL,
                             values[KEY_META] != NULL);

    msgpack_packer_init(&pk, out, msgpack_sbuffer_write);
    rc = msgpack_pack_map(&pk, n_keys);
    for (i = 0; rc == 0 && i < N_DOC_KEYS; i++) {
        if (!values[i])
            continue;
        rc = pack_key(&pk, doc_keys[i]);
        if (rc == 0)
            rc = pack_json_value(&pk, values[i]);
    }
    if (rc == 0 && defaults)
        rc = pack_defaults(&pk, defaults, values[KEY_TOPIC] != NULL,
                           values[KEY_META] != NULL);
    json_decref(root);
    if (rc != 0) {
        snprintf(err, err_len, "out of memory");
        return -1;
    }
    return 0;
}

int json_pack_text_doc(msgpack_sbuffer *out, const char *id, size_t id_len,
                       const char *text, size_t text_len,
                       const json_doc_defaults *defaults)
{
    msgpack_packer pk;
    int rc;

    msgpack_packer_init(&pk, out, msgpack_sbuffer_write);
    rc = msgpack_pack_map(&pk, 2 + count_defaults(defaults, 0, 0));
    if (rc == 0)
        rc = pack_key(&pk, "id");
    if (rc == 0)
        rc = msgpack_pack_str_with_body(&pk, id, id_len);
    if (rc == 0)
        rc = pack_key(&pk, "text");
    if (rc == 0)
        rc = msgpack_pack_str_with_body(&pk, text, text_len);
    if (rc == 0 && defaults)
        rc = pack_defaults(&pk, defaults, 0, 0);
    return rc == 0 ? 0 : -1;
}

/* ---- JSON Lines --------------------------------------------------------- */

int jsonl_open(jsonl_reader *r, const char *path)
{
    memset(r, 0, sizeof(*r));
    r->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    r->file = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    return r->file ? 0 : -1;
}

static int is_blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

long jsonl_next(jsonl_reader *r, const char **line, size_t *len)
{
    ssize_t n;
    char *start;

    for (;;) {
        n = getline(&r->line, &r->cap, r->file);
        if (n < 0)
            return ferror(r->file) ? -2 : -1;
        r->lineno++;
        start = r->line;
        if (r->lineno == 1 && n >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0) {
            start += 3;
            n -= 3;
        }
        while (n > 0 && (start[n - 1] == '\n' || start[n - 1] == '\r'))
            start[--n] = '\0';
        if (!is_blank(start, (size_t)n))
            break;
    }
    *line = start;
    *len = (size_t)n;
    return (long)n;
}

void jsonl_close(jsonl_reader *r)
{
    if (r->file && r->file != stdin)
        fclose(r->file);
    free(r->line);
    memset(r, 0, sizeof(*r));
}
