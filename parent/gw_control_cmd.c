/*
 * gw_control_cmd.c - gateway-ctl's status and restart (see
 * gw_control_cmd.h).  Runs in the control process, as root.
 */
#include "gw_control_cmd.h"
#include "gw_control_reply.h"
#include "gw_attach_table.h"
#include "gw_status_model.h"
#include "gw_backoff.h"

#include "http_log.h"
#include "apr_strings.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

#define GW_CTL_YOUNG   apr_time_from_sec(GW_EARLY_DEATH_S)
/* A deferred process that has still not executed gateway-daemon this
 * long after its start never will: it is dropped (logged). */
#define GW_CTL_DEFER_MAX apr_time_from_sec(60)

typedef struct {
    dev_t dev;
    ino_t ino;
    int known;
} sock_id;

/* A process asked to restart while younger than 5 s. */
typedef struct {
    const gw_group *g;             /* NULL: free */
    int slot;
    pid_t pid;
    char by[160];                  /* who asked, for the log */
} deferred;

static struct {
    server_rec *s;
    sock_id *socks;                /* by group index */
    struct stat self_exe;          /* apache2: a child not yet exec'd */
    deferred *wait;                /* one per slot of every group */
    int nwait;
    const char *refused;           /* the last error reply's message */
    unsigned long next_id;         /* of a relay to the parent */
} cmd;

void gw_ctl_cmd_init(apr_pool_t *p, server_rec *s)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;
    int n = gw_global->groups->nelts, slots = 0;
    struct stat st;

    cmd.s = s;
    cmd.socks = apr_pcalloc(p, sizeof(sock_id) * (apr_size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        slots += gs[i]->processes;
        if (gs[i]->listen_fd >= 0 && fstat(gs[i]->listen_fd, &st) == 0) {
            cmd.socks[i].dev = st.st_dev;
            cmd.socks[i].ino = st.st_ino;
            cmd.socks[i].known = 1;
        }
    }
    (void)stat("/proc/self/exe", &cmd.self_exe);
    gw_ctl_logs_init(p, s);
    cmd.nwait = slots;
    /* Ids of another control process (one that died with a relay
     * under way) are not this one's. */
    cmd.next_id = ((unsigned long)getpid() << 12) % 2147483647UL + 1;
    cmd.wait = apr_pcalloc(p, sizeof(deferred) * (apr_size_t)(slots + 1));
}

/* ---- replies ---------------------------------------------------------- */

/* Short names: every record below is made of these. */
static const char *kv(apr_pool_t *p, const char *key, const char *v)
{
    return gw_ctl_kv(p, key, v);
}

static const char *kn(apr_pool_t *p, const char *key, apr_int64_t v)
{
    return gw_ctl_kn(p, key, v);
}

static const char *error_reply(apr_pool_t *p, const char *code,
                               const char *message)
{
    cmd.refused = message;
    return gw_ctl_error_text(p, code, message);
}

/* The group's attached daemons, as the parent last published them
 * (parent/gw_attach_table.h). */
static const char *worker_records(apr_pool_t *p, const gw_group *g,
                                  const gw_attach_row *rows, int n)
{
    const char *out = "";
    apr_time_t now = apr_time_now();

    for (int i = 0; i < n; i++) {
        const gw_attach_row *w = &rows[i];
        if (strcmp(w->group, g->name))
            continue;
        int has = w->state == GW_ATTACH_RUNNING && w->pid > 0;
        out = apr_pstrcat(p, out, "worker", kv(p, "group", g->name),
            kv(p, "name", w->name), kn(p, "pid", has ? w->pid : -1),
            kv(p, "state", gw_attach_row_state(w, now)),
            kn(p, "started", has ? (apr_int64_t)apr_time_sec(w->started)
                                 : -1),
            kn(p, "restarts", w->restarts),
            kv(p, "last_exit", w->last_exit),
            kv(p, "source", w->from_file ? "worker-file"
                                         : "WSGIAttachDaemon"), "\n", NULL);
    }
    return out;
}

