// libFuzzer harness for the CSV reader: any bytes must give rows or errors, never a crash, a
// hang or unbounded memory. Corpus-free: build/io_csv_fuzz -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "io/csv/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  // A small record limit reaches the too-long path on small inputs.
  auto reader = aftermath::io::OpenCsvReader(in, {.max_record_bytes = 256}, {});
  if (!reader.ok()) return 0;
  aftermath::ParsedRow row;
  for (int i = 0; i < 100000; ++i) {
    auto more = (*reader)->Next(row);
    if (!more.ok() || !*more) break;
  }
  return 0;
}
