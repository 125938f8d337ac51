#include "http/routes.h"

#include "http/handlers.h"

namespace aftermath::http {

Router MakeRouter(ApiContext& ctx) {
  auto bind = [&ctx](Response (*h)(ApiContext&, Request&)) {
    return [&ctx, h](Request& req) { return h(ctx, req); };
  };
  return Router(
      {
          {"GET", "/healthz", bind(Healthz)},
          {"GET", "/api/v1/version", bind(Version)},
          {"POST", "/api/v1/sources", bind(CreateSource)},
          {"GET", "/api/v1/sources", bind(ListSources)},
          {"POST", "/api/v1/persons", bind(CreatePerson)},
          {"GET", "/api/v1/persons", bind(ListPersons)},
          {"GET", "/api/v1/persons/{id}", bind(GetPerson)},
          {"GET", "/api/v1/persons/{id}/history", bind(PersonHistory)},
          {"POST", "/api/v1/reports", bind(CreateReport)},
          {"GET", "/api/v1/reports", bind(ListReports)},
          {"GET", "/api/v1/reports/{id}", bind(GetReport)},
          {"POST", "/api/v1/inquiries", bind(CreateInquiry)},
          {"GET", "/api/v1/inquiries", bind(ListInquiries)},
          {"GET", "/api/v1/inquiries/{id}", bind(GetInquiry)},
          {"PATCH", "/api/v1/inquiries/{id}", bind(UpdateInquiry)},
      },
      ctx.web_root.empty() ? Handler() : bind(StaticFile));
}

}  // namespace aftermath::http
