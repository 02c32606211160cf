// Analyzer throughput against Xapian::TermGenerator, in the same run, on the
// news corpus (issue 3). For the title and body of the first N articles of
// orangesum.jsonl.gz, times:
//
//   termgenerator  Xapian::TermGenerator, Stem("french"), STEM_SOME, indexing
//                  into a Xapian::Document (not written to a database);
//   analyze        lsearch::Analyzer::analyze alone;
//   analyze+doc    analyze, then the terms the indexer adds to a
//                  Xapian::Document: the folded form with its position,
//                  XA<accented form>, Z<stem> and Z<folded stem> (not for
//                  numbers and stop words);
//   segment        the ICU word segmentation stage alone (what it costs).
//
// Each method runs --reps times (a fresh Analyzer each time: caches start
// cold, as in one indexing run); the medians are printed, with MB/s of text,
// words/s (positions) and the ratio to TermGenerator.
//
// Usage: analyzer_bench [--corpus FILE] [--articles N] [--reps R] [--only METHOD]
#include <xapian.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "lsearch/common/analyzer.h"
#include "stages.h"
#include "measure.h"

namespace {

using lsearch::bench::median;


struct Article {
    std::string title;
    std::string body;
};

// The first `limit` articles of a gzipped JSON Lines file.
std::vector<Article> read_articles(const std::string& path, std::size_t limit) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) throw std::runtime_error("cannot open " + path);
    std::vector<Article> articles;
    std::string pending;
    std::vector<char> buffer(1 << 20);
    for (;;) {
        const int n = gzread(file, buffer.data(), static_cast<unsigned>(buffer.size()));
        if (n < 0) {
            gzclose(file);
            throw std::runtime_error("cannot read " + path);
        }
        pending.append(buffer.data(), static_cast<std::size_t>(n));
        std::size_t start = 0;
        for (std::size_t nl = pending.find('\n');
             nl != std::string::npos && articles.size() < limit; nl = pending.find('\n', start)) {
            const auto json = nlohmann::json::parse(pending.begin() + static_cast<long>(start),
                                                    pending.begin() + static_cast<long>(nl));
            articles.push_back(
                {json.at("title").get<std::string>(), json.at("body").get<std::string>()});
            start = nl + 1;
        }
        pending.erase(0, start);
        if (n == 0 || articles.size() >= limit) break;
    }
    gzclose(file);
    return articles;
}

struct Run {
    double seconds = 0;
    std::uint64_t words = 0;   // positions
    std::uint64_t tokens = 0;  // tokens, or terms added
};

// Indexes like the indexer (indexer/src/indexer.cc, index_tokens): folded
// form with positions; without positions, and not for numbers and stop
// words, the accented form of a word with accents and the stems.
void add_terms(Xapian::Document& doc, const std::vector<lsearch::Token>& tokens) {
    std::string stem_term = "Z";
    for (const auto& token : tokens) {
        doc.add_posting(token.folded, token.position);
        if (token.kind == lsearch::TokenKind::Number || token.stopword) continue;
        if (token.term != token.folded) doc.add_term("XA" + token.term);
        stem_term.resize(1);
        doc.add_term(stem_term.append(token.stem));
        if (token.folded_stem != token.stem) {
            stem_term.resize(1);
            doc.add_term(stem_term.append(token.folded_stem));
        }
    }
}

