#include "rerank.h"

#include <algorithm>
#include <cmath>
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
            std::vector<Scored>& hits) {
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
    WordPositions positions(words.size());
    for (std::size_t h = 0; h < depth; ++h) {
        const Xapian::docid document = hits[h].document;
        for (std::size_t w = 0; w < words.size(); ++w) {
            positions[w].clear();
            if (weights[w] == 0) continue;  // adds nothing to a passage: not read
            for (const auto& term : words[w]) {
                positions[w].insert(positions[w].end(), db.positionlist_begin(document, term),
                                    db.positionlist_end(document, term));
            }
            if (words[w].size() > 1) std::sort(positions[w].begin(), positions[w].end());
        }
        hits[h].weight += kPassageShare * best_passage(positions, weights, kPassageWidth);
    }
    std::stable_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(depth),
                     [](const Scored& a, const Scored& b) { return a.weight > b.weight; });
}

}  // namespace lsearch::detail
