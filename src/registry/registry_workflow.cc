// The direct line's workflow on top of the registry: review decisions, callbacks, merges and
// their undo, and the supervisors' figures.
#include <fmt/format.h>

#include <algorithm>

#include <boost/json.hpp>

#include "common/ids.h"
#include "registry/registry.h"

namespace aftermath {
namespace {

namespace json = boost::json;

json::object PersonSnapshot(const Person& p) {
  json::array names;
  for (const auto& n : p.names) {
    names.push_back(json::object{{"full_name", n.full_name}, {"surname", n.surname},
                                 {"given_names", n.given_names}, {"patronymic", n.patronymic},
                                 {"source_id", n.source_id}});
  }
  return {{"id", p.id},
          {"names", std::move(names)},
          {"sex", ToString(p.sex)},
          {"birth_date", p.birth_date.ToString()},
          {"approx_age", p.approx_age ? json::value(*p.approx_age) : json::value(nullptr)},
          {"home_locality", p.home_locality},
          {"features", p.features},
          {"status", ToString(p.status)},
          {"status_source_id", p.status_source_id},
          {"facility", p.facility},
          {"updated_at", FormatTimestamp(p.updated_at)}};
}

std::string Str(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                   : std::string();
}

// Writes the snapshot's fields back onto `p` (its id, version and creation stay).
void RestorePerson(const json::object& o, Person& p) {
  p.names.clear();
  for (const auto& v : o.at("names").as_array()) {
    const auto& n = v.as_object();
    p.names.push_back({Str(n, "full_name"), Str(n, "surname"), Str(n, "given_names"),
                       Str(n, "patronymic"), Str(n, "source_id")});
  }
  p.sex = ParseSex(Str(o, "sex")).value_or(Sex::kUnknown);
  auto date = ParsePartialDate(Str(o, "birth_date"));
  p.birth_date = date.ok() ? *date : PartialDate{};
  const auto& age = o.at("approx_age");
  p.approx_age = age.is_int64() ? std::optional<int>(static_cast<int>(age.as_int64()))
                                : std::nullopt;
  p.home_locality = Str(o, "home_locality");
  p.features = Str(o, "features");
  p.status = ParsePersonStatus(Str(o, "status")).value_or(PersonStatus::kUnknown);
  p.status_source_id = Str(o, "status_source_id");
  p.facility = Str(o, "facility");
  auto t = ParseTimestamp(Str(o, "updated_at"));
  if (t.ok()) p.updated_at = *t;
  p.merged_into.clear();
}

// FailedPrecondition while another operator's claim on the call holds.
Status NotHeldByAnother(const CallbackTask& task, const std::string& actor, Timestamp now) {
  if (task.claimed_by.empty() || task.claimed_by == actor || !task.claimed_until ||
      *task.claimed_until <= now) {
    return Status::Ok();
  }
  return FailedPrecondition(fmt::format("{} is calling this family (until {})", task.claimed_by,
                                        FormatTimestamp(*task.claimed_until)));
}

json::array Ids(const std::vector<std::string>& ids) {
  json::array a;
  for (const auto& id : ids) a.push_back(json::string(id));
  return a;
}

// FailedPrecondition naming "acknowledged" unless the operator acknowledged what is required.
Status CheckAcknowledged(std::string_view required, const std::string& acknowledged) {
  if (required.empty() || acknowledged == required) return Status::Ok();
  return Status(StatusCode::kFailedPrecondition,
                fmt::format("confirming a match with a{} {} person needs a second, explicit step "
                            "after comparing both descriptions: acknowledged must be \"{}\"",
                            required == "unidentified" ? "n" : "", required, required),
                "acknowledged");
}

}  // namespace

Result<std::vector<Match>> Registry::ListMatches(const std::string& actor,
                                                 const MatchFilter& filter) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(auto matches, tx->ListMatches(filter));
  std::vector<std::string> ids;
  for (const auto& m : matches) ids.push_back(m.person_id);
  std::string detail = "{\"persons\":" + json::serialize(Ids(ids)) + "}";
  tx.reset();
  RETURN_IF_ERROR(AuditRead(actor, "match.list", "match", filter.inquiry_id, detail));
  return matches;
}

