// How the serving exporter keeps glibc's allocator from holding memory it no
// longer uses (docs/performance.md, "Memory under reloads and scrapes").
//
// glibc gives threads their own arenas (up to 8 per core) and keeps freed
// memory in the arena it came from. A reload builds a whole new pipeline on
// whichever HTTP thread took the request, and scrapes render on many
// threads, so freed pipelines and scrape buffers collected in many arenas
// and RSS climbed with the number of threads that had reloaded or scraped,
// not with what is in use. No leak: heaptrack finds none beyond OpenSSL's
// start-up tables.
#pragma once

namespace fwlog {

// At most two arenas, unless MALLOC_ARENA_MAX says otherwise. Call once,
// before other threads start. No-op without glibc.
void LimitAllocatorArenas();

// Gives the pages of freed memory back to the system (malloc_trim): after a
// reload has dropped the old pipeline. No-op without glibc.
void ReturnFreedMemory();

}  // namespace fwlog
