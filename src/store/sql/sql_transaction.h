// SqlTransaction: the one Transaction of every SQL backend. Private to src/store/sql: the
// transaction core (Begin, Commit, the audit append, the change feed's write, locking) is in
// sql_store.cc, and each aggregate's statements are in their own sql_<aggregate>.cc.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/personal_data.h"
#include "store/sql/row_reader.h"
#include "store/sql/sql_connection.h"
#include "store/store.h"

namespace aftermath::sql {

inline std::string Ts(Timestamp t) { return FormatTimestamp(t); }
// NULL for an unset time.
inline void BindOptionalTime(Statement& s, int i, const std::optional<Timestamp>& t) {
  if (t) {
    s.Bind(i, Ts(*t));
  } else {
    s.BindNull(i);
  }
}

// Every row of a statement, each read by `read` (a Result: DataLoss on a corrupt row, which ends
// the read).
template <typename T, typename ReadFn>
Result<std::vector<T>> CollectRows(Statement& s, ReadFn read) {
  std::vector<T> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(T item, read(s));
    out.push_back(std::move(item));
  }
  return out;
}

class SqlStore;

class SqlTransaction final : public Transaction {
 public:
  SqlTransaction(SqlStore* store, std::unique_ptr<Connection> conn, TransactionMode mode)
      : store_(store), conn_(std::move(conn)), mode_(mode) {}
  ~SqlTransaction() override;

  Result<Person> GetPerson(std::string_view id) override;
  Result<Page<Person>> ListPersons(const PersonFilter& filter, const PageRequest& page) override;
  Result<Report> GetReport(std::string_view id) override;
  Result<std::optional<Report>> FindReportByExternalId(std::string_view source_id,
                                                       std::string_view external_id) override;
  Result<Page<Report>> ListReports(const ReportFilter& filter, const PageRequest& page) override;
  Result<std::vector<StatusEvent>> ListStatusEvents(std::string_view person_id) override;
  Result<Inquiry> GetInquiry(std::string_view id) override;
  Result<Page<Inquiry>> ListInquiries(const InquiryFilter& filter,
                                      const PageRequest& page) override;
  Result<Source> GetSource(std::string_view id) override;
  Result<std::optional<Source>> FindSourceByName(std::string_view name) override;
  Result<std::vector<Source>> ListSources() override;
  Result<int64_t> CountPersons() override;
  Result<std::vector<AuditEvent>> ListAudit(int64_t after_seq, int limit) override;

  Status InsertPerson(const Person& person) override;
  Status UpdatePerson(const Person& person) override;
  Status InsertReport(const Report& report) override;
  Status UpdateReport(const Report& report) override;
  Status InsertStatusEvent(const StatusEvent& event) override;
  Status InsertInquiry(const Inquiry& inquiry) override;
  Status UpdateInquiry(const Inquiry& inquiry) override;
  Status InsertSource(const Source& source) override;
  Result<AuditEvent> AppendAudit(AuditEvent event) override;