std::string_view Registry::RequiredAcknowledgement(const Person& person) {
  if (person.status == PersonStatus::kDeceased) return "deceased";
  if (person.display_name().empty()) return "unidentified";
  return "";
}

std::string_view Registry::RequiredAcknowledgement(const Person& a, const Person& b) {
  bool a_dead = a.status == PersonStatus::kDeceased, b_dead = b.status == PersonStatus::kDeceased;
  if (a_dead != b_dead) return "deceased";
  if (a.display_name().empty() != b.display_name().empty()) return "unidentified";
  return "";
}

Result<Match> Registry::DecideMatch(const std::string& actor, const std::string& match_id,
                                    MatchDecision decision, const std::string& acknowledged) {
  ASSIGN_OR_RETURN(Decided d, Decide(actor, match_id, decision, acknowledged));
  return d.match;
}

Result<Registry::Decided> Registry::Decide(const std::string& actor, const std::string& match_id,
                                           MatchDecision decision,
                                           const std::string& acknowledged) {
  if (decision == MatchDecision::kPending || decision == MatchDecision::kClosed ||
      decision == MatchDecision::kWithdrawn) {
    return InvalidArgument("must be confirmed, rejected or unsure", "decision");
  }
  Timestamp now = clock_.Now();
  std::vector<std::string> merged;    // the two persons a confirmed "same person?" merged
  std::optional<Inquiry> confirmed;  // the inquiry a confirmation linked, as written
  Match m;
  std::string merge_id;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
    ASSIGN_OR_RETURN(m, tx->GetMatch(match_id));
    // Read under the writers' lock: the matcher's withdrawal committed first wins, and the
    // operator is told why (matcher.cc, CapPerInquiry).
    if (m.decision == MatchDecision::kWithdrawn) {
      return FailedPrecondition(
          "the match was withdrawn from the review queue: better-supported namesakes came for "
          "the inquiry; link the person to the inquiry to review it again");
    }
    if (m.decision == MatchDecision::kConfirmed || m.decision == MatchDecision::kRejected ||
        m.decision == MatchDecision::kClosed) {
      return FailedPrecondition(
          fmt::format("the match was already {} by {}", ToString(m.decision), m.decided_by));
    }
    if (decision == MatchDecision::kConfirmed && !m.inquiry_id.empty()) {
      // A family told "your son is dead" by mistake is the worst failure there is: the
      // operator must have been shown the body's description beside the family's.
      ASSIGN_OR_RETURN(Person p, tx->GetPerson(m.person_id));
      RETURN_IF_ERROR(CheckAcknowledged(RequiredAcknowledgement(p), acknowledged));
    }
    std::optional<Report> report;  // the report a confirmed "same person?" merges in
    if (decision == MatchDecision::kConfirmed && m.inquiry_id.empty() && !m.report_id.empty()) {
      ASSIGN_OR_RETURN(report, tx->GetReport(m.report_id));
      if (report->person_id != m.person_id) {
        // A morgue's report merged into a hospital's patient makes the patient dead, and his
        // family is told so: the same second step as confirming a death for an inquiry.
        ASSIGN_OR_RETURN(Person kept, tx->GetPerson(m.person_id));
        ASSIGN_OR_RETURN(Person absorbed, tx->GetPerson(report->person_id));
        RETURN_IF_ERROR(CheckAcknowledged(RequiredAcknowledgement(kept, absorbed), acknowledged));
      }
    }
    m.decision = decision;
    m.decided_by = actor;
    m.decided_at = now;
    RETURN_IF_ERROR(tx->UpdateMatch(m));
    m.version += 1;
    RETURN_IF_ERROR(Audit(*tx, actor, std::string("match.") + std::string(ToString(decision)),
                          "person", m.person_id,
                          fmt::format(R"({{"match_id":"{}","inquiry_id":"{}"}})", m.id,
                                      m.inquiry_id)));
    if (decision == MatchDecision::kConfirmed && !m.inquiry_id.empty()) {
      ASSIGN_OR_RETURN(Inquiry q, tx->GetInquiry(m.inquiry_id));
      q.person_id = m.person_id;
      if (q.state == InquiryState::kOpen || q.state == InquiryState::kCandidateFound) {
        q.state = InquiryState::kConfirmed;
      }
      q.updated_at = now;
      RETURN_IF_ERROR(tx->UpdateInquiry(q));
      // Eight digits the operator reads out: enough for a family to look up their person,
      // too many to guess under the public rate limit.
      uint64_t digits = 0;
      for (char c : RandomHex(8)) digits = digits * 16 + (c <= '9' ? c - '0' : c - 'a' + 10);
      CallbackTask task{.id = ids_.NewId(kCallbackIdPrefix),
                        .inquiry_id = q.id,
                        .person_id = m.person_id,
                        .match_id = m.id,
                        .family_code = fmt::format("{:08d}", digits % 100000000),
                        .due_at = now,
                        .created_at = now,
                        .updated_at = now};
      // The SMS says only that there is news: details are for the call, to the right person.
      OutboxMessage sms{.id = ids_.NewId(kOutboxIdPrefix), .channel = "sms",
                        .recipient = q.callback_phone,
                        .body = templates_.NewsSms(q.language),
                        .created_at = now};
      task.message_id = sms.id;
      // A call left from an undone confirmation gives way to this one: one call per family.
      ASSIGN_OR_RETURN(auto earlier, tx->CallbacksOfInquiry(q.id));
      for (CallbackTask stale : earlier) {
        if (stale.state != CallbackState::kPending && stale.state != CallbackState::kNoAnswer) {
          continue;
        }
        stale.state = CallbackState::kCancelled;
        stale.updated_at = now;
        RETURN_IF_ERROR(tx->UpdateCallback(stale));
      }
      RETURN_IF_ERROR(tx->InsertOutbox(sms));
      RETURN_IF_ERROR(tx->InsertCallback(task));
      // One person found: the inquiry's other candidates need no review now.
      ASSIGN_OR_RETURN(auto others, tx->ListMatches({.inquiry_id = q.id, .limit = 1000}));
      std::vector<std::string> closed;
      for (Match other : others) {
        if (other.id == m.id || (other.decision != MatchDecision::kPending &&
                                 other.decision != MatchDecision::kUnsure)) {
          continue;
        }
        other.decision = MatchDecision::kClosed;
        other.decided_by = actor;
        other.decided_at = now;
        RETURN_IF_ERROR(tx->UpdateMatch(other));
        closed.push_back(other.id);
      }
      RETURN_IF_ERROR(Audit(*tx, actor, "callback.create", "inquiry", q.id,
                            fmt::format(R"({{"callback_id":"{}","message_id":"{}","closed":{}}})",
                                        task.id, sms.id, json::serialize(Ids(closed)))));
      confirmed = q;
    } else if (report && report->person_id != m.person_id) {
      // Merged in the same transaction: a decision committed without its merge could not be
      // taken again ("already confirmed"), and the two records would stay apart for good.
      ASSIGN_OR_RETURN(MergeRecord merge,
                       MergeIn(*tx, actor, m.person_id, report->person_id, now, m.id));
      merge_id = merge.id;
      merged = {m.person_id, report->person_id};
    }
    std::vector<std::string> inquiries;
    if (confirmed) inquiries.push_back(confirmed->id);
    RETURN_IF_ERROR(CommitAndReindex(*tx, merged, inquiries));
  }
  if (matcher_ && confirmed) matcher_->ReindexInquiry(*confirmed);
  return Decided{.match = std::move(m), .merge_id = std::move(merge_id)};
}

