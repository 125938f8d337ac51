// A parsed name kept small for the index: strings become pool ids, flags become bits. Expand()
// rebuilds the names::ParsedName the engine compares, reusing the caller's buffers.
#pragma once

#include <cstdint>
#include <vector>

#include "index/string_pool.h"
#include "names/types.h"

namespace aftermath::index {

struct CompactToken {
  uint32_t latin = 0;
  uint32_t loose = 0;
  uint32_t stem = 0;
  float rarity = 0.5f;
  uint16_t groups_begin = 0;  // into CompactName::groups
  uint8_t groups_count = 0;
  names::Role role = names::Role::kUnknown;
  names::Sex sex = names::Sex::kUnknown;
  uint8_t flags = 0;
};

struct CompactName {
  std::vector<CompactToken> tokens;
  std::vector<uint16_t> groups;
  names::Sex sex = names::Sex::kUnknown;
  uint8_t flags = 0;  // bit 0: surname_first
};

CompactName Compress(const names::ParsedName& name, StringPool& pool);
// Overwrites `out` (keeping its allocations) with the name `c` describes; the input text and the
// original-script text are not kept.
void Expand(const CompactName& c, const StringPool& pool, names::ParsedName& out);

}  // namespace aftermath::index
