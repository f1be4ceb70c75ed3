/*
 * gw_ctl_main.c - gateway-ctl, the developer's control point (see
 * gw_ctl.h, docs/deployment.md):
 *
 *   gateway-ctl [--socket PATH] status [GROUP] [--json]
 *   gateway-ctl [--socket PATH] restart GROUP [--wait [--timeout S]] [--json]
 *   gateway-ctl [--socket PATH] logs GROUP [-f] [--json]
 *   gateway-ctl [--socket PATH] reload-workers GROUP [--json]
 *   gateway-ctl [--socket PATH] stop-worker GROUP NAME [--json]
 *   gateway-ctl [--socket PATH] start-worker GROUP NAME [--json]
 *
 * One request per connection to the control socket (proto/gw_control.h);
 * the control process the Apache parent runs decides, from the caller's
 * uid, what it may see and do.  restart --wait then asks for the group's
 * status until every slot has a new process that takes requests.
 */
#include "gw_ctl.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#ifndef GW_CTL_SOCKET_DEFAULT
#define GW_CTL_SOCKET_DEFAULT "/var/run/apache2/wsgi.control.sock"
#endif

/* While Apache restarts, the socket is briefly gone (each generation
 * makes its own): connecting is retried this long. */
#define GW_CTL_CONNECT_MS   3000
/* The control process answers at once; this bounds a stuck one. */
#define GW_CTL_REPLY_MS     30000
#define GW_CTL_WAIT_POLL_MS 250

static const char *socket_path;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *gw_ctl_val(const gw_ctl_record *r, const char *key)
{
    const char *v = gw_ctl_record_get(r, key);
    return v && strcmp(v, "-") ? v : NULL;
}

/* ---- the connection -------------------------------------------------- */

/* A connected socket, or -1 after saying why (quiet: say nothing, for
 * --wait's polls). */
static int ctl_connect(int quiet)
{
    struct sockaddr_un sa;
    long long until = now_ms() + GW_CTL_CONNECT_MS;

    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    if (strlen(socket_path) >= sizeof(sa.sun_path)) {
        fprintf(stderr, "gateway-ctl: socket path %s is too long\n",
                socket_path);
        return -1;
    }
    strcpy(sa.sun_path, socket_path);
    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            perror("gateway-ctl: socket");
            return -1;
        }
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
            return fd;
        int err = errno;
        close(fd);
        if ((err == ENOENT || err == ECONNREFUSED || err == EAGAIN)
            && now_ms() < until) {
            usleep(100 * 1000);
            continue;
        }
        if (!quiet)
            fprintf(stderr, "gateway-ctl: cannot connect to %s: %s%s\n",
                    socket_path, strerror(err), err == ENOENT
                    || err == ECONNREFUSED ? " (is Apache running, with a "
                    "WSGIDaemonProcess that has control-group=?  Another "
                    "socket: --socket PATH or GATEWAY_CTL_SOCKET)"
                    : err == EACCES ? " (the socket's directory must be "
                    "searchable by you)" : "");
        return -1;
    }
}

