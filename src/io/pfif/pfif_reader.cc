#include "io/pfif/pfif_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <deque>
#include <map>
#include <pugixml.hpp>
#include <span>
#include <sstream>
#include <utility>
#include <vector>

#include "io/pfif/pfif_record.h"
#include "io/pfif/pfif_status.h"

namespace aftermath::io {
namespace {

using pfif::kNoteFields;
using pfif::kPersonFields;

// What PFIF 1.1-1.3 call by other names (and 1.4 no longer defines): read as PFIF's own rules
// for moving a record to 1.4 map them (legacy name -> 1.4 name).
constexpr std::pair<std::string_view, std::string_view> kLegacyFields[] = {
    {"first_name", "given_name"},
    {"last_name", "family_name"},
    {"home_zip", "home_postal_code"},
    {"found", "author_made_contact"},
    {"other", "description"}};  // only an `other` that opens with "description:"

// The namespaces of the PFIF versions read, 1.1 to 1.4: the minor version, or 0.
int PfifMinorVersion(std::string_view ns) {
  constexpr std::string_view kPrefix = "http://zesty.ca/pfif/1.";
  if (!ns.starts_with(kPrefix) || ns.size() != kPrefix.size() + 1) return 0;
  char minor = ns.back();
  return minor >= '1' && minor <= '4' ? minor - '0' : 0;
}

inline constexpr std::string_view kAtomNamespace = "http://www.w3.org/2005/Atom";

// Our extension's elements of a note (pfif_status.h).
constexpr std::string_view kExtensionNoteFields[] = {"status", "facility"};

// The namespace of an element's prefix, from the xmlns attributes of it and its ancestors.
std::string_view NamespaceOf(const pugi::xml_node& n) {
  std::string_view name = n.name();
  size_t colon = name.find(':');
  std::string attr =
      colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  for (auto e = n; e; e = e.parent()) {
    if (e.type() != pugi::node_element) break;
    if (auto a = e.attribute(attr.c_str())) return a.value();
  }
  return {};
}

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// True for an element of PFIF: in a PFIF namespace, or, where no namespace is declared for it,
// unprefixed or prefixed pfif: (leniency for hand-written files). Not, say, our extension's
// aftermath:status, nor another vocabulary's <person> inside a PFIF root.
bool IsPfifElement(const pugi::xml_node& n) {
  std::string_view ns = NamespaceOf(n);
  if (!ns.empty()) return ns.starts_with("http://zesty.ca/pfif/");
  std::string_view name = n.name();
  return name.find(':') == std::string_view::npos || name.starts_with("pfif:");
}

// The character or entity reference at the start of `s` (just after its '&') is one XML itself
// defines (amp, lt, gt, quot, apos, &#N;, &#xN;): anything else would need a declaration, which
// a PFIF document may not carry. Returns the reference's length up to ';', or 0.
size_t PredefinedReference(std::string_view s) {
  size_t end = s.find(';');
  if (end == std::string_view::npos || end == 0 || end > 12) return 0;
  std::string_view name = s.substr(0, end);
  for (std::string_view known : {"amp", "lt", "gt", "quot", "apos"}) {
    if (name == known) return end;
  }
  if (name[0] != '#' || name.size() < 2) return 0;
  bool hex = name[1] == 'x';
  std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty()) return 0;
  for (char c : digits) {
    if (!(hex ? std::isxdigit(static_cast<unsigned char>(c))
              : std::isdigit(static_cast<unsigned char>(c)))) {
      return 0;
    }
  }
  return end;
}

// The first '&' in `text` (unescaped text or an attribute value) that begins no reference XML
// defines, as "&name;" for the message; empty when there is none.
std::string UndefinedReference(std::string_view text) {
  for (size_t at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
    if (PredefinedReference(text.substr(at + 1)) == 0) {
      size_t end = text.find(';', at);
      if (end == std::string_view::npos || end - at > 40 ||
          text.substr(at + 1, end - at - 1).find_first_of(" \t\r\n&<") != std::string_view::npos) {
        return "&";
      }
      return std::string(text.substr(at, end - at + 1));
    }
  }
  return {};
}

std::string Child(const pugi::xml_node& n, std::string_view local) {
  for (auto c : n.children()) {
    if (c.type() == pugi::node_element && LocalName(c) == local && IsPfifElement(c)) {
      return c.text().get();
    }
  }
  return {};
}

// "domain/unique id": a domain name, a slash, and a non-empty id.
bool IsRecordId(std::string_view id) {
  size_t slash = id.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == id.size()) return false;
  for (char c : id.substr(0, slash)) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return false;
  }
  return id.size() <= 200;
}

