// How one person's name ends up written in a record: script and romanisation, letter case,
// word order, initials, omitted patronymic, lost Kazakh letters, and the odd typo — in the
// shares seen in hospital, police and volunteer lists.
#pragma once

#include <string>
#include <string_view>

#include "demo/population/morphology.h"
#include "demo/population/name_pool.h"
#include "demo/population/rng.h"

namespace aftermath::population {

// A person's name before it is written down: Title-case Cyrillic words.
struct PersonName {
  Group group = Group::kKazakh;
  PersonSex sex = PersonSex::kMale;
  std::u32string surname;
  std::u32string given;
  std::u32string patronymic;  // empty when the person has none
};

// One written form of `name` (UTF-8), e.g. "ЖҰМАБЕКОВ Ерлан Маратұлы", "Zhumabekov Yerlan",
// "Е.М. Жумабеков".
std::string SpellName(const PersonName& name, Rng& rng);

// One edit (substitution, deletion, insertion or swap of neighbours) at a random position,
// with a letter of the word's own script and case. Words shorter than 3 letters are unchanged.
std::u32string OneEdit(std::u32string_view word, Rng& rng);

}  // namespace aftermath::population
