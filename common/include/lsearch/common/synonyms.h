// Synonyms: groups of equivalent expressions (`IA`, `intelligence
// artificielle`), read from a TSV file by the indexer, stored in the index,
// and used by the searcher to expand queries.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lsearch/common/analyzer.h"

namespace lsearch {

class Synonyms {
  public:
    /// An expression: folded words (compounds by their parts).
    using Expression = std::vector<std::string>;

    Synonyms() = default;

    /// Reads a synonyms file: one group of equivalent expressions per line,
    /// `expression<TAB>expression|expression...` (every expression of a line
    /// means the same as every other), `#` comments and blank lines ignored.
    /// An expression has at most kMaxWords words. Throws InputError naming
    /// the line for a line with fewer than two expressions or a longer one.
    static Synonyms parse(std::string_view content, std::string_view name, Analyzer& analyzer);

    /// Reads the file at `path` with parse(). Throws InputError if unreadable.
    static Synonyms load(const std::string& path, Analyzer& analyzer);

    /// Reads what serialize() wrote.
    static Synonyms deserialize(std::string_view data);

    /// One group per line, expressions separated by tabs, words by spaces.
    [[nodiscard]] std::string serialize() const;

    /// The longest expression starting at words[first], as a number of words
    /// (0 when none), and its group's other expressions.
    [[nodiscard]] std::size_t match(const std::vector<std::string>& words, std::size_t first,
                                    std::vector<const Expression*>& others) const;

    [[nodiscard]] bool empty() const { return groups_.empty(); }
    /// The number of groups.
    [[nodiscard]] std::size_t size() const { return groups_.size(); }

    static constexpr std::size_t kMaxWords = 6;

  private:
    void add_group(std::vector<Expression> group);

    std::vector<std::vector<Expression>> groups_;
    // First word -> (group, expression index), longest expressions first.
    std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> by_first_word_;
};

}  // namespace lsearch
