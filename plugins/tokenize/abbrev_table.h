/*
 * abbrev_table.h - the word lists the tokenizer's decisions rest on,
 * written as data rather than as if-chains: English-news abbreviations
 * (with how each behaves at a sentence boundary), the words that typically
 * open an English sentence (to tell "in the U.S. The" from "the U.S.
 * Senate"), the clitics split off as in the Penn Treebank, elided words
 * that start with an apostrophe, and the top-level domains that make
 * "example.com" a URL. Included once, by tokenizer.c.
 */
#ifndef TEXTPIPE_TOKENIZE_ABBREV_TABLE_H
#define TEXTPIPE_TOKENIZE_ABBREV_TABLE_H

#include "tokenizer.h"

typedef struct tk_word_entry {
    const char *word;   /* without the final dot; matched case-sensitively */
    unsigned char kind; /* tk_abbrev_kind */
} tk_word_entry;

/*
 * Abbreviations that keep their dot. TITLE ones precede a name and never
 * end a sentence ("Sen. Kelly"); PLAIN ones end a sentence only before a
 * typical sentence opener ("at Acme Inc. The firm ..."); NUMBER ones are
 * abbreviations only before a number ("No. 5", but "He said no."). Dotted
 * letter sequences (U.S., a.m., Ph.D.) and single capital initials are
 * recognised by shape, not listed here.
 */
static const tk_word_entry tk_builtin_abbrevs[] = {
    /* titles and ranks */
    {"Mr", TK_ABBR_TITLE},
    {"Mrs", TK_ABBR_TITLE},
    {"Ms", TK_ABBR_TITLE},
    {"Messrs", TK_ABBR_TITLE},
    {"Mmes", TK_ABBR_TITLE},
    {"Dr", TK_ABBR_TITLE},
    {"Drs", TK_ABBR_TITLE},
    {"Prof", TK_ABBR_TITLE},
    {"Rev", TK_ABBR_TITLE},
    {"Fr", TK_ABBR_TITLE},
    {"Hon", TK_ABBR_TITLE},
    {"Pres", TK_ABBR_TITLE},
    {"Gov", TK_ABBR_TITLE},
    {"Govs", TK_ABBR_TITLE},
    {"Sen", TK_ABBR_TITLE},
    {"Sens", TK_ABBR_TITLE},
    {"Rep", TK_ABBR_TITLE},
    {"Reps", TK_ABBR_TITLE},
    {"Atty", TK_ABBR_TITLE},
    {"Supt", TK_ABBR_TITLE},
    {"Insp", TK_ABBR_TITLE},
    {"Det", TK_ABBR_TITLE},
    {"Gen", TK_ABBR_TITLE},
    {"Gens", TK_ABBR_TITLE},
    {"Lt", TK_ABBR_TITLE},
    {"Col", TK_ABBR_TITLE},
    {"Maj", TK_ABBR_TITLE},
    {"Capt", TK_ABBR_TITLE},
    {"Cpt", TK_ABBR_TITLE},
    {"Cmdr", TK_ABBR_TITLE},
    {"Cdr", TK_ABBR_TITLE},
    {"Adm", TK_ABBR_TITLE},
    {"Sgt", TK_ABBR_TITLE},
    {"Cpl", TK_ABBR_TITLE},
    {"Pvt", TK_ABBR_TITLE},
    {"Brig", TK_ABBR_TITLE},
    {"Lieut", TK_ABBR_TITLE},
    {"Amb", TK_ABBR_TITLE},
    {"Sec", TK_ABBR_TITLE},
    {"Msgr", TK_ABBR_TITLE},
    {"Sr", TK_ABBR_PLAIN},
    {"Jr", TK_ABBR_PLAIN},
    {"Esq", TK_ABBR_PLAIN},
    /* places: "St. Louis", "Mt. Everest" precede a name */
    {"St", TK_ABBR_TITLE},
    {"Mt", TK_ABBR_TITLE},
    {"Ft", TK_ABBR_TITLE},
    {"Ave", TK_ABBR_PLAIN},
    {"Blvd", TK_ABBR_PLAIN},
    {"Rd", TK_ABBR_PLAIN},
    {"Hwy", TK_ABBR_PLAIN},
    {"Pl", TK_ABBR_PLAIN},
    {"Sq", TK_ABBR_PLAIN},
    /* companies and organisations */
    {"Inc", TK_ABBR_PLAIN},
    {"Corp", TK_ABBR_PLAIN},
    {"Co", TK_ABBR_PLAIN},
    {"Cos", TK_ABBR_PLAIN},
    {"Ltd", TK_ABBR_PLAIN},
    {"Bros", TK_ABBR_PLAIN},
    {"Assn", TK_ABBR_PLAIN},
    {"Dept", TK_ABBR_PLAIN},
    {"Univ", TK_ABBR_PLAIN},
    {"Govt", TK_ABBR_PLAIN},
    {"Intl", TK_ABBR_PLAIN},
    {"Natl", TK_ABBR_PLAIN},
    /* months and days, AP style */
    {"Jan", TK_ABBR_PLAIN},
    {"Feb", TK_ABBR_PLAIN},
    {"Mar", TK_ABBR_PLAIN},
    {"Apr", TK_ABBR_PLAIN},
    {"Jun", TK_ABBR_PLAIN},
    {"Jul", TK_ABBR_PLAIN},
    {"Aug", TK_ABBR_PLAIN},
    {"Sep", TK_ABBR_PLAIN},
    {"Sept", TK_ABBR_PLAIN},
    {"Oct", TK_ABBR_PLAIN},
    {"Nov", TK_ABBR_PLAIN},
    {"Dec", TK_ABBR_PLAIN},
    {"Mon", TK_ABBR_PLAIN},
    {"Tue", TK_ABBR_PLAIN},
    {"Tues", TK_ABBR_PLAIN},
    {"Wed", TK_ABBR_PLAIN},
    {"Thu", TK_ABBR_PLAIN},
    {"Thur", TK_ABBR_PLAIN},
    {"Thurs", TK_ABBR_PLAIN},
    {"Fri", TK_ABBR_PLAIN},
    {"Sat", TK_ABBR_PLAIN},
    /* US states, AP style ("R-Ga.") */
    {"Ala", TK_ABBR_PLAIN},
    {"Ariz", TK_ABBR_PLAIN},
    {"Ark", TK_ABBR_PLAIN},
    {"Calif", TK_ABBR_PLAIN},
    {"Colo", TK_ABBR_PLAIN},
    {"Conn", TK_ABBR_PLAIN},
    {"Del", TK_ABBR_PLAIN},
    {"Fla", TK_ABBR_PLAIN},
    {"Ga", TK_ABBR_PLAIN},
    {"Ill", TK_ABBR_PLAIN},
    {"Ind", TK_ABBR_PLAIN},
    {"Kan", TK_ABBR_PLAIN},
    {"Kans", TK_ABBR_PLAIN},
    {"Ky", TK_ABBR_PLAIN},
    {"La", TK_ABBR_PLAIN},
    {"Md", TK_ABBR_PLAIN},
    {"Mass", TK_ABBR_PLAIN},
    {"Mich", TK_ABBR_PLAIN},
    {"Minn", TK_ABBR_PLAIN},
    {"Miss", TK_ABBR_PLAIN},
    {"Mo", TK_ABBR_PLAIN},
    {"Mont", TK_ABBR_PLAIN},
    {"Neb", TK_ABBR_PLAIN},
    {"Nev", TK_ABBR_PLAIN},
    {"Okla", TK_ABBR_PLAIN},
    {"Ore", TK_ABBR_PLAIN},
    {"Pa", TK_ABBR_PLAIN},
    {"Tenn", TK_ABBR_PLAIN},
    {"Tex", TK_ABBR_PLAIN},
    {"Va", TK_ABBR_PLAIN},
    {"Vt", TK_ABBR_PLAIN},
    {"Wash", TK_ABBR_PLAIN},
    {"Wis", TK_ABBR_PLAIN},
    {"Wyo", TK_ABBR_PLAIN},
    /* Latin and other lower-case ones */
    {"etc", TK_ABBR_PLAIN},
    {"vs", TK_ABBR_PLAIN},
    {"al", TK_ABBR_PLAIN},
    {"approx", TK_ABBR_PLAIN},
    {"est", TK_ABBR_PLAIN},
    {"cf", TK_ABBR_PLAIN},
    {"ca", TK_ABBR_PLAIN},
    {"viz", TK_ABBR_PLAIN},
    {"Vs", TK_ABBR_PLAIN},
    /* only before a number */
    {"No", TK_ABBR_NUMBER},
    {"Nos", TK_ABBR_NUMBER},
    {"no", TK_ABBR_NUMBER},
    {"Art", TK_ABBR_NUMBER},
    {"Vol", TK_ABBR_NUMBER},
    {"vol", TK_ABBR_NUMBER},
    {"Fig", TK_ABBR_NUMBER},
    {"fig", TK_ABBR_NUMBER},
    {"pp", TK_ABBR_NUMBER},
    {"Ch", TK_ABBR_NUMBER},
    {"Para", TK_ABBR_NUMBER},
};

