#include "names/keys.h"

#include <algorithm>

#include "names/similarity.h"

namespace aftermath::names {
namespace {

void AddUnique(std::vector<std::string>& v, std::string s) {
  if (s.empty()) return;
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
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
    switch (t.role) {
      case Role::kSurname:
        AddUnique(keys.surname_stems, t.stem);
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
