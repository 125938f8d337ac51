// A list of IP networks ("127.0.0.0/8, ::1, 10.1.2.0/24") that a client address is checked
// against; /metrics answers only to the addresses on its list.
#pragma once

#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aftermath::http {

class AddressList {
 public:
  // Comma- or space-separated networks in CIDR form; a bare address is one host. InvalidArgument
  // naming the entry otherwise. An empty text gives an empty list, which admits nobody.
  static Result<AddressList> Parse(std::string_view text);

  // True when `address` ("127.0.0.1", "::1", "::ffff:10.0.0.5") lies in one of the networks.
  bool Contains(std::string_view address) const;
  bool empty() const { return v4_.empty() && v6_.empty(); }

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace aftermath::http
