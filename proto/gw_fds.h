/*
 * gw_fds.h - the descriptors and the secret a daemon process is started
 * with: the Apache parent sets them up between fork and exec
 * (parent/gw_spawn.c), gateway-daemon takes them over (daemon/gw_daemon.c).
 *
 *   fd 0   /dev/null
 *   fd 1-2 the write end of the process's pipe to gateway-logger
 *   fd 3   the group's listening socket (systemd's LISTEN_FDS_START)
 *   fd 4   the hand-over: a sealed memfd with the group's settings, its
 *          secret and the scripts delegated to it (proto/gw_handover.h)
 *   fd 5   this process slot's status segment (proto/gw_scoreboard.h)
 */
#ifndef GW_FDS_H
#define GW_FDS_H

#define GW_LISTEN_FD       3
#define GW_HANDOVER_FD     4
#define GW_SCOREBOARD_FD   5

/* The secret every request to a group's socket carries: 32 random bytes
 * as 64 hex digits (GW_SECRET_SIZE with the NUL). */
#define GW_SECRET_HEX      64
#define GW_SECRET_SIZE     (GW_SECRET_HEX + 1)

#endif
