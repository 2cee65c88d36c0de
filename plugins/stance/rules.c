/*
 * rules.c - zero-shot stance: lexicon and rules for any target, and the
 * reporter's stance read from a quote's cue verb.
 *
 * The judge walks the words once. Sentiment words add their valence,
 * scaled by intensifiers and diminishers, flipped (and damped) inside a
 * negation scope (three words, or up to the end of the clause); a contrast
 * ("but") halves what came before it in the sentence and strengthens what
 * follows, a concession ("although") weakens its own clause; hedges damp
 * the whole sentence. Stance words (support, oppose, condemn, crack down,
 * afraid of) count double when their object, within a few words, mentions
 * the target. Each sentence weighs by how directly it names the target: a
 * document-level stance judges the whole text even when the target is
 * never named, but a sentence about the target says more. A target that
 * is a claim ("X is a real concern") carries its own valence: a text that
 * is negative about X agrees with it, and refuting words ("hoax", "myth")
 * deny it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stance.h"

/* Weights of the rules, in one place so they can be read together. */
#define NEG_SCOPE                                                              \
    5                    /* words a negator reaches, unless a clause           \
                            ends first ("not a very good idea at all") */
#define NEG_FLIP (-0.75) /* a negated valence flips and weakens */
#define INTENS_MULT 1.5
#define DIMIN_MULT 0.5
#define CONTRAST_BEFORE 0.5 /* what a "but" turns away from */
#define CONTRAST_AFTER 1.5
#define CONCESS_MULT 0.5
#define HEDGE_MULT 0.6
#define DIRECT_WEIGHT                                                          \
    4.0                /* a stance word aimed at the target: one               \
                          says more than a sentence of mood words */
#define DIRECT_REACH 4 /* words between a stance word and its object */
#define REFUTE_WEIGHT 1.5
#define W_ALIAS 1.0     /* sentence names the target */
#define W_STEM 0.8      /* sentence has one of its content words */
#define W_OTHER 0.5     /* sentence does neither */
#define THRESHOLD 0.5   /* |evidence| below this is NONE */
#define SELF_WEIGHT 1.0 /* a target's own speaker naming it */
#define PLAIN_POSITIVE                                                         \
    1.0 /* a text that names the target, says nothing                          \
           at it and is at least this positive */

int st_label_parse(const char *s)
{
    if (strcmp(s, "FAVOR") == 0)
        return ST_FAVOR;
    if (strcmp(s, "AGAINST") == 0)
        return ST_AGAINST;
    if (strcmp(s, "NONE") == 0)
        return ST_NONE;
    return -1;
}

/* The strongest mention among the next DIRECT_REACH words after i, not
 * crossing a sentence end. */
static int object_mention(const st_words *ws, const uint8_t *marks, size_t i,
                          size_t to)
{
    size_t j, seen = 0;
    int best = 0;
    for (j = i + 1; j < to && seen < DIRECT_REACH; j++) {
        if (ws->w[j].flags & ST_W_SENT)
            break;
        if (ws->w[j].flags & ST_W_PUNCT)
            continue;
        seen++;
        if (marks[j] > best)
            best = marks[j];
    }
    return best;
}

/*
 * The verdict on a whole document toward a target, when no quote is about
 * it (a tweet, an editorial, a headline). Documents sent with a target are
 * mostly texts chosen because they concern it, and opinion about a target
 * is lopsided: criticism often argues for an alternative without naming
 * the target at all. So:
 *  - a text that names the target takes the sign of its evidence toward
 *    it; with no evidence either way, it is AGAINST when it carries
 *    opinion, unless the text as a whole is plainly positive (the target
 *    named among praise), and FAVOR when it is plain (a headline
 *    repeating a claim);
 *  - a text that never names it but carries opinion (sentiment or stance
 *    words) leans AGAINST, unless the target is a claim whose own valence
 *    the text shares;
 *  - a text with no opinion at all is NONE.
 * (An earlier rule made a text that names the target AGAINST unless its
 * evidence was clearly positive: SemEval 0.52 but Emergent 0.30; this one,
 * with the plainly positive exception, scores 0.505 / 0.507 / 0.491 on
 * SemEval / Emergent / IBM, see README.)
 * These are priors of stance-taking text, not of any topic; quotes, which
 * report rather than argue, use the plain threshold instead.
 */
