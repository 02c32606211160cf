// The Xapian baseline every lsearch figure is compared with: indexing and
// searching the standard way with Xapian 1.4, as issue 6 defines it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lsearch/common/article.h"

namespace lsearch::bench {

/// TermGenerator with Stem("french"), STEM_SOME; the title with prefix `S`
/// and again unprefixed with wdf 3; the body unprefixed; a `Q`+id unique
/// term with replace_document; date and source as values; default flush
/// settings; one final commit (commit()).
class BaselineIndexer {
  public:
    explicit BaselineIndexer(const std::string& path);
    ~BaselineIndexer();
    void add(const Article& article);
    void commit();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// QueryParser with Stem("french"), STEM_SOME, default flags (default
/// operator OR), BM25.
class BaselineSearcher {
  public:
    explicit BaselineSearcher(const std::string& path);
    ~BaselineSearcher();
    /// The top `k` matches' count (what a search costs, without reading ids).
    std::size_t search(const std::string& query, std::size_t k);
    /// The ids of the top `k` matches, best first.
    std::vector<std::string> ids(const std::string& query, std::size_t k);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lsearch::bench
