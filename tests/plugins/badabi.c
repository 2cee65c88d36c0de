/* badabi.c - a plugin built for a future plugin ABI major (99). */
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

static const tp_stage_desc badabi_stage = {
    .abi_major = 99, .abi_minor = 0, .struct_size = sizeof(tp_stage_desc),
    .name = "badabi", .version = "1", .create = create, .process = process,
    .destroy = destroy,
};

TP_EXPORT const tp_stage_desc *tp_stage_entry(uint32_t host_abi_major);
TP_EXPORT const tp_stage_desc *tp_stage_entry(uint32_t host_abi_major)
{
    (void)host_abi_major;
    return &badabi_stage;
}
