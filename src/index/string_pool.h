// Interned strings: each distinct string is stored once and named by a dense 32-bit id, so the
// index keeps ids instead of strings. The text lives in a TextArena and the lookup is an
// open-addressing IdTable over the ids (about len + 14 bytes a string, no per-string
// allocation). string_views from Get stay valid for the pool's lifetime.
//
// Thread-compatible: the owner (NameIndex) serialises writers against readers.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "index/id_table.h"
#include "index/text_arena.h"

namespace aftermath::index {

class StringPool {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The id of `s`, adding it when new. Strings longer than TextArena::kMaxLength are cut.
  uint32_t Intern(std::string_view s);
  // The id of `s`, or kNone.
  uint32_t Find(std::string_view s) const;
  std::string_view Get(uint32_t id) const { return text_.Get(refs_[id]); }
  // Prefetching for Get in two steps, a few items ahead of it: the reference, then the text.
  void PrefetchRef(uint32_t id) const { __builtin_prefetch(refs_.data() + id); }
  void PrefetchText(uint32_t id) const { text_.Prefetch(refs_[id]); }
  size_t size() const { return refs_.size(); }
  size_t MemoryBytes() const;

 private:
  TextArena text_;
  std::vector<uint32_t> refs_;  // id -> arena reference
  IdTable ids_;
};

}  // namespace aftermath::index
