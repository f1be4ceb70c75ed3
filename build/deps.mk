.libs/mod_gateway.so: mod_gateway.c /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 /usr/include/apache2/http_core.h /usr/include/apr-1.0/apr_hash.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/util_filter.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_expr.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_request.h /usr/include/apache2/mpm_common.h \
 /usr/include/apache2/ap_mpm.h /usr/include/apache2/scoreboard.h \
 /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apr-1.0/apr_proc_mutex.h module/gw_authhook.h \
 module/gw_config.h module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h module/gw_diagnose.h module/gw_handler.h \
 module/gw_route.h module/gw_linkpool.h module/gw_config.h \
 parent/gw_supervisor.h module/gw_slots.h parent/gw_control_parent.h \
 module/gw_status.h module/gw_tally.h module/gw_workerfile_config.h \
 module/gw_tunnel.h module/gw_link.h proto/gw_proto.h
.libs/mod_gateway.so: module/gw_attach_config.c module/gw_attach_config.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_lib.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_authconf.c module/gw_authconf.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_config.h module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h /usr/include/apache2/http_core.h \
 /usr/include/apr-1.0/apr_hash.h /usr/include/apr-1.0/apr_optional.h \
 /usr/include/apache2/util_filter.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_expr.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/http_main.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_authhook.c module/gw_authhook.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 module/gw_config.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/util_cfgtree.h module/gw_proxy.h proto/gw_fds.h \
 module/gw_mount.h /usr/include/apache2/ap_regex.h module/gw_hookcall.h \
 module/gw_authconf.h proto/gw_hook.h proto/gw_proto.h \
 /usr/include/apache2/ap_provider.h /usr/include/apache2/http_core.h \
 /usr/include/apr-1.0/apr_hash.h /usr/include/apr-1.0/apr_optional.h \
 /usr/include/apache2/util_filter.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_expr.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_request.h \
 /usr/include/apache2/mod_auth.h
.libs/mod_gateway.so: module/gw_body.c module/gw_body.h module/gw_link.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_proto.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/http_protocol.h /usr/include/apache2/httpd.h \
 /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_mmap.h \
 /usr/include/apache2/util_filter.h /usr/include/apache2/util_filter.h
.libs/mod_gateway.so: module/gw_compat.c module/gw_compat.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_config.h module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_config.c module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h module/gw_attach_config.h \
 module/gw_authconf.h module/gw_options.h proto/gw_handover.h \
 proto/gw_fds.h module/gw_compat.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_core.h \
 /usr/include/apr-1.0/apr_hash.h /usr/include/apr-1.0/apr_optional.h \
 /usr/include/apache2/util_filter.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_expr.h /usr/include/apache2/http_main.h \
 /usr/include/apache2/unixd.h /usr/include/apache2/scoreboard.h \
 /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apache2/ap_listen.h /usr/include/apr-1.0/apr_proc_mutex.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_strings.h /usr/include/apache2/util_cfgtree.h
.libs/mod_gateway.so: module/gw_diagnose.c module/gw_diagnose.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 module/gw_authconf.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/util_cfgtree.h module/gw_options.h \
 module/gw_config.h module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_handover.h proto/gw_fds.h \
 module/gw_socketdir.h module/gw_compat.h module/gw_workerfile_config.h \
 /usr/include/apache2/http_core.h /usr/include/apr-1.0/apr_hash.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/util_filter.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_expr.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_main.h /usr/include/apache2/mpm_common.h \
 /usr/include/apache2/ap_mpm.h /usr/include/apache2/scoreboard.h \
 /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apr-1.0/apr_proc_mutex.h \
 /usr/include/apache2/util_cfgtree.h /usr/include/apr-1.0/apr_strings.h \
 /usr/include/apr-1.0/apr_file_info.h
.libs/mod_gateway.so: module/gw_dispatch.c module/gw_dispatch.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 module/gw_config.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/util_cfgtree.h module/gw_proxy.h proto/gw_fds.h \
 module/gw_mount.h /usr/include/apache2/ap_regex.h module/gw_hookcall.h \
 module/gw_authconf.h proto/gw_hook.h proto/gw_proto.h \
 module/gw_modwsgi_env.h module/gw_route.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_handler.c module/gw_handler.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 module/gw_body.h module/gw_link.h module/gw_config.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_proto.h module/gw_dispatch.h \
 module/gw_modwsgi_env.h module/gw_packet.h module/gw_relay.h \
 module/gw_route.h module/gw_slots.h module/gw_tally.h module/gw_tunnel.h \
 /usr/include/apache2/http_core.h /usr/include/apr-1.0/apr_hash.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/util_filter.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_expr.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_protocol.h /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_mmap.h \
 /usr/include/apache2/http_request.h /usr/include/apache2/util_script.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_hookcall.c module/gw_hookcall.h \
 module/gw_authconf.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 proto/gw_hook.h proto/gw_proto.h module/gw_config.h module/gw_proxy.h \
 proto/gw_fds.h module/gw_mount.h /usr/include/apache2/ap_regex.h \
 module/gw_link.h proto/gw_proto.h module/gw_packet.h module/gw_route.h \
 module/gw_slots.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_script.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_link.c module/gw_link.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_proto.h module/gw_linkpool.h \
 module/gw_slots.h module/gw_tally.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_filter.h \
 /usr/include/apache2/httpd.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_linkpool.c module/gw_linkpool.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h /usr/include/apache2/ap_mpm.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/scoreboard.h \
 /usr/include/apache2/http_config.h /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apr-1.0/apr_optional.h \
 /usr/include/apr-1.0/apr_thread_mutex.h
