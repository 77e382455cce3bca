#include "http/web_config.h"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "core/text_file.h"
#include "http/basic_auth.h"

namespace fwlog {
namespace {

class Reader {
 public:
  Reader(std::string name, std::string base_dir) : name_(std::move(name)), base_dir_(std::move(base_dir)) {}

  std::string At(const YAML::Node& n) const {
    const auto mark = n.Mark();
    if (mark.line < 0) return name_ + ": ";
    return name_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) + ": ";
  }
  absl::Status Error(const YAML::Node& n, const std::string& message) const {
    return absl::InvalidArgumentError(At(n) + message);
  }
  absl::StatusOr<std::string> String(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) return Error(n, key + ": expected a string");
    return n.Scalar();
  }
  absl::StatusOr<std::string> ReadableFile(const YAML::Node& n, const std::string& key) const {
    auto text = String(n, key);
    if (!text.ok()) return text.status();
    if (text->empty()) return Error(n, key + ": must not be empty");
    std::filesystem::path p(*text);
    if (p.is_relative() && !base_dir_.empty()) p = std::filesystem::path(base_dir_) / p;
    if (::access(p.c_str(), R_OK) != 0) return Error(n, key + ": cannot read \"" + p.string() + "\"");
    return p.string();
  }

 private:
  std::string name_;
  std::string base_dir_;
};

absl::StatusOr<int> TlsVersion(const Reader& r, const YAML::Node& n, const std::string& key) {
  auto text = r.String(n, key);
  if (!text.ok()) return text.status();
  if (*text == "TLS10") return 0x0301;
  if (*text == "TLS11") return 0x0302;
  if (*text == "TLS12") return 0x0303;
  if (*text == "TLS13") return 0x0304;
  return r.Error(n, key + ": \"" + *text + "\" is not one of TLS10, TLS11, TLS12, TLS13");
}

absl::Status ReadTls(const Reader& r, const YAML::Node& node, TlsServerConfig& tls) {
  if (!node.IsMap()) return r.Error(node, "tls_server_config: expected a mapping");
  tls.where = r.At(node);
  bool has_cert = false, has_key = false;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "cert_file") {
      auto f = r.ReadableFile(v, key);
      if (!f.ok()) return f.status();
      tls.cert_file = *f;
      has_cert = true;
    } else if (key == "key_file") {
      auto f = r.ReadableFile(v, key);
      if (!f.ok()) return f.status();
      tls.key_file = *f;
      has_key = true;
    } else if (key == "client_ca_file") {
      auto f = r.ReadableFile(v, key);
      if (!f.ok()) return f.status();
      tls.client_ca_file = *f;
    } else if (key == "client_auth_type") {
      auto t = r.String(v, key);
      if (!t.ok()) return t.status();
      static const std::pair<const char*, ClientAuth> kTypes[] = {
          {"NoClientCert", ClientAuth::kNone},
          {"RequestClientCert", ClientAuth::kRequest},
          {"RequireAnyClientCert", ClientAuth::kRequireAny},
          {"VerifyClientCertIfGiven", ClientAuth::kVerifyIfGiven},
          {"RequireAndVerifyClientCert", ClientAuth::kRequireAndVerify}};
      bool found = false;
      for (const auto& [name, value] : kTypes)
        if (*t == name) {
          tls.client_auth = value;
          found = true;
        }
      if (!found)
        return r.Error(v, "client_auth_type: \"" + *t +
                              "\" is not one of NoClientCert, RequestClientCert, RequireAnyClientCert, "
                              "VerifyClientCertIfGiven, RequireAndVerifyClientCert");
    } else if (key == "min_version" || key == "max_version") {
      auto version = TlsVersion(r, v, key);
      if (!version.ok()) return version.status();
      (key == "min_version" ? tls.min_version : tls.max_version) = *version;
    } else if (key == "cert" || key == "key" || key == "client_allowed_sans" || key == "cipher_suites" ||
               key == "curve_preferences" || key == "prefer_server_cipher_suites") {
      return r.Error(kv.first, "tls_server_config." + key + " is not supported by fwlog_exporter");
    } else {
      return r.Error(kv.first, "tls_server_config: unknown key \"" + key + "\"");
    }
  }
  if (!has_cert) return r.Error(node, "tls_server_config: cert_file is required");
  if (!has_key) return r.Error(node, "tls_server_config: key_file is required");
  const bool verifies =
      tls.client_auth == ClientAuth::kVerifyIfGiven || tls.client_auth == ClientAuth::kRequireAndVerify;
  if (verifies && tls.client_ca_file.empty())
    return r.Error(node,
                   "tls_server_config: client_auth_type verifies client certificates, so client_ca_file "
                   "is required");
  if (!verifies && !tls.client_ca_file.empty() && tls.client_auth == ClientAuth::kNone)
    tls.client_auth = ClientAuth::kRequireAndVerify;  // exporter-toolkit's default when a CA is given
  if (tls.max_version != 0 && tls.max_version < tls.min_version)
    return r.Error(node, "tls_server_config: max_version is below min_version");
  return absl::OkStatus();
}

