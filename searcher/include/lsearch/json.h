// The JSON forms of a search: the request the C API reads (lsearch.h) and
// the response both `lsearch --format json` and the C API write. docs/JSON.md
// is the one description of both shapes.
#pragma once

#include <string>
#include <string_view>

#include "lsearch/common/export.h"
#include "lsearch/searcher.h"

namespace lsearch {

/// Version of the JSON shapes of docs/JSON.md, the `version` of every
/// response. Changes when a field changes meaning or goes away.
inline constexpr int kJsonVersion = 3;

/// Reads a search request: a JSON object with `query` (a string, required)
/// and optionally `offset`, `limit` (integers, 0 or more), `sort`
/// (`"relevance"` or `"date"`), `match` (`"all_then_any"`, `"all"` or `"any"`),
/// `facets` (boolean), `facet_values`, `snippet_length` (integers),
/// `count_limit` (an integer, 0 for no limit); missing
/// members keep SearchRequest's defaults. Throws InvalidArgument naming the
/// byte position of a syntax error, or the member that is unknown, of the
/// wrong type or out of range.
LSEARCH_API SearchRequest request_from_json(std::string_view json);

/// The response as one line of JSON (docs/JSON.md), without a newline.
/// Invalid UTF-8 in the index's text is written as U+FFFD.
LSEARCH_API std::string to_json(const SearchResponse& response);

/// The object a query that failed gets in `lsearch --batch` (docs/JSON.md):
/// `version`, `query`, `error`, and `position` when `position` is not
/// kNoPosition.
inline constexpr std::size_t kNoPosition = static_cast<std::size_t>(-1);
LSEARCH_API std::string error_json(std::string_view query, std::string_view error,
                                   std::size_t position = kNoPosition);

}  // namespace lsearch
