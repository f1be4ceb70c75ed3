/*
 * build/asan_options.c - linked into the sanitizer build of gateway-daemon
 * only.  The supervisor reads exit statuses 1..64 as signals (see
 * parent/gw_supervisor.c), so a sanitizer report must exit with a status
 * of its own; leak checking is off because the daemon ends with _exit().
 */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void)
{
    return "exitcode=120:detect_leaks=0:abort_on_error=0";
}

const char *__ubsan_default_options(void)
{
    return "print_stacktrace=1";
}
