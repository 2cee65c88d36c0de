/*
 * fuzz_quotes.c - libFuzzer target for the quotes core: arbitrary bytes
 * become a text and a token stream with arbitrary kinds and flags (quote
 * marks that open and close anywhere, sentence and paragraph starts in odd
 * places), so the attribution code meets inputs no tokenizer would make.
 * Invariants: no crash, no sanitizer report, every quote, cue, speaker
 * and mention span lies inside the text with start <= end, and every
 * mention index is valid.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quotes.h"
#include "textpipe/tp_protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int span_ok(tp_span s, size_t len)
{
    return s.start <= s.end && s.end <= len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static qt_lexicon *lx;
    static tp_host host;
    static const uint16_t kinds[] = {TP_TOK_WORD, TP_TOK_WORD, TP_TOK_WORD,
                                     TP_TOK_PUNCT, TP_TOK_QUOTE,
                                     TP_TOK_NUMBER};
    qt_options opt = {0.0, 1};
    tp_docbuf d;
    tp_token *tok;
    tp_span *sent, *para;
    size_t n = 0, i = 0, ns = 0, np = 0;
    char err[128];

    if (!lx) {
        lx = qt_lexicon_new();
        tp_host_init(&host, NULL);
    }
    if (!lx || size > 1 << 16)
        return 0;
    tok = calloc(size + 1, sizeof(*tok));
    sent = calloc(size + 1, sizeof(*sent));
    para = calloc(size + 1, sizeof(*para));
    if (!tok || !sent || !para)
        goto out;
    /* tokens: runs of bytes between spaces; the first byte of a run
     * picks the kind and the flags */
    while (i < size) {
        size_t s;
        uint8_t b;
        while (i < size && data[i] == ' ')
            i++;
        if (i >= size)
            break;
        s = i;
        b = data[i];
        while (i < size && data[i] != ' ')
            i++;
        tok[n].start = (uint32_t)s;
        tok[n].end = (uint32_t)i;
        tok[n].kind = kinds[b % 6];
        tok[n].flags = ((uint32_t)b * 2654435761u) >> 20;
        if (tok[n].kind == TP_TOK_QUOTE)
            tok[n].quote_style = (uint8_t)(b % 7);
        if (n == 0 || (tok[n].flags & TP_TOKF_SENT_START)) {
            if (ns)
                sent[ns - 1].end = tok[n - 1].end;
            sent[ns].start = tok[n].start;
            ns++;
        }
        if (n == 0 || (tok[n].flags & TP_TOKF_PARA_START)) {
            if (np)
                para[np - 1].end = tok[n - 1].end;
            para[np].start = tok[n].start;
            np++;
        }
        n++;
    }
    if (ns)
        sent[ns - 1].end = (uint32_t)size;
    if (np)
        para[np - 1].end = (uint32_t)size;
    tp_docbuf_init(&d, NULL);
    d.doc.text = (const char *)data;
    d.doc.text_len = size;
    d.doc.tokens = tok;
    d.doc.n_tokens = n;
    d.doc.sentences = sent;
    d.doc.n_sentences = ns;
    d.doc.paragraphs = para;
    d.doc.n_paragraphs = np;
    if (qt_analyze(lx, &opt, &host, &d.doc, err, sizeof(err)) == 0) {
        for (i = 0; i < d.doc.n_quotes; i++) {
            const tp_quote *q = &d.doc.quotes[i];
            if (!span_ok(q->content, size) ||
                ((q->flags & TP_QUOTEF_HAS_CUE) && !span_ok(q->cue, size)) ||
                ((q->flags & TP_QUOTEF_HAS_SPEAKER) &&
                 !span_ok(q->speaker, size)) ||
                q->mention >= (int32_t)d.doc.n_mentions)
                abort();
        }
        for (i = 0; i < d.doc.n_mentions; i++) {
            uint32_t k;
            for (k = 0; k < d.doc.mentions[i].n_spans; k++)
                if (!span_ok(d.doc.mentions[i].spans[k], size))
                    abort();
        }
    }
    tp_docbuf_free(&d);
out:
    free(tok);
    free(sent);
    free(para);
    return 0;
}