static void whole_text_verdict(const st_target *t, st_judgement *out,
                               double about, double refute_or_con,
                               int n_opinion)
{
    double p = out->polarity;
    if (t->polarity != 0) {
        /* a claim: denied by refuting words or stance words against it;
         * otherwise a text that takes it up (names its topic, or argues)
         * is taken to share it */
        if (refute_or_con < -THRESHOLD)
            out->label = ST_AGAINST;
        else
            out->label = out->mention || n_opinion ? ST_FAVOR : ST_NONE;
    } else if (out->mention) {
        /* the sign of what it says about the target; with nothing
         * directed at it, an opinionated text leans AGAINST (criticism
         * argues around its target) and a plain one that names it (a
         * headline repeating a claim) takes it up */
        out->label = about > 0                          ? ST_FAVOR
                     : about < 0                        ? ST_AGAINST
                     : n_opinion && p <= PLAIN_POSITIVE ? ST_AGAINST
                                                        : ST_FAVOR;
        p = about;
    } else if (n_opinion) {
        out->label = ST_AGAINST;
    } else {
        out->label = ST_NONE;
    }
    out->score =
        out->label == ST_NONE ? 0.5 : 0.5 + 0.5 * (1.0 - exp(-fabs(p) / 2));
}

/* What the scan carries along the words of a text (st_judge_pass.state). */
typedef st_judge_state judge_state;

/* One word's contribution to the current sentence: everything but what
 * depends on the target, which is left as a stance-word record for
 * st_judge_apply. Returns -1 when out of memory. */
static int scan_word(const st_lexicon *lx, const st_words *ws, size_t i,
                     judge_state *st, st_judge_pass *p)
{
    const st_word *w = &ws->w[i];
    uint32_t c;
    float v;
    double x;

    if (w->flags & ST_W_PUNCT) {
        if (w->flags & ST_W_CLAUSE) {
            st->neg_left = 0;
            st->concess = 0;
        }
        return 0;
    }
    if (w->flags & ST_W_URL)
        return 0;
    if (ws->lexed == lx) {
        c = w->lex;
        v = w->valence;
    } else {
        c = st_lexicon_get(lx, st_word_text(ws, w), w->len, &v);
    }
    if (!c) {
        if (st->neg_left)
            st->neg_left--;
        return 0;
    }
    if (c & ST_L_NEGATOR) {
        st->neg_left = NEG_SCOPE;
        p->n_negations++;
        if (!(c & (ST_L_CON | ST_L_PRO)))
            return 0;
    }
    if (c & ST_L_CONTRAST) {
        st->sent_sum *= CONTRAST_BEFORE;
        st->after = CONTRAST_AFTER;
        st->neg_left = 0;
        return 0;
    }
    if (c & ST_L_CONCESS) {
        st->concess = 1;
        return 0;
    }
    if (c & ST_L_HEDGE) {
        st->sent_hedge = 1;
        p->n_hedges++;
    }
    x = (st->neg_left && !(c & ST_L_NEGATOR) ? NEG_FLIP : 1.0) * st->after *
        (st->concess ? CONCESS_MULT : 1.0);
    if (c & (ST_L_PRO | ST_L_CON)) {
        st_judge_word *sw;
        if (st_grow((void **)&p->words, &p->cap_words, p->n_words + 1,
                    sizeof(*p->words)))
            return -1;
        sw = &p->words[p->n_words++];
        sw->at = (uint32_t)i;
        sw->sign = (c & ST_L_PRO) ? 1 : -1;
        sw->x = x;
    }
    if (c & ST_L_REFUTE) {
        p->n_refutes++;
        p->refute += x;
    }
    if (c & ST_L_INTENS)
        st->intens *= INTENS_MULT;
    if (c & ST_L_DIMIN)
        st->intens *= DIMIN_MULT;
    if (c & (ST_L_PRO | ST_L_CON | ST_L_REFUTE))
        p->n_opinion++;
    if (c & ST_L_HAS_VALENCE && v != 0) {
        p->n_opinion++;
        st->sent_sum += v * x * st->intens;
        p->senti += v;
        st->intens = 1.0;
    }
    if (st->neg_left && !(c & ST_L_NEGATOR))
        st->neg_left--;
    return 0;
}

/* The end of a sentence (its last word is `end` - 1): keep its evidence
 * for st_judge_apply, which weighs it by how directly it names a target. */
