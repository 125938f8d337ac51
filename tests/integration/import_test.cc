// Imports through the real binary: a crash (SIGKILL) in the middle of a large file loses nothing
// and doubles nothing on re-run; clerks upload lists over HTTP into their own source only.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "server_process.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;

// A hospital's list in Windows-1251 would need a converter here; UTF-8 with ';' exercises the
// same importer. Every fifth row has no id (a derived one is used), one row in 1,000 is bad.
std::string WriteList(const std::string& path, int rows) {
  static const char* kSurnames[] = {"Иванов", "Серіков", "Ахметов", "Ким", "Петров", "Оспанов",
                                    "Смирнов", "Жуков", "Қасымов", "Нұрланов"};
  static const char* kGiven[] = {"Иван", "Ерлан", "Дәурен", "Виктор", "Олег", "Нұрлан", "Пётр"};
  static const char* kStatus[] = {"госпитализирован", "задержан", "погиб", "жив", "пропал"};
  std::ofstream out(path, std::ios::binary);
  out << "№;Фамилия;Имя;Дата рождения;Пол;Статус;Место;Примечание\n";
  for (int i = 0; i < rows; ++i) {
    if (i % 5 != 4) out << "K-" << i;
    out << ';' << kSurnames[i % 10] << ';' << kGiven[(i / 10) % 7] << ';'
        << (i % 1000 == 999 ? "31.02.1990" : std::to_string(1 + i % 28) + ".0" +
                                                 std::to_string(1 + i % 9) + "." +
                                                 std::to_string(1940 + i % 80))
        << ';' << (i % 2 ? "М" : "Ж") << ';' << kStatus[i % 5] << ";Больница " << i % 37 << ';'
        << (i % 101 == 0 ? "\"палата 3;\nкойка 2\"" : "") << '\n';
  }
  return path;
}

