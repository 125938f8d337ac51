// libFuzzer harness for the PFIF reader. Corpus-free: build/io_pfif_fuzz -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "io/pfif/pfif_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto reader = aftermath::io::OpenPfifReader(in, 1 << 20);
  if (!reader.ok()) return 0;
  aftermath::ParsedRow row;
  while (true) {
    auto more = (*reader)->Next(row);
    if (!more.ok() || !*more) break;
  }
  (void)(*reader)->notes();
  return 0;
}
