/*
 * model.c - the trained way to decide: hashed features, a one-vs-rest
 * linear SVM, its training and its file format.
 *
 * Features of a text toward a target: word unigrams and bigrams, character
 * 2- to 5-grams of each word (with its boundaries), words that mention the
 * target replaced by a placeholder (their spelling is the topic, not the
 * stance, and would not carry over to another target), the zero-shot
 * judgement and lexicon counts (so a model starts from what the rules
 * know), and whether the text names the target. Each feature is hashed
 * twice, on its own and crossed with the target's name, so a model learns
 * both what is said about any target and about this one; a target it has
 * never seen falls back on the first half. Values are L2-normalised.
 *
 * Training is dual coordinate descent for the L2-regularised, L2-loss SVM
 * (Hsieh et al., ICML 2008, as in LIBLINEAR), one label against the rest,
 * over a permutation drawn from the seed: deterministic for a seed.
 *
 * The file, little-endian: "TPSTANCE", u32 format version, u32 feature
 * version, u32 bits, u32 labels, u64 lexicon fingerprint, 3 x f32 biases,
 * u32 count, then count x (u32 index, 3 x f32 weights) for every non-zero
 * row, and a u64 FNV-1a checksum of all the bytes before it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stance.h"

/* ---- features ------------------------------------------------------------ */

void st_fvec_free(st_fvec *f)
{
    free(f->idx);
    free(f->val);
    memset(f, 0, sizeof(*f));
}

void st_fscratch_free(st_fscratch *s)
{
    st_words_free(&s->words);
    free(s->keys);
    free(s->marks);
    memset(s, 0, sizeof(*s));
}

/* Feature kinds, mixed into every key so that a word and a char n-gram
 * with the same bytes stay apart. */
enum { F_WORD = 1, F_BIGRAM, F_CHAR, F_DENSE, F_BIAS, F_TARGET };

