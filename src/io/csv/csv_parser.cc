#include "io/csv/csv_parser.h"

#include <fmt/format.h>

#include <array>

namespace aftermath::io {
namespace {

constexpr size_t kChunk = 256 << 10;
constexpr size_t kSample = 1 << 20;

// Counts of `delim` outside quotes on each of the first lines of `text`.
std::vector<int> CountsPerLine(std::string_view text, char delim, size_t max_lines) {
  std::vector<int> counts(1, 0);
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') {
      if (counts.size() == max_lines) break;
      counts.push_back(0);
    } else if (c == delim) {
      ++counts.back();
    }
  }
  return counts;
}

}  // namespace

char SniffDelimiter(std::string_view text) {
  // Semicolon first: Excel in a Russian locale writes ';' and decimal commas in the data.
  constexpr std::array<char, 3> kCandidates = {';', '\t', ','};
  char best = ',';
  long best_score = 0;
  for (char d : kCandidates) {
    auto counts = CountsPerLine(text, d, 20);
    int header = counts[0];
    if (header == 0) continue;
    long consistent = 0, lines = 0;
    for (size_t i = 1; i < counts.size(); ++i) {
      if (counts[i] == 0 && i + 1 == counts.size()) continue;  // trailing partial or empty line
      ++lines;
      consistent += counts[i] == header;
    }
    // Consistency across lines matters most; then the number of columns it yields.
    long score = (lines == 0 ? 1 : consistent * 2 >= lines ? 2 : 0) * 1000 + header;
    if (score > best_score) {
      best_score = score;
      best = d;
    }
  }
  return best;
}

Result<std::unique_ptr<CsvParser>> CsvParser::Open(std::istream& in, const CsvOptions& options) {
  std::string sample(kSample, '\0');
  in.read(sample.data(), static_cast<std::streamsize>(sample.size()));
  sample.resize(static_cast<size_t>(in.gcount()));
  Encoding encoding = options.encoding ? *options.encoding : DetectEncoding(sample);
  ASSIGN_OR_RETURN(Decoder decoder, Decoder::Create(encoding));
  std::unique_ptr<CsvParser> p(new CsvParser(in, std::move(decoder), options.max_record_bytes));
  p->bytes_read_ = sample.size();
  std::string_view body = sample;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  p->decoder_.Append(body, p->buf_);
  if (!in) p->eof_ = true;
  p->delimiter_ = options.delimiter ? options.delimiter : SniffDelimiter(p->buf_);
  return p;
}

bool CsvParser::Fill() {
  if (eof_) return false;
  buf_.erase(0, pos_);
  pos_ = 0;
  std::string chunk(kChunk, '\0');
  in_.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  auto n = static_cast<size_t>(in_.gcount());
  if (!in_) {
    eof_ = true;
    failed_ = in_.bad();
  }
  bytes_read_ += n;
  decoder_.Append(std::string_view(chunk.data(), n), buf_);
  return n > 0;
}

int CsvParser::Peek() {
  while (pos_ >= buf_.size()) {
    if (!Fill()) return -1;
  }
  return static_cast<unsigned char>(buf_[pos_]);
}

Result<bool> CsvParser::Next(CsvRecord& record) {
  record.fields.clear();
  record.raw.clear();
  record.error = Status::Ok();
  record.line = line_;
  std::string field;
  bool in_quotes = false;
  bool quoted = false;  // the current field began with a quote
  bool too_long = false;
  bool any = false;  // anything read for this record
  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    quoted = false;
  };
  while (true) {
    int next = Peek();
    if (next < 0) {
      if (failed_) return DataLoss(fmt::format("reading the input failed near line {}", line_));
      if (!any) return false;
      if (too_long) return true;
      if (in_quotes) {
        record.error = InvalidArgument(
            fmt::format("a quoted field opened on line {} is never closed", record.line));
        record.fields.clear();
        return true;
      }
      end_field();
      return true;
    }
    char c = static_cast<char>(next);
    ++pos_;
    any = true;
    if (too_long) {
      if (c == '\n') {
        ++line_;
        return true;
      }
      continue;
    }
    if (c != '\n' && c != '\r') record.raw.push_back(c);
    if (record.raw.size() > max_record_) {
      too_long = true;
      in_quotes = false;
      record.fields.clear();
      record.raw.clear();
      field.clear();
      record.error = InvalidArgument(fmt::format(
          "the record is longer than {} bytes (an unclosed quote or not a CSV file?); skipped "
          "to the next line", max_record_));
      continue;
    }
    if (in_quotes) {
      if (c == '"') {
        if (Peek() == '"') {
          ++pos_;
          record.raw.push_back('"');
          field.push_back('"');
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') {
          ++line_;
          record.raw.push_back('\n');
        } else if (c == '\r') {
          if (Peek() == '\n') continue;  // CRLF inside a field is a newline
          record.raw.push_back('\r');
        }
        field.push_back(c == '\r' ? '\n' : c);
      }
      continue;
    }
    if (c == delimiter_) {
      end_field();
    } else if (c == '"' && field.empty() && !quoted) {
      in_quotes = true;
      quoted = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && Peek() == '\n') ++pos_;
      ++line_;
      if (record.fields.empty() && field.empty() && !quoted) {
        // A blank line: not a record.
        record.line = line_;
        any = false;
        continue;
      }
      end_field();
      return true;
    } else {
      field.push_back(c);
    }
  }
}

}  // namespace aftermath::io
