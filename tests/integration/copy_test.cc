// `aftermath copy` from a real SQLite registry into a fresh PostgreSQL database (CTest fixture
// `pg`): everything arrives, the audit chain verifies there, searches and exports agree, a second
// copy is refused, and a copy that fails midway leaves the target empty.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

#include "server_process.h"
#include "store/postgres/pg_test_database.h"

namespace aftermath::testing {
namespace {

namespace json = boost::json;

using Counts = std::map<std::string, long long>;

json::object Obj(const HttpResult& r) { return json::parse(r.body).as_object(); }
std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }

// Tables copy leaves alone: the schema version, the change feed, SQLite's own.
bool Bookkeeping(const std::string& table) {
  return table == "schema_migrations" || table == "changes" || table.starts_with("sqlite_");
}

// Runs SQL on the SQLite file directly, bypassing aftermath (foreign keys off, to corrupt it).
void SqliteExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, ("PRAGMA foreign_keys=OFF;" + sql).c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

std::string SqliteValue(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

// Rows of every table, counted by SQLite itself.
Counts SqliteCounts(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &s, nullptr);
  std::vector<std::string> tables;
  while (sqlite3_step(s) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  }
  sqlite3_finalize(s);
  Counts out;
  for (const auto& t : tables) {
    if (Bookkeeping(t)) continue;
    sqlite3_prepare_v2(db, ("SELECT count(*) FROM \"" + t + "\"").c_str(), -1, &s, nullptr);
    sqlite3_step(s);
    out[t] = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return out;
}

// Rows of every table, counted by PostgreSQL itself.
Counts PostgresCounts(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* r = PQexec(conn,
                       "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                       "current_schema() AND table_type = 'BASE TABLE'");
  std::vector<std::string> tables;
  for (int i = 0; i < PQntuples(r); ++i) tables.emplace_back(PQgetvalue(r, i, 0));
  PQclear(r);
  Counts out;
  for (const auto& t : tables) {
    if (Bookkeeping(t)) continue;
    r = PQexec(conn, ("SELECT count(*) FROM \"" + t + "\"").c_str());
    out[t] = std::atoll(PQgetvalue(r, 0, 0));
    PQclear(r);
  }
  PQfinish(conn);
  return out;
}

// A freshly migrated target: no rows but the audit chain's starting head.
Counts EmptyLike(Counts counts) {
  for (auto& [table, n] : counts) n = table == "audit_head" ? 1 : 0;
  return counts;
}

// The rows of copy's output table: table -> rows.
Counts Printed(const std::string& out) {
  Counts printed;
  std::istringstream in(out);
  std::string table, rows, sha;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    if (fields >> table >> rows >> sha && sha.size() == 64) printed[table] = std::stoll(rows);
  }
  return printed;
}

std::string SearchResults(const std::string& db, const std::string& query) {
  std::string out, err;
  EXPECT_EQ(RunAftermath({"search", "--db", db, query}, &out, &err), 0) << err;
  json::object o = json::parse(out).as_object();
  return json::serialize(o["results"]);  // took_ms and cpu_ms vary
}

std::string Export(const std::string& db) {
  std::string out, err;
  EXPECT_EQ(RunAftermath({"export", "--db", db, "--format", "jsonl"}, &out, &err), 0) << err;
  return out;
}

int AuditRows(const std::string& db) {
  std::string out, err;
  EXPECT_EQ(RunAftermath({"audit", "verify", "--db", db}, &out, &err), 0) << out << err;
  return out.starts_with("audit log intact: ") ? std::atoi(out.c_str() + 18) : -1;
}

class CopyTest : public ::testing::Test {
 protected:
  // A registry with something in every table: the demo data, users, a source token, sessions,
  // an inquiry matched, confirmed and called back (match, callback, outbox) and a merge.
  void SetUp() override {
    dir_ = TempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    path_ = dir_ + "/registry.db";
    source_ = "sqlite:" + path_;
    std::string out, err;
    ASSERT_EQ(RunAftermath({"demo", "load", "--db", source_}, &out, &err), 0) << err;
    AddUser(path_, "operator1", "operator");
    ASSERT_EQ(RunAftermath({"token", "create", "--db", source_, "--source",
                            "City Hospital No. 4, Almaty", "--name", "feed"},
                           &out, &err),
              0)
        << err;
    {
      ServerProcess server(path_);
      ASSERT_GT(server.port(), 0);
      auto inquiry = server.Request("POST", "/api/v1/inquiries", R"({
          "sought_name": "Zhaqsylykbayev Arman", "sought_sex": "male",
          "inquirer_name": "Aigul Zhaqsylykbayeva", "callback_phone": "+7 701 555 01 23"})");
      ASSERT_EQ(inquiry.status, 201) << inquiry.body;
      auto report = server.Request("POST", "/api/v1/reports", R"({
          "source": "City Hospital No. 4, Almaty", "external_id": "H4-COPY-1",
          "full_name": "ЖАҚСЫЛЫҚБАЕВ Арман", "sex": "m", "status": "hospitalised",
          "facility": "City Hospital No. 4, Almaty"})");
      ASSERT_EQ(report.status, 201) << report.body;
      auto pending = Obj(server.Request("GET", "/api/v1/matches?decision=pending&limit=200"));
      std::string match_id;
      for (const auto& m : pending["items"].as_array()) {
        auto inq = m.as_object().if_contains("inquiry");
        if (inq && inq->is_object() && Str(inq->as_object().at("id")) == Str(Obj(inquiry)["id"])) {
          match_id = Str(m.as_object().at("id"));
        }
      }
      ASSERT_FALSE(match_id.empty()) << "no match proposed";
      ASSERT_EQ(server
                    .Request("POST", "/api/v1/matches/" + match_id + "/decision",
                             R"({"decision":"confirmed"})")
                    .status,
                200);
      auto callbacks = Obj(server.Request("GET", "/api/v1/callbacks"))["items"].as_array();
      ASSERT_FALSE(callbacks.empty());
      std::string task = Str(callbacks[0].as_object()["id"]);
      ASSERT_EQ(server
                    .Request("POST", "/api/v1/callbacks/" + task + "/outcome",
                             R"({"outcome":"informed","note":"on her way"})")
                    .status,
                200);
      auto a = Obj(server.Request("POST", "/api/v1/reports", R"({
          "source": "City Hospital No. 4, Almaty", "external_id": "H4-COPY-2",
          "full_name": "Ахметова Динара", "sex": "f", "status": "hospitalised"})"));
      auto b = Obj(server.Request("POST", "/api/v1/reports", R"({
          "source": "City Hospital No. 4, Almaty", "external_id": "H4-COPY-3",
          "full_name": "Akhmetova Dinara", "features": "red coat", "status": "missing"})"));
      auto merged = server.Request("POST", "/api/v1/persons/" + Str(a["person_id"]) + "/merge",
                                   json::serialize(json::object{{"other_id", b["person_id"]}}));
      ASSERT_EQ(merged.status, 200) << merged.body;
    }
    setenv("AFTERMATH_TEST_PG_URL_FILE", AFTERMATH_PG_URL_FILE, /*overwrite=*/0);
    auto target = CreateTestDatabase();
    ASSERT_TRUE(target.ok()) << target.status().ToString();
    target_ = *target;
  }

