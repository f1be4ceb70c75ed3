/*
 * gw_relay.h - the daemon's response frames relayed to the client.
 *
 * Runs in Apache children, after the process took the request (START)
 * and the body went out: HEADERS become r->status and headers_out, BODY
 * and FILE frames the body brigade, END the end of the response, ABORT
 * a 500 or a cut connection.
 */
#ifndef GW_RELAY_H
#define GW_RELAY_H

#include "gw_link.h"

/* OK (the response went out, or was cut after its headers), or the HTTP
 * status to answer; every failure is logged. */
int gw_relay_response(gw_link *l);

#endif
