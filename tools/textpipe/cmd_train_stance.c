/*
 * cmd_train_stance.c - `textpipe train-stance`: train the stance stage's
 * linear model on labelled JSON Lines ({"id","target","text","stance"}),
 * optionally print K-fold cross-validated scores, and write the model file
 * that `[stage.stance] model` loads. Features come from the stage's own
 * core library (plugins/stance), so they are those the stage computes.
 *
 * Folds: when the data has more targets than K (Emergent: one claim per
 * target), folds are groups of whole targets, so no target is seen in
 * training and testing; otherwise they are stratified by target and label.
 * Scores are pooled over all held-out items (accuracy, F1 of FAVOR and
 * AGAINST, and their mean: the SemEval-2016 metric).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "client.h"
#include "stance.h"

int cmd_train_stance(int argc, char **argv);

static const char usage[] =
    "usage: textpipe train-stance --train FILE.jsonl [--folds K] [--seed N]\n"
    "                             [--out MODEL] [--lexicons A,B] [--bits B]\n"
    "                             [--cost C] [--epochs N]\n"
    "\n"
    "Train the stance stage's model (a one-vs-rest linear SVM over hashed\n"
    "word and character n-grams, lexicon and zero-shot features, each also\n"
    "crossed with the target) on lines {\"id\",\"target\",\"text\",\"stance\"}\n"
    "with stance FAVOR, AGAINST or NONE.\n"
    "\n"
    "  --train FILE    labelled JSON Lines (required)\n"
    "  --folds K       print K-fold cross-validated scores (grouped by target\n"
    "                  when there are more targets than K, else stratified by\n"
    "                  target and label); 2..100\n"
    "  --seed N        seed of folds and training order (default 1); the same\n"
    "                  seed and data give the same model\n"
    "  --out MODEL     write the model trained on all of FILE\n"
    "  --lexicons L    extra word<TAB>score files, comma-separated: the stage\n"
    "                  must load the same ones (`lexicons =`)\n"
    "  --bits B        feature hash bits, 16..24 (default 20)\n"
    "  --cost C        SVM cost (default 1)\n"
    "  --epochs N      at most N passes (default 40)\n"
    "\n"
    "Exit: 0 done; 1 unreadable or bad data, cannot write MODEL; 2 usage.\n";

typedef struct example {
    size_t target; /* index into the target table */
    int label;
} example;

typedef struct train_data {
    st_target *targets;
    size_t n_targets, cap_targets;
    example *ex;
    size_t n, cap;
    st_dataset d;
    size_t cap_nnz;
} train_data;

static void train_data_free(train_data *td)
{
    size_t i;
    for (i = 0; i < td->n_targets; i++)
        st_target_free(&td->targets[i]);
    free(td->targets);
    free(td->ex);
    free(td->d.idx);
    free(td->d.val);
    free(td->d.row);
    free(td->d.label);
}

static long target_index(train_data *td, const st_lexicon *lx,
                         const char *name, size_t len)
{
    size_t i;
    const char *alias[1] = {name};
    size_t alias_len[1] = {len};
    for (i = 0; i < td->n_targets; i++)
        if (td->targets[i].name_len == len &&
            memcmp(td->targets[i].name, name, len) == 0)
            return (long)i;
    if (td->n_targets == td->cap_targets) {
        size_t cap = td->cap_targets ? td->cap_targets * 2 : 16;
        st_target *p = realloc(td->targets, cap * sizeof(st_target));
        if (!p)
            return -1;
        td->targets = p;
        td->cap_targets = cap;
    }
    /* as the protocol gives a target sent by name only: its own alias */
    if (st_target_init(&td->targets[td->n_targets], lx, name, len, alias,
                       alias_len, 1))
        return -1;
    return (long)td->n_targets++;
}