static const char *group_records(apr_pool_t *p, const gw_status_model *m,
                                 const gw_status_group *sg)
{
    const gw_group *g = sg->g;
    const char *out = apr_pstrcat(p, "group", kv(p, "name", g->name),
        kv(p, "user", g->user_name), kn(p, "uid", (apr_int64_t)g->uid),
        kn(p, "processes", g->processes), kn(p, "threads", g->threads),
        kn(p, "busy", sg->busy), kn(p, "idle", sg->idle),
        kn(p, "requests", (apr_int64_t)sg->requests),
        kv(p, "control", g->control_group),
        kn(p, "generation", (apr_int64_t)m->generation), "\n", NULL);

    for (int j = 0; j < g->processes; j++) {
        const gw_status_proc *pr = &sg->procs[j];
        int run = pr->uptime_ms >= 0;
        out = apr_pstrcat(p, out, "process", kv(p, "group", g->name),
            kn(p, "slot", j), kn(p, "pid", pr->info.pid > 0
                                 ? pr->info.pid : -1),
            kv(p, "state", pr->state),
            kn(p, "started", pr->info.pid > 0
               ? (apr_int64_t)apr_time_sec(pr->info.started) : -1),
            kn(p, "uptime_ms", pr->uptime_ms),
            kn(p, "requests", run ? (apr_int64_t)pr->sbv.requests : -1),
            kn(p, "busy", run ? pr->sbv.busy : -1),
            kn(p, "idle", run ? pr->sbv.threads - pr->sbv.busy : -1),
            kn(p, "oldest_ms", pr->sbv.oldest_ms),
            kn(p, "rss_bytes", pr->rss_bytes),
            kn(p, "early_deaths", pr->info.early_deaths),
            kv(p, "last_exit", pr->info.last_exit), "\n", NULL);
    }
    return out;
}

/* The group named in rq, or NULL with *err the error reply. */
static const gw_group *named_group(apr_pool_t *p, const gw_ctl_peer *peer,
                                   const gw_ctl_request *rq,
                                   const char **err)
{
    const gw_group *g = gw_group_find(rq->group);
    const char *why;

    if (!g) {
        *err = error_reply(p, "no-such-group", apr_psprintf(p, "there is "
                           "no daemon group '%s' (gateway-ctl status lists "
                           "those you may control)", rq->group));
        return NULL;
    }
    if ((why = gw_ctl_peer_refusal(p, peer, g))) {
        *err = error_reply(p, "refused", why);
        return NULL;
    }
    return g;
}

static const char *do_status(apr_pool_t *p, const gw_ctl_peer *peer,
                             const gw_ctl_request *rq)
{
    gw_status_model m;
    const char *err = NULL, *out = "ok\n";
    const gw_group *only = NULL;
    gw_attach_row *rows;
    int shown = 0, more;

    if (rq->group[0] && !(only = named_group(p, peer, rq, &err)))
        return err;
    gw_status_model_build(p, &m);
    int nrows = gw_attach_table_read(p, only ? only->name : NULL, &rows,
                                     &more);
    for (int i = 0; i < m.ngroups; i++) {
        const gw_group *g = m.groups[i].g;
        if (only ? g != only : gw_ctl_peer_refusal(p, peer, g) != NULL)
            continue;
        out = apr_pstrcat(p, out, group_records(p, &m, &m.groups[i]),
                          worker_records(p, g, rows, nrows), NULL);
        shown++;
    }
    if (!shown)
        return error_reply(p, "refused", apr_psprintf(p, "uid %ld (%s) may "
                           "control no daemon group: it is in none of their "
                           "control-group= groups", (long)peer->uid,
                           peer->name));
    if (more > 0)
        out = apr_pstrcat(p, out, "more", kn(p, "workers", more), "\n",
                          NULL);
    return apr_pstrcat(p, out, "end\n", NULL);
}

/* ---- signalling a daemon process ------------------------------------ */

/* One line of /proc/PID/status starting with key ("Uid:"): its first
 * number, or -1. */
static long proc_status_field(pid_t pid, const char *key)
{
    char path[48], line[256];
    long v = -1;

    snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, key, strlen(key))) {
            if (sscanf(line + strlen(key), "%ld", &v) != 1)
                v = -1;
            break;
        }
    fclose(f);
    return v;
}

static int same_file(const char *path, const struct stat *want)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_dev == want->st_dev
           && st.st_ino == want->st_ino;
}

/* Why pid is not a process of g the control process may signal, or
 * NULL: a child of the Apache parent, as g's user, that has executed
 * gateway-daemon (apache2 no longer) and holds g's socket as fd 3. */
static const char *proc_check(apr_pool_t *p, const gw_group *g, pid_t pid)
{
    char path[48];
    struct stat st;
    const sock_id *id = &cmd.socks[g->index];

    if (proc_status_field(pid, "PPid:") != (long)gw_global->parent_pid)
        return "it is not a child of the Apache parent";
    if (proc_status_field(pid, "Uid:") != (long)g->uid)
        return apr_psprintf(p, "it does not run as the group's user (uid "
                            "%ld)", (long)g->uid);
    snprintf(path, sizeof(path), "/proc/%ld/exe", (long)pid);
    if (same_file(path, &cmd.self_exe))
        return "it has not started gateway-daemon yet";
    snprintf(path, sizeof(path), "/proc/%ld/fd/3", (long)pid);
    if (!id->known || stat(path, &st) != 0 || !S_ISSOCK(st.st_mode)
        || st.st_dev != id->dev || st.st_ino != id->ino)
        return "its fd 3 is not the group's socket";
    return NULL;
}

