/*
 * test_loader.c - the plugin loader and pipeline: every refusal (missing
 * symbol, ABI mismatch, unresolved symbol, unmet layer, stage listed twice,
 * unknown or bad option, a stage that cannot start) is one line naming the
 * file or the config line; and running real dlopen'ed test stages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "tp_core.h"

#define PLUGIN(name) TP_TEST_PLUGIN_DIR "/" name ".so"

static void expect_load_refused(const char *path, const char *want)
{
    char err[1024] = "";
    tp_plugin *p = tp_plugin_load(path, err, sizeof err);
    if (p) {
        tp_plugin_unload(p);
        fail_msg("%s loaded, expected refusal '%s'", path, want);
    }
    if (!strstr(err, want))
        fail_msg("error '%s' does not contain '%s'", err, want);
    /* one line, naming the file */
    assert_null(strchr(err, '\n'));
    assert_non_null(strstr(err, path));
}

static void test_load_good(void **state)
{
    char err[512];
    tp_plugin *p;
    (void)state;
    p = tp_plugin_load(PLUGIN("passthrough"), err, sizeof err);
    if (!p)
        fail_msg("%s", err);
    assert_string_equal(tp_plugin_desc(p)->name, "passthrough");
    assert_string_equal(tp_plugin_desc(p)->version, "1.0.0");
    tp_plugin_unload(p);
}

static void test_load_refusals(void **state)
{
    (void)state;
    expect_load_refused(PLUGIN("nosuchplugin"), "no such file");
    expect_load_refused(PLUGIN("noentry"), "no tp_stage_entry symbol");
    expect_load_refused(PLUGIN("badabi"), "built for plugin ABI 99.x");
    expect_load_refused(PLUGIN("newminor"), "newer than this host's");
    expect_load_refused(PLUGIN("smallstruct"), "descriptor is 16 bytes");
    expect_load_refused(PLUGIN("undefsym"), "tp_symbol_that_does_not_exist");
    {
        /* A file that is not a shared object (with safe modes, so only
         * dlopen can refuse it). */
        char dir[] = "/tmp/tp-test-notso-XXXXXX", path[300], cmd[400];
        FILE *fp;
        assert_non_null(mkdtemp(dir));
        chmod(dir, 0755);
        snprintf(path, sizeof path, "%s/text.so", dir);
        fp = fopen(path, "w");
        assert_non_null(fp);
        fputs("not an ELF file\n", fp);
        fclose(fp);
        chmod(path, 0644);
        expect_load_refused(path, "cannot load");
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
    }
}

/* Copy a test plugin into a fresh folder with the given modes. */
static void copy_plugin(const char *name, const char *dir, mode_t dir_mode,
                        mode_t file_mode, char *out, size_t cap)
{
    char cmd[1024];
    snprintf(out, cap, "%s/%s.so", dir, name);
    snprintf(cmd, sizeof cmd, "mkdir -p %s && cp %s %s", dir,
             PLUGIN("passthrough"), out);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(chmod(out, file_mode), 0);
    assert_int_equal(chmod(dir, dir_mode), 0);
}

static void test_load_refuses_writable_plugins(void **state)
{
    char dir[] = "/tmp/tp-test-perm-XXXXXX", path[512], err[1024];
    tp_plugin *p;
    (void)state;
    assert_non_null(mkdtemp(dir));
    copy_plugin("passthrough", dir, 0755, 0644, path, sizeof path);
    p = tp_plugin_load(path, err, sizeof err);
    if (!p)
        fail_msg("%s", err);
    tp_plugin_unload(p);

    chmod(path, 0666);
    assert_null(tp_plugin_load(path, err, sizeof err));
    assert_non_null(strstr(err, "is world-writable (mode 0666)"));
    chmod(path, 0664);
    assert_null(tp_plugin_load(path, err, sizeof err));
    assert_non_null(strstr(err, "is group-writable"));
    chmod(path, 0644);
    chmod(dir, 0777);
    assert_null(tp_plugin_load(path, err, sizeof err));
    assert_non_null(strstr(err, "folder"));
    if (geteuid() == 0) {
        /* as root we can also make a file owned by somebody else */
        chmod(dir, 0755);
        assert_int_equal(chown(path, 12345, 12345), 0);
        assert_null(tp_plugin_load(path, err, sizeof err));
        assert_non_null(strstr(err, "owned by uid 12345"));
    }
    {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
    }
}

