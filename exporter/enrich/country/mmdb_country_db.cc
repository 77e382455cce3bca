// The libmaxminddb back-end of CountryDb (see country_db.h for the field
// order). Only this file includes maxminddb.h.
//
// The AS number and name come from the same record when it has them:
// autonomous_system_number / autonomous_system_organization at the top
// (GeoLite2-ASN, GeoIP2-ISP, DB-IP's ASN files) or under `traits`
// (GeoIP2-Enterprise), or IPinfo Lite's asn ("AS15169") / as_name. An mmdb
// has no index by AS number, so AsName() answers with the name last read
// for that number (Resolve() remembers it).
#include <absl/container/flat_hash_map.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "enrich/country/caching_country_db.h"

namespace fwlog {
namespace {

class MmdbCountryDb : public CachingCountryDb {
 public:
  MmdbCountryDb(const MmdbCountryDb&) = delete;
  MmdbCountryDb& operator=(const MmdbCountryDb&) = delete;
  ~MmdbCountryDb() override {
    if (open_) MMDB_close(&mmdb_);
  }

  static absl::StatusOr<std::unique_ptr<CountryDb>> Open(const std::string& path) {
    std::unique_ptr<MmdbCountryDb> db(new MmdbCountryDb(path));
    const int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &db->mmdb_);
    if (status != MMDB_SUCCESS) {
      std::string reason = MMDB_strerror(status);
      if (status == MMDB_IO_ERROR) reason += std::string(": ") + std::strerror(errno);
      db->open_ = false;
      return absl::InvalidArgumentError(path + ": cannot open as a MaxMind DB: " + reason);
    }
    return std::unique_ptr<CountryDb>(std::move(db));
  }

  std::optional<std::int64_t> BuildTime() const override {
    return static_cast<std::int64_t>(mmdb_.metadata.build_epoch);
  }

  std::string Describe() const override {
    std::string out = "mmdb " + path_;
    if (mmdb_.metadata.database_type != nullptr) out += std::string(" (") + mmdb_.metadata.database_type + ")";
    return out;
  }

 protected:
  Answer Resolve(const IpAddress& address) override {
    sockaddr_storage storage{};
    if (address.is_v4()) {
      auto* sin = reinterpret_cast<sockaddr_in*>(&storage);
      sin->sin_family = AF_INET;
      std::memcpy(&sin->sin_addr, address.bytes().data() + 12, 4);
    } else {
      auto* sin6 = reinterpret_cast<sockaddr_in6*>(&storage);
      sin6->sin6_family = AF_INET6;
      std::memcpy(&sin6->sin6_addr, address.bytes().data(), 16);
    }
    int error = MMDB_SUCCESS;
    MMDB_lookup_result_s result = MMDB_lookup_sockaddr(&mmdb_, reinterpret_cast<const sockaddr*>(&storage), &error);
    if (error != MMDB_SUCCESS || !result.found_entry) return Answer{};
    // The leaf's network, over which every address has this record. IPv6
    // trees hold IPv4 at ::/96 and count from the root, so their netmask is
    // already in the 128-bit space.
    const int prefix128 = static_cast<int>(result.netmask) + (mmdb_.metadata.ip_version == 4 ? 96 : 0);
    std::string name;
    const std::uint32_t asn = As(result.entry, name);
    if (asn != 0 && !name.empty()) names_.insert_or_assign(asn, std::move(name));
    return Answer{Origin(Code(result.entry), asn, false), prefix128};
  }

 public:
  std::string AsName(std::uint32_t asn) override {
    const auto it = names_.find(asn);
    return it == names_.end() ? std::string() : it->second;
  }

 private:
  explicit MmdbCountryDb(std::string path) : path_(std::move(path)) {}

