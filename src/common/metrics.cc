#include "common/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <variant>

namespace aftermath::metrics {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  std::sort(bounds_.begin(), bounds_.end());
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i] = 0;
}

void Histogram::Observe(double v) {
  // Bucket i counts values <= bounds_[i] ("le"); the last counts the rest.
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s{bounds_, {}, sum_.load(std::memory_order_relaxed)};
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  return s;
}

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

namespace {

// Prometheus text escapes: backslash and newline always, the double quote in label values.
std::string Escape(std::string_view text, bool quote) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string EscapeHelp(std::string_view text) { return Escape(text, false); }

std::string EscapeLabelValue(std::string_view text) { return Escape(text, true); }

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);  // shortest form that reads back exactly: "0.0005", "12", "1e+16"
}

namespace {

// `{a="x",b="y"}` from names and values, with `extra` (le="...") last; empty without labels.
std::string Labels(const std::vector<std::string>& names, const std::vector<std::string>& values,
                   std::string_view extra = {}) {
  if (names.empty() && extra.empty()) return {};
  std::string out = "{";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    out += fmt::format("{}=\"{}\"", names[i], EscapeLabelValue(i < values.size() ? values[i] : ""));
  }
  if (!extra.empty()) {
    if (!names.empty()) out += ',';
    out += extra;
  }
  out += '}';
  return out;
}

}  // namespace

struct Registry::Entry {
  std::string name;
  std::string help;
  std::variant<std::unique_ptr<Family<Counter>>, std::unique_ptr<Family<Gauge>>,
               std::unique_ptr<Family<Histogram>>>
      family;

  void Render(std::string& out) const {
    const char* type = family.index() == 0   ? "counter"
                       : family.index() == 1 ? "gauge"
                                             : "histogram";
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, EscapeHelp(help), name, type);
    if (auto* counters = std::get_if<0>(&family)) {
      RenderSimple(**counters, out);
    } else if (auto* gauges = std::get_if<1>(&family)) {
      RenderSimple(**gauges, out);
    } else {
      const auto& histograms = *std::get<2>(family);
      const auto& names = histograms.label_names();
      histograms.ForEach([&](const std::vector<std::string>& values, const Histogram& h) {
        auto s = h.Read();
        for (size_t i = 0; i <= s.bounds.size(); ++i) {
          std::string le = fmt::format(
              "le=\"{}\"", i < s.bounds.size() ? FormatValue(s.bounds[i]) : std::string("+Inf"));
          out += fmt::format("{}_bucket{} {}\n", name, Labels(names, values, le), s.cumulative[i]);
        }
        std::string labels = Labels(names, values);
        out += fmt::format("{}_sum{} {}\n", name, labels, FormatValue(s.sum));
        out += fmt::format("{}_count{} {}\n", name, labels, s.cumulative.back());
      });
    }
  }

  template <typename M>
  void RenderSimple(const Family<M>& f, std::string& out) const {
    f.ForEach([&](const std::vector<std::string>& values, const M& m) {
      out +=
          fmt::format("{}{} {}\n", name, Labels(f.label_names(), values), FormatValue(m.Value()));
    });
  }
};

Registry::Registry() = default;
Registry::~Registry() = default;

template <typename M>
Family<M>& Registry::Add(std::string name, std::string help, std::vector<std::string> label_names,
                         std::function<std::unique_ptr<M>()> factory) {
  bool unlabelled = label_names.empty();
  auto family = std::make_unique<Family<M>>(std::move(label_names), std::move(factory));
  auto& ref = *family;
  // A metric without labels shows from the start (as 0), not only after its first update.
  if (unlabelled) ref.Get();
  MutexLock lock(&mu_);
  entries_.push_back(
      std::make_unique<Entry>(Entry{std::move(name), std::move(help), std::move(family)}));
  return ref;
}

Family<Counter>& Registry::AddCounter(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  return Add<Counter>(std::move(name), std::move(help), std::move(label_names),
                      [] { return std::make_unique<Counter>(); });
}

Family<Gauge>& Registry::AddGauge(std::string name, std::string help,
                                  std::vector<std::string> label_names) {
  return Add<Gauge>(std::move(name), std::move(help), std::move(label_names),
                    [] { return std::make_unique<Gauge>(); });
}

Family<Histogram>& Registry::AddHistogram(std::string name, std::string help,
                                          std::vector<std::string> label_names,
                                          std::vector<double> bounds) {
  return Add<Histogram>(std::move(name), std::move(help), std::move(label_names),
                        [bounds] { return std::make_unique<Histogram>(bounds); });
}

void Registry::OnCollect(std::function<void()> collect) {
  MutexLock lock(&mu_);
  collectors_.push_back(std::move(collect));
}

std::string Registry::Render() const {
  MutexLock lock(&mu_);
  for (const auto& collect : collectors_) collect();
  std::string out;
  for (const auto& e : entries_) e->Render(out);
  return out;
}

}  // namespace aftermath::metrics
