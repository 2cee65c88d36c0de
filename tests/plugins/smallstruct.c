/* smallstruct.c - a descriptor that claims to be smaller than ABI 1.0's. */
#include "textpipe/tp_plugin.h"

static int create(const tp_host *h, const tp_optval *o, void **i, char *e,
                  size_t n)
{
    (void)h; (void)o; (void)e; (void)n;
    *i = (void *)1;
    return TP_OK;
}
static int process(void *i, tp_doc *d, char *e, size_t n)
{
    (void)i; (void)d; (void)e; (void)n;
    return TP_OK;
}
static void destroy(void *i)
{
    (void)i;
}

static const tp_stage_desc smallstruct_stage = {
    .abi_major = TP_ABI_MAJOR, .abi_minor = 0, .struct_size = 16,
    .name = "smallstruct", .version = "1", .create = create,
    .process = process, .destroy = destroy,
};

TP_STAGE_DEFINE(smallstruct_stage)