Result<std::vector<CallbackTask>> Registry::ListCallbacks(const std::string& actor,
                                                          std::optional<CallbackState> state,
                                                          int limit) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(auto tasks, tx->ListCallbacks(state, limit));
  std::vector<std::string> ids;
  for (const auto& t : tasks) ids.push_back(t.inquiry_id);
  tx.reset();
  RETURN_IF_ERROR(AuditRead(actor, "callback.list", "inquiry", "",
                            "{\"inquiries\":" + json::serialize(Ids(ids)) + "}"));
  return tasks;
}

Result<std::vector<OutboxMessage>> Registry::ListOutbox(const std::string& actor,
                                                        bool pending_only, int limit) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(auto messages, tx->ListOutbox(pending_only, std::clamp(limit, 1, 10000)));
  std::vector<std::string> ids;
  for (const auto& m : messages) ids.push_back(m.id);
  tx.reset();
  RETURN_IF_ERROR(AuditRead(actor, "outbox.list", "message", "",
                            "{\"messages\":" + json::serialize(Ids(ids)) + "}"));
  for (auto& m : messages) m.body = BodyForReaders(m);  // no one-time code leaves here
  return messages;
}

Result<OutboxMessage> Registry::MarkOutbox(const std::string& actor,
                                           const std::string& message_id,
                                           const std::string& error) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(auto message, tx->GetOutbox(message_id));
  if (message.sent_at) return FailedPrecondition("the message was marked sent already");
  message.attempts += 1;
  if (error.empty()) {
    message.sent_at = clock_.Now();
    message.state = OutboxState::kSent;
    message.lease_owner.clear();
    message.lease_until.reset();
    if (message.kind == OutboxKind::kOneTimeCode) message.body.clear();  // sent: kept nowhere
  } else {
    message.last_error = error.substr(0, 500);
  }
  RETURN_IF_ERROR(tx->UpdateOutbox(message));
  RETURN_IF_ERROR(Audit(*tx, actor, error.empty() ? "outbox.mark-sent" : "outbox.mark-failed",
                        "message", message_id, ""));
  RETURN_IF_ERROR(tx->Commit());
  message.body = BodyForReaders(message);
  return message;
}

