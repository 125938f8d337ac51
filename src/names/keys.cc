#include "names/keys.h"

#include <algorithm>

#include "names/korean.h"
#include "names/similarity.h"
#include "names/transliterate.h"

namespace aftermath::names {
namespace {

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (s.empty()) return;
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

void Merge(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const auto& s : from) AddUnique(into, s);
}

}  // namespace

IndexKeys MakeIndexKeys(const ParsedName& name) {
  IndexKeys keys;
  std::vector<std::string> given_initials;
  for (const auto& t : name.tokens) {
    if (t.role == Role::kGiven && !t.loose.empty()) given_initials.push_back(t.loose.substr(0, 1));
    if (t.is_initial) continue;
    AddUnique(keys.loose, t.loose);
    // A Lithuanian or Latvian nominative ending (Kovaliovas, Vladimiras) is filed without it
    // too: the engine compares it so, and no typo lookup bridges two added letters.
    const std::string_view baltic = WithoutBalticEnding(t.loose);
    if (baltic.size() != t.loose.size()) AddUnique(keys.loose, std::string(baltic));
    // A word written in Hangul: also the keys of its other usual Latin spellings (Gim, Lee,
    // Park; Yeong-bok, Young-bok; Yong and Bok as two words), which nothing else bridges.
    std::vector<std::string> korean;
    if (IsHangulLatin(t.latin)) korean = KoreanSpellingKeys(t.text);
    for (const auto& k : korean) AddUnique(keys.loose, k);
    switch (t.role) {
      case Role::kSurname:
        AddUnique(keys.surname_stems, t.stem);
        for (const auto& k : korean) AddUnique(keys.surname_stems, k);
        if (baltic.size() != t.loose.size()) AddUnique(keys.surname_stems, std::string(baltic));
        break;
      case Role::kPatronymic:
        AddUnique(keys.patronymic_stems, t.stem);
        break;
      case Role::kGiven:
      case Role::kUnknown:
        for (uint16_t g : t.groups)
          if (std::find(keys.given_groups.begin(), keys.given_groups.end(), g) ==
              keys.given_groups.end())
            keys.given_groups.push_back(g);
        break;
    }
  }
  for (const auto& s : keys.surname_stems)
    for (const auto& i : given_initials) AddUnique(keys.initial_surname, i + "|" + s);
  if (name.second_readings) {
    // Two adjacent words one of which looks like a piece of a word: the joined word too, as
    // the engine joins them when comparing (JoinAdjacent in compare.cc).
    for (size_t i = 0; i + 1 < name.tokens.size(); ++i) {
      const NameToken& a = name.tokens[i];
      const NameToken& b = name.tokens[i + 1];
      if (a.is_initial || b.is_initial || a.is_prefix || b.is_prefix) continue;
      if (a.role == Role::kPatronymic || b.role == Role::kPatronymic) continue;
      if (!IsWordPiece(a) && !IsWordPiece(b)) continue;
      AddUnique(keys.loose, LooseKey(a.latin + b.latin));
    }
  }
  if (name.other_layout) {
    const IndexKeys other = MakeIndexKeys(*name.other_layout);
    Merge(keys.loose, other.loose);
    Merge(keys.surname_stems, other.surname_stems);
    Merge(keys.initial_surname, other.initial_surname);
    Merge(keys.patronymic_stems, other.patronymic_stems);
    for (uint16_t g : other.given_groups)
      if (std::find(keys.given_groups.begin(), keys.given_groups.end(), g) ==
          keys.given_groups.end())
        keys.given_groups.push_back(g);
  }
  return keys;
}

std::vector<std::string> IndexKeys::All() const {
  std::vector<std::string> out;
  for (const auto& k : loose) AddUnique(out, "l:" + k);
  for (const auto& k : surname_stems) AddUnique(out, "s:" + k);
  for (const auto& k : initial_surname) AddUnique(out, "i:" + k);
  for (uint16_t g : given_groups) AddUnique(out, "g:" + std::to_string(g));
  for (const auto& k : patronymic_stems) AddUnique(out, "p:" + k);
  return out;
}

}  // namespace aftermath::names
