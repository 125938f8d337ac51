// A commission's throughput from its sessions' rows (commission_throughput.h).
#include "recovery/commission_throughput.h"

#include <gtest/gtest.h>

namespace aftermath::recovery {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

Timestamp At(const char* text) { return *ParseTimestamp(text); }

AgendaItem Item(Decision decision, int64_t amount, std::optional<Timestamp> at) {
  return {.decision = decision, .amount = amount, .decided_at = at};
}

TEST(CommissionThroughputTest, CountsDecisionsTimeInSessionAndTheMedianGapInThePeriodOnly) {
  Commission c{.id = "com_1", .programme_id = "prg_1", .name = "Medeu"};
  Timestamp t0 = At("2026-02-02T09:00:00Z");
  // Closed after an hour: decisions 30 s, 60 s and 90 s apart (the first 30 s after opening).
  SessionWithAgenda closed{
      .session = {.state = SessionState::kClosed, .opened_at = t0, .closed_at = t0 + minutes(60)},
      .agenda = {Item(Decision::kApproved, 1'000'000, t0 + seconds(30)),
                 Item(Decision::kRejected, 0, t0 + seconds(90)),
                 Item(Decision::kApproved, 2'500'000, t0 + seconds(180))}};
  // Open for half an hour now: one decided after 40 s, two still pending.
  Timestamp t1 = At("2026-02-03T09:00:00Z");
  SessionWithAgenda open{.session = {.state = SessionState::kOpen, .opened_at = t1},
                         .agenda = {Item(Decision::kApproved, 500'000, t1 + seconds(40)),
                                    Item(Decision::kPending, 0, std::nullopt),
                                    Item(Decision::kPending, 0, std::nullopt)}};
  // Before the period: not counted at all.
  SessionWithAgenda old{
      .session = {.state = SessionState::kClosed,
                  .opened_at = t0 - minutes(60 * 24 * 40),
                  .closed_at = t0 - minutes(60 * 24 * 40 - 30)},
      .agenda = {Item(Decision::kApproved, 9'000'000, t0 - minutes(60 * 24 * 40 - 1))}};

  auto f = ComputeThroughput(c, {open, closed, old}, t0 - minutes(60 * 24 * 30), t1 + minutes(30));
  EXPECT_EQ(f.commission_id, "com_1");
  EXPECT_EQ(f.name, "Medeu");
  EXPECT_EQ(f.sessions, 2);
  EXPECT_EQ(f.open_sessions, 1);
  EXPECT_EQ(f.decided, 4);
  EXPECT_EQ(f.approved, 3);
  EXPECT_EQ(f.rejected, 1);
  EXPECT_EQ(f.pending, 2);
  EXPECT_EQ(f.amount_approved, 4'000'000);
  EXPECT_DOUBLE_EQ(f.session_hours, 1.5);
  ASSERT_TRUE(f.claims_per_hour);
  EXPECT_NEAR(*f.claims_per_hour, 4 / 1.5, 1e-9);
  // Gaps 30, 60, 90 and 40 s: the middle of four is (40 + 60) / 2.
  ASSERT_TRUE(f.median_seconds_per_decision);
  EXPECT_DOUBLE_EQ(*f.median_seconds_per_decision, 50);
  EXPECT_EQ(f.last_decision_at, t1 + seconds(40));
}

TEST(CommissionThroughputTest, ACommissionWithoutDecisionsHasNoRateRatherThanZero) {
  Commission c{.id = "com_2", .name = "Bostandyq"};
  Timestamp t0 = At("2026-02-02T09:00:00Z");
  SessionWithAgenda open{.session = {.state = SessionState::kOpen, .opened_at = t0},
                         .agenda = {Item(Decision::kPending, 0, std::nullopt)}};
  auto f = ComputeThroughput(c, {open}, t0, t0 + minutes(15));
  EXPECT_EQ(f.sessions, 1);
  EXPECT_EQ(f.pending, 1);
  EXPECT_DOUBLE_EQ(f.session_hours, 0.25);
  EXPECT_FALSE(f.claims_per_hour);
  EXPECT_FALSE(f.median_seconds_per_decision);
  EXPECT_FALSE(f.last_decision_at);
  auto none = ComputeThroughput(c, {}, t0, t0);
  EXPECT_EQ(none.sessions, 0);
  EXPECT_DOUBLE_EQ(none.session_hours, 0);
}

}  // namespace
}  // namespace aftermath::recovery
