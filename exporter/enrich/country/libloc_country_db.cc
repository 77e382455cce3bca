// The libloc back-end of CountryDb: the IPFire Location database
// (/var/lib/location/database.db on Debian). Only this file includes libloc.
//
// libloc opens the file, checks it and gives its build time. Lookups read the
// database's network tree directly (LocTree below) instead of calling
// loc_database_lookup(), which allocates a network object per call and walks
// the 96 bits of ::ffff:0:0/96 bit by bit through function calls before an
// IPv4 address's own bits: about 1.4 us per lookup against 0.1-0.3 us. The tree walk
// gives the same answer as loc_database_lookup() (tests/perf/ compares the
// two on a million addresses), and also tells how far that answer reaches,
// so answers can be cached per /24 (IPv4) or /48 (IPv6) block.
// IPv4 lookups read a flat table of ranges made from the tree at open, or
// read back from FlatV4Cache when an earlier run made it from this file.
#include <endian.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

extern "C" {
#include <libloc/database.h>
#include <libloc/libloc.h>
#include <libloc/network.h>
}

#include "enrich/country/caching_country_db.h"
#include "enrich/country/flat_v4_cache.h"

namespace fwlog {
namespace {

// LocTree: the network tree of a libloc database (format version 1,
// libloc/format.h), read from a read-only mapping of the file.
//
// The tree is a binary trie over the 128 address bits (IPv4 under
// ::ffff:0:0/96); a node has a `zero` and a `one` child (0: none) and may
// carry a network (an index into the network records, 0xffffffff: none).
// loc_database_lookup() follows the address's bits as far as the tree goes
// and answers with the deepest network on that path (the most specific one
// holding the address).
//
// Every address that shares the whole path gets the same answer, so Find()
// also reports how many leading bits that takes (the last node's depth when
// it has no children at all, else one more bit): the answer's reach. A path
// that ends above the /24 (IPv4) or /48 (IPv6) thus vouches for the block.
//
// Memory: the mapping is file-backed and read-only, so its pages are the page
// cache's, but each page touched counts in the process's resident set; a
// lookup touches a few pages deep in a 37 MB tree and a 15 MB network table.
// Every kPagesDropInterval lookups the mapping is given back to the kernel
// (MADV_DONTNEED: the pages stay cached, only the mapping's hold is dropped),
// so the resident set stays bounded while lookups go on.
class LocTree {
 public:
  struct Result {
    CountryCode code;  // unknown: no network, or one without a country
    int reach = 128;   // the answer holds for all addresses sharing this many bits
  };

  LocTree(const LocTree&) = delete;
  LocTree& operator=(const LocTree&) = delete;
  LocTree(LocTree&& other) noexcept { *this = std::move(other); }
  LocTree& operator=(LocTree&& other) noexcept {
    std::swap(map_, other.map_);
    std::swap(size_, other.size_);
    nodes_ = other.nodes_;
    node_count_ = other.node_count_;
    networks_ = other.networks_;
    network_count_ = other.network_count_;
    v4_node_ = other.v4_node_;
    v4_level_ = other.v4_level_;
    v4_network_ = other.v4_network_;
    std::swap(v4_starts_, other.v4_starts_);
    std::swap(v4_codes_, other.v4_codes_);
    std::swap(v4_index_, other.v4_index_);
    std::swap(decoded_, other.decoded_);
    return *this;
  }
  LocTree() = default;
  ~LocTree() {
    if (map_ != nullptr) munmap(map_, size_);
  }

