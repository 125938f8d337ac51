#include "index/name_index.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <mutex>

#include "index/accumulate.h"
#include "index/pair_memo.h"
#include "index/skeleton.h"
#include "names/similarity.h"

namespace aftermath::index {
namespace {

constexpr size_t kMaxQueryBytes = 256;
// Candidates scored by the engine (~1-3 µs each). With a candidate credited once per query
// word, the true person of a cross-script query ranked at most 40th by shared key weight at 1M
// persons (99.5 % within the first 6): a page of ten scores 60 (against 100, recall@10 on
// bench/search and the matcher's review queue in bench/import are the same), a longer page
// twice its length.
constexpr size_t kMinScored = 60;
constexpr size_t kNamesakeRoom = 8;  // x the scored room gathered when the query has evidence
constexpr float kCutRatio = 0.5f;
constexpr size_t kFullScanPostings = 40000;  // longer lists only reinforce known candidates
constexpr size_t kMaxTouched = 200000;
constexpr size_t kPrefixExpansions = 40;
constexpr size_t kPrefixScan = 5000;  // words looked at for one prefix
constexpr auto kDeadline = std::chrono::milliseconds(40);
constexpr float kTypoFactor = 0.7f;
constexpr float kSkeletonFactor = 0.8f;  // a consonant skeleton is looser than a loose key

std::string FoldPlace(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), s.size()));
  u.foldCase();
  u.trim();
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string LooseKey(std::string_view word) { return "l:" + std::string(word); }

// The bit of the query's i-th word; words past the 16th share the last bit.
uint16_t WordBit(size_t i) { return static_cast<uint16_t>(1u << std::min<size_t>(i, 15)); }

// The query word an engine key ("l:ivanov", "s:ivanov", "i:n|ivanov", "g:12", "p:serg") or a
// skeleton key ("k:vnv", "q:srh") was made from; query.tokens.size() when none is found.
size_t WordOfKey(const names::ParsedName& query, std::string_view key) {
  if (key.size() < 2 || key[1] != ':') return query.tokens.size();
  const char kind = key[0];
  std::string_view value = key.substr(2);
  if (kind == 'i') {
    size_t bar = value.find('|');
    if (bar == std::string_view::npos) return query.tokens.size();
    value = value.substr(bar + 1);
  }
  int group = -1;
  if (kind == 'g') {
    group = 0;
    for (char c : value) group = group * 10 + (c - '0');
  }
  for (size_t i = 0; i < query.tokens.size(); ++i) {
    const names::NameToken& t = query.tokens[i];
    if (t.is_initial) continue;
    std::string_view loose = t.loose;
    switch (kind) {
      case 'l':
        if (loose == value || names::WithoutBalticEnding(loose) == value) return i;
        break;
      case 's':
      case 'i':
        if (t.role == names::Role::kSurname &&
            (t.stem == value || names::WithoutBalticEnding(loose) == value ||
             CzechFeminineBase(loose) == value)) {
          return i;
        }
        break;
      case 'p':
        if (t.role == names::Role::kPatronymic && t.stem == value) return i;
        break;
      case 'g':
        if (std::find(t.groups.begin(), t.groups.end(), group) != t.groups.end()) return i;
        break;
      case 'k':
        if (Skeleton(loose) == value ||
            (t.abjad && Skeleton(names::WithoutArticle(loose)) == value)) {
          return i;
        }
        if (auto joined = HyphenJoined(query, i); joined && Skeleton(*joined) == value) return i;
        if (auto joined = JoinedAroundArticle(query, i); joined && Skeleton(*joined) == value) {
          return i;
        }
        break;
      case 'q':
        if (t.role == names::Role::kPatronymic && Skeleton(t.stem) == value) return i;
        break;
      default:
        break;
    }
  }
  return query.tokens.size();
}

// Reused per thread.
struct Scratch {
  Accumulator acc;
  std::vector<PostingList> lists;
  std::vector<Candidate> candidates;
  std::vector<uint32_t> typo_ids;
  names::ParsedName expanded;
  PairMemo pairs;
  std::vector<std::pair<float, Candidate>> keyed;  // candidates with their evidence
};

