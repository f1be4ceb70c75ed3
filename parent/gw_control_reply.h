/*
 * gw_control_reply.h - the pieces of gateway-ctl's reply records
 * (proto/gw_control.h) as the root side writes them: in the control
 * process (parent/gw_control_cmd.c) and, for the worker commands it
 * relays, in the Apache parent (parent/gw_attach_ctl.c,
 * parent/gw_workerset.c).
 */
#ifndef GW_CONTROL_REPLY_H
#define GW_CONTROL_REPLY_H

#include "apr_pools.h"

/* " key=value", the value encoded; NULL or "" is written "-", the
 * reply's word for "none". */
const char *gw_ctl_kv(apr_pool_t *p, const char *key, const char *v);

/* " key=N", or " key=-" when v < 0. */
const char *gw_ctl_kn(apr_pool_t *p, const char *key, apr_int64_t v);

/* A whole error reply: "error code=... message=...\n". */
const char *gw_ctl_error_text(apr_pool_t *p, const char *code,
                              const char *message);

#endif
