// The libloc back-end of CountryDb: the IPFire Location database
// (/var/lib/location/database.db on Debian). Only this file includes libloc.
#include <netinet/in.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

extern "C" {
#include <libloc/database.h>
#include <libloc/libloc.h>
#include <libloc/network.h>
}

#include "enrich/caching_country_db.h"

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

  static absl::StatusOr<std::unique_ptr<CountryDb>> Open(const std::string& path) {
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
      return absl::InvalidArgumentError(path + ": not a libloc location database (error " + std::to_string(rc) +
                                        ")");
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
  Answer Resolve(const IpAddress& address) override {
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
  std::FILE* file_ = nullptr;
  loc_ctx* ctx_ = nullptr;
  loc_database* db_ = nullptr;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CountryDb>> OpenLiblocCountryDb(const std::string& path) {
  return LiblocCountryDb::Open(path);
}

}  // namespace fwlog