Scratch& ThreadScratch() {
  thread_local Scratch s;
  return s;
}

// Leaves in `v` the best `room` elements that are `alive`, best first. Liveness is a random
// access an element, so only the selected are looked at; dead ones are rare between rebuilds
// and are replaced by the next best. The order is total, so this keeps exactly what sorting all
// the live ones would.
template <class T, class BetterThan, class Alive>
void KeepBestAlive(std::vector<T>& v, size_t room, BetterThan better, Alive alive) {
  size_t done = 0;  // v[0, done) are alive, the best, in order
  while (done < room && done < v.size()) {
    auto first = v.begin() + static_cast<ptrdiff_t>(done);
    auto last = first + static_cast<ptrdiff_t>(std::min(room, v.size()) - done);
    if (last != v.end()) std::nth_element(first, last - 1, v.end(), better);
    auto live_end = std::remove_if(first, last, [&](const T& x) { return !alive(x); });
    std::sort(first, live_end, better);
    done = static_cast<size_t>(live_end - v.begin());
    v.erase(live_end, last);
  }
  v.resize(std::min(done, v.size()));
}

}  // namespace

NameIndex::NameIndex(const names::NameEngine& engine) : engine_(engine) {}

float NameIndex::KeyWeight(size_t postings) const {
  double n = static_cast<double>(std::max<size_t>(live_entries_, 1));
  return static_cast<float>(std::max(0.1, std::log((n + 1.0) / (postings + 0.5))));
}

void NameIndex::AddKey(std::string_view key, uint32_t entry) {
  uint32_t id = keys_.Intern(key);
  if (id >= postings_.size()) postings_.resize(id + 1);
  auto& list = postings_[id];
  if (list.empty() || list.back() != entry) list.push_back(entry);
}

bool NameIndex::EntryAlive(uint32_t e) const {
  const Person& p = persons_[entries_[e].person];
  return p.alive && e >= p.entries_begin && e < p.entries_begin + p.entries_count;
}

void NameIndex::RemoveLocked(uint32_t person) {
  Person& p = persons_[person];
  if (!p.alive) return;
  live_entries_ -= p.entries_count;
  p.entries_count = 0;
  p.alive = false;
  if (p.extra_places) extra_places_.erase(person);
  p.extra_places = false;
  --live_persons_;
}

void NameIndex::SetFactsLocked(uint32_t ordinal, const IndexedPerson& in,
                               const std::vector<std::string>& places) {
  Person& p = persons_[ordinal];
  if (text_.Get(p.external_id) != in.external_id) {
    p.external_id = in.external_id.empty() ? TextArena::kNone : text_.Add(in.external_id);
  }
  p.status = static_cast<uint8_t>(in.status);
  p.sex = static_cast<uint8_t>(in.sex);
  p.birth_year = static_cast<int16_t>(in.birth_year);
  p.source_kinds = static_cast<uint16_t>(in.source_kinds);
  p.set_reported_at_ms(in.reported_at.time_since_epoch().count());
  auto word_or_none = [this](const std::string& w) {
    return w.empty() ? StringPool::kNone : words_.Intern(w);
  };
  p.facility = word_or_none(in.facility);
  p.status_source = word_or_none(in.status_source_id);
  std::fill(std::begin(p.places), std::end(p.places), StringPool::kNone);
  for (size_t i = 0; i < places.size() && i < kInlinePlaces; ++i) {
    p.places[i] = words_.Intern(places[i]);
  }
  if (p.extra_places) extra_places_.erase(ordinal);
  p.extra_places = places.size() > kInlinePlaces;
  if (p.extra_places) {
    auto& all = extra_places_[ordinal];
    for (const auto& place : places) all.push_back(words_.Intern(place));
  }
}

bool NameIndex::SameSpellingsLocked(uint32_t ordinal, const std::vector<std::string>& names) const {
  const Person& p = persons_[ordinal];
  if (!p.alive || p.entries_count != names.size()) return false;
  for (size_t i = 0; i < names.size(); ++i) {
    if (text_.Get(entries_[p.entries_begin + i].display) != names[i]) return false;
  }
  return true;
}