static int add_key(st_fscratch *s, uint64_t key)
{
    if (s->n_keys == s->cap_keys) {
        size_t cap = s->cap_keys ? s->cap_keys * 2 : 1024;
        uint64_t *p = realloc(s->keys, cap * sizeof(uint64_t));
        if (!p)
            return -1;
        s->keys = p;
        s->cap_keys = cap;
    }
    s->keys[s->n_keys++] = key;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Dense features: name and value, each also crossed with the target. */
typedef struct dense_feature {
    const char *name;
    double value;
} dense_feature;

static int fvec_reserve(st_fvec *out, size_t n)
{
    if (n > out->cap) {
        uint32_t *i = realloc(out->idx, n * sizeof(uint32_t));
        float *v;
        if (!i)
            return -1;
        out->idx = i;
        v = realloc(out->val, n * sizeof(float));
        if (!v)
            return -1;
        out->val = v;
        out->cap = n;
    }
    return 0;
}

int st_features(const st_lexicon *lx, const st_target *t, const char *text,
                size_t len, uint32_t bits, st_fscratch *s, st_fvec *out)
{
    if (st_words_split(&s->words, lx, text, len))
        return -1;
    return st_features_words(lx, t, &s->words, bits, s, out);
}

int st_features_words(const st_lexicon *lx, const st_target *t,
                      const st_words *ws, uint32_t bits, st_fscratch *s,
                      st_fvec *out)
{
    const uint32_t mask = (1u << bits) - 1;
    uint64_t prev_g = 0;
    size_t i, k, n_sparse, n;
    st_judgement j;
    double norm = 0;
    dense_feature dense[12];
    size_t n_dense = 0;
    uint32_t *idx;

    if (ws->n + 1 > s->cap_marks) {
        uint8_t *m = realloc(s->marks, ws->n + 1);
        if (!m)
            return -1;
        s->marks = m;
        s->cap_marks = ws->n + 1;
    }
    s->n_keys = 0;
    if (add_key(s, st_hash_mix(F_BIAS, 0)))
        return -1;
    /* words that mention the target also stand as one placeholder, so
     * that "<T> is a hoax" learnt on one claim serves another */
    st_target_mark(t, ws, 0, ws->n, s->marks);
    for (i = 0; i < ws->n; i++) {
        const st_word *w = &ws->w[i];
        const char *form = st_word_text(ws, w);
        uint64_t h = st_hash_mix(F_WORD, w->hash);
        uint64_t g = s->marks[i] ? st_hash_mix(F_TARGET, s->marks[i]) : h;
        if ((!s->marks[i] && add_key(s, h)) ||
            add_key(s, st_hash_mix(F_BIGRAM, st_hash_mix(prev_g, g))) ||
            (g != h && add_key(s, g)))
            return -1;
        if (!(s->marks[i] && i > 0 && s->marks[i - 1]))
            prev_g = g;
        if (w->flags & (ST_W_PUNCT | ST_W_URL))
            continue;
        /* the target's own words are the topic, not a stance: their
         * spelling would only teach the model the training targets */
        if (s->marks[i])
            continue;
        /* char n-grams of " word " */
        {
            char b[72];
            size_t bl = w->len < 64 ? w->len : 64, gl, a;
            b[0] = ' ';
            memcpy(b + 1, form, bl);
            b[bl + 1] = ' ';
            bl += 2;
            for (gl = 2; gl <= 5; gl++)
                for (a = 0; a + gl <= bl; a++)
                    if (add_key(s, st_hash_mix(F_CHAR, st_hash(b + a, gl))))
                        return -1;
        }
    }
    if (add_key(s, st_hash_mix(F_BIGRAM, st_hash_mix(prev_g, 0))))
        return -1;

    /* what the rules say, as a few dense features */
    st_judge(lx, t, ws, 0, ws->n, s->marks, ST_J_WHOLE, &j);
    dense[n_dense++] = (dense_feature){"zs_pol", tanh(j.polarity / 2)};
    dense[n_dense++] = (dense_feature){
        j.label == ST_FAVOR ? "zs_favor"
        : j.label == ST_AGAINST ? "zs_against"
                                : "zs_none",
        1.0};
    dense[n_dense++] = (dense_feature){"senti", tanh(j.sentiment / 3)};
    dense[n_dense++] = (dense_feature){
        j.mention == 2 ? "m_alias" : j.mention == 1 ? "m_stem" : "m_none",
        1.0};
    dense[n_dense++] = (dense_feature){"neg", j.n_negations ? 1.0 : 0.0};
    dense[n_dense++] = (dense_feature){"hedge", j.n_hedges ? 1.0 : 0.0};
    dense[n_dense++] = (dense_feature){"refute", j.n_refutes ? 1.0 : 0.0};
    dense[n_dense++] = (dense_feature){"pro", j.n_pro ? 1.0 : 0.0};
    dense[n_dense++] = (dense_feature){"con", j.n_con ? 1.0 : 0.0};
    {
        /* share of the target's content words the text has */
        size_t hit = 0, q = 0;
        for (k = 0; k < t->n_stems; k++)
            for (i = 0; i < ws->n; i++)
                if (ws->w[i].stem == t->stems[k]) {
                    hit++;
                    break;
                }
        for (i = 0; i < ws->n; i++)
            if (ws->w[i].flags & ST_W_QMARK)
                q = 1;
        dense[n_dense++] = (dense_feature){
            "overlap", t->n_stems ? (double)hit / (double)t->n_stems : 0.0};
        dense[n_dense++] = (dense_feature){"qmark", (double)q};
    }

    /* sparse keys: sort, count duplicates (log-scaled), cross with the
     * target, then add the dense ones */
    n_sparse = s->n_keys;
    if (fvec_reserve(out, 2 * n_sparse + 2 * n_dense))
        return -1;
    idx = out->idx;
    n = 0;
    for (i = 0; i < n_sparse; i++) {
        idx[n++] = (uint32_t)(s->keys[i] & mask);
        idx[n++] = (uint32_t)(st_hash_mix(s->keys[i], t->name_hash) & mask);
    }
    qsort(idx, n, sizeof(uint32_t), cmp_u32);
    out->n = 0;
    for (i = 0; i < n;) {
        size_t e = i + 1;
        while (e < n && idx[e] == idx[i])
            e++;
        idx[out->n] = idx[i];
        out->val[out->n] = (float)(1.0 + log((double)(e - i)));
        out->n++;
        i = e;
    }
    for (k = 0; k < n_dense; k++) {
        uint64_t h = st_hash_mix(F_DENSE, st_hash(dense[k].name,
                                                  strlen(dense[k].name)));
        uint32_t a = (uint32_t)(h & mask);
        uint32_t b = (uint32_t)(st_hash_mix(h, t->name_hash) & mask);
        /* a few dense values among a hundred sparse ones: scaled up so
         * that they are not drowned by the normalisation */
        float v = (float)(dense[k].value * 4.0);
        if (v == 0)
            continue;
        /* dense features go in sorted place: merge by linear insert */
        for (i = 0; i < 2; i++) {
            uint32_t key = i ? b : a;
            size_t lo = 0, hi = out->n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (out->idx[mid] < key)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < out->n && out->idx[lo] == key) {
                out->val[lo] += v;
            } else {
                memmove(out->idx + lo + 1, out->idx + lo,
                        (out->n - lo) * sizeof(uint32_t));
                memmove(out->val + lo + 1, out->val + lo,
                        (out->n - lo) * sizeof(float));
                out->idx[lo] = key;
                out->val[lo] = v;
                out->n++;
            }
        }
    }
    for (i = 0; i < out->n; i++)
        norm += (double)out->val[i] * out->val[i];
    norm = norm > 0 ? 1.0 / sqrt(norm) : 1.0;
    for (i = 0; i < out->n; i++)
        out->val[i] = (float)(out->val[i] * norm);
    return 0;
}