  // nullopt when the file is not a version-1 database this reader
  // understands (the caller then uses loc_database_lookup()). The IPv4
  // ranges come from `cache` when it holds them for this file (`built`: the
  // database's creation time), else from FlattenV4(), and are then stored
  // in `cache`.
  static std::optional<LocTree> Map(int fd, const std::optional<FlatV4Cache>& cache, std::int64_t built) {
    struct stat st {};
    if (fstat(fd, &st) != 0 || st.st_size < 8 + kHeaderBytes) return std::nullopt;
    const auto size = static_cast<std::size_t>(st.st_size);
    void* map = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) return std::nullopt;
    LocTree tree;
    tree.map_ = static_cast<unsigned char*>(map);
    tree.size_ = size;
    if (std::memcmp(tree.map_, "LOCDBXX", 7) != 0 || tree.map_[7] != 1) return std::nullopt;
    // struct loc_database_header_v1, big-endian: created_at (8), vendor,
    // description, license, as offset/length, network data offset/length,
    // network tree offset/length, ... (4 each).
    const unsigned char* h = tree.map_ + 8;
    auto u32 = [h](int field) {
      std::uint32_t v;
      std::memcpy(&v, h + 8 + 4 * field, 4);
      return be32toh(v);
    };
    const std::uint64_t data_offset = u32(5), data_length = u32(6);
    const std::uint64_t tree_offset = u32(7), tree_length = u32(8);
    if (data_offset + data_length > size || tree_offset + tree_length > size) return std::nullopt;
    if (tree_length < kNodeBytes || tree_offset % 4 != 0 || data_offset % 4 != 0) return std::nullopt;
    tree.nodes_ = tree.map_ + tree_offset;
    tree.node_count_ = tree_length / kNodeBytes;
    tree.networks_ = tree.map_ + data_offset;
    tree.network_count_ = data_length / kNetworkBytes;
    // The node where IPv4 addresses (::ffff:0:0/96) start; the 96 bits on
    // the way there are the same for every IPv4 address.
    IpAddress::Bytes v4{};
    v4[10] = 0xff;
    v4[11] = 0xff;
    tree.v4_node_ = 0;
    tree.v4_level_ = 0;
    tree.v4_network_ = kNoNetwork;
    while (tree.v4_level_ < 96) {
      if (const auto here = tree.Field(tree.v4_node_, 2); here != kNoNetwork) tree.v4_network_ = here;
      const std::uint32_t next = tree.Child(tree.v4_node_, Bit(v4, tree.v4_level_));
      if (next == 0 || next >= tree.node_count_) break;
      tree.v4_node_ = next;
      ++tree.v4_level_;
    }
    madvise(tree.map_, tree.size_, MADV_RANDOM);
    if (tree.v4_level_ == 96) {
      const FlatV4Cache::Source source{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                                       static_cast<std::uint64_t>(size),
                                       std::int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec, built};
      if (!cache || !cache->Load(source, tree.v4_starts_, tree.v4_codes_)) {
        tree.FlattenV4();
        if (cache && tree.HasFlatV4()) cache->Store(source, tree.v4_starts_, tree.v4_codes_);
      }
      if (tree.HasFlatV4()) tree.IndexV4();
    }
    tree.DropPages();
    return tree;
  }

  bool HasFlatV4() const { return !v4_starts_.empty(); }

  void PrefetchV4(std::uint32_t a) const {
    if (!v4_index_.empty()) __builtin_prefetch(&v4_index_[a >> 16]);
  }

  Result Find(const IpAddress& address) {
    if (address.is_v4() && !v4_starts_.empty()) return FindV4(address.v4());
    if (++walks_ % kPagesDropInterval == 0) DropPages();
    const auto& bytes = address.bytes();
    std::uint32_t node = 0;
    int level = 0;
    std::uint32_t network = kNoNetwork;  // the deepest network on the path so far
    if (address.is_v4()) {
      node = v4_node_;
      level = v4_level_;
      network = v4_network_;
    }
    for (; level < 128; ++level) {
      const std::uint32_t here = Field(node, 2);
      if (here != kNoNetwork) network = here;
      const std::uint32_t child = Child(node, Bit(bytes, level));
      if (child == 0) break;
      if (child >= node_count_) return Result{};  // a broken tree: no answer (as libloc)
      node = child;
    }
    if (level == 128 && Field(node, 2) != kNoNetwork) network = Field(node, 2);
    Result result;
    // The path ends at `node` (depth `level`). All addresses sharing its
    // `level` bits end there too if it has no children; otherwise those
    // sharing one more bit (the missing child's side) do.
    result.reach = (level >= 128 || (Child(node, 0) == 0 && Child(node, 1) == 0)) ? level : level + 1;
    result.code = CodeOf(network);
    return result;
  }

