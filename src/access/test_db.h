// A fresh SQLite registry in a temporary file, for this folder's tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"

namespace aftermath::access {

inline std::string FreshDbPath() {
  auto dir = std::filesystem::temp_directory_path() /
             ("aftermath_access_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto path = dir / (std::string(info->test_suite_name()) + "_" + info->name() + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path.string() + suffix);
  }
  return path.string();
}

inline std::unique_ptr<Store> OpenFresh(const std::string& path) {
  auto s = OpenStore("sqlite:" + path);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

}  // namespace aftermath::access
