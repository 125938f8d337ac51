// The commissions (recovery/commission.h) on every backend, SQLite and the test PostgreSQL
// server: recusal (declared, inspected, valued, taken in), quorum and majority, amounts within
// the valuation and the programme's caps, the act's hash and signatures, corrections, appeals.
#include "recovery/commission.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <map>

#include "access/audit_chain.h"
#include "recovery/approvals.h"
#include "recovery/commission_act.h"
#include "recovery/file_store.h"
#include "recovery/keys.h"
#include "recovery/payments.h"
#include "recovery/recovery.h"
#include "store/postgres/pg_test_database.h"

namespace aftermath::recovery {
namespace {

struct Backend {
  std::string name;
  std::function<std::string()> make_url;
};
void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

std::string TempSqliteUrl() {
  static int n = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("aftermath_commission_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / ("c" + std::to_string(++n) + ".db");
  std::filesystem::remove(path);
  return "sqlite:" + path.string();
}

// Fails (never skips) without the test PostgreSQL server.
std::string TempPostgresUrl() {
  auto url = testing::CreateTestDatabase();
  if (!url.ok()) {
    ADD_FAILURE() << url.status().ToString();
    return "";
  }
  return *url;
}

const names::NameEngine& Engine() {
  static const names::NameEngine* engine = new names::NameEngine(*names::NameEngine::Create());
  return *engine;
}

std::string Iin(const char* yymmdd, int n) {
  return *CompleteKzId(fmt::format("{}3{:04d}", yymmdd, n));
}
// A hash of its own for the n-th document.
std::string Hash(int n) { return fmt::format("{:064x}", n); }

// A valid Kazakh IBAN of its own for the n-th claim (ISO 13616 check digits, mod 97).
std::string KzIban(int n) {
  return CompleteKzIban(fmt::format("601A{:012d}", 861001700000 + n));  // Halyk Bank
}

class CommissionTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto store = OpenStore(GetParam().make_url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    recovery_ = std::make_unique<Recovery>(*store_, clock_, Engine(), &ids_);
    // Caps of 10 mln per object and 12 mln per person; a valuer above 5 mln.
    auto p = recovery_->CreateProgramme("usr_admin", {.code = "almaty-shops",
                                                      .name = "Looted shops",
                                                      .claim_kinds = {ClaimKind::kBusinessProperty},
                                                      .amount_rule = AmountRule::kAssessed,
                                                      .cap_per_object = 10'000'000,
                                                      .cap_per_person = 12'000'000,
                                                      .valuer_threshold = 5'000'000,
                                                      .period_start = {2026, 1, 1}});
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    programme_ = *p;
  }

  Commissions& commissions() { return recovery_->commissions(); }

  // A claim of `iin` on a shop at `address`, taken in by `clerk` (clerk_ when empty),
  // inspected by `inspector` with `damage` (valued by the schedule within 5 mln, else by
  // `valuer`, valuer_ when empty) and made ready. Its IBAN and documents are its own. The shop
  // is in `district` (adm2; may be empty).
  std::string ReadyClaim(const std::string& iin, const std::string& address, int64_t damage,
                         const std::string& inspector, std::string clerk = {},
                         std::string valuer = {}, std::string district = {}) {
    if (clerk.empty()) clerk = clerk_;
    if (valuer.empty()) valuer = valuer_;
    ++n_;
    NewClaim c{.kind = ClaimKind::kBusinessProperty,
               .programme = programme_.code,
               .applicant_name = "Ахметов Ерлан",
               .applicant_id = iin,
               .iban = KzIban(n_),
               .amount_claimed = damage,
               .documents = {{"id_card", Hash(2 * n_), "image/jpeg", 10},
                             {"title_deed", Hash(2 * n_ + 1), "application/pdf", 10}}};
    c.object = NewObject{.kind = ObjectKind::kShop, .address = address, .district = district};
    auto in = recovery_->SubmitClaim(clerk, c);
    EXPECT_TRUE(in.ok()) << in.status().ToString();
    if (!in.ok()) return "";
    std::string id = in->claim.id;
    EXPECT_TRUE(recovery_->ReviewClaim(clerk, id).ok());
    EXPECT_TRUE(recovery_->CheckClaim(clerk, id).ok());
    auto a = recovery_->RecordAssessment(inspector, {.object_id = in->claim.object_id,
                                                     .claim_id = id,
                                                     .grade = DamageGrade::kD3,
                                                     .asset_damage = damage});
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    if (damage > 5'000'000) {
      auto v = recovery_->ValueClaim(valuer, id, damage);
      EXPECT_TRUE(v.ok()) << v.status().ToString();
    }
    auto r = recovery_->MarkReady(clerk, id);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return id;
  }

  Commission MakeCommission(int quorum) {
    auto c = commissions().CreateCommission("usr_admin",
                                            {.programme = programme_.code,
                                             .name = "Medeu district commission",
                                             .quorum = quorum,
                                             .members = {{chair_, CommissionRole::kChair},
                                                         {secretary_, CommissionRole::kSecretary},
                                                         {member_, CommissionRole::kMember},
                                                         {inspector_, CommissionRole::kMember}}});
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? *c : Commission{};
  }

  void Vote(const std::string& session, const std::string& who, const std::string& claim,
            VoteChoice choice) {
    auto v = commissions().CastVote(who, session, claim, choice);
    EXPECT_TRUE(v.ok()) << who << ": " << v.status().ToString();
  }

  Claim ClaimOf(const std::string& id) { return recovery_->GetClaim(clerk_, id)->claim; }
  size_t AuditCount(const std::string& action) {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    return tx->QueryAudit({.action = action, .limit = 1000})->size();
  }

  int n_ = 0;
  FakeClock clock_{*ParseTimestamp("2026-02-02T05:00:00Z")};
  TimeOrderedIdGenerator ids_{clock_, 17};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Recovery> recovery_;
  Programme programme_;
  std::string chair_ = NewId(kUserIdPrefix), secretary_ = NewId(kUserIdPrefix),
              member_ = NewId(kUserIdPrefix), inspector_ = NewId(kUserIdPrefix),
              valuer_ = NewId(kUserIdPrefix), clerk_ = NewId(kUserIdPrefix);
};

TEST_P(CommissionTest, ACommissionNeedsOneChairAQuorumItCanReachAndUserIds) {
  auto make = [&](int quorum, std::vector<CommissionMember> members) {
    return commissions()
        .CreateCommission("usr_admin", {.programme = programme_.code,
                                        .name = "C",
                                        .quorum = quorum,
                                        .members = std::move(members)})
        .status();
  };
  EXPECT_EQ(make(1, {{chair_, CommissionRole::kMember}}).field(), "members");
  EXPECT_EQ(make(3, {{chair_, CommissionRole::kChair}, {member_, CommissionRole::kMember}}).field(),
            "quorum");
  EXPECT_EQ(make(1, {{"bob", CommissionRole::kChair}}).field(), "members[0].user_id");
  EXPECT_EQ(make(1, {{chair_, CommissionRole::kChair}, {chair_, CommissionRole::kMember}}).field(),
            "members[1].user_id");
  Commission c = MakeCommission(2);
  EXPECT_EQ(c.members.size(), 4u);
  EXPECT_EQ(commissions().GetCommission(c.id)->commission.quorum, 2);
  EXPECT_EQ(AuditCount("commission.create"), 1u);
}

TEST_P(CommissionTest, AMemberWhoInspectedTheClaimIsRecusedAndTheOthersDecide) {
  std::string claim = ReadyClaim(Iin("900101", 17), "ул. Абая 10", 3'000'000, inspector_);
  Commission c = MakeCommission(2);
  auto recusals = *commissions().RecusalsOf(c.id, claim);
  ASSERT_EQ(recusals.size(), 1u);
  EXPECT_EQ(recusals[0].user_id, inspector_);
  EXPECT_EQ(recusals[0].reason, RecusalReason::kInspected);

  auto opened = commissions().OpenSession(secretary_, c.id, {chair_, secretary_, inspector_}, {});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::string session = opened->session.id;
  ASSERT_EQ(opened->agenda.size(), 1u);
  EXPECT_EQ(opened->agenda[0].recused, inspector_ + ":inspected");

  // The inspector may not vote on it, whoever asks; a member absent may not either.
  auto v = commissions().CastVote(inspector_, session, claim, VoteChoice::kApprove);
  EXPECT_EQ(v.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(v.status().message().find("inspected"), std::string::npos) << v.status().message();
  EXPECT_EQ(commissions().CastVote(member_, session, claim, VoteChoice::kApprove).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(commissions().CastVote(valuer_, session, claim, VoteChoice::kApprove).status().code(),
            StatusCode::kPermissionDenied);

  Vote(session, chair_, claim, VoteChoice::kApprove);
  EXPECT_EQ(commissions().CastVote(chair_, session, claim, VoteChoice::kReject).status().code(),
            StatusCode::kAlreadyExists);
  // One vote of the two who may vote is not a majority.
  DecisionInput approve{.claim_id = claim, .outcome = Decision::kApproved, .amount = 2'500'000};
  EXPECT_EQ(commissions().Decide(secretary_, session, approve).status().code(),
            StatusCode::kFailedPrecondition);
  Vote(session, secretary_, claim, VoteChoice::kApprove);
  // Only the chair or the secretary records it.
  EXPECT_EQ(commissions().Decide(inspector_, session, approve).status().code(),
            StatusCode::kPermissionDenied);
  auto item = commissions().Decide(secretary_, session, approve);
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  EXPECT_EQ(item->decision, Decision::kApproved);
  EXPECT_EQ(item->amount, 2'500'000);
  EXPECT_EQ(ClaimOf(claim).state, ClaimState::kApproved);
  EXPECT_EQ(recovery_->WithdrawClaim(clerk_, claim, "").status().code(),
            StatusCode::kFailedPrecondition);

  // The act: the canonical content, its hash, final at the quorum's second signature.
  auto act = commissions().CloseSession(chair_, session);
  ASSERT_TRUE(act.ok()) << act.status().ToString();
  EXPECT_EQ(act->sha256, ActHash(act->content));
  EXPECT_NE(act->content.find("claim " + claim + " approved 2500000 recused " + inspector_ +
                              ":inspected signoffs -\n"),
            std::string::npos)
      << act->content;
  EXPECT_NE(act->content.find("approved 1 2500000\n"), std::string::npos) << act->content;
  EXPECT_EQ(commissions().SignAct(member_, act->id).status().code(),
            StatusCode::kPermissionDenied);  // not present
  auto one = commissions().SignAct(chair_, act->id);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_FALSE(one->final_at);
  EXPECT_EQ(commissions().SignAct(chair_, act->id).status().code(), StatusCode::kAlreadyExists);
  auto two = commissions().SignAct(inspector_, act->id);  // recused from a claim, still signs
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_TRUE(two->final_at);
  EXPECT_TRUE(commissions().SignAct(secretary_, act->id).ok());  // late, the act unchanged
  auto view = *commissions().GetSession(chair_, session);
  ASSERT_EQ(view.acts.size(), 1u);
  EXPECT_EQ(view.acts[0].signatures.size(), 3u);
  EXPECT_EQ(view.acts[0].content, act->content);
  EXPECT_EQ(view.session.state, SessionState::kClosed);
  EXPECT_EQ(AuditCount("act.final"), 1u);
  EXPECT_EQ(AuditCount("session.read"), 1u);
  EXPECT_EQ(AuditCount("session.decide"), 1u);
}

TEST_P(CommissionTest, ThroughputCountsWhatASessionDecidedAndWhatWaitsOnItsAgenda) {
  std::string first = ReadyClaim(Iin("900101", 18), "ул. Абая 12", 3'000'000, inspector_);
  std::string second = ReadyClaim(Iin("900101", 19), "ул. Абая 14", 2'000'000, inspector_);
  Commission c = MakeCommission(2);
  auto opened = commissions().OpenSession(secretary_, c.id, {chair_, secretary_, member_}, {});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::string session = opened->session.id;
  ASSERT_EQ(opened->agenda.size(), 2u);
  EXPECT_TRUE(opened->agenda[0].claim_id == second || opened->agenda[1].claim_id == second);
  clock_.Advance(std::chrono::seconds(45));
  Vote(session, chair_, first, VoteChoice::kApprove);
  Vote(session, secretary_, first, VoteChoice::kApprove);
  ASSERT_TRUE(commissions()
                  .Decide(chair_, session,
                          {.claim_id = first, .outcome = Decision::kApproved, .amount = 2'000'000})
                  .ok());
  clock_.Advance(std::chrono::minutes(30) - std::chrono::seconds(45));

  auto all = commissions().Throughput(std::chrono::hours(1));
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 1u);
  const auto& f = all->front();
  EXPECT_EQ(f.commission_id, c.id);
  EXPECT_EQ(f.sessions, 1);
  EXPECT_EQ(f.open_sessions, 1);
  EXPECT_EQ(f.decided, 1);
  EXPECT_EQ(f.approved, 1);
  EXPECT_EQ(f.pending, 1);
  EXPECT_EQ(f.amount_approved, 2'000'000);
  EXPECT_DOUBLE_EQ(f.session_hours, 0.5);
  ASSERT_TRUE(f.median_seconds_per_decision);
  EXPECT_DOUBLE_EQ(*f.median_seconds_per_decision, 45);
  // A period that starts after the session opened leaves it out.
  clock_.Advance(std::chrono::hours(2));
  auto later = commissions().Throughput(std::chrono::hours(1));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->front().sessions, 0);
  EXPECT_EQ(later->front().decided, 0);
}

TEST_P(CommissionTest, ADeclaredInterestCoversEveryClaimOfTheApplicantAndQuorumBinds) {
  std::string iin = Iin("850203", 42);
  std::string first = ReadyClaim(iin, "ул. Абая 12", 1'000'000, inspector_);
  std::string second = ReadyClaim(iin, "ул. Сейфуллина 3", 1'500'000, inspector_);
  std::string other = ReadyClaim(Iin("770707", 5), "ул. Гоголя 1", 1'000'000, inspector_);
  Commission c = MakeCommission(2);
  EXPECT_EQ(commissions().DeclareInterest(valuer_, c.id, first).status().code(),
            StatusCode::kPermissionDenied);  // not a member
  ASSERT_TRUE(commissions().DeclareInterest(member_, c.id, first).ok());
  EXPECT_EQ(commissions().DeclareInterest(member_, c.id, first).status().code(),
            StatusCode::kAlreadyExists);
  for (const auto& claim : {first, second}) {
    auto r = *commissions().RecusalsOf(c.id, claim);
    ASSERT_EQ(r.size(), 2u);  // the inspector, and the member related to the applicant
    EXPECT_EQ(r[0].user_id, member_);
    EXPECT_EQ(r[0].reason, RecusalReason::kDeclared);
  }
  EXPECT_EQ(commissions().RecusalsOf(c.id, other)->size(), 1u);

  // Present: the chair and the member; for the applicant's claims one member may vote.
  EXPECT_EQ(commissions().OpenSession(member_, c.id, {chair_, member_}, {}).status().code(),
            StatusCode::kPermissionDenied);  // only the chair or the secretary opens
  EXPECT_EQ(commissions().OpenSession(chair_, c.id, {chair_}, {}).status().code(),
            StatusCode::kFailedPrecondition);  // below quorum
  auto s = commissions().OpenSession(chair_, c.id, {chair_, member_}, {});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->agenda.size(), 3u);
  EXPECT_EQ(
      commissions().CastVote(member_, s->session.id, second, VoteChoice::kApprove).status().code(),
      StatusCode::kPermissionDenied);
  Vote(s->session.id, chair_, second, VoteChoice::kApprove);
  auto d = commissions().Decide(
      chair_, s->session.id,
      {.claim_id = second, .outcome = Decision::kApproved, .amount = 1'000'000});
  EXPECT_EQ(d.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(d.status().message().find("quorum is 2"), std::string::npos) << d.status().message();
  // The other applicant's claim: both may vote.
  Vote(s->session.id, chair_, other, VoteChoice::kReject);
  Vote(s->session.id, member_, other, VoteChoice::kReject);
  EXPECT_EQ(commissions()
                .Decide(chair_, s->session.id, {.claim_id = other, .outcome = Decision::kRejected})
                .status()
                .field(),
            "reason");
  EXPECT_TRUE(commissions()
                  .Decide(chair_, s->session.id,
                          {.claim_id = other,
                           .outcome = Decision::kRejected,
                           .reason = "the shop was closed before January"})
                  .ok());
  EXPECT_EQ(ClaimOf(other).state, ClaimState::kRejected);
  // Not every claim decided: the session stays open.
  EXPECT_EQ(commissions().CloseSession(chair_, s->session.id).status().code(),
            StatusCode::kFailedPrecondition);
  // A claim undecided on this agenda cannot go on another.
  EXPECT_EQ(commissions().OpenSession(chair_, c.id, {chair_, member_}, {first}).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(CommissionTest, TheValuerAndTheClerkWhoTookTheClaimInAreRecusedToo) {
  std::string claim = ReadyClaim(Iin("900101", 23), "ул. Абая 14", 8'000'000, inspector_);
  auto c = commissions().CreateCommission("usr_admin",
                                          {.programme = programme_.code,
                                           .name = "C",
                                           .quorum = 1,
                                           .members = {{chair_, CommissionRole::kChair},
                                                       {valuer_, CommissionRole::kMember},
                                                       {clerk_, CommissionRole::kSecretary}}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto r = *commissions().RecusalsOf(c->id, claim);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].user_id, valuer_);
  EXPECT_EQ(r[0].reason, RecusalReason::kValued);
  EXPECT_EQ(r[1].user_id, clerk_);
  EXPECT_EQ(r[1].reason, RecusalReason::kSubmitted);
}

TEST_P(CommissionTest, AnApprovedAmountIsWithinTheValuationAndTheCaps) {
  std::string claim = ReadyClaim(Iin("900101", 31), "ул. Абая 16", 4'000'000, inspector_);
  Commission c = MakeCommission(1);
  auto s = commissions().OpenSession(chair_, c.id, {chair_}, {claim});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Vote(s->session.id, chair_, claim, VoteChoice::kApprove);
  auto over = commissions().Decide(
      chair_, s->session.id,
      {.claim_id = claim, .outcome = Decision::kApproved, .amount = 4'000'001});
  EXPECT_EQ(over.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(over.status().message().find("valued at 4000000"), std::string::npos);
  EXPECT_EQ(commissions()
                .Decide(chair_, s->session.id,
                        {.claim_id = claim, .outcome = Decision::kApproved, .amount = 0})
                .status()
                .field(),
            "amount");
  EXPECT_TRUE(commissions()
                  .Decide(chair_, s->session.id,
                          {.claim_id = claim, .outcome = Decision::kApproved, .amount = 4'000'000})
                  .ok());
}

TEST_P(CommissionTest, ACorrectionIsANewActAndTheFinalOneStaysAsItWas) {
  std::string claim = ReadyClaim(Iin("900101", 45), "ул. Абая 18", 3'000'000, inspector_);
  Commission c = MakeCommission(2);
  auto s = commissions().OpenSession(chair_, c.id, {chair_, secretary_, member_}, {claim});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  std::string session = s->session.id;
  Vote(session, chair_, claim, VoteChoice::kApprove);
  Vote(session, member_, claim, VoteChoice::kApprove);
  ASSERT_TRUE(commissions()
                  .Decide(chair_, session,
                          {.claim_id = claim, .outcome = Decision::kApproved, .amount = 3'000'000})
                  .ok());
  auto act = *commissions().CloseSession(chair_, session);
  DecisionInput fix{.claim_id = claim,
                    .outcome = Decision::kApproved,
                    .amount = 2'000'000,
                    .reason = "the valuation counted the shop's stock twice"};
  EXPECT_EQ(commissions().CorrectDecision(chair_, session, fix).status().code(),
            StatusCode::kFailedPrecondition);  // not final yet
  ASSERT_TRUE(commissions().SignAct(chair_, act.id).ok());
  ASSERT_TRUE(commissions().SignAct(member_, act.id)->final_at);
  EXPECT_EQ(commissions().CorrectDecision(secretary_, session, fix).status().code(),
            StatusCode::kPermissionDenied);  // the chair corrects
  auto correction = commissions().CorrectDecision(chair_, session, fix);
  ASSERT_TRUE(correction.ok()) << correction.status().ToString();
  EXPECT_EQ(correction->supersedes, act.id);
  EXPECT_FALSE(correction->final_at);
  EXPECT_NE(correction->content.find("approved 1 2000000\n"), std::string::npos);
  EXPECT_NE(correction->sha256, act.sha256);
  // The superseded act is as it was signed, and no longer signed.
  auto view = *commissions().GetSession(chair_, session);
  ASSERT_EQ(view.acts.size(), 2u);
  EXPECT_EQ(view.acts[0].content, act.content);
  EXPECT_EQ(view.acts[0].sha256, act.sha256);
  EXPECT_TRUE(view.acts[0].final_at);
  EXPECT_EQ(commissions().SignAct(secretary_, act.id).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(commissions().SignAct(secretary_, correction->id).ok());
  EXPECT_TRUE(commissions().SignAct(chair_, correction->id)->final_at);
  EXPECT_EQ(view.agenda[0].amount, 2'000'000);
  EXPECT_EQ(AuditCount("act.correct"), 1u);
}

TEST_P(CommissionTest, AnAppealReopensARejectedClaimForALaterSession) {
  std::string claim = ReadyClaim(Iin("900101", 52), "ул. Абая 20", 2'000'000, inspector_);
  Commission c = MakeCommission(1);
  EXPECT_EQ(commissions().Appeal(clerk_, claim, "x").status().code(),
            StatusCode::kFailedPrecondition);  // not rejected
  auto s = *commissions().OpenSession(chair_, c.id, {chair_}, {});
  Vote(s.session.id, chair_, claim, VoteChoice::kReject);
  ASSERT_TRUE(
      commissions()
          .Decide(chair_, s.session.id,
                  {.claim_id = claim, .outcome = Decision::kRejected, .reason = "no title deed"})
          .ok());
  auto act = *commissions().CloseSession(chair_, s.session.id);
  EXPECT_EQ(commissions().Appeal(clerk_, claim, "the deed").status().code(),
            StatusCode::kFailedPrecondition);  // the act is not final yet
  ASSERT_TRUE(commissions().SignAct(chair_, act.id)->final_at);
  EXPECT_EQ(commissions().Appeal(clerk_, claim, " ").status().field(), "reason");
  auto appealed = commissions().Appeal(clerk_, claim, "the title deed was found");
  ASSERT_TRUE(appealed.ok()) << appealed.status().ToString();
  EXPECT_EQ(appealed->state, ClaimState::kAppealed);
  EXPECT_EQ(recovery_->WithdrawClaim(clerk_, claim, "").status().code(),
            StatusCode::kFailedPrecondition);

  clock_.Advance(std::chrono::hours(24 * 7));
  auto later = commissions().OpenSession(chair_, c.id, {chair_}, {});
  ASSERT_TRUE(later.ok()) << later.status().ToString();
  ASSERT_EQ(later->agenda.size(), 1u);
  EXPECT_EQ(later->agenda[0].claim_id, claim);
  Vote(later->session.id, chair_, claim, VoteChoice::kApprove);
  ASSERT_TRUE(commissions()
                  .Decide(chair_, later->session.id,
                          {.claim_id = claim, .outcome = Decision::kApproved, .amount = 2'000'000})
                  .ok());
  EXPECT_EQ(ClaimOf(claim).state, ClaimState::kApproved);
  auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
  auto history = *tx->ListClaimItems(claim);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].decision, Decision::kRejected);
  EXPECT_EQ(history[1].decision, Decision::kApproved);
}

TEST(ApprovalTiersTest, AnAmountNeedsTheSignOffsOfEveryTierItIsAbove) {
  std::vector<ApprovalTier> tiers = {{3'000'000, {SignOffRole::kChair}},
                                     {6'000'000, {SignOffRole::kFinance, SignOffRole::kChair}}};
  EXPECT_TRUE(ValidateTiers(tiers).ok());
  EXPECT_TRUE(RequiredSignOffs(tiers, 3'000'000).empty());
  EXPECT_EQ(RequiredSignOffs(tiers, 3'000'001), std::vector<SignOffRole>{SignOffRole::kChair});
  EXPECT_EQ(RequiredSignOffs(tiers, 7'000'000),
            (std::vector<SignOffRole>{SignOffRole::kChair, SignOffRole::kFinance}));
  EXPECT_EQ(MissingSignOffs(RequiredSignOffs(tiers, 7'000'000),
                            {SignOff{.role = SignOffRole::kChair, .user_id = "usr_a"}}),
            std::vector<SignOffRole>{SignOffRole::kFinance});
  EXPECT_EQ(ValidateTiers({{5, {SignOffRole::kChair}}, {5, {SignOffRole::kFinance}}}).field(),
            "tiers[1].above");
  EXPECT_EQ(ValidateTiers({{5, {}}}).field(), "tiers[0].sign_offs");
  EXPECT_EQ(ValidateTiers({{5, {SignOffRole::kChair, SignOffRole::kChair}}}).field(),
            "tiers[0].sign_offs");
  EXPECT_EQ(ValidateTiers({{-1, {SignOffRole::kChair}}}).field(), "tiers[0].above");
}

TEST_P(CommissionTest, ALargeApprovalNeedsTheChairAndFinanceBeforeTheSessionCloses) {
  ASSERT_EQ(commissions()
                .SetApprovalTiers("usr_admin", programme_.code,
                                  {{3'000'000, {SignOffRole::kChair}}, {3'000'000, {}}})
                .status()
                .field(),
            "tiers[1].above");
  auto tiers =
      commissions().SetApprovalTiers("usr_admin", programme_.code,
                                     {{3'000'000, {SignOffRole::kChair}},
                                      {6'000'000, {SignOffRole::kChair, SignOffRole::kFinance}}});
  ASSERT_TRUE(tiers.ok()) << tiers.status().ToString();
  EXPECT_EQ(commissions().GetApprovalTiers(programme_.id)->size(), 2u);
  std::string finance = NewId(kUserIdPrefix);
  std::string claim = ReadyClaim(Iin("900101", 61), "ул. Абая 22", 8'000'000, inspector_);
  Commission c = MakeCommission(2);
  auto s = *commissions().OpenSession(secretary_, c.id, {chair_, secretary_, member_}, {claim});
  Vote(s.session.id, secretary_, claim, VoteChoice::kApprove);
  Vote(s.session.id, member_, claim, VoteChoice::kApprove);
  // Nothing to sign off before the approval.
  EXPECT_EQ(
      commissions().GiveSignOff(chair_, s.session.id, claim, SignOffRole::kChair).status().code(),
      StatusCode::kFailedPrecondition);
  ASSERT_TRUE(commissions()
                  .Decide(secretary_, s.session.id,
                          {.claim_id = claim, .outcome = Decision::kApproved, .amount = 8'000'000})
                  .ok());
  auto closing = commissions().CloseSession(chair_, s.session.id);
  EXPECT_EQ(closing.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(closing.status().message().find("chair sign-off"), std::string::npos)
      << closing.status().message();

  auto code = [&](const std::string& who, SignOffRole role) {
    return commissions().GiveSignOff(who, s.session.id, claim, role).status().code();
  };
  EXPECT_EQ(code(secretary_, SignOffRole::kChair), StatusCode::kPermissionDenied);
  EXPECT_EQ(code(member_, SignOffRole::kFinance), StatusCode::kPermissionDenied);  // a member
  EXPECT_EQ(code(valuer_, SignOffRole::kFinance), StatusCode::kPermissionDenied);  // valued it
  EXPECT_EQ(code(inspector_, SignOffRole::kFinance), StatusCode::kPermissionDenied);
  EXPECT_EQ(code(clerk_, SignOffRole::kFinance), StatusCode::kPermissionDenied);  // took it in
  EXPECT_EQ(code(chair_, SignOffRole::kChair), StatusCode::kOk);
  EXPECT_EQ(code(chair_, SignOffRole::kChair), StatusCode::kPermissionDenied);  // one each
  EXPECT_EQ(code(chair_, SignOffRole::kFinance), StatusCode::kPermissionDenied);
  EXPECT_EQ(code(finance, SignOffRole::kFinance), StatusCode::kOk);
  EXPECT_EQ(code(NewId(kUserIdPrefix), SignOffRole::kFinance), StatusCode::kAlreadyExists);

  auto act = commissions().CloseSession(chair_, s.session.id);
  ASSERT_TRUE(act.ok()) << act.status().ToString();
  std::vector<std::string> signers = {"chair:" + chair_, "finance:" + finance};
  std::sort(signers.begin(), signers.end());
  EXPECT_NE(act->content.find("signoffs " + signers[0] + "," + signers[1] + "\n"),
            std::string::npos)
      << act->content;
  EXPECT_EQ(AuditCount("session.sign_off"), 2u);
}

// Separation of duties for every pair of a way to have prepared the claim (declared, inspected,
// valued, took it in) and a sign-off (the chair's, finance's): always refused. Finance never
// declares (declarations are members', and a member never gives finance's sign-off).
TEST_P(CommissionTest, WhoeverPreparedAClaimSignsOffNoneOfItsApprovalForEveryPairOfDuties) {
  ASSERT_TRUE(commissions()
                  .SetApprovalTiers("usr_admin", programme_.code,
                                    {{1'000'000, {SignOffRole::kChair, SignOffRole::kFinance}}})
                  .ok());
  int n = 0;
  for (RecusalReason prepared : {RecusalReason::kDeclared, RecusalReason::kInspected,
                                 RecusalReason::kValued, RecusalReason::kSubmitted}) {
    for (SignOffRole role : {SignOffRole::kChair, SignOffRole::kFinance}) {
      if (prepared == RecusalReason::kDeclared && role == SignOffRole::kFinance) continue;
      ++n;
      SCOPED_TRACE(fmt::format("{} / {}", ToString(prepared), ToString(role)));
      std::string x = NewId(kUserIdPrefix);
      std::string chair = role == SignOffRole::kChair ? x : NewId(kUserIdPrefix);
      std::string a = NewId(kUserIdPrefix), b = NewId(kUserIdPrefix);
      std::string claim =
          ReadyClaim(Iin("800202", 100 + n), fmt::format("ул. Жандосова {}", n), 6'000'000,
                     prepared == RecusalReason::kInspected ? x : inspector_,
                     prepared == RecusalReason::kSubmitted ? x : std::string(),
                     prepared == RecusalReason::kValued ? x : std::string());
      auto c =
          commissions().CreateCommission("usr_admin", {.programme = programme_.code,
                                                       .name = fmt::format("C{}", n),
                                                       .quorum = 2,
                                                       .members = {{chair, CommissionRole::kChair},
                                                                   {a, CommissionRole::kSecretary},
                                                                   {b, CommissionRole::kMember}}});
      ASSERT_TRUE(c.ok()) << c.status().ToString();
      if (prepared == RecusalReason::kDeclared) {
        ASSERT_TRUE(commissions().DeclareInterest(x, c->id, claim).ok());
      }
      auto s = commissions().OpenSession(a, c->id, {chair, a, b}, {claim});
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      Vote(s->session.id, a, claim, VoteChoice::kApprove);
      Vote(s->session.id, b, claim, VoteChoice::kApprove);
      ASSERT_TRUE(
          commissions()
              .Decide(a, s->session.id,
                      {.claim_id = claim, .outcome = Decision::kApproved, .amount = 6'000'000})
              .ok());
      auto refused = commissions().GiveSignOff(x, s->session.id, claim, role);
      EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied)
          << refused.status().ToString();
    }
  }
  EXPECT_EQ(n, 7);
}

// ---- payments ----

// Two shops approved at one session whose act is final.
class PaymentsTest : public CommissionTest {
 protected:
  void SetUp() override {
    CommissionTest::SetUp();
    first_ = ReadyClaim(Iin("900101", 71), "ул. Абая 30", 3'000'000, inspector_);
    second_ = ReadyClaim(Iin("900101", 72), "ул. Абая 32", 2'000'000, inspector_);
    Commission c = MakeCommission(1);
    auto s = commissions().OpenSession(chair_, c.id, {chair_}, {first_, second_});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    for (const auto& [claim, amount] :
         {std::pair{first_, 3'000'000}, std::pair{second_, 2'000'000}}) {
      Vote(s->session.id, chair_, claim, VoteChoice::kApprove);
      ASSERT_TRUE(commissions()
                      .Decide(chair_, s->session.id,
                              {.claim_id = claim, .outcome = Decision::kApproved, .amount = amount})
                      .ok());
    }
    act_ = *commissions().CloseSession(chair_, s->session.id);
  }
  Payments& payments() { return recovery_->payments(); }
  ExportRequest Pain001() {
    return {.format = ExportFormat::kPain001,
            .debtor = {"Фонд поддержки", KzIban(999), "HSBKKZKX"},
            .execution_date = "2026-02-03"};
  }

  std::string first_, second_;
  SessionAct act_;
  std::string finance_ = NewId(kUserIdPrefix);
};

TEST_P(PaymentsTest, AListIsPaidOnlyFromAFinalActAndGoesToTheBankOnce) {
  auto early = payments().BuildList(finance_, programme_.code);
  EXPECT_EQ(early.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(early.status().message().find("not final"), std::string::npos);
  ASSERT_TRUE(commissions().SignAct(chair_, act_.id)->final_at);

  auto built = payments().BuildList(finance_, programme_.code);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  ASSERT_EQ(built->payments.size(), 2u);
  EXPECT_EQ(built->list.total, 5'000'000);
  EXPECT_EQ(built->payments[0].bic, "HSBKKZKX");
  EXPECT_EQ(payments().BuildList(finance_, programme_.code).status().code(),
            StatusCode::kFailedPrecondition);  // both are on a list

  EXPECT_EQ(payments()
                .Export(finance_, built->list.id,
                        {.format = ExportFormat::kPain001, .debtor = {"F", "KZ00", "HSBKKZKX"}})
                .status()
                .field(),
            "debtor.iban");
  auto file = payments().Export(finance_, built->list.id, Pain001());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_NE(file->body.find("pain.001.001.03"), std::string::npos);
  EXPECT_NE(file->body.find("<CtrlSum>5000000.00</CtrlSum>"), std::string::npos);
  EXPECT_EQ(file->list.export_sha256, Sha256Hex(file->body));
  EXPECT_EQ(payments().Export(finance_, built->list.id, Pain001()).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(AuditCount("payments.export"), 1u);
}

// A claim held back says why as a code with parameters (the console says it in kk/ru/en) and
// in English beside it.
TEST_P(PaymentsTest, AClaimHeldBackSaysWhyAsACodeAndInEnglish) {
  ASSERT_TRUE(commissions().SignAct(chair_, act_.id)->final_at);
  std::string third = ReadyClaim(Iin("900101", 73), "ул. Абая 34", 1'000'000, inspector_);
  Commission c = MakeCommission(1);
  auto s = commissions().OpenSession(chair_, c.id, {chair_}, {third});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Vote(s->session.id, chair_, third, VoteChoice::kApprove);
  ASSERT_TRUE(commissions()
                  .Decide(chair_, s->session.id,
                          {.claim_id = third, .outcome = Decision::kApproved, .amount = 1'000'000})
                  .ok());
  ASSERT_TRUE(commissions().CloseSession(chair_, s->session.id).ok());  // not signed: not final

  auto built = payments().BuildList(finance_, programme_.code);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(built->payments.size(), 2u);
  ASSERT_EQ(built->held.size(), 1u);
  const HeldBack& held = built->held[0];
  EXPECT_EQ(held.claim_id, third);
  EXPECT_EQ(held.code, "act_not_final");
  EXPECT_EQ(held.params,
            (std::vector<std::pair<std::string, std::string>>{{"session", s->session.id}}));
  EXPECT_EQ(held.reason, "the act of session " + s->session.id + " is not final yet");
}

TEST_P(PaymentsTest, ABankAnswerPaysOneAndReturnsOneWhichIsSentAgainWithANewIban) {
  ASSERT_TRUE(commissions().SignAct(chair_, act_.id).ok());
  auto built = *payments().BuildList(finance_, programme_.code);
  std::string paid_id, returned_id;
  for (const auto& p : built.payments) (p.claim_id == first_ ? paid_id : returned_id) = p.id;
  EXPECT_EQ(
      payments().ReadAnswer(finance_, built.list.id, "end_to_end_id,status\n").status().code(),
      StatusCode::kFailedPrecondition);  // not exported yet
  ASSERT_TRUE(payments().Export(finance_, built.list.id, Pain001()).ok());
  std::string pain002 = fmt::format(
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"><CstmrPmtStsRpt>"
      "<OrgnlPmtInfAndSts><TxInfAndSts><OrgnlEndToEndId>{}</OrgnlEndToEndId><TxSts>ACSC</TxSts>"
      "</TxInfAndSts><TxInfAndSts><OrgnlEndToEndId>{}</OrgnlEndToEndId><TxSts>RJCT</TxSts>"
      "<StsRsnInf><Rsn><Cd>AC01</Cd></Rsn></StsRsnInf></TxInfAndSts><TxInfAndSts>"
      "<OrgnlEndToEndId>pay_unknown</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts>"
      "</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>",
      paid_id, returned_id);
  auto answer = payments().ReadAnswer(finance_, built.list.id, pain002);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->paid, 1);
  EXPECT_EQ(answer->returned, 1);
  ASSERT_EQ(answer->errors.size(), 1u);
  EXPECT_EQ(answer->errors[0].field(), "TxInfAndSts[3]");
  EXPECT_EQ(answer->view.list.state, PaymentListState::kAnswered);
  EXPECT_EQ(ClaimOf(first_).state, ClaimState::kPaid);
  EXPECT_EQ(ClaimOf(second_).state, ClaimState::kApproved);
  // The paid owner's next claim (another shop) shows the commission what was paid already; the
  // returned payment counts as neither paid nor pending.
  NewClaim again_claim{.kind = ClaimKind::kBusinessProperty,
                       .programme = programme_.code,
                       .applicant_name = "Ахметов Ерлан",
                       .applicant_id = Iin("900101", 71),
                       .iban = KzIban(77),
                       .amount_claimed = 1'000'000};
  again_claim.object = NewObject{.kind = ObjectKind::kShop, .address = "ул. Абая 34"};
  auto next = recovery_->SubmitClaim(clerk_, again_claim);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  auto file = recovery_->GetClaim(clerk_, next->claim.id);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->earlier.size(), 1u);
  EXPECT_EQ(file->earlier[0].claim_id, first_);
  EXPECT_TRUE(file->earlier[0].same_applicant);
  EXPECT_FALSE(file->earlier[0].same_object);
  EXPECT_EQ(file->earlier[0].state, ClaimState::kPaid);
  EXPECT_EQ(file->earlier[0].paid, 3'000'000);
  EXPECT_EQ(file->earlier[0].pending_payment, 0);
  EXPECT_TRUE(file->earlier[0].last_paid_at);
  EXPECT_EQ(file->earlier[0].programme_code, programme_.code);
  auto returned_file = recovery_->GetClaim(clerk_, second_);
  ASSERT_TRUE(returned_file.ok());
  EXPECT_TRUE(returned_file->earlier.empty());
  // The same answer again changes nothing: nothing is paid twice.
  auto again = payments().ReadAnswer(finance_, built.list.id, pain002);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->paid, 0);
  // A paid payment the bank then "returns" is an error of that entry.
  auto contradiction = payments().ReadAnswer(
      finance_, built.list.id, "end_to_end_id,status,reason\n" + paid_id + ",returned,AC04\n");
  ASSERT_TRUE(contradiction.ok());
  EXPECT_EQ(contradiction->errors.size(), 1u);

  // The returned one waits for a new IBAN.
  auto held = payments().BuildList(finance_, programme_.code);
  EXPECT_EQ(held.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(held.status().message().find("correct the IBAN"), std::string::npos);
  EXPECT_EQ(payments().CorrectIban("usr_rclerk", paid_id, KzIban(500)).status().code(),
            StatusCode::kFailedPrecondition);  // paid, not returned
  EXPECT_EQ(
      payments().CorrectIban("usr_rclerk", returned_id, ClaimOf(second_).iban).status().code(),
      StatusCode::kFailedPrecondition);  // the same account
  EXPECT_EQ(payments().CorrectIban("usr_rclerk", returned_id, "KZ00601").status().field(), "iban");
  ASSERT_TRUE(payments().CorrectIban("usr_rclerk", returned_id, KzIban(500)).ok());
  auto resend = payments().BuildList(finance_, programme_.code);
  ASSERT_TRUE(resend.ok()) << resend.status().ToString();
  ASSERT_EQ(resend->payments.size(), 1u);
  EXPECT_EQ(resend->payments[0].resent_from, returned_id);
  EXPECT_EQ(resend->payments[0].iban, KzIban(500));
  auto csv = payments().Export(finance_, resend->list.id, {.format = ExportFormat::kCsv});
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_NE(csv->body.find(KzIban(500)), std::string::npos);
  auto paid =
      payments().ReadAnswer(finance_, resend->list.id,
                            "end_to_end_id,status,reason\n" + resend->payments[0].id + ",paid,\n");
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->paid, 1);
  EXPECT_EQ(ClaimOf(second_).state, ClaimState::kPaid);
  // A decision being paid is not corrected.
  EXPECT_EQ(commissions()
                .CorrectDecision(chair_, act_.session_id,
                                 {.claim_id = first_,
                                  .outcome = Decision::kApproved,
                                  .amount = 1'000'000,
                                  .reason = "late"})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
}

// The answer is read back in a few statements (the list's payments and claims read at once, the
// changes written in batches): a mixed answer still pays, returns and refuses entry by entry,
// the running totals still equal a fresh sum, and each changed payment has its one audit row in
// a chain that verifies.
TEST_P(PaymentsTest, AMixedAnswerPaysReturnsAndRefusesEachEntryWithOneAuditRowPerChange) {
  ASSERT_TRUE(commissions().SignAct(chair_, act_.id).ok());
  // Three more shops approved at a second session.
  std::vector<std::string> more;
  for (int i = 0; i < 3; ++i) {
    more.push_back(ReadyClaim(Iin("900101", 90 + i), fmt::format("ул. Абая {}", 40 + i),
                              1'000'000 + 100'000 * i, inspector_));
  }
  Commission c = MakeCommission(1);
  auto s = commissions().OpenSession(chair_, c.id, {chair_}, more);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  for (int i = 0; i < 3; ++i) {
    Vote(s->session.id, chair_, more[i], VoteChoice::kApprove);
    ASSERT_TRUE(commissions()
                    .Decide(chair_, s->session.id,
                            {.claim_id = more[i],
                             .outcome = Decision::kApproved,
                             .amount = 1'000'000 + 100'000 * i})
                    .ok());
  }
  auto act = commissions().CloseSession(chair_, s->session.id);
  ASSERT_TRUE(act.ok()) << act.status().ToString();
  ASSERT_TRUE(commissions().SignAct(chair_, act->id).ok());
  auto built = payments().BuildList(finance_, programme_.code);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  ASSERT_EQ(built->payments.size(), 5u);
  std::map<std::string, std::string> pay;  // claim -> payment
  for (const auto& p : built->payments) pay[p.claim_id] = p.id;
  ASSERT_TRUE(payments().Export(finance_, built->list.id, Pain001()).ok());

  // A first answer settles two: the first paid, the second returned.
  auto first = payments().ReadAnswer(finance_, built->list.id,
                                     "end_to_end_id,status,reason\n" + pay[first_] + ",paid,\n" +
                                         pay[second_] + ",returned,AC04\n");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->paid, 1);
  ASSERT_EQ(first->returned, 1);
  EXPECT_EQ(first->view.list.state, PaymentListState::kExported);  // three still sent

  int64_t seq_before = 0;
  {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    seq_before = tx->AuditHead()->first;
  }
  // The second: both settled ones again (unchanged), the returned one now "paid" (refused), an
  // unknown id (refused), two paid (one of them twice: unchanged the second time), one returned.
  std::string csv = "end_to_end_id,status,reason\n";
  csv += pay[first_] + ",paid,\n";
  csv += pay[second_] + ",returned,AC04\n";
  csv += pay[second_] + ",paid,\n";
  csv += "pay_unknown,paid,\n";
  csv += pay[more[0]] + ",paid,\n";
  csv += pay[more[1]] + ",returned,AC01\n";
  csv += pay[more[2]] + ",paid,\n";
  csv += pay[more[2]] + ",paid,\n";
  auto answer = payments().ReadAnswer(finance_, built->list.id, csv);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->paid, 2);
  EXPECT_EQ(answer->returned, 1);
  EXPECT_EQ(answer->unchanged, 3);
  ASSERT_EQ(answer->errors.size(), 2u);
  EXPECT_NE(answer->errors[0].message().find("is returned; the answer says paid"),
            std::string::npos)
      << answer->errors[0].ToString();
  EXPECT_NE(answer->errors[1].message().find("is not on list"), std::string::npos);
  EXPECT_EQ(answer->view.list.state, PaymentListState::kAnswered);
  std::vector<AuditEvent> answer_rows;  // what the answer appended to the chain
  {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    auto rows = tx->ListAudit(seq_before, 1000);
    ASSERT_TRUE(rows.ok());
    answer_rows = *rows;
  }

  // States: in the answer's view and in the store alike.
  std::map<std::string, PaymentState> want = {{first_, PaymentState::kPaid},
                                              {second_, PaymentState::kReturned},
                                              {more[0], PaymentState::kPaid},
                                              {more[1], PaymentState::kReturned},
                                              {more[2], PaymentState::kPaid}};
  auto stored = payments().GetList(finance_, built->list.id);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(answer->view.payments.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    const Payment& p = stored->payments[i];
    EXPECT_EQ(p.state, want[p.claim_id]) << p.id;
    EXPECT_EQ(answer->view.payments[i].id, p.id);
    EXPECT_EQ(answer->view.payments[i].state, p.state) << p.id;
    EXPECT_EQ(answer->view.payments[i].version, p.version) << p.id;
    EXPECT_EQ(p.paid_at.has_value(), p.state == PaymentState::kPaid) << p.id;
    EXPECT_EQ(p.returned_at.has_value(), p.state == PaymentState::kReturned) << p.id;
  }
  EXPECT_EQ(stored->list.state, PaymentListState::kAnswered);
  EXPECT_EQ(ClaimOf(first_).state, ClaimState::kPaid);
  EXPECT_EQ(ClaimOf(second_).state, ClaimState::kApproved);
  EXPECT_EQ(ClaimOf(more[0]).state, ClaimState::kPaid);
  EXPECT_EQ(ClaimOf(more[1]).state, ClaimState::kApproved);
  EXPECT_EQ(ClaimOf(more[2]).state, ClaimState::kPaid);

  // The running totals equal a fresh sum.
  {
    auto tx = std::move(store_->Begin(TransactionMode::kRead)).value();
    auto totals = tx->GetProgrammeTotals(programme_.id);
    ASSERT_TRUE(totals.ok());
    int64_t live = 0, valued = 0, approved = 0;
    auto all = tx->ListPayments({.programme_id = programme_.id});
    ASSERT_TRUE(all.ok());
    for (const auto& p : *all) {
      if (p.state != PaymentState::kReturned) live += p.amount;
    }
    auto claims = tx->ListClaims({.programme_id = programme_.id}, {.limit = 1000});
    ASSERT_TRUE(claims.ok());
    for (const auto& claim : claims->items) {
      if (claim.state != ClaimState::kWithdrawn) valued += claim.amount_valued.value_or(0);
      auto items = tx->ListClaimItems(claim.id);
      ASSERT_TRUE(items.ok());
      for (const auto& item : *items) {
        if (item.decision == Decision::kApproved) approved += item.amount;
      }
    }
    EXPECT_EQ(live, 3'000'000 + 1'000'000 + 1'200'000);
    EXPECT_EQ(totals->live, live);
    EXPECT_EQ(totals->valued, valued);
    EXPECT_EQ(totals->approved, approved);
  }

  // One audit row per changed payment (each naming it), and the answer's own row; the chain
  // verifies.
  {
    const auto* rows = &answer_rows;
    std::map<std::string, int> rows_of_payment;
    int answers = 0;
    for (const auto& e : *rows) {
      if (e.action == "payments.answer") {
        ++answers;
        continue;
      }
      ASSERT_TRUE(e.action == "claim.paid" || e.action == "payment.returned") << e.action;
      EXPECT_EQ(e.entity_type, "recovery_claim");
      for (const auto& [claim, id] : pay) {
        if (e.detail.find(id) != std::string::npos) {
          ++rows_of_payment[id];
          EXPECT_EQ(e.entity_id, claim);
          EXPECT_EQ(e.action == "claim.paid", want[claim] == PaymentState::kPaid);
        }
      }
    }
    EXPECT_EQ(answers, 1);
    EXPECT_EQ(rows->size(), 4u);
    EXPECT_EQ(rows_of_payment, (std::map<std::string, int>{
                                   {pay[more[0]], 1}, {pay[more[1]], 1}, {pay[more[2]], 1}}));
  }
  auto verified = access::VerifyAuditChain(*store_);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_TRUE(verified->intact) << verified->problem;

  // A returned payment is still sent again once its IBAN is corrected.
  ASSERT_TRUE(payments().CorrectIban("usr_rclerk", pay[more[1]], KzIban(501)).ok());
  auto resend = payments().BuildList(finance_, programme_.code);
  ASSERT_TRUE(resend.ok()) << resend.status().ToString();
  ASSERT_EQ(resend->payments.size(), 1u);
  EXPECT_EQ(resend->payments[0].resent_from, pay[more[1]]);
}

TEST_P(PaymentsTest, AnInjuredPayeeReportedDeadAfterTheDecisionIsHeldBack) {
  ASSERT_TRUE(commissions().SignAct(chair_, act_.id).ok());
  auto injury = recovery_->CreateProgramme("usr_admin", {.code = "injured",
                                                         .name = "Injured",
                                                         .claim_kinds = {ClaimKind::kInjurySupport},
                                                         .amount_rule = AmountRule::kBySeverity,
                                                         .amount_light = 100'000,
                                                         .amount_moderate = 300'000,
                                                         .amount_severe = 1'000'000,
                                                         .period_start = {2026, 1, 1}});
  ASSERT_TRUE(injury.ok()) << injury.status().ToString();
  Person person{.id = NewId(kPersonIdPrefix),
                .names = {PersonName{.full_name = "Сейткалиев Нурлан"}},
                .status = PersonStatus::kHospitalised,
                .created_at = clock_.Now(),
                .updated_at = clock_.Now()};
  {
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    ASSERT_TRUE(tx->InsertPerson(person).ok());
    ASSERT_TRUE(tx->AppendAudit({.at = clock_.Now(),
                                 .actor = "test",
                                 .action = "person.create",
                                 .entity_type = "person",
                                 .entity_id = person.id})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto in = recovery_->SubmitClaim(
      clerk_, {.kind = ClaimKind::kInjurySupport,
               .programme = "injured",
               .person_id = person.id,
               .applicant_name = "Сейткалиев Нурлан",
               .applicant_id = Iin("880808", 9),
               .iban = KzIban(77),
               .severity = InjurySeverity::kSevere,
               .documents = {{"id_card", Hash(9001), "image/jpeg", 1},
                             {"medical_certificate", Hash(9002), "application/pdf", 1}}});
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  std::string claim = in->claim.id;
  ASSERT_EQ(recovery_->ReviewClaim(clerk_, claim)->state, ClaimState::kComplete);
  ASSERT_EQ(recovery_->CheckClaim(clerk_, claim)->state, ClaimState::kValued);
  ASSERT_TRUE(recovery_->MarkReady(clerk_, claim).ok());
  auto c =
      *commissions().CreateCommission("usr_admin", {.programme = "injured",
                                                    .name = "Injuries",
                                                    .quorum = 1,
                                                    .members = {{chair_, CommissionRole::kChair}}});
  auto s = *commissions().OpenSession(chair_, c.id, {chair_}, {});
  Vote(s.session.id, chair_, claim, VoteChoice::kApprove);
  ASSERT_TRUE(commissions()
                  .Decide(chair_, s.session.id,
                          {.claim_id = claim, .outcome = Decision::kApproved, .amount = 1'000'000})
                  .ok());
  auto act = *commissions().CloseSession(chair_, s.session.id);
  ASSERT_TRUE(commissions().SignAct(chair_, act.id)->final_at);
  // The morgue's word after the decision.
  {
    auto tx = std::move(store_->Begin(TransactionMode::kWrite)).value();
    Person dead = *tx->GetPerson(person.id);
    dead.status = PersonStatus::kDeceased;
    ASSERT_TRUE(tx->UpdatePerson(dead).ok());
    ASSERT_TRUE(tx->AppendAudit({.at = clock_.Now(),
                                 .actor = "test",
                                 .action = "person.update",
                                 .entity_type = "person",
                                 .entity_id = person.id})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto built = payments().BuildList(finance_, "injured");
  EXPECT_EQ(built.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(built.status().message().find("recorded deceased"), std::string::npos)
      << built.status().message();
  // The shops' programme is not held back by it.
  EXPECT_TRUE(payments().BuildList(finance_, programme_.code).ok());
}

// ---- figures ----

// Known claims through their decisions and payments, and the exact figures they make: three
// shops in Medeu (two approved and paid on different days, one rejected), one in Almaly ready
// (a cell of one: suppressed for the public) and one withdrawn there (not counted), a home
// assessed without a claim.
TEST_P(CommissionTest, TheFiguresCountClaimsAmountsDaysAndSectorsAndHideSmallCells) {
  using std::chrono::hours;
  const std::string medeu = "Медеуский район", almaly = "Алмалинский район";
  std::string a =
      ReadyClaim(Iin("900101", 81), "ул. Абая 50", 3'000'000, inspector_, {}, {}, medeu);
  std::string b =
      ReadyClaim(Iin("900101", 82), "ул. Абая 52", 2'000'000, inspector_, {}, {}, medeu);
  std::string c =
      ReadyClaim(Iin("900101", 83), "ул. Абая 54", 1'000'000, inspector_, {}, {}, medeu);
  std::string d =
      ReadyClaim(Iin("900101", 84), "ул. Жибек Жолы 7", 4'000'000, inspector_, {}, {}, almaly);
  NewClaim withdrawn{.kind = ClaimKind::kBusinessProperty, .programme = programme_.code};
  withdrawn.object =
      NewObject{.kind = ObjectKind::kShop, .address = "ул. Жибек Жолы 9", .district = almaly};
  withdrawn.applicant_name = "Касымова Айгерим";
  auto e = recovery_->SubmitClaim(clerk_, withdrawn);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  ASSERT_TRUE(recovery_->WithdrawClaim(clerk_, e->claim.id, "moved away").ok());
  auto home = recovery_->RegisterObject(
      inspector_, {.kind = ObjectKind::kHome, .address = "мкр. Самал-2, 33", .district = medeu});
  ASSERT_TRUE(home.ok()) << home.status().ToString();
  ASSERT_TRUE(recovery_
                  ->RecordAssessment(
                      inspector_,
                      {.object_id = home->id, .grade = DamageGrade::kD2, .asset_damage = 800'000})
                  .ok());

  Commission com = MakeCommission(1);
  auto s = commissions().OpenSession(chair_, com.id, {chair_}, {a, b, c});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto decide = [&](const std::string& claim, Decision outcome, int64_t amount, int after_hours) {
    clock_.Advance(hours(after_hours));
    Vote(s->session.id, chair_, claim,
         outcome == Decision::kApproved ? VoteChoice::kApprove : VoteChoice::kReject);
    auto r = commissions().Decide(chair_, s->session.id,
                                  {.claim_id = claim,
                                   .outcome = outcome,
                                   .amount = amount,
                                   .reason = outcome == Decision::kRejected ? "not eligible" : ""});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  };
  decide(a, Decision::kApproved, 3'000'000, 24);  // a day after complete
  decide(b, Decision::kApproved, 2'000'000, 24);  // two days
  decide(c, Decision::kRejected, 0, 48);          // four days
  auto act = commissions().CloseSession(chair_, s->session.id);
  ASSERT_TRUE(act.ok()) << act.status().ToString();
  ASSERT_TRUE(commissions().SignAct(chair_, act->id).ok());
  // A later assessment of a's shop finds lost income too: the latest counts.
  clock_.Advance(hours(1));
  ASSERT_TRUE(recovery_
                  ->RecordAssessment(inspector_, {.object_id = ClaimOf(a).object_id,
                                                  .grade = DamageGrade::kD3,
                                                  .asset_damage = 3'500'000,
                                                  .lost_income = 700'000})
                  .ok());

  std::string finance = NewId(kUserIdPrefix);
  auto list = recovery_->payments().BuildList(finance, programme_.code);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_TRUE(
      recovery_->payments().Export(finance, list->list.id, {.format = ExportFormat::kCsv}).ok());
  std::string pay_a, pay_b;
  for (const auto& p : list->payments) (p.claim_id == a ? pay_a : pay_b) = p.id;
  clock_.Advance(hours(23));  // five days after complete
  ASSERT_TRUE(recovery_->payments()
                  .ReadAnswer(finance, list->list.id, "end_to_end_id,status\n" + pay_a + ",paid\n")
                  .ok());
  clock_.Advance(hours(60));  // seven and a half days
  ASSERT_TRUE(recovery_->payments()
                  .ReadAnswer(finance, list->list.id, "end_to_end_id,status\n" + pay_b + ",paid\n")
                  .ok());

  auto f = recovery_->GetFigures();
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->cells.size(), 2u);
  const FigureCell& big = f->cells[1].district == medeu ? f->cells[1] : f->cells[0];
  const FigureCell& small = f->cells[1].district == medeu ? f->cells[0] : f->cells[1];
  EXPECT_EQ(big.district, medeu);
  EXPECT_EQ(big.type, "shop");
  EXPECT_EQ(big.counts.claims, 3);
  EXPECT_EQ(big.counts.in_need, 2);
  EXPECT_EQ(big.counts.reached, 2);
  EXPECT_EQ(big.counts.rejected, 1);
  EXPECT_EQ(big.counts.valued, 6'000'000);
  EXPECT_EQ(big.counts.approved, 5'000'000);
  EXPECT_EQ(big.counts.paid, 5'000'000);
  EXPECT_EQ(small.district, almaly);
  EXPECT_EQ(small.counts.claims, 1);  // the withdrawn claim is not counted
  EXPECT_EQ(small.counts.valued, 4'000'000);
  EXPECT_EQ(f->total.claims, 4);
  EXPECT_EQ(f->total.valued, 10'000'000);
  ASSERT_EQ(f->by_type.size(), 1u);
  EXPECT_EQ(f->by_type[0].key, "shop");
  ASSERT_EQ(f->by_district.size(), 2u);
  std::map<std::string, int64_t> states;
  for (const auto& k : f->by_state) states[k.key] = k.counts.claims;
  EXPECT_EQ(states, (std::map<std::string, int64_t>{
                        {"paid", 2}, {"ready", 1}, {"rejected", 1}, {"withdrawn", 1}}));
  ASSERT_EQ(f->programmes.size(), 1u);
  EXPECT_EQ(f->programmes[0].code, "almaty-shops");
  EXPECT_EQ(f->programmes[0].budget_used, 5'000'000);
  EXPECT_EQ(f->programmes[0].counts.claims, 4);
  EXPECT_EQ(f->complete_to_decision.count, 3);
  EXPECT_DOUBLE_EQ(f->complete_to_decision.median, 2.0);
  EXPECT_DOUBLE_EQ(f->complete_to_decision.p90, 4.0);
  EXPECT_EQ(f->complete_to_payment.count, 2);
  EXPECT_DOUBLE_EQ(f->complete_to_payment.median, 6.25);
  EXPECT_DOUBLE_EQ(f->complete_to_payment.p90, 7.5);
  ASSERT_EQ(f->sectors.size(), 2u);
  EXPECT_EQ(f->sectors[0].sector, "commerce");
  EXPECT_EQ(f->sectors[0].objects, 4);  // the withdrawn claim's shop was never assessed
  EXPECT_EQ(f->sectors[0].damage, 3'500'000 + 2'000'000 + 1'000'000 + 4'000'000);
  EXPECT_EQ(f->sectors[0].losses, 700'000);
  EXPECT_EQ(f->sectors[1].sector, "housing");
  EXPECT_EQ(f->sectors[1].damage, 800'000);

  // The public's cells: the one of a single claim is suppressed; nothing personal in the CSV.
  auto cells = recovery_->PublicFigures(3);
  ASSERT_TRUE(cells.ok()) << cells.status().ToString();
  std::string csv = HxlCsv(*cells);
  EXPECT_NE(csv.find("#adm2+name,#loc+type,#affected+claims,#inneed+claims,#reached+claims"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find(medeu + ",shop,3,2,2,6000000,5000000,5000000,false\r\n"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find(almaly + ",shop,,,,,,,true\r\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("4000000"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("Ахметов"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(Iin("900101", 81)), std::string::npos) << csv;
  EXPECT_EQ(csv.find("KZ"), std::string::npos) << csv;
  // A threshold of one shows every cell.
  EXPECT_FALSE((*recovery_->PublicFigures(1))[0].suppressed);
  EXPECT_EQ(recovery_->PublicFigures(0).status().field(), "small_cell");
}

INSTANTIATE_TEST_SUITE_P(Backends, PaymentsTest,
                         ::testing::Values(Backend{"sqlite", TempSqliteUrl},
                                           Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(Backends, CommissionTest,
                         ::testing::Values(Backend{"sqlite", TempSqliteUrl},
                                           Backend{"postgres", TempPostgresUrl}),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace aftermath::recovery
