/* undefsym.c - a plugin that needs a symbol nobody defines: RTLD_NOW must
 * refuse it at load, not crash at first call. */
#include "textpipe/tp_plugin.h"

extern int tp_symbol_that_does_not_exist(void);

static int create(const tp_host *h, const tp_optval *o, void **i, char *e,
                  size_t n)
{
    (void)h; (void)o; (void)e; (void)n;
    *i = (void *)1;
    return tp_symbol_that_does_not_exist();
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

static const tp_stage_desc undefsym_stage = {
    TP_STAGE_DESC_INIT,
    .name = "undefsym", .version = "1", .create = create, .process = process,
    .destroy = destroy,
};

TP_STAGE_DEFINE(undefsym_stage)
