/*
 * gw_control_bell.c - the worker commands' way from the control process
 * to the Apache parent (see gw_control_bell.h).  Runs in the Apache
 * parent, as root: in post_config, in the MPM's main loop (the bell's
 * other_child callback, the monitor hook) and in the pconf cleanup that
 * ends a generation.
 */
#include "gw_control_bell.h"
#include "gw_attach_ctl.h"
#include "gw_control.h"
#include "gw_control_reply.h"

#include "http_log.h"
#include "ap_mpm.h"
#include "apr_strings.h"
#include "apr_thread_proc.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* A bell that ends this soon after its start with nothing to read was
 * killed (it ends for nothing else): the next one is left to the
 * monitor hook, so that a loop of such ends forks once every 10 s. */
#define GW_CTL_BELL_EARLY  apr_time_from_sec(1)
/* At the end of a generation the bell is killed and reaped, as the
 * control process is (gw_control_parent.c). */
#define GW_CTL_BELL_REAP_WAIT apr_time_from_sec(2)

static struct {
    apr_pool_t *pconf;
    server_rec *s;
    pid_t parent;
    int fd[2];                     /* [0] the parent's end, [1] the
                                    * control process's */
    apr_proc_t proc;               /* the bell */
    int running;
    apr_time_t started;
} bell = { .fd = { -1, -1 } };

static void bell_spawn(void);

/* ---- the bell, in its own process -------------------------------------- */

/* Waits until the parent's end is readable, then exits: its end is the
 * parent's wake-up.  An error of poll() (it never happens) must not make
 * a fork loop: the bell then waits for its parent's death. */
static void bell_run(void) __attribute__((noreturn));
static void bell_run(void)
{
    struct sigaction dfl;
    sigset_t none;
    struct pollfd pf = { bell.fd[0], POLLIN, 0 };

    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        (void)sigaction(sig, &dfl, NULL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != bell.parent)
        _exit(0);
    (void)prctl(PR_SET_NAME, "gw-ctl-bell", 0, 0, 0);
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (bell.fd[0] > 3)
        (void)close_range(3, (unsigned)bell.fd[0] - 1, 0);
    (void)close_range((unsigned)bell.fd[0] + 1, ~0U, 0);
    int rc;
    while ((rc = poll(&pf, 1, -1)) < 0 && errno == EINTR)
        ;
    if (rc == 1 && (pf.revents & POLLIN))
        _exit(0);
    for (;;)
        pause();
}

/* ---- serving, in the parent ------------------------------------------- */

static void answer_send(apr_pool_t *p, unsigned long id, const char *reply)
{
    const char *msg = apr_psprintf(p, "%lu\n%s", id, reply);
    size_t len = strlen(msg);

    if (len > GW_CTL_ANSWER_MAX) {
        msg = apr_psprintf(p, "%lu\n%s", id, gw_ctl_error_text(p,
                           "too-large", "the answer is over 64 KiB"));
        len = strlen(msg);
    }
    if (send(bell.fd[0], msg, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
        ap_log_error(APLOG_MARK, APLOG_WARNING, errno, bell.s,
                     GWLOGNO(02403) "gateway-ctl: the Apache parent cannot "
                     "answer the control process (request %lu): it is told "
                     "the parent did not answer", id);
}

/* One relay (len bytes in buf): carried out, answered. */
static void serve_one(const char *buf, size_t len)
{
    apr_pool_t *p;
    gw_ctl_relay r;
    const char *why;

    if (apr_pool_create(&p, bell.pconf) != APR_SUCCESS)
        return;
    if (gw_ctl_relay_parse(buf, len, &r, &why) != 0)
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, bell.s, GWLOGNO(02402)
                     "gateway-ctl: the control process sent the Apache "
                     "parent a message it does not take (%s); it is "
                     "ignored", why);
    else if (!gw_ctl_verb_relayed(r.rq.verb))
        answer_send(p, r.id, gw_ctl_error_text(p, "malformed", "not a "
                    "command the Apache parent carries out"));
    else
        answer_send(p, r.id, gw_attach_ctl_run(p, &r));
    apr_pool_destroy(p);
}

/* Every relay waiting, up to a batch: how many were read. */
static int serve(void)
{
    char buf[GW_CTL_RELAY_MAX + 1];
    int n = 0;

    while (bell.fd[0] >= 0 && n < GW_CTL_BELL_BATCH) {
        ssize_t len = recv(bell.fd[0], buf, sizeof(buf),
                           MSG_DONTWAIT | MSG_TRUNC);
        if (len < 0 && errno == EINTR)
            continue;
        if (len <= 0)
            break;
        n++;
        if ((size_t)len >= sizeof(buf))
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, bell.s, GWLOGNO(02401)
                         "gateway-ctl: the control process sent the Apache "
                         "parent a message of %ld bytes, over the %d a "
                         "relay has; it is ignored", (long)len,
                         GW_CTL_RELAY_MAX);
        else
            serve_one(buf, (size_t)len);
    }
    return n;
}

