/*
 * fuzz_pipeline.c - libFuzzer target for every shipped stage's process()
 * on arbitrary text: the real tokenize, quotes and stance plugins, loaded
 * from the build tree as the daemon loads them, run through
 * tp_process_message on a document whose text is the input (made valid
 * UTF-8, since the decoder refuses anything else before a stage sees it)
 * and whose targets are fixed. The host checks every span a stage
 * produces; a stage error would be an error result, a crash or a leak is
 * a finding.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp_core.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tp_pipeline *pipeline;
static tp_limits limits;
/* one docbuf for every input, as a daemon worker reuses its own */
static tp_docbuf docbuf;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    tp_config cfg;
    tp_pipeline_spec *spec;
    char err[1024];
    (void)argc;
    (void)argv;
    tp_log_init("fuzz_pipeline", TP_LOG_ERROR);
    tp_config_init(&cfg); /* the built-in stages, from the build tree */
    spec = tp_pipeline_spec_build(&cfg, err, sizeof err);
    if (!spec) {
        fprintf(stderr, "fuzz_pipeline: %s\n", err);
        abort();
    }
    pipeline = tp_pipeline_create(spec, err, sizeof err);
    tp_pipeline_spec_unref(spec);
    if (!pipeline) {
        fprintf(stderr, "fuzz_pipeline: %s\n", err);
        abort();
    }
    tp_config_free(&cfg);
    tp_limits_default(&limits);
    tp_docbuf_init(&docbuf, &limits);
    return 0;
}

/* Replace each byte that starts no valid UTF-8 sequence by '?'. */
static size_t make_utf8(const uint8_t *in, size_t n, char *out)
{
    size_t i = 0, o = 0, bad;
    while (i < n) {
        if (tp_utf8_valid((const char *)in + i, n - i, &bad)) {
            memcpy(out + o, in + i, n - i);
            return o + n - i;
        }
        memcpy(out + o, in + i, bad);
        o += bad;
        out[o++] = '?';
        i += bad + 1;
    }
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const targets[] = {"ICE", "sanctuary policies",
                                          "Donald Trump"};
    msgpack_sbuffer in;
    msgpack_packer pk;
    tp_outmsg out;
    char *text = malloc(size + 1);
    size_t len;

    if (!text)
        return 0;
    len = make_utf8(data, size, text);
    msgpack_sbuffer_init(&in);
    msgpack_packer_init(&pk, &in, msgpack_sbuffer_write);
    msgpack_pack_map(&pk, 3);
    msgpack_pack_str_with_body(&pk, "id", 2);
    msgpack_pack_str_with_body(&pk, "fuzz", 4);
    msgpack_pack_str_with_body(&pk, "text", 4);
    msgpack_pack_str_with_body(&pk, text, len);
    msgpack_pack_str_with_body(&pk, "targets", 7);
    msgpack_pack_array(&pk, 3);
    for (int i = 0; i < 3; i++)
        msgpack_pack_str_with_body(&pk, targets[i], strlen(targets[i]));

    memset(&out, 0, sizeof out);
    msgpack_sbuffer_init(&out.body);
    if (tp_process_message(pipeline, &limits, "fuzz", in.data, in.size,
                           &docbuf, &out) != 0)
        __builtin_trap(); /* every document gets an answer */
    if (out.is_error && out.code != TP_E_STAGE_FAILED)
        __builtin_trap(); /* valid UTF-8 in, so only a stage may refuse */
    msgpack_sbuffer_destroy(&out.body);
    msgpack_sbuffer_destroy(&in);
    free(text);
    return 0;
}
