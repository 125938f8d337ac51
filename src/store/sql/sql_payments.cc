// The register's payments of SqlTransaction (see store/payment_records.h). The guards are the
// database's (migrations 0012 and 0017); this file only reads and writes rows.
#include <fmt/format.h>

#include <algorithm>

#include "store/sql/sql_transaction.h"

namespace aftermath::sql {
namespace {

constexpr const char* kListColumns =
    "id, version, programme_id, state, count, total, created_by, created_at, exported_at, "
    "export_format, export_sha256, answered_at";

Result<PaymentList> ReadList(const Statement& s) {
  RowReader row(s, "recovery_payment_lists", s.Text(0));
  PaymentList l;
  l.id = s.Text(0);
  l.version = s.Int(1);
  l.programme_id = s.Text(2);
  l.state = row.Enum(3, "state", ParsePaymentListState);
  l.count = static_cast<int>(s.Int(4));
  l.total = s.Int(5);
  l.created_by = s.Text(6);
  l.created_at = row.Time(7, "created_at");
  l.exported_at = row.OptionalTime(8, "exported_at");
  l.export_format = s.Text(9);
  l.export_sha256 = s.Text(10);
  l.answered_at = row.OptionalTime(11, "answered_at");
  RETURN_IF_ERROR(row.status());
  return l;
}

constexpr const char* kPaymentColumns =
    "id, version, list_id, programme_id, claim_id, session_id, object_id, payee_name, payee_id, "
    "payee_person_id, iban, bic, amount, state, return_reason, resent_from, created_at, paid_at, "
    "returned_at";

Result<Payment> ReadPayment(const Statement& s) {
  RowReader row(s, "recovery_payments", s.Text(0));
  Payment p;
  p.id = s.Text(0);
  p.version = s.Int(1);
  p.list_id = s.Text(2);
  p.programme_id = s.Text(3);
  p.claim_id = s.Text(4);
  p.session_id = s.Text(5);
  p.object_id = s.Text(6);
  p.payee_name = s.Text(7);
  p.payee_id = s.Text(8);
  p.payee_person_id = s.Text(9);
  p.iban = s.Text(10);
  p.bic = s.Text(11);
  p.amount = s.Int(12);
  p.state = row.Enum(13, "state", ParsePaymentState);
  p.return_reason = s.Text(14);
  p.resent_from = s.Text(15);
  p.created_at = row.Time(16, "created_at");
  p.paid_at = row.OptionalTime(17, "paid_at");
  p.returned_at = row.OptionalTime(18, "returned_at");
  RETURN_IF_ERROR(row.status());
  return p;
}

}  // namespace

Result<PaymentList> SqlTransaction::GetPaymentList(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_payment_lists WHERE id = ?", kListColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no payment list with id '{}'", id.substr(0, 64)));
  return ReadList(*s);
}

Result<std::vector<PaymentList>> SqlTransaction::ListPaymentLists(std::string_view programme_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_payment_lists WHERE CAST(?1 AS TEXT) = '' OR programme_id = ?1 "
      "ORDER BY created_at DESC, id DESC",
      kListColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, programme_id);
  return CollectRows<PaymentList>(*s, ReadList);
}

Status SqlTransaction::InsertPaymentList(const PaymentList& l) {
  RETURN_IF_ERROR(RequireWrite());
  static const std::string sql = fmt::format(
      "INSERT INTO recovery_payment_lists ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      kListColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, l.id)
      .Bind(2, l.version)
      .Bind(3, l.programme_id)
      .Bind(4, ToString(l.state))
      .Bind(5, int64_t{l.count})
      .Bind(6, l.total)
      .Bind(7, l.created_by)
      .Bind(8, Ts(l.created_at));
  BindOptionalTime(*s, 9, l.exported_at);
  s->Bind(10, l.export_format).Bind(11, l.export_sha256);
  BindOptionalTime(*s, 12, l.answered_at);
  return s->Run();
}

Status SqlTransaction::UpdatePaymentList(const PaymentList& l) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE recovery_payment_lists SET state = ?1, count = "
                                          "?2, total = ?3, exported_at = ?4, export_format = ?5, "
                                          "export_sha256 = ?6, answered_at = ?7, version = "
                                          "version + 1 WHERE id = ?8 AND version = ?9"));
  s->Bind(1, ToString(l.state)).Bind(2, int64_t{l.count}).Bind(3, l.total);
  BindOptionalTime(*s, 4, l.exported_at);
  s->Bind(5, l.export_format).Bind(6, l.export_sha256);
  BindOptionalTime(*s, 7, l.answered_at);
  s->Bind(8, l.id).Bind(9, l.version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "payment list", l.id, l.version);
}

