/*
 * words.c - the word tables of the quotes stage other than the reporting
 * verbs (cues.c): pronouns, titles and roles, organisation and document
 * nouns, the little words that sit between a speaker and a cue, and first
 * names with the gender they usually go with. The tables are ours; a word
 * may sit in several and lexicon.c merges its tags.
 */
#include "lexicon_tables.h"

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
    "manager", "strategist", "surrogate", "official", "counsel", "lobbyist",
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
    "daughter", "wife", "husband", "brother", "sister", "guy", "lobbyist",
    NULL};
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
    "lobbyists",
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
    "campaign",      "committee",    "administration", "government",
    "department",    "agency",       "office",         "party",
    "group",         "company",      "firm",           "union",
    "council",       "court",        "board",          "commission",
    "ministry",      "organization", "organisation",   "association",
    "foundation",    "institute",    "center",         "centre",
    "network",       "newspaper",    "magazine",       "bank",
    "caucus",        "team",         "coalition",      "league",
    "senate",        "congress",     "house",          "pentagon",
    "embassy",       "army",         "military",       "county",
    "city",          "state",        "school",         "university",
    "college",       "corporation",  "bureau",         "service",
    "station",       "channel",      "outlet",         "paper",
    "website",       "site",         "panel",          "jury",
    "legislature",   "assembly",     "parliament",     "cabinet",
    "movement",      "alliance",     "federation",     "fund",
    "super",         "pac",          "spokesmen",      "leadership",
    "establishment", "regime",       "club",           "society",
    "nonprofit",     "charity",      "lobby",          "industry",
    "coalition",     "family",       "staff",          NULL};

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
    "studies", "analyses", "statistics", NULL};

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
    "erroneously", "misleadingly", "'ve", "’ve", "now", "ever",
    "sometimes", "usually", NULL};

/* Function words: never part of a name, even capitalised at a sentence
 * start ("But Sessions said"). */
static const char *const func[] = {
    "the",      "a",         "an",      "and",       "or",      "but",
    "so",       "if",        "when",    "while",     "as",      "because",
    "although", "though",    "however", "also",      "then",    "than",
    "that",     "this",      "these",   "those",     "there",   "here",
    "it",       "its",       "is",      "was",       "are",     "were",
    "be",       "been",      "not",     "no",        "yes",     "of",
    "in",       "on",        "at",      "to",        "for",     "with",
    "by",       "from",      "after",   "before",    "during",  "about",
    "what",     "which",     "who",     "whom",      "whose",   "where",
    "why",      "how",       "all",     "some",      "many",    "most",
    "more",     "few",       "both",    "each",      "every",   "any",
    "such",     "other",     "another", "still",     "yet",     "even",
    "just",     "only",      "now",     "meanwhile", "instead", "indeed",
    "still",    "thus",      "hence",   "since",     "until",   "unless",
    "whether",  "whereas",   "his",     "her",       "their",   "our",
    "my",       "your",      "he",      "she",       "they",    "we",
    "i",        "you",       "him",     "them",      "us",      "me",
    "said",     "says",      "asked",   "told",      "added",   "according",
    "despite",  "without",   "within",  "among",     "against", "into",
    "onto",     "over",      "under",   "through",   "via",     "amid",
    "like",     "unlike",    "last",    "next",      "earlier", "later",
    "today",    "yesterday", "tonight", "mr",        "ms",      "do",
    "does",     "did",       "has",     "have",      "had",     "will",
    "would",    "can",       "could",   "should",    "may",     "might",
    "must",     "asked",     "why",     "also",      "again",   "not",
    "nor",      "either",    "neither", "up",        "down",    "out",
    "off",      "well",      "too",     "very",      "much",    "perhaps",
    "maybe",    "speaking",  "asked",   "overall",   "first",   "second",
    "third",    "finally",   "plus",    "once",      "twice",   "let",
    "lets",     "let's",     "ok",      "okay",      "oh",      "well",
    "sure",     "please",    "thank",   "thanks",    NULL};

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

const word_set qt_word_sets[] = {
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
const char *const qt_names_m[] = {
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
const char *const qt_names_f[] = {
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

const size_t qt_n_word_sets = sizeof(qt_word_sets) / sizeof(qt_word_sets[0]);