// The export's report lines with the values that differ between two databases removed: person
// keys and report ids (each database's own random ids), received_at (the time of import) and
// observed_at (the time of import for lists without one). Sorted. The source and person lines
// are left out: one a source or person, not a report.
std::vector<std::string> Contents(const std::string& db) {
  std::string out, err;
  EXPECT_EQ(RunAftermath({"export", "--db", "sqlite:" + db, "--format", "jsonl"}, &out, &err), 0)
      << err;
  std::vector<std::string> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    json::object o = json::parse(line).as_object();
    if (o.contains("record")) continue;
    o.erase("person_key");
    o.erase("report_id");
    o.erase("received_at");
    o.erase("observed_at");
    lines.push_back(json::serialize(o));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(ImportTest, KilledMidFileThenRerunEqualsOneCleanRun) {
  std::string dir = TempDir("import_kill");
  std::string list = WriteList(dir + "/list.csv", 200000);
  std::vector<std::string> args = {"import", "--source", "Hospital 4", "--source-kind",
                                   "hospital", list, "--db"};

  auto clean_args = args;
  clean_args.push_back("sqlite:" + dir + "/clean.db");
  auto start = std::chrono::steady_clock::now();
  std::string err;
  EXPECT_EQ(RunAftermath(clean_args, nullptr, &err), 1) << err;  // 1: the bad rows
  auto clean_time = std::chrono::steady_clock::now() - start;
  EXPECT_NE(err.find("created 199800"), std::string::npos) << err.substr(err.size() - 300);
  EXPECT_NE(err.find("rejected 200"), std::string::npos);

  // The same import, killed halfway through.
  std::string db = dir + "/killed.db";
  auto killed_args = args;
  killed_args.push_back("sqlite:" + db);
  ASSERT_EQ(RunAftermath({"migrate", "--db", "sqlite:" + db}, nullptr, nullptr), 0);
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    std::vector<std::string> full = {AftermathBinary()};
    full.insert(full.end(), killed_args.begin(), killed_args.end());
    std::vector<char*> argv;
    for (auto& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  std::this_thread::sleep_for(clean_time / 2);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the import ended before it could be killed";
  size_t partial = Contents(db).size();
  EXPECT_GT(partial, 0u);
  EXPECT_LT(partial, 199800u);

  EXPECT_EQ(RunAftermath(killed_args, nullptr, &err), 1) << err;
  EXPECT_NE(err.find("unchanged " + std::to_string(partial) + ","), std::string::npos) << err.substr(err.size() - 300);
  auto clean = Contents(dir + "/clean.db");
  auto resumed = Contents(db);
  EXPECT_EQ(clean.size(), 199800u);
  EXPECT_EQ(resumed.size(), clean.size());
  EXPECT_TRUE(resumed == clean);

  // A third run changes nothing.
  EXPECT_EQ(RunAftermath(killed_args, nullptr, &err), 1);
  EXPECT_NE(err.find("created 0, updated 0, unchanged 199800, rejected 200"), std::string::npos)
      << err.substr(err.size() - 300);
}

class ImportUploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    server_ = std::make_unique<ServerProcess>(dir_ + "/registry.db");
    ASSERT_GT(server_->port(), 0);
    hospital_ = CreateSource("Hospital A", "hospital");
    police_ = CreateSource("Police B", "police");
    auto r = server_->Request("POST", "/api/v1/users",
                              json::serialize(json::object{{"username", "clerk-a"},
                                                           {"role", "clerk"},
                                                           {"password", kTestPassword},
                                                           {"source_id", hospital_}}));
    ASSERT_EQ(r.status, 201) << r.body;
    clerk_ = server_->Login("clerk-a");
  }

  std::string CreateSource(const std::string& name, const std::string& kind) {
    auto r = server_->Request("POST", "/api/v1/sources",
                              json::serialize(json::object{{"name", name}, {"kind", kind}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(json::parse(r.body).as_object()["id"].as_string());
  }

  std::string dir_, hospital_, police_;
  Credentials clerk_;
  std::unique_ptr<ServerProcess> server_;
};

constexpr const char* kList =
    "№;ФИО;Пол;Дата рождения;Статус\n"
    "1;Иванов Иван;М;21.03.1990;госпитализирован\n"
    "2;Петрова Анна;Ж;31.02.1985;госпитализирована\n"
    "3;Ким Виктор;М;;\"в реанимации\"\n";

TEST_F(ImportUploadTest, ClerkUploadsAListWithABadRow) {
  auto dry = server_->RequestAs(clerk_, "POST", "/api/v1/imports?format=csv&dry_run=true", kList,
                                {{"Content-Type", "text/csv"}});
  ASSERT_EQ(dry.status, 200) << dry.body;
  auto d = json::parse(dry.body).as_object();
  EXPECT_EQ(d["created"].as_int64(), 2);
  EXPECT_EQ(d["written"].as_bool(), false);

  auto r = server_->RequestAs(clerk_, "POST", "/api/v1/imports", kList,
                              {{"Content-Type", "text/csv; charset=utf-8"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = json::parse(r.body).as_object();
  EXPECT_EQ(o["created"].as_int64(), 2);
  EXPECT_EQ(o["updated"].as_int64(), 0);
  auto rejected = o["rejected"].as_array();
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].as_object()["line"].as_int64(), 3);
  EXPECT_EQ(rejected[0].as_object()["column"].as_string(), "Дата рождения");

  // Into the clerk's own source, and again: nothing changes.
  auto reports = server_->Request("GET", "/api/v1/reports?source_id=" + hospital_);
  EXPECT_EQ(json::parse(reports.body).as_object()["items"].as_array().size(), 2u);
  auto again = server_->RequestAs(clerk_, "POST", "/api/v1/imports?format=csv", kList);
  EXPECT_EQ(json::parse(again.body).as_object()["unchanged"].as_int64(), 2);

  // Not into another source.
  auto other = server_->RequestAs(clerk_, "POST", "/api/v1/imports?format=csv&source_id=" + police_,
                                  kList);
  EXPECT_EQ(other.status, 403) << other.body;
  // An admin names the source.
  auto admin = server_->Request("POST", "/api/v1/imports?format=csv&source_id=" + police_, kList);
  EXPECT_EQ(admin.status, 200) << admin.body;
  auto unnamed = server_->Request("POST", "/api/v1/imports?format=csv", kList);
  EXPECT_EQ(unnamed.status, 400) << unnamed.body;
}

TEST_F(ImportUploadTest, LargeUploadsOnlyOnTheImportRoute) {
  std::string big = "№;ФИО\n";
  for (int i = 0; big.size() < (3 << 20); ++i) big += std::to_string(i) + ";Иванов Иван\n";
  auto r = server_->RequestAs(clerk_, "POST", "/api/v1/imports?format=csv&dry_run=true", big);
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
  auto report = server_->RequestAs(clerk_, "POST", "/api/v1/reports", big,
                                   {{"Content-Type", "application/json"}});
  EXPECT_EQ(report.status, 413);
  auto wrong = server_->RequestAs(clerk_, "POST", "/api/v1/imports", "x",
                                  {{"Content-Type", "image/png"}});
  EXPECT_EQ(wrong.status, 415);
}

}  // namespace
}  // namespace aftermath::testing
