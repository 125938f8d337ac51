#include "names/calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace aftermath::names {
namespace {

constexpr std::array<std::string_view, kPairClasses> kNames = {
    "cross-script",        "cyrillic",        "latin", "cross-script+patronymic",
    "cyrillic+patronymic", "latin+patronymic"};

Script NameScript(const ParsedName& n) {
  bool latin = false;
  for (const auto& t : n.tokens) {
    if (t.script == Script::kCyrillic) return Script::kCyrillic;
    latin |= t.script == Script::kLatin;
  }
  return latin ? Script::kLatin : Script::kOther;
}

bool HasFullPatronymic(const ParsedName& n) {
  for (const auto& t : n.tokens)
    if (t.role == Role::kPatronymic && !t.is_initial) return true;
  return false;
}

bool ParseFloat(std::string_view s, float* out) {
  // std::from_chars for float: the locale never enters.
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::string_view PairClassName(PairClass c) { return kNames[static_cast<size_t>(c)]; }

PairClass PairClassOf(const ParsedName& a, const ParsedName& b) {
  const Script sa = NameScript(a), sb = NameScript(b);
  int script = 0;  // cross-script, also for two names in another script (their Latin is ICU's)
  if (sa == sb && sa == Script::kCyrillic) script = 1;
  if (sa == sb && sa == Script::kLatin) script = 2;
  const bool patronymics = HasFullPatronymic(a) && HasFullPatronymic(b);
  return static_cast<PairClass>(script + (patronymics ? 3 : 0));
}

Result<Calibration> Calibration::FromTsv(std::string_view tsv) {
  Calibration c;
  size_t line_no = 0;
  while (!tsv.empty()) {
    const size_t eol = tsv.find('\n');
    std::string_view line = tsv.substr(0, eol);
    tsv.remove_prefix(eol == std::string_view::npos ? tsv.size() : eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const size_t t1 = line.find('\t');
    const size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    float score = 0, probability = 0;
    if (t2 == std::string_view::npos || !ParseFloat(line.substr(t1 + 1, t2 - t1 - 1), &score) ||
        !ParseFloat(line.substr(t2 + 1), &probability) || score < 0 || score > 1 ||
        probability < 0 || probability > 1) {
      return InvalidArgument(fmt::format(
          "calibration table line {}: expected 'kind<TAB>score<TAB>probability' in [0, 1]",
          line_no));
    }
    const std::string_view kind = line.substr(0, t1);
    Points* points = kind == "all" ? &c.all_ : nullptr;
    for (size_t k = 0; k < kPairClasses && points == nullptr; ++k)
      if (kind == kNames[k]) points = &c.by_class_[k];
    if (points == nullptr) {
      return InvalidArgument(
          fmt::format("calibration table line {}: unknown kind '{}'", line_no, kind));
    }
    if (!points->empty() &&
        (score <= points->back().first || probability < points->back().second)) {
      return InvalidArgument(fmt::format(
          "calibration table line {}: scores must rise and probabilities never fall", line_no));
    }
    points->emplace_back(score, probability);
  }
  return c;
}

float Calibration::Probability(PairClass c, float score) const {
  const Points& own = by_class_[static_cast<size_t>(c)];
  const Points& p = own.empty() ? all_ : own;
  if (p.empty()) return score;
  if (score <= p.front().first) return p.front().second;
  if (score >= p.back().first) return p.back().second;
  auto hi = std::upper_bound(p.begin(), p.end(), score,
                             [](float s, const auto& point) { return s < point.first; });
  auto lo = hi - 1;
  const float t = (score - lo->first) / (hi->first - lo->first);
  return lo->second + t * (hi->second - lo->second);
}

}  // namespace aftermath::names
