/*
 * gw_attach_config.c - the WSGIAttachDaemon directive (see
 * gw_attach_config.h).  Runs at config time in the Apache parent.
 */
#include "gw_attach_config.h"

#include "apr_lib.h"
#include "apr_strings.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GW_ATTACH_NAME_MAX     64

static const struct { const char *name; int sig; } attach_signals[] = {
    { "TERM", SIGTERM }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
    { "HUP", SIGHUP }, { "USR1", SIGUSR1 }, { "USR2", SIGUSR2 },
    { NULL, 0 }
};

static const char *parse_signal(cmd_parms *cmd, const char *gname,
                                const char *opt, const char *v,
                                int allow_none, int *out)
{
    const char *n = strncasecmp(v, "SIG", 3) ? v : v + 3;

    if (allow_none && !strcasecmp(v, "none")) {
        *out = 0;
        return NULL;
    }
    for (int i = 0; attach_signals[i].name; i++) {
        if (!strcasecmp(n, attach_signals[i].name)) {
            *out = attach_signals[i].sig;
            return NULL;
        }
    }
    return apr_psprintf(cmd->pool, "GW00065: WSGIAttachDaemon %s: %s=%s is "
                        "not a signal the runner passes on: use TERM, INT, "
                        "QUIT, HUP, USR1 or USR2%s", gname, opt, v,
                        allow_none ? " (or none)" : "");
}

static int valid_name(const char *n)
{
    size_t len = strlen(n);
    if (len == 0 || len > GW_ATTACH_NAME_MAX)
        return 0;
    for (const char *c = n; *c; c++)
        if (!apr_isalnum(*c) && *c != '-' && *c != '_' && *c != '.')
            return 0;
    return 1;
}

/* WSGIAttachDaemon group [name=] [stop-signal=] [reload-signal=]
 *                  [stop-timeout=] /command arg...
 * Options are recognised until the first word that is not one; from
 * there on every word (empty ones too) belongs to the command. */
const char *gw_attach_cmd(cmd_parms *cmd, void *dc, const char *args)
{
    (void)dc;
    const char *gname = ap_getword_conf(cmd->pool, &args);
    const char *err;

    if (!*gname)
        return "GW00062: WSGIAttachDaemon needs a process group and a "
               "command, e.g. WSGIAttachDaemon shop /srv/shop/venv/bin/"
               "celery -A shop worker";
    gw_group *g = gw_group_find(gname);
    if (!g)
        return apr_psprintf(cmd->pool, "GW00063: WSGIAttachDaemon %s: no "
                            "WSGIDaemonProcess %s is defined before this "
                            "line; define the group first (an attached "
                            "daemon runs as its group's user, in its home "
                            "and with its python-home) or fix the name",
                            gname, gname);

    gw_attach *a = apr_pcalloc(cmd->pool, sizeof(*a));
    a->group = g;
    a->defined_at = cmd->directive
        ? apr_psprintf(cmd->pool, "%s:%d", cmd->directive->filename,
                       cmd->directive->line_num) : "(unknown)";
    a->stop_signal = SIGTERM;
    a->reload_signal = SIGHUP;
    a->stop_timeout = -1;
    a->command = apr_array_make(cmd->pool, 4, sizeof(const char *));

    for (;;) {
        while (apr_isspace(*args))
            args++;
        if (!*args)
            break;
        const char *word = ap_getword_conf(cmd->pool, &args);
        if (a->command->nelts) {
            *(const char **)apr_array_push(a->command) = word;
            continue;
        }
        if (!strncmp(word, "name=", 5)) {
            a->name = word + 5;
            if (!valid_name(a->name))
                return apr_psprintf(cmd->pool, "GW00067: WSGIAttachDaemon "
                                    "%s: name=%s must be 1 to %d letters, "
                                    "digits, '-', '_' or '.'", gname,
                                    a->name, GW_ATTACH_NAME_MAX);
        }
        else if (!strncmp(word, "stop-signal=", 12)) {
            if ((err = parse_signal(cmd, gname, "stop-signal", word + 12, 0,
                                    &a->stop_signal)))
                return err;
        }
        else if (!strncmp(word, "reload-signal=", 14)) {
            if ((err = parse_signal(cmd, gname, "reload-signal", word + 14,
                                    1, &a->reload_signal)))
                return err;
        }
        else if (!strncmp(word, "stop-timeout=", 13)) {
            char *end;
            long n = strtol(word + 13, &end, 10);
            if (!word[13] || *end || n < 0 || n > 86400)
                return apr_psprintf(cmd->pool, "GW00066: WSGIAttachDaemon "
                                    "%s: stop-timeout=%s is not a whole "
                                    "number of seconds from 0 to 86400",
                                    gname, word + 13);
            a->stop_timeout = apr_time_from_sec(n);
        }
        else if (word[0] != '/')
            return apr_psprintf(cmd->pool, "GW00064: WSGIAttachDaemon %s: "
                                "'%s' is neither an option (name=, "
                                "stop-signal=, reload-signal=, "
                                "stop-timeout=) nor an absolute path: the "
                                "command must be given by its full path "
                                "(no shell, no PATH search), e.g. "
                                "/srv/app/venv/bin/celery", gname, word);
        else
            *(const char **)apr_array_push(a->command) = word;
    }
    if (!a->command->nelts)
        return apr_psprintf(cmd->pool, "GW00068: WSGIAttachDaemon %s: no "
                            "command after the options; give the command's "
                            "absolute path and its arguments", gname);
    if (!a->name) {
        const char *path = APR_ARRAY_IDX(a->command, 0, const char *);
        const char *base = strrchr(path, '/') + 1;
        a->name = valid_name(base) ? base : "attached";
    }
    gw_attach **list = (gw_attach **)gw_global->attached->elts;
    for (int i = 0; i < gw_global->attached->nelts; i++)
        if (list[i]->group == g && !strcmp(list[i]->name, a->name))
            return apr_psprintf(cmd->pool, "GW00069: WSGIAttachDaemon %s: "
                                "name '%s' is already used for this group "
                                "at %s; give each attached daemon of a group "
                                "its own name=", gname, a->name,
                                list[i]->defined_at);
    *(gw_attach **)apr_array_push(gw_global->attached) = a;
    return NULL;
}

