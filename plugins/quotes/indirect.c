/*
 * indirect.c - attribution, one segment (a sentence, with quotes kept
 * whole) at a time. Direct quotes first find their frames
 * (direct_frames.c); then every reporting cue not used by a frame gives
 * reported speech: "X said (that) CLAUSE", "X told Y CLAUSE", "CLAUSE, X
 * said", "according to X, CLAUSE" / "CLAUSE, according to X" (sources.c);
 * a clause (clauses.c) that holds a quote-mark pair is a mixed quote. An
 * attribution after the sentence's last comma is taken first, as it
 * governs the cues in its clause; a clause ends where a second
 * attribution begins, and "which he said ..." gives the pronoun as a
 * content of its own. Pairs left over are scare quotes, titles and
 * nicknames, unless they are long enough to be speech.
 */
#include <string.h>

#include "attrib.h"
#include "lexicon_tables.h"

/* Words that open a subordinate clause before its subject ("while
 * voters said", "as Smith noted"). */
static const char *const clause_subordinators[] = {
    "while", "although", "though",  "because", "as",
    "when",  "if",       "since",   "after",   "before",
    "until", "once",     "whereas", "unless",  NULL};

/*
 * "the economy, which he said had faltered", "what they described as
 * bias": the cue is inside a relative clause whose pronoun stands for
 * what was said. The pronoun is a content of its own (annotators mark
 * it so, besides the rest of the clause). Returns
 * the pronoun's token before the speaker np, or -1.
 */
static int32_t relative_content(const qt_ctx *c, int32_t floor, const qt_np *np)
{
    static const char *const pronouns[] = {"which", "what", "whom", NULL};
    int32_t r = np->first - 1;
    if (qt_is_punct(c, r, ','))
        r--;
    /* "in which organizers claimed": the clause after the preposition is
     * what was said; "that" is a complementizer as often as not */
    if (r < floor || !(qt_tags(c, r) & QT_W_FUNC) ||
        !qt_is_word_in(c, r, pronouns) || (qt_tags(c, r - 1) & QT_W_PREP))
        return -1;
    return r;
}

/* A form of "call": "call on X to" urges, where "voted on" is a time. */
static int is_call(const qt_ctx *c, int32_t k)
{
    static const char *const forms[] = {"call", "calls", "called", "calling",
                                        NULL};
    return qt_is_word_in(c, k, forms);
}

/* Is token first, right after the cue at k, a particle of the cue
 * ("called for", "voted against", "called on")? */
static int cue_particle(const qt_ctx *c, int32_t k, int32_t first)
{
    return first == k + 1 && (is_word_text(c, first, "for") ||
                              is_word_text(c, first, "against") ||
                              (is_word_text(c, first, "on") && is_call(c, k)));
}

/* Particles that make a stance verb a phrasal verb of another sense. */
static const char *const phrasal_particles[] = {"up",   "down", "off",
                                                "back", "away", NULL};

/*
 * "CLAUSE, foreign ministry spokesman Ali Aziz said", "CLAUSE, the news
 * site RTL Info reported", "CLAUSE, teachers and union officials said":
 * the speaker phrase found before the cue may leave modifiers the tables
 * do not know between the comma and itself. When only plain words (and
 * an "and" joining a second speaker) lie there, the whole stretch after
 * the comma is the speaker: nothing else can stand between a clause's
 * comma and its attribution. Returns 1 when np starts right after the
 * comma (extended or not).
 */
static int speaker_from_comma(const qt_ctx *c, int32_t comma, qt_np *np)
{
    enum { MODIFIERS_MAX = 4 };
    static const uint16_t not_modifier = QT_W_AUX | QT_W_PREP | QT_W_THAT |
                                         QT_W_RELATIVE | QT_W_CUE | QT_W_TIME |
                                         QT_W_NOTSPEAKER;
    int32_t i;
    if (np->first <= comma + 1)
        return np->first == comma + 1;
    if (np->first - comma - 1 > MODIFIERS_MAX)
        return 0;
    for (i = comma + 1; i < np->first; i++) {
        uint16_t t = qt_tags(c, i);
        int joins = i > comma + 1 && is_word_text(c, i, "and");
        /* "he and Mr. Allen said": a subject pronoun joined to a name */
        int pronoun = i == comma + 1 && (t & QT_W_PRONOUN) &&
                      is_word_text(c, i + 1, "and");
        if (joins || pronoun)
            continue;
        if (!qt_is_word(c, i) || (t & not_modifier) ||
            ((t & (QT_W_FUNC | QT_W_PRONOUN)) &&
             !(i == comma + 1 && (t & QT_W_DET))))
            return 0;
    }
    np->first = comma + 1;
    return 1;
}

/* Is there a colon right after the cue at k or after its adverbial
 * ("said in a statement:")? */
static int colon_after_cue(const qt_ctx *c, int32_t k, int32_t end)
{
    enum { ADVERBIAL_MAX = 8 };
    int32_t i;
    for (i = k + 1; i <= end && i - k <= ADVERBIAL_MAX; i++)
        if (c->tok[i].kind == TP_TOK_PUNCT)
            return qt_is_punct(c, i, ':');
    return 0;
}

/* Does a comma close a clause before np, with at most a few modifiers
 * between ("CLAUSE, ministry spokesman X said")? Then np starts right
 * after it. */
static int comma_before_speaker(const qt_ctx *c, int32_t floor, qt_np *np)
{
    int32_t comma = np->first - 1;
    while (comma >= floor && comma >= np->first - 5 &&
           !qt_is_punct(c, comma, ','))
        comma--;
    return comma >= floor && speaker_from_comma(c, comma, np);
}

/*
 * "CLAUSE, lawmakers said Friday, as they bristled at ...": after the cue
 * and its adverbial, a comma and "as" open a clause of the writer's (the
 * circumstance of the saying); nothing was said after the cue. A reason
 * or a contrast (", he said, because ...", ", while ...") goes on with
 * what was said. Is that so for the cue at k
 * in a clause that ends at last?
 */
static int writer_clause_after(const qt_ctx *c, int32_t k, int32_t last,
                               const qt_np *np)
{
    enum { ADVERBIAL_MAX = 6 };
    int32_t cm;
    for (cm = k + 1; cm <= last && cm - k <= ADVERBIAL_MAX; cm++)
        if (!qt_is_word(c, cm) && c->tok[cm].kind != TP_TOK_NUMBER)
            break;
    return cm < last && qt_is_punct(c, cm, ',') &&
           is_word_text(c, cm + 1, "as") &&
           qt_is_punct(c, np->first - 1, ',') &&
           (cm == k + 1 || qt_adverbial_only(c, k + 1, cm - 1) ||
            !qt_has_content_word(c, k + 1, cm - 1));
}

/*
 * "CLAUSE, Obama told his advisers as he labored over the speech": right
 * after the cue and its hearer, "as" and a subject open the writer's
 * clause, when a comma before the speaker closes what was said.
 */
static int writer_as_clause(const qt_ctx *c, int32_t k, int32_t first,
                            int32_t last, const qt_np *np)
{
    enum { HEARER_MAX = 4 };
    int32_t i = first;
    /* over a hearer the tables do not know ("told his players as") */
    if (c->info[k]->cue_flags & QT_CUEF_OBJECT)
        while (i < last && i - first < HEARER_MAX && qt_is_word(c, i) &&
               !is_word_text(c, i, "as") && !qt_is_verb_cue(c, i) &&
               !(qt_tags(c, i) & (QT_W_AUX | QT_W_THAT | QT_W_PREP)))
            i++;
    return i < last && is_word_text(c, i, "as") &&
           ((qt_tags(c, i + 1) & (QT_W_PRONOUN | QT_W_DET)) ||
            qt_is_cap(c, i + 1)) &&
           !(qt_tags(c, i + 1) & QT_W_NOTSPEAKER) &&
           qt_is_punct(c, np->first - 1, ',');
}

/* Is there a lower-case auxiliary ("was", "would", "has") in [first,
 * last]: a verb of a clause? */
static int holds_auxiliary(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    for (i = first; i <= last; i++)
        if ((qt_tags(c, i) & QT_W_AUX) && is_lower_word(c, i) &&
            !ly_adverb(c, i))
            return 1;
    return 0;
}

