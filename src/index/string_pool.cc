#include "index/string_pool.h"

namespace aftermath::index {

uint32_t StringPool::Intern(std::string_view s) {
  s = CutUtf8(s, TextArena::kMaxLength);
  auto key_of = [this](uint32_t id) { return Get(id); };
  uint32_t id = ids_.Find(s, key_of);
  if (id != IdTable::kEmpty) return id;
  id = static_cast<uint32_t>(refs_.size());
  refs_.push_back(text_.Add(s));
  ids_.Insert(s, id, key_of);
  return id;
}

uint32_t StringPool::Find(std::string_view s) const {
  uint32_t id = ids_.Find(s, [this](uint32_t i) { return Get(i); });
  return id == IdTable::kEmpty ? kNone : id;
}

size_t StringPool::MemoryBytes() const {
  return text_.MemoryBytes() + refs_.capacity() * sizeof(uint32_t) + ids_.MemoryBytes();
}

}  // namespace aftermath::index
