#include "index/compact_name.h"

#include <algorithm>
#include <cmath>

namespace aftermath::index {
namespace {

enum TokenFlag : uint8_t {
  kInitial = 1,
  kAlternative = 2,
  kInflected = 4,
  kAllCaps = 8,
  kHyphenNext = 16,
  kAbjad = 32,
};

enum NameFlag : uint8_t {
  kSurnameFirst = 1,
  kSexFromGivenOnly = 2,
};

constexpr float kRarityScale = 65535.f;

}  // namespace

NameHeader TokenStore::Append(const names::ParsedName& name, StringPool& words) {
  NameHeader h;
  h.tokens_begin = static_cast<uint32_t>(tokens_.size());
  h.token_count = static_cast<uint8_t>(std::min<size_t>(name.tokens.size(), 255));
  h.sex = name.sex;
  h.flags =
      (name.surname_first ? kSurnameFirst : 0) | (name.sex_from_given_only ? kSexFromGivenOnly : 0);
  for (size_t i = 0; i < h.token_count; ++i) {
    const names::NameToken& t = name.tokens[i];
    Token ct;
    ct.latin = words.Intern(t.latin);
    ct.loose = words.Intern(t.loose);
    ct.stem = words.Intern(t.stem);
    ct.rarity = static_cast<uint16_t>(std::lround(std::clamp(t.rarity, 0.f, 1.f) * kRarityScale));
    ct.role_sex =
        static_cast<uint8_t>(static_cast<uint8_t>(t.role) | (static_cast<uint8_t>(t.sex) << 4));
    ct.flags = (t.is_initial ? kInitial : 0) | (t.alternative ? kAlternative : 0) |
               (t.inflected ? kInflected : 0) | (t.all_caps ? kAllCaps : 0) |
               (t.hyphen_next ? kHyphenNext : 0) | (t.abjad ? kAbjad : 0);
    ct.groups_count = static_cast<uint8_t>(std::min<size_t>(t.groups.size(), 255));
    ct.groups_begin = static_cast<uint32_t>(groups_.size());
    groups_.insert(groups_.end(), t.groups.begin(), t.groups.begin() + ct.groups_count);
    tokens_.push_back(ct);
  }
  return h;
}

void TokenStore::Expand(const NameHeader& h, const StringPool& words,
                        names::ParsedName& out) const {
  out.tokens.resize(h.token_count);
  out.sex = h.sex;
  out.surname_first = h.flags & kSurnameFirst;
  out.sex_from_given_only = h.flags & kSexFromGivenOnly;
  for (size_t i = 0; i < h.token_count; ++i) {
    const Token& ct = tokens_[h.tokens_begin + i];
    names::NameToken& t = out.tokens[i];
    t.latin.assign(words.Get(ct.latin));
    t.loose.assign(words.Get(ct.loose));
    t.stem.assign(words.Get(ct.stem));
    t.text.clear();
    t.rarity = ct.rarity / kRarityScale;
    t.role = static_cast<names::Role>(ct.role_sex & 0xF);
    t.sex = static_cast<names::Sex>(ct.role_sex >> 4);
    t.is_initial = ct.flags & kInitial;
    t.alternative = ct.flags & kAlternative;
    t.inflected = ct.flags & kInflected;
    t.all_caps = ct.flags & kAllCaps;
    t.hyphen_next = ct.flags & kHyphenNext;
    t.abjad = ct.flags & kAbjad;
    t.is_prefix = false;
    t.groups.assign(groups_.begin() + ct.groups_begin,
                    groups_.begin() + ct.groups_begin + ct.groups_count);
  }
}

void TokenStore::Prefetch(const NameHeader& h, const StringPool& words, int step) const {
  if (h.token_count == 0) return;
  const Token* first = tokens_.data() + h.tokens_begin;
  if (step == 0) {
    const char* begin = reinterpret_cast<const char*>(first);
    const char* end = reinterpret_cast<const char*>(first + h.token_count);
    for (const char* p = begin; p < end; p += 64) __builtin_prefetch(p);
    __builtin_prefetch(end - 1);
    return;
  }
  for (const Token* t = first; t != first + h.token_count; ++t) {
    if (step == 1) {
      words.PrefetchRef(t->latin);
      words.PrefetchRef(t->loose);
      words.PrefetchRef(t->stem);
      if (t->groups_count) __builtin_prefetch(groups_.data() + t->groups_begin);
    } else {
      words.PrefetchText(t->latin);
      words.PrefetchText(t->loose);
      words.PrefetchText(t->stem);
    }
  }
}

WordKey TokenStore::KeyOf(const NameHeader& h, size_t j) const {
  const Token& ct = tokens_[h.tokens_begin + j];
  return {ct.latin, ct.loose, ct.stem, static_cast<uint8_t>(ct.role_sex & 0xF),
          static_cast<uint8_t>(ct.flags & (kInitial | kAbjad))};
}

int TokenStore::FullWords(const NameHeader& h) const {
  int n = 0;
  for (size_t i = 0; i < h.token_count; ++i) n += !(tokens_[h.tokens_begin + i].flags & kInitial);
  return n;
}

size_t TokenStore::MemoryBytes() const {
  return tokens_.capacity() * sizeof(Token) + groups_.capacity() * sizeof(uint16_t);
}

void TokenStore::ShrinkToFit() {
  tokens_.shrink_to_fit();
  groups_.shrink_to_fit();
}

}  // namespace aftermath::index