/* Read FILE, compute every example's features. */
static int load_data(const char *path, const st_lexicon *lx, uint32_t bits,
                     train_data *td)
{
    char *data, *p, *end;
    size_t len, lineno = 0;
    st_fscratch fs = {0};
    st_fvec fv = {0};
    int rc = -1;

    if (cli_read_file(path, &data, &len) != 0) {
        cli_error("train-stance", "%s: cannot read", path);
        return -1;
    }
    td->d.row = malloc(sizeof(size_t));
    if (!td->d.row)
        goto out;
    td->d.row[0] = 0;
    for (p = data, end = data + len; p < end;) {
        char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t ll = (size_t)((eol ? eol : end) - p);
        json_error_t jerr;
        json_t *o, *jt, *jx, *js;
        long ti;
        int label;

        lineno++;
        if (ll == 0 || (ll == 1 && p[0] == '\r')) {
            p = eol ? eol + 1 : end;
            continue;
        }
        o = json_loadb(p, ll, 0, &jerr);
        p = eol ? eol + 1 : end;
        if (!o || !json_is_object(o)) {
            cli_error("train-stance", "%s:%zu: not a JSON object", path,
                      lineno);
            json_decref(o);
            goto out;
        }
        jt = json_object_get(o, "target");
        jx = json_object_get(o, "text");
        js = json_object_get(o, "stance");
        if (!json_is_string(jt) || !json_is_string(jx) ||
            !json_is_string(js) ||
            (label = st_label_parse(json_string_value(js))) < 0) {
            cli_error("train-stance",
                      "%s:%zu: needs string \"target\", \"text\" and "
                      "\"stance\" (FAVOR, AGAINST or NONE)",
                      path, lineno);
            json_decref(o);
            goto out;
        }
        ti = target_index(td, lx, json_string_value(jt),
                          json_string_length(jt));
        if (ti < 0 ||
            st_features(lx, &td->targets[ti], json_string_value(jx),
                        json_string_length(jx), bits, &fs, &fv)) {
            cli_error("train-stance", "out of memory");
            json_decref(o);
            goto out;
        }
        json_decref(o);
        if (td->n == td->cap) {
            size_t cap = td->cap ? td->cap * 2 : 1024;
            example *e = realloc(td->ex, cap * sizeof(example));
            size_t *r;
            int *l;
            if (!e)
                goto oom;
            td->ex = e;
            r = realloc(td->d.row, (cap + 1) * sizeof(size_t));
            if (!r)
                goto oom;
            td->d.row = r;
            l = realloc(td->d.label, cap * sizeof(int));
            if (!l)
                goto oom;
            td->d.label = l;
            td->cap = cap;
        }
        if (td->d.nnz + fv.n > td->cap_nnz) {
            size_t cap = td->cap_nnz ? td->cap_nnz * 2 : 65536;
            uint32_t *i2;
            float *v2;
            while (cap < td->d.nnz + fv.n)
                cap *= 2;
            i2 = realloc(td->d.idx, cap * sizeof(uint32_t));
            if (!i2)
                goto oom;
            td->d.idx = i2;
            v2 = realloc(td->d.val, cap * sizeof(float));
            if (!v2)
                goto oom;
            td->d.val = v2;
            td->cap_nnz = cap;
        }
        memcpy(td->d.idx + td->d.nnz, fv.idx, fv.n * sizeof(uint32_t));
        memcpy(td->d.val + td->d.nnz, fv.val, fv.n * sizeof(float));
        td->d.nnz += fv.n;
        td->ex[td->n].target = (size_t)ti;
        td->ex[td->n].label = label;
        td->d.label[td->n] = label;
        td->n++;
        td->d.row[td->n] = td->d.nnz;
        td->d.n = td->n;
    }
    if (!td->n) {
        cli_error("train-stance", "%s: no examples", path);
        goto out;
    }
    rc = 0;
    goto out;
oom:
    cli_error("train-stance", "out of memory");
out:
    st_fscratch_free(&fs);
    st_fvec_free(&fv);
    free(data);
    return rc;
}

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void shuffle(size_t *a, size_t n, uint64_t *rng)
{
    size_t i;
    for (i = n; i > 1; i--) {
        size_t j = (size_t)(rng_next(rng) % i), t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

/* fold[i] for every example. */
static int assign_folds(const train_data *td, int k, uint64_t seed,
                        int *fold)
{
    uint64_t rng = seed ^ 0x5eedf01d5ull;
    size_t i, g;
    size_t *order = malloc(td->n * sizeof(size_t));
    if (!order)
        return -1;
    if (td->n_targets > (size_t)k) {
        /* whole targets, shuffled, each to the fold with fewest items */
        size_t *tord = malloc(td->n_targets * sizeof(size_t));
        size_t *count = calloc(td->n_targets, sizeof(size_t));
        size_t fill[100] = {0};
        int *tfold = malloc(td->n_targets * sizeof(int));
        if (!tord || !count || !tfold) {
            free(tord);
            free(count);
            free(tfold);
            free(order);
            return -1;
        }
        for (i = 0; i < td->n; i++)
            count[td->ex[i].target]++;
        for (i = 0; i < td->n_targets; i++)
            tord[i] = i;
        shuffle(tord, td->n_targets, &rng);
        for (i = 0; i < td->n_targets; i++) {
            int f, best = 0;
            for (f = 1; f < k; f++)
                if (fill[f] < fill[best])
                    best = f;
            tfold[tord[i]] = best;
            fill[best] += count[tord[i]];
        }
        for (i = 0; i < td->n; i++)
            fold[i] = tfold[td->ex[i].target];
        free(tord);
        free(count);
        free(tfold);
    } else {
        /* stratified: deal each (target, label) group round the folds */
        int next = 0;
        for (i = 0; i < td->n; i++)
            order[i] = i;
        shuffle(order, td->n, &rng);
        for (g = 0; g < td->n_targets * ST_N_LABELS; g++) {
            size_t tg = g / ST_N_LABELS;
            int lb = (int)(g % ST_N_LABELS);
            for (i = 0; i < td->n; i++) {
                const example *e = &td->ex[order[i]];
                if (e->target == tg && e->label == lb) {
                    fold[order[i]] = next;
                    next = (next + 1) % k;
                }
            }
        }
    }
    free(order);
    return 0;
}

typedef struct confusion {
    size_t m[ST_N_LABELS][ST_N_LABELS]; /* [gold][pred] */
} confusion;

static double f1_of(const confusion *c, int lb)
{
    size_t tp = c->m[lb][lb], pred = 0, gold = 0;
    int i;
    for (i = 0; i < ST_N_LABELS; i++) {
        pred += c->m[i][lb];
        gold += c->m[lb][i];
    }
    if (!tp)
        return 0;
    return 2.0 * tp / (double)(pred + gold);
}

static void print_scores(const char *what, const confusion *c)
{
    size_t n = 0, ok = 0;
    int i, j;
    double ff = f1_of(c, ST_FAVOR), fa = f1_of(c, ST_AGAINST);
    for (i = 0; i < ST_N_LABELS; i++)
        for (j = 0; j < ST_N_LABELS; j++) {
            n += c->m[i][j];
            if (i == j)
                ok += c->m[i][j];
        }
    printf("%-8s n=%-5zu acc=%.4f F1_FAVOR=%.4f F1_AGAINST=%.4f "
           "Favg=%.4f\n",
           what, n, n ? (double)ok / (double)n : 0.0, ff, fa, (ff + fa) / 2);
}

static int cross_validate(const train_data *td, int k,
                          const st_train_params *tp, uint32_t bits,
                          uint64_t lexfp)
{
    int *fold = malloc(td->n * sizeof(int));
    size_t *use = malloc(td->n * sizeof(size_t));
    confusion all = {0};
    st_model m = {0};
    st_fvec x;
    int f, rc = -1;

    if (!fold || !use || assign_folds(td, k, tp->seed, fold))
        goto out;
    printf("%d-fold cross-validation, %s, %zu examples, %zu targets\n", k,
           td->n_targets > (size_t)k ? "grouped by target"
                                     : "stratified by target and label",
           td->n, td->n_targets);
    for (f = 0; f < k; f++) {
        confusion c = {0};
        size_t i, n_use = 0;
        char what[16];
        for (i = 0; i < td->n; i++)
            if (fold[i] != f)
                use[n_use++] = i;
        m.bits = bits;
        m.lexicon_fp = lexfp;
        if (st_train(&m, &td->d, use, n_use, tp))
            goto out;
        for (i = 0; i < td->n; i++) {
            double score;
            int p;
            if (fold[i] != f)
                continue;
            x.idx = td->d.idx + td->d.row[i];
            x.val = td->d.val + td->d.row[i];
            x.n = td->d.row[i + 1] - td->d.row[i];
            x.cap = x.n;
            p = st_model_predict(&m, &x, &score);
            c.m[td->ex[i].label][p]++;
            all.m[td->ex[i].label][p]++;
        }
        snprintf(what, sizeof(what), "fold %d", f + 1);
        print_scores(what, &c);
    }
    print_scores("pooled", &all);
    rc = 0;
out:
    st_model_free(&m);
    free(fold);
    free(use);
    return rc;
}

int cmd_train_stance(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"train", required_argument, NULL, 't'},
        {"folds", required_argument, NULL, 'k'},
        {"seed", required_argument, NULL, 's'},
        {"out", required_argument, NULL, 'o'},
        {"lexicons", required_argument, NULL, 'l'},
        {"bits", required_argument, NULL, 'b'},
        {"cost", required_argument, NULL, 'c'},
        {"epochs", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *train = NULL, *out = NULL, *lexicons = NULL;
    long folds = 0, seed = 1, bits = 20, epochs = 40;
    double cost = 1.0;
    st_lexicon *lx = NULL;
    train_data td;
    st_train_params tp;
    st_model m = {0};
    char err[512];
    int opt, rc = TP_EXIT_FAILED;
    clock_t t0 = clock();

    memset(&td, 0, sizeof(td));
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        char *end;
        switch (opt) {
        case 't':
            train = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'l':
            lexicons = optarg;
            break;
        case 'k':
            if (cli_parse_count(optarg, 100, &folds) || folds < 2)
                return cli_usage_error("train-stance", usage,
                                       "--folds: expected 2..100");
            break;
        case 's':
            if (cli_parse_count(optarg, 2147483647L, &seed))
                return cli_usage_error("train-stance", usage,
                                       "--seed: expected a number >= 0");
            break;
        case 'b':
            if (cli_parse_count(optarg, 24, &bits) || bits < 16)
                return cli_usage_error("train-stance", usage,
                                       "--bits: expected 16..24");
            break;
        case 'e':
            if (cli_parse_count(optarg, 10000, &epochs) || epochs < 1)
                return cli_usage_error("train-stance", usage,
                                       "--epochs: expected 1..10000");
            break;
        case 'c':
            cost = strtod(optarg, &end);
            if (end == optarg || *end || !(cost > 0) || cost > 1e6)
                return cli_usage_error("train-stance", usage,
                                       "--cost: expected a positive number");
            break;
        case 'h':
            fputs(usage, stdout);
            return TP_EXIT_OK;
        default:
            return cli_usage_error("train-stance", usage, NULL);
        }
    }
    if (optind < argc)
        return cli_usage_error("train-stance", usage, "unexpected '%s'",
                               argv[optind]);
    if (!train)
        return cli_usage_error("train-stance", usage, "--train is required");
    if (!out && !folds)
        return cli_usage_error("train-stance", usage,
                               "nothing to do: give --out, --folds or both");

    lx = st_lexicon_new();
    if (!lx) {
        cli_error("train-stance", "out of memory");
        return TP_EXIT_FAILED;
    }
    if (lexicons) {
        char *list = strdup(lexicons), *save = NULL, *item;
        for (item = list ? strtok_r(list, ",", &save) : NULL; item;
             item = strtok_r(NULL, ",", &save)) {
            while (*item == ' ')
                item++;
            if (*item && st_lexicon_load(lx, item, err, sizeof(err))) {
                cli_error("train-stance", "%s", err);
                free(list);
                goto done;
            }
        }
        free(list);
    }
    if (load_data(train, lx, (uint32_t)bits, &td))
        goto done;
    tp.c = cost;
    tp.epochs = (int)epochs;
    tp.seed = (uint64_t)seed;
    tp.class_weight[ST_NONE] = 1.0;
    tp.class_weight[ST_FAVOR] = 1.0;
    tp.class_weight[ST_AGAINST] = 1.0;
    if (folds && cross_validate(&td, (int)folds, &tp, (uint32_t)bits,
                                st_lexicon_fingerprint(lx))) {
        cli_error("train-stance", "out of memory");
        goto done;
    }
    if (out) {
        m.bits = (uint32_t)bits;
        m.lexicon_fp = st_lexicon_fingerprint(lx);
        if (st_train(&m, &td.d, NULL, 0, &tp)) {
            cli_error("train-stance", "out of memory");
            goto done;
        }
        if (st_model_save(&m, out, err, sizeof(err))) {
            cli_error("train-stance", "%s", err);
            goto done;
        }
        fprintf(stderr,
                "textpipe train-stance: %zu examples, %zu targets -> %s "
                "(%.1f s)\n",
                td.n, td.n_targets, out,
                (double)(clock() - t0) / CLOCKS_PER_SEC);
    }
    rc = TP_EXIT_OK;
done:
    st_model_free(&m);
    train_data_free(&td);
    st_lexicon_free(lx);
    return rc;
}