Result<Registry::UndoneConfirmation> Registry::UndoConfirmation(const std::string& actor,
                                                                const std::string& match_id) {
  Timestamp now = clock_.Now();
  UndoneConfirmation out;
  Inquiry q;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
    ASSIGN_OR_RETURN(Match m, tx->GetMatch(match_id));
    if (m.decision != MatchDecision::kConfirmed || m.inquiry_id.empty()) {
      return FailedPrecondition("only a confirmed match with an inquiry can be undone");
    }
    ASSIGN_OR_RETURN(auto tasks, tx->CallbacksOfInquiry(m.inquiry_id));
    std::optional<CallbackTask> task;
    for (const auto& t : tasks) {
      if (t.match_id == m.id) task = t;
    }
    if (task && task->state == CallbackState::kInformed) {
      return FailedPrecondition("the family was informed already: the confirmation stands");
    }
    ASSIGN_OR_RETURN(q, tx->GetInquiry(m.inquiry_id));
    if (q.person_id == m.person_id) q.person_id.clear();
    if (q.state == InquiryState::kConfirmed) q.state = InquiryState::kCandidateFound;
    q.updated_at = now;
    RETURN_IF_ERROR(tx->UpdateInquiry(q));
    q.version += 1;
    m.decision = MatchDecision::kPending;
    m.decided_by.clear();
    m.decided_at.reset();
    RETURN_IF_ERROR(tx->UpdateMatch(m));
    m.version += 1;
    ASSIGN_OR_RETURN(auto others, tx->ListMatches({.inquiry_id = q.id, .limit = 1000}));
    std::vector<std::string> reopened;
    for (Match other : others) {
      if (other.decision != MatchDecision::kClosed) continue;
      other.decision = MatchDecision::kPending;
      other.decided_by.clear();
      other.decided_at.reset();
      RETURN_IF_ERROR(tx->UpdateMatch(other));
      reopened.push_back(other.id);
    }
    if (task) {
      out.callback_id = task->id;
      bool unsent = false;
      if (!task->message_id.empty()) {
        auto message = tx->GetOutbox(task->message_id);
        if (!message.ok() && message.status().code() != StatusCode::kNotFound) {
          return message.status();
        }
        // A message a delivery worker holds may be on its way: the call will say there is none.
        bool in_flight = message.ok() && message->lease_until && *message->lease_until > now;
        unsent = message.ok() && !message->sent_at && !in_flight &&
                 (message->state == OutboxState::kPending || message->state == OutboxState::kDead);
      }
      if (unsent) {
        RETURN_IF_ERROR(tx->DeleteOutbox(task->message_id));
        task->state = CallbackState::kCancelled;
        out.message_withdrawn = true;
      } else {
        // The family has the SMS "there is news": the call still goes, to say there is none yet.
        task->note = "The confirmation was undone: there is no confirmed news yet.";
        task->due_at = now;
      }
      task->claimed_by.clear();
      task->claimed_until.reset();
      task->updated_at = now;
      RETURN_IF_ERROR(tx->UpdateCallback(*task));
    }
    RETURN_IF_ERROR(Audit(*tx, actor, "match.undo", "person", m.person_id,
                          fmt::format(R"({{"match_id":"{}","inquiry_id":"{}","callback_id":"{}",)"
                                      R"("message_withdrawn":{},"reopened":{}}})",
                                      m.id, q.id, out.callback_id, out.message_withdrawn,
                                      json::serialize(Ids(reopened)))));
    RETURN_IF_ERROR(CommitAndReindex(*tx, {}, {q.id}));
    out.match = m;
  }
  // The inquiry looks again: new reports are compared with it.
  if (matcher_) matcher_->ReindexInquiry(q);
  return out;
}

