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
  size_t need = s.size() + 2;
  if (used_in_last_ + need > kChunk) {
    chunks_.push_back(std::make_unique<char[]>(kChunk));
    used_in_last_ = 0;
  }
  char* p = chunks_.back().get() + used_in_last_;
  p[0] = static_cast<char>(s.size() & 0xFF);
  p[1] = static_cast<char>(s.size() >> 8);
  std::memcpy(p + 2, s.data(), s.size());
  uint32_t ref = static_cast<uint32_t>(((chunks_.size() - 1) << kChunkBits) | used_in_last_);
  used_in_last_ += need;
  return ref;
}

std::string_view TextArena::Get(uint32_t ref) const {
  if (ref == kNone) return {};
  const char* p = chunks_[ref >> kChunkBits].get() + (ref & (kChunk - 1));
  size_t n = static_cast<unsigned char>(p[0]) |
             (static_cast<size_t>(static_cast<unsigned char>(p[1])) << 8);
  return {p + 2, n};
}

size_t TextArena::MemoryBytes() const {
  return chunks_.size() * kChunk + chunks_.capacity() * sizeof(void*);
}

}  // namespace aftermath::index
