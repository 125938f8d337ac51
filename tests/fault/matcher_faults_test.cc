// The matcher under store faults: a record whose matching failed for any reason but its person
// being gone stays unmatched, so the catch-up proposes its candidates later, and only once.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "fault/faulty_store.h"
#include "fault/test_db.h"
#include "registry/index_loader.h"
#include "registry/matcher.h"
#include "registry/registry.h"

namespace aftermath::testing {
namespace {

// (person's report external id, inquiry or not, report's external id): ids differ between
// databases, these do not.
using Proposal = std::tuple<std::string, bool, std::string>;

class MatcherFaultsTest : public ::testing::Test {
 protected:
  // A family looks for Ivanov Ivan Petrovich; the hospital and then the morgue report him (two
  // persons, a likely duplicate). Matching of the morgue's report is what faults interrupt.
  // Returns the proposals once the catch-up has run with faults off.
  std::set<Proposal> Run(const std::string& path, int64_t fail_at) {
    auto base = std::move(OpenStore("sqlite:" + path)).value();
    FaultyStore store(*base, plan_);
    index::IndexHandle persons, inquiries;
    Matcher matcher(store, clock_, persons, inquiries);
    EXPECT_TRUE(matcher.RebuildInquiryIndex(engine_).ok());
    auto built = BuildIndex(store, engine_);
    EXPECT_TRUE(built.ok());
    persons.Set(*built);
    Registry with_matcher(store, clock_, &persons, &matcher);
    // Reports recorded without matching, as the CLI's import leaves them.
    Registry without_matcher(store, clock_, &persons);
    auto hospital =
        *with_matcher.CreateSource("test", {.name = "Hospital", .kind = SourceKind::kHospital});
    auto morgue =
        *with_matcher.CreateSource("test", {.name = "Morgue", .kind = SourceKind::kMorgue});
    EXPECT_TRUE(with_matcher
                    .OpenInquiry("op", {.sought_name = "Ivanov Ivan Petrovich",
                                        .sought_sex = Sex::kMale,
                                        .inquirer_name = "Family",
                                        .callback_phone = "+7 701 000 00 00"})
                    .ok());
    auto report = [&](const Source& source, const std::string& external_id) {
      return without_matcher
          .RecordReport("clerk", {.source_id = source.id,
                                  .external_id = external_id,
                                  .full_name = "Ivanov Ivan Petrovich",
                                  .sex = Sex::kMale,
                                  .status = PersonStatus::kHospitalised})
          .value()
          .report;
    };
    Report first = report(hospital, "H-1");
    EXPECT_TRUE(matcher.MatchReport(first).ok());
    Report second = report(morgue, "M-1");

    if (fail_at > 0) plan_.FailOperation(fail_at);
    auto matched = matcher.MatchReport(second);
    plan_.Disarm();
    fired_ = plan_.fired().has_value();
    if (fired_) {
      EXPECT_FALSE(matched.ok()) << *plan_.fired() << ": the failure was dropped";
    }
    for (int round = 0; round < 5; ++round) {
      auto done = matcher.CatchUp(100);
      EXPECT_TRUE(done.ok()) << done.status().ToString();
      if (done.ok() && *done == 0) break;
    }

    std::set<Proposal> out;
    auto tx = std::move(base->Begin(TransactionMode::kRead)).value();
    auto label = [&](const std::string& person_id) {
      auto reports = tx->ListReports({.person_id = person_id}, {.limit = 1}).value();
      return reports.items.empty() ? std::string("?") : reports.items[0].external_id;
    };
    auto matches = tx->ListMatches({.limit = 1000}).value();
    for (const auto& m : matches) {
      std::string report_label = m.report_id.empty() ? "" : tx->GetReport(m.report_id)->external_id;
      bool inserted = out.emplace(label(m.person_id), !m.inquiry_id.empty(), report_label).second;
      EXPECT_TRUE(inserted) << "proposed twice: " << label(m.person_id) << " " << report_label;
    }
    EXPECT_TRUE(tx->UnmatchedReports(10)->empty());
    return out;
  }

  FakeClock clock_{*ParseTimestamp("2026-01-06T10:00:00Z")};
  names::NameEngine engine_ = std::move(names::NameEngine::Create()).value();
  FaultPlan plan_;
  bool fired_ = false;
};

TEST_F(MatcherFaultsTest, AFailedLookupLeavesTheReportForTheCatchUp) {
  const std::set<Proposal> expected = Run(FreshDbPath("_reference"), 0);
  // The morgue's report against the inquiry, and against the hospital's person (and back).
  ASSERT_TRUE(expected.count({"M-1", true, "M-1"})) << expected.size();
  ASSERT_TRUE(expected.count({"H-1", false, "M-1"}));
  int64_t n = 1;
  for (;; ++n) {
    auto got = Run(FreshDbPath("_" + std::to_string(n)), n);
    if (!fired_) break;
    EXPECT_EQ(got, expected) << "failing operation " << n << " of MatchReport";
  }
  EXPECT_GT(n, 5);  // Begin, GetPerson, GetInquiry, GetPerson, ListReports, Begin, ...
}

}  // namespace
}  // namespace aftermath::testing
