// Records as JSON for the API. Field names follow the model; times are RFC 3339 UTC.
#pragma once

#include <boost/json.hpp>

#include "model/records.h"

namespace aftermath::http {

boost::json::object ToJson(const Person& p);
boost::json::object ToJson(const Report& r);
boost::json::object ToJson(const StatusEvent& e);
boost::json::object ToJson(const Inquiry& q);
boost::json::object ToJson(const Source& s);

template <typename T>
boost::json::object PageToJson(const Page<T>& page) {
  boost::json::array items;
  for (const auto& item : page.items) items.push_back(ToJson(item));
  boost::json::object out{{"items", std::move(items)}};
  out["next_cursor"] = page.next_cursor.empty() ? boost::json::value(nullptr)
                                                : boost::json::value(page.next_cursor);
  return out;
}

}  // namespace aftermath::http
