// The register's workflow as a property test (issue #17): random steps through the use cases —
// claims taken in, reviewed, checked, inspected, valued and made ready; declarations of
// interest; sessions opened by anyone, votes by anyone, decisions, sign-offs, acts closed,
// signed and corrected, appeals; payment lists built, exported (some twice) and answered by the
// bank with random fates (paid, returned, unknown, another list's); returned IBANs corrected;
// and the direct line's hospital, morgue and detention reports, deaths and merges through the
// Registry, followed by the register as its follower would — by random actors of random roles,
// on SQLite and on PostgreSQL with two domain stacks (two store connections) stepping from two
// threads at once. Three steps in four are purposeful (the right actor on a target that can
// pass, so most claims are decided, signed, paid, returned, corrected and re-sent); the others
// are hostile (random actors, claims, votes and amounts). The domain's refusals are expected
// outcomes and are counted by code, and what the steps achieved (payments paid, returned,
// re-sent, held back by reason, lists exported twice) by name, with lower bounds per 10,000
// steps; an Internal or DataLoss fails the test. Every `check_every` steps the invariants of
// the current programme period, and at every tenth check and at the end those of every period
// and the audit chain, are read from the store: no payment without a final approval of its
// amount in an act, one live payment per claim and per payee and programme, no object paid
// above its programme's cap nor a claim above its valuation, the budget held, the running
// totals equal a fresh sum, no injured payee dead or detained (followed through merges) when
// the list was built, every decision in its session's act with the act's hash and a quorum of
// present signers, and the audit chain intact.
//
// Parameters (environment): AFTERMATH_WORKFLOW_STEPS (12,000 on SQLite, 10,000 on PostgreSQL),
// AFTERMATH_WORKFLOW_SEED (default 1), AFTERMATH_WORKFLOW_CHECK_EVERY (default 5,000),
// AFTERMATH_WORKFLOW_EPOCH (steps per programme period, default 10,000),
// AFTERMATH_WORKFLOW_BACKENDS ("sqlite", "postgres" or both, the default).
// A failure prints the seed and the step, so `AFTERMATH_WORKFLOW_SEED=S
// AFTERMATH_WORKFLOW_STEPS=N` replays it (exactly on SQLite; on PostgreSQL the two threads
// interleave as they will).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "access/audit_chain.h"
#include "recovery/approvals.h"
#include "recovery/commission_act.h"
#include "recovery/keys.h"
#include "recovery/recovery.h"
#include "registry/registry.h"
#include "store/postgres/test_backends.h"

namespace aftermath::recovery {
namespace {

using testing::Backend;

int64_t EnvInt(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  return std::strtoll(v, nullptr, 10);
}

// A clock every reading of which is one millisecond later than the last, across threads: the
// times written inside write transactions (which take turns) are in commit order.
class TickingClock final : public Clock {
 public:
  explicit TickingClock(Timestamp start) : ms_(start.time_since_epoch().count()) {}
  Timestamp Now() const override {
    return Timestamp(std::chrono::milliseconds(ms_.fetch_add(1) + 1));
  }

 private:
  mutable std::atomic<int64_t> ms_;
};

const names::NameEngine& Engine() {
  static const names::NameEngine* engine = new names::NameEngine(*names::NameEngine::Create());
  return *engine;
}

// A valid IIN of its own for n (mod 10,000); the next number when n's check digit cannot be.
std::string Iin(int n) {
  for (int k = 0;; ++k) {
    if (auto v = CompleteKzId(fmt::format("9001013{:04d}", (n + k) % 10000))) return *v;
  }
}
std::string Hash(uint64_t n) { return fmt::format("{:064x}", n); }
std::string KzIban(int64_t n) {
  return CompleteKzIban(fmt::format("601A{:012d}", 861001700000 + n));  // Halyk Bank
}

enum class Step {
  kSubmitShop,
  kReview,
  kCheck,
  kAssess,
  kValue,
  kReady,
  kWithdraw,
  kResolveConflict,
  kDeclare,
  kOpenSession,
  kVote,
  kDecide,
  kSignOff,
  kClose,
  kSignAct,
  kCorrect,
  kAppeal,
  kBuildList,
  kExport,
  kAnswer,
  kCorrectIban,
  kHospital,
  kSubmitInjury,
  kDeath,
  kMorgue,
  kDetain,
  kMerge,
  kFollow,
  kStall,  // not drawn: a session no step can move on any more, given up (counted)
  kCount
};
constexpr const char* kStepNames[] = {
    "submit_shop", "review",   "check",         "assess",    "value",     "ready",   "withdraw",
    "resolve",     "declare",  "open_session",  "vote",      "decide",    "sign_off", "close",
    "sign_act",    "correct",  "appeal",        "build_list", "export",   "answer",  "correct_iban",
    "hospital",    "submit_injury", "death",    "morgue",    "detain",    "merge",   "follow",
    "stall"};
// Weights of the steps, in Step order. Most steps are drawn "purposeful" (kPurposeful percent):
// the right actor on a target that can pass (a present, unrecused member who has not voted,
// voting the way the claim can be decided; the decision its votes carry, with an amount within
// the valuation; the sign-off an amount needs; the act signed by a present member who has not
// signed; a list built, exported once and answered), so most claims go all the way to payment,
// return, correction and re-sending. The others are hostile: random actors of random roles,
// random claims, amounts and votes, lists exported twice, answers naming other lists' payments.
constexpr int kWeights[] = {4, 4, 4, 4, 2, 4, 1, 1, 1, 2, 12, 5, 2, 2,
                            5, 1, 1, 2, 2, 2, 2, 2, 3, 1, 1, 1, 2, 1, 0};
constexpr int kPurposeful = 75;
static_assert(sizeof(kWeights) / sizeof(int) == static_cast<int>(Step::kCount));
static_assert(sizeof(kStepNames) / sizeof(char*) == static_cast<int>(Step::kCount));

// The staff. Some wear two hats, so recusals and the separation of duties come up: m1 also
// inspects, m2 also takes claims in, m3 also values, and the secretary also works in finance.
struct Staff {
  std::string chair = NewId(kUserIdPrefix), secretary = NewId(kUserIdPrefix),
              m1 = NewId(kUserIdPrefix), m2 = NewId(kUserIdPrefix), m3 = NewId(kUserIdPrefix),
              inspector = NewId(kUserIdPrefix), clerk = NewId(kUserIdPrefix),
              valuer = NewId(kUserIdPrefix), finance = NewId(kUserIdPrefix);
  std::vector<std::string> members() const { return {chair, secretary, m1, m2, m3}; }
  std::vector<std::string> deciders() const { return {chair, secretary}; }
  std::vector<std::string> inspectors() const { return {inspector, m1}; }
  std::vector<std::string> clerks() const { return {clerk, m2}; }
  std::vector<std::string> valuers() const { return {valuer, m3}; }
  std::vector<std::string> finances() const { return {finance, secretary}; }
  std::vector<std::string> all() const {
    return {chair, secretary, m1, m2, m3, inspector, clerk, valuer, finance};
  }
};

// One programme period: a shops programme and an injury programme, each with its commission.
struct Epoch {
  int n = 0;
  Programme shops, injured;
  Commission shops_c, injured_c;
  std::vector<ApprovalTier> shops_tiers;  // the injured programme has none
};

struct SessionRef {
  std::string id, commission_id;
  std::vector<std::string> present, claims;
};
struct ListRef {
  std::string id;
  std::vector<std::string> payments;
};
struct PersonRef {
  std::string id, hospital_ref;  // the hospital's record id; empty for the morgue's and others
  int iin = 0;
};
struct Merge {
  std::string a, b;
  Timestamp at;
};
// An open session's agenda as the steps left it (the World's view; the store is the truth).
struct ItemTrack {
  Decision decision = Decision::kPending;
  int64_t amount = 0;
  std::string recused;  // as the agenda recorded it when the session opened
  std::map<std::string, VoteChoice> votes;
  std::set<SignOffRole> sign_offs;
};
struct SessionTrack {
  std::string commission_id;
  std::vector<std::string> present, order;  // order: the agenda's claims
  std::map<std::string, ItemTrack> items;   // by claim
};

// What the steps know of the register (ids to pick from), shared by the threads. The store is
// the truth; this only steers the random steps towards ones that can succeed.
struct World {
  std::mutex mu;
  Epoch epoch;
  std::vector<Epoch> epochs;
  std::map<std::string, ClaimState> state;           // this period's claims
  std::map<ClaimState, std::vector<std::string>> by_state;  // lazily pruned
  std::map<std::string, int64_t> claimed;
  std::vector<SessionRef> open_sessions;
  std::vector<std::pair<std::string, SessionRef>> unsigned_acts;  // act id, session
  std::vector<SessionRef> final_sessions;
  std::vector<ListRef> built, exported;
  std::vector<std::string> returned;  // payment ids
  std::set<std::string> on_agenda;    // claims on an agenda, not decided there yet
  std::set<std::string> returned_claims;  // claims with a returned payment, not re-sent yet
  std::set<std::string> answered;     // lists the bank answered
  std::set<std::string> with_claim;   // injured persons with a claim in this period
  std::set<std::string> payable;      // commissions with an act final since their last list
  // Purposeful steps the domain refused (session|claim|what[|who]): not tried again, so a
  // session they block is given up rather than retried (one who inspected a claim cannot sign
  // off its approval, a member recused after the session opened cannot vote, ...).
  std::set<std::string> blocked;
  std::map<std::string, SessionTrack> sessions;           // open ones, by id
  std::map<std::string, int64_t> valued;                  // claim -> amount valued
  std::map<std::string, std::set<std::string>> signers;  // act -> who signed it
  std::set<std::pair<std::string, std::string>> declared;  // (claim, member) interests
  std::vector<PersonRef> injured;     // hospitalised persons (maybe dead since)
  std::vector<std::string> persons;   // everyone reported
  std::set<std::string> merged_away;
  int64_t next = 0;
  // The ledger of the direct line: when each person was first known dead or detained, and the
  // merges, each at a clock reading taken after its use case returned (so after its commit).
  std::map<std::string, std::vector<std::pair<Timestamp, bool>>> dead_at;  // dead or detained?
  std::vector<Merge> merges;  // a absorbed b
  std::map<std::string, std::vector<size_t>> merges_of;  // b -> its merges' indexes, in order

