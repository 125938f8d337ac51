// Inquiries, matches, callbacks, merges and the outbox of SqlTransaction (see
// store/case_records.h).
#include <fmt/format.h>

#include <algorithm>

#include "model/validate.h"
#include "store/paging.h"
#include "store/sql/filter_variants.h"
#include "store/sql/sql_transaction.h"

namespace aftermath::sql {

// ---- inquiries ----

namespace {

constexpr const char* kInquiryColumns =
    "id, version, sought_name, sought_sex, sought_birth_date, sought_approx_age, "
    "sought_home_locality, last_seen_place, last_seen_at, sought_features, inquirer_name, "
    "inquirer_relation, callback_phone, channel, state, coalesce(person_id, ''), taken_by, notes, "
    "created_at, updated_at, closed_at, purged_at, close_reason, language";

Result<Inquiry> ReadInquiry(const Statement& s) {
  RowReader row(s, "inquiries", s.Text(0));
  Inquiry q;
  q.id = s.Text(0);
  q.version = s.Int(1);
  q.sought_name = s.Text(2);
  q.sought_sex = row.Enum(3, "sought_sex", ParseSex);
  q.sought_birth_date = row.Date(4, "sought_birth_date");
  q.sought_approx_age = s.OptionalInt(5);
  q.sought_home_locality = s.Text(6);
  q.last_seen_place = s.Text(7);
  q.last_seen_at = row.OptionalTime(8, "last_seen_at");
  q.sought_features = s.Text(9);
  q.inquirer_name = s.Text(10);
  q.inquirer_relation = s.Text(11);
  q.callback_phone = s.Text(12);
  q.channel = row.Enum(13, "channel", ParseChannel);
  q.state = row.Enum(14, "state", ParseInquiryState);
  q.person_id = s.Text(15);
  q.taken_by = s.Text(16);
  q.notes = s.Text(17);
  q.created_at = row.Time(18, "created_at");
  q.updated_at = row.Time(19, "updated_at");
  q.closed_at = row.OptionalTime(20, "closed_at");
  q.purged_at = row.OptionalTime(21, "purged_at");
  q.close_reason = s.Text(22);
  q.language = s.Text(23);
  RETURN_IF_ERROR(row.status());
  return q;
}

}  // namespace

Result<Inquiry> SqlTransaction::GetInquiry(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM inquiries WHERE id = ?", kInquiryColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no inquiry with id '{}'", id.substr(0, 64)));
  return ReadInquiry(*s);
}

Result<Page<Inquiry>> SqlTransaction::ListInquiries(const InquiryFilter& filter,
                                                       const PageRequest& page) {
  ASSIGN_OR_RETURN(PageCursor cursor, DecodeCursor(page.cursor));
  // A statement for each set of filters given (filter_variants.h): a state, or a whole phone
  // number, is served by its index (inquiries_by_state, inquiries_by_phone_key); the end of a
  // number (fewer than ten digits) can only be tested row by row.
  static const std::vector<std::string> sql =
      FilterStatements(fmt::format("SELECT {} FROM inquiries WHERE ", kInquiryColumns),
                       {"state = ?1", "phone_key = ?2", "phone_key LIKE '%' || CAST(?3 AS TEXT)"},
                       " AND (CAST(?4 AS TEXT) IS NULL OR created_at >= ?4) AND "
                       "(CAST(?5 AS TEXT) IS NULL OR (created_at, id) < (?5, ?6)) "
                       "ORDER BY created_at DESC, id DESC LIMIT ?7");
  const bool whole_number = filter.phone_key.size() >= 10;
  const bool number_end = !filter.phone_key.empty() && !whole_number;
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(sql[VariantOf({filter.state.has_value(), whole_number, number_end})].c_str()));
  if (filter.state) s->Bind(1, ToString(*filter.state));
  if (whole_number) s->Bind(2, filter.phone_key);
  if (number_end) s->Bind(3, filter.phone_key);
  if (filter.created_after) s->Bind(4, Ts(*filter.created_after));
  if (!cursor.empty()) s->Bind(5, cursor.created_at).Bind(6, cursor.id);
  s->Bind(7, int64_t{page.limit + 1});
  Page<Inquiry> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(Inquiry item, ReadInquiry(*s));
    out.items.push_back(std::move(item));
  }
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.pop_back();
    out.next_cursor = EncodeCursor(Ts(out.items.back().created_at), out.items.back().id);
  }
  return out;
}

