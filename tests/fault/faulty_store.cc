#include "fault/faulty_store.h"

#include <fmt/format.h>

#include <utility>

namespace aftermath::testing {
namespace {

// Forwards every method to the real transaction after asking the plan; generated from
// store.h's Transaction (a new method there must be added here: the class is then abstract).
class FaultyTransaction final : public Transaction {
 public:
  FaultyTransaction(std::unique_ptr<Transaction> base, FaultPlan& plan)
      : base_(std::move(base)), plan_(plan) {}

  Status Commit() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("Commit"));
    RETURN_IF_ERROR(base_->Commit());
    if (plan_.FailAfterCommit()) {
      return Unavailable(
          "injected fault: the commit reached the database, then the answer was lost");
    }
    return Status::Ok();
  }

  Result<Person> GetPerson(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetPerson"));
    return base_->GetPerson(id);
  }
  Result<Page<Person>> ListPersons(const PersonFilter& filter, const PageRequest& page) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListPersons"));
    return base_->ListPersons(filter, page);
  }
  Result<Report> GetReport(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetReport"));
    return base_->GetReport(id);
  }
  Result<std::optional<Report>> FindReportByExternalId(std::string_view source_id,
                                                       std::string_view external_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindReportByExternalId"));
    return base_->FindReportByExternalId(source_id, external_id);
  }
  Result<Page<Report>> ListReports(const ReportFilter& filter, const PageRequest& page) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListReports"));
    return base_->ListReports(filter, page);
  }
  Result<std::vector<StatusEvent>> ListStatusEvents(std::string_view person_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListStatusEvents"));
    return base_->ListStatusEvents(person_id);
  }
  Result<Inquiry> GetInquiry(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetInquiry"));
    return base_->GetInquiry(id);
  }
  Result<Page<Inquiry>> ListInquiries(const InquiryFilter& filter,
                                      const PageRequest& page) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListInquiries"));
    return base_->ListInquiries(filter, page);
  }
  Result<Source> GetSource(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetSource"));
    return base_->GetSource(id);
  }
  Result<std::optional<Source>> FindSourceByName(std::string_view name) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindSourceByName"));
    return base_->FindSourceByName(name);
  }
  Result<std::vector<Source>> ListSources() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListSources"));
    return base_->ListSources();
  }
  Result<int64_t> CountPersons() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("CountPersons"));
    return base_->CountPersons();
  }
  Result<std::vector<AuditEvent>> ListAudit(int64_t after_seq, int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListAudit"));
    return base_->ListAudit(after_seq, limit);
  }
  Result<std::vector<IndexRow>> ScanIndexRows(std::string_view after_id, int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ScanIndexRows"));
    return base_->ScanIndexRows(after_id, limit);
  }
  Result<std::optional<IndexRow>> LoadIndexRow(std::string_view person_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("LoadIndexRow"));
    return base_->LoadIndexRow(person_id);
  }
  Result<Match> GetMatch(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetMatch"));
    return base_->GetMatch(id);
  }
  Result<std::vector<Match>> ListMatches(const MatchFilter& filter) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListMatches"));
    return base_->ListMatches(filter);
  }
  Result<std::optional<Match>> FindMatch(std::string_view person_id, std::string_view inquiry_id,
                                         std::string_view report_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindMatch"));
    return base_->FindMatch(person_id, inquiry_id, report_id);
  }
  Result<CallbackTask> GetCallback(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetCallback"));
    return base_->GetCallback(id);
  }
  Result<std::vector<CallbackTask>> ListCallbacks(std::optional<CallbackState> state,
                                                  int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListCallbacks"));
    return base_->ListCallbacks(state, limit);
  }
  Result<std::vector<CallbackTask>> CallbacksOfInquiry(std::string_view inquiry_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("CallbacksOfInquiry"));
    return base_->CallbacksOfInquiry(inquiry_id);
  }
  Result<MergeRecord> GetMerge(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetMerge"));
    return base_->GetMerge(id);
  }
  Result<std::vector<OutboxMessage>> ListOutbox(bool pending_only, int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListOutbox"));
    return base_->ListOutbox(pending_only, limit);
  }
  Result<std::vector<OutboxMessage>> DueOutbox(std::string_view channel, Timestamp now,
                                               int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("DueOutbox"));
    return base_->DueOutbox(channel, now, limit);
  }
  Result<OutboxMessage> GetOutbox(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetOutbox"));
    return base_->GetOutbox(id);
  }
  Result<std::vector<Report>> UnmatchedReports(int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UnmatchedReports"));
    return base_->UnmatchedReports(limit);
  }
  Result<std::vector<Inquiry>> UnmatchedInquiries(int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UnmatchedInquiries"));
    return base_->UnmatchedInquiries(limit);
  }
  Result<std::vector<Inquiry>> ScanOpenInquiries(std::string_view after_id, int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ScanOpenInquiries"));
    return base_->ScanOpenInquiries(after_id, limit);
  }
  Result<std::vector<Inquiry>> ListInquiriesOfPerson(std::string_view person_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListInquiriesOfPerson"));
    return base_->ListInquiriesOfPerson(person_id);
  }
  Result<std::vector<Report>> ListReportsSince(std::string_view source_id, Timestamp since,
                                               std::string_view after_id, int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListReportsSince"));
    return base_->ListReportsSince(source_id, since, after_id, limit);
  }
  Result<std::vector<Report>> ListExpiredPfifRecords(Timestamp now, int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListExpiredPfifRecords"));
    return base_->ListExpiredPfifRecords(now, limit);
  }
  Result<std::vector<Person>> ListUnidentified(int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListUnidentified"));
    return base_->ListUnidentified(limit);
  }
  Result<std::vector<StatusEvent>> ListStatusEventsOfReport(std::string_view report_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListStatusEventsOfReport"));
    return base_->ListStatusEventsOfReport(report_id);
  }
  Result<std::vector<HourFigures>> FiguresByHour(Timestamp since) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FiguresByHour"));
    return base_->FiguresByHour(since);
  }
  Result<std::vector<std::pair<std::string, int64_t>>> CountPersonsByStatus() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("CountPersonsByStatus"));
    return base_->CountPersonsByStatus();
  }
  Result<std::vector<std::pair<std::string, int64_t>>> CountPersonsBySource() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("CountPersonsBySource"));
    return base_->CountPersonsBySource();
  }
  Result<int64_t> CountOpenInquiries() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("CountOpenInquiries"));
    return base_->CountOpenInquiries();
  }
  Result<QueueCounts> CountQueues() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("CountQueues"));
    return base_->CountQueues();
  }
  Result<std::pair<int64_t, std::string>> AuditHead() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("AuditHead"));
    return base_->AuditHead();
  }
  Result<std::vector<AuditEvent>> QueryAudit(const AuditFilter& filter) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("QueryAudit"));
    return base_->QueryAudit(filter);
  }
  Result<User> GetUser(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetUser"));
    return base_->GetUser(id);
  }
  Result<std::optional<User>> FindUserByUsername(std::string_view username) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindUserByUsername"));
    return base_->FindUserByUsername(username);
  }
  Result<std::vector<User>> ListUsers() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListUsers"));
    return base_->ListUsers();
  }
  Result<std::optional<Session>> FindSession(std::string_view token_hash) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindSession"));
    return base_->FindSession(token_hash);
  }
  Result<std::optional<ApiToken>> FindApiToken(std::string_view token_hash) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindApiToken"));
    return base_->FindApiToken(token_hash);
  }
  Result<std::vector<ApiToken>> ListApiTokens() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListApiTokens"));
    return base_->ListApiTokens();
  }
  Result<std::vector<std::string>> InquiriesDueForPurge(Timestamp cutoff) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InquiriesDueForPurge"));
    return base_->InquiriesDueForPurge(cutoff);
  }
  Result<std::vector<std::string>> PersonsDueForPurge(Timestamp cutoff) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("PersonsDueForPurge"));
    return base_->PersonsDueForPurge(cutoff);
  }
  Result<std::vector<Change>> ListChanges(int64_t after_seq, int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListChanges"));
    return base_->ListChanges(after_seq, limit);
  }
  Result<int64_t> LatestChangeSeq() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("LatestChangeSeq"));
    return base_->LatestChangeSeq();
  }
  Status PruneChanges(Timestamp before) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("PruneChanges"));
    return base_->PruneChanges(before);
  }
  Result<std::optional<IdempotencyRecord>> FindIdempotencyKey(std::string_view actor,
                                                              std::string_view key) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindIdempotencyKey"));
    return base_->FindIdempotencyKey(actor, key);
  }
  Status InsertIdempotencyKey(const IdempotencyRecord& record) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertIdempotencyKey"));
    return base_->InsertIdempotencyKey(record);
  }
  Status CompleteIdempotencyKey(std::string_view actor, std::string_view key, int status,
                                std::string_view response) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("CompleteIdempotencyKey"));
    return base_->CompleteIdempotencyKey(actor, key, status, response);
  }
  Status DeleteIdempotencyKey(std::string_view actor, std::string_view key) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("DeleteIdempotencyKey"));
    return base_->DeleteIdempotencyKey(actor, key);
  }

  // ---- RecoveryRecords ----
  Result<Programme> GetProgramme(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetProgramme"));
    return base_->GetProgramme(id);
  }
  Result<std::optional<Programme>> FindProgrammeByCode(std::string_view code) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindProgrammeByCode"));
    return base_->FindProgrammeByCode(code);
  }
  Result<std::vector<Programme>> ListProgrammes() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListProgrammes"));
    return base_->ListProgrammes();
  }
  Status InsertProgramme(const Programme& programme) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertProgramme"));
    return base_->InsertProgramme(programme);
  }
  Status UpdateProgramme(const Programme& programme) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateProgramme"));
    return base_->UpdateProgramme(programme);
  }
  Result<AffectedObject> GetObject(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetObject"));
    return base_->GetObject(id);
  }
  Result<std::vector<std::string>> FindObjectIds(ObjectKey key, std::string_view value,
                                                 int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindObjectIds"));
    return base_->FindObjectIds(key, value, limit);
  }
  Result<Page<AffectedObject>> ListObjects(std::optional<ObjectKind> kind,
                                           const PageRequest& page) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListObjects"));
    return base_->ListObjects(kind, page);
  }
  Result<int64_t> CountObjects() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("CountObjects"));
    return base_->CountObjects();
  }
  Status InsertObject(const AffectedObject& object) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertObject"));
    return base_->InsertObject(object);
  }
  Status UpdateObject(const AffectedObject& object) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateObject"));
    return base_->UpdateObject(object);
  }
  Result<Assessment> GetAssessment(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetAssessment"));
    return base_->GetAssessment(id);
  }
  Result<std::vector<Assessment>> ListAssessments(std::string_view object_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListAssessments"));
    return base_->ListAssessments(object_id);
  }
  Status InsertAssessment(const Assessment& assessment) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertAssessment"));
    return base_->InsertAssessment(assessment);
  }
  Result<RestorationWork> GetWork(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetWork"));
    return base_->GetWork(id);
  }
  Result<std::vector<RestorationWork>> ListWorks(std::string_view object_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListWorks"));
    return base_->ListWorks(object_id);
  }
  Status InsertWork(const RestorationWork& work) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertWork"));
    return base_->InsertWork(work);
  }
  Status UpdateWork(const RestorationWork& work) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateWork"));
    return base_->UpdateWork(work);
  }
  Result<Claim> GetClaim(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetClaim"));
    return base_->GetClaim(id);
  }
  Result<std::optional<Claim>> FindClaimByExternalId(std::string_view external_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindClaimByExternalId"));
    return base_->FindClaimByExternalId(external_id);
  }
  Result<std::vector<std::string>> FindClaimIds(ClaimKey key, std::string_view value,
                                                int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FindClaimIds"));
    return base_->FindClaimIds(key, value, limit);
  }
  Result<Page<Claim>> ListClaims(const ClaimFilter& filter, const PageRequest& page) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListClaims"));
    return base_->ListClaims(filter, page);
  }
  Result<std::vector<Claim>> ListOverdueClaims(Timestamp now, int limit) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListOverdueClaims"));
    return base_->ListOverdueClaims(now, limit);
  }
  Result<int64_t> CountClaims() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("CountClaims"));
    return base_->CountClaims();
  }
  Result<int64_t> SumValued(const ValuedFilter& filter) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("SumValued"));
    return base_->SumValued(filter);
  }
  Result<bool> IsFileReferenced(std::string_view sha256) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("IsFileReferenced"));
    return base_->IsFileReferenced(sha256);
  }
  Result<std::vector<ClaimFigureRow>> ListClaimFigureRows() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListClaimFigureRows"));
    return base_->ListClaimFigureRows();
  }
  Result<std::vector<DamageFigureRow>> ListDamageFigureRows() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListDamageFigureRows"));
    return base_->ListDamageFigureRows();
  }
  Status InsertClaim(const Claim& claim) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertClaim"));
    return base_->InsertClaim(claim);
  }
  Status UpdateClaim(const Claim& claim) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateClaim"));
    return base_->UpdateClaim(claim);
  }
  Status UpdateClaimState(std::string_view id, int64_t version, ClaimState state,
                          Timestamp updated_at) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateClaimState"));
    return base_->UpdateClaimState(id, version, state, updated_at);
  }
  Status UpdateClaimStates(const std::vector<ClaimStatus>& claims, ClaimState state,
                           Timestamp updated_at) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateClaimStates"));
    return base_->UpdateClaimStates(claims, state, updated_at);
  }
  Result<std::vector<ClaimStatus>> ListClaimStatusesOnList(std::string_view list_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListClaimStatusesOnList"));
    return base_->ListClaimStatusesOnList(list_id);
  }
  Result<std::vector<KinProposal>> ListKin(std::string_view claim_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListKin"));
    return base_->ListKin(claim_id);
  }
  Result<std::vector<KinProposal>> ListKinOfInquiry(std::string_view inquiry_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListKinOfInquiry"));
    return base_->ListKinOfInquiry(inquiry_id);
  }
  Status InsertKin(const KinProposal& kin) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertKin"));
    return base_->InsertKin(kin);
  }
  Status UpdateKin(const KinProposal& kin) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateKin"));
    return base_->UpdateKin(kin);
  }
  Result<Conflict> GetConflict(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetConflict"));
    return base_->GetConflict(id);
  }
  Result<std::vector<Conflict>> ListConflicts(const ConflictFilter& filter) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListConflicts"));
    return base_->ListConflicts(filter);
  }
  Status InsertConflict(const Conflict& conflict) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertConflict"));
    return base_->InsertConflict(conflict);
  }
  Status UpdateConflict(const Conflict& conflict) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateConflict"));
    return base_->UpdateConflict(conflict);
  }
  // The register's commissions (store/commission_records.h).
  Result<Commission> GetCommission(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetCommission"));
    return base_->GetCommission(id);
  }
  Result<std::vector<Commission>> ListCommissions() override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListCommissions"));
    return base_->ListCommissions();
  }
  Status InsertCommission(const Commission& commission) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertCommission"));
    return base_->InsertCommission(commission);
  }
  Status UpdateCommission(const Commission& commission) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateCommission"));
    return base_->UpdateCommission(commission);
  }
  Result<std::vector<InterestDeclaration>> ListDeclarations(std::string_view commission_id, std::string_view user_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListDeclarations"));
    return base_->ListDeclarations(commission_id, user_id);
  }
  Status InsertDeclaration(const InterestDeclaration& declaration) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertDeclaration"));
    return base_->InsertDeclaration(declaration);
  }
  Result<CommissionSession> GetCommissionSession(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetCommissionSession"));
    return base_->GetCommissionSession(id);
  }
  Result<std::vector<CommissionSession>> ListCommissionSessions(
      std::string_view commission_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListCommissionSessions"));
    return base_->ListCommissionSessions(commission_id);
  }
  Status InsertCommissionSession(const CommissionSession& session) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertCommissionSession"));
    return base_->InsertCommissionSession(session);
  }
  Status UpdateCommissionSession(const CommissionSession& session) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateCommissionSession"));
    return base_->UpdateCommissionSession(session);
  }
  Result<std::vector<AgendaItem>> ListAgenda(std::string_view session_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListAgenda"));
    return base_->ListAgenda(session_id);
  }
  Result<std::vector<AgendaItem>> ListClaimItems(std::string_view claim_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListClaimItems"));
    return base_->ListClaimItems(claim_id);
  }
  Result<std::vector<AgendaItem>> ListClaimsItems(
      const std::vector<std::string>& claim_ids) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListClaimsItems"));
    return base_->ListClaimsItems(claim_ids);
  }
  Status InsertAgendaItem(const AgendaItem& item) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertAgendaItem"));
    return base_->InsertAgendaItem(item);
  }
  Status UpdateAgendaItem(const AgendaItem& item) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateAgendaItem"));
    return base_->UpdateAgendaItem(item);
  }
  Result<std::vector<Vote>> ListVotes(std::string_view session_id, std::string_view claim_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListVotes"));
    return base_->ListVotes(session_id, claim_id);
  }
  Status InsertVote(const Vote& vote) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertVote"));
    return base_->InsertVote(vote);
  }
  Result<SessionAct> GetAct(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetAct"));
    return base_->GetAct(id);
  }
  Result<std::vector<SessionAct>> ListActs(std::string_view session_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListActs"));
    return base_->ListActs(session_id);
  }
  Status InsertAct(const SessionAct& act) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertAct"));
    return base_->InsertAct(act);
  }
  Status FinalizeAct(std::string_view act_id, Timestamp at) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("FinalizeAct"));
    return base_->FinalizeAct(act_id, at);
  }
  Status InsertSignature(std::string_view act_id, const ActSignature& signature) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertSignature"));
    return base_->InsertSignature(act_id, signature);
  }
  Result<std::vector<ApprovalTier>> ListApprovalTiers(std::string_view programme_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListApprovalTiers"));
    return base_->ListApprovalTiers(programme_id);
  }
  Status ReplaceApprovalTiers(std::string_view programme_id,
                              const std::vector<ApprovalTier>& tiers) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ReplaceApprovalTiers"));
    return base_->ReplaceApprovalTiers(programme_id, tiers);
  }
  Result<std::vector<SignOff>> ListSignOffs(std::string_view session_id,
                                            std::string_view claim_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListSignOffs"));
    return base_->ListSignOffs(session_id, claim_id);
  }
  Status InsertSignOff(const SignOff& sign_off) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertSignOff"));
    return base_->InsertSignOff(sign_off);
  }
  // The register's payments (store/payment_records.h).
  Result<PaymentList> GetPaymentList(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetPaymentList"));
    return base_->GetPaymentList(id);
  }
  Result<std::vector<PaymentList>> ListPaymentLists(std::string_view programme_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListPaymentLists"));
    return base_->ListPaymentLists(programme_id);
  }
  Status InsertPaymentList(const PaymentList& list) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertPaymentList"));
    return base_->InsertPaymentList(list);
  }
  Status UpdatePaymentList(const PaymentList& list) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdatePaymentList"));
    return base_->UpdatePaymentList(list);
  }
  Result<Payment> GetPayment(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetPayment"));
    return base_->GetPayment(id);
  }
  Result<std::vector<Payment>> ListPayments(const PaymentFilter& filter) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("ListPayments"));
    return base_->ListPayments(filter);
  }
  Status InsertPayment(const Payment& payment) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertPayment"));
    return base_->InsertPayment(payment);
  }
  Status InsertPayments(const std::vector<Payment>& payments) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertPayments"));
    return base_->InsertPayments(payments);
  }
  Status UpdatePayment(const Payment& payment) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdatePayment"));
    return base_->UpdatePayment(payment);
  }
  Status UpdatePayments(const std::vector<Payment>& payments) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdatePayments"));
    return base_->UpdatePayments(payments);
  }
  Result<int64_t> SumLivePayments(std::string_view programme_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("SumLivePayments"));
    return base_->SumLivePayments(programme_id);
  }
  Result<ProgrammeTotals> GetProgrammeTotals(std::string_view programme_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetProgrammeTotals"));
    return base_->GetProgrammeTotals(programme_id);
  }
  Result<OnlineApplication> GetApplication(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("GetApplication"));
    return base_->GetApplication(id);
  }
  Result<int64_t> CountApplicationsOfPhone(std::string_view phone, Timestamp since) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("CountApplicationsOfPhone"));
    return base_->CountApplicationsOfPhone(phone, since);
  }
  Status InsertApplication(const OnlineApplication& application) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertApplication"));
    return base_->InsertApplication(application);
  }
  Status UpdateApplication(const OnlineApplication& application) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateApplication"));
    return base_->UpdateApplication(application);
  }
  Status PruneIdempotencyKeys(Timestamp before) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("PruneIdempotencyKeys"));
    return base_->PruneIdempotencyKeys(before);
  }
  Status InsertPerson(const Person& person) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertPerson"));
    return base_->InsertPerson(person);
  }
  Status UpdatePerson(const Person& person) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdatePerson"));
    return base_->UpdatePerson(person);
  }
  Status InsertReport(const Report& report) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertReport"));
    return base_->InsertReport(report);
  }
  Status UpdateReport(const Report& report) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateReport"));
    return base_->UpdateReport(report);
  }
  Status InsertStatusEvent(const StatusEvent& event) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertStatusEvent"));
    return base_->InsertStatusEvent(event);
  }
  Status InsertInquiry(const Inquiry& inquiry) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertInquiry"));
    return base_->InsertInquiry(inquiry);
  }
  Status UpdateInquiry(const Inquiry& inquiry) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateInquiry"));
    return base_->UpdateInquiry(inquiry);
  }
  Status InsertSource(const Source& source) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertSource"));
    return base_->InsertSource(source);
  }
  Status InsertUser(const User& user) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertUser"));
    return base_->InsertUser(user);
  }
  Status UpdateUser(const User& user) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateUser"));
    return base_->UpdateUser(user);
  }
  Status InsertSession(const Session& session) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertSession"));
    return base_->InsertSession(session);
  }
  Status RevokeSession(std::string_view token_hash) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("RevokeSession"));
    return base_->RevokeSession(token_hash);
  }
  Status RevokeUserSessions(std::string_view user_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("RevokeUserSessions"));
    return base_->RevokeUserSessions(user_id);
  }
  Status InsertApiToken(const ApiToken& token) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertApiToken"));
    return base_->InsertApiToken(token);
  }
  Status RevokeApiToken(std::string_view id, Timestamp at) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("RevokeApiToken"));
    return base_->RevokeApiToken(id, at);
  }
  Status PurgeInquiry(std::string_view id, Timestamp at) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("PurgeInquiry"));
    return base_->PurgeInquiry(id, at);
  }
  Status PurgePerson(std::string_view id, Timestamp at) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("PurgePerson"));
    return base_->PurgePerson(id, at);
  }
  Status InsertMatch(const Match& match) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertMatch"));
    return base_->InsertMatch(match);
  }
  Status UpdateMatch(const Match& match) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateMatch"));
    return base_->UpdateMatch(match);
  }
  Status InsertCallback(const CallbackTask& task) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertCallback"));
    return base_->InsertCallback(task);
  }
  Status UpdateCallback(const CallbackTask& task) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateCallback"));
    return base_->UpdateCallback(task);
  }
  Status InsertMerge(const MergeRecord& merge) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertMerge"));
    return base_->InsertMerge(merge);
  }
  Status UpdateMerge(const MergeRecord& merge) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateMerge"));
    return base_->UpdateMerge(merge);
  }
  Status InsertOutbox(const OutboxMessage& message) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("InsertOutbox"));
    return base_->InsertOutbox(message);
  }
  Status UpdateOutbox(const OutboxMessage& message) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateOutbox"));
    return base_->UpdateOutbox(message);
  }
  Status DeleteOutbox(std::string_view id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("DeleteOutbox"));
    return base_->DeleteOutbox(id);
  }
  Status MarkReportMatched(std::string_view report_id, Timestamp at) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("MarkReportMatched"));
    return base_->MarkReportMatched(report_id, at);
  }
  Status MarkInquiryMatched(std::string_view inquiry_id, Timestamp at) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("MarkInquiryMatched"));
    return base_->MarkInquiryMatched(inquiry_id, at);
  }
  Status UpdateInquiryState(std::string_view inquiry_id, int64_t version, InquiryState state,
                            Timestamp at) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("UpdateInquiryState"));
    return base_->UpdateInquiryState(inquiry_id, version, state, at);
  }
  Status SetReportPerson(std::string_view report_id, std::string_view person_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("SetReportPerson"));
    return base_->SetReportPerson(report_id, person_id);
  }
  Status SetStatusEventPerson(std::string_view event_id, std::string_view person_id) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("SetStatusEventPerson"));
    return base_->SetStatusEventPerson(event_id, person_id);
  }
  Result<AuditEvent> AppendAudit(AuditEvent event) override {
    RETURN_IF_ERROR(plan_.BeforeOperation("AppendAudit"));
    return base_->AppendAudit(std::move(event));
  }

 private:
  std::unique_ptr<Transaction> base_;
  FaultPlan& plan_;
};

}  // namespace

