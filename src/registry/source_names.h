#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "common/mutex.h"
#include "common/thread_annotations.h"

namespace aftermath {

// Source names by id, for the life of the process. A source is never renamed or deleted (the
// store has no statement that would), so a name once read stays true and every server may keep
// it: the search page shows the reporting source beside each hit, and reading it from the store
// on every search cost a read transaction a request.
class SourceNameCache {
 public:
  std::optional<std::string> Find(const std::string& id) const {
    ReaderMutexLock lock(&mu_);
    auto it = names_.find(id);
    if (it == names_.end()) return std::nullopt;
    return it->second;
  }
  void Remember(const std::string& id, const std::string& name) {
    WriterMutexLock lock(&mu_);
    names_.emplace(id, name);
  }

 private:
  mutable SharedMutex mu_;
  std::unordered_map<std::string, std::string> names_ GUARDED_BY(mu_);
};

}  // namespace aftermath
