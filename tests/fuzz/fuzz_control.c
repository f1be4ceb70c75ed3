/*
 * fuzz_control.c - libFuzzer target: gateway-ctl's protocol
 * (proto/gw_control.c).
 *
 * The control process parses requests as root from any local user: they
 * must be refused, never crash or read out of bounds, whatever they
 * hold.  The command parses the server's reply records.  Both grammars
 * have one spelling for each meaning, so beyond the sanitizers this
 * checks that whatever parses formats back to exactly the same bytes.
 *
 * Byte 0 chooses: even, the rest is a request (in a buffer of exactly
 * its length); odd, the rest is one reply record (without its LF).
 *
 * Build: as the other targets (build/fuzz does it).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gw_control.h"

static void request(const uint8_t *data, size_t size)
{
    char *buf = malloc(size ? size : 1);
    char out[GW_CTL_REQUEST_MAX + 1];
    gw_ctl_request rq;
    const char *why = NULL;

    if (!buf)
        return;
    memcpy(buf, data, size);
    if (gw_ctl_request_parse(buf, size, &rq, &why) != 0) {
        if (!why)
            abort();             /* a refusal always says why */
        free(buf);
        return;
    }
    int n = gw_ctl_request_format(&rq, out, sizeof(out));
    if (n < 0 || (size_t)n != size || memcmp(out, buf, size))
        abort();                 /* what parsed formats back the same */
    free(buf);
}

static void record(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1), *orig = malloc(size + 1);
    gw_ctl_record rec;

    if (!line || !orig)
        goto out;
    memcpy(line, data, size);
    line[size] = '\0';
    memcpy(orig, line, size + 1);
    if (gw_ctl_record_parse(line, &rec) != 0)
        goto out;
    /* Rebuild the line from what was parsed: the same bytes. */
    size_t cap = GW_CTL_LINE_MAX + 1, len = strlen(rec.kind);
    char *again = malloc(cap);
    if (!again || len >= cap)
        abort();
    memcpy(again, rec.kind, len + 1);
    for (int i = 0; i < rec.n; i++) {
        size_t k = strlen(rec.key[i]);
        if (len + k + 2 >= cap)
            abort();
        again[len++] = ' ';
        memcpy(again + len, rec.key[i], k);
        len += k;
        again[len++] = '=';
        size_t v = gw_ctl_encode(again + len, cap - len, rec.value[i]);
        if (v >= cap - len)
            abort();
        len += v;
    }
    if (strcmp(again, orig))
        abort();
    free(again);
out:
    free(line);
    free(orig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1)
        record(data + 1, size - 1);
    else
        request(data + 1, size - 1);
    return 0;
}
