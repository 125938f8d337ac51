// The register's payments (model/payment.h): payment lists and their payments. One aggregate of
// Transaction (store.h); only src/recovery holds it.
//
// The database keeps the guards against paying wrongly itself, in the transaction that writes
// (triggers and unique indexes, SQLite and PostgreSQL alike), whoever writes: a payment is
// inserted only for an approved agenda item of exactly its amount whose session's act in force is
// final; never more paid (queued, sent or paid) on an object than its programme's cap per
// object, nor in a programme than its budget; one live payment per claim and one per payee's
// IIN/BIN and programme; never to a payee the direct line records dead or detained; never onto a
// list already exported. A list is exported once; a paid payment never changes and a returned
// one is sent again only as a new payment; payments are never deleted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/payment.h"

namespace aftermath {

struct PaymentFilter {
  std::string list_id;       // empty: any
  std::string claim_id;      // empty: any
  std::string programme_id;  // empty: any
  std::optional<PaymentState> state;
  int limit = 100000;
};

// A programme's running totals, kept by the database's own triggers in every writing
// transaction (migration 0017), so that they are read in O(1) and always equal a fresh sum.
struct ProgrammeTotals {
  int64_t valued = 0;    // its claims' valued amounts, claims withdrawn left out
  int64_t approved = 0;  // its approved agenda items' amounts (every approval, appeals' too)
  int64_t live = 0;      // its payments queued, sent or paid: the budget used
};

// Reads return NotFound when the id is unknown, DataLoss when a stored row cannot be read. A
// guard's refusal is InvalidArgument (a trigger) or AlreadyExists (a unique index) with the
// database's message; versioned updates fail with Aborted when the record moved on.
class PaymentRecords {
 public:
  virtual ~PaymentRecords() = default;

  virtual Result<PaymentList> GetPaymentList(std::string_view id) = 0;
  // A programme's lists (every list when empty), newest first.
  virtual Result<std::vector<PaymentList>> ListPaymentLists(std::string_view programme_id) = 0;
  virtual Status InsertPaymentList(const PaymentList& list) = 0;
  virtual Status UpdatePaymentList(const PaymentList& list) = 0;

  virtual Result<Payment> GetPayment(std::string_view id) = 0;
  // Oldest first.
  virtual Result<std::vector<Payment>> ListPayments(const PaymentFilter& filter) = 0;
  virtual Status InsertPayment(const Payment& payment) = 0;
  // Each of `payments` inserted as InsertPayment does one, in a statement per up to 256
  // payments (a list of 10,000 is ~40 round trips on PostgreSQL, not 10,000). The store's
  // guards hold for every row as for a single insert; a refusal fails the whole call.
  virtual Status InsertPayments(const std::vector<Payment>& payments) = 0;
  virtual Status UpdatePayment(const Payment& payment) = 0;
  // Each of `payments` updated as UpdatePayment does one (state, return reason, paid and
  // returned times, IBAN and BIC, at its version), in a statement per up to 256 payments.
  // InvalidArgument when a payment is there twice; Aborted naming one that moved on.
  virtual Status UpdatePayments(const std::vector<Payment>& payments) = 0;
  // The sum of a programme's payments queued, sent or paid (0 when none): its budget used.
  virtual Result<int64_t> SumLivePayments(std::string_view programme_id) = 0;
  // A programme's running totals (all zero for an unknown programme).
  virtual Result<ProgrammeTotals> GetProgrammeTotals(std::string_view programme_id) = 0;
};

}  // namespace aftermath
