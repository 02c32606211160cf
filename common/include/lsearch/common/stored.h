// The stored form of an article: the document data of the index (JSON; the
// body is kept for snippets). Internal to the indexer and the searcher: not
// installed.
#pragma once

#include <string>
#include <string_view>

#include "lsearch/common/article.h"

namespace lsearch {

/// The article as stored in the index's document data.
std::string to_stored(const Article& article);

/// Reads what to_stored() wrote. Throws IndexError on data it cannot read.
Article from_stored(std::string_view data);

}  // namespace lsearch
