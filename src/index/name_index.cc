#include "index/name_index.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>

namespace aftermath::index {
namespace {

constexpr size_t kMaxQueryBytes = 256;
constexpr size_t kMaxCandidates = 300;       // scored by the engine
constexpr size_t kFullScanPostings = 40000;  // longer lists only reinforce known candidates
constexpr size_t kMaxTouched = 200000;
constexpr size_t kPrefixExpansions = 40;
constexpr auto kDeadline = std::chrono::milliseconds(40);
constexpr float kTypoFactor = 0.7f;

std::string FoldPlace(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
  u.foldCase();
  u.trim();
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Cuts to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view CutUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string LooseKey(std::string_view word) { return "l:" + std::string(word); }

// Reused per thread: a dense score array over entries and the list of touched slots.
struct Scratch {
  std::vector<float> acc;
  std::vector<uint32_t> touched;
  std::vector<uint32_t> typo_ids;
  names::ParsedName expanded;
};

Scratch& ThreadScratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

NameIndex::NameIndex(const names::NameEngine& engine) : engine_(engine) {}

float NameIndex::KeyWeight(size_t postings) const {
  double n = static_cast<double>(std::max<size_t>(live_entries_, 1));
  return static_cast<float>(std::max(0.1, std::log((n + 1.0) / (postings + 0.5))));
}

void NameIndex::AddKey(std::string_view key, uint32_t entry) {
  uint32_t id = pool_.Intern(key);
  auto& list = postings_[id];
  if (list.empty() || list.back() != entry) list.push_back(entry);
}

void NameIndex::RemoveLocked(uint32_t person) {
  Person& p = persons_[person];
  if (!p.alive) return;
  for (uint32_t e : p.entries) {
    if (entries_[e].alive) {
      entries_[e].alive = false;
      entries_[e].name = {};
      --live_entries_;
    }
  }
  p.entries.clear();
  p.alive = false;
  --live_persons_;
}

void NameIndex::Upsert(const IndexedPerson& in) {
  // Parse outside the lock: it is the slow part, and readers must not wait for it.
  std::vector<std::pair<std::string, names::ParsedName>> parsed;
  for (const auto& n : in.names) {
    auto p = engine_.Parse(CutUtf8(n, kMaxQueryBytes));
    if (p.ok() && !p->empty()) parsed.emplace_back(n, std::move(p).value());
  }
  std::vector<names::IndexKeys> keys;
  keys.reserve(parsed.size());
  for (const auto& [text, name] : parsed) keys.push_back(engine_.Keys(name));

  std::unique_lock lock(mu_);
  uint32_t ordinal;
  auto it = person_by_id_.find(in.person_id);
  if (it == person_by_id_.end()) {
    ordinal = static_cast<uint32_t>(persons_.size());
    persons_.emplace_back();
    person_by_id_.emplace(in.person_id, ordinal);
  } else {
    ordinal = it->second;
    RemoveLocked(ordinal);
  }
  Person& p = persons_[ordinal];
  p.id = in.person_id;
  p.external_id = in.external_id;
  p.status = in.status;
  p.sex = in.sex;
  p.birth_year = static_cast<int16_t>(in.birth_year);
  p.source_kinds = in.source_kinds;
  p.reported_at = in.reported_at;
  p.places.clear();
  for (const auto& place : in.places) {
    if (!place.empty()) p.places.push_back(pool_.Intern(FoldPlace(place)));
  }
  p.alive = true;
  ++live_persons_;
  for (size_t i = 0; i < parsed.size(); ++i) {
    uint32_t e = static_cast<uint32_t>(entries_.size());
    entries_.push_back(Entry{ordinal, pool_.Intern(parsed[i].first), true,
                             Compress(parsed[i].second, pool_)});
    p.entries.push_back(e);
    ++live_entries_;
    for (const auto& key : keys[i].All()) AddKey(key, e);
    for (const auto& word : keys[i].loose) {
      // A word seen for the first time joins the sorted word list and the typo table.
      if (words_.insert(pool_.Get(pool_.Intern(word))).second) {
        typos_.Add(word, pool_.Intern(LooseKey(word)));
      }
    }
  }
}

void NameIndex::Remove(std::string_view person_id) {
  std::unique_lock lock(mu_);
  auto it = person_by_id_.find(std::string(person_id));
  if (it != person_by_id_.end()) RemoveLocked(it->second);
}

bool NameIndex::PassesFilters(const Person& p, const SearchFilters& f) const {
  if (f.status && p.status != *f.status) return false;
  if (f.sex && p.sex != *f.sex) return false;
  if ((f.birth_year_min || f.birth_year_max) && p.birth_year == 0) return false;
  if (f.birth_year_min && p.birth_year < f.birth_year_min) return false;
  if (f.birth_year_max && p.birth_year > f.birth_year_max) return false;
  if (f.source_kind && !(p.source_kinds & (1u << static_cast<unsigned>(*f.source_kind)))) {
    return false;
  }
  if (f.reported_after && p.reported_at < *f.reported_after) return false;
  if (!f.place.empty()) {
    uint32_t want = pool_.Find(FoldPlace(f.place));
    if (want == StringPool::kNone) return false;
    if (std::find(p.places.begin(), p.places.end(), want) == p.places.end()) return false;
  }
  return true;
}

void NameIndex::QueryKeys(const names::ParsedName& query, names::PrefixMode prefix,
                          std::vector<std::pair<uint32_t, float>>& keys) const {
  auto add = [&](uint32_t id, float factor) {
    auto it = postings_.find(id);
    if (it == postings_.end() || it->second.empty()) return;
    float w = KeyWeight(it->second.size()) * factor;
    for (auto& [k, kw] : keys) {
      if (k == id) {
        kw = std::max(kw, w);
        return;
      }
    }
    keys.emplace_back(id, w);
  };
  for (const auto& key : engine_.Keys(query).All()) {
    uint32_t id = pool_.Find(key);
    if (id != StringPool::kNone) add(id, 1.0f);
  }
  auto& scratch = ThreadScratch();
  bool has_full_word = false;
  for (const auto& t : query.tokens) {
    if (t.is_initial || t.loose.empty()) continue;
    if (t.is_prefix && prefix == names::PrefixMode::kLastTokenIsPrefix) continue;
    has_full_word = true;
    // Typo tolerance: words one or two edits away, verified, weighed down a little.
    int allowed = AllowedEdits(t.loose.size());
    if (allowed == 0) continue;
    scratch.typo_ids.clear();
    typos_.Candidates(t.loose, scratch.typo_ids);
    for (uint32_t key_id : scratch.typo_ids) {
      std::string_view word = pool_.Get(key_id).substr(2);
      int d = EditDistance(t.loose, word, allowed);
      if (d > 0 && d <= allowed) add(key_id, kTypoFactor);
    }
  }
  // The word being typed: expand it to known words it begins, unless full words already
  // select candidates (then the engine's prefix comparison does the rest).
  for (const auto& t : query.tokens) {
    if (!t.is_prefix || t.loose.empty()) continue;
    uint32_t exact = pool_.Find(LooseKey(t.loose));
    if (exact != StringPool::kNone) add(exact, 1.0f);
    if (has_full_word && !keys.empty()) continue;
    std::vector<std::pair<size_t, uint32_t>> found;  // (postings, key id)
    size_t scanned = 0;
    for (auto it = words_.lower_bound(t.loose);
         it != words_.end() && it->starts_with(t.loose) && scanned < 5000; ++it, ++scanned) {
      uint32_t id = pool_.Find(LooseKey(*it));
      auto p = postings_.find(id);
      if (p != postings_.end()) found.emplace_back(p->second.size(), id);
    }
    // The commonest completions first: they are what a caller most likely means.
    size_t n = std::min(found.size(), kPrefixExpansions);
    std::partial_sort(found.begin(), found.begin() + n, found.end(),
                      [](auto& a, auto& b) { return a.first > b.first; });
    for (size_t i = 0; i < n; ++i) add(found[i].second, 0.8f);
  }
}

Result<std::vector<SearchHit>> NameIndex::Search(std::string_view text,
                                                 const SearchOptions& options) const {
  auto started = std::chrono::steady_clock::now();
  names::ParseOptions parse_options{options.prefix};
  ASSIGN_OR_RETURN(names::ParsedName query,
                   engine_.Parse(CutUtf8(text, kMaxQueryBytes), parse_options));
  if (query.empty()) return InvalidArgument("the query holds no name", "q");
  int limit = std::clamp(options.limit, 1, 100);

  std::shared_lock lock(mu_);
  std::vector<std::pair<uint32_t, float>> keys;
  QueryKeys(query, options.prefix, keys);
  // Rarest first: they pick candidates; common keys then only reinforce them.
  std::sort(keys.begin(), keys.end(), [&](auto& a, auto& b) {
    return postings_.at(a.first).size() < postings_.at(b.first).size();
  });

  Scratch& s = ThreadScratch();
  if (s.acc.size() < entries_.size()) s.acc.resize(entries_.size() + entries_.size() / 4, 0.f);
  s.touched.clear();
  for (const auto& [key, weight] : keys) {
    const auto& list = postings_.at(key);
    if (list.size() <= kFullScanPostings || s.touched.empty()) {
      for (uint32_t e : list) {
        if (s.acc[e] == 0.f) {
          if (s.touched.size() >= kMaxTouched) continue;
          s.touched.push_back(e);
        }
        s.acc[e] += weight;
      }
    } else {
      for (uint32_t e : s.touched) {
        if (std::binary_search(list.begin(), list.end(), e)) s.acc[e] += weight;
      }
    }
  }
  std::vector<Candidate> candidates;
  candidates.reserve(s.touched.size());
  for (uint32_t e : s.touched) {
    if (entries_[e].alive) candidates.push_back({e, s.acc[e]});
    s.acc[e] = 0.f;
  }
  size_t keep = std::min(candidates.size(), kMaxCandidates);
  std::partial_sort(candidates.begin(), candidates.begin() + keep, candidates.end(),
                    [](const Candidate& a, const Candidate& b) {
                      return a.weight > b.weight || (a.weight == b.weight && a.entry < b.entry);
                    });
  candidates.resize(keep);

  names::CompareOptions quick;
  quick.explain = names::Explain::kNone;
  struct Best {
    uint32_t entry;
    float score;
    names::Decision decision;
  };
  std::unordered_map<uint32_t, Best> best_by_person;
  size_t scored = 0;
  for (const Candidate& c : candidates) {
    const Entry& entry = entries_[c.entry];
    const Person& person = persons_[entry.person];
    if (!PassesFilters(person, options.filters)) continue;
    if ((++scored & 63) == 0 && std::chrono::steady_clock::now() - started > kDeadline) break;
    Expand(entry.name, pool_, s.expanded);
    names::Comparison cmp = engine_.Compare(query, s.expanded, quick);
    if (cmp.score < options.min_score) continue;
    auto [it, inserted] = best_by_person.try_emplace(entry.person,
                                                     Best{c.entry, cmp.score, cmp.decision});
    if (!inserted && cmp.score > it->second.score) it->second = {c.entry, cmp.score, cmp.decision};
  }
  std::vector<Best> ranked;
  ranked.reserve(best_by_person.size());
  for (auto& [person, b] : best_by_person) ranked.push_back(b);
  std::sort(ranked.begin(), ranked.end(), [&](const Best& a, const Best& b) {
    if (a.score != b.score) return a.score > b.score;
    return persons_[entries_[a.entry].person].id < persons_[entries_[b.entry].person].id;
  });
  if (ranked.size() > static_cast<size_t>(limit)) ranked.resize(limit);

  std::vector<SearchHit> hits;
  hits.reserve(ranked.size());
  for (const Best& b : ranked) {
    const Entry& entry = entries_[b.entry];
    const Person& person = persons_[entry.person];
    SearchHit h{person.id, person.external_id, std::string(pool_.Get(entry.display)), b.score,
                b.decision, {}, person.status};
    if (options.explain) {
      Expand(entry.name, pool_, s.expanded);
      h.why = engine_.Compare(query, s.expanded).explain;
    }
    hits.push_back(std::move(h));
  }
  return hits;
}

IndexStats NameIndex::Stats() const {
  std::shared_lock lock(mu_);
  IndexStats st;
  st.persons = live_persons_;
  st.spellings = live_entries_;
  st.keys = postings_.size();
  size_t bytes = pool_.MemoryBytes() + typos_.MemoryBytes();
  for (const auto& [key, list] : postings_) bytes += list.capacity() * 4 + 48;
  bytes += postings_.bucket_count() * sizeof(void*);
  for (const auto& p : persons_) {
    bytes += sizeof(Person) + p.entries.capacity() * 4 + p.places.capacity() * 4 +
             (p.id.capacity() > 15 ? p.id.capacity() : 0) +
             (p.external_id.capacity() > 15 ? p.external_id.capacity() : 0);
  }
  bytes += person_by_id_.size() * (sizeof(std::string) + 4 + 16 + 24) +
           person_by_id_.bucket_count() * sizeof(void*);
  for (const auto& e : entries_) {
    bytes += sizeof(Entry) + e.name.tokens.capacity() * sizeof(CompactToken) +
             e.name.groups.capacity() * 2;
  }
  bytes += words_.size() * 48;
  st.memory_bytes = bytes;
  return st;
}

}  // namespace aftermath::index
