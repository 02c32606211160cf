// The query language's syntax tree. The parser (query_parser.cc) only reads
// syntax; words stay raw text here and go through the shared Analyzer when
// the tree becomes a Xapian query (query_builder.cc), so query words are
// analysed exactly like indexed ones. Internal: not installed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lsearch::detail {

struct QueryNode {
    enum class Kind {
        All,     ///< Children must all match (implicit AND; any of them when the query is
                 ///< read as "any word"); `required` must match in every reading
                 ///< (`+word`, `a AND b`); `excluded` must not.
        Any,     ///< At least one child matches (`OR`).
        Words,   ///< A run of plain words, `text` raw as typed (`AWS France 14 000`).
        Phrase,  ///< `"exact phrase"`, `text` is what is inside the quotes.
        Prefix,  ///< `prefix*`, `text` is the raw word before the `*`.
        Field,   ///< `name:value`: `field` is the name, the one child the value
                 ///< (Words, Phrase or Prefix; Words for `company:AWS`).
        Years,   ///< `year:2024` or `year:2023..2025`: `year_from`..`year_to`.
        Everything,  ///< Every document: the one child of the root of an empty query
                     ///< (or one of separators only), which browses.
    };

    Kind kind = Kind::All;
    std::vector<QueryNode> children;  ///< All, Any, Field.
    std::vector<QueryNode> required;  ///< All only: `+word`, `+"phrase"`, `+(...)`, the operands of `AND`.
    std::vector<QueryNode> excluded;  ///< All only: `-word`, `-"phrase"`, `-(...)`, `-field:value`.
    std::string text;                 ///< Words, Phrase, Prefix.
    std::string field;                ///< Field: as written, lower-cased (`title`, `company`, `source`).
    int year_from = 0;                ///< Years.
    int year_to = 0;                  ///< Years.
    std::size_t position = 0;         ///< Byte offset of the node's start in the query.
};

/// A parse: the tree plus what the parser had to repair, in order.
struct ParsedQuery {
    QueryNode root;                     ///< Always an All node (possibly with no children).
    std::vector<std::string> warnings;  ///< e.g. "unbalanced quote at position 5: read to the end".
};

/// Parses `query`. Tolerant: unbalanced quotes and parentheses, stray `-`,
/// `*`, `:` or `OR` are repaired and reported in `warnings`. Throws
/// lsearch::QuerySyntaxError (with the byte position) only for what cannot be
/// read sensibly: an unknown value for a known field such as `year:abc`, a
/// query over kMaxQueryBytes, or nesting deeper than kMaxDepth.
ParsedQuery parse_query(std::string_view query);

inline constexpr std::size_t kMaxQueryBytes = 4096;
inline constexpr int kMaxDepth = 32;

/// A compact, unambiguous rendering of a tree for tests, e.g.
/// `AND(WORDS"AWS France" OR(WORDS"a" WORDS"b") +WORDS"cloud" -PHRASE"grande start-up")`,
/// `FIELD:company(WORDS"Goldman Sachs")`, `YEARS(2023..2025)`, `PREFIX"licenci"`,
/// `AND(EVERYTHING)` for an empty query.
std::string describe(const QueryNode& node);

}  // namespace lsearch::detail
