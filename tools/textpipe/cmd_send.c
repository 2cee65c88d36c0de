/*
 * cmd_send.c - `textpipe send`: the producer. Each FILE is one document
 * (id = the name as given), or with --jsonl each line of one file is a
 * document. Every document is checked with the protocol library before it
 * leaves (so a bad one is named here, with its file or line, instead of
 * coming back as an error result), then pushed on a ZeroMQ PUSH socket.
 *
 * The socket has ZMQ_IMMEDIATE set, so nothing is queued for a daemon that
 * is not connected: a send blocks until the connection is up or --timeout
 * passes (ZMQ_SNDTIMEO). A daemon that is saturated pushes back the same
 * way, through the high-water marks. At close, ZMQ_LINGER = --timeout lets
 * queued documents flush. After one send timed out the rest is not tried:
 * the daemon is gone or stuck, and waiting again for each document would
 * only make the failure slower.
 */
#include "client.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "textpipe/tp_protocol.h"

#define CMD "send"
#define DEFAULT_TIMEOUT_MS 10000

static const char send_usage[] =
    "usage: textpipe send [-e EP] [--id ID] [--topic T] [--meta JSON]\n"
    "                     [--timeout SEC] FILE... | -\n"
    "       textpipe send --jsonl [-e EP] [--topic T] [--meta JSON]\n"
    "                     [--timeout SEC] FILE|-\n"
    "\n"
    "Send documents to textpiped's input (a ZeroMQ PUSH socket that\n"
    "connects to EP). Each FILE is one document whose id is the file name as\n"
    "given (\"-\" reads one document from stdin, id \"-\"). With --jsonl,\n"
    "each line of FILE is one document {\"id\",\"text\",\"meta\",\"topic\",\n"
    "\"targets\"}; blank lines are skipped. Text must be valid UTF-8: every\n"
    "document is checked as the daemon would check it, and a bad one is\n"
    "reported on stderr (with its line number) and not sent.\n"
    "\n"
    "  -e, --endpoint EP  where textpiped reads (default $TEXTPIPE_INPUT,\n"
    "                     else tcp://127.0.0.1:5555)\n"
    "      --id ID        the document's id (one FILE only)\n"
    "      --topic T      routing topic: results come as result.T\n"
    "                     (with --jsonl: for lines without a topic)\n"
    "      --meta JSON    a JSON object returned verbatim with the result\n"
    "                     (with --jsonl: for lines without meta)\n"
    "      --jsonl        one document per line\n"
    "      --timeout SEC  how long one document may wait for the daemon to\n"
    "                     take it, and for the queue to flush at the end\n"
    "                     (default 10)\n"
    "  -h, --help         this help\n"
    "\n"
    "Reports \"sent N documents (B bytes) to EP\" on stderr.\n"
    "Exit: 0 every document sent; 1 some were not (unreadable file, bad\n"
    "line, invalid document, timeout); 2 bad command line.\n";

typedef struct send_options {
    const char *endpoint;
    const char *id;
    int jsonl;
    int timeout_ms;
    json_doc_defaults defaults;
} send_options;

/*
 * One run of `send`: the socket and what was counted. send_document() is
 * the only place a document leaves; the at-least-once mode (--reliable,
 * issue 7) hooks in there: remember (id, message) until its result
 * arrives on a SUB socket, and resend what is overdue.
 */
typedef struct send_session {
    const send_options *opts;
    void *zmq_ctx;
    void *push;
    tp_limits check_limits;
    long sent;
    long failed;
    uint64_t bytes;
    int stalled; /* a send timed out: stop trying */
} send_session;

