// The `syslog:` mapping of an input.
#include <cstdlib>

#include "config/yaml_reader.h"

namespace fwlog {

SyslogSpec ReadSyslog(const YamlReader& r, const YAML::Node& n) {
  r.ExpectMap(n, "syslog");
  r.CheckKeys(n, {"listen", "protocol", "allowed_senders", "max_message_bytes", "queue_size", "max_connections",
                  "max_connections_per_address", "idle_timeout_seconds", "message_timeout_seconds"});
  SyslogSpec s;
  if (auto l = n["listen"]) {
    s.listen = r.NonEmpty(l, "listen");
    const auto colon = s.listen.rfind(':');
    if (colon == std::string::npos || colon + 1 == s.listen.size())
      r.Fail(l, "listen must be HOST:PORT, got \"" + s.listen + "\"");
    const auto port = s.listen.substr(colon + 1);
    char* end = nullptr;
    const long v = std::strtol(port.c_str(), &end, 10);
    if (*end != '\0' || v < 0 || v > 65535) r.Fail(l, "bad port in listen address \"" + s.listen + "\"");
  }
  if (auto p = n["protocol"]) {
    const auto v = r.String(p);
    if (v == "udp")
      s.protocol = SyslogProtocol::kUdp;
    else if (v == "tcp")
      s.protocol = SyslogProtocol::kTcp;
    else
      r.Fail(p, "protocol must be \"udp\" or \"tcp\", got \"" + v + "\"");
  }
  if (auto a = n["allowed_senders"]) {
    const auto items = r.Sequence(a, "allowed_senders");
    // An empty list would refuse every sender: surely not what was meant.
    if (items.empty())
      r.Fail(a, "allowed_senders is empty, which would refuse every sender; leave it out to accept any");
    for (const auto& item : items) {
      const auto text = r.NonEmpty(item, "an allowed sender");
      const auto cidr = Cidr::Parse(text);
      if (!cidr)
        r.Fail(item, "allowed_senders: \"" + text +
                         "\" is not an address or CIDR block (such as 192.0.2.1, 192.168.1.0/24 or 2001:db8::/32; "
                         "no bits set below the prefix)");
      s.allowed_senders.push_back(*cidr);
    }
  }
  if (auto v = n["max_message_bytes"]) s.max_message_bytes = static_cast<std::size_t>(r.Integer(v, 480, 1 << 20));
  if (auto v = n["queue_size"]) s.queue_size = static_cast<std::size_t>(r.Integer(v, 1, 1 << 24));
  if (auto v = n["max_connections"]) s.max_connections = static_cast<std::size_t>(r.Integer(v, 1, 65536));
  if (auto v = n["max_connections_per_address"])
    s.max_connections_per_address = static_cast<std::size_t>(r.Integer(v, 1, 65536));
  if (auto v = n["idle_timeout_seconds"]) s.idle_timeout_seconds = static_cast<int>(r.Integer(v, 1, 86400));
  if (auto v = n["message_timeout_seconds"]) s.message_timeout_seconds = static_cast<int>(r.Integer(v, 1, 3600));
  return s;
}

}  // namespace fwlog
