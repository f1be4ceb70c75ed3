/*
 * gw_relaybuf.c - the Apache child's shared relay buffers (see
 * gw_relaybuf.h).  Runs in Apache children.
 *
 * Each buffer is its own anonymous mapping, so that returning it really
 * returns its pages (mmap and munmap round GW_LINK_BUF up to whole
 * pages alike).  Free buffers wait on a list; once a second the
 * trimmer unmaps as many as stayed on the list for that whole second
 * (the list's low-water mark): a busy child keeps what it keeps using,
 * an idle one keeps nothing.
 */
#include "gw_relaybuf.h"
#include "gw_link.h"

#include "httpd.h"
#include "http_log.h"
#include "ap_mpm.h"
#include "apr_thread_proc.h"

#include <pthread.h>
#include <sys/mman.h>
#include <time.h>

APLOG_USE_MODULE(gateway);

/* A free buffer's first bytes link it into the list. */
typedef struct free_buf {
    struct free_buf *next;
} free_buf;

/* Static, never destroyed: buffers come back from bucket destructors,
 * which may run while pools are torn down in any order at child exit,
 * so the lock must outlive every pool (APR's mutexes live in one). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static free_buf *free_list;
static unsigned nfree;          /* on free_list */
static unsigned low_water;      /* fewest on free_list since the last trim */
static unsigned max_free = 64;  /* bound between trims; from the MPM */
static int closed;              /* child exit: nothing is kept any more */
static apr_thread_t *trimmer;

void *gw_relaybuf_get(void)
{
    pthread_mutex_lock(&lock);
    free_buf *b = free_list;
    if (b) {
        free_list = b->next;
        if (--nfree < low_water)
            low_water = nfree;
    }
    pthread_mutex_unlock(&lock);
    if (b)
        return b;
    void *m = mmap(NULL, GW_LINK_BUF, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        ap_abort_on_oom();
    return m;
}

void gw_relaybuf_put(void *buf)
{
    if (!buf)
        return;
    pthread_mutex_lock(&lock);
    if (!closed && nfree < max_free) {
        free_buf *b = buf;
        b->next = free_list;
        free_list = b;
        nfree++;
        buf = NULL;
    }
    pthread_mutex_unlock(&lock);
    if (buf)
        munmap(buf, GW_LINK_BUF);
}

/* Takes `n` buffers off the list (the lock held). */
static free_buf *take_locked(unsigned n)
{
    free_buf *out = NULL;
    while (n-- > 0 && free_list) {
        free_buf *b = free_list;
        free_list = b->next;
        b->next = out;
        out = b;
        nfree--;
    }
    return out;
}

static void unmap_list(free_buf *b)
{
    while (b) {
        free_buf *next = b->next;
        munmap(b, GW_LINK_BUF);
        b = next;
    }
}

static void *APR_THREAD_FUNC trim_loop(apr_thread_t *t, void *arg)
{
    (void)t;
    (void)arg;
    pthread_mutex_lock(&lock);
    while (!closed) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&wake, &lock, &until);
        free_buf *unused = take_locked(closed ? nfree : low_water);
        low_water = nfree;
        pthread_mutex_unlock(&lock);
        unmap_list(unused);
        pthread_mutex_lock(&lock);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

static apr_status_t relaybuf_child_exit(void *data)
{
    (void)data;
    pthread_mutex_lock(&lock);
    closed = 1;
    pthread_cond_signal(&wake);
    free_buf *rest = take_locked(nfree);
    pthread_mutex_unlock(&lock);
    unmap_list(rest);
    if (trimmer) {
        apr_status_t rv;
        apr_thread_join(&rv, trimmer);
        trimmer = NULL;
    }
    return APR_SUCCESS;
}

void gw_relaybuf_child_init(apr_pool_t *pchild)
{
    int threads = 0;
    /* A request in flight holds about seven (the read buffer, the spill,
     * GW_RELAY_PENDING and what the core output filter holds back). */
    if (ap_mpm_query(AP_MPMQ_MAX_THREADS, &threads) == APR_SUCCESS
        && threads > 0)
        max_free = (unsigned)threads * 8;
    apr_status_t rv = apr_thread_create(&trimmer, NULL, trim_loop, NULL,
                                        pchild);
    if (rv != APR_SUCCESS) {
        trimmer = NULL;
        ap_log_perror(APLOG_MARK, APLOG_WARNING, rv, pchild, GWLOGNO(01140)
                      "cannot start the relay buffers' trimmer thread: "
                      "idle buffers are kept (at most %u)", max_free);
    }
    apr_pool_cleanup_register(pchild, NULL, relaybuf_child_exit,
                              apr_pool_cleanup_null);
}
