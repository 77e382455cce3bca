#include "metrics/counter_set.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "absl/container/node_hash_map.h"
#include "absl/strings/string_view.h"
#include "metrics/label_value.h"

namespace fwlog {
namespace {

bool InList(std::string_view value, const std::vector<std::string>& values) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool SameFilters(const std::vector<FieldFilter>& a, const std::vector<FieldFilter>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const FieldFilter& x, const FieldFilter& y) {
    return x.field == y.field && x.values == y.values;
  });
}

// Reads one field of an Event as label text: a text field straight from its
// member (resolved once, not through Get()'s switch per read), action and
// time through ActionName / Event::Get.
//
// Word(): the same value as one 64-bit word and a tag, when it fits one: a
// text of at most 8 bytes packed (tag = its length), a range or service with
// the enricher's identity (tag kIdentityTag; the identity's address and the
// text's length), the action's enum (tag kActionTag). Equal (word, tag) pairs
// mean equal text, so a tuple of them is a series key that needs no copying
// or hashing of text.
class FieldReader {
 public:
  static constexpr std::uint8_t kIdentityTag = 0xff;
  static constexpr std::uint8_t kActionTag = 0xfe;

  explicit FieldReader(Field field) : field_(field), member_(Member(field)), identity_(IdentityMember(field)) {}
  std::string_view Read(const Event& event) const {
    if (member_ != nullptr) return event.*member_;
    if (field_ == Field::kAction) return ActionName(event.action);
    return event.Get(field_);
  }
  bool HasWord() const { return member_ != nullptr || field_ == Field::kAction; }
  // The enricher's identity of the field's text (range, service), or null:
  // events with the same non-null identity have the same text.
  const char* IdentityOf(const Event& event) const { return identity_ != nullptr ? event.*identity_ : nullptr; }
  bool Word(const Event& event, std::uint64_t& word, std::uint8_t& tag) const {
    if (member_ == nullptr) {
      word = static_cast<std::uint64_t>(event.action);
      tag = kActionTag;
      return field_ == Field::kAction;
    }
    const std::string_view text = event.*member_;
    const std::size_t n = text.size();
    if (n <= 8) {
      word = Pack(text);
      tag = static_cast<std::uint8_t>(n);
      return true;
    }
    if (identity_ != nullptr && event.*identity_ != nullptr && n < (std::size_t{1} << 16)) {
      const auto address = reinterpret_cast<std::uintptr_t>(event.*identity_);
      if (address >> 48 != 0) return false;
      word = static_cast<std::uint64_t>(address) | static_cast<std::uint64_t>(n) << 48;
      tag = kIdentityTag;
      return true;
    }
    return false;
  }

  // The bytes of a text of at most 8 bytes, zero-padded, read without
  // touching a byte past its end (two overlapping loads: the storage a view
  // points into may end there).
  static std::uint64_t Pack(std::string_view text) {
    const char* p = text.data();
    const std::size_t n = text.size();
    if (n >= 4) {
      std::uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      return std::uint64_t{lo} | std::uint64_t{hi} << ((n - 4) * 8);
    }
    std::uint64_t word = 0;
    if (n > 0) {
      word = static_cast<unsigned char>(p[0]) | std::uint64_t{static_cast<unsigned char>(p[n / 2])} << (n / 2 * 8) |
             std::uint64_t{static_cast<unsigned char>(p[n - 1])} << ((n - 1) * 8);
    }
    return word;
  }

 private:
  using Text = std::string_view Event::*;
  using Identity = const char* Event::*;

