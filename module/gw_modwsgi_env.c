/*
 * gw_modwsgi_env.c - mod_wsgi's variables from the Apache child
 * (gw_modwsgi_env.h).  Runs in Apache children.
 */
#include "gw_modwsgi_env.h"

#include "http_core.h"
#include "http_log.h"
#include "apr_strings.h"

#include <strings.h>

/* How a variable goes in: setn replaces one of the same name, but scans
 * the whole table each time, and every mod_wsgi.* key shares the
 * table's checksum of its first four letters, so a dozen of them cost a
 * dozen string compares each (8% of the child's time on a small
 * response).  When no mod_wsgi.* variable is there yet (nobody SetEnv'd
 * one), addn gives the same table without the scans. */
typedef void (*env_put_fn)(apr_table_t *t, const char *key, const char *val);

static env_put_fn env_put_for(const apr_table_t *env)
{
    const apr_array_header_t *arr = apr_table_elts(env);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    for (int i = 0; i < arr->nelts; i++)
        if ((e[i].key[0] | 0x20) == 'm' && !strncasecmp(e[i].key,
                                                        "mod_wsgi.", 9))
            return apr_table_setn;
    return apr_table_addn;
}

static void put_tries(request_rec *r, env_put_fn put, int connects,
                      int restarts)
{
    put(r->subprocess_env, "mod_wsgi.daemon_connects",
        apr_itoa(r->pool, connects));
    put(r->subprocess_env, "mod_wsgi.daemon_restarts",
        apr_itoa(r->pool, restarts));
}

/* The id Apache's log lines show for r (%L), made now if no module has
 * yet, as mod_wsgi does. */
static const char *env_request_id(request_rec *r)
{
    if (!r->log_id)
        ap_run_generate_log_id(r->connection, r, &r->log_id);
    return r->log_id;
}

void gw_modwsgi_env_set(request_rec *r, const char *handler_script)
{
    conn_rec *c = r->connection;
    core_dir_config *cd = ap_get_core_module_config(r->per_dir_config);
    const char *id = env_request_id(r);
    apr_table_t *env = r->subprocess_env;
    env_put_fn put = env_put_for(env);

    put(env, "mod_wsgi.request_handler", r->handler);
    put(env, "mod_wsgi.handler_script",
        handler_script ? handler_script : "");
    put(env, "mod_wsgi.listener_host",
        c->local_addr->hostname ? c->local_addr->hostname : "");
    put(env, "mod_wsgi.listener_port",
        apr_itoa(r->pool, c->local_addr->port));
    /* Whether a wsgi.file_wrapper's file goes out with sendfile(): what
     * gw_relay.c decides from EnableSendfile (WSGIEnableSendfile has no
     * effect here). */
    put(env, "mod_wsgi.enable_sendfile",
        cd->enable_sendfile != ENABLE_SENDFILE_OFF ? "1" : "0");
    put(env, "mod_wsgi.request_start",
        apr_off_t_toa(r->pool, r->request_time));
    if (id)
        put(env, "mod_wsgi.request_id", id);
    if (c->log_id)
        put(env, "mod_wsgi.connection_id", c->log_id);
    put(env, "mod_wsgi.queue_start",
        apr_off_t_toa(r->pool, apr_time_now()));
    put_tries(r, put, 1, 0);
}

void gw_modwsgi_env_tries(request_rec *r, int connects, int restarts)
{
    put_tries(r, apr_table_setn, connects, restarts);
}
