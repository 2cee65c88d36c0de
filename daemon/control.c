/*
 * control.c - the replies of the control socket (ZeroMQ REP), which
 * `textpipe ping` and `textpipe stats` talk to. A request is one frame
 * holding a word; a reply is one MessagePack map:
 *
 *   ping  -> {ok, daemon, version, uptime_s}
 *   stats -> {v, daemon, version, uptime_s, generation, workers, in_flight,
 *             max_inflight, paused, paused_s, received, published,
 *             failed: {code: n}, timeouts, stuck_workers,
 *             latency: {p50_us, p90_us, p99_us, max_us},
 *             stages: [{name, version, documents, failures, p50_us,
 *                       p90_us, p99_us, max_us}]}
 *   other -> {ok: false, error: "unknown request '...'"}
 */
#include <stdio.h>
#include <string.h>

#include "daemon.h"

#ifndef TP_VERSION
#define TP_VERSION "0"
#endif

static void pack_str(msgpack_packer *pk, const char *s)
{
    size_t n = strlen(s);
    msgpack_pack_str(pk, n);
    msgpack_pack_str_body(pk, s, n);
}

static void pack_kv_u64(msgpack_packer *pk, const char *key, uint64_t v)
{
    pack_str(pk, key);
    msgpack_pack_uint64(pk, v);
}

static void pack_common(msgpack_packer *pk, const tp_counters *c)
{
    pack_str(pk, "daemon");
    pack_str(pk, c->daemon_id);
    pack_str(pk, "version");
    pack_str(pk, TP_VERSION);
    pack_str(pk, "uptime_s");
    msgpack_pack_double(pk, c->uptime_s);
}

static void pack_latency(msgpack_packer *pk, const tp_stage_snapshot *s)
{
    pack_kv_u64(pk, "p50_us", s->p50_us);
    pack_kv_u64(pk, "p90_us", s->p90_us);
    pack_kv_u64(pk, "p99_us", s->p99_us);
    pack_kv_u64(pk, "max_us", s->max_us);
}

static void pack_stats(msgpack_packer *pk, const tp_counters *c, tp_stats *st)
{
    tp_stage_snapshot stages[64], total;
    size_t n = tp_stats_snapshot(st, stages, 64, &total);
    size_t n_failed = 0;

    for (int i = 1; i < TP_E_COUNT; i++)
        n_failed += c->failed[i] != 0;
    msgpack_pack_map(pk, 18);
    pack_str(pk, "v");
    msgpack_pack_uint8(pk, 1);
    pack_str(pk, "ok");
    msgpack_pack_true(pk);
    pack_common(pk, c); /* 3 pairs */
    pack_kv_u64(pk, "generation", c->generation);
    pack_kv_u64(pk, "workers", (uint64_t)c->workers);
    pack_kv_u64(pk, "in_flight", c->in_flight);
    pack_kv_u64(pk, "max_inflight", c->max_inflight);
    pack_str(pk, "paused");
    if (c->paused)
        msgpack_pack_true(pk);
    else
        msgpack_pack_false(pk);
    pack_str(pk, "paused_s");
    msgpack_pack_double(pk, c->paused_s);
    pack_kv_u64(pk, "received", c->received);
    pack_kv_u64(pk, "published", c->published);
    pack_str(pk, "failed");
    msgpack_pack_map(pk, n_failed);
    for (int i = 1; i < TP_E_COUNT; i++)
        if (c->failed[i]) {
            pack_str(pk, tp_errcode_name((tp_errcode)i));
            msgpack_pack_uint64(pk, c->failed[i]);
        }
    pack_kv_u64(pk, "timeouts", c->timeouts);
    pack_kv_u64(pk, "stuck_workers", c->stuck_workers);
    pack_str(pk, "latency");
    msgpack_pack_map(pk, 5);
    pack_kv_u64(pk, "documents", total.documents);
    pack_latency(pk, &total);
    pack_str(pk, "stages");
    msgpack_pack_array(pk, n);
    for (size_t i = 0; i < n; i++) {
        char *at = strchr(stages[i].label, '@');
        msgpack_pack_map(pk, 8);
        pack_str(pk, "name");
        if (at) {
            msgpack_pack_str(pk, (size_t)(at - stages[i].label));
            msgpack_pack_str_body(pk, stages[i].label,
                                  (size_t)(at - stages[i].label));
        } else {
            pack_str(pk, stages[i].label);
        }
        pack_str(pk, "version");
        pack_str(pk, at ? at + 1 : "");
        pack_kv_u64(pk, "documents", stages[i].documents);
        pack_kv_u64(pk, "failures", stages[i].failures);
        pack_latency(pk, &stages[i]);
    }
}

int tp_control_reply(msgpack_sbuffer *out, const char *request, size_t len,
                     const tp_counters *c, tp_stats *st)
{
    msgpack_packer pk;
    msgpack_packer_init(&pk, out, msgpack_sbuffer_write);
    /* Accept a trailing newline from hand-typed requests. */
    while (len && (request[len - 1] == '\n' || request[len - 1] == '\r'))
        len--;
    if (len == 4 && memcmp(request, "ping", 4) == 0) {
        msgpack_pack_map(&pk, 4);
        pack_str(&pk, "ok");
        msgpack_pack_true(&pk);
        pack_common(&pk, c);
    } else if (len == 5 && memcmp(request, "stats", 5) == 0) {
        pack_stats(&pk, c, st);
    } else {
        char msg[128];
        snprintf(msg, sizeof msg, "unknown request '%.*s' (ping, stats)",
                 (int)(len > 40 ? 40 : len), request);
        /* The request is untrusted: keep the message printable. */
        for (char *p = msg; *p; p++)
            if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
                *p = '?';
        msgpack_pack_map(&pk, 2);
        pack_str(&pk, "ok");
        msgpack_pack_false(&pk);
        pack_str(&pk, "error");
        pack_str(&pk, msg);
    }
    return 0;
}
