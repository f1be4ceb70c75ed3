/*
 * gw_tally.h - what the clients of each daemon group got: responses by
 * status class, how long requests took and how long they waited for a
 * daemon thread, as the metrics page shows them (module/gw_status.c).
 *
 * Counted by the Apache children themselves (the response status and the
 * times are theirs), in anonymous shared memory the parent makes in
 * post_config before the MPM forks them, like the slots (gw_slots.h).
 * A daemon never sees it, so an application cannot forge these numbers,
 * and they outlive the daemon processes: they start at 0 with each
 * configuration generation (gateway_generation says which).
 */
#ifndef GW_TALLY_H
#define GW_TALLY_H

#include "gw_config.h"

#include "httpd.h"

/* Histogram bounds in microseconds: Prometheus's default buckets
 * (5 ms .. 10 s), a last bucket for everything above. */
#define GW_TALLY_BUCKETS 11
extern const apr_int64_t gw_tally_le_us[GW_TALLY_BUCKETS];
/* The same bounds in seconds, as OpenMetrics `le` labels ("0.005"). */
extern const char *const gw_tally_le_text[GW_TALLY_BUCKETS];

typedef struct {
    apr_uint64_t count[GW_TALLY_BUCKETS + 1];  /* per bucket, not summed */
    apr_uint64_t sum_us;
} gw_tally_histogram;

struct gw_tally {
    apr_uint64_t waiting;          /* requests in the queue now */
    apr_uint64_t by_class[5];      /* 1xx .. 5xx responses */
    gw_tally_histogram duration;   /* request arrival to its log line */
    gw_tally_histogram queue;      /* handed to the group to START */
};

/* Apache parent, post_config: one record per group (g->tally), zeroed.
 * OK, or 500 after a log line. */
int gw_tally_create(apr_pool_t *pconf, server_rec *s);

/* Apache child: r goes to group g (counted when it is logged). */
void gw_tally_mark(request_rec *r, gw_group *g);

/* Apache child: a process of the group took r (its START frame); the
 * first one counts the wait since gw_tally_mark. */
void gw_tally_taken(request_rec *r);

/* Apache child: a copy of g's counts for the metrics page (each value
 * read whole); zeros when there is no record. */
void gw_tally_read(const gw_group *g, struct gw_tally *out);

/* Registers the log_transaction hook that counts each marked request. */
void gw_tally_register_hooks(void);

#endif
