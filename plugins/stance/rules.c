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
#include <string.h>

#include "stance.h"

/* Weights of the rules, in one place so they can be read together. */
#define NEG_SCOPE 3         /* words a negator reaches */
#define NEG_FLIP (-0.75)    /* a negated valence flips and weakens */
#define INTENS_MULT 1.5
#define DIMIN_MULT 0.5
#define CONTRAST_BEFORE 0.5 /* what a "but" turns away from */
#define CONTRAST_AFTER 1.5
#define CONCESS_MULT 0.5
#define HEDGE_MULT 0.6
#define DIRECT_WEIGHT 2.0   /* a stance word aimed at the target */
#define DIRECT_REACH 4      /* words between a stance word and its object */
#define REFUTE_WEIGHT 1.5
#define W_ALIAS 1.0         /* sentence names the target */
#define W_STEM 0.8          /* sentence has one of its content words */
#define W_OTHER 0.5         /* sentence does neither */
#define THRESHOLD 0.5       /* |evidence| below this is NONE */
#define SELF_WEIGHT 1.0     /* a target's own speaker naming it */

const char *st_label_name(int label)
{
    switch (label) {
    case ST_FAVOR:
        return "FAVOR";
    case ST_AGAINST:
        return "AGAINST";
    default:
        return "NONE";
    }
}

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
 * it (a tweet, an editorial). Documents sent with a target are mostly
 * opinionated texts chosen because they concern it, and opinion about a
 * target is lopsided: praise names what it praises, while criticism often
 * argues for an alternative without naming the target at all (a text
 * praising the other side). So:
 *  - a text that names the target is FAVOR only when its evidence toward
 *    the target is positive, else AGAINST;
 *  - a text that never names it but carries opinion (sentiment or stance
 *    words) leans AGAINST, unless the target is a claim whose own valence
 *    the text shares;
 *  - a text with no opinion at all is NONE.
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
        out->label = about >= THRESHOLD ? ST_FAVOR : ST_AGAINST;
        p = about;
    } else if (n_opinion) {
        out->label = ST_AGAINST;
    } else {
        out->label = ST_NONE;
    }
    out->score = out->label == ST_NONE ? 0.5
                                       : 0.5 + 0.5 * (1.0 - exp(-fabs(p) / 2));
}

void st_judge(const st_lexicon *lx, const st_target *t, const st_words *ws,
              size_t from, size_t to, uint8_t *marks, unsigned how,
              st_judgement *out)
{
    int context_mention = (how & ST_J_CONTEXT) != 0;
    int n_opinion = 0;
    double total_m = 0;
    size_t i;
    int neg_left = 0, concess = 0;
    double intens = 1.0, after = 1.0;
    double sent_sum = 0, total = 0, direct = 0, refute = 0, senti = 0;
    int sent_mark = 0, sent_hedge = 0;

    memset(out, 0, sizeof(*out));
    out->mention = st_target_mark(t, ws, from, to, marks);
    if (context_mention && out->mention < 2)
        out->mention = 2;

    for (i = from; i <= to; i++) {
        const st_word *w = i < to ? &ws->w[i] : NULL;
        uint32_t c;
        float v;
        double x;

        if (!w || (w->flags & ST_W_SENT)) {
            /* the end of a sentence: weigh it by its mention */
            double wt = sent_mark == 2 ? W_ALIAS
                        : sent_mark == 1 ? W_STEM
                        : context_mention ? W_ALIAS
                                          : W_OTHER;
            if (sent_hedge)
                wt *= HEDGE_MULT;
            total += sent_sum * wt;
            if (sent_mark || context_mention)
                total_m += sent_sum * wt;
            sent_sum = 0;
            sent_mark = 0;
            sent_hedge = 0;
            neg_left = 0;
            concess = 0;
            after = 1.0;
            intens = 1.0;
            continue;
        }
        if (marks[i] > sent_mark)
            sent_mark = marks[i];
        if (w->flags & ST_W_PUNCT) {
            if (w->flags & ST_W_CLAUSE) {
                neg_left = 0;
                concess = 0;
            }
            continue;
        }
        if (w->flags & ST_W_URL)
            continue;
        if (ws->lexed == lx) {
            c = w->lex;
            v = w->valence;
        } else {
            c = st_lexicon_get(lx, st_word_text(ws, w), w->len, &v);
        }
        if (!c) {
            if (neg_left)
                neg_left--;
            continue;
        }
        if (c & ST_L_NEGATOR) {
            neg_left = NEG_SCOPE;
            out->n_negations++;
            if (!(c & (ST_L_CON | ST_L_PRO)))
                continue;
        }
        if (c & ST_L_CONTRAST) {
            sent_sum *= CONTRAST_BEFORE;
            after = CONTRAST_AFTER;
            neg_left = 0;
            continue;
        }
        if (c & ST_L_CONCESS) {
            concess = 1;
            continue;
        }
        if (c & ST_L_HEDGE) {
            sent_hedge = 1;
            out->n_hedges++;
        }
        x = (neg_left && !(c & ST_L_NEGATOR) ? NEG_FLIP : 1.0) * after *
            (concess ? CONCESS_MULT : 1.0);
        if (c & (ST_L_PRO | ST_L_CON) && !marks[i]) {
            int m = object_mention(ws, marks, i, to);
            double sign = (c & ST_L_PRO) ? 1.0 : -1.0;
            if (c & ST_L_PRO)
                out->n_pro++;
            else
                out->n_con++;
            if (m)
                direct += sign * x * DIRECT_WEIGHT * (m == 2 ? 1.0 : 0.7);
        }
        if (c & ST_L_REFUTE) {
            out->n_refutes++;
            refute += x;
        }
        if (c & ST_L_INTENS)
            intens *= INTENS_MULT;
        if (c & ST_L_DIMIN)
            intens *= DIMIN_MULT;
        if (c & (ST_L_PRO | ST_L_CON | ST_L_REFUTE))
            n_opinion++;
        if (c & ST_L_HAS_VALENCE && v != 0) {
            n_opinion++;
            sent_sum += v * x * intens;
            senti += v;
            intens = 1.0;
        }
        if (neg_left && !(c & ST_L_NEGATOR))
            neg_left--;
    }
    out->sentiment = senti;
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
                           n_opinion);
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