.libs/mod_gateway.so: module/gw_modwsgi_env.c module/gw_modwsgi_env.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_core.h /usr/include/apr-1.0/apr_hash.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/util_filter.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_expr.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 /usr/include/apache2/http_log.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_mount.c module/gw_mount.h
.libs/mod_gateway.so: module/gw_options.c module/gw_options.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_handover.h proto/gw_fds.h \
 /usr/include/apr-1.0/apr_strings.h module/gw_compat.h proto/gw_control.h
.libs/mod_gateway.so: module/gw_packet.c module/gw_packet.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_proto.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h
.libs/mod_gateway.so: module/gw_proxy.c module/gw_proxy.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apr-1.0/apr_strings.h /usr/include/apr-1.0/apr_lib.h \
 /usr/include/apache2/http_core.h /usr/include/apr-1.0/apr_hash.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/util_filter.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_expr.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h
.libs/mod_gateway.so: module/gw_relay.c module/gw_relay.h \
 module/gw_link.h module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_proto.h module/gw_slots.h \
 module/gw_tunnel.h /usr/include/apache2/http_core.h \
 /usr/include/apr-1.0/apr_hash.h /usr/include/apr-1.0/apr_optional.h \
 /usr/include/apache2/util_filter.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_expr.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_protocol.h \
 /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_mmap.h \
 /usr/include/apache2/http_request.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_route.c module/gw_route.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 module/gw_config.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/util_cfgtree.h module/gw_proxy.h proto/gw_fds.h \
 module/gw_mount.h /usr/include/apache2/ap_regex.h module/gw_handler.h \
 /usr/include/apache2/http_core.h /usr/include/apr-1.0/apr_hash.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/util_filter.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_expr.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_request.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_scoreboard_read.c \
 module/gw_scoreboard_read.h module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_scoreboard.h proto/gw_fds.h \
 proto/gw_clock.h
.libs/mod_gateway.so: module/gw_slots.c module/gw_slots.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_backoff.h proto/gw_exit.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_socketdir.c module/gw_socketdir.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_status.c module/gw_status.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 module/gw_status_model.h module/gw_config.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h module/gw_slots.h \
 module/gw_scoreboard_read.h proto/gw_scoreboard.h proto/gw_fds.h \
 /usr/include/apache2/http_core.h /usr/include/apr-1.0/apr_hash.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/util_filter.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_expr.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_protocol.h /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_mmap.h \
 /usr/include/apache2/http_request.h /usr/include/apache2/mod_status.h \
 module/gw_tally.h /usr/include/apr-1.0/apr_strings.h \
 /usr/include/apr-1.0/apr_lib.h
.libs/mod_gateway.so: module/gw_status_model.c module/gw_status_model.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h module/gw_slots.h \
 module/gw_scoreboard_read.h proto/gw_scoreboard.h proto/gw_fds.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: module/gw_tally.c module/gw_tally.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_log.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_protocol.h \
 /usr/include/apache2/httpd.h /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_mmap.h \
 /usr/include/apache2/util_filter.h
.libs/mod_gateway.so: module/gw_tunnel.c module/gw_tunnel.h \
 module/gw_link.h module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_proto.h proto/gw_websocket.h \
 /usr/include/apache2/http_core.h /usr/include/apr-1.0/apr_hash.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/util_filter.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_expr.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_protocol.h /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_mmap.h \
 /usr/include/apache2/http_request.h /usr/include/apache2/util_filter.h \
 /usr/include/apr-1.0/apr_base64.h /usr/include/apr-1.0/apr_sha1.h \
 /usr/include/apr-1.0/apr_strings.h /usr/include/apache2/ap_mpm.h \
 /usr/include/apache2/scoreboard.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apache2/mpm_common.h /usr/include/apache2/ap_mpm.h \
 /usr/include/apr-1.0/apr_proc_mutex.h
.libs/mod_gateway.so: module/gw_workerfile_config.c \
 module/gw_workerfile_config.h module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h module/gw_attach_config.h \
 proto/gw_ownedfile.h proto/gw_workerfile.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_attach.c parent/gw_attach.h \
 module/gw_attach_config.h module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_attach_proto.h parent/gw_kept.h \
 /usr/include/apr-1.0/apr_sha1.h parent/gw_attach_order.h \
 parent/gw_attach_ops.h parent/gw_attach_table.h parent/gw_attach_ctl.h \
 proto/gw_control.h parent/gw_attach_runner.h parent/gw_exitinfo.h \
 parent/gw_workerset.h module/gw_config.h parent/gw_exe.h \
 proto/gw_backoff.h parent/gw_spawn.h proto/gw_exit.h proto/gw_log.h \
 parent/gw_logger.h proto/gw_logline.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_core.h \
 /usr/include/apr-1.0/apr_hash.h /usr/include/apr-1.0/apr_optional.h \
 /usr/include/apache2/util_filter.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_expr.h /usr/include/apache2/ap_mpm.h \
 /usr/include/apache2/scoreboard.h /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apr-1.0/apr_strings.h /usr/include/apr-1.0/apr_lib.h
.libs/mod_gateway.so: parent/gw_attach_ctl.c parent/gw_attach_ctl.h \
 parent/gw_attach.h module/gw_attach_config.h module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_attach_proto.h parent/gw_kept.h \
 /usr/include/apr-1.0/apr_sha1.h proto/gw_control.h \
 parent/gw_attach_ops.h parent/gw_attach_order.h \
 parent/gw_attach_runner.h parent/gw_exitinfo.h parent/gw_control_reply.h \
 proto/gw_exit.h proto/gw_log.h parent/gw_workerset.h module/gw_config.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_attach_order.c parent/gw_attach_order.h \
 parent/gw_attach.h module/gw_attach_config.h module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_attach_proto.h parent/gw_kept.h \
 /usr/include/apr-1.0/apr_sha1.h
