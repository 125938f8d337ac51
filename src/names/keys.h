// Keys under which the in-memory index files a parsed name. Any two spellings the engine would
// call a match share at least one key in the common cases (same loose surname, same initial and
// surname, same given-name group).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "names/types.h"

namespace aftermath::names {

struct IndexKeys {
  std::vector<std::string> loose;             // loose key of every full word
  std::vector<std::string> surname_stems;     // surnames without gender ending ("ivanov")
  std::vector<std::string> initial_surname;   // "n|nazarbaev": given initial + surname stem
  std::vector<uint16_t> given_groups;         // equivalence groups of given names
  std::vector<std::string> patronymic_stems;  // father's-name stems ("sergei" → "serg")

  // All of the above as prefixed strings ("l:ivanov", "s:ivanov", "i:n|nazarbaev", "g:12",
  // "p:serg"), deduplicated, for a single inverted map.
  std::vector<std::string> All() const;
};

// Keys of `name`. Pure function of the parse; tokens flagged is_prefix are left to the index
// (it should look them up by key prefix). A name parsed with QueryForms::kWithSecondReadings
// adds the keys of its second readings: words joined across a space where one looks like a
// piece of a word, and the other keyboard layout's reading (ParsedName::other_layout).
IndexKeys MakeIndexKeys(const ParsedName& name);

}  // namespace aftermath::names
