#!/usr/bin/env python3
"""Search benchmark: aftermath against PostgreSQL pg_trgm and SQLite FTS5 (trigram tokenizer).

One run, one data set: N generated persons (`aftermath demo generate`) plus the persons of
../shared/data/names, of whom one spelling is indexed under a known external_id while the other
spellings are the queries. Every engine answers the same queries (in the same random order);
recall is compared on the queries every engine answered. Python 3 stdlib + python3-psycopg2.
"""

import argparse
import datetime
import glob
import hashlib
import json
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIMIT = 10
PG_SQL = ("SELECT external_id FROM persons WHERE full_name %% %s "
          "ORDER BY similarity(full_name, %s) DESC LIMIT 10")
FTS_SQL = ("SELECT external_id FROM persons WHERE persons MATCH ? "
           "ORDER BY bm25(persons) LIMIT 10")


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--persons", type=int, default=1_000_000, help="generated persons")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--max-queries", type=int, default=3000, help="sample at most this many")
    p.add_argument("--aftermath", default=os.path.join(ROOT, "build", "aftermath"))
    p.add_argument("--generator", help="a program taking `aftermath demo generate`'s flags "
                   "(default: AFTERMATH demo generate)")
    p.add_argument("--names-dir", default=os.path.join(ROOT, "..", "shared", "data", "names"))
    p.add_argument("--population-dir",
                   default=os.path.join(ROOT, "..", "shared", "data", "population"))
    p.add_argument("--work", default=os.path.join(ROOT, "build", "bench-search"),
                   help="scratch directory (emptied first)")
    p.add_argument("--peer-budget", type=float, default=240,
                   help="seconds of single-threaded queries per peer before it stops early")
    p.add_argument("--qps-seconds", type=float, default=5,
                   help="aftermath's parallel phase lasts at least this long")
    p.add_argument("--skip-pg", action="store_true")
    p.add_argument("--skip-fts5", action="store_true")
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "search"),
                   help="directory for results-<date>.md")
    p.add_argument("--misses", metavar="FILE",
                   help="write aftermath's missed queries (JSON Lines: the query, the expected "
                   "spelling and the engine's score for it, its rank among up to 100 hits, the "
                   "top hits) to FILE")
    return p.parse_args()


# ---------------------------------------------------------------- data

def load_not_names():
    """(set, line, sha256 prefix) -> kind of the queries that are not spellings of the indexed
    name (not_names.tsv)."""
    kinds = {}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "not_names.tsv"),
              encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            set_name, row, digest, kind = line.rstrip("\n").split("\t")
            kinds[(set_name, int(row), digest)] = kind
    return kinds


def load_names(names_dir, seed, max_queries):
    """Index rows (one spelling a person) and queries (the other spellings) from names/*.jsonl."""
    not_names = load_not_names()
    rows, queries = [], []
    for path in sorted(glob.glob(os.path.join(names_dir, "persons_*.jsonl"))):
        set_name = os.path.basename(path)[len("persons_"):-len(".jsonl")]
        with open(path, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if not line.strip():
                    continue
                names = []
                for n in json.loads(line).get("names", []):
                    n = n.strip()
                    if n and n not in names:
                        names.append(n)
                if len(names) < 2:
                    continue
                ext = f"names-{set_name}-{i:05d}"
                rows.append({"external_id": ext, "full_name": names[0]})
                queries += [{"q": q, "expected": ext, "set": set_name,
                             "kind": not_names.get((set_name, i, hashlib.sha256(
                                 q.encode("utf-8")).hexdigest()[:12]), "spelling")}
                            for q in names[1:]]
    random.Random(seed).shuffle(queries)
    return rows, queries[:max_queries]


def write_data(work, generator, persons, seed, population_dir, name_rows):
    """persons.jsonl: the generated population followed by the names persons."""
    path = os.path.join(work, "persons.jsonl")
    t = time.perf_counter()
    with open(path, "w", encoding="utf-8") as out:
        subprocess.run(generator + ["--persons", str(persons), "--seed", str(seed), "--data",
                                    population_dir], stdout=out, check=True)
        for r in name_rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    log(f"generated {persons:,} persons in {time.perf_counter() - t:.1f} s")
    return path


def read_pairs(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            yield o["external_id"], o["full_name"]


# ---------------------------------------------------------------- metrics

def percentile(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, math.ceil(p * len(v)) - 1))]


