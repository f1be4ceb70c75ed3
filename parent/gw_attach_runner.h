/*
 * gw_attach_runner.h - what an attached process's runner (gateway-attach)
 * gets from the Apache parent, and what its end means.  The parent's
 * side of the runner's contract (proto/gw_attach_proto.h); the life of
 * the processes is gw_attach.c's.
 *
 * Runs in the Apache parent, as root.  gw_attach_code_files,
 * gw_attach_code_stamp and gw_attach_prepare are declared in
 * gw_attach.h, as the worker files use them too.
 */
#ifndef GW_ATTACH_RUNNER_H
#define GW_ATTACH_RUNNER_H

#include "gw_attach.h"
#include "gw_exitinfo.h"

/* gw_attach_start, each generation: the server, the runner's path and
 * the log level every runner is started with. */
void gw_attach_runner_set(server_rec *s, const char *runner, int log_level);

/* stop-timeout=, or the group's shutdown-timeout=. */
apr_interval_time_t gw_attach_stop_timeout(const gw_attach *a);

/* How a runner ended, in words: how and status as gw_exitinfo_take() or
 * the MPM give them; _wait for a waitpid() status. */
const char *gw_attach_describe(apr_pool_t *p, gw_end_how how, int status);
const char *gw_attach_describe_wait(apr_pool_t *p, int st);

#endif