void NameIndex::Upsert(const IndexedPerson& in) {
  std::vector<std::string> places;
  for (const auto& place : in.places) {
    if (!place.empty()) places.push_back(FoldPlace(place));
  }
  // Most updates change a status or a place, not a spelling: those keep the entries, so no
  // old entry is left behind in the lists until the next rebuild, and nothing is parsed. Looked
  // at under the readers' lock first: a rebuild files a million new persons through here.
  auto id_of = [this](uint32_t i) { return PersonId(i); };
  auto same_spellings = [&] {
    uint32_t ordinal = person_ids_.Find(in.person_id, id_of);
    return ordinal != IdTable::kEmpty && SameSpellingsLocked(ordinal, in.names) ? ordinal
                                                                                : IdTable::kEmpty;
  };
  bool held = false;
  {
    std::shared_lock lock(mu_);
    held = same_spellings() != IdTable::kEmpty;
  }
  if (held) {
    std::unique_lock lock(mu_);
    if (uint32_t ordinal = same_spellings(); ordinal != IdTable::kEmpty) {
      SetFactsLocked(ordinal, in, places);
      return;
    }
  }
  // Parse outside the lock: it is the slow part, and readers must not wait for it.
  std::vector<std::pair<std::string_view, names::ParsedName>> parsed;
  for (const auto& n : in.names) {
    if (parsed.size() == 255) break;
    auto p = engine_.Parse(CutUtf8(n, kMaxQueryBytes));
    if (p.ok() && !p->empty()) parsed.emplace_back(n, std::move(p).value());
  }
  std::vector<std::vector<std::string>> keys;
  keys.reserve(parsed.size());
  for (const auto& [text, name] : parsed) {
    keys.push_back(engine_.Keys(name).All());
    AddSkeletonKeys(name, keys.back());
  }

  std::unique_lock lock(mu_);
  uint32_t ordinal = person_ids_.Find(in.person_id, id_of);
  if (ordinal == IdTable::kEmpty) {
    ordinal = static_cast<uint32_t>(persons_.size());
    persons_.emplace_back();
    persons_[ordinal].id = text_.Add(in.person_id);
    person_ids_.Insert(in.person_id, ordinal, id_of);
  } else {
    RemoveLocked(ordinal);
  }
  SetFactsLocked(ordinal, in, places);
  Person& p = persons_[ordinal];
  p.alive = true;
  ++live_persons_;
  p.entries_begin = static_cast<uint32_t>(entries_.size());
  p.entries_count = static_cast<uint8_t>(parsed.size());
  for (size_t i = 0; i < parsed.size(); ++i) {
    uint32_t e = static_cast<uint32_t>(entries_.size());
    entries_.push_back(
        Entry{ordinal, text_.Add(parsed[i].first), tokens_.Append(parsed[i].second, words_)});
    ++live_entries_;
    for (const auto& key : keys[i]) {
      // A loose word seen for the first time joins the sorted word list and the typo table.
      bool new_word = key.starts_with("l:") && keys_.Find(key) == StringPool::kNone;
      AddKey(key, e);
      if (new_word) {
        uint32_t id = keys_.Find(key);
        word_list_.Add(id, [this](uint32_t k) { return keys_.Get(k); });
        typos_.Add(std::string_view(key).substr(2), id);
      }
    }
  }
}

void NameIndex::Remove(std::string_view person_id) {
  std::unique_lock lock(mu_);
  uint32_t ordinal = person_ids_.Find(person_id, [this](uint32_t i) { return PersonId(i); });
  if (ordinal != IdTable::kEmpty) RemoveLocked(ordinal);
}

bool NameIndex::HasPlace(uint32_t person, uint32_t place) const {
  const Person& p = persons_[person];
  if (p.extra_places) {
    const auto& all = extra_places_.at(person);
    return std::find(all.begin(), all.end(), place) != all.end();
  }
  return std::find(std::begin(p.places), std::end(p.places), place) != std::end(p.places);
}

