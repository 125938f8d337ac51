#include "store/postgres/pg_test_database.h"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

namespace aftermath::testing {

Result<std::string> TestPostgresUrl() {
  if (const char* url = std::getenv("AFTERMATH_TEST_PG_URL"); url && *url) return std::string(url);
  const char* file = std::getenv("AFTERMATH_TEST_PG_URL_FILE");
#ifdef AFTERMATH_BUILD_DIR
  // The CTest fixture's cluster of the build these tests belong to.
  if (!file || !*file) file = AFTERMATH_BUILD_DIR "/pg-test-cluster/url";
#endif
  std::string line;
  if (file && *file) {
    std::ifstream in(file);
    std::getline(in, line);
  }
  if (line.empty()) {
    return FailedPrecondition(fmt::format(
        "no test PostgreSQL server ({}): run the tests through ctest, or start one with "
        "`scripts/pg-test-cluster.sh start DIR` and set AFTERMATH_TEST_PG_URL to the URL it prints",
        file && *file ? fmt::format("'{}' is missing or empty", file)
                      : "AFTERMATH_TEST_PG_URL and AFTERMATH_TEST_PG_URL_FILE are unset"));
  }
  return line;
}

std::string WithDatabase(const std::string& url, const std::string& dbname) {
  size_t scheme = url.find("://");
  size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
  size_t path = url.find_first_of("/?", authority);
  if (path == std::string::npos) return url + "/" + dbname;
  size_t query = url.find('?', path);
  return url.substr(0, path) + "/" + dbname +
         (query == std::string::npos ? std::string() : url.substr(query));
}

Status ExecOnDatabase(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return Unavailable(fmt::format("cannot connect to the test server: {}", msg));
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PGresult* res = PQexec(conn, sql.c_str());
  ExecStatusType st = PQresultStatus(res);
  Status s = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? Status::Ok()
                                                             : Internal(PQresultErrorMessage(res));
  PQclear(res);
  PQfinish(conn);
  return s;
}

Result<std::string> CreateTestDatabase() {
  static std::atomic<int> n = 0;
  ASSIGN_OR_RETURN(std::string url, TestPostgresUrl());
  std::string dbname = fmt::format("aftermath_test_{}_{}", getpid(), ++n);
  // template0 is never connected to, so tests may create databases in parallel.
  // A leftover from an earlier process with the same pid goes first. (Neither statement may
  // share a query string with another: they refuse to run inside a transaction block.)
  RETURN_IF_ERROR(ExecOnDatabase(url, fmt::format("DROP DATABASE IF EXISTS {}", dbname)));
  RETURN_IF_ERROR(ExecOnDatabase(
      url, fmt::format("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'", dbname)));
  return WithDatabase(url, dbname);
}

}  // namespace aftermath::testing
