#!/usr/bin/env python3
"""Slow clients ("slowloris"): N connections each send a request one byte a second. Measures
when the server (or nginx in front) drops them, and whether normal clients are served
meanwhile. The server's --read-timeout (default 10 s) bounds the whole request, however
steadily it trickles in. Not part of `make check`: bench/load/run.sh.
"""
import argparse
import socket
import sys
import threading
import time
import urllib.parse

from http_probe import probe

# Long enough that no slow client can finish within the test.
REQUEST = (b"GET /healthz HTTP/1.1\r\nHost: bench\r\nUser-Agent: " + b"s" * 200 + b"\r\n\r\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--clients", type=int, default=500)
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--probe-path", default="/healthz")
    args = ap.parse_args()
    u = urllib.parse.urlsplit(args.url)
    host, port = u.hostname, u.port or 80

    socks, opened_at, dropped = [], [], {}
    for _ in range(args.clients):
        s = socket.create_connection((host, port), timeout=10)
        s.setblocking(False)
        socks.append(s)
        opened_at.append(time.monotonic())

    latencies, bad = [], []
    stop = threading.Event()

    def probes():
        while not stop.is_set():
            ms, status = probe(host, port, args.probe_path)
            (latencies if status == "200" else bad).append(ms if status == "200" else status)
            time.sleep(0.25)

    t = threading.Thread(target=probes)
    t.start()
    start = time.monotonic()
    sent = 0
    while time.monotonic() - start < args.duration:
        for i, s in enumerate(socks):
            if i in dropped:
                continue
            try:
                try:
                    answered = s.recv(4096)  # EOF, or an error page (nginx's 408): dropped
                except BlockingIOError:
                    answered = None
                if answered is not None:
                    raise ConnectionResetError
                s.send(REQUEST[sent:sent + 1])
            except OSError:
                dropped[i] = time.monotonic() - opened_at[i]
        sent = min(sent + 1, len(REQUEST) - 1)
        time.sleep(1)
    stop.set()
    t.join()
    for s in socks:
        s.close()

    times = sorted(dropped.values())
    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
    if times:
        print(f"{len(times)} of {args.clients} slow clients dropped, after "
              f"{times[0]:.1f}..{times[-1]:.1f} s (median {times[len(times) // 2]:.1f} s); "
              f"{args.clients - len(times)} still connected after {args.duration:.0f} s.")
    else:
        print(f"no slow client dropped in {args.duration:.0f} s.")
    print(f"probes meanwhile: {len(lat)} answered 200, p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, "
          f"max {max(lat) if lat else float('nan'):.1f} ms" + (f"; failed: {bad[:5]}" if bad else ""))
    sys.exit(0 if len(times) == args.clients and not bad else 1)


if __name__ == "__main__":
    main()
