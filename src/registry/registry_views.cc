// What the screens show (views.h): each view is read in one transaction together with the audit
// row naming every record it shows, so no personal data leaves the registry unaudited.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <unordered_map>

#include "registry/registry.h"

namespace aftermath {
namespace {

namespace json = boost::json;

json::array IdArray(const std::vector<std::string>& ids) {
  json::array a;
  for (const auto& id : ids) a.push_back(json::string(id));
  return a;
}

// Ids only: the audit log must not become a second copy of personal data.
std::string ShownDetail(
    const std::vector<std::pair<const char*, std::vector<std::string>>>& kinds) {
  json::object o;
  for (const auto& [name, ids] : kinds) o[name] = IdArray(ids);
  return json::serialize(o);
}

// Source names by id: from the process's cache, else read in the view's transaction and kept.
// An unknown id reads as no name and is not kept (its source may yet be created).
class SourceNames {
 public:
  SourceNames(Transaction& tx, SourceNameCache& cache) : tx_(tx), cache_(cache) {}
  Result<std::string> Get(const std::string& id) {
    if (id.empty()) return std::string();
    if (auto name = cache_.Find(id)) return *name;
    auto s = tx_.GetSource(id);
    if (!s.ok()) {
      if (s.status().code() == StatusCode::kNotFound) return std::string();
      return s.status();
    }
    cache_.Remember(id, s->name);
    return s->name;
  }

 private:
  Transaction& tx_;
  SourceNameCache& cache_;
};

// Reads `get(id)` into `out`; a record purged since is left empty, any other error is passed on.
template <typename T, typename Get>
Status ReadSide(const std::string& id, Get get, std::optional<T>& out) {
  if (id.empty()) return Status::Ok();
  auto r = get(id);
  if (r.ok()) {
    out = std::move(r).value();
    return Status::Ok();
  }
  return r.status().code() == StatusCode::kNotFound ? Status::Ok() : r.status();
}

Result<MatchView> ReadMatchView(Transaction& tx, const Match& m, SourceNames& sources) {
  MatchView v{.match = m};
  RETURN_IF_ERROR(ReadSide(
      m.person_id, [&](auto& id) { return tx.GetPerson(id); }, v.person));
  RETURN_IF_ERROR(ReadSide(
      m.inquiry_id, [&](auto& id) { return tx.GetInquiry(id); }, v.inquiry));
  RETURN_IF_ERROR(ReadSide(
      m.report_id, [&](auto& id) { return tx.GetReport(id); }, v.report));
  if (v.report) {
    ASSIGN_OR_RETURN(v.report_source_name, sources.Get(v.report->source_id));
  }
  return v;
}

// The ids a list of match views shows, by kind, for the audit row.
std::string MatchViewsDetail(const std::vector<MatchView>& views) {
  std::vector<std::string> persons, inquiries, reports;
  for (const auto& v : views) {
    if (v.person) persons.push_back(v.person->id);
    if (v.inquiry) inquiries.push_back(v.inquiry->id);
    if (v.report) reports.push_back(v.report->id);
  }
  return ShownDetail({{"persons", persons}, {"inquiries", inquiries}, {"reports", reports}});
}

}  // namespace

Result<std::vector<MatchView>> Registry::ListMatchViews(const std::string& actor,
                                                        const MatchFilter& filter) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(auto matches, tx->ListMatches(filter));
  SourceNames sources(*tx, source_names_);
  std::vector<MatchView> views;
  for (const auto& m : matches) {
    ASSIGN_OR_RETURN(auto v, ReadMatchView(*tx, m, sources));
    views.push_back(std::move(v));
  }
  RETURN_IF_ERROR(
      AuditRead(actor, "match.list", "match", filter.inquiry_id, MatchViewsDetail(views)));
  return views;
}

Result<MatchView> Registry::DecideMatchView(const std::string& actor, const std::string& match_id,
                                            MatchDecision decision,
                                            const std::string& acknowledged) {
  ASSIGN_OR_RETURN(Decided decided, Decide(actor, match_id, decision, acknowledged));
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  // Read again: confirming a report's match may have merged its person since.
  ASSIGN_OR_RETURN(Match m, tx->GetMatch(decided.match.id));
  SourceNames sources(*tx, source_names_);
  ASSIGN_OR_RETURN(auto view, ReadMatchView(*tx, m, sources));
  view.merge_id = decided.merge_id;
  RETURN_IF_ERROR(AuditRead(actor, "match.read", "match", m.id, MatchViewsDetail({view})));
  return view;
}

