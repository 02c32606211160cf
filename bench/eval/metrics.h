// Retrieval metrics with trec_eval's conventions, for lsearch-eval.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace lsearch::eval {

/// Judgments: query id -> document id -> grade (> 0 relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

/// Reads a qrels file: `query<TAB>doc<TAB>grade` per line (TREC's 4-column
/// `query 0 doc grade` is accepted too). Throws std::runtime_error naming the
/// line for anything else.
Qrels read_qrels(const std::string& path);

/// Reads a queries file: `query id<TAB>text` per line, in file order.
std::vector<std::pair<std::string, std::string>> read_queries(const std::string& path);

/// The measures of one ranked list against one query's judgments.
struct Scores {
    double ndcg10 = 0;       ///< trec_eval ndcg_cut_10: gain = grade, discount log2(rank + 1).
    double rr10 = 0;         ///< Reciprocal rank of the first relevant document in the top 10.
    double recall100 = 0;    ///< Relevant documents in the top 100 / relevant documents.
    double success10 = 0;    ///< 1 when a relevant document is in the top 10.
    int first_relevant = 0;  ///< Rank of the first relevant document (1-based), 0 if none.
};

/// Scores `ranking` (document ids, best first; duplicates count once, at
/// their first rank) against `judgments`.
Scores score(const std::vector<std::string>& ranking, const std::map<std::string, int>& judgments);

/// Running means over queries. As `trec_eval -c`: every judged query with at
/// least one relevant document counts, a query with no results scores 0.
class Means {
  public:
    void add(const Scores& scores);
    [[nodiscard]] Scores mean() const;
    [[nodiscard]] std::size_t count() const { return count_; }

  private:
    Scores sum_;
    std::size_t count_ = 0;
};

}  // namespace lsearch::eval
