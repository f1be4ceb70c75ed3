/*
 * fuzz_workerfile.c - libFuzzer target: the worker file's parser
 * (proto/gw_workerfile.c), which the Apache parent runs as root on a
 * file the developer writes.
 *
 * Any input must be refused with an id and a line, or taken; what is
 * taken must keep the grammar's promises (bounded counts, valid names,
 * absolute commands, every entry after the ones its after= names), and
 * its formatted text must parse to the same entries (unless it grew past
 * a size bound) and format to the same text again.
 *
 * Build: as the other targets (build/fuzz does it).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gw_workerfile.h"

static void check_promises(const gw_wf *wf)
{
    if (wf->n > GW_WF_MAX_ENTRIES)
        abort();
    for (size_t i = 0; i < wf->n; i++) {
        const gw_wf_entry *e = &wf->entries[i];
        size_t len = strlen(e->name);
        if (len == 0 || len > GW_WF_NAME_MAX || e->line == 0)
            abort();
        if (e->argc == 0 || e->argv[0][0] != '/' || e->argv[e->argc]
            || e->after[e->nafter])
            abort();
        if (e->stop_timeout < -1 || e->stop_timeout > GW_WF_TIMEOUT_MAX
            || e->restart_delay < 0 || e->restart_delay > GW_WF_DELAY_MAX)
            abort();
        for (size_t k = 0; k < e->nafter; k++) {
            size_t j = 0;
            while (j < i && strcmp(wf->entries[j].name, e->after[k]))
                j++;
            if (j == i)
                abort();         /* not started before it */
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(wf->entries[j].name, e->name))
                abort();
    }
}

static void check_equal(const gw_wf *a, const gw_wf *b)
{
    if (a->n != b->n)
        abort();
    for (size_t i = 0; i < a->n; i++) {
        const gw_wf_entry *x = &a->entries[i], *y = &b->entries[i];
        if (strcmp(x->name, y->name) || x->stop_signal != y->stop_signal
            || x->reload_signal != y->reload_signal
            || x->stop_timeout != y->stop_timeout
            || x->restart_delay != y->restart_delay
            || x->nafter != y->nafter || x->argc != y->argc)
            abort();
        for (size_t k = 0; k < x->nafter; k++)
            if (strcmp(x->after[k], y->after[k]))
                abort();
        for (size_t k = 0; k < x->argc; k++)
            if (strcmp(x->argv[k], y->argv[k]))
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gw_wf wf, again;
    gw_wf_error err;

    if (gw_wf_parse((const char *)data, size, &wf, &err) != 0) {
        if (!err.id || !err.text[0] || wf.n || wf.entries)
            abort();             /* a refusal always says what and why */
        return 0;
    }
    check_promises(&wf);
    char *out = gw_wf_format(&wf);
    if (!out)
        abort();
    if (gw_wf_parse(out, strlen(out), &again, &err) != 0) {
        /* What was taken formats into the grammar; only the bounds
         * (GW00131) may refuse it, as every setting is written out and
         * words are quoted: a line near GW_WF_MAX_LINE bytes or
         * GW_WF_MAX_WORDS words grows past it. */
        if (strcmp(err.id, "GW00131") || (!strstr(err.text, "bytes")
                                          && !strstr(err.text, "words")))
            abort();
        free(out);
        gw_wf_free(&wf);
        return 0;
    }
    check_equal(&wf, &again);
    char *out2 = gw_wf_format(&again);
    if (!out2 || strcmp(out, out2))
        abort();
    free(out2);
    free(out);
    gw_wf_free(&again);
    gw_wf_free(&wf);
    return 0;
}
