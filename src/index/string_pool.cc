#include "index/string_pool.h"

#include <cstring>

namespace aftermath::index {

std::string_view StringPool::Store(std::string_view s) {
  if (s.size() > kChunk / 4) {  // rare long strings get an allocation of their own
    big_.push_back(std::make_unique<char[]>(s.size()));
    std::memcpy(big_.back().get(), s.data(), s.size());
    return {big_.back().get(), s.size()};
  }
  if (used_in_last_ + s.size() > kChunk) {
    chunks_.push_back(std::make_unique<char[]>(kChunk));
    used_in_last_ = 0;
  }
  char* p = chunks_.back().get() + used_in_last_;
  std::memcpy(p, s.data(), s.size());
  used_in_last_ += s.size();
  return {p, s.size()};
}

uint32_t StringPool::Intern(std::string_view s) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return it->second;
  std::string_view stored = Store(s);
  uint32_t id = static_cast<uint32_t>(views_.size());
  views_.push_back(stored);
  ids_.emplace(stored, id);
  return id;
}

uint32_t StringPool::Find(std::string_view s) const {
  auto it = ids_.find(s);
  return it == ids_.end() ? kNone : it->second;
}

size_t StringPool::MemoryBytes() const {
  return chunks_.size() * kChunk + views_.capacity() * sizeof(std::string_view) +
         ids_.size() * (sizeof(std::string_view) + sizeof(uint32_t) + 2 * sizeof(void*)) +
         ids_.bucket_count() * sizeof(void*);
}

}  // namespace aftermath::index
