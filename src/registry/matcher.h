// Automatic matching in both directions: every new or changed report against open inquiries
// (and against existing persons, for duplicates), every new inquiry against all persons. Names
// are compared by the engine through the indexes; the unidentified (no name) by sex, age,
// features, place and time. Candidates above the threshold are written to the review queue;
// only an operator confirms.
//
// Matching state is durable: a report or inquiry is marked matched in the same transaction as
// its proposals, so after a crash CatchUp() resumes where matching stopped and no candidate is
// lost or doubled.
//
// Thread-safety: thread-safe (the store and indexes are).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/ids.h"
#include "index/name_index.h"
#include "store/store.h"

namespace aftermath {

// The explanation of a proposal an operator made (Registry::LinkPerson), not the matcher; the
// matcher never withdraws it.
inline constexpr std::string_view kOperatorLinked =
    "an operator linked this person to the inquiry: the caller means them";

struct MatchingOptions {
  float threshold = 0.5f;            // proposals at or above go to the review queue
  float duplicate_threshold = 0.9f;  // a report's person vs other persons: likely the same
  int candidates = 10;               // per search
  // Told how many new proposals each commit wrote (for metrics); may be empty.
  std::function<void(int)> on_proposed;
  IdGenerator* ids = nullptr;  // of match ids; nullptr: a generator of the matcher's own
};

class Matcher {
 public:
  // REQUIRES: all arguments outlive the matcher. `inquiries` indexes open inquiries by
  // sought name (IndexedPerson::person_id = the inquiry id).
  Matcher(Store& store, const Clock& clock, index::IndexHandle& persons,
          index::IndexHandle& inquiries, MatchingOptions options = {});

  // Each writes the proposals for one record and marks it matched; returns how many proposals
  // were new.
  Result<int> MatchReport(const Report& report);
  Result<int> MatchInquiry(const Inquiry& inquiry);
  // Bulk imports: proposes matches of these reports with the open inquiries right away, in one
  // transaction, searching on `threads` threads. The reports stay unmatched: the catch-up still
  // compares them with other persons for duplicates, and proposes nothing twice. Returns how
  // many proposals were new.
  Result<int> MatchWithInquiries(const std::vector<Report>& reports, int threads = 2);
  // Matches up to `limit` reports and inquiries not yet matched, searching on `threads`
  // threads and writing each batch in one transaction (more than 250 records: each 250 in one,
  // written while the next are searched); returns how many it processed.
  Result<int> CatchUp(int limit, int threads = 2);

  // The open inquiries by sought name (for finding an inquiry again).
  const index::IndexHandle& inquiry_index() const { return inquiries_; }
  // The inquiry index's view of an inquiry (for rebuilding and keeping it fresh).
  static index::IndexedPerson IndexedInquiry(const Inquiry& q);
  // Keeps the inquiry index in step with one inquiry (removed when no longer looking).
  void ReindexInquiry(const Inquiry& q);
  // Rebuilds the inquiry index from the store's open inquiries.
  Status RebuildInquiryIndex(const names::NameEngine& engine);

 private:
  struct Proposal {
    std::string person_id;
    std::string inquiry_id;
    std::string report_id;
    float score;
    std::string explanation;
    // Ranked against the inquiry's other candidates (a name's proposal: its rank, the score
    // before it is bounded to 1); nullopt: never capped (the unidentified, weighed on what can
    // be seen).
    std::optional<float> rank;
  };
  // What matching one record found; written together with its "matched" mark (none when both
  // ids are empty).
  struct Outcome {
    std::vector<Proposal> proposals;
    std::string report_id;
    std::string inquiry_id;
  };
  Result<Outcome> ProposeForReport(Transaction& tx, const Report& report);
  // The open inquiries a named report's name matches (part of ProposeForReport).
  // `parsed`: the report's name parsed already (ProposeForReport searches it twice), or null.
  Status ProposeInquiries(Transaction& tx, const Report& report, std::vector<Proposal>& out,
                          const index::NameIndex::ParsedQuery* parsed = nullptr);
  Result<Outcome> ProposeForInquiry(Transaction& tx, const Inquiry& inquiry);
  // Runs fn(tx, i) for every i below `count` on `threads` threads, each reading through its own
  // snapshot; the first error stops its thread and is returned once all have finished.
  Status ReadInParallel(size_t count, int threads,
                        const std::function<Status(Transaction&, size_t)>& fn);
  // Writes the outcomes in one transaction; returns how many proposals were new.
  Result<int> Record(std::vector<Outcome> outcomes);
  // Leaves out the name proposals an inquiry does not need in its review queue: beyond its few
  // best candidates (new, and pending in the queue already) unless they tie with the best
  // (see kMaxProposals in matcher.cc). New ones proposed before (any decision) are left out
  // too. The pending proposals that fall outside are appended to `withdraw`, as read in `tx`;
  // the inquiries read (still looking) are kept in `read`, by id.
  Status CapPerInquiry(Transaction& tx, std::vector<Outcome>& outcomes,
                       std::vector<Match>& withdraw, std::map<std::string, Inquiry>& read);

  Store& store_;
  const Clock& clock_;
  index::IndexHandle& persons_;
  index::IndexHandle& inquiries_;
  MatchingOptions options_;
  GivenOrOwnIdGenerator ids_;
};

// The score of an unidentified person (no name) against a sought person, from sex, age,
// features, place and time; 0 when they exclude each other. Exposed for tests.
float AttributeScore(const Person& person, const Report* report, const Inquiry& inquiry,
                     std::string* why);

}  // namespace aftermath
