#include <xapian.h>

#include "stages.h"

namespace lsearch::detail {

// A cache bounded so that a huge vocabulary cannot grow memory without end.
constexpr std::size_t kStemCacheLimit = 1 << 18;

Stemmer::Stemmer() : stemmer_(std::make_unique<Xapian::Stem>("french")) {}

Stemmer::~Stemmer() = default;

const std::string& Stemmer::stem(const std::string& word) {
    auto it = cache_.find(word);
    if (it != cache_.end()) return it->second;
    if (cache_.size() >= kStemCacheLimit) cache_.clear();
    return cache_.emplace(word, (*stemmer_)(word)).first->second;
}

}  // namespace lsearch::detail
