#include "recovery/payments.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "model/records.h"
#include "recovery/audit_detail.h"
#include "recovery/bank_codes.h"
#include "recovery/file_store.h"
#include "recovery/keys.h"
#include "recovery/rules.h"
#include "recovery/text.h"

namespace aftermath::recovery {
namespace {

// Approved claims read per page when a list is built. Each page's query reads every approved
// claim of the programme from the (programme_id, state, ...) index and keeps the newest page
// (PostgreSQL, 10,000 approved: ~25 ms a page), so fewer, larger pages: 5 instead of 20.
constexpr int kPage = 2000;
// Every payment of a list, however long (ListPayments' default stops at 100,000).
constexpr int kWholeList = std::numeric_limits<int>::max();

bool Live(const Payment& p) { return p.state != PaymentState::kReturned; }

// Today in UTC as YYYY-MM-DD.
std::string Today(const Clock& clock) { return FormatTimestamp(clock.Now()).substr(0, 10); }

bool IsDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  return true;
}

}  // namespace

Status Payments::Audit(Transaction& tx, const std::string& actor, std::string action,
                       std::string entity_type, std::string entity_id, std::string detail) {
  AuditEvent e{.at = clock_.Now(),
               .actor = actor,
               .action = std::move(action),
               .entity_type = std::move(entity_type),
               .entity_id = std::move(entity_id),
               .detail = std::move(detail)};
  return tx.AppendAudit(std::move(e)).status();
}

Result<Programme> Payments::ProgrammeIn(Transaction& tx, const std::string& id_or_code) {
  if (id_or_code.empty()) {
    return InvalidArgument("name the programme (its id or code)", "programme");
  }
  if (IsWellFormedId(id_or_code, kProgrammeIdPrefix)) return tx.GetProgramme(id_or_code);
  ASSIGN_OR_RETURN(auto p, tx.FindProgrammeByCode(id_or_code));
  if (!p) return NotFound(fmt::format("no programme with code '{}'", id_or_code.substr(0, 100)));
  return *p;
}

