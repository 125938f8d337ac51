#include "names/layout.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common/utf8.h"
#include "names/normalize.h"

namespace aftermath::names {
namespace {

// The keys of the letter rows, QWERTY and ЙЦУКЕН, position by position.
constexpr std::u32string_view kQwerty = U"qwertyuiop[]asdfghjkl;'zxcvbnm,.`/?";
constexpr std::u32string_view kJcuken = U"йцукенгшщзхъфывапролджэячсмитьбюё.,";
// Shifted punctuation of QWERTY: the capitals of х ъ ж э б ю ё.
constexpr std::u32string_view kQwertyShifted = U"{}:\"<>~";
constexpr std::u32string_view kJcukenShifted = U"ХЪЖЭБЮЁ";
// The Kazakh layout's number row.
constexpr std::u32string_view kDigits = U"2345890=";
constexpr std::u32string_view kKazakh = U"әіңғүұқһ";

bool IsLetter(char32_t c) { return u_isalpha(static_cast<UChar32>(c)); }

std::u32string Decode(std::string_view utf8) {
  std::u32string out;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0) out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

char32_t Upper(char32_t c) { return static_cast<char32_t>(u_toupper(static_cast<UChar32>(c))); }
char32_t Lower(char32_t c) { return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))); }

}  // namespace

std::string OtherLayoutText(std::string_view utf8, Script from) {
  if (from != Script::kLatin && from != Script::kCyrillic) return {};
  const std::u32string text = Decode(utf8);
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    const char32_t lower = Lower(c);
    const bool upper = lower != c;
    if (from == Script::kLatin) {
      if (size_t k = kQwerty.find(lower); k != std::u32string_view::npos && k < kJcuken.size()) {
        // '/' and '?' are where ЙЦУКЕН has '.' and ','; the rest are letters.
        out.push_back(upper ? Upper(kJcuken[k]) : kJcuken[k]);
      } else if (size_t s = kQwertyShifted.find(c); s != std::u32string_view::npos) {
        out.push_back(kJcukenShifted[s]);
      } else if (size_t d = kDigits.find(c); d != std::u32string_view::npos) {
        out.push_back(kKazakh[d]);
      } else if (c == U'-' && (i == 0 || !IsLetter(text[i - 1])) && i + 1 < text.size() &&
                 IsLetter(text[i + 1])) {
        out.push_back(U'ө');  // a hyphen opens no word: the Kazakh layout's ө key
      } else {
        out.push_back(c);
      }
    } else {
      if (ScriptOf(c) != Script::kCyrillic) {
        out.push_back(c);  // punctuation and spaces are where they were
        continue;
      }
      const size_t k = kJcuken.find(lower);
      if (k == std::u32string_view::npos) return {};  // і, ә ...: not on the Latin letter keys
      const char32_t latin = kQwerty[k];
      if (latin < U'a' || latin > U'z') return {};  // х ж э б ю ё: no Latin letter there
      out.push_back(upper ? Upper(latin) : latin);
    }
  }
  return Utf32ToUtf8(out);
}

int LetterPairs::Slot(char32_t c) {
  if (c >= U'a' && c <= U'z') return 1 + static_cast<int>(c - U'a');
  if (c >= U'а' && c <= U'я') return 27 + static_cast<int>(c - U'а');
  static constexpr std::u32string_view kMore = U"ёіїєґўәңғүұқөһ";
  if (size_t k = kMore.find(c); k != std::u32string_view::npos) return 59 + static_cast<int>(k);
  return -1;
}

void LetterPairs::Learn(std::u32string_view word) {
  int prev = 0;
  for (char32_t c : word) {
    const int slot = Slot(c);
    if (slot < 0) {
      prev = -1;
      continue;
    }
    if (prev >= 0) seen_.set(static_cast<size_t>(prev * kSlots + slot));
    prev = slot;
  }
  if (prev > 0) seen_.set(static_cast<size_t>(prev * kSlots));
}

int LetterPairs::Unseen(std::u32string_view word) const {
  int unseen = 0, prev = 0;
  for (char32_t c : word) {
    const int slot = Slot(c);
    if (slot >= 0 && prev >= 0) unseen += !seen_.test(static_cast<size_t>(prev * kSlots + slot));
    prev = slot;
  }
  if (prev > 0) unseen += !seen_.test(static_cast<size_t>(prev * kSlots));
  return unseen;
}

int LetterPairs::Unseen(const ParsedName& name) const {
  int unseen = 0;
  for (const auto& t : name.tokens) {
    if (t.is_initial || (t.script != Script::kLatin && t.script != Script::kCyrillic)) continue;
    // Decoded on the fly: every search query passes here.
    const auto* s = reinterpret_cast<const uint8_t*>(t.text.data());
    const int32_t n = static_cast<int32_t>(t.text.size());
    int prev = 0;
    for (int32_t i = 0; i < n;) {
      UChar32 c;
      U8_NEXT(s, i, n, c);
      const int slot = c < 0 ? -1 : Slot(static_cast<char32_t>(c));
      if (slot >= 0 && prev >= 0) unseen += !seen_.test(static_cast<size_t>(prev * kSlots + slot));
      prev = slot;
    }
    if (prev > 0) unseen += !seen_.test(static_cast<size_t>(prev * kSlots));
  }
  return unseen;
}

}  // namespace aftermath::names
