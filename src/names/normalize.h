// Stage 1: UTF-8 text to raw words. Validates UTF-8, applies NFKC, drops labels ("a.k.a.",
// "укр."), repairs homoglyphs by each word's majority script, case-folds, strips stress marks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "names/types.h"

namespace aftermath::names {

// Longest input accepted; longer text is not a name.
inline constexpr size_t kMaxNameBytes = 1024;
// Words kept from one name; the rest are ignored.
inline constexpr size_t kMaxWords = 12;

struct RawWord {
  std::u32string text;  // case-folded, homoglyphs repaired
  Script script = Script::kUnknown;
  bool abbreviated = false;  // followed by '.'
  bool all_caps = false;     // every letter upper-case, at least two letters
  bool has_lower = false;    // some letter lower-case
  bool hyphen_next = false;  // followed by a hyphen
  bool comma_after = false;  // followed by a comma
  bool alternative = false;  // inside parentheses: another surname or nickname ("(КАШИРСКАЯ)")
};

// Splits `utf8` into words. Returns InvalidArgument for invalid UTF-8 or text longer than
// kMaxNameBytes; an empty vector when there is no letter at all.
Result<std::vector<RawWord>> SplitWords(std::string_view utf8);

// Script of one code point (Latin, Cyrillic, other letter) or kUnknown for non-letters.
Script ScriptOf(char32_t c);

// True for a letter of a script that leaves short vowels unwritten (Arabic, Hebrew, Syriac).
bool IsAbjadLetter(char32_t c);

}  // namespace aftermath::names
