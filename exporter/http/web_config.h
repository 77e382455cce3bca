// WebConfig: the --web.config.file of Prometheus exporters (the
// exporter-toolkit format), so the same file works here and for
// node_exporter:
//
//   tls_server_config:
//     cert_file: server.crt          # PEM; relative paths: beside this file
//     key_file: server.key
//     client_auth_type: RequireAndVerifyClientCert   # optional
//     client_ca_file: clients-ca.crt                 # needed to verify clients
//     min_version: TLS12                             # TLS10..TLS13, default TLS12
//     max_version: TLS13
//   http_server_config:
//     headers: {X-Frame-Options: deny}  # added to every response
//     http2: true                       # accepted and ignored (HTTP/1.1 only)
//   basic_auth_users:
//     prometheus: $2y$10$...            # bcrypt hash (htpasswd -nBC 10 "" | tr -d ':\n')
//
// Everything is checked at load: unknown or unsupported keys, wrong types,
// hashes that are not bcrypt, unreadable files, a client CA missing where
// client certificates are verified. Errors are `file:line:col: message`.
// The certificate and key themselves are checked when the server starts.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace fwlog {

enum class ClientAuth {
  kNone,              // NoClientCert
  kRequest,           // RequestClientCert: asked for, not verified
  kRequireAny,        // RequireAnyClientCert: required, not verified
  kVerifyIfGiven,     // VerifyClientCertIfGiven
  kRequireAndVerify,  // RequireAndVerifyClientCert
};

struct TlsServerConfig {
  std::string cert_file;
  std::string key_file;
  ClientAuth client_auth = ClientAuth::kNone;
  std::string client_ca_file;
  int min_version = 0x0303;  // TLS 1.2 (TLS1_2_VERSION)
  int max_version = 0;       // 0: the highest OpenSSL supports
  std::string where;         // "file:line:col: " of tls_server_config, for errors found at start
};

struct WebConfig {
  std::string file;  // empty: no web config (plain HTTP, no auth)
  std::optional<TlsServerConfig> tls;
  std::map<std::string, std::string> basic_auth_users;  // user -> bcrypt hash
  std::vector<std::pair<std::string, std::string>> headers;
};

absl::StatusOr<WebConfig> LoadWebConfig(const std::string& path);
// `name` is used in error positions; relative paths resolve against `base_dir`.
absl::StatusOr<WebConfig> LoadWebConfigFromString(const std::string& text, const std::string& name,
                                                  const std::string& base_dir);

}  // namespace fwlog
