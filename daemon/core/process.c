/*
 * process.c - the whole job of a worker for one message: decode and
 * validate it, run the stages, encode the result (or the error). The
 * daemon's workers and `textpipe analyze` both call this, so the batch mode
 * gives exactly the objects the daemon publishes.
 */
#include <string.h>

#include "tp_core.h"

/* Keep the id for the caller's logs (the document is gone by then). */
static void remember_id(tp_outmsg *out, const tp_str *id)
{
    size_t n = id && id->ptr ? id->len : 0;
    if (n > TP_ID_MAX_BYTES)
        n = TP_ID_MAX_BYTES;
    if (n)
        memcpy(out->id, id->ptr, n);
    out->id[n] = 0;
}

int tp_outmsg_set_error(tp_outmsg *out, const tp_str *id, const tp_str *topic,
                        const char *daemon_id, const tp_error *err)
{
    out->is_error = 1;
    out->code = err->code;
    out->error = *err;
    remember_id(out, id);
    tp_topic_format(out->topic, sizeof out->topic, 1,
                    topic && topic->len ? topic : NULL);
    return tp_error_encode(&out->body, out->id[0] ? id : NULL, daemon_id, err,
                           &out->seq_offset);
}

static int encode_error(tp_outmsg *out, const tp_docbuf *d,
                        const char *daemon_id, const tp_error *err)
{
    return tp_outmsg_set_error(out, &d->doc.id, &d->doc.topic, daemon_id, err);
}

int tp_process_message(tp_pipeline *p, const tp_limits *lim,
                       const char *daemon_id, const void *data, size_t len,
                       tp_docbuf *d, tp_outmsg *out)
{
    tp_pipeline_spec *spec = tp_pipeline_get_spec(p);
    size_t n_stages = tp_pipeline_spec_n_stages(spec);
    uint64_t *timings = out->stage_us;
    tp_error err;
    int rc;

    memset(&err, 0, sizeof err);
    out->is_error = 0;
    out->code = TP_E_NONE;
    out->n_stage_us = 0;
    out->failed_stage = -1;

    if (tp_doc_decode(d, data, len, lim, &err) != 0) {
        rc = encode_error(out, d, daemon_id, &err);
        goto done;
    }
    remember_id(out, &d->doc.id);
    if (n_stages > TP_MAX_STAGES) {
        tp_error_set(&err, TP_E_INTERNAL, "more than %d stages", TP_MAX_STAGES);
        rc = encode_error(out, d, daemon_id, &err);
        goto done;
    }
    if (tp_pipeline_run(p, d, timings, &err, &out->failed_stage) != 0) {
        out->n_stage_us = n_stages;
        rc = encode_error(out, d, daemon_id, &err);
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
                    d->doc.topic.len ? &d->doc.topic : NULL);
    rc = tp_result_encode(&out->body, d, &info, &out->seq_offset);
    if (rc != 0) {
        /* Most likely out of memory for a huge result: say so rather than
         * publish nothing. */
        msgpack_sbuffer_clear(&out->body);
        tp_error_set(&err, TP_E_INTERNAL, "cannot encode the result");
        rc = encode_error(out, d, daemon_id, &err);
    }
done:
    tp_docbuf_reset(d);
    return rc;
}
