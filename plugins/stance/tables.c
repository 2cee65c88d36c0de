/*
 * tables.c - the stance stage's own word tables, written by the textpipe
 * team (no third-party lexicon is copied here; a user adds one with
 * `lexicons =`). Valence is on a -3..+3 scale. Function words, negators,
 * intensifiers, hedges and contrast markers shape the scope of sentiment;
 * stance words (support, oppose, condemn, protect, crack down, afraid)
 * carry a position toward their object rather than a mood; refuting words
 * deny a claim. No entry names a topic: the tables must serve any target.
 * Bump ST_TABLES_VERSION in stance.h when they change.
 */
#include <stddef.h>

#include "stance.h"

static const char *const negators[] = {
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
    "without", "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "arent",
    "wasnt", "werent", "wont", "wouldnt", "shouldnt", "couldnt", "aint",
    "hasnt", "havent", "hadnt", "mustnt", "nowhere", "lack", "lacks",
    "lacking", "hardly", "barely", NULL};

static const char *const intensifiers[] = {
    "very", "really", "so", "extremely", "totally", "absolutely",
    "completely", "incredibly", "truly", "utterly", "highly", "deeply",
    "seriously", "most", "such", "super", "entirely", "especially",
    "particularly", "thoroughly", "hugely", "exceptionally", "too",
    "fucking", "freaking", "damn", "definitely", "clearly", "obviously",
    "certainly", "strongly", "always", "ever", "all", NULL};

static const char *const diminishers[] = {
    "slightly", "somewhat", "little", "partly", "marginally", "kinda",
    "sorta", "fairly", "rather", "mildly", "occasionally", NULL};

static const char *const hedges[] = {
    "maybe", "perhaps", "possibly", "probably", "might", "may", "could",
    "seems", "seem", "seemed", "apparently", "reportedly", "allegedly",
    "supposedly", "purportedly", "likely", "unclear", "unconfirmed",
    "rumor", "rumors", "rumored", "rumour", "rumours", "rumoured",
    "appears", "appear", "suggests", "suggest", "possible", "if",
    "whether", "claims", "claim", "claimed", "speculation", "unverified",
    "believed", NULL};

static const char *const contrasts[] = {
    "but", "however", "yet", "nevertheless", "nonetheless", "instead",
    NULL};

static const char *const concessions[] = {
    "although", "though", "despite", "whereas", "while", NULL};

/* Words that take a side toward their object, with a mild valence of
 * their own when no object is found. */
static const char *const pro_words[] = {
    "support", "supports", "supported", "supporting", "supporter",
    "supporters", "defend", "defends", "defended", "defending", "protect",
    "protects", "protected", "protecting", "champion", "champions",
    "endorse", "endorses", "endorsed", "endorsing", "favor", "favors",
    "favour", "favours", "pro", "advocate", "advocates", "advocating",
    "embrace", "embraces", "embraced", "praise", "praises", "praised",
    "applaud", "applauds", "applauded", "celebrate", "celebrates", "vote",
    "voting", "elect", "welcome", "welcomes", "welcomed", "standwith",
    "stand", "stands", "love", "loves", "need", "needs", "proud",
    "agree", "agrees", "agreed", "deserve", "deserves", "thank", "thanks",
    "admire", "admires", "trust", "trusts", "believe", "join", "backing",
    "uphold", "upholds", "promote", "promotes", "promoting", "save",
    "saves", "keep", "yes", "go", "want", NULL};

static const char *const con_words[] = {
    "oppose", "opposes", "opposed", "opposing", "opposition", "against",
    "condemn", "condemns", "condemned", "condemning", "denounce",
    "denounces", "denounced", "reject", "rejects", "rejected", "rejecting",
    "attack", "attacks", "attacked", "attacking", "threaten", "threatens",
    "threatened", "threatening", "threat", "threats", "crackdown", "crack",
    "ban", "bans", "banned", "banning", "abolish", "abolished", "boycott",
    "destroy", "destroys", "destroyed", "destroying", "protest",
    "protests", "protested", "resist", "resists", "resisting",
    "criticize", "criticizes", "criticized", "criticise", "criticised",
    "blame", "blames", "blamed", "afraid", "fear", "fears", "feared",
    "scared", "anti", "hate", "hates", "hated", "disagree", "disagrees",
    "undermine", "undermines", "sue", "sued", "slam", "slams", "slammed",
    "blast", "blasts", "blasted", "accuse", "accuses", "accused", "veto",
    "repeal", "dismantle", "defund", "outlaw", "overturn", "target",
    "targeting", "targeted", "never", "stop",
    "stopping", "dump", "dumped", "nope", "shame", "down", NULL};

