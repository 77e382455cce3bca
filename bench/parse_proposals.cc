// Parse-stage costs, piece by piece, next to prototypes of cheaper ways to do
// the same work. exporter/parse/ belongs to another engineer: these
// prototypes live here, in the benchmark, to put numbers on the proposals in
// docs/performance.md ("Parse stage: proposals"); none of them is used by
// the exporter.
//
//   BM_ParsePart_LooksBinary      the binary-junk check, byte by byte (now)
//   BM_Proposal_ControlBytesSwar      the same check, 8 bytes at a time
//   BM_ParsePart_Rfc3339 / _Rfc3164   the stamp readers (absl civil time per line)
//   BM_Proposal_Rfc3339DaysFromCivil  the RFC 3339 reader with integer date arithmetic
//   BM_Proposal_Rfc3164MemoYear       RFC 3164 with the year and the zone offset memoised
//   BM_Proposal_NetfilterOnePass      envelope + body in one pass over the line,
//                                     the fields the netfilter preset reads
#include <benchmark/benchmark.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "core/ip_address.h"
#include "parse/parser.h"
#include "parse/timestamp.h"

namespace fwlog {
namespace {

constexpr std::int64_t kNow = 1543000000;

const std::vector<std::string>& ProposalLines() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> out;
    const char* env = std::getenv("FWLOG_BENCH_LOG");
    std::ifstream in(env && *env ? env : FWLOG_BENCH_DEFAULT_LOG);
    for (std::string line; std::getline(in, line);) out.push_back(std::move(line));
    return out;
  }();
  return lines;
}

TimeContext Tokyo() {
  TimeContext ctx;
  if (!absl::LoadTimeZone("Asia/Tokyo", &ctx.zone)) std::abort();
  ctx.now = kNow;
  return ctx;
}

