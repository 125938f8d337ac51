#include "common/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>

namespace aftermath::metrics {
namespace {

TEST(MetricsTest, EscapesHelpAndLabelValues) {
  EXPECT_EQ(EscapeHelp("a\\b\nc \"q\""), "a\\\\b\\nc \"q\"");
  EXPECT_EQ(EscapeLabelValue("a\\b\nc \"q\""), "a\\\\b\\nc \\\"q\\\"");
}

TEST(MetricsTest, FormatsValues) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(12), "12");
  EXPECT_EQ(FormatValue(0.0005), "0.0005");
  EXPECT_EQ(FormatValue(-2.5), "-2.5");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatValue(std::nan("")), "NaN");
  EXPECT_EQ(std::stod(FormatValue(1767225600.125)), 1767225600.125);
}

TEST(MetricsTest, RendersCountersAndGaugesWithLabels) {
  Registry r;
  auto& requests = r.AddCounter("x_requests_total", "Requests.\nBy route.", {"route", "code"});
  requests.With({"/a/{id}", "200"}).Inc();
  requests.With({"/a/{id}", "200"}).Inc(2);
  requests.With({"say \"hi\"\\", "404"}).Inc();
  r.AddGauge("x_open", "Open things.").Get().Set(7);
  EXPECT_EQ(r.Render(),
            "# HELP x_requests_total Requests.\\nBy route.\n"
            "# TYPE x_requests_total counter\n"
            "x_requests_total{route=\"/a/{id}\",code=\"200\"} 3\n"
            "x_requests_total{route=\"say \\\"hi\\\"\\\\\",code=\"404\"} 1\n"
            "# HELP x_open Open things.\n"
            "# TYPE x_open gauge\n"
            "x_open 7\n");
}

TEST(MetricsTest, UnlabelledMetricsShowZeroBeforeTheirFirstUpdate) {
  Registry r;
  r.AddCounter("x_total", "X.");
  r.AddCounter("y_total", "Y.", {"kind"});
  EXPECT_EQ(r.Render(),
            "# HELP x_total X.\n# TYPE x_total counter\nx_total 0\n"
            "# HELP y_total Y.\n# TYPE y_total counter\n");
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  Registry r;
  auto& h = r.AddHistogram("x_seconds", "Latency.", {"route"}, {0.1, 1, 0.5});  // sorted
  auto& child = h.With({"/r"});
  child.Observe(0.05);
  child.Observe(0.1);  // on a bound: counted in that bucket ("le")
  child.Observe(0.7);
  child.Observe(30);
  EXPECT_EQ(r.Render(),
            "# HELP x_seconds Latency.\n"
            "# TYPE x_seconds histogram\n"
            "x_seconds_bucket{route=\"/r\",le=\"0.1\"} 2\n"
            "x_seconds_bucket{route=\"/r\",le=\"0.5\"} 2\n"
            "x_seconds_bucket{route=\"/r\",le=\"1\"} 3\n"
            "x_seconds_bucket{route=\"/r\",le=\"+Inf\"} 4\n"
            "x_seconds_sum{route=\"/r\"} 30.85\n"
            "x_seconds_count{route=\"/r\"} 4\n");
}

TEST(MetricsTest, HistogramWithoutLabels) {
  Registry r;
  r.AddHistogram("x_seconds", "Latency.", {}, {1}).Get().Observe(2);
  EXPECT_EQ(r.Render(),
            "# HELP x_seconds Latency.\n"
            "# TYPE x_seconds histogram\n"
            "x_seconds_bucket{le=\"1\"} 0\n"
            "x_seconds_bucket{le=\"+Inf\"} 1\n"
            "x_seconds_sum 2\n"
            "x_seconds_count 1\n");
}

TEST(MetricsTest, CollectorsRunOnEveryRender) {
  Registry r;
  auto& g = r.AddGauge("x_queue", "Queue.").Get();
  int calls = 0;
  r.OnCollect([&] { g.Set(++calls * 10); });
  EXPECT_NE(r.Render().find("x_queue 10\n"), std::string::npos);
  EXPECT_NE(r.Render().find("x_queue 20\n"), std::string::npos);
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  Registry r;
  auto& c = r.AddCounter("x_total", "X.", {"t"});
  auto& h = r.AddHistogram("x_seconds", "X.", {}, LatencyBuckets()).Get();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        c.With({t % 2 ? "odd" : "even"}).Inc();
        h.Observe(0.001 * (i % 7));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.With({"odd"}).Value() + c.With({"even"}).Value(), 40000);
  EXPECT_EQ(h.Read().cumulative.back(), 40000u);
}

}  // namespace
}  // namespace aftermath::metrics