  void Set(const std::string& claim, ClaimState s) {
    state[claim] = s;
    by_state[s].push_back(claim);
  }
  void Valued(const Claim& c) {
    if (c.amount_valued) valued[c.id] = *c.amount_valued;
  }
  ItemTrack* Item(const std::string& session, const std::string& claim) {
    auto s = sessions.find(session);
    if (s == sessions.end()) return nullptr;
    auto i = s->second.items.find(claim);
    return i == s->second.items.end() ? nullptr : &i->second;
  }
  void Voted(const std::string& session, const std::string& claim, const std::string& who,
             VoteChoice choice) {
    if (ItemTrack* i = Item(session, claim)) i->votes[who] = choice;
  }
  void Decided(const std::string& session, const AgendaItem& item) {
    if (ItemTrack* i = Item(session, item.claim_id)) {
      i->decision = item.decision;
      i->amount = item.amount;
    }
    if (state.contains(item.claim_id)) {
      Set(item.claim_id, item.decision == Decision::kApproved ? ClaimState::kApproved
                                                               : ClaimState::kRejected);
    }
    on_agenda.erase(item.claim_id);
  }
  void SignedOff(const std::string& session, const std::string& claim, SignOffRole role) {
    if (ItemTrack* i = Item(session, claim)) i->sign_offs.insert(role);
  }
  // The session closed with act `act`: from the open sessions to the acts to sign.
  void Closed(const std::string& session, const std::string& act) {
    auto it = std::find_if(open_sessions.begin(), open_sessions.end(),
                           [&](const SessionRef& r) { return r.id == session; });
    if (it != open_sessions.end()) {
      unsigned_acts.push_back({act, *it});
      open_sessions.erase(it);
    }
    sessions.erase(session);
  }
  // A random claim of this period believed in state `s`, or "".
  std::string Pick(ClaimState s, std::mt19937_64& rng) {
    auto& v = by_state[s];
    while (!v.empty()) {
      // Recent claims more often: the back half twice as likely.
      size_t i = rng() % 3 == 0 ? rng() % v.size() : v.size() / 2 + rng() % ((v.size() + 1) / 2);
      if (i >= v.size()) i = v.size() - 1;
      auto it = state.find(v[i]);
      if (it != state.end() && it->second == s) return v[i];
      v[i] = v.back();
      v.pop_back();
    }
    return "";
  }
};

template <typename T>
const T& Any(const std::vector<T>& v, std::mt19937_64& rng) {
  return v[rng() % v.size()];
}

// One server: its store connection(s) and the use cases over them.
struct Stack {
  std::unique_ptr<Store> store;
  std::unique_ptr<Recovery> recovery;
  std::unique_ptr<Registry> registry;
};

struct Tally {
  std::map<std::pair<int, StatusCode>, int64_t> outcomes;  // (step, code) -> count
  std::map<std::pair<int, StatusCode>, std::string> example;  // the first message of each
  void Add(Step s, const Status& st) {
    std::pair key{static_cast<int>(s), st.code()};
    if (++outcomes[key] == 1 && !st.ok()) example[key] = st.ToString().substr(0, 160);
  }
  // What the steps achieved (payments built, paid, returned, re-sent, held back by reason,
  // refusals of the guards), by name.
  std::map<std::string, int64_t> events;
  std::map<int, double> seconds;  // by step: where the time goes
  void Merge(const Tally& o) {
    for (const auto& [k, v] : o.seconds) seconds[k] += v;
    for (const auto& [k, v] : o.outcomes) outcomes[k] += v;
    for (const auto& [k, v] : o.example) example.emplace(k, v);
    for (const auto& [k, v] : o.events) events[k] += v;
  }
};

class WorkflowProperty {
 public:
  WorkflowProperty(uint64_t seed, const Clock& clock, World& world, const Staff& staff)
      : rng_(seed), clock_(clock), world_(world), staff_(staff) {}

  std::map<std::string, int64_t> events;  // what the steps achieved (Tally::events)

  // One random step through `stack`. Returns the status of its use case.
  Status Run(Stack& stack, Step* which) {
    int total = 0;
    for (int w : kWeights) total += w;
    int r = static_cast<int>(rng_() % total);
    int k = 0;
    while (r >= kWeights[k]) r -= kWeights[k++];
    good_ = Chance(kPurposeful);
    Status st = Do(stack, static_cast<Step>(k));
    *which = ran_;
    return st;
  }

 private:
  // The right people for a job on a purposeful step; anyone half the time on a hostile one.
  std::string Who(const std::vector<std::string>& right) {
    return !good_ && Chance(50) ? Any(staff_.all(), rng_) : Any(right, rng_);
  }
  void Count(const std::string& what, int64_t n = 1) {
    if (n) events[what] += n;
  }
  bool Chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }

