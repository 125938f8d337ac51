// UTF-32 to UTF-8, for code that works on code points (the name engine, the population
// generator).
#pragma once

#include <string>
#include <string_view>

namespace aftermath {

// Appends the UTF-8 form of one code point. REQUIRES: c is a Unicode scalar value.
void AppendUtf8(char32_t c, std::string& out);
std::string Utf32ToUtf8(std::u32string_view text);

}  // namespace aftermath
