// The files exchanged with the bank for the register's payments (issue #17): an ISO 20022
// credit transfer initiation (pain.001.001.03) or a CSV of the same, and the bank's answer
// read back: a payment status report (pain.002.001.03), a debit notification (camt.054.001.02)
// or a CSV. Each payment is known to the bank by its end-to-end id (the payment's id). Depends
// on model alone; the register (recovery/payments.h) decides what is written and what an
// answer does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "model/payment.h"

namespace aftermath::io {

// Who pays: the programme's account.
struct Debtor {
  std::string name;
  std::string iban;
  std::string bic;
};

// One credit transfer file. `message_id` (the list's id) is the bank's key for the whole file.
struct CreditTransferFile {
  std::string message_id;
  Timestamp created_at;
  std::string execution_date;  // YYYY-MM-DD
  Debtor debtor;
  std::vector<Payment> payments;  // each: id (end-to-end id), amount, payee, iban, bic, claim
};

// pain.001.001.03 in KZT: one payment information block, one credit transfer per payment, the
// claim's id as the unstructured remittance. UTF-8, names as stored (XML-escaped).
std::string WritePain001(const CreditTransferFile& file);
// The same as CSV: end_to_end_id,payee_name,payee_id,iban,bic,amount,currency,claim_id
// (spreadsheet formulas neutralised), CRLF, UTF-8 with a BOM.
std::string WritePaymentsCsv(const CreditTransferFile& file);

// One payment's fate in the bank's answer.
struct BankEntry {
  std::string end_to_end_id;
  enum class Outcome { kPaid, kReturned } outcome = Outcome::kPaid;
  std::string reason;  // a return's reason code (AC01, AC04, ...)
  std::string where;   // where in the file, for errors ("TxInfAndSts[3]", "line 5")
};

// The entries of a bank's answer, its format known by its content: XML whose document holds
// CstmrPmtStsRpt (pain.002: ACSC/ACCP/ACSP/ACWC paid, RJCT returned, others skipped) or
// BkToCstmrDbtCdtNtfctn (camt.054: an entry with a return's reason RtrInf returned, else booked
// as paid), or a CSV with end_to_end_id,status(paid|returned),reason. InvalidArgument naming
// where the file cannot be read.
Result<std::vector<BankEntry>> ReadBankAnswer(std::string_view text);

}  // namespace aftermath::io
