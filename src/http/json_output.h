// Records and views as JSON for the API. Field names follow the model; times are RFC 3339 UTC.
// Every writer of personal data takes the viewer and ends in Disclosed: the one disclosure table
// (access/disclosure.cc) decides which members the viewer gets.
#pragma once

#include <boost/json.hpp>

#include "access/disclosure.h"
#include "model/records.h"
#include "registry/views.h"

namespace aftermath::http {

using access::Viewer;

// `o` without the members of `view` that `viewer` may not see (and any the table does not list).
boost::json::object Disclosed(Viewer viewer, access::View view, boost::json::object o);

boost::json::object ToJson(const Person& p, Viewer viewer);
boost::json::object ToJson(const Report& r, Viewer viewer);
boost::json::object ToJson(const StatusEvent& e, Viewer viewer);
boost::json::object ToJson(const Inquiry& q, Viewer viewer);
boost::json::object ToJson(const MatchView& m, Viewer viewer);
boost::json::object ToJson(const CallbackView& c, Viewer viewer);
boost::json::object ToJson(const CallbackTask& t, Viewer viewer);  // after an outcome
boost::json::object ToJson(const SearchHitView& h, Viewer viewer);
boost::json::object ToJson(const OutboxMessage& m, Viewer viewer);
boost::json::object ToJson(const AuditEvent& e, Viewer viewer);
// What a family with the code learns of their person; `line_phone` added when set.
boost::json::object FamilyAnswerJson(const Person& p, const std::string& line_phone);
boost::json::object ToJson(const Source& s);  // no personal data

template <typename T>
boost::json::object PageToJson(const Page<T>& page, Viewer viewer) {
  boost::json::array items;
  for (const auto& item : page.items) items.push_back(ToJson(item, viewer));
  boost::json::object out{{"items", std::move(items)}};
  out["next_cursor"] =
      page.next_cursor.empty() ? boost::json::value(nullptr) : boost::json::value(page.next_cursor);
  return out;
}

// {"items": [...]} of any list of views.
template <typename T>
boost::json::object ItemsToJson(const std::vector<T>& list, Viewer viewer) {
  boost::json::array items;
  for (const auto& item : list) items.push_back(ToJson(item, viewer));
  return boost::json::object{{"items", std::move(items)}};
}

}  // namespace aftermath::http
