/*
 * cmd_control.c - `textpipe ping` and `textpipe stats`: ask a running
 * textpiped over its control socket (the daemon's ZeroMQ REP) whether it
 * is alive, and for its counters. A request is one frame holding the word
 * "ping" or "stats"; the reply is one frame, a MessagePack map (see
 * daemon/control.c). A REQ socket with a deadline: no answer in time means
 * the daemon is down (exit 3), which is what a health check wants to know.
 * The reply is checked (tp_msgpack_prevalidate) before msgpack-c unpacks
 * it, and every field the output uses is checked for its type: a reply of
 * another shape is a "bad reply" (exit 1), never a crash. stats prints a
 * table for people, or with --json the whole reply as one JSON object for
 * scripts (fields this client does not know included).
 */
#include "client.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>

#include "json_out.h"
#include "textpipe/tp_protocol.h"

#define CONTROL_IPC_PATH "/run/textpipe/control.sock"
#define CONTROL_TCP_DEFAULT "tcp://127.0.0.1:5557"
#define DEFAULT_TIMEOUT_MS 5000
#define MAX_REPLY_BYTES (16 * 1024 * 1024)

/* With [security] CURVE on, the control socket is a CURVE server too. */
#define CURVE_HELP                                                          \
    "      --curve-server-key FILE  talk CURVE to a daemon whose public\n" \
    "                     key is in FILE (as textpipe keygen writes)\n"     \
    "      --curve-key PREFIX  this client's keypair PREFIX.key/PREFIX.pub\n" \
    "                     (default: a new one each run)\n"

static const char ping_usage[] =
    "usage: textpipe ping [-e EP] [--timeout SEC]\n"
    "\n"
    "Ask textpiped whether it is alive, over its control socket: prints the\n"
    "daemon's id, version and uptime, and the round-trip time.\n"
    "\n"
    "  -e, --endpoint EP  the daemon's control socket (default\n"
    "                     $TEXTPIPE_CONTROL, else\n"
    "                     ipc://" CONTROL_IPC_PATH " when that\n"
    "                     file exists, else " CONTROL_TCP_DEFAULT ")\n"
    "      --timeout SEC  how long to wait for the answer (default 5)\n"
    CURVE_HELP
    "  -h, --help         this help\n"
    "\n"
    "Exit: 0 the daemon answered; 3 no answer within --timeout (the daemon\n"
    "is down, or the endpoint is wrong or not reachable for this user);\n"
    "1 the answer was not a ping reply; 2 bad command line, endpoint or\n"
    "key file.\n";

static const char stats_usage[] =
    "usage: textpipe stats [-e EP] [--timeout SEC] [--json]\n"
    "\n"
    "Print textpiped's counters, from its control socket: uptime, config\n"
    "generation, workers, documents in flight, time paused by\n"
    "backpressure, documents received, published and failed (by error\n"
    "code), and latency percentiles per stage.\n"
    "\n"
    "  -e, --endpoint EP  the daemon's control socket (default\n"
    "                     $TEXTPIPE_CONTROL, else\n"
    "                     ipc://" CONTROL_IPC_PATH " when that\n"
    "                     file exists, else " CONTROL_TCP_DEFAULT ")\n"
    "      --timeout SEC  how long to wait for the answer (default 5)\n"
    "      --json         the whole reply as one JSON object (all fields,\n"
    "                     including those this table leaves out)\n"
    CURVE_HELP
    "  -h, --help         this help\n"
    "\n"
    "Exit: 0 the daemon answered; 3 no answer within --timeout (the daemon\n"
    "is down, or the endpoint is wrong or not reachable for this user);\n"
    "1 the answer was not a stats reply; 2 bad command line, endpoint or\n"
    "key file.\n";

typedef struct control_options {
    const char *cmd;   /* "ping" or "stats": the request word, too */
    const char *usage;
    const char *endpoint;
    int timeout_ms;
    int json;
    const char *curve_server_key; /* file, or NULL: no CURVE */
    const char *curve_key;        /* PREFIX, or NULL: ephemeral */
} control_options;

