// libFuzzer harness for the HTTP edge: the bytes of one request go through Beast's parser as the
// server configures it, then through the same conversion and router as the server
// (http/request_handling.h), with every real route over a real SQLite registry. Build with clang:
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DAFTERMATH_FUZZ=ON \
//         -DAFTERMATH_BUILD_TESTS=OFF -DAFTERMATH_BUILD_BENCH=OFF
//   cmake --build build-fuzz --target http_fuzz
//   build-fuzz/src/http/http_fuzz -max_total_time=600 -dict=fuzz/http.dict
// When the input's first byte is odd, the request carries a signed-in admin's session cookie
// and CSRF token (after that byte), so the fuzzer reaches the handlers behind the guard too.
// Invariants: no crash or sanitizer report; every answer has a status in 100..599 and a JSON
// answer is valid JSON.
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "access/access_service.h"
#include "access/idempotency.h"
#include "access/rate_limiter.h"
#include "common/clock.h"
#include "http/request_handling.h"
#include "http/routes.h"
#include "registry/registry.h"
#include "store/store.h"

namespace {

namespace access = aftermath::access;
namespace http = aftermath::http;
using aftermath::Registry;
using aftermath::Store;

struct Fixture {
  Fixture() {
    // tmpfs when there is one: the store syncs every commit.
    std::string base = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    std::string dir_template = base + "/aftermath-http-fuzz-XXXXXX";
    dir = mkdtemp(dir_template.data());
    std::string web = dir + "/web";
    mkdir(web.c_str(), 0700);
    if (FILE* f = fopen((web + "/index.html").c_str(), "w")) {
      fputs("<!doctype html><title>console</title>", f);
      fclose(f);
    }
    store = std::move(aftermath::OpenStore("sqlite:" + dir + "/fuzz.db").value());
    registry = std::make_unique<Registry>(*store, clock);
    access_service = std::make_unique<access::AccessService>(*store, clock);
    limiter = std::make_unique<access::RateLimiter>(access::RateLimit{1e9, 1e9},
                                                    access::RateLimit{1e9, 1e9}, clock);
    idempotency = std::make_unique<access::IdempotencyKeys>(*store, clock);
    ctx = std::make_unique<http::ApiContext>(http::ApiContext{
        *registry, *access_service, *limiter, web, false, "+7 700 000 00 00"});
    ctx->idempotency = idempotency.get();
    router = std::make_unique<http::Router>(http::MakeRouter(*ctx));
    proxies = std::move(http::AddressList::Parse("127.0.0.1/32").value());
    access::NewUser admin{.username = "fuzzadmin",
                          .display_name = "Fuzz Admin",
                          .role = aftermath::Role::kAdmin,
                          .source_id = {},
                          .password = "fuzzing correct horse battery"};
    (void)access_service->CreateUser("cli", admin);
    auto login = access_service->Login(admin.username, admin.password, "127.0.0.1");
    if (login.ok()) {
      cookie = std::string("aftermath_session=") + login->session_token;
      csrf = login->csrf_token;
    }
  }

  std::string dir;
  aftermath::SystemClock clock;
  std::unique_ptr<Store> store;
  std::unique_ptr<Registry> registry;
  std::unique_ptr<access::AccessService> access_service;
  std::unique_ptr<access::RateLimiter> limiter;
  std::unique_ptr<access::IdempotencyKeys> idempotency;
  std::unique_ptr<http::ApiContext> ctx;
  std::unique_ptr<http::Router> router;
  http::AddressList proxies;
  std::string cookie, csrf;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = new Fixture();
  if (size == 0) return 0;
  bool signed_in = data[0] & 1;
  ++data;
  --size;
  namespace bhttp = boost::beast::http;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.header_limit(16 << 10);
  parser.body_limit(1 << 20);
  boost::beast::error_code ec;
  size_t used = 0;
  while (!ec && !parser.is_done() && used < size) {
    size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (ec == bhttp::error::need_more) ec = {};
    if (n == 0) break;
    used += n;
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) {
    (void)http::IsMalformed(ec);
    return 0;
  }
  http::BeastRequest request = parser.release();
  if (signed_in) {
    request.set(bhttp::field::cookie, fixture->cookie);
    request.set("X-CSRF-Token", fixture->csrf);
  }
  std::string pattern;
  http::Response response =
      http::HandleParsed(*fixture->router, request, "127.0.0.1", &fixture->proxies, &pattern);
  if (response.status < 100 || response.status > 599) abort();
  if (response.content_type == "application/json") {
    boost::system::error_code jec;
    (void)boost::json::parse(response.body, jec);
    if (jec) abort();
  }
  return 0;
}