.libs/mod_gateway.so: parent/gw_attach_runner.c parent/gw_attach_runner.h \
 parent/gw_attach.h module/gw_attach_config.h module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_attach_proto.h parent/gw_kept.h \
 /usr/include/apr-1.0/apr_sha1.h parent/gw_exitinfo.h parent/gw_spawn.h \
 module/gw_config.h proto/gw_exit.h proto/gw_log.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_attach_stop.c parent/gw_attach_ops.h \
 parent/gw_attach.h module/gw_attach_config.h module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_attach_proto.h parent/gw_kept.h \
 /usr/include/apr-1.0/apr_sha1.h parent/gw_attach_order.h \
 parent/gw_attach_runner.h parent/gw_exitinfo.h proto/gw_log.h \
 parent/gw_logger.h proto/gw_logline.h parent/gw_spawn.h \
 module/gw_config.h proto/gw_exit.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_core.h \
 /usr/include/apr-1.0/apr_hash.h /usr/include/apr-1.0/apr_optional.h \
 /usr/include/apache2/util_filter.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_expr.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_attach_table.c parent/gw_attach_table.h \
 parent/gw_attach.h module/gw_attach_config.h module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_attach_proto.h parent/gw_kept.h \
 /usr/include/apr-1.0/apr_sha1.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_control_auth.c parent/gw_control_auth.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_strings.h \
 /usr/include/apache2/unixd.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/scoreboard.h \
 /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/ap_listen.h \
 /usr/include/apr-1.0/apr_proc_mutex.h \
 /usr/include/apr-1.0/apr_global_mutex.h
.libs/mod_gateway.so: parent/gw_control_bell.c parent/gw_control_bell.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 parent/gw_attach_ctl.h parent/gw_attach.h module/gw_attach_config.h \
 module/gw_config.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/util_cfgtree.h module/gw_proxy.h proto/gw_fds.h \
 module/gw_mount.h /usr/include/apache2/ap_regex.h \
 proto/gw_attach_proto.h parent/gw_kept.h /usr/include/apr-1.0/apr_sha1.h \
 proto/gw_control.h parent/gw_control_reply.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/ap_mpm.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/scoreboard.h /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_control_cmd.c parent/gw_control_cmd.h \
 proto/gw_control.h parent/gw_control_auth.h module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h parent/gw_control_logs.h \
 parent/gw_control_reply.h parent/gw_attach_table.h parent/gw_attach.h \
 module/gw_attach_config.h module/gw_config.h proto/gw_attach_proto.h \
 parent/gw_kept.h /usr/include/apr-1.0/apr_sha1.h \
 module/gw_status_model.h module/gw_slots.h module/gw_scoreboard_read.h \
 proto/gw_scoreboard.h proto/gw_fds.h proto/gw_backoff.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_control_logs.c parent/gw_control_logs.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_control.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_control_parent.c \
 parent/gw_control_parent.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 parent/gw_control_server.h parent/gw_control_bell.h \
 parent/gw_attach_table.h parent/gw_attach.h module/gw_attach_config.h \
 module/gw_config.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/util_cfgtree.h module/gw_proxy.h proto/gw_fds.h \
 module/gw_mount.h /usr/include/apache2/ap_regex.h \
 proto/gw_attach_proto.h parent/gw_kept.h /usr/include/apr-1.0/apr_sha1.h \
 module/gw_config.h proto/gw_backoff.h parent/gw_exitinfo.h \
 parent/gw_spawn.h proto/gw_exit.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/ap_mpm.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/scoreboard.h \
 /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_control_reply.c parent/gw_control_reply.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 proto/gw_control.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_control_server.c \
 parent/gw_control_server.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 parent/gw_control_cmd.h proto/gw_control.h parent/gw_control_auth.h \
 module/gw_config.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/util_cfgtree.h module/gw_proxy.h proto/gw_fds.h \
 module/gw_mount.h /usr/include/apache2/ap_regex.h \
 parent/gw_control_logs.h parent/gw_control_reply.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h \
 /usr/include/apr-1.0/apr_strings.h /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h
.libs/mod_gateway.so: parent/gw_deathcause.c parent/gw_deathcause.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h parent/gw_exitinfo.h parent/gw_proc.h \
 module/gw_slots.h module/gw_config.h proto/gw_exit.h parent/gw_spawn.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_exe.c parent/gw_exe.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_time.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_file_io.h /usr/include/apr-1.0/apr_file_info.h \
 /usr/include/apr-1.0/apr_user.h /usr/include/apr-1.0/apr_inherit.h \
 /usr/include/apr-1.0/apr_perms_set.h /usr/include/apr-1.0/apr_buckets.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_mmap.h \
 /usr/include/apr-1.0/apr_ring.h /usr/include/apr-1.0/apr_poll.h \
 /usr/include/apr-1.0/apr_thread_proc.h /usr/include/apache2/ap_regex.h \
 /usr/include/apr-1.0/apr_uri.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/util_cfgtree.h module/gw_proxy.h proto/gw_fds.h \
 module/gw_mount.h /usr/include/apache2/ap_regex.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_exitinfo.c parent/gw_exitinfo.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h
