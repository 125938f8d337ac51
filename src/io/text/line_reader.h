// Reads lines from a stream with a bound on their length, so one enormous line costs an error,
// not the memory to hold it.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "common/status.h"

namespace aftermath::io {

class LineReader {
 public:
  // REQUIRES: `in` outlives the reader.
  LineReader(std::istream& in, size_t max_line) : in_(in), max_line_(max_line) {}

  // Reads the next line (without "\n" or "\r\n") into `line`; false at the end. A line longer
  // than max_line is skipped whole and comes back empty with `too_long` set. DataLoss when the
  // stream fails.
  Result<bool> Next(std::string& line, bool& too_long);
  // The line number of the line last returned (1-based).
  size_t line_number() const { return line_number_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  bool Fill();

  std::istream& in_;
  size_t max_line_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  size_t line_number_ = 0;
  uint64_t bytes_read_ = 0;
};

}  // namespace aftermath::io
