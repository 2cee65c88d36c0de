/* newminor.c - a plugin built for a newer ABI minor than the host's. */
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

static const tp_stage_desc newminor_stage = {
    .abi_major = TP_ABI_MAJOR, .struct_size = sizeof(tp_stage_desc),
    .name = "newminor", .version = "1.0", .create = create, .process = process,
    .destroy = destroy,
    .abi_minor = 99,
};

TP_STAGE_DEFINE(newminor_stage)
