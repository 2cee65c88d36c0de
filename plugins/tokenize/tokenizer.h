/*
 * tokenizer.h - the pure core of the tokenize stage: English-news tokens,
 * sentences and paragraphs over a UTF-8 buffer, with no knowledge of the
 * host. It fills caller-provided growable arrays of the ABI's own tp_token
 * and tp_span types, so the plugin glue (stage.c) hands arena memory in and
 * the unit tests and fuzzer hand malloc'd memory in. Everything here is
 * reentrant: a tk_tokenizer is read-only while tokenizing, so one may be
 * shared by threads once built.
 */
#ifndef TEXTPIPE_TOKENIZE_TOKENIZER_H
#define TEXTPIPE_TOKENIZE_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include <textpipe/tp_plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The longest abbreviation (without its final dot) the table accepts. */
#define TK_ABBREV_MAX 31

/* How an abbreviation behaves before a capitalised word. */
typedef enum tk_abbrev_kind {
    TK_ABBR_NONE = 0,
    TK_ABBR_TITLE = 1, /* precedes a name, never ends a sentence: Dr. Sen. */
    TK_ABBR_PLAIN = 2, /* may end a sentence before "The", "He"...: Inc. */
    TK_ABBR_NUMBER = 3 /* an abbreviation only before a number: No. 5 */
} tk_abbrev_kind;

/* Per-instance state: the abbreviation and sentence-starter sets. */
typedef struct tk_tokenizer tk_tokenizer;

/*
 * Growable output arrays. The caller owns the memory and the reserve
 * callback: it must make (*items) hold at least `need` elements of
 * elem_size bytes (keeping the first *cap), update *cap, and return 0, or
 * return -1 when out of memory. The arrays may start empty (NULL, cap 0).
 */
typedef struct tk_output {
    tp_token *tokens;
    size_t n_tokens, cap_tokens;
    tp_span *sentences;
    size_t n_sentences, cap_sentences;
    tp_span *paragraphs;
    size_t n_paragraphs, cap_paragraphs;
    int (*reserve)(void *ctx, void **items, size_t *cap, size_t need,
                   size_t elem_size);
    void *ctx;
} tk_output;

/*
 * Build a tokenizer with the built-in abbreviation table plus `n_extra`
 * extra abbreviations (plain kind; a trailing dot is ignored, "Sgt" and
 * "Sgt." are the same). Returns NULL and writes a message into err when an
 * extra is empty, too long, holds white space or is not letters and dots,
 * or when out of memory. The caller frees the result with tk_free().
 */
tk_tokenizer *tk_new(const char *const *extra, size_t n_extra, char *err,
                     size_t err_len);
void tk_free(tk_tokenizer *tk);

/* The kind of a word (without its final dot) in the abbreviation set. */
tk_abbrev_kind tk_abbrev_lookup(const tk_tokenizer *tk, const char *word,
                                size_t len);

/*
 * Tokenize text[0, len) into out, appending tokens, sentences and
 * paragraphs (out's counts are reset first). Spans are byte offsets into
 * text; len must be below 4 GiB. Invalid UTF-8 is tolerated (each bad byte
 * becomes its own token) so the result stays well-formed on any input.
 * Returns 0, or -1 when out->reserve failed.
 */
int tk_tokenize(const tk_tokenizer *tk, const char *text, size_t len,
                tk_output *out);

#ifdef __cplusplus
}
#endif

#endif /* TEXTPIPE_TOKENIZE_TOKENIZER_H */