/* Build a spec from config text; return it or NULL with err. */
static tp_pipeline_spec *build(const char *stages, const char *const *sets,
                               char *err, size_t err_len)
{
    tp_config cfg;
    tp_pipeline_spec *spec = NULL;
    char assign[512];
    tp_config_init(&cfg);
    snprintf(assign, sizeof assign, "pipeline.plugin_dir=%s",
             TP_TEST_PLUGIN_DIR);
    assert_int_equal(tp_config_set(&cfg, assign, err, err_len), 0);
    snprintf(assign, sizeof assign, "pipeline.stages=%s", stages);
    if (tp_config_set(&cfg, assign, err, err_len) != 0)
        goto out;
    for (size_t i = 0; sets && sets[i]; i++)
        if (tp_config_set(&cfg, sets[i], err, err_len) != 0)
            goto out;
    spec = tp_pipeline_spec_build(&cfg, err, err_len);
out:
    tp_config_free(&cfg);
    return spec;
}

static void expect_build_refused(const char *stages, const char *const *sets,
                                 const char *want)
{
    char err[1024] = "";
    tp_pipeline_spec *spec = build(stages, sets, err, sizeof err);
    if (spec) {
        tp_pipeline_spec_unref(spec);
        fail_msg("pipeline '%s' built, expected '%s'", stages, want);
    }
    if (!strstr(err, want))
        fail_msg("error '%s' does not contain '%s'", err, want);
}

static void test_spec_refusals(void **state)
{
    static const char *const unknown_opt[] = {"stage.passthrough.colour=red",
                                              NULL};
    static const char *const bad_opt[] = {"stage.passthrough.delay_ms=soon",
                                          NULL};
    static const char *const neg_opt[] = {"stage.passthrough.delay_ms=-5",
                                          NULL};
    (void)state;
    expect_build_refused("needsquotes", NULL,
                         "stage needsquotes requires the 'quotes' layer");
    expect_build_refused("passthrough, passthrough", NULL, "listed twice");
    expect_build_refused("nosuch", NULL, "no plugin nosuch.so in");
    expect_build_refused(
        "passthrough", unknown_opt,
        "--set: [stage.passthrough] unknown option 'colour' "
        "(known: delay_ms, fail_on, fatal_on, mark, gate_file, gate_on)");
    expect_build_refused(
        "passthrough", bad_opt,
        "--set: [stage.passthrough] delay_ms = 'soon': expected an integer");
    expect_build_refused(
        "passthrough", neg_opt,
        "stage passthrough@1.0.0: cannot start: delay_ms must be >= 0");
    expect_build_refused("createfail", NULL,
                         "cannot start: the model file is missing");
    expect_build_refused(
        "wrongname", NULL,
        "is stage 'othername', but [pipeline] stages names 'wrongname'");
    expect_build_refused("badabi", NULL, "built for plugin ABI 99.x");
}

static void test_option_error_names_config_line(void **state)
{
    tp_config cfg;
    char err[1024] = "", path[] = "/tmp/tp-test-loader-XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fdopen(fd, "w");
    tp_pipeline_spec *spec;
    (void)state;
    fprintf(fp,
            "[pipeline]\nstages = passthrough\nplugin_dir = %s\n\n"
            "[stage.passthrough]\ndelay_ms = 0\nspeed = fast\n",
            TP_TEST_PLUGIN_DIR);
    fclose(fp);
    tp_config_init(&cfg);
    assert_int_equal(tp_config_load(&cfg, path, err, sizeof err), 0);
    spec = tp_pipeline_spec_build(&cfg, err, sizeof err);
    assert_null(spec);
    {
        char want[300];
        snprintf(want, sizeof want,
                 "%s:7: [stage.passthrough] unknown option 'speed'", path);
        if (!strstr(err, want))
            fail_msg("'%s' lacks '%s'", err, want);
    }
    tp_config_free(&cfg);
    unlink(path);
}

