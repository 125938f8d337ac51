// The registry's use cases: record reports from sources, open inquiries, read and list records.
// Every change is written with its audit event in one store transaction. The registry knows an
// `actor` (an opaque user id or "cli:…") but nothing of users, sessions or HTTP.
//
// Thread-safety: a Registry is thread-safe; its only state of its own is the comparison of the
// last imported batch with the open inquiries, running in the background.
#pragma once

#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "access/audit_chain.h"
#include "common/clock.h"
#include "common/ids.h"
#include "common/mutex.h"
#include "common/status.h"
#include "index/name_index.h"
#include "model/record_writer.h"
#include "model/records.h"
#include "model/requests.h"
#include "registry/export.h"
#include "registry/import.h"
#include "registry/matcher.h"
#include "registry/message_templates.h"
#include "registry/read_audit.h"
#include "registry/source_names.h"
#include "registry/views.h"
#include "store/store.h"

namespace aftermath {

// The report a NewReport describes, from `source_id`, received at `now` (observed then too unless
// it says when), its name cleaned (CleanName). Ids and the person are left to the caller.
Report ReportFromNew(const NewReport& in, const std::string& source_id, Timestamp now);
// Whether report `b` says what `a` says, in every field a source's correction may change: a
// report recorded again with the same content is left unchanged
// (ReportOutcome::Change::kUnchanged).
bool SameContent(const Report& a, const Report& b);

// The person a report names by id, followed through merges (the source's reports moved with
// it), and whether `source_id` has reported that person, i.e. may attach to it. The same
// queries run whether or not the id names anyone.
struct NamedPerson {
  std::optional<Person> person;  // none when the id names nobody
  bool reported_by_source = false;
};
Result<NamedPerson> ResolveNamedPerson(Transaction& tx, const std::string& source_id,
                                       const std::string& person_id);

struct ReportOutcome {
  Report report;
  enum class Change { kCreated, kUpdated, kUnchanged } change = Change::kCreated;
};

inline constexpr const char* kCallCentreSourceName = "Direct line call centre";

class Registry {
 public:
  // REQUIRES: store, clock, index and ids (when given) outlive the registry. Without an index
  // the registry still records everything; search is then unavailable. Without `ids` it makes
  // ids with a generator of its own.
  Registry(Store& store, const Clock& clock, index::IndexHandle* index = nullptr,
           Matcher* matcher = nullptr, IdGenerator* ids = nullptr)
      : store_(store), clock_(clock), index_(index), matcher_(matcher), ids_(ids, clock) {}
  ~Registry() { FinishMatching(); }
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Searches the name index. `actor` is audited with the ids found (never the query text: it
  // is personal data). Unavailable when the registry has no index.
  Result<std::vector<index::SearchHit>> Search(const std::string& actor, std::string_view query,
                                               const index::SearchOptions& options);

  Result<Source> CreateSource(const std::string& actor, const NewSource& in);
  Result<std::vector<Source>> ListSources();
  // The line's own source, under which operators and supervisors file what callers tell them
  // (they may not speak for a hospital or a morgue): the oldest source of kind call_center,
  // created as kCallCentreSourceName when there is none.
  Result<Source> CallCentreSource(const std::string& actor);

  Result<Person> CreatePerson(const std::string& actor, const NewPerson& in);
  // Audited as a read by `actor`.
  Result<Person> GetPerson(const std::string& actor, const std::string& id);
  Result<Page<Person>> ListPersons(const std::string& actor, const PersonFilter& filter,
                                   const PageRequest& page);
  Result<std::vector<StatusEvent>> StatusHistory(const std::string& actor,
                                                 const std::string& person_id);

  // Records what a source says. A report carrying the source's record id of an earlier report
  // updates that report (kUpdated), or changes nothing when it says the same (kUnchanged).
  // The person's status follows the report when the source's trust is at least that of the
  // source that set the current status.
  Result<ReportOutcome> RecordReport(const std::string& actor, const NewReport& in);
  // Records many reports in one transaction (imports). Each row's outcome, or its own
  // InvalidArgument; any other error aborts the whole batch and is returned instead. The
  // batch is then compared with the open inquiries in the background while the caller writes
  // the next one (one batch at a time; see FinishMatching).
  Result<std::vector<Result<ReportOutcome>>> RecordReports(const std::string& actor,
                                                           const std::vector<NewReport>& batch);
  // Waits until the batches recorded so far have been compared with the open inquiries.
  void FinishMatching();
  Result<Report> GetReport(const std::string& actor, const std::string& id);
  Result<Page<Report>> ListReports(const std::string& actor, const ReportFilter& filter,
                                   const PageRequest& page);

  Result<Inquiry> OpenInquiry(const std::string& actor, Inquiry in);
  Result<Inquiry> GetInquiry(const std::string& actor, const std::string& id);
  Result<Page<Inquiry>> ListInquiries(const std::string& actor, const InquiryFilter& filter,
                                      const PageRequest& page);
  // Inquiries found again by what a caller tells (inquiry_search.cc): a callback phone in any
  // format (its last ten digits, or the end of the number when fewer are given), or a name,
  // compared by the engine with the sought person's name of every open inquiry (the matcher's
  // index) and with the sought and the caller's names of the inquiries of the last
  // kInquirySearchDays days. Best first, at most `limit` (1..100). InvalidArgument for text
  // with neither a phone nor a name.
  static constexpr int kInquirySearchDays = 14;
  Result<std::vector<InquiryHit>> FindInquiries(const std::string& actor, std::string_view text,
                                                int limit);
  // "This is who the caller means": puts the person among the inquiry's candidates for review
  // (a pending match scored by the engine), or returns the match that already pairs them.
  // A proposal the matcher withdrew (better-supported namesakes came) is put back pending, as
  // the operator's, which the matcher never withdraws.
  // FailedPrecondition when the inquiry no longer looks (confirmed, closed, purged).
  Result<Match> LinkPerson(const std::string& actor, const std::string& inquiry_id,
                           const std::string& person_id);
  // Every inquiry linked to a person (audited like a list).
  Result<std::vector<Inquiry>> InquiriesOfPerson(const std::string& actor,
                                                 const std::string& person_id);
  // Replaces the inquiry `changes.id` with `changes` (its creation, taker and purge are kept;
  // closed_at follows the state) if it is still at `changes.version`, and returns it at the next
  // version. NotFound when there is no such inquiry; Aborted when someone changed it since;
  // FailedPrecondition when it was purged; InvalidArgument when `changes` is not valid.
  Result<Inquiry> UpdateInquiry(const std::string& actor, const Inquiry& changes);

  // ---- the workflow (registry_workflow.cc) ----

  // The review queue and an inquiry's candidates, highest score first.
  Result<std::vector<Match>> ListMatches(const std::string& actor, const MatchFilter& filter);
  // Only an operator decides. Confirming a match with an inquiry links the inquiry to the
  // person, moves it to "confirmed", queues a callback task for the inquirer and an SMS in the
  // outbox; confirming a report's "same person?" merges the report's person into the match's.
  // FailedPrecondition when the match was already decided. The other candidates of a confirmed
  // inquiry are closed. Confirming a match with a deceased or unidentified person, or a "same
  // person?" whose merge would make a record dead or give a body a name, is a second, explicit
  // step: `acknowledged` must name what the operator was shown (RequiredAcknowledgement), else
  // FailedPrecondition naming the field "acknowledged".
  Result<Match> DecideMatch(const std::string& actor, const std::string& match_id,
                            MatchDecision decision, const std::string& acknowledged = "");
  // What confirming a match with `person` must acknowledge: "deceased", "unidentified" or "".
  static std::string_view RequiredAcknowledgement(const Person& person);
  // What confirming that `a` and `b` are one person must acknowledge: "deceased" when only one
  // of them is dead, "unidentified" when only one has a name, else "". The merge would carry
  // the death or the name over to the other record, and to the family asking about it.
  static std::string_view RequiredAcknowledgement(const Person& a, const Person& b);
  struct UndoneConfirmation {
    Match match;                     // pending again
    std::string callback_id;         // the callback it had queued
    bool message_withdrawn = false;  // the SMS was unsent and is withdrawn; else the family
                                     // had it and the callback stays, to tell them
  };
  // Undoes a confirmed match with an inquiry until its callback is made: the match and the
  // candidates it closed are pending again, the inquiry is unlinked and looks again, the
  // callback is cancelled and its SMS withdrawn while unsent. FailedPrecondition when the match
  // is not a confirmed inquiry match or the family was informed.
  Result<UndoneConfirmation> UndoConfirmation(const std::string& actor,
                                              const std::string& match_id);
  // The operator who opens a callback claims it for kCallbackClaim, so no other operator calls
  // the same family meanwhile (FailedPrecondition naming who holds it); claiming again extends
  // one's own claim. An outcome releases it.
  Result<CallbackTask> ClaimCallback(const std::string& actor, const std::string& callback_id);
  static constexpr std::chrono::minutes kCallbackClaim{10};

  Result<std::vector<CallbackTask>> ListCallbacks(const std::string& actor,
                                                  std::optional<CallbackState> state, int limit);
  enum class CallOutcome { kInformed, kNoAnswer, kRetryLater };
  // Informed closes the task and moves the inquiry to "informed"; the others try again later.
  Result<CallbackTask> RecordCallOutcome(const std::string& actor, const std::string& callback_id,
                                         CallOutcome outcome, const std::string& note);

  // The SMS and e-mail outbox, for the gateway that sends: pending messages (every message with
  // `pending_only` false), at most `limit`. Audited: the messages hold families' phones.
  Result<std::vector<OutboxMessage>> ListOutbox(const std::string& actor, bool pending_only,
                                                int limit);
  // The gateway's word on one message: delivered (`error` empty), or a failed attempt, after
  // which it stays pending. NotFound for an unknown id; FailedPrecondition when it was sent.
  Result<OutboxMessage> MarkOutbox(const std::string& actor, const std::string& message_id,
                                   const std::string& error);
  // Gives the dead letters (messages given up after their tries, or refused by the gateway)
  // another round: pending and due now, their tries counted from zero, the last error kept.
  // Returns how many; audited ("outbox.retry_dead", the ids).
  Result<int> RetryDeadOutbox(const std::string& actor);

  // ---- delivery of the outbox by the server (registry_delivery.cc; src/delivery sends) ----

  // The texts of the messages queued for families (default: MessageTemplates::Defaults()).
  // REQUIRES: called before the registry is shared between threads.
  void SetMessageTemplates(MessageTemplates templates) { templates_ = std::move(templates); }
  // Leases to `owner` up to `limit` pending messages of `channel` that are due (next_attempt_at
  // passed) and not leased, until now + `lease`, in one write transaction: no other worker, of
  // this server or another on the same database, takes them meanwhile. Audited
  // ("outbox.claim", the ids). Empty when none is due.
  Result<std::vector<OutboxMessage>> ClaimOutbox(const std::string& owner,
                                                 const std::string& channel, int limit,
                                                 std::chrono::seconds lease);
  struct DeliveryAttempt {
    std::string error;                  // empty: the gateway took the message
    std::optional<Timestamp> retry_at;  // after a failure: pending again from then; none: dead
  };
  // Records `owner`'s attempt at a message it leased: sent, or failed and pending until
  // retry_at, or failed for good (dead). A message whose receipt came first stays as the
  // receipt left it. NotFound when the message is gone (withdrawn); FailedPrecondition when
  // `owner` no longer holds it (its lease lapsed and another worker took it).
  Result<OutboxMessage> RecordDeliveryAttempt(const std::string& owner,
                                              const std::string& message_id,
                                              const DeliveryAttempt& attempt);
  enum class Receipt { kDelivered, kUndelivered };
  // The gateway's receipt for a message it was given: delivered or not (with the gateway's
  // `error`). A receipt that says what the message already records changes nothing. NotFound
  // for an unknown id; FailedPrecondition for a message that was never handed to a gateway
  // (pending with no attempt, or dead).
  Result<OutboxMessage> RecordReceipt(const std::string& actor, const std::string& message_id,
                                      Receipt receipt, const std::string& error);

  // The family's view: the person their confirmed inquiry was linked to, when `code` is the one
  // read to them on the callback. NotFound for any mismatch (no hint which part was wrong).
  Result<Person> FamilyView(const std::string& inquiry_id, const std::string& code);

  // Merges `absorbed` into `survivor` with full provenance; returns the merge record.
  Result<MergeRecord> Merge(const std::string& actor, const std::string& survivor_id,
                            const std::string& absorbed_id);
  // Restores both persons exactly as they were before the merge. FailedPrecondition when the
  // survivor has changed since (undo by hand then, with the provenance in the history). The
  // "same person?" match whose confirmation made the merge is pending again.
  Status UndoMerge(const std::string& actor, const std::string& merge_id);

  struct Figures {
    std::vector<HourFigures> hours;
    int64_t open_inquiries = 0;
    std::vector<std::pair<std::string, int64_t>> by_status;
    std::vector<std::pair<std::string, int64_t>> by_source;
  };
  Result<Figures> GetFigures(const std::string& actor, std::chrono::hours window);
  // What the shift lead watches (issue #19), aggregates only: the review backlog, the callbacks
  // past their due time, the oldest inquiry nobody has answered yet, calls in the last hour
  // against the operators at work in it (an audited action within the hour). Audited
  // ("figures.shift").
  struct ShiftFigures {
    int64_t review_backlog = 0;     // proposals pending review, unsure ones included
    int64_t pending_callbacks = 0;  // families still to call
    int64_t overdue_callbacks = 0;  // of those, past their due time (counted up to 10,000)
    std::optional<Timestamp> oldest_unanswered;  // created_at of the oldest open inquiry
    std::chrono::seconds oldest_unanswered_age{0};  // its age now
    int64_t calls_last_hour = 0;                 // inquiries taken in the last 60 minutes
    int64_t staff_on_shift = 0;                  // operators who acted in the last 60 minutes
  };
  Result<ShiftFigures> GetShiftFigures(const std::string& actor);

  // ---- import and export (import.cc, export.cc) ----

  // Imports every row of a file. Rows the reader or the registry rejects are counted, reported
  // and skipped (kSkip), or, with kAbortAll, nothing at all is written when any row is bad.
  // Returns the reader's fatal error (unreadable file) or a store failure; batches committed
  // before it stay committed and a re-run completes the import.
  Result<ImportSummary> Import(const ReaderFactory& open, const ImportOptions& options);
  // A source's past uploads, newest first, at most `limit`: each import for one source that
  // wrote, or that all-or-nothing refused, leaves an audit row ("import.run", the counts).
  // Audited ("import.list").
  Result<std::vector<ImportRun>> ImportRuns(const std::string& actor,
                                            const std::string& source_id, int limit);
  // Hands every matching person with their reports (oldest first) to `writer`. Persons purged
  // under retention, and persons with no report of the chosen source, are left out. One
  // source's export names only that source, and of a person's names only those it gave.
  // InvalidArgument for an unknown source; store errors as returned by the store; DataLoss
  // when the writer fails.
  Result<ExportSummary> Export(const ExportOptions& options, RecordWriter& writer);

  // ---- what the screens show (registry_views.cc; the structs in views.h) ----
  // Each read of personal data is audited here (read_audit.h: committed before the answer).

  // The review queue or an inquiry's candidates, each with both sides; audited as "match.list"
  // naming every person, inquiry (its inquirer's contacts are shown) and report.
  Result<std::vector<MatchView>> ListMatchViews(const std::string& actor,
                                                const MatchFilter& filter);
  // DecideMatch, then the decided match with both sides (audited as "match.read").
  Result<MatchView> DecideMatchView(const std::string& actor, const std::string& match_id,
                                    MatchDecision decision, const std::string& acknowledged = "");
  // The callback tasks with what to tell whom; audited as "callback.list" naming the inquiries
  // and persons read.
  Result<std::vector<CallbackView>> ListCallbackViews(const std::string& actor,
                                                      std::optional<CallbackState> state,
                                                      int limit);
  // Search, each hit with its facility, last change and status source (audited by Search).
  Result<std::vector<SearchHitView>> SearchViews(const std::string& actor, std::string_view query,
                                                 const index::SearchOptions& options);
  // Rows of the audit log; the query itself is audited ("audit.query": who looked at who
  // looked), at the registry's clock.
  // `filter.actor` may be a user's name ("aigerim") as well as an actor id ("usr_…"); an unknown
  // name finds nothing.
  Result<std::vector<AuditEvent>> QueryAudit(const std::string& actor, const AuditFilter& filter);
  // The user names of these actors ("usr_…" ids; others are not users and are left out), so the
  // audit log shows who, not an id.
  Result<std::map<std::string, std::string>> UserNames(const std::vector<std::string>& actor_ids);
  // Walks the audit chain (access/audit_chain.h); an error only when the store cannot be read.
  Result<access::AuditVerification> VerifyAudit();
  Result<SchemaStatus> GetSchemaStatus();
  // One source by id; NotFound when there is none.
  Result<Source> GetSource(const std::string& id);

  // ---- PFIF records (pfif.cc) ----

  // A PFIF person record that expired (its expiry_date has passed: `in` carries pfif_kind
  // kPerson, its external_id and expires_at; Person Finder's placeholder carries little else):
  // the source's record and its notes go, leaving a placeholder (ids and dates only, the
  // person purged), which stops the record coming back and is passed on by the export and
  // the feeds. kUpdated when the record was held here, kUnchanged when it was gone already,
  // kCreated for a placeholder of a record never held here. InvalidArgument for an unknown
  // source or a row that is not an expired PFIF person record.
  Result<ReportOutcome> RecordPfifExpiry(const std::string& actor, const NewReport& in);
  // Removes, as RecordPfifExpiry does, up to `limit` held PFIF person records whose
  // expiry_date has passed (the server runs this every minute); returns how many.
  Result<int> ExpirePfifRecords(const std::string& actor, int limit = 1000);
  // A page of a PFIF feed: the reports received from options.min_entry_date on and before the
  // current second (PFIF's dates are whole seconds: the second that is not over is served
  // once it is, so a follower skipping what it read of a second misses nothing), only
  // options.source_id's when given, each person as that source gave it, oldest first, handed
  // to `writer` until it is Full; persons purged under retention are left out, but a PFIF
  // record that expired is handed as its placeholder when the writer wants those. Audited as a
  // read ("pfif.feed", the ids handed). Returns how many reports were handed; store errors as
  // the store returns them, DataLoss when the writer fails.
  Result<size_t> PfifFeed(const PfifFeedOptions& options, RecordWriter& writer);

  const Clock& clock() const { return clock_; }

  // Brings the index's copy of these persons up to date from the store (store first, then
  // index, so the index never shows what the store does not hold). Used after this registry's
  // own commits and by the change feed follower for other processes' commits.
  // A failure marks the persons dirty for RepairIndexes.
  Status RefreshIndex(const std::vector<std::string>& person_ids);
  // Brings up to date the persons and inquiries whose index update failed after a commit, or
  // whose commit failed without telling whether it reached the database. The change follower
  // skips this process's own changes, so it calls this on every poll instead.
  Status RepairIndexes();

 private:
  using SourceCache = std::unordered_map<std::string, Source>;
  Result<ReportOutcome> RecordReportIn(Transaction& tx, const std::string& actor,
                                       const NewReport& in, Timestamp now, SourceCache& sources);
  Result<Source> ResolveSource(Transaction& tx, const NewReport& in);
  // Queues "is this report about `person_id`?" for review, once per pair.
  Status ProposeNamedPerson(Transaction& tx, const std::string& actor, const Report& report,
                            const std::string& person_id, Timestamp now);
  // After a commit: brings the index's copy of these persons up to date; a failure marks them
  // dirty (RefreshIndex), for RepairIndexes.
  void Reindex(const std::vector<std::string>& person_ids) { (void)RefreshIndex(person_ids); }
  // Commits; when the commit fails (it may have reached the database all the same) the persons
  // and inquiries it wrote are marked dirty, and on success the persons are reindexed.
  Status CommitAndReindex(Transaction& tx, const std::vector<std::string>& person_ids,
                          const std::vector<std::string>& inquiry_ids = {});
  void MarkDirty(const std::vector<std::string>& person_ids,
                 const std::vector<std::string>& inquiry_ids);
  // Merge's writes, in the caller's transaction (DecideMatch merges as it confirms).
  // `by_match`: the "same person?" match whose confirmation merges; undoing the merge returns
  // it to the queue.
  Result<MergeRecord> MergeIn(Transaction& tx, const std::string& actor,
                              const std::string& survivor_id, const std::string& absorbed_id,
                              Timestamp now, const std::string& by_match = "");
  struct Decided {
    Match match;
    std::string merge_id;  // the merge a confirmed "same person?" made, if any
  };
  Result<Decided> Decide(const std::string& actor, const std::string& match_id,
                         MatchDecision decision, const std::string& acknowledged);
  Status Audit(Transaction& tx, const std::string& actor, std::string action,
               std::string entity_type, std::string entity_id, std::string detail = {});
  // The audit row of one upload for ImportRuns (none for a file whose rows name their sources).
  Status RecordImportRun(const ImportOptions& options, const ImportSummary& summary);
  // The audit row of a read, durable when it returns (committed in groups: read_audit.h). The
  // read is answered only on success. Under an AuditDeferral (the server's search) the row is
  // only queued, and whoever answers waits for the deferral's outcome instead.
  Status AuditRead(const std::string& actor, std::string action, std::string entity_type,
                   std::string entity_id, std::string detail = {});

  // RecordPfifExpiry's and ExpirePfifRecords' writes for one held record; the persons whose
  // index entries change are added to `touched`.
  // `placeholder` (when given) is what deleted it: its expiry and entry dates are kept.
  Status ExpirePfifRecordIn(Transaction& tx, const std::string& actor, const Report& record,
                            Timestamp now, std::vector<std::string>& touched,
                            const NewReport* placeholder = nullptr);
  // Derives the person's status from every report: highest trust first, then newest.
  Status RecomputeStatus(Transaction& tx, Person& person);
  void MatchLater(const Report& report);
  void MatchLater(const Inquiry& inquiry);
  // Compares an imported batch with the open inquiries on a background thread, once the
  // previous batch's comparison has finished.
  void MatchWithInquiriesLater(std::vector<Report> reports);

  Store& store_;
  const Clock& clock_;
  index::IndexHandle* index_;
  Matcher* matcher_;
  GivenOrOwnIdGenerator ids_;
  MessageTemplates templates_ = MessageTemplates::Defaults();
  ReadAudit read_audit_{store_, clock_};
  SourceNameCache source_names_;
  Mutex matching_mu_;
  // The last batch's comparison with the open inquiries.
  std::future<void> matching_ GUARDED_BY(matching_mu_);
  Mutex dirty_mu_;
  std::set<std::string> dirty_persons_ GUARDED_BY(dirty_mu_);
  std::set<std::string> dirty_inquiries_ GUARDED_BY(dirty_mu_);
};

// Clamps a client's page size into 1..200 (default 50).
PageRequest NormalizePage(PageRequest page);

}  // namespace aftermath
