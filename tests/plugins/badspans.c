/* badspans.c - a stage that produces a sentence outside the text. */
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
    static tp_span bad = {0, 0xffffff}; d->sentences = &bad; d->n_sentences = 1;
    return TP_OK;
}
static void destroy(void *i)
{
    (void)i;
}

static const tp_stage_desc badspans_stage = {
    TP_STAGE_DESC_INIT,
    .name = "badspans", .version = "1.0", .create = create, .process = process,
    .destroy = destroy,
    .provides = (const char *const[]){"sentences", NULL},
};

TP_STAGE_DEFINE(badspans_stage)