  static Identity IdentityMember(Field field) {
    if (field == Field::kRange) return &Event::range_identity;
    if (field == Field::kService) return &Event::service_identity;
    return nullptr;
  }
  static Text Member(Field field) {
    switch (field) {
      case Field::kTime:
      case Field::kAction:
        return nullptr;
      case Field::kHost:
        return &Event::host;
      case Field::kRule:
        return &Event::rule;
      case Field::kIn:
        return &Event::in;
      case Field::kOut:
        return &Event::out;
      case Field::kFamily:
        return &Event::family;
      case Field::kProto:
        return &Event::proto;
      case Field::kSrc:
        return &Event::src;
      case Field::kDst:
        return &Event::dst;
      case Field::kSport:
        return &Event::sport;
      case Field::kPort:
        return &Event::port;
      case Field::kTcpFlags:
        return &Event::tcp_flags;
      case Field::kRange:
        return &Event::range;
      case Field::kService:
        return &Event::service;
      case Field::kCountry:
        return &Event::country;
      case Field::kHour:
        return &Event::hour;
      case Field::kInput:
        return &Event::input;
    }
    return nullptr;
  }

  Field field_;
  Text member_;
  Identity identity_;
};

// A match/exclude list. When every listed value is at most 8 bytes, a value
// is looked for by its FieldReader word (a longer value is in no such list).
struct Filter {
  Filter(Field field, std::vector<std::string> list) : reader(field), values(std::move(list)) {
    words_only = reader.HasWord() && field != Field::kAction &&
                 std::all_of(values.begin(), values.end(), [](const std::string& v) { return v.size() <= 8; });
    for (const auto& v : values) words.emplace_back(FieldReader::Pack(v), static_cast<std::uint8_t>(v.size()));
  }
  bool Contains(const Event& event) {
    // A range or service filter remembers its last answer by the text's
    // identity: most events repeat the range ("other") of the one before.
    const char* identity = reader.IdentityOf(event);
    if (identity != nullptr && identity == last_identity) return last_answer;
    const bool answer = Look(event);
    if (identity != nullptr) {
      last_identity = identity;
      last_answer = answer;
    }
    return answer;
  }
  bool Look(const Event& event) const {
    std::uint64_t word;
    std::uint8_t tag;
    if (words_only && reader.Word(event, word, tag)) {
      for (const auto& [w, t] : words)
        if (w == word && t == tag) return true;
      return false;
    }
    return InList(reader.Read(event), values);
  }

  FieldReader reader;
  std::vector<std::string> values;
  std::vector<std::pair<std::uint64_t, std::uint8_t>> words;
  bool words_only = false;
  const char* last_identity = nullptr;
  bool last_answer = false;
};

// A series key of up to kFastLabels label values as FieldReader words, and
// their tags packed in one word (byte i: label i's tag). Built in registers:
// tags stored byte by byte and read back as one word would stall the load
// (no store forwarding from several narrow stores to a wider load).
constexpr std::size_t kFastLabels = 4;
struct FastKey {
  std::array<std::uint64_t, kFastLabels> words{};
  std::uint32_t tags = 0;

  // Spelled out: std::array's == compiles to a memcmp call here.
  bool operator==(const FastKey& o) const {
    return words[0] == o.words[0] && words[1] == o.words[1] && words[2] == o.words[2] && words[3] == o.words[3] &&
           tags == o.tags;
  }
};

// Independent multiplies (no chain from word to word), folded, then mixed so
// that both ends of the result vary: absl's tables take the probe position
// from the high bits and a 7-bit tag from the low ones. A functor rather
// than AbslHashValue, so that it inlines into Count().
struct FastKeyHash {
  std::size_t operator()(const FastKey& key) const {
    std::uint64_t x = key.words[0] * 0x9e3779b97f4a7c15ULL ^ key.words[1] * 0xc2b2ae3d27d4eb4fULL ^
                      key.words[2] * 0x165667b19e3779f9ULL ^ key.words[3] * 0xd6e8feb86659fd93ULL ^ key.tags;
    x ^= x >> 32;
    x *= 0x9e3779b97f4a7c15ULL;
    x ^= x >> 29;
    return static_cast<std::size_t>(x);
  }
};

