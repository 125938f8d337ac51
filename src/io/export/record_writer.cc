#include "io/export/record_writer.h"

namespace aftermath::io {

std::unique_ptr<RecordWriter> MakeWriter(Format format, std::ostream& out,
                                         std::string pfif_domain) {
  switch (format) {
    case Format::kCsv:
      return MakeCsvWriter(out);
    case Format::kPfif:
      return MakePfifWriter(out, std::move(pfif_domain));
    case Format::kJsonl:
      return MakeJsonlWriter(out);
  }
  return MakeJsonlWriter(out);
}

}  // namespace aftermath::io
