// The two recall figures of issue 3, on the Snowball French test vocabulary,
// for lsearch's analyser and for three baselines:
//
//  accent-insensitive recall: for every vocabulary word with an accent,
//    "index" the word and "query" its unaccented spelling; a hit when the
//    two term sets intersect;
//  stem conflation recall, counted two ways:
//    pairs: for every unordered pair of distinct vocabulary words that the
//      Snowball expected output stems alike, "index" one and "query" the
//      other; a hit when the term sets intersect (intersection is symmetric,
//      so both directions give the same figure);
//    per word: for every vocabulary word, a hit when it finds every other
//      word its expected stem groups it with (a word alone in its group is a
//      hit). This is the counting that gives the 99.75% for Xapian.
//
// Term sets: Xapian alone {stem(w)}; stem then fold {fold(stem(w))}; fold
// then stem {stem(fold(w))}; lsearch {Z<stem>, Z<folded stem>} of the real
// Analyzer's tokens; and lsearch as the indexer and the query builder use
// them (lsearch/common/terms.h): indexed and searched {Z<stem>, Z<folded
// stem>}, except numbers and stop words, which get no stems and are indexed
// and searched by their folded form. With different indexed and searched sets, a
// pair is a hit when each word finds the other.
//
// Usage: analysis_recall [--voc FILE] [--output FILE]
//                        [--min-accent PERCENT] [--min-conflation PERCENT]
// Exits 1 when lsearch's {Z+stem, Z+folded_stem} figures fall below the
// minimums (a regression test), 77 when the vocabulary files are missing
// (CTest: skipped), 2 on bad usage.
#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/terms.h"
#include "stages.h"

namespace {

using TermSet = std::set<std::string>;

struct Method {
    std::string name;
    std::function<TermSet(const std::string&)> terms;  // indexed for a word
    // Searched for a query word, when not the same terms.
    std::function<TermSet(const std::string&)> query_terms = nullptr;
    bool checked = false;  // held to --min-accent and --min-conflation
};

double percent(std::size_t hits, std::size_t total) {
    return 100.0 * static_cast<double>(hits) / static_cast<double>(total);
}

struct Figures {
    std::size_t accent_hits = 0;
    std::size_t accent_total = 0;
    std::size_t pair_hits = 0;
    std::size_t pair_total = 0;
    std::size_t word_hits = 0;
    std::size_t word_total = 0;
    double accent() const { return percent(accent_hits, accent_total); }
    double conflation() const { return percent(pair_hits, pair_total); }
    double per_word() const { return percent(word_hits, word_total); }
};

bool intersect(const TermSet& a, const TermSet& b) {
    for (const auto& term : a) {
        if (b.contains(term)) return true;
    }
    return false;
}

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

Figures measure(const Method& method, const std::vector<std::string>& voc,
                const std::vector<std::string>& expected) {
    Figures figures;
    std::vector<TermSet> terms;
    terms.reserve(voc.size());
    for (const auto& word : voc)
        terms.push_back(method.terms(word));
    std::vector<TermSet> queries;
    queries.reserve(voc.size());
    for (const auto& word : voc) {
        queries.push_back(method.query_terms ? method.query_terms(word) : method.terms(word));
    }
    // Indexing one word of a pair and querying the other, both ways.
    const auto finds = [&](std::size_t a, std::size_t b) {
        return intersect(queries[a], terms[b]) && intersect(queries[b], terms[a]);
    };

    for (std::size_t i = 0; i < voc.size(); ++i) {
        const std::string bare = lsearch::detail::fold_accents(voc[i]);
        if (bare == voc[i]) continue;
        ++figures.accent_total;
        const TermSet query = method.query_terms ? method.query_terms(bare) : method.terms(bare);
        if (intersect(query, terms[i])) ++figures.accent_hits;
    }

    std::map<std::string, std::vector<std::size_t>> by_stem;
    for (std::size_t i = 0; i < voc.size(); ++i)
        by_stem[expected[i]].push_back(i);
    for (const auto& [stem, words] : by_stem) {
        std::vector<bool> finds_all(words.size(), true);
        for (std::size_t a = 0; a < words.size(); ++a) {
            for (std::size_t b = a + 1; b < words.size(); ++b) {
                ++figures.pair_total;
                if (finds(words[a], words[b])) {
                    ++figures.pair_hits;
                } else {
                    finds_all[a] = finds_all[b] = false;
                }
            }
        }
        figures.word_total += words.size();
        for (bool hit : finds_all)
            figures.word_hits += hit ? 1 : 0;
    }
    return figures;
}

}  // namespace