.libs/mod_gateway.so: parent/gw_handover_memfd.c \
 parent/gw_handover_memfd.h module/gw_config.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_handover.h proto/gw_fds.h \
 parent/gw_memfd.h module/gw_compat.h module/gw_options.h \
 module/gw_config.h proto/gw_log.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_kept.c parent/gw_kept.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 proto/gw_fds.h /usr/include/apr-1.0/apr_sha1.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_logger.c parent/gw_logger.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_config.h \
 /usr/include/apache2/ap_hooks.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_hooks.h /usr/include/apr-1.0/apu.h \
 /usr/include/apr-1.0/apr_tables.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_errno.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 proto/gw_logline.h parent/gw_exe.h proto/gw_backoff.h parent/gw_kept.h \
 proto/gw_fds.h /usr/include/apr-1.0/apr_sha1.h parent/gw_spawn.h \
 module/gw_config.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/util_cfgtree.h module/gw_proxy.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_exit.h parent/gw_exitinfo.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/ap_mpm.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/scoreboard.h /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/unixd.h \
 /usr/include/apache2/ap_listen.h /usr/include/apr-1.0/apr_proc_mutex.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_memfd.c parent/gw_memfd.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_want.h \
 /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_retired.c parent/gw_retired.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h parent/gw_proc.h module/gw_slots.h \
 module/gw_config.h parent/gw_deathcause.h parent/gw_exitinfo.h \
 parent/gw_spawn.h proto/gw_exit.h proto/gw_log.h parent/gw_kept.h \
 /usr/include/apr-1.0/apr_sha1.h parent/gw_sockets.h \
 module/gw_socketdir.h parent/gw_logger.h proto/gw_logline.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h \
 /usr/include/apache2/http_core.h /usr/include/apr-1.0/apr_hash.h \
 /usr/include/apr-1.0/apr_optional.h /usr/include/apache2/util_filter.h \
 /usr/include/apache2/httpd.h /usr/include/apache2/ap_expr.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_scoreboard_parent.c \
 parent/gw_scoreboard_parent.h module/gw_scoreboard_read.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_scoreboard.h proto/gw_fds.h \
 parent/gw_memfd.h parent/gw_kept.h /usr/include/apr-1.0/apr_sha1.h \
 /usr/include/apache2/http_log.h /usr/include/apache2/http_config.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_sockets.c parent/gw_sockets.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h module/gw_socketdir.h parent/gw_kept.h \
 /usr/include/apr-1.0/apr_sha1.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_spawn.c parent/gw_spawn.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h proto/gw_exit.h parent/gw_exitinfo.h \
 proto/gw_log.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_supervisor.c parent/gw_supervisor.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h module/gw_slots.h module/gw_config.h \
 parent/gw_proc.h parent/gw_deathcause.h parent/gw_exitinfo.h \
 parent/gw_retired.h parent/gw_handover_memfd.h parent/gw_exe.h \
 proto/gw_backoff.h parent/gw_spawn.h proto/gw_exit.h proto/gw_log.h \
 parent/gw_kept.h /usr/include/apr-1.0/apr_sha1.h parent/gw_sockets.h \
 module/gw_socketdir.h parent/gw_attach.h module/gw_attach_config.h \
 proto/gw_attach_proto.h parent/gw_logger.h proto/gw_logline.h \
 parent/gw_scoreboard_parent.h module/gw_scoreboard_read.h \
 proto/gw_scoreboard.h proto/gw_fds.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/http_core.h \
 /usr/include/apr-1.0/apr_hash.h /usr/include/apr-1.0/apr_optional.h \
 /usr/include/apache2/util_filter.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_expr.h /usr/include/apache2/ap_mpm.h \
 /usr/include/apache2/scoreboard.h /usr/include/apr-1.0/apr_portable.h \
 /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apr-1.0/apr_global_mutex.h \
 /usr/include/apr-1.0/apr_proc_mutex.h /usr/include/apr-1.0/apr_dso.h \
 /usr/include/apr-1.0/apr_shm.h /usr/include/apr-1.0/apr_shm.h \
 /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: parent/gw_workerset.c parent/gw_workerset.h \
 module/gw_config.h /usr/include/apache2/httpd.h \
 /usr/include/apache2/ap_config.h /usr/include/apache2/ap_hooks.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_hooks.h \
 /usr/include/apr-1.0/apu.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr.h /usr/include/apr-1.0/apr_pools.h \
 /usr/include/apr-1.0/apr_errno.h /usr/include/apr-1.0/apr_general.h \
 /usr/include/apr-1.0/apr_want.h /usr/include/apr-1.0/apr_allocator.h \
 /usr/include/apr-1.0/apr_thread_mutex.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_optional_hooks.h /usr/include/apache2/os.h \
 /usr/include/apache2/ap_config_auto.h \
 /usr/include/apache2/ap_config_layout.h \
 /usr/include/apache2/apache_noprobes.h /usr/include/apache2/ap_mmn.h \
 /usr/include/apache2/ap_release.h /usr/include/apr-1.0/apr_version.h \
 /usr/include/apr-1.0/apr_general.h /usr/include/apr-1.0/apr_tables.h \
 /usr/include/apr-1.0/apr_pools.h /usr/include/apr-1.0/apr_time.h \
 /usr/include/apr-1.0/apr_network_io.h /usr/include/apr-1.0/apr_file_io.h \
 /usr/include/apr-1.0/apr_file_info.h /usr/include/apr-1.0/apr_user.h \
 /usr/include/apr-1.0/apr_inherit.h /usr/include/apr-1.0/apr_perms_set.h \
 /usr/include/apr-1.0/apr_buckets.h /usr/include/apr-1.0/apr_network_io.h \
 /usr/include/apr-1.0/apr_mmap.h /usr/include/apr-1.0/apr_ring.h \
 /usr/include/apr-1.0/apr_poll.h /usr/include/apr-1.0/apr_thread_proc.h \
 /usr/include/apache2/ap_regex.h /usr/include/apr-1.0/apr_uri.h \
 /usr/include/apache2/http_config.h /usr/include/apache2/util_cfgtree.h \
 module/gw_proxy.h proto/gw_fds.h module/gw_mount.h \
 /usr/include/apache2/ap_regex.h parent/gw_attach.h \
 module/gw_attach_config.h module/gw_config.h proto/gw_attach_proto.h \
 parent/gw_kept.h /usr/include/apr-1.0/apr_sha1.h \
 module/gw_workerfile_config.h parent/gw_attach_ctl.h proto/gw_control.h \
 parent/gw_control_reply.h /usr/include/apache2/http_log.h \
 /usr/include/apache2/http_config.h /usr/include/apr-1.0/apr_strings.h
