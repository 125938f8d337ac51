#include "index/compact_name.h"

namespace aftermath::index {
namespace {

enum TokenFlag : uint8_t {
  kInitial = 1,
  kAlternative = 2,
  kInflected = 4,
  kAllCaps = 8,
  kHyphenNext = 16,
};

}  // namespace

CompactName Compress(const names::ParsedName& name, StringPool& pool) {
  CompactName c;
  c.sex = name.sex;
  c.flags = name.surname_first ? 1 : 0;
  c.tokens.reserve(name.tokens.size());
  for (const auto& t : name.tokens) {
    CompactToken ct;
    ct.latin = pool.Intern(t.latin);
    ct.loose = pool.Intern(t.loose);
    ct.stem = pool.Intern(t.stem);
    ct.rarity = t.rarity;
    ct.role = t.role;
    ct.sex = t.sex;
    ct.flags = (t.is_initial ? kInitial : 0) | (t.alternative ? kAlternative : 0) |
               (t.inflected ? kInflected : 0) | (t.all_caps ? kAllCaps : 0) |
               (t.hyphen_next ? kHyphenNext : 0);
    ct.groups_begin = static_cast<uint16_t>(c.groups.size());
    ct.groups_count = static_cast<uint8_t>(std::min<size_t>(t.groups.size(), 255));
    c.groups.insert(c.groups.end(), t.groups.begin(), t.groups.begin() + ct.groups_count);
    c.tokens.push_back(ct);
  }
  return c;
}

void Expand(const CompactName& c, const StringPool& pool, names::ParsedName& out) {
  out.tokens.resize(c.tokens.size());
  out.sex = c.sex;
  out.surname_first = c.flags & 1;
  for (size_t i = 0; i < c.tokens.size(); ++i) {
    const CompactToken& ct = c.tokens[i];
    names::NameToken& t = out.tokens[i];
    t.latin.assign(pool.Get(ct.latin));
    t.loose.assign(pool.Get(ct.loose));
    t.stem.assign(pool.Get(ct.stem));
    t.text.clear();
    t.rarity = ct.rarity;
    t.role = ct.role;
    t.sex = ct.sex;
    t.is_initial = ct.flags & kInitial;
    t.alternative = ct.flags & kAlternative;
    t.inflected = ct.flags & kInflected;
    t.all_caps = ct.flags & kAllCaps;
    t.hyphen_next = ct.flags & kHyphenNext;
    t.is_prefix = false;
    t.groups.assign(c.groups.begin() + ct.groups_begin,
                    c.groups.begin() + ct.groups_begin + ct.groups_count);
  }
}

}  // namespace aftermath::index
