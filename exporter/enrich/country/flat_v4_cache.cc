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
// 2: Origins (country, AS number, drop flag); 3: PackedOrigins and a table
// of AS numbers.
constexpr std::uint32_t kVersion = 3;
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
  // Ranges: `count` starts, then `count` answers; then `as_count` AS
  // numbers (4 bytes each).
  std::uint32_t count;
  std::uint32_t as_count;
  std::uint64_t checksum;  // Digest() of the starts, then of the answers, then of the AS numbers
};

// A checksum of `n` bytes (a multiple of 4) continuing from `seed`: an
// FNV-1a-like multiply per 8-byte word in four independent lanes. It guards
// against a damaged or cut file (any one changed word changes its lane, and
// multiplying by an odd number loses nothing), not a forged one: the file is
// the user's own. zlib's crc32 took several milliseconds of every start on
// the real table's 5 MB (the layout then); this takes about one.
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

std::uint64_t Checksum(const FlatV4Cache::Table& t) {
  const std::uint64_t starts = Digest(t.starts.data(), t.starts.size() * 4, 0);
  return Digest(t.asns.data(), t.asns.size() * 4, Digest(t.answers.data(), t.answers.size() * 4, starts));
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

bool FlatV4Cache::Load(const Source& source, Table& table) const {
  table = Table{};
  const auto file = ReadTextFile(path_);  // a few MB, read once
  if (!file.ok() || file->size() < sizeof(Header)) return false;
  Header h{};
  std::memcpy(&h, file->data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kVersion || h.byte_order != kByteOrder ||
      !(Source{h.device, h.inode, h.size, h.modified_ns, h.built} == source) || h.count == 0 || h.count > kMaxRanges ||
      h.as_count == 0 || h.as_count > PackedOrigin::kMaxAsIndex + 1 ||
      file->size() != sizeof h + (2 * std::size_t{h.count} + h.as_count) * 4)
    return false;
  const char* p = file->data() + sizeof h;
  const auto read = [&p](std::vector<std::uint32_t>& v, std::size_t n) {
    v.resize(n);
    std::memcpy(v.data(), p, n * 4);
    p += n * 4;
  };
  read(table.starts, h.count);
  read(table.answers, h.count);
  read(table.asns, h.as_count);
  bool ok = Checksum(table) == h.checksum && table.starts[0] == 0;
  for (std::size_t i = 1; ok && i < table.starts.size(); ++i) ok = table.starts[i - 1] < table.starts[i];
  for (std::size_t i = 0; ok && i < table.answers.size(); ++i) ok = PackedOrigin::Valid(table.answers[i], h.as_count);
  if (!ok) table = Table{};
  return ok;
}

void FlatV4Cache::Store(const Source& source, const Table& table) const {
  if (table.starts.empty() || table.starts.size() != table.answers.size() || table.starts.size() > kMaxRanges ||
      table.asns.empty() || table.asns.size() > PackedOrigin::kMaxAsIndex + 1)
    return;
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error) return;
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.byte_order = kByteOrder;
  h.device = source.device;
  h.inode = source.inode;
  h.size = source.size;
  h.modified_ns = source.modified_ns;
  h.built = source.built;
  h.count = static_cast<std::uint32_t>(table.starts.size());
  h.as_count = static_cast<std::uint32_t>(table.asns.size());
  h.checksum = Checksum(table);
  // Written aside, then renamed over the old file: a reader sees the old
  // file or the new one, whole.
  const std::string aside = path_ + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(aside.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const bool ok = WriteAll(fd, &h, sizeof h) && WriteAll(fd, table.starts.data(), table.starts.size() * 4) &&
                  WriteAll(fd, table.answers.data(), table.answers.size() * 4) &&
                  WriteAll(fd, table.asns.data(), table.asns.size() * 4);
  if (::close(fd) != 0 || !ok || ::rename(aside.c_str(), path_.c_str()) != 0) ::unlink(aside.c_str());
}

}  // namespace fwlog