Result<PaymentListView> Payments::BuildList(const std::string& actor,
                                            const std::string& programme) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Programme p, ProgrammeIn(*tx, programme));
  // What the programme has on its lists already: by claim, object and payee.
  ASSIGN_OR_RETURN(auto existing, tx->ListPayments({.programme_id = p.id}));
  std::set<std::string> live_claims, live_payees;
  std::map<std::string, int64_t> on_object;
  std::map<std::string, const Payment*> last_returned;  // by claim
  int64_t used = 0;
  for (const auto& x : existing) {
    if (!Live(x)) {
      last_returned[x.claim_id] = &x;
      continue;
    }
    live_claims.insert(x.claim_id);
    if (!x.payee_id.empty()) live_payees.insert(x.payee_id);
    if (!x.object_id.empty()) on_object[x.object_id] += x.amount;
    used += x.amount;
  }

  PaymentListView view;
  PaymentList& list = view.list;
  list.id = ids_.NewId(kPaymentListIdPrefix);
  list.programme_id = p.id;
  list.created_by = actor;
  list.created_at = clock_.Now();
  auto hold = [&](const Claim& c, std::string code,
                  std::vector<std::pair<std::string, std::string>> params, std::string why) {
    view.held.push_back({c.id, std::move(code), std::move(params), std::move(why)});
  };
  // Whether a session's act in force is final, read once per session (its acts carry their
  // whole text; a list of 10,000 claims mostly comes from a few sessions).
  std::map<std::string, bool> final_act;

  PageRequest page{.limit = kPage};
  for (;;) {
    ASSIGN_OR_RETURN(auto batch,
                     tx->ListClaims({.state = ClaimState::kApproved, .programme_id = p.id}, page));
    // The page's claims' latest agenda items read at once (a round trip per claim was most of
    // a 10,000-payment list's time on PostgreSQL).
    std::vector<std::string> page_claims;
    for (const Claim& c : batch.items) {
      if (!live_claims.contains(c.id)) page_claims.push_back(c.id);
    }
    std::unordered_map<std::string, AgendaItem> latest;  // by claim: its items' last
    if (!page_claims.empty()) {
      ASSIGN_OR_RETURN(auto items, tx->ListClaimsItems(page_claims));
      for (auto& x : items) latest.insert_or_assign(x.claim_id, std::move(x));
    }
    for (const Claim& c : batch.items) {
      if (live_claims.contains(c.id)) continue;  // on a list already
      auto last = latest.find(c.id);
      if (last == latest.end() || last->second.decision != Decision::kApproved) {
        hold(c, "no_approval", {}, "no approval on any session's agenda");
        continue;
      }
      const AgendaItem& item = last->second;
      auto known = final_act.find(item.session_id);
      if (known == final_act.end()) {
        ASSIGN_OR_RETURN(auto acts, tx->ListActs(item.session_id));
        known = final_act.emplace(item.session_id, !acts.empty() && acts.back().final_at).first;
      }
      if (!known->second) {
        hold(c, "act_not_final", {{"session", item.session_id}},
             fmt::format("the act of session {} is not final yet", item.session_id));
        continue;
      }
      if (auto r = last_returned.find(c.id);
          r != last_returned.end() && r->second->iban == c.iban) {
        hold(c, "payment_returned",
             {{"payment", r->second->id}, {"return_reason", r->second->return_reason}},
             fmt::format(
                 "payment {} was returned ({}); correct the IBAN first", r->second->id,
                 r->second->return_reason.empty() ? "no reason given" : r->second->return_reason));
        continue;
      }
      if (c.iban.empty()) {
        hold(c, "no_iban", {}, "the claim has no IBAN");
        continue;
      }
      auto bic = BicOfKzIban(c.iban);
      if (!bic) {
        hold(c, "unknown_bank", {{"bank_code", c.iban.substr(4, 3)}},
             fmt::format("no BIC is known for the IBAN's bank code {}", c.iban.substr(4, 3)));
        continue;
      }
      // The payee in the direct line: an injured person is paid in person. A record merged
      // into another since the decision keeps its own status; the person is the survivor's,
      // which the payment names so that the store's guard reads it too.
      std::string payee_person;
      if (c.kind == ClaimKind::kInjurySupport && !c.person_id.empty()) {
        ASSIGN_OR_RETURN(Person person, tx->GetPerson(c.person_id));
        for (int hops = 0; !person.merged_into.empty() && hops < 100; ++hops) {
          ASSIGN_OR_RETURN(person, tx->GetPerson(person.merged_into));
        }
        payee_person = person.id;
        if (person.status == PersonStatus::kDeceased || person.status == PersonStatus::kDetained) {
          hold(c, person.status == PersonStatus::kDeceased ? "payee_deceased" : "payee_detained",
               {},
               fmt::format("the payee is recorded {} by the direct line", ToString(person.status)));
          continue;
        }
      }
      if (!c.applicant_id.empty() && live_payees.contains(c.applicant_id)) {
        hold(c, "payee_paid", {}, "the payee is paid by this programme already");
        continue;
      }
      if (p.cap_per_object > 0 && !c.object_id.empty() &&
          on_object[c.object_id] + item.amount > p.cap_per_object) {
        int64_t left = p.cap_per_object - on_object[c.object_id];
        hold(c, "object_cap",
             {{"cap", std::to_string(p.cap_per_object)}, {"left", std::to_string(left)}},
             fmt::format("the object's cap of {} KZT leaves {} KZT", p.cap_per_object, left));
        continue;
      }
      if (p.budget > 0 && used + item.amount > p.budget) {
        hold(c, "budget",
             {{"budget", std::to_string(p.budget)}, {"left", std::to_string(p.budget - used)}},
             fmt::format("the programme's budget of {} KZT leaves {} KZT", p.budget,
                         p.budget - used));
        continue;
      }
      Payment pay{.id = ids_.NewId(kPaymentIdPrefix),
                  .list_id = list.id,
                  .programme_id = p.id,
                  .claim_id = c.id,
                  .session_id = item.session_id,
                  .object_id = c.object_id,
                  .payee_name = c.applicant_name,
                  .payee_id = c.applicant_id,
                  .payee_person_id = payee_person,
                  .iban = c.iban,
                  .bic = *bic,
                  .amount = item.amount,
                  .created_at = list.created_at};
      if (auto r = last_returned.find(c.id); r != last_returned.end()) {
        pay.resent_from = r->second->id;
      }
      live_claims.insert(c.id);
      if (!c.applicant_id.empty()) live_payees.insert(c.applicant_id);
      if (!c.object_id.empty()) on_object[c.object_id] += item.amount;
      used += item.amount;
      list.total += item.amount;
      view.payments.push_back(std::move(pay));
    }
    if (batch.next_cursor.empty()) break;
    page.cursor = batch.next_cursor;
  }
  if (view.payments.empty()) {
    if (view.held.empty())
      return FailedPrecondition("no approved claim of the programme is unpaid");
    return FailedPrecondition(fmt::format("nothing can be paid: {} held back (first: claim {}: {})",
                                          view.held.size(), view.held.front().claim_id,
                                          view.held.front().reason));
  }
  list.count = static_cast<int>(view.payments.size());
  RETURN_IF_ERROR(tx->InsertPaymentList(list));
  RETURN_IF_ERROR(tx->InsertPayments(view.payments));
  std::vector<std::string> held;
  for (const auto& h : view.held) held.push_back(h.claim_id);
  RETURN_IF_ERROR(Audit(*tx, actor, "payments.build", "recovery_payment_list", list.id,
                        AuditDetail({{"programme", p.id},
                                     {"count", std::to_string(list.count)},
                                     {"total", std::to_string(list.total)},
                                     {"held", JoinComma(held)}})));
  RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<std::vector<PaymentList>> Payments::ListLists(const std::string& programme) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  std::string id;
  if (!programme.empty()) {
    ASSIGN_OR_RETURN(Programme p, ProgrammeIn(*tx, programme));
    id = p.id;
  }
  return tx->ListPaymentLists(id);
}

