/*
 * targets.c - stance targets: the targets file of [stage.stance]
 * (`NAME: alias, alias, ...` per line, # comments), compiling a target's
 * name and aliases into word sequences, and finding where a text mentions
 * a target. An alias written in capitals ("ICE") only matches capitals, so
 * that "ice" on a road does not count. Beside exact aliases, a content word
 * of the target ("abortion" in "Legalization of Abortion", matched by its
 * stem) is a weaker mention: document-level stance needs it for targets
 * that are phrases or claims.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stance.h"

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Words of a string, without punctuation. */
static int alias_compile(st_alias *a, st_words *ws, const st_lexicon *lx,
                         const char *s, size_t len)
{
    size_t i, n = 0, caps = 1;
    if (st_words_split(ws, lx, s, len))
        return -1;
    a->words = malloc((ws->n ? ws->n : 1) * sizeof(uint64_t));
    if (!a->words)
        return -1;
    for (i = 0; i < ws->n; i++) {
        if (ws->w[i].flags & ST_W_PUNCT)
            continue;
        if (!(ws->w[i].flags & ST_W_ALLCAPS))
            caps = 0;
        if (!n) {
            a->first = dup_n(st_word_text(ws, &ws->w[i]), ws->w[i].len);
            if (!a->first)
                return -1;
            a->first_len = ws->w[i].len;
        }
        a->words[n++] = ws->w[i].hash;
    }
    a->n = (uint32_t)n;
    a->caps = n > 0 && caps;
    return 0;
}

static int add_stems(st_target *t, const st_lexicon *lx, st_words *ws,
                     size_t *cap)
{
    size_t i, k;
    for (i = 0; i < ws->n; i++) {
        const st_word *w = &ws->w[i];
        float v;
        uint32_t c;
        /* an acronym ("ICE") only ever matches as written */
        if (w->flags & (ST_W_PUNCT | ST_W_ALLCAPS) || w->len < 3)
            continue;
        c = st_lexicon_get(lx, st_word_text(ws, w), w->len, &v);
        /* function words and sentiment or stance words do not name a
         * topic ("concern" in "X is a real concern") */
        if (c)
            continue;
        for (k = 0; k < t->n_stems; k++)
            if (t->stems[k] == w->stem)
                break;
        if (k < t->n_stems)
            continue;
        if (t->n_stems == *cap) {
            size_t nc = *cap ? *cap * 2 : 8;
            uint64_t *p = realloc(t->stems, nc * sizeof(uint64_t));
            if (!p)
                return -1;
            t->stems = p;
            *cap = nc;
        }
        t->stems[t->n_stems++] = w->stem;
    }
    return 0;
}

/* The claim's own valence: in "X is a real concern" the words after the
 * verb say what the claim holds about X; a text negative about X then
 * agrees with it. Zero for a plain name or noun phrase. */
static float claim_polarity(const st_lexicon *lx, const st_words *ws)
{
    size_t i;
    int after = 0, neg = 0;
    float sum = 0, v;
    for (i = 0; i < ws->n; i++) {
        const st_word *w = &ws->w[i];
        uint32_t c = st_lexicon_get(lx, st_word_text(ws, w), w->len, &v);
        if (c & ST_L_COPULA && i > 0) {
            after = 1;
            continue;
        }
        if (!after)
            continue;
        if (c & ST_L_NEGATOR)
            neg = !neg;
        else if (c & ST_L_HAS_VALENCE)
            sum += neg ? -v : v;
    }
    return sum;
}