// `place`: the filter's place as a words_ id (kNone: unknown place, nothing passes).
bool NameIndex::PassesFilters(uint32_t person, const SearchFilters& f, uint32_t place) const {
  const Person& p = persons_[person];
  if (f.status && p.status != static_cast<uint8_t>(*f.status)) return false;
  if (f.sex && p.sex != static_cast<uint8_t>(*f.sex)) return false;
  constexpr auto kUnknownSex = static_cast<uint8_t>(Sex::kUnknown);
  if (f.compatible_sex != Sex::kUnknown && p.sex != kUnknownSex &&
      p.sex != static_cast<uint8_t>(f.compatible_sex)) {
    return false;
  }
  if (f.near_birth_year && p.birth_year &&
      std::abs(p.birth_year - f.near_birth_year) > f.birth_year_slack) {
    return false;
  }
  if ((f.birth_year_min || f.birth_year_max) && p.birth_year == 0) return false;
  if (f.birth_year_min && p.birth_year < f.birth_year_min) return false;
  if (f.birth_year_max && p.birth_year > f.birth_year_max) return false;
  if (f.source_kind && !(p.source_kinds & (1u << static_cast<unsigned>(*f.source_kind)))) {
    return false;
  }
  if (f.reported_after && p.reported_at_ms() < f.reported_after->time_since_epoch().count()) {
    return false;
  }
  if (!f.place.empty() && (place == StringPool::kNone || !HasPlace(person, place))) return false;
  return true;
}

LifeFacts NameIndex::FactsOf(uint32_t person) const {
  const Person& p = persons_[person];
  return {.sex = static_cast<Sex>(p.sex), .birth_year = p.birth_year};
}

