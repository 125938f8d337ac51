#include "io/pfif/pfif_rows.h"

#include <fmt/format.h>

#include <charconv>
#include <sstream>

#include "io/pfif/pfif_status.h"

namespace aftermath::io::pfif {
namespace {

std::string Get(const Fields& f, std::string_view name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

void Fail(ParsedRow& row, std::string column, std::string message) {
  row.column = column;
  row.error = InvalidArgument(std::move(message), std::move(column));
}

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
std::string ExtensionOf(const Fields& record, const NewReport& in) {
  Fields columns = ColumnFields(AsKept(in), in.observed_at.has_value());
  // Without a source_date the registry gives the report its arrival as observed_at, which the
  // export must not then write as the record's source_date.
  if (!in.observed_at) columns["source_date"] = "(arrival)";
  return MakeExtension(record, columns);
}

// A date field into `to`; false (with the row's error) when it is not a PFIF date.
bool ReadDate(const Fields& f, std::string_view name, std::optional<Timestamp>& to,
              ParsedRow& row) {
  std::string d = Get(f, name);
  if (d.empty()) return true;
  auto t = ParseDate(d);
  if (!t.ok()) {
    Fail(row, std::string(name), std::string(t.status().message()));
    return false;
  }
  to = *t;
  return true;
}

}  // namespace

bool IsRecordId(std::string_view id) {
  size_t slash = id.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == id.size()) return false;
  for (char c : id.substr(0, slash)) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return false;
  }
  return id.size() <= 200;
}

std::string PersonNameOf(const Fields& record) {
  std::string full = Get(record, "full_name");
  if (!full.empty()) return full;
  std::string given = Get(record, "given_name"), family = Get(record, "family_name");
  return family.empty() ? given : given.empty() ? family : family + " " + given;
}

void PersonRow(const Fields& f, ParsedRow& out) {
  NewReport& r = out.report;
  r.external_id = Get(f, "person_record_id");
  r.full_name = PersonNameOf(f);
  out.person_key = r.external_id;
  out.person_key_is_external_id = true;
  out.observed_at_column = "source_date";
  const std::string& id = r.external_id;
  if (id.empty()) return Fail(out, "person_record_id", "is required");
  if (!IsRecordId(id)) {
    return Fail(out, "person_record_id",
                fmt::format("'{}' is not a record id (domain/id)", id.substr(0, 60)));
  }
  // Person Finder's placeholder of an expired record has no name: the importer tells it by
  // its expiry_date (and refuses a nameless record that has not expired).
  if (r.full_name.empty() && Get(f, "expiry_date").empty()) {
    return Fail(out, "full_name", "is required");
  }
  std::string sex = Get(f, "sex");
  if (sex == "male") {
    r.sex = Sex::kMale;
  } else if (sex == "female") {
    r.sex = Sex::kFemale;
  } else if (!sex.empty() && sex != "other") {
    return Fail(out, "sex", fmt::format("'{}' is not female, male or other", sex.substr(0, 20)));
  }
  if (std::string dob = Get(f, "date_of_birth"); !dob.empty()) {
    auto d = ParsePartialDate(dob);
    if (!d.ok()) return Fail(out, "date_of_birth", std::string(d.status().message()));
    r.birth_date = *d;
  }
  if (std::string age = Get(f, "age"); !age.empty()) {
    int low = 0, high = 0;
    const char* end = age.data() + age.size();
    auto [p, ec] = std::from_chars(age.data(), end, low);
    if (ec == std::errc() && p != end && *p == '-') {
      auto [q, ec2] = std::from_chars(p + 1, end, high);
      if (ec2 != std::errc() || q != end || high < low) ec = std::errc::invalid_argument;
      p = q;
    } else {
      high = low;
    }
    if (ec != std::errc() || p != end || high > 150) {
      return Fail(out, "age",
                  fmt::format("'{}' is not an age or a range (30-40)", age.substr(0, 20)));
    }
    r.approx_age = (low + high) / 2;
  }
  r.features = Get(f, "description");
  r.home_locality = Get(f, "home_city");
  // One name a line (PFIF 1.4, 2.5): the person's other spellings, searchable like the first.
  std::istringstream others(Get(f, "alternate_names"));
  for (std::string name; std::getline(others, name);) {
    auto first = name.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    name = name.substr(first, name.find_last_not_of(" \t\r") - first + 1);
    r.other_names.push_back(std::move(name));
  }
  if (!ReadDate(f, "source_date", r.observed_at, out) ||
      !ReadDate(f, "entry_date", r.entered_at, out) ||
      !ReadDate(f, "expiry_date", r.expires_at, out)) {
    return;
  }
  // The name's parts, kept with the name (the person's names carry them).
  r.surname = Get(f, "family_name");
  r.given_names = Get(f, "given_name");
  r.pfif_kind = PfifKind::kPerson;
  r.extension = ExtensionOf(f, r);
}

