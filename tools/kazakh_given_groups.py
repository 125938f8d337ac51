#!/usr/bin/env python3
"""Builds src/names/data/given_names_kazakh.tsv, the Kazakh given-name groups, from the population
lists (../shared/data/population: kz_names_fio.csv, the given names and fathers' names of real
Kazakhstani full names, and the Kazakhstan rows of common-forenames-by-country.csv).

Each distinct name becomes a group of its own, so that two different common names (Дильнара and
Гульнара, Дильназ and Дильнара) are told apart by the engine; the spellings of one name (Айгүл,
Айгуль, Айгул: Kazakh letters lost, a soft sign, a doubled letter) are one group. The rules:
  * spellings that fold alike (Kazakh letters to their Russian look-alikes, ь/ъ dropped, й as и,
    ё/э as е, doubled letters once) are one name;
  * a spelling seen once that is one letter from a name seen at least five times as often is
    taken for a typo or a rare variant and gets no group (the engine compares it by similarity);
  * a name whose sex the lists disagree on (its patronymic or surname says male and female, the
    minority above one in ten) or never say gets no group;
  * a name the team's table (given_names.tsv) holds is written too, with the spellings the lists
    add (Алмас Алмаз): its key is then in both groups, so the team's forms (Almas) stay its own.
Only the derived groups are written: the lists themselves are never copied into the repository.

Usage: tools/kazakh_given_groups.py [POPULATION_DIR] > src/names/data/given_names_kazakh.tsv
"""
import collections, csv, os, sys

POP = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data', 'population')

KAZ = str.maketrans('ӘҒҚҢӨҰҮҺІЁЭЙ', 'АГКНОУУХИЕЕИ')
CYR = set('АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯӘҒҚҢӨҰҮҺІ')


def letters(name):
    """The name upper-cased with Kazakh letters as their Russian look-alikes (ь kept)."""
    return name.upper().translate(KAZ)


VOWELS = set('АЕИОУЫЮЯ')


def fold(name):
    """Spellings of one name fold alike: ь/ъ dropped, қ/х alike (Бақытжан, Бахытжан), an initial
    Ғ before a vowel dropped (Ғазиз, Азиз), ия as я (Ілияс, Ильяс), a final д as т (Махмуд, Махмут), and the Russified letters as the
    Kazakh ones: дж as ж (Джанибек, Жәнібек), ч as ш and и as ы, a final з as с (Чингиз, Шыңғыс;
    Алмаз, Алмас); doubled letters once."""
    up = name.upper()
    if len(up) > 1 and up[0] == 'Ғ' and letters(up[1]) in VOWELS: up = up[1:]
    s = letters(up).replace('Ь', '').replace('Ъ', '').replace('Х', 'К').replace('ИЯ', 'Я')
    if s.endswith('Д'): s = s[:-1] + 'Т'
    s = s.replace('ДЖ', 'Ж').replace('Ч', 'Ш').replace('Ы', 'И')
    if s.endswith('З'): s = s[:-1] + 'С'
    out = []
    for c in s:
        if not out or out[-1] != c: out.append(c)
    return ''.join(out)


def one_edit(a, b):
    if a == b: return False
    if abs(len(a) - len(b)) > 1: return False
    if len(a) == len(b): return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b): a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def word(name):
    name = name.strip()
    return name if name and all(c in CYR for c in name.upper()) and len(name) >= 3 else None


def sex_of(surname, patronymic):
    p = letters(patronymic)
    if p.endswith(('УЛЫ', 'ОВИЧ', 'ЕВИЧ', 'УГЛИ')): return 'm'
    if p.endswith(('КЫЗЫ', 'ОВНА', 'ЕВНА', 'ГИЗИ')): return 'f'
    if p: return None
    s = letters(surname)
    if s.endswith(('УЛЫ',)): return 'm'
    if s.endswith(('КЫЗЫ',)): return 'f'
    if s.endswith(('ОВА', 'ЕВА', 'ИНА')): return 'f'
    if s.endswith(('ОВ', 'ЕВ', 'ИН')): return 'm'
    return None


def father(patronymic):
    """The father's name in a Kazakh patronymic (Маратұлы, Серікқызы), else None."""
    p = patronymic.strip()
    for suffix in ('ұлы', 'қызы', 'улы', 'кызы'):
        if p.lower().endswith(suffix) and len(p) - len(suffix) >= 3:
            return p[:len(p) - len(suffix)]
    return None


def title(name):
    return name[:1].upper() + name[1:].lower()


def main():
    counts = collections.Counter()          # fold -> times seen (given names and fathers' names)
    spellings = collections.defaultdict(collections.Counter)  # fold -> spelling -> times
    sexes = collections.defaultdict(collections.Counter)      # fold -> sex -> votes
    with open(os.path.join(POP, 'kz_names_fio.csv'), encoding='utf-8') as f:
        for row in csv.DictReader(f):
            given = word(row['given'])
            if given:
                k = fold(given)
                counts[k] += 1
                spellings[k][title(given)] += 1
                s = sex_of(row['surname'], row['patronymic'])
                if s: sexes[k][s] += 1
            dad = father(row['patronymic'])
            if dad and word(dad):
                k = fold(dad)
                counts[k] += 1
                spellings[k][title(dad)] += 1
                sexes[k]['m'] += 1
    path = os.path.join(POP, 'common-forenames-by-country.csv')
    if os.path.exists(path):
        with open(path, encoding='utf-8-sig') as f:
            for row in csv.DictReader(f):
                if row['Country'] != 'KZ': continue
                given = word(row['Localized Name'])
                if not given: continue
                k = fold(given)
                counts[k] += 1
                spellings[k][title(given)] += 1
                sexes[k][row['Gender'].lower()] += 1

    def typo_like(k):
        own = [letters(w) for w in spellings[k]]
        return any(counts[o] >= 5 and any(one_edit(a, letters(w)) for a in own for w in spellings[o])
                   for o in counts if o != k)

    by_count = sorted(counts, key=lambda k: (-counts[k], k))
    groups = []
    for k in by_count:
        s = sexes[k]
        if not s or min(s['m'], s['f']) * 9 > max(s['m'], s['f']): continue  # unisex or unknown
        if counts[k] == 1 and typo_like(k):
            continue
        forms = [w for w, _ in spellings[k].most_common()]
        groups.append(('m' if s['m'] > s['f'] else 'f', forms))

    print('# Kazakh given-name groups, generated by tools/kazakh_given_groups.py from the population')
    print('# lists (given names and fathers\' names of real Kazakhstani full names); do not edit by hand:')
    print('# rerun the tool. Same format as given_names.tsv, loaded after it: one name a line, its')
    print('# spellings (Kazakh letters or not, with or without ь); a different name is another line.')
    for sex, forms in groups:
        print(f"{sex}\t{' '.join(forms)}")
    print(f"# {len(groups)} groups", file=sys.stderr)


if __name__ == '__main__':
    main()
