/*
 * cues.c - the reporting-verb lexicon: every word that can introduce
 * reported speech or a reported belief, in all its forms, with how it
 * behaves (does it take an object before its clause, may it precede its
 * speaker, is it a belief that needs a clause) and how it frames the quote
 * (neutral "said", distancing "claimed", endorsing "acknowledged"). The
 * table is ours, written for English news; lexicon.c hashes it with the
 * other word tables.
 */
#include "lexicon_tables.h"

#define N TP_REPORTER_NEUTRAL
#define D TP_REPORTER_DISTANCING
#define E TP_REPORTER_ENDORSING

#define OBJ QT_CUEF_OBJECT
#define INV QT_CUEF_INVERT
#define WEAK QT_CUEF_WEAK
#define DIRECT QT_CUEF_DIRECT
#define TOPIC QT_CUEF_TOPIC
#define THAT QT_CUEF_THAT

/*
 * One verb: its forms (base, third person, past, -ing, and the past
 * participle when it differs), its kind, flags and reporter class. Verbs
 * that take the hearer before the clause ("told reporters that") carry
 * OBJ; those journalists put before the speaker ("said Smith") carry INV;
 * beliefs and verbs that are often not about speech carry WEAK, so they
 * only cue a clause, never a bare quote; verbs whose object is most often
 * a thing, not what was said ("posted a photo", "continued to lead"),
 * carry DIRECT: they frame quote marks only; "speak" and "talk" carry
 * TOPIC: what they report is the topic after "about" or "of" ("spoke
 * to reporters" reports nothing); "maintain" and "state" carry THAT: they
 * report a "that" clause, or keep a thing ("maintained a lead", "stated
 * an interest"). Where a form is
 * more often another word ("the state", "came back", "the attacks", "we
 * seem"), the slot repeats a form the verb keeps instead. One entry a
 * line: the formatter leaves the table alone.
 */
