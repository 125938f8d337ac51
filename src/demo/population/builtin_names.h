// Short lists, written by the team, for groups the shared population files do not cover:
// the most common Uzbek, Uyghur and Tatar names as written in Kazakhstan (Russian Cyrillic).
#pragma once

#include <span>
#include <string_view>

#include "demo/population/name_pool.h"

namespace aftermath::population {

struct BuiltinName {
  Group group;
  enum class Kind : uint8_t { kSurname, kMale, kFemale } kind;
  std::u32string_view name;
  double weight;  // relative within the group and kind
};

std::span<const BuiltinName> BuiltinNames();

// The group of one of Kazakhstan's most frequent surnames (Ким → Korean, Иванов → Russian);
// Kazakh when not listed.
Group GroupOfNationalSurname(std::u32string_view surname);

}  // namespace aftermath::population