/* SIGUSR1 to pid, a process of g: NULL, or why not.  The pidfd pins the
 * process: if it is still alive after the checks, the checks were about
 * it (its pid cannot have been reused), and the signal reaches it and no
 * other. */
static const char *proc_signal(apr_pool_t *p, const gw_group *g, pid_t pid)
{
    int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
    const char *why;

    if (pfd < 0)
        return errno == ESRCH ? "it has exited"
               : apr_psprintf(p, "pidfd_open: %s", strerror(errno));
    if (!(why = proc_check(p, g, pid))) {
        struct pollfd pl = { pfd, POLLIN, 0 };
        if (poll(&pl, 1, 0) != 0)
            why = "it has exited";
        else if (syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0) != 0)
            why = apr_psprintf(p, "pidfd_send_signal: %s", strerror(errno));
    }
    close(pfd);
    return why;
}

/* ---- restart ---------------------------------------------------------- */

static void defer(const gw_group *g, int slot, pid_t pid, const char *by)
{
    deferred *free_one = NULL;

    for (int i = 0; i < cmd.nwait; i++) {
        deferred *d = &cmd.wait[i];
        if (d->g == g && d->slot == slot) {
            free_one = d;                 /* asked again: one entry */
            break;
        }
        if (!d->g && !free_one)
            free_one = d;
    }
    if (!free_one)
        return;                           /* cannot happen: one per slot */
    free_one->g = g;
    free_one->slot = slot;
    free_one->pid = pid;
    apr_cpystrn(free_one->by, by, sizeof(free_one->by));
}

/* One slot's part of a restart: its record for the reply. */
static const char *restart_slot(apr_pool_t *p, const gw_group *g, int j,
                                const char *by, int *asked, int *later)
{
    gw_slot_info info;
    apr_time_t now = apr_time_now();
    const char *action = "none", *why = NULL;

    if (gw_slots_info(g, j, &info) != 0 || info.pid <= 0)
        why = "no process started yet";
    else if (info.started > now)
        why = "in back-off: its next process starts with what is there "
              "then";
    else if (now - info.started < GW_CTL_YOUNG) {
        defer(g, j, info.pid, by);
        action = "deferred";
        why = "younger than 5 s: asked once it is 5 s old";
        (*later)++;
    }
    else if ((why = proc_signal(p, g, info.pid))) {
        action = "refused";
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, cmd.s, GWLOGNO(02186)
                     "gateway-ctl restart of group '%s' by %s: process %ld "
                     "of slot %d is not signalled: %s", g->name, by,
                     (long)info.pid, j, why);
    }
    else {
        action = "signalled";
        (*asked)++;
    }
    return apr_pstrcat(p, "process", kv(p, "group", g->name),
                       kn(p, "slot", j), kn(p, "pid", info.pid > 0
                                            ? info.pid : -1),
                       kv(p, "action", action), kv(p, "reason", why), "\n",
                       NULL);
}

static const char *do_restart(apr_pool_t *p, const gw_ctl_peer *peer,
                              const gw_ctl_request *rq)
{
    const char *err = NULL, *by = gw_ctl_peer_text(p, peer);
    const gw_group *g = named_group(p, peer, rq, &err);
    int asked = 0, later = 0;

    if (!g)
        return err;
    const char *out = "ok\n";
    for (int j = 0; j < g->processes; j++)
        out = apr_pstrcat(p, out, restart_slot(p, g, j, by, &asked, &later),
                          NULL);
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, cmd.s, GWLOGNO(02185)
                 "gateway-ctl: %s restarts group '%s': %d process(es) asked "
                 "to finish their requests and exit (SIGUSR1), %d to be "
                 "asked once 5 s old", by, g->name, asked, later);
    return apr_pstrcat(p, out, "end\n", NULL);
}

