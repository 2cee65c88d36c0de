/*
 * process.c - the whole job of a worker for one message: decode and
 * validate it, run the stages, encode the result (or the error). The
 * daemon's workers and `textpipe analyze` both call this, so the batch mode
 * gives exactly the objects the daemon publishes.
 */
#include <string.h>

#include "tp_core.h"

static int encode_error(tp_outmsg *out, const tp_docbuf *d,
                        const char *daemon_id, const tp_error *err)
{
    out->is_error = 1;
    out->code = err->code;
    out->error = *err;
    tp_topic_format(out->topic, sizeof out->topic, 1,
                    d->doc.topic.len ? &d->doc.topic : NULL);
    return tp_error_encode(&out->body, d->doc.id.len ? &d->doc.id : NULL,
                           daemon_id, err, &out->seq_offset);
}

/* Keep the id for the caller's logs (the docbuf is gone by then). */
static void remember_id(tp_outmsg *out, const tp_docbuf *d)
{
    size_t n = d->doc.id.len;
    if (n > TP_ID_MAX_BYTES)
        n = TP_ID_MAX_BYTES;
    if (n)
        memcpy(out->id, d->doc.id.ptr, n);
    out->id[n] = 0;
}

int tp_process_message(tp_pipeline *p, const tp_limits *lim,
                       const char *daemon_id, const void *data, size_t len,
                       tp_outmsg *out)
{
    tp_pipeline_spec *spec = tp_pipeline_get_spec(p);
    size_t n_stages = tp_pipeline_spec_n_stages(spec);
    uint64_t *timings = out->stage_us;
    tp_docbuf d;
    tp_error err;
    int rc;

    memset(&err, 0, sizeof err);
    out->is_error = 0;
    out->code = TP_E_NONE;
    out->n_stage_us = 0;
    out->failed_stage = -1;
    tp_docbuf_init(&d, lim);

    if (tp_doc_decode(&d, data, len, lim, &err) != 0) {
        remember_id(out, &d);
        rc = encode_error(out, &d, daemon_id, &err);
        goto done;
    }
    remember_id(out, &d);
    if (n_stages > TP_MAX_STAGES) {
        tp_error_set(&err, TP_E_INTERNAL, "more than %d stages", TP_MAX_STAGES);
        rc = encode_error(out, &d, daemon_id, &err);
        goto done;
    }
    if (tp_pipeline_run(p, &d, timings, &err, &out->failed_stage) != 0) {
        out->n_stage_us = n_stages;
        rc = encode_error(out, &d, daemon_id, &err);
        goto done;
    }
    out->n_stage_us = n_stages;

    tp_result_info info = {
        .daemon_id = daemon_id,
        .pipeline = tp_pipeline_spec_labels(spec),
        .timings_us = timings,
        .n_stages = n_stages,
        .emit_tokens = tp_pipeline_spec_emit_tokens(spec),
    };
    tp_topic_format(out->topic, sizeof out->topic, 0,
                    d.doc.topic.len ? &d.doc.topic : NULL);
    rc = tp_result_encode(&out->body, &d, &info, &out->seq_offset);
    if (rc != 0) {
        /* Most likely out of memory for a huge result: say so rather than
         * publish nothing. */
        msgpack_sbuffer_clear(&out->body);
        tp_error_set(&err, TP_E_INTERNAL, "cannot encode the result");
        rc = encode_error(out, &d, daemon_id, &err);
    }
done:
    tp_docbuf_free(&d);
    return rc;
}