/* ---- reading the reply ------------------------------------------------- */

/* A field of the reply, with its type checked. Each getter returns 0, or
 * -1 with a message naming the field in err. */
static int get_typed(const msgpack_object *map, const char *key,
                     msgpack_object_type type, const char *what,
                     const msgpack_object **out, char *err, size_t err_len)
{
    const msgpack_object *v = tp_msgpack_map_get(map, key);

    if (!v || v->type != type) {
        snprintf(err, err_len, "'%s' is missing or not %s", key, what);
        return -1;
    }
    *out = v;
    return 0;
}

static int get_str(const msgpack_object *map, const char *key, const char **s,
                   int *len, char *err, size_t err_len)
{
    const msgpack_object *v;

    if (get_typed(map, key, MSGPACK_OBJECT_STR, "a string", &v, err, err_len))
        return -1;
    *s = v->via.str.ptr;
    *len = v->via.str.size > 200 ? 200 : (int)v->via.str.size;
    return 0;
}

static int get_u64(const msgpack_object *map, const char *key, uint64_t *out,
                   char *err, size_t err_len)
{
    const msgpack_object *v;

    if (get_typed(map, key, MSGPACK_OBJECT_POSITIVE_INTEGER, "a count", &v,
                  err, err_len))
        return -1;
    *out = v->via.u64;
    return 0;
}

static int get_bool(const msgpack_object *map, const char *key, int *out,
                    char *err, size_t err_len)
{
    const msgpack_object *v;

    if (get_typed(map, key, MSGPACK_OBJECT_BOOLEAN, "a boolean", &v, err,
                  err_len))
        return -1;
    *out = v->via.boolean;
    return 0;
}

/* An integer or a finite float. */
static int get_num(const msgpack_object *map, const char *key, double *out,
                   char *err, size_t err_len)
{
    const msgpack_object *v = tp_msgpack_map_get(map, key);

    if (v && v->type == MSGPACK_OBJECT_POSITIVE_INTEGER)
        *out = (double)v->via.u64;
    else if (v && (v->type == MSGPACK_OBJECT_FLOAT64 ||
                   v->type == MSGPACK_OBJECT_FLOAT32) &&
             isfinite(v->via.f64))
        *out = v->via.f64;
    else {
        snprintf(err, err_len, "'%s' is missing or not a number", key);
        return -1;
    }
    return 0;
}

/* Unchecked reads for printing what read_stats has already checked. */
static uint64_t u64_of(const msgpack_object *map, const char *key)
{
    const msgpack_object *v = tp_msgpack_map_get(map, key);

    return v && v->type == MSGPACK_OBJECT_POSITIVE_INTEGER ? v->via.u64 : 0;
}

static int str_of(const msgpack_object *map, const char *key, const char **s)
{
    const msgpack_object *v = tp_msgpack_map_get(map, key);

    if (!v || v->type != MSGPACK_OBJECT_STR) {
        *s = "";
        return 0;
    }
    *s = v->via.str.ptr;
    return v->via.str.size > 64 ? 64 : (int)v->via.str.size;
}

/* A reply {ok: false, error: "..."}: the daemon's own complaint. */
static int reply_refused(const msgpack_object *map, char *err, size_t err_len)
{
    const msgpack_object *ok = tp_msgpack_map_get(map, "ok");
    const char *msg = "(no message)";
    int len = (int)strlen(msg);

    if (!ok || ok->type != MSGPACK_OBJECT_BOOLEAN || ok->via.boolean)
        return 0;
    get_str(map, "error", &msg, &len, err, err_len);
    snprintf(err, err_len, "the daemon refused the request: %.*s", len, msg);
    return 1;
}

/* ---- printing ------------------------------------------------------------- */

/* 93784.5 s -> "1d 02:03:04"; under a day "02:03:04". */
static void format_uptime(double s, char *buf, size_t cap)
{
    uint64_t t = s > 0 && s < 1e15 ? (uint64_t)s : 0;
    uint64_t days = t / 86400;

    if (days)
        snprintf(buf, cap, "%" PRIu64 "d %02u:%02u:%02u", days,
                 (unsigned)(t % 86400 / 3600), (unsigned)(t % 3600 / 60),
                 (unsigned)(t % 60));
    else
        snprintf(buf, cap, "%02u:%02u:%02u", (unsigned)(t / 3600),
                 (unsigned)(t % 3600 / 60), (unsigned)(t % 60));
}

