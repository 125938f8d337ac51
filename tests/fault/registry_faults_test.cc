// The registry under store faults: whatever a failure interrupts, the in-memory indexes end up
// equal to a rebuild from the store once the change follower has run (faults off), although the
// follower skips this process's own changes.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fault/faulty_store.h"
#include "fault/index_check.h"
#include "fault/test_db.h"
#include "registry/change_follower.h"
#include "registry/registry.h"

namespace aftermath::testing {
namespace {

enum class Fault { kOperation, kAfterCommit };

class RegistryFaultsTest : public ::testing::TestWithParam<Fault> {
 protected:
  // Records a report and opens an inquiry with the nth operation (or commit) failing, then
  // polls the follower. Returns whether the fault fired.
  bool Run(int64_t n) {
    auto base = std::move(OpenStore("sqlite:" + FreshDbPath("_" + std::to_string(n)))).value();
    FaultyStore store(*base, plan_);
    index::IndexHandle persons, inquiries;
    persons.Set(std::make_shared<index::NameIndex>(engine_));
    Matcher matcher(store, clock_, persons, inquiries);
    EXPECT_TRUE(matcher.RebuildInquiryIndex(engine_).ok());
    Registry registry(store, clock_, &persons, &matcher);
    ChangeFollower follower(store, registry, &matcher, *ChangeFollower::FeedPosition(store));
    auto hospital =
        *registry.CreateSource("test", {.name = "Hospital", .kind = SourceKind::kHospital});

    if (GetParam() == Fault::kOperation) {
      plan_.FailOperation(n);
    } else {
      plan_.FailCommitAfterDurable(n);
    }
    (void)registry.RecordReport("clerk", {.source_id = hospital.id,
                                          .external_id = "H-1",
                                          .full_name = "Ivanov Ivan Petrovich",
                                          .sex = Sex::kMale,
                                          .status = PersonStatus::kHospitalised});
    (void)registry.OpenInquiry("op", {.sought_name = "Petrova Anna",
                                      .inquirer_name = "Family",
                                      .callback_phone = "+7 701 000 00 00"});
    plan_.Disarm();
    auto fired = plan_.fired();
    if (!fired) return false;

    auto polled = follower.PollOnce();
    EXPECT_TRUE(polled.ok()) << polled.status().ToString();
    EXPECT_EQ(Describe(*persons.Get()), RebuiltPersons(*base, engine_)) << *fired;
    EXPECT_EQ(Describe(*inquiries.Get()), RebuiltInquiries(*base, clock_, engine_)) << *fired;
    return true;
  }

  FakeClock clock_{*ParseTimestamp("2026-01-06T10:00:00Z")};
  names::NameEngine engine_ = std::move(names::NameEngine::Create()).value();
  FaultPlan plan_;
};

TEST_P(RegistryFaultsTest, TheIndexesAreRepairedAfterAnyFailure) {
  int64_t n = 1;
  while (Run(n)) ++n;
  EXPECT_GT(n, 2);
}

INSTANTIATE_TEST_SUITE_P(Faults, RegistryFaultsTest,
                         ::testing::Values(Fault::kOperation, Fault::kAfterCommit),
                         [](const auto& info) {
                           return info.param == Fault::kOperation ? "FailedOperation"
                                                                  : "CommitThenFailure";
                         });

}  // namespace
}  // namespace aftermath::testing