void NameIndex::QueryKeys(const names::ParsedName& query, names::PrefixMode prefix,
                          std::vector<QueryKey>& keys) const {
  auto add = [&](uint32_t id, float weight, size_t word) {
    if (id >= postings_.size() || postings_[id].empty()) return;
    for (auto& k : keys) {
      if (k.id == id) {
        if (weight > k.weight) k = {id, weight, WordBit(word)};
        return;
      }
    }
    keys.push_back({id, weight, WordBit(word)});
  };
  auto weight_of = [&](uint32_t id) {
    return id < postings_.size() ? KeyWeight(postings_[id].size()) : 0.f;
  };
  for (const auto& key : engine_.Keys(query).All()) {
    uint32_t id = keys_.Find(key);
    if (id != StringPool::kNone) add(id, weight_of(id), WordOfKey(query, key));
  }
  std::vector<std::string> skeletons;
  AddSkeletonKeys(query, skeletons);
  for (const auto& key : skeletons) {
    uint32_t id = keys_.Find(key);
    if (id != StringPool::kNone) add(id, weight_of(id) * kSkeletonFactor, WordOfKey(query, key));
  }
  auto& scratch = ThreadScratch();
  bool has_full_word = false;
  for (size_t i = 0; i < query.tokens.size(); ++i) {
    const names::NameToken& t = query.tokens[i];
    if (t.is_initial || t.loose.empty()) continue;
    if (t.is_prefix && prefix == names::PrefixMode::kLastTokenIsPrefix) continue;
    has_full_word = true;
    // Typo tolerance: words one or two edits away from the word, or from the word without a
    // Baltic ending (Bogoduchovas -> bogoduchov ~ bogoduhov), verified, weighed down a little.
    std::string_view forms[2] = {t.loose, names::WithoutBalticEnding(t.loose)};
    for (size_t f = 0; f < 2; ++f) {
      std::string_view form = forms[f];
      if (f == 1 && form.size() == t.loose.size()) break;
      int allowed = AllowedEdits(form.size());
      if (allowed == 0) continue;
      scratch.typo_ids.clear();
      typos_.Candidates(form, scratch.typo_ids);
      // Each candidate's text and posting list lie at random in large arrays: fetch them a few
      // candidates ahead (the text in two steps, its reference first), so the misses overlap
      // with the distance checks (2-3 % of a search).
      const std::vector<uint32_t>& ids = scratch.typo_ids;
      auto fetch_ref = [&](size_t j) {
        if (j < ids.size()) keys_.PrefetchRef(ids[j]);
      };
      auto fetch_text = [&](size_t j) {
        if (j >= ids.size()) return;
        keys_.PrefetchText(ids[j]);
        if (ids[j] < postings_.size()) __builtin_prefetch(&postings_[ids[j]]);
      };
      for (size_t j = 0; j < 8; ++j) fetch_ref(j);
      for (size_t j = 0; j < 4; ++j) fetch_text(j);
      for (size_t j = 0; j < ids.size(); ++j) {
        fetch_ref(j + 8);
        fetch_text(j + 4);
        const uint32_t key_id = ids[j];
        std::string_view word = keys_.Get(key_id).substr(2);
        int d = EditDistance(form, word, allowed);
        if (d > 0 && d <= allowed) add(key_id, weight_of(key_id) * kTypoFactor, i);
      }
    }
  }
  // The word being typed: expand it to known words it begins, unless full words already
  // select candidates (then the engine's prefix comparison does the rest).
  auto key_text = [this](uint32_t k) { return keys_.Get(k); };
  for (size_t i = 0; i < query.tokens.size(); ++i) {
    const names::NameToken& t = query.tokens[i];
    if (!t.is_prefix || t.loose.empty()) continue;
    std::string loose_key = LooseKey(t.loose);
    uint32_t exact = keys_.Find(loose_key);
    if (exact != StringPool::kNone) add(exact, weight_of(exact), i);
    if (has_full_word && !keys.empty()) continue;
    std::vector<std::pair<size_t, uint32_t>> found;  // (postings, key id)
    word_list_.ForEachWithPrefix(loose_key, kPrefixScan, key_text, [&](uint32_t id) {
      if (id < postings_.size()) found.emplace_back(postings_[id].size(), id);
    });
    // The commonest completions first: they are what a caller most likely means.
    size_t n = std::min(found.size(), kPrefixExpansions);
    std::partial_sort(found.begin(), found.begin() + n, found.end(),
                      [](auto& a, auto& b) { return a.first > b.first; });
    for (size_t j = 0; j < n; ++j) add(found[j].second, weight_of(found[j].second) * 0.8f, i);
  }
}

Result<NameIndex::ParsedQuery> NameIndex::Parse(std::string_view text,
                                                names::PrefixMode prefix) const {
  names::ParseOptions parse_options{prefix};
  parse_options.forms = names::QueryForms::kWithSecondReadings;  // split words, wrong layout
  ASSIGN_OR_RETURN(names::ParsedName name,
                   engine_.Parse(CutUtf8(text, kMaxQueryBytes), parse_options));
  if (name.empty()) return InvalidArgument("the query holds no name", "q");
  return ParsedQuery{std::string(text), std::move(name), prefix, &engine_};
}

Result<std::vector<SearchHit>> NameIndex::Search(std::string_view text,
                                                 const SearchOptions& options) const {
  auto started = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(ParsedQuery parsed, Parse(text, options.prefix));
  return Search(parsed, options, started);
}

Result<std::vector<SearchHit>> NameIndex::Search(const ParsedQuery& parsed,
                                                 const SearchOptions& options) const {
  auto started = std::chrono::steady_clock::now();
  if (parsed.engine != &engine_ || parsed.prefix != options.prefix) {
    return Search(parsed.text, options);
  }
  return Search(parsed, options, started);
}