/* Pack a document the way a producer would. */
static void pack_doc(msgpack_sbuffer *sb, const char *id, const char *text)
{
    msgpack_packer pk;
    msgpack_sbuffer_init(sb);
    msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
    msgpack_pack_map(&pk, 2);
    msgpack_pack_str_with_body(&pk, "id", 2);
    msgpack_pack_str_with_body(&pk, id, strlen(id));
    msgpack_pack_str_with_body(&pk, "text", 4);
    msgpack_pack_str_with_body(&pk, text, strlen(text));
}

static msgpack_sbuffer last_body;

/* Run one document; return the unpacked result map in *out (caller
 * destroys) and whether it is an error. */
static int run_doc(tp_pipeline *p, const char *id, const char *text,
                   msgpack_unpacked *out, char *topic, size_t topic_cap)
{
    msgpack_sbuffer in;
    tp_outmsg msg;
    tp_limits lim;
    tp_docbuf d;
    size_t off = 0;
    int is_error;
    tp_limits_default(&lim);
    pack_doc(&in, id, text);
    memset(&msg, 0, sizeof msg);
    msgpack_sbuffer_init(&msg.body);
    tp_docbuf_init(&d, &lim);
    assert_int_equal(
        tp_process_message(p, &lim, "testdaemon", in.data, in.size, &d, &msg),
        0);
    tp_docbuf_free(&d);
    tp_msg_patch_seq(msg.body.data, msg.seq_offset, 42);
    msgpack_unpacked_init(out);
    assert_int_equal(
        msgpack_unpack_next(out, msg.body.data, msg.body.size, &off),
        MSGPACK_UNPACK_SUCCESS);
    /* Strings in `out` point into the body: keep it until the next run. */
    snprintf(topic, topic_cap, "%s", msg.topic);
    is_error = msg.is_error;
    msgpack_sbuffer_destroy(&last_body);
    last_body = msg.body;
    msgpack_sbuffer_destroy(&in);
    return is_error;
}

static void assert_str(const msgpack_object *o, const char *want)
{
    assert_non_null(o);
    assert_int_equal(o->type, MSGPACK_OBJECT_STR);
    if (o->via.str.size != strlen(want) ||
        memcmp(o->via.str.ptr, want, o->via.str.size) != 0)
        fail_msg("got '%.*s', want '%s'", (int)o->via.str.size, o->via.str.ptr,
                 want);
}

static void test_run_stages(void **state)
{
    static const char *const sets[] = {"stage.passthrough.fail_on=FAILME",
                                       "stage.passthrough.fatal_on=KILLME",
                                       NULL};
    char err[1024], topic[256];
    tp_pipeline_spec *spec;
    tp_pipeline *p;
    msgpack_unpacked r;
    const msgpack_object *e;
    (void)state;

    spec = build("passthrough", sets, err, sizeof err);
    if (!spec)
        fail_msg("%s", err);
    p = tp_pipeline_create(spec, err, sizeof err);
    assert_non_null(p);

    /* a good document: the stage's extra is in the result */
    assert_int_equal(run_doc(p, "d1", "hello", &r, topic, sizeof topic), 0);
    assert_string_equal(topic, "result");
    assert_str(tp_msgpack_map_get(&r.data, "id"), "d1");
    assert_int_equal(tp_msgpack_map_get(&r.data, "seq")->via.u64, 42);
    e = tp_msgpack_map_get(&r.data, "extra");
    assert_non_null(e);
    assert_int_equal(tp_msgpack_map_get(e, "text_len")->via.u64, 5);
    assert_str(&tp_msgpack_map_get(&r.data, "pipeline")->via.array.ptr[0],
               "passthrough@1.0.0");
    msgpack_unpacked_destroy(&r);

    /* a failing document: stage_failed naming the stage, then carry on */
    assert_int_equal(run_doc(p, "d2", "please FAILME", &r, topic, sizeof topic),
                     1);
    assert_string_equal(topic, "error");
    assert_str(tp_msgpack_map_get(&r.data, "id"), "d2");
    e = tp_msgpack_map_get(&r.data, "error");
    assert_str(tp_msgpack_map_get(e, "code"), "stage_failed");
    assert_str(tp_msgpack_map_get(e, "stage"), "passthrough");
    assert_str(tp_msgpack_map_get(e, "message"), "fail marker found");
    msgpack_unpacked_destroy(&r);

    /* fatal: the instance is recreated and the next document works */
    assert_int_equal(run_doc(p, "d3", "KILLME now", &r, topic, sizeof topic),
                     1);
    msgpack_unpacked_destroy(&r);
    assert_int_equal(run_doc(p, "d4", "fine", &r, topic, sizeof topic), 0);
    msgpack_unpacked_destroy(&r);

    tp_pipeline_destroy(p);
    tp_pipeline_spec_unref(spec);
}