  Status Do(Stack& s, Step step) {
    ran_ = step;
    Recovery& rec = *s.recovery;
    Commissions& com = rec.commissions();
    Payments& pay = rec.payments();
    std::unique_lock lock(world_.mu);
    World& w = world_;
    const Epoch e = w.epoch;
    // Nothing to do this step on: do what would make some.
    auto instead = [&](Step other) {
      if (lock.owns_lock()) lock.unlock();
      return Do(s, other);
    };
    switch (step) {
      case Step::kSubmitShop: {
        int64_t n = ++w.next;
        lock.unlock();
        int64_t damage = 100'000 + static_cast<int64_t>(rng_() % 80) * 100'000;
        // A quarter of the claims on 40 shops of 60 applicants, so the caps per object and
        // per person bind; the others each on a shop of its own.
        bool hot = Chance(25);
        NewClaim c{.kind = ClaimKind::kBusinessProperty,
                   .programme = e.shops.code,
                   .applicant_name = "Ахметов Ерлан",
                   .applicant_id = hot ? Iin(e.n * 1000 + static_cast<int>(rng_() % 60))
                                       : Iin(static_cast<int>(n * 7919 % 10000)),
                   .iban = KzIban(n),
                   .amount_claimed = damage,
                   .documents = {{"id_card", Hash(2 * n), "image/jpeg", 10}}};
        if (good_ || !Chance(30)) {
          c.documents.push_back({"title_deed", Hash(2 * n + 1), "application/pdf", 10});
        }
        c.object = NewObject{.kind = ObjectKind::kShop,
                             .address = hot ? fmt::format("ул. Абая {}", e.n * 100 + rng_() % 40 + 1)
                                            : fmt::format("пр. Сатпаева {}", n)};
        auto in = rec.SubmitClaim(Who(staff_.clerks()), c);
        if (!in.ok()) return in.status();
        lock.lock();
        w.claimed[in->claim.id] = damage;
        w.Set(in->claim.id, in->claim.state);
        return Status::Ok();
      }
      case Step::kSubmitInjury: {
        if (w.injured.empty()) return instead(Step::kHospital);
        PersonRef p = Any(w.injured, rng_);
        for (int i = 0; good_ && i < 8 && w.with_claim.contains(p.id); ++i) p = Any(w.injured, rng_);
        int64_t n = ++w.next;
        lock.unlock();
        NewClaim c{.kind = ClaimKind::kInjurySupport,
                   .programme = e.injured.code,
                   .person_id = p.id,
                   .applicant_name = "Сейткалиев Нурлан",
                   .applicant_id = Iin(5000 + p.iin % 5000),
                   .iban = KzIban(n),
                   .severity = static_cast<InjurySeverity>(1 + rng_() % 3),
                   .documents = {{"id_card", Hash(2 * n), "image/jpeg", 1},
                                 {"medical_certificate", Hash(2 * n + 1), "application/pdf", 1}}};
        auto in = rec.SubmitClaim(Who(staff_.clerks()), c);
        if (!in.ok()) return in.status();
        lock.lock();
        w.with_claim.insert(p.id);
        w.claimed[in->claim.id] = 0;
        w.Set(in->claim.id, in->claim.state);
        return Status::Ok();
      }
      case Step::kReview:
      case Step::kCheck:
      case Step::kReady:
      case Step::kWithdraw: {
        ClaimState from = step == Step::kReview  ? (Chance(80) ? ClaimState::kSubmitted
                                                               : ClaimState::kIncomplete)
                          : step == Step::kCheck ? ClaimState::kComplete
                          : step == Step::kReady ? (good_ || Chance(50) ? ClaimState::kValued
                                                                        : ClaimState::kInspected)
                                                 : (Chance(50) ? ClaimState::kSubmitted
                                                               : ClaimState::kValued);
        std::string id = w.Pick(from, rng_);
        if (id.empty()) {
          // Back along the pipeline to a step that feeds this one.
          return instead(step == Step::kCheck   ? Step::kReview
                         : step == Step::kReady ? (good_ ? Step::kValue : Step::kSubmitShop)
                                                : Step::kSubmitShop);
        }
        lock.unlock();
        std::string actor = Who(staff_.clerks());
        Result<Claim> c = step == Step::kReview  ? rec.ReviewClaim(actor, id)
                          : step == Step::kCheck ? rec.CheckClaim(actor, id)
                          : step == Step::kReady ? rec.MarkReady(actor, id)
                                                 : rec.WithdrawClaim(actor, id, "withdrawn");
        if (!c.ok() && good_ && step == Step::kReady &&
            c.status().message().find("conflict(s) on this claim are open") != std::string::npos) {
          // The clerk looks at the possible duplicate first (mostly not one).
          ran_ = Step::kResolveConflict;
          auto open = rec.ListConflicts(staff_.clerk,
                                        {.state = ConflictState::kOpen, .claim_id = id, .limit = 1});
          if (!open.ok() || open->empty()) return open.status();
          const Conflict& k = open->front().conflict;
          return rec
              .ResolveConflict(staff_.clerk, k.id, k.version,
                               Chance(85) ? Resolution::kNotDuplicate : Resolution::kDuplicate,
                               "checked the papers")
              .status();
        }
        if (!c.ok() && c.status().message().find("was found a duplicate") != std::string::npos) {
          // Held as a duplicate for good: no more steps on it.
          lock.lock();
          w.state.erase(id);
          return c.status();
        }
        if (!c.ok()) return c.status();
        lock.lock();
        w.Set(id, c->state);
        w.Valued(*c);
        return Status::Ok();
      }
      case Step::kAssess: {
        std::string id = w.Pick(ClaimState::kChecked, rng_);
        if (id.empty()) return instead(Step::kCheck);
        int64_t claimed = w.claimed[id];
        lock.unlock();
        auto got = rec.GetClaim(staff_.clerk, id);
        if (!got.ok()) return got.status();
        int64_t damage = claimed * static_cast<int64_t>(50 + rng_() % 70) / 100;
        auto a = rec.RecordAssessment(Who(staff_.inspectors()),
                                      {.object_id = got->claim.object_id,
                                       .claim_id = id,
                                       .grade = DamageGrade::kD3,
                                       .asset_damage = damage});
        if (!a.ok()) return a.status();
        auto after = rec.GetClaim(staff_.clerk, id);
        if (!after.ok()) return after.status();
        lock.lock();
        w.Set(id, after->claim.state);
        w.Valued(after->claim);
        return Status::Ok();
      }
      case Step::kValue: {
        std::string id = w.Pick(ClaimState::kInspected, rng_);
        if (id.empty()) return instead(Step::kAssess);
        int64_t claimed = w.claimed[id];
        lock.unlock();
        auto c = rec.ValueClaim(Who(staff_.valuers()), id,
                                claimed * static_cast<int64_t>(40 + rng_() % 80) / 100);
        if (!c.ok()) return c.status();
        lock.lock();
        w.Set(id, c->state);
        w.Valued(*c);
        return Status::Ok();
      }
      case Step::kResolveConflict: {
        lock.unlock();
        auto open = rec.ListConflicts(staff_.clerk, {.state = ConflictState::kOpen, .limit = 20});
        if (!open.ok()) return open.status();
        if (open->empty()) return instead(Step::kSubmitShop);
        const Conflict& c = Any(*open, rng_).conflict;
        bool dup = Chance(30);
        auto r = rec.ResolveConflict(Who(staff_.clerks()), c.id, c.version,
                                     dup ? Resolution::kDuplicate : Resolution::kNotDuplicate,
                                     "checked the papers");
        return r.status();
      }
      case Step::kDeclare: {
        std::string id = w.Pick(ClaimState::kReady, rng_);
        if (id.empty()) return instead(Step::kReady);
        lock.unlock();
        const Commission& c = w.claimed[id] == 0 ? e.injured_c : e.shops_c;
        std::string actor = Who(staff_.members());
        auto d = com.DeclareInterest(actor, c.id, id);
        if (!d.ok()) return d.status();
        lock.lock();
        w.declared.insert({id, actor});
        return Status::Ok();
      }
      case Step::kOpenSession: {
        bool injured = Chance(40);
        const Commission& c = injured ? e.injured_c : e.shops_c;
        std::vector<std::string> present, claims;
        if (good_) {
          // A few ready (or appealed) claims of the commission's programme, the officers and
          // most members present.
          for (int i = 0; i < 20 && claims.size() < 6; ++i) {
            std::string id = w.Pick(Chance(85) ? ClaimState::kReady : ClaimState::kAppealed, rng_);
            if (id.empty() || (w.claimed[id] == 0) != injured || w.on_agenda.contains(id) ||
                std::find(claims.begin(), claims.end(), id) != claims.end()) {
              continue;
            }
            claims.push_back(id);
          }
          if (claims.empty()) return instead(Step::kReady);
          present = {staff_.chair, staff_.secretary};
          for (const auto& m : {staff_.m1, staff_.m2, staff_.m3}) {
            if (Chance(80)) present.push_back(m);
          }
        } else {
          for (const auto& m : staff_.members()) {
            if (Chance(75)) present.push_back(m);
          }
          // Now and then every ready claim of the programme (up to 500) on one agenda.
          if (!Chance(30)) {
            std::string id = w.Pick(ClaimState::kReady, rng_);
            if (!id.empty()) claims.push_back(id);
          }
        }
        lock.unlock();
        std::string opener = good_ ? (Chance(80) ? staff_.chair : staff_.secretary)
                                   : Who(staff_.deciders());
        auto v = com.OpenSession(opener, c.id, present, claims);
        if (!v.ok()) return v.status();
        SessionRef ref{v->session.id, c.id, v->session.present, {}};
        for (const auto& item : v->agenda) ref.claims.push_back(item.claim_id);
        lock.lock();
        for (const auto& id : ref.claims) w.on_agenda.insert(id);
        SessionTrack& t = w.sessions[ref.id];
        t.commission_id = c.id;
        t.present = ref.present;
        for (const auto& item : v->agenda) {
          t.order.push_back(item.claim_id);
          t.items[item.claim_id].recused = item.recused;
        }
        w.open_sessions.push_back(std::move(ref));
        Count("sessions opened");
        return Status::Ok();
      }
      case Step::kVote:
      case Step::kDecide:
      case Step::kSignOff: {
        if (w.open_sessions.empty()) return instead(Step::kOpenSession);
        SessionRef ref = Any(w.open_sessions, rng_);
        lock.unlock();
        if (good_) return Advance(s, ref.id);
        const std::string& claim = Any(ref.claims, rng_);
        if (step == Step::kVote) {
          VoteChoice choice = Chance(80)   ? VoteChoice::kApprove
                              : Chance(50) ? VoteChoice::kReject
                                           : VoteChoice::kAbstain;
          std::string voter = Chance(85) ? Any(ref.present, rng_) : Who(staff_.members());
          auto v = com.CastVote(voter, ref.id, claim, choice);
          if (!v.ok()) return v.status();
          std::lock_guard relock(w.mu);
          w.Voted(ref.id, claim, voter, choice);
          return Status::Ok();
        }
        if (step == Step::kSignOff) {
          SignOffRole role = Chance(50) ? SignOffRole::kChair : SignOffRole::kFinance;
          std::string actor = role == SignOffRole::kChair ? Who({staff_.chair})
                                                          : Who({staff_.finance});
          auto o = com.GiveSignOff(actor, ref.id, claim, role);
          if (!o.ok()) return o.status();
          std::lock_guard relock(w.mu);
          w.SignedOff(ref.id, claim, role);
          return Status::Ok();
        }
        lock.lock();
        int64_t claimed = w.claimed[claim];
        lock.unlock();
        DecisionInput in{.claim_id = claim};
        if (Chance(80)) {
          in.outcome = Decision::kApproved;
          // Injury claims by severity: 100,000 / 300,000 / 1,000,000.
          in.amount = claimed > 0 ? claimed * static_cast<int64_t>(30 + rng_() % 80) / 100
                                  : std::vector<int64_t>{100'000, 300'000, 1'000'000}[rng_() % 3];
        } else {
          in.outcome = Decision::kRejected;
          in.reason = "no damage found";
        }
        auto item = com.Decide(Who(staff_.deciders()), ref.id, in);
        if (!item.ok()) return item.status();
        lock.lock();
        w.Decided(ref.id, *item);
        Count(item->decision == Decision::kApproved ? "decisions: approved"
                                                     : "decisions: rejected");
        return Status::Ok();
      }
      case Step::kClose: {
        if (w.open_sessions.empty()) return instead(Step::kOpenSession);
        size_t i = rng_() % w.open_sessions.size();
        SessionRef ref = w.open_sessions[i];
        lock.unlock();
        if (good_) return Advance(s, ref.id);
        auto act = com.CloseSession(Who(staff_.deciders()), ref.id);
        lock.lock();
        if (!act.ok()) {
          // Emptied by the other server's decisions or appeals: not ours to close any more.
          return act.status();
        }
        w.Closed(ref.id, act->id);
        Count("sessions closed");
        return Status::Ok();
      }
      case Step::kSignAct: {
        if (w.unsigned_acts.empty()) return instead(Step::kClose);
        size_t i = rng_() % w.unsigned_acts.size();
        auto [act_id, ref] = w.unsigned_acts[i];
        lock.unlock();
        std::string signer;
        if (good_) {
          // A present member who has not signed yet.
          std::lock_guard relock(w.mu);
          std::vector<std::string> left;
          for (const auto& m : ref.present) {
            if (!w.signers[act_id].contains(m)) left.push_back(m);
          }
          if (!left.empty()) signer = Any(left, rng_);
        }
        if (signer.empty()) {
          signer = Chance(85) ? Any(ref.present, rng_) : Who(staff_.members());
        }
        auto act = com.SignAct(signer, act_id);
        if (!act.ok()) {
          if (act.status().code() == StatusCode::kFailedPrecondition) {
            // Superseded by a correction: no more signatures for it.
            std::lock_guard relock(w.mu);
            std::erase_if(w.unsigned_acts, [&](const auto& u) { return u.first == act_id; });
          }
          return act.status();
        }
        lock.lock();
        w.signers[act_id].insert(signer);
        if (act->final_at) {
          Count("acts final");
          w.payable.insert(ref.commission_id);
          for (size_t j = 0; j < w.unsigned_acts.size(); ++j) {
            if (w.unsigned_acts[j].first == act_id) {
              w.unsigned_acts.erase(w.unsigned_acts.begin() + static_cast<long>(j));
              break;
            }
          }
          w.final_sessions.push_back(ref);
        }
        return Status::Ok();
      }
      case Step::kCorrect: {
        if (w.final_sessions.empty()) return instead(Step::kSignAct);
        SessionRef ref = Any(w.final_sessions, rng_);
        lock.unlock();
        const std::string& claim = Any(ref.claims, rng_);
        DecisionInput in{.claim_id = claim, .reason = "a figure was wrong"};
        if (Chance(60)) {
          in.outcome = Decision::kApproved;
          in.amount = 100'000 * static_cast<int64_t>(1 + rng_() % 30);
        } else {
          in.outcome = Decision::kRejected;
        }
        auto act = com.CorrectDecision(Who({staff_.chair}), ref.id, in);
        if (!act.ok()) return act.status();
        lock.lock();
        w.Set(claim, in.outcome == Decision::kApproved ? ClaimState::kApproved
                                                        : ClaimState::kRejected);
        w.unsigned_acts.push_back({act->id, ref});
        return Status::Ok();
      }
      case Step::kAppeal: {
        std::string id = w.Pick(ClaimState::kRejected, rng_);
        if (id.empty()) return instead(Step::kDecide);
        lock.unlock();
        auto c = rec.commissions().Appeal(Who(staff_.clerks()), id, "new papers");
        if (!c.ok()) return c.status();
        lock.lock();
        w.Set(id, c->state);
        return Status::Ok();
      }
      case Step::kBuildList: {
        bool shops = Chance(60);
        if (good_) {
          // A programme with an act final (or an IBAN corrected) since its last list.
          if (w.payable.empty()) return instead(Step::kSignAct);
          shops = w.payable.contains(e.shops_c.id);
          w.payable.erase(shops ? e.shops_c.id : e.injured_c.id);
        }
        lock.unlock();
        auto v = pay.BuildList(good_ ? staff_.finance : Who({staff_.finance, staff_.secretary}),
                               shops ? e.shops.code : e.injured.code);
        if (!v.ok()) return v.status();
        ListRef ref{v->list.id, {}};
        for (const auto& p : v->payments) ref.payments.push_back(p.id);
        lock.lock();
        Count("lists built");
        Count("payments put on a list", static_cast<int64_t>(v->payments.size()));
        for (const auto& p : v->payments) {
          if (w.returned_claims.erase(p.claim_id)) Count("payments re-sent after a return");
        }
        for (const auto& h : v->held) Count("held back (claim, list): " + h.code);
        w.built.push_back(std::move(ref));
        return Status::Ok();
      }
      case Step::kExport: {
        bool again = Chance(10) && !w.exported.empty();
        if (w.built.empty() && !again) return instead(Step::kBuildList);
        size_t i = again ? 0 : rng_() % w.built.size();
        ListRef ref = again ? Any(w.exported, rng_) : w.built[i];
        lock.unlock();
        ExportRequest req{.format = Chance(50) ? ExportFormat::kPain001 : ExportFormat::kCsv,
                          .debtor = {"Фонд поддержки", KzIban(9'999'999), "HSBKKZKX"},
                          .execution_date = "2026-02-03"};
        auto out = pay.Export(good_ ? staff_.finance : Who(staff_.finances()), ref.id, req);
        if (again) Count(fmt::format("list exported again: {}", StatusCodeName(out.status().code())));
        if (!out.ok()) return out.status();
        lock.lock();
        if (!again) Count("lists exported");
        for (size_t j = 0; j < w.built.size(); ++j) {
          if (w.built[j].id == ref.id) {
            w.built.erase(w.built.begin() + static_cast<long>(j));
            break;
          }
        }
        w.exported.push_back(std::move(ref));
        return Status::Ok();
      }
      case Step::kAnswer: {
        if (w.exported.empty()) return instead(Step::kExport);
        // Recent lists more often; on a purposeful step the oldest list not answered yet.
        size_t i = w.exported.size() - 1 - std::min<size_t>(rng_() % 8, w.exported.size() - 1);
        if (good_) {
          auto it = std::find_if(w.exported.begin(), w.exported.end(),
                                 [&](const ListRef& l) { return !w.answered.contains(l.id); });
          if (it == w.exported.end()) return instead(Step::kExport);
          i = static_cast<size_t>(it - w.exported.begin());
        }
        ListRef ref = w.exported[i];
        std::string other = Any(w.exported, rng_).payments.empty()
                                ? ""
                                : Any(Any(w.exported, rng_).payments, rng_);
        lock.unlock();
        std::string csv = "end_to_end_id,status,reason\n";
        std::vector<std::string> returned;
        for (const auto& p : ref.payments) {
          int r = static_cast<int>(rng_() % 100);
          if (good_) r = r < 80 ? 0 : r < 95 ? 60 : 99;  // paid, returned, not in the answer
          if (r < 55) {
            csv += p + ",paid,\n";
          } else if (r < 75) {
            csv += p + ",returned,AC01\n";
            returned.push_back(p);
          }
        }
        if (!good_ && Chance(20)) csv += "pay_unknown,paid,\n";
        if (!good_ && Chance(20) && !other.empty()) csv += other + ",paid,\n";
        auto out = pay.ReadAnswer(good_ ? staff_.finance : Who(staff_.finances()), ref.id, csv);
        if (!out.ok()) return out.status();
        lock.lock();
        w.answered.insert(ref.id);
        Count("payments paid (bank's answer)", out->paid);
        Count("payments returned (bank's answer)", out->returned);
        Count("answer entries refused", static_cast<int64_t>(out->errors.size()));
        for (const auto& p : out->view.payments) {
          if (p.state == PaymentState::kReturned) {
            w.returned.push_back(p.id);
            w.returned_claims.insert(p.claim_id);
          }
          if (p.state == PaymentState::kPaid && w.state.contains(p.claim_id)) {
            w.Set(p.claim_id, ClaimState::kPaid);
          }
        }
        return Status::Ok();
      }
      case Step::kCorrectIban: {
        if (w.returned.empty()) return instead(Step::kAnswer);
        std::string id = Any(w.returned, rng_);
        int64_t n = ++w.next;
        lock.unlock();
        auto c = pay.CorrectIban(Who(staff_.clerks()), id, KzIban(good_ || Chance(70) ? n : 1));
        if (!c.ok()) return c.status();
        lock.lock();
        std::erase(w.returned, id);
        w.payable.insert(c->programme_id == e.shops.id ? e.shops_c.id : e.injured_c.id);
        Count("IBANs corrected");
        return Status::Ok();
      }
      case Step::kHospital:
      case Step::kMorgue:
      case Step::kDetain: {
        int64_t n = ++w.next;
        lock.unlock();
        NewReport r{.source_name = step == Step::kHospital ? "Hospital"
                                   : step == Step::kMorgue ? "Morgue"
                                                           : "Detention centre",
                    .external_id = fmt::format("R-{}", n),
                    .full_name = fmt::format("Person{} Test", n),
                    .status = step == Step::kHospital ? PersonStatus::kHospitalised
                              : step == Step::kMorgue ? PersonStatus::kDeceased
                                                      : PersonStatus::kDetained};
        auto out = s.registry->RecordReport("source:test", r);
        if (!out.ok()) return out.status();
        Timestamp after = clock_.Now();
        lock.lock();
        const std::string& id = out->report.person_id;
        w.persons.push_back(id);
        if (step == Step::kHospital) {
          w.injured.push_back({id, r.external_id, static_cast<int>(n % 50000)});
        }
        lock.unlock();
        return Log(s, id, after);
      }
      case Step::kDeath: {
        if (w.injured.empty()) return instead(Step::kHospital);
        PersonRef p = Any(w.injured, rng_);
        lock.unlock();
        // The hospital's own record of the patient now says deceased.
        auto out = s.registry->RecordReport(
            "source:test", {.source_name = "Hospital",
                            .external_id = p.hospital_ref,
                            .full_name = "Patient",
                            .status = PersonStatus::kDeceased});
        if (!out.ok()) return out.status();
        Timestamp after = clock_.Now();
        return Log(s, out->report.person_id, after);
      }
      case Step::kMerge: {
        if (w.injured.empty() || w.persons.size() < 2) return instead(Step::kHospital);
        std::string a = Any(w.injured, rng_).id, b = Any(w.persons, rng_);
        if (Chance(50)) std::swap(a, b);
        lock.unlock();
        auto m = s.registry->Merge(Who(staff_.all()), a, b);
        if (!m.ok()) return m.status();
        Timestamp after = clock_.Now();
        lock.lock();
        w.merges_of[b].push_back(w.merges.size());
        w.merges.push_back({a, b, after});
        w.merged_away.insert(b);
        bool follow = Chance(70);
        lock.unlock();
        RETURN_IF_ERROR(Log(s, a, after));
        // The register's follower of the change feed, most of the time before the next step.
        if (follow) return rec.SyncFromDirectLine({a, b}, {});
        return Status::Ok();
      }
      case Step::kFollow: {
        if (w.persons.empty()) return instead(Step::kHospital);
        std::vector<std::string> some;
        for (int i = 0; i < 4; ++i) some.push_back(Any(w.persons, rng_));
        lock.unlock();
        return rec.SyncFromDirectLine(some, {});
      }
      case Step::kStall:
      case Step::kCount:
        break;
    }
    return Internal("no such step");
  }

