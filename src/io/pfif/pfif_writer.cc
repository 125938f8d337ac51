// The PFIF 1.4 document writer (record_writer.h, MakePfifWriter): one person element a person
// with its notes inside it, as Person Finder writes them. Records copied from elsewhere are
// written back as they came, with their own ids (pfif_record.h); records created here get this
// registry's domain.
#include "io/pfif/pfif_writer.h"

#include <fmt/format.h>

#include <sstream>
#include <unordered_map>

#include "io/export/record_writer.h"
#include "io/pfif/pfif_record.h"
#include "io/pfif/pfif_status.h"

namespace aftermath::io {
namespace pfif {

std::string Escape(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      // A parser turns a written CR (and CR LF) into LF: a reference keeps it.
      case '\r':
        out += "&#13;";
        break;
      default:
        // XML 1.0 allows no other control character, even as a reference.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') break;
        out += c;
    }
  }
  return out;
}

Fields LocalPersonFields(const Person& p, const std::string& person_record_id,
                         const std::string& domain, Timestamp entry_date) {
  Fields f;
  auto put = [&f](std::string_view name, std::string value) {
    if (!value.empty()) f.emplace(std::string(name), std::move(value));
  };
  put("person_record_id", person_record_id);
  put("entry_date", FormatDate(entry_date));
  put("author_name", "aftermath");
  put("source_name", domain);
  put("source_date", FormatDate(p.created_at));
  put("full_name", p.display_name());
  if (!p.names.empty()) {
    put("given_name", p.names[0].given_names);
    put("family_name", p.names[0].surname);
  }
  std::string others;
  for (size_t i = 1; i < p.names.size(); ++i) {
    if (!others.empty()) others += '\n';
    others += p.names[i].full_name;
  }
  put("alternate_names", others);
  put("description", p.features);
  if (p.sex == Sex::kMale) put("sex", "male");
  if (p.sex == Sex::kFemale) put("sex", "female");
  put("date_of_birth", p.birth_date.ToString());
  if (p.approx_age) put("age", std::to_string(*p.approx_age));
  put("home_city", p.home_locality);
  return f;
}

bool SaysSomething(const Report& r) {
  return r.status != PersonStatus::kUnknown || !r.facility.empty() || !r.location.empty() ||
         !r.notes.empty();
}

Fields LocalNoteFields(const Report& r, const std::string& person_record_id,
                       const std::string& domain, const std::string& author, Timestamp entry_date) {
  Fields f;
  auto put = [&f](std::string_view name, std::string value) {
    if (!value.empty()) f.emplace(std::string(name), std::move(value));
  };
  put("note_record_id", domain + "/" + r.id);
  put("person_record_id", person_record_id);
  put("entry_date", FormatDate(entry_date));
  put("author_name", author);
  put("source_date", FormatDate(r.observed_at));
  put("status", std::string(ToPfifStatus(r.status)));
  put("last_known_location", LastKnownLocation(r));
  // text is required; PFIF has no word for hospitalised or detained, so say it here (the reader
  // takes this first line off again when our extension comes with it).
  std::string text = r.status == PersonStatus::kUnknown
                         ? "reported"
                         : fmt::format("status: {}", ToString(r.status));
  if (!r.notes.empty()) text += "\n" + r.notes;
  put("text", text);
  // PFIF folds hospitalised, detained and safe into believed_alive: our extension keeps the
  // exact status and the facility for an aftermath registry that reads this back.
  put("aftermath:status", std::string(ToString(r.status)));
  put("aftermath:facility", r.facility);
  return f;
}

Fields PlaceholderFields(const Report& r) {
  Fields f;
  f["person_record_id"] = r.external_id;
  f["entry_date"] = FormatDate(r.entered_at.value_or(r.received_at));
  if (r.expires_at) f["expiry_date"] = FormatDate(*r.expires_at);
  f["source_date"] = FormatDate(r.observed_at);
  return f;
}

void WriteElement(std::ostream& out, int indent, PfifKind kind, const Fields& f,
                  const FieldFilter& may_write, const std::vector<std::string>& nested) {
  std::string pad(indent, ' ');
  std::string_view tag = kind == PfifKind::kPerson ? "person" : "note";
  out << pad << "<pfif:" << tag << ">\n";
  auto field = [&](std::string_view name) {
    auto it = f.find(name);
    if (it == f.end() || it->second.empty()) return;
    if (may_write && !may_write(kind, name)) return;
    std::string element =
        name.find(':') == std::string_view::npos ? "pfif:" + std::string(name) : std::string(name);
    out << pad << "  <" << element << '>' << Escape(it->second) << "</" << element << ">\n";
  };
  if (kind == PfifKind::kPerson) {
    for (auto name : kPersonFields) field(name);
  } else {
    for (auto name : kNoteFields) field(name);
    for (auto name : kAftermathNoteFields) field(name);
  }
  for (const auto& note : nested) out << note;
  out << pad << "</pfif:" << tag << ">\n";
}

std::string NoteElement(int indent, const Fields& f, const FieldFilter& may_write) {
  std::ostringstream out;
  WriteElement(out, indent, PfifKind::kNote, f, may_write, {});
  return std::move(out).str();
}

}  // namespace pfif

namespace {

class PfifWriter : public RecordWriter {
 public:
  PfifWriter(std::ostream& out, std::string domain) : out_(out), domain_(std::move(domain)) {}

