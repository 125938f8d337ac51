// The names a generated population is drawn from, by ethnic group and sex, with weights taken
// from the frequency lists in ../shared/data/population (see its README).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/status.h"
#include "demo/population/morphology.h"
#include "demo/population/weighted_list.h"

namespace aftermath::population {

// Groups of Kazakhstan's population whose names differ in origin and grammar.
enum class Group : uint8_t {
  kKazakh,
  kRussian,
  kUkrainian,
  kTatar,
  kUzbek,
  kUyghur,
  kKorean,
  kGerman,
};
inline constexpr size_t kGroupCount = 8;
std::string_view GroupName(Group group);

// How a group's patronymics are formed when its list has none of its own.
enum class PatronymicStyle : uint8_t { kFromList, kSlavic };

struct GroupNames {
  WeightedList surnames;                    // masculine or sex-neutral forms, Title case
  std::array<WeightedList, 2> given;        // [PersonSex]
  std::array<WeightedList, 2> patronymics;  // [PersonSex]; empty: derive from a father's name
};

struct NamePool {
  std::array<GroupNames, kGroupCount> groups;
  // Kazakhstan's most frequent surnames with national counts; tag = the Group they belong to.
  WeightedList national_surnames;
  // Russian given name → its patronymics {male, female} (Дмитрий → Дмитриевич, Дмитриевна).
  std::unordered_map<std::u32string, std::pair<std::u32string, std::u32string>> ru_patronymics;

  GroupNames& of(Group g) { return groups[static_cast<size_t>(g)]; }
  const GroupNames& of(Group g) const { return groups[static_cast<size_t>(g)]; }
};

// Loads the lists from `dir` (kz_names_fio.csv, russian_*.yaml, memorial_moscow_*.csv,
// common-{forenames,surnames}-by-country.csv) and adds the built-in lists for groups the
// files do not cover (Uzbek, Uyghur). NotFound when `dir` or a file is missing;
// FailedPrecondition when a group ends up without names.
Result<NamePool> LoadNamePool(const std::string& dir);

}  // namespace aftermath::population
