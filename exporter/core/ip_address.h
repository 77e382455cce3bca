// IpAddress: a parsed IPv4 or IPv6 address, held as 16 bytes (IPv4 as the
// IPv4-mapped form ::ffff:a.b.c.d, so one comparison and one prefix rule serve
// both families).
//
// Parse() accepts the text forms firewalls write: dotted quad, and IPv6 in full
// (zero-padded, as netfilter prints it), compressed, or with an embedded IPv4
// tail. It rejects anything else (masked "X.X.X.X", "66.77.88.257", empty), so a
// caller can count the line as invalid. An IPv4-mapped IPv6 source is reported as
// IPv4, because that is the packet's real family.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace fwlog {

class IpAddress {
 public:
  using Bytes = std::array<std::uint8_t, 16>;

  IpAddress() = default;
  static std::optional<IpAddress> Parse(std::string_view text);
  static IpAddress FromV4(std::uint32_t host_order);
  static IpAddress FromBytes(const Bytes& bytes) { return IpAddress(bytes); }

  // An IPv4 address is held as ::ffff:a.b.c.d.
  bool is_v4() const {
    constexpr std::uint64_t kMask = std::endian::native == std::endian::little ? 0xffffffffu : 0xffffffff00000000u;
    constexpr std::uint64_t kMapped = std::endian::native == std::endian::little ? 0xffff0000u : 0x0000ffff00000000u;
    return Half(0) == 0 && (Half(1) & kMask) == kMapped;
  }
  // The IPv4 address in host byte order; only meaningful when is_v4().
  std::uint32_t v4() const {
    return (std::uint32_t{bytes_[12]} << 24) | (std::uint32_t{bytes_[13]} << 16) | (std::uint32_t{bytes_[14]} << 8) |
           std::uint32_t{bytes_[15]};
  }
  // Bytes 0-7 (i = 0) or 8-15 (i = 1) as one word in the machine's byte
  // order: for equality and hashing, not for arithmetic.
  std::uint64_t Half(int i) const {
    std::uint64_t word;
    std::memcpy(&word, bytes_.data() + 8 * i, sizeof word);
    return word;
  }
  const Bytes& bytes() const { return bytes_; }

  // True for addresses routed on the public Internet; false for private,
  // loopback, link-local, CGNAT, multicast, documentation, unspecified and other
  // special-purpose blocks (IANA special-purpose registries).
  bool IsGlobal() const;

  // Canonical text: dotted quad, or RFC 5952 compressed IPv6.
  std::string ToString() const;

  // The first `bits` bits kept, the rest zero. `bits` counts in the 128-bit
  // space (an IPv4 /24 is 96 + 24).
  IpAddress Masked(int bits) const;

  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return a.Half(0) == b.Half(0) && a.Half(1) == b.Half(1);
  }
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;

 private:
  explicit IpAddress(const Bytes& bytes) : bytes_(bytes) {}
  Bytes bytes_{};
};

// Cidr: an address block. For IPv4 blocks `prefix` is given in IPv4 terms
// (0..32) and stored internally in the 128-bit space.
struct Cidr {
  IpAddress network;  // already masked
  int prefix128 = 0;  // prefix length in the 128-bit space

  // "10.0.0.0/8", "2001:db8::/32", or a bare address (a /32 or /128).
  // Host bits set below the prefix are an error (nullopt), as in most tools:
  // "10.0.0.1/8" is more likely a typo than intent.
  static std::optional<Cidr> Parse(std::string_view text);
  bool Contains(const IpAddress& address) const { return address.Masked(prefix128) == network; }
  std::string ToString() const;
};

// Inline: the scan detector's table hashes every event's source twice (its
// prefetch and its probe), and a call each time cost ~1 % of a replay.
struct IpAddressHash {
  std::size_t operator()(const IpAddress& a) const noexcept {
    // The two halves multiplied by odd constants (independently, so the two
    // multiplies overlap), then the high bits folded down: absl's tables take
    // their probe position and tag from different ends of the hash. Addresses
    // are attacker-chosen, but the tables that use this are bounded, so a weak
    // spot costs speed at worst, never memory.
    std::uint64_t h = a.Half(0) * 0x9e3779b97f4a7c15ull ^ a.Half(1) * 0xc2b2ae3d27d4eb4full;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    h ^= h >> 29;
    return static_cast<std::size_t>(h);
  }
};

}  // namespace fwlog
