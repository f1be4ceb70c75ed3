/*
 * fuzz_control.c - libFuzzer target: gateway-ctl's protocol
 * (proto/gw_control.c).
 *
 * The control process parses requests as root from any local user: they
 * must be refused, never crash or read out of bounds, whatever they
 * hold.  The Apache parent parses the relays of the worker commands the
 * control process sends it, and the control process the parent's
 * answers; the command parses the server's reply records.  The grammars
 * have one spelling for each meaning, so beyond the sanitizers this
 * checks that whatever parses formats back to exactly the same bytes.
 *
 * Byte 0 chooses, by its value modulo 4 (each in a buffer of exactly
 * its length): 0, the rest is a request; 1, one reply record (without
 * its LF); 2, a relay; 3, an answer (checked: a reply that passes has
 * only records that parse, and an "ok" one ends in "end").
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

static void relay(const uint8_t *data, size_t size)
{
    char *buf = malloc(size ? size : 1);
    char out[GW_CTL_RELAY_MAX + 1];
    gw_ctl_relay r;
    const char *why = NULL;

    if (!buf)
        return;
    memcpy(buf, data, size);
    if (gw_ctl_relay_parse(buf, size, &r, &why) != 0) {
        if (!why || r.rq.verb != 0)
            abort();             /* a refusal says why and leaves nothing */
        free(buf);
        return;
    }
    int n = gw_ctl_relay_format(&r, out, sizeof(out));
    if (n < 0 || (size_t)n != size || memcmp(out, buf, size))
        abort();
    free(buf);
}

/* An answer that passes: each line after the id parses as a record, an
 * "ok" reply ends in "end" and an "error" one is alone. */
static void answer(const uint8_t *data, size_t size)
{
    char *buf = malloc(size ? size : 1);
    unsigned long id;
    size_t off;

    if (!buf)
        return;
    memcpy(buf, data, size);
    if (gw_ctl_answer_parse(buf, size, &id, &off) != 0) {
        free(buf);
        return;
    }
    if (id == 0 || off >= size || buf[size - 1] != '\n')
        abort();
    char *line = malloc(size - off + 1);
    if (!line)
        abort();
    int lines = 0;
    const char *last = NULL, *first = NULL;
    gw_ctl_record rec;
    for (size_t i = off; i < size; ) {
        char *lf = memchr(buf + i, '\n', size - i);
        size_t n = (size_t)(lf - (buf + i));
        memcpy(line, buf + i, n);
        line[n] = '\0';
        if (gw_ctl_record_parse(line, &rec) != 0)
            abort();
        last = !strcmp(rec.kind, "end") ? "end" : "other";
        if (!lines++)
            first = !strcmp(rec.kind, "ok") ? "ok" : "error";
        if (!strcmp(rec.kind, "error") && lines > 1)
            abort();
        i += n + 1;
    }
    if ((!strcmp(first, "ok") && strcmp(last, "end"))
        || (!strcmp(first, "error") && lines != 1))
        abort();
    free(line);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    switch (data[0] & 3) {
    case 0:
        request(data + 1, size - 1);
        break;
    case 1:
        record(data + 1, size - 1);
        break;
    case 2:
        relay(data + 1, size - 1);
        break;
    default:
        answer(data + 1, size - 1);
        break;
    }
    return 0;
}
