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
 *
 * --reliable makes delivery at least once (PROTOCOL.md section 6): every
 * document sent is kept until an answer (result or error) with its id
 * arrives on a SUB socket connected to the daemon's output, and is resent
 * when none came within --retry-timeout; it fails after --max-retries
 * resends. Nothing blocks: zmq_poll waits for either an answer, room to
 * send (POLLOUT, which with ZMQ_IMMEDIATE means a live daemon took the
 * connection) or the next deadline, and a document that could not even be
 * handed over before its deadline spends a try like one that was lost. At
 * most --window documents wait for answers at once, which bounds memory
 * and the burst of resends after a restart.
 */
#include "client.h"

#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "textpipe/tp_protocol.h"

#define CMD "send"
#define DEFAULT_TIMEOUT_MS 10000
#define DEFAULT_RETRY_TIMEOUT_MS 10000
#define DEFAULT_MAX_RETRIES 5
#define DEFAULT_WINDOW 1000
#define MAX_WINDOW 1000000
#define MONITOR_ENDPOINT "inproc://textpipe-send-monitor"

static const char send_usage[] =
    "usage: textpipe send [-e EP] [--id ID] [--topic T] [--meta JSON]\n"
    "                     [--timeout SEC] FILE... | -\n"
    "       textpipe send --jsonl [-e EP] [--topic T] [--meta JSON]\n"
    "                     [--timeout SEC] FILE|-\n"
    "       textpipe send --reliable [-o EP] [--retry-timeout SEC]\n"
    "                     [--max-retries N] [--window N] [OPTIONS] FILE...\n"
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
    "      --curve-server-key FILE  connect with CURVE to a daemon whose\n"
    "                     public key is in FILE (as textpipe keygen writes)\n"
    "      --curve-key PREFIX  this client's keypair PREFIX.key/PREFIX.pub\n"
    "                     (default: an ephemeral one)\n"
    "  -h, --help         this help\n"
    "\n"
    "At least once (--reliable): keep every document sent until the daemon\n"
    "publishes an answer (a result or an error) with its id, and resend it\n"
    "when none arrived in time, so a daemon restarted mid-run loses nothing.\n"
    "A subscriber may then see an id twice. Ids must be unique: a line whose\n"
    "id is still waiting is refused. Answers are read from the daemon's\n"
    "output with SUB; if it is a PUSH socket (output.socket = push), send\n"
    "cannot see answers: use the default pub.\n"
    "      --reliable     at-least-once delivery, as above\n"
    "  -o, --output EP    the daemon's output (default $TEXTPIPE_OUTPUT,\n"
    "                     else tcp://127.0.0.1:5556)\n"
    "      --retry-timeout SEC  resend when no answer came within SEC\n"
    "                     (default 10); a document that cannot be handed\n"
    "                     to the daemon within SEC spends a try too\n"
    "      --max-retries N  resends of one document before giving up on it\n"
    "                     (default 5)\n"
    "      --window N     documents waiting for answers at once (default\n"
    "                     1000)\n"
    "\n"
    "Reports \"sent N documents (B bytes) to EP\" on stderr (with\n"
    "--reliable also what was answered, with errors, and resent).\n"
    "Exit: 0 every document sent (--reliable: and answered, with a result\n"
    "or an error); 1 some were not (unreadable file, bad line, invalid\n"
    "document, timeout; --reliable: no answer after --max-retries resends,\n"
    "or a repeated id); 2 bad command line.\n";

typedef struct send_options {
    const char *endpoint;
    const char *id;
    int jsonl;
    int timeout_ms;
    json_doc_defaults defaults;
    const char *curve_server_key; /* file, or NULL: no CURVE */
    const char *curve_key;        /* PREFIX, or NULL: ephemeral */
    /* --reliable */
    int reliable;
    const char *output;
    int retry_timeout_ms;
    long max_retries;
    long window;
} send_options;

/* ---- --reliable: documents waiting for their answer --------------------- */

/* A circular doubly-linked list with a sentinel, so that a document can
 * leave either list in O(1) when its answer arrives. */
typedef struct dlink {
    struct dlink *prev, *next;
} dlink;

static void dlink_init(dlink *l)
{
    l->prev = l->next = l;
}