.libs/mod_gateway.so: proto/gw_proto.c proto/gw_proto.h
.libs/mod_gateway.so: proto/gw_logline.c proto/gw_logline.h
.libs/mod_gateway.so: proto/gw_log.c proto/gw_log.h proto/gw_logline.h \
 proto/gw_clock.h
.libs/mod_gateway.so: proto/gw_handover.c proto/gw_handover.h \
 proto/gw_fds.h proto/gw_log.h
.libs/mod_gateway.so: proto/gw_hook.c proto/gw_hook.h proto/gw_proto.h
.libs/mod_gateway.so: proto/gw_websocket.c proto/gw_websocket.h
.libs/mod_gateway.so: proto/gw_workerfile.c proto/gw_workerfile.h
.libs/mod_gateway.so: proto/gw_ownedfile.c proto/gw_ownedfile.h
.libs/mod_gateway.so: proto/gw_control.c proto/gw_control.h
gateway-daemon: daemon/gw_conn.c daemon/gw_conn.h proto/gw_proto.h \
 daemon/gw_delegation.h proto/gw_handover.h proto/gw_fds.h proto/gw_log.h
gateway-daemon: daemon/gw_daemon.c interp/gw_asgi.h interp/gw_interp.h \
 daemon/gw_conn.h proto/gw_proto.h proto/gw_hook.h proto/gw_proto.h \
 daemon/gw_delegation.h proto/gw_handover.h proto/gw_fds.h \
 daemon/gw_intake.h daemon/gw_conn.h daemon/gw_reload.h \
 daemon/gw_request.h interp/gw_interp.h daemon/gw_scriptowner.h \
 proto/gw_exit.h proto/gw_fds.h proto/gw_exitguard.h proto/gw_log.h \
 daemon/gw_watchdog.h proto/gw_clock.h daemon/gw_scoreboard_daemon.h \
 proto/gw_scoreboard.h
gateway-daemon: daemon/gw_delegation.c daemon/gw_delegation.h \
 proto/gw_handover.h proto/gw_fds.h proto/gw_proto.h proto/gw_hook.h \
 proto/gw_proto.h proto/gw_log.h
gateway-daemon: daemon/gw_intake.c daemon/gw_intake.h daemon/gw_conn.h \
 proto/gw_proto.h proto/gw_clock.h proto/gw_log.h
gateway-daemon: daemon/gw_reload.c daemon/gw_reload.h
gateway-daemon: daemon/gw_request.c daemon/gw_request.h daemon/gw_conn.h \
 proto/gw_proto.h interp/gw_interp.h daemon/gw_conn.h proto/gw_hook.h \
 proto/gw_proto.h daemon/gw_delegation.h proto/gw_handover.h \
 proto/gw_fds.h proto/gw_exit.h proto/gw_log.h daemon/gw_reload.h \
 daemon/gw_scriptowner.h
gateway-daemon: daemon/gw_scoreboard_daemon.c \
 daemon/gw_scoreboard_daemon.h proto/gw_scoreboard.h proto/gw_fds.h \
 proto/gw_clock.h proto/gw_log.h
gateway-daemon: daemon/gw_scriptowner.c daemon/gw_scriptowner.h \
 proto/gw_handover.h proto/gw_fds.h proto/gw_log.h
gateway-daemon: daemon/gw_watchdog.c daemon/gw_watchdog.h \
 daemon/gw_request.h daemon/gw_conn.h proto/gw_proto.h interp/gw_interp.h \
 daemon/gw_conn.h proto/gw_hook.h proto/gw_proto.h proto/gw_clock.h \
 proto/gw_exit.h proto/gw_log.h
gateway-daemon: interp/gw_asgi.c interp/gw_asgi.h interp/gw_interp.h \
 daemon/gw_conn.h proto/gw_proto.h proto/gw_hook.h proto/gw_proto.h \
 interp/gw_asgi_conn.h /usr/include/python3.11/Python.h \
 /usr/include/python3.11/patchlevel.h /usr/include/python3.11/pyconfig.h \
 /usr/include/python3.11/pymacconfig.h /usr/include/python3.11/pyport.h \
 /usr/include/python3.11/exports.h /usr/include/python3.11/pymacro.h \
 /usr/include/python3.11/pymath.h /usr/include/python3.11/pymem.h \
 /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h interp/gw_asgi_scope.h \
 interp/gw_asgi_ws.h proto/gw_exit.h proto/gw_log.h interp/gw_pylog.h \
 interp/gw_script.h