static int scan_sentence_end(judge_state *st, st_judge_pass *p, size_t end)
{
    st_judge_sentence *se;
    if (st_grow((void **)&p->sentences, &p->cap_sentences, p->n_sentences + 1,
                sizeof(*p->sentences)))
        return -1;
    se = &p->sentences[p->n_sentences++];
    se->end = (uint32_t)end;
    se->sum = st->sent_sum;
    se->hedged = st->sent_hedge;
    st->sent_sum = 0;
    st->sent_hedge = 0;
    st->neg_left = 0;
    st->concess = 0;
    st->after = 1.0;
    st->intens = 1.0;
    return 0;
}

void st_judge_scan_begin(st_judge_pass *p, size_t from)
{
    memset(&p->state, 0, sizeof(p->state));
    p->state.intens = 1.0;
    p->state.after = 1.0;
    p->from = p->to = p->next = from;
    p->n_sentences = p->n_words = 0;
    p->refute = p->senti = 0;
    p->n_opinion = p->n_negations = p->n_hedges = p->n_refutes = 0;
}

/* A word the rules pass over: in no table, or a function word only, and
 * ending nothing. It only uses up a word of a negation's scope (what
 * scan_word does for it). */
static inline int inert(const st_word *w)
{
    return !(w->lex & ~(uint32_t)(ST_L_STOP | ST_L_COPULA)) &&
           !(w->flags & (ST_W_PUNCT | ST_W_URL | ST_W_SENT));
}

int st_judge_scan_more(const st_lexicon *lx, const st_words *ws,
                       st_judge_pass *p, size_t upto)
{
    size_t i = p->next, run;
    /* the state is carried in a local, whose address stays here, so that
     * it lives in registers: in *p, every word's negation count was
     * loaded back from the store of the word before */
    judge_state st = p->state;
    int rc = 0, lexed = ws->lexed == lx;
    while (i < upto) {
        uint32_t f;
        /* most words are inert: skipped in a run, which uses up as much
         * of a negation's scope */
        if (lexed) {
            for (run = i; i < upto && inert(&ws->w[i]); i++)
                ;
            run = i - run;
            st.neg_left =
                (size_t)st.neg_left > run ? st.neg_left - (int)run : 0;
            if (i >= upto)
                break;
        }
        f = ws->w[i].flags;
        /* a word that ends a sentence without a mark still counts */
        if ((!(f & ST_W_SENT) || !(f & ST_W_PUNCT)) &&
            scan_word(lx, ws, i, &st, p)) {
            rc = -1;
            break;
        }
        if ((f & ST_W_SENT) && scan_sentence_end(&st, p, i + 1)) {
            rc = -1;
            break;
        }
        i++;
    }
    p->next = i;
    p->state = st;
    return rc;
}

int st_judge_scan_end(const st_lexicon *lx, const st_words *ws,
                      st_judge_pass *p, size_t to)
{
    if (st_judge_scan_more(lx, ws, p, to))
        return -1;
    p->to = to;
    return scan_sentence_end(&p->state, p, to);
}

int st_judge_scan(const st_lexicon *lx, const st_words *ws, size_t from,
                  size_t to, st_judge_pass *p)
{
    st_judge_scan_begin(p, from);
    return st_judge_scan_end(lx, ws, p, to);
}

void st_judge_pass_free(st_judge_pass *p)
{
    free(p->sentences);
    free(p->words);
    memset(p, 0, sizeof(*p));
}

/* The strongest mark in [from, to). */
static int strongest_mark(const uint8_t *marks, size_t from, size_t to)
{
    if (from >= to)
        return 0;
    if (memchr(marks + from, 2, to - from))
        return 2;
    return memchr(marks + from, 1, to - from) ? 1 : 0;
}

