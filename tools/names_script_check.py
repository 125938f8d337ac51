#!/usr/bin/env python3
"""Outside check of names written in Hangul and Arabic script: the Korean and Arabic-script entries of
../shared/data/population/common-*-by-country.csv against the romanizations listed beside them (positives) and
romanizations of other names of the country (negatives); full Korean names made of a surname and a given name.
Prints, per kind, how many positives and negatives `names compare` calls at least "possible".
Usage: tools/names_script_check.py build/aftermath /work/shared/data/population [-v: misses] [-f: false positives]"""
import csv, json, random, re, subprocess, sys
binary, pop = sys.argv[1], sys.argv[2]
rng = random.Random(7)
HANGUL = re.compile('[\uac00-\ud7a3]'); ARABIC = re.compile('[\u0600-\u06ff]')
def rows(f): return list(csv.reader(open(f, encoding='utf-8-sig')))[1:]
sur = {}  # group -> (hangul, [latin])
for r in rows(pop + '/common-surnames-by-country.csv'):
    if r[0] != 'KR': continue
    g = sur.setdefault(r[3], [None, []])
    if HANGUL.search(r[4]) and not g[0]: g[0] = r[4]
    if r[5]: g[1].append(r[5])
sur = {k: v for k, v in sur.items() if v[0]}
giv = [(r[10], r[11]) for r in rows(pop + '/common-forenames-by-country.csv') if r[0] == 'KR' and HANGUL.search(r[10])]
ara = [(r[10], r[11]) for r in rows(pop + '/common-forenames-by-country.csv') if ARABIC.search(r[10])]
pairs = []  # (kind, a, b, label)
groups = list(sur.values())
for h, lat in groups:
    for l in lat: pairs.append(('ko-surname', h, l, 1))
    for other in rng.sample([g for g in groups if g[0] != h], 5): pairs.append(('ko-surname', h, rng.choice(other[1]), 0))
for h, l in giv:
    pairs.append(('ko-given', h, l, 1))
    for o in rng.sample([x for x in giv if x[0] != h], 5): pairs.append(('ko-given', h, o[1], 0))
# full names: surname + given, each side its own spelling
for i in range(200):
    (hs, ls), (hg, lg) = rng.choice(groups), rng.choice(giv)
    pairs.append(('ko-full', hs + hg, rng.choice(ls) + ' ' + lg, 1))
    (hs2, ls2), (hg2, lg2) = rng.choice(groups), rng.choice(giv)
    if hs2 != hs: pairs.append(('ko-full', hs + hg, rng.choice(ls2) + ' ' + lg, 0))
    if hg2 != hg: pairs.append(('ko-full', hs + hg, rng.choice(ls) + ' ' + lg2, 0))
for h, l in ara:
    pairs.append(('ar-given', h, l, 1))
    for o in rng.sample([x for x in ara if x[0] != h], 5): pairs.append(('ar-given', h, o[1], 0))
inp = ''.join(f"{a}\t{b}\n" for _, a, b, _ in pairs)
out = subprocess.run([binary, 'names', 'compare', '--tsv'], input=inp, capture_output=True, text=True).stdout.splitlines()
dec = [json.loads(l)['decision'] for l in out]
from collections import defaultdict
st = defaultdict(lambda: [0, 0, 0, 0])  # pos, pos>=possible, neg, neg>=possible
miss = []
for (k, a, b, y), d in zip(pairs, dec):
    s = st[k]
    if y: s[0] += 1; s[1] += d != 'non-match'; (d == 'non-match') and miss.append((k, a, b))
    else: s[2] += 1; s[3] += d != 'non-match'
for k, s in sorted(st.items()): print(f"{k:11} positives at least possible {s[1]}/{s[0]}   negatives at least possible {s[3]}/{s[2]}")
fp = [(k,a,b,d) for (k,a,b,y),d in zip(pairs,dec) if not y and d != "non-match"]
if "-f" in sys.argv:
    for f in fp: print("  fp", *f)
if "-v" in sys.argv:
    for m in miss: print('  miss', *m)