/* Microseconds in a unit a person reads at a glance. */
static void format_us(uint64_t us, char *buf, size_t cap)
{
    if (us < 1000)
        snprintf(buf, cap, "%" PRIu64 " us", us);
    else if (us < 1000000)
        snprintf(buf, cap, "%.1f ms", (double)us / 1e3);
    else
        snprintf(buf, cap, "%.2f s", (double)us / 1e6);
}

static int print_ping(const msgpack_object *reply, const control_options *o,
                      double rtt_ms, char *err, size_t err_len)
{
    const char *id, *version;
    int id_len, version_len, ok;
    double uptime;
    char up[48];

    if (get_bool(reply, "ok", &ok, err, err_len) ||
        get_str(reply, "daemon", &id, &id_len, err, err_len) ||
        get_str(reply, "version", &version, &version_len, err, err_len) ||
        get_num(reply, "uptime_s", &uptime, err, err_len))
        return -1;
    if (!ok) {
        snprintf(err, err_len, "'ok' is false");
        return -1;
    }
    format_uptime(uptime, up, sizeof(up));
    printf("textpiped %.*s at %s: daemon %.*s, up %s, %.2f ms\n", version_len,
           version, o->endpoint, id_len, id, up, rtt_ms);
    return 0;
}

/* What stats prints, read and type-checked from the reply (pointers into
 * it). Optional fields a newer daemon adds are -1 when absent. */
typedef struct stats_view {
    const char *id, *version;
    int id_len, version_len;
    double uptime_s, paused_s;
    int paused;
    uint64_t generation, workers, in_flight, max_inflight, received,
        published, failed_total;
    const msgpack_object *failed; /* map: code -> count */
    const msgpack_object *stages; /* array of maps */
    int64_t timeouts, stuck_workers;
    const msgpack_object *latency; /* whole pipeline, or NULL */
} stats_view;

static const char *const percentiles[] = {"p50_us", "p90_us", "p99_us",
                                          "max_us"};

static int check_latency(const msgpack_object *map, char *err,
                         size_t err_len)
{
    uint64_t u;
    int j;

    if (get_u64(map, "documents", &u, err, err_len))
        return -1;
    for (j = 0; j < 4; j++)
        if (get_u64(map, percentiles[j], &u, err, err_len))
            return -1;
    return 0;
}

static int check_stage_row(const msgpack_object *row, uint32_t i, char *err,
                           size_t err_len)
{
    const char *s;
    int n;
    uint64_t u;

    if (row->type != MSGPACK_OBJECT_MAP) {
        snprintf(err, err_len, "stage %u is not a map", i);
        return -1;
    }
    if (get_str(row, "name", &s, &n, err, err_len) ||
        get_str(row, "version", &s, &n, err, err_len) ||
        get_u64(row, "failures", &u, err, err_len))
        return -1;
    return check_latency(row, err, err_len);
}

/* Check the whole reply, so neither the table nor --json passes on a
 * reply of another shape. 0, or -1 with err. */