static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The whole reply, NUL-terminated, or NULL after saying why. */
static char *read_reply(int fd, size_t *len, int quiet)
{
    size_t cap = GW_CTL_REPLY_MAX + GW_CTL_LINE_MAX, n = 0;
    char *buf = malloc(cap + 1);
    long long until = now_ms() + GW_CTL_REPLY_MS;
    const char *why = NULL;

    while (buf && !why) {
        struct pollfd pf = { fd, POLLIN, 0 };
        long long left = until - now_ms();
        if (left <= 0) {
            why = "no reply within 30 s";
            break;
        }
        int rc = poll(&pf, 1, (int)left);
        if (rc < 0 && errno == EINTR)
            continue;
        if (rc <= 0)
            continue;
        ssize_t r = recv(fd, buf + n, cap - n, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            why = strerror(errno);
        else if (r == 0) {
            buf[n] = '\0';
            *len = n;
            return buf;
        }
        else if ((n += (size_t)r) == cap)
            why = "a reply longer than gateway-ctl reads";
    }
    if (!quiet)
        fprintf(stderr, "gateway-ctl: %s: %s\n", socket_path,
                why ? why : "out of memory");
    free(buf);
    return NULL;
}

/* Splits buf into records: 0, or -1 when it is not a whole reply. */
static int reply_parse(char *buf, size_t len, gw_ctl_reply *rp)
{
    int lines = 0;

    for (size_t i = 0; i < len; i++)
        lines += buf[i] == '\n';
    if (len == 0 || buf[len - 1] != '\n' || memchr(buf, '\0', len))
        return -1;
    rp->buf = buf;
    rp->rec = calloc((size_t)lines, sizeof(gw_ctl_record));
    rp->n = 0;
    if (!rp->rec)
        return -1;
    for (char *line = buf; line < buf + len; ) {
        char *lf = strchr(line, '\n');
        *lf = '\0';
        if (gw_ctl_record_parse(line, &rp->rec[rp->n++]) != 0)
            return -1;
        line = lf + 1;
    }
    const char *first = rp->rec[0].kind;
    if (!strcmp(first, "error"))
        return rp->n == 1 ? 0 : -1;
    if (strcmp(first, "ok") || strcmp(rp->rec[rp->n - 1].kind, "end"))
        return -1;
    rp->n--;                        /* "end" */
    return 0;
}

static void reply_free(gw_ctl_reply *rp)
{
    free(rp->rec);
    free(rp->buf);
    memset(rp, 0, sizeof(*rp));
}

/* One request and its reply: GW_CTL_OK (an ok reply in rp),
 * GW_CTL_REFUSED (an error reply, said on stderr) or GW_CTL_NO_SERVER. */
static int ask(const gw_ctl_request *rq, gw_ctl_reply *rp, int quiet)
{
    char line[GW_CTL_REQUEST_MAX + 1];
    size_t len = 0;
    int n = gw_ctl_request_format(rq, line, sizeof(line));

    memset(rp, 0, sizeof(*rp));
    if (n < 0) {
        fprintf(stderr, "gateway-ctl: '%s' is not a daemon group name "
                "gateway-ctl can send (one word of visible ASCII, at most "
                "%d bytes)\n", rq->group, GW_CTL_NAME_MAX);
        return GW_CTL_USAGE;
    }
    int fd = ctl_connect(quiet);
    if (fd < 0)
        return GW_CTL_NO_SERVER;
    char *buf = write_all(fd, line, (size_t)n) == 0
                ? read_reply(fd, &len, quiet) : NULL;
    close(fd);
    if (!buf)
        return GW_CTL_NO_SERVER;
    if (reply_parse(buf, len, rp) != 0) {
        if (!quiet)
            fprintf(stderr, "gateway-ctl: %s sent something that is not a "
                    "reply (module and gateway-ctl from different "
                    "builds?)\n", socket_path);
        reply_free(rp);
        return GW_CTL_NO_SERVER;
    }
    if (!strcmp(rp->rec[0].kind, "error")) {
        const char *code = gw_ctl_val(&rp->rec[0], "code");
        const char *msg = gw_ctl_val(&rp->rec[0], "message");
        if (!quiet)
            fprintf(stderr, "gateway-ctl: %s: %s\n", code ? code : "error",
                    msg ? msg : "(no message)");
        reply_free(rp);
        return GW_CTL_REFUSED;
    }
    return GW_CTL_OK;
}

/* ---- restart --wait -------------------------------------------------- */

static int in_list(const long *pids, int n, long pid)
{
    for (int i = 0; i < n; i++)
        if (pids[i] == pid)
            return 1;
    return 0;
}

/* Whether every slot of the status in rp has a process that is not one
 * of old[] and takes requests: 1 yes, 0 not yet, -1 a new one is in
 * back-off (*why says how the last one ended). */
static int all_new(const gw_ctl_reply *rp, const long *old, int nold,
                   const char **why, char *pids, size_t cap)
{
    int slots = 0;

    pids[0] = '\0';
    for (int i = 1; i < rp->n; i++) {
        const gw_ctl_record *r = &rp->rec[i];
        if (strcmp(r->kind, "process"))
            continue;
        const char *pid = gw_ctl_val(r, "pid");
        const char *state = gw_ctl_val(r, "state");
        slots++;
        if (state && !strcmp(state, "back-off")) {
            *why = gw_ctl_val(r, "last_exit");
            return -1;
        }
        if (!pid || in_list(old, nold, atol(pid)) || !state
            || strcmp(state, "running"))
            return 0;
        size_t n = strlen(pids);
        snprintf(pids + n, cap - n, "%s%s", n ? ", " : "", pid);
    }
    return slots > 0;
}

static int wait_new(const gw_ctl_request *rq, const gw_ctl_reply *asked,
                    int timeout_s, int json)
{
    long *old = calloc((size_t)asked->n + 1, sizeof(long));
    int nold = 0, rc = GW_CTL_NOT_UP;
    long long t0 = now_ms(), until = t0 + (long long)timeout_s * 1000;
    gw_ctl_request st = { .verb = GW_CTL_STATUS };
    const char *why = NULL;
    char pids[1024];

    for (int i = 1; old && i < asked->n; i++) {
        const char *pid = gw_ctl_val(&asked->rec[i], "pid");
        const char *act = gw_ctl_val(&asked->rec[i], "action");
        if (pid && act && (!strcmp(act, "signalled")
                           || !strcmp(act, "deferred")))
            old[nold++] = atol(pid);
    }
    memcpy(st.group, rq->group, sizeof(st.group));
    while (old && now_ms() < until) {
        gw_ctl_reply rp;
        usleep(GW_CTL_WAIT_POLL_MS * 1000);
        if (ask(&st, &rp, 1) != GW_CTL_OK)
            continue;               /* Apache restarting: try again */
        int done = all_new(&rp, old, nold, &why, pids, sizeof(pids));
        reply_free(&rp);
        if (done < 0) {
            fprintf(stderr, "gateway-ctl: group %s: a new process is in "
                    "back-off (it keeps failing at start); the last one %s\n",
                    rq->group, why ? why : "ended");
            break;
        }
        if (done) {
            if (!json)
                printf("group %s: every process is new and takes requests "
                       "(pid %s), after %.1f s\n", rq->group, pids,
                       (double)(now_ms() - t0) / 1000);
            rc = GW_CTL_OK;
            break;
        }
    }
    if (rc != GW_CTL_OK && !why)
        fprintf(stderr, "gateway-ctl: group %s: the new processes do not "
                "all take requests after %d s (gateway-ctl status %s)\n",
                rq->group, timeout_s, rq->group);
    free(old);
    return rc;
}

/* ---- logs -f ---------------------------------------------------------- */

/* Prints each "line" record as it comes, until the server closes: the
 * control process ends with Apache's restart or stop. */
static int follow_logs(const gw_ctl_request *rq, int json)
{
    char line[GW_CTL_REQUEST_MAX + 1], *buf = malloc(GW_CTL_LINE_MAX + 1);
    size_t have = 0;
    int n = gw_ctl_request_format(rq, line, sizeof(line)), first = 1;
    int fd = n < 0 || !buf ? -1 : ctl_connect(0);

    if (fd < 0 || write_all(fd, line, (size_t)n) != 0) {
        free(buf);
        if (fd >= 0)
            close(fd);
        return GW_CTL_NO_SERVER;
    }
    for (;;) {
        ssize_t r = recv(fd, buf + have, GW_CTL_LINE_MAX - have, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        have += (size_t)r;
        char *nl;
        while ((nl = memchr(buf, '\n', have))) {
            gw_ctl_record rec;
            size_t len = (size_t)(nl - buf) + 1;
            *nl = '\0';
            if (gw_ctl_record_parse(buf, &rec) != 0)
                goto bad;
            if (!strcmp(rec.kind, "error")) {
                const char *code = gw_ctl_val(&rec, "code");
                const char *msg = gw_ctl_val(&rec, "message");
                fprintf(stderr, "gateway-ctl: %s: %s\n",
                        code ? code : "error", msg ? msg : "(no message)");
                close(fd);
                free(buf);
                return first ? GW_CTL_REFUSED : GW_CTL_NO_SERVER;
            }
            if (first && strcmp(rec.kind, "ok"))
                goto bad;
            first = 0;
            gw_ctl_print_line(stdout, &rec, json);
            memmove(buf, buf + len, have - len);
            have -= len;
        }
        fflush(stdout);
        if (have == GW_CTL_LINE_MAX)
            goto bad;
    }
    fprintf(stderr, "gateway-ctl: %s closed the connection (Apache "
            "restarted or stopped?)\n", socket_path);
    close(fd);
    free(buf);
    return GW_CTL_NO_SERVER;
bad:
    fprintf(stderr, "gateway-ctl: %s sent something that is not a reply\n",
            socket_path);
    close(fd);
    free(buf);
    return GW_CTL_NO_SERVER;
}

/* ---- main ------------------------------------------------------------- */

/* The command word and how many words it takes (itself included). */
static const struct {
    const char *word;
    gw_ctl_verb verb;
    int min, max;
} commands[] = {
    { "status", GW_CTL_STATUS, 1, 2 },
    { "restart", GW_CTL_RESTART, 2, 2 },
    { "logs", GW_CTL_LOGS, 2, 2 },
    { "reload-workers", GW_CTL_RELOAD_WORKERS, 2, 2 },
    { "stop-worker", GW_CTL_STOP_WORKER, 3, 3 },
    { "start-worker", GW_CTL_START_WORKER, 3, 3 },
    { NULL, 0, 0, 0 }
};

static void usage(FILE *out);

static int verb_of(const char *word, int nargs, gw_ctl_request *rq)
{
    memset(rq, 0, sizeof(*rq));
    for (int i = 0; commands[i].word; i++)
        if (!strcmp(word, commands[i].word) && nargs >= commands[i].min
            && nargs <= commands[i].max) {
            rq->verb = commands[i].verb;
            return GW_CTL_OK;
        }
    usage(stderr);
    return GW_CTL_USAGE;
}

/* The group's name, and an attached daemon's for the worker commands. */
static int names_of(char **names, int n, gw_ctl_request *rq)
{
    if (strlen(names[0]) > GW_CTL_NAME_MAX) {
        fprintf(stderr, "gateway-ctl: a daemon group name has at most %d "
                "bytes\n", GW_CTL_NAME_MAX);
        return GW_CTL_USAGE;
    }
    strcpy(rq->group, names[0]);
    if (n < 2)
        return GW_CTL_OK;
    if (strlen(names[1]) > GW_CTL_WORKER_MAX || !gw_ctl_name_ok(names[1])) {
        fprintf(stderr, "gateway-ctl: '%s' is not an attached daemon's name "
                "(one word of visible ASCII, at most %d bytes: gateway-ctl "
                "status %s lists them)\n", names[1], GW_CTL_WORKER_MAX,
                names[0]);
        return GW_CTL_USAGE;
    }
    strcpy(rq->worker, names[1]);
    return GW_CTL_OK;
}

static void usage(FILE *out)
{
    fputs("usage: gateway-ctl [--socket PATH] status [GROUP] [--json]\n"
          "       gateway-ctl [--socket PATH] restart GROUP [--wait] "
          "[--timeout SECONDS] [--json]\n"
          "       gateway-ctl [--socket PATH] logs GROUP [-f|--follow] "
          "[--json]\n"
          "       gateway-ctl [--socket PATH] reload-workers GROUP [--json]\n"
          "       gateway-ctl [--socket PATH] stop-worker|start-worker GROUP "
          "NAME [--json]\n"
          "\n"
          "status   the daemon groups you may control (control-group=), "
          "each process\n"
          "restart  the graceful restart a touched restart-file= gives: "
          "requests in\n"
          "         flight finish, new processes start; --wait waits until "
          "they serve\n"
          "         (at most --timeout seconds, 120 by default)\n"
          "logs     the group's lines of Apache's error log (its processes' "
          "output,\n"
          "         mod_gateway's lines about it); -f: and the new ones as "
          "they come\n"
          "reload-workers  reads the group's worker-file= again: changed "
          "entries\n"
          "         restart, removed ones stop, new ones start; a broken file "
          "changes\n"
          "         nothing and its file:line is printed\n"
          "stop-worker     stops the attached process NAME (its stop-signal "
          "and\n"
          "         stop-timeout) and keeps it stopped until start-worker, "
          "reload-workers,\n"
          "         the group's restart-file= or an Apache restart\n"
          "start-worker    starts a stopped one again\n"
          "\n"
          "The control socket: --socket, else $GATEWAY_CTL_SOCKET, else "
          GW_CTL_SOCKET_DEFAULT ".\n", out);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "socket", required_argument, NULL, 's' },
        { "json", no_argument, NULL, 'j' },
        { "wait", no_argument, NULL, 'w' },
        { "timeout", required_argument, NULL, 't' },
        { "follow", no_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int json = 0, wait = 0, follow = 0, timeout_s = 120, c, rc;
    char *end;
    gw_ctl_request rq;
    gw_ctl_reply rp;

    socket_path = getenv("GATEWAY_CTL_SOCKET");
    if (!socket_path || !*socket_path)
        socket_path = GW_CTL_SOCKET_DEFAULT;
    while ((c = getopt_long(argc, argv, "hf", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            follow = 1;
            break;
        case 's':
            socket_path = optarg;
            break;
        case 'j':
            json = 1;
            break;
        case 'w':
            wait = 1;
            break;
        case 't':
            timeout_s = (int)strtol(optarg, &end, 10);
            if (*end || timeout_s < 1 || timeout_s > 86400) {
                fprintf(stderr, "gateway-ctl: --timeout takes whole seconds "
                        "from 1 to 86400\n");
                return GW_CTL_USAGE;
            }
            break;
        case 'h':
            usage(stdout);
            return GW_CTL_OK;
        default:
            usage(stderr);
            return GW_CTL_USAGE;
        }
    }
    int nargs = argc - optind;
    if ((rc = verb_of(nargs > 0 ? argv[optind] : "", nargs, &rq))
        != GW_CTL_OK)
        return rc;
    if (wait && rq.verb != GW_CTL_RESTART) {
        fprintf(stderr, "gateway-ctl: --wait is for restart\n");
        return GW_CTL_USAGE;
    }
    if (follow && rq.verb != GW_CTL_LOGS) {
        fprintf(stderr, "gateway-ctl: --follow is for logs\n");
        return GW_CTL_USAGE;
    }
    if (nargs >= 2 && (rc = names_of(&argv[optind + 1], nargs - 1, &rq))
        != GW_CTL_OK)
        return rc;
    if (follow) {
        rq.follow = 1;
        return follow_logs(&rq, json);
    }
    if ((rc = ask(&rq, &rp, 0)) != GW_CTL_OK)
        return rc;
    if (rq.verb == GW_CTL_STATUS)
        gw_ctl_print_status(stdout, &rp, json);
    else if (rq.verb == GW_CTL_RESTART)
        gw_ctl_print_restart(stdout, &rp, json);
    else if (gw_ctl_verb_relayed(rq.verb))
        gw_ctl_print_workers(stdout, &rp, json);
    else
        for (int i = 1; i < rp.n; i++)
            gw_ctl_print_line(stdout, &rp.rec[i], json);
    fflush(stdout);
    if (wait)
        rc = wait_new(&rq, &rp, timeout_s, json);
    reply_free(&rp);
    return rc;
}
