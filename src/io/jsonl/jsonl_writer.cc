#include <boost/json.hpp>

#include "io/export/record_writer.h"
#include "io/json_text.h"

namespace aftermath::io {
namespace {

class JsonlWriter : public RecordWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}

  void Write(const Person& person, const Report& r, const SourceMap& sources) override {
    {
      boost::json::object o;
      if (auto it = sources.find(r.source_id); it != sources.end()) {
        o["source"] = it->second.name;
        o["source_kind"] = ToString(it->second.kind);
        o["source_trust"] = it->second.trust;
        if (!it->second.region.empty()) o["source_region"] = it->second.region;
      }
      o["person_key"] = person.id;
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
      put("notes", r.notes);
      put("raw", r.raw);
      out_ << JsonText(o) << '\n';
    }
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<RecordWriter> MakeJsonlWriter(std::ostream& out) {
  return std::make_unique<JsonlWriter>(out);
}

}  // namespace aftermath::io
