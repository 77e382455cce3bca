#include "enrich/country_db.h"

#include <filesystem>

#include "enrich/caching_country_db.h"

namespace fwlog {
namespace {

class NoCountryDb : public CountryDb {
 public:
  std::string_view Lookup(const IpAddress& address) override {
    return address.IsGlobal() ? CountryCode::Unknown().text() : "private";
  }
  std::optional<std::int64_t> BuildTime() const override { return std::nullopt; }
  std::string Describe() const override { return "none"; }
};

}  // namespace

std::string_view CachingCountryDb::Lookup(const IpAddress& address) {
  if (!address.IsGlobal()) return "private";
  CountryCode code;
  if (!cache_.Find(address, code)) {
    code = Resolve(address);
    cache_.Insert(address, code);
  }
  return code.text();
}

absl::StatusOr<std::unique_ptr<CountryDb>> OpenCountryDb(const std::string& path) {
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
  return OpenLiblocCountryDb(path);
}

std::unique_ptr<CountryDb> NullCountryDb() { return std::make_unique<NoCountryDb>(); }

}  // namespace fwlog