static int read_stats(const msgpack_object *reply, stats_view *v, char *err,
                      size_t err_len)
{
    uint64_t version, extra;
    uint32_t i;

    if (get_u64(reply, "v", &version, err, err_len))
        return -1;
    if (version != 1) {
        snprintf(err, err_len,
                 "stats version %" PRIu64 " (this client reads 1)", version);
        return -1;
    }
    if (get_str(reply, "daemon", &v->id, &v->id_len, err, err_len) ||
        get_str(reply, "version", &v->version, &v->version_len, err,
                err_len) ||
        get_num(reply, "uptime_s", &v->uptime_s, err, err_len) ||
        get_u64(reply, "generation", &v->generation, err, err_len) ||
        get_u64(reply, "workers", &v->workers, err, err_len) ||
        get_u64(reply, "in_flight", &v->in_flight, err, err_len) ||
        get_u64(reply, "max_inflight", &v->max_inflight, err, err_len) ||
        get_bool(reply, "paused", &v->paused, err, err_len) ||
        get_num(reply, "paused_s", &v->paused_s, err, err_len) ||
        get_u64(reply, "received", &v->received, err, err_len) ||
        get_u64(reply, "published", &v->published, err, err_len) ||
        get_typed(reply, "failed", MSGPACK_OBJECT_MAP, "a map", &v->failed,
                  err, err_len) ||
        get_typed(reply, "stages", MSGPACK_OBJECT_ARRAY, "an array",
                  &v->stages, err, err_len))
        return -1;
    v->failed_total = 0;
    for (i = 0; i < v->failed->via.map.size; i++) {
        const msgpack_object_kv *kv = &v->failed->via.map.ptr[i];
        if (kv->key.type != MSGPACK_OBJECT_STR ||
            kv->val.type != MSGPACK_OBJECT_POSITIVE_INTEGER) {
            snprintf(err, err_len, "'failed' is not a map of code: count");
            return -1;
        }
        v->failed_total += kv->val.via.u64;
    }
    for (i = 0; i < v->stages->via.array.size; i++)
        if (check_stage_row(&v->stages->via.array.ptr[i], i, err, err_len))
            return -1;
    v->timeouts = v->stuck_workers = -1;
    if (get_u64(reply, "timeouts", &extra, err, err_len) == 0)
        v->timeouts = (int64_t)extra;
    if (get_u64(reply, "stuck_workers", &extra, err, err_len) == 0)
        v->stuck_workers = (int64_t)extra;
    v->latency = tp_msgpack_map_get(reply, "latency");
    if (v->latency && (v->latency->type != MSGPACK_OBJECT_MAP ||
                       check_latency(v->latency, err, err_len)))
        return -1;
    return 0;
}

/* One row of the latency table: a stage, or the whole pipeline. */
static void print_latency_row(const char *name, int name_len,
                              const char *version, int version_len,
                              const msgpack_object *row, int has_failures)
{
    char cell[4][24], failures[24] = "";
    int j;

    if (has_failures)
        snprintf(failures, sizeof(failures), "%" PRIu64,
                 u64_of(row, "failures"));
    for (j = 0; j < 4; j++)
        format_us(u64_of(row, percentiles[j]), cell[j], sizeof(cell[j]));
    printf("%-16.*s %-10.*s %10" PRIu64 " %9s %10s %10s %10s %10s\n",
           name_len, name, version_len, version, u64_of(row, "documents"),
           failures, cell[0], cell[1], cell[2], cell[3]);
}

static void print_stage_table(const stats_view *v)
{
    uint32_t i;

    printf("\n%-16s %-10s %10s %9s %10s %10s %10s %10s\n", "stage", "version",
           "documents", "failures", "p50", "p90", "p99", "max");
    for (i = 0; i < v->stages->via.array.size; i++) {
        const msgpack_object *row = &v->stages->via.array.ptr[i];
        const char *name, *version;
        int name_len = str_of(row, "name", &name);
        int version_len = str_of(row, "version", &version);

        print_latency_row(name, name_len, version, version_len, row, 1);
    }
    if (v->latency)
        print_latency_row("(pipeline)", 10, "", 0, v->latency, 0);
}

