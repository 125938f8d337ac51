// recovery_intake_bench: the duplicate check at intake against a register of 200,000 claims and
// 1,000,000 objects (issue #16's target: <= 10 ms p99). Usage:
//   recovery_intake_bench [--db URL] [--claims N] [--objects N] [--probes N]
// The register is filled once (objects and claims written straight through the store in large
// transactions, keys spread like a city's: 30 streets x 600 houses x 60 units, one IIN, phone
// and IBAN an applicant) and kept at --db (default sqlite:/tmp/aftermath_recovery_bench.db) for
// the next run. Then each probe, half of them near-duplicates of a stored claim, is checked
// (DuplicateCheck::Find in a read transaction, as intake runs it) and, separately, taken in
// through Recovery::SubmitClaim (the check plus the writes, the audit row and the commit).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "common/ids.h"
#include "demo/population/rng.h"
#include "names/engine.h"
#include "recovery/address.h"
#include "recovery/keys.h"
#include "recovery/recovery.h"
#include "store/store.h"

namespace aftermath {
namespace {

using population::Rng;

constexpr const char* kStreets[] = {
    "Абая",         "Достык",     "Толе би",          "Жибек жолы",      "Сейфуллина",
    "Байтурсынова", "Гоголя",     "Фурманова",        "Назарбаева",      "Жандосова",
    "Розыбакиева",  "Тимирязева", "Манаса",           "Жарокова",        "Желтоксан",
    "Райымбека",    "Муканова",   "Пушкина",          "Курмангазы",      "Момышулы",
    "Исаева",       "Зенкова",    "Калдаякова",       "Бекмаханова",     "Утепова",
    "Жумалиева",    "Шевченко",   "Наурызбай батыра", "Кабанбай батыра", "Богенбай батыра"};
constexpr const char* kSurnames[] = {"Ахметов", "Омаров",     "Сейткалиев", "Жумабеков", "Нурланов",
                                     "Касымов", "Бекмуратов", "Ермеков",    "Султанов",  "Оспанов",
                                     "Иванов",  "Петров",     "Смирнов",    "Кузнецов",  "Попов"};
constexpr const char* kGiven[] = {"Нурлан", "Ерлан",   "Бауыржан", "Арман",  "Серик",  "Данияр",
                                  "Марат",  "Айгерим", "Гульнар",  "Динара", "Сергей", "Мария"};

std::string Address(int place) {
  int street = place % 30, house = 1 + (place / 30) % 600, unit = place / 18000;
  return fmt::format("ул. {}, д. {}{}", kStreets[street], house,
                     unit ? fmt::format(", кв. {}", unit) : std::string());
}

std::string Iin(uint64_t n) {
  for (uint64_t k = n;; k += 1000003) {
    auto iin = recovery::CompleteKzId(fmt::format("{:02d}{:02d}{:02d}3{:04d}", 50 + k % 50,
                                                  1 + (k / 50) % 12, 1 + (k / 600) % 28,
                                                  (k / 16800) % 10000));
    if (iin) return *iin;
  }
}

std::string Hash(Rng& rng) {
  std::string out;
  for (int i = 0; i < 4; ++i) out += fmt::format("{:016x}", rng.Next());
  return out;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

Status Fill(Store& store, const Programme& programme, int objects, int claims) {
  ASSIGN_OR_RETURN(auto have_tx, store.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(int64_t have_objects, have_tx->CountObjects());
  ASSIGN_OR_RETURN(int64_t have_claims, have_tx->CountClaims());
  have_tx.reset();
  Rng rng(42);
  Timestamp now = SystemClock().Now();
  constexpr int kPerTransaction = 20000;
  std::vector<std::string> object_ids;
  auto started = std::chrono::steady_clock::now();
  for (int i = static_cast<int>(have_objects); i < objects; i += kPerTransaction) {
    ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kWrite));
    for (int k = i; k < std::min(objects, i + kPerTransaction); ++k) {
      AffectedObject o{.id = NewId(kObjectIdPrefix),
                       .kind = ObjectKind::kShop,
                       .address = Address(k),
                       .created_by = "bench",
                       .created_at = now,
                       .updated_at = now};
      ASSIGN_OR_RETURN(auto a, recovery::ParseAddress(o.address, "address"));
      o.address_key = a.Key();
      o.building_key = a.BuildingKey();
      if (k % 3 == 0)
        o.cadastral = fmt::format("20:{:03d}:{:03d}:{}", k % 1000, k / 1000 % 1000, k);
      RETURN_IF_ERROR(tx->InsertObject(o));
    }
    RETURN_IF_ERROR(
        tx->AppendAudit({.at = now, .actor = "bench", .action = "bench.fill"}).status());
    RETURN_IF_ERROR(tx->Commit());
    std::fprintf(stderr, "\robjects %d", std::min(objects, i + kPerTransaction));
  }
  for (int i = static_cast<int>(have_claims); i < claims; i += kPerTransaction) {
    ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kWrite));
    for (int k = i; k < std::min(claims, i + kPerTransaction); ++k) {
      int place = static_cast<int>(rng.Below(objects));
      auto a = *recovery::ParseAddress(Address(place), "address");
      Claim c{
          .id = NewId(kClaimIdPrefix),
          .kind = ClaimKind::kBusinessProperty,
          .programme_id = programme.id,
          .applicant_name = fmt::format("{} {}", kSurnames[rng.Below(15)], kGiven[rng.Below(12)]),
          .applicant_id = Iin(static_cast<uint64_t>(k) * 7 + 3),
          .applicant_phone = fmt::format("+7701{:07d}", k),
          .iban = fmt::format("KZ00125KZT{:010d}", k),  // never compared as valid here
          .address_key = a.Key(),
          .building_key = a.BuildingKey(),
          .amount_claimed = 1000000,
          .created_by = "bench",
          .submitted_at = now,
          .updated_at = now};
      c.documents = {{"photo", Hash(rng), "image/jpeg", 0}};
      RETURN_IF_ERROR(tx->InsertClaim(c));
    }
    RETURN_IF_ERROR(
        tx->AppendAudit({.at = now, .actor = "bench", .action = "bench.fill"}).status());
    RETURN_IF_ERROR(tx->Commit());
    std::fprintf(stderr, "\rclaims %d  ", std::min(claims, i + kPerTransaction));
  }
  std::fprintf(stderr, "\rfilled in %.0f s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return Status::Ok();
}

int Run(int argc, char** argv) {
  std::string url = "sqlite:/tmp/aftermath_recovery_bench.db";
  int claims = 200000, objects = 1000000, probes = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--db")) url = argv[i + 1];
    if (!std::strcmp(argv[i], "--claims")) claims = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--objects")) objects = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--probes")) probes = std::atoi(argv[i + 1]);
  }
  auto store = OpenStore(url);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  auto engine = names::NameEngine::Create();
  SystemClock clock;
  recovery::Recovery register_(**store, clock, *engine);
  auto programmes =
      register_.LoadProgrammes("bench", {Programme{.code = "bench-business",
                                                   .name = "Businesses",
                                                   .claim_kinds = {ClaimKind::kBusinessProperty},
                                                   .period_start = {2020, 1, 1}}});
  if (!programmes.ok()) {
    std::fprintf(stderr, "%s\n", programmes.status().ToString().c_str());
    return 1;
  }
  if (Status s = Fill(**store, programmes->front(), objects, claims); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  Rng rng(7);
  std::vector<recovery::NewClaim> probe;
  for (int i = 0; i < probes; ++i) {
    recovery::NewClaim c{
        .kind = ClaimKind::kBusinessProperty,
        .programme = "bench-business",
        .applicant_name = fmt::format("{} {}", kSurnames[rng.Below(15)], kGiven[rng.Below(12)])};
    int place = static_cast<int>(rng.Below(objects));
    // Half of them near-duplicates: another claimant's IIN of the register, a stored place.
    if (i % 2 == 0) c.applicant_id = Iin(rng.Below(claims) * 7 + 3);
    c.object = recovery::NewObject{.kind = ObjectKind::kShop, .address = Address(place)};
    probe.push_back(std::move(c));
  }
  const auto& programme_list = *programmes;
  std::vector<double> check_ms, intake_ms;
  int found = 0;
  for (const auto& c : probe) {
    auto t0 = std::chrono::steady_clock::now();
    auto tx = (*store)->Begin(TransactionMode::kRead);
    Claim probe_claim{.id = "clm_probe",
                      .kind = c.kind,
                      .programme_id = programme_list[0].id,
                      .applicant_name = c.applicant_name,
                      .applicant_id = c.applicant_id};
    auto a = *recovery::ParseAddress(c.object->address, "address");
    probe_claim.address_key = a.Key();
    probe_claim.building_key = a.BuildingKey();
    auto findings = register_.duplicates().Find(**tx, probe_claim, programme_list);
    tx->reset();
    check_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (findings.ok()) found += findings->empty() ? 0 : 1;
  }
  for (int i = 0; i < std::min(probes, 500); ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto out = register_.SubmitClaim("bench", probe[i]);
    intake_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!out.ok()) {
      std::fprintf(stderr, "intake: %s\n", out.status().ToString().c_str());
      return 1;
    }
  }
  auto tx = std::move((*store)->Begin(TransactionMode::kRead)).value();
  std::printf("register: %lld claims, %lld objects (%s)\n",
              static_cast<long long>(*tx->CountClaims()),
              static_cast<long long>(*tx->CountObjects()), (*store)->Describe().c_str());
  std::printf(
      "duplicate check: %d probes, %d with findings; p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
      probes, found, Percentile(check_ms, 0.5), Percentile(check_ms, 0.99),
      Percentile(check_ms, 1.0));
  std::printf("intake (check + writes + commit): %zu claims; p50 %.2f ms, p99 %.2f ms\n",
              intake_ms.size(), Percentile(intake_ms, 0.5), Percentile(intake_ms, 0.99));
  return 0;
}

}  // namespace
}  // namespace aftermath

int main(int argc, char** argv) { return aftermath::Run(argc, argv); }
