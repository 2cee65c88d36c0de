/*
 * coref.c - who each speaker is. Every capitalised name in the narrative
 * (outside quotes) becomes a candidate entity, its canonical name stripped
 * of titles ("Kern County Sheriff Donny Youngblood" -> "Donny
 * Youngblood"); a surname alone ("Youngblood") joins the entity met
 * earlier with that last name. A pronoun speaker takes the nearest
 * earlier name of a compatible kind and gender; "the letter" takes the
 * authors of an earlier "letter from X and Y"; other noun phrases ("ICE
 * officials") name themselves. The entities that speak become the
 * mentions layer, each with the spans that refer to it.
 */
#include <string.h>

#include "quotes.h"

typedef struct entity {
    const char *name;
    size_t len;
    const char *surname; /* last word of name */
    size_t surname_len;
    uint32_t name_hash, surname_hash; /* compared before the bytes */
    uint8_t kind;
    uint8_t gender;
    int32_t out; /* index in doc->mentions, or -1 */
    uint32_t n_spans;
} entity;

/* A place in the text where an entity is named. */
typedef struct sighting {
    int32_t tok;
    int32_t ent;
    int subject; /* the name opens a clause: a likely antecedent */
} sighting;

typedef struct coref {
    qt_ctx *c;
    entity *ents;
    size_t n_ents, cap_ents;
    sighting *seen;
    size_t n_seen, cap_seen;
    int32_t *quote_ent; /* per quote */
    /* open-addressed indexes over ents, entity index + 1 per slot (0:
     * empty): by full name, and by surname to the latest entity that is
     * not a document; a document has hundreds of names, so a scan per
     * capitalised word was the stage's largest cost */
    int32_t *by_name, *by_surname;
    size_t mask; /* slots - 1, a power of two less one */
} coref;

static const char *tok_ptr(const qt_ctx *c, int32_t i)
{
    return c->text + c->tok[i].start;
}

static size_t tok_len(const qt_ctx *c, int32_t i)
{
    return c->tok[i].end - c->tok[i].start;
}

/*
 * The canonical part of a capitalised phrase [first, last]: past the last
 * title word, a determiner or a possessive ("California's Chief Justice
 * Tani G. Cantil-Sakauye" -> "Tani G. Cantil-Sakauye"), and before a
 * parenthesis or a possessive at its end. Returns 0 when nothing is left.
 */
static int canonical_range(const qt_ctx *c, int32_t first, int32_t last,
                           int32_t *cf, int32_t *cl)
{
    int32_t i, start = first;
    for (i = first; i <= last; i++) {
        uint16_t t = qt_tags(c, i);
        if (qt_is_punct(c, i, '(')) {
            last = i - 1;
            break;
        }
        if (((t & (QT_W_TITLE | QT_W_DET)) && i < last) ||
            (c->tok[i].flags & TP_TOKF_CONTRACTION) ||
            !(qt_is_word(c, i) || (c->tok[i].flags & TP_TOKF_ABBREV)))
            start = i + 1;
        else if (!qt_is_cap(c, i) && !(t & QT_W_NAMELINK))
            start = i + 1;
    }
    while (last >= start && (c->tok[last].flags & TP_TOKF_CONTRACTION))
        last--;
    if (start > last)
        return 0;
    *cf = start;
    *cl = last;
    return 1;
}

/* Entities are found by a hash compare first, the bytes after. Eight
 * bytes a step (names run 5 to 20 bytes), and the last bytes as one or
 * two loads that may overlap, so no byte loop: a byte-wise loop was the
 * costliest line of resolution. Only equal hashes matter (the bytes
 * decide), so any mix of all the bytes serves. */
