/*
 * lexicon_tables.h - the shapes of the word tables that cues.c and
 * lexicon.c define and lexicon.c hashes. Private to the quotes stage.
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

#endif /* TEXTPIPE_QUOTES_LEXICON_TABLES_H */