static void print_stats_table(const stats_view *v, const control_options *o)
{
    char up[48];
    uint32_t i;

    format_uptime(v->uptime_s, up, sizeof(up));
    printf("daemon      %.*s (textpiped %.*s) at %s\n", v->id_len, v->id,
           v->version_len, v->version, o->endpoint);
    printf("uptime      %s\n", up);
    printf("config      generation %" PRIu64 "\n", v->generation);
    printf("workers     %" PRIu64 "\n", v->workers);
    printf("in flight   %" PRIu64 " of %" PRIu64 "%s\n", v->in_flight,
           v->max_inflight, v->paused ? " (input paused: backpressure)" : "");
    printf("paused      %.1f s in all\n", v->paused_s);
    printf("documents   %" PRIu64 " received, %" PRIu64 " published, %" PRIu64
           " failed\n",
           v->received, v->published, v->failed_total);
    for (i = 0; i < v->failed->via.map.size; i++) {
        const msgpack_object_kv *kv = &v->failed->via.map.ptr[i];
        printf("  %-22.*s %" PRIu64 "\n",
               kv->key.via.str.size > 64 ? 64 : (int)kv->key.via.str.size,
               kv->key.via.str.ptr, kv->val.via.u64);
    }
    if (v->timeouts >= 0)
        printf("timeouts    %" PRId64 " documents over stage_timeout_ms\n",
               v->timeouts);
    if (v->stuck_workers >= 0)
        printf("stuck       %" PRId64 " workers\n", v->stuck_workers);
    print_stage_table(v);
}

static int print_stats_json(const msgpack_object *reply, char *err,
                            size_t err_len)
{
    json_buf out;
    json_out_opts opts;
    int rc;

    json_out_opts_default(&opts);
    json_buf_init(&out);
    rc = json_out_value(&out, reply, &opts, err, err_len);
    if (rc == 0 && out.oom) {
        snprintf(err, err_len, "out of memory");
        rc = -1;
    }
    if (rc == 0) {
        fwrite(out.data, 1, out.len, stdout);
        fputc('\n', stdout);
    }
    json_buf_free(&out);
    return rc;
}

/* ---- the exchange ------------------------------------------------------- */

/* Microsecond clock for the round-trip time ping prints. */
static double monotonic_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The default endpoint: $TEXTPIPE_CONTROL, else the systemd unit's ipc
 * socket when it exists (the daemon puts it there under systemd), else the
 * daemon's loopback default. */
static const char *default_endpoint(void)
{
    const char *env = getenv(TP_ENV_CONTROL);

    if (env && *env)
        return env;
    if (access(CONTROL_IPC_PATH, F_OK) == 0)
        return "ipc://" CONTROL_IPC_PATH;
    return CONTROL_TCP_DEFAULT;
}

typedef enum exchange_status {
    EXCHANGE_OK,
    EXCHANGE_TIMEOUT,
    EXCHANGE_BAD_ENDPOINT,
    EXCHANGE_ERROR
} exchange_status;

/* Send the request word and wait for one single-frame reply until the
 * deadline. On EXCHANGE_OK `reply` holds it (the caller closes it). */