namespace {

void BindInquiryFields(Statement& s, const Inquiry& q) {
  s.Bind(1, q.sought_name).Bind(2, ToString(q.sought_sex)).Bind(3, q.sought_birth_date.ToString())
      .BindOptional(4, q.sought_approx_age).Bind(5, q.sought_home_locality)
      .Bind(6, q.last_seen_place);
  BindOptionalTime(s, 7, q.last_seen_at);
  s.Bind(8, q.sought_features).Bind(9, q.inquirer_name).Bind(10, q.inquirer_relation)
      .Bind(11, q.callback_phone).Bind(12, ToString(q.channel)).Bind(13, ToString(q.state))
      .BindNullIfEmpty(14, q.person_id).Bind(15, q.taken_by).Bind(16, q.notes)
      .Bind(17, Ts(q.updated_at)).Bind(18, q.id).Bind(19, q.version);
  BindOptionalTime(s, 20, q.closed_at);
  s.Bind(21, PhoneKey(q.callback_phone)).Bind(22, q.close_reason).Bind(23, q.language);
}

}  // namespace

Status SqlTransaction::InsertInquiry(const Inquiry& q) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("inquiry", q.id);
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "INSERT INTO inquiries (sought_name, sought_sex, sought_birth_date, sought_approx_age, "
          "sought_home_locality, last_seen_place, last_seen_at, sought_features, inquirer_name, "
          "inquirer_relation, callback_phone, channel, state, person_id, taken_by, notes, "
          "updated_at, id, version, closed_at, phone_key, close_reason, language, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  BindInquiryFields(*s, q);
  s->Bind(24, Ts(q.created_at));
  return s->Run();
}

Status SqlTransaction::UpdateInquiry(const Inquiry& q) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("inquiry", q.id);
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "UPDATE inquiries SET sought_name = ?1, sought_sex = ?2, sought_birth_date = ?3, "
          "sought_approx_age = ?4, sought_home_locality = ?5, last_seen_place = ?6, "
          "last_seen_at = ?7, sought_features = ?8, inquirer_name = ?9, inquirer_relation = ?10, "
          "callback_phone = ?11, channel = ?12, state = ?13, person_id = ?14, taken_by = ?15, "
          "notes = ?16, updated_at = ?17, closed_at = ?20, phone_key = ?21, close_reason = ?22, "
          "language = ?23, version = version + 1 "
          "WHERE id = ?18 AND version = ?19"));
  BindInquiryFields(*s, q);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "inquiry", q.id, q.version);
}

Result<std::vector<Inquiry>> SqlTransaction::UnmatchedInquiries(int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM inquiries WHERE matched_at IS NULL AND purged_at IS NULL "
      "ORDER BY created_at, id LIMIT ?",
      kInquiryColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, int64_t{limit});
  return CollectRows<Inquiry>(*s, ReadInquiry);
}

Result<std::vector<Inquiry>> SqlTransaction::ScanOpenInquiries(std::string_view after_id,
                                                                int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM inquiries WHERE id > ? AND state IN ('open', 'candidate_found') AND "
      "purged_at IS NULL ORDER BY id LIMIT ?",
      kInquiryColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, after_id).Bind(2, int64_t{limit});
  return CollectRows<Inquiry>(*s, ReadInquiry);
}

Result<std::vector<Inquiry>> SqlTransaction::ListInquiriesOfPerson(std::string_view person_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM inquiries WHERE person_id = ? ORDER BY created_at, id", kInquiryColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, person_id);
  return CollectRows<Inquiry>(*s, ReadInquiry);
}

Status SqlTransaction::MarkInquiryMatched(std::string_view inquiry_id, Timestamp at) {
  std::string when = Ts(at);
  return RunWith("UPDATE inquiries SET matched_at = ? WHERE id = ?", {when, inquiry_id});
}

