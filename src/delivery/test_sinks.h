// Test support: a real HTTP receiver (Boost.Beast) standing in for an SMS gateway, and a real
// SMTP sink speaking enough of RFC 5321 for libcurl, both on a loopback port, each on a thread
// of its own. No mocks: the senders talk to them over TCP as they would to a provider.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace aftermath::delivery::testing {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Accepts on 127.0.0.1 until stopped, polling so Stop() returns promptly; `serve` handles one
// accepted connection. Start() again takes the same port (the receiver back up).
class LoopbackListener {
 public:
  virtual ~LoopbackListener() { Stop(); }

  unsigned short port() const { return port_; }

  void Start() {
    acceptor_ = std::make_unique<tcp::acceptor>(io_);
    tcp::endpoint at(asio::ip::make_address("127.0.0.1"), port_);
    acceptor_->open(at.protocol());
    acceptor_->set_option(asio::socket_base::reuse_address(true));
    acceptor_->bind(at);
    acceptor_->listen();
    acceptor_->non_blocking(true);
    port_ = acceptor_->local_endpoint().port();
    stopping_ = false;
    thread_ = std::thread([this] {
      while (!stopping_) {
        tcp::socket socket(io_);
        boost::system::error_code ec;
        acceptor_->accept(socket, ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          continue;
        }
        if (ec) continue;
        socket.non_blocking(false);
        try {
          Serve(socket);
        } catch (const std::exception&) {
          // A client that went away mid-conversation: the sender sees its own error.
        }
      }
    });
  }

  // Closes the port: connections are refused until Start().
  void Stop() {
    if (!thread_.joinable()) return;
    stopping_ = true;
    thread_.join();
    acceptor_->close();
    acceptor_.reset();
  }

 protected:
  virtual void Serve(tcp::socket& socket) = 0;

 private:
  asio::io_context io_;
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::thread thread_;
  std::atomic<bool> stopping_ = false;
  unsigned short port_ = 0;
};

// The SMS gateway: records every request and answers `status` (200 unless told otherwise).
class HttpReceiver : public LoopbackListener {
 public:
  struct Request {
    std::string target, body, content_type, signature, idempotency_key, message_id;
  };

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()) + "/send"; }
  void set_status(int status) { status_ = status; }
  std::vector<Request> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  // How many requests carried each X-Message-Id.
  std::map<std::string, int> CountById() const {
    std::map<std::string, int> out;
    for (const auto& r : requests()) ++out[r.message_id];
    return out;
  }

 protected:
  void Serve(tcp::socket& socket) override {
    namespace http = boost::beast::http;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> req;
    http::read(socket, buffer, req);
    int status = status_;
    if (status >= 200 && status < 300) {  // a gateway that failed took nothing
      std::lock_guard lock(mu_);
      requests_.push_back({std::string(req.target()), req.body(),
                           std::string(req[http::field::content_type]),
                           std::string(req["X-Aftermath-Signature"]),
                           std::string(req["Idempotency-Key"]), std::string(req["X-Message-Id"])});
    }
    http::response<http::string_body> res(static_cast<http::status>(status), req.version());
    res.set(http::field::content_type, "application/json");
    res.body() = "{}";
    res.keep_alive(false);
    res.prepare_payload();
    http::write(socket, res);
    boost::system::error_code ec;
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }

 private:
  std::atomic<int> status_ = 200;
  mutable std::mutex mu_;
  std::vector<Request> requests_;
};

// An SMTP server that keeps what it is given: 220, EHLO/HELO, MAIL FROM, RCPT TO, DATA, QUIT.
class SmtpSink : public LoopbackListener {
 public:
  struct Mail {
    std::string from;
    std::vector<std::string> to;
    std::string data;  // as sent, up to the lone "."
  };

  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port()); }
  std::vector<Mail> mails() const {
    std::lock_guard lock(mu_);
    return mails_;
  }

 protected:
  void Serve(tcp::socket& socket) override {
    asio::streambuf in;
    auto say = [&](const std::string& line) { asio::write(socket, asio::buffer(line + "\r\n")); };
    auto read_line = [&] {
      asio::read_until(socket, in, "\r\n");
      std::istream s(&in);
      std::string line;
      std::getline(s, line);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    };
    say("220 sink.test ESMTP");
    Mail mail;
    for (;;) {
      std::string line = read_line();
      std::string verb = line.substr(0, 4);
      for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (verb == "EHLO" || verb == "HELO") {
        say("250 sink.test");
      } else if (verb == "MAIL") {
        mail = {};
        mail.from = line.substr(line.find(':') + 1);
        say("250 OK");
      } else if (verb == "RCPT") {
        mail.to.push_back(line.substr(line.find(':') + 1));
        say("250 OK");
      } else if (verb == "DATA") {
        say("354 End data with <CR><LF>.<CR><LF>");
        for (std::string l = read_line(); l != "."; l = read_line()) mail.data += l + "\n";
        {
          std::lock_guard lock(mu_);
          mails_.push_back(mail);
        }
        say("250 OK queued");
      } else if (verb == "QUIT") {
        say("221 Bye");
        return;
      } else if (verb == "RSET" || verb == "NOOP") {
        say("250 OK");
      } else {
        say("502 Command not implemented");
      }
    }
  }

 private:
  mutable std::mutex mu_;
  std::vector<Mail> mails_;
};

}  // namespace aftermath::delivery::testing
