// Preset: a built-in format parser that reads the message part of a line
// (after the syslog envelope) into an Event. Presets are stateless and
// thread-compatible; PresetByName() returns the registered instance.
#pragma once

#include <string_view>
#include <vector>

#include "parse/envelope.h"
#include "parse/parse_result.h"

namespace fwlog {

class Preset {
 public:
  virtual ~Preset() = default;
  virtual std::string_view name() const = 0;
  virtual ParseResult Parse(const Envelope& envelope, Event& event) const = 0;
};

// nullptr for an unknown name. "auto" is not a preset (see Parser).
const Preset* PresetByName(std::string_view name);
// Every preset, in the order `auto` tries them.
const std::vector<const Preset*>& AllPresets();

}  // namespace fwlog
