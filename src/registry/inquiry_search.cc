// Registry::FindInquiries: an inquiry found again by the phone or a name a caller gives.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "model/validate.h"
#include "registry/audit_detail.h"
#include "registry/registry.h"

namespace aftermath {
namespace {

std::string IdsOf(const std::vector<InquiryHit>& hits) {
  std::vector<std::string> ids;
  ids.reserve(hits.size());
  for (const auto& hit : hits) ids.push_back(hit.inquiry.id);
  return IdsDetail(ids);
}

// The rows the recent-window scan reads at most: a bound on one request's work.
constexpr int kRecentScanLimit = 5000;

}  // namespace

Result<std::vector<InquiryHit>> Registry::FindInquiries(const std::string& actor,
                                                        std::string_view text, int limit) {
  limit = std::clamp(limit, 1, 100);
  std::vector<InquiryHit> hits;
  if (IsPhoneText(text)) {
    InquiryFilter filter{.phone_key = PhoneKey(text)};
    ASSIGN_OR_RETURN(auto page, ReadInTransaction(store_, [&](Transaction& tx) {
                       return tx.ListInquiries(filter, PageRequest{.limit = limit});
                     }));
    for (auto& q : page.items) {
      hits.push_back({.inquiry = std::move(q), .matched_on = "callback_phone", .score = 1.f});
    }
  } else {
    std::shared_ptr<index::NameIndex> persons = index_ ? index_->Get() : nullptr;
    if (!persons) return Unavailable("the name index is not loaded yet");
    const names::NameEngine& engine = persons->engine();
    auto query = engine.Parse(text);
    if (!query.ok()) return InvalidArgument("is neither a phone number nor a name", "q");
    std::map<std::string, InquiryHit> best;  // by inquiry id
    auto consider = [&](Inquiry q, const char* field, float score) {
      auto [it, added] = best.try_emplace(q.id);
      if (added || score > it->second.score) {
        it->second = {.inquiry = std::move(q), .matched_on = field, .score = score};
      }
    };
    // Open inquiries of any age, through the matcher's index of sought names.
    std::shared_ptr<index::NameIndex> open = matcher_ ? matcher_->inquiry_index().Get() : nullptr;
    std::vector<index::SearchHit> found;
    if (open) {
      ASSIGN_OR_RETURN(found, open->Search(text, {.limit = limit, .explain = false}));
    }
    // The recent inquiries in any state, by the sought and the caller's names.
    InquiryFilter recent{.created_after =
                             clock_.Now() - std::chrono::hours(24) * kInquirySearchDays};
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    for (const auto& h : found) {
      auto q = tx->GetInquiry(h.person_id);
      if (q.status().code() == StatusCode::kNotFound) continue;  // gone since it was indexed
      RETURN_IF_ERROR(q.status());
      consider(std::move(*q), "sought_name", h.score);
    }
    PageRequest page{.limit = 200};
    int scanned = 0;
    auto score_of = [&](const std::string& name) {
      if (name.empty()) return 0.f;
      auto parsed = engine.Parse(name);
      if (!parsed.ok()) return 0.f;
      auto c = engine.Compare(*query, *parsed, {.explain = names::Explain::kNone});
      return c.decision == names::Decision::kNonMatch ? 0.f : c.score;
    };
    while (scanned < kRecentScanLimit) {
      ASSIGN_OR_RETURN(auto rows, tx->ListInquiries(recent, page));
      for (auto& q : rows.items) {
        ++scanned;
        float sought = score_of(q.sought_name);
        float caller = score_of(q.inquirer_name);
        if (sought == 0.f && caller == 0.f) continue;
        const bool by_caller = caller > sought;
        consider(std::move(q), by_caller ? "inquirer_name" : "sought_name",
                 std::max(sought, caller));
      }
      if (rows.next_cursor.empty()) break;
      page.cursor = rows.next_cursor;
    }
    for (auto& [id, hit] : best) hits.push_back(std::move(hit));
    std::sort(hits.begin(), hits.end(), [](const InquiryHit& a, const InquiryHit& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.inquiry.created_at > b.inquiry.created_at;
    });
    if (static_cast<int>(hits.size()) > limit) hits.resize(limit);
  }
  RETURN_IF_ERROR(AuditRead(actor, "inquiry.search", "inquiry", "", IdsOf(hits)));
  return hits;
}

Result<Match> Registry::LinkPerson(const std::string& actor, const std::string& inquiry_id,
                                   const std::string& person_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Inquiry q, tx->GetInquiry(inquiry_id));
  if (q.purged_at || (q.state != InquiryState::kOpen && q.state != InquiryState::kCandidateFound)) {
    return FailedPrecondition(
        fmt::format("inquiry '{}' is {}: it no longer looks for anyone", q.id, ToString(q.state)));
  }
  ASSIGN_OR_RETURN(Person person, tx->GetPerson(person_id));
  ASSIGN_OR_RETURN(auto existing, tx->FindMatch(person.id, q.id, ""));
  if (existing && existing->decision == MatchDecision::kWithdrawn) {
    // The matcher withdrew it for better-supported namesakes; the operator's word brings it
    // back to the review queue, as the operator's (the matcher never withdraws those).
    Match m = *existing;
    m.decision = MatchDecision::kPending;
    m.decided_by.clear();
    m.decided_at.reset();
    m.explanation = std::string(kOperatorLinked) + "; " + m.explanation;
    RETURN_IF_ERROR(tx->UpdateMatch(m));
    m.version += 1;
    RETURN_IF_ERROR(Audit(*tx, actor, "match.link", "person", person.id,
                          fmt::format(R"({{"match_id":"{}","inquiry_id":"{}"}})", m.id, q.id)));
    RETURN_IF_ERROR(CommitAndReindex(*tx, {}, {q.id}));
    return m;
  }
  if (existing) return *existing;  // proposed before: the review shows it, decided or not
  // The engine's score of the sought name against the person's best spelling, so the review
  // shows how alike they are; the operator's word is why it is proposed at all.
  float score = 0.f;
  std::shared_ptr<index::NameIndex> idx = index_ ? index_->Get() : nullptr;
  if (idx) {
    for (const auto& name : person.names) {
      auto c =
          idx->engine().Compare(q.sought_name, name.full_name, {.explain = names::Explain::kNone});
      if (c.ok()) score = std::max(score, c->score);
    }
  }
  const Timestamp now = clock_.Now();
  Match m{.id = ids_.NewId(kMatchIdPrefix),
          .person_id = person.id,
          .inquiry_id = q.id,
          .score = score,
          .explanation = std::string(kOperatorLinked),
          .created_at = now};
  RETURN_IF_ERROR(tx->InsertMatch(m));
  if (q.state == InquiryState::kOpen) {
    q.state = InquiryState::kCandidateFound;
    q.updated_at = now;
    RETURN_IF_ERROR(tx->UpdateInquiry(q));
  }
  RETURN_IF_ERROR(Audit(*tx, actor, "match.link", "person", person.id,
                        fmt::format(R"({{"match_id":"{}","inquiry_id":"{}"}})", m.id, q.id)));
  RETURN_IF_ERROR(CommitAndReindex(*tx, {}, {q.id}));
  return m;
}

}  // namespace aftermath
