// Spelling data ("did you mean") summed over a batch of documents. Internal.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>

#include <xapian.h>

namespace lsearch::detail {

/// A word of the spelling data: how often it occurs, and its forms for the
/// dictionary of `prefix*` (Xapian's synonym table: see schema.h).
struct SpellingWord {
    Xapian::termcount count = 0;
    std::string folded;  ///< Without accents: its key in the dictionary.
    std::string stem;    ///< Snowball stem, accents kept: what the key gives.
};

/// Word (as written, lower case) -> what prepare() counted of it.
using SpellingCounts = std::unordered_map<std::string, SpellingWord>;

/// Adds `counts` to the spelling table of `db`, and each word with its
/// forms to the dictionary in its synonym table (written at its next
/// commit).
inline void add_spellings(Xapian::WritableDatabase& db, const SpellingCounts& counts) {
    for (const auto& [word, entry] : counts) {
        db.add_spelling(word, entry.count);
        if (!entry.folded.empty()) db.add_synonym(entry.folded, entry.stem);
    }
}

/// Xapian's add_spelling() looks the word up in its own change table on
/// every call, and each commit rewrites, recompressed, every spelling entry
/// the batch touched (a word's frequency, and the whole list of words of
/// each of its fragments): summed here, each word is added once per commit
/// instead of once per document that has it.
class SpellingBatch {
  public:
    void add(const SpellingCounts& counts) {
        for (const auto& [word, entry] : counts) {
            auto [it, added] = pending_.try_emplace(word, entry);
            if (!added) it->second.count += entry.count;
        }
    }

    /// Distinct words summed so far.
    [[nodiscard]] std::size_t size() const { return pending_.size(); }

    /// Adds what was summed to `db` (before its commit) and starts afresh.
    void flush_into(Xapian::WritableDatabase& db) {
        keep_new_forms();
        add_spellings(db, pending_);
        pending_.clear();
    }

    /// What was summed, and starts afresh.
    SpellingCounts take() {
        keep_new_forms();
        SpellingCounts taken;
        taken.swap(pending_);
        return taken;
    }

  private:
    // A word goes into the dictionary once per batch's life, not at every
    // commit: Xapian's synonym table rewrites (and recompresses) each entry
    // it is given, and a first build's segments would each hold the whole
    // vocabulary for the compactor to merge (lindex's CPU grew 1.6x at 10x
    // the corpus when every commit wrote every word). The forms of a word
    // already given are dropped.
    void keep_new_forms() {
        for (auto& [word, entry] : pending_) {
            if (!in_dictionary_.insert(word).second) {
                entry.folded.clear();
                entry.stem.clear();
            }
        }
    }

    SpellingCounts pending_;
    std::unordered_set<std::string> in_dictionary_;  // words given their forms
};

}  // namespace lsearch::detail