static int session_open(send_session *s, const send_options *opts)
{
    int one = 1;

    memset(s, 0, sizeof(*s));
    s->opts = opts;
    /* The client does not know the daemon's max_doc_bytes: the daemon
     * judges the size, the client everything else. */
    tp_limits_default(&s->check_limits);
    s->check_limits.max_doc_bytes = SIZE_MAX;
    s->zmq_ctx = zmq_ctx_new();
    if (!s->zmq_ctx) {
        cli_error(CMD, "zmq_ctx_new: %s", zmq_strerror(errno));
        return -1;
    }
    s->push = zmq_socket(s->zmq_ctx, ZMQ_PUSH);
    if (!s->push || zmq_setsockopt(s->push, ZMQ_IMMEDIATE, &one, sizeof(one)) ||
        zmq_setsockopt(s->push, ZMQ_SNDTIMEO, &opts->timeout_ms,
                       sizeof(opts->timeout_ms)) ||
        zmq_setsockopt(s->push, ZMQ_LINGER, &opts->timeout_ms,
                       sizeof(opts->timeout_ms))) {
        cli_error(CMD, "cannot create a PUSH socket: %s", zmq_strerror(errno));
        return -1;
    }
    if (zmq_connect(s->push, opts->endpoint) != 0) {
        cli_error(CMD, "cannot connect to %s: %s", opts->endpoint,
                  zmq_strerror(errno));
        return -1;
    }
    return 0;
}

/* Close the socket and wait (at most the linger) for queued documents to
 * go out. Returns -1 when the linger ran out, i.e. some may not have. */
static int session_close(send_session *s)
{
    int64_t start = cli_monotonic_ms();
    int rc = 0;

    if (s->push)
        zmq_close(s->push);
    if (s->zmq_ctx) {
        while (zmq_ctx_term(s->zmq_ctx) != 0 && errno == EINTR)
            ;
        if (s->sent > 0 && cli_monotonic_ms() - start >= s->opts->timeout_ms)
            rc = -1;
    }
    s->push = s->zmq_ctx = NULL;
    return rc;
}

/* Check one message as the daemon would; `where` names it in errors. */
static int check_document(send_session *s, const char *where,
                          const msgpack_sbuffer *msg)
{
    tp_docbuf doc;
    tp_error err;
    int rc;

    memset(&err, 0, sizeof(err));
    tp_docbuf_init(&doc, &s->check_limits);
    rc = tp_doc_decode(&doc, msg->data, msg->size, &s->check_limits, &err);
    tp_docbuf_free(&doc);
    if (rc != 0)
        cli_error(CMD, "%s: %s: %s (not sent)", where,
                  tp_errcode_name(err.code), err.message);
    return rc;
}

static void send_document(send_session *s, const char *where,
                          const msgpack_sbuffer *msg)
{
    if (check_document(s, where, msg) != 0) {
        s->failed++;
        return;
    }
    while (zmq_send(s->push, msg->data, msg->size, 0) < 0) {
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN)
            cli_error(CMD,
                      "%s: not taken by %s within %.1f s (is textpiped "
                      "running?); the rest is not sent",
                      where, s->opts->endpoint, s->opts->timeout_ms / 1000.0);
        else
            cli_error(CMD, "%s: send: %s", where, zmq_strerror(errno));
        s->failed++;
        s->stalled = 1;
        return;
    }
    s->sent++;
    s->bytes += msg->size;
}

static void send_file(send_session *s, const char *path)
{
    msgpack_sbuffer msg;
    const char *id = s->opts->id ? s->opts->id : path;
    char *text;
    size_t len;

    if (cli_read_file(path, &text, &len) != 0) {
        cli_error(CMD, "%s: %s (not sent)", path, strerror(errno));
        s->failed++;
        return;
    }
    msgpack_sbuffer_init(&msg);
    if (json_pack_text_doc(&msg, id, strlen(id), text, len,
                           &s->opts->defaults) != 0) {
        cli_error(CMD, "%s: out of memory (not sent)", path);
        s->failed++;
    } else {
        send_document(s, path, &msg);
    }
    msgpack_sbuffer_destroy(&msg);
    free(text);
}