int st_target_init(st_target *t, const st_lexicon *lx, const char *name,
                   size_t name_len, const char *const *aliases,
                   const size_t *alias_lens, size_t n_aliases)
{
    st_words ws = {0};
    size_t i, cap_stems = 0;

    memset(t, 0, sizeof(*t));
    t->name = dup_n(name, name_len);
    t->name_len = name_len;
    t->alias_text = calloc(n_aliases + 1, sizeof(char *));
    t->aliases = calloc(n_aliases + 1, sizeof(st_alias));
    if (!t->name || !t->alias_text || !t->aliases)
        goto fail;
    for (i = 0; i < n_aliases; i++) {
        t->alias_text[i] = dup_n(aliases[i], alias_lens[i]);
        if (!t->alias_text[i])
            goto fail;
        t->n_alias_text++;
    }
    /* the name first, then each alias */
    if (alias_compile(&t->aliases[0], &ws, lx, name, name_len))
        goto fail;
    t->n_aliases = 1;
    {
        char lower[256];
        size_t k, n = name_len < sizeof(lower) ? name_len : sizeof(lower);
        for (k = 0; k < n; k++)
            lower[k] = (char)(name[k] >= 'A' && name[k] <= 'Z' ? name[k] + 32
                                                               : name[k]);
        t->name_hash = st_hash(lower, n);
    }
    t->polarity = claim_polarity(lx, &ws);
    if (add_stems(t, lx, &ws, &cap_stems))
        goto fail;
    for (i = 0; i < n_aliases; i++) {
        if (alias_compile(&t->aliases[t->n_aliases], &ws, lx, aliases[i],
                          alias_lens[i]))
            goto fail;
        t->n_aliases++;
        if (add_stems(t, lx, &ws, &cap_stems))
            goto fail;
    }
    for (i = 0; i < t->n_aliases; i++)
        if (t->aliases[i].n)
            st_bloom_set(t->bloom.word, t->aliases[i].words[0]);
    for (i = 0; i < t->n_stems; i++)
        st_bloom_set(t->bloom.stem, t->stems[i]);
    st_words_free(&ws);
    return 0;
fail:
    st_words_free(&ws);
    st_target_free(t);
    return -1;
}

void st_target_free(st_target *t)
{
    size_t i;
    if (!t)
        return;
    for (i = 0; i < t->n_alias_text; i++)
        free(t->alias_text[i]);
    for (i = 0; i < t->n_aliases; i++) {
        free(t->aliases[i].words);
        free(t->aliases[i].first);
    }
    free(t->alias_text);
    free(t->aliases);
    free(t->stems);
    free(t->name);
    memset(t, 0, sizeof(*t));
}

void st_targets_free(st_targets *ts)
{
    size_t i;
    for (i = 0; i < ts->n; i++)
        st_target_free(&ts->t[i]);
    free(ts->t);
    ts->t = NULL;
    ts->n = 0;
}