/*
 * "spoke briefly about X", "is talking to voters about X", "spoke
 * favorably of his rival": a verb of talking reports its topic, after
 * "about" within a few words or "of" after adverbs only (in "spoke to an
 * audience of officials" it is the noun's), which joins the cue. Returns
 * the topic's first token, or -1 when there is none ("spoke to
 * reporters", "spoke at the rally", "speaks fluent Spanish").
 */
static int32_t topic_start(const qt_ctx *c, frame *f, int32_t first,
                           int32_t last)
{
    enum { TOPIC_REACH = 6 };
    int32_t i;
    int adverbs_only = 1;
    for (i = first; i < last && i - first < TOPIC_REACH; i++) {
        if (!is_lower_word(c, i))
            return -1;
        if (is_word_text(c, i, "about") ||
            (adverbs_only && is_word_text(c, i, "of"))) {
            f->cue_last = i;
            return i + 1;
        }
        adverbs_only = adverbs_only && ly_adverb(c, i);
    }
    return -1;
}

/* The comma that closes "as X reported (on Monday)," a few words after
 * the cue at k, even where a second speaker ends the reported clause
 * ("..., the inspector found"); end + 1 when there is none. */
static int32_t as_clause_comma(const qt_ctx *c, int32_t k, int32_t first,
                               int32_t end)
{
    enum { AS_TAIL_MAX = 8 };
    int32_t i;
    for (i = first; i <= end && i - k <= AS_TAIL_MAX; i++)
        if (qt_is_punct(c, i, ','))
            return i;
    return end + 1;
}

/*
 * "X said (that) CLAUSE", "X told Y CLAUSE", "CLAUSE, X said", and the
 * split "CLAUSE1, X said, CLAUSE2". The speaker np is already in f.
 */
static int subject_cue(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                       frame *f, int32_t *covered)
{
    const qt_wordinfo *w = f->cue;
    int has_that, r;
    int32_t prep, rel = relative_content(c, floor, &f->np);
    if (rel >= 0 && qt_emit_quote(c, rel, rel, TP_QUOTE_INDIRECT, f, 0.6) < 0)
        return -1;
    int32_t first = qt_clause_start(c, k, end, w, &has_that);
    int32_t last = qt_clause_end(c, first, end);
    int32_t sub = f->np.first - 1, rest;

    /* "While voters said X, Y": a cue in a clause opened by a
     * subordinator says only what runs to the comma; "As Smith noted,
     * Y": "as" makes the main clause after the comma the content */
    if (sub >= floor &&
        (qt_tags(c, sub) & (QT_W_FUNC | QT_W_PREP | QT_W_AUX)) &&
        qt_is_word_in(c, sub, clause_subordinators) &&
        (sub == floor || qt_is_punct(c, sub - 1, ',') ||
         is_word_text(c, sub - 1, "and") || is_word_text(c, sub - 1, "but"))) {
        int32_t comma = first;
        while (comma <= last && !qt_is_punct(c, comma, ','))
            comma++;
        /* "as The Times reported on Saturday, ...", "as the Post
         * reported just today, ..."; "as Freddy joked with a friend, ..."
         * tells who was talked with, not what */
        int32_t as_comma = as_clause_comma(c, k, first, end);
        int as_source = is_word_text(c, sub, "as") &&
                        (as_comma == k + 1 ||
                         (!is_word_text(c, k + 1, "with") &&
                          (qt_adverbial_only(c, k + 1, as_comma - 1) ||
                           !qt_has_content_word(c, k + 1, as_comma - 1))));
        if (as_source && as_comma < end)
            return qt_emit_clause(c, as_comma + 1,
                                  qt_clause_end(c, as_comma + 1, end), f, 0.7,
                                  3, covered);
        /* "CLAUSE, as Breitbart reported a few days later.": the clause
         * before "as" is what was reported */
        if (as_source && sub > floor && qt_is_punct(c, sub - 1, ','))
            return qt_emit_clause(c, qt_main_clause_start(c, floor, sub - 2),
                                  sub - 2, f, 0.7, 3, covered);
        if (comma <= last)
            last = comma - 1;
    }
    /* "The argument, Devine said, would be aided by ...": the sentence
     * goes on after the attribution between its commas */
    if (f->np.last + 1 == k && f->np.first - 1 > floor &&
        qt_is_punct(c, f->np.first - 1, ',') &&
        (rest = qt_split_rest(c, k, end, f)) >= 0) {
        if (qt_emit_clause(c, floor, f->np.first - 1, f, 0.7, 1, covered) < 0)
            return -1;
        return qt_emit_clause(c, k + 2, rest, f, 0.7, 1, covered);
    }
    qt_trim_content(c, &first, &last);
    if (first > last || !qt_has_words(c, first, last, 1) ||
        (!has_that &&
         ((qt_adverbial_only(c, first, last) &&
           !((w->cue_flags & QT_CUEF_WEAK) && cue_particle(c, k, first))) ||
          writer_clause_after(c, k, last, &f->np) ||
          writer_as_clause(c, k, first, last, &f->np)))) {
        /* "CLAUSE, X said." / "CLAUSE, X said on Friday."; a colon after
         * the cue ("..., Trump said: ...") points to what follows */
        if (colon_after_cue(c, k, end) ||
            !comma_before_speaker(c, floor, &f->np))
            return 0;
        return qt_emit_clause(c,
                              qt_main_clause_start(c, floor, f->np.first - 1),
                              f->np.first - 1, f, 0.7, 3, covered);
    }
    if ((w->cue_flags & QT_CUEF_THAT) && !has_that)
        return 0;
    /* a belief or stance verb without "that": its object is the
     * content ("wants more funding"), less surely */
    if ((w->cue_flags & QT_CUEF_WEAK) && !has_that) {
        /* "called for an audit", "voted against the tax", "called on
         * Congress to act": the particle belongs to the cue, its object
         * is the content */
        if (first < last && cue_particle(c, k, first))
            f->cue_last = first++;
        /* "showed up", "backed down": a phrasal verb that says nothing */
        if (first == k + 1 && qt_is_word_in(c, first, phrasal_particles))
            return 0;
        if ((w->cue_flags & QT_CUEF_TOPIC) &&
            (first = topic_start(c, f, first, last)) < 0)
            return 0;
        /* "expressed his condolences over X": the attitude and its
         * preposition belong to the cue, X is the content */
        if (first == k + 1 &&
            (prep = qt_attitude_object(c, first, last)) >= 0) {
            f->cue_last = prep;
            first = prep + 1;
        }
        last = qt_object_end(c, first, last);
        /* "spoke at the forum", "voted on the bill in May": a place or a
         * time, not what was said */
        if (qt_adverbial_only(c, first, last))
            return 0;
        return qt_has_content_word(c, first, last)
                   ? qt_emit_clause(c, first, last, f, 0.5, 2, covered)
                   : 0;
    }
    if (qt_holds_used_pair(c, first, last))
        return 0;
    /* "claimed responsibility for the attack", "said little about the
     * plan": a noun phrase, no clause with a verb of its own */
    if (!has_that && first == k + 1 &&
        (prep = qt_attitude_object(c, first, last)) >= 0 &&
        !holds_auxiliary(c, prep + 1, last)) {
        f->cue_last = prep;
        return qt_emit_clause(c, prep + 1, qt_object_end(c, prep + 1, last), f,
                              0.6, 1, covered);
    }
    if (qt_is_punct(c, k + 1, ',') && f->np.first > floor &&
        qt_is_punct(c, f->np.first - 1, ',')) {
        /* "Overall, she said, a number of ..." */
        if (qt_emit_clause(c, floor, f->np.first - 1, f, 0.7, 1, covered) < 0)
            return -1;
    }
    if (!has_that)
        last = qt_noun_object_end(c, first, last);
    r = qt_emit_clause(c, first, last, f, has_that ? 0.8 : 0.7, 1, covered);
    return r;
}

/*
 * "Any fair reading, said Jo Park, an expert at the institute, would
 * see this as ...": an inverted attribution with an appositive can split
 * its sentence too; an auxiliary right after the appositive's closing
 * comma goes on with the subject before the cue. Returns that auxiliary,
 * or -1. last is the speaker's last token.
 */