gateway-daemon: interp/gw_asgi_conn.c interp/gw_asgi_conn.h \
 /usr/include/python3.11/Python.h /usr/include/python3.11/patchlevel.h \
 /usr/include/python3.11/pyconfig.h /usr/include/python3.11/pymacconfig.h \
 /usr/include/python3.11/pyport.h /usr/include/python3.11/exports.h \
 /usr/include/python3.11/pymacro.h /usr/include/python3.11/pymath.h \
 /usr/include/python3.11/pymem.h /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h daemon/gw_conn.h proto/gw_proto.h \
 proto/gw_log.h
gateway-daemon: interp/gw_asgi_scope.c interp/gw_asgi_scope.h \
 /usr/include/python3.11/Python.h /usr/include/python3.11/patchlevel.h \
 /usr/include/python3.11/pyconfig.h /usr/include/python3.11/pymacconfig.h \
 /usr/include/python3.11/pyport.h /usr/include/python3.11/exports.h \
 /usr/include/python3.11/pymacro.h /usr/include/python3.11/pymath.h \
 /usr/include/python3.11/pymem.h /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h proto/gw_proto.h
gateway-daemon: interp/gw_asgi_ws.c interp/gw_asgi_ws.h \
 /usr/include/python3.11/Python.h /usr/include/python3.11/patchlevel.h \
 /usr/include/python3.11/pyconfig.h /usr/include/python3.11/pymacconfig.h \
 /usr/include/python3.11/pyport.h /usr/include/python3.11/exports.h \
 /usr/include/python3.11/pymacro.h /usr/include/python3.11/pymath.h \
 /usr/include/python3.11/pymem.h /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h interp/gw_asgi_conn.h \
 daemon/gw_conn.h proto/gw_proto.h proto/gw_websocket.h
gateway-daemon: interp/gw_authcall.c interp/gw_authcall.h \
 interp/gw_interp.h daemon/gw_conn.h proto/gw_proto.h proto/gw_hook.h \
 proto/gw_proto.h interp/gw_script.h /usr/include/python3.11/Python.h \
 /usr/include/python3.11/patchlevel.h /usr/include/python3.11/pyconfig.h \
 /usr/include/python3.11/pymacconfig.h /usr/include/python3.11/pyport.h \
 /usr/include/python3.11/exports.h /usr/include/python3.11/pymacro.h \
 /usr/include/python3.11/pymath.h /usr/include/python3.11/pymem.h \
 /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h proto/gw_log.h interp/gw_pylog.h
gateway-daemon: interp/gw_dispatchcall.c interp/gw_dispatchcall.h \
 interp/gw_interp.h daemon/gw_conn.h proto/gw_proto.h proto/gw_hook.h \
 proto/gw_proto.h interp/gw_script.h /usr/include/python3.11/Python.h \
 /usr/include/python3.11/patchlevel.h /usr/include/python3.11/pyconfig.h \
 /usr/include/python3.11/pymacconfig.h /usr/include/python3.11/pyport.h \
 /usr/include/python3.11/exports.h /usr/include/python3.11/pymacro.h \
 /usr/include/python3.11/pymath.h /usr/include/python3.11/pymem.h \
 /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h interp/gw_authcall.h \
 proto/gw_log.h interp/gw_pylog.h
gateway-daemon: interp/gw_environ.c interp/gw_environ.h \
 /usr/include/python3.11/Python.h /usr/include/python3.11/patchlevel.h \
 /usr/include/python3.11/pyconfig.h /usr/include/python3.11/pymacconfig.h \
 /usr/include/python3.11/pyport.h /usr/include/python3.11/exports.h \
 /usr/include/python3.11/pymacro.h /usr/include/python3.11/pymath.h \
 /usr/include/python3.11/pymem.h /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h proto/gw_proto.h \
 interp/gw_filewrapper.h interp/gw_modwsgi.h proto/gw_log.h \
 interp/gw_pylog.h
gateway-daemon: interp/gw_filewrapper.c interp/gw_filewrapper.h \
 /usr/include/python3.11/Python.h /usr/include/python3.11/patchlevel.h \
 /usr/include/python3.11/pyconfig.h /usr/include/python3.11/pymacconfig.h \
 /usr/include/python3.11/pyport.h /usr/include/python3.11/exports.h \
 /usr/include/python3.11/pymacro.h /usr/include/python3.11/pymath.h \
 /usr/include/python3.11/pymem.h /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h
gateway-daemon: interp/gw_input.c interp/gw_input.h \
 /usr/include/python3.11/Python.h /usr/include/python3.11/patchlevel.h \
 /usr/include/python3.11/pyconfig.h /usr/include/python3.11/pymacconfig.h \
 /usr/include/python3.11/pyport.h /usr/include/python3.11/exports.h \
 /usr/include/python3.11/pymacro.h /usr/include/python3.11/pymath.h \
 /usr/include/python3.11/pymem.h /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h daemon/gw_conn.h proto/gw_proto.h
gateway-daemon: interp/gw_interp.c interp/gw_interp.h daemon/gw_conn.h \
 proto/gw_proto.h proto/gw_hook.h proto/gw_proto.h interp/gw_asgi.h \
 interp/gw_authcall.h interp/gw_script.h /usr/include/python3.11/Python.h \
 /usr/include/python3.11/patchlevel.h /usr/include/python3.11/pyconfig.h \
 /usr/include/python3.11/pymacconfig.h /usr/include/python3.11/pyport.h \
 /usr/include/python3.11/exports.h /usr/include/python3.11/pymacro.h \
 /usr/include/python3.11/pymath.h /usr/include/python3.11/pymem.h \
 /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h interp/gw_dispatchcall.h \
 interp/gw_environ.h proto/gw_log.h interp/gw_modwsgi.h interp/gw_pylog.h \
 interp/gw_reqstats.h interp/gw_wsgi.h
