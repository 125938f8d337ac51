// `aftermath purge`: removes personal data past the retention period (run it daily from a
// timer); tombstones and the audit chain stay.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>

#include "access/retention.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/open_db.h"
#include "recovery/file_store.h"
#include "registry/registry.h"

namespace aftermath::cli {

int PurgeCommand(const Args& args) {
  auto flags =
      ParseFlags(args, {.with_value = {"db", "retention-days", "files"}, .boolean = {"dry-run"}});
  if (!flags.ok()) return UsageError("purge", flags.status().message());
  if (flags->Has("help")) {
    std::printf(
        "usage: aftermath purge [--db URL] [--retention-days N] [--dry-run]\n\n"
        "Removes the personal data of inquiries closed or withdrawn more than N days ago and of\n"
        "persons untouched for N days whom no open inquiry seeks, leaving a tombstone (ids,\n"
        "dates, states) and the audit chain. N defaults to $AFTERMATH_RETENTION_DAYS or 90.\n"
        "PFIF person records past their expiry_date are removed with their notes, leaving a\n"
        "placeholder (a running server does this every minute).\n"
        "With --files DIR (the server's --files), the damage & support register's files that\n"
        "no record names any more after the purge (a purged case's documents), kept for over\n"
        "a day, are removed too (a running server does this when it hears of the purge).\n");
    return kExitOk;
  }
  // Also AFTERMATH_RETENTION_DAYS or the config file (settings.h).
  std::string days_text = flags->Get("retention-days", "90");
  int days = std::atoi(days_text.c_str());
  if (days < 1 || days > 36500) return UsageError("purge", "--retention-days must be 1..36500");
  auto store = OpenDb(*flags, {.access = flags->Has("dry-run") ? StoreAccess::kReadOnly
                                                               : StoreAccess::kReadWrite});
  if (!store.ok()) return Failure("purge", store.status().ToString());
  SystemClock clock;
  auto retention = std::chrono::hours(24 * days);
  if (flags->Has("dry-run")) {
    auto tx = (*store)->Begin(TransactionMode::kRead);
    if (!tx.ok()) return Failure("purge", tx.status().ToString());
    auto q = (*tx)->InquiriesDueForPurge(clock.Now() - retention);
    auto p = (*tx)->PersonsDueForPurge(clock.Now() - retention);
    if (!q.ok() || !p.ok()) return Failure("purge", (q.ok() ? p.status() : q.status()).ToString());
    std::printf("would purge %zu inquiries and %zu persons\n", q->size(), p->size());
    return kExitOk;
  }
  auto report = access::PurgeExpired(**store, clock, retention, "cli:purge");
  if (!report.ok()) return Failure("purge", report.status().ToString());
  // PFIF records past their expiry_date go too (a running server does this every minute).
  Registry registry(**store, clock);
  int expired = 0;
  for (;;) {
    auto n = registry.ExpirePfifRecords("cli:purge");
    if (!n.ok()) return Failure("purge", n.status().ToString());
    if (*n == 0) break;
    expired += *n;
  }
  if (expired > 0) std::printf("removed %d expired PFIF records\n", expired);
  if (flags->Has("files")) {
    recovery::FileStore files(flags->Get("files"));
    auto swept = recovery::SweepUnreferencedFiles(**store, files, clock, "cli:purge");
    if (!swept.ok()) return Failure("purge", swept.status().ToString());
    if (*swept > 0) std::printf("removed %d files no record names\n", *swept);
  }
  std::printf("purged %d inquiries and %d persons older than %d days\n", report->inquiries,
              report->persons, days);
  return kExitOk;
}

}  // namespace aftermath::cli