  // A purposeful step on an open session: the next thing its agenda needs, as the World
  // tracked it (the store is not read: a stale view only makes the domain refuse, and the
  // refusal is remembered) — a vote by a present member who may vote and has not, the way the
  // claim can be decided (approved if valued above 0); the decision the votes carry, by an
  // officer present, with an amount within the valuation; the sign-off an approval's amount
  // needs; or closing it once every item is decided and signed off. A session nothing can move
  // any more (a split vote, a recused chair) is given up.
  Status Advance(Stack& s, const std::string& session_id) {
    Commissions& com = s.recovery->commissions();
    auto key = [&](const std::string& claim, const char* what, const std::string& who = "") {
      return session_id + "|" + claim + "|" + what + "|" + who;
    };
    enum class Next { kNothing, kVote, kDecide, kSignOff, kClose } what = Next::kNothing;
    std::string actor, claim_id;
    VoteChoice choice = VoteChoice::kApprove;
    DecisionInput in;
    SignOffRole role = SignOffRole::kChair;
    {
      std::lock_guard lock(world_.mu);
      World& w = world_;
      auto found = w.sessions.find(session_id);
      if (found != w.sessions.end()) {
        const SessionTrack& t = found->second;
        const std::vector<ApprovalTier> none;
        const auto& tiers = t.commission_id == w.epoch.shops_c.id ? w.epoch.shops_tiers : none;
        std::vector<std::string> officers;
        for (const auto& u : t.present) {
          if (u == staff_.chair || u == staff_.secretary) officers.push_back(u);
        }
        size_t n = t.order.size(), start = n ? rng_() % n : 0;
        bool pending = false;
        for (size_t k = 0; k < n && what == Next::kNothing; ++k) {
          const std::string& claim = t.order[(start + k) % n];
          const ItemTrack& item = t.items.at(claim);
          if (item.decision == Decision::kPending) {
            pending = true;
            std::set<std::string> eligible;
            for (const auto& u : t.present) {
              if (item.recused.find(u + ":") == std::string::npos &&
                  !w.declared.contains({claim, u})) {
                eligible.insert(u);
              }
            }
            auto v = w.valued.find(claim);
            int64_t valued = v == w.valued.end() ? 0 : v->second;
            VoteChoice want = valued > 0 ? VoteChoice::kApprove : VoteChoice::kReject;
            size_t approve = 0, reject = 0;
            for (const auto& [u, c] : item.votes) {
              if (!eligible.contains(u)) continue;
              approve += c == VoteChoice::kApprove;
              reject += c == VoteChoice::kReject;
            }
            claim_id = claim;
            bool approve_carries = approve * 2 > eligible.size() && valued > 0;
            if ((approve_carries || reject * 2 > eligible.size()) && !officers.empty() &&
                !w.blocked.contains(key(claim, "decide"))) {
              what = Next::kDecide;
              actor = Any(officers, rng_);
              in = {.claim_id = claim};
              if (approve_carries) {
                in.outcome = Decision::kApproved;
                in.amount = Chance(60) ? valued
                                       : std::max<int64_t>(
                                             1, valued * static_cast<int64_t>(50 + rng_() % 50) / 100);
                // A chair who declared an interest cannot give the chair's sign-off: an
                // amount that needs none (NewEpoch's first threshold).
                if (w.declared.contains({claim, staff_.chair}) ||
                    item.recused.find(staff_.chair + ":") != std::string::npos) {
                  in.amount = std::min<int64_t>(in.amount, 2'000'000);
                }
              } else {
                in.outcome = Decision::kRejected;
                in.reason = "no damage the programme covers";
              }
              break;
            }
            std::vector<std::string> left;
            for (const auto& u : eligible) {
              if (!item.votes.contains(u) && !w.blocked.contains(key(claim, "vote", u))) {
                left.push_back(u);
              }
            }
            if (!left.empty()) {
              what = Next::kVote;
              actor = Any(left, rng_);
              choice = Chance(92) ? want
                                  : (want == VoteChoice::kApprove ? VoteChoice::kReject
                                                                  : VoteChoice::kAbstain);
            }
          } else if (item.decision == Decision::kApproved) {
            std::vector<SignOff> given;
            for (SignOffRole r : item.sign_offs) given.push_back({.role = r});
            auto missing = MissingSignOffs(RequiredSignOffs(tiers, item.amount), given);
            if (!missing.empty()) {
              pending = true;
              if (!w.blocked.contains(key(claim, "sign_off"))) {
                what = Next::kSignOff;
                claim_id = claim;
                role = missing.front();
                actor = role == SignOffRole::kChair ? staff_.chair : staff_.finance;
              }
            }
          }
        }
        if (what == Next::kNothing && !pending && !officers.empty() &&
            !w.blocked.contains(key("", "close"))) {
          what = Next::kClose;
          actor = Any(officers, rng_);
        }
      }
      if (what == Next::kNothing) {
        // Stuck (or closed by the other server): no more steps on it.
        std::erase_if(w.open_sessions, [&](const SessionRef& r) { return r.id == session_id; });
        w.sessions.erase(session_id);
        ran_ = Step::kStall;
        Count("sessions given up (stuck)");
        return Status::Ok();
      }
    }
    auto refused = [&](const Status& st, const std::string& k) {
      if (!st.ok()) {
        std::lock_guard lock(world_.mu);
        world_.blocked.insert(k);
      }
      return st;
    };
    switch (what) {
      case Next::kVote: {
        ran_ = Step::kVote;
        auto v = com.CastVote(actor, session_id, claim_id, choice);
        if (!v.ok()) return refused(v.status(), key(claim_id, "vote", actor));
        std::lock_guard lock(world_.mu);
        world_.Voted(session_id, claim_id, actor, choice);
        return Status::Ok();
      }
      case Next::kDecide: {
        ran_ = Step::kDecide;
        auto item = com.Decide(actor, session_id, in);
        if (!item.ok()) return refused(item.status(), key(claim_id, "decide"));
        std::lock_guard lock(world_.mu);
        world_.Decided(session_id, *item);
        Count(item->decision == Decision::kApproved ? "decisions: approved"
                                                     : "decisions: rejected");
        return Status::Ok();
      }
      case Next::kSignOff: {
        ran_ = Step::kSignOff;
        auto o = com.GiveSignOff(actor, session_id, claim_id, role);
        if (!o.ok()) return refused(o.status(), key(claim_id, "sign_off"));
        std::lock_guard lock(world_.mu);
        world_.SignedOff(session_id, claim_id, role);
        return Status::Ok();
      }
      case Next::kClose: {
        ran_ = Step::kClose;
        auto act = com.CloseSession(actor, session_id);
        if (!act.ok()) return refused(act.status(), key("", "close"));
        std::lock_guard lock(world_.mu);
        world_.Closed(session_id, act->id);
        Count("sessions closed");
        return Status::Ok();
      }
      case Next::kNothing:
        break;
    }
    return Status::Ok();
  }

