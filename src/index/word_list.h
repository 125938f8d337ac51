// The index's words in sorted order, for completing the word being typed: a sorted base of ids
// and a small unsorted tail merged in when it fills, 4 bytes a word. The words' text lives
// elsewhere; the caller passes `text_of(id)` to every call.
//
// Thread-compatible.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace aftermath::index {

class WordList {
 public:
  // REQUIRES: `id` not added before.
  template <typename TextOf>
  void Add(uint32_t id, const TextOf& text_of) {
    tail_.push_back(id);
    if (tail_.size() < kTailLimit) return;
    auto less = [&](uint32_t a, uint32_t b) { return text_of(a) < text_of(b); };
    std::sort(tail_.begin(), tail_.end(), less);
    std::vector<uint32_t> merged;
    merged.reserve(base_.size() + tail_.size() + base_.size() / 8);
    std::merge(base_.begin(), base_.end(), tail_.begin(), tail_.end(), std::back_inserter(merged),
               less);
    base_.swap(merged);
    tail_.clear();
  }

  // Calls fn(id) for words starting with `prefix`, at most `max` of them, in no set order.
  template <typename TextOf, typename Fn>
  void ForEachWithPrefix(std::string_view prefix, size_t max, const TextOf& text_of,
                         const Fn& fn) const {
    size_t n = 0;
    auto it = std::lower_bound(base_.begin(), base_.end(), prefix,
                               [&](uint32_t id, std::string_view p) { return text_of(id) < p; });
    for (; it != base_.end() && n < max && text_of(*it).starts_with(prefix); ++it, ++n) fn(*it);
    for (uint32_t id : tail_) {
      if (n >= max) break;
      if (text_of(id).starts_with(prefix)) fn(id), ++n;
    }
  }

  size_t size() const { return base_.size() + tail_.size(); }
  size_t MemoryBytes() const { return (base_.capacity() + tail_.capacity()) * sizeof(uint32_t); }

 private:
  static constexpr size_t kTailLimit = 8192;  // a merge re-sorts nothing, but walks the base
  std::vector<uint32_t> base_;                // sorted by text
  std::vector<uint32_t> tail_;                // unsorted
};

}  // namespace aftermath::index
