#include "names/tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "names/normalize.h"
#include "names/transliterate.h"

namespace aftermath::names {
namespace {

const std::vector<uint16_t> kNoGroups;

// Splits on any of `seps`, skipping empty fields.
std::vector<std::string_view> Split(std::string_view s, std::string_view seps) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || seps.find(s[i]) != std::string_view::npos) {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

// Calls fn(line_number, line) for each non-empty, non-comment line.
template <typename Fn>
Status ForEachLine(std::string_view text, Fn fn) {
  size_t line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++line_no;
    std::string_view line = Trim(text.substr(start, end - start));
    if (!line.empty() && line.front() != '#') RETURN_IF_ERROR(fn(line_no, line));
    start = end + 1;
  }
  return Status::Ok();
}

float RarityOf(double per_million) {
  if (per_million <= 0) return 1.f;
  // 40,000 per million (Александр) → 0; 1 per million → 1.
  const double r = (std::log10(1e6 / per_million) - 1.4) / 4.0;
  return static_cast<float>(std::clamp(r, 0.0, 1.0));
}

std::string SurnameKey(std::string_view loose) {
  std::string neutral;
  SurnameSex(loose, &neutral);
  return neutral;
}

}  // namespace

std::string LooseKeyOfWord(std::string_view utf8) {
  auto words = SplitWords(utf8);
  if (!words.ok() || words->empty()) return {};
  std::vector<std::u32string> texts;
  std::string latin;
  for (const auto& w : *words) texts.push_back(w.text);
  const CyrillicLanguage lang = DetectLanguage(texts);
  for (const auto& w : *words) latin += ToCanonicalLatin(w.text, lang);
  return LooseKey(latin);
}

