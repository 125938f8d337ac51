// A list of names with weights (counts) to draw from in proportion to the weights.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "demo/population/rng.h"

namespace aftermath::population {

class WeightedList {
 public:
  // Adds `weight` to `item` (an item added twice accumulates). Ignores weight <= 0.
  // `tag` is a caller's label kept with the item (the first one given wins).
  void Add(const std::u32string& item, double weight, uint8_t tag = 0);
  // Scales all weights so that they sum to `total` (to mix lists of different sizes).
  void Normalize(double total);
  // Adds every item of `other` with its weight times `factor`.
  void Merge(const WeightedList& other, double factor);

  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  double total() const { return total_; }
  const std::u32string& item(size_t i) const { return items_[i]; }
  double weight(size_t i) const { return weights_[i]; }
  uint8_t tag(size_t i) const { return tags_[i]; }

  // The index of an item drawn in proportion to its weight. REQUIRES: !empty().
  size_t SampleIndex(Rng& rng) const;
  const std::u32string& Sample(Rng& rng) const { return items_[SampleIndex(rng)]; }

 private:
  void Rebuild() const;

  std::vector<std::u32string> items_;
  std::vector<double> weights_;
  std::vector<uint8_t> tags_;
  std::unordered_map<std::u32string, size_t> index_;
  double total_ = 0;
  // Prefix sums for binary search, rebuilt lazily after a change.
  mutable std::vector<double> cumulative_;
  mutable bool dirty_ = true;
};

}  // namespace aftermath::population
