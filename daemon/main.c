/*
 * main.c - textpiped's command line: read the config, apply overrides,
 * load and check the pipeline, then run the server (or, with
 * --check-config, stop there and say whether all of it is valid).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"

#ifndef TP_DEFAULT_CONFIG
#define TP_DEFAULT_CONFIG "/etc/textpipe/textpiped.conf"
#endif

static void usage(FILE *to)
{
    fprintf(to,
            "Usage: textpiped [OPTIONS]\n"
            "Run the textpipe daemon: documents in on a ZeroMQ PULL socket,\n"
            "results out on a PUB (or PUSH) socket, through the stages of\n"
            "[pipeline] stages.\n"
            "\n"
            "  -c, --config FILE     config file (default " TP_DEFAULT_CONFIG
            " when it exists)\n"
            "  -t, --check-config    validate the config and load the plugins, "
            "then exit 0 or 1\n"
            "      --input EP        override [input] endpoint\n"
            "      --output EP       override [output] endpoint\n"
            "      --workers N       override [daemon] workers\n"
            "      --plugin-dir DIR  override [pipeline] plugin_dir\n"
            "      --log-level L     override [daemon] log_level (error, warn, "
            "info, debug)\n"
            "  -s, --set S.K=V       set key K of section S (split at the last "
            "dot:\n"
            "                        --set stage.stance.model=/x)\n"
            "  -V, --version         print the version and exit\n"
            "  -h, --help            print this help and exit\n"
            "\n"
            "Signals: SIGHUP reloads the config; SIGTERM/SIGINT stop after "
            "publishing\n"
            "every accepted document (a second one exits at once).\n"
            "Exit status: 0 stopped cleanly or config valid; 1 config, plugin "
            "or\n"
            "socket error, or drain timeout; 2 usage error.\n");
}

enum { OPT_INPUT = 256, OPT_OUTPUT, OPT_WORKERS, OPT_PLUGIN_DIR, OPT_LOG_LEVEL };

/* The command line, kept so a reload can apply the same overrides. */
typedef struct cmdline {
    const char *config_path;
    int config_given;
    int check_only;
    char **overrides;
    size_t n_overrides;
} cmdline;

static int add_override(cmdline *cl, const char *section_key, const char *value)
{
    char *item;
    char **grown;
    if (asprintf(&item, "%s=%s", section_key, value) < 0)
        return -1;
    grown = realloc(cl->overrides, (cl->n_overrides + 1) * sizeof *grown);
    if (!grown) {
        free(item);
        return -1;
    }
    cl->overrides = grown;
    cl->overrides[cl->n_overrides++] = item;
    return 0;
}

static int add_raw_override(cmdline *cl, const char *assignment)
{
    char **grown = realloc(cl->overrides, (cl->n_overrides + 1) * sizeof *grown);
    if (!grown)
        return -1;
    cl->overrides = grown;
    cl->overrides[cl->n_overrides] = strdup(assignment);
    return cl->overrides[cl->n_overrides++] ? 0 : -1;
}

static int parse_args(int argc, char **argv, cmdline *cl)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"check-config", no_argument, NULL, 't'},
        {"input", required_argument, NULL, OPT_INPUT},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {"workers", required_argument, NULL, OPT_WORKERS},
        {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
        {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
        {"set", required_argument, NULL, 's'},
        {"version", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c, rc = 0;
    while ((c = getopt_long(argc, argv, "c:ts:Vh", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': cl->config_path = optarg; cl->config_given = 1; break;
        case 't': cl->check_only = 1; break;
        case OPT_INPUT: rc = add_override(cl, "input.endpoint", optarg); break;
        case OPT_OUTPUT: rc = add_override(cl, "output.endpoint", optarg); break;
        case OPT_WORKERS: rc = add_override(cl, "daemon.workers", optarg); break;
        case OPT_PLUGIN_DIR:
            rc = add_override(cl, "pipeline.plugin_dir", optarg);
            break;
        case OPT_LOG_LEVEL:
            rc = add_override(cl, "daemon.log_level", optarg);
            break;
        case 's': rc = add_raw_override(cl, optarg); break;
        case 'V': printf("textpiped %s (protocol v%d, plugin ABI %d.%d)\n",
                         TP_VERSION, TP_PROTOCOL_VERSION, TP_ABI_MAJOR,
                         TP_ABI_MINOR);
            return -1;
        case 'h': usage(stdout); return -1;
        default: usage(stderr); return 2;
        }
        if (rc)
            return 1;
    }
    if (optind < argc) {
        fprintf(stderr, "textpiped: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    return 0;
}

static void cmdline_free(cmdline *cl)
{
    for (size_t i = 0; i < cl->n_overrides; i++)
        free(cl->overrides[i]);
    free(cl->overrides);
}

int main(int argc, char **argv)
{
    cmdline cl = {0};
    tp_config cfg;
    tp_pipeline_spec *spec = NULL;
    char err[2048];
    int status;

    tp_log_init("textpiped", TP_LOG_INFO);
    tp_config_init(&cfg);
    status = parse_args(argc, argv, &cl);
    if (status) {
        if (status < 0) /* --help, --version: done */
            status = 0;
        goto out;
    }
    if (!cl.config_given && access(TP_DEFAULT_CONFIG, F_OK) == 0)
        cl.config_path = TP_DEFAULT_CONFIG;

    status = 1;
    if (cl.config_path && tp_config_load(&cfg, cl.config_path, err, sizeof err)) {
        tp_log(TP_LOG_ERROR, "%s", err);
        goto out;
    }
    for (size_t i = 0; i < cl.n_overrides; i++)
        if (tp_config_set(&cfg, cl.overrides[i], err, sizeof err)) {
            tp_log(TP_LOG_ERROR, "%s", err);
            goto out;
        }
    tp_log_set_level(cfg.log_level);

    spec = tp_pipeline_spec_build(&cfg, err, sizeof err);
    if (!spec) {
        tp_log(TP_LOG_ERROR, "%s", err);
        goto out;
    }
    if (cl.check_only) {
        printf("config OK: %s; stages:", cl.config_path ? cl.config_path
                                                        : "(built-in defaults)");
        for (size_t i = 0; i < tp_pipeline_spec_n_stages(spec); i++)
            printf(" %s", tp_pipeline_spec_stage_label(spec, i));
        printf("\n");
        tp_pipeline_spec_unref(spec);
        status = 0;
        goto out;
    }

    tp_server_opts opts = {
        .config_path = cl.config_path,
        .overrides = cl.overrides,
        .n_overrides = cl.n_overrides,
    };
    status = tp_server_run(&cfg, spec, &opts); /* takes the spec */
out:
    tp_config_free(&cfg);
    cmdline_free(&cl);
    return status;
}
