/*
 * cmd_watch.c - `textpipe watch`: a subscriber that prints what textpiped
 * publishes as JSON Lines, for jq and scripts. It connects a SUB socket to
 * the daemon's output, subscribes to results and errors (of one topic, with
 * --topic), and prints each two-frame message [topic][MessagePack map] as
 * one JSON object whose first member is "topic", flushing every line. A
 * message of another shape, or a body that is not valid MessagePack, is
 * named on stderr and skipped: a subscriber never dies of what a socket
 * delivers. The body is checked (tp_msgpack_prevalidate) before msgpack-c
 * unpacks it, so a few bytes that claim a huge array cannot make it
 * allocate.
 */
#include "client.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "json_out.h"
#include "textpipe/tp_protocol.h"

#define CMD "watch"

static const char watch_usage[] =
    "usage: textpipe watch [-e EP] [--topic T] [--errors-only] [--count N]\n"
    "                      [--timeout SEC] [--bin base64|array]\n"
    "\n"
    "Print textpiped's results and errors as JSON Lines on stdout: each\n"
    "message's body as a JSON object whose first member is \"topic\" (the\n"
    "topic frame: result, result.T, error, error.T). Messages that are not\n"
    "[topic][MessagePack map] are reported on stderr and skipped.\n"
    "\n"
    "  -e, --endpoint EP  where textpiped publishes (default\n"
    "                     $TEXTPIPE_OUTPUT, else tcp://127.0.0.1:5556)\n"
    "  -t, --topic T      only documents sent with topic T (and T.*)\n"
    "      --errors-only  only errors\n"
    "  -n, --count N      stop after N messages\n"
    "      --timeout SEC  stop when nothing arrives for SEC seconds\n"
    "      --bin STYLE    MessagePack bin as a base64 string (default) or\n"
    "                     an array of byte values\n"
    "      --curve-server-key FILE  connect with CURVE to a daemon whose\n"
    "                     public key is in FILE ([security] in textpiped.conf)\n"
    "      --curve-key PREFIX  this client's keypair PREFIX.key/PREFIX.pub\n"
    "                     (textpipe keygen; default: an ephemeral pair)\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit: 0 after --count messages, on SIGINT/SIGTERM, or when --timeout\n"
    "passes after at least one message (without --count); 3 --timeout\n"
    "passed and nothing was printed; 4 --timeout passed after fewer than\n"
    "--count messages; 1 socket error; 2 bad command line.\n";

typedef struct watch_options {
    const char *endpoint;
    const char *topic;
    int errors_only;
    long count;     /* 0 = no limit */
    int timeout_ms; /* 0 = wait for ever */
    json_out_opts json;
    const char *curve_server_key; /* file, or NULL: no CURVE */
    const char *curve_key;        /* PREFIX, or NULL: ephemeral */
} watch_options;

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int signo)
{
    (void)signo;
    stop_requested = 1;
}

