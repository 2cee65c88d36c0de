/*
 * lexicon_tables.h - the shapes of the word tables that cues.c and
 * words.c define and lexicon.c hashes. Private to the quotes stage.
 */
#ifndef TEXTPIPE_QUOTES_LEXICON_TABLES_H
#define TEXTPIPE_QUOTES_LEXICON_TABLES_H

#include "quotes.h"

/* A reporting verb: up to five forms, NULL-padded. */
typedef struct qt_verb_def {
    const char *forms[5];
    uint8_t kind;     /* QT_CUE_* */
    uint8_t flags;    /* QT_CUEF_* (FINITE and GERUND are derived) */
    uint8_t reporter; /* tp_reporter */
} qt_verb_def;

extern const qt_verb_def qt_verbs[];   /* ends with forms[0] == NULL */
extern const char *const qt_cue_nouns[]; /* ends with NULL */

/* A table of words sharing tags (and a gender), NULL-terminated. */
typedef struct word_set {
    uint16_t tags;
    uint8_t gender;
    const char *const *words;
} word_set;

extern const word_set qt_word_sets[];
extern const size_t qt_n_word_sets;
/* First names and the gender they usually go with (words.c). */
extern const char *const qt_names_m[], *const qt_names_f[];

#endif /* TEXTPIPE_QUOTES_LEXICON_TABLES_H */