Status SqlTransaction::UpdateInquiryState(std::string_view inquiry_id, int64_t version,
                                          InquiryState state, Timestamp at) {
  RETURN_IF_ERROR(RequireWrite());
  Touch("inquiry", inquiry_id);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE inquiries SET state = ?1, updated_at = ?2, "
                                          "version = version + 1 WHERE id = ?3 AND version = ?4"));
  s->Bind(1, ToString(state)).Bind(2, Ts(at)).Bind(3, inquiry_id).Bind(4, version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "inquiry", inquiry_id, version);
}

// ---- workflow ----

namespace {

constexpr const char* kMatchColumns =
    "id, version, person_id, coalesce(report_id, ''), coalesce(inquiry_id, ''), score, "
    "explanation, decision, decided_by, decided_at, created_at";

Result<Match> ReadMatch(const Statement& s) {
  RowReader row(s, "matches", s.Text(0));
  Match m;
  m.id = s.Text(0);
  m.version = s.Int(1);
  m.person_id = s.Text(2);
  m.report_id = s.Text(3);
  m.inquiry_id = s.Text(4);
  m.score = s.Double(5);
  m.explanation = s.Text(6);
  m.decision = row.Enum(7, "decision", ParseMatchDecision);
  m.decided_by = s.Text(8);
  m.decided_at = row.OptionalTime(9, "decided_at");
  m.created_at = row.Time(10, "created_at");
  RETURN_IF_ERROR(row.status());
  return m;
}

}  // namespace

