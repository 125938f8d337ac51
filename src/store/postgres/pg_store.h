// The PostgreSQL backend (see store.h for the contract): several servers may share one database.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace aftermath {

// `url` is a libpq URI ("postgresql://user:password@host:5432/aftermath?sslmode=require").
// InvalidArgument when it cannot be parsed, Unavailable when the server cannot be reached.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 const OpenOptions& options);

// "postgresql://user@host:port/dbname": the URL without password or options, for logs and
// Store::Describe(). InvalidArgument when libpq cannot parse it.
Result<std::string> DescribePostgresUrl(const std::string& url);

}  // namespace aftermath
