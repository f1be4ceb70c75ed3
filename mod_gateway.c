/*
 * mod_gateway.c - module record and hooks.  Thin on purpose: the work is in
 *   module/gw_config.c     directives (config time, Apache parent)
 *   module/gw_diagnose.c   configtest diagnostics (Apache parent)
 *   parent/gw_supervisor.c daemon groups (Apache parent)
 *   parent/gw_control_*.c  gateway-ctl's socket and control process
 *   module/gw_handler.c    request path (Apache children)
 *   module/gw_authhook.c   mod_wsgi's auth hooks (Apache children)
 *   module/gw_status.c     status page, mod_status section (Apache children)
 * Python never runs inside Apache: it lives in gateway-daemon.
 */
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_request.h"
#include "mpm_common.h"

#include "gw_authhook.h"
#include "gw_config.h"
#include "gw_diagnose.h"
#include "gw_handler.h"
#include "gw_route.h"
#include "gw_linkpool.h"
#include "gw_relaybuf.h"
#include "gw_supervisor.h"
#include "gw_control_parent.h"
#include "gw_status.h"
#include "gw_tally.h"
#include "gw_tunnel.h"

#include <errno.h>
#include <sys/prctl.h>

/* mod_wsgi has the same directive names, and Apache hands each directive
 * to the module loaded last that has it: the other module would run with
 * no configuration, or half of one.  pre_config runs after the LoadModule
 * lines (executed as the files are read) and before any other directive,
 * so this comes before a confusing syntax error from the wrong module, and
 * it runs under apache2 -t too, where post_config does not. */
/* The WSGI identity record (end of file).  Referred to by this name, not
 * as wsgi_module: Apache loads modules RTLD_GLOBAL, so in this file
 * wsgi_module could mean mod_wsgi's own record, loaded earlier. */
static module gw_wsgi_identity;

static int gw_refuse_mod_wsgi(void)
{
    module *m = ap_find_linked_module("mod_wsgi.c");
    if (!m || m == &gw_wsgi_identity)
        return OK;
    ap_log_error(APLOG_MARK, APLOG_STARTUP | APLOG_CRIT, 0, NULL,
                 "GW00070: mod_gateway and mod_wsgi are both loaded, and "
                 "they claim the same directives (WSGIDaemonProcess, "
                 "WSGIScriptAlias, ...): load only one.  To keep "
                 "mod_gateway, run `a2dismod wsgi` (Debian) or remove the "
                 "`LoadModule wsgi_module` line; add `LoadModule "
                 "wsgi_module .../mod_gateway.so` after `LoadModule "
                 "gateway_module` so that `<IfModule !wsgi_module>` guards "
                 "do not load mod_wsgi again");
    return HTTP_INTERNAL_SERVER_ERROR;
}

static int gw_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                         apr_pool_t *ptemp)
{
    (void)plog;
    (void)ptemp;
    if (gw_refuse_mod_wsgi() != OK)
        return HTTP_INTERNAL_SERVER_ERROR;
    gw_config_reset(pconf);
    return OK;
}

/* After every configuration read, for apache2 -t as for a start. */
static int gw_check_config(apr_pool_t *pconf, apr_pool_t *plog,
                           apr_pool_t *ptemp, server_rec *s)
{
    (void)plog;
    const char *err = gw_config_finish(pconf, s);
    if (err) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, "%s", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return gw_diagnose(ptemp, s);
}

static void gw_test_config(apr_pool_t *p, server_rec *s)
{
    gw_diagnose_dump(p, s);
}

static int gw_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                          apr_pool_t *ptemp, server_rec *s)
{
    (void)plog;
    /* httpd reads its configuration twice at start; daemons belong to the
     * real run only, but the first pass, before Apache detaches, is where
     * a start-up problem can still fail `apachectl start`. */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG)
        return gw_supervisor_preflight(ptemp, s);
    gw_diagnose_coredump(s);
    int rc = gw_supervisor_start(pconf, s);
    if (rc == OK)
        rc = gw_control_start(pconf, s);
    return rc == OK ? gw_tally_create(pconf, s) : rc;
}

/* Every process forked from the Apache parent holds the groups' secrets
 * (docs/SECURITY.md, property 3): an Apache child, and mod_cgid's daemon.
 * While one is dumpable, any process of Apache's User (a CGI script,
 * another module's code) may read them from /proc/PID/mem.  setuid()
 * from root leaves a process non-dumpable, but with CoreDumpDirectory
 * mod_unixd's drop_privileges hook makes it dumpable again
 * (modules/arch/unix/mod_unixd.c, unixd_drop_privileges:
 * prctl(PR_SET_DUMPABLE, 1) when ap_coredumpdir_configured).  Every MPM
 * runs that hook in a new child before child_init (server/mpm/{event,
 * worker,prefork}: child_main calls ap_run_drop_privileges, then
 * ap_run_child_init), and mod_cgid's daemon runs it too (cgid_server),
 * so this runs after mod_unixd's and undoes it there: no core dumps of
 * those processes (GW00080 says so), no secret read through /proc.  An
 * error makes the MPM end the child with APEXIT_CHILDFATAL, which stops
 * Apache: the same call would fail in every child. */
