// aftermath names: compare, normalize and evaluate names with the name engine (src/names).
#include <fmt/format.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "cli/commands.h"
#include "names/engine.h"
#include "names/eval.h"

namespace aftermath::cli {
namespace {

namespace json = boost::json;
using names::NameEngine;

constexpr std::string_view kDefaultPopulation = "../shared/data/population";

constexpr const char* kUsage =
    "usage: aftermath names compare [options] \"NAME A\" \"NAME B\"\n"
    "       aftermath names compare [options] --tsv      < pairs.tsv   (NAME A<TAB>NAME B a line)\n"
    "       aftermath names normalize [options] [--prefix] \"NAME\"\n"
    "       aftermath names eval [options] [--errors N] FILE.jsonl...\n"
    "\n"
    "compare prints {\"score\": 0.97, \"decision\": \"match|possible|non-match\", \"explain\": "
    "...,\n"
    "\"probability\": 0.99, \"kind\": \"cross-script\"} (the score calibrated for that kind of "
    "pair)\n"
    "one object a pair, in input order. normalize prints the parse and index keys as JSON.\n"
    "eval builds positive pairs and hard negatives from persons files and prints precision and\n"
    "recall at the match and possible decisions, overall and per kind of pair.\n"
    "\n"
    "options:\n"
    "  --population DIR   add name frequencies from DIR (default: "
    "../shared/data/population\n"
    "                     when it exists)\n"
    "  --no-population    use only the built-in frequency table\n"
    "  --help             this text\n";

int Usage(const std::string& error) {
  std::fprintf(stderr, "aftermath names: %s\n%s", error.c_str(), kUsage);
  return kExitUsage;
}

std::string CompareJson(const names::Comparison& c) {
  return fmt::format(
      "{{\"score\": {:.3f}, \"decision\": \"{}\", \"explain\": {}, \"probability\": {:.3f}, "
      "\"kind\": \"{}\"}}",
      c.score, names::DecisionName(c.decision), json::serialize(json::string(c.explain)),
      c.probability, names::PairClassName(c.pair_class));
}

std::string ErrorJson(const Status& status) {
  return fmt::format("{{\"score\": 0.000, \"decision\": \"non-match\", \"explain\": {}}}",
                     json::serialize(json::string("error: " + status.message())));
}

int CompareTsv(const NameEngine& engine) {
  std::ios::sync_with_stdio(false);
  std::string line, out;
  out.reserve(1 << 16);
  size_t line_no = 0;
  while (std::getline(std::cin, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      out +=
          ErrorJson(InvalidArgument(fmt::format("line {}: expected NAME A<TAB>NAME B", line_no)));
    } else {
      std::string_view a(line.data(), tab);
      std::string_view b(line.data() + tab + 1, line.size() - tab - 1);
      if (const size_t tab2 = b.find('\t'); tab2 != std::string_view::npos) b = b.substr(0, tab2);
      auto r = engine.Compare(a, b);
      out += r.ok() ? CompareJson(*r) : ErrorJson(r.status());
    }
    out += '\n';
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  return kExitOk;
}

json::object TokenJson(const names::NameToken& t) {
  json::object o;
  o["text"] = t.text;
  o["latin"] = t.latin;
  o["loose"] = t.loose;
  o["stem"] = t.stem;
  o["role"] = std::string(names::RoleName(t.role));
  o["script"] = std::string(names::ScriptName(t.script));
  o["initial"] = t.is_initial;
  if (t.is_prefix) o["prefix"] = true;
  if (t.inflected) o["inflected"] = true;
  o["sex"] = std::string(names::SexName(t.sex));
  o["rarity_pct"] = static_cast<int>(std::lround(t.rarity * 100.0));  // 0 common .. 100 rare
  json::array groups;
  for (uint16_t g : t.groups) groups.push_back(json::value(g));
  o["groups"] = std::move(groups);
  return o;
}

int Normalize(const NameEngine& engine, const std::string& text, names::PrefixMode prefix) {
  names::ParseOptions options;
  options.prefix = prefix;
  auto parsed = engine.Parse(text, options);
  if (!parsed.ok()) {
    std::fprintf(stderr, "aftermath names: %s\n", parsed.status().ToString().c_str());
    return kExitFailure;
  }
  json::object o;
  o["input"] = parsed->input;
  o["sex"] = std::string(names::SexName(parsed->sex));
  o["surname_first"] = parsed->surname_first;
  json::array tokens;
  for (const auto& t : parsed->tokens) tokens.push_back(TokenJson(t));
  o["tokens"] = std::move(tokens);
  json::array keys;
  for (const auto& k : engine.Keys(*parsed).All()) keys.push_back(json::string(k));
  o["keys"] = std::move(keys);
  std::printf("%s\n", json::serialize(o).c_str());
  return kExitOk;
}

Status ReadPersons(const std::string& path, std::vector<names::EvalPerson>* persons) {
  std::ifstream in(path);
  if (!in) return NotFound(fmt::format("cannot open {}", path));
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec || !v.is_object() || !v.as_object().contains("names") ||
        !v.as_object().at("names").is_array()) {
      return InvalidArgument(
          fmt::format("{} line {}: expected an object with \"names\"", path, line_no));
    }
    names::EvalPerson p;
    const auto& obj = v.as_object();
    if (auto* g = obj.if_contains("group"); g && g->is_string()) p.group = g->as_string().c_str();
    for (const auto& n : obj.at("names").as_array())
      if (n.is_string()) p.names.emplace_back(n.as_string().c_str());
    if (p.names.size() >= 2) persons->push_back(std::move(p));
  }
  return Status::Ok();
}

void PrintCounts(const std::string& label, const names::EvalCounts& c) {
  auto f1 = [](double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; };
  std::printf(
      "%-18s +%-6lld -%-6lld | match P=%.3f R=%.3f F1=%.3f | possible P=%.3f R=%.3f F1=%.3f\n",
      label.c_str(), static_cast<long long>(c.positives), static_cast<long long>(c.negatives),
      c.MatchPrecision(), c.MatchRecall(), f1(c.MatchPrecision(), c.MatchRecall()),
      c.PossiblePrecision(), c.PossibleRecall(), f1(c.PossiblePrecision(), c.PossibleRecall()));
}

int Eval(const NameEngine& engine, const std::vector<std::string>& files, int show_errors) {
  std::vector<names::EvalPerson> persons;
  for (const auto& f : files) {
    if (Status st = ReadPersons(f, &persons); !st.ok()) {
      std::fprintf(stderr, "aftermath names: %s\n", st.ToString().c_str());
      return kExitFailure;
    }
  }
  int64_t pseudonyms = 0;
  auto pairs = names::BuildEvalPairs(engine, persons, 1.0, &pseudonyms);
  auto report = names::Evaluate(engine, pairs);
  std::printf(
      "%zu persons, %zu pairs (%lld positive pairs sharing no word left out, %lld "
      "unparsable)\n",
      persons.size(), pairs.size(), static_cast<long long>(pseudonyms),
      static_cast<long long>(report.unparsable));
  PrintCounts("overall", report.overall);
  for (const auto& [kind, c] : report.by_kind) PrintCounts(kind, c);
  for (int i = 0; i < show_errors && i < static_cast<int>(report.errors.size()); ++i) {
    const auto& e = report.errors[i];
    auto r = engine.Compare(e.a, e.b);
    std::printf("%s\t%s\t%s\t%s\n", e.same ? "MISSED" : "FALSE", e.a.c_str(), e.b.c_str(),
                r.ok() ? CompareJson(*r).c_str() : r.status().ToString().c_str());
  }
  return kExitOk;
}

}  // namespace