absl::Status ReadHttp(const Reader& r, const YAML::Node& node, WebConfig& web) {
  if (!node.IsMap()) return r.Error(node, "http_server_config: expected a mapping");
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "http2") {
      if (!v.IsScalar() || (v.Scalar() != "true" && v.Scalar() != "false"))
        return r.Error(v, "http2: expected true or false");
    } else if (key == "headers") {
      if (!v.IsMap()) return r.Error(v, "headers: expected a mapping of header names to values");
      for (const auto& h : v) {
        auto value = r.String(h.second, h.first.Scalar());
        if (!value.ok()) return value.status();
        const std::string name = h.first.Scalar();
        if (name.empty() || name.find_first_of(" :\r\n\t") != std::string::npos)
          return r.Error(h.first, "headers: \"" + name + "\" is not a header name");
        if (value->find_first_of("\r\n") != std::string::npos)
          return r.Error(h.second, "headers: a value must be one line");
        web.headers.emplace_back(name, *value);
      }
    } else {
      return r.Error(kv.first, "http_server_config: unknown key \"" + key + "\"");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<WebConfig> LoadWebConfigFromString(const std::string& text, const std::string& name,
                                                  const std::string& base_dir) {
  const Reader r(name, base_dir);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return absl::InvalidArgumentError(name + ":" + std::to_string(e.mark.line + 1) + ":" +
                                      std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  WebConfig web;
  web.file = name;
  if (root.IsNull()) return web;
  if (!root.IsMap())
    return r.Error(root,
                   "expected a mapping (tls_server_config, http_server_config, "
                   "basic_auth_users)");
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) return r.Error(kv.first, "expected a key");
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "tls_server_config") {
      if (v.IsNull()) continue;
      TlsServerConfig tls;
      if (auto s = ReadTls(r, v, tls); !s.ok()) return s;
      web.tls = std::move(tls);
    } else if (key == "http_server_config") {
      if (v.IsNull()) continue;
      if (auto s = ReadHttp(r, v, web); !s.ok()) return s;
    } else if (key == "basic_auth_users") {
      if (v.IsNull()) continue;
      if (!v.IsMap()) return r.Error(v, "basic_auth_users: expected a mapping of user names to bcrypt hashes");
      for (const auto& u : v) {
        if (!u.first.IsScalar() || u.first.Scalar().empty()) return r.Error(u.first, "expected a user name");
        const std::string user = u.first.Scalar();
        if (user.find(':') != std::string::npos)
          return r.Error(u.first, "basic_auth_users: a user name cannot contain ':'");
        auto hash = r.String(u.second, user);
        if (!hash.ok()) return hash.status();
        if (!BasicAuth::IsBcryptHash(*hash))
          return r.Error(u.second, "basic_auth_users: the password of \"" + user +
                                       "\" must be a bcrypt hash ($2a$, $2b$ or $2y$, e.g. from htpasswd -nBC 10), "
                                       "not a plain password");
        if (!web.basic_auth_users.emplace(user, *hash).second)
          return r.Error(u.first, "basic_auth_users: \"" + user + "\" is listed twice");
      }
    } else {
      return r.Error(kv.first, "unknown key \"" + key +
                                   "\" (expected tls_server_config, http_server_config, "
                                   "basic_auth_users)");
    }
  }
  return web;
}

absl::StatusOr<WebConfig> LoadWebConfig(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) {
    return absl::Status(text.status().code(),
                        "cannot read the web configuration file " + std::string(text.status().message()));
  }
  const auto dir = std::filesystem::path(path).parent_path().string();
  return LoadWebConfigFromString(*text, path, dir);
}

}  // namespace fwlog
