#!/usr/bin/env bash
# Import benchmark (docs/benchmarks.md, "Import"): a 1,000,000-row CSV list of realistic names
# (the population generator) imported into an SQLite registry holding open inquiries, compared
# with them, then indexed. Usage: bench/import/run.sh [ROWS] [INQUIRIES]  (default 1000000 5000)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
inquiries=${2:-5000}
bin=${AFTERMATH_BIN:-build/aftermath}
work=$(mktemp -d /tmp/aftermath-import-bench.XXXXXX)
trap 'kill $server 2>/dev/null || true; [[ -n ${KEEP:-} ]] || rm -rf "$work"' EXIT
server=

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# The list: generated persons as a hospital's CSV (ФИО, sex, birth date, status).
"$bin" demo generate --persons "$rows" --seed 11 | python3 -c '
import json, sys
out = sys.stdout
out.write("№;ФИО;Пол;Дата рождения;Статус\n")
for line in sys.stdin:
    p = json.loads(line)
    out.write(";".join([p["external_id"], p["full_name"], {"m": "М", "f": "Ж"}.get(p.get("sex"), ""),
                        p.get("birth_date", ""), p.get("status", "")]) + "\n")
' >"$work/list.csv"
echo "list: $rows rows, $(du -h "$work/list.csv" | cut -f1)"

# The registry: open inquiries, one in ten for someone on the list, the rest for others (names
# from the same generator, so common names recur as they do in life).
db="sqlite:$work/registry.db"
echo "correct horse battery staple" |
  "$bin" user add --db "$db" --username bench --role admin --password-stdin >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --no-population >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/version" >/dev/null && break; sleep 0.2; done
if ((inquiries > 0)); then
  "$bin" demo generate --persons "$inquiries" --seed 12 >"$work/others.jsonl"
else
  : >"$work/others.jsonl"
fi
python3 - "$port" "$work/list.csv" "$work/others.jsonl" "$inquiries" <<'PY'
import http.client, json, random, re, sys
port, list_csv, others, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
on_list = []
with open(list_csv, encoding="utf-8") as f:
    rows = f.readlines()[1:]
step = max(1, len(rows) // max(1, n // 10))
sexes = {"М": "m", "Ж": "f"}
# What a caller says: the name, and sex and year of birth when they know them.
def sought(name, sex, birth):
    q = {"sought_name": name, "inquirer_name": "Bench", "callback_phone": "+7 701 000 00 00"}
    if sex in ("m", "f"):
        q["sought_sex"] = sex
    if birth:
        q["sought_birth_date"] = birth[:4]
    return q
# Callers spell the name their own way: as listed, in Latin letters, or with initials.
LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
                 "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch  y  e yu ya a "
                 "g k n o u u h i".split(" ")))
def latin(name):
    return "".join(LATIN.get(c.lower(), c) if c.islower() else LATIN.get(c.lower(), c).title()
                   for c in name)
PATRONYMIC = re.compile(r"(ович|евич|овна|евна|ұлы|қызы|улы|кызы)$")
def initials(name):
    w = name.split()
    if len(w) == 3 and PATRONYMIC.search(w[2]) and "." not in name:
        return f"{w[0]} {w[1][0]}. {w[2][0]}."
    return name
on_list = []
for i, row in enumerate(rows[::step][: n // 10]):
    f = row.rstrip("\n").split(";")
    name = [f[1], latin(f[1]), initials(f[1])][i % 3]
    q = sought(name, sexes.get(f[2], ""), f[3])
    q["notes"] = "row " + f[0]
    on_list.append(q)
names = on_list + [sought(p["full_name"], p.get("sex", ""), p.get("birth_date", ""))
                   for p in map(json.loads, open(others, encoding="utf-8"))]
names = names[:n]
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("POST", "/api/v1/auth/login", json.dumps({"username": "bench", "password": "correct horse battery staple"}),
          {"Content-Type": "application/json"})
r = c.getresponse(); body = r.read().decode()
h = {"Content-Type": "application/json", "Cookie": r.getheader("Set-Cookie").split(";")[0],
     "X-CSRF-Token": re.search(r'"csrf_token":"([0-9a-f]+)"', body).group(1)}
for q in names:
    c.request("POST", "/api/v1/inquiries", json.dumps(q), h)
    r = c.getresponse(); r.read()
    assert r.status == 201, r.status
print(f"open inquiries: {len(names)} ({len(on_list)} for someone on the list)")
PY
kill $server; wait $server 2>/dev/null || true; server=

echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
${IMPORT_WRAP:-} /usr/bin/time -f "import: %e s wall, %U s user + %S s sys, %M KB" \
  "$bin" import --db "$db" --source "Bench hospital" --source-kind hospital "$work/list.csv" 2>&1 | tail -2
python3 - "$work/registry.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
# The review queue is what is pending; a proposal the matcher withdrew when better-supported
# namesakes came in a later batch is no longer in it (decision 'withdrawn').
m = c.execute("select count(*), count(distinct inquiry_id) from matches where decision = 'pending'").fetchone()
print(f"proposals in the review queue: {m[0]} for {m[1]} inquiries")
w = c.execute("select count(*) from matches where decision = 'withdrawn'").fetchone()[0]
print(f"withdrawn from the queue as better-supported namesakes came: {w}")
found, asked = c.execute("""
  select count(distinct q.id) filter (where r.id is not null), count(distinct q.id)
  from inquiries q
  left join matches m on m.inquiry_id = q.id and m.decision = 'pending'
  left join reports r on r.id = m.report_id and r.external_id = substr(q.notes, 5)
  where q.notes like 'row %'""").fetchone()
print(f"inquiries for someone on the list with that row proposed: {found} of {asked}")
# Where the operator finds the true row: its rank among its inquiry's proposals, best score first
# (the review queue's order; ties count against it).
ranks = c.execute("""
  select (select count(*) from matches o where o.inquiry_id = q.id and o.decision = 'pending'
                                         and o.score >= m.score),
         (select count(*) from matches o where o.inquiry_id = q.id and o.decision = 'pending')
  from inquiries q
  join matches m on m.inquiry_id = q.id and m.decision = 'pending'
  join reports r on r.id = m.report_id and r.external_id = substr(q.notes, 5)
  where q.notes like 'row %'""").fetchall()
if ranks:
    hist = {}
    for rank, _ in ranks:
        key = str(rank) if rank <= 3 else "4-10" if rank <= 10 else ">10"
        hist[key] = hist.get(key, 0) + 1
    print("true row's rank among its inquiry's proposals: " +
          ", ".join(f"{k}: {hist[k]}" for k in ["1", "2", "3", "4-10", ">10"] if k in hist) +
          f"; mean {sum(r for r, _ in ranks) / len(ranks):.2f}, worst {max(r for r, _ in ranks)}; "
          f"proposals for those inquiries: mean {sum(n for _, n in ranks) / len(ranks):.1f}")
per = c.execute("""select n, count(*) from (select count(*) n from matches
                   where inquiry_id is not null and decision = 'pending' group by inquiry_id)
                   group by n order by n""").fetchall()
print("proposals per inquiry (count: inquiries): " + ", ".join(f"{n}: {k}" for n, k in per[:12]) +
      (f", ... up to {per[-1][0]}" if len(per) > 12 else ""))
PY
/usr/bin/time -f "index: %e s wall, %U s user + %S s sys, %M KB" \
  "$bin" search --db "$db" "Серіков Ерлан" 2>&1 >/dev/null | tail -2
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
