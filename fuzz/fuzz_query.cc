// libFuzzer target: arbitrary bytes as a query, through the parser and then
// the whole search. Fails (aborts) when:
// - parse_query throws anything but QuerySyntaxError, or one whose position
//   lies past the query; or returns a tree with a node positioned past the
//   query, or another tree for the same bytes a second time;
// - Searcher::search, on a small index of tests/data/corpus built once at
//   start (with the gazetteer and synonyms of data/), throws anything but
//   QuerySyntaxError (build_query, Xapian, snippets, facets, "did you mean");
// - a response is inconsistent: more hits than the limit, ranks out of
//   order, a highlight outside its snippet, reversed, overlapping the one
//   before or cutting a UTF-8 sequence.
// See fuzz/README.md.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "input.h"
#include "lsearch/common/analyzer.h"
#include "lsearch/common/error.h"
#include "lsearch/indexer.h"
#include "lsearch/searcher.h"
#include "query_ast.h"

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "fuzz_query: %s\n", what.c_str());
    std::abort();
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

// The index every input is searched in, removed at exit.
struct TestIndex {
    fs::path dir;
    std::unique_ptr<lsearch::Searcher> searcher;

    TestIndex() {
        std::string pattern = (fs::temp_directory_path() / "fuzz-query-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) fail("cannot create a temporary directory");
        dir = pattern;
        const fs::path source = LSEARCH_FUZZ_SOURCE_DIR;
        lsearch::IndexerOptions options;
        options.db_path = (dir / "index").string();
        options.companies_path = (source / "data" / "companies.tsv").string();
        options.synonyms_path = (source / "data" / "synonyms.tsv").string();
        {
            lsearch::Indexer indexer(options);
            for (const auto& entry :
                 fs::directory_iterator(source / "tests/data/corpus/articles")) {
                const std::string name = entry.path().filename().string();
                indexer.add(lsearch::detail::parse_article_file(
                    read_file(entry.path()), entry.path().stem().string(), name));
            }
            indexer.publish();
        }
        searcher = std::make_unique<lsearch::Searcher>(options.db_path);
        if (searcher->document_count() == 0) fail("the test index is empty");
    }
    ~TestIndex() {
        searcher.reset();
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    TestIndex(const TestIndex&) = delete;
    TestIndex& operator=(const TestIndex&) = delete;
};

void check_positions(const lsearch::detail::QueryNode& node, std::size_t size) {
    if (node.position > size) fail("a node's position is past the query");
    for (const auto& child : node.children)
        check_positions(child, size);
    for (const auto& child : node.required)
        check_positions(child, size);
    for (const auto& child : node.excluded)
        check_positions(child, size);
}

bool continuation(const std::string& text, std::size_t at) {
    return at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0U) == 0x80U;
}

void check_response(const lsearch::SearchRequest& request,
                    const lsearch::SearchResponse& response) {
    if (response.hits.size() > request.limit) fail("more hits than the limit");
    if (response.total < response.hits.size()) fail("total below the number of hits");
    std::size_t rank = request.offset;
    for (const auto& hit : response.hits) {
        if (hit.rank != ++rank) fail("ranks out of order");
        const std::string& text = hit.snippet.text;
        std::size_t previous_end = 0;
        for (const auto& h : hit.snippet.highlights) {
            if (h.begin >= h.end || h.end > text.size()) fail("highlight outside the snippet");
            if (h.begin < previous_end) fail("highlights overlap or are out of order");
            if (continuation(text, h.begin) || continuation(text, h.end)) {
                fail("highlight cuts a UTF-8 sequence");
            }
            previous_end = h.end;
        }
    }
}

void search(lsearch::Searcher& searcher, const lsearch::SearchRequest& request) {
    try {
        check_response(request, searcher.search(request));
    } catch (const lsearch::QuerySyntaxError&) {
        // A query that cannot be read: refused, as documented.
    } catch (const std::exception& e) {
        fail(std::string("search threw: ") + e.what());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static TestIndex index;
    const std::string query(reinterpret_cast<const char*>(data), size);

    try {
        const lsearch::detail::ParsedQuery parsed = lsearch::detail::parse_query(query);
        check_positions(parsed.root, query.size());
        const std::string tree = lsearch::detail::describe(parsed.root);
        if (lsearch::detail::describe(lsearch::detail::parse_query(query).root) != tree) {
            fail("a second parse differs");
        }
    } catch (const lsearch::QuerySyntaxError& e) {
        if (e.position() > query.size()) fail("error position past the query");
    } catch (const std::exception& e) {
        fail(std::string("parse_query threw: ") + e.what());
    }

    lsearch::SearchRequest request;
    request.query = query;
    search(*index.searcher, request);
    // The other options: another sort, relaxed matching, paging, no facets.
    request.sort = lsearch::SortOrder::Date;
    request.match = lsearch::MatchMode::Any;
    request.offset = 1;
    request.limit = 3;
    request.facets = false;
    request.snippet_length = 40;
    search(*index.searcher, request);
    return 0;
}
