// Spelling data ("did you mean") summed over a batch of documents. Internal.
#pragma once

#include <string>
#include <unordered_map>

#include <xapian.h>

namespace lsearch::detail {

/// Word -> occurrences, as prepare() counts them for one document.
using SpellingCounts = std::unordered_map<std::string, Xapian::termcount>;

/// Xapian's add_spelling() looks the word up in its own change table on
/// every call; summed here, each word is added once per commit instead of
/// once per document that has it.
class SpellingBatch {
  public:
    void add(const SpellingCounts& counts) {
        for (const auto& [word, count] : counts)
            pending_[word] += count;
    }

    /// Adds what was summed to `db` (before its commit) and starts afresh.
    void flush_into(Xapian::WritableDatabase& db) {
        for (const auto& [word, count] : pending_)
            db.add_spelling(word, count);
        pending_.clear();
    }

  private:
    SpellingCounts pending_;
};

}  // namespace lsearch::detail
