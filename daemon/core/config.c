/*
 * config.c - the INI config file (libinih) and --set overrides.
 *
 * Every key is described once, in config_keys[], with its type, limits and
 * where it is stored; the table drives validation, conversion and the
 * error messages. A bad line is reported as "file:line: message" and the
 * whole load fails: a daemon must never start on a half-understood config.
 * [stage.NAME] sections are kept raw (with their file:line) and validated
 * later against the plugin's own option table, once the plugin is loaded.
 *
 * Debian's libinih does not pass line numbers to the handler, so the file
 * is fed through our own line reader that counts lines; with multi-line
 * values off, the handler always runs right after the line it concerns.
 */
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tp_core.h"

#ifndef TP_PLUGIN_INSTALL_DIR
#define TP_PLUGIN_INSTALL_DIR "/usr/lib/textpipe/plugins"
#endif

#define CONFIG_MAX_LINE 8192
#define TP_DEFAULT_STAGES "tokenize, quotes, stance"


typedef enum key_type {
    KEY_INT,
    KEY_SIZE,
    KEY_STR,
    KEY_ENDPOINT,
    KEY_PATH,
    KEY_MODE,      /* bind | connect */
    KEY_SOCKET,    /* pub | push */
    KEY_LOG_LEVEL,
    KEY_STAGES
} key_type;

typedef struct config_key {
    const char *section;
    const char *key;
    key_type type;
    size_t offset;
    long long min, max; /* KEY_INT, KEY_SIZE */
} config_key;

#define OFF(field) offsetof(tp_config, field)
#define MIB (1024LL * 1024LL)

static const config_key config_keys[] = {
    {"daemon", "workers", KEY_INT, OFF(workers), 0, 256},
    {"daemon", "max_inflight", KEY_INT, OFF(max_inflight), 1, 1000000},
    {"daemon", "max_doc_bytes", KEY_SIZE, OFF(max_doc_bytes), 1, 256 * MIB},
    {"daemon", "log_level", KEY_LOG_LEVEL, OFF(log_level), 0, 0},
    {"daemon", "stage_timeout_ms", KEY_INT, OFF(stage_timeout_ms), 0,
     3600000},
    {"daemon", "drain_timeout_ms", KEY_INT, OFF(drain_timeout_ms), 0,
     3600000},
    {"daemon", "linger_ms", KEY_INT, OFF(linger_ms), 0, 600000},
    {"input", "endpoint", KEY_ENDPOINT, OFF(input_endpoint), 0, 0},
    {"input", "mode", KEY_MODE, OFF(input_mode), 0, 0},
    {"input", "hwm", KEY_INT, OFF(input_hwm), 0, 10000000},
    {"output", "endpoint", KEY_ENDPOINT, OFF(output_endpoint), 0, 0},
    {"output", "mode", KEY_MODE, OFF(output_mode), 0, 0},
    {"output", "hwm", KEY_INT, OFF(output_hwm), 0, 10000000},
    {"output", "socket", KEY_SOCKET, OFF(output_socket), 0, 0},
    {"pipeline", "stages", KEY_STAGES, OFF(stages), 0, 0},
    {"pipeline", "plugin_dir", KEY_PATH, OFF(plugin_dir), 0, 0},
    {"control", "endpoint", KEY_ENDPOINT, OFF(control_endpoint), 0, 0},
    {"metrics", "listen", KEY_STR, OFF(metrics_listen), 0, 0},
    {"security", "curve_secret_key_file", KEY_PATH, OFF(curve_secret_key_file), 0, 0},
    {"security", "curve_public_key_file", KEY_PATH, OFF(curve_public_key_file), 0, 0},
    {"security", "authorized_keys_dir", KEY_PATH, OFF(authorized_keys_dir), 0, 0},
    {NULL, NULL, 0, 0, 0, 0},
};

static const char *const known_sections[] = {
    "daemon", "input", "output", "pipeline", "control", "metrics", "security",
    NULL};

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void set_err(char *err, size_t err_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t err_len, const char *fmt, ...)
{
    va_list ap;
    if (!err || !err_len)
        return;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
}