static uint32_t str_hash(const char *s, size_t n)
{
    const uint64_t mul = 0x9E3779B97F4A7C15ull;
    uint64_t h = (uint64_t)n * mul, w;
    const char *end = s + n;
    for (; end - s > 8; s += 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * mul;
        h ^= h >> 31;
    }
    /* the last 1 to 8 bytes (none when n is 0) */
    n = (size_t)(end - s);
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, end - 4, 4);
        w = (uint64_t)lo | (uint64_t)hi << 32;
    } else if (n) {
        const unsigned char *u = (const unsigned char *)s;
        w = (uint64_t)u[0] | (uint64_t)u[n / 2] << 8 | (uint64_t)u[n - 1] << 16;
    } else {
        w = 0;
    }
    h = (h ^ w) * mul;
    h ^= h >> 29;
    return (uint32_t)(h >> 32);
}

/* The entity named s[0, n), whose str_hash is h, or -1. */
static int32_t find_by_name(const coref *r, const char *s, size_t n, uint32_t h)
{
    size_t i;
    if (!r->by_name)
        return -1;
    for (i = h & r->mask; r->by_name[i]; i = (i + 1) & r->mask) {
        const entity *e = &r->ents[r->by_name[i] - 1];
        if (e->name_hash == h && e->len == n && !memcmp(e->name, s, n))
            return r->by_name[i] - 1;
    }
    return -1;
}

/* The slot of surname s in by_surname: its entry, or the empty slot
 * where it goes. */
static size_t surname_slot(const coref *r, const char *s, size_t n, uint32_t h)
{
    size_t i;
    for (i = h & r->mask; r->by_surname[i]; i = (i + 1) & r->mask) {
        const entity *e = &r->ents[r->by_surname[i] - 1];
        if (e->surname_hash == h && e->surname_len == n &&
            !memcmp(e->surname, s, n))
            break;
    }
    return i;
}

/* The latest entity, not a document, with surname s[0, n) (str_hash h),
 * or -1. */
static int32_t find_by_surname(const coref *r, const char *s, size_t n,
                               uint32_t h)
{
    if (!r->by_surname)
        return -1;
    return r->by_surname[surname_slot(r, s, n, h)] - 1;
}

/* Put entity e into both indexes. */
static void index_entity(coref *r, int32_t e)
{
    const entity *en = &r->ents[e];
    size_t i;
    for (i = en->name_hash & r->mask; r->by_name[i]; i = (i + 1) & r->mask)
        ;
    r->by_name[i] = e + 1;
    if (en->kind != TP_MENTION_DOCUMENT)
        r->by_surname[surname_slot(r, en->surname, en->surname_len,
                                   en->surname_hash)] = e + 1;
}

/* Keep the indexes at most half full: double them and re-insert. */
static int grow_index(coref *r)
{
    size_t slots = r->by_name ? (r->mask + 1) * 2 : 64, k;
    if (r->by_name && r->n_ents * 2 < r->mask + 1)
        return 0;
    r->by_name = qt_alloc(r->c, slots * sizeof(int32_t));
    r->by_surname = qt_alloc(r->c, slots * sizeof(int32_t));
    if (!r->by_name || !r->by_surname)
        return -1;
    memset(r->by_name, 0, slots * sizeof(int32_t));
    memset(r->by_surname, 0, slots * sizeof(int32_t));
    r->mask = slots - 1;
    for (k = 0; k < r->n_ents; k++)
        index_entity(r, (int32_t)k);
    return 0;
}

/*
 * A new entity named s[0, n) (name_hash its str_hash). The name must
 * live as long as the document: a slice of its text, or a copy in its
 * arena (copy_name). Returns its index, or -2 when out of memory.
 */
static int32_t add_entity(coref *r, const char *s, size_t n, uint32_t name_hash,
                          uint8_t kind, int copy_name)
{
    entity *e;
    size_t k;
    if (grow_index(r) ||
        tp_layer_reserve(r->c->host, r->c->doc, (void **)&r->ents, &r->cap_ents,
                         r->n_ents + 1, sizeof(entity)))
        return -2;
    if (copy_name) {
        char *copy = qt_alloc(r->c, n);
        if (!copy)
            return -2;
        memcpy(copy, s, n);
        s = copy;
    }
    e = &r->ents[r->n_ents];
    memset(e, 0, sizeof(*e));
    e->name = s;
    e->len = n;
    k = n;
    while (k > 0 && s[k - 1] != ' ')
        k--;
    e->surname = s + k;
    e->surname_len = n - k;
    e->name_hash = name_hash;
    e->surname_hash = str_hash(e->surname, e->surname_len);
    e->kind = kind;
    e->out = -1;
    index_entity(r, (int32_t)r->n_ents);
    return (int32_t)r->n_ents++;
}

