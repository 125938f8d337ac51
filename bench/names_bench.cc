// Name engine throughput: Compare on pre-parsed names (what the index does: parse the query
// once, compare it against stored parsed names) and end-to-end parse + compare (what
// `aftermath names compare --tsv` does). Pairs are hand-written cross-script, Kazakh,
// Latin-alias and hard-negative cases, cycled.
//
//   build/bench/names_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <string>
#include <utility>
#include <vector>

#include "names/engine.h"

namespace {

using aftermath::names::CompareOptions;
using aftermath::names::Explain;
using aftermath::names::NameEngine;
using aftermath::names::ParsedName;

const std::vector<std::pair<std::string, std::string>>& Pairs() {
  static const auto* pairs = new std::vector<std::pair<std::string, std::string>>{
      {"Назарбаев Нурсултан Абишевич", "Nursultan NAZARBAYEV"},
      {"Қасым-Жомарт Кемелұлы Тоқаев", "Kassym-Jomart Tokayev"},
      {"К.-Ж. К. Токаев", "Tokayev Kassym-Jomart"},
      {"Сергей Викторович Лавров", "Sergei Viktorovich LAVROV"},
      {"Юрий Щербаков", "Iurii Scherbakov"},
      {"Андрей Соловьёв", "Andrei Soloviev"},
      {"Уладзімір Уладзіміравіч Гаўрылаў", "Vladimir Vladimirovich GAVRILOV"},
      {"Ivan Petrovich SIDOROV", "Ivan Sergeevich SIDOROV"},
      {"Иванов Иван", "Иванова Ирина"},
      {"Әсел Жұмабекқызы Нұрланова", "Assel NURLANOVA"},
      {"Саша Петрова", "Aleksandra PETROVA"},
      {"PETKEVICH, Natallia Uladzimirauna", "PIATKEVICH, Nataliya Vladimirovna"},
      {"Ерболат Әбішұлы Сейітов", "Ерболат Абишевич Сейтов"},
      {"Dmitry G. Petrov", "Dmitry Gennadyevich Petrov"},
      {"Olga Nikolaevna KOVALENKO", "Olga Mikhailovna KOVALENKO"},
      {"Serik Zhaksybekov", "Серик Джаксыбеков"},
  };
  return *pairs;
}

NameEngine& Engine() {
  static NameEngine* engine = new NameEngine(NameEngine::Create().value());
  return *engine;
}

// The index's hot loop: both names parsed once, no explanation text.
void BM_CompareParsed(benchmark::State& state) {
  std::vector<std::pair<ParsedName, ParsedName>> parsed;
  for (const auto& [a, b] : Pairs())
    parsed.emplace_back(Engine().Parse(a).value(), Engine().Parse(b).value());
  CompareOptions options;
  options.explain = Explain::kNone;
  size_t i = 0;
  for (auto _ : state) {
    const auto& [a, b] = parsed[i++ % parsed.size()];
    benchmark::DoNotOptimize(Engine().Compare(a, b, options));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompareParsed);

// As above with the explanation text (what the CLI prints).
void BM_CompareParsedExplained(benchmark::State& state) {
  std::vector<std::pair<ParsedName, ParsedName>> parsed;
  for (const auto& [a, b] : Pairs())
    parsed.emplace_back(Engine().Parse(a).value(), Engine().Parse(b).value());
  size_t i = 0;
  for (auto _ : state) {
    const auto& [a, b] = parsed[i++ % parsed.size()];
    benchmark::DoNotOptimize(Engine().Compare(a, b));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompareParsedExplained);

void BM_Parse(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) {
    const auto& p = Pairs()[i++ % Pairs().size()];
    benchmark::DoNotOptimize(Engine().Parse(i % 2 ? p.first : p.second));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Parse);

// End to end: parse both names and compare, with explanation.
void BM_ParseAndCompare(benchmark::State& state) {
  size_t i = 0;
  for (auto _ : state) {
    const auto& [a, b] = Pairs()[i++ % Pairs().size()];
    benchmark::DoNotOptimize(Engine().Compare(a, b));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseAndCompare);

}  // namespace

BENCHMARK_MAIN();