/* Words that deny a claim, whatever the claim is. */
static const char *const refute_words[] = {
    "hoax", "fake", "false", "falsely", "myth", "myths", "lie", "lies",
    "lying", "liar", "debunk", "debunked", "debunks", "deny", "denies",
    "denied", "denial", "untrue", "fabricated", "bogus", "scam", "fraud",
    "misleading", "baseless", "unfounded", "disproved", "refute",
    "refuted", "refutes", "dispute", "disputed", "disputes", "nonsense",
    "conspiracy", "wrong", "rejects", "dismissed",
    "dismisses", "exaggerated", "satire", "prank", "doctored", "photoshopped",
    "retracted", "hoaxes", "bullshit", "bs", NULL};

/* Function words: never a target's content word. */
static const char *const stop_words[] = {
    "the", "a", "an", "of", "to", "in", "on", "for", "with", "by", "at",
    "from", "and", "or", "as", "that", "this", "these", "those", "it",
    "its", "his", "her", "their", "our", "my", "your", "we", "you", "they",
    "he", "she", "i", "me", "us", "them", "who", "what", "which", "how",
    "why", "when", "where", "there", "here", "than", "then", "just",
    "also", "about", "into", "over", "after", "before", "up", "out", "off",
    "again", "once", "any", "both", "each", "few", "more", "other", "some",
    "only", "own", "same", "now", "be", "been", "being", "am", "s", "t",
    "real", "new", "one", "two", "many", "much", "get", "got", "make",
    "made", "like", NULL};

/* Verbs that make a target a claim ("X is a real concern", "X should"). */
static const char *const copulas[] = {
    "is", "are", "was", "were", "be", "should", "will", "would", "must",
    "can", "could", "has", "have", "had", "does", "do", "did", "believes",
    NULL};

static const char *const pos3[] = {
    "excellent", "amazing", "awesome", "wonderful", "fantastic", "best",
    "love", "loved", "loving", "brilliant", "outstanding", "superb",
    "incredible", "perfect", "hero", "heroes", "heroic", "inspiring",
    "magnificent", "beautiful", "blessed", "thrilled", "genius",
    "phenomenal", "extraordinary", NULL};

static const char *const pos2[] = {
    "good", "great", "happy", "glad", "proud", "brave", "strong", "smart",
    "wise", "honest", "hope", "hopeful", "win", "wins", "winning",
    "winner", "victory", "success", "successful", "fair", "justice",
    "freedom", "equality", "safe", "safety", "care", "caring", "kind",
    "kindness", "peace", "peaceful", "respect", "respected", "inspire",
    "inspired", "qualified", "positive", "helpful", "true", "truth",
    "grateful", "blessing", "bless", "joy", "fun", "favorite",
    "favourite", "impressive", "effective", "powerful", "empower",
    "empowered", "empowering", "empowerment", "worthy", "correct", "nice",
    "excited", "exciting", "remarkable", "clever", "healthy", "heal",
    "healing", "rescue", "secure", "reliable", "responsible",
    "compassion", "compassionate", "generous", "courage", "courageous",
    "dignity", "honor", "honour", "admirable", "optimistic", "improve",
    "improved", "improvement", "solution", "united", "unity",
    "celebration", "congratulations", "congrats", "yay", "lovely",
    "glorious", "trusted", "trustworthy", "capable", "competent",
    "deserving", "legitimate", "valid", "important", "essential",
    "progress", "benefit", "benefits", "beneficial", "valuable", "pride",
    "triumph", "thriving", "prosper", "prosperity", "enjoy", "enjoyed",
    "smile", "smiles", "laugh", "cool", "sweet", "amazed", "impressed",
    "strength", "stronger", "support", "protect", "defend", "praise",
    "admire", "thank", "thanks", "welcome", "agree", "endorse", NULL};

static const char *const pos1[] = {
    "like", "liked", "likes", "better", "free", "equal", "rights", "help",
    "helps", "helped", "okay", "ok", "fine", "right", "yes", "agree",
    "deserve", "deserves", "trust", "opportunity", "solve", "solved",
    "save", "saved", "saves", "wow", "lol", "haha", "interesting",
    "ready", "promise", "promising", "worth", "allow", "allowed", "choice",
    "choose", "life", "live", "alive", "welcome", "celebrate", "share",
    "family", "friend", "friends", "together", "future", "proud", "vote",
    "elect", "lead", "leader", "leadership", "experience", "experienced",
    "prepared", "calm", "clean", "credible", "accountable", "useful",
    "stable", "steady", "sure", NULL};

