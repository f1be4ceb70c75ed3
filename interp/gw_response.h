/*
 * gw_response.h - writing a WSGI response to the Apache child as frames:
 * the pending HEADERS, BODY blocks, a wsgi.file_wrapper's file, END.
 *
 * The status and headers start_response() encoded (st->hlen bytes in
 * st->req->hbuf) go out with the first body block or with END, whichever
 * comes first.  The GIL is held on entry and released around every
 * syscall.  An I/O error leaves conn->werr set; gw_response_log_io()
 * logs it, once per request.
 */
#ifndef GW_RESPONSE_H
#define GW_RESPONSE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "gw_wsgi_state.h"

/* Queues the pending headers (if not sent yet) and a BODY frame; flush
 * sends everything now.  0; -1 with a Python exception; -2 after an I/O
 * error (conn->werr). */
int gw_response_body(gw_wsgi_state *st, const char *p, size_t n, int flush);

/* Sends what is queued.  0; -1 with a Python exception; -2 after an I/O
 * error. */
int gw_response_flush(gw_wsgi_state *st);

/* Sends len bytes of the regular file fd from off (at most the
 * Content-Length the application gave), without Python.  0; -1 with a
 * Python exception (the file failed or ended short); -2 after an I/O
 * error. */
int gw_response_file(gw_wsgi_state *st, int fd, off_t off, uint64_t len);

/* The successful end: the headers if still pending (empty body), END or
 * END_KEEP, flushed.  Logs an I/O error. */
void gw_response_end(gw_wsgi_state *st);

/* Logs the I/O error in conn->werr, once per request: at info when the
 * client went away, else as an error. */
void gw_response_log_io(gw_wsgi_state *st);

#endif
