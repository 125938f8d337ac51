#!/usr/bin/env python3
"""Fits the name engine's calibration (src/names/data/calibration.tsv): for each kind of pair
(cross-script, cyrillic, latin; each with "+patronymic" when both names carry one), the share of
pairs scoring s that are one person, by isotonic regression (pool-adjacent-violators) of the
pair's truth on Compare's score, the points linear between the blocks' mean scores.

The pairs are built as ../shared/tools/eval_names.py builds them (the same rules and seed):
spellings of one person (at most 6 a person, pseudonyms left out) against as many hard negatives
(two persons sharing a surname-like word). So a probability is the share of true pairs among
pairs *like these*, half of them true: where true pairs are rarer (a search over a million
people), the same score is right less often.

To guard against overfitting the persons are split in two halves (by their group's CRC32), the
pairs built within each half, and the table fitted on one half is measured on the other, both
ways; the table written is fitted on all pairs. Only the standard library is used.

Usage: tools/calibrate_names.py build/aftermath ../shared/data/names/*.jsonl
           [--out src/names/data/calibration.tsv] [--report]   (--report: markdown tables)
"""
import argparse, itertools, json, random, re, subprocess, sys, zlib

# --- pairs, as eval_names.py builds them --------------------------------------------------------
TR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіїєў",
              ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
               "f", "kh", "ts", "ch", "sh", "sh", "", "y", "", "e", "yu", "ya",
               "a", "g", "k", "n", "o", "u", "u", "h", "i", "i", "e", "u"]))


def fold(tok):
    t = ''.join(TR.get(c, c) for c in tok.lower())
    t = re.sub(r'[^a-z]', '', t)
    t = re.sub(r'[aeiouyjhw]', '', t)
    return re.sub(r'(.)\1+', r'\1', t)


def lev(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1): cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def maybe_same(a, b):
    ta = [fold(t) for t in re.split(r'[\s,.\-()]+', a) if fold(t)]
    tb = [fold(t) for t in re.split(r'[\s,.\-()]+', b) if fold(t)]
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return all(any(lev(x, y) <= 1 for y in long_) for x in short)


def pseudonym(a, b):
    ta = [fold(t) for t in re.split(r'[\s,.\-()]+', a) if len(fold(t)) >= 3]
    tb = [fold(t) for t in re.split(r'[\s,.\-()]+', b) if len(fold(t)) >= 3]
    return not any(lev(x, y) <= 2 for x in ta for y in tb)


def read_persons(files):
    persons = []
    for f in files:
        for line in open(f, encoding='utf-8'):
            p = json.loads(line)
            names = list(dict.fromkeys(n.strip() for n in p['names'] if n.strip()))
            if len(names) >= 2: persons.append((p['group'], names))
    return persons


def build_pairs(persons):
    rng = random.Random(20261125)
    pos = []
    for g, names in persons:
        pairs = list(itertools.combinations(names, 2)); rng.shuffle(pairs)
        pairs = [(a, b) for a, b in pairs if not pseudonym(a, b)]
        pos += [(a, b, 1) for a, b in pairs[:6]]
    by_tok = {}
    for i, (g, names) in enumerate(persons):
        for n in names:
            for t in re.split(r'[\s,.\-]+', n):
                k = fold(t)
                if len(k) >= 4: by_tok.setdefault(k, set()).add(i)
    neg, seen = [], set()
    buckets = [sorted(v) for v in by_tok.values() if len(v) >= 2]
    rng.shuffle(buckets)
    while len(neg) < len(pos) and buckets:
        for b in buckets:
            i, j = rng.sample(b, 2)
            if persons[i][0] == persons[j][0] or (i, j) in seen: continue
            seen.add((i, j)); a, b = rng.choice(persons[i][1]), rng.choice(persons[j][1])
            if maybe_same(a, b): continue
            neg.append((a, b, 0))
            if len(neg) >= len(pos): break
        else:
            if len(seen) > 50 * len(pos): break
            continue
    return pos + neg


