// Cyrillic names written in Latin letters the ways people and documents actually do it. The
// generator's own small tables, independent of the name engine's, so that a benchmark built on
// generated names does not test the engine against its own transliteration.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace aftermath::population {

enum class LatinSystem : uint8_t {
  kIcao,        // Russian passports since 2013: Юрий → Iurii, Щ → shch, Ц → ts
  kBgn,         // the popular English style: Yuriy, Yelena, Solovyov
  kKzPassport,  // Kazakhstan passports before 2021: Қ → k, Ұ/Ү → u, Ж → zh, Asel → Assel
  kKazakh2021,  // the 2021 Kazakh Latin alphabet: Qasym, Jomart, Şyñğys, Ūlan
  kGerman,      // German documents: Шмидт → Schmidt, Вольф → Wolf
};

// One word in Latin letters; case follows the input (Title → Title, UPPER → UPPER).
// Non-Cyrillic letters pass through unchanged.
std::u32string Romanize(std::u32string_view word, LatinSystem system);

}  // namespace aftermath::population