Run run_termgenerator(const std::vector<Article>& articles) {
    Run run;
    const auto start = std::chrono::steady_clock::now();
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("french"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (const auto& article : articles) {
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(article.title);
        generator.increase_termpos(1);  // the default gap is 100
        generator.index_text(article.body);
        run.words += generator.get_termpos() - 1;  // minus the gap
        run.tokens += doc.termlist_count();
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

Run run_analyzer(const std::vector<Article>& articles, bool build_document) {
    Run run;
    const auto start = std::chrono::steady_clock::now();
    lsearch::Analyzer analyzer;
    std::vector<lsearch::Token> tokens;
    for (const auto& article : articles) {
        tokens.clear();
        std::uint32_t position = analyzer.analyze(article.title, tokens);
        position = analyzer.analyze(article.body, tokens, position + 1);
        run.words += position - 1;
        if (build_document) {
            Xapian::Document doc;
            add_terms(doc, tokens);
            run.tokens += doc.termlist_count();
        } else {
            run.tokens += tokens.size();
        }
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

Run run_segmenter(const std::vector<Article>& articles) {
    Run run;
    const auto start = std::chrono::steady_clock::now();
    lsearch::detail::Segmenter segmenter;
    std::vector<lsearch::detail::Span> spans;
    for (const auto& article : articles) {
        for (const std::string* text : {&article.title, &article.body}) {
            spans.clear();
            segmenter.segment(*text, spans);
            run.words += spans.size();
        }
    }
    run.tokens = run.words;
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    std::string corpus = LSEARCH_CORPUS_DIR "/orangesum.jsonl.gz";
    std::size_t limit = static_cast<std::size_t>(-1);
    int reps = 5;
    std::string only;  // one method alone, for profiling
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i + 1 >= argc) {
            std::cerr << "analyzer_bench: " << arg << ": missing value\n";
            return 2;
        }
        const char* value = argv[++i];
        if (arg == "--corpus") {
            corpus = value;
        } else if (arg == "--articles") {
            limit = std::strtoul(value, nullptr, 10);
        } else if (arg == "--reps") {
            reps = std::max(1, std::atoi(value));
        } else if (arg == "--only") {
            only = value;
        } else {
            std::cerr << "analyzer_bench: unknown option " << arg
                      << " (--corpus, --articles, --reps, --only)\n";
            return 2;
        }
    }

    std::vector<Article> articles;
    try {
        articles = read_articles(corpus, limit);
    } catch (const std::exception& e) {
        std::cerr << "analyzer_bench: " << e.what() << '\n';
        return 1;
    }
    std::uint64_t bytes = 0;
    for (const auto& article : articles)
        bytes += article.title.size() + article.body.size();
    std::printf("%zu articles, %.1f MB of title+body text, %d repetitions (medians)\n\n",
                articles.size(), static_cast<double>(bytes) / 1e6, reps);

    struct Method {
        const char* name;
        const char* counted;
        std::function<Run()> run;
    };
    const Method methods[] = {
        {"termgenerator", "terms", [&] { return run_termgenerator(articles); }},
        {"analyze", "tokens", [&] { return run_analyzer(articles, false); }},
        {"analyze+doc", "terms", [&] { return run_analyzer(articles, true); }},
        {"segment", "spans", [&] { return run_segmenter(articles); }},
    };
    constexpr std::size_t kMethods = std::size(methods);
    std::vector<std::vector<double>> seconds(kMethods);
    Run last[kMethods];
    // Interleaved, so that a busy neighbour on the machine slows all alike.
    for (int rep = 0; rep < reps; ++rep) {
        for (std::size_t m = 0; m < kMethods; ++m) {
            if (!only.empty() && only != methods[m].name) continue;
            last[m] = methods[m].run();
            seconds[m].push_back(last[m].seconds);
        }
    }

    if (!only.empty()) {
        for (std::size_t m = 0; m < kMethods; ++m) {
            if (only != methods[m].name) continue;
            std::printf("%s: %.3f s\n", methods[m].name, median(seconds[m]));
            return 0;
        }
        std::cerr << "analyzer_bench: no method " << only << '\n';
        return 2;
    }
    const double base = median(seconds[0]);
    std::printf("%-14s %9s %9s %12s %14s %8s\n", "method", "seconds", "MB/s", "words/s",
                "tokens/terms", "ratio");
    for (std::size_t m = 0; m < kMethods; ++m) {
        const double s = median(seconds[m]);
        std::printf("%-14s %9.3f %9.2f %12.0f %9llu %-6s %7.2fx\n", methods[m].name, s,
                    static_cast<double>(bytes) / 1e6 / s, static_cast<double>(last[m].words) / s,
                    static_cast<unsigned long long>(last[m].tokens), methods[m].counted, base / s);
    }
    std::printf("\nratio: throughput relative to termgenerator (higher is faster)\n");
    return 0;
}
