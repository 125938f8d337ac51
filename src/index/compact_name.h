// Parsed names kept small for the index: the tokens of every stored name in one flat array
// (strings become word-pool ids, flags become bits, equivalence groups go to a second flat
// array). Expand() rebuilds the names::ParsedName the engine compares, reusing the caller's
// buffers. Tokens are append-only: a replaced name's tokens stay until the next rebuild.
//
// Thread-compatible.
#pragma once

#include <cstdint>
#include <vector>

#include "index/string_pool.h"
#include "names/types.h"

namespace aftermath::index {

// Name-level fields of a stored name, kept in the index entry.
struct NameHeader {
  uint32_t tokens_begin = 0;
  uint8_t token_count = 0;
  names::Sex sex = names::Sex::kUnknown;
  uint8_t flags = 0;  // NameFlag bits
};

// What names::ScorePair reads of a stored word (its keys, role and flags; its equivalence
// groups follow from them): two words with equal WordKeys score alike against any word.
struct WordKey {
  uint32_t latin = 0;
  uint32_t loose = 0;
  uint32_t stem = 0;
  uint8_t role = 0;
  uint8_t flags = 0;
  bool operator==(const WordKey&) const = default;
};

class TokenStore {
 public:
  // Appends the tokens of `name` (at most 255), interning their keys in `words`.
  NameHeader Append(const names::ParsedName& name, StringPool& words);
  // Overwrites `out` with the name `h` describes; the input text, the original-script text and
  // the scripts are not kept.
  void Expand(const NameHeader& h, const StringPool& words, names::ParsedName& out) const;
  // Prefetching for Expand, in three steps a few names ahead of it (each step reads what the
  // one before fetched): 0 the tokens, 1 their word references and groups, 2 their text.
  void Prefetch(const NameHeader& h, const StringPool& words, int step) const;
  // The key of the name's j-th word (j < h.token_count).
  WordKey KeyOf(const NameHeader& h, size_t j) const;
  // How many of the name's words are written out (not initials).
  int FullWords(const NameHeader& h) const;
  size_t MemoryBytes() const;
  void ShrinkToFit();

 private:
  // 21 bytes, unpadded (x86 reads unaligned words at full speed): three bytes a token less.
  struct __attribute__((packed)) Token {
    uint32_t latin = 0;
    uint32_t loose = 0;
    uint32_t stem = 0;
    uint32_t groups_begin = 0;  // into groups_
    uint16_t rarity = 0;        // rarity * 65535
    uint8_t groups_count = 0;
    uint8_t role_sex = 0;  // role | sex << 4
    uint8_t flags = 0;
  };
  std::vector<Token> tokens_;
  std::vector<uint16_t> groups_;
};

}  // namespace aftermath::index
