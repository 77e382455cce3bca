#include "core/event.h"

#include <ctime>

namespace fwlog {
namespace {

constexpr std::array<std::string_view, kFieldCount> kNames = {
    "time", "host",  "action", "rule",      "in",    "out",     "family",  "proto", "src",
    "dst",  "sport", "port",   "tcp_flags", "range", "service", "country", "hour",  "input",
};

}  // namespace

std::string_view FieldName(Field field) { return kNames[static_cast<std::size_t>(field)]; }

std::optional<Field> FieldFromName(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<Field>(i);
  return std::nullopt;
}

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kDrop:
      return "drop";
    case Action::kReject:
      return "reject";
    case Action::kAccept:
      return "accept";
    case Action::kNone:
      break;
  }
  return "unknown";
}

void Event::Clear() {
  time = 0;
  time_nanos = 0;
  time_from_line = false;
  action = Action::kNone;
  port_number = 0;
  has_port = false;
  src_address = IpAddress();
  has_dst_address = false;
  dst_address = IpAddress();
  range_identity = nullptr;
  service_identity = nullptr;
  for (std::string* s : {&host, &rule, &in, &out, &proto, &src, &dst, &sport, &port, &tcp_flags}) s->clear();
  family = range = service = country = hour = input = matched_by = {};
}

std::string* Event::Mutable(Field field) {
  switch (field) {
    case Field::kTime:
    case Field::kAction:
    case Field::kFamily:
    case Field::kRange:
    case Field::kService:
    case Field::kCountry:
    case Field::kHour:
    case Field::kInput:
      return nullptr;
    case Field::kHost:
      return &host;
    case Field::kRule:
      return &rule;
    case Field::kIn:
      return &in;
    case Field::kOut:
      return &out;
    case Field::kProto:
      return &proto;
    case Field::kSrc:
      return &src;
    case Field::kDst:
      return &dst;
    case Field::kSport:
      return &sport;
    case Field::kPort:
      return &port;
    case Field::kTcpFlags:
      return &tcp_flags;
  }
  return nullptr;
}

std::string_view Event::Get(Field field) const {
  if (field == Field::kAction) return ActionName(action);
  if (field == Field::kTime) {
    const std::time_t t = time;
    std::tm tm{};
    gmtime_r(&t, &tm);
    const auto n = std::strftime(time_text_.data(), time_text_.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return {time_text_.data(), n};
  }
  switch (field) {
    case Field::kFamily:
      return family;
    case Field::kRange:
      return range;
    case Field::kService:
      return service;
    case Field::kCountry:
      return country;
    case Field::kHour:
      return hour;
    case Field::kInput:
      return input;
    default:
      return *const_cast<Event*>(this)->Mutable(field);
  }
}

std::string_view InvalidReasonName(InvalidReason reason) {
  switch (reason) {
    case InvalidReason::kBadAddress:
      return "bad_address";
    case InvalidReason::kBadPort:
      return "bad_port";
    case InvalidReason::kTooLong:
      return "too_long";
    case InvalidReason::kBinary:
      return "binary";
    case InvalidReason::kMissingField:
      return "missing_field";
  }
  return "unknown";
}

void AsciiLower(std::string& text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

}  // namespace fwlog
