/* needsquotes.c - a stage that requires the quotes layer. */
#include <stdio.h>
#include "textpipe/tp_plugin.h"

static int create(const tp_host *h, const tp_optval *o, void **i, char *e,
                  size_t n)
{
    (void)h; (void)o;
    (void)e; (void)n;
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

static const tp_stage_desc needsquotes_stage = {
    TP_STAGE_DESC_INIT,
    .name = "needsquotes", .version = "1.0", .create = create, .process = process,
    .destroy = destroy,
    .requires = (const char *const[]){"quotes", NULL},
};

TP_STAGE_DEFINE(needsquotes_stage)