Result<Match> SqlTransaction::GetMatch(std::string_view id) {
  static const std::string sql = fmt::format("SELECT {} FROM matches WHERE id = ?", kMatchColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no match with id '{}'", id.substr(0, 64)));
  return ReadMatch(*s);
}

Result<std::vector<Match>> SqlTransaction::ListMatches(const MatchFilter& f) {
  // A statement a leading filter, so each uses its index (see ListReports).
  static const std::string by_inquiry = fmt::format(
      "SELECT {} FROM matches WHERE inquiry_id = ?2 AND "
      "(CAST(?1 AS TEXT) IS NULL OR decision = ?1) AND "
      "(CAST(?3 AS TEXT) IS NULL OR person_id = ?3) ORDER BY score DESC, created_at, id LIMIT ?4",
      kMatchColumns);
  static const std::string by_person = fmt::format(
      "SELECT {} FROM matches WHERE person_id = ?3 AND "
      "(CAST(?1 AS TEXT) IS NULL OR decision = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR inquiry_id = ?2) ORDER BY score DESC, created_at, id LIMIT ?4",
      kMatchColumns);
  static const std::string by_decision = fmt::format(
      "SELECT {} FROM matches WHERE decision = ?1 AND "
      "(CAST(?2 AS TEXT) IS NULL OR inquiry_id = ?2) AND "
      "(CAST(?3 AS TEXT) IS NULL OR person_id = ?3) ORDER BY score DESC, created_at, id LIMIT ?4",
      kMatchColumns);
  static const std::string all = fmt::format(
      "SELECT {} FROM matches WHERE (CAST(?1 AS TEXT) IS NULL OR decision = ?1) AND "
      "(CAST(?2 AS TEXT) IS NULL OR inquiry_id = ?2) AND "
      "(CAST(?3 AS TEXT) IS NULL OR person_id = ?3) ORDER BY score DESC, created_at, id LIMIT ?4",
      kMatchColumns);
  const std::string& sql = !f.inquiry_id.empty() ? by_inquiry
                           : !f.person_id.empty() ? by_person
                           : f.decision           ? by_decision
                                                  : all;
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  if (f.decision) {
    s->Bind(1, ToString(*f.decision));
  } else {
    s->BindNull(1);
  }
  s->BindNullIfEmpty(2, f.inquiry_id).BindNullIfEmpty(3, f.person_id)
      .Bind(4, int64_t{std::clamp(f.limit, 1, 1000)});
  return CollectRows<Match>(*s, ReadMatch);
}

// Two plain lookups rather than one query with OR, so each uses its index.
Result<std::optional<Match>> SqlTransaction::FindMatch(std::string_view person_id,
                                                       std::string_view inquiry_id,
                                                       std::string_view report_id) {
  static const std::string by_inquiry = fmt::format(
      "SELECT {} FROM matches WHERE inquiry_id = ? AND person_id = ?", kMatchColumns);
  static const std::string by_report = fmt::format(
      "SELECT {} FROM matches WHERE report_id = ? AND person_id = ? AND inquiry_id IS NULL",
      kMatchColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(inquiry_id.empty() ? by_report.c_str()
                                                             : by_inquiry.c_str()));
  s->Bind(1, inquiry_id.empty() ? report_id : inquiry_id).Bind(2, person_id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<Match>();
  ASSIGN_OR_RETURN(Match found, ReadMatch(*s));
  return std::optional<Match>(std::move(found));
}

Status SqlTransaction::InsertMatch(const Match& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO matches (id, version, person_id, report_id, inquiry_id, score, explanation, "
      "decision, decided_by, decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, m.id).Bind(2, m.version).Bind(3, m.person_id).BindNullIfEmpty(4, m.report_id)
      .BindNullIfEmpty(5, m.inquiry_id).Bind(6, m.score).Bind(7, m.explanation)
      .Bind(8, ToString(m.decision)).Bind(9, m.decided_by);
  BindOptionalTime(*s, 10, m.decided_at);
  s->Bind(11, Ts(m.created_at));
  return s->Run();
}

Status SqlTransaction::UpdateMatch(const Match& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE matches SET version = version + 1, person_id = ?, report_id = ?, inquiry_id = ?, "
      "score = ?, explanation = ?, decision = ?, decided_by = ?, decided_at = ? "
      "WHERE id = ? AND version = ?"));
  s->Bind(1, m.person_id).BindNullIfEmpty(2, m.report_id).BindNullIfEmpty(3, m.inquiry_id)
      .Bind(4, m.score).Bind(5, m.explanation).Bind(6, ToString(m.decision))
      .Bind(7, m.decided_by);
  BindOptionalTime(*s, 8, m.decided_at);
  s->Bind(9, m.id).Bind(10, m.version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "match", m.id, m.version);
}

namespace {

constexpr const char* kCallbackColumns =
    "id, version, inquiry_id, person_id, match_id, state, attempts, due_at, note, created_at, "
    "updated_at, family_code, message_id, claimed_by, claimed_until";

Result<CallbackTask> ReadCallback(const Statement& s) {
  RowReader row(s, "callbacks", s.Text(0));
  CallbackTask c;
  c.id = s.Text(0);
  c.version = s.Int(1);
  c.inquiry_id = s.Text(2);
  c.person_id = s.Text(3);
  c.match_id = s.Text(4);
  c.state = row.Enum(5, "state", ParseCallbackState);
  c.attempts = static_cast<int>(s.Int(6));
  c.due_at = row.Time(7, "due_at");
  c.note = s.Text(8);
  c.created_at = row.Time(9, "created_at");
  c.updated_at = row.Time(10, "updated_at");
  c.family_code = s.Text(11);
  c.message_id = s.Text(12);
  c.claimed_by = s.Text(13);
  c.claimed_until = row.OptionalTime(14, "claimed_until");
  RETURN_IF_ERROR(row.status());
  return c;
}

}  // namespace

Result<CallbackTask> SqlTransaction::GetCallback(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM callbacks WHERE id = ?", kCallbackColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no callback with id '{}'", id.substr(0, 64)));
  return ReadCallback(*s);
}

Result<std::vector<CallbackTask>> SqlTransaction::ListCallbacks(
    std::optional<CallbackState> state, int limit) {
  // With the state given, callbacks_by_state serves it in due order (filter_variants.h); hidden,
  // every call of the callback queue read and sorted every callback ever made.
  static const std::vector<std::string> sql =
      FilterStatements(fmt::format("SELECT {} FROM callbacks WHERE ", kCallbackColumns),
                       {"state = ?1"}, " ORDER BY due_at, id LIMIT ?2");
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql[VariantOf({state.has_value()})].c_str()));
  if (state) {
    s->Bind(1, ToString(*state));
  } else {
    s->BindNull(1);
  }
  s->Bind(2, int64_t{std::clamp(limit, 1, 1000)});
  return CollectRows<CallbackTask>(*s, ReadCallback);
}

