#include "documents/act_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <vector>

namespace aftermath::documents {
namespace {

// A4 in points, and the margins.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 50;
constexpr double kTextWidth = kPageWidth - 2 * kMargin;

constexpr const char* kBody = "DejaVu Sans 9.5";
constexpr const char* kSmall = "DejaVu Sans 8";
constexpr const char* kBold = "DejaVu Sans Bold 9.5";
constexpr const char* kTitle = "DejaVu Sans Bold 14";
constexpr const char* kMono = "DejaVu Sans Mono 8.5";

// The words of the act in one language.
struct Words {
  const char* title;       // "{number}"
  const char* correction;  // "{revision}", "{act id}"
  const char* date;
  const char* commission;
  const char* programme;
  const char* session;
  const char* opened;
  const char* closed;
  const char* quorum;
  const char* present;
  const char* absent;
  const char* chair;
  const char* secretary;
  const char* member;
  const char* col_number;
  const char* col_claim;
  const char* col_kind;
  const char* col_decision;
  const char* col_amount;
  const char* col_recused;
  const char* approved;
  const char* rejected;
  const char* pending;
  const char* declared;
  const char* inspected;
  const char* valued;
  const char* submitted;
  const char* sign_off;  // "{role} {name}"
  const char* finance;
  const char* kinds[5];  // business_property, home, vehicle, family_support, injury_support
  const char* totals;    // "{approved count}", "{approved sum}", "{rejected count}", "{pending}"
  const char* hash;
  const char* act_id;
  const char* signatures;
  const char* signed_at;  // "{time}"
  const char* not_signed;
  const char* final_at;  // "{time}"
  const char* not_final;
  const char* page;  // "{page}"
};

constexpr Words kKazakh = {
    .title = "Комиссия отырысының актісі № {}",
    .correction = "{}-түзету, {} актісінің орнына",
    .date = "Күні",
    .commission = "Комиссия",
    .programme = "Бағдарлама",
    .session = "Отырыс",
    .opened = "Ашылды",
    .closed = "Жабылды",
    .quorum = "Кворум",
    .present = "Қатысқан мүшелер",
    .absent = "Қатыспаған мүшелер",
    .chair = "төраға",
    .secretary = "хатшы",
    .member = "мүше",
    .col_number = "№",
    .col_claim = "Өтініш",
    .col_kind = "Түрі",
    .col_decision = "Шешім",
    .col_amount = "Сомасы, теңге",
    .col_recused = "Дауыс бермеді (мүдделер қақтығысы)",
    .approved = "мақұлданды",
    .rejected = "қабылданбады",
    .pending = "шешілмеді",
    .declared = "мәлімдеді",
    .inspected = "нысанды тексерген",
    .valued = "бағалаған",
    .submitted = "өтінішті қабылдаған",
    .sign_off = "келісім: {} {}",
    .finance = "қаржы бөлімі",
    .kinds = {"бизнес мүлкі", "тұрғын үй", "көлік құралы", "отбасына көмек",
              "жарақат бойынша көмек"},
    .totals = "Барлығы: мақұлданды {} өтініш, {} теңге; қабылданбады {}; шешілмеді {}",
    .hash = "Акт мазмұнының SHA-256 хэші",
    .act_id = "Акт",
    .signatures = "Қолтаңбалар",
    .signed_at = "қол қойды {}",
    .not_signed = "қол қойған жоқ",
    .final_at = "Акт түпкілікті: {}",
    .not_final = "Акт әлі түпкілікті емес: кворум қол қоюы керек",
    .page = "{}-бет",
};

constexpr Words kRussian = {
    .title = "Акт заседания комиссии № {}",
    .correction = "исправление {}, взамен акта {}",
    .date = "Дата",
    .commission = "Комиссия",
    .programme = "Программа",
    .session = "Заседание",
    .opened = "Открыто",
    .closed = "Закрыто",
    .quorum = "Кворум",
    .present = "Присутствовали",
    .absent = "Отсутствовали",
    .chair = "председатель",
    .secretary = "секретарь",
    .member = "член комиссии",
    .col_number = "№",
    .col_claim = "Заявка",
    .col_kind = "Вид",
    .col_decision = "Решение",
    .col_amount = "Сумма, тенге",
    .col_recused = "Не голосовали (конфликт интересов)",
    .approved = "одобрено",
    .rejected = "отклонено",
    .pending = "не решено",
    .declared = "заявил(а) о конфликте",
    .inspected = "осматривал(а) объект",
    .valued = "оценивал(а)",
    .submitted = "принимал(а) заявку",
    .sign_off = "виза: {} {}",
    .finance = "финансы",
    .kinds = {"имущество бизнеса", "жильё", "транспорт", "помощь семье",
              "помощь пострадавшему"},
    .totals = "Итого: одобрено заявок {} на {} тенге; отклонено {}; не решено {}",
    .hash = "SHA-256 содержания акта",
    .act_id = "Акт",
    .signatures = "Подписи",
    .signed_at = "подписал(а) {}",
    .not_signed = "не подписал(а)",
    .final_at = "Акт окончательный: {}",
    .not_final = "Акт ещё не окончательный: нужны подписи кворума",
    .page = "стр. {}",
};

std::string Date(Timestamp t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{day};
  return fmt::format("{:02}.{:02}.{:04}", static_cast<unsigned>(ymd.day()),
                     static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
}

std::string DateTime(Timestamp t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::minutes>(t - day)};
  return fmt::format("{} {:02}:{:02} UTC", Date(t), hms.hours().count(), hms.minutes().count());
}

// 2500000 → "2 500 000".
std::string Amount(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

const char* RoleWord(const Words& w, CommissionRole r) {
  switch (r) {
    case CommissionRole::kChair:
      return w.chair;
    case CommissionRole::kSecretary:
      return w.secretary;
    case CommissionRole::kMember:
      return w.member;
  }
  return w.member;
}

const char* DecisionWord(const Words& w, Decision d) {
  switch (d) {
    case Decision::kApproved:
      return w.approved;
    case Decision::kRejected:
      return w.rejected;
    case Decision::kPending:
      return w.pending;
  }
  return w.pending;
}

const char* ReasonWord(const Words& w, std::string_view reason) {
  auto r = ParseRecusalReason(reason);
  if (!r) return w.declared;
  switch (*r) {
    case RecusalReason::kDeclared:
      return w.declared;
    case RecusalReason::kInspected:
      return w.inspected;
    case RecusalReason::kValued:
      return w.valued;
    case RecusalReason::kSubmitted:
      return w.submitted;
  }
  return w.declared;
}

const char* KindWord(const Words& w, ClaimKind k) {
  switch (k) {
    case ClaimKind::kBusinessProperty:
      return w.kinds[0];
    case ClaimKind::kHome:
      return w.kinds[1];
    case ClaimKind::kVehicle:
      return w.kinds[2];
    case ClaimKind::kFamilySupport:
      return w.kinds[3];
    case ClaimKind::kInjurySupport:
      return w.kinds[4];
  }
  return "";
}

// Draws text top-down over pages; one Pango layout reused for every piece of text.
class Pen {
 public:
  Pen(cairo_t* cr, const Words& w) : cr_(cr), words_(w), layout_(pango_cairo_create_layout(cr)) {
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  }
  ~Pen() {
    g_object_unref(layout_);
    for (auto& [_, f] : fonts_) pango_font_description_free(f);
  }
  Pen(const Pen&) = delete;
  Pen& operator=(const Pen&) = delete;

  double y() const { return y_; }
  void Skip(double dy) { y_ += dy; }

  // The height `text` takes in `font` at `width`.
  double Measure(const std::string& text, const char* font, double width) {
    Set(text, font, width);
    int w = 0, h = 0;
    pango_layout_get_size(layout_, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  // Draws `text` at (x, y_ + dy) without moving down.
  void Draw(const std::string& text, const char* font, double x, double dy, double width,
            PangoAlignment align = PANGO_ALIGN_LEFT) {
    Set(text, font, width);
    pango_layout_set_alignment(layout_, align);
    cairo_move_to(cr_, kMargin + x, y_ + dy);
    pango_cairo_show_layout(cr_, layout_);
    pango_layout_set_alignment(layout_, PANGO_ALIGN_LEFT);
  }

  // A paragraph the text's width, moving down past it (to a new page when it does not fit).
  void Paragraph(const std::string& text, const char* font = kBody, double after = 3) {
    double h = Measure(text, font, kTextWidth);
    Room(h);
    Draw(text, font, 0, 0, kTextWidth);
    y_ += h + after;
  }

  void Rule(double x0 = 0, double x1 = kTextWidth) {
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kMargin + x0, y_);
    cairo_line_to(cr_, kMargin + x1, y_);
    cairo_stroke(cr_);
  }

  // True when a new page was begun to make room for `height`.
  bool Room(double height) {
    if (y_ + height <= kPageHeight - kMargin) return false;
    Footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
    return true;
  }

  void Footer() {
    double saved = y_;
    y_ = kPageHeight - kMargin + 12;
    Draw(fmt::format(fmt::runtime(words_.page), page_), kSmall, 0, 0, kTextWidth,
         PANGO_ALIGN_CENTER);
    y_ = saved;
  }

 private:
  void Set(const std::string& text, const char* font, double width) {
    auto& f = fonts_[font];
    if (!f) f = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout_, f);
    pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
  }

  cairo_t* cr_;
  const Words& words_;
  PangoLayout* layout_;
  std::map<std::string, PangoFontDescription*> fonts_;
  double y_ = kMargin;
  int page_ = 1;
};

struct Column {
  double x, width;
  PangoAlignment align;
};
// №, claim, kind, decision, amount, recused: "қабылданбады" fits its column unbroken.
constexpr Column kColumns[] = {{0, 22, PANGO_ALIGN_LEFT},    {24, 124, PANGO_ALIGN_LEFT},
                               {152, 62, PANGO_ALIGN_LEFT},  {218, 90, PANGO_ALIGN_LEFT},
                               {312, 64, PANGO_ALIGN_RIGHT}, {382, 113, PANGO_ALIGN_LEFT}};

// One row of the claims' table; moves down past it.
void Row(Pen& pen, const std::vector<std::string>& cells, const char* font,
         const std::vector<std::string>* header) {
  double h = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    h = std::max(h, pen.Measure(cells[i], font, kColumns[i].width));
  }
  if (pen.Room(h + 4) && header) Row(pen, *header, kBold, nullptr);
  for (size_t i = 0; i < cells.size(); ++i) {
    pen.Draw(cells[i], font, kColumns[i].x, 0, kColumns[i].width, kColumns[i].align);
  }
  pen.Skip(h + 2);
  pen.Rule();
  pen.Skip(2);
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string NameOf(const recovery::ActRecord& r, const std::string& user_id) {
  auto it = r.names.find(user_id);
  return it == r.names.end() ? user_id : it->second;
}

void Draw(Pen& pen, const recovery::ActRecord& r, const Words& w) {
  const auto& v = r.view;
  std::string number = r.revision > 1 ? fmt::format("{}-{}", r.number, r.revision)
                                      : std::to_string(r.number);
  pen.Paragraph(fmt::format(fmt::runtime(w.title), number), kTitle, 2);
  if (!r.act.supersedes.empty()) {
    pen.Paragraph(fmt::format(fmt::runtime(w.correction), r.revision, r.act.supersedes), kBody);
  }
  pen.Skip(6);
  pen.Paragraph(fmt::format("{}: {}", w.date, Date(r.act.created_at)));
  pen.Paragraph(fmt::format("{}: {}", w.commission, v.commission.name));
  pen.Paragraph(fmt::format("{}: {} ({})", w.programme, r.programme.name, r.programme.code));
  pen.Paragraph(fmt::format("{}: {}; {}: {}{}", w.session, v.session.id, w.opened,
                            DateTime(v.session.opened_at),
                            v.session.closed_at
                                ? fmt::format("; {}: {}", w.closed, DateTime(*v.session.closed_at))
                                : std::string()));
  pen.Paragraph(fmt::format("{}: {}", w.quorum, v.commission.quorum));

  std::string present, absent;
  for (const auto& m : v.commission.members) {
    bool here = std::find(v.session.present.begin(), v.session.present.end(), m.user_id) !=
                v.session.present.end();
    std::string& list = here ? present : absent;
    if (!list.empty()) list += "; ";
    list += fmt::format("{} ({})", NameOf(r, m.user_id), RoleWord(w, m.role));
  }
  pen.Paragraph(fmt::format("{}: {}", w.present, present));
  if (!absent.empty()) pen.Paragraph(fmt::format("{}: {}", w.absent, absent));
  pen.Skip(8);

  std::vector<std::string> header = {w.col_number,   w.col_claim,  w.col_kind,
                                     w.col_decision, w.col_amount, w.col_recused};
  Row(pen, header, kBold, nullptr);
  int approved = 0, rejected = 0, pending = 0;
  int64_t sum = 0;
  for (size_t i = 0; i < v.agenda.size(); ++i) {
    const AgendaItem& item = v.agenda[i];
    std::string kind = i < r.claims.size() ? KindWord(w, r.claims[i].kind) : "";
    std::string recused;
    for (std::string_view rest = item.recused; !rest.empty();) {
      size_t comma = rest.find(',');
      std::string_view one = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      size_t colon = one.rfind(':');
      if (!recused.empty()) recused += "; ";
      recused += fmt::format("{} — {}", NameOf(r, std::string(one.substr(0, colon))),
                             colon == std::string_view::npos
                                 ? w.declared
                                 : ReasonWord(w, one.substr(colon + 1)));
    }
    for (const auto& o : v.sign_offs) {
      if (o.claim_id != item.claim_id) continue;
      if (!recused.empty()) recused += "; ";
      recused += fmt::format(fmt::runtime(w.sign_off),
                             o.role == SignOffRole::kChair ? w.chair : w.finance,
                             NameOf(r, o.user_id));
    }
    std::string amount;
    if (item.decision == Decision::kApproved) {
      ++approved;
      sum += item.amount;
      amount = Amount(item.amount);
    } else if (item.decision == Decision::kRejected) {
      ++rejected;
      amount = "—";
    } else {
      ++pending;
    }
    Row(pen,
        {std::to_string(i + 1), item.claim_id, kind, DecisionWord(w, item.decision), amount,
         recused.empty() ? "—" : recused},
        kSmall, &header);
  }
  pen.Skip(6);
  pen.Paragraph(fmt::format(fmt::runtime(w.totals), approved, Amount(sum), rejected, pending),
                kBold, 10);

  pen.Paragraph(fmt::format("{}: {}", w.act_id, r.act.id));
  pen.Paragraph(fmt::format("{}:", w.hash), kBody, 1);
  pen.Paragraph(r.act.sha256, kMono, 10);

  pen.Paragraph(fmt::format("{}:", w.signatures), kBold, 4);
  for (const auto& user_id : v.session.present) {
    const ActSignature* sig = nullptr;
    for (const auto& s : r.act.signatures) {
      if (s.user_id == user_id) sig = &s;
    }
    CommissionRole role = CommissionRole::kMember;
    for (const auto& m : v.commission.members) {
      if (m.user_id == user_id) role = m.role;
    }
    pen.Paragraph(fmt::format("{} ({}) — {}", NameOf(r, user_id), RoleWord(w, role),
                              sig ? fmt::format(fmt::runtime(w.signed_at), DateTime(sig->signed_at))
                                  : std::string(w.not_signed)),
                  kBody, 4);
  }
  pen.Skip(4);
  pen.Paragraph(r.act.final_at ? fmt::format(fmt::runtime(w.final_at), DateTime(*r.act.final_at))
                               : std::string(w.not_final),
                kBold);
  pen.Footer();
}

}  // namespace

std::optional<DocumentLanguage> ParseDocumentLanguage(std::string_view s) {
  if (s == "kk") return DocumentLanguage::kKazakh;
  if (s == "ru") return DocumentLanguage::kRussian;
  return std::nullopt;
}

Result<std::string> RenderActPdf(const recovery::ActRecord& record, DocumentLanguage language) {
  std::string out;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(Append, &out, kPageWidth, kPageHeight);
  std::string title = fmt::format("{} {}", "act", record.act.id);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "aftermath");
  cairo_t* cr = cairo_create(surface);
  {
    Pen pen(cr, language == DocumentLanguage::kKazakh ? kKazakh : kRussian);
    cairo_set_source_rgb(cr, 0, 0, 0);
    Draw(pen, record, language == DocumentLanguage::kKazakh ? kKazakh : kRussian);
  }
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return Internal(fmt::format("drawing act {} as PDF: {}", record.act.id,
                                cairo_status_to_string(status)));
  }
  return out;
}

}  // namespace aftermath::documents
