/*
 * tp_plugin.h - the plugin ABI of textpipe stages.
 *
 * This is the only header a stage plugin needs. It compiles on its own (C99
 * or later, no other dependency), so an out-of-tree plugin builds with
 *
 *     cc -shared -fPIC $(pkg-config --cflags textpipe-plugin) -o x.so x.c
 *
 * A plugin is a shared object that exports exactly one symbol,
 * TP_STAGE_ENTRY_SYMBOL ("tp_stage_entry"), a function that returns a const
 * descriptor (tp_stage_desc). The host dlopen()s the file with
 * RTLD_NOW | RTLD_LOCAL, calls the entry function with its own ABI major,
 * and refuses the plugin when the descriptor's ABI major differs, its ABI
 * minor is newer than the host's, or its struct_size is smaller than the
 * ABI 1.0 size.
 *
 * Compatibility policy. A minor version may only append: new fields at the
 * end of a struct (taken from the reserved slots, so sizes do not change),
 * new enum values, new host functions. A plugin built against 1.x runs in
 * every host 1.y with y >= x. A major version may change anything; the host
 * refuses plugins of another major.
 *
 * Threading contract. The host creates one instance per worker thread
 * (create() is called on the thread that owns the pipeline, never
 * concurrently with any other call on the same instance). process() is only
 * ever called on one thread at a time for a given instance, but different
 * instances of the same stage run concurrently on different threads: any
 * state shared between instances (static tables) must be read-only after
 * load, or guarded by the plugin. destroy() is called once, after the last
 * process() on that instance has returned.
 *
 * Memory. Everything a stage adds to a document (layer arrays, strings)
 * must come from the document's arena (tp_host.alloc / tp_host.grow) and
 * is freed by the host at once when the document is published. A stage
 * never frees arena memory and never keeps pointers into a document after
 * process() returns. Memory a stage allocates for its instance is its own,
 * freed in destroy().
 *
 * Errors. create() and process() never exit or abort: they return a status
 * and write a one-line, NUL-terminated message into the caller's buffer.
 */
#ifndef TEXTPIPE_TP_PLUGIN_H
#define TEXTPIPE_TP_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TP_ABI_MAJOR 1
#define TP_ABI_MINOR 1
#define TP_STAGE_ENTRY_SYMBOL "tp_stage_entry"

/* ---- plain values ------------------------------------------------------ */

/* A byte range [start, end) in the document's UTF-8 text. */
typedef struct tp_span {
    uint32_t start;
    uint32_t end;
} tp_span;

/* A string that is not NUL-terminated (often a slice of the text). */
typedef struct tp_str {
    const char *ptr;
    size_t len;
} tp_str;

/* ---- layers ------------------------------------------------------------- */

/* Layer names, as stages declare them in requires/provides. */
#define TP_LAYER_TOKENS "tokens"
#define TP_LAYER_SENTENCES "sentences"
#define TP_LAYER_PARAGRAPHS "paragraphs"
#define TP_LAYER_QUOTES "quotes"
#define TP_LAYER_MENTIONS "mentions"
#define TP_LAYER_STANCE "stance"

typedef enum tp_token_kind {
    TP_TOK_WORD = 1,
    TP_TOK_NUMBER = 2,
    TP_TOK_PUNCT = 3,
    TP_TOK_SYMBOL = 4,
    TP_TOK_QUOTE = 5, /* a quote mark (not an apostrophe) */
    TP_TOK_URL = 6,
    TP_TOK_EMAIL = 7,
    TP_TOK_HANDLE = 8,  /* @name */
    TP_TOK_HASHTAG = 9, /* #tag */
    TP_TOK_EMOJI = 10,
    TP_TOK_CJK = 11, /* one ideograph */
    TP_TOK_OTHER = 12
} tp_token_kind;

