// The company gazetteer: canonical company names and their aliases, matched
// against analysed text. The indexer detects companies with it; its alias
// table is stored in the index so that `company:` queries resolve aliases the
// same way.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lsearch/common/analyzer.h"

namespace lsearch {

class Gazetteer {
  public:
    /// An empty gazetteer: detects nothing.
    Gazetteer() = default;

    /// Reads a gazetteer: one company per line, `Canonical name<TAB>alias|alias|...`
    /// (aliases optional, the canonical name is always an alias), `#` comments
    /// and blank lines ignored. `name` is used in messages. Throws InputError
    /// naming the line for a line with an empty name, or an alias that already
    /// belongs to another company.
    static Gazetteer parse(std::string_view content, std::string_view name, Analyzer& analyzer);

    /// Reads the file at `path` with parse(). Throws InputError if unreadable.
    static Gazetteer load(const std::string& path, Analyzer& analyzer);

    /// Reads what serialize() wrote.
    static Gazetteer deserialize(std::string_view data);

    /// The alias table: one `alias key<TAB>canonical name` line per alias.
    [[nodiscard]] std::string serialize() const;

    /// The companies named in `tokens` (from Analyzer::analyze), canonical
    /// names in order of first mention, each once. Matching is on folded
    /// words, so case, accents and elisions do not matter; where aliases
    /// overlap the longest wins (`Amazon Web Services` is AWS, not Amazon).
    [[nodiscard]] std::vector<std::string> detect(const std::vector<Token>& tokens) const;

    /// The canonical name for `name` (an alias or canonical name, any case or
    /// accents), or `name` itself, trimmed, when the gazetteer does not know it.
    [[nodiscard]] std::string canonical(std::string_view name, Analyzer& analyzer) const;

    [[nodiscard]] bool empty() const { return names_.empty(); }
    [[nodiscard]] std::size_t size() const { return names_.size(); }

  private:
    struct Alias {
        std::vector<std::string> words;  // folded words
        std::size_t company;             // index in names_
    };
    void add_alias(std::vector<std::string> words, std::size_t company);

    std::vector<std::string> names_;
    // First word -> aliases starting with it, longest first.
    std::unordered_map<std::string, std::vector<Alias>> by_first_word_;
};

}  // namespace lsearch
