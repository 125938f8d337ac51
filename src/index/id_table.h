// An open-addressing hash set of 32-bit ids whose keys live elsewhere (in a TextArena): the
// table holds only the ids and one byte of each key's hash (5 bytes a slot), and asks the
// caller for an id's key only when that byte matches.
// Linear probing, kept at most 2/3 full; no erase (the index never forgets an id, it marks it
// dead and reuses it on the next Upsert).
//
// Thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace aftermath::index {

class IdTable {
 public:
  static constexpr uint32_t kEmpty = UINT32_MAX;

  // The id whose key (key_of(id)) equals `key`, or kEmpty.
  template <typename KeyOf>
  uint32_t Find(std::string_view key, const KeyOf& key_of) const {
    if (slots_.empty()) return kEmpty;
    size_t mask = slots_.size() - 1;
    uint64_t hash = Hash(key);
    uint8_t tag = Tag(hash);
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      uint32_t id = slots_[i];
      if (id == kEmpty) return kEmpty;
      if (tags_[i] == tag && key_of(id) == key) return id;
    }
  }

  // Adds `id` under `key`. REQUIRES: no id with that key is present.
  template <typename KeyOf>
  void Insert(std::string_view key, uint32_t id, const KeyOf& key_of) {
    if ((size_ + 1) * 3 > slots_.size() * 2) Grow(key_of);
    Place(Hash(key), id);
    ++size_;
  }

  size_t size() const { return size_; }
  size_t MemoryBytes() const { return slots_.capacity() * sizeof(uint32_t) + tags_.capacity(); }

  static uint64_t Hash(std::string_view s) { return std::hash<std::string_view>{}(s); }

 private:
  static uint8_t Tag(uint64_t hash) { return static_cast<uint8_t>(hash >> 56); }

  void Place(uint64_t hash, uint32_t id) {
    size_t mask = slots_.size() - 1;
    size_t i = hash & mask;
    while (slots_[i] != kEmpty) i = (i + 1) & mask;
    slots_[i] = id;
    tags_[i] = Tag(hash);
  }

  template <typename KeyOf>
  void Grow(const KeyOf& key_of) {
    std::vector<uint32_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, kEmpty);
    tags_.assign(slots_.size(), 0);
    for (uint32_t id : old) {
      if (id != kEmpty) Place(Hash(key_of(id)), id);
    }
  }

  std::vector<uint32_t> slots_;
  std::vector<uint8_t> tags_;  // a byte of each slot's key hash: most probes skip key_of
  size_t size_ = 0;
};

}  // namespace aftermath::index
