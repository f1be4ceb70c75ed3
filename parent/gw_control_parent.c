/*
 * gw_control_parent.c - gateway-ctl's control socket and process, in the
 * Apache parent (see gw_control_parent.h).
 *
 * Runs in the Apache parent, as root, in post_config, in the MPM's main
 * loop (apr_proc_other_child_*, when the control process dies) and in
 * the pconf cleanup that ends a generation.  The parent only makes the
 * socket and forks, reaps and kills the control process: no byte a
 * client sends is read here, so no client can make the parent wait.
 */
#include "gw_control_parent.h"
#include "gw_control_server.h"
#include "gw_control_bell.h"
#include "gw_attach_table.h"
#include "gw_config.h"
#include "gw_backoff.h"
#include "gw_exitinfo.h"
#include "gw_spawn.h"

#include "http_log.h"
#include "ap_mpm.h"
#include "apr_strings.h"
#include "apr_thread_proc.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* Connections the kernel queues for the control process: gateway-ctl
 * users are people and scripts, not traffic; the process itself bounds
 * how many it serves at once (gw_control_server.c). */
#define GW_CONTROL_BACKLOG 16
/* At the end of a generation the control process is killed, and reaped
 * here so the next generation's MPM loop never meets an unknown child;
 * a SIGKILLed process is gone at once unless the kernel holds it in an
 * uninterruptible wait, and the parent waits no longer than this. */
#define GW_CONTROL_REAP_WAIT apr_time_from_sec(2)
#define GW_CONTROL_EARLY     apr_time_from_sec(GW_EARLY_DEATH_S)

static struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
    int fd;                        /* the listening socket, -1: none */
    int chan;                      /* the control process's end of the
                                    * pair to the parent (bell), or -1 */
    const char *path;
    dev_t dev;                     /* the file bind made, to remove */
    ino_t ino;                     /* only that one */
    apr_proc_t proc;               /* the control process */
    int running;
    apr_time_t started;            /* after any back-off */
    int early_deaths;
} ctl = { .fd = -1, .chan = -1 };

static void control_spawn(int delay);

/* Whether any group may be controlled by someone other than root. */
static int wanted(void)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;

    for (int i = 0; i < gw_global->groups->nelts; i++)
        if (gs[i]->control_group)
            return 1;
    return 0;
}

/* The socket at ctl.path, bound under umask 0077 (nobody connects while
 * it is being set up), then opened to every local user: a connection
 * proves nothing, the peer's credentials decide.  NULL or the error. */
static const char *socket_make(apr_pool_t *p)
{
    struct sockaddr_un sa;
    struct stat st;

    if (strlen(ctl.path) >= sizeof(sa.sun_path))
        return apr_psprintf(p, "the path is longer than %zu bytes; use a "
                            "shorter WSGISocketPrefix",
                            sizeof(sa.sun_path) - 1);
    if (lstat(ctl.path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode))
            return "it exists and is not a socket; remove it";
        /* A stale socket: the last generation's, or a crashed Apache's;
         * the directory is root's (gw_socketdir.h). */
        if (unlink(ctl.path) != 0)
            return apr_psprintf(p, "cannot remove the stale socket: %s",
                                strerror(errno));
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return apr_psprintf(p, "socket(): %s", strerror(errno));
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    strcpy(sa.sun_path, ctl.path);
    mode_t old = umask(0077);
    int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
    umask(old);
    const char *err = NULL;
    if (rc != 0)
        err = apr_psprintf(p, "cannot bind it: %s", strerror(errno));
    else if (lstat(ctl.path, &st) != 0 || chmod(ctl.path, 0666) != 0)
        err = apr_psprintf(p, "cannot chmod it: %s", strerror(errno));
    else if (listen(fd, GW_CONTROL_BACKLOG) != 0)
        err = apr_psprintf(p, "cannot listen on it: %s", strerror(errno));
    if (err) {
        close(fd);
        if (rc == 0)
            unlink(ctl.path);
        return err;
    }
    ctl.fd = fd;
    ctl.dev = st.st_dev;
    ctl.ino = st.st_ino;
    return NULL;
}

/* Removes the socket file, if it is still the one made here. */
static void socket_remove(void)
{
    struct stat st;

    if (ctl.fd >= 0)
        close(ctl.fd);
    ctl.fd = -1;
    if (ctl.path && lstat(ctl.path, &st) == 0 && S_ISSOCK(st.st_mode)
        && st.st_dev == ctl.dev && st.st_ino == ctl.ino)
        unlink(ctl.path);
}

