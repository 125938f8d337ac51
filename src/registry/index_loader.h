// Between the store and the in-memory name index: the index row of a person as the index wants
// it, and a full rebuild from the store (at start, or after a restore).
#pragma once

#include <functional>
#include <memory>

#include "index/name_index.h"
#include "store/store.h"

namespace aftermath {

index::IndexedPerson ToIndexed(const IndexRow& row);

// Reads every person from the store in batches and files them into a new index, parsing names
// on `threads` threads. `progress(done)` is called after each batch. Returns the index, or the
// store's error.
Result<std::shared_ptr<index::NameIndex>> BuildIndex(
    Store& store, const names::NameEngine& engine, int threads = 2,
    const std::function<void(size_t done)>& progress = {});

}  // namespace aftermath
