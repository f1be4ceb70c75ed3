/*
 * gw_scoreboard_daemon.c - mapping the process's status segment (see
 * gw_scoreboard_daemon.h).
 */
#include "gw_scoreboard_daemon.h"
#include "gw_log.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

gw_sb_segment *gw_sbd_segment;

void gw_sbd_attach(int threads)
{
    struct stat st;
    size_t size = gw_sb_size(threads);

    if (fstat(GW_SCOREBOARD_FD, &st) != 0) {
        /* The supervisor could not make one, and logged why. */
        gw_log(GW_LOG_DEBUG, "GW03041: no status segment on fd %d: %s; "
               "the status page shows no counters for this process",
               GW_SCOREBOARD_FD, strerror(errno));
        return;
    }
    void *m = MAP_FAILED;
    if (S_ISREG(st.st_mode) && (size_t)st.st_size == size)
        m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
                 GW_SCOREBOARD_FD, 0);
    /* The fd goes before any application code runs: the mapping is all
     * the process keeps of it. */
    close(GW_SCOREBOARD_FD);
    if (m == MAP_FAILED) {
        gw_log(GW_LOG_WARN, "GW03040: fd %d is not a status segment of %zu "
               "bytes for %d threads (%s); the status page shows no "
               "counters for this process", GW_SCOREBOARD_FD, size, threads,
               S_ISREG(st.st_mode) && (size_t)st.st_size == size
               ? strerror(errno) : "wrong size or type");
        return;
    }
    gw_sb_segment *s = m;
    if (s->magic != GW_SB_MAGIC || s->threads != (uint32_t)threads) {
        gw_log(GW_LOG_WARN, "GW03042: the status segment on fd %d has no "
               "valid header for %d threads (module and daemon from "
               "different builds?); the status page shows no counters for "
               "this process", GW_SCOREBOARD_FD, threads);
        munmap(m, size);
        return;
    }
    gw_sbd_segment = s;
}
