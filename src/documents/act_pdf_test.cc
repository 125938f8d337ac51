#include "documents/act_pdf.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "recovery/commission_act.h"

namespace aftermath::documents {
namespace {

Timestamp At(int64_t seconds) { return Timestamp(std::chrono::seconds(seconds)); }

// A closed session of three present members (one absent) with `claims` claims: every third
// rejected, the others approved for 1 000 000 + i tenge; the second claim has a recusal.
recovery::ActRecord Sample(int claims) {
  recovery::ActRecord r;
  r.number = 7;
  r.programme = Programme{.id = "prg_1", .code = "almaty-shops", .name = "Дүкендерге көмек"};
  Commission& c = r.view.commission;
  c.id = "com_1";
  c.programme_id = "prg_1";
  c.name = "Алматы қаласының комиссиясы";
  c.quorum = 2;
  c.members = {{"usr_chair", CommissionRole::kChair},
               {"usr_sec", CommissionRole::kSecretary},
               {"usr_m1", CommissionRole::kMember},
               {"usr_m2", CommissionRole::kMember}};
  r.names = {{"usr_chair", "Әлиев Ғани Қоңырұлы"},
             {"usr_sec", "Өмірзақова Ұлжан Үкібайқызы"},
             {"usr_m1", "Һәкімов Іңкәр Жаһанқызы"},
             {"usr_m2", "Сергеев Пётр"}};
  CommissionSession& s = r.view.session;
  s.id = "csn_1";
  s.commission_id = c.id;
  s.state = SessionState::kClosed;
  s.present = {"usr_chair", "usr_sec", "usr_m1"};
  s.opened_at = At(1796450400);  // 2026-12-05T06:00:00Z
  s.closed_at = At(1796454000);
  for (int i = 0; i < claims; ++i) {
    AgendaItem item{.session_id = s.id,
                    .claim_id = fmt::format("clm_{:04}", i + 1),
                    .ordinal = i,
                    .decision = i % 3 == 2 ? Decision::kRejected : Decision::kApproved,
                    .amount = i % 3 == 2 ? 0 : 1000000 + i};
    if (i == 1) item.recused = "usr_m1:inspected";
    r.view.agenda.push_back(item);
    r.claims.push_back(Claim{.id = item.claim_id, .kind = ClaimKind::kBusinessProperty});
  }
  r.act.id = "act_1";
  r.act.session_id = s.id;
  r.act.content = recovery::ActContent(c, s, r.view.agenda, {}, "");
  r.act.sha256 = recovery::ActHash(r.act.content);
  r.act.created_at = At(1796454000);
  r.act.signatures = {{"usr_chair", At(1796454600)}, {"usr_sec", At(1796454660)}};
  r.act.final_at = At(1796454660);
  r.view.acts = {r.act};
  return r;
}

// The PDF's text as pdftotext reads it back, every run of white space (a line wrapped in a table
// cell, say) one space.
std::string TextOf(const std::string& pdf) {
  std::string path = fmt::format("/tmp/aftermath_act_{}.pdf", getpid());
  {
    std::ofstream out(path, std::ios::binary);
    out << pdf;
  }
  std::unique_ptr<FILE, int (*)(FILE*)> p(
      popen(fmt::format("pdftotext -enc UTF-8 '{}' -", path).c_str(), "r"), pclose);
  std::string text;
  char buf[4096];
  size_t n;
  while (p && (n = fread(buf, 1, sizeof buf, p.get())) > 0) text.append(buf, n);
  std::remove(path.c_str());
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f';
    if (!space) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}

TEST(ActPdfTest, KazakhActReadsBackWithEveryLetter) {
  auto r = Sample(3);
  auto pdf = RenderActPdf(r, DocumentLanguage::kKazakh);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_TRUE(pdf->starts_with("%PDF-"));
  std::string text = TextOf(*pdf);
  ASSERT_FALSE(text.empty()) << "pdftotext (poppler-utils) is a declared dependency";
  for (const char* want :
       {"Комиссия отырысының актісі № 7", "Күні: 05.12.2026", "Алматы қаласының комиссиясы",
        "Дүкендерге көмек", "Әлиев Ғани Қоңырұлы (төраға)", "Өмірзақова Ұлжан Үкібайқызы (хатшы)",
        "Һәкімов Іңкәр Жаһанқызы (мүше)", "Қатыспаған мүшелер: Сергеев Пётр (мүше)", "clm_0001",
        "1 000 000", "1 000 001", "мақұлданды", "қабылданбады",
        "Һәкімов Іңкәр Жаһанқызы — нысанды тексерген",
        "Барлығы: мақұлданды 2 өтініш, 2 000 001 теңге; қабылданбады 1; шешілмеді 0",
        "Әлиев Ғани Қоңырұлы (төраға) — қол қойды 05.12.2026 07:10 UTC",
        "Һәкімов Іңкәр Жаһанқызы (мүше) — қол қойған жоқ", "Акт түпкілікті: 05.12.2026 07:11 UTC"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n--- text:\n" << text;
  }
  EXPECT_NE(text.find(r.act.sha256), std::string::npos) << text;
  // Every Kazakh letter, lower and upper case, survives the round trip.
  for (const char* letter : {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і", "Ә", "Ғ", "Қ", "Ө", "Ұ",
                             "Ү", "Һ", "І"}) {
    EXPECT_NE(text.find(letter), std::string::npos) << letter;
  }
}

TEST(ActPdfTest, RussianActReadsBack) {
  auto r = Sample(3);
  auto pdf = RenderActPdf(r, DocumentLanguage::kRussian);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  std::string text = TextOf(*pdf);
  for (const char* want :
       {"Акт заседания комиссии № 7", "Дата: 05.12.2026", "Присутствовали:",
        "Әлиев Ғани Қоңырұлы (председатель)", "Отсутствовали: Сергеев Пётр (член комиссии)",
        "одобрено", "отклонено", "Һәкімов Іңкәр Жаһанқызы — осматривал(а) объект",
        "Итого: одобрено заявок 2 на 2 000 001 тенге; отклонено 1; не решено 0",
        "подписал(а) 05.12.2026 07:10 UTC", "Акт окончательный: 05.12.2026 07:11 UTC"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n--- text:\n" << text;
  }
  EXPECT_NE(text.find(r.act.sha256), std::string::npos);
}

TEST(ActPdfTest, ACorrectionIsNumberedAfterTheAct) {
  auto r = Sample(1);
  r.revision = 2;
  r.act.supersedes = "act_0";
  r.act.final_at.reset();
  std::string text = TextOf(*RenderActPdf(r, DocumentLanguage::kRussian));
  EXPECT_NE(text.find("Акт заседания комиссии № 7-2"), std::string::npos) << text;
  EXPECT_NE(text.find("исправление 2, взамен акта act_0"), std::string::npos) << text;
  EXPECT_NE(text.find("Акт ещё не окончательный"), std::string::npos) << text;
}

TEST(ActPdfTest, LongSessionRunsOverPagesWithEveryClaim) {
  auto r = Sample(200);
  auto pdf = RenderActPdf(r, DocumentLanguage::kKazakh);
  ASSERT_TRUE(pdf.ok());
  std::string text = TextOf(*pdf);
  EXPECT_NE(text.find("clm_0200"), std::string::npos);
  EXPECT_NE(text.find("2-бет"), std::string::npos);  // a second page
  // 134 approved: the sum of 1 000 000 + i over i not ≡ 2 (mod 3), i < 200.
  int64_t sum = 0;
  int approved = 0;
  for (int i = 0; i < 200; ++i) {
    if (i % 3 != 2) sum += 1000000 + i, ++approved;
  }
  std::string total = fmt::format("мақұлданды {} өтініш", approved);
  EXPECT_NE(text.find(total), std::string::npos) << text.substr(text.size() - 2000);
  EXPECT_NE(text.find(r.act.sha256), std::string::npos);
}

TEST(ActPdfTest, LanguageIsKazakhOrRussian) {
  EXPECT_EQ(ParseDocumentLanguage("kk"), DocumentLanguage::kKazakh);
  EXPECT_EQ(ParseDocumentLanguage("ru"), DocumentLanguage::kRussian);
  EXPECT_FALSE(ParseDocumentLanguage("en"));
}

}  // namespace
}  // namespace aftermath::documents