  // Drops the mapping's resident pages now (for tests and benchmarks).
  void DropPages() { madvise(map_, size_, MADV_DONTNEED); }

 private:
  static constexpr long kHeaderBytes = 8 + 4 * 13;
  static constexpr std::size_t kNodeBytes = 12;     // struct loc_database_network_node_v1
  static constexpr std::size_t kNetworkBytes = 12;  // struct loc_database_network_v1
  static constexpr std::uint64_t kPagesDropInterval = 4096;
  static constexpr std::uint32_t kNoNetwork = 0xffffffffu;

  // The IPv4 part of the tree flattened, at open, into the sorted list of
  // ranges that share an answer (adjacent equal answers merged; what it
  // makes is kept in FlatV4Cache: a change here must bump its version),
  // with an index by the top 16 bits (IndexV4()): a lookup is an index read and a binary search
  // in a few cache lines, instead of up to 32 dependent reads scattered
  // over 37 MB. The real database gives about 170 k ranges (1 MB).
  void FlattenV4() {
    struct Item {
      std::uint32_t node;  // kNoNetwork: emit a range instead
      int depth;           // IPv4 bits consumed (0..32)
      std::uint32_t start;
      std::uint32_t network;  // the deepest network above or at `node`
    };
    std::vector<Item> stack;
    stack.push_back({v4_node_, 0, 0, v4_network_});
    std::size_t visited = 0;
    // Room for the real database's ranges at once: pages not written are
    // never touched, and growing by copies cost ~5 % of the flattening.
    v4_starts_.reserve(std::size_t{1} << 19);
    v4_codes_.reserve(std::size_t{1} << 19);
    // Most leaves repeat the network of the leaf before (a network's
    // addresses around a more specific one): same network, same answer.
    std::uint32_t last_network = kNoNetwork;
    auto emit = [this, &last_network](std::uint32_t start, std::uint32_t network) {
      if (network == last_network && !v4_codes_.empty()) return;
      last_network = network;
      const CountryCode code = CodeOf(network);
      if (!v4_codes_.empty() && v4_codes_.back() == code) return;
      v4_starts_.push_back(start);
      v4_codes_.push_back(code);
    };
    while (!stack.empty()) {
      Item item = stack.back();
      stack.pop_back();
      // Down the zero sides (lower addresses first), the one sides pushed for
      // later: the item stays in registers instead of a push and a pop.
      for (;;) {
        if (item.node == kNoNetwork) {
          emit(item.start, item.network);
          break;
        }
        if (++visited > node_count_ || item.depth > 32) {  // a cycle or a malformed tree: keep the walk
          v4_starts_.clear();
          v4_codes_.clear();
          return;
        }
        if (visited % (1u << 18) == 0) DropPages();  // keep the resident set small while reading
        std::uint32_t network = item.network;
        if (const auto here = Field(item.node, 2); here != kNoNetwork) network = here;
        const std::uint32_t zero = Child(item.node, 0), one = Child(item.node, 1);
        if (zero >= node_count_ || one >= node_count_) {  // libloc answers nothing below a broken link
          v4_starts_.clear();
          v4_codes_.clear();
          return;
        }
        if (item.depth == 32 || (zero == 0 && one == 0)) {
          emit(item.start, network);
          break;
        }
        const int depth = item.depth + 1;
        const std::uint32_t half = item.start | (std::uint32_t{1} << (32 - depth));
        stack.push_back({one != 0 ? one : kNoNetwork, depth, half, network});
        item = {zero != 0 ? zero : kNoNetwork, depth, item.start, network};
      }
    }
  }

