// Test support: fresh databases on the test PostgreSQL server (scripts/pg-test-cluster.sh).
#pragma once

#include <string>

#include "common/status.h"

namespace aftermath::testing {

// The test server's URL: $AFTERMATH_TEST_PG_URL, else the first line of the file named by
// $AFTERMATH_TEST_PG_URL_FILE (written by the CTest fixture). FailedPrecondition, saying how to
// start one, when neither is available.
Result<std::string> TestPostgresUrl();

// `url` with its database name replaced by `dbname`.
std::string WithDatabase(const std::string& url, const std::string& dbname);

// Creates an empty database with a name unique to this process and returns its URL.
Result<std::string> CreateTestDatabase();

// Runs `sql` on the database at `url` with libpq directly, bypassing the store.
Status ExecOnDatabase(const std::string& url, const std::string& sql);

}  // namespace aftermath::testing
