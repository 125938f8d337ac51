// Typo-tolerant lookup of index words by symmetric deletion: every word is filed under itself
// and each form with one letter deleted; a query word's forms meet them, which finds words one
// or two edits away (an edit on each side). Candidates are then checked with a real
// Damerau-Levenshtein distance.
//
// Storage is two flat arrays of (32-bit hash, word id): a sorted base and a small tail of recent
// adds, chained by hash bucket, that is merged into the base when it grows. Memory stays about
// 8 bytes a form, adds stay cheap, and a lookup never scans the tail (a server adding persons
// all day keeps it busy). A hash collision only adds a candidate the distance check then drops.
// A directory by the hash's top bits (about four base entries a slot, half a byte a form) takes
// a lookup straight to its few entries: a binary search over millions of forms cost a cache miss
// a step, and a query looks up a few dozen forms.
// Thread-compatible.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace aftermath::index {

class TypoTable {
 public:
  // Files `word` (ASCII loose key) under id. Words shorter than kMinLength are not filed.
  void Add(std::string_view word, uint32_t id);
  // Word ids whose filed forms share a form with `word` (unverified; may hold false hits).
  void Candidates(std::string_view word, std::vector<uint32_t>& out) const;
  size_t MemoryBytes() const;

  static constexpr size_t kMinLength = 4;

 private:
  struct Entry {
    uint32_t hash;
    uint32_t id;
  };
  void Insert(uint32_t hash, uint32_t id);
  void Lookup(uint32_t hash, std::vector<uint32_t>& out) const;
  void BuildDirectory();

  std::vector<Entry> base_;  // sorted by hash
  // dir_[b]: the first base_ entry whose hash >> dir_shift_ is at least b (one more slot ends).
  std::vector<uint32_t> dir_;
  int dir_shift_ = 32;
  std::vector<Entry> tail_;  // in order of adding, small
  // Chains through tail_ by hash bucket: head per bucket, next per tail entry (kNone ends).
  std::vector<uint32_t> tail_heads_;
  std::vector<uint32_t> tail_next_;
};

// The number of edits (insert, delete, substitute, swap adjacent) between two ASCII words, or
// `limit + 1` once it exceeds `limit`.
int EditDistance(std::string_view a, std::string_view b, int limit);

// How many edits a word of this length may carry and still be found (1 from 4 letters, 2 from 7).
int AllowedEdits(size_t length);

}  // namespace aftermath::index