// A label's values as small numbers 0..domain-1, so that a metric whose
// labels all have small domains finds its series by indexing an array: no
// key to build, hash or compare. An hour ("00".."23") and a country code
// (two capital letters) are numbered by their text. Any other label with a
// FieldReader word (action, protocol, range, ...) is numbered in the order
// its values are first seen, up to kInterned of them; a value beyond that,
// or a text that is not an hour or a code ("private"), has no number and the
// event takes the hashed path. A number always stands for one label text.
class DenseLabel {
 public:
  static constexpr std::uint32_t kInterned = 16;

  explicit DenseLabel(Field field) : reader_(field) {
    kind_ = field == Field::kHour ? Kind::kHour : field == Field::kCountry ? Kind::kCountry : Kind::kInterned;
  }
  static bool Supports(Field field) { return FieldReader(field).HasWord(); }
  std::uint32_t domain() const { return kind_ == Kind::kHour ? 24 : kind_ == Kind::kCountry ? 26 * 26 : kInterned; }
  // False when an interned label has met more values than it can number.
  bool full() const { return full_; }

  bool Id(const Event& event, std::uint32_t& id) {
    if (kind_ != Kind::kInterned) {
      const std::string_view text = reader_.Read(event);
      if (text.size() != 2) return false;
      const auto a = static_cast<unsigned>(static_cast<unsigned char>(text[0]));
      const auto b = static_cast<unsigned>(static_cast<unsigned char>(text[1]));
      if (kind_ == Kind::kHour) {
        id = (a - '0') * 10 + (b - '0');
        return a - '0' <= 2 && b - '0' <= 9 && id < 24;
      }
      id = (a - 'A') * 26 + (b - 'A');
      return a - 'A' < 26 && b - 'A' < 26;
    }
    std::uint64_t word;
    std::uint8_t tag;
    if (!reader_.Word(event, word, tag)) return false;
    for (std::uint32_t i = 0; i < count_; ++i) {
      if (words_[i] == word && tags_[i] == tag) {
        id = i;
        return true;
      }
    }
    if (count_ == kInterned) {
      full_ = true;
      return false;
    }
    words_[count_] = word;
    tags_[count_] = tag;
    id = count_++;
    return true;
  }

 private:
  enum class Kind { kHour, kCountry, kInterned };
  FieldReader reader_;
  Kind kind_;
  std::uint32_t count_ = 0;
  bool full_ = false;
  std::array<std::uint64_t, kInterned> words_{};
  std::array<std::uint8_t, kInterned> tags_{};
};

// At most this many array slots per metric (16 KiB of series ids).
constexpr std::size_t kMaxDenseSlots = 4096;
// No series (an empty slot, no last series).
constexpr std::uint32_t kNoSeries = 0xffffffff;
constexpr std::size_t kNoMetric = ~std::size_t{0};

}  // namespace

struct CounterSet::Metric {
  MetricSpec spec;
  std::string definition;
  std::uint32_t number = 0;  // its index in metrics_
  prometheus::Family<prometheus::Counter>* counters = nullptr;
  prometheus::Family<prometheus::Gauge>* gauges = nullptr;
  // Series by their label values joined with \x1f (node map: series_
  // points into it).
  absl::node_hash_map<std::string, Series> series;
  // The same series' ids by FastKey, filled as events find them; bounded by
  // fast_capacity (keys that went to the overflow series are kept too, while
  // there is room). Unused (fast_labels false) when a label cannot make a word.
  absl::flat_hash_map<FastKey, std::uint32_t, FastKeyHash> fast;
  // The last series found by FastKey, and its key: consecutive events often
  // share a series (the hour, the verdict and protocol), which then costs no
  // hash probe. Ids never change, so this never goes stale.
  FastKey last_key;
  std::uint32_t last = kNoSeries;
  bool fast_labels = false;
  std::size_t fast_capacity = 0;
  // The series by their labels' DenseLabel numbers (index: the numbers in
  // mixed radix), filled as events find them; empty when the labels' domains
  // multiply to more than kMaxDenseSlots, cleared for good when an interned
  // label meets more values than it can number.
  std::vector<DenseLabel> dense_labels;
  std::vector<std::uint32_t> dense;  // series ids, kNoSeries: not yet found
  Series overflow;
  prometheus::Counter* overflow_total = nullptr;
  std::uint64_t overflow_pending = 0;  // not yet added to overflow_total
  std::vector<FieldReader> labels;
  std::vector<Filter> match;
  std::vector<Filter> exclude;
  // An earlier metric with the same match and exclude lists, whose answer
  // for the event this one takes (the default range metrics share theirs),
  // or kNoMetric.
  std::size_t same_filters_as = kNoMetric;
  std::string key;