void st_judge_apply(const st_judge_pass *p, const st_target *t,
                    const st_words *ws, const uint8_t *marks, unsigned how,
                    st_judgement *out)
{
    int context_mention = (how & ST_J_CONTEXT) != 0;
    double total = 0, total_m = 0, direct = 0, refute = p->refute;
    size_t k, start = p->from;

    memset(out, 0, sizeof(*out));
    out->n_negations = p->n_negations;
    out->n_hedges = p->n_hedges;
    out->n_refutes = p->n_refutes;
    out->mention = strongest_mark(marks, p->from, p->to);
    if (context_mention && out->mention < 2)
        out->mention = 2;
    /* each sentence weighs by how directly it names the target */
    for (k = 0; k < p->n_sentences; k++) {
        const st_judge_sentence *se = &p->sentences[k];
        int mark = strongest_mark(marks, start, se->end);
        double wt = mark == 2         ? W_ALIAS
                    : mark == 1       ? W_STEM
                    : context_mention ? W_ALIAS
                                      : W_OTHER;
        if (se->hedged)
            wt *= HEDGE_MULT;
        total += se->sum * wt;
        if (mark || context_mention)
            total_m += se->sum * wt;
        if (se->end > start)
            start = se->end;
    }
    /* stance words count double when their object names the target */
    for (k = 0; k < p->n_words; k++) {
        const st_judge_word *sw = &p->words[k];
        int m;
        if (marks[sw->at])
            continue;
        if (sw->sign > 0)
            out->n_pro++;
        else
            out->n_con++;
        m = object_mention(ws, marks, sw->at, p->to);
        if (m)
            direct += sw->sign * sw->x * DIRECT_WEIGHT * (m == 2 ? 1.0 : 0.7);
    }
    out->sentiment = p->senti;
    /* a claim with a valence of its own agrees with texts of its sign */
    if (t->polarity < 0) {
        total = -total;
        total_m = -total_m;
    }
    /* a target speaking for itself: denying a claim about it defends it,
     * and naming itself is self-presentation */
    if (how & ST_J_SELF) {
        refute = -refute;
        if (out->mention == 2 && !context_mention)
            total += SELF_WEIGHT;
    }
    out->polarity = total + direct - REFUTE_WEIGHT * refute;
    if (how & ST_J_WHOLE) {
        whole_text_verdict(t, out, total_m + direct - REFUTE_WEIGHT * refute,
                           (direct < 0 ? direct : 0) - REFUTE_WEIGHT * refute,
                           p->n_opinion);
        return;
    }
    if (fabs(out->polarity) < THRESHOLD) {
        out->label = ST_NONE;
        out->score = 1.0 - fabs(out->polarity) / (2 * THRESHOLD);
    } else {
        out->label = out->polarity > 0 ? ST_FAVOR : ST_AGAINST;
        out->score = 0.5 + 0.5 * (1.0 - exp(-fabs(out->polarity) / 2.0));
    }
}

void st_judge(const st_lexicon *lx, const st_target *t, const st_words *ws,
              size_t from, size_t to, uint8_t *marks, unsigned how,
              st_judgement *out)
{
    st_judge_pass p;
    memset(&p, 0, sizeof(p));
    if (!(how & ST_J_MARKED))
        st_target_mark(t, ws, from, to, marks);
    /* out of memory for the pass: no evidence, so NONE */
    if (st_judge_scan(lx, ws, from, to, &p)) {
        memset(out, 0, sizeof(*out));
        out->score = 0.5;
    } else {
        st_judge_apply(&p, t, ws, marks, how, out);
    }
    st_judge_pass_free(&p);
}

/* How a reporter frames a quote by the verb that introduces it. Forms
 * are matched after lower-casing the cue's first word; "point(ed) out"
 * needs its particle. */
typedef struct reporter_verb {
    const char *word;
    const char *particle; /* a second word, or NULL */
    int cls;
    size_t len; /* of word: the table is read for every quote */
} reporter_verb;
#define RV(w, p, c)                                                            \
    {                                                                          \
        w, p, c, sizeof(w) - 1                                                 \
    }

enum { REP_NEUTRAL = 1, REP_DISTANCING = 2, REP_ENDORSING = 3 };

/* Distancing verbs: the reporter does not vouch for the content (claim,
 * allege, deny, reportedly); endorsing: factive verbs that present it as
 * true (note, confirm, admit, reveal). In order of their first letter:
 * the look-up stops past a word's letter. */
