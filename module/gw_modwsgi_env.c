/*
 * gw_modwsgi_env.c - mod_wsgi's variables from the Apache child
 * (gw_modwsgi_env.h).  Runs in Apache children.
 */
#include "gw_modwsgi_env.h"

#include "http_core.h"
#include "http_log.h"
#include "apr_strings.h"

static void env_set(request_rec *r, const char *key, const char *val)
{
    apr_table_setn(r->subprocess_env, key, val);
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

    env_set(r, "mod_wsgi.request_handler", r->handler);
    env_set(r, "mod_wsgi.handler_script",
            handler_script ? handler_script : "");
    env_set(r, "mod_wsgi.listener_host",
            c->local_addr->hostname ? c->local_addr->hostname : "");
    env_set(r, "mod_wsgi.listener_port",
            apr_itoa(r->pool, c->local_addr->port));
    /* Whether a wsgi.file_wrapper's file goes out with sendfile(): what
     * gw_relay.c decides from EnableSendfile (WSGIEnableSendfile has no
     * effect here). */
    env_set(r, "mod_wsgi.enable_sendfile",
            cd->enable_sendfile != ENABLE_SENDFILE_OFF ? "1" : "0");
    env_set(r, "mod_wsgi.request_start",
            apr_psprintf(r->pool, "%" APR_TIME_T_FMT, r->request_time));
    if (id)
        env_set(r, "mod_wsgi.request_id", id);
    if (c->log_id)
        env_set(r, "mod_wsgi.connection_id", c->log_id);
    env_set(r, "mod_wsgi.queue_start",
            apr_psprintf(r->pool, "%" APR_TIME_T_FMT, apr_time_now()));
    gw_modwsgi_env_tries(r, 1, 0);
}

void gw_modwsgi_env_tries(request_rec *r, int connects, int restarts)
{
    env_set(r, "mod_wsgi.daemon_connects", apr_itoa(r->pool, connects));
    env_set(r, "mod_wsgi.daemon_restarts", apr_itoa(r->pool, restarts));
}
