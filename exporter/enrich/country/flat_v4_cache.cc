#include "enrich/country/flat_v4_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/text_file.h"

namespace fwlog {
namespace {

// Bump when the file's layout or what the flattening makes changes: files
// of another version are not read.
constexpr std::uint32_t kVersion = 2;  // 2: Origins (country, AS number, drop flag)
constexpr char kMagic[8] = {'f', 'w', 'l', 'o', 'g', 'v', '4', '\n'};
constexpr std::uint32_t kByteOrder = 0x01020304;
// More ranges than IPv4 can have in a sane database (the real one: ~170 k).
constexpr std::uint32_t kMaxRanges = std::uint32_t{1} << 24;

struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t byte_order;
  std::uint64_t device, inode, size;
  std::int64_t modified_ns, built;
  std::uint32_t count;  // ranges: `count` starts (4 bytes each), then `count` Records
  std::uint32_t reserved;
  std::uint64_t checksum;  // Digest() of the starts, then of the records
};

// An Origin as kept in the file: the country code's number, the flags
// (bit 0: drop-listed) and the AS number.
struct Record {
  std::uint16_t code;
  std::uint16_t flags;
  std::uint32_t asn;
};
static_assert(sizeof(Record) == 8);

// A checksum of `n` bytes (a multiple of 4) continuing from `seed`: an
// FNV-1a-like multiply per 8-byte word in four independent lanes. It guards
// against a damaged or cut file (any one changed word changes its lane, and
// multiplying by an odd number loses nothing), not a forged one: the file is
// the user's own. zlib's crc32 took several milliseconds of every start on
// the real table's 5 MB; this takes about one.
std::uint64_t Digest(const void* data, std::size_t n, std::uint64_t seed) {
  constexpr std::uint64_t kPrime = 0x100000001b3ull;
  std::uint64_t lane[4] = {seed, seed ^ 0x9e3779b97f4a7c15ull, seed ^ 0xc2b2ae3d27d4eb4full,
                           seed ^ 0x165667b19e3779f9ull};
  const auto* p = static_cast<const unsigned char*>(data);
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (int k = 0; k < 4; ++k) {
      std::uint64_t w;
      std::memcpy(&w, p + i + 8 * static_cast<std::size_t>(k), 8);
      lane[k] = (lane[k] ^ w) * kPrime;
    }
  }
  for (; i + 4 <= n; i += 4) {
    std::uint32_t w;
    std::memcpy(&w, p + i, 4);
    lane[0] = (lane[0] ^ w) * kPrime;
  }
  std::uint64_t h = static_cast<std::uint64_t>(n);
  for (const std::uint64_t l : lane) h = (h ^ l) * kPrime ^ (l >> 29);
  return h;
}

std::uint64_t Checksum(const std::vector<std::uint32_t>& starts, const std::vector<Record>& records) {
  return Digest(records.data(), records.size() * sizeof(Record), Digest(starts.data(), starts.size() * 4, 0));
}

bool WriteAll(int fd, const void* data, std::size_t n) {
  const auto* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t put = ::write(fd, p, n);
    if (put <= 0) return false;
    p += put;
    n -= static_cast<std::size_t>(put);
  }
  return true;
}

std::string FirstOf(const char* list) {
  std::string first(list);
  return first.substr(0, first.find(':'));  // systemd separates several directories with ':'
}

}  // namespace

std::optional<std::string> FlatV4Cache::Directory() {
  if (const char* dir = std::getenv("FWLOG_CACHE_DIR")) {
    if (*dir == '\0') return std::nullopt;
    return std::string(dir);
  }
  if (const char* dir = std::getenv("CACHE_DIRECTORY"); dir && *dir) return FirstOf(dir);
  if (const char* dir = std::getenv("XDG_CACHE_HOME"); dir && *dir) return std::string(dir) + "/fwlog_exporter";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/fwlog_exporter";
  return std::nullopt;
}

FlatV4Cache::FlatV4Cache(const std::string& directory, const std::string& database_path, bool networks)
    : directory_(directory) {
  // FNV-1a of the path names its file: one per database path.
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const char c : database_path) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  char name[64];
  std::snprintf(name, sizeof name, networks ? "/libloc-v4as-%016llx.cache" : "/libloc-v4-%016llx.cache",
                static_cast<unsigned long long>(h));
  path_ = directory_ + name;
}

bool FlatV4Cache::Load(const Source& source, std::vector<std::uint32_t>& starts, std::vector<Origin>& origins) const {
  starts.clear();
  origins.clear();
  const auto file = ReadTextFile(path_);  // ~5 MB, read once
  if (!file.ok() || file->size() < sizeof(Header)) return false;
  Header h{};
  std::memcpy(&h, file->data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kVersion || h.byte_order != kByteOrder ||
      !(Source{h.device, h.inode, h.size, h.modified_ns, h.built} == source) || h.count == 0 || h.count > kMaxRanges ||
      h.reserved != 0 || file->size() != sizeof h + std::size_t{h.count} * (4 + sizeof(Record)))
    return false;
  starts.resize(h.count);
  std::vector<Record> records(h.count);
  std::memcpy(starts.data(), file->data() + sizeof h, std::size_t{h.count} * 4);
  std::memcpy(records.data(), file->data() + sizeof h + std::size_t{h.count} * 4,
              std::size_t{h.count} * sizeof(Record));
  bool ok = Checksum(starts, records) == h.checksum && starts[0] == 0;
  for (std::size_t i = 1; ok && i < starts.size(); ++i) ok = starts[i - 1] < starts[i];
  if (ok) {
    origins.reserve(records.size());
    for (const Record& r : records) {
      const auto code = CountryCode::FromNumber(r.code);
      if (!code || r.flags > 1) {
        ok = false;
        break;
      }
      origins.emplace_back(*code, r.asn, r.flags == 1);
    }
  }
  if (!ok) {
    starts.clear();
    origins.clear();
  }
  return ok;
}

void FlatV4Cache::Store(const Source& source, const std::vector<std::uint32_t>& starts,
                        const std::vector<Origin>& origins) const {
  if (starts.empty() || starts.size() != origins.size() || starts.size() > kMaxRanges) return;
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error) return;
  std::vector<Record> records;
  records.reserve(origins.size());
  for (const Origin& o : origins)
    records.push_back({o.code.number(), static_cast<std::uint16_t>(o.drop_listed ? 1 : 0), o.asn});
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.byte_order = kByteOrder;
  h.device = source.device;
  h.inode = source.inode;
  h.size = source.size;
  h.modified_ns = source.modified_ns;
  h.built = source.built;
  h.count = static_cast<std::uint32_t>(starts.size());
  h.checksum = Checksum(starts, records);
  // Written aside, then renamed over the old file: a reader sees the old
  // file or the new one, whole.
  const std::string aside = path_ + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(aside.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const bool ok = WriteAll(fd, &h, sizeof h) && WriteAll(fd, starts.data(), starts.size() * 4) &&
                  WriteAll(fd, records.data(), records.size() * sizeof(Record));
  if (::close(fd) != 0 || !ok || ::rename(aside.c_str(), path_.c_str()) != 0) ::unlink(aside.c_str());
}

}  // namespace fwlog
