// recovery_decision_bench: issue #17's targets for commissions and payments. Usage:
//   recovery_decision_bench [--db URL] [--claims N] [--decide N] [--payments N]
//                           [--fill-per-transaction N] [--fill-only 1]
// The register is filled once through the store (N ready shop claims, each on an object of its
// own, in a programme with a budget and caps, default 200,000) and kept at --db (default
// sqlite:/tmp/aftermath_decision_bench.db; a PostgreSQL URL works too) for the next run. Then:
//  1. votes and decisions: a session of a 3-member commission takes --decide ready claims
//     (default 2,000); two members vote on each and the chair records the decision, each call
//     timed (Commissions::CastVote, Commissions::Decide: their reads, recusals, caps, writes,
//     audit row and commit). Target: p99 <= 50 ms.
//  2. payments: --payments claims (default 10,000) are approved by a session whose act is final
//     (written straight through the store), then Payments::BuildList, Export as pain.001.001.03
//     and ReadAnswer of a pain.002 paying every one are timed. Target: <= 2 s for the file
//     and <= 2 s for the answer.
// Each run adds its own claims: a store kept from an earlier run grows by --decide + --payments.
// --fill-per-transaction (default 20,000) sizes the fill's transactions: on PostgreSQL each
// claim updates its programme's total row, and each update in one transaction walks the row
// versions the transaction made before it, so 200,000 claims are filled 1,000 at a time there.
// --fill-only 1 stops after the fill of --claims.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "common/ids.h"
#include "names/engine.h"
#include "recovery/keys.h"
#include "recovery/recovery.h"
#include "store/store.h"