  // The record's country, by the field order in country_db.h.
  static CountryCode Code(MMDB_entry_s entry) {
    // 1. country.iso_code, when `country` is a map (GeoLite2, GeoIP2, DB-IP).
    MMDB_entry_data_s country{};
    static const char* const kCountry[] = {"country", nullptr};
    const bool has_country = Get(entry, kCountry, country);
    if (has_country && country.type == MMDB_DATA_TYPE_MAP) {
      static const char* const kIso[] = {"country", "iso_code", nullptr};
      if (auto code = GetCode(entry, kIso); code.known()) return code;
    }
    // 2. country_code (IPinfo Lite, sapics ip-location-db).
    static const char* const kCountryCode[] = {"country_code", nullptr};
    if (auto code = GetCode(entry, kCountryCode); code.known()) return code;
    // 3. `country` as a two-letter string (legacy IPinfo); never a longer
    //    string, which is a country's name (IPinfo Lite).
    if (has_country && country.type == MMDB_DATA_TYPE_UTF8_STRING && country.data_size == 2) {
      if (auto code = CountryCode::FromText(std::string_view(country.utf8_string, 2)); code.known()) return code;
    }
    // 4. registered_country.iso_code (GeoIP2 rows without a country).
    static const char* const kRegistered[] = {"registered_country", "iso_code", nullptr};
    return GetCode(entry, kRegistered);
  }

  // The record's AS number (0: none) and, into `name`, its organisation.
  static std::uint32_t As(MMDB_entry_s entry, std::string& name) {
    MMDB_entry_data_s data{};
    static const char* const kNumber[] = {"autonomous_system_number", nullptr};
    static const char* const kOrganisation[] = {"autonomous_system_organization", nullptr};
    static const char* const kIpinfoAsn[] = {"asn", nullptr};
    static const char* const kIpinfoName[] = {"as_name", nullptr};
    static const char* const kTraitsNumber[] = {"traits", "autonomous_system_number", nullptr};
    static const char* const kTraitsOrganisation[] = {"traits", "autonomous_system_organization", nullptr};
    std::uint32_t asn = 0;
    const char* const* name_path = kOrganisation;
    bool numbered = Get(entry, kNumber, data);
    if (!numbered && Get(entry, kTraitsNumber, data)) {
      numbered = true;
      name_path = kTraitsOrganisation;
    }
    if (numbered) {
      if (data.type == MMDB_DATA_TYPE_UINT32) asn = data.uint32;
      if (data.type == MMDB_DATA_TYPE_UINT16) asn = data.uint16;
      if (data.type == MMDB_DATA_TYPE_UINT64 && data.uint64 <= 0xffffffffu)
        asn = static_cast<std::uint32_t>(data.uint64);
    } else if (Get(entry, kIpinfoAsn, data) && data.type == MMDB_DATA_TYPE_UTF8_STRING) {
      std::string_view text(data.utf8_string, data.data_size);
      if (text.size() > 2 && (text[0] == 'A' || text[0] == 'a') && (text[1] == 'S' || text[1] == 's'))
        text.remove_prefix(2);
      std::uint64_t n = 0;
      for (const char c : text)
        n = (c >= '0' && c <= '9' && n <= 0xffffffffu) ? n * 10 + static_cast<std::uint64_t>(c - '0') : ~0ull;
      if (!text.empty() && n <= 0xffffffffu) asn = static_cast<std::uint32_t>(n);
      name_path = kIpinfoName;
    }
    if (asn != 0 && Get(entry, name_path, data) && data.type == MMDB_DATA_TYPE_UTF8_STRING)
      name.assign(data.utf8_string, data.data_size);
    return asn;
  }

  static bool Get(MMDB_entry_s entry, const char* const* path, MMDB_entry_data_s& data) {
    return MMDB_aget_value(&entry, &data, path) == MMDB_SUCCESS && data.has_data;
  }
  static CountryCode GetCode(MMDB_entry_s entry, const char* const* path) {
    MMDB_entry_data_s data{};
    if (!Get(entry, path, data) || data.type != MMDB_DATA_TYPE_UTF8_STRING) return CountryCode::Unknown();
    return CountryCode::FromText(std::string_view(data.utf8_string, data.data_size));
  }

  std::string path_;
  absl::flat_hash_map<std::uint32_t, std::string> names_;  // bounded by the database's AS count
  MMDB_s mmdb_{};
  bool open_ = true;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CountryDb>> OpenMmdbCountryDb(const std::string& path) {
  return MmdbCountryDb::Open(path);
}

}  // namespace fwlog
