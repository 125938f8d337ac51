#include "demo/population/text.h"

namespace aftermath::population {

std::u32string Utf8ToU32(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    int extra = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + extra >= text.size()) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    char32_t c = extra == 0 ? b : b & (0x3F >> extra);
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      unsigned char cont = static_cast<unsigned char>(text[i + k]);
      if ((cont >> 6) != 2) {
        ok = false;
        break;
      }
      c = (c << 6) | (cont & 0x3F);
    }
    if (!ok) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    out.push_back(c);
    i += extra + 1;
  }
  return out;
}


namespace {

// Latin Extended-A and most of Cyrillic pair letters as (even upper, odd lower) or the reverse.
bool EvenUpperPair(char32_t c) {
  return (c >= 0x0100 && c <= 0x0137) || (c >= 0x014A && c <= 0x0177) ||
         (c >= 0x0460 && c <= 0x0481) || (c >= 0x048A && c <= 0x04BF) ||
         (c >= 0x04D0 && c <= 0x04FF);
}
bool OddUpperPair(char32_t c) {
  return (c >= 0x0139 && c <= 0x0148) || (c >= 0x0179 && c <= 0x017E) ||
         (c >= 0x04C1 && c <= 0x04CE);
}

}  // namespace

char32_t ToUpper(char32_t c) {
  if (c >= U'a' && c <= U'z') return c - 32;
  if (c < 0x80) return c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c == 0x0131) return U'I';  // dotless ı
  if (c >= 0x0430 && c <= 0x044F) return c - 32;
  if (c >= 0x0450 && c <= 0x045F) return c - 80;
  if (EvenUpperPair(c) && (c & 1)) return c - 1;
  if (OddUpperPair(c) && !(c & 1)) return c - 1;
  return c;
}

char32_t ToLower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  if (c < 0x80) return c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c == 0x0130) return U'i';  // dotted İ
  if (c >= 0x0410 && c <= 0x042F) return c + 32;
  if (c >= 0x0400 && c <= 0x040F) return c + 80;
  if (EvenUpperPair(c) && !(c & 1)) return c + 1;
  if (OddUpperPair(c) && (c & 1)) return c + 1;
  return c;
}

bool IsCyrillic(char32_t c) { return c >= 0x0400 && c <= 0x04FF; }

bool IsLetter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || IsCyrillic(c);
}

std::u32string UpperCase(std::u32string_view word) {
  std::u32string out(word);
  for (char32_t& c : out) c = ToUpper(c);
  return out;
}

std::u32string TitleCase(std::u32string_view word) {
  std::u32string out(word);
  bool start = true;
  for (char32_t& c : out) {
    c = start ? ToUpper(c) : ToLower(c);
    start = !IsLetter(c);
  }
  return out;
}

std::u32string CleanName(std::u32string_view word) {
  std::u32string out;
  out.reserve(word.size());
  for (char32_t c : word) {
    if (c >= 0x0300 && c <= 0x036F) continue;  // combining marks
    if (c == 0xFEFF) continue;                 // byte order mark
    out.push_back(c);
  }
  size_t b = out.find_first_not_of(U" \t\r\n");
  if (b == std::u32string::npos) return {};
  size_t e = out.find_last_not_of(U" \t\r\n");
  return out.substr(b, e - b + 1);
}

}  // namespace aftermath::population