  int Copy(std::string* out, std::string* err, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"copy", "--from", source_, "--to", target_};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunAftermath(args, out, err);
  }

  std::string dir_, path_, source_, target_;
};

TEST_F(CopyTest, CopiesEveryTableAndTheTargetWorksTheSame) {
  Counts before = SqliteCounts(path_);
  for (const char* t : {"sources", "persons", "person_names", "reports", "status_events", "users",
                        "sessions", "api_tokens", "inquiries", "matches", "callbacks", "merges",
                        "outbox", "audit_log", "audit_head"}) {
    EXPECT_GT(before[t], 0) << t << " is empty in the source: the test would prove little";
  }
  int source_audit_rows = AuditRows(source_);

  std::string out, err;
  // Small batches: full INSERTs and a last, shorter one in most tables.
  ASSERT_EQ(Copy(&out, &err, {"--batch-rows", "7"}), 0) << err;
  EXPECT_NE(out.find("every count and checksum matched"), std::string::npos) << out;
  EXPECT_NE(err.find("persons:"), std::string::npos) << err;  // progress

  // Counted independently on both sides, and as copy printed them.
  EXPECT_EQ(PostgresCounts(target_), before);
  EXPECT_EQ(Printed(out), before);
  EXPECT_EQ(SqliteCounts(path_), before);  // the source is untouched

  // The audit log arrived verbatim: its chain verifies on the target.
  EXPECT_EQ(AuditRows(target_), source_audit_rows);

  // Search and export answer alike (each export appends one audit row on its own side).
  for (const char* q : {"Yerlan Serikov", "Омаров Нұрсұлтан", "Zhaqsylykbayev Arman"}) {
    EXPECT_EQ(SearchResults(target_, q), SearchResults(source_, q)) << q;
  }
  std::string exported = Export(source_);
  EXPECT_GT(std::count(exported.begin(), exported.end(), '\n'), 30);
  EXPECT_EQ(Export(target_), exported);

  // A server on the target signs in with the copied admin (password hashes intact) and writes:
  // new audit rows continue the copied chain.
  {
    ServerProcess server(target_);
    ASSERT_GT(server.port(), 0);
    auto r = server.Request("POST", "/api/v1/reports", R"({
        "source": "City Hospital No. 4, Almaty", "external_id": "H4-AFTER",
        "full_name": "Серіков Ерлан", "status": "safe"})");
    EXPECT_EQ(r.status, 201) << r.body;
  }
  EXPECT_GT(AuditRows(target_), source_audit_rows + 1);
}

