// lsearch: searches an lsearch index from a shell. Options are parsed here
// and handed to the search library as a SearchRequest; one result model,
// two printers (text for people, JSON for programs, see docs/JSON.md). Exit
// codes are decided in main() only: 0 hits, 1 no hit, 2 error.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include "lsearch/common/paths.h"
#include "lsearch/json.h"
#include "lsearch/searcher.h"

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

// Reads a count option as a signed number so that `--limit -5` is an error,
// not a huge unsigned value.
std::size_t count_option(const po::variables_map& vm, const char* name, std::size_t fallback) {
    if (vm.count(name) == 0U) return fallback;
    const long long value = vm[name].as<long long>();
    if (value < 0) {
        throw UsageError(std::string("--") + name + " must be 0 or more, not " +
                         std::to_string(value));
    }
    return static_cast<std::size_t>(value);
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    std::string sort = "relevance", format = "text";
    std::vector<std::string> words;
    po::options_description visible(
        "Usage: lsearch [OPTIONS] QUERY...\n"
        "Searches an lsearch index. Every word must match, else any word does\n"
        "(and the output says so); a question or a query of 4+ words ranks by\n"
        "any word. Query language: \"exact phrase\", -excluded, OR,\n"
        "(groups), prefix*, title:, company:, source:\"Epoch Times\", year:2024,\n"
        "year:2023..2025. See the README for details.\n\nOptions");
    visible.add_options()("help,h", "print this help and exit")(
        "db", po::value<std::string>(&options.db),
        "index directory, or a Xapian stub file listing shards, local or remote "
        "(docs/SCALING.md) (default: $LSEARCH_DB, else $XDG_DATA_HOME/lsearch/index, "
        "else ~/.local/share/lsearch/index)")(
        "limit,n", po::value<long long>(), "results to show (default 10)")(
        "offset", po::value<long long>(), "results to skip (default 0)")(
        "sort", po::value<std::string>(&sort), "relevance (default) or date (newest first)")(
        "format", po::value<std::string>(&format), "text (default) or json")(
        "no-facets", "do not count companies, years and sources")(
        "count-limit", po::value<long long>(),
        "stop counting the total and facets after N matches; the output then says "
        "\"more than N\" (default 0: count every match)")(
        "batch", "read one query per line on standard input, write one JSON object per line");
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
        options.request.limit = count_option(vm, "limit", 10);
        options.request.offset = count_option(vm, "offset", 0);
        options.request.count_limit =
            count_option(vm, "count-limit", lsearch::SearchRequest::kNoCountLimit);
    } catch (const po::error& e) {
        throw UsageError(e.what());
    }
    if (vm.count("help") != 0U) {
        std::cout << visible << "\nExit status: 0 results found, 1 none found, 2 error.\n";
        return std::nullopt;
    }
    if (options.request.limit > lsearch::SearchRequest::kMaxLimit) {
        throw UsageError("--limit must be at most " +
                         std::to_string(lsearch::SearchRequest::kMaxLimit));
    }
    if (sort == "relevance") {
        options.request.sort = lsearch::SortOrder::Relevance;
    } else if (sort == "date") {
        options.request.sort = lsearch::SortOrder::Date;
    } else {
        throw UsageError("--sort must be relevance or date, not \"" + sort + "\"");
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
    if (options.batch && !words.empty()) throw UsageError("--batch reads queries from standard input; give no QUERY");
    if (!options.batch && words.empty()) throw UsageError("no QUERY given (try --help)");
    for (const auto& word : words) {
        if (!options.request.query.empty()) options.request.query += ' ';
        options.request.query += word;
    }
    if (options.db.empty()) {
        options.db = lsearch::default_index_path(std::getenv("LSEARCH_DB"),
                                                 std::getenv("XDG_DATA_HOME"), std::getenv("HOME"));
    }
    return options;
}

class TextPrinter {
  public:
    explicit TextPrinter(bool styled) : styled_(styled) {}