void NoteRow(const Fields& given, const std::string& parent_id, const std::string& person_name,
             std::string_view contact_column, ParsedRow& out) {
  Fields f = given;
  NewReport& r = out.report;
  r.external_id = Get(f, "note_record_id");
  std::string person = Get(f, "person_record_id");
  if (person.empty()) person = parent_id;
  f["person_record_id"] = person;
  out.person_key = person;
  out.person_key_is_external_id = true;
  out.attach_only = true;
  out.person_key_column = "person_record_id";
  out.observed_at_column = "source_date";
  r.location = Get(f, "last_known_location");
  r.notes = Get(f, "text");
  if (r.external_id.empty()) return Fail(out, "note_record_id", "is required");
  if (!IsRecordId(r.external_id)) {
    return Fail(out, "note_record_id",
                fmt::format("'{}' is not a record id (domain/id)", r.external_id.substr(0, 60)));
  }
  if (person.empty()) return Fail(out, "person_record_id", "is required");
  if (!parent_id.empty() && person != parent_id) {
    return Fail(out, "person_record_id", "differs from the enclosing person's");
  }
  r.full_name = person_name;
  if (Get(f, "author_name").empty()) return Fail(out, "author_name", "is required");
  if (r.notes.empty()) return Fail(out, "text", "is required");
  if (Get(f, "source_date").empty()) return Fail(out, "source_date", "is required");
  if (!ReadDate(f, "source_date", r.observed_at, out) ||
      !ReadDate(f, "entry_date", r.entered_at, out)) {
    return;
  }
  std::string status = Get(f, "status");
  auto ours = FromPfifStatus(status);
  if (!ours) {
    return Fail(out, "status", fmt::format("'{}' is not a PFIF 1.4 status", status.substr(0, 40)));
  }
  r.status = *ours;
  std::string contact = Get(f, "author_made_contact");
  if (!contact.empty() && contact != "true" && contact != "false") {
    return Fail(out, std::string(contact_column), "must be true or false");
  }
  // The author spoke with the person: alive, even when the note sets no status.
  if (contact == "true" && r.status == PersonStatus::kUnknown) r.status = PersonStatus::kSafe;
  // Written by an aftermath registry: the exact status and the facility (pfif_status.h).
  if (auto precise = f.find("aftermath:status"); precise != f.end()) {
    const std::string& v = precise->second;
    auto exact = ParsePersonStatus(v);
    if (!exact) {
      return Fail(out, "aftermath:status",
                  fmt::format("'{}' is not one of: {}", v.substr(0, 40), PersonStatusNames()));
    }
    if (!RefinesPfifStatus(*exact, r.status)) {
      return Fail(
          out, "aftermath:status",
          fmt::format("'{}' contradicts the note's PFIF status '{}'", v, status.substr(0, 40)));
    }
    r.status = *exact;
    std::string lead =
        *exact == PersonStatus::kUnknown ? "reported" : fmt::format("status: {}", ToString(*exact));
    if (r.notes == lead) {
      r.notes.clear();
    } else if (r.notes.starts_with(lead + "\n")) {
      r.notes.erase(0, lead.size() + 1);
    }
  }
  if (auto facility = f.find("aftermath:facility"); facility != f.end()) {
    const std::string& where_facility = facility->second;
    std::string& where = r.location;
    if (where == where_facility) {
      where.clear();
    } else if (where.starts_with(where_facility + ", ")) {
      where.erase(0, where_facility.size() + 2);
    }
    r.facility = where_facility;
  }
  r.pfif_kind = PfifKind::kNote;
  // Empty elements of our extension say nothing: the record is as if without them.
  std::erase_if(f, [](const auto& kv) { return kv.second.empty(); });
  r.extension = ExtensionOf(f, r);
}

}  // namespace aftermath::io::pfif