gateway-daemon: interp/gw_modwsgi.c interp/gw_modwsgi.h \
 interp/gw_filewrapper.h /usr/include/python3.11/Python.h \
 /usr/include/python3.11/patchlevel.h /usr/include/python3.11/pyconfig.h \
 /usr/include/python3.11/pymacconfig.h /usr/include/python3.11/pyport.h \
 /usr/include/python3.11/exports.h /usr/include/python3.11/pymacro.h \
 /usr/include/python3.11/pymath.h /usr/include/python3.11/pymem.h \
 /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h proto/gw_log.h interp/gw_pylog.h \
 interp/gw_reqstats.h
gateway-daemon: interp/gw_pylog.c interp/gw_pylog.h \
 /usr/include/python3.11/Python.h /usr/include/python3.11/patchlevel.h \
 /usr/include/python3.11/pyconfig.h /usr/include/python3.11/pymacconfig.h \
 /usr/include/python3.11/pyport.h /usr/include/python3.11/exports.h \
 /usr/include/python3.11/pymacro.h /usr/include/python3.11/pymath.h \
 /usr/include/python3.11/pymem.h /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h proto/gw_log.h
gateway-daemon: interp/gw_reqstats.c interp/gw_reqstats.h proto/gw_log.h
gateway-daemon: interp/gw_response.c interp/gw_response.h \
 interp/gw_wsgi_state.h /usr/include/python3.11/Python.h \
 /usr/include/python3.11/patchlevel.h /usr/include/python3.11/pyconfig.h \
 /usr/include/python3.11/pymacconfig.h /usr/include/python3.11/pyport.h \
 /usr/include/python3.11/exports.h /usr/include/python3.11/pymacro.h \
 /usr/include/python3.11/pymath.h /usr/include/python3.11/pymem.h \
 /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h daemon/gw_conn.h proto/gw_proto.h \
 interp/gw_environ.h interp/gw_wsgi.h interp/gw_reqstats.h proto/gw_log.h
gateway-daemon: interp/gw_script.c interp/gw_script.h \
 /usr/include/python3.11/Python.h /usr/include/python3.11/patchlevel.h \
 /usr/include/python3.11/pyconfig.h /usr/include/python3.11/pymacconfig.h \
 /usr/include/python3.11/pyport.h /usr/include/python3.11/exports.h \
 /usr/include/python3.11/pymacro.h /usr/include/python3.11/pymath.h \
 /usr/include/python3.11/pymem.h /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h interp/gw_interp.h \
 daemon/gw_conn.h proto/gw_proto.h proto/gw_hook.h proto/gw_proto.h \
 proto/gw_log.h interp/gw_pylog.h
gateway-daemon: interp/gw_start_response.c interp/gw_start_response.h \
 /usr/include/python3.11/Python.h /usr/include/python3.11/patchlevel.h \
 /usr/include/python3.11/pyconfig.h /usr/include/python3.11/pymacconfig.h \
 /usr/include/python3.11/pyport.h /usr/include/python3.11/exports.h \
 /usr/include/python3.11/pymacro.h /usr/include/python3.11/pymath.h \
 /usr/include/python3.11/pymem.h /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h interp/gw_wsgi_state.h \
 daemon/gw_conn.h proto/gw_proto.h interp/gw_environ.h interp/gw_wsgi.h \
 interp/gw_reqstats.h interp/gw_response.h
