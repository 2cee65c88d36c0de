/*
 * fuzz_protocol.c - libFuzzer target for the protocol decoder: any bytes a
 * producer can send go through the pre-validation scan and the decoder; a
 * document that passes is encoded back as a result (with the layers empty)
 * and the result must itself pass the scan. No crash, no leak, no
 * allocation out of proportion to the input (the rss limit catches that).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "textpipe/tp_protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tp_limits lim;
    tp_docbuf d;
    tp_error err;
    tp_limits_default(&lim);
    lim.max_doc_bytes = 1 << 16;
    tp_docbuf_init(&d, &lim);
    if (tp_doc_decode(&d, data, size, &lim, &err) == 0) {
        static const char *const labels[] = {"fuzz@1", NULL};
        uint64_t timings[1] = {1};
        tp_result_info info = {"fuzz", labels, timings, 1, 1};
        msgpack_sbuffer sb;
        size_t off;
        tp_error again;
        msgpack_sbuffer_init(&sb);
        if (tp_result_encode(&sb, &d, &info, &off) == 0) {
            tp_msg_patch_seq(sb.data, off, 7);
            if (tp_msgpack_prevalidate(sb.data, sb.size, &again) != 0)
                __builtin_trap();
        }
        msgpack_sbuffer_destroy(&sb);
    } else if (err.code <= TP_E_NONE || err.code >= TP_E_COUNT ||
               !err.message[0]) {
        __builtin_trap(); /* every refusal has a code and a message */
    }
    tp_docbuf_free(&d);
    return 0;
}