/* ---- prediction -------------------------------------------------------- */

int st_model_predict(const st_model *m, const st_fvec *x, double *score)
{
    double s[ST_N_LABELS], z = 0;
    size_t i;
    int c, best = ST_NONE;
    for (c = 0; c < ST_N_LABELS; c++)
        s[c] = m->bias[c];
    for (i = 0; i < x->n; i++) {
        const float *w = &m->w[(size_t)x->idx[i] * ST_N_LABELS];
        for (c = 0; c < ST_N_LABELS; c++)
            s[c] += w[c] * x->val[i];
    }
    for (c = 1; c < ST_N_LABELS; c++)
        if (s[c] > s[best])
            best = c;
    /* a softmax over the margins, as a 0..1 confidence */
    for (c = 0; c < ST_N_LABELS; c++)
        z += exp(3.0 * (s[c] - s[best]));
    *score = 1.0 / z;
    return best;
}

/* ---- training ---------------------------------------------------------- */

static uint64_t splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int st_train(st_model *m, const st_dataset *d, const size_t *use,
             size_t n_use, const st_train_params *p)
{
    size_t dim = (size_t)1 << m->bits, i, k;
    size_t *perm;
    double *alpha, *qd;
    double *w;
    int c, it;

    if (!use)
        n_use = d->n;
    free(m->w);
    m->w = calloc(dim * ST_N_LABELS, sizeof(float));
    w = calloc(dim + 1, sizeof(double));
    perm = malloc((n_use ? n_use : 1) * sizeof(size_t));
    alpha = malloc((n_use ? n_use : 1) * sizeof(double));
    qd = malloc((n_use ? n_use : 1) * sizeof(double));
    if (!m->w || !w || !perm || !alpha || !qd) {
        free(w);
        free(perm);
        free(alpha);
        free(qd);
        return -1;
    }
    for (c = 0; c < ST_N_LABELS; c++) {
        uint64_t rng = p->seed * 0x100000001b3ull + (uint64_t)c;
        memset(w, 0, (dim + 1) * sizeof(double));
        for (i = 0; i < n_use; i++) {
            size_t r = use ? use[i] : i;
            double cost = p->c * p->class_weight[d->label[r]];
            /* the bias is one more feature of value 1 (index dim) */
            qd[i] = 1.0 + 1.0 / (2 * cost);
            for (k = d->row[r]; k < d->row[r + 1]; k++)
                qd[i] += (double)d->val[k] * d->val[k];
            alpha[i] = 0;
            perm[i] = i;
        }
        for (it = 0; it < p->epochs; it++) {
            double max_pg = 0;
            for (i = n_use; i > 1; i--) {
                size_t j = (size_t)(splitmix(&rng) % i), tmp = perm[i - 1];
                perm[i - 1] = perm[j];
                perm[j] = tmp;
            }
            for (i = 0; i < n_use; i++) {
                size_t a = perm[i], r = use ? use[a] : a;
                double y = d->label[r] == c ? 1.0 : -1.0;
                double cost = p->c * p->class_weight[d->label[r]];
                double g = w[dim], pg, old, delta;
                for (k = d->row[r]; k < d->row[r + 1]; k++)
                    g += w[d->idx[k]] * d->val[k];
                g = y * g - 1.0 + alpha[a] / (2 * cost);
                pg = alpha[a] == 0 ? (g < 0 ? g : 0) : g;
                if (fabs(pg) > max_pg)
                    max_pg = fabs(pg);
                if (pg == 0)
                    continue;
                old = alpha[a];
                alpha[a] = old - g / qd[a];
                if (alpha[a] < 0)
                    alpha[a] = 0;
                delta = (alpha[a] - old) * y;
                for (k = d->row[r]; k < d->row[r + 1]; k++)
                    w[d->idx[k]] += delta * d->val[k];
                w[dim] += delta;
            }
            if (max_pg < 0.01)
                break;
        }
        for (i = 0; i < dim; i++)
            m->w[i * ST_N_LABELS + (size_t)c] = (float)w[i];
        m->bias[c] = (float)w[dim];
    }
    free(w);
    free(perm);
    free(alpha);
    free(qd);
    return 0;
}

