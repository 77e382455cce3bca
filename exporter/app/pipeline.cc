#include "app/pipeline.h"

#include <algorithm>
#include <iostream>
#include <optional>

#include "app/log.h"
#include "enrich/port_purposes.h"

namespace fwlog {

absl::StatusOr<absl::TimeZone> LoadZone(const std::string& name) {
  if (name.empty()) return absl::LocalTimeZone();
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(name, &zone)) return absl::InvalidArgumentError("unknown time zone \"" + name + "\"");
  return zone;
}

namespace {

// Whether a metric's labels or filters read asn, as_org or drop_listed.
bool UsesNetworkFields(const Config& config) {
  const auto network = [](Field f) { return f == Field::kAsn || f == Field::kAsOrg || f == Field::kDropListed; };
  for (const MetricSpec& spec : config.metrics) {
    for (const Field f : spec.labels)
      if (network(f)) return true;
    for (const auto* filters : {&spec.match, &spec.exclude})
      for (const FieldFilter& filter : *filters)
        if (network(filter.field)) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Pipeline>> Pipeline::Build(const Config& config,
                                                          std::shared_ptr<prometheus::Registry> registry,
                                                          const Options& options) {
  std::unique_ptr<Pipeline> p(new Pipeline());
  p->config_ = config;
  p->registry_ = std::move(registry);
  auto zone = LoadZone(config.timezone);
  if (!zone.ok()) return zone.status();
  p->zone_ = *zone;

  auto patterns = PatternSet::Build(config.patterns);
  if (!patterns.ok()) return patterns.status();
  p->patterns_ = *patterns;
  for (const auto& input : config.inputs) {
    auto parser = Parser::Build(input.format, p->patterns_);
    if (!parser.ok()) return absl::InvalidArgumentError(input.pos.Prefix() + std::string(parser.status().message()));
    p->parsers_.push_back(std::move(*parser));
    TimeContext ctx;
    auto input_zone = input.timezone.empty() ? zone : LoadZone(input.timezone);
    if (!input_zone.ok()) return input_zone.status();
    ctx.zone = *input_zone;
    p->times_.push_back(ctx);
  }

  auto ranges = RangeTable::Load(config.ranges);
  if (!ranges.ok()) return ranges.status();
  auto services = ServiceRegistry::LoadIanaCsv(config.services_file);
  if (!services.ok()) return services.status();
  if (!config.purposes_file.empty()) {  // empty: no purposes; each is its port's service
    auto purposes = LoadPortPurposes(config.purposes_file);
    if (!purposes.ok()) return purposes.status();
    if (auto set = services->SetPurposes(*purposes); !set.ok()) return set;
  }
  // A country database that cannot be opened costs the country label, not
  // the exporter: it warns, countries are "unknown", fwlog_country_db_loaded
  // is 0 (FwlogCountryDatabaseStale fires), and a reload tries again.
  std::unique_ptr<CountryDb> countries;
  std::optional<bool> country_loaded;  // nullopt: country lookup is off
  const bool networks = options.all_fields || UsesNetworkFields(config);
  if (config.country_database.empty()) {
    countries = NullCountryDb();
  } else {
    auto db = OpenCountryDb(config.country_database, networks);
    country_loaded = db.ok();
    if (db.ok()) {
      countries = std::move(*db);
    } else {
      p->warnings_.push_back(
          (config.country_database_explicit ? config.country_pos.Prefix() : std::string()) + "no country database (" +
          std::string(db.status().message()) + "); country will be \"unknown\"." +
          (config.country_database_explicit ? " Fix country.database, or set it to null to turn country lookup off."
                                            : " Install libloc-database, or set country.database."));
      countries = NullCountryDb();
    }
  }
  // The AS from a database of its own (country.asn_database), when the
  // fields are used; one that cannot be opened costs the AS only.
  if (!config.asn_database.empty() && networks) {
    auto db = OpenCountryDb(config.asn_database);
    if (db.ok()) {
      countries = WithAsFrom(std::move(countries), std::move(*db));
    } else {
      p->warnings_.push_back(config.asn_pos.Prefix() + "no AS database (" + std::string(db.status().message()) +
                             "); asn and as_org will be \"unknown\".");
    }
  }
  p->enricher_ = std::make_unique<Enricher>(std::move(*ranges), std::move(*services), std::move(countries), p->zone_);

  if (config.deduplicate.enabled) p->recent_ = std::make_unique<RecentLines>(config.deduplicate.lines);
  p->self_ = std::make_unique<SelfMetrics>(*p->registry_, config.inputs, options.build);
  if (country_loaded) p->self_->CountryDatabaseLoaded(*country_loaded);
  {
    std::vector<RangeLabels> catalog;
    const RangeTable& table = p->enricher_->ranges();
    for (const auto& name : table.Names()) {
      const RangeTable::RangeInfo* info = table.Info(name);
      catalog.push_back(
          {name, info && !info->category.empty() ? info->category : "unknown", info ? info->snapshot : std::string()});
    }
    p->self_->RangeCatalog(catalog);
  }
  if (options.warn)
    for (const auto& warning : p->warnings_) Log(spdlog::level::warn) << warning;
  if (const auto built = p->enricher_->countries().BuildTime())
    p->self_->CountryDatabaseBuilt(static_cast<double>(*built));
  p->routers_ = std::make_unique<RouterNames>(config.inputs, config.max_routers);
  p->counters_ =
      std::make_unique<CounterSet>(*p->registry_, config.metrics, p->self_->overflow_family(), p->routers_->Named());
  p->history_ = std::make_unique<HistoryRecorder>(options.history ? options.history : std::make_shared<EventHistory>());
  if (config.scan_detection.enabled) {
    p->scans_ = std::make_unique<ScanDetector>(config.scan_detection, *p->registry_);
    auto range_names = p->enricher_->ranges().Names();
    range_names.push_back("private");
    range_names.push_back("other");
    p->scans_->DeclareRanges(range_names);
  }
  return p;
}

Pipeline::~Pipeline() = default;

void Pipeline::OnLine(const LogLine& line) { OnLines(std::span<const LogLine>(&line, 1)); }

void Pipeline::OnLines(std::span<const LogLine> lines) {
  // Parse a few lines ahead, starting the loads each parsed event's
  // enrichment, scan tracking and counting will need, then finish them in
  // order: the loads of one overlap the work on the others, where line by
  // line each waited for memory in turn. Deduplication decides in line
  // order too, before a line is parsed.
  while (!lines.empty()) {
    const std::size_t n = std::min(lines.size(), batch_.size());
    for (std::size_t i = 0; i < n; ++i) {
      const LogLine& line = lines[i];
      duplicate_[i] = recent_ && !line.cut && recent_->Seen(line.text);
      if (duplicate_[i]) continue;
      Event& event = batch_[i];
      event.Clear();
      results_[i] = Parse(line, event);
      if (results_[i].status == ParseResult::Status::kMatched) history_keys_[i] = Prefetch(event);
    }
    for (std::size_t i = 0; i < n; ++i) {
      self_->LineRead(lines[i].input);
      if (duplicate_[i]) {
        self_->LineDuplicate(lines[i].input);
        if (++unpublished_ >= kPublishEvery) Flush();
        continue;
      }
      Finish(lines[i], results_[i], batch_[i], history_keys_[i]);
    }
    lines = lines.subspan(n);
  }
}

ParseResult Pipeline::Parse(const LogLine& line, Event& event) {
  if (line.cut) return ParseResult::Invalid(InvalidReason::kTooLong);
  TimeContext& ctx = times_[static_cast<std::size_t>(line.input)];
  ctx.now = line.receive_time;
  return parsers_[static_cast<std::size_t>(line.input)].Parse(line, ctx, event);
}

inline std::uint32_t Pipeline::Prefetch(const Event& event) {
  if (scans_) scans_->Prefetch(event.src_address);
  enricher_->Prefetch(event);
  const std::uint32_t key = history_->Key(event);
  history_->Prefetch(key);
  return key;
}

void Pipeline::Finish(const LogLine& line, const ParseResult& result, Event& event, std::uint32_t history_key) {
  switch (result.status) {
    case ParseResult::Status::kMatched:
      event.input = config_.inputs[static_cast<std::size_t>(line.input)].name;  // the configuration outlives the event
      routers_->Assign(line.input, event);
      enricher_->Enrich(event);
      if (scans_) {
        const std::uint64_t found = scans_->detected();
        scans_->Observe(event);
        if (scans_->detected() != found) history_->ScannerFound(event, line.receive_time);
      }
      counters_->Count(event);
      history_->Count(event, history_key, line.receive_time);
      self_->EventCounted(line.input, static_cast<double>(event.time));
      break;
    case ParseResult::Status::kUnmatched:
      self_->LineUnmatched(line.input);
      break;
    case ParseResult::Status::kInvalid:
      self_->LineInvalid(line.input, result.reason);
      break;
  }
  if (observer_) observer_(line, result, event);
  if (++unpublished_ >= kPublishEvery) Flush();
}

std::string Pipeline::only_router() const {
  const bool from_host = std::any_of(config_.inputs.begin(), config_.inputs.end(),
                                     [](const InputSpec& in) { return in.router_from_host; });
  const auto named = routers_->Named();
  return !from_host && named.size() == 1 ? named.front() : std::string();
}

void Pipeline::Flush() {
  unpublished_ = 0;
  counters_->Publish();
  self_->Publish();
  if (scans_) scans_->Publish();
  if (const std::uint64_t overflowed = routers_->overflowed(); overflowed != routers_overflowed_) {
    if (routers_overflowed_ == 0)
      Log(spdlog::level::warn) << "more hosts than max_routers=" << config_.max_routers
                               << ": the events of later new hosts count as router \"other\" "
                                  "(fwlog_router_overflow_total)";
    self_->RoutersOverflowed(overflowed - routers_overflowed_);
    routers_overflowed_ = overflowed;
  }
}

void Pipeline::BytesRead(int input, std::size_t bytes) { self_->BytesRead(input, bytes); }
void Pipeline::FileRotated(int input) { self_->FileRotated(input); }
void Pipeline::FileTruncated(int input) { self_->FileTruncated(input); }
void Pipeline::FilePosition(int input, std::string_view path, std::uint64_t offset, std::uint64_t size) {
  self_->FilePosition(input, std::string(path), static_cast<double>(offset), static_cast<double>(size));
}
void Pipeline::FileForgotten(int input, std::string_view path) { self_->FileForgotten(input, std::string(path)); }
void Pipeline::SyslogDropped(int input, std::string_view reason, std::uint64_t count) {
  self_->SyslogDropped(input, reason, count);
}
void Pipeline::SyslogSendersRejected(int input, std::uint64_t count) { self_->SyslogSendersRejected(input, count); }
void Pipeline::InputFailed(int input, InputError reason) { self_->InputFailed(input, reason); }
void Pipeline::InputNotice(int input, std::string_view message, bool warning) {
  Log(warning ? spdlog::level::warn : spdlog::level::info)
      << "input " << config_.inputs[static_cast<std::size_t>(input)].name << ": " << message;
}
void Pipeline::FilesOpen(int input, std::size_t count) { self_->FilesOpen(input, count); }

}  // namespace fwlog