static int32_t predicate_after_appositive(const qt_ctx *c, int32_t last,
                                          int32_t end)
{
    enum { APPOSITIVE_MAX = 20 };
    int32_t i;
    if (!qt_is_punct(c, last + 1, ','))
        return -1;
    for (i = last + 2; i < end && i - last <= APPOSITIVE_MAX; i++) {
        if (qt_is_punct(c, i, ','))
            return is_lower_word(c, i + 1) && (qt_tags(c, i + 1) & QT_W_AUX) &&
                           !ly_adverb(c, i + 1)
                       ? i + 1
                       : -1;
        if (c->tok[i].kind == TP_TOK_QUOTE || qt_is_punct(c, i, '.') ||
            qt_is_punct(c, i, ';') || qt_is_verb_cue(c, i))
            return -1;
    }
    return -1;
}

/* "CLAUSE, said Smith." */
static int inverted_cue(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                        frame *f, int32_t *covered)
{
    const qt_wordinfo *w = f->cue;
    int32_t v;
    int r;
    if (!(w->cue_flags & QT_CUEF_INVERT) || (w->cue_flags & QT_CUEF_GERUND) ||
        !qt_is_punct(c, k - 1, ',') ||
        !(qt_speaker_after(c, k + 1, end, &f->np) ||
          (qt_speech_past(c, k, w) &&
           qt_common_speaker_after(c, k + 1, end, &f->np))))
        return 0;
    /* the speaker ends the clause ("..., said Smith." / "..., said
     * Smith, a ..." / "..., said Smith on Friday"); "..., said the plan
     * was dead" has a subject and a verb after the cue instead */
    if (!qt_speaker_ends_clause(c, &f->np, end))
        return 0;
    f->has_np = 1;
    r = qt_emit_clause(c, qt_main_clause_start(c, floor, k - 1), k - 1, f, 0.75,
                       3, covered);
    if (r > 0 && (v = predicate_after_appositive(c, f->np.last, end)) >= 0)
        r = qt_emit_clause(c, v, qt_clause_end(c, v, end), f, 0.7, 2, covered);
    return r;
}

/*
 * "..., said lobbyist and strategist Jo Park, a former partner": a role
 * word (or a plain word and a role: "film director") with no determiner
 * right after a cue that takes no hearer can only be an inverted
 * speaker, so the comma before the cue closes the reported clause, not
 * an aside of a speaker before it.
 */
static int bare_role_after(const qt_ctx *c, int32_t k, const qt_wordinfo *w)
{
    int32_t r = k + 1;
    /* "film director": one plain word may stand before the role */
    if (is_lower_word(c, r) && !c->tags[r] && is_lower_word(c, r + 1))
        r++;
    return !(w->cue_flags & QT_CUEF_OBJECT) && is_lower_word(c, r) &&
           (qt_tags(c, r) & (QT_W_ROLE | QT_W_TITLE)) &&
           !(qt_tags(c, r) & (QT_W_DET | QT_W_FUNC));
}

static int rest_is_adverbial(const qt_ctx *c, int32_t first, int32_t last);

/*
 * "As reported by the Post, CLAUSE", "CLAUSE, as first reported by the
 * Post.": a passive participle after "as" with its agent after "by" is
 * an attribution to the agent, like "according to". Returns 1 when
 * emitted, 0 when the shape does not fit.
 */
static int as_reported_by(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                          frame *f, int32_t *covered)
{
    int32_t as = k - 1, after;
    if (f->cue->cue_kind != QT_CUE_VERB || !qt_speech_past(c, k, f->cue))
        return 0;
    if (as >= floor && ly_adverb(c, as)) /* "as first reported", "as
                                            originally reported" */
        as--;
    if (as >= floor &&
        (is_word_text(c, as, "first") || is_word_text(c, as, "previously")))
        as--;
    if (as < floor || !is_word_text(c, as, "as") ||
        !is_word_text(c, k + 1, "by") ||
        !qt_speaker_after(c, k + 2, end, &f->np))
        return 0;
    f->has_np = 1;
    after = f->np.last + 1;
    /* the agent's phrase ends the attribution: a comma and the clause
     * after it, or the end of the sentence and the clause before "as" */
    if ((as == floor || qt_prev_is_clause_start(c, floor, as)) &&
        qt_is_punct(c, after, ','))
        return qt_emit_clause(c, after + 1, qt_clause_end(c, after + 1, end), f,
                              0.7, 3, covered);
    if (as > floor && qt_is_punct(c, as - 1, ',') &&
        rest_is_adverbial(c, after, end))
        return qt_emit_clause(c, qt_main_clause_start(c, floor, as - 2), as - 2,
                              f, 0.7, 3, covered);
    return 0;
}

/* Conjunctions and relative words that open the clause whose subject a
 * raising verb takes ("but the fax machine appears", "shortly after
 * Clinton was declared", "a plan, which is intended to"). */
static const char *const subject_openers[] = {
    "but",     "and",    "while",    "as",   "that",  "because",
    "if",      "though", "although", "so",   "since", "when",
    "even",    "after",  "before",   "once", "until", "unless",
    "whether", "where",  "which",    "what", NULL};

/* Does token i end what stands before a raising verb's subject: a
 * punctuation mark, a conjunction, or the cue of another clause ("said
 * they are worried")? */
static int opens_subject(const qt_ctx *c, int32_t i)
{
    return qt_is_punct(c, i, ',') || qt_is_punct(c, i, ':') ||
           qt_is_dash(c, i) || verb_cue(c, i) ||
           ((qt_tags(c, i) & QT_W_FUNC) &&
            qt_is_word_in(c, i, subject_openers));
}

/* A past participle: "-ed", "-en", "-wn" or an irregular one ("said",
 * "told", "thought"), not "was like" or "is welcome". */
static int past_participle(const qt_ctx *c, int32_t k)
{
    static const char *const irregular[] = {
        "said",   "told",   "thought",    "felt",  "found", "heard", "held",
        "sought", "taught", "understood", "meant", "led",   NULL};
    const char *e = c->text + c->tok[k].end;
    if (c->tok[k].end - c->tok[k].start < 4)
        return 0;
    return (e[-2] == 'e' && (e[-1] == 'd' || e[-1] == 'n')) ||
           (e[-2] == 'w' && e[-1] == 'n') || qt_is_word_in(c, k, irregular);
}

/* An adverb between "be" and a passive cue: "is not", "is also",
 * "is widely", "is well" or "best known". */
static int passive_adverb(const qt_ctx *c, int32_t i)
{
    static const char *const adverbs[] = {"not",  "n't",  "also",
                                          "well", "best", NULL};
    return ly_adverb(c, i) || qt_is_word_in(c, i, adverbs);
}

/*
 * A reporting verb in the passive ("was declared", "has been reported",
 * "is widely believed"): a form of "be" right before it, past adverbs
 * and "not". Its subject is what was said of, not who said it.
 */
static int passive_cue(const qt_ctx *c, int32_t k, const qt_wordinfo *w)
{
    int32_t i = k - 1;
    if ((w->cue_kind != QT_CUE_VERB && w->cue_kind != QT_CUE_BELIEF) ||
        (w->cue_flags & QT_CUEF_GERUND) || !is_lower_word(c, k))
        return 0;
    while (i >= 0 && k - i < 4 && !qt_is_be(c, i) && is_lower_word(c, i) &&
           passive_adverb(c, i))
        i--;
    return i >= 0 && qt_is_be(c, i) && !is_word_text(c, i, "being") &&
           past_participle(c, k);
}

/*
 * "Clinton, the likely nominee, is expected to ...", "the speech, which
 * was never given, is expected to ...": a raising verb after an
 * appositive or a relative clause between commas takes the phrase
 * before them for subject. comma closes the insert; returns the last
 * token of that phrase, or -1.
 */
static int32_t before_appositive(const qt_ctx *c, int32_t floor, int32_t comma)
{
    enum { INSERT_MAX = 25 };
    int32_t j;
    for (j = comma - 1; j > floor && comma - j < INSERT_MAX; j--) {
        if (c->pair_of[j] >= 0 || qt_is_punct(c, j, ';'))
            return -1;
        if (qt_is_punct(c, j, ','))
            return j - 1 >= floor && qt_is_word(c, j - 1) ? j - 1 : -1;
    }
    return -1;
}