Result<Payment> SqlTransaction::GetPayment(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM recovery_payments WHERE id = ?", kPaymentColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no payment with id '{}'", id.substr(0, 64)));
  return ReadPayment(*s);
}

Result<std::vector<Payment>> SqlTransaction::ListPayments(const PaymentFilter& f) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM recovery_payments WHERE (CAST(?1 AS TEXT) = '' OR list_id = ?1) AND "
      "(CAST(?2 AS TEXT) = '' OR claim_id = ?2) AND (CAST(?3 AS TEXT) = '' OR programme_id = ?3) "
      "AND (CAST(?4 AS TEXT) = '' OR state = ?4) ORDER BY created_at, id LIMIT ?5",
      kPaymentColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, f.list_id)
      .Bind(2, f.claim_id)
      .Bind(3, f.programme_id)
      .Bind(4, f.state ? ToString(*f.state) : std::string_view(""))
      .Bind(5, int64_t{f.limit});
  return CollectRows<Payment>(*s, ReadPayment);
}

Status SqlTransaction::InsertPayment(const Payment& p) {
  RETURN_IF_ERROR(RequireWrite());
  static const std::string sql = fmt::format(
      "INSERT INTO recovery_payments ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?)",
      kPaymentColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, p.id)
      .Bind(2, p.version)
      .Bind(3, p.list_id)
      .Bind(4, p.programme_id)
      .Bind(5, p.claim_id)
      .Bind(6, p.session_id)
      .Bind(7, p.object_id)
      .Bind(8, p.payee_name)
      .Bind(9, p.payee_id)
      .Bind(10, p.payee_person_id)
      .Bind(11, p.iban)
      .Bind(12, p.bic)
      .Bind(13, p.amount)
      .Bind(14, ToString(p.state))
      .Bind(15, p.return_reason)
      .Bind(16, p.resent_from)
      .Bind(17, Ts(p.created_at));
  BindOptionalTime(*s, 18, p.paid_at);
  BindOptionalTime(*s, 19, p.returned_at);
  return s->Run();
}

// As UpdatePayments: a statement per up to 256 payments, each row's guards as for one.
Status SqlTransaction::InsertPayments(const std::vector<Payment>& payments) {
  RETURN_IF_ERROR(RequireWrite());
  static const std::string head =
      fmt::format("INSERT INTO recovery_payments ({}) VALUES ", kPaymentColumns);
  static constexpr const char* kRow =
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return RunRows(head.c_str(), kRow, 19, "", payments, [](Statement& s, int i, const Payment& p) {
    s.Bind(i, p.id)
        .Bind(i + 1, p.version)
        .Bind(i + 2, p.list_id)
        .Bind(i + 3, p.programme_id)
        .Bind(i + 4, p.claim_id)
        .Bind(i + 5, p.session_id)
        .Bind(i + 6, p.object_id)
        .Bind(i + 7, p.payee_name)
        .Bind(i + 8, p.payee_id)
        .Bind(i + 9, p.payee_person_id)
        .Bind(i + 10, p.iban)
        .Bind(i + 11, p.bic)
        .Bind(i + 12, p.amount)
        .Bind(i + 13, ToString(p.state))
        .Bind(i + 14, p.return_reason)
        .Bind(i + 15, p.resent_from)
        .Bind(i + 16, Ts(p.created_at));
    BindOptionalTime(s, i + 17, p.paid_at);
    BindOptionalTime(s, i + 18, p.returned_at);
  });
}

Status SqlTransaction::UpdatePayment(const Payment& p) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE recovery_payments SET state = ?1, "
                                          "return_reason = ?2, paid_at = ?3, returned_at = ?4, "
                                          "iban = ?5, bic = ?6, version = version + 1 WHERE id = "
                                          "?7 AND version = ?8"));
  s->Bind(1, ToString(p.state)).Bind(2, p.return_reason);
  BindOptionalTime(*s, 3, p.paid_at);
  BindOptionalTime(*s, 4, p.returned_at);
  s->Bind(5, p.iban).Bind(6, p.bic).Bind(7, p.id).Bind(8, p.version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "payment", p.id, p.version);
}