/* ---- the file ---------------------------------------------------------- */

#define HEADER_SIZE (8 + 4 * 4 + 8 + 3 * 4 + 4)
#define ROW_SIZE (4 + 3 * 4)
#define MAX_BITS 26

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}
static void put_u64(unsigned char *p, uint64_t v)
{
    put_u32(p, (uint32_t)v);
    put_u32(p + 4, (uint32_t)(v >> 32));
}
static void put_f32(unsigned char *p, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    put_u32(p, v);
}
static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}
static uint64_t get_u64(const unsigned char *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}
static float get_f32(const unsigned char *p)
{
    uint32_t v = get_u32(p);
    float f;
    memcpy(&f, &v, 4);
    return f;
}

int st_model_save(const st_model *m, const char *path, char *err,
                  size_t err_len)
{
    size_t dim = (size_t)1 << m->bits, i, count = 0, len, off;
    unsigned char *buf;
    FILE *f;
    int c;

    for (i = 0; i < dim; i++)
        for (c = 0; c < ST_N_LABELS; c++)
            if (m->w[i * ST_N_LABELS + (size_t)c] != 0) {
                count++;
                break;
            }
    len = HEADER_SIZE + count * ROW_SIZE + 8;
    buf = malloc(len);
    if (!buf) {
        snprintf(err, err_len, "%s: out of memory", path);
        return -1;
    }
    memcpy(buf, ST_MODEL_MAGIC, 8);
    put_u32(buf + 8, ST_MODEL_VERSION);
    put_u32(buf + 12, ST_FEATURE_VERSION);
    put_u32(buf + 16, m->bits);
    put_u32(buf + 20, ST_N_LABELS);
    put_u64(buf + 24, m->lexicon_fp);
    for (c = 0; c < ST_N_LABELS; c++)
        put_f32(buf + 32 + 4 * c, m->bias[c]);
    put_u32(buf + 44, (uint32_t)count);
    off = HEADER_SIZE;
    for (i = 0; i < dim; i++) {
        const float *w = &m->w[i * ST_N_LABELS];
        if (w[0] == 0 && w[1] == 0 && w[2] == 0)
            continue;
        put_u32(buf + off, (uint32_t)i);
        for (c = 0; c < ST_N_LABELS; c++)
            put_f32(buf + off + 4 + 4 * c, w[c]);
        off += ROW_SIZE;
    }
    put_u64(buf + off, st_hash(buf, off));
    f = fopen(path, "wb");
    if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        free(buf);
        return -1;
    }
    free(buf);
    return 0;
}