  // The index of the ranges by their top 16 bits.
  void IndexV4() {
    v4_index_.resize(65537);
    std::size_t i = 0;
    for (std::uint32_t h = 0; h <= 65536; ++h) {
      const std::uint64_t from = std::uint64_t{h} << 16;
      while (i < v4_starts_.size() && v4_starts_[i] < from) ++i;
      v4_index_[h].first = static_cast<std::uint32_t>(i);
      // Read when no range starts inside the /16: the last one before it then
      // holds all of it (there is one: the first range starts at 0).
      if (i > 0) v4_index_[h].code = v4_codes_[i - 1];
    }
  }

  Result FindV4(std::uint32_t a) const {
    const std::uint32_t h = a >> 16;
    Result result;
    // Most lookups (~70 % on the benchmark's log) fall in a /16 no range
    // starts inside: one range holds it all, and the index answers alone.
    if (v4_index_[h].first == v4_index_[h + 1].first) {
      result.code = v4_index_[h].code;
      result.reach = 96 + 24;
      return result;
    }
    const auto first = v4_starts_.begin() + v4_index_[h].first;
    const auto last = v4_starts_.begin() + v4_index_[h + 1].first;
    // The range holding `a`: the last start <= a (ranges cover all of IPv4
    // and start at 0, so it exists; it may begin before this /16).
    const auto i = static_cast<std::size_t>(std::upper_bound(first, last, a) - v4_starts_.begin()) - 1;
    result.code = v4_codes_[i];
    const std::uint32_t block = a & 0xffffff00u;
    const bool whole_block =
        v4_starts_[i] <= block && (i + 1 == v4_starts_.size() || v4_starts_[i + 1] > (block | 0xffu));
    result.reach = whole_block ? 96 + 24 : 128;
    return result;
  }

  CountryCode CodeOf(std::uint32_t network) {
    if (network == kNoNetwork || network >= network_count_) return CountryCode::Unknown();
    const unsigned char* code = networks_ + std::size_t{network} * kNetworkBytes;
    // FromText once per distinct two-byte code (flattening asks ~10^6 times).
    const std::size_t pair = std::size_t{code[0]} << 8 | code[1];
    if (decoded_.empty()) decoded_.resize(65536);
    if (!decoded_[pair]) {
      const char* text = reinterpret_cast<const char*>(code);
      // As loc_network_get_country_code() + FromText: an empty code is unknown.
      decoded_[pair] = CountryCode::FromText(std::string_view(text, strnlen(text, 2)));
    }
    return *decoded_[pair];
  }

  static int Bit(const IpAddress::Bytes& bytes, int level) {
    return (bytes[static_cast<std::size_t>(level / 8)] >> (7 - level % 8)) & 1;
  }
  std::uint32_t Field(std::uint32_t node, int field) const {
    std::uint32_t v;
    std::memcpy(&v, nodes_ + std::size_t{node} * kNodeBytes + 4 * static_cast<std::size_t>(field), 4);
    return be32toh(v);
  }
  std::uint32_t Child(std::uint32_t node, int bit) const { return Field(node, bit); }

  unsigned char* map_ = nullptr;
  std::size_t size_ = 0;
  const unsigned char* nodes_ = nullptr;
  std::size_t node_count_ = 0;
  const unsigned char* networks_ = nullptr;
  std::size_t network_count_ = 0;
  std::uint32_t v4_node_ = 0;  // where IPv4 paths start (depth v4_level_, normally 96)
  int v4_level_ = 0;
  std::uint32_t v4_network_ = 0;          // the deepest network above v4_node_ (normally none)
  std::vector<std::uint32_t> v4_starts_;  // FlattenV4(): first address of each range, ascending
  std::vector<CountryCode> v4_codes_;     // its answer
  struct V4Bucket {
    std::uint32_t first = 0;  // the first range starting at or after h << 16
    CountryCode code;         // the answer of the last range starting before h << 16
  };
  std::vector<V4Bucket> v4_index_;                   // [h], h = 0..65536
  std::vector<std::optional<CountryCode>> decoded_;  // CodeOf()'s memo by the code's two bytes
  std::uint64_t walks_ = 0;
};

class LiblocCountryDb : public CachingCountryDb {
 public:
  LiblocCountryDb(const LiblocCountryDb&) = delete;
  LiblocCountryDb& operator=(const LiblocCountryDb&) = delete;
  ~LiblocCountryDb() override {
    if (db_ != nullptr) loc_database_unref(db_);
    if (ctx_ != nullptr) loc_unref(ctx_);
    if (file_ != nullptr) std::fclose(file_);
  }