Result<std::vector<SearchHit>> NameIndex::Search(
    const ParsedQuery& parsed, const SearchOptions& options,
    std::chrono::steady_clock::time_point started) const {
  const names::ParsedName& query = parsed.name;
  int limit = std::clamp(options.limit, 1, 100);
  std::string place_folded = options.filters.place.empty() ? "" : FoldPlace(options.filters.place);

  std::shared_lock lock(mu_);
  uint32_t place = place_folded.empty() ? StringPool::kNone : words_.Find(place_folded);
  std::vector<QueryKey> keys;
  QueryKeys(query, options.prefix, keys);
  // Heaviest (rarest) first: they pick candidates, and the first key of a query word that an
  // entry shares is the best it shares for that word; the entry is credited once per word,
  // with that key (an Oleg sharing "l:oleg" and the given-name group counts once for "Oleg", so
  // a Ramanau sharing the given-name group and the surname skeleton outranks him; summed per
  // key, hundreds of Olegs and Romanovs filled the candidate slots). Very long lists come last
  // and only reinforce the entries already found.
  auto long_list = [&](const QueryKey& k) { return postings_[k.id].size() > kFullScanPostings; };
  std::sort(keys.begin(), keys.end(), [&](const QueryKey& a, const QueryKey& b) {
    bool la = long_list(a), lb = long_list(b);
    if (la != lb) return lb;
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.id < b.id;
  });

  Scratch& s = ThreadScratch();
  s.lists.clear();
  for (const QueryKey& key : keys) {
    // A long list adds entries only when it comes first (no other key found any).
    s.lists.push_back({.entries = postings_[key.id],
                       .weight = key.weight,
                       .word = key.word,
                       .reinforce_only = long_list(key) && !s.lists.empty()});
  }
  std::vector<Candidate>& candidates = s.candidates;
  const bool weigh = !options.sought.empty();
  const size_t room = std::max(kMinScored, 2 * static_cast<size_t>(limit));
  // With evidence to weigh, namesakes beyond the usual room are gathered too (a common name's
  // bearers share every key), for the evidence to choose among.
  size_t keep = (weigh ? kNamesakeRoom : 2) * room;
  auto alive = [&](const Candidate& c) { return EntryAlive(c.entry); };
  for (;;) {
    candidates.clear();
    s.acc.Gather(s.lists, kMaxTouched, candidates, keep);
    const size_t gathered = candidates.size();
    // Only the best `room` live ones are scored (a matching search gathers 800). Liveness is
    // looked at after the selection, on those only.
    if (!weigh) {
      KeepBestAlive(
          candidates, room, [](const Candidate& a, const Candidate& b) { return Better(a, b); },
          alive);
    } else {
      // Namesakes share every key: among equal shared weight, those whose sex and birth year
      // agree with the query's are scored first, so the page is not filled before they are.
      std::vector<std::pair<float, Candidate>>& keyed = s.keyed;
      keyed.clear();
      for (const Candidate& c : candidates) {
        keyed.emplace_back(EvidenceAdjustment(options.sought, FactsOf(entries_[c.entry].person)),
                           c);
      }
      KeepBestAlive(
          keyed, room,
          [](const auto& a, const auto& b) {
            if (a.second.weight != b.second.weight) return a.second.weight > b.second.weight;
            if (a.first != b.first) return a.first > b.first;
            return a.second.entry < b.second.entry;
          },
          [&](const auto& k) { return alive(k.second); });
      candidates.clear();
      for (const auto& k : keyed) candidates.push_back(k.second);
    }
    // An updated or removed person's old entries stay in the lists until a rebuild, and among
    // namesakes (equal weight, older entries first) they can fill every place gathered: then
    // gather more, or the live ones behind them would never be found.
    if (candidates.size() >= room || gathered < keep || keep >= kMaxTouched) break;
    keep *= 4;
  }

  names::CompareOptions quick;
  quick.explain = names::Explain::kNone;
  quick.calibrated = names::Calibrated::kNo;  // only the hits returned are calibrated
  s.pairs.Reset();
  quick.pairs = &s.pairs;
  struct Best {
    uint32_t person;
    uint32_t entry;
    float score;
    names::Decision decision;
    float weight;  // the shared key weight that made it a candidate
    float rank;    // RankScore(score, evidence)
  };
  // The best spelling of each person scored, in the order first scored (at most
  // `room`: a linear search is cheaper than a hash map's allocations).
  std::vector<Best> best_by_person;
  best_by_person.reserve(candidates.size());
  size_t scored = 0;
  // Only matching searches ask for shared words (min_shared_words > 1).
  int query_words = 0;  // distinct written-out words ("Said SAID" is one)
  float rare_weight = 0.f;
  if (options.min_shared_words > 1) {
    for (size_t i = 0; i < query.tokens.size(); ++i) {
      const names::NameToken& t = query.tokens[i];
      bool repeated = false;
      for (size_t j = 0; j < i; ++j) repeated |= query.tokens[j].loose == t.loose;
      query_words += !t.is_initial && !t.loose.empty() && !repeated;
    }
    // A rare word shared alone may still make a pair (KATAEV Aiub ~ KATAEV Ayubkhan): only a
    // common one is not enough. Rare: at most one entry in a thousand bears it (at least 5).
    rare_weight = KeyWeight(std::max<size_t>(5, live_entries_ / 1000));
  }
  auto shares_enough = [&](const Candidate& c, const Entry& entry) {
    if (c.words >= options.min_shared_words || c.weight >= rare_weight) return true;
    return c.words >= std::min(query_words, tokens_.FullWords(entry.name));
  };
  // Candidates far below the best in shared key weight rarely beat it; once the page is full,
  // stop scoring there.
  float cut = candidates.empty() ? 0.f : candidates[0].weight * kCutRatio;
  // The stored names are scattered over tens of megabytes: fetch each a few candidates ahead,
  // a step at a time, so the misses overlap with scoring instead of stalling it.
  auto prefetch = [&](size_t k, int step) {
    if (k < candidates.size()) tokens_.Prefetch(entries_[candidates[k].entry].name, words_, step);
  };
  for (size_t k = 0; k < 3; ++k) prefetch(k, 0);
  for (size_t k = 0; k < 2; ++k) prefetch(k, 1);
  prefetch(0, 2);
  for (size_t k = 0; k < candidates.size(); ++k) {
    const Candidate& c = candidates[k];
    if (c.weight < cut && best_by_person.size() >= static_cast<size_t>(limit)) break;
    prefetch(k + 3, 0);
    prefetch(k + 2, 1);
    prefetch(k + 1, 2);
    const Entry& entry = entries_[c.entry];
    if (!PassesFilters(entry.person, options.filters, place)) continue;
    if (!shares_enough(c, entry)) continue;
    if ((++scored & 63) == 0 && std::chrono::steady_clock::now() - started > kDeadline) break;
    tokens_.Expand(entry.name, words_, s.expanded);
    s.pairs.SetCandidate(tokens_, entry.name);
    names::Comparison cmp = engine_.Compare(query, s.expanded, quick);
    if (cmp.score < options.min_score) continue;
    float rank = weigh ? RankScore(cmp.score,
                                   EvidenceAdjustment(options.sought, FactsOf(entry.person)))
                       : cmp.score;
    Best b{entry.person, c.entry, cmp.score, cmp.decision, c.weight, rank};
    auto it = std::find_if(best_by_person.begin(), best_by_person.end(),
                           [&](const Best& x) { return x.person == entry.person; });
    if (it == best_by_person.end()) {
      best_by_person.push_back(b);
    } else if (cmp.score > it->score) {
      *it = b;
    }
  }
  std::vector<Best>& ranked = best_by_person;
  // By rank (the name's score, adjusted by the evidence of sex and birth year when the query
  // has any), then the name's score. Equal scores (a lone given name scores the same against
  // every bearer of it): the person whose spelling shares the rarer keys with the query first,
  // then by id.
  std::sort(ranked.begin(), ranked.end(), [&](const Best& a, const Best& b) {
    if (a.rank != b.rank) return a.rank > b.rank;
    if (a.score != b.score) return a.score > b.score;
    if (a.weight != b.weight) return a.weight > b.weight;
    return PersonId(a.person) < PersonId(b.person);
  });
  if (ranked.size() > static_cast<size_t>(limit)) ranked.resize(limit);

  std::vector<SearchHit> hits;
  hits.reserve(ranked.size());
  for (const Best& b : ranked) {
    const Entry& entry = entries_[b.entry];
    const Person& person = persons_[entry.person];
    SearchHit h{std::string(text_.Get(person.id)),
                std::string(text_.Get(person.external_id)),
                std::string(text_.Get(entry.display)),
                b.score,
                b.decision,
                b.rank,
                {},
                {},
                static_cast<PersonStatus>(person.status),
                std::string(Word(person.facility)),
                std::string(Word(person.status_source)),
                Timestamp(std::chrono::milliseconds(person.reported_at_ms()))};
    tokens_.Expand(entry.name, words_, s.expanded);
    h.probability = engine_.Probability(query, s.expanded, b.score);
    if (options.explain) {
      h.why = engine_.Compare(query, s.expanded).explain;
      if (weigh) h.evidence = WeighEvidence(options.sought, FactsOf(entry.person)).why;
    }
    hits.push_back(std::move(h));
  }
  return hits;
}