/* The test stage `variant` produces a bad layer: its documents fail with
 * `message`, naming the stage. */
static void check_invalid_layer(const char *variant, const char *message)
{
    char err[1024], topic[256];
    tp_pipeline_spec *spec;
    tp_pipeline *p;
    msgpack_unpacked r;
    const msgpack_object *e;
    spec = build(variant, NULL, err, sizeof err);
    if (!spec)
        fail_msg("%s", err);
    p = tp_pipeline_create(spec, err, sizeof err);
    assert_non_null(p);
    assert_int_equal(run_doc(p, "x", "short", &r, topic, sizeof topic), 1);
    e = tp_msgpack_map_get(&r.data, "error");
    assert_str(tp_msgpack_map_get(e, "code"), "stage_failed");
    assert_str(tp_msgpack_map_get(e, "stage"), variant);
    assert_str(tp_msgpack_map_get(e, "message"), message);
    msgpack_unpacked_destroy(&r);
    tp_pipeline_destroy(p);
    tp_pipeline_spec_unref(spec);
}

static void test_invalid_layers_refused(void **state)
{
    (void)state;
    check_invalid_layer("badspans", "produced a sentence outside the text");
    /* later stages may read a token's first byte unchecked */
    check_invalid_layer("emptytoken",
                        "produced an empty token or one outside the text");
}

static void test_decode_error_through_pipeline(void **state)
{
    char err[1024];
    tp_pipeline_spec *spec;
    tp_pipeline *p;
    tp_outmsg msg;
    tp_limits lim;
    tp_docbuf d;
    msgpack_unpacked r;
    size_t off = 0;
    static const char not_a_map[] = "\x93\x01\x02\x03";
    (void)state;
    spec = build("passthrough", NULL, err, sizeof err);
    assert_non_null(spec);
    p = tp_pipeline_create(spec, err, sizeof err);
    tp_limits_default(&lim);
    memset(&msg, 0, sizeof msg);
    msgpack_sbuffer_init(&msg.body);
    tp_docbuf_init(&d, &lim);
    assert_int_equal(tp_process_message(p, &lim, "d", not_a_map,
                                        sizeof not_a_map - 1, &d, &msg),
                     0);
    tp_docbuf_free(&d);
    assert_true(msg.is_error);
    assert_int_equal(msg.code, TP_E_NOT_A_MAP);
    msgpack_unpacked_init(&r);
    assert_int_equal(
        msgpack_unpack_next(&r, msg.body.data, msg.body.size, &off),
        MSGPACK_UNPACK_SUCCESS);
    assert_null(tp_msgpack_map_get(&r.data, "id"));
    assert_str(tp_msgpack_map_get(tp_msgpack_map_get(&r.data, "error"), "code"),
               "not_a_map");
    msgpack_unpacked_destroy(&r);
    msgpack_sbuffer_destroy(&msg.body);
    msgpack_sbuffer_destroy(&last_body);
    msgpack_sbuffer_init(&last_body);
    tp_pipeline_destroy(p);
    tp_pipeline_spec_unref(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_good),
        cmocka_unit_test(test_load_refusals),
        cmocka_unit_test(test_load_refuses_writable_plugins),
        cmocka_unit_test(test_spec_refusals),
        cmocka_unit_test(test_option_error_names_config_line),
        cmocka_unit_test(test_run_stages),
        cmocka_unit_test(test_invalid_layers_refused),
        cmocka_unit_test(test_decode_error_through_pipeline),
    };
    tp_log_init("test_loader", TP_LOG_ERROR);
    msgpack_sbuffer_init(&last_body);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
