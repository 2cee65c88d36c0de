/*
 * lexicon.c - the word tables of the quotes stage (pronouns, titles and
 * roles, organisation and document nouns, the little words that sit
 * between a speaker and a cue) and one case-insensitive hash over them and
 * the reporting verbs of cues.c. Every token of a document is looked up
 * once, so the lookup is a single FNV-1a hash and a short probe, with no
 * allocation. The tables are ours; a word may sit in several and its tags
 * are merged.
 */
#include <stdlib.h>
#include <string.h>

#include "lexicon_tables.h"

typedef struct word_set {
    uint16_t tags;
    uint8_t gender;
    const char *const *words;
} word_set;

/* ---- the tables -------------------------------------------------------- */

static const char *const pronouns_m[] = {"he", NULL};
static const char *const pronouns_f[] = {"she", NULL};
static const char *const pronouns_p[] = {"they", "we", NULL};
static const char *const pronouns_n[] = {"it", "i", "you", NULL};

/* Words before a name that say who the person is; they are dropped from
 * the canonical name ("Kern County Sheriff Donny Youngblood"). */
static const char *const titles_m[] = {
    "mr", "mr.", "sir", "king", "prince", "lord", "congressman",
    "councilman", "assemblyman", "father", "pope", "brother", NULL};
static const char *const titles_f[] = {
    "mrs", "mrs.", "ms", "ms.", "miss", "dame", "queen", "princess", "lady",
    "congresswoman", "councilwoman", "assemblywoman", "sister", NULL};
static const char *const titles[] = {
    "dr", "dr.", "sen", "sen.", "sens.", "rep", "rep.", "reps.", "gov",
    "gov.", "gen", "gen.", "lt", "lt.", "col", "col.", "sgt", "sgt.", "capt",
    "capt.", "adm", "adm.", "cmdr", "cmdr.", "prof", "prof.", "rev", "rev.",
    "hon", "hon.", "pres", "pres.", "atty", "atty.", "supt", "supt.", "det",
    "det.", "lt.gov.", "judge", "justice", "sheriff", "president", "senator",
    "governor", "mayor", "secretary", "minister", "chancellor", "chairman",
    "chairwoman", "chair", "director", "commissioner", "representative",
    "speaker", "leader", "attorney", "general", "magistrate", "prosecutor",
    "chief", "deputy", "ambassador", "candidate", "nominee", "rabbi",
    "pastor", "coach", "officer", "trooper", "agent", "premier", "vice",
    "former", "acting", "ex", "delegate", "alderman", "superintendent",
    "dean", "professor", "founder", "ceo", "executive", "sergeant",
    "lieutenant", "captain", "colonel", "commander", "admiral", "detective",
    "inspector", "constable", "bishop", "cardinal", "imam", "emperor",
    "chairperson", "councilmember", "frontrunner", "front-runner",
    "hopeful", "challenger", "incumbent", "strategist", "pollster",
    "economist", "analyst", "spokesman", "spokeswoman", "spokesperson",
    "lawmaker", "host", "anchor", "columnist", "commentator", "author",
    "billionaire", "businessman", "businesswoman", "mogul", "tycoon",
    "activist", "organizer", "advocate", "adviser", "advisor", "aide",
    "manager", "strategist", "surrogate", "official", "counsel",
    "lawyer", "sen.-elect", "gov.-elect", "president-elect", NULL};

