/*
 * gw_scoreboard_parent.c - the daemons' status segments, made by the
 * Apache parent (see gw_scoreboard_parent.h; the layout and the trust
 * model: proto/gw_scoreboard.h; the children's reads:
 * module/gw_scoreboard_read.c).  Runs in the Apache parent, as root, but
 * for gw_scoreboard_child_init, which each Apache child runs at its
 * start.
 */
#include "gw_scoreboard_parent.h"
#include "gw_memfd.h"
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


/* One generation's segments are in its groups' g->sb, in pconf, so a
 * restart makes a fresh set and Apache children of the old generation
 * keep the one they inherited. */
static struct {
    unsigned char *blank;          /* a cleared segment of the largest size */
    server_rec *s;
} sb;

/* Calls fn for each slot of every group. */
static void each_slot(void (*fn)(gw_sb_slot *ss))
{
    gw_group **gs = (gw_group **)gw_global->groups->elts;

    for (int i = 0; i < gw_global->groups->nelts; i++)
        for (int j = 0; gs[i]->sb && j < gs[i]->processes; j++)
            fn(&gs[i]->sb[j]);
}

static void slot_close(gw_sb_slot *ss)
{
    if (ss->fd >= 0)
        close(ss->fd);
    ss->fd = -1;
}

static void slot_unmap(gw_sb_slot *ss)
{
    if (ss->map)
        munmap((void *)ss->map, ss->size);
    ss->map = NULL;
    slot_close(ss);
}

static apr_status_t sb_cleanup(void *data)
{
    (void)data;
    each_slot(slot_unmap);
    memset(&sb, 0, sizeof(sb));
    return APR_SUCCESS;
}

/* A sealed memfd of exactly size bytes, mapped read-only.  NULL, or an
 * error message. */
static const char *slot_make(apr_pool_t *p, gw_sb_slot *ss)
{
    const char *err;
    int fd = gw_memfd_private(p, "gateway-status", &err);
    if (fd < 0)
        return err;
    /* Sealed at its size (gw_memfd.h): a daemon shrinking the file under
     * Apache's mapping would kill every reader with SIGBUS; growing it or
     * adding seals (F_SEAL_WRITE would stop the parent clearing it) is
     * refused too. */
    if (ftruncate(fd, (off_t)ss->size) != 0
        || (err = gw_memfd_fill_seal(p, fd, NULL, 0, F_SEAL_SHRINK
                                     | F_SEAL_GROW | F_SEAL_SEAL))) {
        if (!err)
            err = apr_psprintf(p, "sizing the memfd: %s", strerror(errno));
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
    gw_global->generation = gw_kept_get(s)->generation;
    apr_pool_cleanup_register(pconf, NULL, sb_cleanup, apr_pool_cleanup_null);
    for (int i = 0; i < gw_global->groups->nelts; i++) {
        gw_group *g = gs[i];
        size_t size = gw_sb_size(g->threads);
        if (size > largest)
            largest = size;
        g->sb = apr_pcalloc(pconf, sizeof(gw_sb_slot) * (size_t)g->processes);
        for (int j = 0; j < g->processes; j++) {
            gw_sb_slot *ss = &g->sb[j];
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

int gw_scoreboard_slot_start(const gw_group *g, int slot)
{
    gw_sb_slot *ss = g->sb && slot >= 0 && slot < g->processes
                     ? &g->sb[slot] : NULL;
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
    each_slot(slot_close);
}