/* Token flags (bits of tp_token.flags). */
#define TP_TOKF_CAPITALISED (1u << 0)   /* first letter upper case */
#define TP_TOKF_ALL_CAPS (1u << 1)      /* every letter upper case, >= 2 */
#define TP_TOKF_SENT_START (1u << 2)    /* first token of a sentence */
#define TP_TOKF_QUOTE_OPEN (1u << 3)    /* opening quote mark */
#define TP_TOKF_QUOTE_CLOSE (1u << 4)   /* closing quote mark */
#define TP_TOKF_QUOTE_DOUBLE (1u << 5)  /* a double quote mark */
#define TP_TOKF_QUOTE_SINGLE (1u << 6)  /* a single quote mark */
#define TP_TOKF_ABBREV (1u << 7)        /* abbreviation or initial ("U.S.") */
#define TP_TOKF_CONTRACTION (1u << 8)   /* clitic split off: n't 're 's */
#define TP_TOKF_PARA_START (1u << 9)    /* first token of a paragraph */
#define TP_TOKF_SPACE_BEFORE (1u << 10) /* white space precedes the token */

/* How a quote mark is written (tp_token.quote_style). */
typedef enum tp_quote_style {
    TP_QSTYLE_NONE = 0,
    TP_QSTYLE_STRAIGHT = 1,   /* " or ' */
    TP_QSTYLE_CURLY = 2,      /* U+201C U+201D U+2018 U+2019 */
    TP_QSTYLE_APOS_PAIR = 3,  /* '' written for a double mark */
    TP_QSTYLE_BACKTICK = 4,   /* `` or ` */
    TP_QSTYLE_GUILLEMET = 5,  /* << >> < > (U+00AB U+00BB U+2039 U+203A) */
    TP_QSTYLE_LOW9 = 6        /* U+201E U+201A */
} tp_quote_style;

/* A token covers at least one byte: start < end <= the text's length (the
 * host refuses a stage's output otherwise, so later stages may read a
 * token's first byte without testing its length). */
typedef struct tp_token {
    uint32_t start;
    uint32_t end;
    uint32_t flags;       /* TP_TOKF_* */
    uint16_t kind;        /* tp_token_kind */
    uint8_t quote_style;  /* tp_quote_style, for TP_TOK_QUOTE */
    uint8_t reserved;
} tp_token;

typedef enum tp_quote_kind {
    TP_QUOTE_DIRECT = 1,
    TP_QUOTE_INDIRECT = 2,
    TP_QUOTE_MIXED = 3
} tp_quote_kind;

/* How the reporter frames a quote by the choice of cue. */
typedef enum tp_reporter {
    TP_REPORTER_UNSET = 0,
    TP_REPORTER_NEUTRAL = 1,
    TP_REPORTER_DISTANCING = 2,
    TP_REPORTER_ENDORSING = 3
} tp_reporter;

typedef enum tp_stance_label {
    TP_STANCE_NONE = 0,
    TP_STANCE_FAVOR = 1,
    TP_STANCE_AGAINST = 2
} tp_stance_label;

/* A stance toward one target, on a quote or on the whole document. */
typedef struct tp_stance {
    tp_str target;
    uint32_t label;          /* tp_stance_label */
    double score;            /* 0..1 */
    const uint32_t *quotes;  /* document level: indices into doc->quotes */
    uint32_t n_quotes;
    void *reserved[2];
} tp_stance;

#define TP_QUOTEF_HAS_CUE (1u << 0)
#define TP_QUOTEF_HAS_SPEAKER (1u << 1)

typedef struct tp_quote {
    tp_span content;      /* without the quote marks */
    uint32_t kind;        /* tp_quote_kind */
    uint32_t flags;       /* TP_QUOTEF_* */
    tp_span cue;          /* valid when TP_QUOTEF_HAS_CUE */
    tp_span speaker;      /* the mention, valid when TP_QUOTEF_HAS_SPEAKER */
    tp_str speaker_name;  /* canonical speaker ("Donny Youngblood") */
    int32_t mention;      /* index into doc->mentions, or -1 */
    double confidence;    /* 0..1 */
    const tp_stance *stance; /* set by the stance stage */
    uint32_t n_stance;
    uint32_t reporter;    /* tp_reporter */
    void *reserved[4];
} tp_quote;

typedef enum tp_mention_kind {
    TP_MENTION_PERSON = 1,
    TP_MENTION_ORGANISATION = 2,
    TP_MENTION_DOCUMENT = 3,
    TP_MENTION_OTHER = 4
} tp_mention_kind;

/* A resolved entity (a speaker) and every span that refers to it. */
typedef struct tp_mention {
    tp_str name;           /* canonical name */
    uint32_t kind;         /* tp_mention_kind */
    const tp_span *spans;
    uint32_t n_spans;
    void *reserved[2];
} tp_mention;

