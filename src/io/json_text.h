// JSON text with numbers written the way people read them ("0.992", not Boost.JSON's
// "9.92E-1"); otherwise the same as boost::json::serialize.
#pragma once

#include <boost/json.hpp>
#include <string>

namespace aftermath::io {

std::string JsonText(const boost::json::value& v);

// Rounds to `decimals` places, for scores and timings in responses.
double Rounded(double x, int decimals = 3);

}  // namespace aftermath::io
