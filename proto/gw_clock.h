/*
 * gw_clock.h - the millisecond clocks every process of ours reads.  Pure:
 * no APR, no httpd.
 */
#ifndef GW_CLOCK_H
#define GW_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Milliseconds on CLOCK_MONOTONIC: for timeouts and deadlines. */
static inline int64_t gw_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds on CLOCK_MONOTONIC_COARSE, plus one so it is never 0 (0
 * means "idle" in the status segments): a vDSO read, cheap enough for
 * every request.  The daemon stamps its status segment with it and Apache
 * children judge those stamps with it: both sides must use this one. */
static inline int64_t gw_clock_coarse_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + 1;
}

#endif
