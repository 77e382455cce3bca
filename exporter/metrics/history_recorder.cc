#include "metrics/history_recorder.h"

#include <utility>

namespace fwlog {

HistoryRecorder::HistoryRecorder(std::shared_ptr<EventHistory> history) : history_(std::move(history)) {
  countries_.fill(kUnresolved);
}

int HistoryRecorder::Range(const Event& event) {
  if (event.range_identity == nullptr) return history_->RangeSeries(event.range);
  std::swap(range_identity_[0], range_identity_[1]);
  std::swap(range_[0], range_[1]);
  if (event.range_identity == range_identity_[0]) return range_[0];
  auto it = ranges_.find(event.range_identity);
  if (it == ranges_.end()) it = ranges_.emplace(event.range_identity, history_->RangeSeries(event.range)).first;
  range_identity_[0] = event.range_identity;
  range_[0] = it->second;
  return range_[0];
}

void HistoryRecorder::CountPlain(const Event& event, std::int64_t now) {
  if (event.action != Action::kDrop && event.action != Action::kReject) return;
  // In Count()'s order, so that series are made in the same order.
  const int range = history_->RangeSeries(event.range);
  const int proto = history_->ProtocolId(event.proto);
  const std::uint32_t key = EventHistory::PortKey(proto, event.has_port, event.port_number);
  const int port = history_->PortSeries(proto, event.has_port, event.port_number, event.service);
  const int country = history_->CountrySeries(event.country);
  history_->Count(event.time, event.local_hour, now, range, port, country, key, event.service);
}

}  // namespace fwlog
