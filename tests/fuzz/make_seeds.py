#!/usr/bin/python3
"""Writes the seed corpora for the protocol fuzzers.

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
    "abort_before_headers": frame(FRAME_ABORT, b"ImportError: no module"),
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


if __name__ == "__main__":
    main()