  void Begin() override {
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pfif:pfif xmlns:pfif=\"" << kPfifNamespace
         << "\" xmlns:aftermath=\"" << kAftermathPfifNamespace << "\">\n";
  }
  std::string_view format() const override { return "pfif"; }
  bool ok() const override { return failed_.ok() && static_cast<bool>(out_); }

  // Records are gathered and written at End, each person's notes inside it: a note may arrive
  // long after its person (a later report), or before it (merged persons).
  void Write(const Person& p, const Report& r, const SourceMap& sources) override {
    Entry e{.report = r, .person_id = p.id, .placeholder = p.purged_at.has_value()};
    e.report.raw.clear();  // not written; the biggest field
    if (r.pfif_kind == PfifKind::kNone) {
      auto source = sources.find(r.source_id);
      e.author = source == sources.end() ? r.source_id : source->second.name;
      persons_.try_emplace(p.id, p);
    }
    entries_.push_back(std::move(e));
  }
  bool WantsPersonsWithoutReports() const override { return true; }
  bool WantsExpiredRecords() const override { return true; }
  void WritePerson(const Person& p, const SourceMap& sources) override {
    (void)sources;
    persons_.try_emplace(p.id, p);
    alone_.push_back(p.id);
  }

  void End() override {
    std::unordered_map<std::string, std::string> pfif_id;  // person id -> PFIF person record
    for (const auto& e : entries_) {
      if (e.report.pfif_kind == PfifKind::kPerson)
        pfif_id.try_emplace(e.person_id, e.report.external_id);
    }
    auto id_of = [&](const std::string& person_id) {
      auto it = pfif_id.find(person_id);
      return it != pfif_id.end() ? it->second : domain_ + "/" + person_id;
    };
    for (const auto& e : entries_) {
      const Report& r = e.report;
      if (r.pfif_kind == PfifKind::kPerson) {
        Block& b = BlockOf(r.external_id);
        if (!b.person) b.person = &e;  // another copy of the same record says the same
      } else if (r.pfif_kind == PfifKind::kNote) {
        auto fields = pfif::CopiedFields(r);
        if (!fields.ok()) {
          failed_ = fields.status();
          continue;
        }
        auto it = fields->find("person_record_id");
        BlockOf(it == fields->end() ? id_of(e.person_id) : it->second).notes.push_back(&e);
      } else {
        Block& b = BlockOf(id_of(e.person_id));
        if (!pfif_id.contains(e.person_id)) b.local_person = e.person_id;
        if (pfif::SaysSomething(r)) b.notes.push_back(&e);
      }
    }
    for (const auto& id : alone_) BlockOf(id_of(id)).local_person = id;

    std::vector<std::string> orphans;  // notes whose person this document does not hold
    for (const auto& b : blocks_) {
      std::vector<std::string> notes;
      for (const Entry* n : b.notes) {
        auto fields = NoteFields(*n, b.id);
        if (!fields.ok()) {
          failed_ = fields.status();
          continue;
        }
        notes.push_back(
            pfif::NoteElement(b.person || !b.local_person.empty() ? 4 : 2, *fields, nullptr));
      }
      if (b.person && b.person->placeholder) {
        pfif::WriteElement(out_, 2, PfifKind::kPerson, pfif::PlaceholderFields(b.person->report),
                           nullptr, {});
      } else if (b.person) {
        auto fields = pfif::CopiedFields(b.person->report);
        if (!fields.ok()) {
          failed_ = fields.status();
          continue;
        }
        pfif::WriteElement(out_, 2, PfifKind::kPerson, *fields, nullptr, notes);
      } else if (!b.local_person.empty()) {
        const Person& p = persons_.at(b.local_person);
        pfif::WriteElement(out_, 2, PfifKind::kPerson,
                           pfif::LocalPersonFields(p, b.id, domain_, p.updated_at), nullptr, notes);
      } else {
        for (auto& n : notes) orphans.push_back(std::move(n));
      }
    }
    for (const auto& n : orphans) out_ << n;
    out_ << "</pfif:pfif>\n" << std::flush;
  }

 private:
  struct Entry {
    Report report;
    std::string person_id;
    std::string author;        // a report of ours: its source's name
    bool placeholder = false;  // a copied person record that expired: its person is purged
  };
  struct Block {
    std::string id;                 // the PFIF person_record_id
    const Entry* person = nullptr;  // the copied person record
    std::string local_person;       // else a person of ours, written from the registry's record
    std::vector<const Entry*> notes;
  };

  Block& BlockOf(const std::string& id) {
    auto [it, added] = block_index_.try_emplace(id, blocks_.size());
    if (added) blocks_.push_back(Block{.id = id});
    return blocks_[it->second];
  }

  Result<pfif::Fields> NoteFields(const Entry& e, const std::string& person_record_id) {
    if (e.report.pfif_kind == PfifKind::kNote) return pfif::CopiedFields(e.report);
    return pfif::LocalNoteFields(e.report, person_record_id, domain_, e.author,
                                 e.report.received_at);
  }

  std::ostream& out_;
  std::string domain_;
  Status failed_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, Person> persons_;  // persons of ours, by id
  std::vector<std::string> alone_;                   // persons without reports
  std::vector<Block> blocks_;
  std::unordered_map<std::string, size_t> block_index_;
};

}  // namespace

std::unique_ptr<RecordWriter> MakePfifWriter(std::ostream& out, std::string domain) {
  return std::make_unique<PfifWriter>(out, std::move(domain));
}

}  // namespace aftermath::io
