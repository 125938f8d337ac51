// Small text helpers of the recovery domain: UTF-8 to code points and back.
#pragma once

#include <string>
#include <string_view>

#include "common/utf8.h"

namespace aftermath::recovery {

// The code points of `utf8`; a byte that does not start a valid sequence becomes U+FFFD.
std::u32string DecodeUtf8(std::string_view utf8);

// `utf8` with surrounding whitespace removed.
std::string_view Trim(std::string_view utf8);

}  // namespace aftermath::recovery
