// From the query syntax tree to a Xapian query, through the shared Analyzer
// and the schema table. Internal.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/gazetteer.h"
#include "lsearch/common/synonyms.h"
#include "query_ast.h"

namespace lsearch::detail {

/// The words a query looks for, as the snippet maker matches them against a
/// text's tokens. Each query word is a "unit"; a snippet prefers passages
/// with many distinct units.
struct QueryTerms {
    std::unordered_map<std::string, unsigned> folded;        ///< folded form -> unit
    std::unordered_map<std::string, unsigned> stems;         ///< stem or folded stem -> unit
    std::vector<std::pair<std::string, unsigned>> prefixes;  ///< folded prefix -> unit
    unsigned units = 0;

    [[nodiscard]] bool empty() const { return units == 0; }
};

/// A plain word of the query: as typed, and the term whose presence says
/// that the index knows the word (terms::positional()).
struct QueryWord {
    std::string text;
    std::string term;
};

struct BuiltQuery {
    /// Every word must match. Every document, scored 0 (as a filter alone
    /// scores), for an empty query (QueryNode::Kind::Everything).
    Xapian::Query strict;
    /// Any word may match, but the `required` ones (`+word`, `a AND b`)
    /// must, and filters still apply; empty when that is the same query.
    Xapian::Query relaxed;
    /// The proximity bonus, to add with OP_AND_MAYBE where the rerank
    /// (rerank.h) does not apply: consecutive query words within a few
    /// positions (OP_NEAR). Empty for fewer than two words.
    Xapian::Query proximity;
    /// The query's plain words, each as the positional terms it matches
    /// (terms::positional()): the word, and its correction when it has one; the one-word
    /// alternatives of an OR as one word.
    std::vector<std::vector<std::string>> positional;
    QueryTerms terms;
    std::vector<QueryWord> words;  ///< The query's plain words, for "did you mean".
    /// The query is worded as a question (`Où Krauss est-elle née ?`): a
    /// question word, an inverted subject, `est-ce`, a leading `qui`/`que`,
    /// or a question mark.
    bool question = false;
};

/// The query for `prefix*`: the terms of the field `field` (a term prefix,
/// "" for the body) that start with `folded`, and when `words` (a field of
/// analysed words: the body, the title) the stems of its words that start
/// with `folded` (terms.h); at most `limit` terms, the most frequent first.
using WildcardExpander = std::function<Xapian::Query(
    const std::string& field, const std::string& folded, bool words, unsigned limit)>;

/// Translates `root`: company names through the gazetteer, words expanded
/// with their synonyms, `prefix*` through `expand` (default: Xapian's
/// OP_WILDCARD over the numbers, stop words and stems that start with the
/// prefix, which a multi-database expands shard by shard). Throws
/// QuerySyntaxError for a field value that names nothing (an empty company
/// name, ...).
///
/// `correct`, when given, returns for a plain query word the word the index
/// knows in its place when it knows none of the word's forms (a typo), or ""
/// when there is none: the query then looks for either.
BuiltQuery build_query(const QueryNode& root, Analyzer& analyzer, const Gazetteer& gazetteer,
                       const Synonyms& synonyms, const WildcardExpander& expand = {},
                       const std::function<std::string(const Token&)>& correct = {});

}  // namespace lsearch::detail
