#!/usr/bin/env python3
"""Matching recall on real spellings: does a list bring each family's inquiry its person?

Every person of ../shared/data/names is sought by an open inquiry under one of its other
spellings (the way a caller gives it); then a source's list arrives holding the person under
its first spelling, among --persons generated others (`aftermath demo generate`). The list is
imported with `aftermath import`, which compares it with the open inquiries as it writes it.
Printed: the share of inquiries whose person was proposed for review, per set of names, the
proposals in the queue and the import's time. Not part of `make check` (needs ../shared).

usage: bench/workflow/match_recall.py [--aftermath build/aftermath] [--persons 100000]
"""
import argparse
import glob
import http.client
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--aftermath", default=os.path.join(ROOT, "build", "aftermath"))
    p.add_argument("--persons", type=int, default=100000, help="generated others on the list")
    p.add_argument("--names-dir", default=os.path.join(ROOT, "..", "shared", "data", "names"))
    p.add_argument("--work", default=os.path.join(ROOT, "build", "bench-match-recall"))
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    if not glob.glob(os.path.join(args.names_dir, "persons_*.jsonl")):
        print(f"match_recall: no names in {args.names_dir}; skipped", file=sys.stderr)
        return
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    bin_ = args.aftermath
    db = "sqlite:" + os.path.join(args.work, "registry.db")

    # One inquiry a person, under a spelling other than the listed one.
    rng = random.Random(args.seed)
    listed, inquiries = [], []
    for path in sorted(glob.glob(os.path.join(args.names_dir, "persons_*.jsonl"))):
        set_name = os.path.basename(path)[len("persons_"):-len(".jsonl")]
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                names = []
                for n in json.loads(line).get("names", []) if line.strip() else []:
                    if n.strip() and n.strip() not in names:
                        names.append(n.strip())
                if len(names) < 2:
                    continue
                ext = f"names-{set_name}-{i:05d}"
                listed.append({"external_id": ext, "full_name": names[0]})
                inquiries.append({"sought_name": rng.choice(names[1:]), "notes": ext,
                                  "inquirer_name": "Bench", "callback_phone": "+7 701 000 00 00"})

    subprocess.run([bin_, "user", "add", "--db", db, "--username", "bench", "--role", "admin",
                    "--password-stdin"], input=b"correct horse battery staple\n", check=True,
                   stdout=subprocess.DEVNULL)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with open(os.path.join(args.work, "serve.log"), "w") as log:
        server = subprocess.Popen([bin_, "serve", "--db", db, "--listen", f"127.0.0.1:{port}"],
                                  stdout=log, stderr=log)
    try:
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port)
                c.request("GET", "/api/v1/version")
                c.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        c.request("POST", "/api/v1/auth/login",
                  json.dumps({"username": "bench", "password": "correct horse battery staple"}),
                  {"Content-Type": "application/json"})
        r = c.getresponse()
        body = r.read().decode()
        h = {"Content-Type": "application/json", "Cookie": r.getheader("Set-Cookie").split(";")[0],
             "X-CSRF-Token": re.search(r'"csrf_token":"([0-9a-f]+)"', body).group(1)}
        for q in inquiries:
            c.request("POST", "/api/v1/inquiries", json.dumps(q, ensure_ascii=False).encode(), h)
            r = c.getresponse()
            r.read()
            assert r.status == 201, (r.status, q["sought_name"])
    finally:
        server.terminate()
        server.wait()

    # The list: generated others with the sought persons among them.
    path = os.path.join(args.work, "list.jsonl")
    with open(path, "w", encoding="utf-8") as out:
        if args.persons:
            subprocess.run([bin_, "demo", "generate", "--persons", str(args.persons), "--seed",
                            str(args.seed)], stdout=out, check=True)
        for row in listed:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    t = time.perf_counter()
    subprocess.run([bin_, "import", "--db", db, "--source", "Bench list", "--source-kind",
                    "hospital", "--format", "jsonl", path], check=True, stdout=subprocess.DEVNULL)
    took = time.perf_counter() - t

    c = sqlite3.connect(os.path.join(args.work, "registry.db"))
    rows = c.execute("""
      select q.notes, max(r.id is not null)
      from inquiries q
      left join matches m on m.inquiry_id = q.id
      left join reports r on r.id = m.report_id and r.external_id = q.notes
      group by q.id""").fetchall()
    proposals = c.execute("select count(*) from matches").fetchone()[0]
    by_set = {}
    for ext, found in rows:
        set_name = ext.split("-")[1]
        n, k = by_set.get(set_name, (0, 0))
        by_set[set_name] = (n + 1, k + (found or 0))
    print(f"list: {len(listed) + args.persons:,} persons imported and matched in {took:.1f} s; "
          f"{len(inquiries):,} open inquiries; {proposals:,} proposals")
    for set_name, (n, k) in sorted(by_set.items()):
        print(f"  {set_name}: person proposed for {k} of {n} inquiries ({k / n:.3f})")


if __name__ == "__main__":
    main()
