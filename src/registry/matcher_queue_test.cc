// The review queue an inquiry gets as a list arrives in batches (issue #21): a pending proposal
// falls out when better-supported namesakes come in a later batch (withdrawn, audited, never
// proposed again); what an operator decided or linked is never touched; the catch-up run again
// changes nothing. On SQLite and PostgreSQL (fixture `pg`).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "registry/matcher.h"
#include "registry/registry.h"
#include "store/postgres/test_backends.h"

namespace aftermath {
namespace {

using testing::Backend;

const names::NameEngine& Engine() {
  static const auto* engine = new names::NameEngine(std::move(names::NameEngine::Create()).value());
  return *engine;
}

class MatchQueueTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto store = OpenStore(GetParam().make_url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    matcher_ = std::make_unique<Matcher>(*store_, clock_, persons_, inquiries_);
    ASSERT_TRUE(matcher_->RebuildInquiryIndex(Engine()).ok());
    registry_ = std::make_unique<Registry>(*store_, clock_, nullptr, matcher_.get());
    // Reports are recorded without matching, as an import writes a batch; each test hands its
    // batches to the matcher as the import does (Matcher::MatchWithInquiries).
    recorder_ = std::make_unique<Registry>(*store_, clock_);
    source_ = *recorder_->CreateSource("test", {.name = "Hospital", .kind = SourceKind::kHospital});
  }

  // A family looks for Marat Safin, a man born in 1985.
  Inquiry Open(const char* year = "1985") {
    auto q = registry_->OpenInquiry("op1", {.sought_name = "Марат Сафин",
                                            .sought_sex = Sex::kMale,
                                            .sought_birth_date = *ParsePartialDate(year),
                                            .inquirer_name = "Family",
                                            .callback_phone = "+7 701 000 00 00"});
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    return *q;
  }

  // A batch of the list: one Marat Safin per birth year, row "<year>", matched as one batch.
  std::vector<Report> Batch(std::vector<int> years) {
    std::vector<Report> batch;
    for (int year : years) {
      auto r = recorder_->RecordReport(
          "clerk", {.source_id = source_.id,
                    .external_id = fmt::format("{}#{}", year, ++rows_),
                    .full_name = "Сафин Марат",
                    .sex = Sex::kMale,
                    .birth_date = *ParsePartialDate(std::to_string(year)),
                    .status = PersonStatus::kHospitalised});
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      batch.push_back(r->report);
      all_reports_.push_back(r->report);
    }
    clock_.Advance(std::chrono::seconds(1));
    return batch;
  }
  void Arrive(std::vector<int> years) {
    auto matched = matcher_->MatchWithInquiries(Batch(std::move(years)));
    ASSERT_TRUE(matched.ok()) << matched.status().ToString();
  }

