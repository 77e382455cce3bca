#include "enrich/country/loc_tree.h"

#include <endian.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"

namespace fwlog {
namespace {

constexpr long kHeaderBytes = 8 + 4 * 13;
constexpr std::size_t kNodeBytes = 12;     // struct loc_database_network_node_v1
constexpr std::size_t kNetworkBytes = 12;  // struct loc_database_network_v1
constexpr std::size_t kAsBytes = 8;        // struct loc_database_as_v1: number, name (pool offset)
constexpr std::uint64_t kPagesDropInterval = 4096;
constexpr std::uint32_t kNoNetwork = 0xffffffffu;
constexpr std::uint16_t kDropFlag = 1u << 3;  // LOC_NETWORK_FLAG_DROP (libloc/network.h)

int Bit(const IpAddress::Bytes& bytes, int level) {
  return (bytes[static_cast<std::size_t>(level / 8)] >> (7 - level % 8)) & 1;
}

}  // namespace

LocTree& LocTree::operator=(LocTree&& other) noexcept {
  std::swap(map_, other.map_);
  std::swap(size_, other.size_);
  nodes_ = other.nodes_;
  node_count_ = other.node_count_;
  networks_ = other.networks_;
  network_count_ = other.network_count_;
  as_records_ = other.as_records_;
  as_count_ = other.as_count_;
  pool_ = other.pool_;
  pool_size_ = other.pool_size_;
  v4_node_ = other.v4_node_;
  v4_level_ = other.v4_level_;
  v4_network_ = other.v4_network_;
  std::swap(v4_lows_, other.v4_lows_);
  std::swap(v4_answers_, other.v4_answers_);
  std::swap(v4_asns_, other.v4_asns_);
  std::swap(v4_index_, other.v4_index_);
  std::swap(decoded_, other.decoded_);
  walks_ = other.walks_;
  networks_on_ = other.networks_on_;
  return *this;
}

LocTree::~LocTree() {
  if (map_ != nullptr) munmap(map_, size_);
}

void LocTree::DropPages() { madvise(map_, size_, MADV_DONTNEED); }

std::uint32_t LocTree::Field(std::uint32_t node, int field) const {
  std::uint32_t v;
  std::memcpy(&v, nodes_ + std::size_t{node} * kNodeBytes + 4 * static_cast<std::size_t>(field), 4);
  return be32toh(v);
}

std::optional<LocTree> LocTree::Map(int fd, const std::optional<FlatV4Cache>& cache, std::int64_t built, V4 v4,
                                    bool networks) {
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size < 8 + kHeaderBytes) return std::nullopt;
  const auto size = static_cast<std::size_t>(st.st_size);
  void* map = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) return std::nullopt;
  LocTree tree;
  tree.networks_on_ = networks;
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
  // The AS table and the string pool: without them (a database without
  // ASes), AsName() answers nothing.
  const std::uint64_t as_offset = u32(3), as_length = u32(4);
  const std::uint64_t pool_offset = u32(11), pool_length = u32(12);
  if (as_offset + as_length <= size && pool_offset + pool_length <= size) {
    tree.as_records_ = tree.map_ + as_offset;
    tree.as_count_ = as_length / kAsBytes;
    tree.pool_ = tree.map_ + pool_offset;
    tree.pool_size_ = pool_length;
  }
  // The node where IPv4 addresses (::ffff:0:0/96) start; the 96 bits on
  // the way there are the same for every IPv4 address.
  IpAddress::Bytes mapped{};
  mapped[10] = 0xff;
  mapped[11] = 0xff;
  tree.v4_node_ = 0;
  tree.v4_level_ = 0;
  tree.v4_network_ = kNoNetwork;
  while (tree.v4_level_ < 96) {
    if (const auto here = tree.Field(tree.v4_node_, 2); here != kNoNetwork) tree.v4_network_ = here;
    const std::uint32_t next = tree.Child(tree.v4_node_, Bit(mapped, tree.v4_level_));
    if (next == 0 || next >= tree.node_count_) break;
    tree.v4_node_ = next;
    ++tree.v4_level_;
  }
  madvise(tree.map_, tree.size_, MADV_RANDOM);
  if (tree.v4_level_ == 96 && v4 == V4::kFlatten) {
    const FlatV4Cache::Source source{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                                     static_cast<std::uint64_t>(size),
                                     std::int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec, built};
    FlatV4Cache::Table table;
    if (!cache || !cache->Load(source, table)) {
      table = tree.FlattenV4();
      if (cache && !table.starts.empty()) cache->Store(source, table);
    }
    if (!table.starts.empty()) tree.UseFlatV4(std::move(table));
  }
  tree.DropPages();
  return tree;
}