template <typename F>
void OverLines(benchmark::State& state, F f) {
  const auto& lines = ProposalLines();
  std::size_t i = 0;
  for (auto _ : state) {
    f(std::string_view(lines[i]));
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// ---- the binary-junk check ----

void BM_ParsePart_LooksBinary(benchmark::State& state) {
  OverLines(state, [](std::string_view line) { benchmark::DoNotOptimize(LooksBinary(line)); });
}
BENCHMARK(BM_ParsePart_LooksBinary);

// A byte b is < 0x20 or == 0x7f, tab excepted: SWAR over 8 bytes at a time.
bool ControlBytesSwar(std::string_view s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_less = [](std::uint64_t x, unsigned n) { return (x - kOnes * n) & ~x & kHigh; };
  auto has_byte = [](std::uint64_t x, unsigned char b) {
    const std::uint64_t y = x ^ (kOnes * b);
    return (y - kOnes) & ~y & kHigh;
  };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    if (has_less(x, 0x20) || has_byte(x, 0x7f)) {
      for (std::size_t k = i; k < i + 8; ++k) {
        const auto c = static_cast<unsigned char>(s[k]);
        if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
      }
    }
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

void BM_Proposal_ControlBytesSwar(benchmark::State& state) {
  OverLines(state, [](std::string_view line) { benchmark::DoNotOptimize(ControlBytesSwar(line)); });
}
BENCHMARK(BM_Proposal_ControlBytesSwar);

// ---- stamps ----

void BM_ParsePart_Rfc3339(benchmark::State& state) {
  const TimeContext ctx = Tokyo();
  OverLines(state, [&ctx](std::string_view line) {
    if (line[0] >= '0' && line[0] <= '9') benchmark::DoNotOptimize(ReadRfc3339(line, ctx));
  });
}
BENCHMARK(BM_ParsePart_Rfc3339);

void BM_ParsePart_Rfc3164(benchmark::State& state) {
  const TimeContext ctx = Tokyo();
  OverLines(state, [&ctx](std::string_view line) {
    if (line[0] >= 'A' && line[0] <= 'Z') benchmark::DoNotOptimize(ReadRfc3164(line, ctx));
  });
}
BENCHMARK(BM_ParsePart_Rfc3164);

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return std::int64_t{era} * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int Two(std::string_view s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

// "2018-11-14T00:11:59+09:00": the same fields, UTC by integer arithmetic
// (stamps with an offset or Z need no zone); no validation shortcuts taken
// beyond what ReadRfc3339 checks for this form.
std::int64_t Rfc3339WithOffset(std::string_view s) {
  for (std::size_t k : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u, 11u, 12u, 14u, 15u, 17u, 18u})
    if (s[k] < '0' || s[k] > '9') return -1;
  const int year = Two(s, 0) * 100 + Two(s, 2);
  const std::int64_t days = DaysFromCivil(year, static_cast<unsigned>(Two(s, 5)), static_cast<unsigned>(Two(s, 8)));
  std::int64_t t = days * 86400 + Two(s, 11) * 3600 + Two(s, 14) * 60 + Two(s, 17);
  if (s[19] == 'Z') return t;
  const int sign = s[19] == '+' ? 1 : -1;
  return t - sign * (Two(s, 20) * 3600 + Two(s, 23) * 60);
}

void BM_Proposal_Rfc3339DaysFromCivil(benchmark::State& state) {
  OverLines(state, [](std::string_view line) {
    if (line[0] >= '0' && line[0] <= '9') benchmark::DoNotOptimize(Rfc3339WithOffset(line));
  });
}
BENCHMARK(BM_Proposal_Rfc3339DaysFromCivil);

// RFC 3164 in a zone: the year comes from `now` (it changes once a year), and
// the zone's UTC offset holds for long spans: memoise the local day's start
// (Unix seconds of local midnight, valid while no offset change lies in the
// day) per (year, month, day), then add the clock.
class Rfc3164Memo {
 public:
  explicit Rfc3164Memo(const TimeContext& ctx) : ctx_(ctx) {}
  std::int64_t Read(std::string_view s) {
    static constexpr char kMonths[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int month = 0;
    for (int m = 0; m < 12; ++m)
      if (std::memcmp(kMonths + 3 * m, s.data(), 3) == 0) month = m + 1;
    const int day = s[4] == ' ' ? s[5] - '0' : Two(s, 4);
    if (ctx_.now != now_) {
      now_ = ctx_.now;
      year_ = static_cast<int>(absl::ToCivilYear(absl::FromUnixSeconds(now_), ctx_.zone).year());
    }
    const int key = month * 32 + day;
    if (key != day_key_) {
      day_key_ = key;
      // A real version would keep the exact CivilToUnix path for days with
      // an offset change (absl::TimeZone::NextTransition tells).
      day_start_ = absl::ToUnixSeconds(absl::FromCivil(absl::CivilDay(year_, month, day), ctx_.zone));
    }
    return day_start_ + Two(s, 7) * 3600 + Two(s, 10) * 60 + Two(s, 13);
  }

 private:
  const TimeContext& ctx_;
  std::int64_t now_ = -1;
  int year_ = 0;
  int day_key_ = -1;
  std::int64_t day_start_ = 0;
};

void BM_Proposal_Rfc3164MemoYear(benchmark::State& state) {
  const TimeContext ctx = Tokyo();
  Rfc3164Memo memo(ctx);
  OverLines(state, [&memo](std::string_view line) {
    if (line[0] >= 'A' && line[0] <= 'Z') benchmark::DoNotOptimize(memo.Read(line));
  });
}
BENCHMARK(BM_Proposal_Rfc3164MemoYear);

// ---- the netfilter body ----

// One pass over the line after the envelope: find " IN=", then walk the
// tokens once, dispatching on the key's first letter and length, stopping at
// '['. Produces what NetfilterParser fills (views; the parsed source address;
// the port number), not the Event's strings.
struct Fields {
  std::string_view in, out, src, dst, proto, spt, dpt, prefix;
  IpAddress source;
  std::uint16_t port = 0;
  bool ok = false;
};

Fields NetfilterOnePass(std::string_view line) {
  Fields f;
  const void* at = memmem(line.data(), line.size(), " IN=", 4);
  if (at == nullptr) return f;
  const auto body_at = static_cast<std::size_t>(static_cast<const char*>(at) - line.data()) + 1;
  f.prefix = line.substr(0, body_at);
  const char* p = line.data() + body_at;
  const char* const end = line.data() + line.size();
  bool seen_proto = false;
  while (p < end && *p != '[') {
    const char* token = p;
    while (p < end && *p != ' ' && *p != '=') ++p;
    if (p < end && *p == '=') {
      const std::size_t key_len = static_cast<std::size_t>(p - token);
      const char* value = ++p;
      while (p < end && *p != ' ') ++p;
      const std::string_view v(value, static_cast<std::size_t>(p - value));
      switch (key_len) {
        case 2:
          if (token[0] == 'I' && token[1] == 'N' && f.in.empty()) f.in = v;
          break;
        case 3:
          if (std::memcmp(token, "SRC", 3) == 0 && f.src.empty())
            f.src = v;
          else if (std::memcmp(token, "DST", 3) == 0 && f.dst.empty())
            f.dst = v;
          else if (std::memcmp(token, "SPT", 3) == 0 && f.spt.empty())
            f.spt = v;
          else if (std::memcmp(token, "DPT", 3) == 0 && f.dpt.empty())
            f.dpt = v;
          else if (std::memcmp(token, "OUT", 3) == 0 && f.out.empty())
            f.out = v;
          break;
        case 5:
          if (!seen_proto && std::memcmp(token, "PROTO", 5) == 0) {
            f.proto = v;
            seen_proto = true;
          }
          break;
        default:
          break;
      }
    }
    while (p < end && *p == ' ') ++p;
  }
  const auto src = IpAddress::Parse(f.src);
  if (!src || f.proto.empty()) return f;
  f.source = *src;
  unsigned port = 0;
  for (char c : f.dpt) port = port * 10 + static_cast<unsigned>(c - '0');
  f.port = static_cast<std::uint16_t>(port);
  f.ok = true;
  return f;
}

void BM_Proposal_NetfilterOnePass(benchmark::State& state) {
  OverLines(state, [](std::string_view line) { benchmark::DoNotOptimize(NetfilterOnePass(line)); });
}
BENCHMARK(BM_Proposal_NetfilterOnePass);

}  // namespace
}  // namespace fwlog
