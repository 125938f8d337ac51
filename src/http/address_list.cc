#include "http/address_list.h"

#include <fmt/format.h>

#include <boost/asio/ip/address.hpp>

namespace aftermath::http {

namespace ip = boost::asio::ip;

Result<AddressList> AddressList::Parse(std::string_view text) {
  AddressList out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find_first_of(", \t", i);
    if (j == std::string_view::npos) j = text.size();
    std::string entry(text.substr(i, j - i));
    i = j + 1;
    if (entry.empty()) continue;
    boost::system::error_code ec;
    std::string host = entry.substr(0, entry.find('/'));
    ip::address address = ip::make_address(host, ec);
    if (ec) {
      return InvalidArgument(fmt::format("'{}' is not an IP address or network", entry),
                             "metrics-allow");
    }
    unsigned prefix = address.is_v4() ? 32 : 128;
    if (auto slash = entry.find('/'); slash != std::string::npos) {
      std::string bits = entry.substr(slash + 1);
      bool digits = !bits.empty() && bits.size() <= 3 &&
                    bits.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || std::stoul(bits) > prefix) {
        return InvalidArgument(fmt::format("'{}' has a bad prefix length", entry), "metrics-allow");
      }
      prefix = std::stoul(bits);
    }
    // The network of the address's first `prefix` bits: "10.1.2.3/8" means 10.0.0.0/8.
    if (address.is_v4()) {
      out.v4_.push_back(ip::network_v4(address.to_v4(), prefix).canonical());
    } else {
      out.v6_.push_back(ip::network_v6(address.to_v6(), prefix).canonical());
    }
  }
  return out;
}

namespace {

// True when the first `prefix` bits of the two byte strings agree.
template <typename Bytes>
bool SamePrefix(const Bytes& a, const Bytes& b, unsigned prefix) {
  for (size_t i = 0; i < a.size() && prefix > 0; ++i, prefix = prefix >= 8 ? prefix - 8 : 0) {
    unsigned mask = prefix >= 8 ? 0xFF : (0xFF << (8 - prefix)) & 0xFF;
    if ((a[i] & mask) != (b[i] & mask)) return false;
  }
  return true;
}

}  // namespace

bool AddressList::Contains(std::string_view text) const {
  boost::system::error_code ec;
  ip::address address = ip::make_address(std::string(text), ec);
  if (ec) return false;
  // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  if (address.is_v4()) {
    for (const auto& net : v4_) {
      if (SamePrefix(address.to_v4().to_bytes(), net.network().to_bytes(), net.prefix_length())) {
        return true;
      }
    }
  } else {
    for (const auto& net : v6_) {
      if (SamePrefix(address.to_v6().to_bytes(), net.network().to_bytes(), net.prefix_length())) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace aftermath::http
