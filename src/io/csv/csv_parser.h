// A streaming RFC 4180 reader: quoted fields with embedded delimiters, newlines and doubled
// quotes; CRLF or LF line ends; the encoding and the delimiter are detected from the first
// megabyte. Memory stays bounded by the chunk size plus the longest accepted record, whatever
// the size of the file.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "io/text/encoding.h"

namespace aftermath::io {

struct CsvOptions {
  char delimiter = 0;                  // 0: sniff among ',' ';' and tab
  std::optional<Encoding> encoding;    // nullopt: detect
  size_t max_record_bytes = 64 << 10;  // a longer record is skipped with an error
};

struct CsvRecord {
  size_t line = 0;  // the physical line (1-based) the record starts on
  std::vector<std::string> fields;  // UTF-8
  std::string raw;                  // the record's text in UTF-8, without its line end
  Status error;  // a record that could not be read (too long); fields are then empty
};

class CsvParser {
 public:
  // Reads the first chunk of `in` to detect the encoding and delimiter. `in` must outlive the
  // parser. Internal when ICU is broken; never fails on the file's content.
  static Result<std::unique_ptr<CsvParser>> Open(std::istream& in, const CsvOptions& options);

  // Reads the next record into `record`; false at the end of the input. Blank lines are skipped.
  // A record over max_record_bytes is returned with `error` set and reading resumes on the next
  // physical line. DataLoss when the stream fails.
  Result<bool> Next(CsvRecord& record);

  char delimiter() const { return delimiter_; }
  Encoding encoding() const { return decoder_.encoding(); }
  // Bytes of the input consumed so far (for progress).
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  CsvParser(std::istream& in, Decoder decoder, size_t max_record)
      : in_(in), decoder_(std::move(decoder)), max_record_(max_record) {}
  // Appends the next chunk of input to buf_; false at the end of the input.
  bool Fill();
  // The next character without consuming it; -1 at the end.
  int Peek();

  std::istream& in_;
  Decoder decoder_;
  size_t max_record_;
  char delimiter_ = ',';
  std::string buf_;  // decoded UTF-8 not yet consumed, from pos_
  size_t pos_ = 0;
  bool eof_ = false;
  bool failed_ = false;
  size_t line_ = 1;
  uint64_t bytes_read_ = 0;
};

// The delimiter (',' ';' or '\t') that splits the first lines of `text` most consistently.
char SniffDelimiter(std::string_view text);

}  // namespace aftermath::io
