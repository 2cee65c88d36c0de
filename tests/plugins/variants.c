/*
 * variants.c - small test stages that each differ from a well-formed stage
 * in one way. The file is built once per variant (tests/CMakeLists.txt
 * passes -DTP_VARIANT_<name> and names the module <name>.so):
 *
 *   newminor     built for a newer ABI minor than the host's
 *   needsquotes  requires the quotes layer
 *   createfail   create() always fails, with a message
 *   badspans     produces a sentence outside the text
 *   emptytoken   produces a token of no bytes
 *   wrongname    the file is wrongname.so but the stage calls itself
 *                "othername"
 */
#include <stdio.h>

#include "textpipe/tp_plugin.h"

#if defined(TP_VARIANT_newminor)
#define VARIANT_NAME "newminor"
#define VARIANT_FIELDS .abi_minor = 99,
#elif defined(TP_VARIANT_needsquotes)
#define VARIANT_NAME "needsquotes"
#define VARIANT_FIELDS .requires = (const char *const[]){"quotes", NULL},
#elif defined(TP_VARIANT_createfail)
#define VARIANT_NAME "createfail"
#define VARIANT_CREATE_FAILS 1
#elif defined(TP_VARIANT_badspans)
#define VARIANT_NAME "badspans"
#define VARIANT_FIELDS .provides = (const char *const[]){"sentences", NULL},
#define VARIANT_BAD_SPANS 1
#elif defined(TP_VARIANT_emptytoken)
#define VARIANT_NAME "emptytoken"
#define VARIANT_FIELDS .provides = (const char *const[]){"tokens", NULL},
#define VARIANT_EMPTY_TOKEN 1
#elif defined(TP_VARIANT_wrongname)
#define VARIANT_NAME "othername"
#else
#error "build with -DTP_VARIANT_<name>"
#endif

#ifndef VARIANT_FIELDS
#define VARIANT_FIELDS
#endif

static int variant_create(const tp_host *host, const tp_optval *opts,
                          void **instance, char *err, size_t err_len)
{
    (void)host;
    (void)opts;
#ifdef VARIANT_CREATE_FAILS
    snprintf(err, err_len, "the model file is missing");
    return TP_FAIL;
#else
    (void)err;
    (void)err_len;
    *instance = (void *)1;
    return TP_OK;
#endif
}

static int variant_process(void *instance, tp_doc *doc, char *err,
                           size_t err_len)
{
    (void)instance;
    (void)err;
    (void)err_len;
#ifdef VARIANT_BAD_SPANS
    static tp_span bad = {0, 0xffffff};
    doc->sentences = &bad;
    doc->n_sentences = 1;
#elif defined(VARIANT_EMPTY_TOKEN)
    /* inside the text, but covering no byte */
    static tp_token empty = {.start = 2, .end = 2, .kind = TP_TOK_WORD};
    doc->tokens = &empty;
    doc->n_tokens = 1;
#else
    (void)doc;
#endif
    return TP_OK;
}

static void variant_destroy(void *instance)
{
    (void)instance;
}

/* Designated initializers may name abi_minor once only: spell the header
 * fields out instead of TP_STAGE_DESC_INIT. */
static const tp_stage_desc variant_stage = {
    .abi_major = TP_ABI_MAJOR,
    .struct_size = sizeof(tp_stage_desc),
    VARIANT_FIELDS
    .name = VARIANT_NAME,
    .version = "1.0",
    .create = variant_create,
    .process = variant_process,
    .destroy = variant_destroy,
};

TP_STAGE_DEFINE(variant_stage)
