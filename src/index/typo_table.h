// Typo-tolerant lookup of index words by symmetric deletion: every word is filed under itself
// and each form with one letter deleted; a query word's forms meet them, which finds words one
// or two edits away (an edit on each side). Candidates are then checked with a real
// Damerau-Levenshtein distance.
//
// Storage is two flat arrays of (32-bit hash, word id): a sorted base and a small unsorted tail
// that is merged in when it grows, so memory stays 8 bytes a form and adds stay cheap (a hash
// collision only adds a candidate the distance check then drops).
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

  std::vector<Entry> base_;  // sorted by hash
  std::vector<Entry> tail_;  // unsorted, small
};

// The number of edits (insert, delete, substitute, swap adjacent) between two ASCII words, or
// `limit + 1` once it exceeds `limit`.
int EditDistance(std::string_view a, std::string_view b, int limit);

// How many edits a word of this length may carry and still be found (1 from 4 letters, 2 from 7).
int AllowedEdits(size_t length);

}  // namespace aftermath::index
