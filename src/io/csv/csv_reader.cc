#include "io/csv/csv_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "io/csv/formula_guard.h"
#include "io/pfif/pfif_record.h"
#include "io/pfif/pfif_rows.h"

namespace aftermath::io {
namespace {

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

class CsvRecordReader : public RecordReader {
 public:
  CsvRecordReader(std::unique_ptr<CsvParser> parser, ColumnMap map)
      : parser_(std::move(parser)), map_(std::move(map)) {}

  Result<bool> Next(ParsedRow& row) override {
    if (!header_read_) RETURN_IF_ERROR(ReadHeader());
    while (true) {
      row = ParsedRow();
      ASSIGN_OR_RETURN(bool more, parser_->Next(record_));
      if (!more) return false;
      row.line = record_.line;
      if (!record_.error.ok()) {
        row.error = record_.error;
        return true;
      }
      bool blank = true;
      for (const auto& f : record_.fields) blank = blank && TrimView(f).empty();
      if (blank) continue;
      if (pfif_kind_ == PfifKind::kNone) {
        MapRow(row);
      } else {
        MapPfifRow(row);
      }
      return true;
    }
  }

  uint64_t bytes_read() const override { return parser_->bytes_read(); }
  std::vector<std::string> notes() const override { return notes_; }

 private:
  Status ReadHeader() {
    while (true) {
      ASSIGN_OR_RETURN(bool more, parser_->Next(record_));
      if (!more) return InvalidArgument("the file is empty: no header row");
      if (!record_.error.ok()) {
        return InvalidArgument(fmt::format("line {}: the header row cannot be read: {}",
                                           record_.line, record_.error.message()));
      }
      break;
    }
    header_ = record_.fields;
    for (auto& h : header_) h = std::string(TrimView(h));
    header_read_ = true;
    if (ReadPfifHeader()) return Status::Ok();
    auto columns = MapHeader(header_, map_);
    if (!columns.ok()) {
      return InvalidArgument(fmt::format("line {}: {}", record_.line, columns.status().message()));
    }
    columns_ = std::move(*columns);
    std::string mapped;
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i] == Column::kUnknown) {
        notes_.push_back(fmt::format("column {} '{}' not recognised: kept in raw only", i + 1,
                                     header_[i].substr(0, 60)));
      } else if (columns_[i] != Column::kIgnore) {
        mapped += fmt::format("{}{}", mapped.empty() ? "" : ", ", ToString(columns_[i]));
      }
    }
    notes_.insert(notes_.begin(),
                  fmt::format("encoding {}, delimiter '{}', columns: {}",
                              ToString(parser_->encoding()),
                              parser_->delimiter() == '\t' ? "\\t"
                                                           : std::string(1, parser_->delimiter()),
                              mapped));
    return Status::Ok();
  }

  // Person Finder's CSV: the columns are PFIF's field names (a person_record_id column: a
  // person a row; a note_record_id column: a note a row, a notes-only file included), read as
  // PFIF records are. False for any other header.
  bool ReadPfifHeader() {
    // PFIF 1.1-1.3 names Person Finder's importer still takes (PFIF's mapping to 1.4).
    constexpr std::pair<std::string_view, std::string_view> kLegacy[] = {
        {"first_name", "given_name"},
        {"last_name", "family_name"},
        {"home_zip", "home_postal_code"},
        {"found", "author_made_contact"}};
    // Headers are compared folded (FoldKey: any case, '_' as ' ').
    bool person = false, note = false;
    for (const auto& h : header_) {
      person = person || FoldKey(h) == FoldKey("person_record_id");
      note = note || FoldKey(h) == FoldKey("note_record_id");
    }
    if (!person && !note) return false;
    pfif_kind_ = note ? PfifKind::kNote : PfifKind::kPerson;
    std::span<const std::string_view> known = pfif::kPersonFields;
    if (note) known = pfif::kNoteFields;
    std::string used;
    for (size_t i = 0; i < header_.size(); ++i) {
      std::string folded = FoldKey(header_[i]);
      std::string key;
      for (const auto& [legacy, now] : kLegacy) {
        if (folded == FoldKey(legacy)) key = now;
      }
      for (auto field : known) {
        if (folded == FoldKey(field)) key = field;
      }
      bool is_field = !key.empty();
      pfif_fields_.push_back(is_field ? key : "");
      if (is_field) {
        used += fmt::format("{}{}", used.empty() ? "" : ", ", key);
      } else {
        notes_.push_back(fmt::format("column {} '{}' is not a PFIF {} field: kept in raw only",
                                     i + 1, header_[i].substr(0, 60), ToString(pfif_kind_)));
      }
    }
    notes_.insert(notes_.begin(),
                  fmt::format("encoding {}, delimiter '{}', Person Finder's PFIF {} columns: {}",
                              ToString(parser_->encoding()),
                              parser_->delimiter() == '\t' ? "\\t"
                                                           : std::string(1, parser_->delimiter()),
                              ToString(pfif_kind_), used));
    return true;
  }

  void MapPfifRow(ParsedRow& row) {
    auto& fields = record_.fields;
    while (fields.size() > pfif_fields_.size() && TrimView(fields.back()).empty()) {
      fields.pop_back();
    }
    if (fields.size() != pfif_fields_.size()) {
      row.column = ColumnName(std::min(fields.size(), pfif_fields_.size()));
      row.error = InvalidArgument(fmt::format(
          "the row has {} fields, the header {} (a stray delimiter or a line break outside "
          "quotes?)", fields.size(), pfif_fields_.size()));
      return;
    }
    pfif::Fields record;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (pfif_fields_[i].empty()) continue;
      std::string value(RestoreNeutralised(TrimView(fields[i])));
      if (!value.empty()) record[pfif_fields_[i]] = std::move(value);
    }
    if (pfif_kind_ == PfifKind::kPerson) {
      pfif::PersonRow(record, row);
    } else {
      pfif::NoteRow(record, "", "", "author_made_contact", row);
    }
    row.report.raw = record_.raw;
  }

  std::string ColumnName(size_t i) const {
    if (i < header_.size() && !header_[i].empty()) return header_[i].substr(0, 80);
    return fmt::format("column {}", i + 1);
  }

  void MapRow(ParsedRow& row) {
    auto& fields = record_.fields;
    // Excel pads rows with empty cells; text in extra cells is a real mistake.
    while (fields.size() > columns_.size() && TrimView(fields.back()).empty()) fields.pop_back();
    if (fields.size() != columns_.size()) {
      row.column = ColumnName(std::min(fields.size(), columns_.size()));
      row.error = InvalidArgument(fmt::format(
          "the row has {} fields, the header {} (a stray delimiter or a line break outside "
          "quotes?)", fields.size(), columns_.size()));
      return;
    }
    NewReport& r = row.report;
    std::string surname, given, patronymic;
    for (size_t i = 0; i < fields.size(); ++i) {
      std::string value(RestoreNeutralised(TrimView(fields[i])));
      Status s;
      switch (columns_[i]) {
        case Column::kIgnore:
        case Column::kUnknown: break;
        case Column::kExternalId: r.external_id = std::move(value); break;
        case Column::kSurname: surname = std::move(value); break;
        case Column::kGivenName: given = std::move(value); break;
        case Column::kPatronymic: patronymic = std::move(value); break;
        case Column::kFullName: r.full_name = std::move(value); break;
        case Column::kBirthDate:
          if (!value.empty()) {
            auto d = ParseListDate(value);
            if (d.ok()) r.birth_date = *d; else s = d.status();
          }
          break;
        case Column::kAge:
          if (!value.empty()) {
            auto a = ParseListAge(value);
            if (a.ok()) r.approx_age = *a; else s = a.status();
          }
          break;
        case Column::kSex: {
          auto v = ParseListSex(value);
          if (v.ok()) r.sex = *v; else s = v.status();
          break;
        }
        case Column::kStatus: {
          auto v = ParseListStatus(value);
          if (v.ok()) r.status = *v; else s = v.status();
          break;
        }
        case Column::kFacility: r.facility = std::move(value); break;
        case Column::kLocation: r.location = std::move(value); break;
        case Column::kFeatures: r.features = std::move(value); break;
        case Column::kNotes: r.notes = std::move(value); break;
      }
      if (!s.ok()) {
        row.column = ColumnName(i);
        row.error = s;
        return;
      }
    }
    if (r.full_name.empty()) {
      for (const auto* part : {&surname, &given, &patronymic}) {
        if (part->empty()) continue;
        if (!r.full_name.empty()) r.full_name += ' ';
        r.full_name += *part;
      }
    }
    r.raw = record_.raw;
    if (r.external_id.empty()) r.external_id = DerivedExternalId(record_.raw, record_.line);
  }

  std::unique_ptr<CsvParser> parser_;
  ColumnMap map_;
  std::vector<std::string> header_;
  std::vector<Column> columns_;
  bool header_read_ = false;
  PfifKind pfif_kind_ = PfifKind::kNone;  // Person Finder's CSV: its records' kind
  std::vector<std::string> pfif_fields_;  // its columns' PFIF field names ("": not one)
  std::vector<std::string> notes_;
  CsvRecord record_;
};

}  // namespace

std::string DerivedExternalId(std::string_view raw, size_t line) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : raw) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return fmt::format("row-{:016x}-{}", h, line);
}

Result<std::unique_ptr<RecordReader>> OpenCsvReader(std::istream& in, const CsvOptions& options,
                                                    ColumnMap map) {
  ASSIGN_OR_RETURN(auto parser, CsvParser::Open(in, options));
  return std::unique_ptr<RecordReader>(new CsvRecordReader(std::move(parser), std::move(map)));
}

}  // namespace aftermath::io
