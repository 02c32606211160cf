// The second ranking stage: the best hits of the BM25 match reordered by how
// many of the query's words, and how rare, stand together in a short passage
// of each (docs/RELEVANCE.md). Internal.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

namespace lsearch::detail {

/// How many of the best BM25 hits the rerank reorders: 30 scores as 100 did
/// on PIAF (nDCG@10 0.8243 against 0.8245) for less than a third of the
/// documents and position lists read (docs/RELEVANCE.md).
inline constexpr std::size_t kRerankDepth = 30;
/// The passage: this many consecutive word positions.
inline constexpr Xapian::termpos kPassageWidth = 8;
/// The rerank adds this fraction of a hit's best passage weight to its score.
inline constexpr double kPassageShare = 0.5;

/// The positions of each query word in one document, sorted; an empty list
/// for a word the document does not hold.
using WordPositions = std::vector<std::vector<Xapian::termpos>>;

/// The best passage of a document: the highest sum of `weights` (one per
/// query word) of the distinct query words found within `width`
/// consecutive positions (a word at position p and one at p + width - 1
/// are in one passage). 0 when the document holds none of the words.
double best_passage(const WordPositions& positions, const std::vector<double>& weights,
                    Xapian::termpos width);

/// A hit of the match: its document and weight.
struct Scored {
    Xapian::docid document = 0;
    double weight = 0;
};

/// Adds to the weight of each of the first kRerankDepth `hits` (in BM25
/// order: weights never rising) kPassageShare times its best passage
/// (kPassageWidth positions), each word weighing its IDF, log(documents /
/// documents holding it), and sorts them again by the new weight (equal
/// weights keep their order). `words` are the query's words, each as the
/// positional terms it matches (the word, and its spelling correction); a
/// word repeated counts once. Does nothing for fewer than two words.
///
/// The first `needed` hits come out as a rerank of all kRerankDepth would
/// leave them, in order and weight (a page from `offset` to `offset +
/// limit` needs `offset + limit`). A hit whose weight plus the largest
/// bonus (every word in one passage) cannot pass the `needed`-th best found
/// before it cannot be among them: it and the hits after it are not read
/// and keep their place and weight, after the reranked ones. Hits after
/// kRerankDepth likewise: lower than every reranked hit's before the bonus,
/// they stay lower, and a page's order does not depend on the page asked for.
void rerank(const Xapian::Database& db, const std::vector<std::vector<std::string>>& words,
            std::vector<Scored>& hits, std::size_t needed = kRerankDepth);

}  // namespace lsearch::detail