  bool MakeFastKey(const Event& event, FastKey& out) const {
    std::uint32_t tags = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      std::uint8_t tag = 0;
      if (!labels[i].Word(event, out.words[i], tag)) return false;
      tags |= std::uint32_t{tag} << (8 * i);
    }
    out.tags = tags;
    return true;
  }

  // The event's slot in `dense`, or false when a label value has no number.
  bool DenseSlot(const Event& event, std::size_t& slot) {
    std::size_t index = 0, stride = 1;
    for (auto& label : dense_labels) {
      std::uint32_t id;
      if (!label.Id(event, id)) {
        if (label.full()) {
          dense.clear();
          dense.shrink_to_fit();
        }
        return false;
      }
      index += id * stride;
      stride *= label.domain();
    }
    slot = index;
    return true;
  }

  bool Accepts(const Event& event) {
    for (auto& f : match)
      if (!f.Contains(event)) return false;
    for (auto& f : exclude)
      if (f.Contains(event)) return false;
    return true;
  }
};

CounterSet::CounterSet(prometheus::Registry& registry, const std::vector<MetricSpec>& specs,
                       prometheus::Family<prometheus::Counter>& overflow_family)
    : registry_(registry) {
  // Grow only when series are made, which allocates anyway.
  dirty_.reserve(4096);
  series_.reserve(4096);
  pending_.reserve(4096);
  overflowed_.reserve(specs.size());
  for (const auto& spec : specs) {
    auto m = std::make_unique<Metric>();
    m->spec = spec;
    m->definition = Definition(spec);
    for (auto f : spec.labels) m->labels.emplace_back(f);
    for (const auto& f : spec.match) m->match.emplace_back(f.field, f.values);
    for (const auto& f : spec.exclude) m->exclude.emplace_back(f.field, f.values);
    if (!spec.match.empty() || !spec.exclude.empty()) {
      for (std::size_t i = 0; i < metrics_.size() && m->same_filters_as == kNoMetric; ++i) {
        const MetricSpec& other = metrics_[i]->spec;
        if (SameFilters(spec.match, other.match) && SameFilters(spec.exclude, other.exclude)) m->same_filters_as = i;
      }
    }
    m->key.reserve(256);
    m->fast_labels = spec.labels.size() <= kFastLabels &&
                     std::all_of(m->labels.begin(), m->labels.end(), [](const FieldReader& r) { return r.HasWord(); });
    m->fast_capacity = spec.max_series > 0 ? 2 * spec.max_series + 1024 : std::size_t{1} << 20;
    if (!spec.labels.empty() && std::all_of(spec.labels.begin(), spec.labels.end(), DenseLabel::Supports)) {
      std::size_t slots = 1;
      for (auto f : spec.labels) {
        m->dense_labels.emplace_back(f);
        slots = std::min(slots * m->dense_labels.back().domain(), kMaxDenseSlots + 1);
      }
      if (slots <= kMaxDenseSlots)
        m->dense.assign(slots, kNoSeries);
      else
        m->dense_labels.clear();
    }
    if (spec.kind == MetricKind::kCounter) {
      m->counters = &prometheus::BuildCounter().Name(spec.name).Help(spec.help).Register(registry);
    } else {
      m->gauges = &prometheus::BuildGauge().Name(spec.name).Help(spec.help).Register(registry);
    }
    m->overflow_total = &overflow_family.Add({{"metric", spec.name}});
    m->number = static_cast<std::uint32_t>(metrics_.size());
    m->overflow.metric = m->number;
    Number(m->overflow);  // its registry series is made when first needed
    m->series.reserve(spec.max_series > 0 ? std::min<std::size_t>(spec.max_series, 4096) : 64);
    // A counter by hour alone starts with all 24 hours at 0, so an hour-of-day
    // chart always has its 24 bars, unless a filter on the hour itself says
    // which hours the metric is about.
    const auto on_hour = [](const FieldFilter& f) { return f.field == Field::kHour; };
    if (spec.kind == MetricKind::kCounter && spec.labels.size() == 1 && spec.labels[0] == Field::kHour &&
        std::none_of(spec.match.begin(), spec.match.end(), on_hour) &&
        std::none_of(spec.exclude.begin(), spec.exclude.end(), on_hour)) {
      for (int h = 0; h < 24; ++h) {
        const std::string hour = (h < 10 ? "0" : "") + std::to_string(h);
        FindOrCreate(*m, hour + '\x1f', {hour});
      }
    }
    metrics_.push_back(std::move(m));
  }
  accepted_.assign(metrics_.size(), 0);
}