/*
 * Is [first, last] a subject a raising verb judges ("Mr. Trump seemed",
 * "the climate appears")? Not a pronoun that points back ("this all
 * seems", "a line that seemed", "in what appeared"), nor words that open
 * with a preposition or a conjunction: those are what stands before it.
 */
static int judged_subject(const qt_ctx *c, int32_t first, int32_t last)
{
    static const char *const pointers[] = {"this", "that", "which",
                                           "what", "all",  NULL};
    return !qt_is_word_in(c, last, pointers) &&
           !(qt_tags(c, first) & (QT_W_PREP | QT_W_THAT)) &&
           !(first == last && qt_is_word_in(c, first, pointers)) &&
           !is_word_text(c, first, "but") && !is_word_text(c, first, "and");
}

/* Prepositions that join a passive cue: "known for", "seen as",
 * "accused of". */
static const char *const passive_preps[] = {"as", "for", "of", NULL};

/*
 * "it seems that ...", "It now seems inevitable that ...", "it seemed
 * only fair to ask": after "it" and a raising verb, a "that" or "to"
 * within a few words says that the "it" stands for that clause, and is
 * no subject of its own ("it seemed like a smart move" has one).
 */
static int extraposed(const qt_ctx *c, int32_t first, int32_t last)
{
    enum { EXTRAPOSED_REACH = 4 };
    int32_t i;
    for (i = first; i <= last && i - first < EXTRAPOSED_REACH; i++)
        if (is_word_text(c, i, "that") || is_word_text(c, i, "to"))
            return 1;
    return 0;
}

/*
 * "can be seen as", "would be considered": a passive after a modal
 * weighs a possibility, it reports no one's judgement. Tokens [from, k).
 */
static int modal_passive(const qt_ctx *c, int32_t from, int32_t k)
{
    static const char *const modals[] = {"can",   "could", "would",
                                         "might", "may",   "should",
                                         "must",  "will",  NULL};
    int32_t i;
    for (i = from; i < k; i++)
        if (qt_is_word_in(c, i, modals))
            return 1;
    return 0;
}

/*
 * "The House is expected to pass the bill", "Clinton seemed irritated":
 * an attribution without a source, in two parts, the subject and what is
 * expected or judged of it. k is "seems"/"appears", or "expected" after a
 * form of "be". Returns 1 when emitted, 0 when the shape does not fit.
 */
static int raising_cue(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                       int32_t *covered)
{
    frame f;
    int32_t subj_last = k - 1, subj_first, first = k + 1, last;
    int passive = c->info[k]->cue_kind != QT_CUE_RAISE;
    int expected = is_word_text(c, k, "expected");
    /* "reportedly": an adverb, so a place may follow it ("was reportedly
     * on the flight"); before a verb cue ("reportedly said") that verb
     * is the cue */
    int adverb = is_word_text(c, k, "reportedly");
    int32_t cue_prep = -1;

    if (adverb && (verb_cue(c, k + 1) || qt_is_punct(c, k + 1, ',')))
        return 0;

    /* over "is", "not", "widely", "now" back to the subject */
    while (subj_last >= floor && is_lower_word(c, subj_last) &&
           ((qt_tags(c, subj_last) & QT_W_AUX) || qt_is_be(c, subj_last) ||
            passive_adverb(c, subj_last)))
        subj_last--;
    if (passive && (!(subj_last + 1 < k && qt_is_be_run(c, subj_last + 1, k)) ||
                    modal_passive(c, subj_last + 1, k)))
        return 0;
    if (subj_last >= floor && qt_is_punct(c, subj_last, ','))
        subj_last = before_appositive(c, floor, subj_last);
    if (subj_last < floor || c->tok[subj_last].kind == TP_TOK_QUOTE ||
        qt_is_punct(c, subj_last, ','))
        return 0;
    subj_first = subj_last;
    while (subj_first - 1 >= floor && subj_last - subj_first < 12 &&
           !opens_subject(c, subj_first - 1) &&
           c->tok[subj_first - 1].kind != TP_TOK_QUOTE)
        subj_first--;
    if (subj_last - subj_first >= 12 || subj_first < floor)
        return 0;
    /* "was known for X", "is seen as X", "was accused of X": the
     * preposition belongs to the cue, X is what is said */
    if (passive && !expected && first < end &&
        qt_is_word_in(c, first, passive_preps))
        cue_prep = first++;
    /* the complement: "to VERB ...", an adjective, "that CLAUSE" */
    if (first > end || !qt_is_word(c, first) ||
        ((c->tok[first].flags & TP_TOKF_CAPITALISED) && cue_prep < 0) ||
        ((qt_tags(c, first) & ((adverb ? 0 : QT_W_PREP) | QT_W_TIME |
                               (passive && !expected ? 0 : QT_W_DET))) &&
         !is_word_text(c, first, "to")))
        return 0;
    if (passive && expected && !is_word_text(c, first, "to"))
        return 0;
    last = qt_clause_end(c, first, end);
    memset(&f, 0, sizeof(f));
    f.cue = c->info[k];
    f.cue_first = f.cue_last = k;
    if (cue_prep >= 0)
        f.cue_last = cue_prep;
    /* "Clinton was declared the winner by news organizations": the agent
     * after "by" is the source, and no part of what was said */
    if (passive) {
        int32_t b;
        for (b = first; b <= last; b++)
            if (is_word_text(c, b, "by") &&
                qt_speaker_after(c, b + 1, last, &f.np)) {
                f.has_np = 1;
                last = b - 1;
                break;
            }
    }
    /* "It was reported that ...", "it seems only fair to ask": the
     * expletive is no part either */
    if ((subj_first == subj_last && is_word_text(c, subj_first, "it") &&
         (passive || extraposed(c, first, last))) ||
        (!passive && !adverb && !judged_subject(c, subj_first, subj_last)) ||
        (subj_first == subj_last && (is_word_text(c, subj_first, "but") ||
                                     is_word_text(c, subj_first, "and"))))
        return qt_emit_clause(c, first, last, &f, 0.55, 1, covered);
    if (!qt_has_words(c, first, last, 1) ||
        qt_holds_used_pair(c, subj_first, last))
        return 0;
    if (qt_emit_quote(c, subj_first, subj_last,
                      qt_holds_pair(c, subj_first, subj_last)
                          ? TP_QUOTE_MIXED
                          : TP_QUOTE_INDIRECT,
                      &f, 0.5))
        return -1;
    return qt_emit_clause(c, first, last, &f, 0.55, 1, covered);
}

/*
 * "Asked if he was ever bullied, the candidate said ...", "When asked
 * about the emails, ...": a question put to the speaker by someone the
 * text leaves unnamed. The question up to the comma is the content, with
 * no speaker. Returns 1 when emitted, 0 when the shape does not fit.
 */
static int asked_question(qt_ctx *c, int32_t k, int32_t floor, int32_t end,
                          frame *f, int32_t *covered)
{
    enum { ASKED_REACH = 10 };
    static const char *const openers[] = {"if",  "whether", "about", "what",
                                          "how", "why",     "who",   "when",
                                          "to",  NULL};
    static const char *const leads[] = {"when", "and",  "but",
                                        "so",   "then", NULL};
    int32_t j, comma, b = k - 1;
    /* at the start of a clause, after "And when", or in the passive
     * ("Pence was asked about ...") */
    while (b >= floor && (qt_is_word_in(c, b, leads) || qt_is_be(c, b) ||
                          is_word_text(c, b, "been")))
        b--;
    if (qt_is_be(c, b + 1) || is_word_text(c, b + 1, "been")) {
        qt_np np;
        if (b >= floor && !qt_speaker_before(c, b, floor, &np))
            return 0;
    } else if (!(b < floor || qt_is_punct(c, b, ',') ||
                 is_word_text(c, k - 1, "when")))
        return 0; /* "... used the words when asked if ..." */
    /* past "later", "on Monday", "during a luncheon" to the opener */
    for (j = k + 1; j <= end && j - k <= ASKED_REACH; j++) {
        if (qt_is_word_in(c, j, openers))
            break;
        if (!qt_is_word(c, j) || verb_cue(c, j))
            return 0;
    }
    if (j > end || j - k > ASKED_REACH)
        return 0;
    if (is_word_text(c, j, "about"))
        j++;
    /* the question ends at a comma or a dash; a quoted word inside it
     * makes it mixed, a direct quote ends the search */
    for (comma = j + 1;
         comma <= end && !qt_is_punct(c, comma, ',') && !qt_is_dash(c, comma);
         comma++)
        if (c->pair_of[comma] >= 0 && c->pairs[c->pair_of[comma]].used == 1)
            return 0;
    f->has_np = 0;
    return qt_emit_clause(c, j, comma - 1, f, 0.5, 1, covered);
}

