#include "enrich/country/country_db.h"

#include <algorithm>
#include <filesystem>

#include "enrich/country/caching_country_db.h"

namespace fwlog {
namespace {

class NoCountryDb : public CountryDb {
 public:
  Origin Find(const IpAddress& address) override {
    return address.IsGlobal() ? CountryCode::Unknown() : CountryCode::Private();
  }
  std::optional<std::int64_t> BuildTime() const override { return std::nullopt; }
  std::string Describe() const override { return "none"; }
};

// Countries from one database, AS numbers and names from another. Each
// keeps its own caches; the AS database is asked only for global sources.
class AsFromOtherDb : public CountryDb {
 public:
  AsFromOtherDb(std::unique_ptr<CountryDb> countries, std::unique_ptr<CountryDb> networks)
      : countries_(std::move(countries)), networks_(std::move(networks)) {}
  Origin Find(const IpAddress& address) override {
    Origin origin = countries_->Find(address);
    if (origin.code != CountryCode::Private()) origin.asn = networks_->Find(address).asn;
    return origin;
  }
  void Prefetch(const IpAddress& address) const override { countries_->Prefetch(address); }
  std::string AsName(std::uint32_t asn) override { return networks_->AsName(asn); }
  std::optional<std::int64_t> BuildTime() const override { return countries_->BuildTime(); }
  std::string Describe() const override { return countries_->Describe() + ", AS from " + networks_->Describe(); }

 private:
  std::unique_ptr<CountryDb> countries_;
  std::unique_ptr<CountryDb> networks_;
};

}  // namespace

std::unique_ptr<CountryDb> WithAsFrom(std::unique_ptr<CountryDb> countries, std::unique_ptr<CountryDb> networks) {
  return std::make_unique<AsFromOtherDb>(std::move(countries), std::move(networks));
}

Origin CachingCountryDb::Find(const IpAddress& address) {
  if (address.is_v4() && ResolvesV4Directly()) {
    if (!address.IsGlobal()) return CountryCode::Private();
    return Resolve(address).origin;
  }
  Origin origin;
  if (addresses_.Find(address, origin)) return origin;
  if (!address.IsGlobal()) {
    addresses_.Insert(address, CountryCode::Private());
    return CountryCode::Private();
  }
  // The address's block: IPv4 /24 (kIpv4BlockPrefix), IPv6 /48 (kIpv6BlockPrefix).
  IpAddress::Bytes bytes = address.bytes();
  const bool v4 = address.is_v4();
  std::fill(bytes.begin() + (v4 ? 15 : 6), bytes.end(), std::uint8_t{0});
  const IpAddress block = IpAddress::FromBytes(bytes);
  if (!any_blocks_ || !blocks_.Find(block, origin)) {
    const Answer answer = Resolve(address);
    origin = answer.origin;
    if (answer.prefix128 <= (v4 ? kIpv4BlockPrefix : kIpv6BlockPrefix)) {
      blocks_.Insert(block, origin);
      any_blocks_ = true;
    }
  }
  addresses_.Insert(address, origin);
  return origin;
}

absl::StatusOr<std::unique_ptr<CountryDb>> OpenCountryDb(const std::string& path, bool networks) {
  if (path.empty()) return absl::InvalidArgumentError("no country database file given");
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return absl::NotFoundError(path + ": No such file or directory");
  }
  if (std::filesystem::is_directory(path, ec)) {
    return absl::InvalidArgumentError(path + ": is a folder, expected a country database file");
  }
  auto ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (ext == ".mmdb") return OpenMmdbCountryDb(path);
  return OpenLiblocCountryDb(path, LiblocLookup::kTree, networks);
}

std::unique_ptr<CountryDb> NullCountryDb() { return std::make_unique<NoCountryDb>(); }

}  // namespace fwlog