static int dlink_empty(const dlink *l)
{
    return l->next == l;
}

static void dlink_remove(dlink *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->prev = n->next = n;
}

static void dlink_append(dlink *l, dlink *n)
{
    n->prev = l->prev;
    n->next = l;
    l->prev->next = n;
    l->prev = n;
}

/*
 * One document sent (or about to be) and not yet answered. It is always on
 * the timer list, ordered by deadline (every deadline is "now + the retry
 * timeout", so appending keeps the order), and on the due list while it
 * waits to be handed to the PUSH socket.
 */
typedef struct pending_doc {
    dlink timer; /* first member: a dlink * on the timer list is the doc */
    dlink due;
    int is_due;
    int64_t deadline_ms;
    long tries;      /* retry-timeout periods begun */
    long sends;      /* times handed to the socket */
    char *id;        /* owned, not NUL-terminated inside ids */
    size_t id_len;
    char *data;      /* the message, owned */
    size_t len;
    char *where;     /* file or file:line, for messages */
} pending_doc;

#define DOC_OF_DUE(l) \
    ((pending_doc *)((char *)(l) - offsetof(pending_doc, due)))

/* What --reliable keeps: the SUB socket, the documents by id (open
 * addressing, linear probing, at most half full) and the counts. */
typedef struct reliable_state {
    void *sub;
    msgpack_zone zone;
    pending_doc **slots;
    size_t cap; /* a power of two, >= 2 * window */
    size_t count;
    dlink timers, due;
    long answered, errors, resent, foreign, gave_up;
} reliable_state;

/*
 * One run of `send`: the socket and what was counted. send_document() is
 * the only place a document leaves; with --reliable it hands the document
 * to the pending table instead, which sends and resends it.
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
    reliable_state rel;
} send_session;

static uint64_t hash_id(const char *id, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)id[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* The slot of `id`, or of the empty slot where it would go. */
static size_t pending_slot(const reliable_state *r, const char *id,
                           size_t len)
{
    size_t i = (size_t)hash_id(id, len) & (r->cap - 1);

    while (r->slots[i] && !(r->slots[i]->id_len == len &&
                            memcmp(r->slots[i]->id, id, len) == 0))
        i = (i + 1) & (r->cap - 1);
    return i;
}

/* Take slot i out, shifting later members of its probe run back so that
 * lookups never stop at a hole (no tombstones needed). */
static void pending_unslot(reliable_state *r, size_t i)
{
    size_t j = i, home;

    r->slots[i] = NULL;
    for (;;) {
        j = (j + 1) & (r->cap - 1);
        if (!r->slots[j])
            break;
        home = (size_t)hash_id(r->slots[j]->id, r->slots[j]->id_len) &
               (r->cap - 1);
        /* move j to i unless its home lies cyclically in (i, j] */
        if ((j > i && (home <= i || home > j)) ||
            (j < i && (home <= i && home > j))) {
            r->slots[i] = r->slots[j];
            r->slots[j] = NULL;
            i = j;
        }
    }
    r->count--;
}

static void pending_free(pending_doc *d)
{
    free(d->id);
    free(d->data);
    free(d->where);
    free(d);
}

/* Forget a document: out of the table and both lists, freed. */
static void pending_drop(reliable_state *r, pending_doc *d)
{
    pending_unslot(r, pending_slot(r, d->id, d->id_len));
    dlink_remove(&d->timer);
    if (d->is_due)
        dlink_remove(&d->due);
    pending_free(d);
}

/* Wait (at most the retry timeout) until the SUB socket's connection has
 * completed its handshake, so the first answers are not lost to the slow
 * joiner. The subscription travels on that connection ahead of any
 * answer, so after this it is in place in practice; if the daemon is not
 * up yet, or the race is lost anyway, resends cover it. */
