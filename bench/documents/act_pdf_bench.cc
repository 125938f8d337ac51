// How long a 200-claim session's act takes to draw as PDF (issue #18's target: at most 2 s).
// Run once: build/act_pdf_bench [CLAIMS] [RUNS] [OUT.pdf]; prints each run's time and the PDF's
// size, and writes the last Kazakh one to OUT.pdf when given.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "documents/act_pdf.h"
#include "recovery/commission_act.h"

namespace aftermath {
namespace {

Timestamp At(int64_t seconds) { return Timestamp(std::chrono::seconds(seconds)); }

// A closed session of seven members, five present, with `claims` claims: a third rejected,
// one recusal in ten, a chair's sign-off in twenty; the act final with four signatures.
recovery::ActRecord BenchSession(int claims) {
  recovery::ActRecord r;
  r.number = 12;
  r.programme = Programme{.id = "prg_bench", .code = "almaty-shops", .name = "Дүкендерге көмек"};
  Commission& c = r.view.commission;
  c.id = "com_bench";
  c.programme_id = r.programme.id;
  c.name = "Алматы қаласы Медеу ауданының комиссиясы";
  c.quorum = 4;
  const char* names[] = {"Әлиев Ғани Қоңырұлы",  "Өмірзақова Ұлжан",    "Һәкімов Іңкәр",
                         "Сергеев Пётр Иванович", "Нұрланова Гүлнар",    "Жақыпов Ерлан",
                         "Ким Виктория"};
  for (int i = 0; i < 7; ++i) {
    std::string id = fmt::format("usr_{:026}", i);
    c.members.push_back({id, i == 0   ? CommissionRole::kChair
                             : i == 1 ? CommissionRole::kSecretary
                                      : CommissionRole::kMember});
    r.names[id] = names[i];
    if (i < 5) r.view.session.present.push_back(id);
  }
  r.view.session.id = "csn_01JBENCH0000000000000000";
  r.view.session.commission_id = c.id;
  r.view.session.state = SessionState::kClosed;
  r.view.session.opened_at = At(1796450400);
  r.view.session.closed_at = At(1796461200);
  for (int i = 0; i < claims; ++i) {
    AgendaItem item{.session_id = r.view.session.id,
                    .claim_id = fmt::format("clm_01JBENCH{:017}", i),
                    .ordinal = i,
                    .decision = i % 3 == 2 ? Decision::kRejected : Decision::kApproved,
                    .amount = i % 3 == 2 ? 0 : 1500000 + 1000 * i};
    if (i % 10 == 3) item.recused = c.members[2 + i % 3].user_id + ":inspected";
    if (i % 20 == 5) {
      r.view.sign_offs.push_back(SignOff{.session_id = r.view.session.id,
                                         .claim_id = item.claim_id,
                                         .role = SignOffRole::kChair,
                                         .user_id = c.members[0].user_id});
    }
    r.view.agenda.push_back(item);
    r.claims.push_back(Claim{.id = item.claim_id,
                             .kind = i % 2 ? ClaimKind::kBusinessProperty : ClaimKind::kHome});
  }
  r.act.id = "act_01JBENCH0000000000000000";
  r.act.session_id = r.view.session.id;
  r.act.content = recovery::ActContent(c, r.view.session, r.view.agenda, r.view.sign_offs, "");
  r.act.sha256 = recovery::ActHash(r.act.content);
  r.act.created_at = At(1796461200);
  for (int i = 0; i < 4; ++i) r.act.signatures.push_back({c.members[i].user_id, At(1796461800 + i)});
  r.act.final_at = At(1796461803);
  return r;
}

}  // namespace
}  // namespace aftermath

int main(int argc, char** argv) {
  using namespace aftermath;
  int claims = argc > 1 ? std::atoi(argv[1]) : 200;
  int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  auto record = BenchSession(claims);
  for (auto lang : {documents::DocumentLanguage::kKazakh, documents::DocumentLanguage::kRussian}) {
    for (int i = 0; i < runs; ++i) {
      auto start = std::chrono::steady_clock::now();
      auto pdf = documents::RenderActPdf(record, lang);
      auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
      if (!pdf.ok()) {
        fmt::print(stderr, "{}\n", pdf.status().ToString());
        return 1;
      }
      if (argc > 3 && lang == documents::DocumentLanguage::kKazakh) {
        std::ofstream(argv[3], std::ios::binary) << *pdf;
      }
      fmt::print("{} claims, {}, run {}: {:.0f} ms, {} bytes\n", claims,
                 lang == documents::DocumentLanguage::kKazakh ? "kk" : "ru", i + 1, ms.count(),
                 pdf->size());
    }
  }
  return 0;
}
