/*
 * gw_exe.h - the executables the Apache parent starts: gateway-daemon,
 * gateway-attach and gateway-logger, installed side by side
 * (GatewayDaemonPath's directory).  Each is opened as root and run with
 * fexecve, so the user it runs as needs no right on the install path.
 * Runs in the Apache parent.
 */
#ifndef GW_EXE_H
#define GW_EXE_H

#include "apr_pools.h"

/* The path of executable `name` next to gateway-daemon. */
const char *gw_exe_sibling(apr_pool_t *p, const char *name);

/* Opens path for fexecve (close-on-exec): a regular file executable by
 * all.  With as_root, also owned by root and writable by nobody else,
 * for a program root itself executes (it drops privileges on its own):
 * anyone who could write it could run their code as root.  The
 * descriptor, or -1 with *why saying what is wrong. */
int gw_exe_open(const char *path, int as_root, const char **why);

#endif