/* Nouns that head a phrase naming a person or people. */
static const char *const roles[] = {
    "spokesman", "spokeswoman", "spokesperson", "official", "aide",
    "adviser", "advisor", "source", "analyst", "expert", "lawyer",
    "attorney", "critic", "supporter", "voter", "resident", "leader",
    "member", "man", "woman", "person", "candidate", "nominee",
    "strategist", "observer", "economist", "scientist", "researcher",
    "professor", "historian", "operative", "donor", "activist", "advocate",
    "opponent", "ally", "friend", "colleague", "representative",
    "lawmaker", "legislator", "senator", "governor", "mayor", "president",
    "judge", "sheriff", "officer", "agent", "prosecutor", "investigator",
    "director", "chairman", "chairwoman", "secretary", "manager",
    "organizer", "executive", "ceo", "insider", "veteran", "pollster",
    "author", "reporter", "journalist", "writer", "columnist", "host",
    "commentator", "consultant", "counsel", "staffer", "surrogate",
    "delegate", "minister", "diplomat", "negotiator", "partner", "owner",
    "founder", "worker", "student", "parent", "mother", "father", "teacher",
    "doctor", "victim", "witness", "neighbor", "neighbour", "fan",
    "conservative", "liberal", "progressive", "democrat", "republican",
    "independent", "respondent", "participant", "chief", "boss",
    "commissioner", "superintendent", "administrator", "ambassador",
    "general", "leader", "speaker", "campaigner", "volunteer", "protester",
    "protestor", "demonstrator", "defender", "backer", "loyalist",
    "pundit", "blogger", "economist", "planner", "specialist", "trader",
    "banker", "investor", "entrepreneur", "businessman", "businesswoman",
    "billionaire", "celebrity", "actor", "actress", "singer", "star",
    "player", "coach", "immigrant", "citizen", "american", "son",
    "daughter", "wife", "husband", "brother", "sister", "guy", NULL};
static const char *const roles_plural[] = {
    "officials", "aides", "advisers", "advisors", "sources", "analysts",
    "experts", "lawyers", "attorneys", "critics", "supporters", "voters",
    "residents", "leaders", "members", "people", "men", "women",
    "candidates", "strategists", "observers", "economists", "scientists",
    "researchers", "historians", "operatives", "donors", "activists",
    "advocates", "opponents", "allies", "friends", "colleagues",
    "representatives", "lawmakers", "legislators", "senators", "governors",
    "officers", "agents", "prosecutors", "investigators", "directors",
    "organizers", "executives", "insiders", "veterans", "pollsters",
    "authors", "reporters", "journalists", "writers", "commentators",
    "consultants", "staffers", "surrogates", "delegates", "ministers",
    "diplomats", "negotiators", "partners", "owners", "workers", "students",
    "parents", "teachers", "doctors", "victims", "witnesses", "neighbors",
    "fans", "conservatives", "liberals", "progressives", "democrats",
    "republicans", "independents", "respondents", "participants", "others",
    "some", "many", "both", "americans", "citizens", "immigrants",
    "protesters", "protestors", "demonstrators", "defenders", "backers",
    "loyalists", "pundits", "bloggers", "specialists", "traders", "bankers",
    "investors", "scholars", "pastors", "clergy", "evangelicals",
    "conservatives", "moderates", "centrists", "authorities", "police",
    "judges", "justices", "mayors", "sheriffs", "planners", "volunteers",
    "campaigners", "backers", "proponents", "skeptics", "sceptics",
    "economists", "forecasters", "traders", "analysts", "most", "few",
    "majority", "plurality", "percent", "crowd", "audience", "public",
    /* shares of a polled group: "nearly half said", "a third said" */
    "half", "third", "thirds", "quarter", "quarters", "fifth", "fifths",
    "minority", "share", NULL};

/* Nouns that head a phrase naming a body that speaks as one. */
static const char *const orgs[] = {
    "campaign", "committee", "administration", "government", "department",
    "agency", "office", "party", "group", "company", "firm", "union",
    "council", "court", "board", "commission", "ministry", "organization",
    "organisation", "association", "foundation", "institute", "center",
    "centre", "network", "newspaper", "magazine", "bank", "caucus", "team",
    "coalition", "league", "senate", "congress", "house", "pentagon",
    "embassy", "army", "military", "county", "city", "state", "school",
    "university", "college", "corporation", "bureau", "service", "station",
    "channel", "outlet", "paper", "website", "site", "panel", "jury",
    "legislature", "assembly", "parliament", "cabinet", "movement",
    "alliance", "federation", "fund", "super", "pac", "spokesmen",
    "leadership", "establishment", "regime", "club", "society",
    "nonprofit", "charity", "lobby", "industry", "coalition", NULL};

