// lsearch: searches an lsearch index from a shell. Options are parsed here
// and handed to the search library as a SearchRequest; one result model,
// two printers (text for people, JSON for programs, see docs/JSON.md). Exit
// codes are decided in main() only: 0 hits, 1 no hit, 2 error.
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include "lsearch/common/paths.h"
#include "lsearch/json.h"
#include "lsearch/searcher.h"
#include "terminal.h"

namespace po = boost::program_options;

namespace {

enum class Format { Text, Json };

struct Options {
    std::string db;
    lsearch::SearchRequest request;
    Format format = Format::Text;
    bool batch = false;
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Reads a count option (a whole number, as given: no sign, no fraction)
// from its text, so that every wrong value gets a message naming the option
// and the range: `--limit -5`, `--limit 1.5`, `--limit ""`, a number past
// `most` or past what std::size_t holds.
std::size_t count_option(const po::variables_map& vm, const std::string& name, std::size_t fallback,
                         std::size_t most = std::numeric_limits<std::size_t>::max()) {
    if (vm.count(name) == 0U) return fallback;
    const std::string& text = vm[name].as<std::string>();
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    const std::string range = "a whole number from 0 to " + std::to_string(most);
    if (error == std::errc::result_out_of_range ||
        (error == std::errc() && end == text.data() + text.size() && value > most)) {
        throw UsageError("--" + name + " must be at most " + std::to_string(most) + ", not " +
                         text);
    }
    if (error != std::errc() || end != text.data() + text.size()) {
        throw UsageError("--" + name + " must be " + range + ", not \"" + text + "\"");
    }
    return value;
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    std::string sort = "relevance", format = "text", match = "all_then_any";
    std::vector<std::string> words;
    po::options_description visible(
        "Usage: lsearch [OPTIONS] QUERY...\n"
        "Searches an lsearch index. Every word must match, else any word does\n"
        "(--match; the output says when results lack some words). Query language:\n"
        "\"exact phrase\", +required, -excluded, AND, OR, (groups), prefix*, title:,\n"
        "company:, "
        "source:\"Epoch Times\", year:2024, year:2023..2025; an empty QUERY (\"\")\n"
        "lists every article. See the README for details.\n\nOptions");
    visible.add_options()("help,h", "print this help and exit")(
        "db", po::value<std::string>(&options.db)->value_name("PATH"),
        "index directory, or a Xapian stub file listing shards, local or remote "
        "(docs/SCALING.md) (default: $LSEARCH_DB, else $XDG_DATA_HOME/lsearch/index, "
        "else ~/.local/share/lsearch/index)")("limit,n", po::value<std::string>()->value_name("N"),
                                              "results to show, 0 to 10000 (default 10)")(
        "offset", po::value<std::string>()->value_name("N"), "results to skip (default 0)")(
        "sort", po::value<std::string>(&sort)->value_name("ORDER"),
        "relevance (default) or date (newest first)")(
        "match", po::value<std::string>(&match)->value_name("MODE"),
        "all_then_any (default: every word, else any word when no article has them "
        "all), all (every word, always) or any (any word, more of them ranking higher)")(
        "format", po::value<std::string>(&format)->value_name("FORMAT"), "text (default) or json")(
        "no-facets", "do not count companies, years and sources")(
        "facet-values", po::value<std::string>()->value_name("N"),
        "values shown per facet, most frequent first (default 10)")(
        "snippet-length", po::value<std::string>()->value_name("N"),
        "about N characters of snippet per result, 0 for none (default 200)")(
        "count-limit", po::value<std::string>()->value_name("N"),
        "stop counting the total and facets after N matches; the output then says "
        "\"more than N results\" and the facet counts are lower bounds (default 0: "
        "count every match)")(
        "batch",
        "read one query per line on standard input (an empty line lists every "
        "article), write one JSON object per line");
    po::options_description hidden;
    hidden.add_options()("query", po::value<std::vector<std::string>>(&words));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("query", -1);

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
    if (vm.count("help") != 0U) {
        std::cout << visible
                  << "\nThe text output shows control characters of queries and articles "
                     "escaped\n(ESC as \\u{1b}, a byte of invalid UTF-8 as \\xff); colour on a "
                     "terminal only,\nunless TERM is dumb or NO_COLOR is set.\n"
                     "Exit status: 0 results found, 1 none found, 2 error.\n";
        return std::nullopt;
    }
    options.request.limit =
        count_option(vm, "limit", options.request.limit, lsearch::SearchRequest::kMaxLimit);
    options.request.offset = count_option(vm, "offset", options.request.offset);
    options.request.facet_values = count_option(vm, "facet-values", options.request.facet_values);
    options.request.snippet_length =
        count_option(vm, "snippet-length", options.request.snippet_length);
    options.request.count_limit =
        count_option(vm, "count-limit", lsearch::SearchRequest::kNoCountLimit);
    if (sort == "relevance") {
        options.request.sort = lsearch::SortOrder::Relevance;
    } else if (sort == "date") {
        options.request.sort = lsearch::SortOrder::Date;
    } else {
        throw UsageError("--sort must be relevance or date, not \"" + sort + "\"");
    }
    if (match == "all_then_any") {
        options.request.match = lsearch::MatchMode::AllThenAny;
    } else if (match == "all") {
        options.request.match = lsearch::MatchMode::All;
    } else if (match == "any") {
        options.request.match = lsearch::MatchMode::Any;
    } else {
        throw UsageError("--match must be all_then_any, all or any, not \"" + match + "\"");
    }
    if (format == "text") {
        options.format = Format::Text;
    } else if (format == "json") {
        options.format = Format::Json;
    } else {
        throw UsageError("--format must be text or json, not \"" + format + "\"");
    }
    options.request.facets = vm.count("no-facets") == 0U;
    options.batch = vm.count("batch") != 0U;
    if (options.batch && !words.empty())
        throw UsageError("--batch reads queries from standard input; give no QUERY");
    // `lsearch ""` is a query (the empty one lists every article); no QUERY
    // at all is more likely a mistake.
    if (!options.batch && words.empty()) {
        throw UsageError("no QUERY given; give \"\" to list every article");
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) options.request.query += ' ';
        options.request.query += words[i];
    }
    // `--db ""` (an unset variable in a script, say) must not fall back to
    // the default index unnoticed.
    if (vm.count("db") != 0U && options.db.empty()) {
        throw UsageError("--db must name an index, not \"\"");
    }
    if (options.db.empty()) {
        options.db = lsearch::default_index_path(std::getenv("LSEARCH_DB"),
                                                 std::getenv("XDG_DATA_HOME"), std::getenv("HOME"));
    }
    return options;
}

// The text printer for people. Every text that comes from the query or the
// index goes through show(), escaped for the terminal, before lsearch adds
// its own escape codes (colour on a terminal only).
class TextPrinter {
  public:
    // `count_limit`: the request's, which the note under inexact facets names.
    TextPrinter(bool styled, std::size_t count_limit)
        : styled_(styled), count_limit_(count_limit) {}