static void wait_for_subscriber(send_session *s)
{
    void *mon = zmq_socket(s->zmq_ctx, ZMQ_PAIR);
    int64_t deadline = cli_monotonic_ms() + s->opts->retry_timeout_ms;
    zmq_msg_t frame;
    int zero = 0, more, done = 0;

    if (!mon)
        return;
    zmq_setsockopt(mon, ZMQ_LINGER, &zero, sizeof(zero));
    if (zmq_connect(mon, MONITOR_ENDPOINT) != 0)
        goto out;
    while (!done && cli_monotonic_ms() < deadline) {
        zmq_pollitem_t item = {mon, 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&item, 1, (long)(deadline - cli_monotonic_ms())) <= 0)
            continue;
        /* an event is two frames: [u16 event, u32 value][endpoint] */
        do {
            zmq_msg_init(&frame);
            if (zmq_msg_recv(&frame, mon, ZMQ_DONTWAIT) < 0) {
                zmq_msg_close(&frame);
                break;
            }
            if (zmq_msg_size(&frame) == 6) {
                uint16_t event;
                memcpy(&event, zmq_msg_data(&frame), sizeof(event));
                if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
                    done = 1;
            }
            more = zmq_msg_more(&frame);
            zmq_msg_close(&frame);
        } while (more);
    }
    if (!done)
        cli_error(CMD,
                  "no connection to %s yet; sending anyway (documents are "
                  "resent until answered)",
                  s->opts->output);
out:
    zmq_socket_monitor(s->rel.sub, NULL, 0);
    zmq_close(mon);
}