/*
 * Is the capitalised word w the surname of someone the document names in
 * full elsewhere ("Issa" and "Rep. Darrell Issa")? Headlines name people
 * by their surname alone. The name words are listed; a few per sentence.
 */
static int surname_elsewhere(const qt_ctx *c, int32_t w)
{
    const size_t n = c->tok[w].end - c->tok[w].start;
    int32_t i;
    for (i = 0; i < c->n_names; i++) {
        const int32_t t = c->names[i];
        if (t != w && c->tok[t].end - c->tok[t].start == n &&
            !memcmp(c->text + c->tok[t].start, c->text + c->tok[w].start, n) &&
            qt_is_name_word(c, t - 1) &&
            !(c->tok[t].flags & (TP_TOKF_SENT_START | TP_TOKF_PARA_START)))
            return 1;
    }
    return 0;
}

/* A one-word speaker before a headline's colon: a text ("Poll",
 * "Report"), a body, a group of people ("Historians", "Insiders") or a
 * surname; "Related:", "Update:" and "Iowa:" are none of these. */
static int headline_one_word_speaker(const qt_ctx *c, int32_t w)
{
    const uint16_t t = qt_tags(c, w);
    return (t & (QT_W_DOC | QT_W_ORG)) ||
           ((t & QT_W_ROLE) && (t & QT_W_PLURAL)) || surname_elsewhere(c, w);
}

/*
 * "Rush Limbaugh: Debate Was Rigged.", "Poll: Clinton and Trump tied",
 * "Kasich: 'We Will Win Ohio'": a paragraph that opens with a speaker
 * (or a text) and a colon, and goes on with a statement in no double
 * quote marks, is that speaker's claim - the way news headlines
 * attribute. Returns 1 when emitted.
 */
static int headline_colon(qt_ctx *c, const seg_state *s, int32_t k, int32_t end,
                          int32_t *covered)
{
    frame f;
    int32_t last = end;
    if (!(s->a == 0 || (c->tok[s->a].flags & TP_TOKF_PARA_START)) ||
        k == s->a || k + 1 > end || c->pair_of[k + 1] >= 0 ||
        (c->tok[k + 1].kind == TP_TOK_QUOTE &&
         (c->tok[k + 1].flags & TP_TOKF_QUOTE_DOUBLE)))
        return 0;
    memset(&f, 0, sizeof(f));
    if (!qt_speaker_before(c, k - 1, s->a, &f.np) || f.np.first != s->a)
        return 0;
    if (f.np.first == f.np.last && !headline_one_word_speaker(c, f.np.head))
        return 0;
    f.has_np = 1;
    f.cue_first = f.cue_last = k;
    while (last > k && c->tok[last].kind == TP_TOK_PUNCT)
        last--;
    return qt_emit_clause(c, k + 1, last, &f, 0.5, 3, covered);
}

/* Is [first, last] empty, punctuation or an adverbial ("on Friday")? */
static int rest_is_adverbial(const qt_ctx *c, int32_t first, int32_t last)
{
    qt_trim_content(c, &first, &last);
    return first > last || !qt_has_words(c, first, last, 1) ||
           qt_adverbial_only(c, first, last);
}

/* How many line breaks lie between token i and the token before it? */
static int line_breaks_before(const qt_ctx *c, int32_t i)
{
    uint32_t p;
    int n = 0;
    for (p = c->tok[i - 1].end; p < c->tok[i].start; p++)
        n += c->text[p] == '\n';
    return n;
}

/*
 * "In a speech last July, he said:" closing its paragraph, and the next
 * paragraph in no quote marks: a block quotation, set off by the layout
 * instead of marks. Each line of the block (paragraphs one line break
 * apart) is a quote of the speaker's; a blank line or a quote mark ends
 * it. The cues inside are the speaker's words, not attributions. Returns
 * 1 when emitted, 0 when the shape does not fit.
 */
static int colon_block(qt_ctx *c, seg_state *s, int32_t k, const frame *f)
{
    enum { BLOCK_MAX_LINES = 8 };
    int32_t colon = s->b - 1, first = s->b, i, covered = -1;
    int lines, r = 0;
    if (!qt_is_punct(c, colon, ':') || !rest_is_adverbial(c, k + 1, colon - 1))
        return 0;
    for (lines = 0; lines < BLOCK_MAX_LINES; lines++) {
        if (first >= c->n_tok || !(c->tok[first].flags & TP_TOKF_PARA_START) ||
            c->tok[first].kind == TP_TOK_QUOTE || c->pair_of[first] >= 0)
            break;
        for (i = first; i < c->n_tok &&
                        (i == first || !(c->tok[i].flags & TP_TOKF_PARA_START));
             i++)
            s->cue_used[i] = 1;
        if (qt_emit_clause(c, first, i - 1, f, 0.6, 3, &covered) < 0)
            return -1;
        r = 1;
        if (i >= c->n_tok || line_breaks_before(c, i) > 1)
            break;
        first = i;
    }
    return r;
}

/*
 * "CLAUSE, the mayor said.", "CLAUSE, according to the report.": an
 * attribution after the last comma of the sentence governs everything
 * before it, cues inside included ("Osman is believed to have been on
 * board, according to his brother"), so it is taken first. Returns 1
 * when it emitted, with *covered set past the clause.
 */
static int final_attribution(qt_ctx *c, seg_state *s, last_speaker *ls,
                             int32_t *covered)
{
    enum { FINAL_MAX = 8 };
    int32_t end = s->b - 1, comma, floor = s->a, k;
    frame f;
    int r = 0;
    for (comma = end; comma > s->a && end - comma <= FINAL_MAX + 4; comma--) {
        const tp_token *t = &c->tok[comma];
        if (c->pair_of[comma] >= 0)
            return 0;
        if (t->kind != TP_TOK_PUNCT || t->end - t->start != 1)
            continue;
        if (c->text[t->start] == ',')
            break;
        if (c->text[t->start] == ';' || c->text[t->start] == ':')
            return 0;
    }
    if (!qt_is_punct(c, comma, ','))
        return 0;
    for (k = comma + 1; k <= end && k - comma <= FINAL_MAX; k++) {
        const qt_wordinfo *w;
        int32_t i;
        if (!(c->tags[k] & QT_W_CUE) || !(w = cue_info(c, k)))
            continue;
        if (s->cue_used[k] ||
            (w->cue_kind != QT_CUE_PREP && !rest_is_adverbial(c, k + 1, end)))
            return 0; /* a direct quote's frame, or "X said, CLAUSE" */
        for (i = s->a; i < comma; i++)
            if ((c->tok[i].kind == TP_TOK_PUNCT && qt_is_punct(c, i, ';')) ||
                (c->pair_of[i] >= 0 && c->pairs[c->pair_of[i]].used == 1))
                floor = i + 1;
        memset(&f, 0, sizeof(f));
        f.cue = w;
        f.cue_first = f.cue_last = k;
        /* only when nothing but an adverbial follows the attribution:
         * "CLAUSE, she said, CLAUSE" is the main loop's */
        if (w->cue_kind == QT_CUE_PREP && k == comma + 1 &&
            is_word_text(c, k + 1, "to") &&
            (qt_speaker_after(c, k + 2, end, &f.np) ||
             qt_source_phrase(c, k + 2, end, &f.np)) &&
            rest_is_adverbial(c, f.np.last + 1, end))
            r = qt_according_to(c, k, floor, end, &f, covered);
        else if (w->cue_kind == QT_CUE_VERB && !(w->cue_flags & QT_CUEF_WEAK) &&
                 !(w->cue_flags & QT_CUEF_GERUND) &&
                 qt_speaker_before(c, k - 1, comma + 1, &f.np) &&
                 speaker_from_comma(c, comma, &f.np)) {
            f.has_np = 1;
            r = subject_cue(c, k, floor, end, &f, covered);
        } else if (w->cue_kind == QT_CUE_VERB && k == comma + 1 &&
                   (qt_speaker_after(c, k + 1, end, &f.np) ||
                    (qt_speech_past(c, k, w) &&
                     qt_common_speaker_after(c, k + 1, end, &f.np))) &&
                   qt_speaker_ends_clause(c, &f.np, end))
            r = inverted_cue(c, k, floor, end, &f, covered);
        if (r > 0) {
            s->cue_used[k] = 1;
            qt_record_speaker(c, ls, &f, k);
        }
        return r;
    }
    return 0;
}

