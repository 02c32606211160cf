#include "rerank.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <utility>

namespace lsearch::detail {

double best_passage(const WordPositions& positions, const std::vector<double>& weights,
                    Xapian::termpos width) {
    // Every occurrence in position order; a window slides over them,
    // counting how many times each word is inside it.
    std::vector<std::pair<Xapian::termpos, std::size_t>> occurrences;
    for (std::size_t word = 0; word < positions.size(); ++word) {
        for (const Xapian::termpos position : positions[word])
            occurrences.emplace_back(position, word);
    }
    std::sort(occurrences.begin(), occurrences.end());
    std::vector<unsigned> inside(positions.size(), 0);
    double weight = 0, best = 0;
    std::size_t first = 0;
    for (const auto& [position, word] : occurrences) {
        if (inside[word]++ == 0) weight += weights[word];
        for (; position - occurrences[first].first >= width; ++first) {
            if (--inside[occurrences[first].second] == 0) {
                weight -= weights[occurrences[first].second];
            }
        }
        best = std::max(best, weight);
    }
    return best;
}

void rerank(const Xapian::Database& db, const std::vector<std::vector<std::string>>& words,
            std::vector<Scored>& hits, std::size_t needed) {
    if (words.size() < 2 || hits.empty()) return;
    const double documents = db.get_doccount();
    std::vector<double> weights;
    for (std::size_t w = 0; w < words.size(); ++w) {
        double frequency = 0;
        for (const auto& term : words[w])
            frequency += db.get_termfreq(term);
        const bool repeated =
            std::find(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(w), words[w]) !=
            words.begin() + static_cast<std::ptrdiff_t>(w);
        weights.push_back(
            frequency > 0 && !repeated ? std::max(0.0, std::log(documents / frequency)) : 0.0);
    }
    const std::size_t depth = std::min(hits.size(), kRerankDepth);
    needed = std::min(needed, depth);
    // The largest bonus a hit can get: every word in its best passage (a
    // hair more, for the rounding of the window's running sum).
    double all_words = 0;
    for (const double weight : weights)
        all_words += weight;
    const double largest_bonus = kPassageShare * all_words * (1 + 1e-9);
    // The `needed` best weights so far, the lowest on top. A hit whose
    // weight plus the largest bonus cannot pass the lowest of them cannot
    // be among the first `needed`, nor can any after it (they weigh no
    // more): the rest are not read (a position list costs a read or two of
    // the file, a third of a plain query's reads before this).
    std::priority_queue<double, std::vector<double>, std::greater<>> best;
    std::size_t reranked = 0;
    WordPositions positions(words.size());
    for (; reranked < depth; ++reranked) {
        Scored& hit = hits[reranked];
        if (needed > 0 && best.size() == needed && hit.weight + largest_bonus <= best.top()) break;
        for (std::size_t w = 0; w < words.size(); ++w) {
            positions[w].clear();
            if (weights[w] == 0) continue;  // adds nothing to a passage: not read
            for (const auto& term : words[w]) {
                positions[w].insert(positions[w].end(), db.positionlist_begin(hit.document, term),
                                    db.positionlist_end(hit.document, term));
            }
            if (words[w].size() > 1) std::sort(positions[w].begin(), positions[w].end());
        }
        hit.weight += kPassageShare * best_passage(positions, weights, kPassageWidth);
        best.push(hit.weight);
        if (best.size() > needed) best.pop();
    }
    std::stable_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(reranked),
                     [](const Scored& a, const Scored& b) { return a.weight > b.weight; });
}

}  // namespace lsearch::detail