Result<PaymentListView> Payments::GetList(const std::string& actor, const std::string& list_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kBookkeeping));
  PaymentListView view;
  ASSIGN_OR_RETURN(view.list, tx->GetPaymentList(list_id));
  ASSIGN_OR_RETURN(view.payments, tx->ListPayments({.list_id = view.list.id}));
  RETURN_IF_ERROR(Audit(*tx, actor, "payments.read", "recovery_payment_list", view.list.id,
                        AuditDetail({{"count", std::to_string(view.payments.size())}})));
  RETURN_IF_ERROR(tx->Commit());
  return view;
}

Result<ExportedList> Payments::Export(const std::string& actor, const std::string& list_id,
                                      const ExportRequest& request) {
  io::CreditTransferFile file;
  if (request.format == ExportFormat::kPain001) {
    file.debtor.name = std::string(Trim(request.debtor.name));
    if (file.debtor.name.empty()) return InvalidArgument("is required", "debtor.name");
    ASSIGN_OR_RETURN(file.debtor.iban, ParseIban(request.debtor.iban, "debtor.iban"));
    if (!IsWellFormedBic(request.debtor.bic)) {
      return InvalidArgument("must be a BIC (8 or 11 letters and digits)", "debtor.bic");
    }
    file.debtor.bic = request.debtor.bic;
  }
  file.execution_date = request.execution_date.empty() ? Today(clock_) : request.execution_date;
  if (!IsDate(file.execution_date)) {
    return InvalidArgument("must be a date YYYY-MM-DD", "execution_date");
  }
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(PaymentList list, tx->GetPaymentList(list_id));
  if (list.exported_at) {
    return FailedPrecondition(
        fmt::format("payment list {} was exported at {}; a list goes to "
                    "the bank once",
                    list.id, FormatTimestamp(*list.exported_at)));
  }
  ASSIGN_OR_RETURN(auto payments, tx->ListPayments({.list_id = list.id, .limit = kWholeList}));
  Timestamp now = clock_.Now();
  for (auto& pay : payments) pay.state = PaymentState::kSent;
  RETURN_IF_ERROR(tx->UpdatePayments(payments));
  for (auto& pay : payments) ++pay.version;
  file.message_id = list.id;
  file.created_at = now;
  file.payments = payments;
  ExportedList out;
  if (request.format == ExportFormat::kPain001) {
    out.body = io::WritePain001(file);
    out.content_type = "application/xml";
    out.filename = list.id + ".pain.001.xml";
    list.export_format = "pain.001.001.03";
  } else {
    out.body = io::WritePaymentsCsv(file);
    out.content_type = "text/csv";
    out.filename = list.id + ".csv";
    list.export_format = "csv";
  }
  list.exported_at = now;
  list.export_sha256 = Sha256Hex(out.body);
  list.state = PaymentListState::kExported;
  RETURN_IF_ERROR(tx->UpdatePaymentList(list));
  ++list.version;
  RETURN_IF_ERROR(Audit(*tx, actor, "payments.export", "recovery_payment_list", list.id,
                        AuditDetail({{"format", list.export_format},
                                     {"sha256", list.export_sha256},
                                     {"count", std::to_string(payments.size())}})));
  RETURN_IF_ERROR(tx->Commit());
  out.list = std::move(list);
  return out;
}

