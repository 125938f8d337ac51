#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>
#include <cerrno>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "common/ids.h"
#include "common/mutex.h"
#include "http/error_mapping.h"
#include "http/request_handling.h"

namespace aftermath::http {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Session;

namespace {

// The id that ties a request's log line to its response (X-Request-Id): the proxy's, when it
// sent a plausible one (nginx: proxy_set_header X-Request-Id $request_id), else a new one.
std::string RequestId(std::string_view from_proxy) {
  bool plausible = !from_proxy.empty() && from_proxy.size() <= 64;
  for (char c : from_proxy) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      plausible = false;
    }
  }
  return plausible ? std::string(from_proxy) : RandomHex(8);
}

// Sessions whose answer waits for its audit rows (Response::later). The callback that sends one
// may run on another thread after the server has stopped: it finds the gate closed and the
// session gone, and does nothing. While open, the gate keeps its sessions alive.
struct AnswerGate {
  Mutex mu;
  bool open GUARDED_BY(mu) = true;
  std::unordered_map<Session*, std::shared_ptr<Session>> held GUARDED_BY(mu);
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router& r)
      : options(std::move(o)), router(r), acceptor(ioc), accept_pause(ioc) {}

  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void BusyDelta(int d) {
    if (options.metrics && d > 0) options.metrics->RequestStarted();
    if (options.metrics && d < 0) options.metrics->RequestFinished();
    MutexLock lock(&mu);
    busy += d;
    if (busy == 0) idle_cv.notify_all();
  }

  ServerOptions options;
  const Router& router;
  net::io_context ioc;
  // Keeps the threads running while an answer waits for its audit row with no operation of its
  // own pending (Response::later): once Stop closes the acceptor and the idle connections,
  // nothing else would, and the threads would return before writing it. Reset by Stop.
  net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(ioc);
  tcp::acceptor acceptor;
  net::steady_timer accept_pause;  // out of descriptors: accepting waits on this
  bool accept_paused = false;      // touched only by the one pending accept's handlers
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<bool> stopped{false};

  Mutex mu;
  std::condition_variable_any idle_cv;  // waits on mu itself (common/mutex.h)
  int busy GUARDED_BY(mu) = 0;          // requests being handled or written
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions GUARDED_BY(mu);
  std::shared_ptr<AnswerGate> gate = std::make_shared<AnswerGate>();
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server::Impl* impl) : stream_(std::move(socket)), impl_(impl) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
    if (impl_->options.metrics) impl_->options.metrics->ConnectionOpened();
  }
  ~Session() {
    if (impl_->options.metrics) impl_->options.metrics->ConnectionClosed();
    MutexLock lock(&impl_->mu);
    impl_->sessions.erase(this);
  }

  void Run() {
    {
      MutexLock lock(&impl_->mu);
      impl_->sessions[this] = weak_from_this();
    }
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

  // Called on shutdown: an idle connection closes now, a busy one after its response.
  void CloseIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->Close();
    });
  }

 private:
  void DoRead() {
    if (impl_->stopping) return Close();
    parser_.emplace();
    // Beast would check Content-Length against one limit while reading the headers, before
    // the route is known: no limit here, each request is held to its own route's in OnHeader.
    body_limit_ = impl_->options.max_body_bytes;
    parser_->body_limit(boost::none);
    parser_->header_limit(static_cast<uint32_t>(impl_->options.max_header_bytes));
    // A new connection must send its request promptly; a kept-alive one may idle longer.
    stream_.expires_after(requests_ == 0 ? impl_->options.read_timeout
                                         : impl_->options.idle_timeout);
    // Headers first: the route decides how large a body it accepts (file uploads).
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnRead(ec, 0);
    body_limit_ = impl_->options.max_body_bytes;
    auto url = boost::urls::parse_origin_form(parser_->get().target());
    if (url) {
      body_limit_ = std::max(body_limit_, impl_->router.BodyLimit(parser_->get().method_string(),
                                                                  url->path()));
    }
    if (parser_->content_length() && *parser_->content_length() > body_limit_) {
      return OnRead(bhttp::error::body_limit, 0);
    }
    parser_->body_limit(body_limit_);  // for chunked bodies
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::body_limit) {
      return SendError(413, "payload_too_large",
                       fmt::format("the request body is larger than {} bytes", body_limit_));
    }
    if (ec == bhttp::error::header_limit) {
      return SendError(431, "headers_too_large", "the request headers are too large");
    }
    if (IsMalformed(ec)) {
      return SendError(400, "bad_request", fmt::format("the request is not valid HTTP/1.1: {}",
                                                       ec.message()));
    }
    if (ec) return Close();  // end of stream, timeouts, resets
    ++requests_;
    busy_ = true;
    impl_->BusyDelta(+1);
    auto started = std::chrono::steady_clock::now();
    auto& req = parser_->get();

    std::string pattern;
    Request request;
    Response response = HandleParsed(impl_->router, req, remote_, impl_->options.trusted_proxies,
                                     &pattern, &request, /*may_answer_later=*/true);
    Pending pending{.method = request.method,
                    .pattern = std::move(pattern),
                    .request_id = RequestId(request.Header("x-request-id")),
                    .started = started,
                    .keep_alive = req.keep_alive(),
                    .head = request.method == "HEAD",
                    .version = req.version()};
    if (!response.later) return Answer(std::move(response), std::move(pending));
    AnswerLater(std::move(response.later), std::move(pending));
  }

  // What the answer to the request read last needs to know of it.
  struct Pending {
    std::string method;
    std::string pattern;
    std::string request_id;
    std::chrono::steady_clock::time_point started;
    bool keep_alive;
    bool head;
    unsigned version;
  };

  void Answer(Response response, Pending pending) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - pending.started).count();
    Finished(pending.method, pending.pattern, response.status, seconds, response.body.size(),
             pending.request_id);
    response.headers.emplace_back("X-Request-Id", pending.request_id);
    bool keep_alive = pending.keep_alive && !impl_->stopping;
    Write(std::move(response), keep_alive, pending.head, pending.version);
  }

  // The thread goes on to other connections; the answer is written on this session's strand
  // once `later` sends it.
  void AnswerLater(std::function<void(std::function<void(Response)>)> later, Pending pending) {
    std::shared_ptr<AnswerGate> gate = impl_->gate;
    {
      MutexLock lock(&gate->mu);
      if (!gate->open) return Close();  // stopped: nothing would send it
      gate->held.emplace(this, shared_from_this());
    }
    later([gate, session = this, pending = std::move(pending)](Response response) mutable {
      MutexLock lock(&gate->mu);
      auto it = gate->held.find(session);
      if (it == gate->held.end()) return;  // the server has stopped
      std::shared_ptr<Session> self = std::move(it->second);
      gate->held.erase(it);
      // Under the gate's lock: Stop closes it before the io_context stops.
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response), pending = std::move(pending)]() mutable {
                  self->Answer(std::move(response), std::move(pending));
                });
    });
  }

  void SendError(int status, std::string_view code, std::string message) {
    drain_ = true;
    busy_ = true;
    impl_->BusyDelta(+1);
    Response response = ErrorResponse(status, code, message);
    std::string request_id = RequestId({});
    std::string method = status == 413 ? std::string(parser_->get().method_string()) : "";
    Finished(method, status == 400 ? "(malformed)" : "(too large)", status, 0,
             response.body.size(), request_id);
    response.headers.emplace_back("X-Request-Id", request_id);
    Write(std::move(response), false, false, 11);
  }

  // The request log line and metrics. The route pattern, never the path, query or body: those
  // can carry names.
  void Finished(std::string_view method, std::string_view pattern, int status, double seconds,
                size_t bytes, const std::string& request_id) {
    std::string_view m = MethodLabel(method);
    spdlog::info("http method={} route={} status={} ms={:.2f} bytes={} request_id={}", m, pattern,
                 status, seconds * 1000, bytes, request_id);
    if (impl_->options.metrics) impl_->options.metrics->RequestDone(m, pattern, status, seconds);
  }

  void Write(Response response, bool keep_alive, bool head, unsigned version) {
    res_ = {};
    res_.version(version);
    res_.result(static_cast<unsigned>(response.status));
    res_.set(bhttp::field::server, "aftermath");
    res_.set(bhttp::field::content_type, response.content_type);
    res_.set("X-Content-Type-Options", "nosniff");
    res_.set("Referrer-Policy", "no-referrer");
    bool has_cache_control = false;
    for (auto& [name, value] : response.headers) {
      if (beast::iequals(name, "cache-control")) has_cache_control = true;
      res_.set(name, value);
    }
    // Registry data must not linger in shared or browser caches.
    if (!has_cache_control) res_.set(bhttp::field::cache_control, "no-store");
    res_.keep_alive(keep_alive);
    res_.body() = std::move(response.body);
    res_.prepare_payload();
    if (head) res_.body().clear();
    stream_.expires_after(impl_->options.write_timeout);
    bhttp::async_write(stream_, res_,
                       beast::bind_front_handler(&Session::OnWrite, shared_from_this(),
                                                 keep_alive));
  }

  void OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
    busy_ = false;
    impl_->BusyDelta(-1);
    if (!ec && drain_) return Drain();
    if (ec || !keep_alive || impl_->stopping) return Close();
    DoRead();
  }

  // After rejecting a request whose body is still arriving, read and discard for a moment
  // before closing: closing with unread data makes the kernel send a reset, and the client
  // would lose the 413 it has not read yet (nginx's "lingering close").
  void Drain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    drain_buffer_.resize(64 << 10);
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(
        net::buffer(drain_buffer_),
        [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          self->drained_ += n;
          if (ec || self->drained_ > (64u << 20)) return self->Close();
          self->DrainSome();
        });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> res_;
  Server::Impl* impl_;
  std::string remote_;
  bool busy_ = false;
  bool drain_ = false;
  std::vector<char> drain_buffer_;
  size_t drained_ = 0;
  int requests_ = 0;
  size_t body_limit_ = 0;  // of the request being read
};