  // What the direct line records of `person` just after `after` (a clock reading taken once
  // the use case returned, so after its commit): dead or detained, or not.
  Status Log(Stack& s, const std::string& person, Timestamp after) {
    ASSIGN_OR_RETURN(auto tx, s.store->Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(Person p, tx->GetPerson(person));
    bool dead = p.status == PersonStatus::kDeceased || p.status == PersonStatus::kDetained;
    std::lock_guard lock(world_.mu);
    world_.dead_at[person].push_back({after, dead});
    return Status::Ok();
  }

  Step ran_ = Step::kSubmitShop;  // the step Do ran last (maybe instead of the one drawn)
  bool good_ = false;             // this step is purposeful (see kPurposeful)
  std::mt19937_64 rng_;
  const Clock& clock_;
  World& world_;
  const Staff& staff_;
};

// ---- the invariants, read from the store ----

bool Live(const Payment& p) { return p.state != PaymentState::kReturned; }

// Whether `person` was dead or detained, in the direct line's eyes, at `t`: some person merged
// with it (either way, transitively) before `t` was known dead or detained before `t`.
// Whether the direct line recorded the payee `person` dead or detained at `t`: the person it
// had been merged into by then (followed through merges), as last logged before `t`.
std::string DeadOrDetainedAt(const World& w, std::string person, Timestamp t) {
  std::string path;
  // The first merge (in the order they happened) of the record before `t`, then the survivor's.
  for (size_t hops = 0; hops <= w.merges.size(); ++hops) {
    auto of = w.merges_of.find(person);
    if (of == w.merges_of.end()) break;
    const Merge* next = nullptr;
    for (size_t i : of->second) {
      if (w.merges[i].at < t) {
        next = &w.merges[i];
        break;
      }
    }
    if (!next) break;
    path += fmt::format("; merged into {} at {}", next->a, FormatTimestamp(next->at));
    person = next->a;
  }
  auto it = w.dead_at.find(person);
  if (it == w.dead_at.end()) return "";
  const std::pair<Timestamp, bool>* last = nullptr;
  for (const auto& e : it->second) {
    if (e.first < t) last = &e;
  }
  if (!last || !last->second) return "";
  return fmt::format("{} dead or detained at {}{}", person, FormatTimestamp(last->first), path);
}

struct CheckResult {
  std::vector<std::string> violations;
  int64_t payments = 0, live = 0, paid = 0, decisions = 0, final_acts = 0;
};

void CheckProgramme(Transaction& tx, const World& w, const Programme& p, CheckResult& out) {
  auto add = [&](std::string v) {
    if (out.violations.size() < 50) out.violations.push_back(fmt::format("[{}] {}", p.code, v));
  };
  auto payments = tx.ListPayments({.programme_id = p.id, .limit = 10'000'000});
  if (!payments.ok()) return add("payments: " + payments.status().ToString());
  std::map<std::string, std::vector<AgendaItem>> items;  // by claim
  std::map<std::string, std::vector<SessionAct>> acts;   // by session
  std::map<std::string, Claim> claims;
  auto items_of = [&](const std::string& claim) -> const std::vector<AgendaItem>& {
    auto it = items.find(claim);
    if (it == items.end()) {
      auto got = tx.ListClaimItems(claim);
      if (!got.ok()) add("items of " + claim + ": " + got.status().ToString());
      it = items.emplace(claim, got.ok() ? *got : std::vector<AgendaItem>{}).first;
    }
    return it->second;
  };
  auto acts_of = [&](const std::string& session) -> const std::vector<SessionAct>& {
    auto it = acts.find(session);
    if (it == acts.end()) {
      auto got = tx.ListActs(session);
      if (!got.ok()) add("acts of " + session + ": " + got.status().ToString());
      it = acts.emplace(session, got.ok() ? *got : std::vector<SessionAct>{}).first;
    }
    return it->second;
  };
  std::map<std::string, int> live_of_claim, live_of_payee;
  std::map<std::string, int64_t> on_object;
  std::set<std::string> paid_claims;
  int64_t live_total = 0;
  for (const Payment& pay : *payments) {
    ++out.payments;
    auto claim = tx.GetClaim(pay.claim_id);
    if (!claim.ok()) {
      add(fmt::format("payment {}: claim {}: {}", pay.id, pay.claim_id, claim.status().ToString()));
      continue;
    }
    claims[claim->id] = *claim;
    // A final approval of exactly its amount, in the act of its session.
    bool approved = false;
    for (const auto& item : items_of(pay.claim_id)) {
      if (item.session_id == pay.session_id && item.decision == Decision::kApproved &&
          item.amount == pay.amount) {
        approved = true;
      }
    }
    std::string line = fmt::format("claim {} approved {} ", pay.claim_id, pay.amount);
    bool in_final_act = false;
    for (const auto& act : acts_of(pay.session_id)) {
      if (act.final_at && *act.final_at <= pay.created_at &&
          act.content.find(line) != std::string::npos) {
        in_final_act = true;
      }
    }
    // A correction may change a decision once its payment was returned (not while it is live):
    // the agenda must still carry a live payment's approval; any payment's is in a final act.
    if ((Live(pay) && !approved) || !in_final_act) {
      add(fmt::format("payment {} of {} for claim {}: approved on the agenda {}, in a final act {}",
                      pay.id, pay.amount, pay.claim_id, approved, in_final_act));
    }
    if (claim->amount_valued && pay.amount > *claim->amount_valued) {
      add(fmt::format("payment {} of {} above claim {}'s valuation {}", pay.id, pay.amount,
                      claim->id, *claim->amount_valued));
    }
    std::string dead = pay.payee_person_id.empty()
                           ? ""
                           : DeadOrDetainedAt(w, pay.payee_person_id, pay.created_at);
    if (!dead.empty()) {
      auto person = tx.GetPerson(pay.payee_person_id);
      add(fmt::format("payment {} (list {}, built {}) to person {} (now {}, merged into '{}'), "
                      "dead or detained by then: {}",
                      pay.id, pay.list_id, FormatTimestamp(pay.created_at), pay.payee_person_id,
                      person.ok() ? ToString(person->status) : "?",
                      person.ok() ? person->merged_into : "?", dead));
      if (std::getenv("AFTERMATH_WORKFLOW_VERBOSE")) {
        std::string ev;
        auto events = tx.ListStatusEvents(pay.payee_person_id);
        for (const auto& e : events.ok() ? *events : std::vector<StatusEvent>{})
          ev += fmt::format(" [{} {} src {} rep {}]", ToString(e.status),
                            FormatTimestamp(e.recorded_at), e.source_id, e.report_id);
        add("claim person " + claim->person_id + " events:" + ev);
      }
    }
    if (pay.state == PaymentState::kPaid) {
      ++out.paid;
      paid_claims.insert(pay.claim_id);
      if (claim->state != ClaimState::kPaid) {
        add(fmt::format("payment {} paid but claim {} is {}", pay.id, claim->id,
                        ToString(claim->state)));
      }
    }
    if (!Live(pay)) continue;
    ++out.live;
    live_total += pay.amount;
    if (++live_of_claim[pay.claim_id] > 1) add("claim " + pay.claim_id + " paid twice");
    if (!pay.payee_id.empty() && ++live_of_payee[pay.payee_id] > 1) {
      add("payee " + pay.payee_id + " paid twice in the programme");
    }
    if (!pay.object_id.empty()) on_object[pay.object_id] += pay.amount;
  }
  for (const auto& [object, sum] : on_object) {
    if (p.cap_per_object > 0 && sum > p.cap_per_object) {
      add(fmt::format("object {} paid {} above its cap {}", object, sum, p.cap_per_object));
    }
  }
  if (p.budget > 0 && live_total > p.budget) {
    add(fmt::format("{} paid above the budget {}", live_total, p.budget));
  }

  // Every claim: the running totals against a fresh sum; a paid claim has a paid payment; a
  // decided claim has its decision on an agenda.
  int64_t valued = 0, approved_sum = 0;
  PageRequest page{.limit = 500};
  for (;;) {
    auto batch = tx.ListClaims({.programme_id = p.id}, page);
    if (!batch.ok()) return add("claims: " + batch.status().ToString());
    for (const Claim& c : batch->items) {
      if (c.state != ClaimState::kWithdrawn && c.amount_valued) valued += *c.amount_valued;
      const auto& its = items_of(c.id);
      for (const auto& item : its) {
        if (item.decision == Decision::kApproved) approved_sum += item.amount;
      }
      if (c.state == ClaimState::kPaid && !paid_claims.contains(c.id)) {
        add("claim " + c.id + " is paid without a paid payment");
      }
      bool decided_state = c.state == ClaimState::kApproved || c.state == ClaimState::kRejected ||
                           c.state == ClaimState::kPaid;
      bool rejected_before = std::any_of(its.begin(), its.end(), [](const AgendaItem& i) {
        return i.decision == Decision::kRejected;
      });
      if ((decided_state && (its.empty() || its.back().decision == Decision::kPending)) ||
          (c.state == ClaimState::kAppealed && !rejected_before)) {
        add(fmt::format("claim {} is {} without a decision on an agenda", c.id,
                        ToString(c.state)));
      }
    }
    if (batch->next_cursor.empty()) break;
    page.cursor = batch->next_cursor;
  }
  auto totals = tx.GetProgrammeTotals(p.id);
  if (!totals.ok()) return add("totals: " + totals.status().ToString());
  if (totals->live != live_total || totals->valued != valued || totals->approved != approved_sum) {
    add(fmt::format("running totals valued {} approved {} live {}; fresh sums {} {} {}",
                    totals->valued, totals->approved, totals->live, valued, approved_sum,
                    live_total));
  }
}

void CheckCommission(Transaction& tx, const Commission& c, CheckResult& out) {
  auto add = [&](std::string v) {
    if (out.violations.size() < 50) out.violations.push_back(fmt::format("[{}] {}", c.name, v));
  };
  auto sessions = tx.ListCommissionSessions(c.id);
  if (!sessions.ok()) return add("sessions: " + sessions.status().ToString());
  for (const auto& s : *sessions) {
    auto agenda = tx.ListAgenda(s.id);
    auto acts = tx.ListActs(s.id);
    if (!agenda.ok() || !acts.ok()) return add("session " + s.id + ": unreadable");
    std::set<std::string> present(s.present.begin(), s.present.end());
    for (const auto& act : *acts) {
      if (act.sha256 != ActHash(act.content)) add("act " + act.id + ": its hash is not its text");
      if (!act.final_at) continue;
      ++out.final_acts;
      std::set<std::string> signers;
      for (const auto& sig : act.signatures) {
        if (!present.contains(sig.user_id)) add("act " + act.id + " signed by one not present");
        if (!sig.signed_at.time_since_epoch().count() || sig.signed_at > *act.final_at) continue;
        signers.insert(sig.user_id);
      }
      if (static_cast<int>(signers.size()) < c.quorum) {
        add(fmt::format("act {} final with {} signers, quorum {}", act.id, signers.size(),
                        c.quorum));
      }
    }
    if (s.state != SessionState::kClosed) continue;
    if (acts->empty()) {
      add("closed session " + s.id + " has no act");
      continue;
    }
    const SessionAct& in_force = acts->back();
    for (const auto& item : *agenda) {
      ++out.decisions;
      if (item.decision == Decision::kPending) {
        add("closed session " + s.id + " has claim " + item.claim_id + " undecided");
        continue;
      }
      std::string line = fmt::format("claim {} {} {} ", item.claim_id, ToString(item.decision),
                                     item.decision == Decision::kApproved ? item.amount : 0);
      if (in_force.content.find(line) == std::string::npos) {
        add(fmt::format("decision on claim {} in session {} is not in act {}: '{}'",
                        item.claim_id, s.id, in_force.id, line));
      }
    }
  }
}

// The invariants of the programme periods in `epochs` (the current one between full checks, all
// of them at a full check and at the end) and, when `audit`, the audit chain.
CheckResult CheckInvariants(Store& store, const World& w, const std::vector<Epoch>& epochs,
                            bool audit) {
  CheckResult out;
  {
    auto tx = store.Begin(TransactionMode::kRead);
    if (!tx.ok()) {
      out.violations.push_back("begin: " + tx.status().ToString());
      return out;
    }
    for (const Epoch& e : epochs) {
      CheckProgramme(**tx, w, e.shops, out);
      CheckProgramme(**tx, w, e.injured, out);
      CheckCommission(**tx, e.shops_c, out);
      CheckCommission(**tx, e.injured_c, out);
    }
  }  // the read ends before the chain is walked
  if (audit) {
    auto v = access::VerifyAuditChain(store);
    if (!v.ok()) {
      out.violations.push_back("audit chain: " + v.status().ToString());
    } else if (!v->intact) {
      out.violations.push_back("audit chain broken: " + v->problem);
    }
  }
  return out;
}

// ---- the run ----

class WorkflowPropertyTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string only = std::getenv("AFTERMATH_WORKFLOW_BACKENDS")
                           ? std::getenv("AFTERMATH_WORKFLOW_BACKENDS")
                           : "";
    if (!only.empty() && only.find(GetParam().name) == std::string::npos) {
      GTEST_SKIP() << "AFTERMATH_WORKFLOW_BACKENDS=" << only;
    }
    url_ = GetParam().make_url();
    ASSERT_FALSE(url_.empty());
  }
  void TearDown() override { testing::RemoveSqliteFiles(url_); }

