#include "io/export/record_writer.h"

#include "io/csv/formula_guard.h"

namespace aftermath::io {
namespace {

void Field(std::ostream& out, std::string_view value, bool first = false) {
  if (!first) out << ',';
  bool formula = StartsLikeAFormula(value);
  std::string text = NeutraliseFormula(value);
  std::string_view v = text;
  if (!formula && v.find_first_of(",\"\n\r") == std::string_view::npos) {
    out << v;
    return;
  }
  out << '"';
  for (char c : v) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

class CsvWriter : public RecordWriter {
 public:
  explicit CsvWriter(std::ostream& out) : out_(out) {}

  std::string_view format() const override { return "csv"; }
  bool ok() const override { return static_cast<bool>(out_); }
  void End() override { out_.flush(); }

  void Begin() override {
    out_ << "\xEF\xBB\xBF"
         << "external_id,full_name,sex,birth_date,age,status,facility,location,features,notes,"
            "source,person_id,observed_at\r\n";
  }

  void Write(const Person& person, const Report& r, const SourceMap& sources) override {
    {
      auto source = sources.find(r.source_id);
      Field(out_, r.external_id, true);
      Field(out_, r.name.full_name);
      Field(out_, r.sex == Sex::kUnknown ? "" : ToString(r.sex));
      Field(out_, r.birth_date.empty() ? "" : r.birth_date.ToString());
      Field(out_, r.approx_age ? std::to_string(*r.approx_age) : "");
      Field(out_, r.status == PersonStatus::kUnknown ? "" : ToString(r.status));
      Field(out_, r.facility);
      Field(out_, r.location);
      Field(out_, r.features);
      Field(out_, r.notes);
      Field(out_, source == sources.end() ? r.source_id : source->second.name);
      Field(out_, person.id);
      Field(out_, FormatTimestamp(r.observed_at));
      out_ << "\r\n";
    }
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<RecordWriter> MakeCsvWriter(std::ostream& out) {
  return std::make_unique<CsvWriter>(out);
}

}  // namespace aftermath::io
