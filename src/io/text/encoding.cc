#include "io/text/encoding.h"

#include <fmt/format.h>
#include <unicode/ucnv.h>

#include <cmath>
#include <memory>

namespace aftermath::io {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Frequencies (per mille) of Russian letters а..я, then ё; the Kazakh-only letters are rare
// enough in lists of names that a small floor serves them.
constexpr double kRussianFrequency[33] = {
    80.1, 15.9, 45.4, 17.0, 29.8, 84.5, 9.4, 16.5, 73.5, 12.1, 34.9,  // а б в г д е ж з и й к
    44.0, 32.1, 67.0, 109.7, 28.1, 47.3, 54.7, 62.6, 26.2, 2.6, 9.7,  // л м н о п р с т у ф х
    4.8, 14.4, 7.3, 3.6, 0.4, 19.0, 17.4, 3.2, 6.4, 20.1, 0.4};        // ц ч ш щ ъ ы ь э ю я ё

// Valid UTF-8, except that a sequence cut off by the end of `s` counts as valid.
bool LooksLikeUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || (len == 2 && c < 0xC2) || (len == 4 && c > 0xF4)) return false;
    for (size_t k = 1; k < len; ++k) {
      if (i + k >= s.size()) return true;  // cut by the sample's end
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// Log-likelihood that the code points of `text` are Russian/Kazakh text, scored on the letters
// that came from high bytes (ASCII decodes the same either way).
double CyrillicScore(std::string_view bytes, const std::array<std::string, 128>& table) {
  double score = 0;
  bool prev_lower = false;
  for (unsigned char b : bytes) {
    if (b < 0x80) {
      prev_lower = false;
      continue;
    }
    const std::string& u = table[b - 0x80];
    // Decode the (at most 3-byte) UTF-8 of this one code point.
    char32_t cp = 0;
    if (u.size() == 2) {
      cp = ((u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    } else if (u.size() == 3) {
      cp = ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    int index = -1;
    bool upper = false;
    if (cp >= 0x0410 && cp <= 0x042F) {
      index = static_cast<int>(cp - 0x0410);
      upper = true;
    } else if (cp >= 0x0430 && cp <= 0x044F) {
      index = static_cast<int>(cp - 0x0430);
    } else if (cp == 0x0401 || cp == 0x0451) {
      index = 32;
      upper = cp == 0x0401;
    }
    if (index < 0) {
      // Box drawing, punctuation or a rare letter: text in the wrong encoding is full of them.
      bool other_cyrillic = cp >= 0x0400 && cp <= 0x04FF;
      score += other_cyrillic ? std::log(0.002) : std::log(0.0005);
      prev_lower = false;
      continue;
    }
    score += std::log(kRussianFrequency[index] / 1000.0);
    // Names are capitalised: a capital right after a small letter is rare in real text and
    // common in the other encoding (KOI8-R and cp1251 swap the cases).
    if (upper && prev_lower) score += std::log(0.05);
    prev_lower = !upper;
  }
  return score;
}

}  // namespace

std::string_view ToString(Encoding e) {
  switch (e) {
    case Encoding::kUtf8: return "utf-8";
    case Encoding::kUtf8Bom: return "utf-8 (BOM)";
    case Encoding::kCp1251: return "windows-1251";
    case Encoding::kKoi8r: return "koi8-r";
  }
  return "?";
}

std::optional<Encoding> ParseEncoding(std::string_view name) {
  std::string n;
  for (char c : name) {
    if (c != '-' && c != '_') n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (n == "utf8") return Encoding::kUtf8;
  if (n == "cp1251" || n == "windows1251" || n == "win1251") return Encoding::kCp1251;
  if (n == "koi8r" || n == "koi8") return Encoding::kKoi8r;
  return std::nullopt;
}

Result<std::array<std::string, 128>> SingleByteTable(const char* icu_name) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> from(ucnv_open(icu_name, &err), ucnv_close);
  if (U_FAILURE(err)) return Internal(fmt::format("ICU has no converter '{}'", icu_name));
  std::unique_ptr<UConverter, void (*)(UConverter*)> to(ucnv_open("UTF-8", &err), ucnv_close);
  if (U_FAILURE(err)) return Internal("ICU has no UTF-8 converter");
  std::array<std::string, 128> table;
  for (int b = 0x80; b <= 0xFF; ++b) {
    char in = static_cast<char>(b);
    char out[8];
    err = U_ZERO_ERROR;
    int32_t n = ucnv_convert("UTF-8", icu_name, out, sizeof out, &in, 1, &err);
    // Bytes the encoding leaves undefined become U+FFFD, which validation rejects later.
    table[b - 0x80] = U_SUCCESS(err) && n > 0 ? std::string(out, n) : "\xEF\xBF\xBD";
  }
  return table;
}

Encoding DetectEncoding(std::string_view sample) {
  if (sample.starts_with(kBom)) return Encoding::kUtf8Bom;
  if (LooksLikeUtf8(sample)) return Encoding::kUtf8;
  static const auto cp1251 = SingleByteTable("windows-1251");
  static const auto koi8r = SingleByteTable("KOI8-R");
  if (!cp1251.ok() || !koi8r.ok()) return Encoding::kCp1251;
  return CyrillicScore(sample, *koi8r) > CyrillicScore(sample, *cp1251) ? Encoding::kKoi8r
                                                                         : Encoding::kCp1251;
}

Result<Decoder> Decoder::Create(Encoding encoding) {
  Decoder d;
  d.encoding_ = encoding;
  if (encoding == Encoding::kCp1251 || encoding == Encoding::kKoi8r) {
    ASSIGN_OR_RETURN(d.high_,
                     SingleByteTable(encoding == Encoding::kCp1251 ? "windows-1251" : "KOI8-R"));
  }
  return d;
}

void Decoder::Append(std::string_view bytes, std::string& out) const {
  if (encoding_ == Encoding::kUtf8 || encoding_ == Encoding::kUtf8Bom) {
    out.append(bytes);
    return;
  }
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
    } else {
      out.append(high_[b - 0x80]);
    }
  }
}

}  // namespace aftermath::io