static int reliable_open(send_session *s)
{
    const send_options *opts = s->opts;
    reliable_state *r = &s->rel;
    int zero = 0;
    char err[512];

    r->cap = 16;
    while (r->cap < (size_t)opts->window * 2)
        r->cap *= 2;
    r->slots = calloc(r->cap, sizeof(*r->slots));
    if (!r->slots) {
        cli_error(CMD, "out of memory");
        return -1;
    }
    dlink_init(&r->timers);
    dlink_init(&r->due);
    msgpack_zone_init(&r->zone, 4096);
    r->sub = zmq_socket(s->zmq_ctx, ZMQ_SUB);
    /* RCVHWM 0: answers queue here without limit rather than be dropped
     * while this process is busy. */
    if (!r->sub || zmq_setsockopt(r->sub, ZMQ_LINGER, &zero, sizeof(zero)) ||
        zmq_setsockopt(r->sub, ZMQ_RCVHWM, &zero, sizeof(zero)) ||
        zmq_setsockopt(r->sub, ZMQ_SUBSCRIBE, "", 0)) {
        cli_error(CMD, "cannot create a SUB socket: %s", zmq_strerror(errno));
        return -1;
    }
    if (cli_curve_client_setup(r->sub, opts->curve_server_key,
                               opts->curve_key, err, sizeof(err)) != 0) {
        cli_error(CMD, "%s", err);
        return -1;
    }
    if (zmq_socket_monitor(r->sub, MONITOR_ENDPOINT,
                           ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0)
        cli_error(CMD, "zmq_socket_monitor: %s (not waiting for the "
                  "subscription)", zmq_strerror(errno));
    if (zmq_connect(r->sub, opts->output) != 0) {
        cli_error(CMD, "cannot connect to %s: %s", opts->output,
                  zmq_strerror(errno));
        return -1;
    }
    wait_for_subscriber(s);
    return 0;
}

/* Free what --reliable holds; the counts stay for the report. */
static void reliable_close(send_session *s)
{
    reliable_state *r = &s->rel;

    if (r->slots) {
        while (!dlink_empty(&r->timers))
            pending_drop(r, (pending_doc *)r->timers.next);
        msgpack_zone_destroy(&r->zone);
        free(r->slots);
        r->slots = NULL;
    }
    if (r->sub)
        zmq_close(r->sub);
    r->sub = NULL;
}

static int session_open(send_session *s, const send_options *opts)
{
    int one = 1;
    char err[512];

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
    if (cli_curve_client_setup(s->push, opts->curve_server_key,
                               opts->curve_key, err, sizeof(err)) != 0) {
        cli_error(CMD, "%s", err);
        return -1;
    }
    if (zmq_connect(s->push, opts->endpoint) != 0) {
        cli_error(CMD, "cannot connect to %s: %s", opts->endpoint,
                  zmq_strerror(errno));
        return -1;
    }
    if (opts->reliable && reliable_open(s) != 0)
        return -1;
    return 0;
}

/* Close the socket and wait (at most the linger) for queued documents to
 * go out. Returns -1 when the linger ran out, i.e. some may not have. */
static int session_close(send_session *s)
{
    int64_t start = cli_monotonic_ms();
    int rc = 0, zero = 0;

    /* --reliable has its answers (or gave up): nothing left to flush. */
    if (s->opts->reliable && s->push)
        zmq_setsockopt(s->push, ZMQ_LINGER, &zero, sizeof(zero));
    reliable_close(s);
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

/* Check one message as the daemon would; `where` names it in errors. The
 * document's id is copied to id/id_len (id has TP_ID_MAX_BYTES bytes). */
static int check_document(send_session *s, const char *where,
                          const msgpack_sbuffer *msg, char *id,
                          size_t *id_len)
{
    tp_docbuf doc;
    tp_error err;
    int rc;

    memset(&err, 0, sizeof(err));
    tp_docbuf_init(&doc, &s->check_limits);
    rc = tp_doc_decode(&doc, msg->data, msg->size, &s->check_limits, &err);
    if (rc != 0)
        cli_error(CMD, "%s: %s: %s (not sent)", where,
                  tp_errcode_name(err.code), err.message);
    else {
        *id_len = doc.doc.id.len;
        memcpy(id, doc.doc.id.ptr, doc.doc.id.len);
    }
    tp_docbuf_free(&doc);
    return rc;
}

/* ---- --reliable: sending, answers, deadlines ----------------------------- */

/* One published message [topic][body]: if it answers a pending document,
 * forget the document. Anything else (another producer's answer, a second
 * answer after a resend, an error without id) is only counted. */
static void handle_answer(send_session *s, const zmq_msg_t *topic,
                          const zmq_msg_t *body)
{
    reliable_state *r = &s->rel;
    const void *data = zmq_msg_data((zmq_msg_t *)body);
    size_t len = zmq_msg_size((zmq_msg_t *)body), slot;
    const msgpack_object *id, *error, *code, *message;
    msgpack_object obj;
    pending_doc *d;
    tp_error perr;

    if (tp_msgpack_prevalidate(data, len, &perr) != 0)
        return;
    msgpack_zone_clear(&r->zone);
    if (msgpack_unpack(data, len, NULL, &r->zone, &obj) !=
            MSGPACK_UNPACK_SUCCESS ||
        !(id = tp_msgpack_map_get(&obj, "id")) || id->type != MSGPACK_OBJECT_STR) {
        r->foreign++;
        return;
    }
    slot = pending_slot(r, id->via.str.ptr, id->via.str.size);
    d = r->slots[slot];
    if (!d) {
        r->foreign++;
        return;
    }
    r->answered++;
    if (zmq_msg_size((zmq_msg_t *)topic) >= 5 &&
        memcmp(zmq_msg_data((zmq_msg_t *)topic), "error", 5) == 0) {
        r->errors++;
        error = tp_msgpack_map_get(&obj, "error");
        code = error ? tp_msgpack_map_get(error, "code") : NULL;
        message = error ? tp_msgpack_map_get(error, "message") : NULL;
        cli_error(CMD, "%s: answered with error %.*s: %.*s", d->where,
                  code && code->type == MSGPACK_OBJECT_STR
                      ? (int)code->via.str.size : 1,
                  code && code->type == MSGPACK_OBJECT_STR
                      ? code->via.str.ptr : "?",
                  message && message->type == MSGPACK_OBJECT_STR
                      ? (int)message->via.str.size : 0,
                  message && message->type == MSGPACK_OBJECT_STR
                      ? message->via.str.ptr : "");
    }
    pending_drop(r, d);
}

static void drain_answers(send_session *s)
{
    zmq_msg_t topic, body;

    for (;;) {
        zmq_msg_init(&topic);
        zmq_msg_init(&body);
        if (zmq_msg_recv(&topic, s->rel.sub, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&topic);
            zmq_msg_close(&body);
            return;
        }
        /* Take every frame of the message; use it only when it has two. */
        if (zmq_msg_more(&topic) &&
            zmq_msg_recv(&body, s->rel.sub, 0) >= 0 && !zmq_msg_more(&body))
            handle_answer(s, &topic, &body);
        else
            s->rel.foreign++;
        while (zmq_msg_more(&body)) {
            zmq_msg_close(&body);
            zmq_msg_init(&body);
            if (zmq_msg_recv(&body, s->rel.sub, 0) < 0)
                break;
        }
        zmq_msg_close(&topic);
        zmq_msg_close(&body);
    }
}

/* Hand due documents to the PUSH socket until it would block. */
static void transmit_due(send_session *s)
{
    reliable_state *r = &s->rel;

    while (!dlink_empty(&r->due)) {
        pending_doc *d = DOC_OF_DUE(r->due.next);
        if (zmq_send(s->push, d->data, d->len, ZMQ_DONTWAIT) < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN) {
                cli_error(CMD, "%s: send: %s", d->where, zmq_strerror(errno));
                s->failed++;
                pending_drop(r, d);
            }
            return;
        }
        if (d->sends++ == 0) {
            s->sent++;
            s->bytes += d->len;
        } else {
            r->resent++;
        }
        dlink_remove(&d->due);
        d->is_due = 0;
        /* the answer has a whole retry timeout from now */
        d->deadline_ms = cli_monotonic_ms() + s->opts->retry_timeout_ms;
        dlink_remove(&d->timer);
        dlink_append(&r->timers, &d->timer);
    }
}

/* Documents past their deadline: resend, or give up after the last try. */
static void expire_overdue(send_session *s)
{
    reliable_state *r = &s->rel;
    int64_t now = cli_monotonic_ms();

    while (!dlink_empty(&r->timers)) {
        pending_doc *d = (pending_doc *)r->timers.next;
        if (d->deadline_ms > now)
            break;
        if (d->tries > s->opts->max_retries) {
            cli_error(CMD, "%s: no answer from %s after %ld tr%s of %.1f s; "
                      "giving up",
                      d->where, s->opts->output, d->tries,
                      d->tries == 1 ? "y" : "ies",
                      s->opts->retry_timeout_ms / 1000.0);
            r->gave_up++;
            s->failed++;
            pending_drop(r, d);
            continue;
        }
        d->tries++;
        d->deadline_ms = now + s->opts->retry_timeout_ms;
        dlink_remove(&d->timer);
        dlink_append(&r->timers, &d->timer);
        if (!d->is_due) {
            d->is_due = 1;
            dlink_append(&r->due, &d->due);
        }
    }
}

/* One round: wait (up to the next deadline, or not at all) for answers or
 * room to send, then handle what is ready and what is overdue. */
static void reliable_pump(send_session *s, int wait)
{
    reliable_state *r = &s->rel;
    zmq_pollitem_t items[2] = {
        {r->sub, 0, ZMQ_POLLIN, 0},
        {s->push, 0, ZMQ_POLLOUT, 0},
    };
    long timeout = 0;

    if (wait && !dlink_empty(&r->timers)) {
        int64_t left = ((pending_doc *)r->timers.next)->deadline_ms -
                       cli_monotonic_ms();
        timeout = left < 0 ? 0 : (long)left;
    }
    if (zmq_poll(items, dlink_empty(&r->due) ? 1 : 2, timeout) < 0 &&
        errno != EINTR) {
        cli_error(CMD, "zmq_poll: %s", zmq_strerror(errno));
        return;
    }
    if (items[0].revents & ZMQ_POLLIN)
        drain_answers(s);
    if (!dlink_empty(&r->due) && (items[1].revents & ZMQ_POLLOUT))
        transmit_due(s);
    expire_overdue(s);
}

/* Take over one checked document: wait for room in the window, keep a
 * copy, and send it as soon as the socket takes it. */
static void reliable_submit(send_session *s, const char *where,
                            const msgpack_sbuffer *msg, const char *id,
                            size_t id_len)
{
    reliable_state *r = &s->rel;
    pending_doc *d;
    size_t slot;

    while (r->count >= (size_t)s->opts->window)
        reliable_pump(s, 1);
    slot = pending_slot(r, id, id_len);
    if (r->slots[slot]) {
        cli_error(CMD, "%s: id '%.*s' is still waiting for its answer "
                  "(from %s); --reliable needs unique ids (not sent)",
                  where, (int)id_len, id, r->slots[slot]->where);
        s->failed++;
        return;
    }
    d = calloc(1, sizeof(*d));
    if (d) {
        d->id = malloc(id_len ? id_len : 1);
        d->data = malloc(msg->size);
        d->where = strdup(where);
    }
    if (!d || !d->id || !d->data || !d->where) {
        cli_error(CMD, "%s: out of memory (not sent)", where);
        if (d)
            pending_free(d);
        s->failed++;
        return;
    }
    memcpy(d->id, id, id_len);
    d->id_len = id_len;
    memcpy(d->data, msg->data, msg->size);
    d->len = msg->size;
    d->tries = 1;
    d->deadline_ms = cli_monotonic_ms() + s->opts->retry_timeout_ms;
    dlink_init(&d->due);
    dlink_append(&r->timers, &d->timer);
    dlink_append(&r->due, &d->due);
    d->is_due = 1;
    r->slots[slot] = d;
    r->count++;
    reliable_pump(s, 0);
}

/* After the input: pump until every document is answered or given up. */
static void reliable_finish(send_session *s)
{
    while (s->rel.count > 0)
        reliable_pump(s, 1);
}

static void send_document(send_session *s, const char *where,
                          const msgpack_sbuffer *msg)
{
    char id[TP_ID_MAX_BYTES];
    size_t id_len = 0;

    if (check_document(s, where, msg, id, &id_len) != 0) {
        s->failed++;
        return;
    }
    if (s->opts->reliable) {
        reliable_submit(s, where, msg, id, id_len);
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
        {"curve-server-key", required_argument, NULL, 'S'},
        {"curve-key", required_argument, NULL, 'K'},
        {"reliable", no_argument, NULL, 'r'},
        {"output", required_argument, NULL, 'o'},
        {"retry-timeout", required_argument, NULL, 'R'},
        {"max-retries", required_argument, NULL, 'M'},
        {"window", required_argument, NULL, 'W'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char err[256];
    int c;

    memset(opts, 0, sizeof(*opts));
    opts->endpoint =
        cli_default_endpoint(TP_ENV_INPUT, TP_DEFAULT_INPUT_ENDPOINT);
    opts->output =
        cli_default_endpoint(TP_ENV_OUTPUT, TP_DEFAULT_OUTPUT_ENDPOINT);
    opts->timeout_ms = DEFAULT_TIMEOUT_MS;
    opts->retry_timeout_ms = DEFAULT_RETRY_TIMEOUT_MS;
    opts->max_retries = DEFAULT_MAX_RETRIES;
    opts->window = DEFAULT_WINDOW;
    while ((c = getopt_long(argc, argv, "e:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'S':
            opts->curve_server_key = optarg;
            break;
        case 'K':
            opts->curve_key = optarg;
            break;
        case 'r':
            opts->reliable = 1;
            break;
        case 'o':
            opts->output = optarg;
            break;
        case 'R':
            if (cli_parse_seconds(optarg, &opts->retry_timeout_ms) != 0)
                return cli_usage_error(CMD, send_usage,
                                       "--retry-timeout: not a number of "
                                       "seconds: '%s'",
                                       optarg);
            break;
        case 'M':
            if (cli_parse_count(optarg, 1000000, &opts->max_retries) != 0)
                return cli_usage_error(CMD, send_usage,
                                       "--max-retries: a number from 0 to "
                                       "1000000, not '%s'",
                                       optarg);
            break;
        case 'W':
            if (cli_parse_count(optarg, MAX_WINDOW, &opts->window) != 0 ||
                opts->window < 1)
                return cli_usage_error(CMD, send_usage,
                                       "--window: a number from 1 to %d, not "
                                       "'%s'",
                                       MAX_WINDOW, optarg);
            break;
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
    if (opts->curve_key && !opts->curve_server_key)
        return cli_usage_error(CMD, send_usage,
                               "--curve-key needs --curve-server-key");
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
    if (opts.reliable)
        reliable_finish(&session);
    flushed = session_close(&session) == 0;

    fprintf(stderr, "textpipe send: sent %ld document%s (%llu bytes) to %s",
            session.sent, session.sent == 1 ? "" : "s",
            (unsigned long long)session.bytes, opts.endpoint);
    if (opts.reliable)
        fprintf(stderr,
                "; %ld answered on %s (%ld with an error), %ld resent, "
                "%ld other messages seen",
                session.rel.answered, opts.output, session.rel.errors,
                session.rel.resent, session.rel.foreign);
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
