// The register's payments (model/payment.h): lists built from a programme's final approvals,
// exported once to the bank as pain.001.001.03 or CSV (io/bank/bank_files.h), the bank's answer
// (pain.002, camt.054, CSV) marking each payment paid or returned, and a returned payment's
// IBAN corrected so that a later list sends it again. Part of the register's one door (a
// Recovery owns one: Recovery::payments()); every change with its audit row in one transaction,
// every read of payees audited. The store's own guards (store/payment_records.h) refuse what
// this class would never write, so a bug here cannot pay twice either.
//
// Thread-safety: thread-safe; no state besides its collaborators.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/ids.h"
#include "common/status.h"
#include "io/bank/bank_files.h"
#include "model/payment.h"
#include "model/recovery.h"
#include "store/store.h"

namespace aftermath::recovery {

// An approved claim not put on a list, and why (its act not final, the payee recorded dead or
// detained, no known bank, the budget or a cap exhausted, a returned payment's IBAN not yet
// corrected).
struct HeldBack {
  std::string claim_id;
  // Why, as a stable code the console says in its language (issue #18): "no_approval",
  // "act_not_final" (session), "payment_returned" (payment, return_reason), "no_iban",
  // "unknown_bank" (bank_code), "payee_deceased", "payee_detained", "payee_paid",
  // "object_cap" (cap, left), "budget" (budget, left); amounts in KZT as digits.
  std::string code;
  std::vector<std::pair<std::string, std::string>> params;  // in the reason's order
  std::string reason;  // the same in English, for logs, the CLI and the API's other clients
};

struct PaymentListView {
  PaymentList list;
  std::vector<Payment> payments;
  std::vector<HeldBack> held;  // when the list was built
};

enum class ExportFormat { kPain001, kCsv };

struct ExportRequest {
  ExportFormat format = ExportFormat::kPain001;
  io::Debtor debtor;           // the programme's account (pain.001 only)
  std::string execution_date;  // YYYY-MM-DD; empty: today (UTC)
};

struct ExportedList {
  PaymentList list;
  std::string body;
  std::string content_type;  // application/xml or text/csv
  std::string filename;      // "<list id>.pain.001.xml" or "<list id>.csv"
};

struct AnswerOutcome {
  PaymentListView view;
  int paid = 0;
  int returned = 0;
  int unchanged = 0;           // read before: the same fate again
  std::vector<Status> errors;  // per entry, naming where in the file (field)
};

class Payments {
 public:
  // REQUIRES: store, clock and ids (when given) outlive this.
  Payments(Store& store, const Clock& clock, IdGenerator* ids = nullptr)
      : store_(store), clock_(clock), ids_(ids, clock) {}
  Payments(const Payments&) = delete;
  Payments& operator=(const Payments&) = delete;

  // A new list of every approved claim of the programme (id or code) whose session's act in
  // force is final and that has no payment queued, sent or paid, within the programme's budget
  // and caps, to payees not recorded dead or detained by the direct line; the others are held
  // back, each with its reason. FailedPrecondition when nothing can be paid (naming the first
  // held back). Audited as "payments.build".
  Result<PaymentListView> BuildList(const std::string& actor, const std::string& programme);
  // A programme's lists (every list when empty), newest first; no payees.
  Result<std::vector<PaymentList>> ListLists(const std::string& programme);
  // With its payments; audited as "payments.read" (payees and accounts).
  Result<PaymentListView> GetList(const std::string& actor, const std::string& list_id);
  // The file for the bank, once: the list becomes exported and its payments sent.
  // FailedPrecondition when it was exported before (the store refuses too); InvalidArgument
  // naming the debtor's field.
  Result<ExportedList> Export(const std::string& actor, const std::string& list_id,
                              const ExportRequest& request);
  // Marks each payment the answer names paid (its claim becomes paid) or returned. An entry
  // for another list's or an unknown payment, or a fate that contradicts the one recorded (a
  // paid payment returned, a returned one paid), is an error of that entry; the rest apply.
  // InvalidArgument when the file cannot be read; FailedPrecondition before the export.
  Result<AnswerOutcome> ReadAnswer(const std::string& actor, const std::string& list_id,
                                   std::string_view text);
  // A returned payment's claim gets a new IBAN (InvalidArgument when not valid;
  // FailedPrecondition when the payment is not returned or the IBAN is the one returned); the
  // next list sends it again.
  Result<Claim> CorrectIban(const std::string& actor, const std::string& payment_id,
                            const std::string& iban);

 private:
  Status Audit(Transaction& tx, const std::string& actor, std::string action,
               std::string entity_type, std::string entity_id, std::string detail = {});
  Result<Programme> ProgrammeIn(Transaction& tx, const std::string& id_or_code);

  Store& store_;
  const Clock& clock_;
  GivenOrOwnIdGenerator ids_;
};

}  // namespace aftermath::recovery