/* Is the cue at k the preposition "like" right after the noun phrase
 * np ("leaders like her"), after "be" ("Trump was like a sprinter") or
 * opening an aside ("who, like all respondents,"), not the verb after a
 * pronoun ("they like")? */
static int preposition_like(const qt_ctx *c, int32_t k, const qt_np *np)
{
    return is_word_text(c, k, "like") &&
           ((np->last == k - 1 && !(qt_tags(c, np->head) & QT_W_PRONOUN)) ||
            qt_is_be(c, k - 1) || qt_is_punct(c, k - 1, ','));
}

/*
 * The first token in [k, b) that indirect_cues must look at: a cue word,
 * a punctuation mark or a quote mark. Most tokens are ordinary words;
 * this tight loop, with the arrays in registers, skips them without a
 * branch per test.
 */
static int32_t next_candidate(const qt_ctx *c, int32_t k, int32_t b)
{
    const uint16_t *tags = c->tags;
    const tp_token *tok = c->tok;
    const int32_t *pair_of = c->pair_of;
    while (k < b && !((tags[k] & (QT_W_CUE | QT_W_THAT)) |
                      (tok[k].kind == TP_TOK_PUNCT) | (pair_of[k] >= 0)))
        k++;
    return k;
}

/*
 * Does token v look like a finite verb that no cue table knows ("Smith
 * conceded that", "the report shows that")? A lowercase word in no table
 * ending in -ed or in a third-person -s; not "-ss" ("press") nor "-us".
 */
static int unknown_finite_verb(const qt_ctx *c, int32_t v)
{
    const tp_token *t = &c->tok[v];
    const char *w = c->text + t->start;
    size_t n = t->end - t->start;
    if (c->tags[v] || t->kind != TP_TOK_WORD || n < 4 || !is_lower_word(c, v))
        return 0;
    if (w[n - 2] == 'e' && w[n - 1] == 'd')
        return 1;
    return w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' &&
           w[n - 2] != 'i';
}

/*
 * "NP VERB that CLAUSE" with a verb in no cue table: the clause is most
 * often something the subject said or found ("the study concluded that
 * ..."), but the verb is unknown, so the quote is a weak one. Strict:
 * "that" right after the verb, a speaker phrase right before it.
 */
static int generic_that(qt_ctx *c, int32_t t, int32_t floor, int32_t end,
                        last_speaker *ls, int32_t *covered)
{
    frame f;
    int32_t v = t - 1, last;
    int r;
    if (v - 1 < floor || t + 1 > end || !unknown_finite_verb(c, v))
        return 0;
    /* "that" opens a clause with its own subject ("that the state
     * erred", "that it would"); "rules that bind" and "carried that
     * message" are a relative pronoun and a determiner */
    if (!(qt_tags(c, t + 1) & (QT_W_DET | QT_W_PRONOUN)) &&
        !qt_is_cap(c, t + 1))
        return 0;
    memset(&f, 0, sizeof(f));
    if (!(qt_speaker_before(c, v - 1, floor, &f.np) ||
          qt_common_speaker_before(c, v - 1, floor, &f.np)) ||
        f.np.last != v - 1)
        return 0;
    f.has_np = 1;
    f.cue_first = f.cue_last = v;
    last = qt_clause_end(c, t, end);
    r = qt_emit_clause(c, t, last, &f, 0.45, 4, covered);
    if (r > 0)
        qt_record_speaker(c, ls, &f, v);
    return r;
}

/* Does word i end in a possessive "'s" ("the leadership's")? */
static int possessive(const qt_ctx *c, int32_t i)
{
    const char *e = c->text + c->tok[i].end;
    size_t n = c->tok[i].end - c->tok[i].start;
    return n >= 2 && e[-1] == 's' &&
           (e[-2] == '\'' || (n > 4 && (unsigned char)e[-2] == 0x99 &&
                              (unsigned char)e[-3] == 0x80));
}

/* Words that end a plain subject phrase when walking back from its verb:
 * what stands before them is another clause. */
static const char *const subject_stops[] = {
    "and",    "but",      "that",    "who",   "which", "when",
    "while",  "as",       "because", "if",    "since", "after",
    "before", "although", "though",  "where", NULL};

/* Does [first, last] name a share of a polled group ("a majority of
 * voters", "about 6 in 10", "nearly half")? */
static int holds_share(const qt_ctx *c, int32_t first, int32_t last)
{
    static const char *const shares[] = {
        "majority",       "plurality",  "half",    "percent",
        "third",          "thirds",     "quarter", "quarters",
        "three-quarters", "two-thirds", NULL};
    int32_t i;
    for (i = first; i <= last; i++)
        if (c->tok[i].kind == TP_TOK_NUMBER || qt_is_word_in(c, i, shares))
            return 1;
    return 0;
}

/*
 * "All the experts I interviewed said ...", "only 28 said yes": a subject
 * that no speaker rule knows, right before a finite speech verb. Its span
 * runs back from the verb to the clause's start (at most a dozen words);
 * the word before the verb is its head.
 */
static int plain_subject(const qt_ctx *c, int32_t k, int32_t floor,
                         const qt_wordinfo *w, qt_np *np)
{
    int32_t h = k - 1, j;
    int speech = qt_speech_past(c, k, w) || is_word_text(c, k, "say");
    /* a past form or "say": "reports", "notes" are nouns as often; a
     * finite stance verb after a poll's share ("a majority of voters
     * supported Trump") */
    if (h < floor ||
        !(speech ||
          (w->cue_kind == QT_CUE_BELIEF && (w->cue_flags & QT_CUEF_FINITE))) ||
        ly_adverb(c, h) || possessive(c, h) ||
        /* "is easier said", "has given added": a participle */
        (h > floor && (qt_is_be(c, h - 1) || is_word_text(c, h - 1, "has") ||
                       is_word_text(c, h - 1, "have"))) ||
        (c->tok[h].kind != TP_TOK_WORD && c->tok[h].kind != TP_TOK_NUMBER) ||
        (qt_tags(c, h) & (QT_W_FUNC | QT_W_AUX | QT_W_PREP | QT_W_THAT |
                          QT_W_DET | QT_W_CUE | QT_W_TIME)))
        return 0;
    for (j = h; j - 1 >= floor && h - j < 12; j--) {
        int32_t p = j - 1;
        if ((c->tok[p].kind != TP_TOK_WORD &&
             c->tok[p].kind != TP_TOK_NUMBER) ||
            verb_cue(c, p) || qt_is_word_in(c, p, subject_stops))
            break;
    }
    /* "309 electoral votes, ...", "32% support gives him": a noun; a
     * verb has its object next ("supported Trump", "support a ban") */
    if (!speech && (!holds_share(c, j, h) ||
                    !((qt_tags(c, k + 1) & (QT_W_DET | QT_W_PRONOUN)) ||
                      qt_is_cap(c, k + 1))))
        return 0;
    memset(np, 0, sizeof(*np));
    np->first = j;
    np->last = np->head = h;
    np->kind = TP_MENTION_PERSON;
    return 1;
}

