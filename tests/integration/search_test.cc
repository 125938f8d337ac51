// Search over HTTP: staff search across scripts, search-as-you-type, filters, and the public
// lookup's limits.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;

json::object Obj(const HttpResult& r) { return json::parse(r.body).as_object(); }

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    db_ = dir_ + "/registry.db";
    std::string out, err;
    ASSERT_EQ(RunAftermath({"demo", "load", "--db", "sqlite:" + db_}, &out, &err), 0) << err;
    server_ = std::make_unique<ServerProcess>(db_);
    ASSERT_GT(server_->port(), 0);
  }

  json::array Items(const std::string& target) {
    auto r = server_->Request("GET", target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    return r.status == 200 ? Obj(r)["items"].as_array() : json::array();
  }

  std::string dir_, db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(SearchTest, FindsKazakhCyrillicFromLatin) {
  auto items = Items("/api/v1/search?q=Yerlan%20Serikov");
  ASSERT_FALSE(items.empty());
  auto top = items[0].as_object();
  EXPECT_EQ(top["display_name"], "Серіков Ерлан Маратұлы");
  EXPECT_EQ(top["status"], "hospitalised");
  EXPECT_EQ(top["decision"], "match");
  EXPECT_FALSE(top["why"].as_string().empty());
}

TEST_F(SearchTest, SearchAsYouTypeAndFilters) {
  auto items = Items("/api/v1/search?q=%D0%9E%D0%BC%D0%B0%D1%80%D0%BE%D0%B2%20%D0%9D%D1%83&prefix=1");
  ASSERT_FALSE(items.empty());  // "Омаров Ну"
  EXPECT_EQ(items[0].as_object()["display_name"], "Омаров Нұрсұлтан Бауыржанұлы");
  EXPECT_TRUE(Items("/api/v1/search?q=Yerlan%20Serikov&status=deceased").empty());
  auto bad = server_->Request("GET", "/api/v1/search?q=x&status=dead");
  EXPECT_EQ(bad.status, 400);
}

TEST_F(SearchTest, NewReportIsFoundAtOnce) {
  auto r = server_->Request("POST", "/api/v1/reports",
                            R"({"source":"City Hospital No. 4, Almaty","external_id":"H4-0100",
                                "full_name":"Тоқаев Қасым-Жомарт","status":"hospitalised"})");
  ASSERT_EQ(r.status, 201) << r.body;
  auto items = Items("/api/v1/search?q=Kassym-Jomart%20Tokayev");
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0].as_object()["person_id"], Obj(r)["person_id"]);
}

TEST_F(SearchTest, BadQueriesGetA400) {
  EXPECT_EQ(server_->Request("GET", "/api/v1/search?q=").status, 400);
  EXPECT_EQ(server_->Request("GET", "/api/v1/search?q=...").status, 400);
  // A huge query is refused at the door (431: the request line is too large) ...
  EXPECT_EQ(server_->Request("GET", "/api/v1/search?q=" + std::string(20000, 'a')).status, 431);
  // ... and a long one just under the limit is cut to its first words: a quick empty answer.
  auto long_query = server_->Request("GET", "/api/v1/search?q=" + std::string(9000, 'a'));
  EXPECT_EQ(long_query.status, 200);
  EXPECT_TRUE(Obj(long_query)["items"].as_array().empty());
  EXPECT_EQ(server_->Request("GET", "/api/v1/search?q=a&limit=1000").status, 400);
}

TEST_F(SearchTest, PublicLookupTellsOnlyThatInformationExists) {
  auto r = server_->RequestAs({}, "GET",
                              "/api/v1/public/search?surname=Serikov&given_name=Yerlan");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = Obj(r);
  EXPECT_EQ(body["found"], true);
  for (const char* leak : {"Hospital", "hospitalised", "Ward", "per_", "Маратұлы", "room"}) {
    EXPECT_EQ(r.body.find(leak), std::string::npos) << leak << " leaked: " << r.body;
  }
  auto none = Obj(server_->RequestAs({}, "GET",
                                     "/api/v1/public/search?surname=Nobodyov&given_name=Nobody"));
  EXPECT_EQ(none["found"], false);
}

TEST_F(SearchTest, PublicLookupNeedsSurnameAndGivenName) {
  auto only_surname = server_->RequestAs({}, "GET", "/api/v1/public/search?surname=Serikov");
  EXPECT_EQ(only_surname.status, 400);
  EXPECT_EQ(Obj(only_surname)["error"].as_object()["field"], "given_name");
  EXPECT_EQ(server_->RequestAs({}, "GET", "/api/v1/public/search?given_name=Yerlan").status, 400);
  // Staff search stays closed to the public.
  EXPECT_EQ(server_->RequestAs({}, "GET", "/api/v1/search?q=Serikov").status, 401);
}

TEST_F(SearchTest, PublicLookupIsRateLimited) {
  int limited = 0;
  std::string retry_after;
  for (int i = 0; i < 30; ++i) {
    auto r = server_->RequestAs({}, "GET",
                                "/api/v1/public/search?surname=Serikov&given_name=Yerlan");
    if (r.status == 429) {
      ++limited;
      retry_after = r.headers["retry-after"];
    }
  }
  EXPECT_GT(limited, 0);
  EXPECT_FALSE(retry_after.empty());
}

TEST_F(SearchTest, SearchesAreAuditedWithoutTheQueryText) {
  ASSERT_FALSE(Items("/api/v1/search?q=Yerlan%20Serikov").empty());
  auto audit = Obj(server_->Request("GET", "/api/v1/audit?action=person.search"));
  auto items = audit["items"].as_array();
  ASSERT_FALSE(items.empty());
  std::string detail(items[0].as_object()["detail"].as_string());
  EXPECT_NE(detail.find("per_"), std::string::npos);
  EXPECT_EQ(detail.find("Serikov"), std::string::npos);
}

}  // namespace
}  // namespace aftermath::testing