/* A stance target: its name and the strings that refer to it. */
typedef struct tp_target {
    tp_str name;
    const tp_str *aliases;
    uint32_t n_aliases;
} tp_target;

/*
 * The document as it travels through the stages. The host fills id, text,
 * topic and targets; each stage sets the layers it provides (pointers into
 * the document arena) and reads those that earlier stages set. Nothing is
 * re-encoded between stages.
 */
typedef struct tp_doc {
    uint32_t struct_size;
    uint32_t reserved0;
    tp_str id;
    const char *text; /* valid UTF-8, not NUL-terminated */
    size_t text_len;
    tp_str topic;     /* empty when the producer gave none */
    const tp_target *targets; /* per-document stance targets, or NULL */
    size_t n_targets;

    tp_token *tokens;
    size_t n_tokens;
    tp_span *sentences;
    size_t n_sentences;
    tp_span *paragraphs;
    size_t n_paragraphs;
    tp_quote *quotes;
    size_t n_quotes;
    tp_mention *mentions;
    size_t n_mentions;
    tp_stance *stance; /* document-level stance, one per target */
    size_t n_stance;

    void *host_private; /* the host's; a stage never touches it */
    void *reserved[8];
} tp_doc;

/* A value a stage attaches to the result under its own key (extras). */
typedef enum tp_value_type {
    TP_VAL_NIL = 0,
    TP_VAL_BOOL = 1,
    TP_VAL_INT = 2,
    TP_VAL_DOUBLE = 3,
    TP_VAL_STR = 4,     /* UTF-8 string */
    TP_VAL_MSGPACK = 5  /* one complete MessagePack object, copied as is */
} tp_value_type;

typedef struct tp_value {
    uint32_t type; /* tp_value_type */
    union {
        int b;
        int64_t i;
        double d;
        tp_str s; /* TP_VAL_STR and TP_VAL_MSGPACK */
    } u;
} tp_value;

/* ---- host services ----------------------------------------------------- */

typedef enum tp_log_level {
    TP_LOG_ERROR = 0,
    TP_LOG_WARN = 1,
    TP_LOG_INFO = 2,
    TP_LOG_DEBUG = 3
} tp_log_level;

/*
 * Functions the host gives a stage at create(). The stage keeps the pointer
 * for the life of the instance. Fields are only ever appended.
 */