CounterSet::~CounterSet() {
  for (auto& m : metrics_) {
    if (m->counters) registry_.Remove(*m->counters);
    if (m->gauges) registry_.Remove(*m->gauges);
  }
}

std::string CounterSet::Definition(const MetricSpec& spec) {
  std::string d;
  d += spec.kind == MetricKind::kCounter ? "counter" : spec.kind == MetricKind::kFirstSeen ? "first_seen" : "last_seen";
  d += ";labels=";
  for (auto f : spec.labels) d += std::string(FieldName(f)) + ",";
  auto filters = [&d](const char* what, const std::vector<FieldFilter>& fs) {
    d += what;
    for (const auto& f : fs) {
      d += std::string(FieldName(f.field)) + ":";
      for (const auto& v : f.values) d += v + "|";
      d += ",";
    }
  };
  filters(";match=", spec.match);
  filters(";exclude=", spec.exclude);
  d += ";max_series=" + std::to_string(spec.max_series);
  return d;
}

CounterSet::Series* CounterSet::FindOrCreate(Metric& metric, const std::string& key,
                                             const std::vector<std::string>& values) {
  if (auto it = metric.series.find(key); it != metric.series.end()) return &it->second;
  const auto& spec = metric.spec;
  std::map<std::string, std::string> labels;
  Series series;
  if (spec.max_series > 0 && metric.series.size() >= spec.max_series) {
    metric.overflow_total->Increment();
    if (metric.overflow.counter == nullptr && metric.overflow.gauge == nullptr) {
      for (auto f : spec.labels) {
        labels[std::string(FieldName(f))] = "other";
        metric.overflow.labels.emplace_back(std::string(FieldName(f)), "other");
      }
      if (metric.counters)
        metric.overflow.counter = &metric.counters->Add(labels);
      else
        metric.overflow.gauge = &metric.gauges->Add(labels);
    }
    return &metric.overflow;
  }
  for (std::size_t i = 0; i < spec.labels.size(); ++i) {
    const std::string name(FieldName(spec.labels[i]));
    std::string value = SanitizeLabelValue(values[i]);
    labels[name] = value;
    series.labels.emplace_back(name, std::move(value));
  }
  if (metric.counters)
    series.counter = &metric.counters->Add(labels);
  else
    series.gauge = &metric.gauges->Add(labels);
  series.metric = metric.number;
  Series& made = metric.series.emplace(key, std::move(series)).first->second;
  Number(made);
  return &made;
}

