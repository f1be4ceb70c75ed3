/*
 * gw_scoreboard_apache.c - the daemons' status segments seen from Apache
 * (see gw_scoreboard_apache.h and, for the trust model, gw_scoreboard.h).
 *
 * Parent (root): gw_scoreboard_create, gw_scoreboard_slot_start.
 * Children (Apache's User): gw_scoreboard_child_init, gw_scoreboard_read.
 */
#include "gw_scoreboard_apache.h"
#include "gw_kept.h"

#include "http_log.h"
#include "apr_strings.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

APLOG_USE_MODULE(gateway);

/* The two clocks an age is checked against (the daemon's coarse
 * monotonic one for the request, the parent's wall clock for the
 * process) may disagree by this much without a value being called
 * garbage. */
#define GW_SB_SKEW_MS 1000

typedef struct {
    int fd;                        /* parent only; -1 in children */
    const gw_sb_segment *map;      /* read-only; NULL: no segment */
    size_t size;                   /* gw_sb_size(threads): our own number */
} sb_slot;

/* One generation's segments, indexed by group index then slot; in pconf,
 * so a restart makes a fresh set and Apache children of the old
 * generation keep the one they inherited. */
static struct {
    sb_slot **groups;
    int *nslots;                   /* per group: its processes= */
    int ngroups;
    unsigned long generation;
    unsigned char *blank;          /* a cleared segment of the largest size */
    server_rec *s;
} sb;

static apr_status_t sb_cleanup(void *data)
{
    (void)data;
    for (int i = 0; i < sb.ngroups; i++) {
        for (int j = 0; j < sb.nslots[i]; j++) {
            sb_slot *ss = &sb.groups[i][j];
            if (ss->map)
                munmap((void *)ss->map, ss->size);
            if (ss->fd >= 0)
                close(ss->fd);
            ss->map = NULL;
            ss->fd = -1;
        }
    }
    memset(&sb, 0, sizeof(sb));
    return APR_SUCCESS;
}

/* A sealed memfd of exactly size bytes, mapped read-only.  NULL, or an
 * error message. */
static const char *slot_make(apr_pool_t *p, sb_slot *ss)
{
    int fd = memfd_create("gateway-status", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0)
        return apr_psprintf(p, "memfd_create: %s", strerror(errno));
    /* Root's alone: the slot's process maps it through the descriptor it
     * is given (mmap checks how that was opened, not the mode), but only
     * root can open it again through /proc/PID/fd: not even a process of
     * the same user, in the moment before the daemon closes fd 5.  Sealed
     * at its size: a daemon shrinking the file under Apache's mapping
     * would kill every reader with SIGBUS; growing it or adding seals
     * (F_SEAL_WRITE would stop the parent clearing it) is refused too. */
    if (fchmod(fd, 0600) != 0 || ftruncate(fd, (off_t)ss->size) != 0
        || fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)
           != 0) {
        const char *err = apr_psprintf(p, "setting up the memfd: %s",
                                       strerror(errno));
        close(fd);
        return err;
    }
    void *m = mmap(NULL, ss->size, PROT_READ, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) {
        const char *err = apr_psprintf(p, "mmap: %s", strerror(errno));
        close(fd);
        return err;
    }
    ss->fd = fd;
    ss->map = m;
    return NULL;
}

void gw_scoreboard_create(apr_pool_t *pconf, server_rec *s)
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;
    size_t largest = 0;

    memset(&sb, 0, sizeof(sb));
    sb.s = s;
    sb.generation = gw_kept_get(s)->generation;
    sb.ngroups = gw_global->groups->nelts;
    sb.groups = apr_pcalloc(pconf, sizeof(sb_slot *) * (size_t)(sb.ngroups
                                                                + 1));
    sb.nslots = apr_pcalloc(pconf, sizeof(int) * (size_t)(sb.ngroups + 1));
    apr_pool_cleanup_register(pconf, NULL, sb_cleanup, apr_pool_cleanup_null);
    for (int i = 0; i < sb.ngroups; i++) {
        gw_group *g = gs[i];
        size_t size = gw_sb_size(g->threads);
        if (size > largest)
            largest = size;
        sb.groups[i] = apr_pcalloc(pconf, sizeof(sb_slot)
                                          * (size_t)g->processes);
        sb.nslots[i] = g->processes;
        for (int j = 0; j < g->processes; j++) {
            sb_slot *ss = &sb.groups[i][j];
            ss->fd = -1;
            ss->size = size;
            const char *err = slot_make(pconf, ss);
            if (err)
                ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, GWLOGNO(02080)
                             "cannot make the status segment of daemon "
                             "process slot %d of group '%s': %s; that "
                             "process runs without one and the status page "
                             "shows no counters for it (with many groups, "
                             "raise Apache's open files limit, LimitNOFILE)",
                             j, g->name, err);
        }
    }
    sb.blank = apr_pcalloc(pconf, largest ? largest : 1);
}