static exchange_status exchange(void *ctx, const control_options *o,
                                zmq_msg_t *reply, double *rtt_ms, char *err,
                                size_t err_len)
{
    void *req = zmq_socket(ctx, ZMQ_REQ);
    int zero = 0, more = 0, rc;
    size_t more_len = sizeof(more);
    int64_t start = cli_monotonic_ms(), left;
    double sent_at;
    zmq_pollitem_t item;
    exchange_status status = EXCHANGE_ERROR;

    if (!req) {
        snprintf(err, err_len, "cannot create a REQ socket: %s",
                 zmq_strerror(errno));
        return EXCHANGE_ERROR;
    }
    /* LINGER 0: an unanswered request must not hold the exit. The send
     * timeout only matters if the pipe is full, which a fresh REQ never
     * is; the reply is waited for with zmq_poll up to the deadline. */
    zmq_setsockopt(req, ZMQ_LINGER, &zero, sizeof(zero));
    zmq_setsockopt(req, ZMQ_SNDTIMEO, &o->timeout_ms, sizeof(o->timeout_ms));
    {
        int64_t max_size = MAX_REPLY_BYTES;
        zmq_setsockopt(req, ZMQ_MAXMSGSIZE, &max_size, sizeof(max_size));
    }
    if (cli_curve_client_setup(req, o->curve_server_key, o->curve_key, err,
                               err_len) != 0) {
        status = EXCHANGE_BAD_ENDPOINT;
        goto out;
    }
    if (zmq_connect(req, o->endpoint) != 0) {
        snprintf(err, err_len, "cannot use endpoint '%s': %s", o->endpoint,
                 zmq_strerror(errno));
        status = EXCHANGE_BAD_ENDPOINT;
        goto out;
    }
    sent_at = monotonic_ms();
    if (zmq_send(req, o->cmd, strlen(o->cmd), 0) < 0) {
        if (errno == EAGAIN) {
            status = EXCHANGE_TIMEOUT;
            snprintf(err, err_len, "no answer from %s within %.1f s",
                     o->endpoint, o->timeout_ms / 1000.0);
        } else {
            snprintf(err, err_len, "cannot send to %s: %s", o->endpoint,
                     zmq_strerror(errno));
        }
        goto out;
    }
    item.socket = req;
    item.fd = 0;
    item.events = ZMQ_POLLIN;
    item.revents = 0;
    for (;;) {
        left = start + o->timeout_ms - cli_monotonic_ms();
        if (left <= 0) {
            status = EXCHANGE_TIMEOUT;
            snprintf(err, err_len, "no answer from %s within %.1f s",
                     o->endpoint, o->timeout_ms / 1000.0);
            goto out;
        }
        rc = zmq_poll(&item, 1, (long)left);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc < 0) {
            snprintf(err, err_len, "zmq_poll: %s", zmq_strerror(errno));
            goto out;
        }
        if (rc > 0)
            break;
    }
    if (zmq_msg_recv(reply, req, ZMQ_DONTWAIT) < 0) {
        snprintf(err, err_len, "cannot receive from %s: %s", o->endpoint,
                 zmq_strerror(errno));
        goto out;
    }
    *rtt_ms = monotonic_ms() - sent_at;
    if (zmq_getsockopt(req, ZMQ_RCVMORE, &more, &more_len) == 0 && more) {
        snprintf(err, err_len, "bad reply: more than one frame");
        status = EXCHANGE_ERROR;
        goto out;
    }
    status = EXCHANGE_OK;
out:
    zmq_close(req);
    return status;
}

/* Decode and print the reply. 0, or -1 with err. */
static int handle_reply(const zmq_msg_t *msg, const control_options *o,
                        double rtt_ms, char *err, size_t err_len)
{
    const void *data = zmq_msg_data((zmq_msg_t *)msg);
    size_t size = zmq_msg_size((zmq_msg_t *)msg);
    msgpack_zone zone;
    msgpack_object obj;
    tp_error perr;
    char why[256] = "";
    int rc = -1;

    memset(&perr, 0, sizeof(perr));
    if (tp_msgpack_prevalidate(data, size, &perr) != 0) {
        snprintf(err, err_len, "bad reply: not MessagePack (%s)",
                 perr.message);
        return -1;
    }
    msgpack_zone_init(&zone, 4096);
    if (msgpack_unpack(data, size, NULL, &zone, &obj) !=
        MSGPACK_UNPACK_SUCCESS) {
        snprintf(err, err_len, "bad reply: not one MessagePack object");
    } else if (obj.type != MSGPACK_OBJECT_MAP) {
        snprintf(err, err_len, "bad reply: not a map");
    } else if (reply_refused(&obj, why, sizeof(why))) {
        snprintf(err, err_len, "%s", why);
    } else {
        stats_view view;
        if (strcmp(o->cmd, "ping") == 0)
            rc = print_ping(&obj, o, rtt_ms, why, sizeof(why));
        else if ((rc = read_stats(&obj, &view, why, sizeof(why))) == 0) {
            if (o->json)
                rc = print_stats_json(&obj, why, sizeof(why));
            else
                print_stats_table(&view, o);
        }
        if (rc != 0)
            snprintf(err, err_len, "bad %s reply: %s", o->cmd, why);
    }
    msgpack_zone_destroy(&zone);
    return rc;
}

/* ---- the command line ----------------------------------------------------- */

enum { OPT_TIMEOUT = 256, OPT_JSON, OPT_CURVE_SERVER_KEY, OPT_CURVE_KEY };

#define PARSE_HELP_SHOWN (-1)

/* 0 to go on; PARSE_HELP_SHOWN after --help; else the exit code of a
 * usage error. */