/*
 * Capitalised words that usually open a sentence. After a PLAIN
 * abbreviation or an initial, a boundary is placed only before one of
 * these: "the U.S. The ..." splits, "the U.S. Senate" does not.
 */
static const char *const tk_sentence_starters[] = {
    "The",     "A",         "An",        "This",      "That",     "These",
    "Those",   "There",     "Then",      "He",        "She",      "It",
    "They",    "We",        "I",         "You",       "His",      "Her",
    "Its",     "Their",     "Our",       "My",        "Your",     "But",
    "And",     "Or",        "So",        "Yet",       "In",       "On",
    "At",      "For",       "From",      "To",        "By",       "With",
    "Without", "After",     "Before",    "During",    "Since",    "Until",
    "While",   "When",      "Where",     "Why",       "How",      "What",
    "Who",     "Which",     "If",        "As",        "Although", "Though",
    "However", "Meanwhile", "Still",     "Now",       "Also",     "Some",
    "Many",    "Most",      "All",       "Both",      "Each",     "Every",
    "No",      "Not",       "One",       "Two",       "Last",     "Next",
    "Earlier", "Later",     "Today",     "Yesterday", "Despite",  "Under",
    "Over",    "Among",     "According", "Instead",   "Other",    "Another",
    "Such",    "More",      "Much",      "Several",   "Few",      "Even",
    "Only",    "Just",      "Here",
};

/* Penn Treebank clitics, split off the word before them (lower case). */
static const char *const tk_clitics[] = {"s", "re", "ve", "ll", "d", "m"};

/* Words written with a leading apostrophe that is not a quote mark. */
static const char *const tk_elisions[] = {"em",    "til", "tis", "twas",
                                          "cause", "n",   "bout"};

/* Top-level domains that make "word.tld" a URL without a scheme. */
static const char *const tk_tlds[] = {
    "com", "org", "net",  "gov", "edu", "mil", "int", "io",   "co",
    "uk",  "us",  "info", "biz", "tv",  "ly",  "me",  "news", "ai",
    "eu",  "de",  "fr",   "ca",  "au",  "ru",  "cn"};

#endif /* TEXTPIPE_TOKENIZE_ABBREV_TABLE_H */