    void print(const lsearch::SearchResponse& response) const {
        for (const auto& warning : response.warnings)
            std::cerr << "lsearch: note: " << show(warning) << '\n';
        // What changes how the results read comes before them.
        bool noted = false;
        if (!response.suggestion.empty()) {
            std::cout << "Did you mean: " << style(show(response.suggestion), "\033[1m") << "?\n";
            noted = true;
        }
        if (response.relaxed) {
            std::cout << "Not every word was found in all results: results with all the words "
                         "come first.\n";
            noted = true;
        }
        if (noted) std::cout << '\n';
        for (const auto& hit : response.hits) {
            const std::string title = hit.title.empty() ? "(untitled: " + hit.id + ")" : hit.title;
            std::cout << hit.rank << ". " << style(show(title), "\033[1m") << '\n';
            std::string meta;
            auto add = [&](const std::string& part) {
                if (part.empty()) return;
                if (!meta.empty()) meta += " · ";
                meta += part;
            };
            add(hit.source);
            add(hit.date);
            std::string companies;
            for (const auto& company : hit.companies) {
                companies += companies.empty() ? "" : ", ";
                companies += company;
            }
            add(companies);
            if (!meta.empty()) std::cout << "   " << style(show(meta), "\033[2m") << '\n';
            if (!hit.snippet.text.empty()) std::cout << "   " << highlighted(hit.snippet) << '\n';
            std::cout << "   "
                      << style(show(hit.id + (hit.url.empty() ? "" : "  " + hit.url)), "\033[2m")
                      << "\n\n";
        }
        const std::size_t first = response.hits.empty() ? 0 : response.hits.front().rank;
        const std::size_t last = response.hits.empty() ? 0 : response.hits.back().rank;
        // A count that stopped at --count-limit is a lower bound: "more than".
        const std::string total = (response.total_exact ? "" : "more than ") +
                                  std::to_string(response.total) +
                                  (response.total == 1 ? " result" : " results");
        if (response.total == 0) {
            std::cout << "No article matches \"" << show(response.query) << "\".\n";
        } else if (response.hits.empty()) {
            std::cout << total << "; none at offset " << response.offset << ".\n";
        } else {
            std::cout << total << ", showing " << first << "-" << last << ".\n";
        }
        print_facet("Companies", response.facets.company);
        print_facet("Years", response.facets.year);
        print_facet("Sources", response.facets.source);
        const bool any_facet = !response.facets.company.empty() || !response.facets.year.empty() ||
                               !response.facets.source.empty();
        if (!response.facets_exact && any_facet) {
            std::cout << "(Counted over the first " << count_limit_
                      << (count_limit_ == 1 ? " match" : " matches")
                      << ": each count is a lower bound.)\n";
        }
    }