void CounterSet::Number(Series& series) {
  series.id = static_cast<std::uint32_t>(series_.size());
  series_.push_back(&series);
  pending_.push_back(0);
}

void CounterSet::Apply(Metric& metric, std::uint32_t id, double time, bool is_new) {
  switch (metric.spec.kind) {
    case MetricKind::kCounter:
      if (pending_[id]++ == 0) dirty_.push_back(id);
      break;
    case MetricKind::kFirstSeen: {
      prometheus::Gauge& gauge = *series_[id]->gauge;
      if (is_new || time < gauge.Value()) gauge.Set(time);
      break;
    }
    case MetricKind::kLastSeen: {
      prometheus::Gauge& gauge = *series_[id]->gauge;
      if (is_new || time > gauge.Value()) gauge.Set(time);
      break;
    }
  }
}

void CounterSet::Count(const Event& event) {
  const double time = static_cast<double>(event.time);
  // One event into a series already found (Apply(), with a counter's add inline).
  const auto count = [this, time](Metric& metric, std::uint32_t id) {
    if (id == metric.overflow.id) CountOverflow(metric);
    if (metric.spec.kind == MetricKind::kCounter) {
      if (pending_[id]++ == 0) dirty_.push_back(id);
    } else {
      Apply(metric, id, time, false);
    }
  };
  for (std::size_t m = 0; m < metrics_.size(); ++m) {
    Metric& metric = *metrics_[m];
    const bool accepted =
        metric.same_filters_as == kNoMetric ? metric.Accepts(event) : accepted_[metric.same_filters_as] != 0;
    accepted_[m] = accepted;
    if (!accepted) continue;
    // By the labels' numbers first; a slot not yet filled is filled below
    // with the series the other paths find.
    std::size_t slot = 0;
    const bool dense = !metric.dense.empty() && metric.DenseSlot(event, slot);
    if (dense && metric.dense[slot] != kNoSeries) {
      count(metric, metric.dense[slot]);
      continue;
    }
    std::uint32_t id = kNoSeries;
    FastKey fast_key;
    const bool fast = metric.fast_labels && metric.MakeFastKey(event, fast_key);
    if (fast) {
      id = metric.last != kNoSeries && metric.last_key == fast_key ? metric.last : kNoSeries;
      if (id == kNoSeries) {
        if (const auto it = metric.fast.find(fast_key); it != metric.fast.end()) {
          id = it->second;
          metric.last = id;
          metric.last_key = fast_key;
        }
      }
      if (id != kNoSeries) count(metric, id);
    }
    if (id == kNoSeries) {
      id = CountByText(metric, event, time);
      if (fast && metric.fast.size() < metric.fast_capacity) metric.fast.emplace(fast_key, id);
    }
    if (dense) metric.dense[slot] = id;
  }
}

std::uint32_t CounterSet::CountByText(Metric& metric, const Event& event, double time) {
  metric.key.clear();
  for (const auto& reader : metric.labels) {
    metric.key.append(reader.Read(event));
    metric.key.push_back('\x1f');
  }
  // absl::string_view: Debian builds abseil with its own string_view type.
  auto it = metric.series.find(absl::string_view(metric.key.data(), metric.key.size()));
  if (it != metric.series.end()) {
    Apply(metric, it->second.id, time, false);
    return it->second.id;
  }
  const bool overflow_existed = metric.overflow.counter != nullptr || metric.overflow.gauge != nullptr;
  if (overflow_existed && metric.spec.max_series > 0 && metric.series.size() >= metric.spec.max_series) {
    // Full, with its overflow series in place: as FindOrCreate would, but
    // without copying the label values (a long one would allocate).
    CountOverflow(metric);
    Apply(metric, metric.overflow.id, time, false);
    return metric.overflow.id;
  }
  scratch_values_.clear();
  for (const auto& reader : metric.labels) scratch_values_.emplace_back(reader.Read(event));
  Series* series = FindOrCreate(metric, metric.key, scratch_values_);
  const bool is_new = series != &metric.overflow || !overflow_existed;
  Apply(metric, series->id, time, is_new);
  return series->id;
}