/* Without SA_RESTART, so a signal interrupts zmq_poll (EINTR). */
static void install_stop_handlers(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* The subscription prefixes: result and error, or only error, each with
 * ".T" when a topic is given. */
typedef struct topic_filter {
    char prefixes[2][16 + TP_TOPIC_MAX_BYTES];
    int n;
} topic_filter;

static int topic_filter_init(topic_filter *f, const watch_options *opts)
{
    static const char *const kinds[] = {"result", "error"};
    int i, len;

    f->n = 0;
    for (i = opts->errors_only ? 1 : 0; i < 2; i++) {
        if (opts->topic)
            len = snprintf(f->prefixes[f->n], sizeof(f->prefixes[0]), "%s.%s",
                           kinds[i], opts->topic);
        else
            len = snprintf(f->prefixes[f->n], sizeof(f->prefixes[0]), "%s",
                           kinds[i]);
        if (len < 0 || (size_t)len >= sizeof(f->prefixes[0]))
            return -1;
        f->n++;
    }
    return 0;
}

/* ZeroMQ matches prefixes of bytes; a topic matches a subscription only as
 * a whole dotted component: "result.news" is not "result.newsroom". */
static int topic_filter_accepts(const topic_filter *f, const char *topic,
                                size_t len)
{
    int i;

    for (i = 0; i < f->n; i++) {
        size_t plen = strlen(f->prefixes[i]);
        if (len >= plen && memcmp(topic, f->prefixes[i], plen) == 0 &&
            (len == plen || topic[plen] == '.'))
            return 1;
    }
    return 0;
}

/* Convert one body to a JSON line in `line`; 0, or -1 with err. */
static int body_to_json(json_buf *line, const zmq_msg_t *topic,
                        const zmq_msg_t *body, const json_out_opts *opts,
                        char *err, size_t err_len)
{
    msgpack_zone zone;
    msgpack_object obj;
    tp_error perr;
    int rc = -1;

    memset(&perr, 0, sizeof(perr));
    if (tp_msgpack_prevalidate(zmq_msg_data((zmq_msg_t *)body),
                               zmq_msg_size((zmq_msg_t *)body), &perr) != 0) {
        snprintf(err, err_len, "body is not MessagePack (%s: %s)",
                 tp_errcode_name(perr.code), perr.message);
        return -1;
    }
    msgpack_zone_init(&zone, 4096);
    if (msgpack_unpack(zmq_msg_data((zmq_msg_t *)body),
                       zmq_msg_size((zmq_msg_t *)body), NULL, &zone,
                       &obj) != MSGPACK_UNPACK_SUCCESS) {
        snprintf(err, err_len, "body is not one MessagePack object");
    } else if (obj.type != MSGPACK_OBJECT_MAP) {
        snprintf(err, err_len, "body is not a map");
    } else {
        json_buf_reset(line);
        rc = json_out_map_with_first(
            line, "topic", zmq_msg_data((zmq_msg_t *)topic),
            zmq_msg_size((zmq_msg_t *)topic), &obj, opts, err, err_len);
    }
    msgpack_zone_destroy(&zone);
    return rc;
}

typedef enum receive_status {
    RECEIVED_PRINTED,
    RECEIVED_SKIPPED,
    RECEIVED_ERROR
} receive_status;

/* Read one whole message (every frame) and print it when it is ours. */
static receive_status receive_one(void *sub, const topic_filter *filter,
                                  const json_out_opts *opts, json_buf *line)
{
    zmq_msg_t frames[2], extra;
    int n_frames = 0, more = 1, i;
    receive_status status = RECEIVED_SKIPPED;
    size_t more_len = sizeof(more);
    char err[TP_ERROR_MESSAGE_MAX + 64];

    while (more) {
        zmq_msg_t *frame = n_frames < 2 ? &frames[n_frames] : &extra;
        zmq_msg_init(frame);
        if (zmq_msg_recv(frame, sub, 0) < 0) {
            if (errno == EINTR && n_frames > 0) {
                zmq_msg_close(frame);
                continue; /* finish the message we started */
            }
            zmq_msg_close(frame);
            status = errno == EINTR ? RECEIVED_SKIPPED : RECEIVED_ERROR;
            if (status == RECEIVED_ERROR)
                cli_error(CMD, "receive: %s", zmq_strerror(errno));
            goto done;
        }
        zmq_getsockopt(sub, ZMQ_RCVMORE, &more, &more_len);
        if (frame == &extra)
            zmq_msg_close(&extra);
        n_frames++;
    }
    if (n_frames != 2) {
        cli_error(CMD,
                  "skipped a message of %d frame%s (expected 2: topic, "
                  "body)",
                  n_frames, n_frames == 1 ? "" : "s");
        goto done;
    }
    if (!topic_filter_accepts(filter, zmq_msg_data(&frames[0]),
                              zmq_msg_size(&frames[0])))
        goto done;
    if (body_to_json(line, &frames[0], &frames[1], opts, err, sizeof(err)) !=
        0) {
        cli_error(CMD, "skipped a message on topic '%.*s': %s",
                  (int)(zmq_msg_size(&frames[0]) > 64
                            ? 64
                            : zmq_msg_size(&frames[0])),
                  (const char *)zmq_msg_data(&frames[0]), err);
        goto done;
    }
    json_buf_append(line, "\n", 1);
    if (line->oom || fwrite(line->data, 1, line->len, stdout) != line->len ||
        fflush(stdout) != 0) {
        cli_error(CMD, "cannot write to stdout");
        status = RECEIVED_ERROR;
        goto done;
    }
    status = RECEIVED_PRINTED;
done:
    for (i = 0; i < n_frames && i < 2; i++)
        zmq_msg_close(&frames[i]);
    return status;
}

static int parse_watch_options(int argc, char **argv, watch_options *opts)
{
    static const struct option longopts[] = {
        {"endpoint", required_argument, NULL, 'e'},
        {"topic", required_argument, NULL, 't'},
        {"errors-only", no_argument, NULL, 'E'},
        {"count", required_argument, NULL, 'n'},
        {"timeout", required_argument, NULL, 'T'},
        {"bin", required_argument, NULL, 'b'},
        {"curve-server-key", required_argument, NULL, 'S'},
        {"curve-key", required_argument, NULL, 'K'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    memset(opts, 0, sizeof(*opts));
    opts->endpoint =
        cli_default_endpoint(TP_ENV_OUTPUT, TP_DEFAULT_OUTPUT_ENDPOINT);
    json_out_opts_default(&opts->json);
    while ((c = getopt_long(argc, argv, "e:t:n:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e':
            opts->endpoint = optarg;
            break;
        case 't':
            if (!*optarg || strlen(optarg) > TP_TOPIC_MAX_BYTES)
                return cli_usage_error(CMD, watch_usage,
                                       "--topic: 1 to %d bytes",
                                       TP_TOPIC_MAX_BYTES);
            opts->topic = optarg;
            break;
        case 'E':
            opts->errors_only = 1;
            break;
        case 'n':
            if (cli_parse_count(optarg, 1000000000L, &opts->count) != 0 ||
                opts->count == 0)
                return cli_usage_error(CMD, watch_usage,
                                       "--count: not a positive number: "
                                       "'%s'",
                                       optarg);
            break;
        case 'T':
            if (cli_parse_seconds(optarg, &opts->timeout_ms) != 0)
                return cli_usage_error(CMD, watch_usage,
                                       "--timeout: not a number of seconds: "
                                       "'%s'",
                                       optarg);
            break;
        case 'b':
            if (json_bin_style_parse(optarg, &opts->json.bin) != 0)
                return cli_usage_error(CMD, watch_usage,
                                       "--bin: base64 or array, not '%s'",
                                       optarg);
            break;
        case 'S':
            opts->curve_server_key = optarg;
            break;
        case 'K':
            opts->curve_key = optarg;
            break;
        case 'h':
            fputs(watch_usage, stdout);
            return -1;
        default:
            return cli_usage_error(CMD, watch_usage, NULL);
        }
    }
    if (optind < argc)
        return cli_usage_error(CMD, watch_usage, "unexpected argument '%s'",
                               argv[optind]);
    return 0;
}

/* Receive and print until --count, --timeout or a signal; the exit code. */
static int watch_loop(void *sub, const watch_options *opts,
                      const topic_filter *filter)
{
    zmq_pollitem_t item = {sub, 0, ZMQ_POLLIN, 0};
    int64_t last_activity = cli_monotonic_ms();
    long printed = 0;
    json_buf line;
    int exit_code = TP_EXIT_OK;

    json_buf_init(&line);
    while (!stop_requested && (opts->count == 0 || printed < opts->count)) {
        long wait = -1;
        int rc;

        if (opts->timeout_ms > 0) {
            wait =
                (long)(last_activity + opts->timeout_ms - cli_monotonic_ms());
            if (wait <= 0) {
                exit_code = printed == 0  ? TP_EXIT_NOTHING
                            : opts->count ? TP_EXIT_PARTIAL
                                          : TP_EXIT_OK;
                break;
            }
        }
        item.revents = 0;
        rc = zmq_poll(&item, 1, wait);
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            cli_error(CMD, "poll: %s", zmq_strerror(errno));
            exit_code = TP_EXIT_FAILED;
            break;
        }
        if (rc == 0)
            continue; /* the deadline check above decides */
        last_activity = cli_monotonic_ms();
        switch (receive_one(sub, filter, &opts->json, &line)) {
        case RECEIVED_PRINTED:
            printed++;
            break;
        case RECEIVED_SKIPPED:
            break;
        case RECEIVED_ERROR:
            exit_code = TP_EXIT_FAILED;
            goto out;
        }
    }
out:
    json_buf_free(&line);
    return exit_code;
}

int cmd_watch(int argc, char **argv)
{
    watch_options opts;
    topic_filter filter;
    void *zmq_ctx, *sub = NULL;
    int rc, zero = 0, i;

    rc = parse_watch_options(argc, argv, &opts);
    if (rc != 0)
        return rc < 0 ? TP_EXIT_OK : rc;
    if (topic_filter_init(&filter, &opts) != 0)
        return cli_usage_error(CMD, watch_usage, "--topic: too long");
    install_stop_handlers();

    rc = TP_EXIT_FAILED;
    zmq_ctx = zmq_ctx_new();
    if (!zmq_ctx) {
        cli_error(CMD, "zmq_ctx_new: %s", zmq_strerror(errno));
        return TP_EXIT_FAILED;
    }
    sub = zmq_socket(zmq_ctx, ZMQ_SUB);
    if (!sub || zmq_setsockopt(sub, ZMQ_LINGER, &zero, sizeof(zero)) != 0) {
        cli_error(CMD, "cannot create a SUB socket: %s", zmq_strerror(errno));
        goto out;
    }
    for (i = 0; i < filter.n; i++)
        if (zmq_setsockopt(sub, ZMQ_SUBSCRIBE, filter.prefixes[i],
                           strlen(filter.prefixes[i])) != 0) {
            cli_error(CMD, "subscribe: %s", zmq_strerror(errno));
            goto out;
        }
    {
        char err[512];
        if (cli_curve_client_setup(sub, opts.curve_server_key, opts.curve_key,
                                   err, sizeof(err)) != 0) {
            cli_error(CMD, "%s", err);
            goto out;
        }
    }
    if (zmq_connect(sub, opts.endpoint) != 0) {
        cli_error(CMD, "cannot connect to %s: %s", opts.endpoint,
                  zmq_strerror(errno));
        goto out;
    }
    rc = watch_loop(sub, &opts, &filter);
out:
    if (sub)
        zmq_close(sub);
    while (zmq_ctx_term(zmq_ctx) != 0 && errno == EINTR)
        ;
    return rc;
}
