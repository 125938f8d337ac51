// The in-memory candidate index over the name engine's keys: every spelling of every person is
// filed under its keys (loose words, surname stems, initial+surname, given-name groups,
// patronymic stems); a query's keys, widened by typo tolerance and by prefix for the word being
// typed, collect candidates ranked by how rare the shared keys are; the best candidates are then
// scored by the name engine and filtered.
//
// Memory: strings live in append-only arenas named by 32-bit references, the lookups are
// open-addressing tables of ids, and every array is flat (about 250-260 bytes a person with one
// spelling). A replaced or removed person's entries and tokens stay allocated, unreachable,
// until the next rebuild.
//
// Thread-safety: thread-safe. Searches share a reader lock; Upsert/Remove take the writer lock
// for the time of one person (names are parsed before), so readers never wait on a long write. A
// full rebuild is done into a new NameIndex and swapped in by its owner (see IndexHandle).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "index/compact_name.h"
#include "index/evidence.h"
#include "index/id_table.h"
#include "index/string_pool.h"
#include "index/text_arena.h"
#include "index/typo_table.h"
#include "index/word_list.h"
#include "model/enums.h"
#include "names/engine.h"

namespace aftermath::index {

// What the index knows of one person: the spellings and the fields the filters need.
struct IndexedPerson {
  std::string person_id;
  std::string external_id;  // a source's record id, when the person came with one
  std::vector<std::string> names;
  PersonStatus status = PersonStatus::kUnknown;
  Sex sex = Sex::kUnknown;
  int birth_year = 0;               // 0 when unknown (approximate from an age when known)
  uint32_t source_kinds = 0;        // bit (1 << SourceKind) for every source that reported
  std::vector<std::string> places;  // home locality and the reporting sources' regions
  Timestamp reported_at;            // the record's last change
  // Shown on a result line, so a search reads nothing from the store.
  std::string facility;
  std::string status_source_id;
};

struct SearchFilters {
  std::optional<PersonStatus> status;
  std::optional<Sex> sex;
  int birth_year_min = 0;  // 0: open
  int birth_year_max = 0;
  std::optional<SourceKind> source_kind;
  std::string place;  // matches a locality or region, case-insensitively
  std::optional<Timestamp> reported_after;
  // For matching, where a conflict rules a pair out: a person of the other known sex fails,
  // and one whose known birth year is more than birth_year_slack years from near_birth_year.
  // Unknown passes both. kUnknown / 0: off.
  Sex compatible_sex = Sex::kUnknown;
  int near_birth_year = 0;
  int birth_year_slack = 0;
};

struct SearchOptions {
  int limit = 10;
  // Search-as-you-type: the last word may be the start of a longer word.
  names::PrefixMode prefix = names::PrefixMode::kWholeWords;
  SearchFilters filters;
  float min_score = 0.4f;  // drop hits below this (the engine's "possible" threshold)
  // Matching: a candidate must share this many words with the query to be scored (at most as
  // many as the query or the candidate has, initials aside), unless what it shares is rare
  // (borne by at most one entry in a thousand). Names sharing one common word of several are
  // most of the candidates and are rarely the same person.
  int min_shared_words = 0;
  bool explain = true;  // build the "why" text for the returned hits
  // What the query says of the person besides the name (sex, birth year or age): evidence that
  // ranks hits (index/evidence.h), never a filter. Empty: hits in name-score order.
  LifeFacts sought;
};

struct SearchHit {
  std::string person_id;
  std::string external_id;
  std::string name;  // the spelling that matched best
  float score = 0;  // the name's score alone
  names::Decision decision = names::Decision::kNonMatch;  // by the name's score
  // What hits are ranked by: RankScore(score, evidence of sex and birth year); equals score
  // when the query says nothing but the name.
  float rank_score = 0;
  std::string why;       // the name's explanation
  std::string evidence;  // the evidence's, when the query has any ("; birth year agrees ...")
  PersonStatus status = PersonStatus::kUnknown;
  std::string facility;
  std::string status_source_id;
  Timestamp updated_at;
  // The name's score calibrated for the kind of pair (NameEngine::Probability): the share of
  // such pairs scoring so that are one person.
  float probability = 0;
};

struct IndexStats {
  size_t persons = 0;
  size_t spellings = 0;
  // Spellings of updated, merged or removed persons, still in the lists until a rebuild.
  size_t old_spellings = 0;
  size_t keys = 0;
  size_t memory_bytes = 0;
};

class NameIndex {
 public:
  // REQUIRES: engine outlives the index.
  explicit NameIndex(const names::NameEngine& engine);

  // Adds the person or replaces every spelling and field of it. Names the engine cannot parse
  // are skipped (a person with none is still kept for its filters but never found by name).
  void Upsert(const IndexedPerson& person);
  void Remove(std::string_view person_id);

  // InvalidArgument for a query with no letters; otherwise the best hits, highest first, at most
  // options.limit (1..100). Work is bounded: long queries are cut to their first words.
  Result<std::vector<SearchHit>> Search(std::string_view query, const SearchOptions& options) const;

  // A query parsed once for several searches (the matcher searches a report's name among the
  // inquiries and among the persons). Searching with it is Search(text) on an index of the same
  // engine; on another it is parsed again.
  struct ParsedQuery {
    std::string text;
    names::ParsedName name;
    names::PrefixMode prefix = names::PrefixMode::kWholeWords;
    const names::NameEngine* engine = nullptr;
  };
  Result<ParsedQuery> Parse(std::string_view query, names::PrefixMode prefix) const;
  Result<std::vector<SearchHit>> Search(const ParsedQuery& query,
                                        const SearchOptions& options) const;