Result<CallbackTask> Registry::ClaimCallback(const std::string& actor,
                                             const std::string& callback_id) {
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(CallbackTask task, tx->GetCallback(callback_id));
  if (task.state == CallbackState::kInformed || task.state == CallbackState::kCancelled) {
    return FailedPrecondition(fmt::format("the callback is {} already", ToString(task.state)));
  }
  RETURN_IF_ERROR(NotHeldByAnother(task, actor, now));
  task.claimed_by = actor;
  task.claimed_until = now + kCallbackClaim;
  task.updated_at = now;
  RETURN_IF_ERROR(tx->UpdateCallback(task));
  task.version += 1;
  RETURN_IF_ERROR(Audit(*tx, actor, "callback.claim", "inquiry", task.inquiry_id,
                        fmt::format(R"({{"callback_id":"{}"}})", task.id)));
  RETURN_IF_ERROR(tx->Commit());
  return task;
}

Result<CallbackTask> Registry::RecordCallOutcome(const std::string& actor,
                                                 const std::string& callback_id,
                                                 CallOutcome outcome, const std::string& note) {
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(CallbackTask task, tx->GetCallback(callback_id));
  if (task.state == CallbackState::kInformed || task.state == CallbackState::kCancelled) {
    return FailedPrecondition("the family was already informed");
  }
  RETURN_IF_ERROR(NotHeldByAnother(task, actor, now));
  task.claimed_by.clear();  // an outcome ends the call
  task.claimed_until.reset();
  task.attempts += 1;
  task.note = note.substr(0, 1000);
  task.updated_at = now;
  const char* action = "callback.informed";
  switch (outcome) {
    case CallOutcome::kInformed:
      task.state = CallbackState::kInformed;
      break;
    case CallOutcome::kNoAnswer:
      task.state = CallbackState::kPending;
      task.due_at = now + std::chrono::minutes(15);
      action = "callback.no_answer";
      break;
    case CallOutcome::kRetryLater:
      task.state = CallbackState::kPending;
      task.due_at = now + std::chrono::hours(1);
      action = "callback.retry_later";
      break;
  }
  RETURN_IF_ERROR(tx->UpdateCallback(task));
  task.version += 1;
  std::optional<Inquiry> informed;
  if (outcome == CallOutcome::kInformed) {
    ASSIGN_OR_RETURN(Inquiry q, tx->GetInquiry(task.inquiry_id));
    if (q.state == InquiryState::kConfirmed) {
      q.state = InquiryState::kInformed;
      q.updated_at = now;
      RETURN_IF_ERROR(tx->UpdateInquiry(q));
      informed = q;
    }
  }
  RETURN_IF_ERROR(Audit(*tx, actor, action, "inquiry", task.inquiry_id,
                        fmt::format(R"({{"callback_id":"{}"}})", task.id)));
  RETURN_IF_ERROR(CommitAndReindex(*tx, {}, {task.inquiry_id}));
  if (matcher_ && informed) matcher_->ReindexInquiry(*informed);
  return task;
}