void CounterSet::CountOverflow(Metric& metric) {
  if (metric.overflow_pending++ == 0) overflowed_.push_back(&metric);
}

void CounterSet::Publish() {
  for (const std::uint32_t id : dirty_) {
    series_[id]->counter->Increment(static_cast<double>(pending_[id]));
    pending_[id] = 0;
  }
  dirty_.clear();
  for (Metric* metric : overflowed_) {
    metric->overflow_total->Increment(static_cast<double>(metric->overflow_pending));
    metric->overflow_pending = 0;
  }
  overflowed_.clear();
}

void CounterSet::PublishChanged(const ChangeVisitor& changed) {
  for (const std::uint32_t id : dirty_) {
    Series& s = *series_[id];
    s.counter->Increment(static_cast<double>(pending_[id]));
    pending_[id] = 0;
    changed(s.metric, id, s.labels, s.counter->Value());
  }
  dirty_.clear();
  Publish();  // the overflow totals
  for (const auto& mp : metrics_) {
    if (mp->gauges == nullptr) continue;
    for (const auto& [key, s] : mp->series) changed(s.metric, s.id, s.labels, s.gauge->Value());
    if (mp->overflow.gauge != nullptr)
      changed(mp->number, mp->overflow.id, mp->overflow.labels, mp->overflow.gauge->Value());
  }
}

std::vector<MetricCheckpoint> CounterSet::Snapshot() {
  Publish();
  std::vector<MetricCheckpoint> out;
  for (const auto& mp : metrics_) {
    const Metric& metric = *mp;
    MetricCheckpoint cp;
    cp.metric = metric.spec.name;
    cp.definition = metric.definition;
    auto add = [&cp](const Series& s) {
      if (s.counter == nullptr && s.gauge == nullptr) return;
      cp.samples.push_back({"", s.labels, s.counter ? s.counter->Value() : s.gauge->Value()});
    };
    for (const auto& [key, series] : metric.series) add(series);
    add(metric.overflow);
    for (auto& sample : cp.samples) sample.metric = cp.metric;
    out.push_back(std::move(cp));
  }
  return out;
}

std::size_t CounterSet::Restore(const std::vector<MetricCheckpoint>& saved) {
  std::size_t restored = 0;
  for (const auto& cp : saved) {
    for (auto& mp : metrics_) {
      Metric& metric = *mp;
      if (metric.spec.name != cp.metric || metric.definition != cp.definition) continue;
      for (const auto& sample : cp.samples) {
        if (sample.labels.size() != metric.spec.labels.size()) continue;
        std::string key;
        std::vector<std::string> values;
        bool all_other = !sample.labels.empty();
        for (const auto& [name, value] : sample.labels) {
          key += value;
          key.push_back('\x1f');
          values.push_back(value);
          all_other = all_other && value == "other";
        }
        Series* series;
        if (all_other && metric.spec.max_series > 0) {
          // The overflow series: restore it as such, outside the cap.
          std::map<std::string, std::string> labels;
          for (const auto& [name, value] : sample.labels) labels[name] = value;
          metric.overflow.labels = sample.labels;
          if (metric.counters)
            metric.overflow.counter = &metric.counters->Add(labels);
          else
            metric.overflow.gauge = &metric.gauges->Add(labels);
          series = &metric.overflow;
        } else {
          series = FindOrCreate(metric, key, values);
        }
        if (series->counter)
          series->counter->Increment(sample.value);
        else
          series->gauge->Set(sample.value);
      }
      ++restored;
    }
  }
  return restored;
}

}  // namespace fwlog
