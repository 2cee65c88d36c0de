/*
 * test_config.c - the config file and --set: every key read, every kind of
 * mistake refused with file:line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tp_core.h"

static char conf_path[256];

/* Write `text` to a fresh temporary config file; returns its path. */
static const char *write_conf(const char *text)
{
    int fd;
    FILE *fp;
    snprintf(conf_path, sizeof conf_path, "/tmp/tp-test-config-XXXXXX");
    fd = mkstemp(conf_path);
    assert_true(fd >= 0);
    fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return conf_path;
}

/* Load text; expect failure with an error that contains `want`. */
static void expect_load_error(const char *text, const char *want)
{
    tp_config cfg;
    char err[1024] = "";
    const char *path = write_conf(text);
    tp_config_init(&cfg);
    assert_int_equal(tp_config_load(&cfg, path, err, sizeof err), -1);
    if (!strstr(err, want))
        fail_msg("error '%s' does not contain '%s'", err, want);
    tp_config_free(&cfg);
    unlink(path);
}

static void test_defaults(void **state)
{
    tp_config cfg;
    (void)state;
    tp_config_init(&cfg);
    assert_int_equal(cfg.workers, 0);
    assert_int_equal(cfg.max_inflight, 128);
    assert_int_equal(cfg.max_doc_bytes, 4 * 1024 * 1024);
    assert_string_equal(cfg.input_endpoint, "tcp://127.0.0.1:5555");
    assert_string_equal(cfg.output_endpoint, "tcp://127.0.0.1:5556");
    assert_int_equal(cfg.input_mode, TP_MODE_BIND);
    assert_int_equal(cfg.output_socket, TP_OUT_PUB);
    assert_true(cfg.n_stages >= 1);
    assert_string_equal(cfg.stages[0], "tokenize");
    tp_config_free(&cfg);
}

