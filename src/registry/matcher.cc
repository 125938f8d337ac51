#include "registry/matcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "common/ids.h"
#include "common/mutex.h"
#include "index/evidence.h"

namespace aftermath {
namespace {

constexpr const char* kActor = "system:matcher";
constexpr size_t kSearchChunk = 100;  // records a catch-up searches before handing them on

bool Looking(const Inquiry& q) {
  return !q.purged_at && (q.state == InquiryState::kOpen ||
                          q.state == InquiryState::kCandidateFound);
}

int YearOf(Timestamp t) {
  return int(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t)).year());
}

// The birth year as best known: a date, or the year an age was reported.
int BirthYear(const PartialDate& date, const std::optional<int>& age, Timestamp when) {
  if (!date.empty()) return date.year;
  if (age) return YearOf(when) - *age;
  return 0;
}

// Lower-case words of 3+ letters, for overlap of free text (features, places).
std::set<std::string> Words(std::string_view text) {
  std::set<std::string> out;
  std::string word;
  auto flush = [&] {
    if (word.size() >= 3) out.insert(word);
    word.clear();
  };
  for (unsigned char c : text) {
    if (c >= 0x80 || std::isalnum(c)) {
      word += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

double Overlap(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  int common = 0;
  for (const auto& w : a) common += b.count(w);
  return double(common) / double(std::min(a.size(), b.size()));
}

constexpr int kYearsApart = 5;  // born further apart than this: not searched for (below)

// What a record says of a person besides the name; an age is a year either side.
index::LifeFacts Facts(Sex sex, const PartialDate& date, const std::optional<int>& age,
                       Timestamp when) {
  return {.sex = sex,
          .birth_year = BirthYear(date, age, when),
          .year_spread = date.empty() && age ? 1 : 0};
}

// A proposal's rank: the name's score adjusted by the evidence of sex and birth year
// (index/evidence.h); its score is the rank bounded to 0..1. The explanation says the name's
// score and the evidence.
float Adjust(float name_score, const index::LifeFacts& a, const index::LifeFacts& b,
             std::string& why) {
  index::Evidence e = index::WeighEvidence(a, b);
  if (e.why.empty()) return name_score;
  why += fmt::format("; name {:.2f}", name_score) + e.why;
  return index::RankScore(name_score, e.adjustment);
}

// A proposal's score, from its rank: the same below 0.9; above, compressed into 0.9..1 (a name
// alike in every word with a birth year that agrees, rank 1.06, scores 0.992; without the
// evidence, rank 1.0, 0.976), so the score stays a score and the review queue, sorted by
// score, keeps the rank's order and the "match" threshold its meaning.
float Bounded(float rank) {
  constexpr float kKnee = 0.9f;
  if (rank <= kKnee) return std::max(rank, 0.f);
  return kKnee + (1.f - kKnee) * std::tanh((rank - kKnee) / (1.f - kKnee));
}

// The rank of a stored proposal's score (the inverse of Bounded). A score of 1 was written
// before scores were bounded so (an exact name, the evidence cut off at 1): rank 1.
float Unbounded(float score) {
  constexpr float kKnee = 0.9f;
  if (score <= kKnee) return score;
  if (score >= 0.9999f) return 1.f;
  return kKnee + (1.f - kKnee) * std::atanh((score - kKnee) / (1.f - kKnee));
}

// The review queue an inquiry gets (issue #21): among many namesakes, the few the evidence
// favours. A name's proposal is kept when it ties with the inquiry's best candidate (within
// kTie), or when it is among the kMaxProposals best (new, or pending in the queue; among equals
// the queue's first) and not more than kRankSpread below the best.
// The rule is applied to the inquiry's pending proposals together with the new ones, so a
// pending proposal that falls outside it when better-supported namesakes come in a later batch
// is withdrawn (MatchDecision::kWithdrawn, audited as match.withdraw); one an operator decided
// (confirmed, rejected, unsure) is never touched, nor one an operator linked.
constexpr int kMaxProposals = 2;
constexpr float kRankSpread = 0.05f;  // keeps a guess 3-5 years off beside an exact year
constexpr float kTie = 0.005f;
constexpr int kQueueRead = 1000;  // an inquiry's pending proposals weighed at most (best first)

// Whether a pending proposal takes part in the cap: the matcher's proposals by name; not the
// unidentified (weighed on what can be seen, never capped) nor a person an operator linked.
bool CappedByEvidence(const Match& m) {
  return !m.explanation.starts_with("unidentified") &&
         !m.explanation.starts_with(kOperatorLinked);
}

// A search for the pairs the matcher proposes: the index leaves out the other sex and birth
// years more than kYearsApart apart (a year more for an age), and ranks the rest by the same
// evidence Adjust weighs, so a page of ten hits is not filled with namesakes of the wrong sex or
// generation (NamesakesBornLongBeforeDoNotCrowdOutTheSoughtPerson). Names
// sharing one common word of several (the given name Aruzhan, the surname Ivanov) are not scored
// either: against thousands of open inquiries they are most of the work and most of the false
// proposals ("Ismailova Dilnara" for "Gulnara Ismailova"); a rare word shared alone still is.
index::SearchOptions MatchSearch(int limit, float threshold, const index::LifeFacts& facts) {
  index::SearchOptions o;
  o.limit = limit;
  o.min_score = threshold;
  o.min_shared_words = 2;
  o.sought = facts;
  o.filters.compatible_sex = facts.sex;
  if (facts.birth_year) {
    o.filters.near_birth_year = facts.birth_year;
    o.filters.birth_year_slack = kYearsApart + facts.year_spread;
  }
  return o;
}

// A record that may have gone (NotFound: nullopt); any other error is passed on.
template <typename T>
Result<std::optional<T>> Existing(Result<T> found) {
  if (found.ok()) return std::optional<T>(std::move(found).value());
  if (found.status().code() == StatusCode::kNotFound) return std::optional<T>();
  return found.status();
}

// The index's hits; a name it cannot search (no letters) has none.
template <typename Query>
Result<std::vector<index::SearchHit>> SearchNames(const index::NameIndex& idx, const Query& name,
                                                  const index::SearchOptions& options) {
  auto hits = idx.Search(name, options);
  if (!hits.ok() && hits.status().code() == StatusCode::kInvalidArgument) {
    return std::vector<index::SearchHit>();
  }
  return hits;
}

}  // namespace

float AttributeScore(const Person& person, const Report* report, const Inquiry& q,
                     std::string* why) {
  std::string reasons;
  if (person.sex != Sex::kUnknown && q.sought_sex != Sex::kUnknown && person.sex != q.sought_sex) {
    return 0;
  }
  Timestamp reported = report ? report->observed_at : person.created_at;
  if (q.last_seen_at && reported + std::chrono::hours(24) < *q.last_seen_at) return 0;
  float score = 0.3f;
  reasons = "unidentified";
  if (person.sex != Sex::kUnknown && person.sex == q.sought_sex) {
    score += 0.1f;
    reasons += "; same sex";
  }
  int a = BirthYear(person.birth_date, person.approx_age, person.created_at);
  int b = BirthYear(q.sought_birth_date, q.sought_approx_age, q.created_at);
  if (a && b) {
    int diff = std::abs(a - b);
    if (diff > 8) return 0;
    if (diff <= 5) {
      score += 0.15f;
      reasons += fmt::format("; age within {} years", diff);
    }
  }
  double features = Overlap(Words(person.features), Words(q.sought_features));
  if (features > 0) {
    score += static_cast<float>(0.25 * features);
    reasons += fmt::format("; features overlap {:.0f}%", features * 100);
  }
  std::string place = report ? report->facility + " " + report->location : person.facility;
  double places = Overlap(Words(place), Words(q.last_seen_place + " " + q.sought_home_locality));
  if (places > 0) {
    score += 0.1f;
    reasons += "; place agrees";
  }
  if (why) *why = reasons;
  return std::min(score, 0.85f);  // without a name never a certain match
}

Matcher::Matcher(Store& store, const Clock& clock, index::IndexHandle& persons,
                 index::IndexHandle& inquiries, MatchingOptions options)
    : store_(store),
      clock_(clock),
      persons_(persons),
      inquiries_(inquiries),
      options_(options),
      ids_(options.ids, clock) {}

index::IndexedPerson Matcher::IndexedInquiry(const Inquiry& q) {
  index::IndexedPerson p;
  p.person_id = q.id;
  p.names = {q.sought_name};
  p.sex = q.sought_sex;
  p.birth_year = BirthYear(q.sought_birth_date, q.sought_approx_age, q.created_at);
  p.reported_at = q.created_at;
  return p;
}

void Matcher::ReindexInquiry(const Inquiry& q) {
  auto idx = inquiries_.Get();
  if (!idx) return;
  if (Looking(q)) {
    idx->Upsert(IndexedInquiry(q));
  } else {
    idx->Remove(q.id);
  }
}

Status Matcher::RebuildInquiryIndex(const names::NameEngine& engine) {
  auto built = std::make_shared<index::NameIndex>(engine);
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  std::string after;
  for (;;) {
    ASSIGN_OR_RETURN(auto batch, tx->ScanOpenInquiries(after, 5000));
    if (batch.empty()) break;
    after = batch.back().id;
    for (const auto& q : batch) built->Upsert(IndexedInquiry(q));
  }
  inquiries_.Set(built);
  return Status::Ok();
}

Status Matcher::CapPerInquiry(Transaction& tx, std::vector<Outcome>& outcomes,
                              std::vector<Match>& withdraw, std::map<std::string, Inquiry>& read) {
  struct Ranked {
    float rank;
    const Proposal* proposal;  // nullptr: pending in the queue already (`queued`)
    const Match* queued;
  };
  std::map<std::string, std::vector<Ranked>> by_inquiry;
  std::set<const Proposal*> dropped;
  for (const Outcome& o : outcomes) {
    for (const Proposal& p : o.proposals) {
      if (!p.rank || p.inquiry_id.empty()) continue;
      // Proposed before, decided or not (withdrawn too): never written again, so it takes no
      // place among the new (Record skips it as well).
      ASSIGN_OR_RETURN(auto existing, tx.FindMatch(p.person_id, p.inquiry_id, p.report_id));
      if (existing) {
        dropped.insert(&p);
        continue;
      }
      // The rank as the store will give it back (the bounded score, unbounded), so a later
      // round weighs this proposal, then queued, exactly as this one does.
      by_inquiry[p.inquiry_id].push_back({Unbounded(p.score), &p, nullptr});
    }
  }
  std::map<std::string, std::vector<Match>> queued_of;  // what `Ranked::queued` points into
  for (auto& [inquiry, all] : by_inquiry) {
    // Searched through a snapshot; read again under the writers' lock: an inquiry an operator
    // confirmed (or closed) meanwhile gets no more proposals, and its queue is left as it is.
    ASSIGN_OR_RETURN(auto q, Existing(tx.GetInquiry(inquiry)));
    if (!q || !Looking(*q)) {
      for (const Ranked& r : all) dropped.insert(r.proposal);
      all.clear();
      continue;
    }
    read.emplace(inquiry, std::move(*q));
    ASSIGN_OR_RETURN(queued_of[inquiry], tx.ListMatches({.decision = MatchDecision::kPending,
                                                         .inquiry_id = inquiry,
                                                         .limit = kQueueRead}));
    for (const Match& m : queued_of[inquiry]) {
      if (CappedByEvidence(m)) all.push_back({Unbounded(static_cast<float>(m.score)), nullptr, &m});
    }
    // One place a person: the same person found twice in one round (two of their reports)
    // keeps the better.
    std::set<std::string> seen;
    for (const Ranked& r : all) {
      if (r.queued) seen.insert(r.queued->person_id);
    }
    // Best first; among equals (to a thousandth: a stored score read back is not bit for bit
    // the rank it was made from), what the queue holds already (the longest there first),
    // then the order found.
    for (Ranked& r : all) r.rank = std::round(r.rank * 1000.f) / 1000.f;
    std::stable_sort(all.begin(), all.end(), [](const Ranked& a, const Ranked& b) {
      if (a.rank != b.rank) return a.rank > b.rank;
      if ((a.queued != nullptr) != (b.queued != nullptr)) return a.queued != nullptr;
      if (a.queued && b.queued) {
        return std::tie(a.queued->created_at, a.queued->id) <
               std::tie(b.queued->created_at, b.queued->id);
      }
      return false;
    });
    std::erase_if(all, [&](const Ranked& r) {
      if (r.queued || seen.insert(r.proposal->person_id).second) return false;
      dropped.insert(r.proposal);
      return true;
    });
    if (all.empty()) continue;
    const float best = all.front().rank;
    for (size_t i = 0; i < all.size(); ++i) {
      const Ranked& r = all[i];
      bool keep = r.rank >= best - kTie ||
                  (i < size_t{kMaxProposals} && r.rank >= best - kRankSpread);
      if (keep) continue;
      if (r.proposal) {
        dropped.insert(r.proposal);
      } else {
        withdraw.push_back(*r.queued);
      }
    }
  }
  if (dropped.empty()) return Status::Ok();
  for (Outcome& o : outcomes) {
    std::erase_if(o.proposals, [&](const Proposal& p) { return dropped.count(&p) > 0; });
  }
  return Status::Ok();
}

Result<int> Matcher::Record(std::vector<Outcome> outcomes) {
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  std::vector<Match> withdraw;
  std::map<std::string, Inquiry> read;  // the inquiries CapPerInquiry read, in this transaction
  RETURN_IF_ERROR(CapPerInquiry(*tx, outcomes, withdraw, read));
  // Read in this transaction, which holds the writers' lock: an operator's decision committed
  // before it was read is seen (the proposal is no longer pending and stays as decided), one
  // after waits for this commit and finds the proposal withdrawn (Registry::Decide refuses it).
  // The versioned update is the guard should the proposal have moved on all the same: Aborted,
  // and nothing of the round is written.
  for (Match& m : withdraw) {
    m.decision = MatchDecision::kWithdrawn;
    m.decided_by = kActor;
    m.decided_at = now;
    RETURN_IF_ERROR(tx->UpdateMatch(m));
    RETURN_IF_ERROR(tx->AppendAudit({.at = now, .actor = kActor, .action = "match.withdraw",
                                     .entity_type = "person", .entity_id = m.person_id,
                                     .detail = fmt::format(
                                         R"({{"match_id":"{}","inquiry_id":"{}"}})", m.id,
                                         m.inquiry_id)})
                        .status());
  }
  int added = 0;
  std::set<std::string> inquiries_with_candidates;
  for (const Outcome& o : outcomes) {
    int added_here = 0;
    for (const auto& p : o.proposals) {
      ASSIGN_OR_RETURN(auto existing, tx->FindMatch(p.person_id, p.inquiry_id, p.report_id));
      if (existing) continue;  // proposed before, decided or not: never twice
      Match m{.id = ids_.NewId(kMatchIdPrefix), .person_id = p.person_id, .report_id = p.report_id,
              .inquiry_id = p.inquiry_id, .score = p.score, .explanation = p.explanation,
              .created_at = now};
      RETURN_IF_ERROR(tx->InsertMatch(m));
      RETURN_IF_ERROR(tx->AppendAudit({.at = now, .actor = kActor, .action = "match.propose",
                                       .entity_type = "person", .entity_id = p.person_id,
                                       .detail = fmt::format("{{\"match_id\":\"{}\"}}", m.id)})
                          .status());
      if (!p.inquiry_id.empty()) inquiries_with_candidates.insert(p.inquiry_id);
      ++added_here;
    }
    if (!o.report_id.empty()) RETURN_IF_ERROR(tx->MarkReportMatched(o.report_id, now));
    if (!o.inquiry_id.empty()) RETURN_IF_ERROR(tx->MarkInquiryMatched(o.inquiry_id, now));
    if (added_here == 0 && (!o.report_id.empty() || !o.inquiry_id.empty())) {
      // Marking alone is bookkeeping, not a change of anyone's data; it still leaves a row.
      RETURN_IF_ERROR(tx->AppendAudit({.at = now, .actor = kActor, .action = "match.none",
                                       .entity_type = o.report_id.empty() ? "inquiry" : "report",
                                       .entity_id = o.report_id.empty() ? o.inquiry_id
                                                                        : o.report_id})
                          .status());
    }
    added += added_here;
  }
  for (const auto& id : inquiries_with_candidates) {
    auto known = read.find(id);
    if (known == read.end()) {
      ASSIGN_OR_RETURN(Inquiry q, tx->GetInquiry(id));
      known = read.emplace(id, std::move(q)).first;
    }
    const Inquiry& q = known->second;
    if (q.state == InquiryState::kOpen) {
      RETURN_IF_ERROR(tx->UpdateInquiryState(q.id, q.version, InquiryState::kCandidateFound, now));
    }
  }
  RETURN_IF_ERROR(tx->Commit());
  if (added > 0 && options_.on_proposed) options_.on_proposed(added);
  return added;
}

Result<int> Matcher::MatchReport(const Report& r) {
  Outcome outcome;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(outcome, ProposeForReport(*tx, r));
  }
  return Record({outcome});
}

Status Matcher::ProposeInquiries(Transaction& tx, const Report& r, std::vector<Proposal>& out,
                                 const index::NameIndex::ParsedQuery* parsed) {
  auto idx = inquiries_.Get();
  if (!idx || r.name.full_name.empty()) return Status::Ok();
  index::LifeFacts report = Facts(r.sex, r.birth_date, r.approx_age, r.observed_at);
  auto options = MatchSearch(options_.candidates, options_.threshold, report);
  ASSIGN_OR_RETURN(auto hits, parsed ? SearchNames(*idx, *parsed, options)
                                     : SearchNames(*idx, r.name.full_name, options));
  for (const auto& h : hits) {
    ASSIGN_OR_RETURN(auto q, Existing(tx.GetInquiry(h.person_id)));
    if (!q || !Looking(*q)) continue;
    std::string why = h.why;
    float score = Adjust(
        h.score, report,
        Facts(q->sought_sex, q->sought_birth_date, q->sought_approx_age, q->created_at), why);
    if (score >= options_.threshold) {
      out.push_back({r.person_id, q->id, r.id, Bounded(score), why, score});
    }
  }
  return Status::Ok();
}

Status Matcher::ReadInParallel(size_t count, int threads,
                               const std::function<Status(Transaction&, size_t)>& fn) {
  std::atomic<size_t> next = 0;
  Mutex mu;
  Status first = Status::Ok();  // guarded by mu
  auto fail = [&](Status s) {
    MutexLock lock(&mu);
    if (first.ok()) first = std::move(s);
  };
  auto work = [&] {
    auto tx = store_.Begin(TransactionMode::kRead);
    if (!tx.ok()) return fail(tx.status());
    for (size_t i = next++; i < count; i = next++) {
      if (Status s = fn(**tx, i); !s.ok()) return fail(std::move(s));
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return first;
}

Result<int> Matcher::MatchWithInquiries(const std::vector<Report>& reports, int threads) {
  auto idx = inquiries_.Get();
  if (!idx || reports.empty() || idx->Stats().persons == 0) return 0;
  std::vector<Outcome> outcomes(reports.size());
  RETURN_IF_ERROR(ReadInParallel(reports.size(), threads, [&](Transaction& tx, size_t i) {
    return ProposeInquiries(tx, reports[i], outcomes[i].proposals);
  }));
  std::erase_if(outcomes, [](const Outcome& o) { return o.proposals.empty(); });
  if (outcomes.empty()) return 0;
  return Record(outcomes);
}

Result<Matcher::Outcome> Matcher::ProposeForReport(Transaction& tx_ref, const Report& r) {
  Transaction* tx = &tx_ref;
  std::vector<Proposal> proposals;
  // Only a person who is no longer there ends the report's matching; any other error (a brief
  // Unavailable) leaves it unmatched, and the catch-up tries again.
  ASSIGN_OR_RETURN(auto person, Existing(tx->GetPerson(r.person_id)));
  if (!person) return Outcome{{}, r.id, ""};
  index::LifeFacts report = Facts(r.sex, r.birth_date, r.approx_age, r.observed_at);
  if (!r.name.full_name.empty()) {
    auto idx = persons_.Get();
    // Parsed once for both searches (a name with no letters: neither finds anything).
    std::optional<index::NameIndex::ParsedQuery> parsed;
    if (idx) {
      auto p = idx->Parse(r.name.full_name, names::PrefixMode::kWholeWords);
      if (p.ok()) {
        parsed = std::move(p).value();
      } else if (p.status().code() != StatusCode::kInvalidArgument) {
        return p.status();
      }
    }
    RETURN_IF_ERROR(ProposeInquiries(*tx, r, proposals, parsed ? &*parsed : nullptr));
    if (parsed) {
      ASSIGN_OR_RETURN(auto hits, SearchNames(*idx, *parsed,
                                              MatchSearch(options_.candidates,
                                                          options_.duplicate_threshold, report)));
      for (const auto& h : hits) {
        if (h.person_id == r.person_id) continue;
        ASSIGN_OR_RETURN(auto other, Existing(tx->GetPerson(h.person_id)));
        if (!other) continue;
        // One direction only, the newer person's report against the older person: when both
        // reports are matched in one round (the catch-up, or after a failure) the pair would
        // otherwise be proposed twice, once from each side.
        if (std::tie(other->created_at, other->id) > std::tie(person->created_at, person->id)) {
          continue;
        }
        // Two rows of one source's list are two people, however alike their names.
        ASSIGN_OR_RETURN(auto theirs, tx->ListReports({.person_id = h.person_id}, {.limit = 20}));
        bool same_source = false;
        for (const auto& rep : theirs.items) same_source |= rep.source_id == r.source_id;
        if (same_source) continue;
        std::string why = h.why;
        float score = Adjust(
            h.score, report,
            Facts(other->sex, other->birth_date, other->approx_age, other->created_at), why);
        if (score >= options_.duplicate_threshold) {
          proposals.push_back({h.person_id, "", r.id, Bounded(score), "same person? " + why});
        }
      }
    }
  } else {
    // Unidentified: every open inquiry is weighed on what can be seen.
    std::string after;
    for (;;) {
      ASSIGN_OR_RETURN(auto batch, tx->ScanOpenInquiries(after, 2000));
      if (batch.empty()) break;
      after = batch.back().id;
      for (const auto& q : batch) {
        std::string why;
        float score = AttributeScore(*person, &r, q, &why);
        if (score >= options_.threshold) proposals.push_back({r.person_id, q.id, r.id, score, why});
      }
    }
  }
  std::sort(proposals.begin(), proposals.end(),
            [](const Proposal& a, const Proposal& b) { return a.score > b.score; });
  return Outcome{std::move(proposals), r.id, ""};
}

Result<int> Matcher::MatchInquiry(const Inquiry& q) {
  Outcome outcome;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(outcome, ProposeForInquiry(*tx, q));
  }
  return Record({outcome});
}

Result<Matcher::Outcome> Matcher::ProposeForInquiry(Transaction& tx_ref, const Inquiry& q) {
  Transaction* tx = &tx_ref;
  std::vector<Proposal> proposals;
  if (Looking(q)) {
    index::LifeFacts sought =
        Facts(q.sought_sex, q.sought_birth_date, q.sought_approx_age, q.created_at);
    if (auto idx = persons_.Get()) {
      ASSIGN_OR_RETURN(auto hits,
                       SearchNames(*idx, q.sought_name,
                                   MatchSearch(options_.candidates, options_.threshold, sought)));
      for (const auto& h : hits) {
        ASSIGN_OR_RETURN(auto person, Existing(tx->GetPerson(h.person_id)));
        if (!person) continue;
        std::string why = h.why;
        float score = Adjust(
            h.score, sought,
            Facts(person->sex, person->birth_date, person->approx_age, person->created_at), why);
        if (score >= options_.threshold) {
          proposals.push_back({h.person_id, q.id, "", Bounded(score), why, score});
        }
      }
    }
    ASSIGN_OR_RETURN(auto unidentified, tx->ListUnidentified(2000));
    for (const auto& p : unidentified) {
      std::string why;
      float score = AttributeScore(p, nullptr, q, &why);
      if (score >= options_.threshold) proposals.push_back({p.id, q.id, "", score, why});
    }
  }
  std::sort(proposals.begin(), proposals.end(),
            [](const Proposal& a, const Proposal& b) { return a.score > b.score; });
  return Outcome{std::move(proposals), "", q.id};
}

Result<int> Matcher::CatchUp(int limit, int threads) {
  std::vector<Report> reports;
  std::vector<Inquiry> inquiries;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(inquiries, tx->UnmatchedInquiries(limit));
    ASSIGN_OR_RETURN(reports, tx->UnmatchedReports(limit));
  }
  size_t total = inquiries.size() + reports.size();
  if (total == 0) return 0;
  // Searching is the work; the threads read, then one writer commits. A record whose search
  // failed keeps an empty outcome, so it stays unmatched for the next round while the others
  // are written (one bad row must not hold up the rest); the first failure is returned. A round
  // is searched kSearchChunk records at a time while a writer thread writes, each time it is
  // free, every record searched since its last write, in one transaction: the searching threads
  // never wait for a commit, a writer slower than the search writes larger transactions (fewer
  // pages written a record, so it catches up), and the round's end waits only for the records
  // searched during the last write.
  std::vector<Outcome> outcomes(total);
  std::vector<Status> failures(total, Status::Ok());
  auto search = [&](size_t begin, size_t end) {
    return ReadInParallel(end - begin, threads, [&, begin](Transaction& tx, size_t k) -> Status {
      size_t i = begin + k;
      auto outcome = i < inquiries.size() ? ProposeForInquiry(tx, inquiries[i])
                                          : ProposeForReport(tx, reports[i - inquiries.size()]);
      if (outcome.ok()) {
        outcomes[i] = std::move(outcome).value();
      } else {
        failures[i] = outcome.status();
      }
      return Status::Ok();
    });
  };
  auto write = [&](size_t begin, size_t end) {
    return Record({std::make_move_iterator(outcomes.begin() + begin),
                   std::make_move_iterator(outcomes.begin() + end)})
        .status();
  };
  Mutex mu;
  std::condition_variable_any progressed;
  size_t searched_to = 0;         // guarded by mu: outcomes before it are searched
  bool searching = true;          // guarded by mu
  Status written = Status::Ok();  // guarded by mu: the writer's first failure
  std::thread writer([&] {
    for (size_t written_to = 0;;) {
      size_t to = 0;
      {
        MutexLock lock(&mu);
        while (searched_to == written_to && searching) progressed.wait(mu);
        to = searched_to;
      }
      if (to == written_to) return;  // searching ended and everything searched is written
      Status s = write(written_to, to);
      written_to = to;
      if (!s.ok()) {
        MutexLock lock(&mu);
        written = std::move(s);
        return;
      }
    }
  });
  Status searched = Status::Ok();
  for (size_t begin = 0; begin < total && searched.ok(); begin += kSearchChunk) {
    size_t end = std::min(total, begin + kSearchChunk);
    searched = search(begin, end);
    MutexLock lock(&mu);
    if (!written.ok()) break;  // the writer stopped: nothing more will be written
    if (searched.ok()) searched_to = end;
    progressed.notify_one();
  }
  {
    MutexLock lock(&mu);
    searching = false;
    progressed.notify_one();
  }
  writer.join();
  RETURN_IF_ERROR(searched);
  {
    MutexLock lock(&mu);
    RETURN_IF_ERROR(written);
  }
  for (const Status& s : failures) RETURN_IF_ERROR(s);
  return static_cast<int>(total);
}

}  // namespace aftermath
