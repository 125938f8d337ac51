// Interned strings: each distinct string is stored once and named by a 32-bit id, so the index
// keeps ids instead of strings. Strings never move once added (chunked arena), so string_views
// into the pool stay valid for the pool's lifetime.
//
// Thread-compatible: the owner (NameIndex) serialises writers against readers.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace aftermath::index {

class StringPool {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The id of `s`, adding it when new.
  uint32_t Intern(std::string_view s);
  // The id of `s`, or kNone.
  uint32_t Find(std::string_view s) const;
  std::string_view Get(uint32_t id) const { return views_[id]; }
  size_t size() const { return views_.size(); }
  size_t MemoryBytes() const;

 private:
  std::string_view Store(std::string_view s);

  static constexpr size_t kChunk = 1 << 20;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<std::unique_ptr<char[]>> big_;
  size_t used_in_last_ = kChunk;
  std::vector<std::string_view> views_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

}  // namespace aftermath::index
