// Micro-benchmarks (Google Benchmark) of the parts a search or an indexing
// run repeats: the analyser (beside Xapian's TermGenerator, the baseline's
// analysis), snippets, and reading and building queries.
//
// Input: the articles of the test corpus (tests/data/corpus/articles, in the
// repository) and the query set (bench/queries); LSEARCH_BENCH_ARTICLES and
// LSEARCH_BENCH_QUERIES_DIR override them (an INPUT lindex reads; a
// directory of *.txt query files). Everything else is Google Benchmark's
// command line: `micro_bench --benchmark_filter=Snippet`.
#include <benchmark/benchmark.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "input.h"
#include "lsearch/common/analyzer.h"
#include "lsearch/common/gazetteer.h"
#include "lsearch/common/schema.h"
#include "lsearch/common/stored.h"
#include "lsearch/common/synonyms.h"
#include "lsearch/indexer.h"
#include "query_ast.h"
#include "query_builder.h"
#include "snippet.h"

namespace fs = std::filesystem;

namespace {

std::string setting(const char* variable, const char* fallback) {
    const char* value = std::getenv(variable);
    return value != nullptr && *value != '\0' ? value : fallback;
}

const std::vector<lsearch::Article>& articles() {
    static const std::vector<lsearch::Article> loaded = [] {
        std::vector<lsearch::Article> out;
        const auto files = lsearch::detail::expand_inputs(
            {setting("LSEARCH_BENCH_ARTICLES", LSEARCH_BENCH_SOURCE_DIR "/tests/data/corpus/articles")},
            [](const std::string& name, const std::string& reason) {
                std::cerr << "micro_bench: " << name << ": " << reason << '\n';
            });
        for (const auto& file : files) {
            lsearch::detail::read_input(file, [&](lsearch::detail::InputItem&& item) {
                if (item.ok) out.push_back(std::move(item.article));
            });
        }
        return out;
    }();
    return loaded;
}

const std::vector<std::string>& queries() {
    static const std::vector<std::string> loaded = [] {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(
                 setting("LSEARCH_BENCH_QUERIES_DIR", LSEARCH_BENCH_QUERIES))) {
            if (entry.path().extension() == ".txt") files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        std::vector<std::string> out;
        for (const auto& file : files) {
            std::ifstream in(file);
            for (std::string line; std::getline(in, line);) {
                if (!line.empty() && !line.starts_with('#')) out.push_back(line);
            }
        }
        return out;
    }();
    return loaded;
}

std::int64_t text_bytes() {
    std::int64_t bytes = 0;
    for (const auto& article : articles())
        bytes += static_cast<std::int64_t>(article.title.size() + article.body.size());
    return bytes;
}

// The baseline's analysis (baseline.cc): TermGenerator, French stemmer,
// STEM_SOME, title with and without the `S` prefix, then the body.
void BM_TermGenerator(benchmark::State& state) {
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("french"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (auto _ : state) {
        for (const auto& article : articles()) {
            Xapian::Document doc;
            generator.set_document(doc);
            generator.index_text(article.title, 1, "S");
            generator.index_text(article.title, 3);
            generator.increase_termpos();
            generator.index_text(article.body);
            benchmark::DoNotOptimize(doc.termlist_count());
        }
    }
    state.SetBytesProcessed(state.iterations() * text_bytes());
}
BENCHMARK(BM_TermGenerator);

// lsearch's analysis of the same texts; the analyser lives across
// iterations, so its word cache is warm, as in a long indexing run.
void BM_Analyze(benchmark::State& state) {
    lsearch::Analyzer analyzer;
    std::vector<lsearch::Token> tokens;
    for (auto _ : state) {
        for (const auto& article : articles()) {
            tokens.clear();
            const auto position = analyzer.analyze(article.title, tokens);
            analyzer.analyze(article.body, tokens, position + 1);
            benchmark::DoNotOptimize(tokens.data());
        }
    }
    state.SetBytesProcessed(state.iterations() * text_bytes());
}
BENCHMARK(BM_Analyze);

void BM_ParseQuery(benchmark::State& state) {
    for (auto _ : state) {
        for (const auto& query : queries()) {
            auto parsed = lsearch::detail::parse_query(query);
            benchmark::DoNotOptimize(parsed.root.children.size());
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(queries().size()));
}
BENCHMARK(BM_ParseQuery);

struct QueryContext {
    lsearch::Analyzer analyzer;
    lsearch::Gazetteer gazetteer =
        lsearch::Gazetteer::load(LSEARCH_BENCH_SOURCE_DIR "/data/companies.tsv", analyzer);
    lsearch::Synonyms synonyms =
        lsearch::Synonyms::load(LSEARCH_BENCH_SOURCE_DIR "/data/synonyms.tsv", analyzer);
};

// Parsing and building the Xapian query (analysis of the query's words,
// companies, synonyms), as the searcher does before matching.
void BM_BuildQuery(benchmark::State& state) {
    QueryContext context;
    for (auto _ : state) {
        for (const auto& query : queries()) {
            try {
                auto built = lsearch::detail::build_query(lsearch::detail::parse_query(query).root,
                                                          context.analyzer, context.gazetteer,
                                                          context.synonyms);
                benchmark::DoNotOptimize(built.terms.units);
            } catch (const lsearch::QuerySyntaxError&) {
                // A query the language refuses costs its parse only.
            }
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(queries().size()));
}
BENCHMARK(BM_BuildQuery);

// What a snippet looks for, for each query of the set the language accepts.
std::vector<lsearch::detail::QueryTerms> query_terms(QueryContext& context) {
    std::vector<lsearch::detail::QueryTerms> terms;
    for (const auto& query : queries()) {
        try {
            terms.push_back(lsearch::detail::build_query(lsearch::detail::parse_query(query).root,
                                                         context.analyzer, context.gazetteer,
                                                         context.synonyms)
                                .terms);
        } catch (const lsearch::QuerySyntaxError&) {
        }
    }
    return terms;
}

// A 200-character snippet of every article's body for each query of the
// set (the searcher makes one per hit shown).
void BM_Snippet(benchmark::State& state) {
    QueryContext context;
    const std::vector<lsearch::detail::QueryTerms> terms = query_terms(context);
    std::int64_t snippets = 0;
    for (auto _ : state) {
        for (const auto& query_terms : terms) {
            for (const auto& article : articles()) {
                auto snippet =
                    lsearch::detail::make_snippet(article.body, query_terms, context.analyzer, 200);
                benchmark::DoNotOptimize(snippet.text.data());
                ++snippets;
            }
        }
    }
    state.SetItemsProcessed(snippets);
}
BENCHMARK(BM_Snippet);

// The same snippets as the searcher makes them from an index: each
// article's stored body read (value slot kBodySlot) and the query's words found
// through its word table, without segmenting the text.
void BM_SnippetIndexed(benchmark::State& state) {
    QueryContext context;
    const std::vector<lsearch::detail::QueryTerms> terms = query_terms(context);
    const fs::path dir =
        fs::temp_directory_path() / ("lsearch-micro-bench-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    {
        lsearch::IndexerOptions options;
        options.db_path = dir.string();
        lsearch::Indexer indexer(options);
        for (const auto& article : articles())
            indexer.add(article);
        indexer.publish();
    }
    std::int64_t snippets = 0;
    {
        const Xapian::Database db(dir.string());
        for (auto _ : state) {
            for (const auto& query_terms : terms) {
                for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
                    const std::string data =
                        db.get_document(did).get_value(lsearch::schema::kBodySlot);
                    auto snippet =
                        lsearch::detail::make_snippet(lsearch::from_stored_body(data),
                                                      query_terms, context.analyzer, 200);
                    benchmark::DoNotOptimize(snippet.text.data());
                    ++snippets;
                }
            }
        }
    }
    fs::remove_all(dir);
    state.SetItemsProcessed(snippets);
}
BENCHMARK(BM_SnippetIndexed);

// Reading a stored body back, where format 5 keeps it (a zstd frame in a
// value slot) against where format 4 did (the document data, uncompressed
// by lindex, deflated by Xapian on write and inflated on read): the
// articles' body tables written one way or the other into a database
// (argument 0: format 4, 1: format 5), then read in a scrambled order, as
// a page's hits are. Run it on the real corpus (LSEARCH_BENCH_ARTICLES):
// the repository's test articles are too few to leave Xapian's block cache.
void BM_StoredBody(benchmark::State& state) {
    const bool value = state.range(0) != 0;
    const fs::path dir = fs::temp_directory_path() /
                         ("lsearch-body-bench-" + std::to_string(::getpid()) + "-" +
                          std::to_string(state.range(0)));
    lsearch::Analyzer analyzer;
    std::vector<std::string> tables;
    for (const auto& article : articles()) {
        std::vector<lsearch::Token> tokens;
        analyzer.analyze(article.body, tokens);
        tables.push_back(lsearch::to_body_table(article.body, tokens, 0));
    }
    fs::remove_all(dir);
    std::int64_t bodies = 0;
    {
        Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        for (const auto& table : tables) {
            Xapian::Document document;
            if (value) {
                document.add_value(lsearch::schema::kBodySlot, lsearch::compress_body_table(table));
            } else {
                document.set_data(table);
            }
            db.add_document(document);
        }
        db.commit();
    }
    {
        const Xapian::Database db(dir.string());
        std::vector<Xapian::docid> order(db.get_lastdocid());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = static_cast<Xapian::docid>(i + 1);
        std::shuffle(order.begin(), order.end(), std::mt19937(20261122));
        for (auto _ : state) {
            for (const Xapian::docid did : order) {
                const Xapian::Document document = db.get_document(did, Xapian::DOC_ASSUME_VALID);
                const lsearch::StoredBody body =
                    value ? lsearch::from_stored_body(document.get_value(lsearch::schema::kBodySlot))
                          : lsearch::from_body_table(document.get_data());
                benchmark::DoNotOptimize(body.text.data());
                ++bodies;
            }
        }
    }
    fs::remove_all(dir);
    state.SetItemsProcessed(bodies);
    state.SetLabel(value ? "format 5: value slot, zstd" : "format 4: document data, zlib");
}
BENCHMARK(BM_StoredBody)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