Result<Timestamp> PfifDate(std::string_view text) { return pfif::ParseDate(text); }

// The report as the registry will keep it, as far as the columns a copied record is written
// back from go (pfif_record.h): names are cleaned there, which a copy may then lose.
Report AsKept(const NewReport& in) {
  Report r;
  r.external_id = in.external_id;
  r.name = {.full_name = in.full_name, .surname = in.surname, .given_names = in.given_names};
  r.sex = in.sex;
  r.birth_date = in.birth_date;
  r.approx_age = in.approx_age;
  r.features = in.features;
  r.status = in.status;
  r.facility = in.facility;
  r.location = in.location;
  if (in.observed_at) r.observed_at = *in.observed_at;
  r.notes = in.notes;
  r.pfif_kind = in.pfif_kind;
  r.entered_at = in.entered_at;
  r.expires_at = in.expires_at;
  return r;
}

// The extension of a record read as `record` into `in` (pfif_record.h).
std::string ExtensionOf(const pfif::Fields& record, const NewReport& in) {
  pfif::Fields columns = pfif::ColumnFields(AsKept(in), in.observed_at.has_value());
  // Without a source_date the registry gives the report its arrival as observed_at, which the
  // export must not then write as the record's source_date.
  if (!in.observed_at) columns["source_date"] = "(arrival)";
  return pfif::MakeExtension(record, columns);
}

std::string XmlOf(const pugi::xml_node& n, bool without_notes) {
  std::ostringstream out;
  if (!without_notes) {
    n.print(out, "", pugi::format_raw);
    return out.str();
  }
  pugi::xml_document copy;
  auto c = copy.append_copy(n);
  for (auto child = c.first_child(); child;) {
    auto next = child.next_sibling();
    if (LocalName(child) == "note" && IsPfifElement(child)) c.remove_child(child);
    child = next;
  }
  c.print(out, "", pugi::format_raw);
  return out.str();
}