static void trim(const char **s, const char **e)
{
    while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\r'))
        (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
        (*e)--;
}

#define MAX_ALIASES 64

int st_targets_parse(st_targets *ts, const st_lexicon *lx, const char *text,
                     size_t len, const char *origin, char *err, size_t err_len)
{
    const char *p = text, *end = text + len;
    unsigned lineno = 0;
    unsigned *first_line = NULL;

    ts->t = NULL;
    ts->n = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *s = p, *e = eol ? eol : end, *colon, *q;
        const char *alias[MAX_ALIASES];
        size_t alias_len[MAX_ALIASES], n_alias = 0, k;
        st_target *nt;
        unsigned *nl;

        p = eol ? eol + 1 : end;
        lineno++;
        trim(&s, &e);
        if (s == e || *s == '#')
            continue;
        if (memchr(s, '\0', (size_t)(e - s))) {
            snprintf(err, err_len, "%s:%u: NUL byte in line", origin, lineno);
            goto fail;
        }
        colon = memchr(s, ':', (size_t)(e - s));
        if (!colon) {
            snprintf(err, err_len, "%s:%u: expected 'NAME: alias, alias, ...'",
                     origin, lineno);
            goto fail;
        }
        {
            const char *ns = s, *ne = colon;
            trim(&ns, &ne);
            if (ns == ne) {
                snprintf(err, err_len, "%s:%u: empty target name", origin,
                         lineno);
                goto fail;
            }
            for (k = 0; k < ts->n; k++)
                if (ts->t[k].name_len == (size_t)(ne - ns) &&
                    memcmp(ts->t[k].name, ns, (size_t)(ne - ns)) == 0) {
                    snprintf(err, err_len,
                             "%s:%u: target '%.*s' is already defined at "
                             "line %u",
                             origin, lineno, (int)(ne - ns), ns, first_line[k]);
                    goto fail;
                }
            q = colon + 1;
            trim(&q, &e);
            while (q < e) {
                const char *comma = memchr(q, ',', (size_t)(e - q));
                const char *as = q, *ae = comma ? comma : e;
                trim(&as, &ae);
                if (as == ae) {
                    snprintf(err, err_len, "%s:%u: empty alias", origin,
                             lineno);
                    goto fail;
                }
                if (n_alias == MAX_ALIASES) {
                    snprintf(err, err_len, "%s:%u: more than %d aliases",
                             origin, lineno, MAX_ALIASES);
                    goto fail;
                }
                alias[n_alias] = as;
                alias_len[n_alias++] = (size_t)(ae - as);
                q = comma ? comma + 1 : e;
                if (comma && q >= e) {
                    snprintf(err, err_len, "%s:%u: empty alias", origin,
                             lineno);
                    goto fail;
                }
            }
            nt = realloc(ts->t, (ts->n + 1) * sizeof(st_target));
            if (!nt)
                goto oom;
            ts->t = nt;
            nl = realloc(first_line, (ts->n + 1) * sizeof(unsigned));
            if (!nl)
                goto oom;
            first_line = nl;
            if (st_target_init(&ts->t[ts->n], lx, ns, (size_t)(ne - ns), alias,
                               alias_len, n_alias))
                goto oom;
            first_line[ts->n] = lineno;
            ts->n++;
        }
    }
    free(first_line);
    return 0;
oom:
    snprintf(err, err_len, "%s:%u: out of memory", origin, lineno);
fail:
    free(first_line);
    st_targets_free(ts);
    return -1;
}

