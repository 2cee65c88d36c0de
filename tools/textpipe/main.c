/*
 * main.c - the textpipe client's entry point: dispatch to a subcommand,
 * `--help` (with the exit codes of every subcommand, which scripts rely
 * on) and `--version`, and the small command-line helpers the subcommands
 * share. Each subcommand lives in its own cmd_<name>.c.
 */
#include "client.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "textpipe/tp_plugin.h"
#include "textpipe/tp_protocol.h"

#ifndef TP_VERSION
#define TP_VERSION "0.0.0"
#endif

typedef struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} subcommand;

int cmd_train_stance(int argc, char **argv); /* cmd_train_stance.c */

static const subcommand subcommands[] = {
    {"send", cmd_send, "send documents to a daemon (PUSH)"},
    {"watch", cmd_watch, "print a daemon's results as JSON Lines (SUB)"},
    {"analyze", cmd_analyze, "run the pipeline in-process on JSON Lines"},
    {"stats", cmd_stats, "print a running daemon's counters (control socket)"},
    {"ping", cmd_ping, "check that a daemon answers (control socket)"},
    {"train-stance", cmd_train_stance, "train the stance stage's model"},
    {"bench", cmd_bench, "measure the pipeline's speed in-process"},
    {"keygen", cmd_keygen, "make a CURVE keypair (PREFIX.key, PREFIX.pub)"},
};
#define N_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static const char main_usage_head[] =
    "usage: textpipe COMMAND [OPTIONS] [ARGS]\n"
    "       textpipe COMMAND --help\n"
    "       textpipe --version\n"
    "\n"
    "The client of textpiped, the text-analysis daemon.\n"
    "\n"
    "Commands:\n";

static const char main_usage_tail[] =
    "\n"
    "Exit codes:\n"
    "  every command  0 success; 2 bad command line (usage on stderr)\n"
    "  send           0 every document sent; 1 some were not (unreadable\n"
    "                 file, bad JSON line, invalid document, send timeout);\n"
    "                 each failure is named on stderr\n"
    "  watch          0 --count messages printed, or stopped by SIGINT or\n"
    "                 SIGTERM, or --timeout passed after at least one\n"
    "                 message (without --count); 3 --timeout passed with\n"
    "                 nothing printed; 4 --timeout passed after some but\n"
    "                 fewer than --count messages; 1 socket error\n"
    "  analyze        0 every input document answered on stdout (a result,\n"
    "                 or an error object); 1 could not run (bad config,\n"
    "                 missing plugin, unreadable input)\n"
    "  train-stance   0 trained (and --out written); 1 bad data or write\n"
    "                 error\n"
    "  send --reliable  0 every document sent was answered (a result or\n"
    "                 an error); 1 some ran out of retries or were not sent\n"
    "  bench          0 measured and printed; 1 could not run (bad config,\n"
    "                 missing plugin, unreadable input, no documents)\n"
    "  keygen         0 both files written; 1 not written (a file exists\n"
    "                 without --force, write error, no CURVE in libzmq)\n"
    "  stats, ping    0 the daemon answered; 3 no answer within --timeout\n"
    "                 (daemon down); 1 bad reply; 2 bad command line\n"
    "\n"
    "Environment: TEXTPIPE_INPUT (send's default endpoint, else\n"
    "tcp://127.0.0.1:5555), TEXTPIPE_OUTPUT (watch's and send\n"
    "--reliable's, else\n"
    "tcp://127.0.0.1:5556), TEXTPIPE_CONTROL (stats' and ping's, else\n"
    "ipc:///run/textpipe/control.sock when it exists, else\n"
    "tcp://127.0.0.1:5557).\n";

static void print_main_usage(FILE *to)
{
    size_t i;

    fputs(main_usage_head, to);
    for (i = 0; i < N_SUBCOMMANDS; i++)
        fprintf(to, "  %-9s %s\n", subcommands[i].name, subcommands[i].summary);
    fputs(main_usage_tail, to);
}

static const subcommand *find_subcommand(const char *name)
{
    size_t i;

    for (i = 0; i < N_SUBCOMMANDS; i++)
        if (strcmp(subcommands[i].name, name) == 0)
            return &subcommands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    static char progname[64];
    const subcommand *cmd;
    char *help_argv[3];

    if (argc < 2) {
        print_main_usage(stderr);
        return TP_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_main_usage(stdout);
        return TP_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("textpipe %s (protocol %d, plugin ABI %d.%d)\n", TP_VERSION,
               TP_PROTOCOL_VERSION, TP_ABI_MAJOR, TP_ABI_MINOR);
        return TP_EXIT_OK;
    }
    /* `textpipe help CMD` is `textpipe CMD --help` */
    if (strcmp(argv[1], "help") == 0) {
        if (argc < 3) {
            print_main_usage(stdout);
            return TP_EXIT_OK;
        }
        cmd = find_subcommand(argv[2]);
        if (!cmd) {
            fprintf(stderr, "textpipe: unknown command '%s'\n", argv[2]);
            print_main_usage(stderr);
            return TP_EXIT_USAGE;
        }
        help_argv[0] = argv[2];
        help_argv[1] = (char *)"--help";
        help_argv[2] = NULL;
        return cmd->run(2, help_argv);
    }
    cmd = find_subcommand(argv[1]);
    if (!cmd) {
        fprintf(stderr, "textpipe: unknown command '%s'\n", argv[1]);
        print_main_usage(stderr);
        return TP_EXIT_USAGE;
    }
    /* getopt names the program by argv[0] in its messages */
    snprintf(progname, sizeof(progname), "textpipe %s", cmd->name);
    argv[1] = progname;
    return cmd->run(argc - 1, argv + 1);
}

/* ---- helpers shared by the subcommands ---------------------------------- */

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "textpipe %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
    va_list ap;

    if (fmt) {
        fprintf(stderr, "textpipe %s: ", cmd);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    }
    fputs(usage, stderr);
    return TP_EXIT_USAGE;
}

int cli_parse_count(const char *s, long max, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_seconds(const char *s, int *out_ms)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    /* `!(v > 0)` also refuses NaN */
    if (errno || end == s || *end || !(v > 0) || v > 86400.0)
        return -1;
    *out_ms = (int)(v * 1000.0 + 0.5);
    if (*out_ms < 1)
        *out_ms = 1;
    return 0;
}

int64_t cli_monotonic_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *cli_default_endpoint(const char *env, const char *fallback)
{
    const char *value = getenv(env);

    return value && *value ? value : fallback;
}

int cli_read_file(const char *path, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char *buf = NULL, *grown;
    size_t used = 0, cap = 0, n;
    int saved;

    if (!f)
        return -1;
    for (;;) {
        if (cap - used < 4096) {
            cap = cap ? cap * 2 : 65536;
            grown = realloc(buf, cap);
            if (!grown) {
                errno = ENOMEM;
                goto fail;
            }
            buf = grown;
        }
        /* keep one byte for the NUL */
        n = fread(buf + used, 1, cap - used - 1, f);
        used += n;
        if (n == 0) {
            if (ferror(f))
                goto fail;
            break;
        }
    }
    buf[used] = '\0';
    if (f != stdin)
        fclose(f);
    *data = buf;
    *len = used;
    return 0;

fail:
    saved = errno ? errno : EIO;
    free(buf);
    if (f != stdin)
        fclose(f);
    errno = saved;
    return -1;
}
