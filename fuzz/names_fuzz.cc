// libFuzzer harness for the name parser and Compare (corpus-free). Build with clang:
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DAFTERMATH_FUZZ=ON \
//         -DAFTERMATH_BUILD_TESTS=OFF -DAFTERMATH_BUILD_BENCH=OFF
//   cmake --build build-fuzz --target names_fuzz && build-fuzz/src/names/names_fuzz
//   -max_total_time=300
// The input is split at the first NUL (or in half) into two names; both are parsed (whole
// words and prefix mode), compared both ways, and their index keys built. Invariants: no crash
// or sanitizer report, score in [0, 1]. (Symmetry is checked on real names by the unit and
// golden tests; on random bytes greedy tie-breaking may differ by direction.)
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "names/engine.h"

namespace {

using aftermath::names::NameEngine;

const NameEngine& Engine() {
  static const NameEngine* engine = new NameEngine(NameEngine::Create().value());
  return *engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t cut = input.find('\0');
  if (cut == std::string_view::npos) cut = size / 2;
  const std::string_view a = input.substr(0, cut);
  const std::string_view b = input.substr(std::min(size, cut + 1));
  const NameEngine& engine = Engine();
  aftermath::names::ParseOptions prefix;
  prefix.prefix = aftermath::names::PrefixMode::kLastTokenIsPrefix;
  auto pa = engine.Parse(a);
  auto pb = engine.Parse(b, prefix);
  if (pa.ok()) (void)engine.Keys(*pa).All();
  if (pa.ok() && pb.ok()) {
    const auto x = engine.Compare(*pa, *pb);
    const auto y = engine.Compare(*pb, *pa);
    if (!(x.score >= 0.f && x.score <= 1.f) || !(y.score >= 0.f && y.score <= 1.f)) std::abort();
  }
  return 0;
}