/* Nouns for texts that can be the source of a quote. */
static const char *const docs[] = {
    "letter", "report", "statement", "memo", "memorandum", "poll", "survey",
    "study", "analysis", "document", "release", "filing", "lawsuit",
    "complaint", "ruling", "opinion", "order", "email", "e-mail", "tweet",
    "post", "book", "article", "editorial", "column", "ad", "advertisement",
    "video", "transcript", "data", "figures", "numbers", "polls", "surveys",
    "reports", "estimates", "research", "findings", "cables", "records",
    "documents", "message", "notice", "website", "bill", "law", "story",
    "review", "audit", "platform", "website", "emails", "letters",
    "statements", "polling", "census", "estimate", "projections", "models",
    "forecast", "indictment", "affidavit", "testimony", "motion", "brief",
    "decision", "verdict", "guidance", "proposal", "plan", "budget",
    "resolution", "transcripts", "messages", "tweets", "posts", "ads",
    NULL};

/* Words that may stand between a speaker and the cue, skipped when the
 * speaker is looked for ("Sessions has also said"). */
static const char *const aux[] = {
    "has", "have", "had", "also", "would", "will", "did", "does", "do",
    "previously", "later", "then", "recently", "repeatedly", "once",
    "often", "reportedly", "publicly", "privately", "quickly", "further",
    "again", "earlier", "first", "originally", "specifically", "separately",
    "never", "always", "frequently", "still", "already", "subsequently",
    "simply", "flatly", "initially", "just", "even", "ultimately",
    "finally", "openly", "explicitly", "directly", "long", "consistently",
    "could", "might", "may", "can", "should", "must", "not", "n't",
    "is", "are", "was", "were", "been", "be", "being", "all", "both",
    "similarly", "likewise", "angrily", "bluntly", "loudly", "proudly",
    "quietly", "softly", "firmly", "strongly", "clearly", "plainly",
    "personally", "jokingly", "sarcastically", "defiantly",
    "emphatically", "confidently", "cautiously", "candidly", "tersely",
    "succinctly", "immediately", "promptly", "eventually", "broadly",
    "generally", "only", "too", "apparently", "allegedly", "seemingly",
    "falsely", "wrongly", "correctly", "rightly", "accurately",
    "erroneously", "misleadingly", NULL};

/* Function words: never part of a name, even capitalised at a sentence
 * start ("But Sessions said"). */
static const char *const func[] = {
    "the", "a", "an", "and", "or", "but", "so", "if", "when", "while", "as",
    "because", "although", "though", "however", "also", "then", "than",
    "that", "this", "these", "those", "there", "here", "it", "its", "is",
    "was", "are", "were", "be", "been", "not", "no", "yes", "of", "in",
    "on", "at", "to", "for", "with", "by", "from", "after", "before",
    "during", "about", "what", "which", "who", "whom", "whose", "where",
    "why", "how", "all", "some", "many", "most", "more", "few", "both",
    "each", "every", "any", "such", "other", "another", "still", "yet",
    "even", "just", "only", "now", "meanwhile", "instead", "indeed",
    "still", "thus", "hence", "since", "until", "unless", "whether", "his",
    "her", "their", "our", "my", "your", "he", "she", "they", "we", "i",
    "you", "him", "them", "us", "me", "said", "says", "asked", "told",
    "added", "according", "despite", "without", "within", "among",
    "against", "into", "onto", "over", "under", "through", "via", "amid",
    "like", "unlike", "last", "next", "earlier", "later", "today",
    "yesterday", "tonight", "mr", "ms", "do", "does", "did", "has", "have",
    "had", "will", "would", "can", "could", "should", "may", "might",
    "must", "asked", "why", "also", "again", "not", "nor", "either",
    "neither", "up", "down", "out", "off", "well", "too", "very", "much",
    "perhaps", "maybe", "speaking", "asked", "overall", "first", "second",
    "third", "finally", "plus", "once", "twice", "let", "lets", "let's",
    "ok", "okay", "oh", "well", "sure", "please", "thank", "thanks", NULL};

