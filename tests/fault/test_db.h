// A fresh SQLite file for each test of this folder.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace aftermath::testing {

// "<tmp>/aftermath_fault_test_<pid>/<suite>_<test><suffix>.db", removed first.
inline std::string FreshDbPath(const std::string& suffix = "") {
  auto dir =
      std::filesystem::temp_directory_path() / ("aftermath_fault_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  // Outside a test (SetUpTestSuite) the suffix alone names the file.
  std::string name =
      info ? std::string(info->test_suite_name()) + "_" + info->name() + suffix : "suite" + suffix;
  std::replace(name.begin(), name.end(), '/', '_');  // parameterised tests: "Suite/Test/0"
  auto path = dir / (name + ".db");
  for (const char* extra : {"", "-wal", "-shm", ".lock"}) {
    std::filesystem::remove(path.string() + extra);
  }
  return path.string();
}

}  // namespace aftermath::testing
