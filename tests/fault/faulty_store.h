// Fault injection for the store (leveldb's FaultInjectionTestEnv): a Store that forwards to a
// real one and breaks it on cue, so tests can show that no failure is dropped or half-applied.
//
// A FaultPlan counts every store operation (Begin, each Transaction method, Commit,
// ReclaimSpace) of the FaultyStores sharing it, and breaks one of them:
//   - FailOperation(n): the nth operation fails with Unavailable and does nothing (a commit that
//     fails so is rolled back);
//   - FailCommitAfterDurable(n): the nth Commit reaches the database and then reports
//     Unavailable, as when the connection drops before the answer arrives.
// Each fault fires once; the store works again afterwards (a brief outage, then recovery).
//
// Thread-safety: thread-safe; with concurrent callers "the nth" is the nth to arrive.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.h"

namespace aftermath::testing {

class FaultPlan {
 public:
  // Counting starts from zero again with each call.
  void FailOperation(int64_t n);
  void FailCommitAfterDurable(int64_t n);
  // No fault armed; the counts go on.
  void Disarm();

  int64_t operations() const;
  int64_t commits() const;
  // What the fault broke ("operation 17 (GetPerson) failed"), once it fired.
  std::optional<std::string> fired() const;

  // Called by FaultyStore: counts one operation and answers Unavailable when it is to fail.
  Status BeforeOperation(std::string_view name);
  // Called by FaultyStore after a Commit reached the database: whether to report a failure.
  bool FailAfterCommit();

 private:
  enum class Kind { kNone, kFailOperation, kFailAfterCommit };
  mutable std::mutex mu_;
  Kind kind_ = Kind::kNone;
  int64_t at_ = 0;
  int64_t operations_ = 0;
  int64_t commits_ = 0;
  std::optional<std::string> fired_;
};

class FaultyStore final : public Store {
 public:
  // REQUIRES: base and plan outlive the store and every transaction it began.
  FaultyStore(Store& base, FaultPlan& plan) : base_(base), plan_(plan) {}

  Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) override;
  Result<int> SchemaVersion() override { return base_.SchemaVersion(); }
  int LatestSchemaVersion() const override { return base_.LatestSchemaVersion(); }
  Status Migrate() override { return base_.Migrate(); }
  Status ReclaimSpace() override;
  const std::string& Origin() const override { return base_.Origin(); }
  std::unique_ptr<ChangeWaiter> WatchChanges() override { return base_.WatchChanges(); }
  std::string Describe() const override { return "faulty:" + base_.Describe(); }
  const AuditMacFunction& AuditMac() const override { return base_.AuditMac(); }

 private:
  Store& base_;
  FaultPlan& plan_;
};

}  // namespace aftermath::testing
