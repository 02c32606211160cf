#include "facets.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "lsearch/common/schema.h"

namespace lsearch::detail {

std::uint32_t FacetColumns::Names::id(const std::string& value) {
    auto [it, added] = ids.try_emplace(value, static_cast<std::uint32_t>(values.size()));
    if (added) values.push_back(value);
    return it->second;
}

FacetColumns FacetColumns::load(const Xapian::Database& db, unsigned company_slots) {
    FacetColumns columns;
    const Xapian::docid last = db.get_lastdocid();
    columns.last_docid_ = last;
    auto read = [&](Xapian::valueno slot, Names& names, std::vector<std::uint32_t>& column) {
        column.assign(static_cast<std::size_t>(last) + 1, 0);
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
            const Xapian::docid did = it.get_docid();
            if (did <= last) column[did] = names.id(*it);
        }
    };
    read(schema::kYearSlot, columns.years_, columns.year_of_);
    read(schema::kSourceSlot, columns.sources_, columns.source_of_);

    // Slot by slot, so that each document's companies come in slot order.
    std::vector<std::pair<Xapian::docid, std::uint32_t>> entries;
    std::vector<std::uint32_t> per_document(static_cast<std::size_t>(last) + 2, 0);
    for (unsigned i = 0; i < company_slots; ++i) {
        const auto slot = static_cast<Xapian::valueno>(schema::kFirstCompanySlot + i);
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
            const Xapian::docid did = it.get_docid();
            if (did > last) continue;
            entries.emplace_back(did, columns.companies_.id(*it));
            ++per_document[did + 1];
        }
    }
    for (std::size_t did = 1; did < per_document.size(); ++did)
        per_document[did] += per_document[did - 1];
    columns.company_ids_.resize(entries.size());
    std::vector<std::uint32_t> next(per_document.begin(), per_document.end() - 1);
    for (const auto& [did, id] : entries)
        columns.company_ids_[next[did]++] = id;
    columns.company_start_ = std::move(per_document);
    return columns;
}

FacetColumns::Tally::Tally(const FacetColumns& columns)
    : columns_(columns),
      years_(columns.years_.values.size(), 0),
      sources_(columns.sources_.values.size(), 0),
      companies_(columns.companies_.values.size(), 0) {}

void FacetColumns::Tally::add(Xapian::docid did) {
    ++added_;
    // A document added after the columns were read (the searcher reloads
    // them when the database changes, so this is only a guard).
    if (did > columns_.last_docid_) return;
    ++years_[columns_.year_of_[did]];
    ++sources_[columns_.source_of_[did]];
    for (std::uint32_t i = columns_.company_start_[did]; i < columns_.company_start_[did + 1]; ++i)
        ++companies_[columns_.company_ids_[i]];
}

FacetCounts FacetColumns::named(const Names& names, const std::vector<std::uint64_t>& counts) {
    FacetCounts named;
    // Id 0 is "no value", which is not counted.
    for (std::size_t id = 1; id < counts.size(); ++id) {
        if (counts[id] != 0) named.emplace(names.values[id], counts[id]);
    }
    return named;
}

FacetCounts FacetColumns::Tally::years() const { return named(columns_.years_, years_); }
FacetCounts FacetColumns::Tally::sources() const { return named(columns_.sources_, sources_); }
FacetCounts FacetColumns::Tally::companies() const {
    return named(columns_.companies_, companies_);
}

std::vector<StubEntry> stub_entries(const std::filesystem::path& stub) {
    std::vector<StubEntry> entries;
    std::ifstream in(stub);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        StubEntry entry;
        if (!(words >> entry.backend) || entry.backend.starts_with('#')) continue;
        words >> entry.target;
        entries.push_back(std::move(entry));
    }
    return entries;
}

namespace {

// Whether the database at `path` (a stub file, a directory with a XAPIANDB
// stub, or a database directory) lists a remote database, directly or
// through the stubs or directories it names, at most `depth` levels down.
bool path_reads_remote(const std::filesystem::path& path, int depth) {
    if (depth <= 0) return false;
    std::error_code error;
    std::filesystem::path stub = path, directory = path.parent_path();
    if (!std::filesystem::is_regular_file(path, error)) {
        stub = path / "XAPIANDB";
        directory = path;
        // A database directory (or nothing, which opening reports).
        if (!std::filesystem::is_regular_file(stub, error)) return false;
    }
    for (const StubEntry& entry : stub_entries(stub)) {
        if (entry.backend == "remote") return true;
        if (entry.target.empty()) continue;
        const std::filesystem::path named(entry.target);
        if (path_reads_remote(named.is_absolute() ? named : directory / named, depth - 1))
            return true;
    }
    return false;
}

}  // namespace

bool reads_remote(const std::string& path) { return path_reads_remote(path, 8); }

}  // namespace lsearch::detail