static int parse_options(int argc, char **argv, control_options *o,
                         int allow_json)
{
    static const struct option longopts[] = {
        {"endpoint", required_argument, NULL, 'e'},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"json", no_argument, NULL, OPT_JSON},
        {"curve-server-key", required_argument, NULL, OPT_CURVE_SERVER_KEY},
        {"curve-key", required_argument, NULL, OPT_CURVE_KEY},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    o->endpoint = NULL;
    o->timeout_ms = DEFAULT_TIMEOUT_MS;
    o->json = 0;
    o->curve_server_key = o->curve_key = NULL;
    optind = 1;
    opterr = 1;
    while ((c = getopt_long(argc, argv, "e:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e':
            o->endpoint = optarg;
            break;
        case OPT_TIMEOUT:
            if (cli_parse_seconds(optarg, &o->timeout_ms) != 0)
                return cli_usage_error(o->cmd, o->usage,
                                       "--timeout: not a number of seconds "
                                       "(> 0): '%s'",
                                       optarg);
            break;
        case OPT_JSON:
            if (!allow_json)
                return cli_usage_error(o->cmd, o->usage,
                                       "--json is an option of stats");
            o->json = 1;
            break;
        case OPT_CURVE_SERVER_KEY:
            o->curve_server_key = optarg;
            break;
        case OPT_CURVE_KEY:
            o->curve_key = optarg;
            break;
        case 'h':
            fputs(o->usage, stdout);
            return PARSE_HELP_SHOWN;
        default:
            return cli_usage_error(o->cmd, o->usage, NULL);
        }
    }
    if (optind < argc)
        return cli_usage_error(o->cmd, o->usage, "unexpected argument '%s'",
                               argv[optind]);
    if (o->curve_key && !o->curve_server_key)
        return cli_usage_error(o->cmd, o->usage,
                               "--curve-key needs --curve-server-key");
    if (!o->endpoint)
        o->endpoint = default_endpoint();
    if (!*o->endpoint)
        return cli_usage_error(o->cmd, o->usage, "empty endpoint");
    return 0;
}

static int run_control(int argc, char **argv, const char *cmd,
                       const char *usage, int allow_json)
{
    control_options o;
    char err[512] = "";
    void *ctx;
    zmq_msg_t reply;
    double rtt_ms = 0;
    int rc;

    o.cmd = cmd;
    o.usage = usage;
    rc = parse_options(argc, argv, &o, allow_json);
    if (rc)
        return rc == PARSE_HELP_SHOWN ? TP_EXIT_OK : rc;

    ctx = zmq_ctx_new();
    if (!ctx) {
        cli_error(cmd, "zmq_ctx_new: %s", zmq_strerror(errno));
        return TP_EXIT_FAILED;
    }
    zmq_msg_init(&reply);
    switch (exchange(ctx, &o, &reply, &rtt_ms, err, sizeof(err))) {
    case EXCHANGE_OK:
        rc = handle_reply(&reply, &o, rtt_ms, err, sizeof(err)) == 0
                 ? TP_EXIT_OK
                 : TP_EXIT_FAILED;
        break;
    case EXCHANGE_TIMEOUT:
        rc = TP_EXIT_NOTHING;
        break;
    case EXCHANGE_BAD_ENDPOINT:
        rc = TP_EXIT_USAGE;
        break;
    default:
        rc = TP_EXIT_FAILED;
        break;
    }
    if (rc != TP_EXIT_OK)
        cli_error(cmd, "%s", err);
    zmq_msg_close(&reply);
    zmq_ctx_term(ctx);
    if (fflush(stdout) != 0 && rc == TP_EXIT_OK) {
        cli_error(cmd, "cannot write the output: %s", strerror(errno));
        rc = TP_EXIT_FAILED;
    }
    return rc;
}

int cmd_ping(int argc, char **argv)
{
    return run_control(argc, argv, "ping", ping_usage, 0);
}

int cmd_stats(int argc, char **argv)
{
    return run_control(argc, argv, "stats", stats_usage, 1);
}