class Run:
    """One engine's answers: result id lists and latencies, in query order."""

    def __init__(self, engine):
        self.engine = engine
        self.results = []      # list of lists of external ids
        self.hits = []         # aftermath: list of lists of (name, score)
        self.latency_ms = []
        self.load_s = None
        self.qps = None
        self.notes = []

    def recall(self, queries, k, n=None, set_name=None, kinds=None):
        n = len(self.results) if n is None else n
        hits = total = 0
        for q, ids in zip(queries[:n], self.results[:n]):
            if set_name and q["set"] != set_name:
                continue
            if kinds and q["kind"] not in kinds:
                continue
            total += 1
            hits += q["expected"] in ids[:k]
        return hits / total if total else float("nan")


# ---------------------------------------------------------------- aftermath

def query_lines(queries):
    """The queries as `search --jsonl` input, serialised once so the client stays cheap."""
    return "".join(json.dumps({"q": q, "limit": LIMIT}, ensure_ascii=False) + "\n"
                   for q in queries).encode("utf-8")


class Session:
    """An `aftermath search --jsonl` process; raw pipes, so the client costs little CPU."""

    def __init__(self, aftermath, db, stderr_path):
        self.stderr = open(stderr_path, "w")
        self.p = subprocess.Popen([aftermath, "search", "--db", f"sqlite:{db}", "--jsonl"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=self.stderr, bufsize=0)
        self.pending = b""

    def read_lines(self, n):
        """The next `n` output lines as bytes."""
        chunks, count = [self.pending], self.pending.count(b"\n")
        while count < n:
            chunk = os.read(self.p.stdout.fileno(), 1 << 16)
            if not chunk:
                raise RuntimeError("aftermath search ended early (see its stderr in the work dir)")
            chunks.append(chunk)
            count += chunk.count(b"\n")
        data = b"".join(chunks)
        cut = 0
        for _ in range(n):
            cut = data.index(b"\n", cut) + 1
        self.pending = data[cut:]
        return data[:cut]

    def ask(self, query):
        self.p.stdin.write(query_lines([query]))
        return json.loads(self.read_lines(1))

    def stream(self, payload, n):
        """Sends `n` query lines at once (a writer thread keeps the pipe full); the answers."""
        t = threading.Thread(target=self.p.stdin.write, args=(payload,))
        t.start()
        out = self.read_lines(n)
        t.join()
        return out

    def peak_rss_kb(self):
        try:
            with open(f"/proc/{self.p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    def close(self):
        self.p.stdin.close()
        self.p.wait()
        self.stderr.close()


def run_aftermath(args, work, data_path, queries, persons_total):
    run = Run("aftermath")
    db = os.path.join(work, "aftermath.db")
    t = time.perf_counter()
    with open(os.path.join(work, "import.log"), "w") as err:
        subprocess.run([args.aftermath, "import", "--db", f"sqlite:{db}", "--source", "bench",
                        "--format", "jsonl", data_path], stdout=err, stderr=err, check=True)
    run.load_s = time.perf_counter() - t
    log(f"aftermath import: {run.load_s:.1f} s")

    # Single-threaded latency; the first (warm-up) answer also marks the index as built.
    t = time.perf_counter()
    s = Session(args.aftermath, db, os.path.join(work, "search-1.log"))
    s.ask("Иванов Иван")
    ready_s = time.perf_counter() - t
    lines = s.stream(query_lines([q["q"] for q in queries]), len(queries))
    rss_kb = s.peak_rss_kb()
    s.close()
    for line in lines.decode("utf-8").splitlines():
        o = json.loads(line)
        run.results.append([r.get("external_id") for r in o.get("results", [])])
        run.hits.append([(r.get("name"), r.get("score")) for r in o.get("results", [])])
        run.latency_ms.append(float(o["took_ms"]))
    run.notes.append(f"index ready {ready_s:.1f} s after start")
    with open(os.path.join(work, "search-1.log"), encoding="utf-8", errors="replace") as f:
        m = re.search(r"indexed (\d+) persons.* in ([\d.]+) s, (\d+) bytes a person", f.read())
    if m:
        run.notes.append(f"index build {m.group(2)} s, {m.group(3)} bytes a person")
    if rss_kb:
        run.notes.append(f"peak RSS {rss_kb / 1024:.0f} MiB "
                         f"({rss_kb * 1024 / persons_total:.0f} bytes a person, all included)")
    log(f"aftermath: {len(queries)} queries, index ready in {ready_s:.1f} s")

    # Throughput: 2 processes, each answering the whole query list `reps` times.
    busy_s = sum(run.latency_ms) / 1000
    reps = max(1, math.ceil(args.qps_seconds / max(busy_s, 1e-3)))
    payload = query_lines([q["q"] for q in queries]) * reps
    n = len(queries) * reps
    sessions = [Session(args.aftermath, db, os.path.join(work, f"search-p{i}.log"))
                for i in range(2)]
    for x in sessions:
        x.ask("Иванов Иван")
    done = [0, 0]

    def worker(i):
        sessions[i].stream(payload, n)
        done[i] = n
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    for x in sessions:
        x.close()
    run.qps = sum(done) / wall
    log(f"aftermath: {run.qps:,.0f} queries/s with 2 processes")
    return run


def write_misses(args, run, queries, name_rows):
    """The queries aftermath missed at @10, for diagnosis: how the engine scores the pair, and
    the expected person's rank when 100 hits are asked for (null: not a hit at all, i.e. not a
    candidate or scored below the search's threshold)."""
    names = {r["external_id"]: r["full_name"] for r in name_rows}
    missed = [(q, hits) for q, ids, hits in zip(queries, run.results, run.hits)
              if q["expected"] not in ids[:LIMIT]]
    pairs = "".join(f"{q['q']}\t{names[q['expected']]}\n".replace("\r", " ")
                    for q, _ in missed)
    compared = subprocess.run([args.aftermath, "names", "compare", "--tsv"], input=pairs,
                              capture_output=True, text=True, check=True).stdout.splitlines()
    db = os.path.join(args.work, "aftermath.db")
    s = Session(args.aftermath, db, os.path.join(args.work, "search-misses.log"))
    with open(args.misses, "w", encoding="utf-8") as out:
        for (q, hits), c in zip(missed, compared):
            s.p.stdin.write(json.dumps({"q": q["q"], "limit": 100}, ensure_ascii=False)
                            .encode("utf-8") + b"\n")
            o = json.loads(s.read_lines(1))
            ids = [r.get("external_id") for r in o.get("results", [])]
            rank = ids.index(q["expected"]) + 1 if q["expected"] in ids else None
            c = json.loads(c)
            out.write(json.dumps({
                "q": q["q"], "set": q["set"], "kind": q["kind"], "expected": names[q["expected"]],
                "engine_score": c.get("score"), "rank": rank, "of": len(ids),
                "top": [[n, round(sc, 3)] for n, sc in hits[:5]]}, ensure_ascii=False) + "\n")
    s.close()
    log(f"{len(missed)} missed queries written to {args.misses}")


# ---------------------------------------------------------------- peers

def timed_queries(run, queries, ask, budget_s):
    """Asks queries in order until the budget is spent; records ids and client-side latency."""
    start = time.perf_counter()
    for q in queries:
        t = time.perf_counter()
        ids = ask(q["q"])
        run.latency_ms.append((time.perf_counter() - t) * 1000)
        run.results.append(ids)
        if time.perf_counter() - start > budget_s:
            run.notes.append(f"stopped after {len(run.results)} queries ({budget_s:.0f} s budget)")
            break


def parallel_qps(make_ask, queries, seconds):
    """Queries/s of 2 threads, each with its own connection, for at most `seconds`."""
    counts = [0, 0]

    def worker(i):
        ask = make_ask()
        deadline = time.perf_counter() + seconds
        for q in queries[i::2]:
            ask(q["q"])
            counts[i] += 1
            if time.perf_counter() > deadline:
                break
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return sum(counts) / (time.perf_counter() - t)


def run_pg(args, work, data_path, queries):
    import psycopg2  # python3-psycopg2 (scripts/install-deps.sh)

    run = Run("PostgreSQL pg_trgm")
    cluster = os.path.join(work, "pg")
    script = os.path.join(ROOT, "scripts", "pg-test-cluster.sh")
    url = subprocess.run([script, "start", cluster], check=True, capture_output=True,
                         text=True).stdout.strip()
    try:
        conn = psycopg2.connect(url)
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("SELECT version()")
        run.notes.append(cur.fetchone()[0].split(" on ")[0])
        tsv = os.path.join(work, "pg.tsv")
        with open(tsv, "w", encoding="utf-8") as f:
            for ext, name in read_pairs(data_path):
                f.write(ext + "\t" + name.replace("\\", "\\\\").replace("\t", " ") + "\n")
        t = time.perf_counter()
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cur.execute("CREATE TABLE persons (external_id text, full_name text)")
        with open(tsv, encoding="utf-8") as f:
            cur.copy_expert("COPY persons FROM STDIN", f)
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("CREATE INDEX persons_trgm ON persons USING gin (full_name gin_trgm_ops)")
        cur.execute("ANALYZE persons")
        run.load_s = time.perf_counter() - t
        log(f"pg_trgm load + GIN index: {run.load_s:.1f} s")

        def make_ask(connection=None):
            c = (connection or psycopg2.connect(url)).cursor()

            def ask(q):
                c.execute(PG_SQL, (q, q))
                return [r[0] for r in c.fetchall()]
            return ask
        timed_queries(run, queries, make_ask(conn), args.peer_budget)
        log(f"pg_trgm: {len(run.results)} queries")
        run.qps = parallel_qps(make_ask, queries[:len(run.results)], args.peer_budget / 4)
        log(f"pg_trgm: {run.qps:,.1f} queries/s with 2 connections")
        conn.close()
    finally:
        subprocess.run([script, "stop", cluster], check=False)
    return run


def fts_match(query):
    """The query's trigrams ORed, as FTS5 phrases (the tokenizer folds case itself)."""
    text = query.lower()
    grams = []
    for i in range(len(text) - 2):
        g = text[i:i + 3]
        if g not in grams:
            grams.append(g)
    return " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)


def run_fts5(args, work, data_path, queries):
    run = Run("SQLite FTS5 trigram")
    run.notes.append(f"SQLite {sqlite3.sqlite_version}")
    db = os.path.join(work, "fts5.db")
    t = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("CREATE VIRTUAL TABLE persons USING fts5(external_id UNINDEXED, full_name, "
                 "tokenize='trigram')")
    with conn:
        conn.executemany("INSERT INTO persons VALUES (?, ?)", read_pairs(data_path))
    conn.execute("INSERT INTO persons(persons) VALUES ('optimize')")
    conn.commit()
    run.load_s = time.perf_counter() - t
    log(f"FTS5 load: {run.load_s:.1f} s")

    def make_ask(connection=None):
        c = connection or sqlite3.connect(db)

        def ask(q):
            m = fts_match(q)
            return [r[0] for r in c.execute(FTS_SQL, (m,))] if m else []
        return ask
    timed_queries(run, queries, make_ask(conn), args.peer_budget)
    log(f"FTS5: {len(run.results)} queries")
    run.qps = parallel_qps(make_ask, queries[:len(run.results)], args.peer_budget / 4)
    log(f"FTS5: {run.qps:,.1f} queries/s with 2 threads")
    conn.close()
    return run


# ---------------------------------------------------------------- report

def machine():
    model, cores = platform.processor() or "unknown CPU", os.cpu_count()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        m = re.search(r"^Model name:\s*(.+)$", out, re.M)
        if m:
            model = m.group(1).strip()
        m = re.search(r"^CPU\(s\):\s*(\d+)$", out, re.M)
        if m:
            cores = int(m.group(1))
    except OSError:
        pass
    return f"{model}, {cores} cores, {platform.system()} {platform.release()}"


def report(args, runs, queries, n_index, started, load_before):
    common = min(len(r.results) for r in runs)
    sets = sorted({q["set"] for q in queries[:common]})
    today = datetime.date.today().isoformat()
    lines = [
        f"# Search benchmark, {today}",
        "",
        f"- Machine: {machine()}; load average {load_before:.1f} before the run,"
        f" {os.getloadavg()[0]:.1f} after (other work on the machine skews the figures)",
        f"- Data: {args.persons:,} generated persons (`aftermath demo generate --seed {args.seed}`)"
        f" + {n_index:,} persons of ../shared/data/names (one spelling each indexed)",
        f"- Queries: {len(queries):,} other spellings of those persons, in random order; recall"
        f" is over the first {common:,}, which every engine answered; latency over all an engine"
        f" answered. A hit: the person's external_id among the top 1 / top {LIMIT}.",
        f"- Run took {(time.perf_counter() - started) / 60:.1f} min (`bench/search/run.sh"
        f" --persons {args.persons}`).",
        "",
        "| engine | load s | queries | recall@1 | recall@10 | p50 ms | p99 ms | q/s (2 procs) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        lines.append(
            f"| {r.engine} | {r.load_s:.1f} | {len(r.results):,} | {r.recall(queries, 1, common):.3f}"
            f" | {r.recall(queries, LIMIT, common):.3f} | {percentile(r.latency_ms, 0.5):.2f}"
            f" | {percentile(r.latency_ms, 0.99):.2f} | {r.qps:,.0f} |")
    lines += ["", f"recall@{LIMIT} by query set (first {common:,} queries):", "",
              "| engine | " + " | ".join(sets) + " |",
              "|---|" + "---:|" * len(sets)]
    for r in runs:
        cells = []
        for s in sets:
            n = sum(1 for q in queries[:common] if q["set"] == s)
            cells.append(f"{r.recall(queries, LIMIT, common, s):.3f} ({n})")
        lines.append(f"| {r.engine} | " + " | ".join(cells) + " |")
    # Recall on what a search for a person's name is asked to find (not_names.tsv): without the
    # captions and nicknames, and also without other surnames (another identity's name).
    lines += ["", f"recall@{LIMIT} by kind of query (first {common:,} queries; not_names.tsv):",
              "", "| engine | every query | the person's names (no labels, nicknames) |"
              " spellings of the indexed name (no other surnames either) |", "|---|---:|---:|---:|"]
    for r in runs:
        cells = []
        for kinds in (None, ("spelling", "other_surname"), ("spelling",)):
            n = sum(1 for q in queries[:common] if not kinds or q["kind"] in kinds)
            cells.append(f"{r.recall(queries, LIMIT, common, kinds=kinds):.3f} ({n})")
        lines.append(f"| {r.engine} | " + " | ".join(cells) + " |")
    lines += ["", "Notes:"]
    for r in runs:
        if len(r.results) > common:
            r.notes.append(f"on all {len(r.results):,} queries: recall@1 "
                           f"{r.recall(queries, 1):.3f}, recall@10 {r.recall(queries, LIMIT):.3f}")
        if r.notes:
            lines.append(f"- {r.engine}: " + "; ".join(r.notes))
    text = "\n".join(lines) + "\n"
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"results-{today}.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    log(f"written to {os.path.relpath(path, ROOT)}")


def main():
    args = parse_args()
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    for d in (args.names_dir, args.population_dir):
        if not os.path.isdir(d):
            log(f"{d} not found; skipping the search benchmark")
            return 0
    if not args.skip_pg:
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            log("python3-psycopg2 is missing (scripts/install-deps.sh installs it); "
                "or pass --skip-pg")
            return 1
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    name_rows, queries = load_names(args.names_dir, args.seed, args.max_queries)
    log(f"{len(name_rows):,} names persons, {len(queries):,} queries")
    generator = [args.generator] if args.generator else [args.aftermath, "demo", "generate"]
    data = write_data(args.work, generator, args.persons, args.seed, args.population_dir,
                      name_rows)
    total = args.persons + len(name_rows)
    runs = [run_aftermath(args, args.work, data, queries, total)]
    if args.misses:
        write_misses(args, runs[0], queries, name_rows)
    if not args.skip_pg:
        runs.append(run_pg(args, args.work, data, queries))
    if not args.skip_fts5:
        runs.append(run_fts5(args, args.work, data, queries))
    report(args, runs, queries, len(name_rows), started, load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