TEST_F(CopyTest, RefusesATargetThatHoldsDataAndChangesNothing) {
  std::string out, err;
  ASSERT_EQ(Copy(&out, &err), 0) << err;
  Counts copied = PostgresCounts(target_);
  int audit_rows = AuditRows(target_);

  EXPECT_EQ(Copy(&out, &err), 1);
  std::string last_line = err.substr(err.rfind('\n', err.size() - 2) + 1);
  EXPECT_NE(last_line.find("already holds registry data"), std::string::npos) << err;
  EXPECT_NE(last_line.find("persons"), std::string::npos) << err;
  EXPECT_EQ(PostgresCounts(target_), copied);
  EXPECT_EQ(AuditRows(target_), audit_rows);
}

TEST_F(CopyTest, AFailureMidwayLeavesTheTargetEmpty) {
  Counts source = SqliteCounts(path_);
  Counts empty = EmptyLike(source);
  std::string out, err;

  // A callback whose person is missing: PostgreSQL refuses the row after many tables went in.
  std::string person = SqliteValue(path_, "SELECT person_id FROM callbacks");
  SqliteExec(path_, "UPDATE callbacks SET person_id = 'per_NOSUCHPERSON0000'");
  EXPECT_EQ(Copy(&out, &err), 1);
  EXPECT_NE(err.find("cannot insert rows 1-1 of callbacks"), std::string::npos) << err;
  EXPECT_NE(err.find("foreign key"), std::string::npos) << err;
  EXPECT_EQ(PostgresCounts(target_), empty);
  SqliteExec(path_, "UPDATE callbacks SET person_id = '" + person + "'");

  // A score that is no number, which SQLite stored anyway: the error names the row, not the
  // value.
  std::string score = SqliteValue(path_, "SELECT score FROM matches LIMIT 1");
  SqliteExec(path_, "UPDATE matches SET score = 'very likely'");
  EXPECT_EQ(Copy(&out, &err), 1);
  EXPECT_NE(err.find("column score holds text where a number is expected"), std::string::npos)
      << err;
  EXPECT_EQ(err.find("very likely"), std::string::npos) << err;
  EXPECT_EQ(PostgresCounts(target_), empty);
  SqliteExec(path_, "UPDATE matches SET score = " + score);

  // Text that is not UTF-8 in the last tables.
  SqliteExec(path_, "UPDATE users SET display_name = CAST(x'c328' AS TEXT)");
  EXPECT_EQ(Copy(&out, &err), 1);
  EXPECT_NE(err.find("of users"), std::string::npos) << err;
  EXPECT_EQ(PostgresCounts(target_), empty);
  SqliteExec(path_, "UPDATE users SET display_name = ''");

  // Fixed, the same target takes the copy.
  ASSERT_EQ(Copy(&out, &err), 0) << err;
  EXPECT_EQ(PostgresCounts(target_), source);
}

// The checksums are real: a target that quietly alters what it is given (here a trigger) is
// caught before the commit.
TEST_F(CopyTest, ATargetThatAltersRowsIsCaughtByTheChecksums) {
  std::string out, err;
  ASSERT_EQ(RunAftermath({"migrate", "--db", target_}, &out, &err), 0) << err;
  ASSERT_TRUE(ExecOnDatabase(target_,
                             "CREATE FUNCTION alter_features() RETURNS trigger LANGUAGE plpgsql "
                             "AS $$ BEGIN NEW.features := NEW.features || '.'; RETURN NEW; END $$;"
                             "CREATE TRIGGER alter_features BEFORE INSERT ON persons "
                             "FOR EACH ROW EXECUTE FUNCTION alter_features()")
                  .ok());
  EXPECT_EQ(Copy(&out, &err), 1);
  EXPECT_NE(err.find("persons differs after copying"), std::string::npos) << err;
  EXPECT_NE(err.find("nothing was committed"), std::string::npos) << err;
  EXPECT_EQ(PostgresCounts(target_), EmptyLike(SqliteCounts(path_)));
}

