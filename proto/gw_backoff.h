/*
 * gw_backoff.h - the restart rule the Apache parent applies to every
 * process it supervises: daemon processes (parent/gw_supervisor.c),
 * attached daemons (parent/gw_attach.c) and gateway-logger
 * (parent/gw_logger.c).
 *
 * A process that ends within GW_EARLY_DEATH_S of its start failed to
 * start, whatever it says (its exit status is its own to choose).  One
 * such failure is restarted at once; from the second in a row on, the
 * next start waits 1, 2, 4, 8, 16, then 30 s, so a broken application
 * never turns the root parent into a fork loop, and one that recovers is
 * back within half a minute.  Pure: no APR, no httpd.
 */
#ifndef GW_BACKOFF_H
#define GW_BACKOFF_H

#define GW_EARLY_DEATH_S   5     /* a life this short is a failed start */
#define GW_BACKOFF_MAX_S   30    /* the longest wait before a new start */

/* Seconds to wait before starting again after `early_deaths` failed
 * starts in a row (0 and 1: none). */
static inline int gw_backoff_delay(int early_deaths)
{
    if (early_deaths < 2)
        return 0;
    if (early_deaths - 2 >= 5)
        return GW_BACKOFF_MAX_S;
    return 1 << (early_deaths - 2);
}

#endif
