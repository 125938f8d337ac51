// The outbox as the server's delivery worker (src/delivery) takes it: leases, attempts, receipts.
// Each is one write transaction with its audit row; the rows name message ids only.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "registry/registry.h"

namespace aftermath {

Result<std::vector<OutboxMessage>> Registry::ClaimOutbox(const std::string& owner,
                                                         const std::string& channel, int limit,
                                                         std::chrono::seconds lease) {
  Timestamp now = clock_.Now();
  limit = std::clamp(limit, 1, 1000);
  {  // A look first, so an idle worker does not take the writers' turn every few seconds.
    ASSIGN_OR_RETURN(auto look, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(auto due, look->DueOutbox(channel, now, 1));
    if (due.empty()) return due;
  }
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  // Writers take turns (store.h), so what is due here is not leased by anyone in between.
  ASSIGN_OR_RETURN(auto due, tx->DueOutbox(channel, now, limit));
  if (due.empty()) return due;
  boost::json::array ids;
  for (OutboxMessage& m : due) {
    m.lease_owner = owner;
    m.lease_until = now + lease;
    RETURN_IF_ERROR(tx->UpdateOutbox(m));
    ids.emplace_back(m.id);
  }
  RETURN_IF_ERROR(Audit(*tx, owner, "outbox.claim", "message", "",
                        "{\"messages\":" + boost::json::serialize(ids) + "}"));
  RETURN_IF_ERROR(tx->Commit());
  return due;
}

Result<OutboxMessage> Registry::RecordDeliveryAttempt(const std::string& owner,
                                                      const std::string& message_id,
                                                      const DeliveryAttempt& attempt) {
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(OutboxMessage m, tx->GetOutbox(message_id));
  if (m.state == OutboxState::kDelivered || m.state == OutboxState::kUndelivered) return m;
  if (m.lease_owner != owner || m.state != OutboxState::kPending) {
    return FailedPrecondition(fmt::format("message '{}' is no longer held by this worker",
                                          message_id));
  }
  m.attempts += 1;
  m.lease_owner.clear();
  m.lease_until.reset();
  std::string action;
  if (attempt.error.empty()) {
    m.state = OutboxState::kSent;
    m.sent_at = now;
    m.next_attempt_at.reset();
    if (m.kind == OutboxKind::kOneTimeCode) m.body.clear();  // sent: the code is kept nowhere
    action = "outbox.sent";
  } else {
    m.last_error = attempt.error.substr(0, 500);
    m.next_attempt_at = attempt.retry_at;
    m.state = attempt.retry_at ? OutboxState::kPending : OutboxState::kDead;
    action = attempt.retry_at ? "outbox.failed" : "outbox.dead";
  }
  RETURN_IF_ERROR(tx->UpdateOutbox(m));
  RETURN_IF_ERROR(Audit(*tx, owner, action, "message", m.id,
                        fmt::format(R"({{"attempts":{}}})", m.attempts)));
  RETURN_IF_ERROR(tx->Commit());
  return m;
}

Result<OutboxMessage> Registry::RecordReceipt(const std::string& actor,
                                              const std::string& message_id, Receipt receipt,
                                              const std::string& error) {
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(OutboxMessage m, tx->GetOutbox(message_id));
  OutboxState state =
      receipt == Receipt::kDelivered ? OutboxState::kDelivered : OutboxState::kUndelivered;
  if (m.state == state) {
    m.body = BodyForReaders(m);
    return m;
  }
  // A receipt may overtake the worker's own record of the attempt: the gateway has the message.
  bool handed = m.state == OutboxState::kSent || m.state == OutboxState::kDelivered ||
                m.state == OutboxState::kUndelivered ||
                (m.state == OutboxState::kPending && !m.lease_owner.empty());
  if (!handed) {
    return FailedPrecondition(
        fmt::format("message '{}' was not handed to a gateway (it is {})", message_id,
                    ToString(m.state)));
  }
  m.state = state;
  m.receipt_at = now;
  if (!m.sent_at) m.sent_at = now;
  m.lease_owner.clear();
  m.lease_until.reset();
  if (state == OutboxState::kUndelivered) m.last_error = error.substr(0, 500);
  if (m.kind == OutboxKind::kOneTimeCode) m.body.clear();  // the gateway has it: kept nowhere
  RETURN_IF_ERROR(tx->UpdateOutbox(m));
  RETURN_IF_ERROR(Audit(*tx, actor, std::string("outbox.") + std::string(ToString(state)),
                        "message", m.id, ""));
  RETURN_IF_ERROR(tx->Commit());
  return m;
}

Result<int> Registry::RetryDeadOutbox(const std::string& actor) {
  constexpr int kMaxMessages = 1000000;
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(auto all, tx->ListOutbox(false, kMaxMessages));
  boost::json::array ids;
  for (OutboxMessage& m : all) {
    if (m.state != OutboxState::kDead) continue;
    m.state = OutboxState::kPending;
    m.attempts = 0;  // the worker's tries count again; last_error says what went wrong before
    m.next_attempt_at = now;
    m.lease_owner.clear();
    m.lease_until.reset();
    RETURN_IF_ERROR(tx->UpdateOutbox(m));
    ids.emplace_back(m.id);
  }
  if (ids.empty()) return 0;
  const int n = static_cast<int>(ids.size());
  RETURN_IF_ERROR(Audit(*tx, actor, "outbox.retry_dead", "message", "",
                        "{\"messages\":" + boost::json::serialize(ids) + "}"));
  RETURN_IF_ERROR(tx->Commit());
  return n;
}

}  // namespace aftermath
