// The PFIF feeds another registry follows (GET /api/v1/pfif/persons and /notes): Atom feeds of
// PFIF 1.4 records, one an <entry>, as Person Finder serves its own. Entries are in the order
// this registry received the records, and each record's entry_date is when this registry did
// (PFIF: the date a record was entered in the repository serving it), so a follower asks for
// min_entry_date = the last entry_date it read, skipping the entries of that date it has.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "io/pfif/pfif_writer.h"
#include "model/record_writer.h"

namespace aftermath::io {

enum class PfifFeedKind { kPersons, kNotes };

struct PfifFeedOptions {
  PfifFeedKind kind = PfifFeedKind::kPersons;
  std::string domain;  // of the records created here ("<domain>/per_…", "<domain>/rep_…")
  std::string url;     // the feed's own URL: its Atom id and self link
  std::string title;
  Timestamp updated;  // the feed's Atom updated (now)
  // Entries passed over first: those of the first date asked for (min_entry_date) only, so
  // that a record entered again later (an expiry) is never passed over with them.
  size_t skip = 0;
  std::optional<Timestamp> skip_date;  // min_entry_date; none: the first entries
  size_t max_results = 100;            // entries written, at most
  pfif::FieldFilter may_write;         // the fields the reader may see (access/disclosure.cc)
};

// Persons: a copied person record, a person of ours (its person record, at each of its reports
// of ours), or an expired record's placeholder. Notes: a copied note, or a report of ours that
// says something (its person named as SetPfifPersonId says). REQUIRES: `out` outlives it.
std::unique_ptr<RecordWriter> MakePfifFeedWriter(std::ostream& out, PfifFeedOptions options);

// A page of a PFIF feed as a follower reads it: how many entries, the last entry's entry_date
// and how many entries of the page have that date (the next page: min_entry_date = that date,
// skip = that many, more when the whole page had the date the follower asked from).
struct PfifFeedPage {
  size_t entries = 0;
  std::string last_entry_date;
  size_t at_last_date = 0;
};
// InvalidArgument when `atom` is not an Atom feed (or a pfif:pfif document) of PFIF records.
Result<PfifFeedPage> ReadPfifFeedPage(std::string_view atom);

}  // namespace aftermath::io
