// Snippets: the passage of a text that covers the most distinct query words,
// with every match highlighted, computed on the analyser's byte offsets (so
// stemmed, folded, elided and hyphenated forms are all found). Internal.
//
// Two ways to the same snippet: from the text, analysed whole; or, for a
// document of the index, from its stored body, whose word table gives each
// word position's bytes: no segmentation, and the words the analyser has
// seen before (nearly all) cost a lookup in its cache.
#pragma once

#include <string_view>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/stored.h"
#include "lsearch/searcher.h"
#include "query_builder.h"

namespace lsearch::detail {

/// A passage of about `length` bytes of `text`, cut at sentence or word
/// boundaries, whitespace runs shown as one space, `…` where cut.
Snippet make_snippet(std::string_view text, const QueryTerms& terms, Analyzer& analyzer,
                     std::size_t length);

/// The same snippet of a document's stored body: the query's words found
/// through the body's word table (each position's bytes, looked up in the
/// analyser's cache of words it has seen), with no segmentation of the text.
Snippet make_snippet(const StoredBody& body, const QueryTerms& terms, Analyzer& analyzer,
                     std::size_t length);

}  // namespace lsearch::detail