static int parse_list(const char *s, char ***items_out, size_t *n_out);

void tp_config_init(tp_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->workers = 0;
    cfg->max_inflight = 128;
    cfg->max_doc_bytes = TP_DEFAULT_MAX_DOC_BYTES;
    cfg->log_level = TP_LOG_INFO;
    cfg->stage_timeout_ms = 0;
    cfg->drain_timeout_ms = 10000;
    cfg->linger_ms = 2000;
    cfg->input_endpoint = strdup("tcp://127.0.0.1:5555");
    cfg->input_mode = TP_MODE_BIND;
    cfg->input_hwm = 100;
    cfg->output_endpoint = strdup("tcp://127.0.0.1:5556");
    cfg->output_mode = TP_MODE_BIND;
    cfg->output_hwm = 10000;
    cfg->output_socket = TP_OUT_PUB;
    /* The stages this project ships, in order; a config names its own. */
    if (parse_list(TP_DEFAULT_STAGES, &cfg->stages, &cfg->n_stages) == 0)
        cfg->stages_origin = strdup("built-in default");
}

static void free_stages(tp_config *cfg)
{
    for (size_t i = 0; i < cfg->n_stages; i++)
        free(cfg->stages[i]);
    free(cfg->stages);
    cfg->stages = NULL;
    cfg->n_stages = 0;
}

void tp_config_free(tp_config *cfg)
{
    free(cfg->path);
    free(cfg->dir);
    free(cfg->input_endpoint);
    free(cfg->output_endpoint);
    free_stages(cfg);
    free(cfg->stages_origin);
    free(cfg->plugin_dir);
    free(cfg->control_endpoint);
    free(cfg->metrics_listen);
    free(cfg->curve_secret_key_file);
    free(cfg->curve_public_key_file);
    free(cfg->authorized_keys_dir);
    for (size_t i = 0; i < cfg->n_stage_confs; i++) {
        tp_stage_conf *sc = &cfg->stage_confs[i];
        for (size_t j = 0; j < sc->n_kv; j++) {
            free(sc->kv[j].key);
            free(sc->kv[j].value);
            free(sc->kv[j].origin);
            free(sc->kv[j].base_dir);
        }
        free(sc->kv);
        free(sc->name);
        free(sc->origin);
    }
    free(cfg->stage_confs);
    memset(cfg, 0, sizeof *cfg);
}

/* ---- value parsers (shared with stage options) ---------------------------- */

static int parse_ll(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = v;
    return 0;
}

static int parse_size(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    long long mult = 1;
    if (errno || end == s || v < 0)
        return -1;
    switch (*end) {
    case 'k': case 'K': mult = 1024LL; end++; break;
    case 'm': case 'M': mult = MIB; end++; break;
    case 'g': case 'G': mult = 1024LL * MIB; end++; break;
    default: break;
    }
    if ((*end == 'i' || *end == 'I') && mult > 1)
        end++;
    if ((*end == 'b' || *end == 'B'))
        end++;
    if (*end)
        return -1;
    if (v > LLONG_MAX / mult)
        return -1;
    *out = v * mult;
    return 0;
}

static int parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1", NULL};
    static const char *const no[] = {"false", "no", "off", "0", NULL};
    for (int i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return *out = 1, 0;
    for (int i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0)
            return *out = 0, 0;
    return -1;
}

/* Split "a, b ,c" into trimmed, non-empty items. */
static int parse_list(const char *s, char ***items_out, size_t *n_out)
{
    char **items = NULL;
    size_t n = 0;
    const char *p = s;
    while (*p) {
        const char *start, *end;
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            break;
        start = p;
        while (*p && *p != ',')
            p++;
        end = p;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        char **grown = realloc(items, (n + 1) * sizeof *items);
        if (!grown)
            goto fail;
        items = grown;
        items[n] = strndup(start, (size_t)(end - start));
        if (!items[n])
            goto fail;
        n++;
    }
    *items_out = items;
    *n_out = n;
    return 0;
fail:
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
    return -1;
}

