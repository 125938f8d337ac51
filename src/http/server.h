// The HTTP server: Boost.Beast on Asio, a fixed pool of threads, keep-alive, limits on header
// and body size, timeouts for idle and slow clients, and a graceful stop that lets requests in
// flight finish.
//
// Thread-safety: Start/Stop/Wait from one controlling thread; the router's handlers run on the
// pool's threads concurrently and must be thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "http/address_list.h"
#include "http/http_metrics.h"
#include "http/router.h"

namespace aftermath::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (tests)
  int threads = 4;
  size_t max_body_bytes = 1 << 20;
  size_t max_header_bytes = 16 << 10;
  std::chrono::seconds read_timeout{10};  // a request must arrive whole within this
  std::chrono::seconds idle_timeout{30};  // keep-alive connections idle longer are closed
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds shutdown_grace{10};
  HttpMetrics* metrics = nullptr;  // not owned; when set, counts requests and connections
  // Not owned. A request from one of these names its client in X-Real-IP (nginx:
  // proxy_set_header X-Real-IP $remote_addr); anyone else's X-Real-IP is ignored.
  const AddressList* trusted_proxies = nullptr;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router);
  ~Server();

  // Binds and starts the threads. Unavailable when the address cannot be bound.
  Status Start();
  // The port actually bound (useful with port 0).
  unsigned short port() const { return port_; }
  // Stops accepting, closes idle connections, lets requests in flight finish (up to the grace
  // period), then stops the threads. Safe to call more than once and from a signal-watching thread.
  void Stop();
  // Blocks until the server has stopped.
  void Wait();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  unsigned short port_ = 0;
};

}  // namespace aftermath::http