/*
 * The subject of the clause in [from, last] whose second verb is a cue
 * ("Obama praised Clinton and said ...", "In an interview, Reid
 * reiterated those feelings and stressed ..."): the first speaker phrase
 * at the clause's start or after a comma that a plain lowercase word (its
 * verb) follows.
 */
static int clause_subject(const qt_ctx *c, int32_t from, int32_t last,
                          qt_np *np)
{
    int32_t i;
    for (i = from; i < last; i++) {
        if (i > from && !qt_is_punct(c, i - 1, ','))
            continue;
        if ((qt_speaker_after(c, i, last, np) ||
             qt_common_speaker_after(c, i, last, np)) &&
            np->last < last && is_lower_word(c, np->last + 1) &&
            ((qt_tags(c, np->last + 1) & QT_W_AUX) ||
             !(qt_tags(c, np->last + 1) & (QT_W_FUNC | QT_W_PREP | QT_W_DET))))
            return 1;
    }
    return 0;
}

/*
 * "Welch is supporting Sanders", "Clinton was defending her record": a
 * participle after a form of "be" (and adverbs: "is already claiming",
 * "is now backing") is the finite verb of its clause, with the subject
 * before it, not a participle that borrows the last speaker.
 */
static int progressive(const qt_ctx *c, int32_t k)
{
    int32_t i = k - 1;
    while (i >= 0 && k - i < 4 && is_lower_word(c, i) && !qt_is_be(c, i) &&
           (ly_adverb(c, i) || (qt_tags(c, i) & QT_W_AUX)))
        i--;
    return qt_is_be(c, i) && !is_word_text(c, i, "being");
}

/* "continue", "continues", ...: an aspect verb, no cue of its own. */
static int is_continue(const qt_ctx *c, int32_t k)
{
    static const char *const forms[] = {"continue", "continues", "continued",
                                        "continuing", NULL};
    return qt_is_word_in(c, k, forms);
}

/*
 * "Trump continued to attack her integrity", "Republicans continue to
 * warn that": the verb after "continue to" is the cue, and its subject
 * stands before "continue". The last token of that subject's search
 * for the cue at k: before "continue to", or right before k.
 */
static int32_t subject_end(const qt_ctx *c, int32_t k)
{
    return is_word_text(c, k - 1, "to") && is_continue(c, k - 2) ? k - 3
                                                                 : k - 1;
}

/*
 * "I think it is time", "and I support him": outside quote marks, "I" is
 * the writer (an op-ed, a letter), whose beliefs PolNeAR counts too. Only
 * at the start of a clause: "experts I spoke to", "when I saw" are a
 * relative clause and a narrative aside.
 */
static int writer_subject(const qt_ctx *c, int32_t k, int32_t floor, qt_np *np)
{
    static const char *const openers[] = {"and", "but", "because", "so", NULL};
    int32_t i = subject_end(c, k);
    while (i > floor && is_lower_word(c, i) && (qt_tags(c, i) & QT_W_AUX))
        i--;
    if (i < floor || !is_word_text(c, i, "i") ||
        !(i == floor || qt_is_punct(c, i - 1, ',') ||
          qt_is_word_in(c, i - 1, openers)))
        return 0;
    memset(np, 0, sizeof(*np));
    np->first = np->last = np->head = i;
    np->kind = TP_MENTION_PERSON;
    return 1;
}

/*
 * Does a clause with its own subject open right after the cue at k ("agree
 * that the state erred", "that it would")? Then a cue that is no noun
 * too ("the debunked claim that") is a verb, and a common noun before it
 * may be its subject ("the contenders agree that").
 */
static int that_clause_after(const qt_ctx *c, int32_t k)
{
    return is_word_text(c, k + 1, "that") &&
           !qt_is_word_in(c, k, qt_cue_nouns) &&
           ((qt_tags(c, k + 2) & (QT_W_DET | QT_W_PRONOUN)) ||
            qt_is_cap(c, k + 2));
}

/* Cap the confidence of the quotes emitted from index n0 on. */
static void cap_confidence(qt_ctx *c, size_t n0, double cap)
{
    size_t i;
    for (i = n0; i < c->doc->n_quotes; i++)
        if (c->doc->quotes[i].confidence > cap)
            c->doc->quotes[i].confidence = cap;
}

/*
 * A finite cue whose speaker no rule finds, before or after it: a plain
 * subject right before it ("only 28 said yes"), or the subject of the
 * clause when the cue is its second verb ("Reid praised X and said ...",
 * a speaker that may stay unknown). The content is as sure as any, the
 * speaker less so: the quotes get a lower confidence.
 */
static int unparsed_subject_cue(qt_ctx *c, int32_t k, int32_t floor,
                                int32_t end, frame *f, int32_t *covered)
{
    size_t n0 = c->doc->n_quotes;
    int r;
    if (plain_subject(c, k, floor, f->cue, &f->np))
        f->has_np = 1;
    else if (k - 1 > floor && qt_speech_past(c, k, f->cue) &&
             (is_word_text(c, k - 1, "and") || is_word_text(c, k - 1, "but")))
        f->has_np =
            clause_subject(c, qt_skip_dateline(c, floor, k), k - 2, &f->np);
    else
        return 0;
    r = subject_cue(c, k, floor, end, f, covered);
    cap_confidence(c, n0, 0.6);
    return r;
}

static int indirect_cues(qt_ctx *c, seg_state *s, last_speaker *ls)
{
    int32_t k, floor = s->a, covered = -1;
    int32_t end = s->b - 1;

    if (final_attribution(c, s, ls, &covered) < 0 ||
        qt_poll_opening(c, s->a, end, &covered) < 0)
        return -1;

    for (k = next_candidate(c, s->a, s->b); k < s->b;
         k = next_candidate(c, k + 1, s->b)) {
        const qt_wordinfo *w;
        frame f;
        int r, finite = 0;

        w = cue_info(c, k);

        if (!w && (c->tags[k] & QT_W_THAT)) {
            if (k > covered && !s->cue_used[k] &&
                generic_that(c, k, floor, end, ls, &covered) < 0)
                return -1;
            continue;
        }
        if (c->tok[k].kind == TP_TOK_PUNCT && qt_is_punct(c, k, ';'))
            floor = k + 1;
        if (c->pair_of[k] >= 0) {
            /* a direct quote ends a clause; a mixed one is inside one */
            if (c->pairs[c->pair_of[k]].used == 1)
                floor = k + 1;
            continue;
        }
        if (!w && qt_is_punct(c, k, ':') && k > covered) {
            if ((r = headline_colon(c, s, k, end, &covered)) < 0)
                return -1;
            continue;
        }
        if (!w || s->cue_used[k] || k <= covered)
            continue;
        /* "continued to push for X" is the speaker's "push for X"; "Trump
         * continues to lead", "posted a photo" say nothing: such verbs
         * frame direct quotes only */
        if (w->cue_flags & QT_CUEF_DIRECT)
            continue;
        memset(&f, 0, sizeof(f));
        f.cue = w;
        f.cue_first = subject_end(c, k) + 1;
        f.cue_last = k;
        if (is_word_text(c, k, "asked") &&
            (r = asked_question(c, k, floor, end, &f, &covered)) != 0)
            ; /* the question is out; its answer has a cue of its own */
        else if ((r = as_reported_by(c, k, floor, end, &f, &covered)) != 0)
            ; /* "As reported by X, CLAUSE" */
        else if (w->cue_kind == QT_CUE_RAISE ||
                 (is_word_text(c, k, "expected") &&
                  qt_is_be_run(c, k - 3, k)) ||
                 passive_cue(c, k, w))
            r = raising_cue(c, k, floor, end, &covered);
        else if (w->cue_kind == QT_CUE_PREP)
            r = qt_according_to(c, k, floor, end, &f, &covered);
        else if (w->cue_kind != QT_CUE_VERB && w->cue_kind != QT_CUE_BELIEF)
            r = 0;
        else if ((w->cue_flags & QT_CUEF_GERUND) && progressive(c, k) &&
                 (qt_speaker_before(c, k - 1, floor, &f.np) ||
                  qt_coordinated_subject(c, k, floor, &f.np))) {
            f.has_np = finite = 1;
            r = subject_cue(c, k, floor, end, &f, &covered);
        } else if ((w->cue_flags & QT_CUEF_GERUND) &&
                   ((r = qt_document_gerund(c, k, floor, end, &f, &covered)) !=
                        0 ||
                    (r = qt_subject_gerund(c, k, floor, end, &f, &covered)) !=
                        0))
            ; /* the text or the people before the participle speak */
        else if (w->cue_flags & QT_CUEF_GERUND)
            r = qt_gerund_cue(c, k, floor, end, &f, ls, &covered);
        else if (qt_is_punct(c, k - 1, ',') && bare_role_after(c, k, w) &&
                 (r = inverted_cue(c, k, floor, end, &f, &covered)) != 0)
            ; /* "CLAUSE, said lobbyist X, ...": no aside before the cue */
        else if (qt_speaker_before(c, subject_end(c, k), floor, &f.np) ||
                 qt_coordinated_subject(c, k, floor, &f.np) ||
                 writer_subject(c, k, floor, &f.np) ||
                 ((qt_speech_past(c, k, w) || that_clause_after(c, k)) &&
                  qt_common_speaker_before(c, k - 1, floor, &f.np))) {
            f.has_np = 1;
            /* "candidates like Trump": after a noun, "like" is a
             * preposition; "they like him" keeps the verb */
            if (preposition_like(c, k, &f.np))
                r = 0;
            else if ((r = colon_block(c, s, k, &f)) == 0 &&
                     (r = subject_cue(c, k, floor, end, &f, &covered)) == 0 &&
                     colon_after_cue(c, k, end))
                /* "In a speech, he declared:" and a quote in the next
                 * paragraph: the quote's speaker */
                qt_record_speaker(c, ls, &f, k);
        } else if ((r = inverted_cue(c, k, floor, end, &f, &covered)) == 0)
            r = unparsed_subject_cue(c, k, floor, end, &f, &covered);
        if (r < 0)
            return -1;
        /* a gerund borrowed the last speaker; every other cue names one */
        if (r > 0 && (!(w->cue_flags & QT_CUEF_GERUND) || finite))
            qt_record_speaker(c, ls, &f, k);
    }
    return 0;
}