Result<AnswerOutcome> Payments::ReadAnswer(const std::string& actor, const std::string& list_id,
                                           std::string_view text) {
  ASSIGN_OR_RETURN(auto entries, io::ReadBankAnswer(text));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  AnswerOutcome out;
  ASSIGN_OR_RETURN(PaymentList list, tx->GetPaymentList(list_id));
  if (!list.exported_at) {
    return FailedPrecondition(fmt::format("payment list {} was not exported yet", list.id));
  }
  Timestamp now = clock_.Now();
  // The list's payments and their claims read once, checked and changed in memory, and written
  // back in a few statements: reading and writing each entry's rows was five round trips per
  // payment (7-9 s on PostgreSQL for 10,000). Each entry still sees what the entries before it
  // did (a payment named twice is unchanged the second time, or contradicted).
  ASSIGN_OR_RETURN(auto payments, tx->ListPayments({.list_id = list.id, .limit = kWholeList}));
  std::unordered_map<std::string, size_t> payment_at;  // id -> index in payments
  for (size_t i = 0; i < payments.size(); ++i) payment_at.emplace(payments[i].id, i);
  ASSIGN_OR_RETURN(auto claim_rows, tx->ListClaimStatusesOnList(list.id));
  std::unordered_map<std::string, ClaimStatus> claims;
  for (auto& c : claim_rows) claims.emplace(c.id, std::move(c));
  std::vector<Payment> changed;          // as read (their versions), with their new state
  std::vector<ClaimStatus> paid_claims;  // as read (their versions)
  for (const auto& e : entries) {
    auto at = payment_at.find(e.end_to_end_id);
    if (at == payment_at.end()) {
      out.errors.push_back(InvalidArgument(
          fmt::format("payment '{}' is not on list {}", e.end_to_end_id.substr(0, 64), list.id),
          e.where));
      continue;
    }
    Payment& pay = payments[at->second];
    bool paid = e.outcome == io::BankEntry::Outcome::kPaid;
    if ((paid && pay.state == PaymentState::kPaid) ||
        (!paid && pay.state == PaymentState::kReturned)) {
      ++out.unchanged;
      continue;
    }
    if (pay.state != PaymentState::kSent) {
      out.errors.push_back(
          InvalidArgument(fmt::format("payment {} is {}; the answer says {}", pay.id,
                                      ToString(pay.state), paid ? "paid" : "returned"),
                          e.where));
      continue;
    }
    if (paid) {
      pay.state = PaymentState::kPaid;
      pay.paid_at = now;
      auto claim = claims.find(pay.claim_id);
      if (claim == claims.end()) {
        return DataLoss(fmt::format("payment {}: its claim {} was not read with the list", pay.id,
                                    pay.claim_id));
      }
      ClaimStatus& c = claim->second;
      RETURN_IF_ERROR(
          CheckTransition(Claim{.id = c.id, .version = c.version, .kind = c.kind, .state = c.state},
                          ClaimState::kPaid));
      paid_claims.push_back(c);
      c.state = ClaimState::kPaid;  // a second payment of the claim is refused as before
      RETURN_IF_ERROR(
          Audit(*tx, actor, "claim.paid", "recovery_claim", c.id,
                AuditDetail({{"payment", pay.id}, {"amount", std::to_string(pay.amount)}})));
      ++out.paid;
    } else {
      pay.state = PaymentState::kReturned;
      pay.returned_at = now;
      pay.return_reason = e.reason.substr(0, 35);
      // Every change has its audit row: the claim's history names the payment returned too.
      RETURN_IF_ERROR(Audit(*tx, actor, "payment.returned", "recovery_claim", pay.claim_id,
                            AuditDetail({{"payment", pay.id}})));
      ++out.returned;
    }
    changed.push_back(pay);
  }
  // Only the claims' states: a whole claim rewritten per payment was most of reading back
  // 10,000 on SQLite.
  RETURN_IF_ERROR(tx->UpdateClaimStates(paid_claims, ClaimState::kPaid, now));
  RETURN_IF_ERROR(tx->UpdatePayments(changed));
  for (const auto& pay : changed) ++payments[payment_at[pay.id]].version;
  out.view.payments = std::move(payments);
  bool open = std::any_of(out.view.payments.begin(), out.view.payments.end(),
                          [](const Payment& x) { return x.state == PaymentState::kSent; });
  if (!open && list.state != PaymentListState::kAnswered) {
    list.state = PaymentListState::kAnswered;
    list.answered_at = now;
    RETURN_IF_ERROR(tx->UpdatePaymentList(list));
    ++list.version;
  }
  RETURN_IF_ERROR(Audit(*tx, actor, "payments.answer", "recovery_payment_list", list.id,
                        AuditDetail({{"paid", std::to_string(out.paid)},
                                     {"returned", std::to_string(out.returned)},
                                     {"unchanged", std::to_string(out.unchanged)},
                                     {"errors", std::to_string(out.errors.size())}})));
  RETURN_IF_ERROR(tx->Commit());
  out.view.list = std::move(list);
  return out;
}

Result<Claim> Payments::CorrectIban(const std::string& actor, const std::string& payment_id,
                                    const std::string& iban) {
  ASSIGN_OR_RETURN(std::string canonical, ParseIban(iban, "iban"));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(Payment pay, tx->GetPayment(payment_id));
  if (pay.state != PaymentState::kReturned) {
    return FailedPrecondition(
        fmt::format("payment {} is {}; only a returned payment's IBAN is corrected", pay.id,
                    ToString(pay.state)));
  }
  if (canonical == pay.iban) {
    return FailedPrecondition(
        fmt::format("that is the IBAN the bank returned payment {} from", pay.id));
  }
  ASSIGN_OR_RETURN(Claim claim, tx->GetClaim(pay.claim_id));
  claim.iban = canonical;
  claim.updated_at = clock_.Now();
  RETURN_IF_ERROR(tx->UpdateClaim(claim));
  ++claim.version;
  RETURN_IF_ERROR(Audit(*tx, actor, "claim.iban_corrected", "recovery_claim", claim.id,
                        AuditDetail({{"payment", pay.id}, {"field", "iban"}})));
  RETURN_IF_ERROR(tx->Commit());
  return claim;
}

}  // namespace aftermath::recovery
