#include "store/paging.h"

#include "common/clock.h"

namespace aftermath {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

}  // namespace

// Hex keeps the cursor URL-safe and discourages clients from building their own.
std::string EncodeCursor(std::string_view created_at, std::string_view id) {
  std::string plain = std::string(created_at) + "~" + std::string(id);
  std::string out;
  out.reserve(plain.size() * 2);
  for (unsigned char c : plain) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

Result<PageCursor> DecodeCursor(std::string_view text) {
  if (text.empty()) return PageCursor{};
  auto bad = [] { return InvalidArgument("is not a cursor from a previous page", "cursor"); };
  if (text.size() % 2 || text.size() > 400) return bad();
  std::string plain;
  for (size_t i = 0; i < text.size(); i += 2) {
    auto hi = kHex.find(text[i]), lo = kHex.find(text[i + 1]);
    if (hi == std::string_view::npos || lo == std::string_view::npos) return bad();
    plain += static_cast<char>(hi * 16 + lo);
  }
  auto tilde = plain.find('~');
  if (tilde == std::string::npos) return bad();
  PageCursor c{plain.substr(0, tilde), plain.substr(tilde + 1)};
  if (c.id.empty() || !ParseTimestamp(c.created_at).ok()) return bad();
  return c;
}

}  // namespace aftermath
