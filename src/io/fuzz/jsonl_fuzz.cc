// libFuzzer harness for the JSON Lines reader. Corpus-free: build/io_jsonl_fuzz
// -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "io/jsonl/jsonl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto reader = aftermath::io::OpenJsonlReader(in);
  aftermath::ParsedRow row;
  while (true) {
    auto more = reader->Next(row);
    if (!more.ok() || !*more) break;
  }
  return 0;
}