std::vector<IndexedPerson> NameIndex::Contents() const {
  std::shared_lock lock(mu_);
  std::vector<IndexedPerson> out;
  out.reserve(live_persons_);
  for (uint32_t i = 0; i < persons_.size(); ++i) {
    const Person& p = persons_[i];
    if (!p.alive) continue;
    IndexedPerson& x = out.emplace_back();
    x.person_id = PersonId(i);
    if (p.external_id != TextArena::kNone) x.external_id = text_.Get(p.external_id);
    for (uint32_t e = p.entries_begin; e < p.entries_begin + p.entries_count; ++e) {
      x.names.emplace_back(text_.Get(entries_[e].display));
    }
    x.status = static_cast<PersonStatus>(p.status);
    x.sex = static_cast<Sex>(p.sex);
    x.birth_year = p.birth_year;
    x.source_kinds = p.source_kinds;
    if (p.extra_places) {
      for (uint32_t w : extra_places_.at(i)) x.places.emplace_back(words_.Get(w));
    } else {
      for (uint32_t w : p.places) {
        if (w != StringPool::kNone) x.places.emplace_back(words_.Get(w));
      }
    }
    x.reported_at = Timestamp(std::chrono::milliseconds(p.reported_at_ms()));
    x.facility = Word(p.facility);
    x.status_source_id = Word(p.status_source);
  }
  std::sort(out.begin(), out.end(), [](const IndexedPerson& a, const IndexedPerson& b) {
    return a.person_id < b.person_id;
  });
  return out;
}

