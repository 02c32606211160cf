// The search library: ranked results with snippets and facets over an lsearch
// index. `lsearch` is a command line over it; other tools embed it.
//
// No Xapian or ICU type appears here. Errors are lsearch::Error subclasses
// (lsearch/common/error.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lsearch/common/error.h"
#include "lsearch/common/export.h"

namespace lsearch {

/// How hits are ordered.
enum class SortOrder {
    Relevance,  ///< BM25 score, best first (the default).
    Date,       ///< Newest first; undated articles last; ties by score.
};

/// Which documents a query's words select.
enum class MatchMode {
    AllThenAny,  ///< Every word must match; when no document has them all, any word (the
                 ///< default). A question (`Combien de salariés chez AWS ?`) or a query of
                 ///< 4 words or more also gives, after the documents with every word,
                 ///< those with some (SearchResponse::relaxed says so).
    All,         ///< Every word must match, always.
    Any,         ///< Any word may match; documents with more of them rank higher.
};

/// One search.
struct SearchRequest {
    std::string query;                     ///< In the query language (README, "Query language");
                                           ///< empty (or spaces only): every document.
    std::size_t offset = 0;                ///< Hits to skip (for paging).
    std::size_t limit = 10;                ///< Hits to return, at most kMaxLimit.
    SortOrder sort = SortOrder::Relevance;
    MatchMode match = MatchMode::AllThenAny;
    bool facets = true;                    ///< Count company, year and source over all matches.
    std::size_t facet_values = 10;         ///< Values kept per facet, most frequent first.
    std::size_t snippet_length = 200;      ///< About this many characters; 0 for no snippet.
    /// Matches counted for `total` and the facets: 0 (the default) counts
    /// every match, so both are exact. N stops after N matches: a query with
    /// more gets `total` = N with total_exact false ("more than N"), and
    /// facet counts over the N counted (the first in index order), each a
    /// true lower bound, with facets_exact false. Never a scaled estimate.
    std::size_t count_limit = kNoCountLimit;

    static constexpr std::size_t kMaxLimit = 10000;
    static constexpr std::size_t kNoCountLimit = 0;
};

/// A highlighted range of a snippet: byte offsets into Snippet::text.
struct Highlight {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// A passage of the article's text with the query's words highlighted.
struct Snippet {
    std::string text;  ///< `…` marks where the passage was cut.
    std::vector<Highlight> highlights;
};

/// One result.
struct Hit {
    std::size_t rank = 0;  ///< 1-based, counting from the first result (offset included).
    std::string id;
    std::string title;
    std::string url;
    std::string date;                    ///< `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or empty.
    std::string source;
    std::vector<std::string> companies;  ///< Canonical names.
    double score = 0;                    ///< Relevance weight (0 for a query of filters only).
    Snippet snippet;
};

/// One value of a facet and how many matching documents have it.
struct FacetValue {
    std::string value;
    std::uint64_t count = 0;
};

/// Counts over the whole match set, most frequent first (ties by value); over
/// the first SearchRequest::count_limit matches only when the count stopped
/// there (SearchResponse::facets_exact false): then each count is a lower bound.
struct Facets {
    std::vector<FacetValue> company;
    std::vector<FacetValue> year;
    std::vector<FacetValue> source;
};

/// What a search found.
struct SearchResponse {
    std::string query;
    /// Matching documents: exact when total_exact; otherwise the count stopped
    /// at SearchRequest::count_limit and there are more than `total`.
    std::uint64_t total = 0;
    bool total_exact = true;
    /// Whether the facet counts are over every match; false when the count
    /// stopped at SearchRequest::count_limit (each count is then a lower bound).
    bool facets_exact = true;
    std::size_t offset = 0;
    std::size_t limit = 0;
    /// The matches include documents without every word of the query (MatchMode
    /// says when): they come after those with every word.
    bool relaxed = false;
    std::string suggestion;   ///< "Did you mean" query, or empty.
    /// How the query was read where it was malformed, or where a word read
    /// as an unknown field (`auteur:Dupont`), each with its byte position.
    std::vector<std::string> warnings;
    std::vector<Hit> hits;
    Facets facets;
};

/// A handle on an index, for searching.
///
/// Thread-safety: a Searcher may be shared by threads; its searches then run
/// one at a time (an internal mutex). For parallel searches, give each thread
/// its own Searcher. A Searcher sees each commit of `lindex` from its next
/// search on (it reopens the index when it has changed). On an index of one
/// local database, a search with facets counts its matches on a thread the
/// Searcher starts for that (once), while the calling thread ranks the page;
/// with snippets, that thread then makes hits of the page beside the calling
/// thread.
class LSEARCH_API Searcher {
  public:
    /// Opens the index at `path`: a directory, or a Xapian stub file listing
    /// shards (local paths or `remote` shards served by xapian-tcpsrv; the
    /// meta database first, docs/SCALING.md). Throws IndexNotFound when there
    /// is no index there, IndexVersionMismatch when it was written by an
    /// incompatible version, IndexError otherwise (a shard that cannot be
    /// reached: the message names its HOST:PORT).
    explicit Searcher(const std::string& path);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    /// Runs a search. Throws QuerySyntaxError (with the position) for a query
    /// that cannot be read, InvalidArgument for a limit over kMaxLimit,
    /// IndexError when the index cannot be read or a shard cannot be reached
    /// (the next search connects again).
    SearchResponse search(const SearchRequest& request);

    /// Documents in the index.
    std::uint64_t document_count();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lsearch