gateway-daemon: interp/gw_wsgi.c interp/gw_wsgi.h \
 /usr/include/python3.11/Python.h /usr/include/python3.11/patchlevel.h \
 /usr/include/python3.11/pyconfig.h /usr/include/python3.11/pymacconfig.h \
 /usr/include/python3.11/pyport.h /usr/include/python3.11/exports.h \
 /usr/include/python3.11/pymacro.h /usr/include/python3.11/pymath.h \
 /usr/include/python3.11/pymem.h /usr/include/python3.11/cpython/pymem.h \
 /usr/include/python3.11/pytypedefs.h /usr/include/python3.11/pybuffer.h \
 /usr/include/python3.11/object.h \
 /usr/include/python3.11/cpython/object.h \
 /usr/include/python3.11/objimpl.h \
 /usr/include/python3.11/cpython/objimpl.h \
 /usr/include/python3.11/typeslots.h /usr/include/python3.11/pyhash.h \
 /usr/include/python3.11/cpython/pydebug.h \
 /usr/include/python3.11/bytearrayobject.h \
 /usr/include/python3.11/cpython/bytearrayobject.h \
 /usr/include/python3.11/bytesobject.h \
 /usr/include/python3.11/cpython/bytesobject.h \
 /usr/include/python3.11/unicodeobject.h \
 /usr/include/python3.11/cpython/unicodeobject.h \
 /usr/include/python3.11/longobject.h \
 /usr/include/python3.11/cpython/longobject.h \
 /usr/include/python3.11/cpython/longintrepr.h \
 /usr/include/python3.11/boolobject.h \
 /usr/include/python3.11/floatobject.h \
 /usr/include/python3.11/cpython/floatobject.h \
 /usr/include/python3.11/complexobject.h \
 /usr/include/python3.11/cpython/complexobject.h \
 /usr/include/python3.11/rangeobject.h \
 /usr/include/python3.11/memoryobject.h \
 /usr/include/python3.11/tupleobject.h \
 /usr/include/python3.11/cpython/tupleobject.h \
 /usr/include/python3.11/listobject.h \
 /usr/include/python3.11/cpython/listobject.h \
 /usr/include/python3.11/dictobject.h \
 /usr/include/python3.11/cpython/dictobject.h \
 /usr/include/python3.11/cpython/odictobject.h \
 /usr/include/python3.11/enumobject.h /usr/include/python3.11/setobject.h \
 /usr/include/python3.11/cpython/setobject.h \
 /usr/include/python3.11/methodobject.h \
 /usr/include/python3.11/cpython/methodobject.h \
 /usr/include/python3.11/moduleobject.h \
 /usr/include/python3.11/cpython/funcobject.h \
 /usr/include/python3.11/cpython/classobject.h \
 /usr/include/python3.11/fileobject.h \
 /usr/include/python3.11/cpython/fileobject.h \
 /usr/include/python3.11/pycapsule.h \
 /usr/include/python3.11/cpython/code.h /usr/include/python3.11/pyframe.h \
 /usr/include/python3.11/cpython/pyframe.h \
 /usr/include/python3.11/traceback.h \
 /usr/include/python3.11/cpython/traceback.h \
 /usr/include/python3.11/sliceobject.h \
 /usr/include/python3.11/cpython/cellobject.h \
 /usr/include/python3.11/iterobject.h \
 /usr/include/python3.11/cpython/initconfig.h \
 /usr/include/python3.11/pystate.h \
 /usr/include/python3.11/cpython/pystate.h \
 /usr/include/python3.11/cpython/genobject.h \
 /usr/include/python3.11/descrobject.h \
 /usr/include/python3.11/cpython/descrobject.h \
 /usr/include/python3.11/genericaliasobject.h \
 /usr/include/python3.11/warnings.h \
 /usr/include/python3.11/cpython/warnings.h \
 /usr/include/python3.11/weakrefobject.h \
 /usr/include/python3.11/cpython/weakrefobject.h \
 /usr/include/python3.11/structseq.h \
 /usr/include/python3.11/cpython/picklebufobject.h \
 /usr/include/python3.11/cpython/pytime.h \
 /usr/include/python3.11/codecs.h /usr/include/python3.11/pyerrors.h \
 /usr/include/python3.11/cpython/pyerrors.h \
 /usr/include/python3.11/pythread.h \
 /usr/include/python3.11/cpython/pythread.h \
 /usr/include/python3.11/cpython/context.h \
 /usr/include/python3.11/modsupport.h \
 /usr/include/python3.11/cpython/modsupport.h \
 /usr/include/python3.11/compile.h \
 /usr/include/python3.11/cpython/compile.h \
 /usr/include/python3.11/pythonrun.h \
 /usr/include/python3.11/cpython/pythonrun.h \
 /usr/include/python3.11/pylifecycle.h \
 /usr/include/python3.11/cpython/pylifecycle.h \
 /usr/include/python3.11/ceval.h /usr/include/python3.11/cpython/ceval.h \
 /usr/include/python3.11/sysmodule.h \
 /usr/include/python3.11/cpython/sysmodule.h \
 /usr/include/python3.11/osmodule.h /usr/include/python3.11/intrcheck.h \
 /usr/include/python3.11/import.h \
 /usr/include/python3.11/cpython/import.h \
 /usr/include/python3.11/abstract.h \
 /usr/include/python3.11/cpython/abstract.h \
 /usr/include/python3.11/bltinmodule.h \
 /usr/include/python3.11/cpython/pyctype.h \
 /usr/include/python3.11/pystrtod.h /usr/include/python3.11/pystrcmp.h \
 /usr/include/python3.11/fileutils.h \
 /usr/include/python3.11/cpython/fileutils.h \
 /usr/include/python3.11/cpython/pyfpe.h \
 /usr/include/python3.11/tracemalloc.h daemon/gw_conn.h proto/gw_proto.h \
 interp/gw_environ.h interp/gw_reqstats.h interp/gw_filewrapper.h \
 interp/gw_input.h proto/gw_log.h interp/gw_pylog.h interp/gw_response.h \
 interp/gw_wsgi_state.h interp/gw_start_response.h
gateway-daemon: proto/gw_proto.c proto/gw_proto.h
gateway-daemon: proto/gw_logline.c proto/gw_logline.h
gateway-daemon: proto/gw_log.c proto/gw_log.h proto/gw_logline.h \
 proto/gw_clock.h
gateway-daemon: proto/gw_handover.c proto/gw_handover.h proto/gw_fds.h \
 proto/gw_log.h
gateway-daemon: proto/gw_hook.c proto/gw_hook.h proto/gw_proto.h
gateway-daemon: proto/gw_websocket.c proto/gw_websocket.h
gateway-daemon: proto/gw_exitguard.c proto/gw_exitguard.h proto/gw_log.h
gateway-attach: runner/gw_attach_main.c proto/gw_attach_proto.h \
 proto/gw_exit.h proto/gw_clock.h proto/gw_exitguard.h proto/gw_log.h
gateway-attach: proto/gw_log.c proto/gw_log.h proto/gw_logline.h \
 proto/gw_clock.h
gateway-attach: proto/gw_logline.c proto/gw_logline.h
gateway-attach: proto/gw_exitguard.c proto/gw_exitguard.h proto/gw_log.h
gateway-logger: runner/gw_logger_main.c proto/gw_logline.h \
 proto/gw_clock.h
gateway-logger: proto/gw_logline.c proto/gw_logline.h
gateway-ctl: runner/gw_ctl_main.c runner/gw_ctl.h proto/gw_control.h
gateway-ctl: runner/gw_ctl_print.c runner/gw_ctl.h proto/gw_control.h
gateway-ctl: proto/gw_control.c proto/gw_control.h