static void control_maintenance(int reason, void *data, apr_wait_t status)
{
    int mpm_state = AP_MPMQ_STOPPING, num = (int)status;

    if (reason != APR_OC_REASON_DEATH && reason != APR_OC_REASON_LOST)
        return;
    apr_proc_other_child_unregister(data);
    ctl.running = 0;
    gw_end_how end = gw_exitinfo_take(ctl.proc.pid, &num);
    const char *how = reason == APR_OC_REASON_LOST ? "was lost"
                      : gw_spawn_describe_end(ctl.pconf, end, num);
    if (ap_mpm_query(AP_MPMQ_MPM_STATE, &mpm_state) != APR_SUCCESS
        || mpm_state == AP_MPMQ_STOPPING)
        return;
    if (apr_time_now() - ctl.started < GW_CONTROL_EARLY)
        ctl.early_deaths++;
    else
        ctl.early_deaths = 0;
    int delay = gw_backoff_delay(ctl.early_deaths);
    ap_log_error(APLOG_MARK, APLOG_ERR, 0, ctl.s, GWLOGNO(02181)
                 "gateway-ctl's control process (pid %ld) %s; starting a "
                 "new one%s (gateway-ctl requests wait in its socket)",
                 (long)ctl.proc.pid, how, delay ? apr_psprintf(ctl.pconf,
                 " in %d s (back-off: each of the last %d ended within 5 s "
                 "of its start)", delay, ctl.early_deaths) : "");
    control_spawn(delay);
}

/* Forks the control process, which serves after delay seconds. */
static void control_spawn(int delay)
{
    /* The attached daemons' status table: this child's alone. */
    gw_attach_table_fork_begin();
    apr_status_t rv = apr_proc_fork(&ctl.proc, ctl.pconf);

    if (rv == APR_INCHILD)
        gw_control_serve(ctl.s, ctl.fd, ctl.chan, ctl.parent, delay);
    gw_attach_table_fork_end();
    if (rv != APR_INPARENT) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, ctl.s, GWLOGNO(02182)
                     "cannot fork gateway-ctl's control process; gateway-ctl "
                     "is not available until Apache is restarted");
        return;
    }
    ctl.running = 1;
    ctl.started = apr_time_now() + apr_time_from_sec(delay);
    gw_exitinfo_watch(ctl.proc.pid);
    apr_proc_other_child_register(&ctl.proc, control_maintenance, &ctl,
                                  NULL, ctl.pconf);
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, ctl.s, GWLOGNO(02183)
                 "started gateway-ctl's control process (pid %ld) on %s",
                 (long)ctl.proc.pid, ctl.path);
}

/* The end of the generation (restart or stop).  Registered before any
 * other_child registration of the control process, so those (pconf
 * cleanups too) are gone when this runs: the process is killed and
 * reaped here, and the next generation makes its own. */
static apr_status_t control_cleanup(void *data)
{
    (void)data;
    if (getpid() != ctl.parent) {
        if (ctl.fd >= 0)
            close(ctl.fd);      /* a child running pconf's cleanups */
        ctl.fd = -1;
        return APR_SUCCESS;
    }
    if (ctl.running) {
        int st;
        apr_time_t until = apr_time_now() + GW_CONTROL_REAP_WAIT;
        kill(ctl.proc.pid, SIGKILL);
        while (waitpid(ctl.proc.pid, &st, WNOHANG) == 0
               && apr_time_now() < until)
            apr_sleep(apr_time_from_msec(10));
        int num = 0;
        (void)gw_exitinfo_take(ctl.proc.pid, &num);
        ctl.running = 0;
    }
    socket_remove();
    return APR_SUCCESS;
}

int gw_control_start(apr_pool_t *pconf, server_rec *s)
{
    if (!wanted())
        return OK;
    ctl.pconf = pconf;
    ctl.s = s;
    ctl.parent = getpid();
    ctl.path = apr_pstrcat(pconf, gw_global->socket_prefix,
                           GW_CONTROL_SUFFIX, NULL);
    apr_pool_cleanup_register(pconf, NULL, control_cleanup,
                              apr_pool_cleanup_null);
    const char *err = socket_make(pconf);
    if (err) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, GWLOGNO(02180)
                     "gateway-ctl's control socket %s: %s; gateway-ctl is "
                     "not available until Apache is restarted", ctl.path,
                     err);
        return OK;
    }
    /* What the worker commands need: the parent carries them out. */
    gw_attach_table_create(pconf);
    gw_attach_table_publish();
    ctl.chan = gw_ctl_bell_start(pconf, s);
    control_spawn(0);
    return OK;
}

void gw_control_close_inherited(void)
{
    if (ctl.fd >= 0 && getpid() != ctl.parent) {
        close(ctl.fd);
        ctl.fd = -1;
    }
    gw_ctl_bell_close_inherited();
}

void gw_control_monitor(void)
{
    gw_ctl_bell_monitor();
}
