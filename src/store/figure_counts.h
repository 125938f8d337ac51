// Counts for supervisors and monitoring: figures per hour, persons by status and source, the
// lengths of the work queues. One aggregate of Transaction (store.h).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "model/records.h"

namespace aftermath {

struct HourFigures {
  std::string hour;  // "2026-01-06T10"
  int64_t inquiries = 0, matches = 0, confirmed = 0, informed = 0;
};

// The lengths of the work queues, for monitoring (/metrics).
struct QueueCounts {
  int64_t unmatched_reports = 0;    // not yet run through matching
  int64_t unmatched_inquiries = 0;  // not yet run through matching (purged ones left out)
  int64_t pending_matches = 0;      // proposals awaiting review
  int64_t unsure_matches = 0;       // reviewed as unsure, awaiting a second look
  int64_t pending_callbacks = 0;    // inquirers still to be called back
  int64_t pending_outbox = 0;       // messages still to send (state pending)
  int64_t dead_outbox = 0;          // messages given up after the configured tries
  std::optional<Timestamp> oldest_pending_outbox;  // created_at of the oldest pending message
};

class FigureCounts {
 public:
  virtual ~FigureCounts() = default;

  // Counts per hour since `since`.
  virtual Result<std::vector<HourFigures>> FiguresByHour(Timestamp since) = 0;
  virtual Result<std::vector<std::pair<std::string, int64_t>>> CountPersonsByStatus() = 0;
  virtual Result<std::vector<std::pair<std::string, int64_t>>> CountPersonsBySource() = 0;
  virtual Result<int64_t> CountOpenInquiries() = 0;
  // One statement of counts over indexed columns: cheap enough for every scrape.
  virtual Result<QueueCounts> CountQueues() = 0;
};

}  // namespace aftermath
