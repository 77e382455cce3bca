#include "http/web_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fwlog {
namespace {

using ::testing::HasSubstr;

constexpr const char* kHash = "$2b$10$koQmAE8d0vA5FQWwr4RMkuDO1aSF7EGZ.7TyLFwCuYeGRRWGOpul2";

class WebConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("webcfg-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    for (const char* f : {"server.crt", "server.key", "ca.crt"}) std::ofstream(dir_ / f) << "x";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  absl::StatusOr<WebConfig> Load(const std::string& text) {
    return LoadWebConfigFromString(text, "web.yml", dir_.string());
  }
  std::filesystem::path dir_;
};

TEST_F(WebConfigTest, EmptyFileMeansPlainHttpWithoutAuth) {
  auto web = Load("");
  ASSERT_TRUE(web.ok()) << web.status();
  EXPECT_FALSE(web->tls);
  EXPECT_TRUE(web->basic_auth_users.empty());
}

TEST_F(WebConfigTest, ReadsTheExporterToolkitFormat) {
  auto web = Load(std::string("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                              "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"
                              "  min_version: TLS13\n"
                              "http_server_config:\n  http2: true\n  headers:\n    X-Frame-Options: deny\n"
                              "basic_auth_users:\n  prometheus: ") +
                  kHash + "\n");
  ASSERT_TRUE(web.ok()) << web.status();
  ASSERT_TRUE(web->tls);
  EXPECT_EQ(web->tls->cert_file, (dir_ / "server.crt").string());
  EXPECT_EQ(web->tls->client_auth, ClientAuth::kRequireAndVerify);
  EXPECT_EQ(web->tls->min_version, 0x0304);
  EXPECT_EQ(web->basic_auth_users.at("prometheus"), kHash);
  ASSERT_EQ(web->headers.size(), 1u);
  EXPECT_EQ(web->headers[0].first, "X-Frame-Options");
}

TEST_F(WebConfigTest, PlainPasswordIsRefusedWithItsPosition) {
  auto web = Load("basic_auth_users:\n  prometheus: secret\n");
  ASSERT_FALSE(web.ok());
  EXPECT_THAT(web.status().message(), HasSubstr("web.yml:2:15: "));
  EXPECT_THAT(web.status().message(), HasSubstr("bcrypt"));
}

TEST_F(WebConfigTest, ErrorsNamePositions) {
  struct Case {
    std::string text, where, what;
  };
  const Case cases[] = {
      {"tls_server_config:\n  cert_file: server.crt\n", "web.yml:2:3: ", "key_file is required"},
      {"tls_server_config:\n  cert_file: missing.crt\n  key_file: server.key\n", "web.yml:2:14: ", "cannot read"},
      {"tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS9\n",
       "web.yml:4:16: ", "TLS9"},
      {"tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: Maybe\n",
       "web.yml:4:21: ", "Maybe"},
      {"tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
       "  client_auth_type: RequireAndVerifyClientCert\n",
       "web.yml:2:3: ", "client_ca_file is required"},
      {"tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  cipher_suites: [x]\n",
       "web.yml:4:3: ", "not supported"},
      {"tls_config:\n  cert_file: server.crt\n", "web.yml:1:1: ", "unknown key \"tls_config\""},
      {"basic_auth_users: [a, b]\n", "web.yml:1:19: ", "expected a mapping"},
      {"http_server_config:\n  headers:\n    \"Bad Name\": x\n", "web.yml:3:5: ", "not a header name"},
      {"basic_auth_users:\n  a: [\n", "web.yml:", ""},
  };
  for (const auto& c : cases) {
    auto web = Load(c.text);
    ASSERT_FALSE(web.ok()) << c.text;
    EXPECT_THAT(web.status().message(), HasSubstr(c.where)) << c.text;
    EXPECT_THAT(web.status().message(), HasSubstr(c.what)) << c.text;
  }
}

TEST_F(WebConfigTest, MissingFileIsAnError) {
  auto web = LoadWebConfig((dir_ / "nope.yml").string());
  ASSERT_FALSE(web.ok());
  EXPECT_THAT(web.status().message(), HasSubstr("nope.yml"));
}

}  // namespace
}  // namespace fwlog