static int gw_drop_privileges(apr_pool_t *pchild, server_rec *s)
{
    (void)pchild;
    gw_control_close_inherited();
    if (gw_global->groups->nelts == 0)
        return OK;
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        int err = errno;
        ap_log_error(APLOG_MARK, APLOG_CRIT, err, s, GWLOGNO(01061)
                     "cannot make this process non-dumpable (prctl "
                     "PR_SET_DUMPABLE): any process of Apache's User could "
                     "read the daemon groups' secrets from its memory; it "
                     "exits");
        return err;
    }
    return OK;
}

static void gw_child_init(apr_pool_t *p, server_rec *s)
{
    (void)s;
    gw_supervisor_child_init();
    gw_linkpool_child_init(p);
    gw_relaybuf_child_init(p);
    gw_tunnel_child_init();
}

static int gw_monitor(apr_pool_t *p, server_rec *s)
{
    (void)p;
    (void)s;
    gw_supervisor_monitor();
    gw_control_monitor();
    return DECLINED;
}

static void gw_register_hooks(apr_pool_t *p)
{
    (void)p;
    static const char *const alias_first[] = { "mod_alias.c", NULL };
    ap_hook_pre_config(gw_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_check_config(gw_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_test_config(gw_test_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(gw_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(gw_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    /* After mod_unixd's, which may have just made the process dumpable. */
    static const char *const unixd_first[] = { "mod_unixd.c", NULL };
    ap_hook_drop_privileges(gw_drop_privileges, unixd_first, NULL,
                            APR_HOOK_REALLY_LAST);
    ap_hook_monitor(gw_monitor, NULL, NULL, APR_HOOK_MIDDLE);
    /* After mod_alias, as mod_wsgi: "Alias /static/ ..." inside a
     * "WSGIScriptAlias /" mount serves the files, the usual Django set-up. */
    ap_hook_translate_name(gw_translate_name, alias_first, NULL,
                           APR_HOOK_MIDDLE);
    ap_hook_handler(gw_handler, NULL, NULL, APR_HOOK_MIDDLE);
    gw_tally_register_hooks();
    /* AuthBasicProvider wsgi, Require wsgi-group, WSGIAccessScript. */
    gw_authhook_register(p);
    gw_tunnel_register_hooks();
    /* SetHandler gateway-status, and mod_status's section. */
    gw_status_register_hooks(p);
}

AP_DECLARE_MODULE(gateway) = {
    STANDARD20_MODULE_STUFF,
    gw_create_dir_conf,
    gw_merge_dir_conf,
    gw_create_server_conf,
    gw_merge_server_conf,
    gw_directives,
    gw_register_hooks,
    AP_MODULE_FLAG_NONE
};

/* The WSGI module's identity, for configurations written for mod_wsgi.
 * <IfModule NAME> (server/core.c, find_module) asks ap_find_linked_module
 * for a module whose source name is NAME, then mod_so for a LoadModule
 * line that used the symbol NAME; mod_so skips, with a warning, a second
 * LoadModule of a symbol name already loaded.  So the line
 *     LoadModule wsgi_module .../mod_gateway.so
 * after ours makes <IfModule wsgi_module> and <IfModule mod_wsgi.c> true,
 * <IfModule !wsgi_module> false, and a stray `LoadModule wsgi_module
 * .../mod_wsgi.so` a no-op: a config that loads mod_wsgi when it is absent
 * finds it present.  A record of its own, not an alias of gateway_module:
 * Apache names a module's log lines after the LoadModule symbol (they
 * stay [gateway:...]), and loading one record twice would run its hooks
 * twice.  It has no directives and no hooks. */
static module gw_wsgi_identity = {
    MODULE_MAGIC_NUMBER_MAJOR,
    MODULE_MAGIC_NUMBER_MINOR,
    -1,
    "mod_wsgi.c",
    NULL,
    NULL,
    MODULE_MAGIC_COOKIE,
    NULL,
    NULL, NULL, NULL, NULL, NULL, NULL,
    AP_MODULE_FLAG_NONE
};
extern module AP_MODULE_DECLARE_DATA wsgi_module
    __attribute__((alias("gw_wsgi_identity")));
