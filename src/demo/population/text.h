// UTF-8 <-> UTF-32 and the letter case of the scripts names here are written in (ASCII,
// Latin-1, Latin Extended-A, Cyrillic with Kazakh and Ukrainian letters). The generator works
// on code points so that typos and initials never split a letter.
#pragma once

#include <string>
#include <string_view>

#include "common/utf8.h"

namespace aftermath::population {

// Invalid bytes become U+FFFD.
std::u32string Utf8ToU32(std::string_view text);

char32_t ToUpper(char32_t c);
char32_t ToLower(char32_t c);
bool IsCyrillic(char32_t c);
bool IsLetter(char32_t c);

std::u32string UpperCase(std::u32string_view word);
// First letter (and the first letter after a hyphen) upper, the rest lower: "ЖҰМАБЕК" → "Жұмабек".
std::u32string TitleCase(std::u32string_view word);
// Drops combining marks (stress accents in "Смирно́в") and trims spaces.
std::u32string CleanName(std::u32string_view word);

}  // namespace aftermath::population