/* clang-format off */
const qt_verb_def qt_verbs[] = {
    /* speech, neutral */
    {{"say", "says", "said", "saying", NULL}, QT_CUE_VERB, INV, N},
    {{"tell", "tells", "told", "telling", NULL}, QT_CUE_VERB, OBJ | INV, N},
    {{"add", "adds", "added", "adding", NULL}, QT_CUE_VERB, INV, N},
    {{"ask", "asks", "asked", "asking", NULL}, QT_CUE_VERB, OBJ | INV, N},
    {{"states", "states", "stated", "stating", NULL}, QT_CUE_VERB, INV | THAT, N},
    {{"write", "writes", "wrote", "writing", "written"}, QT_CUE_VERB, INV, N},
    {{"tweet", "tweets", "tweeted", "tweeting", NULL}, QT_CUE_VERB, INV, N},
    {{"post", "posts", "posted", "posting", NULL}, QT_CUE_VERB, WEAK | DIRECT, N},
    {{"explain", "explains", "explained", "explaining", NULL}, QT_CUE_VERB, INV, N},
    {{"note", "notes", "noted", "noting", NULL}, QT_CUE_VERB, INV, N},
    {{"continue", "continues", "continued", "continuing", NULL}, QT_CUE_VERB, INV | WEAK | DIRECT, N},
    {{"reply", "replies", "replied", "replying", NULL}, QT_CUE_VERB, INV, N},
    {{"respond", "responds", "responded", "responding", NULL}, QT_CUE_VERB, INV, N},
    {{"answer", "answers", "answered", "answering", NULL}, QT_CUE_VERB, INV, N},
    {{"recall", "recalls", "recalled", "recalling", NULL}, QT_CUE_VERB, INV, N},
    {{"remark", "remarks", "remarked", "remarking", NULL}, QT_CUE_VERB, INV, N},
    {{"observe", "observes", "observed", "observing", NULL}, QT_CUE_VERB, INV, N},
    {{"comment", "comments", "commented", "commenting", NULL}, QT_CUE_VERB, INV | WEAK, N},
    {{"announce", "announces", "announced", "announcing", NULL}, QT_CUE_VERB, INV, N},
    {{"declare", "declares", "declared", "declaring", NULL}, QT_CUE_VERB, INV, N},
    {{"report", "reports", "reported", "reporting", NULL}, QT_CUE_VERB, INV, N},
    {{"describe", "describes", "described", "describing", NULL}, QT_CUE_VERB, WEAK, N},
    {{"mention", "mentions", "mentioned", "mentioning", NULL}, QT_CUE_VERB, 0, N},
    {{"repeat", "repeats", "repeated", "repeating", NULL}, QT_CUE_VERB, 0, N},
    {{"reiterate", "reiterates", "reiterated", "reiterating", NULL}, QT_CUE_VERB, INV, N},
    {{"testify", "testifies", "testified", "testifying", NULL}, QT_CUE_VERB, INV, N},
    {{"speak", "speaks", "spoke", "speaking", "spoken"}, QT_CUE_VERB, WEAK | TOPIC, N},
    {{"inform", "informs", "informed", "informing", NULL}, QT_CUE_VERB, OBJ, N},
    {{"advise", "advises", "advised", "advising", NULL}, QT_CUE_VERB, OBJ, N},
    {{"remind", "reminds", "reminded", "reminding", NULL}, QT_CUE_VERB, OBJ | INV, N},
    {{"assure", "assures", "assured", "assuring", NULL}, QT_CUE_VERB, OBJ, N},
    {{"promise", "promises", "promised", "promising", NULL}, QT_CUE_VERB, OBJ, N},
    {{"pledge", "pledges", "pledged", "pledging", NULL}, QT_CUE_VERB, 0, N},
    {{"vow", "vows", "vowed", "vowing", NULL}, QT_CUE_VERB, 0, N},
    {{"predict", "predicts", "predicted", "predicting", NULL}, QT_CUE_VERB, INV, N},
    {{"estimate", "estimates", "estimated", "estimating", NULL}, QT_CUE_VERB, 0, N},
    {{"propose", "proposes", "proposed", "proposing", NULL}, QT_CUE_VERB, 0, N},
    {{"suggest", "suggests", "suggested", "suggesting", NULL}, QT_CUE_VERB, INV, N},
    {{"indicate", "indicates", "indicated", "indicating", NULL}, QT_CUE_VERB, 0, N},
    {{"signal", "signals", "signaled", "signaling", "signalled"}, QT_CUE_VERB, 0, N},
    {{"recommend", "recommends", "recommended", "recommending", NULL}, QT_CUE_VERB, 0, N},
    {{"urge", "urges", "urged", "urging", NULL}, QT_CUE_VERB, OBJ, N},
    {{"warn", "warns", "warned", "warning", NULL}, QT_CUE_VERB, OBJ | INV, N},
    {{"caution", "cautions", "cautioned", "cautioning", NULL}, QT_CUE_VERB, OBJ | INV, N},
    {{"conclude", "concludes", "concluded", "concluding", NULL}, QT_CUE_VERB, INV, N},
    {{"emphasize", "emphasizes", "emphasized", "emphasizing", NULL}, QT_CUE_VERB, INV, N},
    {{"emphasise", "emphasises", "emphasised", "emphasising", NULL}, QT_CUE_VERB, INV, N},
    {{"stress", "stresses", "stressed", "stressing", NULL}, QT_CUE_VERB, INV, N},
    {{"joke", "jokes", "joked", "joking", NULL}, QT_CUE_VERB, INV, N},
    {{"quip", "quips", "quipped", "quipping", NULL}, QT_CUE_VERB, INV, N},
    {{"shout", "shouts", "shouted", "shouting", NULL}, QT_CUE_VERB, INV, N},
    {{"yell", "yells", "yelled", "yelling", NULL}, QT_CUE_VERB, INV, N},
    {{"whisper", "whispers", "whispered", "whispering", NULL}, QT_CUE_VERB, INV, N},
    {{"chant", "chants", "chanted", "chanting", NULL}, QT_CUE_VERB, INV, N},
    {{"muse", "muses", "mused", "musing", NULL}, QT_CUE_VERB, INV, N},
    {{"agree", "agrees", "agreed", "agreeing", NULL}, QT_CUE_VERB, WEAK, N},
    {{"disagree", "disagrees", "disagreed", "disagreeing", NULL}, QT_CUE_VERB, WEAK, N},
    {{"threaten", "threatens", "threatened", "threatening", NULL}, QT_CUE_VERB, WEAK, N},
    {{"demand", "demands", "demanded", "demanding", NULL}, QT_CUE_VERB, 0, N},
    {{"call", "calls", "called", "calling", NULL}, QT_CUE_VERB, WEAK, N},
    {{"counter", "counters", "countered", "countering", NULL}, QT_CUE_VERB, INV, N},
    {{"retort", "retorts", "retorted", "retorting", NULL}, QT_CUE_VERB, INV, N},
    {{"tout", "touts", "touted", "touting", NULL}, QT_CUE_VERB, 0, N},
    {{"highlight", "highlights", "highlighted", "highlighting", NULL}, QT_CUE_VERB, 0, N},
    {{"cite", "cites", "cited", "citing", NULL}, QT_CUE_VERB, 0, N},
    {{"point", "points", "pointed", "pointing", NULL}, QT_CUE_VERB, WEAK, N},
    {{"project", "projects", "projected", "projecting", NULL}, QT_CUE_VERB, WEAK, N},
    {{"acknowledge", "acknowledges", "acknowledged", "acknowledging", NULL}, QT_CUE_VERB, INV, E},
    {{"admit", "admits", "admitted", "admitting", NULL}, QT_CUE_VERB, INV, E},
    {{"concede", "concedes", "conceded", "conceding", NULL}, QT_CUE_VERB, INV, E},
    {{"confirm", "confirms", "confirmed", "confirming", NULL}, QT_CUE_VERB, INV, E},
    {{"reveal", "reveals", "revealed", "revealing", NULL}, QT_CUE_VERB, 0, E},
    {{"disclose", "discloses", "disclosed", "disclosing", NULL}, QT_CUE_VERB, 0, E},
    {{"show", "shows", "showed", "showing", "shown"}, QT_CUE_VERB, WEAK, E},
    {{"find", "finds", "found", "finding", NULL}, QT_CUE_VERB, WEAK, E},
    {{"demonstrate", "demonstrates", "demonstrated", "demonstrating", NULL}, QT_CUE_VERB, WEAK, E},
    /* speech that keeps its distance */
    {{"claim", "claims", "claimed", "claiming", NULL}, QT_CUE_VERB, INV, D},
    {{"allege", "alleges", "alleged", "alleging", NULL}, QT_CUE_VERB, INV, D},
    {{"insist", "insists", "insisted", "insisting", NULL}, QT_CUE_VERB, INV, D},
    {{"argue", "argues", "argued", "arguing", NULL}, QT_CUE_VERB, INV, D},
    {{"contend", "contends", "contended", "contending", NULL}, QT_CUE_VERB, INV, D},
    {{"assert", "asserts", "asserted", "asserting", NULL}, QT_CUE_VERB, INV, D},
    {{"maintain", "maintains", "maintained", "maintaining", NULL}, QT_CUE_VERB, INV | THAT, D},
    {{"boast", "boasts", "boasted", "boasting", NULL}, QT_CUE_VERB, INV, D},
    {{"brag", "brags", "bragged", "bragging", NULL}, QT_CUE_VERB, INV, D},
    {{"complain", "complains", "complained", "complaining", NULL}, QT_CUE_VERB, INV, D},
    {{"deny", "denies", "denied", "denying", NULL}, QT_CUE_VERB, 0, D},
    {{"charge", "charges", "charged", "charging", NULL}, QT_CUE_VERB, WEAK, D},
    {{"accuse", "accuses", "accused", "accusing", NULL}, QT_CUE_VERB, 0, D},
    {{"criticize", "criticizes", "criticized", "criticizing", NULL}, QT_CUE_VERB, 0, D},
    {{"criticise", "criticises", "criticised", "criticising", NULL}, QT_CUE_VERB, 0, D},
    {{"praise", "praises", "praised", "praising", NULL}, QT_CUE_VERB, 0, N},
    {{"lament", "laments", "lamented", "lamenting", NULL}, QT_CUE_VERB, INV, N},
    {{"speculate", "speculates", "speculated", "speculating", NULL}, QT_CUE_VERB, INV, N},
    {{"hint", "hints", "hinted", "hinting", NULL}, QT_CUE_VERB, 0, N},
    {{"imply", "implies", "implied", "implying", NULL}, QT_CUE_VERB, 0, N},
    {{"question", "questions", "questioned", "questioning", NULL}, QT_CUE_VERB, WEAK, N},
    {{"wonder", "wonders", "wondered", "wondering", NULL}, QT_CUE_VERB, INV, N},
    {{"surmise", "surmises", "surmised", "surmising", NULL}, QT_CUE_VERB, INV, N},
    {{"opine", "opines", "opined", "opining", NULL}, QT_CUE_VERB, INV, N},
    /* beliefs and attitudes: PolNeAR counts them as attributions */
    {{"think", "thinks", "thought", "thinking", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"believe", "believes", "believed", "believing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"hope", "hopes", "hoped", "hoping", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"fear", "fears", "feared", "fearing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"expect", "expects", "expected", "expecting", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"worry", "worries", "worried", "worrying", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"know", "knows", "knew", "knowing", "known"}, QT_CUE_BELIEF, WEAK, N},
    {{"feel", "feels", "felt", "feeling", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"doubt", "doubts", "doubted", "doubting", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"suspect", "suspects", "suspected", "suspecting", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"want", "wants", "wanted", "wanting", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"wish", "wishes", "wished", "wishing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"realize", "realizes", "realized", "realizing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"understand", "understands", "understood", "understanding", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"assume", "assumes", "assumed", "assuming", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"plan", "plans", "planned", "planning", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"support", "supports", "supported", "supporting", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"oppose", "opposes", "opposed", "opposing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"endorse", "endorses", "endorsed", "endorsing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"reject", "rejects", "rejected", "rejecting", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"decide", "decides", "decided", "deciding", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"seek", "seeks", "sought", "seeking", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"refuse", "refuses", "refused", "refusing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"decline", "declines", "declined", "declining", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"learn", "learns", "learned", "learning", "learnt"}, QT_CUE_BELIEF, WEAK, N},
    {{"guess", "guesses", "guessed", "guessing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"reckon", "reckons", "reckoned", "reckoning", NULL}, QT_CUE_BELIEF, WEAK, N},
    /* stances toward a person or a policy: PolNeAR counts their object
     * as the content ("Murphy wants more funding", "they denounced the
     * grants"), so they cue a clause, never a bare quote */
    {{"express", "expresses", "expressed", "expressing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"backs", "backs", "backed", "backing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"favor", "favors", "favored", "favoring", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"favour", "favours", "favoured", "favouring", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"advocate", "advocates", "advocated", "advocating", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"defend", "defends", "defended", "defending", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"denounce", "denounces", "denounced", "denouncing", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"condemn", "condemns", "condemned", "condemning", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"blast", "blasts", "blasted", "blasting", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"slam", "slams", "slammed", "slamming", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"attacked", "attacked", "attacked", "attacking", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"mock", "mocks", "mocked", "mocking", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"ridicule", "ridicules", "ridiculed", "ridiculing", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"decry", "decries", "decried", "decrying", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"dismiss", "dismisses", "dismissed", "dismissing", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"downplay", "downplays", "downplayed", "downplaying", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"challenge", "challenges", "challenged", "challenging", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"hail", "hails", "hailed", "hailing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"applaud", "applauds", "applauded", "applauding", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"welcome", "welcomes", "welcomed", "welcoming", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"embrace", "embraces", "embraced", "embracing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"celebrate", "celebrates", "celebrated", "celebrating", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"thank", "thanks", "thanked", "thanking", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"congratulate", "congratulates", "congratulated", "congratulating", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"credit", "credits", "credited", "crediting", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"approve", "approves", "approved", "approving", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"consider", "considers", "considered", "considering", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"view", "views", "viewed", "viewing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"regard", "regards", "regarded", "regarding", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"see", "sees", "saw", "seeing", "seen"}, QT_CUE_BELIEF, WEAK, N},
    {{"accept", "accepts", "accepted", "accepting", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"recognize", "recognizes", "recognized", "recognizing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"liken", "likens", "likened", "likening", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"compare", "compares", "compared", "comparing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"label", "labels", "labeled", "labeling", "labelled"}, QT_CUE_BELIEF, WEAK, N},
    {{"brand", "brands", "branded", "branding", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"dub", "dubs", "dubbed", "dubbing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"characterize", "characterizes", "characterized", "characterizing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"push", "pushes", "pushed", "pushing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"presses", "presses", "pressed", "pressing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"offer", "offers", "offered", "offering", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"outline", "outlines", "outlined", "outlining", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"discuss", "discusses", "discussed", "discussing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"address", "addresses", "addressed", "addressing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"remember", "remembers", "remembered", "remembering", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"echo", "echoes", "echoed", "echoing", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"pressure", "pressures", "pressured", "pressuring", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"prefer", "prefers", "preferred", "preferring", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"choose", "chooses", "chose", "choosing", "chosen"}, QT_CUE_BELIEF, WEAK, N},
    {{"vote", "votes", "voted", "voting", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"like", "likes", "liked", "liking", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"love", "loves", "loved", "loving", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"hate", "hates", "hated", "hating", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"trust", "trusts", "trusted", "trusting", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"blame", "blames", "blamed", "blaming", NULL}, QT_CUE_BELIEF, WEAK, D},
    {{"imagine", "imagines", "imagined", "imagining", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"admire", "admires", "admired", "admiring", NULL}, QT_CUE_BELIEF, WEAK, N},
    {{"talk", "talks", "talked", "talking", NULL}, QT_CUE_BELIEF, WEAK | TOPIC, N},
    /* judgements with no source: PolNeAR marks "X seems unlikely to" and
     * "X is expected to" as an unsourced attribution of two parts, the
     * subject and what is said of it */
    {{"seems", "seems", "seemed", "seeming", NULL}, QT_CUE_RAISE, WEAK, N},
    {{"appear", "appears", "appeared", "appearing", NULL}, QT_CUE_RAISE, WEAK, N},
    /* "X was reportedly on the flight": a report with no source, of the
     * subject and of what is reported of it */
    {{"reportedly", "reportedly", "reportedly", "reportedly", NULL}, QT_CUE_RAISE, WEAK, N},
    {{NULL, NULL, NULL, NULL, NULL}, 0, 0, 0}};
/* clang-format on */

/*
 * Nouns that report speech when they govern a clause or a quoted word
 * ("her request that agents stop 'stalking'", "in a statement"). They only
 * cue quoted fragments and clauses opened by "that".
 */
const char *const qt_cue_nouns[] = {
    "statement", "statements", "request", "requests", "claim", "claims",
    "remarks", "comment", "comments", "assertion", "argument", "suggestion",
    "warning", "promise", "pledge", "call", "calls", "demand", "demands",
    "complaint", "accusation", "allegation", "allegations", "insistence",
    "view", "belief", "concern", "concerns", "fear", "fears", "hope",
    "criticism", "praise", "plea", "vow", "message", "speech", "tweet",
    "description", "characterization", "charge", NULL};
