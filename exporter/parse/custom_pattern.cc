#include "parse/custom_pattern.h"

#include <re2/re2.h>
#include <strings.h>

#include "parse/envelope.h"
#include "parse/packet_fields.h"

namespace fwlog {

CustomPattern::CustomPattern(PatternSpec spec, std::unique_ptr<re2::RE2> re)
    : spec_(std::move(spec)), re_(std::move(re)) {}
CustomPattern::~CustomPattern() = default;

absl::StatusOr<std::unique_ptr<CustomPattern>> CustomPattern::Build(const PatternSpec& spec) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<re2::RE2>(spec.regex, options);
  if (!re->ok())
    return absl::InvalidArgumentError(spec.regex_pos.Prefix() + "pattern \"" + spec.name +
                                      "\": bad regular expression: " + re->error());
  std::unique_ptr<CustomPattern> p(new CustomPattern(spec, nullptr));
  const int n = re->NumberOfCapturingGroups();
  p->group_field_.assign(static_cast<std::size_t>(n) + 1, -1);
  bool has_src = false;
  for (const auto& [group_name, index] : re->NamedCapturingGroups()) {
    const auto field = FieldFromName(group_name);
    if (!field || *field == Field::kRange || *field == Field::kService || *field == Field::kCountry ||
        *field == Field::kHour || *field == Field::kInput || *field == Field::kRouter || *field == Field::kPurpose ||
        *field == Field::kAsn || *field == Field::kAsOrg || *field == Field::kDropListed || *field == Field::kFamily ||
        *field == Field::kCategory)
      return absl::InvalidArgumentError(
          spec.regex_pos.Prefix() + "pattern \"" + spec.name + "\": group \"" + group_name +
          "\" names no field a pattern can capture (use time, host, action, rule, in, out, proto, src, dst, "
          "sport, port, tcp_flags)");
    if (*field == Field::kSrc) has_src = true;
    if (*field == Field::kTime) p->time_group_ = index;
    if (*field == Field::kAction) p->action_group_ = index;
    p->group_field_[static_cast<std::size_t>(index)] = static_cast<int>(*field);
  }
  if (!has_src)
    return absl::InvalidArgumentError(spec.regex_pos.Prefix() + "pattern \"" + spec.name +
                                      "\": needs a named group (?P<src>...) for the source address");
  p->groups_.resize(static_cast<std::size_t>(n) + 1);
  p->re_ = std::move(re);
  return p;
}

ParseResult CustomPattern::Parse(std::string_view line, const TimeContext& ctx, ParseState& state, Event& event) const {
  const re2::StringPiece text(line.data(), line.size());
  if (!re_->Match(text, 0, text.size(), re2::RE2::UNANCHORED, groups_.data(), static_cast<int>(groups_.size())))
    return ParseResult::Unmatched();
  auto group = [this](int index) {
    const auto& g = groups_[static_cast<std::size_t>(index)];
    return std::string_view(g.data() == nullptr ? "" : g.data(), g.size());
  };
  std::string_view src, dst, sport, dport, proto, action;
  for (std::size_t i = 1; i < group_field_.size(); ++i) {
    if (group_field_[i] < 0) continue;
    const auto field = static_cast<Field>(group_field_[i]);
    const auto value = group(static_cast<int>(i));
    switch (field) {
      case Field::kSrc:
        src = value;
        break;
      case Field::kDst:
        dst = value;
        break;
      case Field::kSport:
        sport = value;
        break;
      case Field::kPort:
        dport = value;
        break;
      case Field::kProto:
        proto = value;
        break;
      case Field::kAction:
        action = value;
        break;
      case Field::kTime:
        break;
      default:
        if (std::string_view* slot = event.Text(field)) *slot = value;  // a view of the line
        break;
    }
  }
  if (!SetSource(event, src)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  if (!dst.empty()) SetDestination(event, dst, state);
  if (!proto.empty() && !SetProto(event, proto)) return ParseResult::Invalid(InvalidReason::kBadProtocol);
  if (!dport.empty() || ProtoHasPorts(event.proto)) {
    if (!SetPorts(event, sport, dport)) return ParseResult::Invalid(InvalidReason::kBadPort);
  }
  event.action = Action::kNone;
  if (action_group_ > 0) {
    for (const auto& [word, verdict] : spec_.actions) {
      if (word.size() == action.size() && strncasecmp(word.data(), action.data(), word.size()) == 0) {
        event.action = verdict;
        break;
      }
    }
    if (event.action == Action::kNone) event.action = ActionFromWords(action);
  }
  if (time_group_ > 0) {
    const auto stamp_text = group(time_group_);
    if (const std::optional<Stamp> stamp = ReadAnyStamp(stamp_text, ctx)) {
      event.time = stamp->unix_seconds;
      event.time_nanos = stamp->nanos;
      event.time_from_line = true;
    }
  } else {
    const Envelope env = ReadEnvelope(line, ctx, state);
    if (env.has_time) {
      event.time = env.stamp.unix_seconds;
      event.time_nanos = env.stamp.nanos;
      event.time_from_line = true;
    }
    if (event.host.empty()) event.host = env.host;
  }
  event.matched_by = spec_.name;  // the pattern outlives the event
  return ParseResult::Matched();
}

}  // namespace fwlog