static const char *do_logs(apr_pool_t *p, const gw_ctl_peer *peer,
                           const gw_ctl_request *rq, gw_ctl_follow **follow)
{
    const char *err = NULL, *why = NULL, *out;
    const gw_group *g = named_group(p, peer, rq, &err);
    gw_ctl_follow *f = NULL;

    if (!g)
        return err;
    if (rq->follow)
        f = apr_pcalloc(p, sizeof(*f));
    if (!(out = gw_ctl_logs_tail(p, g, f, &why)))
        return error_reply(p, "unavailable", why);
    *follow = f;
    return out;
}

/* A worker command, once authorised, is the parent's to carry out: the
 * relay to send it (from p), or NULL with *err. */
static const char *do_relay(apr_pool_t *p, const gw_ctl_peer *peer,
                            const gw_ctl_request *rq, unsigned long *id,
                            const char **err)
{
    gw_ctl_relay r;
    char buf[GW_CTL_RELAY_MAX + 1];

    if (!named_group(p, peer, rq, err))
        return NULL;
    memset(&r, 0, sizeof(r));
    r.id = cmd.next_id;
    cmd.next_id = cmd.next_id % 2147483647UL + 1;
    r.uid = (unsigned long)peer->uid;
    r.pid = peer->pid > 0 ? (unsigned long)peer->pid : 0;
    apr_cpystrn(r.user, gw_ctl_name_ok(peer->name)
                && strlen(peer->name) <= GW_CTL_USER_MAX ? peer->name : "?",
                sizeof(r.user));
    r.rq = *rq;
    if (gw_ctl_relay_format(&r, buf, sizeof(buf)) < 0) {
        *err = error_reply(p, "malformed", "this request cannot be passed "
                           "on to the Apache parent");
        return NULL;
    }
    *id = r.id;
    return apr_pstrdup(p, buf);
}

static const char *verb_name(gw_ctl_verb v)
{
    const char *w = gw_ctl_verb_word(v);
    return w ? w : "?";
}

const char *gw_ctl_cmd_run(apr_pool_t *p, const gw_ctl_peer *peer,
                           const gw_ctl_request *rq, gw_ctl_follow **follow,
                           const char **relay, unsigned long *id)
{
    const char *out = NULL;

    cmd.refused = NULL;
    *follow = NULL;
    *relay = NULL;
    switch (rq->verb) {
    case GW_CTL_STATUS:
        out = do_status(p, peer, rq);
        break;
    case GW_CTL_RESTART:
        out = do_restart(p, peer, rq);
        break;
    case GW_CTL_LOGS:
        out = do_logs(p, peer, rq, follow);
        break;
    case GW_CTL_RELOAD_WORKERS:
    case GW_CTL_STOP_WORKER:
    case GW_CTL_START_WORKER:
        *relay = do_relay(p, peer, rq, id, &out);
        break;
    default:
        out = error_reply(p, "malformed", "unknown command");
        break;
    }
    if (cmd.refused)
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, cmd.s, GWLOGNO(02187)
                     "gateway-ctl: refused %s %s from %s: %s",
                     verb_name(rq->verb),
                     rq->group[0] ? rq->group : "(every group)",
                     gw_ctl_peer_text(p, peer), cmd.refused);
    else
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, cmd.s, GWLOGNO(02188)
                     "gateway-ctl: %s%s %s%s%s for %s", verb_name(rq->verb),
                     rq->follow ? " (follow)" : "",
                     rq->group[0] ? rq->group : "(every group)",
                     rq->worker[0] ? " " : "", rq->worker,
                     gw_ctl_peer_text(p, peer));
    return out;
}

void gw_ctl_cmd_tick(apr_pool_t *p)
{
    apr_time_t now = apr_time_now();

    for (int i = 0; i < cmd.nwait; i++) {
        deferred *d = &cmd.wait[i];
        gw_slot_info info;
        if (!d->g)
            continue;
        if (gw_slots_info(d->g, d->slot, &info) != 0 || info.pid != d->pid) {
            d->g = NULL;          /* replaced already: new code anyway */
            continue;
        }
        if (now - info.started < GW_CTL_YOUNG)
            continue;
        const char *why = proc_signal(p, d->g, d->pid);
        if (why && !strcmp(why, "it has not started gateway-daemon yet")
            && now - info.started < GW_CTL_DEFER_MAX)
            continue;
        ap_log_error(APLOG_MARK, why ? APLOG_WARNING : APLOG_INFO, 0, cmd.s,
                     GWLOGNO(02189) "gateway-ctl restart of group '%s' by "
                     "%s: process %ld of slot %d, now 5 s old, %s%s",
                     d->g->name, d->by, (long)d->pid, d->slot, why
                     ? "is not signalled: " : "is asked to finish its "
                     "requests and exit (SIGUSR1)", why ? why : "");
        d->g = NULL;
    }
}