IndexStats NameIndex::Stats() const {
  std::shared_lock lock(mu_);
  IndexStats st;
  st.persons = live_persons_;
  st.spellings = live_entries_;
  st.old_spellings = entries_.size() - live_entries_;
  st.keys = keys_.size();
  size_t bytes = text_.MemoryBytes() + words_.MemoryBytes() + keys_.MemoryBytes() +
                 person_ids_.MemoryBytes() + tokens_.MemoryBytes() + typos_.MemoryBytes() +
                 word_list_.MemoryBytes();
  bytes += postings_.capacity() * sizeof(postings_[0]);
  for (const auto& list : postings_) bytes += list.capacity() * sizeof(uint32_t);
  bytes += persons_.capacity() * sizeof(Person) + entries_.capacity() * sizeof(Entry);
  // unordered_map: a node (key, vector, next pointer, cached hash) and a bucket each.
  bytes += extra_places_.size() * (sizeof(uint32_t) + sizeof(std::vector<uint32_t>) + 16) +
           extra_places_.bucket_count() * sizeof(void*);
  for (const auto& [person, all] : extra_places_) bytes += all.capacity() * sizeof(uint32_t);
  st.memory_bytes = bytes;
  return st;
}

void NameIndex::ShrinkToFit() {
  std::unique_lock lock(mu_);
  for (auto& list : postings_) list.shrink_to_fit();
  postings_.shrink_to_fit();
  persons_.shrink_to_fit();
  entries_.shrink_to_fit();
  tokens_.ShrinkToFit();
}

}  // namespace aftermath::index