void Server::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc),
                        beast::bind_front_handler(&Server::Impl::OnAccept, this));
}

void Server::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (stopping) return;
  if (!ec) {
    std::make_shared<Session>(std::move(socket), this)->Run();
  } else if (ec == net::error::no_descriptors || ec.value() == ENFILE) {
    // The connection stays in the listen backlog. Retrying at once would spin (a million
    // failed accepts a second): wait for idle connections to time out or close.
    if (!accept_paused) spdlog::warn("http accept paused: out of file descriptors");
    accept_paused = true;
    accept_pause.expires_after(std::chrono::milliseconds(100));
    accept_pause.async_wait([this](beast::error_code) {
      if (!stopping) Accept();
    });
    return;
  }
  if (!ec && accept_paused) {
    spdlog::info("http accept resumed");
    accept_paused = false;
  }
  Accept();
}

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() {
  Stop();
  Wait();
}

Status Server::Start() {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) return InvalidArgument(fmt::format("'{}' is not an IP address", impl_->options.host),
                                 "listen");
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Unavailable(fmt::format("cannot listen on {}:{}: {}", impl_->options.host,
                                   impl_->options.port, ec.message()));
  }
  port_ = acceptor.local_endpoint().port();
  impl_->Accept();
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return Status::Ok();
}

void Server::Stop() {
  if (impl_->stopping.exchange(true)) return;
  net::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    beast::error_code ec;
    impl->acceptor.close(ec);
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    MutexLock lock(&impl_->mu);
    for (auto& [raw, weak] : impl_->sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->CloseIfIdle();
  live.clear();
  {
    MutexLock lock(&impl_->mu);
    auto deadline = std::chrono::steady_clock::now() + impl_->options.shutdown_grace;
    while (impl_->busy > 0 &&
           impl_->idle_cv.wait_until(impl_->mu, deadline) == std::cv_status::no_timeout) {
    }
  }
  // Answers still waiting for their audit rows past the grace are not sent.
  std::unordered_map<Session*, std::shared_ptr<Session>> unanswered;
  {
    MutexLock lock(&impl_->gate->mu);
    impl_->gate->open = false;
    unanswered.swap(impl_->gate->held);
  }
  unanswered.clear();
  impl_->work.reset();
  impl_->ioc.stop();
}

void Server::Wait() {
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
}

}  // namespace aftermath::http
