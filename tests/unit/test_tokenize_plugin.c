/*
 * test_tokenize_plugin.c - the tokenize stage as the host sees it: dlopen
 * build/plugins/tokenize.so, check its descriptor (name, layers, options),
 * create instances with the protocol library's host services, and process
 * documents whose layers land in the document arena, including a tight
 * arena budget that must fail the document cleanly.
 */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "textpipe/tp_plugin.h"
#include "textpipe/tp_protocol.h"

#define PLUGIN_PATH TP_PLUGIN_DIR "/tokenize.so"

typedef struct plugin {
    void *handle;
    const tp_stage_desc *desc;
    tp_host host;
} plugin;

static int setup(void **state)
{
    plugin *p = calloc(1, sizeof(*p));
    tp_stage_entry_fn entry;
    p->handle = dlopen(PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    if (!p->handle) {
        fprintf(stderr, "dlopen %s: %s\n", PLUGIN_PATH, dlerror());
        free(p);
        return -1;
    }
    *(void **)&entry = dlsym(p->handle, TP_STAGE_ENTRY_SYMBOL);
    if (!entry || !(p->desc = entry(TP_ABI_MAJOR))) {
        dlclose(p->handle);
        free(p);
        return -1;
    }
    tp_host_init(&p->host, NULL);
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    plugin *p = *state;
    dlclose(p->handle);
    free(p);
    return 0;
}

static void test_descriptor(void **state)
{
    plugin *p = *state;
    const tp_stage_desc *d = p->desc;
    tp_stage_entry_fn entry;

    assert_int_equal(d->abi_major, TP_ABI_MAJOR);
    assert_true(d->struct_size >= sizeof(tp_stage_desc));
    assert_string_equal(d->name, "tokenize");
    assert_null(d->requires);
    assert_string_equal(d->provides[0], TP_LAYER_TOKENS);
    assert_string_equal(d->provides[1], TP_LAYER_SENTENCES);
    assert_string_equal(d->provides[2], TP_LAYER_PARAGRAPHS);
    assert_null(d->provides[3]);
    assert_string_equal(d->options[0].name, "emit_tokens");
    assert_int_equal(d->options[0].type, TP_OPT_BOOL);
    assert_string_equal(d->options[0].default_value, "false");
    assert_string_equal(d->options[1].name, "abbreviations");
    assert_int_equal(d->options[1].type, TP_OPT_LIST);
    assert_null(d->options[1].default_value);
    assert_null(d->options[2].name);
    /* only the entry symbol is exported, and another major is refused */
    assert_null(dlsym(p->handle, "tk_tokenize"));
    *(void **)&entry = dlsym(p->handle, TP_STAGE_ENTRY_SYMBOL);
    assert_null(entry(TP_ABI_MAJOR + 1));
}

/* Options as the host would pass them: defaults, abbreviations unset. */
static void default_options(tp_optval opts[2])
{
    memset(opts, 0, 2 * sizeof(tp_optval));
    opts[0].is_set = 1;
    opts[0].b = 0;
}

static void test_process(void **state)
{
    plugin *p = *state;
    static const char text[] =
        "Sen. Kelly said, \"We don't know.\" Then he left.\n\nNew para.";
    tp_optval opts[2];
    void *inst = NULL;
    char err[256] = "";
    tp_docbuf d;
    size_t i;

    default_options(opts);
    assert_int_equal(p->desc->create(&p->host, opts, &inst, err, sizeof(err)),
                     TP_OK);
    tp_docbuf_init(&d, NULL);
    d.doc.text = text;
    d.doc.text_len = sizeof(text) - 1;
    assert_int_equal(p->desc->process(inst, &d.doc, err, sizeof(err)), TP_OK);
    assert_int_equal(d.doc.n_tokens, 18);
    assert_int_equal(d.doc.n_sentences, 3);
    assert_int_equal(d.doc.n_paragraphs, 2);
    assert_memory_equal(text + d.doc.tokens[0].start, "Sen.", 4);
    assert_true(d.doc.tokens[0].flags & TP_TOKF_ABBREV);
    for (i = 1; i < d.doc.n_tokens; i++)
        assert_true(d.doc.tokens[i].start >= d.doc.tokens[i - 1].end);
    assert_int_equal(d.doc.sentences[2].end, sizeof(text) - 1);
    tp_docbuf_free(&d);
    p->desc->destroy(inst);
}

static void test_abbreviation_option(void **state)
{
    plugin *p = *state;
    static const char text[] = "The Dist. Court ruled.";
    const char *good[] = {"Dist"};
    const char *bad[] = {"not one"};
    tp_optval opts[2];
    void *inst = NULL;
    char err[256] = "";
    tp_docbuf d;

    default_options(opts);
    opts[1].is_set = 1;
    opts[1].list = bad;
    opts[1].n_list = 1;
    assert_int_not_equal(
        p->desc->create(&p->host, opts, &inst, err, sizeof(err)), TP_OK);
    assert_non_null(strstr(err, "not one"));

    opts[1].list = good;
    assert_int_equal(p->desc->create(&p->host, opts, &inst, err, sizeof(err)),
                     TP_OK);
    tp_docbuf_init(&d, NULL);
    d.doc.text = text;
    d.doc.text_len = sizeof(text) - 1;
    assert_int_equal(p->desc->process(inst, &d.doc, err, sizeof(err)), TP_OK);
    assert_int_equal(d.doc.n_tokens, 5);
    assert_int_equal(d.doc.n_sentences, 1);
    tp_docbuf_free(&d);
    p->desc->destroy(inst);
}

/* A document whose layers do not fit its arena budget fails, cleanly. */
static void test_arena_budget(void **state)
{
    plugin *p = *state;
    tp_limits lim;
    tp_optval opts[2];
    void *inst = NULL;
    char err[256] = "";
    size_t n = 1 << 20, i;
    char *text = malloc(n);
    tp_docbuf d;

    for (i = 0; i + 2 <= n; i += 2)
        memcpy(text + i, "a ", 2);
    default_options(opts);
    assert_int_equal(p->desc->create(&p->host, opts, &inst, err, sizeof(err)),
                     TP_OK);
    tp_limits_default(&lim);
    lim.max_arena_bytes = 64 * 1024;
    tp_docbuf_init(&d, &lim);
    d.doc.text = text;
    d.doc.text_len = n;
    assert_int_equal(p->desc->process(inst, &d.doc, err, sizeof(err)), TP_FAIL);
    assert_non_null(strstr(err, "memory"));
    tp_docbuf_free(&d);

    /* the same instance goes on working */
    tp_docbuf_init(&d, NULL);
    d.doc.text = text;
    d.doc.text_len = n;
    assert_int_equal(p->desc->process(inst, &d.doc, err, sizeof(err)), TP_OK);
    assert_int_equal(d.doc.n_tokens, n / 2);
    tp_docbuf_free(&d);
    p->desc->destroy(inst);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_descriptor),
        cmocka_unit_test(test_process),
        cmocka_unit_test(test_abbreviation_option),
        cmocka_unit_test(test_arena_budget),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