static const char *const dets[] = {
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your",
    "some", "many", "several", "two", "three", "four", "five", "six",
    "most", "other", "another", "one", "this", "these", "those", "both",
    "all", "few", "each", "every", "no", "any", "such", "former", "top",
    "senior", "two", "dozens", "hundreds", "thousands", "numerous",
    "various", "multiple", "certain", "fellow", NULL};

static const char *const times[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "today", "yesterday", "tonight", "morning", "afternoon",
    "evening", "night", "week", "month", "year", "weekend", "weeks",
    "months", "years", "days", "day", "hours", "minutes", "january",
    "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "jan.", "feb.", "aug.", "sept.",
    "oct.", "nov.", "dec.", "earlier", "later", "recently", "ago", "last",
    "this", "next", "late", "early", "past", "previous", "time", "times",
    NULL};

static const char *const preps[] = {
    "in", "on", "at", "to", "with", "during", "after", "before", "for",
    "from", "via", "by", "through", "about", "over", "under", "into",
    "amid", "since", "of", "outside", "inside", "near", "behind", NULL};

static const char *const thats[] = {"that", NULL};
static const char *const namelinks[] = {
    "de", "del", "della", "da", "van", "von", "der", "den", "la", "le",
    "bin", "al", "ibn", "di", "du", "dos", "das", "st.", "y", NULL};
static const char *const relatives[] = {"who", NULL};
static const char *const notspeakers[] = {
    "it", "there", "this", "that", "what", "which", "these", "those",
    "here", "nobody", "anyone", "everyone", "everybody", "somebody",
    "someone", "something", "nothing", "everything", "anything", "i",
    "you", "me", "him", "us", "them", "where", "when", "how", "why", "so",
    "if", "as", "because", "and", "or", "but", "to", "of", NULL};
static const char *const plurals[] = {"they", "we", NULL};

static const word_set word_sets[] = {
    {QT_W_PRONOUN, QT_G_MALE, pronouns_m},
    {QT_W_PRONOUN, QT_G_FEMALE, pronouns_f},
    {QT_W_PRONOUN | QT_W_PLURAL, QT_G_PLURAL, pronouns_p},
    {QT_W_PRONOUN, QT_G_UNKNOWN, pronouns_n},
    {QT_W_TITLE, QT_G_MALE, titles_m},
    {QT_W_TITLE, QT_G_FEMALE, titles_f},
    {QT_W_TITLE, QT_G_UNKNOWN, titles},
    {QT_W_ROLE, QT_G_UNKNOWN, roles},
    {QT_W_ROLE | QT_W_PLURAL, QT_G_PLURAL, roles_plural},
    {QT_W_ORG, QT_G_UNKNOWN, orgs},
    {QT_W_DOC, QT_G_UNKNOWN, docs},
    {QT_W_AUX, QT_G_UNKNOWN, aux},
    {QT_W_FUNC, QT_G_UNKNOWN, func},
    {QT_W_DET, QT_G_UNKNOWN, dets},
    {QT_W_TIME, QT_G_UNKNOWN, times},
    {QT_W_PREP, QT_G_UNKNOWN, preps},
    {QT_W_THAT, QT_G_UNKNOWN, thats},
    {QT_W_NAMELINK, QT_G_UNKNOWN, namelinks},
    {QT_W_RELATIVE, QT_G_UNKNOWN, relatives},
    {QT_W_NOTSPEAKER, QT_G_UNKNOWN, notspeakers},
    {QT_W_PLURAL, QT_G_PLURAL, plurals},
};