Result<std::vector<CallbackView>> Registry::ListCallbackViews(const std::string& actor,
                                                              std::optional<CallbackState> state,
                                                              int limit) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(auto tasks, tx->ListCallbacks(state, limit));
  std::vector<CallbackView> views;
  std::vector<std::string> inquiries, persons;
  for (const auto& t : tasks) {
    std::optional<Inquiry> q;
    std::optional<Person> p;
    RETURN_IF_ERROR(ReadSide(
        t.inquiry_id, [&](auto& id) { return tx->GetInquiry(id); }, q));
    RETURN_IF_ERROR(ReadSide(
        t.person_id, [&](auto& id) { return tx->GetPerson(id); }, p));
    if (!q || !p) continue;  // purged since: nobody left to call about
    // What to tell them: the status and where, in one line the operator can read out.
    std::string name = p->display_name().empty() ? q->sought_name : p->display_name();
    std::string message = fmt::format(
        "Call {}{}, {}, about {}: {}{}", q->inquirer_name,
        q->inquirer_relation.empty() ? "" : " (" + q->inquirer_relation + ")", q->callback_phone,
        name, ToString(p->status), p->facility.empty() ? "" : ", " + p->facility);
    inquiries.push_back(q->id);
    persons.push_back(p->id);
    std::string holder;
    if (!t.claimed_by.empty()) {
      auto user = tx->GetUser(t.claimed_by);
      if (!user.ok() && user.status().code() != StatusCode::kNotFound) return user.status();
      holder = user.ok() ? user->username : t.claimed_by;
    }
    views.push_back({.task = t,
                     .inquiry = std::move(*q),
                     .person = std::move(*p),
                     .message = std::move(message),
                     .claimed_by_name = std::move(holder)});
  }
  RETURN_IF_ERROR(AuditRead(actor, "callback.list", "inquiry", "",
                            ShownDetail({{"inquiries", inquiries}, {"persons", persons}})));
  return views;
}

Result<std::vector<SearchHitView>> Registry::SearchViews(const std::string& actor,
                                                         std::string_view query,
                                                         const index::SearchOptions& options) {
  ASSIGN_OR_RETURN(auto hits, Search(actor, query, options));  // audits the ids found
  std::vector<SearchHitView> views;
  views.reserve(hits.size());
  for (auto& h : hits) views.push_back({.hit = std::move(h)});
  // Names the cache knows need no transaction: the search page shows one beside every hit.
  bool unknown_source = false;
  for (auto& v : views) {
    if (v.hit.status_source_id.empty()) continue;
    if (auto name = source_names_.Find(v.hit.status_source_id)) {
      v.status_source_name = std::move(*name);
    } else {
      unknown_source = true;
    }
  }
  if (!unknown_source) return views;
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  SourceNames sources(*tx, source_names_);
  for (auto& v : views) {
    ASSIGN_OR_RETURN(v.status_source_name, sources.Get(v.hit.status_source_id));
  }
  return views;
}

Result<std::vector<AuditEvent>> Registry::QueryAudit(const std::string& actor,
                                                     const AuditFilter& filter_in) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  AuditFilter filter = filter_in;
  // Actor ids are "usr_…", "tok_…", "cli:…", "system:…" or "anonymous"; anything else is a name.
  const std::string& who = filter.actor;
  const bool is_id = who.empty() || who == "anonymous" || who.find(':') != std::string::npos ||
                     who.rfind(std::string(kUserIdPrefix) + "_", 0) == 0 ||
                     who.rfind("tok_", 0) == 0;
  if (!is_id) {
    ASSIGN_OR_RETURN(auto user, tx->FindUserByUsername(who));
    if (!user) {
      RETURN_IF_ERROR(AuditRead(actor, "audit.query", "audit", filter.entity_id));
      return std::vector<AuditEvent>{};
    }
    filter.actor = user->id;
  }
  ASSIGN_OR_RETURN(auto rows, tx->QueryAudit(filter));
  RETURN_IF_ERROR(AuditRead(actor, "audit.query", "audit", filter.entity_id));
  return rows;
}

Result<std::map<std::string, std::string>> Registry::UserNames(
    const std::vector<std::string>& actor_ids) {
  std::map<std::string, std::string> names;
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  for (const auto& id : actor_ids) {
    if (names.count(id) || id.rfind(std::string(kUserIdPrefix) + "_", 0) != 0) continue;
    auto user = tx->GetUser(id);
    if (user.status().code() == StatusCode::kNotFound) continue;
    RETURN_IF_ERROR(user.status());
    names[id] = user->username;
  }
  return names;
}

Result<access::AuditVerification> Registry::VerifyAudit() {
  return access::VerifyAuditChain(store_);
}

Result<SchemaStatus> Registry::GetSchemaStatus() {
  SchemaStatus out{.latest = store_.LatestSchemaVersion()};
  auto v = store_.SchemaVersion();
  if (v.ok()) out.current = *v;
  return out;
}

Result<Source> Registry::GetSource(const std::string& id) {
  ASSIGN_OR_RETURN(auto tx, store_.Begin(TransactionMode::kRead));
  return tx->GetSource(id);
}

}  // namespace aftermath
