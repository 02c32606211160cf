// Snippets: the passage of a text that covers the most distinct query words,
// with every match highlighted, computed on the analyser's byte offsets (so
// stemmed, folded, elided and hyphenated forms are all found). Internal.
//
// Two ways to the same snippet: from the text, analysed whole; or, for a
// document of the index, from the positions of the query's terms in it
// (Xapian's position lists) and the stored body's word table, with no
// analysis of the text.
#pragma once

#include <string_view>

#include <xapian.h>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/stored.h"
#include "lsearch/searcher.h"
#include "query_builder.h"

namespace lsearch::detail {

/// A passage of about `length` bytes of `text`, cut at sentence or word
/// boundaries, whitespace runs shown as one space, `…` where cut.
Snippet make_snippet(std::string_view text, const QueryTerms& terms, Analyzer& analyzer,
                     std::size_t length);

/// The same snippet of document `did` of `db`, whose stored body is `body`:
/// the query's words found through the document's terms and their
/// positions, mapped to the text by the body's word table. Throws what
/// Xapian throws (the caller turns it into an lsearch error).
Snippet make_snippet(const Xapian::Database& db, Xapian::docid did, const StoredBody& body,
                     const QueryTerms& terms, Analyzer& analyzer, std::size_t length);

}  // namespace lsearch::detail