static const char *const neg1[] = {
    "concern", "concerns", "concerned", "problem", "problems", "risk",
    "risks", "risky", "worry", "worried", "worries", "sorry", "weak",
    "poor", "lost", "lose", "losing", "struggle", "struggling", "doubt",
    "doubts", "question", "questionable", "hard", "difficult", "tired",
    "boring", "annoying", "annoyed", "silly", "odd", "strange", "damn",
    "hell", "joke", "lame", "decline", "radical", "extreme", "confused",
    "confusing", "meh", "ugh", "slow", "expensive", "cost", "costly",
    "mistake", "mistakes", "error", "illegal", "unfortunately", "fault",
    "oppose", "against", "criticize", "criticise", "protest", "sue",
    "blame", "accuse", "reject", "deny", "ban", NULL};

static const char *const neg2[] = {
    "bad", "worse", "wrong", "stupid", "dumb", "idiot", "idiots", "fool",
    "foolish", "ridiculous", "absurd", "pathetic", "shame", "shameful",
    "corrupt", "corruption", "criminal", "crime", "crimes", "liar", "lie",
    "lies", "lying", "dishonest", "fraud", "fake", "scandal", "greedy",
    "greed", "selfish", "violent", "violence", "abuse", "abused",
    "abusive", "death", "dead", "die", "dies", "died", "dying", "danger",
    "dangerous", "threat", "threaten", "threatens", "fear", "afraid",
    "scared", "scary", "sad", "angry", "anger", "mad", "hurt", "harm",
    "harmful", "pain", "painful", "suffer", "suffering", "victim",
    "victims", "attack", "attacks", "war", "destroy", "destroyed",
    "destruction", "disaster", "crisis", "fail", "failed", "failure",
    "fails", "loser", "ugly", "nasty", "racist", "racism", "sexist",
    "sexism", "bigot", "bigots", "bigotry", "hypocrite", "hypocrisy",
    "hypocritical", "oppression", "oppress", "oppressed", "oppressive",
    "discrimination", "injustice", "unfair", "disturbing", "toxic",
    "damage", "damaging", "ruin", "ruined", "chaos", "mess", "nightmare",
    "tragedy", "tragic", "deadly", "brutal", "hostile", "hatred",
    "misery", "miserable", "depressing", "useless", "worthless",
    "incompetent", "arrogant", "sucks", "suck", "crap", "shit", "wtf",
    "regret", "guilty", "careless", "reckless", "irresponsible",
    "unacceptable", "outrage", "outrageous", "offensive", "insult",
    "insulting", "crazy", "insane", "delusional", "extremist", "unsafe",
    "panic", "doom", "doomed", "collapse", "fascist", "tyranny", "tyrant",
    "dictator", "propaganda", "censorship", "manipulate", "manipulation",
    "exploit", "exploitation", "slavery", "assault", "harassment",
    "bully", "bullying", "steal", "stole", "stolen", "cheat", "cheating",
    "betray", "betrayal", "traitor", "treason", "hoax", "scam", "lazy",
    "disgusted", "furious", "shocking", "dreadful", "hate", "hates",
    "hated", "condemn", "condemned", "denounce", "kill", "kills",
    "killed", "killing", "murder", "murdered", "liars", "lied", "bogus",
    "sick", "ignorant", "moron", "morons", "idiotic", "fools", "greedy",
    "evil", "worst", "terrible", "horrible", "awful", "disgusting",
    "disgrace", "disgraceful", NULL};

static const char *const neg3[] = {
    "evil", "worst", "terrible", "horrible", "awful", "disgusting",
    "disgrace", "disgraceful", "hateful", "murderer", "murderers",
    "terrorist", "terrorists", "terror", "catastrophe", "horrific",
    "vile", "sickening", "monster", "monsters", "despicable", "atrocious",
    "atrocity", "massacre", "nazi", "fuck", "fucked", NULL};

const st_lex_group st_builtin_groups[] = {
    {stop_words, 0, ST_L_STOP},
    {copulas, 0, ST_L_COPULA | ST_L_STOP},
    {negators, 0, ST_L_NEGATOR | ST_L_STOP},
    {intensifiers, 0, ST_L_INTENS | ST_L_STOP},
    {diminishers, 0, ST_L_DIMIN | ST_L_STOP},
    {hedges, 0, ST_L_HEDGE},
    {contrasts, 0, ST_L_CONTRAST | ST_L_STOP},
    {concessions, 0, ST_L_CONCESS | ST_L_STOP},
    {pro_words, 0, ST_L_PRO},
    {con_words, 0, ST_L_CON},
    {refute_words, 0, ST_L_REFUTE},
    {pos1, 1.0f, 0},
    {pos2, 2.0f, 0},
    {pos3, 3.0f, 0},
    {neg1, -1.0f, 0},
    {neg2, -2.0f, 0},
    {neg3, -3.0f, 0},
    {NULL, 0, 0}};