int NamesCommand(const Args& args) {
  if (args.empty()) return Usage("missing subcommand");
  const std::string& sub = args[0];
  if (sub == "--help" || sub == "-h" || sub == "help") {
    std::printf("%s", kUsage);
    return kExitOk;
  }
  std::vector<std::string> positional;
  std::string population;
  bool no_population = false, tsv = false;
  names::PrefixMode prefix = names::PrefixMode::kWholeWords;
  int show_errors = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::printf("%s", kUsage);
      return kExitOk;
    } else if (a == "--tsv") {
      tsv = true;
    } else if (a == "--prefix") {
      prefix = names::PrefixMode::kLastTokenIsPrefix;
    } else if (a == "--no-population") {
      no_population = true;
    } else if (a == "--population" || a == "--errors") {
      if (i + 1 >= args.size()) return Usage(a + " needs a value");
      if (a == "--population") {
        population = args[++i];
      } else {
        show_errors = std::atoi(args[++i].c_str());
      }
    } else if (a.size() > 2 && a.rfind("--", 0) == 0) {
      return Usage("unknown option " + a);
    } else {
      positional.push_back(a);
    }
  }
  if (sub != "compare" && sub != "normalize" && sub != "eval") {
    return Usage("unknown subcommand '" + sub + "'");
  }
  if (sub == "compare" && !(tsv ? positional.empty() : positional.size() == 2)) {
    return Usage("compare takes two names, or --tsv and pairs on stdin");
  }
  if (sub == "normalize" && positional.size() != 1) return Usage("normalize takes one name");
  if (sub == "eval" && positional.empty()) return Usage("eval takes one or more files");

  names::EngineOptions options;
  if (!no_population) {
    if (!population.empty()) {
      options.population_dir = population;
    } else if (std::error_code ec; std::filesystem::is_directory(kDefaultPopulation, ec)) {
      options.population_dir = std::string(kDefaultPopulation);
    }
  }
  auto engine = NameEngine::Create(options);
  if (!engine.ok()) {
    std::fprintf(stderr, "aftermath names: %s\n", engine.status().ToString().c_str());
    return kExitFailure;
  }

  if (sub == "compare") {
    if (tsv) return CompareTsv(*engine);
    auto r = engine->Compare(positional[0], positional[1]);
    if (!r.ok()) {
      std::fprintf(stderr, "aftermath names: %s\n", r.status().ToString().c_str());
      return kExitFailure;
    }
    std::printf("%s\n", CompareJson(*r).c_str());
    return kExitOk;
  }
  if (sub == "normalize") return Normalize(*engine, positional[0], prefix);
  return Eval(*engine, positional, show_errors);
}

}  // namespace aftermath::cli
