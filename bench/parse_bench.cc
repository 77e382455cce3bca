// Parse-stage throughput: one typical line per dialect through
// Parser::Parse (envelope, preset, field checks), by its preset and by
// `auto`, plus the envelope alone and a custom pattern. items_per_second is
// lines per CPU-second. The pipeline's target is >= 2 M lines per CPU-second
// for parse + enrich + count together, so parse should stay well above that.
//
// Last run (RelWithDebInfo, GCC 12, shared 2-vCPU VM, median of 3): 2.9 M
// (UFW) to 4.1 M (pfSense) lines per CPU-second by preset, `auto` within 10%
// of that; a 7-capture custom pattern 0.25 M. Table in docs/formats.md.
// Rerun with  build/bench/parse_bench --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "parse/envelope.h"
#include "parse/parser.h"

namespace fwlog {
namespace {

struct Sample {
  const char* name;
  const char* format;
  const char* line;
};

// Written for this benchmark, modelled on each format (documentation addresses).
const Sample kSamples[] = {
    {"ufw", "netfilter",
     "Mar 24 06:53:55 vps kernel: [547219.375133] [UFW BLOCK] IN=ens3 OUT= "
     "MAC=56:00:03:85:82:df:fe:00:03:85:82:df:08:00 SRC=198.51.100.40 DST=203.0.113.84 LEN=40 TOS=0x00 PREC=0x00 "
     "TTL=241 ID=54321 PROTO=TCP SPT=60834 DPT=5985 WINDOW=65535 RES=0x00 SYN URGP=0 "},
    {"asus", "netfilter",
     "2026-03-24T00:12:34+09:00 router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC=198.51.100.23 DST=203.0.113.7 "
     "LEN=40 TOS=0x00 PREC=0x00 TTL=243 ID=4321 PROTO=TCP SPT=44321 DPT=22 SEQ=1 ACK=0 WINDOW=1024 RES=0x00 SYN "
     "URGP=0"},
    {"proxmox", "netfilter",
     "0 5 PVEFW-HOST-IN 24/Mar/2026:13:09:14 +0100 policy DROP: IN=vmbr0 PHYSIN=eno1 "
     "MAC=24:8a:07:9a:2a:f2:24:8a:07:50:2c:9e:08:00 SRC=198.51.100.90 DST=203.0.113.30 LEN=44 TOS=0x00 PREC=0x00 "
     "TTL=240 ID=1 PROTO=TCP SPT=40000 DPT=8006 SEQ=1 ACK=0 WINDOW=1024 SYN "},
    {"pfsense", "pf",
     "Mar 24 19:10:35 pfSense filterlog[4242]: 5,,,1000102433,em0,match,block,in,4,0x0,,128,24677,0,none,6,tcp,44,"
     "198.51.100.130,203.0.113.40,40000,22,0,S,17536001,,65535,,mss"},
    {"opnsense", "pf",
     "<134>1 2026-03-24T14:44:11-06:00 OPNsense.example.com filterlog 76404 - [meta sequenceId=\"1\"] "
     "124,,,fae559338f65e11c53669fc3642c93c2,ixl1_vlan70,match,pass,out,4,0x0,,63,5687,0,DF,6,tcp,60,192.168.1.1,"
     "198.51.100.140,40370,80,0,S,3364871769,,65535,,mss;sackOK;TS;nop;wscale"},
    {"mikrotik", "mikrotik",
     "2026-03-24T20:35:05.734637+01:00 192.0.2.1 firewall,info drop-tcp input: in:ether1-WAN out:(unknown 0), "
     "connection-state:new src-mac 00:17:10:88:bc:02, proto TCP (SYN), 198.51.100.160:59388->203.0.113.70:23, len 40"},
};

TimeContext Context() {
  TimeContext ctx;
  ctx.now = 1774440000;
  return ctx;
}

void BM_Parse(benchmark::State& state, const Sample& sample, bool use_auto) {
  auto parser = Parser::Build(use_auto ? "auto" : sample.format, nullptr);
  const TimeContext ctx = Context();
  LogLine line;
  line.text = sample.line;
  line.receive_time = ctx.now;
  Event event;
  for (auto _ : state) {
    event.Clear();
    auto r = parser->Parse(line, ctx, event);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(event.port.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(line.text.size()));
}

void BM_Envelope(benchmark::State& state) {
  const TimeContext ctx = Context();
  ParseState parse_state;
  for (auto _ : state) {
    auto env = ReadEnvelope(kSamples[0].line, ctx, parse_state);
    benchmark::DoNotOptimize(env);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Envelope);

void BM_CustomPattern(benchmark::State& state) {
  PatternSpec spec;
  spec.name = "ufw-regex";
  spec.regex = R"(\[UFW (?P<action>\w+)\] IN=(?P<in>\S*) .*SRC=(?P<src>\S+) DST=(?P<dst>\S+) .*PROTO=(?P<proto>\S+))"
               R"( SPT=(?P<sport>\d+) DPT=(?P<port>\d+))";
  const auto set = PatternSet::Build({spec});
  auto parser = Parser::Build("ufw-regex", *set);
  const TimeContext ctx = Context();
  LogLine line;
  line.text = kSamples[0].line;
  line.receive_time = ctx.now;
  Event event;
  for (auto _ : state) {
    event.Clear();
    auto r = parser->Parse(line, ctx, event);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CustomPattern);

int Register() {
  for (const Sample& s : kSamples) {
    benchmark::RegisterBenchmark((std::string("BM_Parse/") + s.name + "/" + s.format).c_str(),
                                 [&s](benchmark::State& st) { BM_Parse(st, s, false); });
    benchmark::RegisterBenchmark((std::string("BM_Parse/") + s.name + "/auto").c_str(),
                                 [&s](benchmark::State& st) { BM_Parse(st, s, true); });
  }
  return 0;
}
const int kRegistered = Register();

}  // namespace
}  // namespace fwlog