int main(int argc, char** argv) {
    std::string voc_path = LSEARCH_CORPUS_DIR "/snowball-french-voc.txt";
    std::string output_path = LSEARCH_CORPUS_DIR "/snowball-french-output.txt";
    double min_accent = 0;
    double min_conflation = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i + 1 >= argc) {
            std::cerr << "analysis_recall: " << arg << ": missing value\n";
            return 2;
        }
        const char* value = argv[++i];
        if (arg == "--voc") {
            voc_path = value;
        } else if (arg == "--output") {
            output_path = value;
        } else if (arg == "--min-accent") {
            min_accent = std::atof(value);
        } else if (arg == "--min-conflation") {
            min_conflation = std::atof(value);
        } else {
            std::cerr << "analysis_recall: unknown option " << arg
                      << " (--voc, --output, --min-accent, --min-conflation)\n";
            return 2;
        }
    }

    const auto voc = read_lines(voc_path);
    const auto expected = read_lines(output_path);
    if (voc.empty() || expected.empty()) {
        std::cerr << "analysis_recall: cannot read " << voc_path << " or " << output_path
                  << "; skipped\n";
        return 77;
    }
    if (voc.size() != expected.size()) {
        std::cerr << "analysis_recall: " << voc_path << " and " << output_path
                  << " differ in length\n";
        return 2;
    }

    Xapian::Stem stem("french");
    lsearch::Analyzer analyzer;
    using lsearch::detail::fold_accents;
    const std::vector<Method> methods{
        {"Xapian Stem(\"french\") alone", [&](const std::string& w) { return TermSet{stem(w)}; }},
        {"stem, then fold accents",
         [&](const std::string& w) { return TermSet{fold_accents(stem(w))}; }},
        {"fold accents, then stem",
         [&](const std::string& w) { return TermSet{stem(fold_accents(w))}; }},
        {"lsearch {Z+stem, Z+folded_stem}",
         [&](const std::string& w) {
             TermSet terms;
             for (const auto& token : analyzer.analyze(w)) {
                 terms.insert("Z" + token.stem);
                 terms.insert("Z" + token.folded_stem);
             }
             return terms;
         },
         nullptr, true},
        // What the indexer adds and the query builder searches: numbers and
        // stop words only by their folded positional term.
        {"lsearch as indexed and searched",
         [&](const std::string& w) {
             TermSet terms;
             for (const auto& token : analyzer.analyze(w)) {
                 if (lsearch::terms::stemmed(token)) {
                     terms.insert("Z" + token.stem);
                     terms.insert("Z" + token.folded_stem);
                 } else {
                     terms.insert(token.folded);
                 }
             }
             return terms;
         }},
    };

    std::size_t agree = 0;
    for (std::size_t i = 0; i < voc.size(); ++i)
        agree += stem(voc[i]) == expected[i];
    std::printf(
        "vocabulary: %zu words; Xapian %s's stem equals the expected output for %zu "
        "(%.2f%%)\n\n",
        voc.size(), XAPIAN_VERSION, agree, percent(agree, voc.size()));
    std::printf("%-34s %24s %26s %26s\n", "method", "accent-insensitive", "conflation: pairs",
                "conflation: per word");

    std::vector<Figures> lsearch_figures;  // of the checked methods
    for (const auto& method : methods) {
        const Figures f = measure(method, voc, expected);
        std::printf("%-34s %7.2f%% (%5zu / %5zu) %7.2f%% (%6zu / %6zu) %7.2f%% (%6zu / %6zu)\n",
                    method.name.c_str(), f.accent(), f.accent_hits, f.accent_total, f.conflation(),
                    f.pair_hits, f.pair_total, f.per_word(), f.word_hits, f.word_total);
        if (method.checked) lsearch_figures.push_back(f);
    }

    std::printf(
        "\nStop words (and numbers) are indexed and searched by their folded form only, so\n"
        "`tu` and `tuer`, `son` and `sonner`, which Snowball stems alike, do not meet in the\n"
        "last line; they do not need to: a query drops stop words unless it has nothing else.\n");

    int status = 0;
    for (const Figures& f : lsearch_figures) {
        if (f.accent() < min_accent) {
            std::fprintf(stderr, "FAIL: lsearch accent-insensitive recall %.2f%% < %.2f%%\n",
                         f.accent(), min_accent);
            status = 1;
        }
        if (f.conflation() < min_conflation || f.per_word() < min_conflation) {
            std::fprintf(stderr,
                         "FAIL: lsearch stem conflation recall %.2f%% (pairs), %.2f%% (per "
                         "word) < %.2f%%\n",
                         f.conflation(), f.per_word(), min_conflation);
            status = 1;
        }
    }
    return status;
}
