#include "lsearch/searcher.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <mutex>

#include <sys/stat.h>

#include <xapian.h>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/article.h"
#include "lsearch/common/gazetteer.h"
#include "lsearch/common/schema.h"
#include "lsearch/common/synonyms.h"
#include "query_ast.h"
#include "query_builder.h"
#include "snippet.h"

namespace lsearch {
namespace {

// Times a search is retried when the index changes under it.
constexpr int kModifiedRetries = 3;
// "Did you mean" suggests words at most this many edits away.
constexpr unsigned kMaxEditDistance = 2;
// From this many words on, a query matches documents with any of its words
// (ranked by how many and how rare), not only those with all; so does a
// question, whatever its length (docs/RELEVANCE.md).
constexpr unsigned kLongQueryWords = 4;

// Whether documents are ranked by any of the query's words rather than
// first filtered by all. A question or a long query is natural language, not
// a list of required words: its words rank documents rather than filter them.
bool ranks_by_any_word(const SearchRequest& request, const detail::BuiltQuery& built) {
    const bool natural = built.question || built.terms.units >= kLongQueryWords;
    return (request.match == MatchMode::Any || natural) && !built.relaxed.empty();
}

[[noreturn]] void rethrow(const Xapian::Error& e, const std::string& path) {
    const std::string_view type = e.get_type();
    if (type == "DatabaseNotFoundError" || type == "DatabaseOpeningError") {
        throw IndexNotFound("no index at " + path + " (" + e.get_msg() +
                            "); build one with `lindex --db " + path + " DIRECTORY`");
    }
    if (type == "DatabaseVersionError") {
        throw IndexVersionMismatch("index " + path + ": " + e.get_description() +
                                   "; rebuild it with `lindex --full`");
    }
    throw IndexError("index " + path + ": " + e.get_description());
}

std::vector<FacetValue> top_values(const std::map<std::string, std::uint64_t>& counts,
                                   std::size_t limit) {
    std::vector<FacetValue> values;
    for (const auto& [value, count] : counts)
        values.push_back({value, count});
    std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (values.size() > limit) values.resize(limit);
    return values;
}

void add_counts(const Xapian::ValueCountMatchSpy& spy,
                std::map<std::string, std::uint64_t>& counts) {
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        counts[*it] += it.get_termfreq();
    }
}

}  // namespace

struct Searcher::Impl {
    std::string path;
    Xapian::Database db;
    // Identity of the stub lindex renames over on `--full` (see
    // indexer/src/layout.h): when it changes, the index was swapped and
    // must be opened again, not just reopened.
    std::pair<ino_t, std::int64_t> stub{0, 0};
    Analyzer analyzer;
    Gazetteer gazetteer;
    Synonyms synonyms;
    unsigned company_slots = 0;
    std::mutex mutex;

    void open() {
        std::error_code error;
        if (!std::filesystem::exists(path, error)) {
            throw IndexNotFound("no index at " + path + "; build one with `lindex --db " + path +
                                " DIRECTORY` (or `lindex data` for the default index)");
        }
        try {
            stub = stub_identity();
            db = Xapian::Database(path);
            load_metadata();
        } catch (const Xapian::Error& e) {
            rethrow(e, path);
        }
    }

    [[nodiscard]] std::pair<ino_t, std::int64_t> stub_identity() const {
        struct stat info {};
        if (::stat((path + "/XAPIANDB").c_str(), &info) != 0) return {0, 0};
        return {info.st_ino,
                static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec};
    }

    // Sees lindex's latest commit; cheap when nothing changed.
    void refresh() {
        if (stub_identity() != stub) {
            open();
        } else if (db.reopen()) {
            load_metadata();
        }
    }

    // Version check, and what the indexer recorded for queries and facets.
    void load_metadata() {
        const std::string format = db.get_metadata(std::string(schema::kFormatKey));
        const std::string analyzer_version = db.get_metadata(std::string(schema::kAnalyzerKey));
        if (format.empty()) {
            if (db.get_doccount() > 0) {
                throw IndexVersionMismatch("index " + path + " was not written by lindex");
            }
        } else if (format != std::to_string(schema::kFormatVersion) ||
                   analyzer_version != std::to_string(Analyzer::kVersion)) {
            throw IndexVersionMismatch("index " + path + " has format " + format + ", analyzer " +
                                       analyzer_version + "; this lsearch reads format " +
                                       std::to_string(schema::kFormatVersion) + ", analyzer " +
                                       std::to_string(Analyzer::kVersion) +
                                       ": rebuild it with `lindex --full`");
        }
        const std::string slots = db.get_metadata(std::string(schema::kCompanySlotsKey));
        company_slots = slots.empty() ? 0 : static_cast<unsigned>(std::stoul(slots));
        company_slots = std::min<unsigned>(company_slots, schema::kMaxCompanies);
        gazetteer =
            Gazetteer::deserialize(db.get_metadata(std::string(schema::kCompanyAliasesKey)));
        synonyms = Synonyms::deserialize(db.get_metadata(std::string(schema::kSynonymsKey)));
    }

    // The word the index knows in place of `token` when it knows none of
    // its forms, for the query to look for both (docs/RELEVANCE.md).
    std::string correction(const Token& token) {
        const std::string stem_prefix(schema::kStemPrefix);
        if (db.get_termfreq(token.folded) != 0 || db.get_termfreq(stem_prefix + token.stem) != 0 ||
            db.get_termfreq(stem_prefix + token.folded_stem) != 0) {
            return {};
        }
        try {
            return db.get_spelling_suggestion(token.folded, kMaxEditDistance);
        } catch (const Xapian::UnimplementedError&) {
            return {};  // remote shards: suggest() says so
        }
    }

