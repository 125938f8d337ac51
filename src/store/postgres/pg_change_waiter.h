// Wakes a change-feed follower on PostgreSQL's NOTIFY (see migrations/postgres/0005_changes.sql).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace aftermath {

// A waiter with a libpq connection of its own that LISTENs for the feed's notifications. When
// the server is unreachable it sleeps out the timeout and reconnects on the next Wait(); the
// first Wait() after a (re)connect returns at once, since notifications may have been missed.
std::unique_ptr<ChangeWaiter> MakePgChangeWaiter(std::string url);

}  // namespace aftermath