    void print(const lsearch::SearchResponse& response) const {
        for (const auto& warning : response.warnings) std::cerr << "lsearch: note: " << warning << '\n';
        if (response.relaxed) {
            std::cout << "No article has every word; showing articles with some of them.\n\n";
        }
        for (const auto& hit : response.hits) {
            const std::string title = hit.title.empty() ? "(untitled: " + hit.id + ")" : hit.title;
            std::cout << hit.rank << ". " << style(title, "\033[1m") << '\n';
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
            if (!meta.empty()) std::cout << "   " << style(meta, "\033[2m") << '\n';
            if (!hit.snippet.text.empty()) std::cout << "   " << highlighted(hit.snippet) << '\n';
            std::cout << "   " << style(hit.id + (hit.url.empty() ? "" : "  " + hit.url), "\033[2m")
                      << "\n\n";
        }
        const std::size_t first = response.hits.empty() ? 0 : response.hits.front().rank;
        const std::size_t last = response.hits.empty() ? 0 : response.hits.back().rank;
        // An estimated total (more matches than were counted) says so.
        const std::string total =
            (response.total_exact ? "" : "about ") + std::to_string(response.total) +
            (response.total == 1 && response.total_exact ? " result" : " results");
        if (response.total == 0) {
            std::cout << "No article matches \"" << response.query << "\".\n";
        } else if (response.hits.empty()) {
            std::cout << total << "; none at offset " << response.offset << ".\n";
        } else {
            std::cout << total << ", showing " << first << "-" << last << ".\n";
        }
        print_facet("Companies", response.facets.company);
        print_facet("Years", response.facets.year);
        print_facet("Sources", response.facets.source);
        if (!response.facets_exact) {
            std::cout << "(Counts estimated from the first matches; --count-limit counts more.)\n";
        }
        if (!response.suggestion.empty()) {
            std::cout << "Did you mean: " << style(response.suggestion, "\033[1m") << "?\n";
        }
    }

  private:
    std::string style(const std::string& text, const char* code) const {
        return styled_ ? code + text + "\033[0m" : text;
    }

    std::string highlighted(const lsearch::Snippet& snippet) const {
        if (!styled_) return snippet.text;
        std::string out;
        std::size_t at = 0;
        for (const auto& h : snippet.highlights) {
            out += snippet.text.substr(at, h.begin - at);
            out += style(snippet.text.substr(h.begin, h.end - h.begin), "\033[1;33m");
            at = h.end;
        }
        return out + snippet.text.substr(at);
    }

    static void print_facet(const char* name, const std::vector<lsearch::FacetValue>& values) {
        if (values.empty()) return;
        std::cout << name << ": ";
        for (std::size_t i = 0; i < values.size(); ++i) {
            std::cout << (i == 0 ? "" : ", ") << values[i].value << " (" << values[i].count << ")";
        }
        std::cout << '\n';
    }

    bool styled_;
};

// One query per line in, one JSON object per line out, flushed; a query that
// cannot be read gets an object with "error" and the position, a query the
// index could not answer (it was deleted, say) one with "error" only, and
// the next line is read as usual: exit status 2 at the end after such errors.
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

int main(int argc, char** argv) {
    try {
        const auto options = parse_options(argc, argv);
        if (!options) return 0;
        lsearch::Searcher searcher(options->db);
        if (options->batch) return run_batch(searcher, options->request);
        const lsearch::SearchResponse response = searcher.search(options->request);
        if (options->format == Format::Json) {
            std::cout << lsearch::to_json(response) << '\n';
        } else {
            const bool styled = isatty(1) != 0 && std::getenv("NO_COLOR") == nullptr;
            TextPrinter(styled).print(response);
        }
        return response.total > 0 ? 0 : 1;
    } catch (const UsageError& e) {
        std::cerr << "lsearch: " << e.what() << " (see lsearch --help)\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "lsearch: " << e.what() << '\n';
        return 2;
    }
}
