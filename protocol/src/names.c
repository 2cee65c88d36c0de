/*
 * names.c - the words the protocol writes on the wire for its enums (error
 * codes, quote kinds, stance labels, reporter classes, mention and token
 * kinds), plus the small helpers around errors and limits. Keeping every
 * wire name in one table per enum means PROTOCOL.md and the encoder cannot
 * drift apart silently: the tests compare both against the same list.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "textpipe/tp_protocol.h"

/* Looks a name up in a table indexed by the enum value; `fallback` for
 * values outside the table or without a name. */
static const char *table_name(const char *const *table, size_t n,
                              uint32_t value, const char *fallback)
{
    if (value < n && table[value])
        return table[value];
    return fallback;
}

#define TABLE_NAME(table, value, fallback)                                     \
    table_name((table), sizeof(table) / sizeof((table)[0]), (value), (fallback))

static const char *const errcode_names[TP_E_COUNT] = {
    [TP_E_NONE] = "none",
    [TP_E_BAD_MSGPACK] = "bad_msgpack",
    [TP_E_TOO_DEEP] = "too_deep",
    [TP_E_NOT_A_MAP] = "not_a_map",
    [TP_E_MISSING_ID] = "missing_id",
    [TP_E_BAD_ID] = "bad_id",
    [TP_E_MISSING_TEXT] = "missing_text",
    [TP_E_BAD_TEXT] = "bad_text",
    [TP_E_BAD_UTF8] = "bad_utf8",
    [TP_E_TOO_LARGE] = "too_large",
    [TP_E_BAD_META] = "bad_meta",
    [TP_E_BAD_TOPIC] = "bad_topic",
    [TP_E_BAD_TARGETS] = "bad_targets",
    [TP_E_MULTIPART] = "multipart",
    [TP_E_STAGE_FAILED] = "stage_failed",
    [TP_E_TIMEOUT] = "timeout",
    [TP_E_RELOAD_FAILED] = "reload_failed",
    [TP_E_OVERLOADED] = "overloaded",
    [TP_E_INTERNAL] = "internal",
};

const char *tp_errcode_name(tp_errcode code)
{
    return TABLE_NAME(errcode_names, (uint32_t)code, "unknown");
}

static const char *const quote_kind_names[] = {
    [TP_QUOTE_DIRECT] = "direct",
    [TP_QUOTE_INDIRECT] = "indirect",
    [TP_QUOTE_MIXED] = "mixed",
};

const char *tp_quote_kind_name(uint32_t kind)
{
    return TABLE_NAME(quote_kind_names, kind, "unknown");
}

static const char *const stance_label_names[] = {
    [TP_STANCE_NONE] = "NONE",
    [TP_STANCE_FAVOR] = "FAVOR",
    [TP_STANCE_AGAINST] = "AGAINST",
};

const char *tp_stance_label_name(uint32_t label)
{
    return TABLE_NAME(stance_label_names, label, "unknown");
}

/* TP_REPORTER_UNSET is written as nil by the encoder; the name "unset" only
 * shows up in logs. */
static const char *const reporter_names[] = {
    [TP_REPORTER_UNSET] = "unset",
    [TP_REPORTER_NEUTRAL] = "neutral",
    [TP_REPORTER_DISTANCING] = "distancing",
    [TP_REPORTER_ENDORSING] = "endorsing",
};

const char *tp_reporter_name(uint32_t reporter)
{
    return TABLE_NAME(reporter_names, reporter, "unknown");
}

/* Kinds outside the enum fall back to "other", which every subscriber
 * already handles, rather than to a word outside the closed list. */
static const char *const mention_kind_names[] = {
    [TP_MENTION_PERSON] = "person",
    [TP_MENTION_ORGANISATION] = "organisation",
    [TP_MENTION_DOCUMENT] = "document",
    [TP_MENTION_OTHER] = "other",
};

const char *tp_mention_kind_name(uint32_t kind)
{
    return TABLE_NAME(mention_kind_names, kind, "other");
}

static const char *const token_kind_names[] = {
    [TP_TOK_WORD] = "word",       [TP_TOK_NUMBER] = "number",
    [TP_TOK_PUNCT] = "punct",     [TP_TOK_SYMBOL] = "symbol",
    [TP_TOK_QUOTE] = "quote",     [TP_TOK_URL] = "url",
    [TP_TOK_EMAIL] = "email",     [TP_TOK_HANDLE] = "handle",
    [TP_TOK_HASHTAG] = "hashtag", [TP_TOK_EMOJI] = "emoji",
    [TP_TOK_CJK] = "cjk",         [TP_TOK_OTHER] = "other",
};

const char *tp_token_kind_name(uint32_t kind)
{
    return TABLE_NAME(token_kind_names, kind, "other");
}

void tp_error_set(tp_error *err, tp_errcode code, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return;
    err->code = code;
    err->stage[0] = '\0';
    err->message[0] = '\0';
    if (!fmt)
        return;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
}

/*
 * The arena budget grows with the text limit because layers grow with the
 * text: a token costs 16 bytes and a text of N bytes can hold N/2 tokens,
 * and an array that doubles by copying may briefly cost twice its size.
 * 64 bytes of layers per text byte covers that with room for the other
 * layers; the 16 MiB floor keeps small limits usable.
 */
void tp_limits_default(tp_limits *lim)
{
    if (!lim)
        return;
    lim->max_doc_bytes = TP_DEFAULT_MAX_DOC_BYTES;
    lim->max_arena_bytes = tp_limits_arena_for(TP_DEFAULT_MAX_DOC_BYTES);
}

size_t tp_limits_arena_for(size_t max_doc_bytes)
{
    const size_t floor = (size_t)16 * 1024 * 1024;

    if (max_doc_bytes > (SIZE_MAX - floor) / TP_ARENA_BYTES_PER_TEXT_BYTE)
        return 0; /* no limit: the product would not fit */
    return TP_ARENA_BYTES_PER_TEXT_BYTE * max_doc_bytes + floor;
}