def score_pairs(binary, pairs):
    inp = ''.join(f"{a}\t{b}\n" for a, b, _ in pairs)
    r = subprocess.run([binary, 'names', 'compare', '--tsv'], input=inp, capture_output=True, text=True,
                       timeout=600)
    out = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    if r.returncode != 0 or len(out) != len(pairs):
        sys.exit(f"names compare --tsv failed: rc={r.returncode}, {len(out)} lines for {len(pairs)} pairs")
    return [(o['score'], o.get('kind', 'cross-script'), y) for o, (_, _, y) in zip(out, pairs)]


# --- isotonic regression ------------------------------------------------------------------------
MIN_PAIRS = 150   # a kind with fewer pairs (or fewer than 20 of either truth) uses "all"
PRIOR = 1.0       # pseudo-pairs (half true) added to each block: no block says 0 or 1 outright


def isotonic(samples):
    """samples: [(score, y)]. Returns [(score, probability)] with scores rising, probabilities
    never falling: pool-adjacent-violators over the distinct scores, each block's point at its
    mean score, its probability shrunk by PRIOR pseudo-pairs."""
    by_score = {}
    for s, y in samples:
        n, t = by_score.get(s, (0, 0)); by_score[s] = (n + 1, t + y)
    blocks = []  # [sum of scores weighted, n, true]
    for s in sorted(by_score):
        n, t = by_score[s]
        blocks.append([s * n, n, t])
        while len(blocks) >= 2 and blocks[-2][2] / blocks[-2][1] >= blocks[-1][2] / blocks[-1][1]:
            b = blocks.pop()
            blocks[-1] = [blocks[-1][0] + b[0], blocks[-1][1] + b[1], blocks[-1][2] + b[2]]
    points, last = [], 0.0
    for ws, n, t in blocks:
        p = max(last, (t + PRIOR / 2) / (n + PRIOR))
        points.append((round(ws / n, 4), round(p, 4)))
        last = p
    # Scores rounded alike: keep the later (higher) probability once.
    out = []
    for s, p in points:
        if out and s <= out[-1][0]: out[-1] = (out[-1][0], p)
        else: out.append((s, p))
    return out


KINDS = ['cross-script', 'cyrillic', 'latin', 'cross-script+patronymic', 'cyrillic+patronymic',
         'latin+patronymic']


def fit(scored):
    """A fit for every kind: its own pairs when there are enough, else those of every kind with
    (or without) patronymics alike, else all."""
    def enough(xs):
        t = sum(y for _, y in xs)
        return len(xs) >= MIN_PAIRS and t >= 20 and len(xs) - t >= 20
    table = {'all': isotonic([(s, y) for s, _, y in scored])}
    for k in KINDS:
        own = [(s, y) for s, kk, y in scored if kk == k]
        alike = [(s, y) for s, kk, y in scored if kk.endswith('+patronymic') == k.endswith('+patronymic')]
        table[k] = isotonic(own) if enough(own) else isotonic(alike) if enough(alike) else table['all']
    return table


def predict(table, kind, score):
    p = table.get(kind) or table['all']
    if score <= p[0][0]: return p[0][1]
    if score >= p[-1][0]: return p[-1][1]
    for (s0, p0), (s1, p1) in zip(p, p[1:]):
        if s0 <= score <= s1: return p0 + (score - s0) / (s1 - s0) * (p1 - p0)
    return p[-1][1]


# --- reliability ------------------------------------------------------------------------------
def buckets(values):
    """values: [(shown, y)] -> 10 equal-width buckets of what is shown: (lo, hi, n, mean shown, true share)."""
    rows = []
    for b in range(10):
        lo, hi = b / 10, (b + 1) / 10
        xs = [(v, y) for v, y in values if (lo <= v < hi) or (b == 9 and v == 1.0)]
        if xs: rows.append((lo, hi, len(xs), sum(v for v, _ in xs) / len(xs), sum(y for _, y in xs) / len(xs)))
    return rows


def ece(values):
    n = len(values)
    return sum(k / n * abs(m - t) for _, _, k, m, t in buckets(values))