/*
 * Common English first names and the gender they usually go with, so that
 * "he" or "she" can find "Hillary Clinton" or "Paul Ryan" without a title
 * beside the name. Names that are as often a woman's as a man's (Chris,
 * Pat, Jordan) are left out: a wrong gender hides the right antecedent.
 * A name only sets the gender of its entry; it adds no tags, so a name
 * that is also a table word ("Bill", "Will") keeps behaving as that word.
 */
static const char *const names_m[] = {
    "aaron", "adam", "alan", "albert", "andrew", "anthony", "arthur",
    "barack", "ben", "benjamin", "bernie", "bill", "billy", "bob", "bobby",
    "brad", "bradley", "brandon", "brian", "bruce", "bryan", "carl",
    "charles", "charlie", "chuck", "clarence", "craig", "dan", "daniel",
    "darrell", "dave", "david", "dennis", "dick", "don", "donald", "doug",
    "douglas", "ed", "eddie", "edward", "eric", "frank", "fred", "gary",
    "george", "gerald", "greg", "gregory", "harry", "henry", "howard",
    "ian", "jack", "jacob", "jake", "james", "jason", "jeb", "jeff",
    "jeffrey", "jeremy", "jerry", "jim", "jimmy", "joe", "joel", "john",
    "johnny", "jon", "jonathan", "joseph", "josh", "joshua", "juan",
    "justin", "keith", "ken", "kenneth", "kevin", "larry", "lawrence",
    "lindsey", "louis", "luke", "marco", "mario", "martin", "matt",
    "matthew", "michael", "mike", "mitch", "mitt", "nathan", "neil",
    "nicholas", "nick", "patrick", "paul", "peter", "phil", "philip",
    "ralph", "randy", "ray", "raymond", "reince", "richard", "rick",
    "rob", "robert", "roger", "ron", "ronald", "roy", "rudy", "russell",
    "ryan", "scott", "sean", "stephen", "steve", "steven", "ted",
    "terry", "thomas", "tim", "timothy", "todd", "tom", "tony", "walter",
    "wayne", "william", "willie", NULL};
static const char *const names_f[] = {
    "abigail", "alice", "alison", "amanda", "amy", "andrea", "angela",
    "ann", "anna", "anne", "barbara", "betsy", "betty", "beverly", "brenda",
    "carly", "carol", "caroline", "catherine", "cathy", "cheryl",
    "christina", "christine", "cindy", "claire", "debbie", "deborah",
    "debra", "diana", "diane", "donna", "dorothy", "elizabeth", "ellen",
    "emily", "emma", "frances", "gina", "gloria", "hannah", "heather",
    "heidi", "helen", "hillary", "jane", "janet", "janice", "jean",
    "jennifer", "jessica", "jill", "joan", "joyce", "judith", "judy",
    "julia", "julie", "karen", "kate", "katherine", "kathleen", "kathy",
    "kellyanne", "kimberly", "kirsten", "laura", "lauren", "linda", "lisa",
    "lori", "louise", "lucy", "margaret", "maria", "marie", "marilyn",
    "martha", "mary", "megan", "megyn", "melania", "melissa", "michelle",
    "nancy", "nicole", "nikki", "olivia", "pamela", "patricia", "paula",
    "rachel", "rebecca", "rosa", "ruth", "sandra", "sara", "sarah",
    "sharon", "shirley", "sophia", "stephanie", "susan", "susana",
    "suzanne", "teresa", "theresa", "tiffany", "tina", "valerie",
    "victoria", "virginia", "wendy", NULL};

/* ---- the hash ---------------------------------------------------------- */


/*
 * The table is two arrays: small slots (16 bits of hash and an entry
 * index, 4 bytes, so the probed part stays in the L1 cache) and the entries they
 * point at. A word is its first 16 bytes folded to lower case as two
 * 64-bit keys (OR 0x20 lowers ASCII letters and leaves the digits and
 * punctuation of table words as they are; no table word is longer), so
 * hashing and comparing take a few instructions and no loop.
 */
