#include "store/postgres/pg_change_waiter.h"

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <thread>

namespace aftermath {
namespace {

constexpr const char* kListen = "LISTEN aftermath_changes";

class PgChangeWaiter final : public ChangeWaiter {
 public:
  explicit PgChangeWaiter(std::string url) : url_(std::move(url)) {}
  ~PgChangeWaiter() override { Close(); }

  void Wait(std::chrono::milliseconds timeout) override {
    if (conn_ == nullptr) {
      if (!Connect()) std::this_thread::sleep_for(timeout);
      return;  // connected just now: whatever was notified meanwhile is unknown, so poll
    }
    if (Drain()) return;
    pollfd p{PQsocket(conn_), POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) > 0) Drain();
  }

 private:
  bool Connect() {
    conn_ = PQconnectdb(url_.c_str());
    if (PQstatus(conn_) == CONNECTION_OK) {
      PGresult* res = PQexec(conn_, kListen);
      bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
      PQclear(res);
      if (ok) return true;
    }
    Close();
    return false;
  }

  // True when a notification arrived. A broken connection is closed (the next Wait reconnects)
  // and also counts as "maybe": the caller polls the feed either way.
  bool Drain() {
    if (PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK) {
      Close();
      return true;
    }
    bool any = false;
    while (PGnotify* n = PQnotifies(conn_)) {
      any = true;
      PQfreemem(n);
    }
    return any;
  }

  void Close() {
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = nullptr;
  }

  std::string url_;
  PGconn* conn_ = nullptr;
};

}  // namespace

std::unique_ptr<ChangeWaiter> MakePgChangeWaiter(std::string url) {
  return std::make_unique<PgChangeWaiter>(std::move(url));
}

}  // namespace aftermath