/* The gender a title in [first, last] implies (Mr., Ms., congresswoman). */
static uint8_t title_gender(const qt_ctx *c, int32_t first, int32_t last)
{
    int32_t i;
    for (i = first; i <= last; i++)
        if (c->info[i] && (c->info[i]->tags & QT_W_TITLE) && c->info[i]->gender)
            return c->info[i]->gender;
    return QT_G_UNKNOWN;
}

/*
 * The entity a capitalised phrase names: an existing one with the same
 * name, or with its surname when the phrase is a single word or shares
 * the last name; else a new one. Returns -1 when the phrase holds no
 * name, -2 when out of memory.
 */
static int32_t entity_of_name(coref *r, int32_t first, int32_t last,
                              uint8_t kind)
{
    const qt_ctx *c = r->c;
    int32_t cf, cl, e;
    const char *s;
    size_t n;
    uint32_t h;
    if (!canonical_range(c, first, last, &cf, &cl))
        return -1;
    s = tok_ptr(c, cf);
    n = c->tok[cl].end - c->tok[cf].start;
    h = str_hash(s, n);
    if ((e = find_by_name(r, s, n, h)) >= 0)
        return e;
    /* a one-word name is its own surname: the same hash */
    e = find_by_surname(r, tok_ptr(c, cl), tok_len(c, cl),
                        cf == cl ? h
                                 : str_hash(tok_ptr(c, cl), tok_len(c, cl)));
    if (e >= 0 && (cf == cl || r->ents[e].kind == kind))
        return e;
    /* the name is a slice of the text: no copy */
    e = add_entity(r, s, n, h, kind, 0);
    if (e >= 0 && !r->ents[e].gender)
        r->ents[e].gender = title_gender(c, first, last);
    /* no title: a person's first name usually tells ("Paul Ryan") */
    if (e >= 0 && !r->ents[e].gender && kind == TP_MENTION_PERSON && cf < cl &&
        c->info[cf] &&
        !(c->info[cf]->tags & (QT_W_PRONOUN | QT_W_TITLE | QT_W_PLURAL)) &&
        (c->info[cf]->gender == QT_G_MALE ||
         c->info[cf]->gender == QT_G_FEMALE))
        r->ents[e].gender = c->info[cf]->gender;
    return e;
}

/* Is word i the same word as text w (case-insensitive)? */
static int same_word_ci(const qt_ctx *c, int32_t i, const char *w, size_t n)
{
    size_t k;
    if (tok_len(c, i) != n)
        return 0;
    for (k = 0; k < n; k++)
        if ((tok_ptr(c, i)[k] | 32) != (w[k] | 32))
            return 0;
    return 1;
}

/* Is word i the word w (case-insensitive)? Without a strlen: the compare
 * stops at the first byte that differs, most often the first. */
static int is_word_ci(const qt_ctx *c, int32_t i, const char *w)
{
    const char *t = tok_ptr(c, i);
    size_t k, n = tok_len(c, i);
    for (k = 0; k < n; k++)
        if (!w[k] || (t[k] | 32) != (w[k] | 32))
            return 0;
    return w[n] == 0;
}

static int add_sighting(coref *r, int32_t tok, int32_t ent, int subject)
{
    if (tp_layer_reserve(r->c->host, r->c->doc, (void **)&r->seen, &r->cap_seen,
                         r->n_seen + 1, sizeof(sighting)))
        return -1;
    r->seen[r->n_seen].tok = tok;
    r->seen[r->n_seen].ent = ent;
    r->seen[r->n_seen].subject = subject;
    r->n_seen++;
    return 0;
}