  IndexStats Stats() const;
  const names::NameEngine& engine() const { return engine_; }

  // Every person held, in person-id order: the spellings the engine could parse and the places
  // folded as the filters compare them. For tests that compare an index with a rebuild.
  std::vector<IndexedPerson> Contents() const;

  // Releases the spare capacity of the growing arrays (after a bulk load; an Upsert afterwards
  // grows them again). Holds the writer lock for a few tens of milliseconds at a million persons.
  void ShrinkToFit();

 private:
  // The search proper; `started` bounds its time (kDeadline in name_index.cc).
  Result<std::vector<SearchHit>> Search(const ParsedQuery& query, const SearchOptions& options,
                                        std::chrono::steady_clock::time_point started) const;

  static constexpr size_t kInlinePlaces = 2;
  // 44 bytes (4-aligned: the last change is kept in two halves); the strings live in text_;
  // the places, facility and source in words_ (more than two places: extra_places_).
  struct Person {
    uint32_t reported_at_low = 0;  // the record's last change, ms since the epoch
    int32_t reported_at_high = 0;
    uint32_t id = TextArena::kNone;
    uint32_t external_id = TextArena::kNone;
    uint32_t entries_begin = 0;  // the person's entries are contiguous
    uint32_t places[kInlinePlaces] = {StringPool::kNone, StringPool::kNone};
    uint32_t facility = StringPool::kNone;
    uint32_t status_source = StringPool::kNone;
    uint16_t source_kinds = 0;  // IndexedPerson::source_kinds: a bit a SourceKind
    static_assert(static_cast<int>(SourceKind::kOther) < 16);
    int16_t birth_year = 0;
    uint8_t entries_count = 0;
    uint8_t status = 0;  // PersonStatus
    uint8_t sex = 0;     // Sex
    bool alive : 1 = false;
    bool extra_places : 1 = false;

    int64_t reported_at_ms() const {
      return static_cast<int64_t>(
          (static_cast<uint64_t>(static_cast<uint32_t>(reported_at_high)) << 32) | reported_at_low);
    }
    void set_reported_at_ms(int64_t ms) {
      reported_at_low = static_cast<uint32_t>(static_cast<uint64_t>(ms));
      reported_at_high = static_cast<int32_t>(static_cast<uint64_t>(ms) >> 32);
    }
  };
  static_assert(sizeof(Person) == 44);
  // One spelling of a person; alive while it is in its person's current entry range.
  struct Entry {
    uint32_t person = 0;
    uint32_t display = 0;  // text_ reference of the spelling as written
    NameHeader name;
  };

  bool EntryAlive(uint32_t e) const;
  void RemoveLocked(uint32_t person);
  // Whether the person is held, alive, with exactly these spellings in this order.
  bool SameSpellingsLocked(uint32_t ordinal, const std::vector<std::string>& names) const;
  // Sets what the filters and the evidence read (not the spellings).
  void SetFactsLocked(uint32_t ordinal, const IndexedPerson& in,
                      const std::vector<std::string>& places);
  void AddKey(std::string_view key, uint32_t entry);
  bool HasPlace(uint32_t person, uint32_t place) const;
  bool PassesFilters(uint32_t person, const SearchFilters& f, uint32_t place) const;
  LifeFacts FactsOf(uint32_t person) const;
  float KeyWeight(size_t postings) const;
  std::string_view PersonId(uint32_t person) const { return text_.Get(persons_[person].id); }
  std::string_view Word(uint32_t id) const {
    return id == StringPool::kNone ? std::string_view() : words_.Get(id);
  }
  // One key of a query: its weight, and the query word it stands for (a bit, see QueryKeys).
  struct QueryKey {
    uint32_t id;
    float weight;
    uint16_t word;
  };
  // Keys of the query and their weights, with typo and prefix expansions. Every key is tied
  // to the query word it comes from, so that a candidate is credited once per word (with the
  // best key it shares for that word), not once per key.
  void QueryKeys(const names::ParsedName& query, names::PrefixMode prefix,
                 std::vector<QueryKey>& keys) const;

  const names::NameEngine& engine_;
  mutable std::shared_mutex mu_;
  TextArena text_;    // person ids, external ids, spellings as written
  StringPool words_;  // latin/loose/stem forms of tokens, folded places
  StringPool keys_;   // index keys ("l:ivanov", "s:ivanov", ...); id = postings_ slot
  std::vector<std::vector<uint32_t>> postings_;  // key id -> entries, ascending
  IdTable person_ids_;                           // person ordinals by id text
  std::vector<Person> persons_;
  std::vector<Entry> entries_;
  TokenStore tokens_;
  std::unordered_map<uint32_t, std::vector<uint32_t>> extra_places_;  // person -> all places
  TypoTable typos_;     // loose words (as "l:" key ids)
  WordList word_list_;  // loose words (as "l:" key ids), sorted, for prefixes
  size_t live_persons_ = 0;
  size_t live_entries_ = 0;
};

// The index in use, swappable as a whole after a rebuild. Thread-safe.
class IndexHandle {
 public:
  std::shared_ptr<NameIndex> Get() const { return std::atomic_load(&index_); }
  void Set(std::shared_ptr<NameIndex> index) { std::atomic_store(&index_, std::move(index)); }

 private:
  std::shared_ptr<NameIndex> index_;
};

}  // namespace aftermath::index
