#!/usr/bin/env python3
"""Holds N idle keep-alive connections to an aftermath server (or nginx in front of it) and
measures whether a new client is still served, and how fast, while they are held.

Each held connection sends one request first (GET /healthz, keep-alive), so it is a real
kept-alive client the server must remember, not a half-open socket. Then, every --probe-every
seconds, a fresh connection sends a normal request and its latency is recorded, and the held
connections the server closed are counted. Not part of `make check`: bench/load/run.sh.
"""
import argparse
import os
import resource
import selectors
import socket
import statistics
import sys
import time
import urllib.parse

from http_probe import probe

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"


def response_complete(buf):
    head, sep, body = buf.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return True


def open_connections(host, port, n, batch):
    """Opens n connections, one request each; returns (sockets, failures, seconds)."""
    held, failures = [], {}
    t = time.perf_counter()
    for start in range(0, n, batch):
        sel = selectors.DefaultSelector()
        pending = {}
        for _ in range(min(batch, n - start)):
            try:
                s = socket.create_connection((host, port), timeout=10)
                s.sendall(REQUEST)
                s.setblocking(False)
                sel.register(s, selectors.EVENT_READ)
                pending[s] = b""
            except OSError as e:
                key = e.strerror or str(e)
                failures[key] = failures.get(key, 0) + 1
        deadline = time.monotonic() + 30
        while pending and time.monotonic() < deadline:
            for key, _ in sel.select(timeout=1):
                s = key.fileobj
                try:
                    chunk = s.recv(65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    sel.unregister(s)
                    s.close()
                    del pending[s]
                    failures["closed before answering"] = failures.get("closed before answering", 0) + 1
                    continue
                pending[s] += chunk
                if response_complete(pending[s]):
                    sel.unregister(s)
                    del pending[s]
                    held.append(s)
        for s in pending:
            failures["no answer in 30 s"] = failures.get("no answer in 30 s", 0) + 1
            s.close()
        sel.close()
    return held, failures, time.perf_counter() - t


def count_closed(sel, closed):
    """Notes held connections the server has closed (readable and at EOF)."""
    for key, _ in sel.select(timeout=0):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        if not data:
            sel.unregister(s)
            closed.append(time.monotonic())
            s.close()


def process_figures(pid):
    if not pid:
        return ""
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = next(line.split()[1] for line in f if line.startswith("VmRSS"))
        fds = len(os.listdir(f"/proc/{pid}/fd"))
        return f" server pid {pid}: RSS {int(rss) // 1024} MiB, {fds} open descriptors"
    except (OSError, StopIteration):
        return ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True, help="http://127.0.0.1:PORT of a server or nginx")
    ap.add_argument("--connections", type=int, default=10000)
    ap.add_argument("--hold", type=float, default=20, help="seconds to hold them idle")
    ap.add_argument("--probe-path", default="/healthz")
    ap.add_argument("--probe-every", type=float, default=0.5)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--pid", type=int, help="the server's pid: report its memory and descriptors")
    args = ap.parse_args()
    u = urllib.parse.urlsplit(args.url)
    host, port = u.hostname, u.port or 80

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = args.connections + 100
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
        if hard < want:
            print(f"warning: RLIMIT_NOFILE hard limit {hard} < {want}", file=sys.stderr)

    base_ms, base_status = probe(host, port, args.probe_path)
    print(f"before: probe {base_ms:.1f} ms ({base_status}).{process_figures(args.pid)}")
    held, failures, secs = open_connections(host, port, args.connections, args.batch)
    print(f"opened {len(held)} of {args.connections} keep-alive connections in {secs:.1f} s"
          + (f"; failed: {failures}" if failures else "") + f".{process_figures(args.pid)}")

    sel = selectors.DefaultSelector()
    for s in held:
        sel.register(s, selectors.EVENT_READ)
    closed, latencies, bad = [], [], []
    start = time.monotonic()
    while time.monotonic() - start < args.hold:
        ms, status = probe(host, port, args.probe_path)
        (latencies if status == "200" else bad).append(ms if status == "200" else status)
        count_closed(sel, closed)
        time.sleep(args.probe_every)
    count_closed(sel, closed)
    still = len(held) - len(closed)
    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
    print(f"held {args.hold:.0f} s: {still} still open, {len(closed)} closed by the peer"
          + (f" (first after {min(closed) - start:.1f} s)" if closed else "") + ".")
    print(f"probes while held: {len(latencies)} answered 200, p50 {p(0.5):.1f} ms, "
          f"p99 {p(0.99):.1f} ms, max {max(lat) if lat else float('nan'):.1f} ms"
          + (f"; failed: {bad[:5]}" if bad else "") + f".{process_figures(args.pid)}")
    for s in held:
        s.close()
    ok = not failures and not bad and still == len(held)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
