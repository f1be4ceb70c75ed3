/*
 * gw_exitguard.h - a process Apache's MPM reaps may not exit with 15.
 *
 * Runs in gateway-daemon and gateway-attach, the processes the Apache
 * parent forks (and so its MPM reaps, through waitpid(-1), before the
 * supervisor hears of them).  The MPM reads every child's exit status
 * first (ap_process_child_status): 15 is APEXIT_CHILDFATAL, "a child of
 * mine hit a fatal error", and the event, worker and prefork MPMs then
 * stop the whole server, every site with it.  An application calling
 * os._exit(15) would do that, by mistake or not.
 *
 * A seccomp filter (no_new_privs is already set by parent/gw_spawn.c)
 * makes exit(2) and exit_group(2) with a status of 15 (modulo 256) kill
 * the process with SIGSYS instead, which the MPM takes for an ordinary
 * death and the supervisor explains.  It cannot be removed, and it is
 * inherited by the process's children: a program the application runs
 * that exits 15 is killed by SIGSYS too (its parent sees -SIGSYS rather
 * than 15).
 */
#ifndef GW_EXITGUARD_H
#define GW_EXITGUARD_H

/* 0, or -1 after logging why (the process then runs unguarded). */
int gw_exitguard_install(void);

#endif