Result<Person> Registry::FamilyView(const std::string& inquiry_id, const std::string& code) {
  auto nothing = [] { return NotFound("no confirmed inquiry with this code"); };
  if (code.size() != 8) return nothing();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  auto q = tx->GetInquiry(inquiry_id);
  if (!q.ok() && q.status().code() != StatusCode::kNotFound) return q.status();
  if (!q.ok()) return nothing();
  bool confirmed = q->state == InquiryState::kConfirmed || q->state == InquiryState::kInformed ||
                   q->state == InquiryState::kClosed;
  if (!confirmed || q->person_id.empty() || q->purged_at) return nothing();
  ASSIGN_OR_RETURN(auto tasks, tx->CallbacksOfInquiry(inquiry_id));
  bool match = false;
  for (const auto& t : tasks) {
    if (t.family_code.size() == code.size()) {
      unsigned diff = 0;  // constant time: the code must not leak digit by digit
      for (size_t i = 0; i < code.size(); ++i) diff |= unsigned(t.family_code[i] ^ code[i]);
      match |= diff == 0;
    }
  }
  if (!match) return nothing();
  ASSIGN_OR_RETURN(Person p, tx->GetPerson(q->person_id));
  tx.reset();
  RETURN_IF_ERROR(AuditRead("family:" + inquiry_id, "person.family_read", "person", p.id));
  return p;
}

Result<MergeRecord> Registry::Merge(const std::string& actor, const std::string& survivor_id,
                                    const std::string& absorbed_id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(MergeRecord merge, MergeIn(*tx, actor, survivor_id, absorbed_id, clock_.Now()));
  RETURN_IF_ERROR(CommitAndReindex(*tx, {survivor_id, absorbed_id}));
  return merge;
}

