// libFuzzer target: the custom-pattern path — user RE2 patterns with named
// groups, with and without a time group (the envelope reader supplies time
// and host when there is none), an action map, and empty captures — each
// alone and behind `auto`.
#include "fuzz_checks.h"

namespace {

using fwlog::PatternSpec;

std::shared_ptr<const fwlog::PatternSet> Patterns() {
  PatternSpec stamped;
  stamped.name = "stamped";
  stamped.regex = R"((?P<time>\S+(?: \S+)?) fw (?P<action>\w+) (?P<proto>\w+) (?P<src>[0-9a-fA-F.:]+):(?P<sport>\d*))"
                  R"( -> (?P<dst>[0-9a-fA-F.:]+):(?P<port>\d*))";
  stamped.actions = {{"deny", fwlog::Action::kDrop}, {"permit", fwlog::Action::kAccept}};
  PatternSpec plain;
  plain.name = "plain";
  plain.regex = R"(BLOCK (?P<src>\S+) (?P<proto>\w+)/(?P<port>\S+))";
  PatternSpec empties;
  empties.name = "empties";
  empties.regex = R"(src=(?P<src>\S*) dst=(?P<dst>\S*) proto=(?P<proto>\S*) dport=(?P<port>\S*))"
                  R"((?: rule=(?P<rule>[^ ]*))?(?: if=(?P<in>\S*))?(?: host=(?P<host>\S+))?)";
  auto set = fwlog::PatternSet::Build({stamped, plain, empties});
  if (!set.ok()) std::abort();
  return *set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fwlog;
  if (size > fuzz::kMaxLine) return 0;
  static const TimeContext ctx = fuzz::FixedTime();
  static const auto patterns = Patterns();
  static std::vector<Parser> parsers = [] {
    std::vector<Parser> v;
    for (const char* name : {"stamped", "plain", "empties", "auto"}) v.push_back(*Parser::Build(name, patterns));
    return v;
  }();
  static Event event;
  LogLine line;
  line.text = std::string_view(reinterpret_cast<const char*>(data), size);
  line.receive_time = ctx.now;
  bool any = false;
  for (std::size_t i = 0; i < parsers.size(); ++i) {
    event.Clear();
    const ParseResult r = parsers[i].Parse(line, ctx, event);
    fuzz::CheckEvent(r, event);
    if (i + 1 < parsers.size()) {
      any = any || r.matched();
    } else {
      fuzz::Require(!any || r.matched());  // auto reads what one of its patterns reads
    }
  }
  return 0;
}
