#include <algorithm>
#include <boost/json.hpp>
#include <unordered_set>

#include "io/export/record_writer.h"
#include "io/json_text.h"

namespace aftermath::io {
namespace {

void PutSource(boost::json::object& o, const Source& s) {
  o["source"] = s.name;
  o["source_kind"] = ToString(s.kind);
  o["source_trust"] = s.trust;
  if (!s.region.empty()) o["source_region"] = s.region;
}

class JsonlWriter : public RecordWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}

  std::string_view format() const override { return "jsonl"; }
  bool ok() const override { return static_cast<bool>(out_); }
  void End() override { out_.flush(); }

  // In name order, so two exports of the same registry are the same bytes.
  void WriteSources(const SourceMap& sources) override {
    std::vector<const Source*> list;
    for (const auto& [id, s] : sources) list.push_back(&s);
    std::sort(list.begin(), list.end(),
              [](const Source* a, const Source* b) { return a->name < b->name; });
    for (const Source* s : list) {
      boost::json::object o;
      o["record"] = "source";
      PutSource(o, *s);
      out_ << JsonText(o) << '\n';
    }
  }

  bool WantsPersonsWithoutReports() const override { return true; }

  // The person as recorded: every name in order, with the source that wrote it (none for a
  // name entered by hand), and the details a report does not carry. The status is derived
  // from the reports again on import.
  void WritePerson(const Person& p, const SourceMap& sources) override {
    boost::json::object o;
    o["record"] = "person";
    o["person_key"] = p.id;
    boost::json::array names;
    for (const auto& n : p.names) {
      boost::json::object name;
      name["full_name"] = n.full_name;
      if (!n.source_id.empty()) {
        auto it = sources.find(n.source_id);
        name["source"] = it == sources.end() ? n.source_id : it->second.name;
      }
      if (!n.surname.empty()) name["surname"] = n.surname;
      if (!n.given_names.empty()) name["given_names"] = n.given_names;
      if (!n.patronymic.empty()) name["patronymic"] = n.patronymic;
      names.push_back(std::move(name));
    }
    if (!names.empty()) o["names"] = std::move(names);
    if (p.sex != Sex::kUnknown) o["sex"] = ToString(p.sex);
    if (!p.birth_date.empty()) o["birth_date"] = p.birth_date.ToString();
    if (p.approx_age) o["approx_age"] = *p.approx_age;
    if (!p.home_locality.empty()) o["home_locality"] = p.home_locality;
    if (!p.features.empty()) o["features"] = p.features;
    out_ << JsonText(o) << '\n';
  }

  bool WantsStatusEvents() const override { return true; }
  void SetReportEvents(std::vector<StatusEvent> events) override { events_ = std::move(events); }

  void Write(const Person& person, const Report& r, const SourceMap& sources) override {
    if (written_.insert(person.id).second) WritePerson(person, sources);
    boost::json::object o;
    if (auto it = sources.find(r.source_id); it != sources.end()) PutSource(o, it->second);
    o["person_key"] = person.id;
    o["report_id"] = r.id;
    auto put = [&o](const char* key, const std::string& v) {
      if (!v.empty()) o[key] = v;
    };
    put("external_id", r.external_id);
    put("full_name", r.name.full_name);
    if (r.sex != Sex::kUnknown) o["sex"] = ToString(r.sex);
    if (!r.birth_date.empty()) o["birth_date"] = r.birth_date.ToString();
    if (r.approx_age) o["approx_age"] = *r.approx_age;
    put("features", r.features);
    if (r.status != PersonStatus::kUnknown) o["status"] = ToString(r.status);
    put("facility", r.facility);
    put("location", r.location);
    o["observed_at"] = FormatTimestamp(r.observed_at);
    o["received_at"] = FormatTimestamp(r.received_at);
    put("notes", r.notes);
    put("raw", r.raw);
    // The name's parts as the source gave them, and a PFIF record's kind, dates and extension
    // (the PFIF export writes a copied record back from them: io/pfif/pfif_record.h).
    put("surname", r.name.surname);
    put("given_names", r.name.given_names);
    if (r.pfif_kind != PfifKind::kNone) o["pfif_kind"] = ToString(r.pfif_kind);
    if (r.entered_at) o["pfif_entry_date"] = FormatTimestamp(*r.entered_at);
    if (r.expires_at) o["pfif_expiry_date"] = FormatTimestamp(*r.expires_at);
    put("pfif_extension", r.extension);
    // A report's status history, when it is more than the one event its present state makes
    // (a report its source corrected): every event, oldest first.
    bool natural = r.status == PersonStatus::kUnknown
                       ? events_.empty()
                       : events_.size() == 1 && events_[0].status == r.status &&
                             events_[0].facility == r.facility &&
                             events_[0].observed_at == r.observed_at;
    if (!natural) {
      boost::json::array history;
      for (const auto& e : events_) {
        boost::json::object h;
        h["status"] = ToString(e.status);
        if (!e.facility.empty()) h["facility"] = e.facility;
        h["observed_at"] = FormatTimestamp(e.observed_at);
        history.push_back(std::move(h));
      }
      o["status_history"] = std::move(history);
    }
    events_.clear();
    out_ << JsonText(o) << '\n';
  }

 private:
  std::ostream& out_;
  std::unordered_set<std::string> written_;  // persons whose line is written
  std::vector<StatusEvent> events_;           // of the next report
};

}  // namespace

std::unique_ptr<RecordWriter> MakeJsonlWriter(std::ostream& out) {
  return std::make_unique<JsonlWriter>(out);
}

}  // namespace aftermath::io