Status SqlTransaction::InsertCallback(const CallbackTask& c) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "INSERT INTO callbacks (id, version, inquiry_id, person_id, match_id, state, attempts, "
          "due_at, note, created_at, updated_at, family_code, message_id, claimed_by, "
          "claimed_until) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, c.id)
      .Bind(2, c.version)
      .Bind(3, c.inquiry_id)
      .Bind(4, c.person_id)
      .Bind(5, c.match_id)
      .Bind(6, ToString(c.state))
      .Bind(7, int64_t{c.attempts})
      .Bind(8, Ts(c.due_at))
      .Bind(9, c.note)
      .Bind(10, Ts(c.created_at))
      .Bind(11, Ts(c.updated_at))
      .Bind(12, c.family_code)
      .Bind(13, c.message_id)
      .Bind(14, c.claimed_by);
  BindOptionalTime(*s, 15, c.claimed_until);
  return s->Run();
}

Status SqlTransaction::UpdateCallback(const CallbackTask& c) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(
      auto s,
      conn_->Prepare(
          "UPDATE callbacks SET version = version + 1, person_id = ?, state = ?, attempts = ?, "
          "due_at = ?, note = ?, updated_at = ?, claimed_by = ?, claimed_until = ? "
          "WHERE id = ? AND version = ?"));
  s->Bind(1, c.person_id)
      .Bind(2, ToString(c.state))
      .Bind(3, int64_t{c.attempts})
      .Bind(4, Ts(c.due_at))
      .Bind(5, c.note)
      .Bind(6, Ts(c.updated_at))
      .Bind(7, c.claimed_by);
  BindOptionalTime(*s, 8, c.claimed_until);
  s->Bind(9, c.id).Bind(10, c.version);
  RETURN_IF_ERROR(s->Run());
  return CheckVersionedUpdate(s->RowsAffected(), "callback", c.id, c.version);
}

Result<std::vector<CallbackTask>> SqlTransaction::CallbacksOfInquiry(
    std::string_view inquiry_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM callbacks WHERE inquiry_id = ? ORDER BY created_at, id", kCallbackColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, inquiry_id);
  return CollectRows<CallbackTask>(*s, ReadCallback);
}

Result<MergeRecord> SqlTransaction::GetMerge(std::string_view id) {
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "SELECT id, survivor_id, absorbed_id, snapshot, survivor_version, created_by, created_at, "
      "undone_at FROM merges WHERE id = ?"));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no merge with id '{}'", id.substr(0, 64)));
  RowReader fields(*s, "merges", s->Text(0));
  MergeRecord m{s->Text(0), s->Text(1), s->Text(2), s->Text(3), s->Int(4), s->Text(5),
                fields.Time(6, "created_at"), {}};
  m.undone_at = fields.OptionalTime(7, "undone_at");
  RETURN_IF_ERROR(fields.status());
  return m;
}

Status SqlTransaction::InsertMerge(const MergeRecord& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO merges (id, survivor_id, absorbed_id, snapshot, survivor_version, "
      "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, m.id).Bind(2, m.survivor_id).Bind(3, m.absorbed_id).Bind(4, m.snapshot)
      .Bind(5, m.survivor_version).Bind(6, m.created_by).Bind(7, Ts(m.created_at));
  return s->Run();
}

Status SqlTransaction::UpdateMerge(const MergeRecord& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("UPDATE merges SET undone_at = ? WHERE id = ?"));
  BindOptionalTime(*s, 1, m.undone_at);
  s->Bind(2, m.id);
  return s->Run();
}