/*
 * A short quoted word under a noun cue with a possessive owner ("her
 * request that agents stop 'stalking' courthouses") is a mixed quote of
 * its own, claimed before the clauses so that no verb swallows it.
 */
static int noun_cue_pairs(qt_ctx *c, seg_state *s, int32_t p0, int32_t p1)
{
    int32_t pi, k;
    for (pi = p0; pi < p1; pi++) {
        qt_pair *p = &c->pairs[pi];
        if (p->used || p->first > p->last ||
            qt_has_words(c, p->first, p->last, SPEECH_MIN_WORDS))
            continue;
        for (k = p->open - 1; k >= s->a && p->open - k < 12; k--) {
            const qt_wordinfo *w = cue_info(c, k);
            frame f;
            if (!w || w->cue_kind != QT_CUE_NOUN)
                continue;
            memset(&f, 0, sizeof(f));
            f.cue = w;
            f.cue_first = f.cue_last = k;
            if (k - 2 >= s->a && (c->tok[k - 1].flags & TP_TOKF_CONTRACTION) &&
                qt_speaker_before(c, k - 2, s->a, &f.np)) {
                f.has_np = 1;
                if (qt_emit_quote(c, p->first, p->last, TP_QUOTE_MIXED, &f,
                                  0.6))
                    return -1;
            }
            break;
        }
    }
    return 0;
}

/*
 * Pairs no frame or clause claimed: a long one is speech with the last
 * speaker; the rest are scare quotes, titles and nicknames.
 */
static int leftover_pairs(qt_ctx *c, last_speaker *ls, int32_t p0, int32_t p1)
{
    int32_t pi;
    for (pi = p0; pi < p1; pi++) {
        qt_pair *p = &c->pairs[pi];
        if (p->used || p->first > p->last ||
            !qt_has_words(c, p->first, p->last, SPEECH_MIN_WORDS))
            continue;
        if (qt_emit_continuation(c, ls, p, 0.6, -1))
            return -1;
    }
    return 0;
}

/*
 * "Lopez On Why Sitcoms Fail", "Ana Ruiz On How Towns Recover": in a
 * title-case headline, a speaker that opens it, "On" and a question word
 * give what the speaker talked about. Returns 1 when emitted, -1 when
 * out of memory.
 */
static int headline_on_topic(qt_ctx *c, int32_t a, int32_t b)
{
    static const char *const wh[] = {"how", "why", "what", "whether", NULL};
    frame f;
    int32_t i, last = b - 1;
    int32_t covered = -1;
    for (i = a + 1; i + 1 < b; i++)
        if (is_word_text(c, i, "on") && qt_is_word_in(c, i + 1, wh))
            break;
    if (i + 1 >= b)
        return 0;
    memset(&f, 0, sizeof(f));
    if (!qt_speaker_before(c, i - 1, a, &f.np) || f.np.first != a ||
        f.np.last != i - 1)
        return 0;
    f.has_np = 1;
    f.cue_first = f.cue_last = i;
    while (last > i && c->tok[last].kind == TP_TOK_PUNCT)
        last--;
    return qt_emit_clause(c, i + 1, last, &f, 0.5, 3, &covered);
}

/*
 * "Sanders Promises Action On Immigration": a headline in title case
 * capitalises its verbs, which the tagger took for parts of names. In a
 * segment where every longer word but the little ones ("with", "from")
 * is capitalised, a capitalised reporting verb is a cue again.
 */
static int headline_cues(qt_ctx *c, int32_t a, int32_t b)
{
    enum { HEADLINE_MIN_WORDS = 4 };
    int32_t i, words = 0;
    if (a > 0 && !(c->tok[a].flags & TP_TOKF_PARA_START))
        return 0; /* a headline is a paragraph of its own */
    /* a lower-case word of four letters or more that is no preposition or
     * function word ends the test: ordinary sentences leave at once */
    for (i = a; i < b; i++) {
        /* a clitic ("He’s") takes its case from its host word */
        if (c->tok[i].kind != TP_TOK_WORD ||
            c->tok[i].end - c->tok[i].start < 4 ||
            (c->tok[i].flags & TP_TOKF_CONTRACTION))
            continue;
        if (!(c->tok[i].flags & TP_TOKF_CAPITALISED) &&
            !(c->tags[i] & (QT_W_FUNC | QT_W_PREP)))
            return 0;
        words++;
    }
    if (words < HEADLINE_MIN_WORDS)
        return 0;
    for (i = a; i < b; i++)
        if (c->no_cue[i] && c->info[i] &&
            (c->info[i]->cue_kind == QT_CUE_VERB ||
             c->info[i]->cue_kind == QT_CUE_BELIEF) &&
            (c->info[i]->cue_flags & QT_CUEF_FINITE) &&
            !(c->info[i]->cue_flags & QT_CUEF_WEAK))
            c->no_cue[i] = 0;
    return headline_on_topic(c, a, b);
}

int qt_attribute(qt_ctx *c)
{
    last_speaker ls;
    seg_state s;
    int32_t seg, p0 = 0, p1;

    memset(&ls, 0, sizeof(ls));
    s.cue_used = qt_alloc(c, (size_t)c->n_tok + 1);
    if (!s.cue_used)
        return -1;
    memset(s.cue_used, 0, (size_t)c->n_tok + 1);
    for (seg = 0; seg < c->n_seg; seg++) {
        s.a = c->seg_start[seg];
        s.b = c->seg_start[seg + 1];
        s.next_b = seg + 1 < c->n_seg ? c->seg_start[seg + 2] : s.b;
        while (p0 < c->n_pairs && c->pairs[p0].open < s.a)
            p0++;
        p1 = p0;
        while (p1 < c->n_pairs && c->pairs[p1].open < s.b)
            p1++;
        if (headline_cues(c, s.a, s.b) < 0)
            return -1;
        if (qt_direct_pairs(c, &s, &ls, p0, p1))
            return -1;
        if (c->indirect &&
            (noun_cue_pairs(c, &s, p0, p1) || indirect_cues(c, &s, &ls)))
            return -1;
        if (leftover_pairs(c, &ls, p0, p1))
            return -1;
        p0 = p1;
    }
    return 0;
}