/*
 * Is the name [i, j] the subject of its clause? Pronouns mostly refer
 * back to subjects, not to the objects and titles in between ("told
 * BuzzFeed News", "a Freedom of Information Act request"): a subject
 * starts a sentence or follows a comma or a conjunction, or is followed
 * by a verb cue or an auxiliary.
 */
static int opens_clause(const qt_ctx *c, int32_t i, int32_t j)
{
    static const char *const conj[] = {"and",    "but",     "that",     "while",
                                       "when",   "because", "as",       "after",
                                       "before", "if",      "although", NULL};
    int32_t k;
    if (c->tok[i].flags & TP_TOKF_SENT_START)
        return 1;
    if (i > 0 && (c->tok[i - 1].kind == TP_TOK_PUNCT ||
                  c->tok[i - 1].kind == TP_TOK_QUOTE))
        return 1;
    /* the first letter rules out most conjunctions before a compare */
    if (i > 0 && tok_len(c, i - 1) > 0) {
        const char first = (char)(tok_ptr(c, i - 1)[0] | 32);
        for (k = 0; conj[k]; k++)
            if (conj[k][0] == first && is_word_ci(c, i - 1, conj[k]))
                return 1;
    }
    return j + 1 < c->n_tok &&
           (qt_is_verb_cue(c, j + 1) || (qt_tags(c, j + 1) & QT_W_AUX));
}

/* Every capitalised name outside quotes, in text order. A name is two or
 * more name words, or one after a title ("Sen. Cruz"), or one word that
 * is the surname of a name met before. */
static int collect_names(coref *r)
{
    qt_ctx *c = r->c;
    int32_t k, next = 0; /* the first token past the last name */
    /* the tagging pass listed the name words: most tokens are none */
    for (k = 0; k < c->n_names; k++) {
        int32_t i = c->names[k], j, e;
        int titled, is_org = 0;
        if (i < next || c->pair_of[i] >= 0)
            continue;
        j = i;
        while (j + 1 < c->n_tok && c->pair_of[j + 1] < 0 &&
               (qt_is_name_word(c, j + 1) ||
                ((qt_tags(c, j + 1) & QT_W_NAMELINK) &&
                 qt_is_name_word(c, j + 2))))
            j++;
        next = j + 1;
        titled = (qt_tags(c, i) & QT_W_TITLE) != 0;
        /* "the Homeland Security Department" is a body, "Kern County
         * Sheriff Donny Youngblood" a person: the last word decides */
        if ((qt_tags(c, j) & QT_W_ORG) && !(qt_tags(c, j) & QT_W_ROLE))
            is_org = 1;
        if (j > i || titled ||
            find_by_surname(r, tok_ptr(c, i), tok_len(c, i),
                            str_hash(tok_ptr(c, i), tok_len(c, i))) >= 0) {
            e = entity_of_name(
                r, i, j, is_org ? TP_MENTION_ORGANISATION : TP_MENTION_PERSON);
            if (e == -2 ||
                (e >= 0 && add_sighting(r, i, e, opens_clause(c, i, j))))
                return -1;
        }
    }
    return 0;
}

/* The nearest entity named before token `tok` that fits the pronoun. */
static int32_t antecedent(coref *r, int32_t tok, uint8_t gender, int want_org)
{
    size_t lo = 0, hi = r->n_seen;
    /* the last sighting before tok */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->seen[mid].tok < tok)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* a pronoun reaches back a few dozen names at most */
    size_t floor = lo > 48 ? lo - 48 : 0;
    while (lo-- > floor) {
        entity *e = &r->ents[r->seen[lo].ent];
        if (!r->seen[lo].subject)
            continue;
        if (want_org) {
            if (e->kind == TP_MENTION_ORGANISATION)
                return r->seen[lo].ent;
            continue;
        }
        if (e->kind != TP_MENTION_PERSON)
            continue;
        if (gender && e->gender && e->gender != gender)
            continue;
        return r->seen[lo].ent;
    }
    return -1;
}

