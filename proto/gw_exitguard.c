/*
 * gw_exitguard.c - no exit with status 15 (see gw_exitguard.h).
 */
#include "gw_exitguard.h"
#include "gw_log.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

/* What Apache's MPM takes for a fatal error of its own (httpd.h's
 * APEXIT_CHILDFATAL). */
#define GW_MPM_FATAL 15

#if defined(__x86_64__)
# define GW_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
# define GW_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__i386__)
# define GW_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
# define GW_AUDIT_ARCH AUDIT_ARCH_PPC64LE
#elif defined(__s390x__)
# define GW_AUDIT_ARCH AUDIT_ARCH_S390X
#elif defined(__riscv) && __riscv_xlen == 64
# define GW_AUDIT_ARCH AUDIT_ARCH_RISCV64
#endif

/* The low 32 bits of the first argument. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
# define GW_ARG0 offsetof(struct seccomp_data, args[0])
#else
# define GW_ARG0 (offsetof(struct seccomp_data, args[0]) + 4)
#endif

#define LD(off)        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f)   BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define AND(k)         BPF_STMT(BPF_ALU | BPF_AND | BPF_K, (k))
#define RET(k)         BPF_STMT(BPF_RET | BPF_K, (k))

int gw_exitguard_install(void)
{
#ifdef GW_AUDIT_ARCH
    struct sock_filter prog[] = {
        /* 0 */ LD(offsetof(struct seccomp_data, arch)),
#if defined(__x86_64__)
        /* 1 */ JEQ(AUDIT_ARCH_X86_64, 0, 4),          /* else 6 */
        /* 2 */ LD(offsetof(struct seccomp_data, nr)),
        /* 3 */ AND(~0x40000000u),                      /* x32 too */
        /* 4 */ JEQ(__NR_exit, 5, 0),                   /* 10 */
        /* 5 */ JEQ(__NR_exit_group, 4, 8),             /* 10, else 14 */
        /* The 32-bit system call entry of the same process. */
        /* 6 */ JEQ(AUDIT_ARCH_I386, 0, 7),             /* else 14 */
        /* 7 */ LD(offsetof(struct seccomp_data, nr)),
        /* 8 */ JEQ(1, 1, 0),                           /* i386 exit: 10 */
        /* 9 */ JEQ(252, 0, 4),                         /* exit_group */
#else
        /* 1 */ JEQ(GW_AUDIT_ARCH, 0, 12),              /* else 14 */
        /* 2 */ LD(offsetof(struct seccomp_data, nr)),
        /* 3 */ JEQ(__NR_exit, 6, 0),                   /* 10 */
        /* 4 */ JEQ(__NR_exit_group, 5, 9),             /* 10, else 14 */
        /* 5-9: padding, never reached */
        RET(SECCOMP_RET_ALLOW), RET(SECCOMP_RET_ALLOW),
        RET(SECCOMP_RET_ALLOW), RET(SECCOMP_RET_ALLOW),
        RET(SECCOMP_RET_ALLOW),
#endif
        /* 10 */ LD(GW_ARG0),
        /* 11 */ AND(0xff),                             /* the status */
        /* 12 */ JEQ(GW_MPM_FATAL, 0, 1),
        /* 13 */ RET(SECCOMP_RET_KILL_PROCESS),
        /* 14 */ RET(SECCOMP_RET_ALLOW),
    };
    struct sock_fprog fprog = { (unsigned short)(sizeof(prog)
                                                 / sizeof(prog[0])), prog };

    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) != 0) {
        gw_log(GW_LOG_WARN, "GW03016: cannot install the exit guard (a "
               "seccomp filter): %s; an exit with status %d from this "
               "process would make Apache's MPM stop the whole server",
               strerror(errno), GW_MPM_FATAL);
        return -1;
    }
    return 0;
#else
    return 0;     /* an architecture this filter does not know: none */
#endif
}
