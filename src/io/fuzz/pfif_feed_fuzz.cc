// libFuzzer harness for what `aftermath pfif sync` reads from another registry: a page of an
// Atom feed of PFIF records, read for its paging and then as PFIF rows and notes. Corpus-free:
// build/io_pfif_feed_fuzz -max_total_time=60; seeded with src/io/fuzz/seeds/ (copy it to a
// scratch corpus directory first) it reaches far more of the reader.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "io/pfif/pfif_feed.h"
#include "io/pfif/pfif_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)aftermath::io::ReadPfifFeedPage(text);
  std::istringstream in(text);
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