// A table no migration has yet: copied all the same, with PostgreSQL types SQLite lacks, and the
// target's sequences moved past the copied values.
TEST_F(CopyTest, CopiesATableItWasNeverToldAboutAndAdvancesItsSequences) {
  SqliteExec(path_,
             "CREATE TABLE extra_log (seq INTEGER PRIMARY KEY, note TEXT, flag INTEGER, "
             "ratio REAL, data BLOB);"
             "INSERT INTO extra_log VALUES (1, 'Ерлан', 1, 0.1 + 0.2, x'00ff');"
             "INSERT INTO extra_log VALUES (5, NULL, 0, 1e300, NULL);"
             "INSERT INTO extra_log VALUES (7, '', NULL, -2.5, x'');"
             "CREATE TABLE extra_ident (id INTEGER PRIMARY KEY, note TEXT NOT NULL);"
             "INSERT INTO extra_ident VALUES (41, 'a'), (42, 'b');");
  ASSERT_TRUE(ExecOnDatabase(target_,
                             "CREATE TABLE extra_log (seq BIGSERIAL PRIMARY KEY, note TEXT, "
                             "flag BOOLEAN, ratio DOUBLE PRECISION, data BYTEA);"
                             "CREATE TABLE extra_ident (id BIGINT GENERATED ALWAYS AS IDENTITY "
                             "PRIMARY KEY, note TEXT NOT NULL)")
                  .ok());
  std::string out, err;
  ASSERT_EQ(Copy(&out, &err), 0) << err;
  EXPECT_EQ(Printed(out)["extra_log"], 3);
  EXPECT_EQ(PostgresCounts(target_), SqliteCounts(path_));

  PGconn* conn = PQconnectdb(target_.c_str());
  auto value = [&](const char* sql) {
    PGresult* r = PQexec(conn, sql);
    std::string v = PQntuples(r) ? PQgetvalue(r, 0, 0) : PQresultErrorMessage(r);
    PQclear(r);
    return v;
  };
  EXPECT_EQ(value("SELECT note || flag || ratio || data FROM extra_log WHERE seq = 1"),
            "Ерланtrue0.30000000000000004\\x00ff");
  EXPECT_EQ(value("SELECT count(*) FROM extra_log WHERE note IS NULL AND data IS NULL"), "1");
  EXPECT_EQ(value("SELECT count(*) FROM extra_log WHERE note = '' AND flag IS NULL"), "1");
  EXPECT_EQ(value("INSERT INTO extra_log (note) VALUES ('next') RETURNING seq"), "8");
  EXPECT_EQ(value("INSERT INTO extra_ident (note) VALUES ('next') RETURNING id"), "43");
  PQfinish(conn);
}

TEST_F(CopyTest, RefusesBadUsageAndSourcesItCannotCopy) {
  std::string out, err;
  EXPECT_EQ(RunAftermath({"copy", "--help"}, &out, &err), 0);
  EXPECT_NE(out.find("usage: aftermath copy"), std::string::npos);
  EXPECT_EQ(RunAftermath({"copy", "--from", source_}, &out, &err), 2);
  EXPECT_EQ(RunAftermath({"copy", "--from", source_, "--to", "sqlite:/tmp/x.db"}, &out, &err), 2);
  EXPECT_EQ(RunAftermath({"copy", "--from", target_, "--to", target_}, &out, &err), 2);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;

  // A missing file is not created.
  std::string missing = dir_ + "/missing.db";
  EXPECT_EQ(RunAftermath({"copy", "--from", "sqlite:" + missing, "--to", target_}, &out, &err), 1);
  EXPECT_NE(err.find("no SQLite database"), std::string::npos) << err;
  EXPECT_FALSE(std::filesystem::exists(missing));

  // An older schema: copy does not migrate its source, and says how.
  SqliteExec(path_,
             "DELETE FROM schema_migrations WHERE version = "
             "(SELECT max(version) FROM schema_migrations)");
  EXPECT_EQ(Copy(&out, &err), 1);
  EXPECT_NE(err.find("run `aftermath migrate --db " + source_ + "` first"), std::string::npos)
      << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_TRUE(PostgresCounts(target_).empty());  // not even migrated
}

}  // namespace
}  // namespace aftermath::testing