// One statement per up to 256 payments: on PostgreSQL each statement is a round trip, and a
// bank's answer changes thousands at once. VALUES' columns are column1, column2 ... on SQLite
// and PostgreSQL alike; the version is cast because PostgreSQL types VALUES' parameters as text.
Status SqlTransaction::UpdatePayments(const std::vector<Payment>& payments) {
  RETURN_IF_ERROR(RequireWrite());
  std::vector<std::string> ids;
  std::vector<std::pair<std::string, int64_t>> expected;
  for (const auto& p : payments) {
    ids.push_back(p.id);
    expected.emplace_back(p.id, p.version);
  }
  RETURN_IF_ERROR(CheckDistinctIds(ids, "payment"));
  static constexpr const char* kHead =
      "UPDATE recovery_payments SET state = v.column3, return_reason = v.column4, "
      "paid_at = v.column5, returned_at = v.column6, iban = v.column7, bic = v.column8, "
      "version = version + 1 FROM (VALUES ";
  static constexpr const char* kRow = "(?, CAST(? AS BIGINT), ?, ?, ?, ?, ?, ?)";
  static constexpr const char* kTail =
      ") AS v WHERE recovery_payments.id = v.column1 AND recovery_payments.version = v.column2 "
      "RETURNING recovery_payments.id";
  std::vector<std::string> updated;
  RETURN_IF_ERROR(RunRows(
      kHead, kRow, 8, kTail, payments,
      [](Statement& s, int i, const Payment& p) {
        s.Bind(i, p.id).Bind(i + 1, p.version).Bind(i + 2, ToString(p.state));
        s.Bind(i + 3, p.return_reason);
        BindOptionalTime(s, i + 4, p.paid_at);
        BindOptionalTime(s, i + 5, p.returned_at);
        s.Bind(i + 6, p.iban).Bind(i + 7, p.bic);
      },
      &updated));
  return CheckVersionedUpdates(expected, std::move(updated), "payment");
}

Status SqlTransaction::CheckDistinctIds(std::vector<std::string> ids, std::string_view table) {
  std::sort(ids.begin(), ids.end());
  auto twice = std::adjacent_find(ids.begin(), ids.end());
  if (twice == ids.end()) return Status::Ok();
  return InvalidArgument(fmt::format("{} '{}' is twice in one update", table, *twice));
}

Status SqlTransaction::CheckVersionedUpdates(
    const std::vector<std::pair<std::string, int64_t>>& expected, std::vector<std::string> updated,
    std::string_view table) {
  std::sort(updated.begin(), updated.end());
  for (const auto& [id, version] : expected) {
    if (!std::binary_search(updated.begin(), updated.end(), id)) {
      return CheckVersionedUpdate(0, table, id, version);
    }
  }
  return Status::Ok();
}

Result<std::vector<ClaimStatus>> SqlTransaction::ListClaimStatusesOnList(std::string_view list_id) {
  ASSIGN_OR_RETURN(
      auto s, conn_->Prepare("SELECT id, version, kind, state FROM recovery_claims WHERE id IN "
                             "(SELECT claim_id FROM recovery_payments WHERE list_id = ?) "
                             "ORDER BY id"));
  s->Bind(1, list_id);
  return CollectRows<ClaimStatus>(*s, [](const Statement& s) -> Result<ClaimStatus> {
    RowReader row(s, "recovery_claims", s.Text(0));
    ClaimStatus c{.id = s.Text(0), .version = s.Int(1)};
    c.kind = row.Enum(2, "kind", ParseClaimKind);
    c.state = row.Enum(3, "state", ParseClaimState);
    RETURN_IF_ERROR(row.status());
    return c;
  });
}

Result<int64_t> SqlTransaction::SumLivePayments(std::string_view programme_id) {
  ASSIGN_OR_RETURN(ProgrammeTotals t, GetProgrammeTotals(programme_id));
  return t.live;
}

Result<ProgrammeTotals> SqlTransaction::GetProgrammeTotals(std::string_view programme_id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("SELECT valued, approved, live FROM "
                                          "recovery_programme_totals WHERE programme_id = ?"));
  s->Bind(1, programme_id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  ProgrammeTotals t;
  if (!row) return t;
  t.valued = s->Int(0);
  t.approved = s->Int(1);
  t.live = s->Int(2);
  return t;
}

}  // namespace aftermath::sql
