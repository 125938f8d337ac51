#include "io/pfif/pfif_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <pugixml.hpp>
#include <span>
#include <sstream>
#include <utility>
#include <vector>

#include "io/pfif/pfif_record.h"
#include "io/pfif/pfif_rows.h"
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

  // A record's PFIF fields by their 1.4 names, read by its version's mapping (Field).
  pfif::Fields FieldsOf(const pugi::xml_node& n, std::span<const std::string_view> fields) const {
    pfif::Fields f;
    for (auto field : fields) {
      if (std::string v = Field(n, field); !v.empty()) f.emplace(std::string(field), v);
    }
    return f;
  }

  void AddPerson(const pugi::xml_node& n) {
    CheckChildren(n, known_person_);
    ParsedRow row = Start(n);
    row.report.raw = XmlOf(n, true);
    pfif::PersonRow(FieldsOf(n, kPersonFields), row);
    rows_.push_back(std::move(row));
  }

  void AddNote(const pugi::xml_node& n, const std::string& parent_id) {
    CheckChildren(n, known_note_, kExtensionNoteFields);
    ParsedRow row = Start(n);
    row.report.raw = XmlOf(n, false);
    pfif::Fields record = FieldsOf(n, kNoteFields);
    // Written by an aftermath registry: the exact status and the facility (pfif_status.h).
    for (auto field : pfif::kAftermathNoteFields) {
      if (auto e = Extension(n, field.substr(field.find(':') + 1))) {
        record[std::string(field)] = e.text().get();
      }
    }
    auto person = record.find("person_record_id");
    std::string person_id = person == record.end() ? parent_id : person->second;
    // A person of this document, or one its source sent before (a notes-only feed): the
    // importer finds it, and rejects the note when neither has it (attach_only).
    auto name = names_.find(person_id);
    pfif::NoteRow(record, parent_id, name == names_.end() ? "" : name->second,
                  minor_ < 4 && Child(n, "author_made_contact").empty() ? "found"
                                                                          : "author_made_contact",
                  row);
    rows_.push_back(std::move(row));
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
