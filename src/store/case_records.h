// The families' side and the work on it: inquiries, match proposals, callbacks, merges and the
// outbox of messages to send. One aggregate of Transaction (store.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/records.h"

namespace aftermath {

struct InquiryFilter {
  std::optional<InquiryState> state;
  // model/validate.h PhoneKey of a callback phone: ten digits match exactly, fewer match the
  // end of the number. Empty: any.
  std::string phone_key;
  std::optional<Timestamp> created_after;
};

struct MatchFilter {
  std::optional<MatchDecision> decision;
  std::string inquiry_id;  // empty: any
  std::string person_id;   // empty: any
  int limit = 100;
};

// Reads return NotFound when the id is unknown, DataLoss when a stored row cannot be read.
// Inserts fail with AlreadyExists on a duplicate id; versioned updates fail with Aborted when the
// stored record has moved on from the version the caller read.
class CaseRecords {
 public:
  virtual ~CaseRecords() = default;

  virtual Result<Inquiry> GetInquiry(std::string_view id) = 0;
  virtual Result<Page<Inquiry>> ListInquiries(const InquiryFilter& filter,
                                              const PageRequest& page) = 0;
  // Inquiries not yet run through matching, oldest first.
  virtual Result<std::vector<Inquiry>> UnmatchedInquiries(int limit) = 0;
  // Inquiries still looking (open or candidate found) with id > after_id, in id order.
  virtual Result<std::vector<Inquiry>> ScanOpenInquiries(std::string_view after_id, int limit) = 0;
  virtual Result<std::vector<Inquiry>> ListInquiriesOfPerson(std::string_view person_id) = 0;

  virtual Result<Match> GetMatch(std::string_view id) = 0;
  // Highest score first.
  virtual Result<std::vector<Match>> ListMatches(const MatchFilter& filter) = 0;
  // An earlier proposal for the same pair: person with inquiry (whatever the report), or, when
  // inquiry_id is empty, person with report.
  virtual Result<std::optional<Match>> FindMatch(std::string_view person_id,
                                                 std::string_view inquiry_id,
                                                 std::string_view report_id) = 0;
  virtual Result<CallbackTask> GetCallback(std::string_view id) = 0;
  // Earliest due first.
  virtual Result<std::vector<CallbackTask>> ListCallbacks(std::optional<CallbackState> state,
                                                          int limit) = 0;
  virtual Result<std::vector<CallbackTask>> CallbacksOfInquiry(std::string_view inquiry_id) = 0;
  virtual Result<MergeRecord> GetMerge(std::string_view id) = 0;
  // Pending messages (every message with `pending_only` false), oldest first.
  virtual Result<std::vector<OutboxMessage>> ListOutbox(bool pending_only, int limit) = 0;
  // Pending messages of `channel` due at `now` (next_attempt_at passed or unset) and not leased
  // (lease_until passed or unset), oldest first, at most `limit`.
  virtual Result<std::vector<OutboxMessage>> DueOutbox(std::string_view channel, Timestamp now,
                                                       int limit) = 0;
  virtual Result<OutboxMessage> GetOutbox(std::string_view id) = 0;

  virtual Status InsertInquiry(const Inquiry& inquiry) = 0;
  virtual Status UpdateInquiry(const Inquiry& inquiry) = 0;
  virtual Status MarkInquiryMatched(std::string_view inquiry_id, Timestamp at) = 0;
  // The state and updated_at alone, versioned (the matcher's "candidate found"): rewriting every
  // column, as UpdateInquiry does, rewrites the entry of every index on inquiries.
  virtual Status UpdateInquiryState(std::string_view inquiry_id, int64_t version,
                                    InquiryState state, Timestamp at) = 0;
  virtual Status InsertMatch(const Match& match) = 0;
  virtual Status UpdateMatch(const Match& match) = 0;  // versioned
  virtual Status InsertCallback(const CallbackTask& task) = 0;
  virtual Status UpdateCallback(const CallbackTask& task) = 0;  // versioned
  virtual Status InsertMerge(const MergeRecord& merge) = 0;
  virtual Status UpdateMerge(const MergeRecord& merge) = 0;
  virtual Status InsertOutbox(const OutboxMessage& message) = 0;
  // Writes every field but the id, channel, recipient, body and creation time.
  virtual Status UpdateOutbox(const OutboxMessage& message) = 0;
  // Withdraws a message not yet sent; FailedPrecondition when it was sent or is gone.
  virtual Status DeleteOutbox(std::string_view id) = 0;
};

}  // namespace aftermath