LocTree::Result LocTree::Find(const IpAddress& address) {
  if (address.is_v4() && !v4_answers_.empty()) return FindV4(address.v4());
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
  result.origin = OriginOf(network);
  return result;
}

std::string_view LocTree::AsName(std::uint32_t asn) const {
  auto field = [this](std::size_t i, int which) {
    std::uint32_t v;
    std::memcpy(&v, as_records_ + i * kAsBytes + 4 * static_cast<std::size_t>(which), 4);
    return be32toh(v);
  };
  std::size_t lo = 0, hi = as_count_;  // the records are sorted by number (libloc searches them so too)
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const std::uint32_t number = field(mid, 0);
    if (number == asn) {
      const std::uint32_t offset = field(mid, 1);
      if (offset >= pool_size_) return {};
      const auto* name = reinterpret_cast<const char*>(pool_ + offset);
      return {name, strnlen(name, pool_size_ - offset)};
    }
    if (number < asn)
      lo = mid + 1;
    else
      hi = mid;
  }
  return {};
}

// The IPv4 part of the tree flattened, at open, into the sorted list of
// ranges that share an answer (adjacent equal answers merged; what it
// makes is kept in FlatV4Cache: a change here must bump its version). The
// real database gives about 430 k ranges.
FlatV4Cache::Table LocTree::FlattenV4() {
  struct Item {
    std::uint32_t node;  // kNoNetwork: emit a range instead
    int depth;           // IPv4 bits consumed (0..32)
    std::uint32_t start;
    std::uint32_t network;  // the deepest network above or at `node`
  };
  FlatV4Cache::Table table;
  std::vector<Item> stack;
  stack.push_back({v4_node_, 0, 0, v4_network_});
  std::size_t visited = 0;
  // Room for the real database's ranges at once: pages not written are
  // never touched, and growing by copies cost ~5 % of the flattening.
  table.starts.reserve(std::size_t{1} << 19);
  table.answers.reserve(std::size_t{1} << 19);
  // The AS numbers by first appearance; AS 0 (none, and every answer of a
  // table by country) is index 0 without a lookup.
  absl::flat_hash_map<std::uint32_t, std::uint32_t> as_index;
  table.asns.push_back(0);
  bool too_many_ases = false;
  auto index_of = [&](std::uint32_t asn) -> std::uint32_t {
    if (asn == 0) return 0;
    const auto [it, added] = as_index.try_emplace(asn, static_cast<std::uint32_t>(table.asns.size()));
    if (added) {
      table.asns.push_back(asn);
      too_many_ases = too_many_ases || it->second > PackedOrigin::kMaxAsIndex;
    }
    return it->second;
  };
  // Most leaves repeat the network of the leaf before (a network's
  // addresses around a more specific one): same network, same answer.
  std::uint32_t last_network = kNoNetwork;
  auto emit = [&](std::uint32_t start, std::uint32_t network) {
    if (network == last_network && !table.answers.empty()) return;
    last_network = network;
    const Origin origin = OriginOf(network);
    const std::uint32_t answer = PackedOrigin::Pack(origin.code, origin.drop_listed, index_of(origin.asn));
    if (!table.answers.empty() && table.answers.back() == answer) return;
    table.starts.push_back(start);
    table.answers.push_back(answer);
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
      if (++visited > node_count_ || item.depth > 32) return {};  // a cycle or a malformed tree: keep the walk
      if (visited % (1u << 18) == 0) DropPages();                 // keep the resident set small while reading
      std::uint32_t network = item.network;
      if (const auto here = Field(item.node, 2); here != kNoNetwork) network = here;
      const std::uint32_t zero = Child(item.node, 0), one = Child(item.node, 1);
      if (zero >= node_count_ || one >= node_count_) return {};  // libloc answers nothing below a broken link
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
  if (too_many_ases) return {};  // more ASes than an answer can index: keep the walk
  return table;
}

// The ranges kept by their low halves, with an index by their top 16 bits.
void LocTree::UseFlatV4(FlatV4Cache::Table table) {
  const std::vector<std::uint32_t>& starts = table.starts;
  v4_lows_.resize(starts.size());
  for (std::size_t i = 0; i < starts.size(); ++i) v4_lows_[i] = static_cast<std::uint16_t>(starts[i]);
  v4_index_.resize(65537);
  std::size_t i = 0;
  for (std::uint32_t h = 0; h <= 65536; ++h) {
    const std::uint64_t from = std::uint64_t{h} << 16;
    while (i < starts.size() && starts[i] < from) ++i;
    v4_index_[h].first = static_cast<std::uint32_t>(i);
    // Read when no range starts inside the /16: the last one before it then
    // holds all of it (there is one: the first range starts at 0).
    if (i > 0) v4_index_[h].answer = table.answers[i - 1];
  }
  v4_answers_ = std::move(table.answers);
  v4_asns_ = std::move(table.asns);
}

LocTree::Result LocTree::FindV4(std::uint32_t a) const {
  const std::uint32_t h = a >> 16;
  const std::uint32_t first = v4_index_[h].first, last = v4_index_[h + 1].first;
  Result result;
  // Most lookups (~70 % on the benchmark's log) fall in a /16 no range
  // starts inside: one range holds it all, and the index answers alone.
  if (first == last) {
    result.origin = Unpack(v4_index_[h].answer);
    result.reach = 96 + 24;
    return result;
  }
  // The range holding `a` is the last one starting at or before it: the
  // one before `next` among this /16's ranges, or, when `a` lies below
  // their first, the range before them (it starts in an earlier /16).
  const auto low = static_cast<std::uint16_t>(a);
  const auto next = static_cast<std::uint32_t>(
      std::upper_bound(v4_lows_.begin() + first, v4_lows_.begin() + last, low) - v4_lows_.begin());
  result.origin = Unpack(next == first ? v4_index_[h].answer : v4_answers_[next - 1]);
  // Whether it holds the whole /24 (`a`'s block): it starts at or before the
  // block and the next range starts after it (or in a later /16).
  const auto block = static_cast<std::uint16_t>(low & 0xff00u);
  const bool from_before = next == first || v4_lows_[next - 1] <= block;
  const bool to_after = next == last || v4_lows_[next] > (block | 0xffu);
  result.reach = from_before && to_after ? 96 + 24 : 128;
  return result;
}

// struct loc_database_network_v1: country_code[2], 2 bytes of padding, asn
// (4, big-endian), flags (2, big-endian), 2 bytes of padding.
Origin LocTree::OriginOf(std::uint32_t network) {
  if (network == kNoNetwork || network >= network_count_) return Origin{};
  const unsigned char* code = networks_ + std::size_t{network} * kNetworkBytes;
  std::uint32_t asn;
  std::memcpy(&asn, code + 4, 4);
  std::uint16_t flags;
  std::memcpy(&flags, code + 8, 2);
  // FromText once per distinct two-byte code (flattening asks ~10^6 times).
  const std::size_t pair = std::size_t{code[0]} << 8 | code[1];
  if (decoded_.empty()) decoded_.resize(65536);
  if (!decoded_[pair]) {
    const char* text = reinterpret_cast<const char*>(code);
    // As loc_network_get_country_code() + FromText: an empty code is unknown.
    decoded_[pair] = CountryCode::FromText(std::string_view(text, strnlen(text, 2)));
  }
  if (!networks_on_) return *decoded_[pair];
  return Origin(*decoded_[pair], be32toh(asn), (be16toh(flags) & kDropFlag) != 0);
}

}  // namespace fwlog