Result<GivenNameTable> GivenNameTable::FromTsv(std::string_view tsv) {
  GivenNameTable t;
  Status st = ForEachLine(tsv, [&](size_t line_no, std::string_view line) -> Status {
    auto fields = Split(line, "\t");
    if (fields.size() < 2 || fields.size() > 3 || (fields[0] != "m" && fields[0] != "f")) {
      return InvalidArgument(fmt::format(
          "given-name table line {}: expected 'm|f<TAB>forms[<TAB>diminutives]'", line_no));
    }
    if (t.sex_.size() >= 65535) return InvalidArgument("given-name table has too many groups");
    const auto group = static_cast<uint16_t>(t.sex_.size());
    t.sex_.push_back(fields[0] == "m" ? Sex::kMale : Sex::kFemale);
    auto forms = Split(fields[1], " ");
    if (forms.empty()) {
      return InvalidArgument(fmt::format("given-name table line {}: no forms", line_no));
    }
    t.names_.emplace_back(forms.front());
    auto add = [group](std::vector<uint16_t>& v) {
      if (std::find(v.begin(), v.end(), group) == v.end()) v.push_back(group);
    };
    for (auto form : forms) {
      const std::string key = LooseKeyOfWord(form);
      if (key.empty()) continue;
      add(t.by_key_[key]);
      add(t.by_stem_[StemKey(key)]);
    }
    if (fields.size() == 3) {
      for (auto form : Split(fields[2], " ")) {
        const std::string key = LooseKeyOfWord(form);
        if (!key.empty()) add(t.by_key_[key]);
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return t;
}

const std::vector<uint16_t>& GivenNameTable::GroupsOfKey(std::string_view loose) const {
  auto it = by_key_.find(std::string(loose));
  return it == by_key_.end() ? kNoGroups : it->second;
}

const std::vector<uint16_t>& GivenNameTable::GroupsOfStem(std::string_view stem) const {
  auto it = by_stem_.find(std::string(stem));
  return it == by_stem_.end() ? kNoGroups : it->second;
}

Result<FrequencyTable> FrequencyTable::FromTsv(std::string_view tsv) {
  FrequencyTable t;
  Status st = ForEachLine(tsv, [&](size_t line_no, std::string_view line) -> Status {
    auto fields = Split(line, "\t");
    double pm = 0;
    if (fields.size() == 3) pm = std::atof(std::string(fields[2]).c_str());
    if (fields.size() != 3 || pm <= 0 || (fields[0] != "s" && fields[0] != "g")) {
      return InvalidArgument(
          fmt::format("frequency table line {}: expected 's|g<TAB>name<TAB>per-million'", line_no));
    }
    t.Add(fields[0] == "s" ? Kind::kSurname : Kind::kGiven, LooseKeyOfWord(fields[1]), pm);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return t;
}

void FrequencyTable::Add(Kind kind, std::string_view loose_key, double per_million) {
  if (loose_key.empty()) return;
  const float rarity = RarityOf(per_million);
  auto keep = [rarity](std::unordered_map<std::string, float>& m, std::string key) {
    auto [it, inserted] = m.emplace(std::move(key), rarity);
    if (!inserted) it->second = std::min(it->second, rarity);
  };
  if (kind == Kind::kSurname) {
    keep(surnames_, SurnameKey(loose_key));
  } else {
    keep(given_, std::string(loose_key));
    keep(given_, "~" + StemKey(loose_key));  // the father's-name form of the same name
  }
}

float FrequencyTable::Rarity(Kind kind, std::string_view loose_key) const {
  switch (kind) {
    case Kind::kSurname: {
      auto it = surnames_.find(SurnameKey(loose_key));
      return it == surnames_.end() ? 0.8f : it->second;
    }
    case Kind::kGiven: {
      auto it = given_.find(std::string(loose_key));
      return it == given_.end() ? 0.7f : it->second;
    }
    case Kind::kPatronymic: {
      auto it = given_.find("~" + std::string(loose_key));
      return it == given_.end() ? 0.7f : it->second;
    }
  }
  return 0.7f;
}

Status FrequencyTable::AddPopulationDir(const std::string& dir) {
  int files = 0;
  // "name,freq,sex" with freq in percent.
  auto load_percent_csv = [&](const std::string& name, Kind kind) {
    std::ifstream in(dir + "/" + name);
    if (!in) return;
    ++files;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      auto fields = Split(line, ",");
      if (fields.size() < 2) continue;
      Add(kind, LooseKeyOfWord(fields[0]), std::atof(std::string(fields[1]).c_str()) * 1e4);
    }
  };
  // "Name: count" with counts relative to the file's total.
  auto load_yaml_counts = [&](const std::string& name, Kind kind) {
    std::ifstream in(dir + "/" + name);
    if (!in) return;
    ++files;
    std::vector<std::pair<std::string, double>> rows;
    double total = 0;
    std::string line;
    while (std::getline(in, line)) {
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      const double count = std::atof(line.c_str() + colon + 1);
      if (count <= 0) continue;
      total += count;
      rows.emplace_back(line.substr(0, colon), count);
    }
    for (auto& [n, c] : rows) Add(kind, LooseKeyOfWord(n), c / total * 1e6 * 0.6);
  };
  // "NAME,count" from a sample of Kazakhstani full names.
  auto load_sample_counts = [&](const std::string& name, Kind kind) {
    std::ifstream in(dir + "/" + name);
    if (!in) return;
    ++files;
    std::vector<std::pair<std::string, double>> rows;
    double total = 0;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      auto fields = Split(line, ",");
      if (fields.size() < 2) continue;
      const double count = std::atof(std::string(fields[1]).c_str());
      total += count;
      rows.emplace_back(std::string(fields[0]), count);
    }
    for (auto& [n, c] : rows) Add(kind, LooseKeyOfWord(n), c / total * 1e6 * 0.3);
  };
  load_percent_csv("freq_last_names.csv", Kind::kSurname);
  load_percent_csv("freq_first_names.csv", Kind::kGiven);
  load_yaml_counts("russian_male_last_names_and_popularity.yaml", Kind::kSurname);
  load_yaml_counts("russian_male_first_names_and_popularity.yaml", Kind::kGiven);
  load_yaml_counts("russian_female_first_names_and_popularity.yaml", Kind::kGiven);
  load_sample_counts("freq_surname_upper.csv", Kind::kSurname);
  load_sample_counts("freq_given_upper.csv", Kind::kGiven);
  if (files == 0) return NotFound(fmt::format("no frequency lists in {}", dir));
  return Status::Ok();
}

}  // namespace aftermath::names
