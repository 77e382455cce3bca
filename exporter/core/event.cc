#include "core/event.h"

#include <ctime>

namespace fwlog {
namespace {

constexpr std::array<std::string_view, kFieldCount> kNames = {
    "time", "host",  "action", "rule", "in",        "out",         "family",  "proto",
    "src",  "dst",   "sport",  "port", "tcp_flags", "range",       "service", "country",
    "hour", "input", "router", "asn",  "as_org",    "drop_listed", "purpose", "category",
};

// What Event::Clear() copies back: every field at its default.
constexpr EventFields kDefaultFields{};

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
  // Every field back to its default (copied from one kept default: cheaper
  // than building a temporary per line); the buffers keep their capacity.
  static_cast<EventFields&>(*this) = kDefaultFields;
}

std::string_view* Event::Text(Field field) {
  switch (field) {
    case Field::kTime:
    case Field::kAction:
      return nullptr;
    case Field::kHost:
      return &host;
    case Field::kRule:
      return &rule;
    case Field::kIn:
      return &in;
    case Field::kOut:
      return &out;
    case Field::kFamily:
      return &family;
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
    case Field::kRange:
      return &range;
    case Field::kService:
      return &service;
    case Field::kCountry:
      return &country;
    case Field::kHour:
      return &hour;
    case Field::kInput:
      return &input;
    case Field::kRouter:
      return &router;
    case Field::kAsn:
      return &asn;
    case Field::kAsOrg:
      return &as_org;
    case Field::kDropListed:
      return &drop_listed;
    case Field::kPurpose:
      return &purpose;
    case Field::kCategory:
      return &category;
  }
  return nullptr;
}

Event::Event(const Event& other) : EventFields(other), buffers_(other.buffers_) { Rebase(other); }

Event& Event::operator=(const Event& other) {
  if (this != &other) {
    EventFields::operator=(other);
    buffers_ = other.buffers_;
    Rebase(other);
  }
  return *this;
}

void Event::Rebase(const Event& other) {
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    std::string_view* text = Text(static_cast<Field>(i));
    if (text == nullptr || text->empty()) continue;
    const std::string& theirs = other.buffers_[i];
    const auto at = reinterpret_cast<std::uintptr_t>(text->data());
    const auto begin = reinterpret_cast<std::uintptr_t>(theirs.data());
    if (at >= begin && at + text->size() <= begin + theirs.size())
      *text = std::string_view(buffers_[i].data() + (at - begin), text->size());
  }
}

std::string& Event::Build(Field field) {
  std::string& buffer = buffers_[static_cast<std::size_t>(field)];
  buffer.clear();
  return buffer;
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
  return *const_cast<Event*>(this)->Text(field);
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
    case InvalidReason::kBadProtocol:
      return "bad_protocol";
  }
  return "unknown";
}

void AsciiLower(std::string& text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

}  // namespace fwlog
