#include "io/text/line_reader.h"

#include <cstring>

namespace aftermath::io {

constexpr size_t kChunk = 256 << 10;

bool LineReader::Fill() {
  if (eof_) return false;
  buf_.erase(0, pos_);
  pos_ = 0;
  size_t old = buf_.size();
  buf_.resize(old + kChunk);
  in_.read(buf_.data() + old, static_cast<std::streamsize>(kChunk));
  auto n = static_cast<size_t>(in_.gcount());
  buf_.resize(old + n);
  bytes_read_ += n;
  if (!in_) eof_ = true;
  return n > 0;
}

Result<bool> LineReader::Next(std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  size_t scanned = pos_;
  while (true) {
    size_t nl = buf_.find('\n', scanned);
    if (nl != std::string::npos) {
      ++line_number_;
      if (!too_long) line.assign(buf_, pos_, nl - pos_);
      pos_ = nl + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
    if (!too_long && buf_.size() - pos_ > max_line_) {
      too_long = true;
    }
    if (too_long) {
      pos_ = buf_.size();  // drop what we have of the long line
    }
    scanned = buf_.size() - pos_;  // after Fill() compacts, resume the search here
    if (!Fill()) {
      if (in_.bad()) return DataLoss("reading the input failed");
      if (pos_ >= buf_.size() && !too_long) return false;
      ++line_number_;
      if (!too_long) line.assign(buf_, pos_, std::string::npos);
      pos_ = buf_.size();
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
  }
}

}  // namespace aftermath::io
