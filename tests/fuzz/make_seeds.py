#!/usr/bin/python3
"""Writes the seed corpora for the protocol fuzzers (and the worker file's).

Standard library only; the encoding is done here independently of
proto/gw_proto.c so that the seeds also cross-check the C encoder's
idea of the format (see docs/protocol.md).  Run from anywhere:

    /usr/bin/python3 tests/fuzz/make_seeds.py

The outputs are committed; rerunning rewrites them byte for byte.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

FRAME_HEADERS, FRAME_BODY, FRAME_END, FRAME_ABORT = 1, 2, 3, 4
FRAME_START, FRAME_RETRY, FRAME_FORBIDDEN = 5, 7, 9
FRAME_END_KEEP, FRAME_ANSWER = 8, 10
FRAME_WEBSOCKET = 11


def kv(pairs):
    """The vars / HEADERS encoding: u16le klen, key, u16le vlen, value."""
    out = b""
    for k, v in pairs:
        k = k.encode("latin-1") if isinstance(k, str) else k
        v = v.encode("latin-1") if isinstance(v, str) else v
        out += struct.pack("<H", len(k)) + k + struct.pack("<H", len(v)) + v
    return out


def request(pairs, body=b""):
    """uwsgi packet: modifier1=0, u16le datasize, modifier2=0, vars."""
    vars_ = kv(pairs)
    assert len(vars_) <= 0xFFFF
    return struct.pack("<BHB", 0, len(vars_), 0) + vars_ + body


def frame(ftype, payload=b""):
    """u8 type, u8 flags=0, u16 reserved=0, u32le length, payload."""
    return struct.pack("<BBHI", ftype, 0, 0, len(payload)) + payload


def names(slots):
    """A dispatch ANSWER payload: 5, the byte saying which of the three
    names follow, then each as u16le len + bytes."""
    mask = sum(1 << i for i, n in enumerate(slots) if n is not None)
    return bytes([5, mask]) + b"".join(
        struct.pack("<H", len(n)) + n for n in slots if n is not None)


def answer(kind, items):
    """An ANSWER payload: the answer byte, then u16le len + bytes each."""
    return bytes([kind]) + b"".join(struct.pack("<H", len(i)) + i
                                    for i in items)


GATEWAY = [
    ("gateway.script", "/srv/app/app.wsgi"),
    ("gateway.application_group", ""),
    ("gateway.callable", "application"),
]

REQUESTS = {
    "get_minimal": request([
        ("REQUEST_METHOD", "GET"),
        ("SCRIPT_NAME", ""),
        ("PATH_INFO", "/"),
        ("QUERY_STRING", ""),
        ("SERVER_PROTOCOL", "HTTP/1.1"),
        ("HTTP_HOST", "localhost"),
    ] + GATEWAY),
    "post_with_body": request([
        ("REQUEST_METHOD", "POST"),
        ("PATH_INFO", "/submit"),
        ("CONTENT_TYPE", "application/x-www-form-urlencoded"),
        ("CONTENT_LENGTH", "7"),
    ] + GATEWAY, body=b"a=1&b=2"),
    "no_vars": request([]),
    "empty_key_and_values": request([("", ""), ("A", ""), ("", "v")]),
    "duplicate_gateway": request(GATEWAY + GATEWAY),
    # An auth hook call: no body, the hook and its arguments.
    "hook_check_password": request([
        ("REQUEST_METHOD", "GET"),
        ("REQUEST_URI", "/secret/"),
    ] + GATEWAY + [
        ("gateway.hook", "check_password"),
        ("gateway.user", "alice"),
        ("gateway.password", "wonderland"),
    ]),
    "hook_allow_access": request(GATEWAY + [
        ("gateway.hook", "allow_access"),
        ("gateway.host", "192.0.2.7"),
    ]),
    # A dispatch script's call: no argument, the request's CONTENT_LENGTH
    # under a control name.
    "hook_dispatch": request([
        ("REQUEST_METHOD", "POST"),
        ("REQUEST_URI", "/d/b"),
    ] + GATEWAY + [
        ("gateway.hook", "dispatch"),
        ("gateway.content_length", "7"),
    ]),
}

RESPONSES = {
    "hello": (
        frame(FRAME_HEADERS, kv([
            (":status", "200 OK"),
            ("Content-Type", "text/plain"),
        ]))
        + frame(FRAME_BODY, b"hello\n")
        + frame(FRAME_END)
    ),
    "status_only": frame(FRAME_HEADERS, kv([(":status", "204 ")]))
    + frame(FRAME_END),
    "many_headers_chunks": (
        frame(FRAME_HEADERS, kv([
            (":status", "302 Found"),
            ("Location", "/elsewhere"),
            ("Set-Cookie", "a=b; Path=/"),
            ("Set-Cookie", "c=d"),
            ("X-Tab", "a\tb"),
            ("X-Latin1", b"caf\xe9"),
            ("X-Empty", ""),
        ]))
        + frame(FRAME_BODY, b"part one ")
        + frame(FRAME_BODY, b"")
        + frame(FRAME_BODY, b"part two")
        + frame(FRAME_END)
    ),
    # The first frame of every response: START (taken) or RETRY (stale),
    # each with the sender's pid.
    "start_then_hello": (
        frame(FRAME_START, struct.pack("<I", 12345))
        + frame(FRAME_HEADERS, kv([(":status", "200 OK")]))
        + frame(FRAME_BODY, b"hello\n")
        + frame(FRAME_END)
    ),
    "retry": frame(FRAME_RETRY, struct.pack("<I", 0x7fffffff)),
    "retry_without_pid": frame(FRAME_RETRY),
    "abort_before_headers": frame(FRAME_ABORT, b"ImportError: no module"),
    # script-user=/script-group= refused the script: 403 from Apache.
    "forbidden": (
        frame(FRAME_START, struct.pack("<I", 12345))
        + frame(FRAME_FORBIDDEN, b"WSGI script /srv/a.wsgi is owned by uid "
                b"1002, not script-user=shop (uid 1001)")
    ),
    "abort_after_headers": (
        frame(FRAME_HEADERS, kv([(":status", "200 OK")]))
        + frame(FRAME_BODY, b"partial")
        + frame(FRAME_ABORT, b"RuntimeError")
    ),
    # Rejected by the decoder; useful starting points for mutations.
    "injection_attempt": frame(FRAME_HEADERS, kv([
        (":status", "200 OK"),
        ("X-Bad", "a\r\nSet-Cookie: a=b"),
    ])) + frame(FRAME_END),
    # A status that is not a final one, with a forged response as body.
    "interim_status_split": frame(FRAME_HEADERS, kv([
        (":status", "100 Continue"),
        ("Content-Type", "text/plain"),
    ])) + frame(FRAME_BODY, b"HTTP/1.1 200 OK\r\nSet-Cookie: a=b\r\n\r\n")
    + frame(FRAME_END),
    "status_599": frame(FRAME_HEADERS, kv([(":status", "599 X")]))
    + frame(FRAME_END),
    # Auth hook answers (proto/gw_hook.h): the answer byte (0 None, 1
    # True, 2 False, 3 one text item, 4 a list), then u16le-sized items.
    "answer_true": frame(FRAME_START, struct.pack("<I", 12345))
    + frame(FRAME_ANSWER, b"\x01") + frame(FRAME_END_KEEP),
    "answer_user": frame(FRAME_ANSWER, answer(3, [b"alice"]))
    + frame(FRAME_END),
    "answer_groups": frame(FRAME_ANSWER, answer(4, [b"staff", b"caf\xe9",
                                                    b"secret-agents"]))
    + frame(FRAME_END),
    "answer_empty_list": frame(FRAME_ANSWER, b"\x04") + frame(FRAME_END),
    # Refused: an item after True, a name with CR LF.
    "answer_true_and_item": frame(FRAME_ANSWER, answer(1, [b"x"])),
    "answer_crlf_user": frame(FRAME_ANSWER, answer(3, [b"a\r\nb"])),
    # Dispatch answers: 5, a byte with one bit per name that follows
    # (process group, application group, callable object), the names.
    "names_group": frame(FRAME_ANSWER, names([b"gb", None, None]))
    + frame(FRAME_END_KEEP),
    "names_all": frame(FRAME_ANSWER, names([b"ga", b"", b"other"]))
    + frame(FRAME_END),
    "names_none": frame(FRAME_ANSWER, names([None, None, None]))
    + frame(FRAME_END),
    # Refused: a fourth name, a name with CR LF.
    "names_fourth": frame(FRAME_ANSWER, b"\x05\x0f" + b"".join(
        struct.pack("<H", 1) + c for c in (b"a", b"b", b"c", b"d"))),
    "names_crlf": frame(FRAME_ANSWER, names([b"a\r\nb", None, None])),
    # The answer to a WebSocket handshake: accept (then raw bytes), deny.
    "websocket_accept": (
        frame(FRAME_START, struct.pack("<I", 12345))
        + frame(FRAME_WEBSOCKET, kv([
            (":websocket", "accept"), (":subprotocol", "chat.v2"),
            ("Set-Cookie", "room=lobby"), ("X-Server", "gateway"),
        ]))
        + b"\x81\x05Hello"
    ),
    "websocket_deny": frame(FRAME_WEBSOCKET, kv([(":websocket", "deny")])),
    "websocket_reserved": frame(FRAME_WEBSOCKET, kv([
        (":websocket", "accept"), ("Sec-WebSocket-Extensions",
                                   "permessage-deflate"),
    ])),
    "websocket_split": frame(FRAME_WEBSOCKET, kv([
        (":websocket", "accept"), (":subprotocol", "a\r\nX: y"),
    ])),
}


def chunk(data):
    """Request body chunk: u32le len, data; chunk(b"") ends the body."""
    return struct.pack("<I", len(data)) + data


def chunks_input(mode, sizes=b"", reads=b"", payload=b""):
    """fuzz_chunks input: mode, chunk-size plan, read-size plan, payload
    (see the comment at the top of tests/fuzz/fuzz_chunks.c)."""
    return (bytes([mode, len(sizes)]) + bytes(sizes)
            + bytes([len(reads)]) + bytes(reads) + payload)


CHUNKS = {
    # mode 0: the target frames the payload itself and checks the round trip
    "roundtrip_empty_body": chunks_input(0),
    "roundtrip_one_chunk": chunks_input(0, payload=b"a=1&b=2"),
    "roundtrip_small_chunks_bytewise_reads": chunks_input(
        0, sizes=[0, 2, 6], reads=[0], payload=b"hello, chunked world"),
    "roundtrip_big_chunks_garbage_after": chunks_input(
        0 | (3 << 1), sizes=[0x85, 10], reads=[254, 3],
        payload=bytes(range(256)) * 4),
    # mode 1: the payload is a raw stream as the daemon would receive it
    "stream_module_like": chunks_input(
        1, reads=[3], payload=chunk(b"hello") + chunk(b" world") + chunk(b"")),
    "stream_truncated_in_data": chunks_input(
        1, reads=[1, 7], payload=struct.pack("<I", 0x10000) + b"x" * 40),
    "stream_data_after_end": chunks_input(
        1, payload=chunk(b"abc") + chunk(b"") + b"junk" + chunk(b"more")),
    "stream_partial_header": chunks_input(1, reads=[0], payload=b"\x05\x00"),
    "stream_huge_length": chunks_input(
        1, reads=[15], payload=b"\xff\xff\xff\xff" + b"y" * 20),
}


def record(level, tid, text):
    """What gw_log() writes into a log pipe (proto/gw_logline.h)."""
    return b"\x01%d %d " % (level, tid) + text + b"\n"


# fuzz_logline: byte 0 even (a pipe's bytes; it also seeds the read
# sizes) or odd (a control message from the Apache parent).
LOGLINES = {
    "stream_records_and_raw": b"\x00" + record(3, 4242, b"GW03001: hello")
    + b"[Mon Jan 01 00:00:00.000000 2024] [core:crit] [pid 1] AH00000: "
      b"forged\r\x1b[2J\n" + record(1, 77, b"GW04010: x\xc2\x9by")
    + b"partial",
    "stream_overlong": b"\x02" + b"a" * 9000 + b"\n" + record(0, 1, b""),
    "stream_exact_piece": b"\x04" + b"b" * 4096 + b"\n" + b"c" * 4096,
    "ctl_log": b"\x01log",
    "ctl_pipe": b"\x01pipe 1234 d my group",
    "ctl_pipe_attach": b"\x01pipe 2147483647 a g",
    "ctl_bad": b"\x01pipe 0123 d g",
}


def ws_frame(opcode, payload=b"", fin=True, mask=b"\x37\xfa\x21\x3d",
             rsv=0):
    """An RFC 6455 frame (5.2), masked as a client sends it unless mask
    is None."""
    first = (0x80 if fin else 0) | rsv << 4 | opcode
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", first, n)
    elif n <= 0xFFFF:
        head = struct.pack("!BBH", first, 126, n)
    else:
        head = struct.pack("!BBQ", first, 127, n)
    if mask is None:
        return head + payload
    head = head[:1] + bytes([head[1] | 0x80]) + head[2:] + mask
    return head + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def ws_input(mode, reads=b"", payload=b""):
    """fuzz_websocket input: mode, read-size plan, payload (see the
    comment at the top of tests/fuzz/fuzz_websocket.c)."""
    return bytes([mode, len(reads)]) + bytes(reads) + payload


# mode bit 0: raw stream; bit 1: masked (a client's); bits 2-3: limit.
WS_CLIENT = 1 | 2
WEBSOCKET = {
    "client_hello": ws_input(WS_CLIENT, payload=ws_frame(1, b"Hello")),
    "client_fragments_ping_close": ws_input(
        WS_CLIENT, reads=[2, 0, 6],
        payload=ws_frame(1, b"caf\xc3", fin=False)
        + ws_frame(9, b"ping") + ws_frame(0, b"\xa9 au lait")
        + ws_frame(2, bytes(range(256)))
        + ws_frame(8, struct.pack("!H", 1000) + b"bye")
        + ws_frame(1, b"after the close")),
    "client_long_lengths": ws_input(
        WS_CLIENT, reads=[254, 1],
        payload=ws_frame(2, b"x" * 300) + ws_frame(2, b"y" * 126)),
    "client_bad_utf8": ws_input(WS_CLIENT, payload=ws_frame(1, b"ok\xed\xa0\x80")),
    "client_over_limit": ws_input(
        WS_CLIENT | 1 << 2, payload=ws_frame(2, b"0123456789", fin=False)
        + ws_frame(0, b"abcdefg")),
    "client_unmasked": ws_input(WS_CLIENT, payload=ws_frame(1, b"x", mask=None)),
    "client_reserved": ws_input(
        WS_CLIENT, payload=ws_frame(1, b"x", rsv=4) + ws_frame(3, b"")),
    "client_bad_close": ws_input(
        WS_CLIENT, payload=ws_frame(8, struct.pack("!H", 1005))),
    "client_big_ping": ws_input(WS_CLIENT, payload=ws_frame(9, b"p" * 126)),
    "server_frames": ws_input(
        1 | 3 << 2, payload=ws_frame(1, b"Hello", mask=None)
        + ws_frame(10, b"", mask=None) + ws_frame(8, b"", mask=None)),
    # mode 0: messages the target frames itself (kind, length, bytes)
    "roundtrip": ws_input(0, reads=[3], payload=b"\x01\x02\x03\x04"
                          + b"\x00\x05hello" + b"\x0b\x04\xc0\xc1ab"
                          + b"\xe3\x02zz" + b"\xf9\x01y" + b"\x1f\x00"),
}


SECRET = "0123456789abcdef" * 4
HANDOVER_BASE = ("group shop\nthreads 15\nprocesses 2\nmultiprocess 1\n"
                 "peer-uid 33\nshutdown-timeout 5\nlog-level 3\n"
                 "secret %s\n" % SECRET)
HANDOVERS = {
    "minimal": HANDOVER_BASE.encode(),
    "full": (HANDOVER_BASE
             + "python-home /srv/venv\npython-path /srv/a:/srv/b\n"
               "maximum-requests 1000\nmaximum-rss 104857600\n"
               "restart-interval 3600\ninactivity-timeout 300\n"
               "request-timeout 60\ndeadlock-timeout 300\n"
               "startup-timeout 15\nkill-timeout 5\n"
               "restart-file /srv/restart.txt\n"
               "script-reloading 0\nscript /srv/b.wsgi\n"
               "script /srv/a.wsgi\nscript-dir /srv/apps\n"
               "import-script %{GLOBAL}\t/srv/a.wsgi\n").encode(),
    # script-user= (script-group= alike): the id decides, the name is
    # for log lines.
    "script-owner": (HANDOVER_BASE + "script-uid 0\nscript-user root\n"
                     "script-gid -1\n").encode(),
    "unknown-key": (HANDOVER_BASE + "no-such-key 1\n").encode(),
    "out-of-range": HANDOVER_BASE.replace("threads 15",
                                          "threads 1001").encode(),
    # A required text left empty: refused (it once parsed as unset).
    "empty-group": HANDOVER_BASE.replace("group shop", "group ").encode(),
}


# fuzz_workerfile: worker files (proto/gw_workerfile.h), taken and refused.
WORKERFILES = {
    "procfile": b"# shop\n"
                b"proxy: /srv/shop/venv/bin/python -m shop.proxy\n"
                b"celery: after=proxy stop-timeout=30 "
                b"/srv/shop/venv/bin/celery -A shop worker --loglevel=INFO\n"
                b"beat: after=celery,proxy stop-signal=INT reload-signal=none "
                b"restart-delay=10 /srv/shop/venv/bin/celery -A shop beat\n",
    "quotes": b"q: '/opt/my app/run' 'a $b' \"it's \\$1 \\\\ \\`\" '' "
              b"caf\xc3\xa9\n",
    "tabs_blank_comments": b"\n  # x\n\t\na:\t/bin/true\t\n",
    "cycle": b"a: after=b /bin/a\nb: after=c /bin/b\nc: after=a /bin/c\n",
    "shell_line": b"web: gunicorn -b 0.0.0.0:$PORT app:app && echo done\n",
    "unknown_setting": b"a: name=x stop-timeout=5 /bin/a\n",
    "crlf": b"a: /bin/a\r\nb: /bin/b\r\n",
    "no_final_newline": b"a: reload-signal=SIGUSR1 /bin/a",
}

# fuzz_control: byte 0 modulo 4 chooses: 0 a request the control process
# parses (as root), 1 a reply record gateway-ctl parses, 2 a relay the
# Apache parent parses (a worker command the control process passes on),
# 3 the parent's answer the control process checks (proto/gw_control.h).
CONTROLS = {
    "status": b"\x00status\n",
    "status_group": b"\x00status shop\n",
    "restart": b"\x00restart shop-2.example\n",
    "restart_longest": b"\x00restart " + b"n" * 127 + b"\n",
    "logs": b"\x00logs shop\n",
    "logs_follow": b"\x00logs shop follow\n",
    "two_lines": b"\x00status\nrestart shop\n",
    "double_space": b"\x00restart  shop\n",
    "crlf": b"\x00status\r\n",
    "no_lf": b"\x00status",
    "record_ok": b"\x01ok",
    "record_process": b"\x01process group=shop slot=0 pid=4242 "
                      b"state=not%20started last_exit=exited%20with%20"
                      b"status%20109%20(100%25) rss_bytes=-",
    "record_error": b"\x01error code=refused message=uid%201001%20may%20"
                    b"control%20no%20group",
    "record_overencoded": b"\x01ok a=%41",
    "reload_workers": b"\x00reload-workers shop\n",
    "stop_worker": b"\x00stop-worker shop celery\n",
    "start_worker_longest": b"\x00start-worker " + b"g" * 127 + b" "
                            + b"w" * 64 + b"\n",
    "stop_worker_no_name": b"\x00stop-worker shop\n",
    "record_worker": b"\x01worker group=shop name=celery pid=4243 "
                     b"state=back-off started=1796289242 restarts=2 "
                     b"last_exit=exited%20with%20status%201 "
                     b"source=worker-file",
    "relay_stop": b"\x027 1001 4242 gwtest-dev stop-worker shop celery\n",
    "relay_reload_root": b"\x022147483647 0 1 root reload-workers shop\n",
    "relay_no_user": b"\x0212 1001 4242 ? start-worker shop beat\n",
    "relay_leading_zero": b"\x0207 1001 4242 dev reload-workers shop\n",
    "answer_ok": b"\x037\nok\nworker group=shop name=celery pid=4243 "
                 b"action=stopping reason=sent%20SIGTERM\nend\n",
    "answer_reload": b"\x0312\nok\nreload group=shop file=/srv/shop/"
                     b"Procfile entries=2 new=1 removed=0 changed=0\n"
                     b"worker group=shop name=a pid=- action=starting\n"
                     b"end\n",
    "answer_error": b"\x039\nerror code=worker-file message=GW00132:%20/"
                    b"srv/shop/Procfile:3:%20'$'%20outside%20quotes\n",
    "answer_cut": b"\x039\nok\nworker group=shop\n",
}


def write(subdir, seeds):
    d = os.path.join(HERE, "corpus", subdir)
    os.makedirs(d, exist_ok=True)
    for name, data in sorted(seeds.items()):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def main():
    write("request", REQUESTS)
    write("headers", RESPONSES)
    write("chunks", CHUNKS)
    write("logline", LOGLINES)
    write("handover", HANDOVERS)
    write("workerfile", WORKERFILES)
    write("control", CONTROLS)
    write("websocket", WEBSOCKET)


if __name__ == "__main__":
    main()
