// An append-only arena of short strings named by 32-bit references: no per-string allocation,
// no hash map. A string is stored once with its length before it (one byte below 128, else
// two); strings never move once added (1 MiB chunks), so string_views into the arena stay valid
// for its lifetime.
//
// Thread-compatible: the owner serialises Add against Get.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace aftermath::index {

class TextArena {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr size_t kMaxLength = 4096;  // longer strings are cut (UTF-8 safe)
  static_assert(kMaxLength < 0x8000, "a length fits 15 bits");

  // Stores `s` (cut to kMaxLength) and returns its reference.
  uint32_t Add(std::string_view s);
  // The string of a reference Add returned; "" for kNone.
  std::string_view Get(uint32_t ref) const;
  // Asks the CPU to fetch the string's first bytes before Get reads them.
  void Prefetch(uint32_t ref) const {
    if (ref != kNone) __builtin_prefetch(chunks_[ref >> kChunkBits].get() + (ref & (kChunk - 1)));
  }
  size_t MemoryBytes() const;

 private:
  static constexpr int kChunkBits = 20;
  static constexpr size_t kChunk = size_t{1} << kChunkBits;

  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t used_in_last_ = kChunk;
};

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view CutUtf8(std::string_view s, size_t max);

}  // namespace aftermath::index
