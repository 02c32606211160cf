// lsearch-eval: ranking quality of lsearch against a test collection
// (documents, questions, judgments), beside the Xapian baseline in the same
// run. Builds both indexes from the documents, runs every question, and
// prints nDCG@10, MRR@10, Recall@100 and success@10 (trec_eval conventions,
// see metrics.h); --per-query writes one line per question and system for
// error analysis. Each mean is also printed on two fixed halves of the
// questions, so that a change can be seen to gain on both, not on a few
// questions by chance.
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <xapian.h>
#include <zlib.h>
#include <boost/program_options.hpp>

#include "../baseline.h"
#include "input.h"
#include "lsearch/indexer.h"
#include "lsearch/searcher.h"
#include "metrics.h"

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace {

constexpr std::size_t kDepth = 100;  // results scored per question (Recall@100)

struct System {
    std::string name;
    std::function<std::vector<std::string>(const std::string&)> run;
    lsearch::eval::Means means;
    std::array<lsearch::eval::Means, 2> halves{};  // by half_of(query id)
    double seconds = 0;                            // spent answering
};

// The half a question belongs to: the parity of the CRC-32 of its id, a
// split that does not depend on the order of the file or on the platform.
std::size_t half_of(const std::string& id) {
    return crc32(0L, reinterpret_cast<const Bytef*>(id.data()), static_cast<uInt>(id.size())) % 2;
}

std::vector<lsearch::Article> read_documents(const std::string& path) {
    std::vector<lsearch::Article> articles;
    lsearch::detail::InputFile file{path, path, "",
                                    path.ends_with(".gz")
                                        ? lsearch::detail::InputFile::Format::JsonlGz
                                        : lsearch::detail::InputFile::Format::Jsonl};
    std::size_t rejected = 0;
    lsearch::detail::read_input(file, [&](lsearch::detail::InputItem&& item) {
        if (item.ok) {
            articles.push_back(std::move(item.article));
        } else {
            ++rejected;
            std::cerr << "lsearch-eval: " << item.error << '\n';
        }
    });
    if (rejected > 0) std::cerr << "lsearch-eval: " << rejected << " documents rejected\n";
    return articles;
}

void print_row(const System& system) {
    const auto mean = system.means.mean();
    std::printf("%-28s %8.4f %8.4f %8.4f %8.4f %8zu %8.1f\n", system.name.c_str(), mean.ndcg10,
                mean.rr10, mean.recall100, mean.success10, system.means.count(), system.seconds);
}

void print_halves(const System& system) {
    std::printf("%-28s", system.name.c_str());
    for (const auto& half : system.halves)
        std::printf(" %8.4f %8.4f %8zu", half.mean().ndcg10, half.mean().rr10, half.count());
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    std::string docs, queries_path, qrels_path, work, per_query;
    std::size_t limit = 0;
    po::options_description options(
        "Usage: lsearch-eval --docs DOCS.jsonl[.gz] --queries Q.tsv --qrels QRELS.tsv [OPTIONS]\n"
        "Scores lsearch and the Xapian baseline on a test collection.\n\nOptions");
    options.add_options()("help,h", "print this help")("docs", po::value(&docs)->required(),
                                                       "documents, JSON Lines (the lindex format)")(
        "queries", po::value(&queries_path)->required(), "questions: id<TAB>text per line")(
        "qrels", po::value(&qrels_path)->required(), "judgments: query<TAB>doc<TAB>grade per line")(
        "work", po::value(&work), "directory for the two indexes (default: a temporary one)")(
        "per-query", po::value(&per_query), "write per-question scores (TSV) to this file")(
        "limit", po::value(&limit), "evaluate only the first N questions");
    try {
        po::variables_map vm;
        po::store(po::parse_command_line(argc, argv, options), vm);
        if (vm.count("help") != 0U) {
            std::cout << options << '\n';
            return 0;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "lsearch-eval: " << e.what() << " (see --help)\n";
        return 2;
    }

    try {
        const bool temporary = work.empty();
        if (temporary) {
            work = (fs::temp_directory_path() / ("lsearch-eval-" + std::to_string(::getpid())))
                       .string();
        }
        fs::create_directories(work);
        const auto articles = read_documents(docs);
        auto queries = lsearch::eval::read_queries(queries_path);
        if (limit > 0 && queries.size() > limit) queries.resize(limit);
        const auto qrels = lsearch::eval::read_qrels(qrels_path);

        const std::string baseline_db = work + "/xapian";
        const std::string lsearch_db = work + "/lsearch";
        {
            lsearch::bench::BaselineIndexer baseline(baseline_db);
            for (const auto& article : articles)
                baseline.add(article);
            baseline.commit();
        }
        {
            fs::remove_all(lsearch_db);
            lsearch::IndexerOptions index_options;
            index_options.db_path = lsearch_db;
            index_options.rebuild = true;
            lsearch::Indexer indexer(index_options);
            for (const auto& article : articles)
                indexer.add(article);
            indexer.publish();
        }

        lsearch::bench::BaselineSearcher baseline(baseline_db);
        lsearch::Searcher searcher(lsearch_db);
        auto lsearch_run = [&](lsearch::MatchMode mode) {
            return [&searcher, mode](const std::string& query) {
                lsearch::SearchRequest request;
                request.query = query;
                request.limit = kDepth;
                request.facets = false;
                request.snippet_length = 0;
                request.match = mode;
                std::vector<std::string> ids;
                try {
                    for (auto& hit : searcher.search(request).hits)
                        ids.push_back(std::move(hit.id));
                } catch (const lsearch::QuerySyntaxError&) {
                    // An unreadable question finds nothing, as for a user.
                }
                return ids;
            };
        };
        std::vector<System> systems;
        systems.push_back({"xapian-baseline (OR)",
                           [&](const std::string& query) {
                               try {
                                   return baseline.ids(query, kDepth);
                               } catch (const Xapian::QueryParserError&) {
                                   return std::vector<std::string>{};
                               }
                           },
                           {}});
        systems.push_back({"lsearch (default)", lsearch_run(lsearch::MatchMode::AllThenAny), {}});
        systems.push_back({"lsearch (any word)", lsearch_run(lsearch::MatchMode::Any), {}});

        std::ofstream details;
        if (!per_query.empty()) {
            details.open(per_query);
            details << "query\tsystem\tndcg10\trr10\trecall100\tfirst_relevant\ttext\n";
        }
        std::size_t judged = 0;
        for (const auto& [id, text] : queries) {
            const auto judgments = qrels.find(id);
            if (judgments == qrels.end()) continue;
            ++judged;
            for (auto& system : systems) {
                const auto start = std::chrono::steady_clock::now();
                const auto ranking = system.run(text);
                system.seconds +=
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                const auto scores = lsearch::eval::score(ranking, judgments->second);
                system.means.add(scores);
                system.halves[half_of(id)].add(scores);
                if (details.is_open()) {
                    details << id << '\t' << system.name << '\t' << scores.ndcg10 << '\t'
                            << scores.rr10 << '\t' << scores.recall100 << '\t'
                            << scores.first_relevant << '\t' << text << '\n';
                }
            }
        }
        std::printf("%zu documents, %zu judged questions\n\n", articles.size(), judged);
        std::printf("%-28s %8s %8s %8s %8s %8s %8s\n", "system", "nDCG@10", "MRR@10", "R@100",
                    "S@10", "queries", "seconds");
        for (const auto& system : systems)
            print_row(system);
        std::printf(
            "\nOn two halves of the questions (by the parity of the CRC-32 of their id):\n");
        std::printf("%-28s %8s %8s %8s %8s %8s %8s\n", "system", "nDCG@10", "MRR@10", "queries",
                    "nDCG@10", "MRR@10", "queries");
        for (const auto& system : systems)
            print_halves(system);
        if (temporary) fs::remove_all(work);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "lsearch-eval: " << e.what() << '\n';
        return 2;
    }
}