  std::unique_ptr<Stack> MakeStack() {
    auto stack = std::make_unique<Stack>();
    auto store = OpenStore(url_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return nullptr;
    stack->store = std::move(store).value();
    stack->recovery = std::make_unique<Recovery>(*stack->store, clock_, Engine());
    stack->registry = std::make_unique<Registry>(*stack->store, clock_);
    return stack;
  }

  // A new programme period: two programmes with their commissions and thresholds.
  void NewEpoch(Stack& s, int n) {
    Recovery& rec = *s.recovery;
    // Budgets that bind in every other period (the second, the fourth, ...) and not in others.
    int64_t budget = n % 2 == 1 ? 60'000'000 : 20'000'000'000;
    auto shops = rec.CreateProgramme("usr_admin", {.code = fmt::format("shops-{}", n),
                                                   .name = "Looted shops",
                                                   .claim_kinds = {ClaimKind::kBusinessProperty},
                                                   .amount_rule = AmountRule::kAssessed,
                                                   .cap_per_object = 6'000'000,
                                                   .cap_per_person = 9'000'000,
                                                   .budget = budget,
                                                   .valuer_threshold = 3'000'000,
                                                   .period_start = {2026, 1, 1}});
    ASSERT_TRUE(shops.ok()) << shops.status().ToString();
    auto injured = rec.CreateProgramme("usr_admin", {.code = fmt::format("injured-{}", n),
                                                     .name = "Injured",
                                                     .claim_kinds = {ClaimKind::kInjurySupport},
                                                     .amount_rule = AmountRule::kBySeverity,
                                                     .amount_light = 100'000,
                                                     .amount_moderate = 300'000,
                                                     .amount_severe = 1'000'000,
                                                     .budget = budget / 4,
                                                     .period_start = {2026, 1, 1}});
    ASSERT_TRUE(injured.ok()) << injured.status().ToString();
    std::vector<ApprovalTier> shops_tiers{
        {.above = 2'000'000, .sign_offs = {SignOffRole::kChair}},
        {.above = 4'000'000, .sign_offs = {SignOffRole::kChair, SignOffRole::kFinance}}};
    auto tiers = rec.commissions().SetApprovalTiers("usr_admin", shops->code, shops_tiers);
    ASSERT_TRUE(tiers.ok()) << tiers.status().ToString();
    std::vector<CommissionMember> members{{staff_.chair, CommissionRole::kChair},
                                          {staff_.secretary, CommissionRole::kSecretary},
                                          {staff_.m1, CommissionRole::kMember},
                                          {staff_.m2, CommissionRole::kMember},
                                          {staff_.m3, CommissionRole::kMember}};
    auto c1 = rec.commissions().CreateCommission(
        "usr_admin", {.programme = shops->code, .name = shops->code, .quorum = 2, .members = members});
    auto c2 = rec.commissions().CreateCommission(
        "usr_admin",
        {.programme = injured->code, .name = injured->code, .quorum = 3, .members = members});
    ASSERT_TRUE(c1.ok() && c2.ok());
    std::lock_guard lock(world_.mu);
    world_.epoch = {n, *shops, *injured, *c1, *c2, shops_tiers};
    world_.epochs.push_back(world_.epoch);
    world_.state.clear();
    world_.by_state.clear();
    world_.claimed.clear();
    world_.open_sessions.clear();
    world_.unsigned_acts.clear();
    world_.final_sessions.clear();
    world_.built.clear();
    world_.exported.clear();
    world_.returned.clear();
    world_.on_agenda.clear();
    world_.returned_claims.clear();
    world_.answered.clear();
    world_.with_claim.clear();
    world_.payable.clear();
    world_.blocked.clear();
    world_.sessions.clear();
    world_.valued.clear();
    world_.signers.clear();
  }

  // Runs `steps` steps over `writers` stacks (threads), checking every `check_every`.
  void RunProperty(int writers, int64_t steps) {
    const uint64_t seed = static_cast<uint64_t>(EnvInt("AFTERMATH_WORKFLOW_SEED", 1));
    const int64_t check_every = std::max<int64_t>(1, EnvInt("AFTERMATH_WORKFLOW_CHECK_EVERY", 5000));
    const int64_t epoch_steps = std::max<int64_t>(1, EnvInt("AFTERMATH_WORKFLOW_EPOCH", 10000));
    std::vector<std::unique_ptr<Stack>> stacks;
    for (int i = 0; i < writers; ++i) {
      stacks.push_back(MakeStack());
      ASSERT_TRUE(stacks.back());
    }
    // Trust morgue > detention > hospital, so a person's status (the most trusted source's
    // word) is dead or detained once any report merged into it says so: the ledger's model.
    for (auto [name, kind, trust] : {std::tuple{"Hospital", SourceKind::kHospital, 80},
                                     {"Morgue", SourceKind::kMorgue, 90},
                                     {"Detention centre", SourceKind::kDetentionCentre, 85}}) {
      ASSERT_TRUE(stacks[0]
                      ->registry->CreateSource("setup", {.name = name, .kind = kind, .trust = trust})
                      .ok());
    }
    NewEpoch(*stacks[0], 0);
    if (HasFatalFailure()) return;

    std::vector<WorkflowProperty> props;
    for (int i = 0; i < writers; ++i) props.emplace_back(seed * 1000 + i, clock_, world_, staff_);
    std::vector<Tally> tallies(writers);
    std::atomic<bool> failed{false};
    std::string failure;
    std::mutex failure_mu;
    auto start = std::chrono::steady_clock::now();
    int64_t done = 0;
    int checks = 0;
    while (done < steps && !failed) {
      int64_t chunk = std::min(check_every, steps - done);
      std::vector<std::thread> threads;
      for (int t = 0; t < writers; ++t) {
        threads.emplace_back([&, t] {
          int64_t mine = chunk / writers + (t < chunk % writers ? 1 : 0);
          for (int64_t i = 0; i < mine && !failed; ++i) {
            Step which{};
            auto t0 = std::chrono::steady_clock::now();
            Status st = props[t].Run(*stacks[t], &which);
            tallies[t].seconds[static_cast<int>(which)] +=
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            tallies[t].Add(which, st);
            if (st.code() == StatusCode::kInternal || st.code() == StatusCode::kDataLoss) {
              std::lock_guard lock(failure_mu);
              failed = true;
              failure = fmt::format("seed {} writer {} step {} ({}): {}", seed, t,
                                    done + i * writers + t + 1,
                                    kStepNames[static_cast<int>(which)], st.ToString());
            }
          }
        });
      }
      for (auto& th : threads) th.join();
      done += chunk;
      ++checks;
      bool last = done >= steps || failed;
      // Every period and the audit chain at every tenth check and at the end (they grow with the
      // run); the current period (where the steps write) at every check.
      CheckResult r;
      {
        std::lock_guard lock(world_.mu);
        bool full = last || checks % 10 == 0;
        auto t0 = std::chrono::steady_clock::now();
        r = CheckInvariants(*stacks[0]->store, world_,
                            full ? world_.epochs : std::vector<Epoch>{world_.epoch}, full);
        (full ? full_check_seconds_ : check_seconds_) +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++(full ? full_checks_ : checks_);
      }
      for (const auto& v : r.violations) {
        ADD_FAILURE() << "seed " << seed << ", after step " << done << ": " << v;
      }
      if (!r.violations.empty()) {
        failed = true;
        break;
      }
      if (last) {
        last_check_ = r;
      } else if (done / epoch_steps != (done - chunk) / epoch_steps) {
        NewEpoch(*stacks[0], static_cast<int>(done / epoch_steps));
        if (HasFatalFailure()) return;
      }
    }
    EXPECT_FALSE(failed) << failure;
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    Tally all;
    for (const auto& t : tallies) all.Merge(t);
    for (const auto& p : props) {
      for (const auto& [k, v] : p.events) all.events[k] += v;
    }
    Report(all, done, seconds, writers, seed);
    ExpectCoverage(all, done);
  }

  void Report(const Tally& all, int64_t steps, double seconds, int writers, uint64_t seed) {
    std::map<StatusCode, int64_t> by_code;
    std::string rows;
    for (int k = 0; k < static_cast<int>(Step::kCount); ++k) {
      std::string row;
      int64_t n = 0;
      for (const auto& [key, count] : all.outcomes) {
        if (key.first != k) continue;
        n += count;
        row += fmt::format(" {}={}", StatusCodeName(key.second), count);
      }
      if (n) {
        double sec = all.seconds.contains(k) ? all.seconds.at(k) : 0;
        rows += fmt::format("  {:<14} {:>8} {:>7.1f} s {:>6.0f} us{}\n", kStepNames[k], n, sec,
                            sec * 1e6 / static_cast<double>(n), row);
      }
      if (n && std::getenv("AFTERMATH_WORKFLOW_VERBOSE")) {
        for (const auto& [key, text] : all.example) {
          if (key.first == k) rows += fmt::format("      e.g. {}\n", text);
        }
      }
    }
    for (const auto& [key, count] : all.outcomes) by_code[key.second] += count;
    std::string codes;
    for (const auto& [code, count] : by_code) codes += fmt::format(" {}={}", StatusCodeName(code), count);
    rows += "  what the steps achieved:\n";
    for (const auto& [what, count] : all.events) rows += fmt::format("    {:<48} {:>8}\n", what, count);
    std::printf(
        "workflow property (%s, %d writer%s, seed %llu): %lld steps in %.1f s (%.0f steps/s)\n"
        "  outcomes:%s\n%s"
        "  at the last check: %lld payments (%lld live, %lld paid), %lld agenda items, %lld "
        "final acts, %zu periods; invariants %s\n"
        "  invariant checks: %d of the current period in %.1f s, %d of every period and the audit "
        "chain in %.1f s\n",
        GetParam().name.c_str(), writers, writers > 1 ? "s" : "",
        static_cast<unsigned long long>(seed), static_cast<long long>(steps), seconds,
        steps / std::max(seconds, 1e-9), codes.c_str(), rows.c_str(),
        static_cast<long long>(last_check_.payments), static_cast<long long>(last_check_.live),
        static_cast<long long>(last_check_.paid), static_cast<long long>(last_check_.decisions),
        static_cast<long long>(last_check_.final_acts), world_.epochs.size(),
        HasFailure() ? "BROKEN" : "held", checks_, check_seconds_, full_checks_,
        full_check_seconds_);
    std::fflush(stdout);
  }

  // The generator must keep reaching the late steps: lower bounds, per 10,000 steps, on what the
  // steps achieved, so a change that stops the claims reaching payment fails here.
  void ExpectCoverage(const Tally& all, int64_t steps) {
    if (steps < 5000 || HasFailure()) return;
    auto ev = [&](const std::string& k) {
      auto it = all.events.find(k);
      return it == all.events.end() ? int64_t{0} : it->second;
    };
    int64_t denied = 0, precondition = 0;
    for (const auto& [key, count] : all.outcomes) {
      if (key.second == StatusCode::kPermissionDenied) denied += count;
      if (key.second == StatusCode::kFailedPrecondition) precondition += count;
    }
    int64_t held_dead = ev("held back (claim, list): payee_deceased") +
                        ev("held back (claim, list): payee_detained");
    const double per = steps / 10'000.0;
    struct Bound {
      const char* what;
      int64_t got;
      double per_10k;
    };
    for (const Bound& b : {
             Bound{"decisions: approved", ev("decisions: approved"), kMinPer10k[0]},
             Bound{"payments paid (in the store)", last_check_.paid, kMinPer10k[1]},
             Bound{"payments returned (bank's answer)", ev("payments returned (bank's answer)"),
                   kMinPer10k[2]},
             Bound{"payments re-sent after a return", ev("payments re-sent after a return"),
                   kMinPer10k[3]},
             Bound{"acts final", ev("acts final"), kMinPer10k[4]},
             Bound{"held back: payee dead or detained", held_dead, kMinPer10k[5]},
             Bound{"refused: PermissionDenied", denied, kMinPer10k[6]},
             Bound{"refused: FailedPrecondition", precondition, kMinPer10k[7]},
         }) {
      EXPECT_GE(static_cast<double>(b.got), b.per_10k * per)
          << b.what << ": " << b.got << " in " << steps << " steps, expected at least "
          << b.per_10k << " per 10,000 steps";
    }
    // Lists exported a second time are refused by the store's guard, every time.
    for (const auto& [what, count] : all.events) {
      if (what.starts_with("list exported again: ")) {
        EXPECT_EQ(what, "list exported again: failed_precondition") << count;
      }
    }
  }
  // Lower bounds that the short runs of make check and the long runs both meet: the 1,000,000-step
  // PostgreSQL run (two writers, 2026-12-06) approved 109, paid 75 and saw 14.6 returned per
  // 10,000 steps, fewer than the short runs as the register fills up (more refusals).
  static constexpr double kMinPer10k[] = {100, 60, 10, 10, 100, 10, 100, 200};

  double check_seconds_ = 0, full_check_seconds_ = 0;
  int checks_ = 0, full_checks_ = 0;
  std::string url_;
  TickingClock clock_{*ParseTimestamp("2026-02-02T05:00:00Z")};
  Staff staff_;
  World world_;
  CheckResult last_check_;
};

// Found by the property test: an injured person's record merged, after the decision, into a
// record the direct line holds as detained (or dead) kept its own status, "hospitalised", and
// the list paid the claim's person as it was. The payee is the survivor.
TEST_P(WorkflowPropertyTest, AnInjuredPayeeMergedIntoADetainedRecordIsHeldBack) {
  auto stack = MakeStack();
  ASSERT_TRUE(stack);
  for (auto [name, kind] : {std::pair{"Hospital", SourceKind::kHospital},
                            {"Detention centre", SourceKind::kDetentionCentre}}) {
    ASSERT_TRUE(stack->registry->CreateSource("setup", {.name = name, .kind = kind}).ok());
  }
  NewEpoch(*stack, 0);
  if (HasFatalFailure()) return;
  Recovery& rec = *stack->recovery;
  auto h = stack->registry->RecordReport("t", {.source_name = "Hospital",
                                              .external_id = "H-1",
                                              .full_name = "Сейткалиев Нурлан",
                                              .status = PersonStatus::kHospitalised});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  std::string injured = h->report.person_id;
  auto in = rec.SubmitClaim(staff_.clerk,
                            {.kind = ClaimKind::kInjurySupport,
                             .programme = "injured-0",
                             .person_id = injured,
                             .applicant_name = "Сейткалиев Нурлан",
                             .applicant_id = Iin(1),
                             .iban = KzIban(1),
                             .severity = InjurySeverity::kModerate,
                             .documents = {{"id_card", Hash(1), "image/jpeg", 1},
                                           {"medical_certificate", Hash(2), "application/pdf", 1}}});
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  std::string claim = in->claim.id;
  ASSERT_TRUE(rec.ReviewClaim(staff_.clerk, claim).ok());
  ASSERT_TRUE(rec.CheckClaim(staff_.clerk, claim).ok());
  ASSERT_TRUE(rec.MarkReady(staff_.clerk, claim).ok());
  Commissions& com = rec.commissions();
  std::string c = world_.epoch.injured_c.id;
  auto s = com.OpenSession(staff_.chair, c, {staff_.chair, staff_.secretary, staff_.m1}, {claim});
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  for (const auto& m : {staff_.chair, staff_.secretary, staff_.m1}) {
    ASSERT_TRUE(com.CastVote(m, s->session.id, claim, VoteChoice::kApprove).ok());
  }
  ASSERT_TRUE(com.Decide(staff_.chair, s->session.id,
                         {.claim_id = claim, .outcome = Decision::kApproved, .amount = 300'000})
                  .ok());
  auto act = com.CloseSession(staff_.chair, s->session.id);
  ASSERT_TRUE(act.ok()) << act.status().ToString();
  for (const auto& m : {staff_.chair, staff_.secretary, staff_.m1}) {
    ASSERT_TRUE(com.SignAct(m, act->id).ok());
  }
  // After the decision: a detention centre's list names him, and the line merges the records,
  // the detention's record surviving.
  auto d = stack->registry->RecordReport("t", {.source_name = "Detention centre",
                                              .external_id = "D-1",
                                              .full_name = "Сейткалиев Нурлан",
                                              .status = PersonStatus::kDetained});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_TRUE(stack->registry->Merge("t", d->report.person_id, injured).ok());
  ASSERT_TRUE(rec.SyncFromDirectLine({injured, d->report.person_id}, {}).ok());
  auto built = rec.payments().BuildList(staff_.finance, "injured-0");
  EXPECT_EQ(built.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(built.status().message().find("recorded detained"), std::string::npos)
      << built.status().message();
}

TEST_P(WorkflowPropertyTest, RandomStepsKeepEveryPaymentGuard) {
  // make check: 12,000 steps on SQLite, 10,000 with two writers on PostgreSQL (about 1.5 min
  // each on the 2-core VM).
  bool pg = GetParam().name == "postgres";
  int64_t steps = EnvInt("AFTERMATH_WORKFLOW_STEPS", pg ? 10'000 : 12'000);
  RunProperty(pg ? 2 : 1, steps);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, WorkflowPropertyTest,
    ::testing::Values(Backend{"sqlite", [] { return testing::TempSqliteUrlInRam("workflow_property"); }},
                      Backend{"postgres", testing::TempPostgresUrl}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace aftermath::recovery
