// Keyset-paging cursors: opaque to clients, "<created_at>~<id>" underneath, base64url-free so
// they are safe in a query string.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace aftermath {

struct PageCursor {
  std::string created_at;
  std::string id;
  bool empty() const { return id.empty(); }
};

std::string EncodeCursor(std::string_view created_at, std::string_view id);
// Empty text is the first page; anything not made by EncodeCursor is InvalidArgument.
Result<PageCursor> DecodeCursor(std::string_view text);

}  // namespace aftermath