/* How a reporter frames a quote by the verb that introduces it. Forms
 * are matched after lower-casing the cue's first word; "point(ed) out"
 * needs its particle. */
typedef struct reporter_verb {
    const char *word;
    const char *particle; /* a second word, or NULL */
    int cls;
} reporter_verb;

enum { REP_NEUTRAL = 1, REP_DISTANCING = 2, REP_ENDORSING = 3 };

static const reporter_verb reporter_verbs[] = {
    /* distancing: the reporter does not vouch for the content */
    {"claim", NULL, REP_DISTANCING},
    {"allege", NULL, REP_DISTANCING},
    {"insist", NULL, REP_DISTANCING},
    {"contend", NULL, REP_DISTANCING},
    {"assert", NULL, REP_DISTANCING},
    {"maintain", NULL, REP_DISTANCING},
    {"purport", NULL, REP_DISTANCING},
    {"profess", NULL, REP_DISTANCING},
    {"boast", NULL, REP_DISTANCING},
    {"brag", NULL, REP_DISTANCING},
    {"deny", NULL, REP_DISTANCING},
    {"denie", NULL, REP_DISTANCING},
    {"accuse", NULL, REP_DISTANCING},
    {"speculate", NULL, REP_DISTANCING},
    {"rumor", NULL, REP_DISTANCING},
    {"rumour", NULL, REP_DISTANCING},
    {"reportedly", NULL, REP_DISTANCING},
    {"allegedly", NULL, REP_DISTANCING},
    /* endorsing: factive verbs that present the content as true */
    {"note", NULL, REP_ENDORSING},
    {"point", "out", REP_ENDORSING},
    {"acknowledge", NULL, REP_ENDORSING},
    {"confirm", NULL, REP_ENDORSING},
    {"reveal", NULL, REP_ENDORSING},
    {"admit", NULL, REP_ENDORSING},
    {"concede", NULL, REP_ENDORSING},
    {"recognize", NULL, REP_ENDORSING},
    {"recognise", NULL, REP_ENDORSING},
    {"show", NULL, REP_ENDORSING},
    {"demonstrate", NULL, REP_ENDORSING},
    {"prove", NULL, REP_ENDORSING},
    {"establish", NULL, REP_ENDORSING},
    {"observe", NULL, REP_ENDORSING},
    {"find", NULL, REP_ENDORSING},
    {"found", NULL, REP_ENDORSING},
    {"disclose", NULL, REP_ENDORSING},
    {"learn", NULL, REP_ENDORSING},
    {"learned", NULL, REP_ENDORSING},
    {"learnt", NULL, REP_ENDORSING},
    {NULL, NULL, 0}};

/* Strip an inflection so "claimed", "claims", "claiming", "denied",
 * "admitted" find their table entry. */
static int verb_matches(const char *entry, const char *w, size_t len)
{
    static const char *const suffixes[] = {"", "s", "es", "d", "ed", "ing",
                                           "ted", "ting", "ied", "ies",
                                           NULL};
    size_t el = strlen(entry), i;
    for (i = 0; suffixes[i]; i++) {
        size_t sl = strlen(suffixes[i]);
        if (len == el + sl && memcmp(w, entry, el) == 0 &&
            memcmp(w + el, suffixes[i], sl) == 0)
            return 1;
        /* "noting", "claiming": a silent e dropped before -ing/-ed */
        if (el > 2 && entry[el - 1] == 'e' && len == el - 1 + sl &&
            memcmp(w, entry, el - 1) == 0 &&
            memcmp(w + el - 1, suffixes[i], sl) == 0)
            return 1;
    }
    return 0;
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
        for (r = reporter_verbs; r->word; r++) {
            size_t j;
            if (!verb_matches(r->word, words[k], lens[k]))
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