namespace {

constexpr const char* kOutboxColumns =
    "id, channel, recipient, body, created_at, sent_at, attempts, last_error, state, "
    "next_attempt_at, lease_owner, lease_until, receipt_at, kind";

Result<OutboxMessage> ReadOutbox(const Statement& s) {
  RowReader row(s, "outbox", s.Text(0));
  OutboxMessage m{.id = s.Text(0), .channel = s.Text(1), .recipient = s.Text(2),
                  .body = s.Text(3), .created_at = row.Time(4, "created_at")};
  m.sent_at = row.OptionalTime(5, "sent_at");
  m.attempts = static_cast<int>(s.Int(6));
  m.last_error = s.Text(7);
  m.state = row.Enum(8, "state", ParseOutboxState);
  m.next_attempt_at = row.OptionalTime(9, "next_attempt_at");
  m.lease_owner = s.Text(10);
  m.lease_until = row.OptionalTime(11, "lease_until");
  m.receipt_at = row.OptionalTime(12, "receipt_at");
  m.kind = row.Enum(13, "kind", ParseOutboxKind);
  RETURN_IF_ERROR(row.status());
  return m;
}

Result<std::vector<OutboxMessage>> ReadOutboxRows(Statement& s) {
  std::vector<OutboxMessage> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(OutboxMessage item, ReadOutbox(s));
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

Result<std::vector<OutboxMessage>> SqlTransaction::ListOutbox(bool pending_only, int limit) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM outbox WHERE (?1 = 0 OR state = 'pending') ORDER BY created_at, id "
      "LIMIT ?2",
      kOutboxColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, int64_t{pending_only}).Bind(2, int64_t{std::clamp(limit, 1, 10000)});
  return ReadOutboxRows(*s);
}

Result<std::vector<OutboxMessage>> SqlTransaction::DueOutbox(std::string_view channel,
                                                             Timestamp now, int limit) {
  // Times are fixed-width UTC text (FormatTimestamp), so text order is time order.
  static const std::string sql = fmt::format(
      "SELECT {} FROM outbox WHERE state = 'pending' AND channel = ?1 AND "
      "(next_attempt_at IS NULL OR next_attempt_at <= ?2) AND "
      "(lease_until IS NULL OR lease_until <= ?2) ORDER BY created_at, id LIMIT ?3",
      kOutboxColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, channel).Bind(2, Ts(now)).Bind(3, int64_t{std::clamp(limit, 1, 1000)});
  return ReadOutboxRows(*s);
}

Result<OutboxMessage> SqlTransaction::GetOutbox(std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM outbox WHERE id = ?", kOutboxColumns);
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql.c_str()));
  s->Bind(1, id);
  ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NotFound(fmt::format("no message with id '{}'", id.substr(0, 64)));
  return ReadOutbox(*s);
}

Status SqlTransaction::InsertOutbox(const OutboxMessage& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "INSERT INTO outbox (id, channel, recipient, body, created_at, attempts, last_error, "
      "state, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->Bind(1, m.id).Bind(2, m.channel).Bind(3, m.recipient).Bind(4, m.body)
      .Bind(5, Ts(m.created_at)).Bind(6, int64_t{m.attempts}).Bind(7, m.last_error)
      .Bind(8, ToString(m.state)).Bind(9, ToString(m.kind));
  return s->Run();
}

Status SqlTransaction::DeleteOutbox(std::string_view id) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare("DELETE FROM outbox WHERE id = ? AND sent_at IS NULL"));
  s->Bind(1, id);
  RETURN_IF_ERROR(s->Run());
  if (s->RowsAffected() == 0) {
    return FailedPrecondition(fmt::format("no unsent message with id '{}'", id.substr(0, 64)));
  }
  return Status::Ok();
}

Status SqlTransaction::UpdateOutbox(const OutboxMessage& m) {
  RETURN_IF_ERROR(RequireWrite());
  ASSIGN_OR_RETURN(auto s, conn_->Prepare(
      "UPDATE outbox SET sent_at = ?1, attempts = ?2, last_error = ?3, state = ?4, "
      "next_attempt_at = ?5, lease_owner = ?6, lease_until = ?7, receipt_at = ?8, body = ?10 "
      "WHERE id = ?9"));
  BindOptionalTime(*s, 1, m.sent_at);
  s->Bind(2, int64_t{m.attempts}).Bind(3, m.last_error).Bind(4, ToString(m.state));
  BindOptionalTime(*s, 5, m.next_attempt_at);
  s->Bind(6, m.lease_owner);
  BindOptionalTime(*s, 7, m.lease_until);
  BindOptionalTime(*s, 8, m.receipt_at);
  s->Bind(9, m.id).Bind(10, m.body);
  RETURN_IF_ERROR(s->Run());
  if (s->RowsAffected() != 1) return NotFound(fmt::format("no message with id '{}'", m.id));
  return Status::Ok();
}

}  // namespace aftermath::sql
