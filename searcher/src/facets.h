// The facet values of every document of a local index, held in memory as
// columns, for the count pass to count a match with a few array reads.
// Internal.
//
// Xapian's ValueCountMatchSpy reads one value slot per match through the
// B-tree (a lookup and a chunk decoded per slot): a match costs one lookup
// for the year, one for the source and one per company slot in use (up to
// schema::kMaxCompanies). The columns are read once from the value streams
// (sequential, one pass per slot) and then serve every query until the
// database changes. They are not used over remote shards, whose value
// streams would cross the network.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace lsearch::detail {

/// Counts of the values of one facet, by value.
using FacetCounts = std::map<std::string, std::uint64_t>;

class FacetColumns {
  public:
    /// Reads the year, source and company values of every document of `db`
    /// (company slots schema::kFirstCompanySlot and the `company_slots` after
    /// it). Throws what Xapian throws.
    static FacetColumns load(const Xapian::Database& db, unsigned company_slots);

    /// Counts for one query's matches: add() each match, then read them.
    class Tally {
      public:
        explicit Tally(const FacetColumns& columns);
        /// Counts document `did` (the searched database's number).
        void add(Xapian::docid did);
        [[nodiscard]] FacetCounts years() const;
        [[nodiscard]] FacetCounts sources() const;
        [[nodiscard]] FacetCounts companies() const;
        /// How many documents add() counted.
        [[nodiscard]] std::uint64_t added() const { return added_; }

      private:
        const FacetColumns& columns_;
        std::uint64_t added_ = 0;
        std::vector<std::uint64_t> years_, sources_, companies_;  // by value id
    };

    /// Documents the columns cover (the database's last document number).
    [[nodiscard]] Xapian::docid last_docid() const { return last_docid_; }

  private:
    // Distinct values of one facet, numbered from 1 (0: no value).
    struct Names {
        std::vector<std::string> values{std::string()};
        std::unordered_map<std::string, std::uint32_t> ids;
        std::uint32_t id(const std::string& value);
    };

    static FacetCounts named(const Names& names, const std::vector<std::uint64_t>& counts);

    Xapian::docid last_docid_ = 0;
    Names years_, sources_, companies_;
    std::vector<std::uint32_t> year_of_, source_of_;  // value id by document number
    // A document's companies: company_ids_[company_start_[did] ..
    // company_start_[did + 1]), in slot order.
    std::vector<std::uint32_t> company_start_, company_ids_;
};

/// A match spy that adds each match to a tally, the first `most` only: for a
/// search of one database, whose documents' numbers are the searched
/// database's (over several, a spy sees each database's own numbers).
/// `seen` counts every match it was shown, to know whether there were more.
struct TallySpy : Xapian::MatchSpy {
    FacetColumns::Tally* tally = nullptr;
    std::uint64_t most = UINT64_MAX;
    std::uint64_t seen = 0;
    void operator()(const Xapian::Document& document, double) override {
        if (seen++ < most) tally->add(document.get_docid());
    }
};

/// Passes the first `most` matches it is shown to `spies`, and counts them
/// all in `seen`: facet counts over the first matches only, for a count that
/// stops at a limit. Local databases only (it cannot be serialised).
struct CappedSpy : Xapian::MatchSpy {
    std::vector<Xapian::MatchSpy*> spies;
    std::uint64_t most = UINT64_MAX;
    std::uint64_t seen = 0;
    void operator()(const Xapian::Document& document, double weight) override {
        if (seen++ >= most) return;
        for (Xapian::MatchSpy* spy : spies) (*spy)(document, weight);
    }
};

/// One database a Xapian stub file lists: its backend (`auto`, `glass`,
/// `remote`, ...) and what follows it (a path, or `host:port`).
struct StubEntry {
    std::string backend;
    std::string target;
};

/// The entries of the stub file `stub`, in order, comments left out.
std::vector<StubEntry> stub_entries(const std::filesystem::path& stub);

/// Whether the database that `path` opens reads any part of the index over
/// the network: a stub file (or a directory's XAPIANDB stub) that lists a
/// `remote` database, directly or through the stubs it names.
bool reads_remote(const std::string& path);

}  // namespace lsearch::detail