/* Resolve a relative path against base_dir (malloc'ed result). */
static char *resolve_path(const char *value, const char *base_dir)
{
    char *out;
    if (value[0] == '/' || !base_dir || !*base_dir)
        return strdup(value);
    if (asprintf(&out, "%s/%s", base_dir, value) < 0)
        return NULL;
    return out;
}

static int valid_endpoint(const char *s)
{
    return strncmp(s, "tcp://", 6) == 0 || strncmp(s, "ipc://", 6) == 0 ||
           strncmp(s, "inproc://", 9) == 0;
}

/* Store one [section] key = value of the daemon's own sections. */
static int config_apply_key(tp_config *cfg, const config_key *k,
                            const char *value, const char *base_dir,
                            const char *origin, char *err, size_t err_len)
{
    char *field = (char *)cfg + k->offset;
    long long v;

    switch (k->type) {
    case KEY_INT:
    case KEY_SIZE:
        if ((k->type == KEY_INT ? parse_ll(value, &v) : parse_size(value, &v)) ||
            v < k->min || v > k->max) {
            set_err(err, err_len, "%s: %s.%s = '%s': expected %s from %lld to %lld",
                    origin, k->section, k->key, value,
                    k->type == KEY_INT ? "an integer" : "a size (K/M/G suffix allowed)",
                    k->min, k->max);
            return -1;
        }
        if (k->type == KEY_INT)
            *(int *)field = (int)v;
        else
            *(size_t *)field = (size_t)v;
        return 0;
    case KEY_ENDPOINT:
        if (!valid_endpoint(value)) {
            set_err(err, err_len,
                    "%s: %s.%s = '%s': expected a ZeroMQ endpoint (tcp://HOST:PORT, ipc://PATH)",
                    origin, k->section, k->key, value);
            return -1;
        }
        /* fall through */
    case KEY_STR: {
        char **slot = (char **)field;
        if (!*value) {
            set_err(err, err_len, "%s: %s.%s: empty value", origin,
                    k->section, k->key);
            return -1;
        }
        free(*slot);
        *slot = strdup(value);
        return *slot ? 0 : -1;
    }
    case KEY_PATH: {
        char **slot = (char **)field;
        if (!*value) {
            set_err(err, err_len, "%s: %s.%s: empty path", origin, k->section,
                    k->key);
            return -1;
        }
        free(*slot);
        *slot = resolve_path(value, base_dir);
        return *slot ? 0 : -1;
    }
    case KEY_MODE:
        if (strcmp(value, "bind") == 0)
            *(int *)field = TP_MODE_BIND;
        else if (strcmp(value, "connect") == 0)
            *(int *)field = TP_MODE_CONNECT;
        else {
            set_err(err, err_len, "%s: %s.%s = '%s': expected bind or connect",
                    origin, k->section, k->key, value);
            return -1;
        }
        return 0;
    case KEY_SOCKET:
        if (strcmp(value, "pub") == 0)
            *(int *)field = TP_OUT_PUB;
        else if (strcmp(value, "push") == 0)
            *(int *)field = TP_OUT_PUSH;
        else {
            set_err(err, err_len, "%s: %s.%s = '%s': expected pub or push",
                    origin, k->section, k->key, value);
            return -1;
        }
        return 0;
    case KEY_LOG_LEVEL: {
        int level = tp_log_level_parse(value);
        if (level < 0) {
            set_err(err, err_len,
                    "%s: %s.%s = '%s': expected error, warn, info or debug",
                    origin, k->section, k->key, value);
            return -1;
        }
        *(int *)field = level;
        return 0;
    }
    case KEY_STAGES: {
        char **items;
        size_t n;
        if (parse_list(value, &items, &n))
            return -1;
        for (size_t i = 0; i < n; i++) {
            int bad = !items[i][0];
            for (const char *c = items[i]; *c && !bad; c++)
                bad = !((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                        (*c >= '0' && *c <= '9') || *c == '_' || *c == '-');
            for (size_t j = 0; j < i && !bad; j++)
                if (strcmp(items[i], items[j]) == 0) {
                    set_err(err, err_len,
                            "%s: pipeline.stages: stage '%s' is listed twice",
                            origin, items[i]);
                    bad = 2;
                }
            if (bad) {
                if (bad == 1)
                    set_err(err, err_len,
                            "%s: pipeline.stages: '%s' is not a stage name "
                            "(letters, digits, '_' and '-')",
                            origin, items[i]);
                for (size_t j = 0; j < n; j++)
                    free(items[j]);
                free(items);
                return -1;
            }
        }
        free_stages(cfg);
        cfg->stages = items;
        cfg->n_stages = n;
        free(cfg->stages_origin);
        cfg->stages_origin = strdup(origin);
        return 0;
    }
    }
    return -1;
}

static tp_stage_conf *stage_conf_get(tp_config *cfg, const char *name,
                                     const char *origin)
{
    tp_stage_conf *grown;
    for (size_t i = 0; i < cfg->n_stage_confs; i++)
        if (strcmp(cfg->stage_confs[i].name, name) == 0)
            return &cfg->stage_confs[i];
    grown = realloc(cfg->stage_confs,
                    (cfg->n_stage_confs + 1) * sizeof *cfg->stage_confs);
    if (!grown)
        return NULL;
    cfg->stage_confs = grown;
    grown = &cfg->stage_confs[cfg->n_stage_confs++];
    memset(grown, 0, sizeof *grown);
    grown->name = strdup(name);
    grown->origin = strdup(origin);
    return grown;
}

static int stage_conf_put(tp_stage_conf *sc, const char *key,
                          const char *value, const char *origin,
                          const char *base_dir)
{
    tp_conf_kv *kv = NULL;
    for (size_t i = 0; i < sc->n_kv; i++)
        if (strcmp(sc->kv[i].key, key) == 0)
            kv = &sc->kv[i];
    if (!kv) {
        tp_conf_kv *grown = realloc(sc->kv, (sc->n_kv + 1) * sizeof *sc->kv);
        if (!grown)
            return -1;
        sc->kv = grown;
        kv = &sc->kv[sc->n_kv++];
        memset(kv, 0, sizeof *kv);
        kv->key = strdup(key);
    }
    free(kv->value);
    free(kv->origin);
    free(kv->base_dir);
    kv->value = strdup(value);
    kv->origin = strdup(origin);
    kv->base_dir = xstrdup(base_dir);
    return kv->key && kv->value && kv->origin ? 0 : -1;
}

/* Apply one section/key/value from any source. */
static int config_put(tp_config *cfg, const char *section, const char *key,
                      const char *value, const char *base_dir,
                      const char *origin, char *err, size_t err_len)
{
    if (strncmp(section, "stage.", 6) == 0) {
        const char *name = section + 6;
        tp_stage_conf *sc;
        if (!*name) {
            set_err(err, err_len, "%s: [stage.] needs a stage name", origin);
            return -1;
        }
        sc = stage_conf_get(cfg, name, origin);
        if (!sc || stage_conf_put(sc, key, value, origin, base_dir)) {
            set_err(err, err_len, "%s: out of memory", origin);
            return -1;
        }
        return 0;
    }
    for (const config_key *k = config_keys; k->section; k++)
        if (strcmp(k->section, section) == 0 && strcmp(k->key, key) == 0)
            return config_apply_key(cfg, k, value, base_dir, origin, err,
                                    err_len);
    for (int i = 0; known_sections[i]; i++)
        if (strcmp(known_sections[i], section) == 0) {
            set_err(err, err_len, "%s: unknown key '%s' in [%s]", origin, key,
                    section);
            return -1;
        }
    set_err(err, err_len,
            "%s: unknown section [%s] (known: daemon, input, output, pipeline, "
            "control, metrics, security, stage.NAME)",
            origin, section);
    return -1;
}

/* ---- the file ----------------------------------------------------------- */

typedef struct file_reader {
    FILE *fp;
    const char *path;
    int line;
    int too_long; /* line number of an over-long line, or 0 */
} file_reader;

typedef struct parse_state {
    tp_config *cfg;
    file_reader *reader;
    char *err;
    size_t err_len;
    int failed;
} parse_state;

static char *reader_next_line(char *str, int num, void *stream)
{
    file_reader *r = stream;
    char *line = fgets(str, num, r->fp);
    size_t n;
    if (!line)
        return NULL;
    r->line++;
    n = strlen(line);
    if (n == (size_t)num - 1 && line[n - 1] != '\n' && !feof(r->fp)) {
        int c;
        if (!r->too_long)
            r->too_long = r->line;
        /* Skip the rest of the line so later line numbers stay right. */
        while ((c = fgetc(r->fp)) != EOF && c != '\n')
            ;
    }
    return line;
}

static int on_ini_key(void *user, const char *section, const char *name,
                       const char *value)
{
    parse_state *st = user;
    char origin[PATH_MAX + 32];
    if (st->failed)
        return 0;
    snprintf(origin, sizeof origin, "%s:%d", st->reader->path, st->reader->line);
    if (st->reader->too_long == st->reader->line) {
        snprintf(st->err, st->err_len, "%s: line longer than %d bytes", origin,
                 CONFIG_MAX_LINE - 3);
        st->failed = 1;
        return 0;
    }
    if (!*section) {
        snprintf(st->err, st->err_len,
                 "%s: '%s' is outside any [section]", origin, name);
        st->failed = 1;
        return 0;
    }
    if (config_put(st->cfg, section, name, value, st->cfg->dir, origin,
                   st->err, st->err_len)) {
        st->failed = 1;
        return 0;
    }
    return 1;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char cwd[PATH_MAX];
    if (path[0] != '/') {
        char *out;
        if (!getcwd(cwd, sizeof cwd))
            return strdup(".");
        if (!slash)
            return strdup(cwd);
        if (asprintf(&out, "%s/%.*s", cwd, (int)(slash - path), path) < 0)
            return NULL;
        return out;
    }
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

int tp_config_load(tp_config *cfg, const char *path, char *err, size_t err_len)
{
    file_reader reader = {0};
    parse_state st = {cfg, &reader, err, err_len, 0};
    struct stat sb;
    int rc;

    reader.path = path;
    reader.fp = fopen(path, "r");
    if (!reader.fp) {
        set_err(err, err_len, "%s: cannot open config: %s", path,
                strerror(errno));
        return -1;
    }
    if (fstat(fileno(reader.fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        set_err(err, err_len, "%s: is a folder, not a config file", path);
        fclose(reader.fp);
        return -1;
    }
    free(cfg->path);
    free(cfg->dir);
    cfg->path = strdup(path);
    cfg->dir = dir_of(path);

    /* Process-wide settings of Debian's libinih; config loading happens on
     * one thread at a time (start-up, reload). */
    ini_allow_multiline = false;
    ini_use_stack = false;
    ini_allow_realloc = false;
    ini_max_line = CONFIG_MAX_LINE;
    ini_stop_on_first_error = true;

    rc = ini_parse_stream(reader_next_line, &reader, on_ini_key, &st);
    fclose(reader.fp);
    if (st.failed)
        return -1;
    if (rc > 0) {
        if (reader.too_long == rc)
            set_err(err, err_len, "%s:%d: line longer than %d bytes", path, rc,
                    CONFIG_MAX_LINE - 3);
        else
            set_err(err, err_len,
                    "%s:%d: syntax error: expected [section], key = value, or "
                    "a comment",
                    path, rc);
        return -1;
    }
    if (rc < 0) {
        set_err(err, err_len, "%s: cannot read config (out of memory)", path);
        return -1;
    }
    return 0;
}

int tp_config_set(tp_config *cfg, const char *assignment, char *err,
                  size_t err_len)
{
    const char *eq = strchr(assignment, '=');
    char *left, *dot, *value, cwd[PATH_MAX];
    int rc;
    if (!eq || eq == assignment) {
        set_err(err, err_len,
                "--set '%s': expected section.key=value", assignment);
        return -1;
    }
    left = strndup(assignment, (size_t)(eq - assignment));
    if (!left)
        return -1;
    /* Trim spaces around the key and the value. */
    while (*left && left[strlen(left) - 1] == ' ')
        left[strlen(left) - 1] = 0;
    value = (char *)eq + 1;
    while (*value == ' ')
        value++;
    dot = strrchr(left, '.');
    if (!dot || dot == left || !dot[1]) {
        set_err(err, err_len, "--set '%s': expected section.key=value",
                assignment);
        free(left);
        return -1;
    }
    *dot = 0;
    if (!getcwd(cwd, sizeof cwd))
        strcpy(cwd, ".");
    rc = config_put(cfg, left, dot + 1, value, cwd, "--set", err, err_len);
    free(left);
    return rc;
}

const char *tp_config_plugin_dir(const tp_config *cfg, char *buf, size_t cap)
{
    char exe[PATH_MAX], probe[PATH_MAX + 32];
    ssize_t n;
    char *slash;
    struct stat sb;

    if (cfg->plugin_dir)
        return cfg->plugin_dir;
    /* A binary in BUILD/bin uses BUILD/plugins: a build tree is recognised
     * by its CMakeCache.txt, so an installed /usr/bin never looks at
     * /usr/plugins. */
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            slash = strrchr(exe, '/');
            if (slash) {
                *slash = 0;
                snprintf(probe, sizeof probe, "%s/CMakeCache.txt", exe);
                if (stat(probe, &sb) == 0) {
                    snprintf(buf, cap, "%s/plugins", exe);
                    return buf;
                }
            }
        }
    }
    snprintf(buf, cap, "%s", TP_PLUGIN_INSTALL_DIR);
    return buf;
}

/* ---- stage options ---------------------------------------------------------
 * Converted here so both the daemon's keys and the stages' keys share one
 * set of parsers and messages. */
int tp_option_parse(const tp_option_def *def, const char *text,
                    const char *base_dir, tp_optval *out, char *err,
                    size_t err_len)
{
    long long v;
    memset(out, 0, sizeof *out);
    switch (def->type) {
    case TP_OPT_STR:
        out->s = strdup(text);
        break;
    case TP_OPT_PATH:
        if (!*text) {
            set_err(err, err_len, "%s: empty path", def->name);
            return -1;
        }
        out->s = resolve_path(text, base_dir);
        break;
    case TP_OPT_INT:
        if (parse_ll(text, &v)) {
            set_err(err, err_len, "%s = '%s': expected an integer", def->name,
                    text);
            return -1;
        }
        out->i = v;
        break;
    case TP_OPT_SIZE:
        if (parse_size(text, &v)) {
            set_err(err, err_len,
                    "%s = '%s': expected a size in bytes (K/M/G suffix allowed)",
                    def->name, text);
            return -1;
        }
        out->i = v;
        break;
    case TP_OPT_BOOL:
        if (parse_bool(text, &out->b)) {
            set_err(err, err_len, "%s = '%s': expected true or false",
                    def->name, text);
            return -1;
        }
        break;
    case TP_OPT_DOUBLE: {
        char *end;
        errno = 0;
        out->d = strtod(text, &end);
        if (errno || end == text || *end) {
            set_err(err, err_len, "%s = '%s': expected a number", def->name,
                    text);
            return -1;
        }
        break;
    }
    case TP_OPT_LIST:
    case TP_OPT_PATH_LIST: {
        char **items;
        size_t n;
        if (parse_list(text, &items, &n))
            return -1;
        for (size_t i = 0; def->type == TP_OPT_PATH_LIST && i < n; i++) {
            char *resolved = resolve_path(items[i], base_dir);
            if (!resolved) {
                for (size_t j = 0; j < n; j++)
                    free(items[j]);
                free(items);
                return -1;
            }
            free(items[i]);
            items[i] = resolved;
        }
        out->list = (const char *const *)items;
        out->n_list = n;
        break;
    }
    default:
        set_err(err, err_len, "%s: the plugin declares an unknown option type %u",
                def->name, def->type);
        return -1;
    }
    if ((def->type == TP_OPT_STR || def->type == TP_OPT_PATH) && !out->s)
        return -1;
    out->is_set = 1;
    return 0;
}