Result<MergeRecord> Registry::MergeIn(Transaction& tx_ref, const std::string& actor,
                                      const std::string& survivor_id,
                                      const std::string& absorbed_id, Timestamp now,
                                      const std::string& by_match) {
  if (survivor_id == absorbed_id) return InvalidArgument("a person cannot absorb itself", "other_id");
  Transaction* tx = &tx_ref;
  ASSIGN_OR_RETURN(Person survivor, tx->GetPerson(survivor_id));
  auto absorbed_or = tx->GetPerson(absorbed_id);
  if (!absorbed_or.ok()) {
    return absorbed_or.status().code() == StatusCode::kNotFound
               ? InvalidArgument("no such person", "other_id")
               : absorbed_or.status();
  }
  Person absorbed = std::move(absorbed_or).value();
  if (!survivor.merged_into.empty() || !absorbed.merged_into.empty()) {
    return FailedPrecondition("one of the two was already merged into another person");
  }
  // What moves, recorded so the undo moves exactly that back.
  std::vector<std::string> reports, events, inquiries, matches;
  PageRequest page{.limit = 200};
  for (;;) {
    ASSIGN_OR_RETURN(auto batch, tx->ListReports({.person_id = absorbed.id}, page));
    for (const auto& r : batch.items) reports.push_back(r.id);
    if (batch.next_cursor.empty()) break;
    page.cursor = batch.next_cursor;
  }
  ASSIGN_OR_RETURN(auto event_list, tx->ListStatusEvents(absorbed.id));
  for (const auto& e : event_list) events.push_back(e.id);
  ASSIGN_OR_RETURN(auto inquiry_list, tx->ListInquiriesOfPerson(absorbed.id));
  ASSIGN_OR_RETURN(auto match_list, tx->ListMatches({.person_id = absorbed.id, .limit = 1000}));

  json::object snapshot{{"survivor", PersonSnapshot(survivor)},
                        {"absorbed", PersonSnapshot(absorbed)},
                        {"reports", Ids(reports)},
                        {"status_events", Ids(events)}};
  for (const auto& r : reports) RETURN_IF_ERROR(tx->SetReportPerson(r, survivor.id));
  for (const auto& e : events) RETURN_IF_ERROR(tx->SetStatusEventPerson(e, survivor.id));
  for (auto q : inquiry_list) {
    inquiries.push_back(q.id);
    q.person_id = survivor.id;
    RETURN_IF_ERROR(tx->UpdateInquiry(q));
  }
  for (auto m : match_list) {
    matches.push_back(m.id);
    m.person_id = survivor.id;
    RETURN_IF_ERROR(tx->UpdateMatch(m));
  }
  snapshot["inquiries"] = Ids(inquiries);
  snapshot["matches"] = Ids(matches);
  if (!by_match.empty()) snapshot["by_match"] = by_match;

  for (const auto& n : absorbed.names) {
    bool known = false;
    for (const auto& s : survivor.names) known = known || s.full_name == n.full_name;
    if (!known) survivor.names.push_back(n);
  }
  if (survivor.sex == Sex::kUnknown) survivor.sex = absorbed.sex;
  if (survivor.birth_date.empty()) survivor.birth_date = absorbed.birth_date;
  if (!survivor.approx_age) survivor.approx_age = absorbed.approx_age;
  if (survivor.home_locality.empty()) survivor.home_locality = absorbed.home_locality;
  if (survivor.features.empty()) survivor.features = absorbed.features;
  RETURN_IF_ERROR(RecomputeStatus(*tx, survivor));
  survivor.updated_at = now;
  RETURN_IF_ERROR(tx->UpdatePerson(survivor));
  absorbed.merged_into = survivor.id;
  absorbed.updated_at = now;
  RETURN_IF_ERROR(tx->UpdatePerson(absorbed));

  MergeRecord merge{.id = ids_.NewId(kMergeIdPrefix), .survivor_id = survivor.id,
                    .absorbed_id = absorbed.id, .snapshot = json::serialize(snapshot),
                    .survivor_version = survivor.version + 1, .created_by = actor,
                    .created_at = now};
  RETURN_IF_ERROR(tx->InsertMerge(merge));
  RETURN_IF_ERROR(Audit(*tx, actor, "person.merge", "person", survivor.id,
                        fmt::format(R"({{"merge_id":"{}","absorbed_id":"{}"}})", merge.id,
                                    absorbed.id)));
  return merge;
}

Status Registry::UndoMerge(const std::string& actor, const std::string& merge_id) {
  Timestamp now = clock_.Now();
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kWrite));
  ASSIGN_OR_RETURN(MergeRecord merge, tx->GetMerge(merge_id));
  if (merge.undone_at) return FailedPrecondition("the merge was already undone");
  ASSIGN_OR_RETURN(Person survivor, tx->GetPerson(merge.survivor_id));
  ASSIGN_OR_RETURN(Person absorbed, tx->GetPerson(merge.absorbed_id));
  if (survivor.version != merge.survivor_version) {
    return FailedPrecondition(
        "the surviving record has changed since the merge; it can no longer be undone exactly");
  }
  json::value parsed = json::parse(merge.snapshot);
  const json::object& snap = parsed.as_object();
  auto ids = [&](const char* key) {
    std::vector<std::string> out;
    for (const auto& v : snap.at(key).as_array()) out.emplace_back(v.as_string());
    return out;
  };
  for (const auto& r : ids("reports")) RETURN_IF_ERROR(tx->SetReportPerson(r, absorbed.id));
  for (const auto& e : ids("status_events")) {
    RETURN_IF_ERROR(tx->SetStatusEventPerson(e, absorbed.id));
  }
  for (const auto& id : ids("inquiries")) {
    ASSIGN_OR_RETURN(Inquiry q, tx->GetInquiry(id));
    q.person_id = absorbed.id;
    RETURN_IF_ERROR(tx->UpdateInquiry(q));
  }
  for (const auto& id : ids("matches")) {
    ASSIGN_OR_RETURN(Match m, tx->GetMatch(id));
    m.person_id = absorbed.id;
    RETURN_IF_ERROR(tx->UpdateMatch(m));
  }
  RestorePerson(snap.at("survivor").as_object(), survivor);
  RestorePerson(snap.at("absorbed").as_object(), absorbed);
  RETURN_IF_ERROR(tx->UpdatePerson(survivor));
  RETURN_IF_ERROR(tx->UpdatePerson(absorbed));
  // A merge a "same person?" confirmation made: the question is open again.
  std::string by_match = Str(snap, "by_match");
  if (!by_match.empty()) {
    ASSIGN_OR_RETURN(Match m, tx->GetMatch(by_match));
    if (m.decision == MatchDecision::kConfirmed) {
      m.decision = MatchDecision::kPending;
      m.decided_by.clear();
      m.decided_at.reset();
      RETURN_IF_ERROR(tx->UpdateMatch(m));
    }
  }
  merge.undone_at = now;
  RETURN_IF_ERROR(tx->UpdateMerge(merge));
  RETURN_IF_ERROR(Audit(*tx, actor, "person.unmerge", "person", survivor.id,
                        fmt::format(R"({{"merge_id":"{}","absorbed_id":"{}","match_id":"{}"}})",
                                    merge.id, absorbed.id, by_match)));
  RETURN_IF_ERROR(CommitAndReindex(*tx, {survivor.id, absorbed.id}));
  return Status::Ok();
}