    // "Did you mean": the query with each word the index does not know
    // replaced by the closest word it does (Xapian's spelling table).
    void suggest(SearchResponse& response, const detail::BuiltQuery& built) {
        std::string suggestion = response.query;
        bool changed = false;
        std::size_t from = 0;
        for (const auto& word : built.words) {
            if (word.folded.empty() || db.get_termfreq(word.folded) != 0) continue;
            std::string better;
            try {
                better = db.get_spelling_suggestion(analyzer.key(word.text), kMaxEditDistance);
            } catch (const Xapian::UnimplementedError&) {
                response.warnings.push_back(
                    "no spelling suggestions: the index's remote shards do not serve them");
                return;
            }
            const std::size_t at = suggestion.find(word.text, from);
            if (better.empty() || at == std::string::npos) continue;
            // Keep a capital the user typed: `Amazn` -> `Amazon`.
            if (std::isupper(static_cast<unsigned char>(word.text.front())) != 0) {
                better.front() =
                    static_cast<char>(std::toupper(static_cast<unsigned char>(better.front())));
            }
            suggestion.replace(at, word.text.size(), better);
            from = at + better.size();
            changed = true;
        }
        if (changed) response.suggestion = std::move(suggestion);
    }

    SearchResponse run(const SearchRequest& request, const detail::ParsedQuery& parsed,
                       const detail::BuiltQuery& built) {
        SearchResponse response;
        response.query = request.query;
        response.offset = request.offset;
        response.limit = request.limit;
        response.warnings = parsed.warnings;

        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        if (request.sort == SortOrder::Date) {
            enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
        }
        // Year, source, then one spy per company slot.
        std::vector<Xapian::valueno> slots;
        if (request.facets) {
            slots = {schema::kYearSlot, schema::kSourceSlot};
            for (unsigned i = 0; i < company_slots; ++i)
                slots.push_back(schema::kFirstCompanySlot + i);
        }
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
        auto reset_spies = [&] {
            enquire.clear_matchspies();
            spies.clear();
            for (Xapian::valueno slot : slots) {
                spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
                enquire.add_matchspy(spies.back().get());
            }
        };
        reset_spies();
        // Facets count the whole match set, so every match must be seen.
        const Xapian::doccount check_at_least = request.facets ? db.get_doccount() : 0;

        auto mset = [&](const Xapian::Query& query) {
            enquire.set_query(query);
            return enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                    static_cast<Xapian::doccount>(request.limit), check_at_least);
        };
        Xapian::MSet matches;
        const bool any = ranks_by_any_word(request, built);
        if (!built.strict.empty()) matches = mset(any ? built.relaxed : built.strict);
        if (!any && matches.empty() && matches.get_matches_estimated() == 0 &&
            !built.relaxed.empty()) {
            reset_spies();
            matches = mset(built.relaxed);
            response.relaxed = matches.get_matches_estimated() > 0;
        }
        response.total = matches.get_matches_estimated();

        std::size_t rank = request.offset;
        for (auto it = matches.begin(); it != matches.end(); ++it) {
            Article article = from_stored(it.get_document().get_data());
            Hit hit;
            hit.rank = ++rank;
            hit.id = std::move(article.id);
            hit.title = std::move(article.title);
            hit.url = std::move(article.url);
            hit.date = std::move(article.date);
            hit.source = std::move(article.source);
            hit.companies = std::move(article.companies);
            hit.score = it.get_weight();
            hit.snippet =
                detail::make_snippet(article.body, built.terms, analyzer, request.snippet_length);
            response.hits.push_back(std::move(hit));
        }

        suggest(response, built);

        if (request.facets && !spies.empty()) {
            std::map<std::string, std::uint64_t> years, sources, companies;
            add_counts(*spies[0], years);
            add_counts(*spies[1], sources);
            for (std::size_t i = 2; i < spies.size(); ++i)
                add_counts(*spies[i], companies);
            response.facets.year = top_values(years, request.facet_values);
            response.facets.source = top_values(sources, request.facet_values);
            response.facets.company = top_values(companies, request.facet_values);
        }
        return response;
    }
};

Searcher::Searcher(const std::string& path) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->open();
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResponse Searcher::search(const SearchRequest& request) {
    if (request.limit > SearchRequest::kMaxLimit) {
        throw InvalidArgument("limit " + std::to_string(request.limit) + " is over the maximum " +
                              std::to_string(SearchRequest::kMaxLimit));
    }
    std::lock_guard lock(impl_->mutex);
    const detail::ParsedQuery parsed = detail::parse_query(request.query);
    for (int attempt = 0;; ++attempt) {
        try {
            impl_->refresh();
            detail::BuiltQuery built = detail::build_query(parsed.root, impl_->analyzer,
                                                           impl_->gazetteer, impl_->synonyms);
            // Words that rank rather than filter are read tolerantly: a word
            // the index does not know also looks for the one it knows in its
            // place. Keywords keep their exact meaning and a "did you mean".
            if (ranks_by_any_word(request, built)) {
                built = detail::build_query(
                    parsed.root, impl_->analyzer, impl_->gazetteer, impl_->synonyms,
                    [this](const Token& token) { return impl_->correction(token); });
            }
            return impl_->run(request, parsed, built);
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= kModifiedRetries) {
                throw IndexError("index " + impl_->path +
                                 " keeps changing during the search; try again");
            }
            impl_->open();
        } catch (const Xapian::Error& e) {
            rethrow(e, impl_->path);
        }
    }
}

std::uint64_t Searcher::document_count() {
    std::lock_guard lock(impl_->mutex);
    try {
        impl_->refresh();
        return impl_->db.get_doccount();
    } catch (const Xapian::Error& e) {
        rethrow(e, impl_->path);
    }
}

}  // namespace lsearch