class PfifReader : public RecordReader {
 public:
  Status Load(std::istream& in, size_t max_bytes) {
    char chunk[64 << 10];
    while (in && text_.size() <= max_bytes) {
      in.read(chunk, sizeof chunk);
      text_.append(chunk, static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) return DataLoss("reading the input failed");
    if (text_.size() > max_bytes) {
      return InvalidArgument(fmt::format("the PFIF document is larger than {} bytes", max_bytes));
    }
    for (size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
    // pugixml neither expands nor refuses an entity it does not know (it keeps "&lol9;" as
    // text), and skips a DOCTYPE unless asked for it. So the document is read first as written,
    // references unexpanded and the DOCTYPE kept, to refuse declarations and undefined entities
    // with their line; then again, references expanded, for its records.
    RETURN_IF_ERROR(Parse((pugi::parse_default | pugi::parse_doctype) & ~pugi::parse_escapes));
    RETURN_IF_ERROR(CheckReferences());
    RETURN_IF_ERROR(Parse(pugi::parse_default));
    auto root = doc_.document_element();
    // The records: the children of a PFIF root, or of the entries of an Atom feed (Person
    // Finder serves its feeds so: one person, or one note, an <entry>).
    std::vector<pugi::xml_node> records;
    std::string ns;
    if (LocalName(root) == "feed" && NamespaceOf(root) == kAtomNamespace) {
      size_t entries = 0;
      for (auto e : root.children()) {
        if (e.type() != pugi::node_element) continue;
        bool atom = NamespaceOf(e) == kAtomNamespace;
        if (!atom || LocalName(e) != "entry") {
          if (!atom) ++outside_[e.name()];  // the feed's own id, title, ... are Atom's
          continue;
        }
        ++entries;
        for (auto c : e.children()) {
          if (c.type() != pugi::node_element) continue;
          if (IsPfifElement(c)) {
            if (ns.empty()) ns = NamespaceOf(c);
            records.push_back(c);
          } else if (NamespaceOf(c) != kAtomNamespace) {
            ++outside_[c.name()];
          }
        }
      }
      if (ns.empty() && entries > 0) {
        return InvalidArgument("the Atom feed's entries hold no PFIF records");
      }
      if (ns.empty()) ns = kPfifNamespace;  // an empty feed
    } else if (LocalName(root) == "pfif" && IsPfifElement(root)) {
      // The root's own namespace says the version.
      ns = NamespaceOf(root);
      if (ns.empty()) return InvalidArgument("the document does not use a PFIF namespace");
      for (auto n : root.children()) {
        if (n.type() == pugi::node_element) records.push_back(n);
      }
    } else {
      return InvalidArgument(fmt::format(
          "the root element is <{}>, neither <pfif:pfif> nor an Atom <feed> of PFIF records",
          std::string(root.name()).substr(0, 60)));
    }
    // Each version's records are read as PFIF 1.4 by PFIF's mapping (kLegacyFields).
    minor_ = PfifMinorVersion(ns);
    if (minor_ == 0) {
      return InvalidArgument(fmt::format(
          "namespace {} is not a PFIF version this reads (http://zesty.ca/pfif/1.1 to 1.4)",
          ns.substr(0, 80)));
    }
    known_person_.assign(std::begin(kPersonFields), std::end(kPersonFields));
    known_person_.push_back("note");  // nested notes are read as notes
    known_note_.assign(std::begin(kNoteFields), std::end(kNoteFields));
    if (minor_ < 4) {
      for (const auto& [legacy, now] : kLegacyFields) {
        (legacy == "found" ? known_note_ : known_person_).push_back(legacy);
      }
    }
    // Persons first (with their nested notes), then top-level notes, whose person may come
    // anywhere in the document.
    for (auto n : records) {
      if (!IsPfifElement(n)) continue;
      if (LocalName(n) == "person") {
        std::string name = PersonName(n);
        std::string id = Child(n, "person_record_id");
        if (!id.empty()) names_[id] = name;
      }
    }
    for (auto n : records) {
      if (!IsPfifElement(n)) continue;
      if (LocalName(n) == "person") {
        AddPerson(n);
        for (auto c : n.children()) {
          if (c.type() == pugi::node_element && LocalName(c) == "note" && IsPfifElement(c)) {
            AddNote(c, Child(n, "person_record_id"));
          }
        }
      }
    }
    for (auto n : records) {
      std::string_view local = LocalName(n);
      bool pfif = IsPfifElement(n);
      if (pfif && local == "note") {
        AddNote(n, "");
      } else if (!pfif || local != "person") {
        ++outside_[n.name()];
      }
    }
    for (const auto& [name, count] : outside_) {
      notes_.push_back(fmt::format("element <{}> ({} times) outside any person or note: not "
                                   "imported", name, count));
    }
    for (const auto& [name, count] : unknown_) {
      notes_.push_back(fmt::format("element <{}> ({} times) is not PFIF 1.{}: kept in raw", name,
                                   count, minor_));
    }
    text_.clear();
    text_.shrink_to_fit();
    return Status::Ok();
  }

  Result<bool> Next(ParsedRow& row) override {
    if (rows_.empty()) return false;
    row = std::move(rows_.front());
    rows_.pop_front();
    return true;
  }
  uint64_t bytes_read() const override { return 0; }
  std::vector<std::string> notes() const override { return notes_; }

 private:
  Status Parse(unsigned options) {
    pugi::xml_parse_result parsed;
    try {
      parsed = doc_.load_buffer(text_.data(), text_.size(), options, pugi::encoding_auto);
    } catch (const std::exception& e) {  // bad_alloc on a hostile document
      return InvalidArgument(fmt::format("the PFIF document cannot be read: {}", e.what()));
    }
    if (!parsed) {
      return InvalidArgument(fmt::format("line {}: not well-formed XML: {}",
                                         LineOf(static_cast<size_t>(parsed.offset)),
                                         parsed.description()));
    }
    return Status::Ok();
  }

  // Over the document as written (references unexpanded): a DOCTYPE that declares anything
  // (an internal subset: entities, the billion laughs, external entities) and a reference to
  // an entity XML does not define are refused, naming the line.
  Status CheckReferences() {
    for (auto n : doc_.children()) {
      if (n.type() != pugi::node_doctype) continue;
      if (std::string_view(n.value()).find('[') != std::string_view::npos) {
        return InvalidArgument(fmt::format(
            "line {}: the DOCTYPE declares entities or other markup, which a PFIF document may "
            "not",
            LineOf(static_cast<size_t>(n.offset_debug()))));
      }
    }
    std::vector<pugi::xml_node> stack{doc_.document_element()};
    while (!stack.empty()) {
      pugi::xml_node n = stack.back();
      stack.pop_back();
      std::string bad;
      if (n.type() == pugi::node_pcdata) bad = UndefinedReference(n.value());
      for (auto a = n.first_attribute(); a && bad.empty(); a = a.next_attribute()) {
        bad = UndefinedReference(a.value());
      }
      if (!bad.empty()) {
        size_t line = LineOf(static_cast<size_t>(std::max<ptrdiff_t>(n.offset_debug(), 0)));
        return InvalidArgument(
            bad == "&"
                ? fmt::format("line {}: not well-formed XML: '&' begins no reference (write "
                              "&amp;)",
                              line)
                : fmt::format("line {}: '{}' is an entity XML does not define (only &amp; &lt; "
                              "&gt; &quot; &apos; and character references are read)",
                              line, bad));
      }
      for (auto c = n.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
    }
    return Status::Ok();
  }

  size_t LineOf(size_t offset) const {
    return static_cast<size_t>(std::upper_bound(line_starts_.begin(), line_starts_.end(),
                                                offset) - line_starts_.begin());
  }

  // The field PFIF 1.4 calls `field`; before 1.4, under its earlier name when it had one.
  std::string Field(const pugi::xml_node& n, std::string_view field) const {
    std::string v = Child(n, field);
    if (!v.empty() || minor_ >= 4) return v;
    for (const auto& [legacy, now] : kLegacyFields) {
      if (now != field) continue;
      v = Child(n, legacy);
      if (legacy != "other") return v;
      // `other` is free text; PFIF's rule reads it as the description only when it says so,
      // and keeps it otherwise (in raw).
      constexpr std::string_view kLead = "description:";
      if (!std::string_view(v).starts_with(kLead)) return {};
      size_t first = v.find_first_not_of(" \t\r\n", kLead.size());
      if (first == std::string::npos) return {};
      return v.substr(first, v.find_last_not_of(" \t\r\n") - first + 1);
    }
    return {};
  }

  std::string PersonName(const pugi::xml_node& n) const {
    std::string full = Child(n, "full_name");
    if (!full.empty()) return full;
    std::string given = Field(n, "given_name"), family = Field(n, "family_name");
    return family.empty() ? given : given.empty() ? family : family + " " + given;
  }

  void Unknown(const pugi::xml_node& n) { ++unknown_[n.name()]; }

  // Counts the children PFIF does not define (they stay in raw); our extension's `extension`
  // elements are read, not counted.
  void CheckChildren(const pugi::xml_node& n, std::span<const std::string_view> known,
                     std::span<const std::string_view> extension = {}) {
    for (auto c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view local = LocalName(c);
      bool pfif = std::string_view(c.name()).find(':') == std::string_view::npos ||
                  std::string_view(c.name()).starts_with("pfif:");
      if (!pfif && NamespaceOf(c) == kAftermathPfifNamespace &&
          std::find(extension.begin(), extension.end(), local) != extension.end()) {
        continue;
      }
      if (!pfif || std::find(known.begin(), known.end(), local) == known.end()) Unknown(c);
    }
  }

  // The note's element of our extension named `local`, or none.
  static pugi::xml_node Extension(const pugi::xml_node& n, std::string_view local) {
    for (auto c : n.children()) {
      if (c.type() == pugi::node_element && LocalName(c) == local &&
          std::string_view(c.name()).find(':') != std::string_view::npos &&
          NamespaceOf(c) == kAftermathPfifNamespace) {
        return c;
      }
    }
    return {};
  }

  ParsedRow Start(const pugi::xml_node& n) {
    ParsedRow row;
    row.line = LineOf(static_cast<size_t>(n.offset_debug()));
    return row;
  }

  void Fail(ParsedRow& row, std::string column, std::string message) {
    row.column = column;
    row.error = InvalidArgument(std::move(message), std::move(column));
  }

  void AddPerson(const pugi::xml_node& n) {
    CheckChildren(n, known_person_);
    ParsedRow row = Start(n);
    NewReport& r = row.report;
    r.external_id = Child(n, "person_record_id");
    r.full_name = PersonName(n);
    r.raw = XmlOf(n, true);
    row.person_key = r.external_id;
    row.person_key_is_external_id = true;
    row.observed_at_column = "source_date";
    rows_.push_back(std::move(row));
    ParsedRow& out = rows_.back();
    const std::string& id = out.report.external_id;
    if (id.empty()) return Fail(out, "person_record_id", "is required");
    if (!IsRecordId(id)) {
      return Fail(out, "person_record_id",
                  fmt::format("'{}' is not a record id (domain/id)", id.substr(0, 60)));
    }
    // Person Finder's placeholder of an expired record has no name: the importer tells it by
    // its expiry_date (and refuses a nameless record that has not expired).
    if (out.report.full_name.empty() && Child(n, "expiry_date").empty()) {
      return Fail(out, "full_name", "is required");
    }
    std::string sex = Child(n, "sex");
    if (sex == "male") {
      out.report.sex = Sex::kMale;
    } else if (sex == "female") {
      out.report.sex = Sex::kFemale;
    } else if (!sex.empty() && sex != "other") {
      return Fail(out, "sex", fmt::format("'{}' is not female, male or other", sex.substr(0, 20)));
    }
    if (std::string dob = Child(n, "date_of_birth"); !dob.empty()) {
      auto d = ParsePartialDate(dob);
      if (!d.ok()) return Fail(out, "date_of_birth", d.status().message());
      out.report.birth_date = *d;
    }
    if (std::string age = Child(n, "age"); !age.empty()) {
      int low = 0, high = 0;
      auto [p, ec] = std::from_chars(age.data(), age.data() + age.size(), low);
      if (ec == std::errc() && p != age.data() + age.size() && *p == '-') {
        auto [q, ec2] = std::from_chars(p + 1, age.data() + age.size(), high);
        if (ec2 != std::errc() || q != age.data() + age.size() || high < low) ec = std::errc::invalid_argument;
        p = q;
      } else {
        high = low;
      }
      if (ec != std::errc() || p != age.data() + age.size() || high > 150) {
        return Fail(out, "age", fmt::format("'{}' is not an age or a range (30-40)",
                                            age.substr(0, 20)));
      }
      out.report.approx_age = (low + high) / 2;
    }
    out.report.features = Field(n, "description");
    out.report.home_locality = Child(n, "home_city");
    // One name a line (PFIF 1.4, 2.5): the person's other spellings, searchable like the first.
    std::istringstream others(Child(n, "alternate_names"));
    for (std::string name; std::getline(others, name);) {
      auto first = name.find_first_not_of(" \t\r");
      if (first == std::string::npos) continue;
      name = name.substr(first, name.find_last_not_of(" \t\r") - first + 1);
      out.report.other_names.push_back(std::move(name));
    }
    for (auto field : {"source_date", "entry_date", "expiry_date"}) {
      if (std::string d = Child(n, field); !d.empty()) {
        auto t = PfifDate(d);
        if (!t.ok()) return Fail(out, field, t.status().message());
        std::string_view f(field);
        (f == "source_date"  ? out.report.observed_at
         : f == "entry_date" ? out.report.entered_at
                             : out.report.expires_at) = *t;
      }
    }
    // The name's parts, kept with the name (the person's names carry them).
    out.report.surname = Field(n, "family_name");
    out.report.given_names = Field(n, "given_name");
    out.report.pfif_kind = PfifKind::kPerson;
    pfif::Fields record;
    for (auto field : kPersonFields) {
      if (std::string v = Field(n, field); !v.empty()) record.emplace(std::string(field), v);
    }
    out.report.extension = ExtensionOf(record, out.report);
  }

  void AddNote(const pugi::xml_node& n, const std::string& parent_id) {
    CheckChildren(n, known_note_, kExtensionNoteFields);
    ParsedRow row = Start(n);
    NewReport& r = row.report;
    r.external_id = Child(n, "note_record_id");
    std::string person = Child(n, "person_record_id");
    if (person.empty()) person = parent_id;
    row.person_key = person;
    row.person_key_is_external_id = true;
    row.attach_only = true;
    row.person_key_column = "person_record_id";
    row.observed_at_column = "source_date";
    r.raw = XmlOf(n, false);
    r.location = Child(n, "last_known_location");
    r.notes = Child(n, "text");
    rows_.push_back(std::move(row));
    ParsedRow& out = rows_.back();
    if (out.report.external_id.empty()) return Fail(out, "note_record_id", "is required");
    if (!IsRecordId(out.report.external_id)) {
      return Fail(out, "note_record_id", fmt::format("'{}' is not a record id (domain/id)",
                                                     out.report.external_id.substr(0, 60)));
    }
    if (person.empty()) return Fail(out, "person_record_id", "is required");
    if (!parent_id.empty() && person != parent_id) {
      return Fail(out, "person_record_id", "differs from the enclosing person's");
    }
    // A person of this document, or one its source sent before (a notes-only feed): the
    // importer finds it, and rejects the note when neither has it (attach_only).
    if (auto name = names_.find(person); name != names_.end()) {
      out.report.full_name = name->second;
    }
    if (Child(n, "author_name").empty()) return Fail(out, "author_name", "is required");
    if (out.report.notes.empty()) return Fail(out, "text", "is required");
    std::string date = Child(n, "source_date");
    if (date.empty()) return Fail(out, "source_date", "is required");
    auto t = PfifDate(date);
    if (!t.ok()) return Fail(out, "source_date", t.status().message());
    out.report.observed_at = *t;
    std::optional<Timestamp> entered;
    if (std::string e = Child(n, "entry_date"); !e.empty()) {
      auto d = PfifDate(e);
      if (!d.ok()) return Fail(out, "entry_date", d.status().message());
      entered = *d;
    }
    std::string status = Child(n, "status");
    auto ours = FromPfifStatus(status);
    if (!ours) {
      return Fail(out, "status", fmt::format("'{}' is not a PFIF 1.4 status", status.substr(0, 40)));
    }
    out.report.status = *ours;
    std::string contact = Field(n, "author_made_contact");
    if (!contact.empty() && contact != "true" && contact != "false") {
      return Fail(out, minor_ < 4 && Child(n, "author_made_contact").empty()
                           ? "found"
                           : "author_made_contact",
                  "must be true or false");
    }
    // The author spoke with the person: alive, even when the note sets no status.
    if (contact == "true" && out.report.status == PersonStatus::kUnknown) {
      out.report.status = PersonStatus::kSafe;
    }
    // Written by an aftermath registry: the exact status and the facility (pfif_status.h).
    if (auto precise = Extension(n, "status")) {
      std::string v = precise.text().get();
      auto ours = ParsePersonStatus(v);
      if (!ours) {
        return Fail(out, "aftermath:status", fmt::format("'{}' is not one of: {}",
                                                         v.substr(0, 40), PersonStatusNames()));
      }
      if (!RefinesPfifStatus(*ours, out.report.status)) {
        return Fail(out, "aftermath:status",
                    fmt::format("'{}' contradicts the note's PFIF status '{}'", v,
                                status.substr(0, 40)));
      }
      out.report.status = *ours;
      std::string lead = *ours == PersonStatus::kUnknown
                             ? "reported"
                             : fmt::format("status: {}", ToString(*ours));
      std::string& text = out.report.notes;
      if (text == lead) {
        text.clear();
      } else if (text.starts_with(lead + "\n")) {
        text.erase(0, lead.size() + 1);
      }
    }
    if (auto facility = Extension(n, "facility")) {
      std::string f = facility.text().get();
      std::string& where = out.report.location;
      if (where == f) {
        where.clear();
      } else if (where.starts_with(f + ", ")) {
        where.erase(0, f.size() + 2);
      }
      out.report.facility = std::move(f);
    }
    out.report.entered_at = entered;
    out.report.pfif_kind = PfifKind::kNote;
    pfif::Fields record;
    for (auto field : kNoteFields) {
      if (std::string v = Field(n, field); !v.empty()) record.emplace(std::string(field), v);
    }
    record["person_record_id"] = person;
    for (auto field : pfif::kAftermathNoteFields) {
      if (auto e = Extension(n, field.substr(field.find(':') + 1))) {
        if (std::string v = e.text().get(); !v.empty()) record.emplace(std::string(field), v);
      }
    }
    out.report.extension = ExtensionOf(record, out.report);
  }

  std::string text_;
  std::vector<size_t> line_starts_{0};
  pugi::xml_document doc_;
  std::deque<ParsedRow> rows_;
  int minor_ = 4;  // PFIF 1.minor_, from the root's namespace
  std::vector<std::string_view> known_person_, known_note_;  // the version's fields
  std::map<std::string, std::string> names_;  // person_record_id -> name
  std::map<std::string, int> unknown_;  // inside records: kept in their raw
  std::map<std::string, int> outside_;  // between records: reported only
  std::vector<std::string> notes_;
};

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenPfifReader(std::istream& in, size_t max_bytes) {
  auto reader = std::make_unique<PfifReader>();
  RETURN_IF_ERROR(reader->Load(in, max_bytes));
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace aftermath::io
