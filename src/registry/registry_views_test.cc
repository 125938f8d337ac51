// The views the screens show: each read of personal data, the inquirers' contacts included, is
// audited by the registry in the transaction that reads it, at the registry's clock.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/ids.h"
#include "names/engine.h"
#include "registry/index_loader.h"
#include "registry/registry.h"

namespace aftermath {
namespace {

class RegistryViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = std::filesystem::temp_directory_path() /
               ("aftermath_registry_views_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::string path =
        (dir /
         (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db"))
            .string();
    std::filesystem::remove(path);
    store_ = std::move(OpenStore("sqlite:" + path)).value();
    registry_ = std::make_unique<Registry>(*store_, clock_);
    auto hospital = *registry_->CreateSource(
        "test", {.name = "City Hospital No. 4", .kind = SourceKind::kHospital});
    person_id_ = registry_
                     ->RecordReport("test", {.source_id = hospital.id,
                                             .full_name = "Серіков Ерлан",
                                             .status = PersonStatus::kHospitalised,
                                             .facility = "City Hospital No. 4"})
                     ->report.person_id;
    inquiry_id_ = registry_
                      ->OpenInquiry("test", {.sought_name = "Yerlan Serikov",
                                             .inquirer_name = "Aigul Serikova",
                                             .callback_phone = "+7 701 555 01 23"})
                      ->id;
    // A candidate as the matcher proposes it (this registry runs none).
    match_id_ = NewId("mch");
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->InsertMatch({.id = match_id_,
                                 .person_id = person_id_,
                                 .inquiry_id = inquiry_id_,
                                 .score = 0.95,
                                 .created_at = clock_.Now()})
                    .ok());
    ASSERT_TRUE(tx->AppendAudit({.at = clock_.Now(),
                                 .actor = "matcher",
                                 .action = "match.propose",
                                 .entity_type = "person",
                                 .entity_id = person_id_})
                    .ok());
    Status committed = tx->Commit();
    ASSERT_TRUE(committed.ok()) << committed.ToString();
  }

  AuditEvent LastAudit() {
    auto rows = *store_->Begin(TransactionMode::kRead).value()->ListAudit(0, 10000);
    return rows.back();
  }

  FakeClock clock_{*ParseTimestamp("2026-01-06T10:00:00Z")};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Registry> registry_;
  std::string person_id_, inquiry_id_, match_id_;
};

TEST_F(RegistryViewsTest, AMatchListAuditsTheInquirerContactsItShows) {
  auto views = registry_->ListMatchViews("usr_op", {.limit = 10});
  ASSERT_TRUE(views.ok()) << views.status().ToString();
  ASSERT_EQ(views->size(), 1u);
  ASSERT_TRUE((*views)[0].inquiry && (*views)[0].person);
  EXPECT_EQ((*views)[0].inquiry->callback_phone, "+7 701 555 01 23");
  AuditEvent a = LastAudit();
  EXPECT_EQ(a.actor, "usr_op");
  EXPECT_EQ(a.action, "match.list");
  EXPECT_NE(a.detail.find(inquiry_id_), std::string::npos) << a.detail;
  EXPECT_NE(a.detail.find(person_id_), std::string::npos) << a.detail;
  EXPECT_EQ(a.detail.find("Aigul"), std::string::npos) << "ids only: " << a.detail;
}

TEST_F(RegistryViewsTest, ADecisionAuditsTheSidesItShowsAndTheCallbackList) {
  auto view = registry_->DecideMatchView("usr_op", match_id_, MatchDecision::kConfirmed);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->match.decision, MatchDecision::kConfirmed);
  AuditEvent read = LastAudit();
  EXPECT_EQ(read.action, "match.read");
  EXPECT_NE(read.detail.find(inquiry_id_), std::string::npos) << read.detail;

  auto callbacks = registry_->ListCallbackViews("usr_op", CallbackState::kPending, 10);
  ASSERT_TRUE(callbacks.ok()) << callbacks.status().ToString();
  ASSERT_EQ(callbacks->size(), 1u);
  EXPECT_EQ((*callbacks)[0].message,
            "Call Aigul Serikova, +7 701 555 01 23, about Серіков Ерлан: hospitalised, City "
            "Hospital No. 4");
  AuditEvent listed = LastAudit();
  EXPECT_EQ(listed.action, "callback.list");
  EXPECT_NE(listed.detail.find(inquiry_id_), std::string::npos) << listed.detail;
  EXPECT_NE(listed.detail.find(person_id_), std::string::npos) << listed.detail;
}

TEST_F(RegistryViewsTest, ReadingTheAuditLogIsAuditedAtTheRegistrysClock) {
  clock_.Advance(std::chrono::hours(1));
  auto rows = registry_->QueryAudit("usr_sup", {.entity_id = person_id_, .limit = 50});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_FALSE(rows->empty());
  AuditEvent a = LastAudit();
  EXPECT_EQ(a.action, "audit.query");
  EXPECT_EQ(a.actor, "usr_sup");
  EXPECT_EQ(a.entity_id, person_id_);
  EXPECT_EQ(a.at, clock_.Now());
}

// A result line shows where the person is, who said so and when, as the index holds it: the
// search reads no person from the store, so the index must follow every change of them.
TEST_F(RegistryViewsTest, AResultLineFollowsTheLatestReport) {
  auto engine = std::move(names::NameEngine::Create()).value();
  index::IndexHandle handle;
  handle.Set(std::move(BuildIndex(*store_, engine, 1)).value());
  Registry registry(*store_, clock_, &handle);
  auto hits = registry.SearchViews("op", "Serikov Yerlan", {});
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ((*hits)[0].hit.person_id, person_id_);
  EXPECT_EQ((*hits)[0].hit.facility, "City Hospital No. 4");
  EXPECT_EQ((*hits)[0].status_source_name, "City Hospital No. 4");

  auto hospital = *registry.ListSources();
  clock_.Advance(std::chrono::hours(2));
  ASSERT_TRUE(registry
                  .RecordReport("test", {.source_id = hospital[0].id,
                                         .person_id = person_id_,
                                         .full_name = "Серіков Ерлан",
                                         .status = PersonStatus::kHospitalised,
                                         .facility = "Intensive care, building 2"})
                  .ok());
  hits = registry.SearchViews("op", "Serikov Yerlan", {});
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ((*hits)[0].hit.facility, "Intensive care, building 2");
  EXPECT_EQ((*hits)[0].hit.updated_at, clock_.Now());
  EXPECT_EQ(LastAudit().action, "person.search");
}

TEST_F(RegistryViewsTest, SchemaStatusAndSources) {
  auto schema = registry_->GetSchemaStatus();
  ASSERT_TRUE(schema.ok());
  ASSERT_TRUE(schema->current);
  EXPECT_EQ(*schema->current, schema->latest);
  EXPECT_EQ(registry_->GetSource("src_none").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace aftermath
