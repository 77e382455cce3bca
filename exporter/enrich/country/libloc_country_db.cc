// The libloc back-end of CountryDb: the IPFire Location database
// (/var/lib/location/database.db on Debian). Only this file includes libloc.
//
// libloc opens the file, checks it and gives its build time. Lookups read the
// database's network tree directly (LocTree, loc_tree.h), which answers as
// loc_database_lookup() does, ~10 times faster and without allocating, and
// also tells how far an answer reaches, so answers can be cached per /24
// (IPv4) or /48 (IPv6) block. IPv4 lookups read LocTree's flat table of
// ranges, made at open or read back from FlatV4Cache.
#include <netinet/in.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

extern "C" {
#include <libloc/as.h>
#include <libloc/database.h>
#include <libloc/libloc.h>
#include <libloc/network.h>
}

#include "enrich/country/caching_country_db.h"
#include "enrich/country/flat_v4_cache.h"
#include "enrich/country/loc_tree.h"

namespace fwlog {
namespace {

class LiblocCountryDb : public CachingCountryDb {
 public:
  LiblocCountryDb(const LiblocCountryDb&) = delete;
  LiblocCountryDb& operator=(const LiblocCountryDb&) = delete;
  ~LiblocCountryDb() override {
    if (db_ != nullptr) loc_database_unref(db_);
    if (ctx_ != nullptr) loc_unref(ctx_);
    if (file_ != nullptr) std::fclose(file_);
  }

  static absl::StatusOr<std::unique_ptr<CountryDb>> Open(const std::string& path, LiblocLookup how, bool networks) {
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
      if (const auto directory = FlatV4Cache::Directory()) cache.emplace(*directory, path, networks);
      db->tree_ = LocTree::Map(fileno(db->file_), cache, static_cast<std::int64_t>(loc_database_created_at(db->db_)),
                               LocTree::V4::kFlatten, networks);
    }
    return std::unique_ptr<CountryDb>(std::move(db));
  }

  std::optional<std::int64_t> BuildTime() const override {
    const time_t created = loc_database_created_at(db_);
    if (created <= 0) return std::nullopt;
    return static_cast<std::int64_t>(created);
  }

  std::string Describe() const override { return "libloc " + path_; }

  std::string AsName(std::uint32_t asn) override {
    if (tree_) return std::string(tree_->AsName(asn));
    loc_as* as = nullptr;
    if (asn == 0 || loc_database_get_as(db_, &as, asn) != 0 || as == nullptr) return {};
    const char* name = loc_as_get_name(as);
    std::string out = name != nullptr ? name : "";
    loc_as_unref(as);
    return out;
  }

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
      answer.origin = found.origin;
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
      if (text != nullptr) answer.origin.code = CountryCode::FromText(std::string_view(text, strnlen(text, 3)));
      answer.origin.asn = loc_network_get_asn(network);
      answer.origin.drop_listed = loc_network_has_flag(network, LOC_NETWORK_FLAG_DROP) != 0;
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

absl::StatusOr<std::unique_ptr<CountryDb>> OpenLiblocCountryDb(const std::string& path, LiblocLookup how,
                                                               bool networks) {
  return LiblocCountryDb::Open(path, how, networks);
}

}  // namespace fwlog
