// Spelling data ("did you mean") summed over a batch of documents. Internal.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "shards.h"

namespace lsearch::detail {

/// Word -> occurrences, as prepare() counts them for one document.
using SpellingCounts = std::unordered_map<std::string, Xapian::termcount>;

/// Adds `counts` to the spelling table of `db` (written at its next commit).
inline void add_spellings(Xapian::WritableDatabase& db, const SpellingCounts& counts) {
    for (const auto& [word, count] : counts)
        db.add_spelling(word, count);
}

/// Xapian's add_spelling() looks the word up in its own change table on
/// every call, and each commit rewrites, recompressed, every spelling entry
/// the batch touched (a word's frequency, and the whole list of words of
/// each of its fragments): summed here, each word is added once per commit
/// instead of once per document that has it.
class SpellingBatch {
  public:
    void add(const SpellingCounts& counts) {
        for (const auto& [word, count] : counts)
            pending_[word] += count;
    }

    /// Distinct words summed so far.
    [[nodiscard]] std::size_t size() const { return pending_.size(); }

    /// Adds what was summed to `db` (before its commit) and starts afresh.
    void flush_into(Xapian::WritableDatabase& db) {
        add_spellings(db, pending_);
        pending_.clear();
    }

    /// What was summed, split into `parts` by a hash of the word (each word
    /// in one part only), and starts afresh.
    std::vector<SpellingCounts> take(unsigned parts) {
        std::vector<SpellingCounts> split(parts);
        if (parts == 1) {
            split[0].swap(pending_);
            return split;
        }
        for (auto& [word, count] : pending_)
            split[fnv1a(word) % parts].emplace(word, count);
        pending_.clear();
        return split;
    }

  private:
    SpellingCounts pending_;
};

}  // namespace lsearch::detail