static sb_slot *slot_get(const gw_group *g, int slot)
{
    if (!sb.groups || g->index < 0 || g->index >= sb.ngroups
        || slot < 0 || slot >= sb.nslots[g->index])
        return NULL;
    return &sb.groups[g->index][slot];
}

int gw_scoreboard_slot_start(const gw_group *g, int slot)
{
    sb_slot *ss = slot_get(g, slot);
    gw_sb_segment hdr;

    if (!ss || ss->fd < 0)
        return -1;
    /* The header and zeroes, in one write through the fd: the parent's own
     * mapping is read-only, and stays so. */
    memset(&hdr, 0, sizeof(hdr));
    hdr.magic = GW_SB_MAGIC;
    hdr.threads = (uint32_t)g->threads;
    memcpy(sb.blank, &hdr, sizeof(hdr));
    size_t off = 0;
    while (off < ss->size) {
        ssize_t w = pwrite(ss->fd, sb.blank + off, ss->size - off,
                           (off_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, errno, sb.s,
                         GWLOGNO(02081) "cannot clear the status segment of "
                         "daemon process slot %d of group '%s'; the status "
                         "page may show the last process's counters for the "
                         "new one until it takes requests", slot, g->name);
            break;
        }
        off += (size_t)w;
    }
    return ss->fd;
}

void gw_scoreboard_child_init(void)
{
    for (int i = 0; i < sb.ngroups; i++) {
        for (int j = 0; j < sb.nslots[i]; j++) {
            sb_slot *ss = &sb.groups[i][j];
            if (ss->fd >= 0)
                close(ss->fd);
            ss->fd = -1;
        }
    }
}

unsigned long gw_scoreboard_generation(void)
{
    return sb.generation;
}

static apr_int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (apr_int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + 1;
}

/* Copy, then check.  Every field is loaded exactly once (the daemon may
 * change it between two loads), into a local, and only the local is
 * judged and used.  The number of entries comes from Apache's own
 * configuration (g->threads), never from the segment, and so does the
 * mapping's size. */
void gw_scoreboard_read(apr_pool_t *p, const gw_group *g, int slot,
                        apr_time_t started, gw_sb_view *v)
{
    sb_slot *ss = slot_get(g, slot);
    apr_int64_t now = monotonic_ms();
    apr_int64_t life = (apr_int64_t)apr_time_as_msec(apr_time_now()
                                                     - started);

    memset(v, 0, sizeof(*v));
    v->threads = g->threads;
    v->oldest_ms = -1;
    v->busy_thread = apr_pcalloc(p, sizeof(int) * (size_t)g->threads);
    v->age_ms = apr_pcalloc(p, sizeof(apr_int64_t) * (size_t)g->threads);
    if (!ss || !ss->map || ss->size < gw_sb_size(g->threads))
        return;
    const gw_sb_segment *seg = ss->map;
    v->present = 1;
    /* No process yet, or one still in its start back-off: no request of
     * it can be in flight. */
    int no_life = started <= 0 || life < -GW_SB_SKEW_MS;

    uint32_t magic = __atomic_load_n(&seg->magic, __ATOMIC_RELAXED);
    uint32_t threads = __atomic_load_n(&seg->threads, __ATOMIC_RELAXED);
    v->header_ok = magic == GW_SB_MAGIC && threads == (uint32_t)g->threads;
    if (!v->header_ok)
        v->rejected++;

    uint64_t requests = __atomic_load_n(&seg->requests, __ATOMIC_RELAXED);
    if (requests > GW_SB_COUNT_MAX) {
        requests = GW_SB_COUNT_MAX;
        v->rejected++;
    }
    v->requests = requests;

    for (int i = 0; i < g->threads; i++) {
        int64_t t = __atomic_load_n(&seg->started_ms[i], __ATOMIC_RELAXED);
        if (t == 0)
            continue;
        /* An age must be that of a request this process could have taken:
         * not in the future, not older than the process.  t is compared,
         * never subtracted from blindly: INT64_MIN must not overflow. */
        if (no_life || t > now + GW_SB_SKEW_MS
            || t < now - life - GW_SB_SKEW_MS) {
            v->rejected++;
            continue;
        }
        apr_int64_t age = now - t;
        if (age < 0)
            age = 0;
        v->busy_thread[v->busy] = i;
        v->age_ms[v->busy] = age;
        v->busy++;
        if (age > v->oldest_ms)
            v->oldest_ms = age;
    }
}
