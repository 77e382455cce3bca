#include "enrich/country/flat_v4_cache.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

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
  std::uint32_t count;     // ranges: `count` starts (4 bytes each), then `count` Records
  std::uint32_t checksum;  // CRC-32 of the starts and records
};

// An Origin as kept in the file: the country code's number, the flags
// (bit 0: drop-listed) and the AS number.
struct Record {
  std::uint16_t code;
  std::uint16_t flags;
  std::uint32_t asn;
};
static_assert(sizeof(Record) == 8);

std::uint32_t Checksum(const std::vector<std::uint32_t>& starts, const std::vector<Record>& records) {
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(starts.data()), static_cast<uInt>(starts.size() * 4));
  crc = crc32(crc, reinterpret_cast<const Bytef*>(records.data()), static_cast<uInt>(records.size() * sizeof(Record)));
  return static_cast<std::uint32_t>(crc);
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

FlatV4Cache::FlatV4Cache(const std::string& directory, const std::string& database_path) : directory_(directory) {
  // FNV-1a of the path names its file: one per database path.
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const char c : database_path) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  char name[64];
  std::snprintf(name, sizeof name, "/libloc-v4-%016llx.cache", static_cast<unsigned long long>(h));
  path_ = directory_ + name;
}

bool FlatV4Cache::Load(const Source& source, std::vector<std::uint32_t>& starts,
                       std::vector<Origin>& origins) const {
  starts.clear();
  origins.clear();
  const auto file = ReadTextFile(path_);  // ~5 MB, read once
  if (!file.ok() || file->size() < sizeof(Header)) return false;
  Header h{};
  std::memcpy(&h, file->data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kVersion || h.byte_order != kByteOrder ||
      !(Source{h.device, h.inode, h.size, h.modified_ns, h.built} == source) || h.count == 0 || h.count > kMaxRanges ||
      file->size() != sizeof h + std::size_t{h.count} * (4 + sizeof(Record)))
    return false;
  starts.resize(h.count);
  std::vector<Record> records(h.count);
  std::memcpy(starts.data(), file->data() + sizeof h, std::size_t{h.count} * 4);
  std::memcpy(records.data(), file->data() + sizeof h + std::size_t{h.count} * 4, std::size_t{h.count} * sizeof(Record));
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