  private:
    static std::string show(const std::string& text) {
        return lsearch::tools::escape_for_terminal(text);
    }

    std::string style(const std::string& text, const char* code) const {
        return styled_ ? code + text + "\033[0m" : text;
    }

    // Each part is escaped on its own: the highlights are byte offsets into
    // the text as it is.
    std::string highlighted(const lsearch::Snippet& snippet) const {
        if (!styled_) return show(snippet.text);
        std::string out;
        std::size_t at = 0;
        for (const auto& h : snippet.highlights) {
            if (h.begin < at || h.end < h.begin || h.end > snippet.text.size()) continue;
            out += show(snippet.text.substr(at, h.begin - at));
            out += style(show(snippet.text.substr(h.begin, h.end - h.begin)), "\033[1;33m");
            at = h.end;
        }
        return out + show(snippet.text.substr(at));
    }

    static void print_facet(const char* name, const std::vector<lsearch::FacetValue>& values) {
        if (values.empty()) return;
        std::cout << name << ": ";
        for (std::size_t i = 0; i < values.size(); ++i) {
            std::cout << (i == 0 ? "" : ", ") << show(values[i].value) << " (" << values[i].count
                      << ")";
        }
        std::cout << '\n';
    }

    bool styled_;
    std::size_t count_limit_;
};

// One query per line in, one JSON object per line out, flushed; a query that
// cannot be read gets an object with "error" and the position, a query the
// index could not answer (it was deleted, say) one with "error" only, and
// the next line is read as usual: exit status 2 at the end after such errors.
// An empty line is the empty query, which lists every article.
int run_batch(lsearch::Searcher& searcher, lsearch::SearchRequest request) {
    std::string line;
    bool failed = false;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        request.query = line;
        try {
            std::cout << lsearch::to_json(searcher.search(request)) << std::endl;
        } catch (const lsearch::QuerySyntaxError& e) {
            std::cout << lsearch::error_json(line, e.what(), e.position()) << std::endl;
        } catch (const lsearch::Error& e) {
            failed = true;
            std::cout << lsearch::error_json(line, e.what()) << std::endl;
        }
    }
    return failed ? 2 : 0;
}

}  // namespace

// Error messages may quote the query or an option's value: escaped too.
int main(int argc, char** argv) {
    using lsearch::tools::escape_for_terminal;
    try {
        const auto options = parse_options(argc, argv);
        if (!options) return 0;
        lsearch::Searcher searcher(options->db);
        if (options->batch) return run_batch(searcher, options->request);
        const lsearch::SearchResponse response = searcher.search(options->request);
        if (options->format == Format::Json) {
            std::cout << lsearch::to_json(response) << '\n';
        } else {
            const bool styled = lsearch::tools::use_colour(isatty(1) != 0, std::getenv("TERM"),
                                                           std::getenv("NO_COLOR"));
            TextPrinter(styled, options->request.count_limit).print(response);
        }
        return response.total > 0 ? 0 : 1;
    } catch (const UsageError& e) {
        std::cerr << "lsearch: " << escape_for_terminal(e.what()) << " (see lsearch --help)\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lsearch: " << escape_for_terminal(e.what()) << '\n';
        return 2;
    }
}