  static absl::StatusOr<std::unique_ptr<CountryDb>> Open(const std::string& path, LiblocLookup how) {
    std::unique_ptr<LiblocCountryDb> db(new LiblocCountryDb(path));
    db->file_ = std::fopen(path.c_str(), "r");
    if (db->file_ == nullptr) {
      const int err = errno;
      const std::string message = path + ": " + std::strerror(err);
      if (err == ENOENT) return absl::NotFoundError(message);
      return absl::UnavailableError(message);
    }
    if (const int rc = loc_new(&db->ctx_); rc != 0) {
      return absl::InternalError(path + ": libloc could not start (error " + std::to_string(rc) + ")");
    }
    if (const int rc = loc_database_new(db->ctx_, &db->db_, db->file_); rc != 0 || db->db_ == nullptr) {
      db->db_ = nullptr;
      return absl::InvalidArgumentError(path + ": not a libloc location database (error " + std::to_string(rc) + ")");
    }
    if (how == LiblocLookup::kTree) {
      std::optional<FlatV4Cache> cache;
      if (const auto directory = FlatV4Cache::Directory()) cache.emplace(*directory, path);
      db->tree_ = LocTree::Map(fileno(db->file_), cache, static_cast<std::int64_t>(loc_database_created_at(db->db_)));
    }
    return std::unique_ptr<CountryDb>(std::move(db));
  }

  std::optional<std::int64_t> BuildTime() const override {
    const time_t created = loc_database_created_at(db_);
    if (created <= 0) return std::nullopt;
    return static_cast<std::int64_t>(created);
  }

  std::string Describe() const override { return "libloc " + path_; }

 protected:
  // libloc allocates a network object per lookup; the address cache keeps that
  // off the common path. The answer is vouched for this address only: the
  // network found may hold more specific networks elsewhere in it.
  bool ResolvesV4Directly() const override { return tree_ && tree_->HasFlatV4(); }

 public:
  void Prefetch(const IpAddress& address) const override {
    if (tree_ && address.is_v4()) tree_->PrefetchV4(address.v4());
  }

 protected:
  Answer Resolve(const IpAddress& address) override {
    if (tree_) {
      const LocTree::Result found = tree_->Find(address);
      Answer answer;
      answer.code = found.code;
      answer.prefix128 = found.reach;
      return answer;
    }
    in6_addr in6{};
    std::memcpy(&in6, address.bytes().data(), 16);  // IPv4 already in its v4-mapped form
    loc_network* network = nullptr;
    const int rc = loc_database_lookup(db_, &in6, &network);
    if (network == nullptr) return Answer{};  // no network holds the address
    Answer answer;
    if (rc == 0) {
      const char* text = loc_network_get_country_code(network);
      if (text != nullptr) answer.code = CountryCode::FromText(std::string_view(text, strnlen(text, 3)));
    }
    loc_network_unref(network);
    return answer;
  }

 private:
  explicit LiblocCountryDb(std::string path) : path_(std::move(path)) {}

  std::string path_;
  std::optional<LocTree> tree_;
  std::FILE* file_ = nullptr;
  loc_ctx* ctx_ = nullptr;
  loc_database* db_ = nullptr;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CountryDb>> OpenLiblocCountryDb(const std::string& path, LiblocLookup how) {
  return LiblocCountryDb::Open(path, how);
}

}  // namespace fwlog
