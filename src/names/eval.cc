#include "names/eval.h"

#include <algorithm>
#include <random>
#include <set>
#include <unordered_map>

#include "names/similarity.h"

namespace aftermath::names {
namespace {

std::string KindOf(const ParsedName& a, const ParsedName& b) {
  auto kazakh = [](const ParsedName& n) {
    bool cyr = false;
    for (const auto& t : n.tokens) {
      cyr |= t.script == Script::kCyrillic;
      if (t.role == Role::kPatronymic && t.stem.size() + 3 <= t.loose.size() &&
          (t.loose.ends_with("uli") || t.loose.ends_with("kizi")))
        return true;
    }
    return cyr && n.language == CyrillicLanguage::kKazakh;
  };
  if (kazakh(a) || kazakh(b)) return "kazakh";
  auto script = [](const ParsedName& n) {
    for (const auto& t : n.tokens)
      if (t.script == Script::kCyrillic) return Script::kCyrillic;
    return Script::kLatin;
  };
  const Script sa = script(a), sb = script(b);
  if (sa != sb) return "cross-script";
  return sa == Script::kLatin ? "latin-latin" : "cyrillic-cyrillic";
}

// True when every full word of the shorter name is close to a word of the longer one: such
// "different persons" are likely one person listed by two sources.
bool MaybeSame(const ParsedName& a, const ParsedName& b) {
  const ParsedName& s = a.tokens.size() <= b.tokens.size() ? a : b;
  const ParsedName& l = &s == &a ? b : a;
  for (const auto& t : s.tokens) {
    if (t.is_initial) continue;
    bool found = false;
    for (const auto& u : l.tokens)
      found |= !u.is_initial && KeySimilarity(t.loose, u.loose) >= 0.8f;
    if (!found) return false;
  }
  return true;
}

bool SharesWord(const ParsedName& a, const ParsedName& b) {
  for (const auto& t : a.tokens)
    for (const auto& u : b.tokens)
      if (!t.is_initial && !u.is_initial && KeySimilarity(t.loose, u.loose) >= 0.6f) return true;
  return false;
}

double Ratio(int64_t num, int64_t den) { return den == 0 ? 0.0 : double(num) / double(den); }

}  // namespace

double EvalCounts::MatchPrecision() const { return Ratio(match_tp, match_tp + match_fp); }
double EvalCounts::MatchRecall() const { return Ratio(match_tp, positives); }
double EvalCounts::PossiblePrecision() const {
  return Ratio(possible_tp, possible_tp + possible_fp);
}
double EvalCounts::PossibleRecall() const { return Ratio(possible_tp, positives); }

std::vector<EvalPair> BuildEvalPairs(const NameEngine& engine,
                                     const std::vector<EvalPerson>& persons,
                                     double negatives_per_positive, int64_t* pseudonym_pairs) {
  struct Parsed {
    size_t person;
    std::string text;
    ParsedName name;
  };
  std::vector<Parsed> parsed;
  std::vector<std::vector<size_t>> by_person(persons.size());
  for (size_t p = 0; p < persons.size(); ++p) {
    std::set<std::string> seen;
    for (const auto& n : persons[p].names) {
      if (!seen.insert(n).second) continue;
      auto r = engine.Parse(n);
      if (!r.ok()) continue;
      by_person[p].push_back(parsed.size());
      parsed.push_back({p, n, std::move(r).value()});
    }
  }
  std::vector<EvalPair> pairs;
  int64_t pseudonyms = 0;
  for (const auto& idx : by_person) {
    for (size_t x = 0; x < idx.size(); ++x) {
      for (size_t y = x + 1; y < idx.size(); ++y) {
        const auto& a = parsed[idx[x]];
        const auto& b = parsed[idx[y]];
        if (!SharesWord(a.name, b.name)) {
          ++pseudonyms;
          continue;
        }
        pairs.push_back({a.text, b.text, true, KindOf(a.name, b.name)});
      }
    }
  }
  if (pseudonym_pairs) *pseudonym_pairs = pseudonyms;

  // Hard negatives: buckets of names sharing a surname stem, or a given name + patronymic.
  std::unordered_map<std::string, std::vector<size_t>> buckets;
  for (size_t i = 0; i < parsed.size(); ++i) {
    std::string given, patronymic;
    for (const auto& t : parsed[i].name.tokens) {
      if (t.is_initial) continue;
      if (t.role == Role::kSurname && t.stem.size() >= 3) buckets["s:" + t.stem].push_back(i);
      if (t.role == Role::kGiven && given.empty()) {
        given = t.groups.empty() ? t.loose : "g" + std::to_string(t.groups.front());
      }
      if (t.role == Role::kPatronymic) patronymic = t.stem;
    }
    if (!given.empty() && !patronymic.empty())
      buckets["gp:" + given + "|" + patronymic].push_back(i);
  }
  std::vector<std::string> keys;
  for (const auto& [k, v] : buckets) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  std::mt19937_64 rng(20261125);
  std::shuffle(keys.begin(), keys.end(), rng);
  const auto limit =
      static_cast<size_t>(static_cast<double>(pairs.size()) * negatives_per_positive);
  std::set<std::pair<size_t, size_t>> used;
  size_t negatives = 0;
  for (int round = 0; round < 64 && negatives < limit; ++round) {
    const size_t before = negatives;
    for (const auto& k : keys) {
      if (negatives >= limit) break;
      const auto& v = buckets[k];
      if (v.size() < 2) continue;
      std::uniform_int_distribution<size_t> pick(0, v.size() - 1);
      const size_t i = v[pick(rng)], j = v[pick(rng)];
      if (parsed[i].person == parsed[j].person) continue;
      if (!used.insert({std::min(i, j), std::max(i, j)}).second) continue;
      if (MaybeSame(parsed[i].name, parsed[j].name)) continue;
      pairs.push_back(
          {parsed[i].text, parsed[j].text, false, KindOf(parsed[i].name, parsed[j].name)});
      ++negatives;
    }
    if (round >= 8 && negatives == before) break;
  }
  return pairs;
}

EvalReport Evaluate(const NameEngine& engine, const std::vector<EvalPair>& pairs) {
  EvalReport report;
  CompareOptions options;
  options.explain = Explain::kNone;
  for (const auto& p : pairs) {
    Decision d = Decision::kNonMatch;
    auto r = engine.Compare(p.a, p.b, options);
    if (r.ok()) {
      d = r->decision;
    } else {
      ++report.unparsable;
    }
    for (EvalCounts* c : {&report.overall, &report.by_kind[p.kind]}) {
      (p.same ? c->positives : c->negatives)++;
      if (d == Decision::kMatch) (p.same ? c->match_tp : c->match_fp)++;
      if (d != Decision::kNonMatch) (p.same ? c->possible_tp : c->possible_fp)++;
    }
    if ((p.same && d == Decision::kNonMatch) || (!p.same && d == Decision::kMatch)) {
      report.errors.push_back(p);
    }
  }
  return report;
}

}  // namespace aftermath::names