typedef struct tp_host {
    uint32_t struct_size;
    uint32_t abi_minor;

    /* Arena memory for the document, 16-byte aligned, not zeroed; NULL when
     * out of memory or past the document's memory budget. */
    void *(*alloc)(tp_doc *doc, size_t size);
    /* Resize an arena block (the last one grows in place). Copies
     * min(old_size, new_size) bytes. */
    void *(*grow)(tp_doc *doc, void *old, size_t old_size, size_t new_size);
    /* Attach a stage's own value to the result, under extra.<key>. The key
     * and value are copied. Returns 0, or -1 on a bad value. */
    int (*set_extra)(tp_doc *doc, const char *key, const tp_value *value);
    /* Write a line to the daemon's log, with the stage's name. */
    void (*log)(const struct tp_host *host, int level, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;
    void *host_private; /* the host's */
    void *reserved[8];
} tp_host;

/* ---- options ------------------------------------------------------------ */

typedef enum tp_opt_type {
    TP_OPT_STR = 1,
    TP_OPT_INT = 2,    /* 64-bit signed integer */
    TP_OPT_BOOL = 3,   /* true/false, yes/no, on/off, 1/0 */
    TP_OPT_DOUBLE = 4,
    TP_OPT_SIZE = 5,   /* bytes, with an optional K/M/G suffix (1024-based) */
    TP_OPT_LIST = 6,   /* comma-separated strings, trimmed */
    TP_OPT_PATH = 7,   /* a path; relative ones are resolved against the
                          config file's folder by the host */
    TP_OPT_PATH_LIST = 8 /* ABI 1.1: comma-separated paths, each resolved
                            like TP_OPT_PATH; the value is in list/n_list */
} tp_opt_type;

/* One option a stage accepts. A table of them ends with name == NULL. */
typedef struct tp_option_def {
    const char *name;
    uint32_t type;             /* tp_opt_type */
    const char *default_value; /* parsed like a config value; NULL = unset */
    const char *help;
} tp_option_def;

/*
 * A validated, converted option value. create() gets an array of these in
 * the order of the stage's option table. Strings stay valid until destroy().
 */
typedef struct tp_optval {
    int is_set;                /* 0: no value and no default */
    int b;                     /* TP_OPT_BOOL */
    int64_t i;                 /* TP_OPT_INT, TP_OPT_SIZE */
    double d;                  /* TP_OPT_DOUBLE */
    const char *s;             /* TP_OPT_STR, TP_OPT_PATH (absolute) */
    const char *const *list;   /* TP_OPT_LIST, TP_OPT_PATH_LIST */
    size_t n_list;
} tp_optval;

/* ---- the stage descriptor ---------------------------------------------- */

typedef enum tp_status {
    TP_OK = 0,         /* layers set (possibly empty) */
    TP_FAIL = -1,      /* this document failed; the host publishes a
                          stage_failed error and carries on */
    TP_FATAL = -2      /* the instance is unusable; the host fails the
                          document, destroys the instance and creates a
                          new one */
} tp_status;

typedef struct tp_stage_desc {
    uint32_t abi_major;   /* TP_ABI_MAJOR the plugin was built with */
    uint32_t abi_minor;   /* TP_ABI_MINOR the plugin was built with */
    uint32_t struct_size; /* sizeof(tp_stage_desc) at build time */
    uint32_t reserved0;
    const char *name;        /* stage name, as listed in [pipeline] stages */
    const char *version;     /* the plugin's own version ("1.2.0") */
    const char *description; /* one line */
    const char *const *requires; /* layers read; NULL-terminated, or NULL */
    const char *const *provides; /* layers set; NULL-terminated, or NULL */
    const tp_option_def *options; /* ends with name == NULL, or NULL */

    int (*create)(const tp_host *host, const tp_optval *options,
                  void **instance, char *err, size_t err_len);
    int (*process)(void *instance, tp_doc *doc, char *err, size_t err_len);
    void (*destroy)(void *instance);

    void *reserved[8]; /* NULL; future callbacks */
} tp_stage_desc;

/* The one exported function. Returns NULL when the plugin cannot serve a
 * host of that ABI major. */
typedef const tp_stage_desc *(*tp_stage_entry_fn)(uint32_t host_abi_major);

#if defined(__GNUC__)
#define TP_EXPORT __attribute__((visibility("default")))
#else
#define TP_EXPORT
#endif

/*
 * Define the entry function of a plugin from a descriptor variable:
 *     static const tp_stage_desc my_stage = { TP_STAGE_DESC_INIT, ... };
 *     TP_STAGE_DEFINE(my_stage)
 */
#define TP_STAGE_DESC_INIT                                                   \
    .abi_major = TP_ABI_MAJOR, .abi_minor = TP_ABI_MINOR,                    \
    .struct_size = (uint32_t)sizeof(tp_stage_desc)

#define TP_STAGE_DEFINE(desc)                                                \
    TP_EXPORT const tp_stage_desc *tp_stage_entry(uint32_t host_abi_major);  \
    TP_EXPORT const tp_stage_desc *tp_stage_entry(uint32_t host_abi_major)   \
    {                                                                        \
        return host_abi_major == TP_ABI_MAJOR ? &(desc) : NULL;              \
    }

/* Convenience: grow a layer array in the arena to hold at least `need`
 * elements, doubling. Returns 0, or -1 when out of memory. */
static inline int tp_layer_reserve(const tp_host *host, tp_doc *doc,
                                   void **items, size_t *cap, size_t need,
                                   size_t elem_size)
{
    size_t new_cap;
    void *p;
    if (need <= *cap)
        return 0;
    new_cap = *cap ? *cap : 16;
    while (new_cap < need)
        new_cap *= 2;
    p = host->grow(doc, *items, *cap * elem_size, new_cap * elem_size);
    if (!p)
        return -1;
    *items = p;
    *cap = new_cap;
    return 0;
}

#ifdef __cplusplus
}
#endif

#endif /* TEXTPIPE_TP_PLUGIN_H */
