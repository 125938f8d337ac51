// The damage & support register's payments (issue #17): lists of payments built from the final
// approvals of a programme's commissions, sent to the bank as an ISO 20022 pain.001.001.03 file
// (or CSV), and the bank's answer (pain.002, camt.054 or CSV) marking each paid or returned; a
// returned payment goes on a later list once its IBAN is corrected. Plain values; use cases in
// src/recovery/payments.h, the files in src/io/bank/, persistence in store/payment_records.h
// (whose database keeps the guards against paying twice). Amounts are whole tenge (KZT).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace aftermath {

inline constexpr const char* kPaymentListIdPrefix = "pyl";
inline constexpr const char* kPaymentIdPrefix = "pay";

enum class PaymentState {
  kQueued,    // "queued": on a list not yet sent
  kSent,      // "sent": its list was exported to the bank
  kPaid,      // "paid": the bank booked it (final: never changes)
  kReturned,  // "returned": the bank returned it (reason code); the claim may be paid again
};
enum class PaymentListState {
  kBuilt,     // "built": not yet exported
  kExported,  // "exported": sent to the bank once (never again)
  kAnswered,  // "answered": the bank's answer covered every payment on it
};

std::string_view ToString(PaymentState v);
std::string_view ToString(PaymentListState v);
std::optional<PaymentState> ParsePaymentState(std::string_view s);
std::optional<PaymentListState> ParsePaymentListState(std::string_view s);

struct Payment {
  std::string id;
  int64_t version = 1;
  std::string list_id;
  std::string programme_id;
  std::string claim_id;
  std::string session_id;  // the session whose final act approved it
  std::string object_id;   // the claim's object; empty for family and injury claims
  // The payee, copied from the claim when the list was built.
  std::string payee_name;
  std::string payee_id;         // IIN/BIN
  std::string payee_person_id;  // the direct line's person who is paid (injury claims); may be ""
  std::string iban;
  std::string bic;
  int64_t amount = 0;
  PaymentState state = PaymentState::kQueued;
  std::string return_reason;  // the bank's reason code (ISO 20022 ExternalReturnReason, AC01 ...)
  std::string resent_from;    // the returned payment this one sends again
  Timestamp created_at;
  std::optional<Timestamp> paid_at;
  std::optional<Timestamp> returned_at;
};

struct PaymentList {
  std::string id;
  int64_t version = 1;
  std::string programme_id;
  PaymentListState state = PaymentListState::kBuilt;
  int count = 0;
  int64_t total = 0;
  std::string created_by;
  Timestamp created_at;
  std::optional<Timestamp> exported_at;
  std::string export_format;  // "pain.001.001.03" or "csv"
  std::string export_sha256;  // of the file sent
  std::optional<Timestamp> answered_at;
};

}  // namespace aftermath
