#include "access/retention.h"

namespace aftermath::access {
namespace {

constexpr size_t kBatch = 200;

template <typename PurgeFn>
Status PurgeInBatches(Store& store, const std::vector<std::string>& ids, const Clock& clock,
                      const std::string& actor, const char* action, const char* entity_type,
                      PurgeFn purge) {
  for (size_t i = 0; i < ids.size(); i += kBatch) {
    ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kWrite));
    for (size_t j = i; j < std::min(ids.size(), i + kBatch); ++j) {
      Timestamp now = clock.Now();
      RETURN_IF_ERROR(purge(static_cast<RetentionRecords&>(*tx), ids[j], now));
      AuditEvent e{.at = now,
                   .actor = actor,
                   .action = action,
                   .entity_type = entity_type,
                   .entity_id = ids[j]};
      RETURN_IF_ERROR(tx->AppendAudit(e).status());
    }
    RETURN_IF_ERROR(tx->Commit());
  }
  return Status::Ok();
}

}  // namespace

Result<PurgeReport> PurgeExpired(Store& store, const Clock& clock, std::chrono::hours retention,
                                 const std::string& actor) {
  Timestamp cutoff = clock.Now() - retention;
  std::vector<std::string> inquiries, persons;
  {
    ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kRead));
    ASSIGN_OR_RETURN(inquiries, tx->InquiriesDueForPurge(cutoff));
    ASSIGN_OR_RETURN(persons, tx->PersonsDueForPurge(cutoff));
  }
  RETURN_IF_ERROR(PurgeInBatches(store, inquiries, clock, actor, "inquiry.purge", "inquiry",
                                 [](RetentionRecords& tx, const std::string& id, Timestamp at) {
                                   return tx.PurgeInquiry(id, at);
                                 }));
  RETURN_IF_ERROR(PurgeInBatches(store, persons, clock, actor, "person.purge", "person",
                                 [](RetentionRecords& tx, const std::string& id, Timestamp at) {
                                   return tx.PurgePerson(id, at);
                                 }));
  RETURN_IF_ERROR(store.ReclaimSpace());
  return PurgeReport{static_cast<int>(inquiries.size()), static_cast<int>(persons.size())};
}

}  // namespace aftermath::access