static void test_full_file(void **state)
{
    tp_config cfg;
    char err[1024] = "";
    const char *path;
    (void)state;
    path = write_conf("; comment\n"
                      "# another\n"
                      "[daemon]\n"
                      "workers = 3\n"
                      "max_inflight = 7\n"
                      "max_doc_bytes = 2M\n"
                      "log_level = debug\n"
                      "stage_timeout_ms = 500\n"
                      "[input]\n"
                      "endpoint = ipc:///tmp/in.sock\n"
                      "mode = connect\n"
                      "hwm = 10\n"
                      "[output]\n"
                      "endpoint = tcp://127.0.0.1:7000\n"
                      "socket = push\n"
                      "[pipeline]\n"
                      "stages = tokenize , quotes,stance\n"
                      "plugin_dir = plugins\n"
                      "[stage.stance]\n"
                      "model = models/m.bin\n"
                      "[control]\n"
                      "endpoint = tcp://127.0.0.1:7001\n"
                      "[metrics]\n"
                      "listen = 127.0.0.1:9464\n");
    tp_config_init(&cfg);
    if (tp_config_load(&cfg, path, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(cfg.workers, 3);
    assert_int_equal(cfg.max_inflight, 7);
    assert_int_equal(cfg.max_doc_bytes, 2 * 1024 * 1024);
    assert_int_equal(cfg.log_level, TP_LOG_DEBUG);
    assert_int_equal(cfg.stage_timeout_ms, 500);
    assert_string_equal(cfg.input_endpoint, "ipc:///tmp/in.sock");
    assert_int_equal(cfg.input_mode, TP_MODE_CONNECT);
    assert_int_equal(cfg.input_hwm, 10);
    assert_int_equal(cfg.output_socket, TP_OUT_PUSH);
    assert_int_equal(cfg.n_stages, 3);
    assert_string_equal(cfg.stages[0], "tokenize");
    assert_string_equal(cfg.stages[1], "quotes");
    assert_string_equal(cfg.stages[2], "stance");
    /* relative paths: against the config file's folder (/tmp) */
    assert_string_equal(cfg.plugin_dir, "/tmp/plugins");
    assert_int_equal(cfg.n_stage_confs, 1);
    assert_string_equal(cfg.stage_confs[0].name, "stance");
    assert_int_equal(cfg.stage_confs[0].n_kv, 1);
    assert_string_equal(cfg.stage_confs[0].kv[0].key, "model");
    assert_string_equal(cfg.stage_confs[0].kv[0].value, "models/m.bin");
    assert_string_equal(cfg.stage_confs[0].kv[0].base_dir, "/tmp");
    {
        char want[300];
        snprintf(want, sizeof want, "%s:20", path);
        assert_string_equal(cfg.stage_confs[0].kv[0].origin, want);
    }
    assert_string_equal(cfg.control_endpoint, "tcp://127.0.0.1:7001");
    assert_string_equal(cfg.metrics_listen, "127.0.0.1:9464");
    tp_config_free(&cfg);
    unlink(path);
}

static void test_errors_name_file_and_line(void **state)
{
    char want[300];
    (void)state;
    /* Each error must name the line it is on. */
    expect_load_error("[daemon]\nworkers = 2\nbogus = 1\n", ":3: unknown key 'bogus' in [daemon]");
    expect_load_error("[daemon]\n\n[nosuch]\nx = 1\n", ":4: unknown section [nosuch]");
    expect_load_error("[daemon]\nworkers = many\n", ":2: daemon.workers = 'many'");
    expect_load_error("[daemon]\nworkers = -1\n", "from 0 to 256");
    expect_load_error("[daemon]\nmax_inflight = 0\n", ":2: daemon.max_inflight");
    expect_load_error("[daemon]\nmax_doc_bytes = 12Q\n", "expected a size");
    expect_load_error("[daemon]\nlog_level = loud\n", "expected error, warn, info or debug");
    expect_load_error("[input]\nmode = both\n", ":2: input.mode = 'both': expected bind or connect");
    expect_load_error("[output]\nsocket = router\n", "expected pub or push");
    expect_load_error("[input]\nendpoint = http://x\n", "expected a ZeroMQ endpoint");
    expect_load_error("workers = 2\n", ":1: 'workers' is outside any [section]");
    expect_load_error("[daemon]\nworkers 2\n", ":2: syntax error");
    expect_load_error("[daemon\nworkers = 2\n", ":1: syntax error");
    expect_load_error("[pipeline]\nstages = tokenize, quotes, tokenize\n",
                      ":2: pipeline.stages: stage 'tokenize' is listed twice");
    expect_load_error("[pipeline]\nstages = tok/../x\n", "is not a stage name");
    expect_load_error("[stage.]\nx = 1\n", "[stage.] needs a stage name");
    /* The file name is in the message too. */
    snprintf(want, sizeof want, "%s:2:", conf_path);
    expect_load_error("[daemon]\nworkers = x\n", "tp-test-config-");
}

static void test_long_line(void **state)
{
    char *text = malloc(20000);
    (void)state;
    strcpy(text, "[daemon]\nworkers = 1\n[pipeline]\nstages = ");
    memset(text + strlen(text), 'a', 10000);
    text[strlen("[daemon]\nworkers = 1\n[pipeline]\nstages = ") + 10000] = 0;
    strcat(text, "\n[daemon]\nworkers = 2\n");
    expect_load_error(text, ":4: line longer than");
    free(text);
}

static void test_missing_file(void **state)
{
    tp_config cfg;
    char err[512];
    (void)state;
    tp_config_init(&cfg);
    assert_int_equal(tp_config_load(&cfg, "/nonexistent/textpiped.conf", err,
                                    sizeof err),
                     -1);
    assert_non_null(strstr(err, "/nonexistent/textpiped.conf: cannot open config"));
    tp_config_free(&cfg);
}

static void test_set_overrides(void **state)
{
    tp_config cfg;
    char err[512], cwd[512], want[600];
    (void)state;
    assert_non_null(getcwd(cwd, sizeof cwd));
    tp_config_init(&cfg);
    assert_int_equal(tp_config_set(&cfg, "daemon.workers=5", err, sizeof err), 0);
    assert_int_equal(cfg.workers, 5);
    assert_int_equal(tp_config_set(&cfg, "pipeline.stages=tokenize", err, sizeof err), 0);
    assert_int_equal(cfg.n_stages, 1);
    /* split at the LAST dot: section stage.stance, key model */
    assert_int_equal(tp_config_set(&cfg, "stage.stance.model=m.bin", err, sizeof err), 0);
    assert_int_equal(cfg.n_stage_confs, 1);
    assert_string_equal(cfg.stage_confs[0].name, "stance");
    assert_string_equal(cfg.stage_confs[0].kv[0].key, "model");
    assert_string_equal(cfg.stage_confs[0].kv[0].origin, "--set");
    /* relative paths on the command line: against the working directory */
    assert_string_equal(cfg.stage_confs[0].kv[0].base_dir, cwd);
    assert_int_equal(tp_config_set(&cfg, "pipeline.plugin_dir=p", err, sizeof err), 0);
    snprintf(want, sizeof want, "%s/p", cwd);
    assert_string_equal(cfg.plugin_dir, want);

    assert_int_equal(tp_config_set(&cfg, "daemon.workers", err, sizeof err), -1);
    assert_non_null(strstr(err, "expected section.key=value"));
    assert_int_equal(tp_config_set(&cfg, "workers=3", err, sizeof err), -1);
    assert_int_equal(tp_config_set(&cfg, "daemon.nope=3", err, sizeof err), -1);
    assert_non_null(strstr(err, "--set: unknown key 'nope' in [daemon]"));
    assert_int_equal(tp_config_set(&cfg, "daemon.workers=x", err, sizeof err), -1);
    assert_non_null(strstr(err, "--set: daemon.workers = 'x'"));
    tp_config_free(&cfg);
}

static void test_option_parse(void **state)
{
    tp_option_def def_size = {"buf", TP_OPT_SIZE, NULL, NULL};
    tp_option_def def_bool = {"on", TP_OPT_BOOL, NULL, NULL};
    tp_option_def def_list = {"l", TP_OPT_LIST, NULL, NULL};
    tp_option_def def_path = {"p", TP_OPT_PATH, NULL, NULL};
    tp_option_def def_dbl = {"d", TP_OPT_DOUBLE, NULL, NULL};
    tp_optval v;
    char err[256];
    (void)state;
    assert_int_equal(tp_option_parse(&def_size, "3K", NULL, &v, err, sizeof err), 0);
    assert_int_equal(v.i, 3072);
    assert_int_equal(tp_option_parse(&def_size, "3X", NULL, &v, err, sizeof err), -1);
    assert_non_null(strstr(err, "buf = '3X'"));
    assert_int_equal(tp_option_parse(&def_bool, "yes", NULL, &v, err, sizeof err), 0);
    assert_int_equal(v.b, 1);
    assert_int_equal(tp_option_parse(&def_bool, "Off", NULL, &v, err, sizeof err), 0);
    assert_int_equal(v.b, 0);
    assert_int_equal(tp_option_parse(&def_bool, "maybe", NULL, &v, err, sizeof err), -1);
    assert_int_equal(tp_option_parse(&def_dbl, "0.25", NULL, &v, err, sizeof err), 0);
    assert_true(v.d == 0.25);
    assert_int_equal(tp_option_parse(&def_dbl, "0.25x", NULL, &v, err, sizeof err), -1);
    assert_int_equal(tp_option_parse(&def_list, " a, b ,,c ", NULL, &v, err, sizeof err), 0);
    assert_int_equal(v.n_list, 3);
    assert_string_equal(v.list[0], "a");
    assert_string_equal(v.list[1], "b");
    assert_string_equal(v.list[2], "c");
    for (size_t i = 0; i < v.n_list; i++)
        free((void *)v.list[i]);
    free((void *)v.list);
    assert_int_equal(tp_option_parse(&def_path, "x/y", "/etc/tp", &v, err, sizeof err), 0);
    assert_string_equal(v.s, "/etc/tp/x/y");
    free((void *)v.s);
    assert_int_equal(tp_option_parse(&def_path, "/abs", "/etc/tp", &v, err, sizeof err), 0);
    assert_string_equal(v.s, "/abs");
    free((void *)v.s);
    {
        tp_option_def def_paths = {"ps", TP_OPT_PATH_LIST, NULL, NULL};
        assert_int_equal(tp_option_parse(&def_paths, "a.tsv, /x/b.tsv", "/etc/tp",
                                         &v, err, sizeof err), 0);
        assert_int_equal(v.n_list, 2);
        assert_string_equal(v.list[0], "/etc/tp/a.tsv");
        assert_string_equal(v.list[1], "/x/b.tsv");
        for (size_t i = 0; i < v.n_list; i++)
            free((void *)v.list[i]);
        free((void *)v.list);
    }
}

static void test_shipped_config_parses(void **state)
{
    tp_config cfg;
    char err[1024] = "";
    (void)state;
    tp_config_init(&cfg);
    if (tp_config_load(&cfg, TP_SOURCE_DIR "/conf/textpiped.conf", err,
                       sizeof err) != 0)
        fail_msg("%s", err);
    tp_config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_full_file),
        cmocka_unit_test(test_errors_name_file_and_line),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_set_overrides),
        cmocka_unit_test(test_option_parse),
        cmocka_unit_test(test_shipped_config_parses),
    };
    tp_log_init("test_config", TP_LOG_ERROR);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