int st_model_read(st_model *m, const unsigned char *data, size_t len,
                  uint64_t lexicon_fp, char *err, size_t err_len)
{
    uint32_t version, fversion, bits, labels, count, i;
    size_t off;
    int c;

    memset(m, 0, sizeof(*m));
    if (len < 8 || memcmp(data, ST_MODEL_MAGIC, 8) != 0) {
        snprintf(err, err_len, "not a textpipe stance model (bad magic)");
        return -1;
    }
    if (len < HEADER_SIZE + 8) {
        snprintf(err, err_len, "truncated model (%zu bytes)", len);
        return -1;
    }
    version = get_u32(data + 8);
    if (version != ST_MODEL_VERSION) {
        snprintf(err, err_len,
                 "model format version %u, this build reads version %u: "
                 "retrain it with this textpipe",
                 version, ST_MODEL_VERSION);
        return -1;
    }
    fversion = get_u32(data + 12);
    bits = get_u32(data + 16);
    labels = get_u32(data + 20);
    count = get_u32(data + 44);
    if ((uint64_t)count * ROW_SIZE + HEADER_SIZE + 8 != len) {
        snprintf(err, err_len,
                 "truncated or padded model (%zu bytes, expected %llu)", len,
                 (unsigned long long)count * ROW_SIZE + HEADER_SIZE + 8);
        return -1;
    }
    if (get_u64(data + len - 8) != st_hash(data, len - 8)) {
        snprintf(err, err_len, "corrupt model (checksum mismatch)");
        return -1;
    }
    if (fversion != ST_FEATURE_VERSION) {
        snprintf(err, err_len,
                 "model trained on feature set %u, this build computes "
                 "feature set %u: retrain it",
                 fversion, ST_FEATURE_VERSION);
        return -1;
    }
    if (bits < 10 || bits > MAX_BITS || labels != ST_N_LABELS) {
        snprintf(err, err_len, "bad model header (bits %u, labels %u)", bits,
                 labels);
        return -1;
    }
    if (get_u64(data + 24) != lexicon_fp) {
        snprintf(err, err_len,
                 "model trained with other lexicons (fingerprint %016llx, "
                 "the stage has %016llx): use the same `lexicons` for "
                 "train-stance and the stage",
                 (unsigned long long)get_u64(data + 24),
                 (unsigned long long)lexicon_fp);
        return -1;
    }
    m->bits = bits;
    m->lexicon_fp = lexicon_fp;
    m->w = calloc((size_t)ST_N_LABELS << bits, sizeof(float));
    if (!m->w) {
        snprintf(err, err_len, "out of memory for a %u-bit model", bits);
        return -1;
    }
    for (c = 0; c < ST_N_LABELS; c++)
        m->bias[c] = get_f32(data + 32 + 4 * c);
    off = HEADER_SIZE;
    for (i = 0; i < count; i++, off += ROW_SIZE) {
        uint32_t idx = get_u32(data + off);
        if (idx >= (1u << bits)) {
            snprintf(err, err_len, "bad model row %u (index %u)", i, idx);
            st_model_free(m);
            return -1;
        }
        for (c = 0; c < ST_N_LABELS; c++)
            m->w[(size_t)idx * ST_N_LABELS + (size_t)c] =
                get_f32(data + off + 4 + 4 * c);
    }
    return 0;
}

int st_model_load(st_model *m, const char *path, uint64_t lexicon_fp,
                  char *err, size_t err_len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long size;
    int rc;
    char msg[256];

    memset(m, 0, sizeof(*m));
    if (!f) {
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        snprintf(err, err_len, "%s: cannot read (%s)", path, strerror(errno));
        fclose(f);
        return -1;
    }
    if (size > (1L << 30)) {
        snprintf(err, err_len, "%s: larger than 1 GiB, not a model", path);
        fclose(f);
        return -1;
    }
    buf = malloc(size ? (size_t)size : 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        snprintf(err, err_len, "%s: cannot read", path);
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    rc = st_model_read(m, buf, (size_t)size, lexicon_fp, msg, sizeof(msg));
    free(buf);
    if (rc)
        snprintf(err, err_len, "%s: %s", path, msg);
    return rc;
}

void st_model_free(st_model *m)
{
    free(m->w);
    m->w = NULL;
}