def table_md(title, values):
    lines = [f"{title} (ECE {ece(values):.3f}, {len(values)} pairs)", "",
             "| shown | pairs | mean shown | share true |", "|---|---:|---:|---:|"]
    for lo, hi, n, m, t in buckets(values):
        lines.append(f"| {lo:.1f}–{hi:.1f} | {n} | {m:.3f} | {t:.3f} |")
    return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('binary'); ap.add_argument('files', nargs='+')
    ap.add_argument('--out'); ap.add_argument('--report', action='store_true')
    args = ap.parse_args()
    persons = read_persons(sorted(args.files))
    halves = [[p for p in persons if zlib.crc32(p[0].encode()) % 2 == h] for h in (0, 1)]
    full = score_pairs(args.binary, build_pairs(persons))
    half = [score_pairs(args.binary, build_pairs(h)) for h in halves]
    table = fit(full)

    lines = ["# Calibrated probabilities of Compare's score, fitted by tools/calibrate_names.py on the",
             "# shared evaluation pairs (half true, half hard negatives); do not edit by hand: rerun the",
             "# tool. kind<TAB>score<TAB>probability, scores ascending within a kind; a kind without",
             "# lines uses \"all\"."]
    for k in ['all'] + KINDS:
        lines += [f"{k}\t{s:.4f}\t{p:.4f}" for s, p in table[k]]
    text = '\n'.join(lines) + '\n'
    if args.out:
        open(args.out, 'w', encoding='utf-8').write(text)
    elif not args.report:
        sys.stdout.write(text)

    raw = [(s, y) for s, _, y in full]
    in_sample = [(predict(table, k, s), y) for s, k, y in full]
    held = []
    for fit_on, measure_on in ((0, 1), (1, 0)):
        t = fit(half[fit_on])
        held += [(predict(t, k, s), y) for s, k, y in half[measure_on]]
    print(f"pairs {len(full)} (halves {len(half[0])} + {len(half[1])}); kinds fitted: "
          f"{', '.join(sorted(table))}", file=sys.stderr)
    print(f"ECE: raw score {ece(raw):.3f}, calibrated in-sample {ece(in_sample):.3f}, "
          f"held-out (fit on one half, measured on the other, both ways) {ece(held):.3f}", file=sys.stderr)
    # The pairs in between, where a probability matters (the rest score about 0 or 1): the same
    # pairs, by their raw score.
    mid = [i for i, (s, _, _) in enumerate(full) if 0.05 < s < 0.95]
    held_by_pair = {}
    for fit_on, measure_on in ((0, 1), (1, 0)):
        t = fit(half[fit_on])
        for s, k, y in half[measure_on]: held_by_pair.setdefault((s, k), []).append(predict(t, k, s))
    mid_half = [(s, k, y) for h in half for s, k, y in h if 0.05 < s < 0.95]
    mid_held = []
    for fit_on, measure_on in ((0, 1), (1, 0)):
        t = fit(half[fit_on])
        mid_held += [(predict(t, k, s), y) for s, k, y in half[measure_on] if 0.05 < s < 0.95]
    print(f"pairs scoring 0.05-0.95: {len(mid)}; ECE raw {ece([raw[i] for i in mid]):.3f}, in-sample "
          f"{ece([in_sample[i] for i in mid]):.3f}; held out {len(mid_held)} pairs: raw "
          f"{ece([(s, y) for s, _, y in mid_half]):.3f}, calibrated {ece(mid_held):.3f}", file=sys.stderr)
    if args.report:
        print(table_md("Raw score, pairs scoring 0.05–0.95", [(s, y) for s, _, y in mid_half])); print()
        print(table_md("Calibrated, the same pairs, held out", mid_held)); print()
        print(table_md("Raw score, all pairs", raw)); print()
        print(table_md("Calibrated probability, held out (fit on one half, measured on the other)", held)); print()
        print(table_md("Calibrated probability, the shipped table on all pairs (in-sample)", in_sample)); print()
        print("| kind | pairs | true | ECE raw | ECE held out |\n|---|---:|---:|---:|---:|")
        kinds = sorted({k for _, k, _ in full})
        for k in kinds:
            r = [(s, y) for s, kk, y in full if kk == k]
            h = []
            for fit_on, measure_on in ((0, 1), (1, 0)):
                t = fit(half[fit_on])
                h += [(predict(t, kk, s), y) for s, kk, y in half[measure_on] if kk == k]
            print(f"| {k} | {len(r)} | {sum(y for _, y in r)} | {ece(r):.3f} | {ece(h) if h else float('nan'):.3f} |")


if __name__ == '__main__':
    main()