namespace aftermath {
namespace {

using Clock_ = std::chrono::steady_clock;

double Ms(Clock_::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock_::now() - since).count();
}

// This thread's CPU time in ms (SQLite runs in it too): on a machine shared with other work the
// wall time of a step is this plus the time waited for a core or the disk.
double CpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

std::string Iin(uint64_t n) {
  for (uint64_t k = n;; k += 1000003) {
    auto iin = recovery::CompleteKzId(fmt::format("{:02d}{:02d}{:02d}3{:04d}", 50 + k % 50,
                                                  1 + (k / 50) % 12, 1 + (k / 600) % 28,
                                                  (k / 16800) % 10000));
    if (iin) return *iin;
  }
}

// A valid Kazakh IBAN at Halyk Bank (bank code 601) for the n-th account.
std::string KzIban(uint64_t n) {
  return recovery::CompleteKzIban(fmt::format("601A{:012d}", 861000000000ULL + n));
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}
template <typename T>
T Check(Result<T> r, const char* what) {
  Check(r.status(), what);
  return std::move(r).value();
}

// `count` ready claims (state `state`, valued 1,000,000) on objects of their own, from serial
// `first` on; their ids.
int fill_per_transaction = 20000;

std::vector<std::string> Fill(Store& store, const Programme& programme, int64_t first, int count,
                              ClaimState state) {
  const int kPerTransaction = fill_per_transaction;
  Timestamp now = SystemClock().Now();
  std::vector<std::string> ids;
  for (int i = 0; i < count; i += kPerTransaction) {
    auto tx = Check(store.Begin(TransactionMode::kWrite), "begin");
    for (int k = i; k < std::min(count, i + kPerTransaction); ++k) {
      int64_t n = first + k;
      AffectedObject o{.id = NewId(kObjectIdPrefix),
                       .kind = ObjectKind::kShop,
                       .address = fmt::format("ул. Абая, д. {}, бутик {}", n / 100, n % 100),
                       .address_key = fmt::format("ab|{}|{}", n / 100, n % 100),
                       .building_key = fmt::format("ab|{}", n / 100),
                       .district = n % 2 ? "Медеуский район" : "Алмалинский район",
                       .created_by = "bench",
                       .created_at = now,
                       .updated_at = now};
      Check(tx->InsertObject(o), "object");
      Claim c{.id = NewId(kClaimIdPrefix),
              .kind = ClaimKind::kBusinessProperty,
              .state = state,
              .programme_id = programme.id,
              .object_id = o.id,
              .applicant_name = "Ахметов Ерлан",
              .applicant_id = Iin(static_cast<uint64_t>(n) * 7 + 3),
              .applicant_phone = fmt::format("+7701{:07d}", n % 10000000),
              .iban = KzIban(static_cast<uint64_t>(n)),
              .address_key = o.address_key,
              .building_key = o.building_key,
              .amount_claimed = 1000000,
              .amount_valued = 1000000,
              .valuation = ValuationMethod::kSchedule,
              .created_by = "usr_bench_clerk",
              .submitted_at = now,
              .completed_at = now,
              .due_at = now,
              .ready_at = now,
              .updated_at = now};
      Check(tx->InsertClaim(c), "claim");
      ids.push_back(c.id);
    }
    Check(tx->AppendAudit({.at = now, .actor = "bench", .action = "bench.fill"}).status(), "audit");
    Check(tx->Commit(), "commit");
    std::fprintf(stderr, "\rclaims %d  ", std::min(count, i + kPerTransaction));
  }
  std::fprintf(stderr, "\n");
  return ids;
}

int Run(int argc, char** argv) {
  std::string url = "sqlite:/tmp/aftermath_decision_bench.db";
  int claims = 200000, decide = 2000, payments = 10000;
  bool fill_only = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--db")) url = argv[i + 1];
    if (!std::strcmp(argv[i], "--claims")) claims = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--decide")) decide = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--payments")) payments = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--fill-per-transaction")) {
      fill_per_transaction = std::max(1, std::atoi(argv[i + 1]));
    }
    if (!std::strcmp(argv[i], "--fill-only")) fill_only = std::atoi(argv[i + 1]) != 0;
  }
  auto store = Check(OpenStore(url), "open");
  auto engine = Check(names::NameEngine::Create(), "names");
  SystemClock clock;
  recovery::Recovery reg(*store, clock, engine);
  auto programmes =
      Check(reg.LoadProgrammes("bench", {Programme{.code = "bench-shops",
                                                   .name = "Looted shops",
                                                   .claim_kinds = {ClaimKind::kBusinessProperty},
                                                   .cap_per_object = 50'000'000,
                                                   .cap_per_person = 50'000'000,
                                                   .budget = 1'000'000'000'000,
                                                   .period_start = {2020, 1, 1}}}),
            "programme");
  const Programme programme = programmes.front();
  int64_t have =
      Check(Check(store->Begin(TransactionMode::kRead), "begin")->CountClaims(), "count");
  if (have < claims)
    Fill(*store, programme, have, static_cast<int>(claims - have), ClaimState::kReady);
  have = std::max<int64_t>(have, claims);
  if (fill_only) {
    std::printf("register: %lld claims (%s)\n", static_cast<long long>(have), url.c_str());
    return 0;
  }
  // This run's own claims, after the ones kept.
  std::vector<std::string> to_decide = Fill(*store, programme, have, decide, ClaimState::kReady);
  std::vector<std::string> to_pay =
      Fill(*store, programme, have + decide, payments, ClaimState::kApproved);
  int64_t total = have + decide + payments;

  // ---- 1. votes and decisions ----
  std::string chair = NewId(kUserIdPrefix), secretary = NewId(kUserIdPrefix),
              member = NewId(kUserIdPrefix);
  auto& commissions = reg.commissions();
  auto commission = Check(
      commissions.CreateCommission("bench", {.programme = programme.code,
                                             .name = "Bench commission",
                                             .quorum = 2,
                                             .members = {{chair, CommissionRole::kChair},
                                                         {secretary, CommissionRole::kSecretary},
                                                         {member, CommissionRole::kMember}}}),
      "commission");
  // Sessions of at most 500 claims (the register's limit), one after another.
  std::vector<double> vote_ms, decision_ms, decision_cpu_ms, open_ms, close_ms;
  for (size_t first = 0; first < to_decide.size(); first += 500) {
    std::vector<std::string> agenda(
        to_decide.begin() + static_cast<std::ptrdiff_t>(first),
        to_decide.begin() + static_cast<std::ptrdiff_t>(std::min(to_decide.size(), first + 500)));
    auto opened_at = Clock_::now();
    auto session =
        Check(commissions.OpenSession(chair, commission.id, {chair, secretary, member}, agenda),
              "session");
    open_ms.push_back(Ms(opened_at));
    for (const auto& id : agenda) {
      for (const auto& who : {secretary, member}) {
        auto t0 = Clock_::now();
        Check(commissions.CastVote(who, session.session.id, id, VoteChoice::kApprove).status(),
              "vote");
        vote_ms.push_back(Ms(t0));
      }
      auto t0 = Clock_::now();
      double cpu0 = CpuMs();
      Check(commissions
                .Decide(chair, session.session.id,
                        {.claim_id = id, .outcome = Decision::kApproved, .amount = 900000})
                .status(),
            "decision");
      decision_ms.push_back(Ms(t0));
      decision_cpu_ms.push_back(CpuMs() - cpu0);
    }
    auto closed_at = Clock_::now();
    Check(commissions.CloseSession(chair, session.session.id).status(), "close");
    close_ms.push_back(Ms(closed_at));
  }

  // ---- 2. payments: a session whose act is final approves `to_pay`, written directly ----
  {
    Timestamp now = clock.Now();
    auto tx = Check(store->Begin(TransactionMode::kWrite), "begin");
    CommissionSession s{.id = NewId(kCommissionSessionIdPrefix),
                        .commission_id = commission.id,
                        .state = SessionState::kClosed,
                        .present = {chair, secretary},
                        .opened_by = chair,
                        .opened_at = now,
                        .closed_at = now};
    Check(tx->InsertCommissionSession(s), "session");
    int ordinal = 0;
    for (const auto& id : to_pay) {
      Check(tx->InsertAgendaItem({.session_id = s.id,
                                  .claim_id = id,
                                  .ordinal = ++ordinal,
                                  .decision = Decision::kApproved,
                                  .amount = 1000000,
                                  .decided_by = chair,
                                  .decided_at = now}),
            "agenda");
    }
    SessionAct a{.id = NewId(kActIdPrefix),
                 .session_id = s.id,
                 .content = "bench",
                 .sha256 = std::string(64, '0'),
                 .created_at = now};
    Check(tx->InsertAct(a), "act");
    Check(tx->InsertSignature(a.id, {chair, now}), "signature");
    Check(tx->InsertSignature(a.id, {secretary, now}), "signature");
    Check(tx->FinalizeAct(a.id, now), "final");
    Check(tx->AppendAudit({.at = now, .actor = "bench", .action = "bench.fill"}).status(), "audit");
    Check(tx->Commit(), "commit");
  }
  std::string finance = NewId(kUserIdPrefix);
  auto& pay = reg.payments();
  auto t_build = Clock_::now();
  double cpu_build = CpuMs();
  auto list = Check(pay.BuildList(finance, programme.code), "build");
  double build_ms = Ms(t_build);
  cpu_build = CpuMs() - cpu_build;
  auto t_export = Clock_::now();
  double cpu_export = CpuMs();
  auto file = Check(pay.Export(finance, list.list.id,
                               {.format = recovery::ExportFormat::kPain001,
                                .debtor = {"Фонд поддержки", KzIban(999999999), "HSBKKZKX"},
                                .execution_date = "2026-12-07"}),
                    "export");
  double export_ms = Ms(t_export);
  cpu_export = CpuMs() - cpu_export;
  std::string answer =
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"><CstmrPmtStsRpt>"
      "<OrgnlPmtInfAndSts>";
  for (const auto& p : list.payments) {
    answer += fmt::format(
        "<TxInfAndSts><OrgnlEndToEndId>{}</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts>",
        p.id);
  }
  answer += "</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>";
  auto t_answer = Clock_::now();
  double cpu_answer = CpuMs();
  auto outcome = Check(pay.ReadAnswer(finance, list.list.id, answer), "answer");
  double answer_ms = Ms(t_answer);
  cpu_answer = CpuMs() - cpu_answer;
  auto t_figures = Clock_::now();
  auto figures = Check(reg.GetFigures(), "figures");
  double figures_ms = Ms(t_figures);

  std::printf("register: %lld claims (%s)\n", static_cast<long long>(total),
              store->Describe().c_str());
  std::printf("%zu sessions of up to 500 claims: opened in %.0f ms at most, closed (act drawn up) "
              "in %.0f ms at most\n",
              open_ms.size(), Percentile(open_ms, 1.0), Percentile(close_ms, 1.0));
  std::printf("vote:     %zu; p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", vote_ms.size(),
              Percentile(vote_ms, 0.5), Percentile(vote_ms, 0.99), Percentile(vote_ms, 1.0));
  std::printf("decision: %zu; p50 %.2f ms, p99 %.2f ms, max %.2f ms (CPU p50 %.2f ms, p99 %.2f "
              "ms)\n",
              decision_ms.size(), Percentile(decision_ms, 0.5), Percentile(decision_ms, 0.99),
              Percentile(decision_ms, 1.0), Percentile(decision_cpu_ms, 0.5),
              Percentile(decision_cpu_ms, 0.99));
  std::printf("payment list of %zu built in %.0f ms, CPU %.0f ms (%zu held back)\n",
              list.payments.size(), build_ms, cpu_build, list.held.size());
  std::printf("pain.001 of %zu payments (%zu bytes) exported in %.0f ms, CPU %.0f ms\n",
              list.payments.size(), file.body.size(), export_ms, cpu_export);
  std::printf("pain.002 answer read back in %.0f ms, CPU %.0f ms: %d paid, %d returned, %zu "
              "errors\n",
              answer_ms, cpu_answer, outcome.paid, outcome.returned, outcome.errors.size());
  std::printf("figures over %lld claims in %.0f ms\n", static_cast<long long>(figures.total.claims),
              figures_ms);
  return 0;
}

}  // namespace
}  // namespace aftermath

int main(int argc, char** argv) { return aftermath::Run(argc, argv); }
