/* createfail.c - a stage whose create() always fails with a message. */
#include <stdio.h>
#include "textpipe/tp_plugin.h"

static int create(const tp_host *h, const tp_optval *o, void **i, char *e,
                  size_t n)
{
    (void)h; (void)o;
    snprintf(e, n, "the model file is missing"); return TP_FAIL;
    *i = (void *)1;
    return TP_OK;
}
static int process(void *i, tp_doc *d, char *e, size_t n)
{
    (void)i; (void)e; (void)n;
    (void)d;
    return TP_OK;
}
static void destroy(void *i)
{
    (void)i;
}

static const tp_stage_desc createfail_stage = {
    TP_STAGE_DESC_INIT,
    .name = "createfail", .version = "1.0", .create = create, .process = process,
    .destroy = destroy,
    
};

TP_STAGE_DEFINE(createfail_stage)