  Result<std::vector<AuditEvent>> QueryAudit(const AuditFilter& filter) override;
  Result<std::pair<int64_t, std::string>> AuditHead() override;
  Result<std::vector<IndexRow>> ScanIndexRows(std::string_view after_id, int limit) override;
  Result<Match> GetMatch(std::string_view id) override;
  Result<std::vector<Match>> ListMatches(const MatchFilter& filter) override;
  Result<std::optional<Match>> FindMatch(std::string_view person_id, std::string_view inquiry_id,
                                         std::string_view report_id) override;
  Result<CallbackTask> GetCallback(std::string_view id) override;
  Result<std::vector<CallbackTask>> ListCallbacks(std::optional<CallbackState> state,
                                                  int limit) override;
  Result<MergeRecord> GetMerge(std::string_view id) override;
  Result<std::vector<CallbackTask>> CallbacksOfInquiry(std::string_view inquiry_id) override;
  Result<std::vector<OutboxMessage>> ListOutbox(bool pending_only, int limit) override;
  Result<std::vector<OutboxMessage>> DueOutbox(std::string_view channel, Timestamp now,
                                               int limit) override;
  Result<OutboxMessage> GetOutbox(std::string_view id) override;
  Result<std::vector<Report>> UnmatchedReports(int limit) override;
  Result<std::vector<Inquiry>> UnmatchedInquiries(int limit) override;
  Result<std::vector<Inquiry>> ScanOpenInquiries(std::string_view after_id, int limit) override;
  Result<std::vector<Person>> ListUnidentified(int limit) override;
  Result<std::vector<Report>> ListExpiredPfifRecords(Timestamp now, int limit) override;
  Result<std::vector<Report>> ListReportsSince(std::string_view source_id, Timestamp since,
                                               std::string_view after_id, int limit) override;
  Result<std::vector<Inquiry>> ListInquiriesOfPerson(std::string_view person_id) override;
  Result<std::vector<StatusEvent>> ListStatusEventsOfReport(std::string_view report_id) override;
  Result<std::vector<HourFigures>> FiguresByHour(Timestamp since) override;
  Result<std::vector<std::pair<std::string, int64_t>>> CountPersonsByStatus() override;
  Result<std::vector<std::pair<std::string, int64_t>>> CountPersonsBySource() override;
  Result<int64_t> CountOpenInquiries() override;
  Result<QueueCounts> CountQueues() override;
  Status InsertMatch(const Match& match) override;
  Status UpdateMatch(const Match& match) override;
  Status InsertCallback(const CallbackTask& task) override;
  Status UpdateCallback(const CallbackTask& task) override;
  Status InsertMerge(const MergeRecord& merge) override;
  Status UpdateMerge(const MergeRecord& merge) override;
  Status InsertOutbox(const OutboxMessage& message) override;
  Status UpdateOutbox(const OutboxMessage& message) override;
  Status DeleteOutbox(std::string_view id) override;
  Status MarkReportMatched(std::string_view report_id, Timestamp at) override;
  Status MarkInquiryMatched(std::string_view inquiry_id, Timestamp at) override;
  Status UpdateInquiryState(std::string_view inquiry_id, int64_t version, InquiryState state,
                            Timestamp at) override;
  Status SetReportPerson(std::string_view report_id, std::string_view person_id) override;
  Status SetStatusEventPerson(std::string_view event_id, std::string_view person_id) override;
  Result<std::optional<IndexRow>> LoadIndexRow(std::string_view person_id) override;
  Result<User> GetUser(std::string_view id) override;
  Result<std::optional<User>> FindUserByUsername(std::string_view username) override;
  Result<std::vector<User>> ListUsers() override;
  Result<std::optional<Session>> FindSession(std::string_view token_hash) override;
  Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) override;
  Result<std::vector<ApiToken>> ListApiTokens() override;
  Result<std::vector<std::string>> InquiriesDueForPurge(Timestamp cutoff) override;
  Result<std::vector<std::string>> PersonsDueForPurge(Timestamp cutoff) override;
  Status InsertUser(const User& user) override;
  Status UpdateUser(const User& user) override;
  Status InsertSession(const Session& session) override;
  Status RevokeSession(std::string_view token_hash) override;
  Status RevokeUserSessions(std::string_view user_id) override;
  Status InsertApiToken(const ApiToken& token) override;
  Status RevokeApiToken(std::string_view id, Timestamp at) override;
  Status PurgeInquiry(std::string_view id, Timestamp at) override;
  Status PurgePerson(std::string_view id, Timestamp at) override;
  Status PurgeOf(personal_data::Owner owner, std::string_view id, Timestamp at);
  Result<std::vector<Change>> ListChanges(int64_t after_seq, int limit) override;
  Result<int64_t> LatestChangeSeq() override;
  Status PruneChanges(Timestamp before) override;
  Result<std::optional<IdempotencyRecord>> FindIdempotencyKey(std::string_view actor,
                                                              std::string_view key) override;
  Status InsertIdempotencyKey(const IdempotencyRecord& record) override;
  Status CompleteIdempotencyKey(std::string_view actor, std::string_view key, int status,
                                std::string_view response) override;
  Status DeleteIdempotencyKey(std::string_view actor, std::string_view key) override;
  Status PruneIdempotencyKeys(Timestamp before) override;
  // The damage & support register (sql_recovery.cc).
  Result<Programme> GetProgramme(std::string_view id) override;
  Result<std::optional<Programme>> FindProgrammeByCode(std::string_view code) override;
  Result<std::vector<Programme>> ListProgrammes() override;
  Status InsertProgramme(const Programme& programme) override;
  Status UpdateProgramme(const Programme& programme) override;
  Result<AffectedObject> GetObject(std::string_view id) override;
  Result<std::vector<std::string>> FindObjectIds(ObjectKey key, std::string_view value,
                                                 int limit) override;
  Result<Page<AffectedObject>> ListObjects(std::optional<ObjectKind> kind,
                                           const PageRequest& page) override;
  Result<int64_t> CountObjects() override;
  Status InsertObject(const AffectedObject& object) override;
  Status UpdateObject(const AffectedObject& object) override;
  Result<Assessment> GetAssessment(std::string_view id) override;
  Result<std::vector<Assessment>> ListAssessments(std::string_view object_id) override;
  Status InsertAssessment(const Assessment& assessment) override;
  Result<RestorationWork> GetWork(std::string_view id) override;
  Result<std::vector<RestorationWork>> ListWorks(std::string_view object_id) override;
  Status InsertWork(const RestorationWork& work) override;
  Status UpdateWork(const RestorationWork& work) override;
  Result<Claim> GetClaim(std::string_view id) override;
  Result<std::optional<Claim>> FindClaimByExternalId(std::string_view external_id) override;
  Result<std::vector<std::string>> FindClaimIds(ClaimKey key, std::string_view value,
                                                int limit) override;
  Result<Page<Claim>> ListClaims(const ClaimFilter& filter, const PageRequest& page) override;
  Result<std::vector<Claim>> ListOverdueClaims(Timestamp now, int limit) override;
  Result<int64_t> CountClaims() override;
  Result<int64_t> SumValued(const ValuedFilter& filter) override;
  Result<bool> IsFileReferenced(std::string_view sha256) override;
  Result<std::vector<ClaimFigureRow>> ListClaimFigureRows() override;
  Result<std::vector<DamageFigureRow>> ListDamageFigureRows() override;
  Status InsertClaim(const Claim& claim) override;
  Status UpdateClaim(const Claim& claim) override;
  Status UpdateClaimState(std::string_view id, int64_t version, ClaimState state,
                          Timestamp updated_at) override;
  Status UpdateClaimStates(const std::vector<ClaimStatus>& claims, ClaimState state,
                           Timestamp updated_at) override;
  Result<std::vector<ClaimStatus>> ListClaimStatusesOnList(std::string_view list_id) override;
  Result<std::vector<KinProposal>> ListKin(std::string_view claim_id) override;
  Result<std::vector<KinProposal>> ListKinOfInquiry(std::string_view inquiry_id) override;
  Status InsertKin(const KinProposal& kin) override;
  Status UpdateKin(const KinProposal& kin) override;
  Result<Conflict> GetConflict(std::string_view id) override;
  Result<std::vector<Conflict>> ListConflicts(const ConflictFilter& filter) override;
  Status InsertConflict(const Conflict& conflict) override;
  Status UpdateConflict(const Conflict& conflict) override;
  // The register's commissions (sql_commission.cc).
  Result<Commission> GetCommission(std::string_view id) override;
  Result<std::vector<Commission>> ListCommissions() override;
  Status InsertCommission(const Commission& commission) override;
  Status UpdateCommission(const Commission& commission) override;
  Result<std::vector<InterestDeclaration>> ListDeclarations(std::string_view commission_id,
                                                            std::string_view user_id) override;
  Status InsertDeclaration(const InterestDeclaration& declaration) override;
  Result<CommissionSession> GetCommissionSession(std::string_view id) override;
  Result<std::vector<CommissionSession>> ListCommissionSessions(
      std::string_view commission_id) override;
  Status InsertCommissionSession(const CommissionSession& session) override;
  Status UpdateCommissionSession(const CommissionSession& session) override;
  Result<std::vector<AgendaItem>> ListAgenda(std::string_view session_id) override;
  Result<std::vector<AgendaItem>> ListClaimItems(std::string_view claim_id) override;
  Result<std::vector<AgendaItem>> ListClaimsItems(
      const std::vector<std::string>& claim_ids) override;
  Status InsertAgendaItem(const AgendaItem& item) override;
  Status UpdateAgendaItem(const AgendaItem& item) override;
  Result<std::vector<Vote>> ListVotes(std::string_view session_id,
                                      std::string_view claim_id) override;
  Status InsertVote(const Vote& vote) override;
  Result<SessionAct> GetAct(std::string_view id) override;
  Result<std::vector<SessionAct>> ListActs(std::string_view session_id) override;
  Status InsertAct(const SessionAct& act) override;
  Status FinalizeAct(std::string_view act_id, Timestamp at) override;
  Status InsertSignature(std::string_view act_id, const ActSignature& signature) override;
  Result<std::vector<ApprovalTier>> ListApprovalTiers(std::string_view programme_id) override;
  Status ReplaceApprovalTiers(std::string_view programme_id,
                              const std::vector<ApprovalTier>& tiers) override;
  Result<std::vector<SignOff>> ListSignOffs(std::string_view session_id,
                                            std::string_view claim_id) override;
  Status InsertSignOff(const SignOff& sign_off) override;
  // The register's payments (sql_payments.cc).
  Result<PaymentList> GetPaymentList(std::string_view id) override;
  Result<std::vector<PaymentList>> ListPaymentLists(std::string_view programme_id) override;
  Status InsertPaymentList(const PaymentList& list) override;
  Status UpdatePaymentList(const PaymentList& list) override;
  Result<Payment> GetPayment(std::string_view id) override;
  Result<std::vector<Payment>> ListPayments(const PaymentFilter& filter) override;
  Status InsertPayment(const Payment& payment) override;
  Status InsertPayments(const std::vector<Payment>& payments) override;
  Status UpdatePayment(const Payment& payment) override;
  Status UpdatePayments(const std::vector<Payment>& payments) override;
  Result<int64_t> SumLivePayments(std::string_view programme_id) override;
  Result<ProgrammeTotals> GetProgrammeTotals(std::string_view programme_id) override;
  // Applications online (sql_applications.cc).
  Result<OnlineApplication> GetApplication(std::string_view id) override;
  Result<int64_t> CountApplicationsOfPhone(std::string_view phone, Timestamp since) override;
  Status InsertApplication(const OnlineApplication& application) override;
  Status UpdateApplication(const OnlineApplication& application) override;
  Status Commit() override;

 private:
  // Notes a changed person or inquiry for the change feed (written at commit).
  void Touch(const char* entity_type, std::string_view id) {
    if (!id.empty()) changes_.emplace(entity_type, std::string(id));
  }
  Status WriteChanges();
  // Links the queued audit events into the chain and inserts them (see AppendAudit).
  Status WriteAudit();
  // What a write is: a record (persons, inquiries, users ...: write transactions only) or
  // bookkeeping (audit rows, sessions, idempotency keys: bookkeeping transactions too).
  enum class WriteKind { kRecord, kBookkeeping };
  // An open transaction that may write `kind`; RequireWrite() also notes that it wrote (it then
  // needs an audit event to commit).
  Status CheckWritable(WriteKind kind = WriteKind::kRecord) const;
  Status RequireWrite(WriteKind kind = WriteKind::kRecord);
  Result<std::vector<std::string>> Ids(const char* sql, std::string_view param);
  // Fills names, external ids, source kinds and regions of `rows` (sorted by id).
  Status FillIndexRows(std::vector<IndexRow>& rows);
  // Runs a write statement with one text parameter per entry of `params`.
  Status RunWith(const char* sql, std::initializer_list<std::string_view> params,
                 WriteKind kind = WriteKind::kRecord);
  // Runs RowsSql(head, row, n, tail) over `items` in statements of up to kMaxRowsPerStatement
  // rows; bind(statement, first parameter of the row, item) binds one row's `columns`
  // parameters. A statement's result rows' first column (its RETURNING) is added to `returned`
  // when given.
  template <typename T, typename BindRow>
  Status RunRows(const char* head, const char* row, int columns, const char* tail,
                 const std::vector<T>& items, BindRow bind,
                 std::vector<std::string>* returned = nullptr) {
    for (size_t i = 0; i < items.size();) {
      int n = RowsInNextStatement(items.size() - i);
      ASSIGN_OR_RETURN(auto s, conn_->Prepare(RowsSql(head, row, n, tail)));
      for (int k = 0; k < n; ++k) bind(*s, k * columns + 1, items[i + static_cast<size_t>(k)]);
      for (;;) {
        ASSIGN_OR_RETURN(bool got, s->Step());
        if (!got) break;
        if (returned) returned->push_back(s->Text(0));
      }
      i += static_cast<size_t>(n);
    }
    return Status::Ok();
  }
  // For a batch update of rows by (id, version): InvalidArgument when an id is there twice.
  static Status CheckDistinctIds(std::vector<std::string> ids, std::string_view table);
  // After it: Aborted naming the first row of `expected` (id, version) whose id is not among
  // `updated` (the ids the update returned), as CheckVersionedUpdate does for one row.
  static Status CheckVersionedUpdates(const std::vector<std::pair<std::string, int64_t>>& expected,
                                      std::vector<std::string> updated, std::string_view table);
  Status WriteNames(const Person& person);
  static Status CheckVersionedUpdate(int64_t rows, std::string_view table, std::string_view id,
                                     int64_t version);
  Result<std::vector<PersonName>> ReadNames(std::string_view person_id);
  // The rows a recovery record owns (sql_recovery.cc).
  Result<std::vector<ObjectOwner>> ReadOwners(std::string_view object_id);
  Status WriteOwners(const AffectedObject& object);
  Result<std::vector<Photo>> ReadPhotos(std::string_view assessment_id);
  Result<std::vector<ClaimDocument>> ReadDocuments(std::string_view claim_id);
  Status ReadDocumentsOf(std::vector<Claim>& claims);  // each claim's, a statement per 256
  Status WriteDocuments(const Claim& claim);
  // The rows a commission record owns (sql_commission.cc).
  Result<std::vector<CommissionMember>> ReadMembers(std::string_view commission_id);
  Status WriteMembers(const Commission& commission);
  Result<std::vector<ActSignature>> ReadSignatures(std::string_view act_id);

  SqlStore* store_;
  std::unique_ptr<Connection> conn_;
  TransactionMode mode_;
  bool open_ = false;
  bool wrote_ = false;
  bool audited_ = false;
  std::set<std::pair<std::string, std::string>> changes_;
  std::vector<AuditEvent> audit_;                   // queued by AppendAudit, chained at commit
  std::unique_lock<std::timed_mutex> writer_lock_;  // held from Begin to the end (see SqlBackend)

  friend class SqlStore;
};

}  // namespace aftermath::sql
