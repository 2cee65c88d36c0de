/*
 * client.h - what the subcommands of the textpipe client share: exit codes,
 * the subcommand entry points, option helpers, reading whole files, and
 * turning a JSON document (one line of JSON Lines) into the MessagePack
 * message a producer sends. Internal to tools/textpipe; not installed.
 */
#ifndef TEXTPIPE_CLIENT_H
#define TEXTPIPE_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <msgpack.h>

/* Exit codes that scripts rely on; `textpipe --help` documents them per
 * subcommand. */
enum {
    TP_EXIT_OK = 0,
    TP_EXIT_FAILED = 1,  /* some work failed, or the command could not run */
    TP_EXIT_USAGE = 2,   /* bad command line */
    TP_EXIT_NOTHING = 3, /* watch: --timeout passed with nothing received */
    TP_EXIT_PARTIAL = 4  /* watch: --timeout passed before --count was met */
};

#define TP_DEFAULT_INPUT_ENDPOINT "tcp://127.0.0.1:5555"
#define TP_DEFAULT_OUTPUT_ENDPOINT "tcp://127.0.0.1:5556"
#define TP_ENV_INPUT "TEXTPIPE_INPUT"
#define TP_ENV_OUTPUT "TEXTPIPE_OUTPUT"
#define TP_ENV_CONTROL "TEXTPIPE_CONTROL"

/* ping and stats: the daemon's control socket (cmd_control.c). */
int cmd_ping(int argc, char **argv);
int cmd_stats(int argc, char **argv);

/* The subcommands: argv[0] is the subcommand's name. Each returns an exit
 * code; only main() exits. */
int cmd_send(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_keygen(int argc, char **argv);

/* ---- CURVE on the client side (cmd_keygen.c) ---------------------------- */

/* Read a key file as `textpipe keygen` writes it (one line of 40 Z85
 * characters) into key (NUL-terminated). 0, or -1 with err. */
int cli_curve_read_key(const char *path, char key[41], char *err,
                       size_t err_len);
/* Make `socket` a CURVE client of the server whose public key is in
 * `server_key_file`, with the keypair PREFIX.key/PREFIX.pub (an ephemeral
 * one when client_prefix is NULL). Call before zmq_connect. Nothing to do
 * (0) when both are NULL. 0, or -1 with err. */
int cli_curve_client_setup(void *socket, const char *server_key_file,
                           const char *client_prefix, char *err,
                           size_t err_len);

/* ---- command-line helpers (main.c) -------------------------------------- */

/* Print "textpipe CMD: " and the message to stderr. */
void cli_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Report a usage error: the message, then `usage` on stderr. Returns
 * TP_EXIT_USAGE for the caller to return. */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A non-negative decimal integer of at most `max`; 0 on success. */
int cli_parse_count(const char *s, long max, long *out);
/* A positive number of seconds ("10", "0.5") as milliseconds, capped at a
 * day; 0 on success. */
int cli_parse_seconds(const char *s, int *out_ms);
/* Milliseconds of CLOCK_MONOTONIC, for timeouts. */
int64_t cli_monotonic_ms(void);
/* `env` if set and not empty, else `fallback`. */
const char *cli_default_endpoint(const char *env, const char *fallback);

/* Read a whole file ("-" is stdin) into a malloc'd buffer (NUL-terminated,
 * the NUL not counted in *len). Returns 0, or -1 with errno set. The caller
 * frees *data. */
int cli_read_file(const char *path, char **data, size_t *len);

/* ---- JSON documents in (json_in.c) -------------------------------------- */

/* Defaults applied to each document that does not set them itself (send's
 * --topic and --meta). Fields may be NULL. `meta_json` must already be a
 * validated JSON object text. */
typedef struct json_doc_defaults {
    const char *topic;
    const char *meta_json;
} json_doc_defaults;

/*
 * Convert one JSON document ({"id","text","meta","topic","targets"}) into
 * the MessagePack map a producer sends, appended to `out`. Only those keys
 * are carried (the protocol ignores the others); their values are
 * converted as they are, so a wrong type is judged by the protocol exactly
 * as the daemon would judge it. Returns 0; or -1 when the line is not a
 * JSON object (or out of memory), with a message in err.
 */
int json_doc_to_msgpack(const char *line, size_t len,
                        const json_doc_defaults *defaults, msgpack_sbuffer *out,
                        char *err, size_t err_len);

/* Check that `text` is a JSON object (send --meta). 0, or -1 with err. */
int json_check_object(const char *text, char *err, size_t err_len);

/* Pack a document of a whole file: id, text, and the defaults. Returns 0,
 * or -1 when out of memory or `meta_json` is not an object. */
int json_pack_text_doc(msgpack_sbuffer *out, const char *id, size_t id_len,
                       const char *text, size_t text_len,
                       const json_doc_defaults *defaults);

/* Lines of a JSON Lines file ("-" is stdin). Blank lines are skipped
 * (they are not documents), a trailing CR and a UTF-8 byte order mark at
 * the start are dropped. `lineno` counts every line read, from 1. */
typedef struct jsonl_reader {
    FILE *file;
    const char *name;
    char *line; /* getline's buffer, owned */
    size_t cap;
    long lineno;
} jsonl_reader;

/* 0, or -1 with errno when the file cannot be opened. */
int jsonl_open(jsonl_reader *r, const char *path);
/* The next non-blank line in *line (NUL-terminated, valid until the next
 * call) and its length; -1 at the end, -2 on a read error (errno). */
long jsonl_next(jsonl_reader *r, const char **line, size_t *len);
void jsonl_close(jsonl_reader *r);

#endif /* TEXTPIPE_CLIENT_H */
