#include <fmt/format.h>

#include <unordered_set>

#include "io/export/record_writer.h"
#include "io/pfif/pfif_status.h"

namespace aftermath::io {
namespace {

std::string Escape(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// PFIF wants whole seconds: "2026-01-06T10:00:00Z".
std::string PfifDate(Timestamp t) {
  std::string s = FormatTimestamp(t);
  return s.size() >= 19 ? s.substr(0, 19) + "Z" : s;
}

class PfifWriter : public RecordWriter {
 public:
  PfifWriter(std::ostream& out, std::string domain) : out_(out), domain_(std::move(domain)) {}

  void Begin() override {
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pfif:pfif xmlns:pfif=\"" << kPfifNamespace
         << "\" xmlns:aftermath=\"" << kAftermathPfifNamespace << "\">\n";
  }
  std::string_view format() const override { return "pfif"; }
  bool ok() const override { return static_cast<bool>(out_); }
  void End() override { out_ << "</pfif:pfif>\n" << std::flush; }

  void Write(const Person& p, const Report& r, const SourceMap& sources) override {
    std::string person_id = domain_ + "/" + p.id;
    if (written_.insert(p.id).second) WritePersonElement(p, person_id);
    auto source = sources.find(r.source_id);
    out_ << "  <pfif:note>\n";
    Element(4, "note_record_id", domain_ + "/" + r.id);
    Element(4, "person_record_id", person_id);
    Element(4, "entry_date", PfifDate(r.received_at));
    Element(4, "author_name", source == sources.end() ? r.source_id : source->second.name);
    Element(4, "source_date", PfifDate(r.observed_at));
    Element(4, "status", ToPfifStatus(r.status));
    std::string where = r.facility;
    if (!r.location.empty()) where += (where.empty() ? "" : ", ") + r.location;
    Element(4, "last_known_location", where);
    // text is required; PFIF has no word for hospitalised or detained, so say it here.
    std::string text = r.status == PersonStatus::kUnknown
                           ? "reported"
                           : fmt::format("status: {}", ToString(r.status));
    if (!r.notes.empty()) text += "\n" + r.notes;
    Element(4, "text", text);
    // PFIF folds hospitalised, detained and safe into believed_alive: our extension keeps the
    // exact status and the facility for an aftermath registry that reads this back.
    Element(4, "status", ToString(r.status), "aftermath");
    Element(4, "facility", r.facility, "aftermath");
    out_ << "  </pfif:note>\n";
  }

 private:
  void WritePersonElement(const Person& p, const std::string& person_id) {
    out_ << "  <pfif:person>\n";
    Element(4, "person_record_id", person_id);
    Element(4, "entry_date", PfifDate(p.updated_at));
    Element(4, "author_name", "aftermath");
    Element(4, "source_name", domain_);
    Element(4, "source_date", PfifDate(p.created_at));
    Element(4, "full_name", p.display_name());
    std::string others;
    for (size_t i = 1; i < p.names.size(); ++i) {
      if (!others.empty()) others += '\n';
      others += p.names[i].full_name;
    }
    Element(4, "alternate_names", others);
    Element(4, "description", p.features);
    if (p.sex != Sex::kUnknown) Element(4, "sex", p.sex == Sex::kMale ? "male" : "female");
    if (!p.birth_date.empty()) Element(4, "date_of_birth", p.birth_date.ToString());
    if (p.approx_age) Element(4, "age", std::to_string(*p.approx_age));
    Element(4, "home_city", p.home_locality);
    out_ << "  </pfif:person>\n";
  }

  void Element(int indent, std::string_view name, std::string_view value,
               std::string_view prefix = "pfif") {
    if (value.empty()) return;
    out_ << std::string(indent, ' ') << '<' << prefix << ':' << name << '>' << Escape(value)
         << "</" << prefix << ':' << name << ">\n";
  }

  std::ostream& out_;
  std::string domain_;
  std::unordered_set<std::string> written_;  // person ids already written
};

}  // namespace

std::unique_ptr<RecordWriter> MakePfifWriter(std::ostream& out, std::string domain) {
  return std::make_unique<PfifWriter>(out, std::move(domain));
}

}  // namespace aftermath::io
