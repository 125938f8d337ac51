#include "demo/population/weighted_list.h"

#include <algorithm>

namespace aftermath::population {

void WeightedList::Add(const std::u32string& item, double weight, uint8_t tag) {
  if (!(weight > 0) || item.empty()) return;
  auto [it, inserted] = index_.try_emplace(item, items_.size());
  if (inserted) {
    items_.push_back(item);
    weights_.push_back(weight);
    tags_.push_back(tag);
  } else {
    weights_[it->second] += weight;
  }
  total_ += weight;
  dirty_ = true;
}

void WeightedList::Normalize(double total) {
  if (total_ <= 0) return;
  double f = total / total_;
  for (double& w : weights_) w *= f;
  total_ = total;
  dirty_ = true;
}

void WeightedList::Merge(const WeightedList& other, double factor) {
  for (size_t i = 0; i < other.size(); ++i) {
    Add(other.items_[i], other.weights_[i] * factor, other.tags_[i]);
  }
}

void WeightedList::Rebuild() const {
  cumulative_.resize(weights_.size());
  double sum = 0;
  for (size_t i = 0; i < weights_.size(); ++i) {
    sum += weights_[i];
    cumulative_[i] = sum;
  }
  dirty_ = false;
}

size_t WeightedList::SampleIndex(Rng& rng) const {
  if (dirty_) Rebuild();
  double x = rng.Uniform() * cumulative_.back();
  size_t i = std::upper_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin();
  return std::min(i, items_.size() - 1);
}

}  // namespace aftermath::population
