// Character encodings of incoming files: detection (UTF-8 with or without a BOM, Windows-1251,
// KOI8-R) and streaming conversion to UTF-8. Excel on a Russian-locale Windows saves CSV as
// Windows-1251; older Unix systems still write KOI8-R.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath::io {

enum class Encoding { kUtf8, kUtf8Bom, kCp1251, kKoi8r };

std::string_view ToString(Encoding e);
// "utf-8", "utf8", "cp1251", "windows-1251", "koi8-r", ...; nullopt otherwise.
std::optional<Encoding> ParseEncoding(std::string_view name);

// Guesses the encoding of `sample` (the first bytes of a file). A BOM wins; bytes that are valid
// UTF-8 (a sequence cut at the end of the sample is allowed) are UTF-8; otherwise cp1251 and
// KOI8-R are scored by how Russian/Kazakh the decoded letters look (letter frequencies and
// capitalisation), which tells them apart on a line or two of names.
Encoding DetectEncoding(std::string_view sample);

// Converts bytes of a single-byte encoding (or passes UTF-8 through) to UTF-8. Stateless per
// byte, so chunks may be cut anywhere. The tables come from ICU's converters.
class Decoder {
 public:
  // Internal when ICU lacks the converter (a broken installation).
  static Result<Decoder> Create(Encoding encoding);
  Encoding encoding() const { return encoding_; }
  // Appends the UTF-8 of `bytes` to `out`.
  void Append(std::string_view bytes, std::string& out) const;

 private:
  Encoding encoding_ = Encoding::kUtf8;
  std::array<std::string, 128> high_;  // UTF-8 of bytes 0x80..0xFF; empty for UTF-8 input
};

// The UTF-8 of the bytes 0x80..0xFF in a single-byte ICU converter ("windows-1251", "KOI8-R").
Result<std::array<std::string, 128>> SingleByteTable(const char* icu_name);

}  // namespace aftermath::io