Result<Registry::Figures> Registry::GetFigures(const std::string& actor,
                                               std::chrono::hours window) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  Figures f;
  ASSIGN_OR_RETURN(f.hours, tx->FiguresByHour(clock_.Now() - window));
  ASSIGN_OR_RETURN(f.open_inquiries, tx->CountOpenInquiries());
  ASSIGN_OR_RETURN(f.by_status, tx->CountPersonsByStatus());
  ASSIGN_OR_RETURN(f.by_source, tx->CountPersonsBySource());
  tx.reset();
  RETURN_IF_ERROR(AuditRead(actor, "figures.read", "figures", ""));
  return f;
}

Result<Registry::ShiftFigures> Registry::GetShiftFigures(const std::string& actor) {
  constexpr int kMaxCallbacksCounted = 10000;
  const Timestamp now = clock_.Now();
  const Timestamp hour_ago = now - std::chrono::hours(1);
  ShiftFigures f;
  {
    ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(QueueCounts queues, tx->CountQueues());
    f.review_backlog = queues.pending_matches + queues.unsure_matches;
    f.pending_callbacks = queues.pending_callbacks;
    // Earliest due first: the overdue ones lead the list.
    ASSIGN_OR_RETURN(auto callbacks, tx->ListCallbacks(CallbackState::kPending, kMaxCallbacksCounted));
    for (const auto& c : callbacks) {
      if (c.due_at >= now) break;
      ++f.overdue_callbacks;
    }
    // Ids are time-ordered: the first open inquiry by id is the oldest.
    ASSIGN_OR_RETURN(auto oldest, tx->ScanOpenInquiries("", 1));
    if (!oldest.empty()) {
      f.oldest_unanswered = oldest.front().created_at;
      f.oldest_unanswered_age =
          std::chrono::duration_cast<std::chrono::seconds>(now - oldest.front().created_at);
    }
    ASSIGN_OR_RETURN(auto hours, tx->FiguresByHour(hour_ago));
    for (const auto& h : hours) f.calls_last_hour += h.inquiries;
    // An operator at work leaves audit rows (every search does): the newest one of each, by
    // the audit log's index on the actor.
    ASSIGN_OR_RETURN(auto users, tx->ListUsers());
    for (const auto& u : users) {
      if (u.role != Role::kOperator || u.disabled) continue;
      ASSIGN_OR_RETURN(auto last, tx->QueryAudit({.actor = u.id, .limit = 1}));
      if (!last.empty() && last.front().at >= hour_ago) ++f.staff_on_shift;
    }
  }
  RETURN_IF_ERROR(AuditRead(actor, "figures.shift", "figures", ""));
  return f;
}

}  // namespace aftermath
