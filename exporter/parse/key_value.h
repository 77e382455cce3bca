// KeyValueReader: the pairs of a vendor's key=value record, in order, as the
// FortiGate, Sophos, SonicWall, Check Point and Juniper SRX presets read them:
//
//   key=value key="quoted value" key="with \"escaped\" quotes"   FortiOS, SonicOS, Sophos
//   [action:"Drop"; src:"192.0.2.1"; proto:"6"; ]               Check Point (separator ':')
//   [junos@2636.1.1.1.2.129 source-address="192.0.2.1" ...]     RFC 5424 SD-params
//
// A key is a run of letters, digits and `_ - . @` right before the separator;
// its value is either quoted (to the next '"' not escaped by a backslash;
// the escapes are left in the view, `escaped` says there are some) or
// unquoted (to the next space or tab; with ':' also to ';'). Anything else
// between pairs — spaces, ';', ',', words without a separator ("13:03" in
// FortiOS 4's "time=10: 13:03"), an SD-ID — is skipped. A quoted value may be
// followed directly by the next key (`a="x"b="y"`).
//
// A quoted value without its closing quote runs into the end of the text and
// is not `closed`: the line was cut inside it, so a preset that needs that
// value treats the record as truncated rather than count half of it. An
// unquoted value is taken as it stands (as the netfilter preset takes its
// last word): nothing tells a cut one from a whole one.
//
// With `stop` set (']' for an SD element or a Check Point record), a `stop`
// byte outside a value ends the record; rest() is then what follows it.
//
// Everything is a view into the text: nothing is copied or allocated. The
// reader is a value type used on one thread.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include "core/byte_scan.h"

namespace fwlog {

struct KeyValue {
  std::string_view key;
  std::string_view value;  // without the quotes, escapes as written
  bool quoted = false;
  bool escaped = false;  // the value holds a backslash escape
  bool closed = true;    // false: a quoted value without its closing quote
};

class KeyValueReader {
 public:
  struct Syntax {
    char separator = '=';  // '=' or ':'
    char stop = '\0';      // ends the record outside a value; '\0': none
  };

  explicit KeyValueReader(std::string_view text) : KeyValueReader(text, Syntax{}) {}
  KeyValueReader(std::string_view text, Syntax syntax) : text_(text), syntax_(syntax) {}

  // The next pair; false at the end of the text or at the stop byte.
  bool Next(KeyValue& kv) {
    while (pos_ < text_.size()) {
      const std::size_t sep = Find(text_, std::string_view(&syntax_.separator, 1), pos_);
      if (syntax_.stop != '\0') {
        const std::size_t until = sep == std::string_view::npos ? text_.size() : sep;
        if (const void* s = std::memchr(text_.data() + pos_, syntax_.stop, until - pos_); s != nullptr) {
          pos_ = static_cast<std::size_t>(static_cast<const char*>(s) - text_.data());
          stopped_ = true;
          return false;
        }
      }
      if (sep == std::string_view::npos) {
        pos_ = text_.size();
        return false;
      }
      const std::size_t key_at = KeyStart(sep);
      pos_ = sep + 1;
      if (key_at == sep) continue;  // "= x", "\"=": no key
      kv.key = text_.substr(key_at, sep - key_at);
      ReadValue(kv);
      return true;
    }
    return false;
  }

  // What follows the stop byte, once Next() stopped there; empty otherwise.
  std::string_view rest() const { return stopped_ ? text_.substr(pos_ + 1) : std::string_view(); }
  bool stopped() const { return stopped_; }

 private:
  // Where the key that ends at `sep` starts (`sep` itself: no key).
  std::size_t KeyStart(std::size_t sep) const { return KeyRunStart(text_, pos_, sep); }

  // Where an unquoted value starting at pos_ ends: at a space or tab, with
  // ':' also at ';', and at the stop byte.
  std::size_t UnquotedEnd() const {
    const char semicolon = syntax_.separator == ':' ? ';' : ' ';
    const char stop = syntax_.stop != '\0' ? syntax_.stop : ' ';
    return FindAnyOf4(text_, pos_, ' ', '\t', semicolon, stop);
  }

  void ReadValue(KeyValue& kv) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      kv.quoted = true;
      const std::size_t open = pos_ + 1;
      std::size_t close = open;  // the first '"' after an even number of backslashes
      while (close < text_.size()) {
        const void* q = std::memchr(text_.data() + close, '"', text_.size() - close);
        if (q == nullptr) {
          close = text_.size();
          break;
        }
        close = static_cast<std::size_t>(static_cast<const char*>(q) - text_.data());
        std::size_t backslashes = 0;
        while (close - backslashes > open && text_[close - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) break;
        ++close;
      }
      kv.value = text_.substr(open, close - open);
      kv.escaped = std::memchr(kv.value.data(), '\\', kv.value.size()) != nullptr;
      kv.closed = close < text_.size();
      pos_ = kv.closed ? close + 1 : text_.size();
      return;
    }
    kv.quoted = false;
    kv.escaped = false;
    const std::size_t end = UnquotedEnd();
    kv.value = text_.substr(pos_, end - pos_);
    kv.closed = true;
    pos_ = end;
  }

  std::string_view text_;
  Syntax syntax_;
  std::size_t pos_ = 0;
  bool stopped_ = false;
};

// Whether `key` is `name`, compared inline (SameBytes): a record's keys are
// compared with a preset's dozen names each, where a library memcmp call per
// comparison costs more than the rest of the record's reading.
inline bool KeyIs(std::string_view key, std::string_view name) {
  return key.size() == name.size() && SameBytes(key.data(), name.data(), key.size());
}

// `value` with its backslash escapes resolved (\" -> ", \\ -> \, \] -> ]),
// built in `out`; `value` itself when it has none.
std::string_view Unescape(std::string_view value, std::string& out);

}  // namespace fwlog