static void send_jsonl(send_session *s, const char *path)
{
    jsonl_reader reader;
    msgpack_sbuffer msg;
    const char *line;
    char where[512], err[256];
    size_t len;
    long rc;

    if (jsonl_open(&reader, path) != 0) {
        cli_error(CMD, "%s: %s", path, strerror(errno));
        s->failed++;
        return;
    }
    msgpack_sbuffer_init(&msg);
    while (!s->stalled && (rc = jsonl_next(&reader, &line, &len)) >= 0) {
        snprintf(where, sizeof(where), "%s:%ld", reader.name, reader.lineno);
        msgpack_sbuffer_clear(&msg);
        if (json_doc_to_msgpack(line, len, &s->opts->defaults, &msg, err,
                                sizeof(err)) != 0) {
            cli_error(CMD, "%s: %s (skipped)", where, err);
            s->failed++;
            continue;
        }
        send_document(s, where, &msg);
    }
    if (!s->stalled && rc == -2) {
        cli_error(CMD, "%s: read error: %s", reader.name, strerror(errno));
        s->failed++;
    }
    msgpack_sbuffer_destroy(&msg);
    jsonl_close(&reader);
}

/* Parse the command line into opts; returns -1 after --help (exit 0), a
 * TP_EXIT_USAGE, or 0 with optind at the first FILE. */
static int parse_send_options(int argc, char **argv, send_options *opts)
{
    static const struct option longopts[] = {
        {"endpoint", required_argument, NULL, 'e'},
        {"id", required_argument, NULL, 'i'},
        {"topic", required_argument, NULL, 't'},
        {"meta", required_argument, NULL, 'm'},
        {"jsonl", no_argument, NULL, 'j'},
        {"timeout", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char err[256];
    int c;

    memset(opts, 0, sizeof(*opts));
    opts->endpoint =
        cli_default_endpoint(TP_ENV_INPUT, TP_DEFAULT_INPUT_ENDPOINT);
    opts->timeout_ms = DEFAULT_TIMEOUT_MS;
    while ((c = getopt_long(argc, argv, "e:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e':
            opts->endpoint = optarg;
            break;
        case 'i':
            opts->id = optarg;
            break;
        case 't':
            opts->defaults.topic = optarg;
            break;
        case 'm':
            if (json_check_object(optarg, err, sizeof(err)) != 0)
                return cli_usage_error(CMD, send_usage, "--meta: %s", err);
            opts->defaults.meta_json = optarg;
            break;
        case 'j':
            opts->jsonl = 1;
            break;
        case 'T':
            if (cli_parse_seconds(optarg, &opts->timeout_ms) != 0)
                return cli_usage_error(CMD, send_usage,
                                       "--timeout: not a number of seconds: "
                                       "'%s'",
                                       optarg);
            break;
        case 'h':
            fputs(send_usage, stdout);
            return -1;
        default:
            return cli_usage_error(CMD, send_usage, NULL);
        }
    }
    if (optind >= argc)
        return cli_usage_error(CMD, send_usage, "no FILE (use - for stdin)");
    if (opts->jsonl && argc - optind != 1)
        return cli_usage_error(CMD, send_usage, "--jsonl reads one FILE");
    if (opts->jsonl && opts->id)
        return cli_usage_error(CMD, send_usage,
                               "--id and --jsonl: each line has its own id");
    if (opts->id && argc - optind != 1)
        return cli_usage_error(CMD, send_usage, "--id with more than one FILE");
    return 0;
}

int cmd_send(int argc, char **argv)
{
    send_options opts;
    send_session session;
    int i, rc, flushed;

    rc = parse_send_options(argc, argv, &opts);
    if (rc != 0)
        return rc < 0 ? TP_EXIT_OK : rc;
    if (session_open(&session, &opts) != 0) {
        session_close(&session);
        return TP_EXIT_FAILED;
    }
    if (opts.jsonl)
        send_jsonl(&session, argv[optind]);
    else
        for (i = optind; i < argc && !session.stalled; i++)
            send_file(&session, argv[i]);
    flushed = session_close(&session) == 0;

    fprintf(stderr, "textpipe send: sent %ld document%s (%llu bytes) to %s",
            session.sent, session.sent == 1 ? "" : "s",
            (unsigned long long)session.bytes, opts.endpoint);
    if (session.failed)
        fprintf(stderr, "; %ld failed", session.failed);
    fputc('\n', stderr);
    if (!flushed)
        cli_error(CMD,
                  "the queue did not drain within %.1f s: some "
                  "documents may not have reached %s",
                  opts.timeout_ms / 1000.0, opts.endpoint);
    return session.failed || !flushed ? TP_EXIT_FAILED : TP_EXIT_OK;
}
