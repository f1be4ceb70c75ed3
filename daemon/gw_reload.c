/*
 * gw_reload.c - is this daemon process stale?  (see gw_reload.h)
 */
#include "gw_reload.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define GW_RELOAD_MAX 256   /* scripts remembered; more are not watched */

typedef struct {
    char *path;
    struct timespec mtime;
} gw_loaded;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static gw_loaded loaded[GW_RELOAD_MAX];
static int nloaded;
static int reloading = 1;
static const char *restart_file;
static struct timespec restart_mtime;
static int restart_known;

static int same_time(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

void gw_reload_init(const char *rf, int script_reloading)
{
    struct stat st;

    reloading = script_reloading;
    restart_file = rf;
    /* A restart file that does not exist yet counts once it appears. */
    restart_known = rf && stat(rf, &st) == 0;
    if (restart_known)
        restart_mtime = st.st_mtim;
}

void gw_reload_note(const char *path, const struct timespec *mtime)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < nloaded; i++) {
        if (!strcmp(loaded[i].path, path)) {
            pthread_mutex_unlock(&lock);
            return;     /* the first load of this process is the baseline */
        }
    }
    if (nloaded < GW_RELOAD_MAX && (loaded[nloaded].path = strdup(path))) {
        loaded[nloaded].mtime = *mtime;
        nloaded++;
    }
    pthread_mutex_unlock(&lock);
}

const char *gw_reload_stale(const char *script)
{
    struct stat st;

    if (restart_file) {
        int exists = stat(restart_file, &st) == 0;
        if (exists != restart_known
            || (exists && !same_time(&st.st_mtim, &restart_mtime)))
            return "restart-file= changed";
    }
    if (!reloading)
        return NULL;
    pthread_mutex_lock(&lock);
    const struct timespec *was = NULL;
    for (int i = 0; i < nloaded && !was; i++)
        if (!strcmp(loaded[i].path, script))
            was = &loaded[i].mtime;
    pthread_mutex_unlock(&lock);
    /* Entries are never removed or moved, so was stays valid. */
    if (was && stat(script, &st) == 0 && !same_time(&st.st_mtim, was))
        return "the WSGI script changed";
    return NULL;
}