static void bell_maintenance(int reason, void *data, apr_wait_t status)
{
    int mpm_state = AP_MPMQ_STOPPING;

    (void)status;
    if (reason != APR_OC_REASON_DEATH && reason != APR_OC_REASON_LOST)
        return;
    apr_proc_other_child_unregister(data);
    bell.running = 0;
    if (ap_mpm_query(AP_MPMQ_MPM_STATE, &mpm_state) != APR_SUCCESS
        || mpm_state == AP_MPMQ_STOPPING)
        return;
    int served = serve();
    if (served || apr_time_now() - bell.started >= GW_CTL_BELL_EARLY)
        bell_spawn();
}

static void bell_spawn(void)
{
    apr_status_t rv = apr_proc_fork(&bell.proc, bell.pconf);

    if (rv == APR_INCHILD)
        bell_run();
    if (rv != APR_INPARENT) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, bell.s, GWLOGNO(02400)
                     "gateway-ctl: cannot fork the Apache parent's bell: "
                     "reload-workers, stop-worker and start-worker are "
                     "served by the monitor hook meanwhile (within about "
                     "10 s)");
        return;
    }
    bell.running = 1;
    bell.started = apr_time_now();
    apr_proc_other_child_register(&bell.proc, bell_maintenance, &bell,
                                  NULL, bell.pconf);
}

/* ---- the generation ---------------------------------------------------- */

static void fds_close(void)
{
    for (int i = 0; i < 2; i++) {
        if (bell.fd[i] >= 0)
            close(bell.fd[i]);
        bell.fd[i] = -1;
    }
}

/* Registered before the bell's other_child registration (see
 * gw_control_parent.c's control_cleanup). */
static apr_status_t bell_cleanup(void *data)
{
    (void)data;
    if (getpid() == bell.parent && bell.running) {
        int st;
        apr_time_t until = apr_time_now() + GW_CTL_BELL_REAP_WAIT;
        kill(bell.proc.pid, SIGKILL);
        while (waitpid(bell.proc.pid, &st, WNOHANG) == 0
               && apr_time_now() < until)
            apr_sleep(apr_time_from_msec(10));
        bell.running = 0;
    }
    fds_close();
    return APR_SUCCESS;
}

int gw_ctl_bell_start(apr_pool_t *pconf, server_rec *s)
{
    bell.pconf = pconf;
    bell.s = s;
    bell.parent = getpid();
    bell.running = 0;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK,
                   0, bell.fd) != 0) {
        ap_log_error(APLOG_MARK, APLOG_ERR, errno, s, GWLOGNO(02407)
                     "gateway-ctl: cannot make the socket pair between the "
                     "control process and the Apache parent: "
                     "reload-workers, stop-worker and start-worker are "
                     "answered 'unavailable' until Apache is restarted");
        bell.fd[0] = bell.fd[1] = -1;
        return -1;
    }
    apr_pool_cleanup_register(pconf, NULL, bell_cleanup,
                              apr_pool_cleanup_null);
    bell_spawn();
    return bell.fd[1];
}

void gw_ctl_bell_monitor(void)
{
    if (bell.fd[0] < 0 || getpid() != bell.parent)
        return;
    serve();
    if (!bell.running)
        bell_spawn();
}

void gw_ctl_bell_close_inherited(void)
{
    if (getpid() != bell.parent)
        fds_close();
}
