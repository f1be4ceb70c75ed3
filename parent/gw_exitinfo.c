/*
 * gw_exitinfo.c - how the parent's own children really ended (see
 * gw_exitinfo.h).
 *
 * Runs in the Apache parent (root).  Two small tables in static memory,
 * written by the main thread and the SIGCHLD handler alike: the pids to
 * watch, and what the kernel said about those that ended.  The handler
 * only reads and writes them and calls waitid(), which is
 * async-signal-safe; it never reaps (WNOWAIT), the MPM does.
 */
#include "gw_exitinfo.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

/* Daemon processes, retired ones and attached runners of all groups; a
 * pid that does not fit is still reported by the MPM, only less exactly
 * (gw_spawn_describe_end with GW_END_UNKNOWN). */
#define GW_EXITINFO_WATCH 1024
/* Ended, not yet taken: the MPM reaps within a second, so a few are
 * enough; the oldest is overwritten first. */
#define GW_EXITINFO_NOTES 128

typedef struct {
    volatile pid_t pid;       /* 0: free; written last */
    volatile int code;        /* CLD_EXITED, CLD_KILLED, CLD_DUMPED */
    volatile int status;      /* exit status or signal */
} gw_exit_note;

static volatile pid_t watched[GW_EXITINFO_WATCH];
static volatile int watch_hi;           /* one past the last slot in use */
static gw_exit_note notes[GW_EXITINFO_NOTES];
static volatile unsigned next_note;
static struct sigaction previous;
static int installed;

/* Handler or main thread; the handler is never interrupted by itself
 * (SIGCHLD is blocked while it runs), the main thread may be. */
static void note(pid_t pid, int code, int status)
{
    if (code != CLD_EXITED && code != CLD_KILLED && code != CLD_DUMPED)
        return;
    for (int i = 0; i < GW_EXITINFO_NOTES; i++) {
        if (notes[i].pid == pid) {
            notes[i].code = code;
            notes[i].status = status;
            return;
        }
    }
    gw_exit_note *n = &notes[next_note++ % GW_EXITINFO_NOTES];
    n->pid = 0;
    n->code = code;
    n->status = status;
    n->pid = pid;
}

/* Looks at pid without reaping it: noted if it has ended. */
static int peek(pid_t pid)
{
    siginfo_t w;

    w.si_pid = 0;
    if (waitid(P_PID, (id_t)pid, &w, WEXITED | WNOHANG | WNOWAIT) != 0
        || w.si_pid != pid)
        return 0;
    note(pid, w.si_code, w.si_status);
    return 1;
}

static void on_sigchld(int sig, siginfo_t *si, void *uc)
{
    int saved = errno;
    int hi = watch_hi;

    /* Every watched pid, not only si_pid: two deaths close together
     * raise one SIGCHLD. */
    for (int i = 0; i < hi && i < GW_EXITINFO_WATCH; i++) {
        pid_t pid = watched[i];
        if (pid <= 0)
            continue;
        /* Already reaped (the MPM's waitpid ran just before this
         * handler): siginfo still says how, for its own pid. */
        if (!peek(pid) && si && si->si_pid == pid)
            note(pid, si->si_code, si->si_status);
    }
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction)
            previous.sa_sigaction(sig, si, uc);
    }
    else if (previous.sa_handler != SIG_DFL
             && previous.sa_handler != SIG_IGN)
        previous.sa_handler(sig);
    errno = saved;
}

static apr_status_t exitinfo_cleanup(void *data)
{
    (void)data;
    /* Before the module is unloaded: the handler lives in it. */
    if (installed)
        (void)sigaction(SIGCHLD, &previous, NULL);
    installed = 0;
    return APR_SUCCESS;
}

void gw_exitinfo_start(apr_pool_t *pconf)
{
    struct sigaction sa, old;

    for (int i = 0; i < GW_EXITINFO_WATCH; i++)
        watched[i] = 0;
    watch_hi = 0;
    for (int i = 0; i < GW_EXITINFO_NOTES; i++)
        notes[i].pid = 0;
    if (installed || sigaction(SIGCHLD, NULL, &old) != 0)
        return;
    /* Ignored SIGCHLD means no zombies at all: nothing to look at, and
     * not ours to change. */
    if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN)
        return;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigchld;
    /* SA_RESTART: the parent's blocking calls go on as before; its
     * select()-based sleep is interrupted anyway, which is wanted. */
    sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_NOCLDSTOP;
    sigemptyset(&sa.sa_mask);
    previous = old;
    if (sigaction(SIGCHLD, &sa, NULL) != 0)
        return;
    installed = 1;
    apr_pool_cleanup_register(pconf, NULL, exitinfo_cleanup,
                              apr_pool_cleanup_null);
}

void gw_exitinfo_watch(pid_t pid)
{
    if (pid <= 0 || !installed)
        return;
    for (int i = 0; i < GW_EXITINFO_WATCH; i++) {
        if (watched[i] == pid)
            break;
        if (watched[i] == 0) {
            watched[i] = pid;
            if (watch_hi <= i)
                watch_hi = i + 1;
            break;
        }
    }
    /* It may have ended while no handler was there (during a restart,
     * between two generations): its SIGCHLD is gone, the zombie is not. */
    (void)peek(pid);
}

gw_end_how gw_exitinfo_take(pid_t pid, int *num)
{
    gw_end_how how = GW_END_UNKNOWN;

    if (pid <= 0)
        return how;
    for (int i = 0; i < GW_EXITINFO_WATCH; i++)
        if (watched[i] == pid)
            watched[i] = 0;
    for (int i = 0; i < GW_EXITINFO_NOTES; i++) {
        if (notes[i].pid != pid)
            continue;
        int code = notes[i].code, status = notes[i].status;
        if (notes[i].pid != pid)      /* rewritten meanwhile */
            continue;
        notes[i].pid = 0;
        *num = status;
        how = code == CLD_EXITED ? GW_END_EXITED : GW_END_SIGNALED;
        break;
    }
    return how;
}

void gw_exitinfo_child_init(void)
{
    if (installed)
        (void)sigaction(SIGCHLD, &previous, NULL);
    installed = 0;
}
