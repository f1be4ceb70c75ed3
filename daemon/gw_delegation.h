/*
 * gw_delegation.h - refuse requests the configuration did not delegate.
 *
 * Runs in the daemon.  Every request must carry the secret the supervisor
 * handed over (gw_handover.h) and name one of the scripts delegated to
 * this group: another process that happens to run as Apache's user (a CGI
 * script, a PHP-FPM pool) can reach the socket but cannot make the daemon
 * import a file of its choosing.
 */
#ifndef GW_DELEGATION_H
#define GW_DELEGATION_H

#include "gw_handover.h"
#include "gw_proto.h"

/* Keeps h (which must outlive every request) for the checks. */
void gw_delegation_init(const gw_handover *h);

/* Whether a request comes from an Apache child of this generation: it
 * carries the secret, and no control value twice.  Checked before
 * anything else is decided on the request.  1 when so; 0 after logging
 * why (the caller refuses it and does nothing else). */
int gw_delegation_authentic(const gw_kv *vars, size_t n, const char *uri,
                            int urilen);

/* Whether an authentic request's script was delegated to this group.  1
 * when so; 0 after logging (the caller answers with an error and imports
 * nothing). */
int gw_delegation_allows(const char *script, const char *uri, int urilen);

#endif
