#include "registry/change_follower.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "common/clock.h"

namespace aftermath {

ChangeFollower::ChangeFollower(Store& store, Registry& registry, Matcher* matcher, int64_t from_seq,
                               Options options)
    : store_(store), registry_(registry), matcher_(matcher), options_(options), cursor_(from_seq) {}

Result<int64_t> ChangeFollower::FeedPosition(Store& store) {
  ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kRead));
  return tx->LatestChangeSeq();
}

Result<int> ChangeFollower::PollOnce() {
  MutexLock lock(&poll_mu_);
  // This process's own writes whose index update failed: the feed is no help with those.
  RETURN_IF_ERROR(registry_.RepairIndexes());
  int read = 0;
  for (;;) {
    std::vector<Change> changes;
    {
      ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
      ASSIGN_OR_RETURN(changes, tx->ListChanges(cursor_, options_.batch));
    }
    if (changes.empty()) return read;
    RETURN_IF_ERROR(Apply(changes));
    cursor_ = changes.back().seq;
    read += static_cast<int>(changes.size());
    if (static_cast<int>(changes.size()) < options_.batch) return read;
  }
}

Status ChangeFollower::Apply(const std::vector<Change>& changes) {
  std::vector<std::string> persons;
  std::vector<std::string> inquiries;
  for (const auto& c : changes) {
    if (c.origin == store_.Origin()) continue;
    if (c.entity_type == "person") persons.push_back(c.entity_id);
    if (c.entity_type == "inquiry") inquiries.push_back(c.entity_id);
  }
  if (!persons.empty()) RETURN_IF_ERROR(registry_.RefreshIndex(persons));
  if (inquiries.empty() || matcher_ == nullptr) return Status::Ok();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  for (const auto& id : inquiries) {
    auto q = tx->GetInquiry(id);
    if (q.ok()) {
      matcher_->ReindexInquiry(*q);
    } else if (q.status().code() != StatusCode::kNotFound) {
      return q.status();
    }
  }
  return Status::Ok();
}

void ChangeFollower::Prune() {
  auto tx = store_.Begin(TransactionMode::kWrite);
  Status s = tx.ok() ? (*tx)->PruneChanges(registry_.clock().Now() - options_.keep) : tx.status();
  if (s.ok()) s = (*tx)->Commit();
  if (!s.ok()) spdlog::warn("change feed: pruning failed: {}", s.ToString());
}

void ChangeFollower::Run(const std::atomic<bool>& stop) {
  auto waiter = store_.WatchChanges();
  auto next_prune = std::chrono::steady_clock::now();
  bool failing = false;
  while (!stop) {
    auto polled = PollOnce();
    if (!polled.ok() && !failing) {
      spdlog::warn("change feed: {} (retrying)", polled.status().ToString());
    } else if (polled.ok() && failing) {
      spdlog::info("change feed: caught up again at seq {}", cursor_.load());
    }
    failing = !polled.ok();
    if (!failing && std::chrono::steady_clock::now() >= next_prune) {
      Prune();
      next_prune = std::chrono::steady_clock::now() + std::chrono::hours(1);
    }
    waiter->Wait(options_.max_wait);
  }
}

}  // namespace aftermath
