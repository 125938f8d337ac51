#include "index/text_arena.h"

#include <cstring>

namespace aftermath::index {

std::string_view CutUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

uint32_t TextArena::Add(std::string_view s) {
  s = CutUtf8(s, kMaxLength);
  // The length in one byte below 128, else in two with the first's high bit set.
  const size_t prefix = s.size() < 0x80 ? 1 : 2;
  size_t need = s.size() + prefix;
  if (used_in_last_ + need > kChunk) {
    chunks_.push_back(std::make_unique<char[]>(kChunk));
    used_in_last_ = 0;
  }
  char* p = chunks_.back().get() + used_in_last_;
  if (prefix == 1) {
    p[0] = static_cast<char>(s.size());
  } else {
    p[0] = static_cast<char>(0x80 | (s.size() >> 8));
    p[1] = static_cast<char>(s.size() & 0xFF);
  }
  std::memcpy(p + prefix, s.data(), s.size());
  uint32_t ref = static_cast<uint32_t>(((chunks_.size() - 1) << kChunkBits) | used_in_last_);
  used_in_last_ += need;
  return ref;
}

std::string_view TextArena::Get(uint32_t ref) const {
  if (ref == kNone) return {};
  const char* p = chunks_[ref >> kChunkBits].get() + (ref & (kChunk - 1));
  const size_t first = static_cast<unsigned char>(p[0]);
  if (first < 0x80) return {p + 1, first};
  return {p + 2, ((first & 0x7F) << 8) | static_cast<unsigned char>(p[1])};
}

size_t TextArena::MemoryBytes() const {
  return chunks_.size() * kChunk + chunks_.capacity() * sizeof(void*);
}

}  // namespace aftermath::index
