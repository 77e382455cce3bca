// FlatV4Cache: the flattened IPv4 part of a libloc database (the ranges
// libloc_country_db.cc's tree walk makes at open), kept on disk between runs.
// A start then reads ~3.8 MB (with AS numbers; ~1.3 MB by country) instead
// of walking the database's 26 MB IPv4 tree: ~20 ms less on a warm machine,
// 40-100 ms less on one that was idle (each process maps the tree's pages
// anew, and pages not touched for a while cost far more to map; measured in
// docs/performance.md).
//
// Where: $FWLOG_CACHE_DIR when set (set and empty: no cache), else
// systemd's $CACHE_DIRECTORY (CacheDirectory=), else
// $XDG_CACHE_HOME/fwlog_exporter, else $HOME/.cache/fwlog_exporter. One
// file per database path.
//
// A file is used only when it was made from the very database file now
// open (device, inode, size, modification time and the database's own
// build time, as Source) and its checksum and contents hold; anything else
// reads as "no cache", and the caller flattens and Store()s again. Store()
// writes aside and renames, so a reader never sees half a file. Neither ever
// fails the caller: a cache that cannot be read or written is no cache.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "enrich/country/origin.h"

namespace fwlog {

class FlatV4Cache {
 public:
  // What the ranges were made from.
  struct Source {
    std::uint64_t device = 0, inode = 0, size = 0;
    std::int64_t modified_ns = 0;
    std::int64_t built = 0;  // the database's creation time (its header)
    friend bool operator==(const Source&, const Source&) = default;
  };

  // The cache directory as above, or nullopt for none.
  static std::optional<std::string> Directory();

  // The cache for the database at `database_path` in `directory`.
  // `networks`: ranges with AS numbers and drop flags, or by country alone
  // (LocTree::Map's `networks`): two kinds, one file each.
  FlatV4Cache(const std::string& directory, const std::string& database_path, bool networks = true);

  // The flattened ranges: first addresses, strictly ascending from 0; the
  // answer of each (PackedOrigin); the AS numbers the answers index.
  struct Table {
    std::vector<std::uint32_t> starts;
    std::vector<std::uint32_t> answers;
    std::vector<std::uint32_t> asns;
  };

  // The table made from `source`. False (and the table left empty) when
  // there is no such file or it does not hold: ranges not ascending from 0,
  // an answer that is no PackedOrigin or indexes no AS number.
  bool Load(const Source& source, Table& table) const;
  // Keeps the table made from `source`, replacing the file (silently does
  // nothing when that fails).
  void Store(const Source& source, const Table& table) const;

  const std::string& path() const { return path_; }

 private:
  std::string directory_;
  std::string path_;
};

}  // namespace fwlog