  // The list's row of a person: the birth year of its Marat Safin ("?": none).
  std::string Row(Transaction& tx, const std::string& person_id) {
    auto reports = *tx.ListReports({.person_id = person_id}, {.limit = 1});
    if (reports.items.empty()) return "?";
    const std::string& id = reports.items[0].external_id;
    return id.substr(0, id.find('#'));
  }
  // The inquiry's proposals as "row:decision", sorted (equal scores come in any order).
  std::vector<std::string> Queue(const Inquiry& q) {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    auto matches = *tx->ListMatches({.inquiry_id = q.id, .limit = 1000});
    std::vector<std::string> out;
    for (const auto& m : matches) {
      out.push_back(Row(*tx, m.person_id) + ":" + std::string(ToString(m.decision)));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<Match> Matches(const Inquiry& q) {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    return *tx->ListMatches({.inquiry_id = q.id, .limit = 1000});
  }
  Match ByRow(const Inquiry& q, const std::string& row) {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    auto matches = *tx->ListMatches({.inquiry_id = q.id, .limit = 1000});
    for (const auto& m : matches) {
      if (Row(*tx, m.person_id) == row) return m;
    }
    ADD_FAILURE() << "no proposal of row " << row;
    return {};
  }
  std::vector<AuditEvent> Withdrawals() {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    return *tx->QueryAudit({.action = "match.withdraw", .limit = 1000});
  }

  // Every withdrawn proposal has at least two pending ones of its inquiry scored as high or
  // higher: the queue never loses a candidate to a worse one.
  void ExpectNoneWithdrawnForWorse(const Inquiry& q) {
    auto all = Matches(q);
    for (const auto& w : all) {
      if (w.decision != MatchDecision::kWithdrawn) continue;
      int better = 0;
      for (const auto& m : all) {
        better += m.decision == MatchDecision::kPending && m.score >= w.score;
      }
      EXPECT_GE(better, 2) << w.id << " " << w.explanation;
    }
  }

  // Every match as (id, decision, version, score): what a round of matching may change.
  std::map<std::string, std::tuple<std::string, int64_t, double>> Snapshot() {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    std::map<std::string, std::tuple<std::string, int64_t, double>> out;
    auto matches = *tx->ListMatches({.limit = 100000});
    for (const auto& m : matches) {
      out[m.id] = {std::string(ToString(m.decision)), m.version, m.score};
    }
    return out;
  }

  FakeClock clock_{*ParseTimestamp("2026-12-06T08:00:00Z")};
  std::unique_ptr<Store> store_;
  index::IndexHandle persons_, inquiries_;
  std::unique_ptr<Matcher> matcher_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<Registry> recorder_;
  Source source_;
  int rows_ = 0;
  std::vector<Report> all_reports_;  // every batch so far
};

// Born 1990 and 1989 (5 and 4 years off): both in the queue, nothing better known. Then 1985
// (the year sought) and 1984 (a year off) come: the queue holds those two, and the first two
// are withdrawn, each with its audit row.
TEST_P(MatchQueueTest, ALaterBetterSupportedNamesakeWithdrawsTheWeakerPendingProposal) {
  Inquiry q = Open();
  Arrive({1990, 1989});
  EXPECT_EQ(Queue(q), (std::vector<std::string>{"1989:pending", "1990:pending"}));
  Arrive({1984, 1985});
  EXPECT_EQ(Queue(q), (std::vector<std::string>{"1984:pending", "1985:pending", "1989:withdrawn",
                                                "1990:withdrawn"}));
  EXPECT_EQ(ByRow(q, "1985").id, Matches(q)[0].id);  // the year sought heads the queue
  Match withdrawn = ByRow(q, "1990");
  EXPECT_EQ(withdrawn.decided_by, "system:matcher");
  EXPECT_TRUE(withdrawn.decided_at.has_value());
  EXPECT_EQ(withdrawn.version, 2);
  auto audit = Withdrawals();
  ASSERT_EQ(audit.size(), 2u);
  std::vector<std::string> details = {audit[0].detail, audit[1].detail};
  EXPECT_TRUE(std::any_of(details.begin(), details.end(), [&](const std::string& d) {
    return d == fmt::format(R"({{"match_id":"{}","inquiry_id":"{}"}})", withdrawn.id, q.id);
  })) << details[0] << " " << details[1];
  EXPECT_EQ(audit[0].actor, "system:matcher");
  EXPECT_EQ(audit[0].entity_type, "person");
  ExpectNoneWithdrawnForWorse(q);
  // Still looking for someone: the inquiry keeps its candidates.
  EXPECT_EQ(registry_->GetInquiry("op1", q.id)->state, InquiryState::kCandidateFound);

  // An operator cannot decide a withdrawn proposal (the review queue no longer shows it), nor
  // can anyone withdraw one by hand.
  auto decided = registry_->DecideMatch("op1", withdrawn.id, MatchDecision::kConfirmed, "");
  ASSERT_FALSE(decided.ok());
  EXPECT_EQ(decided.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(decided.status().message().find("withdrawn"), std::string::npos);
  EXPECT_EQ(ByRow(q, "1990").version, 2);
  auto by_hand =
      registry_->DecideMatch("op1", ByRow(q, "1985").id, MatchDecision::kWithdrawn, "");
  EXPECT_EQ(by_hand.status().code(), StatusCode::kInvalidArgument);

  // The operator's word brings a withdrawn one back, as the operator's: it stays.
  auto linked = registry_->LinkPerson("op1", q.id, withdrawn.person_id);
  ASSERT_TRUE(linked.ok()) << linked.status().ToString();
  EXPECT_EQ(linked->id, withdrawn.id);
  EXPECT_EQ(linked->decision, MatchDecision::kPending);
  EXPECT_TRUE(linked->decided_by.empty());
  // Another exact namesake ties with the best and withdraws the one a year off; the linked
  // one is not the matcher's to withdraw.
  Arrive({1985});
  EXPECT_EQ(ByRow(q, "1990").decision, MatchDecision::kPending);
  EXPECT_EQ(Queue(q), (std::vector<std::string>{"1984:withdrawn", "1985:pending", "1985:pending",
                                                "1989:withdrawn", "1990:pending"}));
  ExpectNoneWithdrawnForWorse(q);
}

// What an operator decided stays decided, and a person an operator linked stays in the queue,
// however good the namesakes that come later.
TEST_P(MatchQueueTest, ADecidedProposalIsNeverWithdrawn) {
  Inquiry q = Open();
  Arrive({1990, 1989});
  ASSERT_TRUE(
      registry_->DecideMatch("op1", ByRow(q, "1990").id, MatchDecision::kRejected, "").ok());
  ASSERT_TRUE(registry_->DecideMatch("op1", ByRow(q, "1989").id, MatchDecision::kUnsure, "").ok());
  // A Marat Safin born 1970, whom the matcher does not propose (15 years off): the caller
  // means him, says the operator.
  auto far = recorder_->RecordReport("clerk", {.source_id = source_.id,
                                               .external_id = "1970",
                                               .full_name = "Сафин Марат",
                                               .sex = Sex::kMale,
                                               .birth_date = *ParsePartialDate("1970")});
  ASSERT_TRUE(far.ok()) << far.status().ToString();
  ASSERT_TRUE(registry_->LinkPerson("op1", q.id, far->report.person_id).ok());

  Arrive({1985, 1984, 1986});  // 1986 ties with 1984 but comes later: not proposed
  EXPECT_EQ(Queue(q), (std::vector<std::string>{"1970:pending", "1984:pending", "1985:pending",
                                                "1989:unsure", "1990:rejected"}));
  EXPECT_TRUE(Withdrawals().empty());

  // Confirmed: the inquiry looks no more, and a still better-supported namesake changes nothing.
  ASSERT_TRUE(
      registry_->DecideMatch("op1", ByRow(q, "1984").id, MatchDecision::kConfirmed, "").ok());
  auto before = Snapshot();
  Arrive({1985});
  EXPECT_EQ(Snapshot(), before);
  EXPECT_TRUE(Withdrawals().empty());
}

// The true row first, its namesakes after: it is never withdrawn for them. For a family that
// sought 1984, the true row comes second and heads the queue; a second exact namesake later
// ties with it and withdraws the one a year off, never the true row.
TEST_P(MatchQueueTest, TheTrueCandidateIsNeverWithdrawnInFavourOfAWorseOne) {
  Inquiry q = Open();
  Inquiry second = Open("1984");
  Arrive({1985});
  Arrive({1990, 1989, 1984, 1983, 1986, 1987});
  EXPECT_EQ(Matches(q)[0].id, ByRow(q, "1985").id);
  EXPECT_EQ(Queue(q), (std::vector<std::string>{"1984:pending", "1985:pending"}));
  EXPECT_EQ(Queue(second), (std::vector<std::string>{"1984:pending", "1985:pending"}));
  EXPECT_TRUE(Withdrawals().empty());

  Arrive({1984, 1990});
  EXPECT_EQ(Queue(q), (std::vector<std::string>{"1984:pending", "1985:pending"}));
  EXPECT_EQ(Queue(second),
            (std::vector<std::string>{"1984:pending", "1984:pending", "1985:withdrawn"}));
  ExpectNoneWithdrawnForWorse(second);
  ExpectNoneWithdrawnForWorse(q);
}

// The servers' catch-up compares the imported reports again (for duplicates, and with the open
// inquiries): it proposes nothing new, withdraws nothing, and brings no withdrawn proposal back.
TEST_P(MatchQueueTest, RunningTheCatchUpAgainChangesNothing) {
  Inquiry q = Open();
  Inquiry other = Open("1989");
  Arrive({1990, 1989});
  Arrive({1981, 1983});
  Arrive({1984, 1985, 1986});
  auto after_import = Snapshot();
  size_t withdrawn = Withdrawals().size();
  EXPECT_GT(withdrawn, 0u);
  ExpectNoneWithdrawnForWorse(q);
  ExpectNoneWithdrawnForWorse(other);
  for (int round = 0; round < 3; ++round) {
    auto done = matcher_->CatchUp(1000);
    ASSERT_TRUE(done.ok()) << done.status().ToString();
    EXPECT_EQ(done.value() > 0, round == 0);
    EXPECT_EQ(Snapshot(), after_import) << "round " << round;
    EXPECT_EQ(Withdrawals().size(), withdrawn);
  }
  // The whole list matched once more in one batch: the same.
  ASSERT_TRUE(matcher_->MatchWithInquiries(all_reports_).ok());
  EXPECT_EQ(Snapshot(), after_import);
  EXPECT_EQ(Withdrawals().size(), withdrawn);
}

// An operator confirms a pending proposal while the matcher withdraws it: one of them wins,
// whole. Either the confirmation stands (and the proposal is not withdrawn), or the withdrawal
// stands and the operator is told (FailedPrecondition), with nothing of the confirmation written.
TEST_P(MatchQueueTest, AConfirmationRacingAWithdrawalEndsOneWayOrTheOther) {
  int confirmed = 0, withdrawn = 0;
  for (int round = 0; round < 6; ++round) {
    Inquiry q = Open();
    ASSERT_TRUE(matcher_->MatchWithInquiries(Batch({1990, 1989})).ok());
    Match target = ByRow(q, "1990");
    auto better = Batch({1985, 1984});
    std::optional<Result<Match>> decided;
    std::optional<Result<int>> matched;
    std::thread op([&] {
      decided = registry_->DecideMatch("op1", target.id, MatchDecision::kConfirmed, "");
    });
    std::thread m([&] { matched = matcher_->MatchWithInquiries(better); });
    op.join();
    m.join();
    ASSERT_TRUE(matched->ok()) << matched->status().ToString();
    Match now = ByRow(q, "1990");
    Inquiry after = *registry_->GetInquiry("op1", q.id);
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    auto callbacks = *tx->CallbacksOfInquiry(q.id);
    tx.reset();
    if (decided->ok()) {
      ++confirmed;
      EXPECT_EQ(now.decision, MatchDecision::kConfirmed);
      EXPECT_EQ(after.state, InquiryState::kConfirmed);
      EXPECT_EQ(callbacks.size(), 1u);
    } else {
      ++withdrawn;
      EXPECT_EQ(decided->status().code(), StatusCode::kFailedPrecondition)
          << decided->status().ToString();
      EXPECT_EQ(now.decision, MatchDecision::kWithdrawn);
      EXPECT_EQ(after.state, InquiryState::kCandidateFound);
      EXPECT_TRUE(callbacks.empty());
      // Out of the way of the next round's namesakes.
      after.state = InquiryState::kClosed;
      after.close_reason = "test";
      ASSERT_TRUE(registry_->UpdateInquiry("op1", after).ok());
    }
  }
  EXPECT_EQ(confirmed + withdrawn, 6);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, MatchQueueTest,
    ::testing::Values(Backend{"sqlite", [] { return testing::TempSqliteUrl("match_queue"); }},
                      Backend{"postgres", testing::TempPostgresUrl}),
    [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace aftermath