#define QT_KEY_MAX 16

typedef struct slot {
    uint16_t tag;   /* the hash's top bits */
    uint16_t entry; /* 1-based; 0 = empty */
} slot;

typedef struct entry {
    uint64_t k0, k1;
    size_t len;
    qt_wordinfo info;
} entry;

struct qt_lexicon {
    slot *slots;
    uint32_t mask;
    entry *entries;
    uint32_t n_entries;
    size_t max_len; /* the longest table word */
    /* one bit per (length, folded first byte, folded last byte) of the
     * table's words: most names and nouns of a text miss here and skip
     * the probe; 2 KB, so it stays in the L1 cache */
    uint32_t shape[QT_KEY_MAX + 1][32];
};

static inline unsigned shape_byte(unsigned char ch)
{
    return (ch | 0x20u) & 31u;
}

static inline int is_little_endian(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/*
 * The folded keys of w[0, len), len <= QT_KEY_MAX, where `avail` bytes
 * may be read from w. With 16 readable bytes the word is two unaligned
 * loads and masks (no loop, no branch on its length); near the end of
 * the text it is read byte by byte. Little-endian byte order either way,
 * so both paths give the same keys.
 */
static inline void word_key(const char *w, size_t len, size_t avail,
                            uint64_t *k0, uint64_t *k1)
{
    /* the bytes of each key that belong to a word of length len: a table,
     * not a computed shift, so the key takes no branch on the length */
    static const uint64_t lo_mask[QT_KEY_MAX + 1] = {
        0, 0xffull, 0xffffull, 0xffffffull, 0xffffffffull, 0xffffffffffull,
        0xffffffffffffull, 0xffffffffffffffull, ~0ull, ~0ull, ~0ull, ~0ull,
        ~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
    static const uint64_t hi_mask[QT_KEY_MAX + 1] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0xffull, 0xffffull, 0xffffffull,
        0xffffffffull, 0xffffffffffull, 0xffffffffffffull,
        0xffffffffffffffull, ~0ull};
    const uint64_t fold = 0x2020202020202020ull;
    uint64_t a = 0, b = 0;
    size_t i;
    if (avail >= 16 && is_little_endian()) {
        memcpy(&a, w, 8);
        memcpy(&b, w + 8, 8);
    } else {
        for (i = 0; i < len && i < 8; i++)
            a |= (uint64_t)(unsigned char)w[i] << (8 * i);
        for (; i < len; i++)
            b |= (uint64_t)(unsigned char)w[i] << (8 * (i - 8));
    }
    *k0 = (a | fold) & lo_mask[len];
    *k1 = (b | fold) & hi_mask[len];
}

static inline uint32_t key_hash(uint64_t k0, uint64_t k1, size_t len)
{
    uint64_t h = (k0 * 0x9E3779B97F4A7C15ull) ^ (k1 * 0xC2B2AE3D27D4EB4Full) ^
                 (uint64_t)len;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return (uint32_t)(h >> 32);
}

/* The slot of a key, existing or the empty one where it would go. */
static slot *probe(const qt_lexicon *lx, uint64_t k0, uint64_t k1,
                   size_t len, uint32_t h)
{
    uint32_t i = h & lx->mask;
    for (;;) {
        slot *s = &lx->slots[i];
        if (!s->entry)
            return s;
        if (s->tag == (uint16_t)(h >> 16)) {
            const entry *e = &lx->entries[s->entry - 1];
            if (e->k0 == k0 && e->k1 == k1 && e->len == len)
                return s;
        }
        i = (i + 1) & lx->mask;
    }
}

/* The entry of w, added (empty) when new; NULL for a word too long. */
static entry *insert(qt_lexicon *lx, const char *w)
{
    size_t len = strlen(w);
    uint64_t k0, k1;
    uint32_t h;
    slot *s;
    if (len == 0 || len > QT_KEY_MAX)
        return NULL;
    word_key(w, len, 0, &k0, &k1);
    h = key_hash(k0, k1, len);
    s = probe(lx, k0, k1, len, h);
    if (len > lx->max_len)
        lx->max_len = len;
    lx->shape[len][shape_byte((unsigned char)w[0])] |=
        1u << shape_byte((unsigned char)w[len - 1]);
    if (!s->entry) {
        entry *e = &lx->entries[lx->n_entries++];
        e->k0 = k0;
        e->k1 = k1;
        e->len = len;
        s->tag = (uint16_t)(h >> 16);
        s->entry = (uint16_t)lx->n_entries;
    }
    return &lx->entries[s->entry - 1];
}

static size_t count_words(void)
{
    size_t n = 0, i, j;
    for (i = 0; i < sizeof(word_sets) / sizeof(word_sets[0]); i++)
        for (j = 0; word_sets[i].words[j]; j++)
            n++;
    for (i = 0; qt_verbs[i].forms[0]; i++)
        n += 5;
    for (i = 0; qt_cue_nouns[i]; i++)
        n++;
    for (i = 0; names_m[i]; i++)
        n++;
    for (i = 0; names_f[i]; i++)
        n++;
    return n + 1; /* "according" */
}

/*
 * Build the hash: every table word, tags merged. A verb form's cue info
 * wins over a noun's ("claims" is both), and the forms say whether the cue
 * is finite ("said") or a gerund ("saying"). The caller owns the result.
 */
qt_lexicon *qt_lexicon_new(void)
{
    qt_lexicon *lx = calloc(1, sizeof(*lx));
    size_t n = count_words(), size = 64, i, j;
    entry *s;
    if (!lx)
        return NULL;
    /* n counts a word once per table it is in, about twice the distinct
     * words; four slots per counted word leave the table about a tenth
     * full, so a miss (most names) ends at the first or second slot. At
     * 4 bytes a slot that is some 64 KB, within L2. */
    while (size < 4 * n)
        size *= 2;
    if (n >= 65535) {
        free(lx); /* entry indices are 16-bit */
        return NULL;
    }
    lx->slots = calloc(size, sizeof(slot));
    lx->entries = calloc(n, sizeof(entry));
    if (!lx->slots || !lx->entries) {
        qt_lexicon_free(lx);
        return NULL;
    }
    lx->mask = (uint32_t)(size - 1);
    for (i = 0; i < sizeof(word_sets) / sizeof(word_sets[0]); i++) {
        const word_set *ws = &word_sets[i];
        for (j = 0; ws->words[j]; j++) {
            if (!(s = insert(lx, ws->words[j])))
                continue;
            s->info.tags |= ws->tags;
            if (ws->gender && !s->info.gender)
                s->info.gender = ws->gender;
        }
    }
    for (i = 0; qt_cue_nouns[i]; i++) {
        if (!(s = insert(lx, qt_cue_nouns[i])))
            continue;
        s->info.tags |= QT_W_CUE;
        s->info.cue_kind = QT_CUE_NOUN;
        s->info.reporter = TP_REPORTER_NEUTRAL;
    }
    for (i = 0; qt_verbs[i].forms[0]; i++) {
        const qt_verb_def *v = &qt_verbs[i];
        for (j = 0; j < 5 && v->forms[j]; j++) {
            if (!(s = insert(lx, v->forms[j])))
                continue;
            s->info.tags |= QT_W_CUE;
            s->info.cue_kind = v->kind;
            s->info.cue_flags = v->flags;
            s->info.reporter = v->reporter;
            if (j == 3)
                s->info.cue_flags |= QT_CUEF_GERUND;
            else if (j != 0 && j != 4)
                s->info.cue_flags |= QT_CUEF_FINITE;
            else if (j == 0)
                s->info.cue_flags |= QT_CUEF_FINITE; /* "they say" */
        }
    }
    /* first names last, and only as a gender: see names_m */
    for (i = 0; names_m[i]; i++)
        if ((s = insert(lx, names_m[i])) && !s->info.gender)
            s->info.gender = QT_G_MALE;
    for (i = 0; names_f[i]; i++)
        if ((s = insert(lx, names_f[i])) && !s->info.gender)
            s->info.gender = QT_G_FEMALE;
    if ((s = insert(lx, "according"))) {
        s->info.tags |= QT_W_CUE;
        s->info.cue_kind = QT_CUE_PREP;
        s->info.reporter = TP_REPORTER_NEUTRAL;
    }
    return lx;
}

void qt_lexicon_free(qt_lexicon *lx)
{
    if (!lx)
        return;
    free(lx->slots);
    free(lx->entries);
    free(lx);
}

/* The lookup proper, inlined into the batch loop below; the caller has
 * checked that 0 < len <= max_len. */
static inline const qt_wordinfo *find(const qt_lexicon *lx, const char *word,
                                      size_t len, size_t avail)
{
    const slot *s;
    uint64_t k0, k1;
    if (!(lx->shape[len][shape_byte((unsigned char)word[0])] &
          (1u << shape_byte((unsigned char)word[len - 1]))))
        return NULL;
    word_key(word, len, avail, &k0, &k1);
    s = probe(lx, k0, k1, len, key_hash(k0, k1, len));
    return s->entry ? &lx->entries[s->entry - 1].info : NULL;
}

const qt_wordinfo *qt_lexicon_find(const qt_lexicon *lx, const char *word,
                                   size_t len, size_t avail)
{
    if (len == 0 || len > lx->max_len)
        return NULL;
    return find(lx, word, len, avail);
}

/*
 * Tag every token in one pass. It lives here, not in core.c, so that the
 * lookup is inlined into the loop (a call per word cost more than the
 * hash), and it writes through restrict pointers so the compiler keeps
 * the arrays in registers instead of reloading them after each store.
 * It also lists the tokens that start a sentence or a paragraph or are a
 * double quote mark, so that pairing and segmenting visit only those.
 */
int32_t qt_lexicon_tag(const qt_lexicon *lx, const char *text,
                       size_t text_len, const tp_token *restrict tok,
                       int32_t n, const qt_wordinfo **restrict info,
                       uint16_t *restrict tags, uint8_t *restrict no_cue,
                       int32_t *restrict bounds)
{
    const uint32_t bound = TP_TOKF_PARA_START | TP_TOKF_SENT_START |
                           TP_TOKF_QUOTE_DOUBLE;
    int32_t i, n_bounds = 0;
    for (i = 0; i < n; i++) {
        const tp_token *t = &tok[i];
        const qt_wordinfo *w;
        size_t len = t->end - t->start;
        info[i] = NULL;
        tags[i] = 0;
        no_cue[i] = 0;
        /* appended without a branch: most tokens are no boundary */
        bounds[n_bounds] = i;
        n_bounds += (t->flags & bound) != 0;
        /* only words are in the tables, none empty or longer than the
         * longest entry (len - 1 wraps for 0) */
        if (t->kind != TP_TOK_WORD || len - 1 >= lx->max_len)
            continue;
        w = find(lx, text + t->start, len, text_len - t->start);
        if (!w)
            continue;
        info[i] = w;
        tags[i] = w->tags;
        /* "US", "IT", "WHO" in capitals are names, not the little words
         * they spell; titles, roles and cues keep their tags ("CEO") */
        if (t->flags & TP_TOKF_ALL_CAPS)
            tags[i] &= (uint16_t)~QT_W_CLOSED;
        /* a capitalised cue inside a sentence is a name ("Oregon State
         * Rep."), except "According" */
        if ((w->tags & QT_W_CUE) &&
            (t->flags & (TP_TOKF_CAPITALISED | TP_TOKF_SENT_START)) ==
                TP_TOKF_CAPITALISED &&
            w->cue_kind != QT_CUE_PREP)
            no_cue[i] = 1;
    }
    return n_bounds;
}
