"""The load benchmarks' probe: one normal request on a fresh connection, timed."""
import socket
import time


def probe(host, port, path):
    """One request on a new connection; (milliseconds, status or error text)."""
    t = time.perf_counter()
    try:
        with socket.create_connection((host, port), timeout=10) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        status = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/") else "no answer"
    except OSError as e:
        status = f"error: {e.strerror or e}"
    return (time.perf_counter() - t) * 1000, status