int st_targets_load(st_targets *ts, const st_lexicon *lx, const char *path,
                    char *err, size_t err_len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    int rc;

    if (!f) {
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        return -1;
    }
    for (;;) {
        if (len + 4096 > cap) {
            char *p = realloc(buf, cap ? cap * 2 : 8192);
            if (!p) {
                free(buf);
                fclose(f);
                snprintf(err, err_len, "%s: out of memory", path);
                return -1;
            }
            buf = p;
            cap = cap ? cap * 2 : 8192;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
        if (len > (1u << 24)) {
            free(buf);
            fclose(f);
            snprintf(err, err_len, "%s: larger than 16 MiB", path);
            return -1;
        }
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        snprintf(err, err_len, "%s: read error", path);
        return -1;
    }
    fclose(f);
    rc = st_targets_parse(ts, lx, buf ? buf : "", len, path, err, err_len);
    free(buf);
    return rc;
}

static int alias_at(const st_alias *a, const st_words *ws, size_t i, size_t to)
{
    size_t k, j = i;
    if (!a->n)
        return 0;
    for (k = 0; k < a->n; k++) {
        while (j < to && (ws->w[j].flags & ST_W_PUNCT) && k > 0)
            j++; /* "Immigration and Customs Enforcement (ICE)" */
        if (j >= to || ws->w[j].hash != a->words[k])
            return 0;
        if (a->caps && !(ws->w[j].flags & ST_W_ALLCAPS))
            return 0;
        j++;
    }
    return (int)(j - i);
}

/* The mark of target t at word i (not punctuation, and past its bloom
 * test): an alias starting there marks its words 2, a content word of the
 * target's marks 1. Returns the words consumed (the alias's length, else
 * 1) and raises *best. */
static inline size_t mark_word(const st_target *t, const st_words *ws, size_t i,
                               size_t to, uint8_t *marks, int *best)
{
    const st_word *w = &ws->w[i];
    size_t k;
    int span = 0;
    /* most words here share a stem of the target's ("city", "state"):
     * no alias starts with them, as its bloom tells */
    if (st_bloom_has(t->bloom.word, w->hash))
        for (k = 0; k < t->n_aliases && !span; k++)
            span = alias_at(&t->aliases[k], ws, i, to);
    if (span) {
        for (k = 0; k < (size_t)span; k++)
            marks[i + k] = 2;
        *best = 2;
        return (size_t)span;
    }
    if (w->len < 3)
        return 1;
    for (k = 0; k < t->n_stems; k++)
        if (t->stems[k] == w->stem) {
            marks[i] = 1;
            if (!*best)
                *best = 1;
            break;
        }
    return 1;
}

/* Most words start no alias and share no stem: one bit of each of the
 * bloom's halves says so. */
static inline int bloom_hit(const st_bloom *b, const st_word *w)
{
    return st_bloom_has(b->word, w->hash) || st_bloom_has(b->stem, w->stem);
}

int st_target_mark(const st_target *t, const st_words *ws, size_t from,
                   size_t to, uint8_t *marks)
{
    size_t i;
    int best = 0;
    if (from < to)
        memset(marks + from, 0, to - from);
    for (i = from; i < to;) {
        const st_word *w = &ws->w[i];
        if ((w->flags & (ST_W_PUNCT | ST_W_URL)) || !bloom_hit(&t->bloom, w)) {
            i++;
            continue;
        }
        i += mark_word(t, ws, i, to, marks, &best);
    }
    return best;
}

/* Whether `needle` (not empty) is in `hay`: names and forms are a few
 * bytes, too short for memmem's set-up to pay. */
static int contains(const char *hay, size_t len, const char *needle, size_t n)
{
    size_t i;
    for (i = 0; i + n <= len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return 1;
    return 0;
}

int st_target_may_name(const st_target *t, const char *lower, size_t len)
{
    size_t k;
    for (k = 0; k < t->n_aliases; k++) {
        const st_alias *a = &t->aliases[k];
        /* "<url>" stands for a URL's text */
        if (a->n && (a->first[0] == '<' ||
                     contains(lower, len, a->first, a->first_len)))
            return 1;
    }
    return 0;
}

/* Targets marked in one walk when there are at most this many (a
 * per-target position past its last alias is kept on the stack). */
#define MARK_ALL_MAX 32

void st_targets_mark(const st_target *targets, size_t n_targets,
                     const st_words *ws, uint8_t *marks, size_t stride)
{
    size_t next[MARK_ALL_MAX], i, t, c, n;
    st_bloom any;
    int best, listed;
    if (n_targets > MARK_ALL_MAX) {
        for (t = 0; t < n_targets; t++)
            st_target_mark(&targets[t], ws, 0, ws->n, marks + t * stride);
        return;
    }
    memset(&any, 0, sizeof(any));
    for (t = 0; t < n_targets; t++) {
        memset(marks + t * stride, 0, ws->n);
        st_bloom_add(&any, &targets[t].bloom);
        next[t] = 0;
    }
    /* the words that hit this bloom were listed as they were made:
     * visit those alone */
    listed =
        st_bloom_any(&any) && memcmp(&ws->cand_bloom, &any, sizeof(any)) == 0;
    n = listed ? ws->n_cand : ws->n;
    for (c = 0; c < n; c++) {
        const st_word *w;
        i = listed ? ws->cand[c] : c;
        w = &ws->w[i];
        if ((w->flags & (ST_W_PUNCT | ST_W_URL)) || !bloom_hit(&any, w))
            continue;
        for (t = 0; t < n_targets; t++) {
            const st_target *tg = &targets[t];
            /* inside an alias of this target marked already */
            if (i < next[t] || !bloom_hit(&tg->bloom, w))
                continue;
            next[t] =
                i + mark_word(tg, ws, i, ws->n, marks + t * stride, &best);
        }
    }
}

void st_bloom_add(st_bloom *into, const st_bloom *b)
{
    size_t k;
    for (k = 0; k < ST_BLOOM_BITS / 64; k++) {
        into->word[k] |= b->word[k];
        into->stem[k] |= b->stem[k];
    }
}

int st_bloom_any(const st_bloom *b)
{
    uint64_t any = 0;
    size_t k;
    for (k = 0; k < ST_BLOOM_BITS / 64; k++)
        any |= b->word[k] | b->stem[k];
    return any != 0;
}
