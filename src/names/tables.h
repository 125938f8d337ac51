// The engine's tables: given-name equivalence groups and name frequencies. Both are built from
// text (the embedded defaults or files) and owned by a NameEngine; no global state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "names/types.h"

namespace aftermath::names {

// Canonical Latin and loose key of a single written word (used to key the tables).
// Returns an empty string when the word has no letters or is invalid.
std::string LooseKeyOfWord(std::string_view utf8);

// Equivalent given names (Дмитрий = Дмитро = Dzmitry, Саша = Александр).
class GivenNameTable {
 public:
  // Parses the TSV format of data/given_names.tsv. Returns InvalidArgument naming the line on
  // a malformed line.
  static Result<GivenNameTable> FromTsv(std::string_view tsv);

  // Groups whose forms have this loose key (empty when unknown). Owned by the table.
  const std::vector<uint16_t>& GroupsOfKey(std::string_view loose) const;
  // Groups whose forms have this stem key (for patronymics: Sergeevich → Sergey).
  const std::vector<uint16_t>& GroupsOfStem(std::string_view stem) const;
  Sex GroupSex(uint16_t group) const { return group < sex_.size() ? sex_[group] : Sex::kUnknown; }
  // First form of the group, for explanations.
  const std::string& GroupName(uint16_t group) const { return names_[group]; }
  size_t size() const { return sex_.size(); }

 private:
  std::unordered_map<std::string, std::vector<uint16_t>> by_key_;
  std::unordered_map<std::string, std::vector<uint16_t>> by_stem_;
  std::vector<Sex> sex_;
  std::vector<std::string> names_;
};

// How common a surname, given name or father's name is; rare names weigh more in Compare.
class FrequencyTable {
 public:
  enum class Kind : uint8_t { kSurname, kGiven, kPatronymic };

  // Parses the TSV format of data/common_names.tsv.
  static Result<FrequencyTable> FromTsv(std::string_view tsv);

  // Adds counts from a population directory (../shared/data/population): surname and given-name
  // frequency lists in the formats found there. Files that are absent are skipped; returns
  // NotFound when the directory has none of them.
  Status AddPopulationDir(const std::string& dir);

  // Adds one name with its share of the population (per million). Keeps the larger share.
  void Add(Kind kind, std::string_view loose_key, double per_million);

  // 0 for the most common names, 1 for very rare ones; names not in the table count as rare.
  float Rarity(Kind kind, std::string_view loose_key) const;

  size_t size() const { return surnames_.size() + given_.size(); }

 private:
  std::unordered_map<std::string, float> surnames_;
  std::unordered_map<std::string, float> given_;
};

}  // namespace aftermath::names