static const reporter_verb reporter_verbs[] = {
    RV("allege", NULL, REP_DISTANCING),
    RV("assert", NULL, REP_DISTANCING),
    RV("accuse", NULL, REP_DISTANCING),
    RV("allegedly", NULL, REP_DISTANCING),
    RV("acknowledge", NULL, REP_ENDORSING),
    RV("admit", NULL, REP_ENDORSING),
    RV("boast", NULL, REP_DISTANCING),
    RV("brag", NULL, REP_DISTANCING),
    RV("claim", NULL, REP_DISTANCING),
    RV("contend", NULL, REP_DISTANCING),
    RV("confirm", NULL, REP_ENDORSING),
    RV("concede", NULL, REP_ENDORSING),
    RV("deny", NULL, REP_DISTANCING),
    RV("denie", NULL, REP_DISTANCING),
    RV("demonstrate", NULL, REP_ENDORSING),
    RV("disclose", NULL, REP_ENDORSING),
    RV("establish", NULL, REP_ENDORSING),
    RV("find", NULL, REP_ENDORSING),
    RV("found", NULL, REP_ENDORSING),
    RV("insist", NULL, REP_DISTANCING),
    RV("learn", NULL, REP_ENDORSING),
    RV("learned", NULL, REP_ENDORSING),
    RV("learnt", NULL, REP_ENDORSING),
    RV("maintain", NULL, REP_DISTANCING),
    RV("note", NULL, REP_ENDORSING),
    RV("observe", NULL, REP_ENDORSING),
    RV("purport", NULL, REP_DISTANCING),
    RV("profess", NULL, REP_DISTANCING),
    RV("point", "out", REP_ENDORSING),
    RV("prove", NULL, REP_ENDORSING),
    RV("rumor", NULL, REP_DISTANCING),
    RV("rumour", NULL, REP_DISTANCING),
    RV("reportedly", NULL, REP_DISTANCING),
    RV("reveal", NULL, REP_ENDORSING),
    RV("recognize", NULL, REP_ENDORSING),
    RV("recognise", NULL, REP_ENDORSING),
    RV("speculate", NULL, REP_DISTANCING),
    RV("show", NULL, REP_ENDORSING),
    {NULL, NULL, 0, 0}};

/* Strip an inflection so "claimed", "claims", "claiming", "denied",
 * "admitted" find their table entry. */
static int verb_matches(const reporter_verb *r, const char *w, size_t len)
{
    static const struct {
        const char *s;
        size_t len;
    } suffixes[] = {{"", 0},    {"s", 1},   {"es", 2},  {"d", 1},
                    {"ed", 2},  {"ing", 3}, {"ted", 3}, {"ting", 4},
                    {"ied", 3}, {"ies", 3}};
    const char *entry = r->word;
    size_t el = r->len, i;
    /* every form below starts with the entry less its last letter */
    if (len + 1 < el || memcmp(w, entry, el - 1) != 0)
        return 0;
    for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        size_t sl = suffixes[i].len;
        if (len == el + sl && memcmp(w, entry, el) == 0 &&
            memcmp(w + el, suffixes[i].s, sl) == 0)
            return 1;
        /* "noting", "claiming": a silent e dropped before -ing/-ed */
        if (el > 2 && entry[el - 1] == 'e' && len == el - 1 + sl &&
            memcmp(w, entry, el - 1) == 0 &&
            memcmp(w + el - 1, suffixes[i].s, sl) == 0)
            return 1;
    }
    return 0;
}

/* The first verb of the table whose first letter is c or after (the table
 * is in order of first letters), by halving. */
static const reporter_verb *first_verb(char c)
{
    size_t lo = 0, hi = sizeof(reporter_verbs) / sizeof(reporter_verbs[0]) - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (reporter_verbs[mid].word[0] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return &reporter_verbs[lo];
}

int st_reporter_class(const char *cue, size_t len)
{
    char words[4][32];
    size_t lens[4] = {0}, n = 0, i = 0, k;
    const reporter_verb *r;

    /* up to four lower-cased words of the cue */
    while (i < len && n < 4) {
        while (i < len && !((cue[i] | 32) >= 'a' && (cue[i] | 32) <= 'z'))
            i++;
        while (i < len && (((cue[i] | 32) >= 'a' && (cue[i] | 32) <= 'z'))) {
            if (lens[n] < sizeof(words[0]))
                words[n][lens[n]++] = (char)(cue[i] | 32);
            i++;
        }
        if (lens[n])
            n++;
    }
    for (k = 0; k < n; k++)
        for (r = first_verb(words[k][0]); r->word && r->word[0] == words[k][0];
             r++) {
            size_t j;
            if (!verb_matches(r, words[k], lens[k]))
                continue;
            if (!r->particle)
                return r->cls;
            for (j = k + 1; j < n; j++)
                if (strlen(r->particle) == lens[j] &&
                    memcmp(words[j], r->particle, lens[j]) == 0)
                    return r->cls;
        }
    return REP_NEUTRAL;
}
