#include "parse/cisco_asa_messages.h"

#include <algorithm>
#include <initializer_list>

namespace fwlog {
namespace {

using Kind = AsaMessage::Kind;

struct Row {
  std::uint32_t id;
  Kind kind;
  std::string_view proto;
  std::initializer_list<std::string_view> wordings;
};

// The wordings, after "%ASA-L-NNNNNN: " (word templates: parse/word_template.h).
// "from {src} ... to {dst}" allows words between the two ends, as ASA writes
// a translated address or a user in parentheses there.
std::vector<AsaMessage> Build() {
  const Row rows[] = {
      {106001, Kind::kPacket, "", {"Inbound {proto} connection {verdict} from {src} ... to {dst}"}},
      {106002,
       Kind::kPacket,
       "",
       {"{proto} connection|Connection {verdict} by outbound list {rule} src {src} [{sport}] dest {dst} [{dport}]"}},
      {106006, Kind::kPacket, "", {"{verdict} inbound {proto} from {src} ... to {dst}"}},
      {106007, Kind::kPacket, "", {"{verdict} inbound {proto} from {src} ... to {dst}"}},
      {106010, Kind::kPacket, "", {"{verdict} inbound [protocol] {proto} src {src} dst {dst}"}},
      {106011, Kind::kPacket, "", {"{verdict} inbound (No xlate) {proto} src {src} dst {dst}"}},
      {106012, Kind::kPacket, "", {"{verdict} {proto} from {src} ... to {dst}"}},
      {106013, Kind::kPacket, "icmp", {"{verdict} echo request from {src} to PAT address {dst}"}},
      {106014, Kind::kPacket, "", {"{verdict} inbound|outbound {proto} src {src} dst {dst}"}},
      {106015, Kind::kPacket, "", {"{verdict} {proto} (no connection) from {src} ... to {dst}"}},
      {106016, Kind::kPacket, "", {"{verdict} {proto} spoof from {src} ... to {dst}"}},
      {106017, Kind::kPacket, "", {"{verdict} {proto} due to Land Attack from {src} ... to {dst}"}},
      {106018, Kind::kPacket, "", {"{proto} packet type {_} {verdict} by outbound list {rule} src {src} dest {dst}"}},
      {106020, Kind::kPacket, "", {"{verdict} {proto} teardrop fragment ... from {src} ... to {dst}"}},
      {106021, Kind::kPacket, "", {"{verdict} {proto} reverse path check from {src} ... to {dst}"}},
      {106022, Kind::kPacket, "", {"{verdict} {proto} connection spoof from {src} ... to {dst}"}},
      {106023, Kind::kPacket, "", {"{verdict} [protocol] {proto} src {src} dst {dst}"}},
      {106027, Kind::kPacket, "", {"{verdict} [protocol] {proto} src {src} dst {dst}"}},
      {106100, Kind::kPacket, "", {"access-list {rule} {verdict} {proto} {src} ... -> {dst}"}},
      {202010, Kind::kPacket, "", {"PAT pool exhausted. Unable to create {proto} connection from {src} ... to {dst}"}},
      {209005, Kind::kPacket, "", {"{verdict} IP fragment set ... src = {src} dest = {dst} proto = {proto}"}},
      {302013, Kind::kBuilt, "", {"{verdict} [inbound|outbound] {proto} connection [{_}] for|from {src} ... to {dst}"}},
      {302014, Kind::kConnectionEnd, "", {}},
      {302015, Kind::kBuilt, "", {"{verdict} [inbound|outbound] {proto} connection [{_}] for|from {src} ... to {dst}"}},
      {302016, Kind::kConnectionEnd, "", {}},
      {302017, Kind::kBuilt, "", {"{verdict} [inbound|outbound] {proto} connection [{_}] for|from {src} ... to {dst}"}},
      {302018, Kind::kConnectionEnd, "", {}},
      {302020,
       Kind::kBuilt,
       "",
       {"{verdict} [inbound|outbound] {proto} connection for faddr {src} gaddr {_} laddr {dst}",
        "{verdict} [inbound|outbound] {proto} connection [{_}] for|from {src} ... to {dst}"}},
      {302021, Kind::kConnectionEnd, "", {}},
      {305005, Kind::kPacket, "", {"No translation group found for {proto} src {src} dst {dst}"}},
      {313001, Kind::kNoDestination, "", {}},
      {313004, Kind::kPacket, "", {"{verdict} {proto} type=* [code=*] from [laddr] {src} on interface {_} to {dst}"}},
      {313005, Kind::kPacket, "", {"No matching connection for ICMP error message: {proto} src {src} dst {dst}"}},
      {313008, Kind::kNoDestination, "", {}},
      {313009, Kind::kPacket, "", {"{verdict} invalid {proto} code {_} for {src} ... to {dst}"}},
      {410001, Kind::kPacket, "", {"{verdict} {proto} DNS {_} from {src} ... to {dst}"}},
      {418001,
       Kind::kPacket,
       "",
       {"Through-the-device packet to/from management-only network is {verdict} {proto} src {src} dst {dst}"}},
      {419002, Kind::kPacket, "", {"Duplicate {proto} SYN from {src} ... to {dst}"}},
      {420002, Kind::kPacket, "", {"IPS requested to {verdict} {proto} packet from {src} ... to {dst}"}},
      {421001, Kind::kPacket, "", {"{proto} flow from {src} ... to {dst} is {verdict}"}},
      {421002, Kind::kPacket, "", {"{proto} flow from {src} ... to {dst} {verdict}"}},
      {421007, Kind::kPacket, "", {"{proto} flow from {src} ... to {dst} is {verdict}"}},
      {434002, Kind::kPacket, "", {"SFR requested to {verdict} {proto} packet from {src} ... to {dst}"}},
      {500003, Kind::kPacket, "", {"Bad {proto} hdr length ... from {src} ... to {dst}"}},
      {500004, Kind::kPacket, "", {"Invalid transport field for protocol={proto} from {src} ... to {dst}"}},
  };
  std::vector<AsaMessage> table;
  for (const Row& row : rows) {
    AsaMessage m;
    m.id = row.id;
    m.kind = row.kind;
    m.proto = row.proto;
    if (row.kind == Kind::kPacket || row.kind == Kind::kBuilt)
      for (const auto w : row.wordings) m.wordings.emplace_back(w);
    table.push_back(std::move(m));
  }
  // Dynamic filter (black-, grey- or white-listed traffic; "black listed" in
  // some releases) and to-the-box traffic (710001-710005) share a wording.
  for (std::uint32_t id :
       {338001u, 338002u, 338003u, 338004u, 338005u, 338006u, 338007u, 338008u, 338201u, 338202u, 338203u, 338204u}) {
    AsaMessage m;
    m.id = id;
    m.wordings.emplace_back(
        "Dynamic Filter {verdict} blacklisted|greylisted|whitelisted {proto} traffic from {src} ... "
        "to {dst}");
    m.wordings.emplace_back("Dynamic Filter {verdict} black|grey|white listed {proto} traffic from {src} ... to {dst}");
    table.push_back(std::move(m));
  }
  for (std::uint32_t id = 710001; id <= 710005; ++id) {
    AsaMessage m;
    m.id = id;
    m.wordings.emplace_back("{proto} access {verdict} [by] [ACL] from {src} ... to {dst}");
    m.wordings.emplace_back("{proto} request {verdict} from {src} ... to {dst}");
    m.wordings.emplace_back("{proto} connection limit exceeded from {src} ... to {dst}");
    table.push_back(std::move(m));
  }
  std::sort(table.begin(), table.end(), [](const AsaMessage& a, const AsaMessage& b) { return a.id < b.id; });
  return table;
}

}  // namespace

const std::vector<AsaMessage>& AsaMessages() {
  static const std::vector<AsaMessage> table = Build();
  return table;
}

const AsaMessage* FindAsaMessage(std::uint32_t id) {
  const auto& table = AsaMessages();
  const auto it =
      std::lower_bound(table.begin(), table.end(), id, [](const AsaMessage& m, std::uint32_t v) { return m.id < v; });
  return it != table.end() && it->id == id ? &*it : nullptr;
}

}  // namespace fwlog
