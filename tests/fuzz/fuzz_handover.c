/*
 * fuzz_handover.c - libFuzzer target: the daemon's parser of the
 * hand-over (proto/gw_handover.c).
 *
 * The parent writes the hand-over, so a bad one means a bug, not an
 * attack; but the daemon must still refuse anything malformed without a
 * crash or an out-of-bounds read.  Besides that, it checks that what
 * parses formats again, and that the formatted text parses to the same
 * values (the parent and the daemon agree on every key).
 *
 * Build: as the other targets (build/fuzz does it).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gw_handover.h"

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_equal(const gw_handover *a, const gw_handover *b)
{
    for (const gw_ho_field *f = gw_handover_fields; f->key; f++) {
        const char *pa = (const char *)a + f->offset;
        const char *pb = (const char *)b + f->offset;
        if (f->type == GW_HO_NUMBER) {
            if (*(const long long *)(const void *)pa
                != *(const long long *)(const void *)pb)
                abort();
        }
        else if (!same_text(*(const char *const *)(const void *)pa,
                            *(const char *const *)(const void *)pb))
            abort();
    }
    if (a->nscripts != b->nscripts || a->nscript_dirs != b->nscript_dirs
        || a->nimports != b->nimports)
        abort();
    for (size_t i = 0; i < a->nscripts; i++)
        if (strcmp(a->scripts[i], b->scripts[i]))
            abort();
    for (size_t i = 0; i < a->nimports; i++)
        if (strcmp(a->imports[i], b->imports[i]))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    gw_handover h, again;
    const char *bad = NULL;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    int rc = gw_handover_parse(text, &h, &bad);
    if (rc != 0) {
        if (!bad)
            abort();             /* a refusal always names its line */
        free(text);
        return 0;
    }
    char *out = gw_handover_format(&h, &bad);
    if (!out)
        abort();                 /* what parsed must format */
    if (gw_handover_parse(out, &again, &bad) != 0)
        abort();
    check_equal(&h, &again);
    gw_handover_free(&again);
    gw_handover_free(&h);
    free(out);
    free(text);
    return 0;
}
