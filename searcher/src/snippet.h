// Snippets: the passage of a text that covers the most distinct query words,
// with every match highlighted, computed on the analyser's byte offsets (so
// stemmed, folded, elided and hyphenated forms are all found). Internal.
#pragma once

#include <string_view>

#include "lsearch/common/analyzer.h"
#include "lsearch/searcher.h"
#include "query_builder.h"

namespace lsearch::detail {

/// A passage of about `length` bytes of `text`, cut at sentence or word
/// boundaries, whitespace runs shown as one space, `…` where cut.
Snippet make_snippet(std::string_view text, const QueryTerms& terms, Analyzer& analyzer,
                     std::size_t length);

}  // namespace lsearch::detail