void FaultPlan::FailOperation(int64_t n) {
  std::lock_guard lock(mu_);
  kind_ = Kind::kFailOperation;
  at_ = operations_ + n;
  fired_.reset();
}

void FaultPlan::FailCommitAfterDurable(int64_t n) {
  std::lock_guard lock(mu_);
  kind_ = Kind::kFailAfterCommit;
  at_ = commits_ + n;
  fired_.reset();
}

void FaultPlan::Disarm() {
  std::lock_guard lock(mu_);
  kind_ = Kind::kNone;
}

int64_t FaultPlan::operations() const {
  std::lock_guard lock(mu_);
  return operations_;
}

int64_t FaultPlan::commits() const {
  std::lock_guard lock(mu_);
  return commits_;
}

std::optional<std::string> FaultPlan::fired() const {
  std::lock_guard lock(mu_);
  return fired_;
}

Status FaultPlan::BeforeOperation(std::string_view name) {
  std::lock_guard lock(mu_);
  ++operations_;
  if (kind_ == Kind::kFailOperation && operations_ == at_) {
    kind_ = Kind::kNone;
    fired_ = fmt::format("operation {} ({}) failed", operations_, name);
    return Unavailable(fmt::format("injected fault: {} failed", name));
  }
  return Status::Ok();
}

bool FaultPlan::FailAfterCommit() {
  std::lock_guard lock(mu_);
  ++commits_;
  if (kind_ == Kind::kFailAfterCommit && commits_ == at_) {
    kind_ = Kind::kNone;
    fired_ = fmt::format("commit {} (operation {}) reached the database, then failed", commits_,
                         operations_);
    return true;
  }
  return false;
}

Result<std::unique_ptr<Transaction>> FaultyStore::Begin(TransactionMode mode) {
  RETURN_IF_ERROR(plan_.BeforeOperation("Begin"));
  ASSIGN_OR_RETURN(auto tx, base_.Begin(mode));
  return std::unique_ptr<Transaction>(std::make_unique<FaultyTransaction>(std::move(tx), plan_));
}

Status FaultyStore::ReclaimSpace() {
  RETURN_IF_ERROR(plan_.BeforeOperation("ReclaimSpace"));
  return base_.ReclaimSpace();
}

}  // namespace aftermath::testing
