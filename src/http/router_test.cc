#include "http/router.h"

#include <gtest/gtest.h>

namespace aftermath::http {
namespace {

Response Echo(Request& req) {
  Response r;
  r.body = req.path_params["id"];
  return r;
}

TEST(RouterTest, MatchesPatternsAndFillsParams) {
  Router router({{"GET", "/api/v1/persons/{id}", Echo}});
  Request req{.method = "GET", .path = "/api/v1/persons/per_123"};
  std::string pattern;
  Response r = router.Dispatch(req, &pattern);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "per_123");
  EXPECT_EQ(pattern, "/api/v1/persons/{id}");
}

TEST(RouterTest, UnknownPathIs404AndWrongMethodIs405) {
  Router router({{"GET", "/api/v1/persons/{id}", Echo}});
  Request missing{.method = "GET", .path = "/api/v1/nothing"};
  EXPECT_EQ(router.Dispatch(missing).status, 404);
  Request wrong{.method = "DELETE", .path = "/api/v1/persons/x"};
  Response r = router.Dispatch(wrong);
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET");
}

TEST(RouterTest, FallbackServesOnlyNonApiGets) {
  Router router({}, [](Request&) { return Response{.body = "static"}; });
  Request page{.method = "GET", .path = "/index.html"};
  EXPECT_EQ(router.Dispatch(page).body, "static");
  Request api{.method = "GET", .path = "/api/v1/unknown"};
  EXPECT_EQ(router.Dispatch(api).status, 404);
  Request post{.method = "POST", .path = "/index.html"};
  EXPECT_EQ(router.Dispatch(post).status, 404);
}

}  // namespace
}  // namespace aftermath::http
