#include "recovery/direct_line_follower.h"

#include <set>

namespace aftermath::recovery {

DirectLineFollower::DirectLineFollower(Store& store, Recovery& recovery, int64_t from_seq,
                                       Options options)
    : store_(store), recovery_(recovery), options_(std::move(options)), cursor_(from_seq) {}

Result<int> DirectLineFollower::PollOnce() {
  MutexLock lock(&poll_mu_);
  std::vector<Change> changes;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(changes, tx->ListChanges(cursor_.load(), options_.batch));
  }
  if (changes.empty()) return 0;
  std::set<std::string> persons, inquiries;
  for (const Change& c : changes) {
    if (c.entity_type == "person") persons.insert(c.entity_id);
    if (c.entity_type == "inquiry") inquiries.insert(c.entity_id);
  }
  Status s = recovery_.SyncFromDirectLine({persons.begin(), persons.end()},
                                          {inquiries.begin(), inquiries.end()});
  if (!s.ok() && ++failures_ < options_.attempts) return s;
  failures_ = 0;
  cursor_ = changes.back().seq;
  if (!s.ok()) return s;  // passed over: reported once more, not retried
  return static_cast<int>(changes.size());
}

void DirectLineFollower::Run(const std::atomic<bool>& stop) {
  auto report = [&](const Status& s) {
    if (!s.ok() && options_.on_error) options_.on_error(s);
  };
  report(recovery_.CatchUpWithDirectLine().status());
  auto waiter = store_.WatchChanges();
  while (!stop) {
    auto n = PollOnce();
    report(n.status());
    if (n.ok() && *n > 0) continue;
    waiter->Wait(options_.max_wait);
  }
}

}  // namespace aftermath::recovery