/*
 * "the letter": an earlier "letter from A and B" names its authors. The
 * names are joined with " and " into a new entity.
 */
static int32_t document_authors(coref *r, const qt_np *np)
{
    qt_ctx *c = r->c;
    const char *head = tok_ptr(c, np->head);
    size_t hn = tok_len(c, np->head);
    int32_t i, e;
    uint32_t h;
    /* "a letter from X" itself, else an earlier one, a few paragraphs
     * back at most */
    for (i = np->head; i >= 0 && np->head - i < 600; i--) {
        int32_t j, end;
        char buf[256];
        size_t n = 0;
        if (!same_word_ci(c, i, head, hn) || !same_word_ci(c, i + 1, "from", 4))
            continue;
        j = i + 2;
        end = j;
        while (end < c->n_tok && end - j < 24 &&
               (qt_is_name_word(c, end) || same_word_ci(c, end, "and", 3) ||
                (qt_tags(c, end) & QT_W_NAMELINK)))
            end++;
        /* split at "and" into names */
        while (j < end) {
            int32_t k = j;
            while (k < end && !same_word_ci(c, k, "and", 3))
                k++;
            if (k > j) {
                int32_t ne = entity_of_name(r, j, k - 1, TP_MENTION_PERSON);
                if (ne == -2)
                    return -2;
                if (ne >= 0) {
                    const entity *x = &r->ents[ne];
                    if (n + x->len + 6 >= sizeof(buf))
                        break;
                    if (n) {
                        memcpy(buf + n, " and ", 5);
                        n += 5;
                    }
                    memcpy(buf + n, x->name, x->len);
                    n += x->len;
                }
            }
            j = k + 1;
        }
        if (!n)
            return -1;
        h = str_hash(buf, n);
        if ((e = find_by_name(r, buf, n, h)) >= 0)
            return e;
        /* the joined names are in buf: a copy */
        return add_entity(r, buf, n, h, TP_MENTION_PERSON, 1);
    }
    return -1;
}

/* The entity a quote's speaker phrase refers to, or -1. */
/*
 * "A federal judge in Texas said ... US Magistrate Judge Andrew Austin
 * told": a person introduced by "a"/"an" and a role is often named soon
 * after with that role as a title. The entity of the first name within a
 * few paragraphs whose title words hold the role word, or -1.
 */
static int32_t cataphor(coref *r, const qt_np *np)
{
    enum { REACH = 250, TITLE_MAX = 6 };
    const qt_ctx *c = r->c;
    size_t lo = 0, hi = r->n_seen;
    int32_t role = -1, i;
    if (np->kind != TP_MENTION_PERSON || !(same_word_ci(c, np->first, "a", 1) ||
                                           same_word_ci(c, np->first, "an", 2)))
        return -1;
    for (i = np->first + 1; i <= np->last && role < 0; i++)
        if (!qt_is_cap(c, i) && (qt_tags(c, i) & (QT_W_ROLE | QT_W_TITLE)) &&
            !(qt_tags(c, i) & QT_W_PLURAL))
            role = i;
    if (role < 0)
        return -1;
    /* the first sighting after the phrase */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->seen[mid].tok <= np->last)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < r->n_seen && r->seen[lo].tok - np->last < REACH; lo++) {
        int32_t k = r->seen[lo].tok;
        if (r->ents[r->seen[lo].ent].kind != TP_MENTION_PERSON)
            continue;
        for (i = k; i < k + TITLE_MAX && qt_is_cap(c, i); i++)
            if (same_word_ci(c, i, tok_ptr(c, role), tok_len(c, role)))
                return r->seen[lo].ent;
    }
    return -1;
}

