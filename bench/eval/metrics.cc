#include "metrics.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

namespace lsearch::eval {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    std::string field;
    // Tabs or spaces: TREC files use either.
    while (in >> field)
        fields.push_back(field);
    return fields;
}

}  // namespace

Qrels read_qrels(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot read the qrels file");
    Qrels qrels;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        const auto fields = split_fields(line);
        if (fields.empty()) continue;
        const bool trec = fields.size() == 4;
        if (fields.size() != 3 && !trec) {
            throw std::runtime_error(path + ":" + std::to_string(number) +
                                     ": expected `query<TAB>doc<TAB>grade`");
        }
        try {
            qrels[fields[0]][fields[trec ? 2 : 1]] = std::stoi(fields[trec ? 3 : 2]);
        } catch (const std::exception&) {
            throw std::runtime_error(path + ":" + std::to_string(number) +
                                     ": grade is not a number");
        }
    }
    return qrels;
}

std::vector<std::pair<std::string, std::string>> read_queries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot read the queries file");
    std::vector<std::pair<std::string, std::string>> queries;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos) {
            throw std::runtime_error(path + ":" + std::to_string(number) +
                                     ": expected `id<TAB>text`");
        }
        queries.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
    return queries;
}

Scores score(const std::vector<std::string>& ranking, const std::map<std::string, int>& judgments) {
    Scores scores;
    std::vector<int> ideal;
    std::size_t relevant = 0;
    for (const auto& [doc, grade] : judgments) {
        if (grade > 0) {
            ideal.push_back(grade);
            ++relevant;
        }
    }
    if (relevant == 0) return scores;
    std::sort(ideal.rbegin(), ideal.rend());

    double dcg = 0;
    std::size_t found100 = 0;
    std::unordered_set<std::string> seen;
    std::size_t rank = 0;
    for (const auto& doc : ranking) {
        if (!seen.insert(doc).second) continue;
        ++rank;
        if (rank > 100) break;
        const auto it = judgments.find(doc);
        const int grade = it == judgments.end() ? 0 : it->second;
        if (grade <= 0) continue;
        ++found100;
        if (scores.first_relevant == 0) scores.first_relevant = static_cast<int>(rank);
        if (rank <= 10) dcg += grade / std::log2(static_cast<double>(rank) + 1);
    }
    double idcg = 0;
    for (std::size_t i = 0; i < ideal.size() && i < 10; ++i) {
        idcg += ideal[i] / std::log2(static_cast<double>(i) + 2);
    }
    scores.ndcg10 = dcg / idcg;
    if (scores.first_relevant > 0 && scores.first_relevant <= 10) {
        scores.rr10 = 1.0 / scores.first_relevant;
        scores.success10 = 1;
    }
    scores.recall100 = static_cast<double>(found100) / static_cast<double>(relevant);
    return scores;
}

void Means::add(const Scores& scores) {
    sum_.ndcg10 += scores.ndcg10;
    sum_.rr10 += scores.rr10;
    sum_.recall100 += scores.recall100;
    sum_.success10 += scores.success10;
    ++count_;
}

Scores Means::mean() const {
    Scores mean;
    if (count_ == 0) return mean;
    const auto n = static_cast<double>(count_);
    mean.ndcg10 = sum_.ndcg10 / n;
    mean.rr10 = sum_.rr10 / n;
    mean.recall100 = sum_.recall100 / n;
    mean.success10 = sum_.success10 / n;
    return mean;
}

}  // namespace lsearch::eval