static int32_t resolve_np(coref *r, const qt_np *np)
{
    qt_ctx *c = r->c;
    uint16_t t = qt_tags(c, np->head);
    int32_t e, i;
    int has_name = 0;

    if (np->first < 0)
        return -1;
    if (np->first == np->last && (t & QT_W_PRONOUN)) {
        uint8_t g = c->info[np->head]->gender;
        if (g == QT_G_PLURAL)
            return -1;
        if (same_word_ci(c, np->head, "it", 2))
            return antecedent(r, np->first, 0, 1);
        e = antecedent(r, np->first, g, 0);
        if (e >= 0 && !r->ents[e].gender)
            r->ents[e].gender = g;
        return e;
    }
    for (i = np->first; i <= np->last; i++)
        if (qt_is_name_word(c, i) && !(qt_tags(c, i) & QT_W_TITLE))
            has_name = 1;
    if (has_name && qt_is_cap(c, np->head))
        return entity_of_name(r, np->first, np->last,
                              np->kind == TP_MENTION_ORGANISATION
                                  ? TP_MENTION_ORGANISATION
                                  : TP_MENTION_PERSON);
    if (t & QT_W_DOC) {
        e = document_authors(r, np);
        if (e != -1)
            return e;
    }
    if ((e = cataphor(r, np)) >= 0)
        return e;
    /* a noun phrase names itself, without its determiner */
    i = np->first;
    if ((qt_tags(c, i) & QT_W_DET) && i < np->last)
        i++;
    {
        const char *s = tok_ptr(c, i);
        size_t n = c->tok[np->last].end - c->tok[i].start;
        uint32_t h = str_hash(s, n);
        if ((e = find_by_name(r, s, n, h)) >= 0)
            return e;
        return add_entity(r, s, n, h, np->kind, 0);
    }
}

int qt_resolve(qt_ctx *c)
{
    coref r;
    size_t qi, n_out = 0, i;
    tp_mention *ms;

    memset(&r, 0, sizeof(r));
    r.c = c;
    if (!c->doc->n_quotes)
        return 0;
    r.quote_ent = qt_alloc(c, c->doc->n_quotes * sizeof(int32_t));
    if (!r.quote_ent || collect_names(&r))
        return -1;
    for (qi = 0; qi < c->doc->n_quotes; qi++) {
        int32_t e = resolve_np(&r, &c->quote_np[qi]);
        if (e == -2)
            return -1;
        r.quote_ent[qi] = e;
        if (e >= 0) {
            if (r.ents[e].out < 0)
                r.ents[e].out = (int32_t)n_out++;
            r.ents[e].n_spans++;
        }
    }
    if (!n_out)
        return 0;
    ms = qt_alloc(c, n_out * sizeof(tp_mention));
    if (!ms)
        return -1;
    for (i = 0; i < r.n_ents; i++) {
        entity *e = &r.ents[i];
        tp_mention *m;
        if (e->out < 0)
            continue;
        m = &ms[e->out];
        memset(m, 0, sizeof(*m));
        m->name.ptr = e->name;
        m->name.len = e->len;
        m->kind = e->kind;
        m->spans = qt_alloc(c, e->n_spans * sizeof(tp_span));
        if (!m->spans)
            return -1;
        m->n_spans = 0;
    }
    for (qi = 0; qi < c->doc->n_quotes; qi++) {
        tp_quote *q = &c->doc->quotes[qi];
        int32_t e = r.quote_ent[qi];
        tp_mention *m;
        uint32_t k;
        if (e < 0)
            continue;
        m = &ms[r.ents[e].out];
        q->mention = r.ents[e].out;
        q->speaker_name = m->name;
        /* the same span once */
        for (k = 0; k < m->n_spans; k++)
            if (m->spans[k].start == q->speaker.start &&
                m->spans[k].end == q->speaker.end)
                break;
        if (k == m->n_spans)
            ((tp_span *)m->spans)[m->n_spans++] = q->speaker;
    }
    c->doc->mentions = ms;
    c->doc->n_mentions = n_out;
    return 0;
}
