#include "lsearch/searcher.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_set>

#include <sys/stat.h>

#include <xapian.h>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/stored.h"
#include "lsearch/common/gazetteer.h"
#include "lsearch/common/schema.h"
#include "lsearch/common/synonyms.h"
#include "lsearch/common/terms.h"
#include "facets.h"
#include "query_ast.h"
#include "query_builder.h"
#include "rerank.h"
#include "snippet.h"
#include "worker.h"

namespace lsearch {
namespace {

// Times a search is retried when the index changes under it.
constexpr int kModifiedRetries = 3;
// "Did you mean" suggests words at most this many edits away.
constexpr unsigned kMaxEditDistance = 2;
// A word the index knows gets a "did you mean" when it is rare (in at most
// kRareWordHits documents), has at least kMinMisspellingLetters letters,
// and a word one edit away is in kMisspellingRatio times as many documents
// (misspelled()).
constexpr Xapian::doccount kMisspellingRatio = 100;
constexpr Xapian::doccount kRareWordHits = 20;
constexpr std::size_t kMinMisspellingLetters = 6;
// From this many words on, a query matches documents with any of its words
// (ranked by how many and how rare), not only those with all; so does a
// question, whatever its length (docs/RELEVANCE.md).
constexpr unsigned kLongQueryWords = 4;

// Whether a query's words are read as natural language rather than as a
// list of required words: a question, or a query of kLongQueryWords or more.
bool natural(const detail::BuiltQuery& built) {
    return built.question || built.terms.units >= kLongQueryWords;
}

// Whether a word the index does not know also looks for the one it knows in
// its place: when words may rank rather than filter.
bool ranks_by_any_word(const SearchRequest& request, const detail::BuiltQuery& built) {
    return request.match != MatchMode::All &&
           (request.match == MatchMode::Any || natural(built)) && !built.relaxed.empty();
}

// Which of a query's readings a search looks at (MatchMode).
struct MatchPlan {
    bool relaxed_first = false;  // search the relaxed query (any word) first
    bool tiered = false;         // ... with the documents with every word first
    bool fallback = false;       // search the strict query, then the relaxed one if it finds none
};

MatchPlan plan_match(const SearchRequest& request, const detail::BuiltQuery& built) {
    MatchPlan plan;
    if (built.relaxed.empty()) return plan;  // one reading only
    switch (request.match) {
        case MatchMode::All:
            break;
        case MatchMode::Any:
            plan.relaxed_first = true;
            break;
        case MatchMode::AllThenAny:
            // Natural language ranks by any word, documents with every word
            // first; in date order, only the documents with every word are
            // dated (else the newest with one word would come first).
            plan.relaxed_first = natural(built) && request.sort == SortOrder::Relevance;
            plan.tiered = plan.relaxed_first;
            plan.fallback = !plan.relaxed_first;
            break;
    }
    return plan;
}

[[noreturn]] void rethrow(const Xapian::Error& e, const std::string& path) {
    const std::string_view type = e.get_type();
    if (type == "NetworkError") {
        // Xapian names the remote database in the context: "remote:tcp(HOST:PORT)".
        std::string shard = e.get_context();
        if (shard.starts_with("remote:tcp(") && shard.ends_with(')')) {
            shard = shard.substr(11, shard.size() - 12);
        }
        std::string why = e.get_msg();
        if (e.get_error_string() != nullptr) why += std::string(": ") + e.get_error_string();
        throw IndexError("index " + path + ": shard " + (shard.empty() ? "(unknown)" : shard) +
                         " cannot be reached (" + why +
                         "); start its xapian-tcpsrv, or remove it from the stub "
                         "(docs/SCALING.md)");
    }
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

// How many hits past the page page_by_id() fetches first to see the end of a
// tie across the page's edge (duplicate articles tie in small groups). In
// relevance order a longer tie (a filter alone scores every match 0, a title
// word many alike) is sorted by id by Xapian, one pass more rather than a
// fetch twice as long each time.
constexpr Xapian::doccount kTieLookahead = 16;

// Whether two hits of an MSet rank equal: the same score and, in date
// order, the same date.
bool tied(const Xapian::MSetIterator& a, const Xapian::MSetIterator& b) {
    return a.get_sort_key() == b.get_sort_key() && a.get_weight() == b.get_weight();
}

// A score to 12 significant digits: shards add the same weights in another
// order (each builds its own tree of postlists), which changes the last bits.
double rounded(double score) {
    char text[32];
    std::snprintf(text, sizeof text, "%.12g", score);
    return std::strtod(text, nullptr);
}

// One hit of a page, in its final order: a document and its weight, as the
// rerank takes them.
using Ranked = detail::Scored;

// The hits of `matches` in [offset, offset + limit), ties by id. Xapian orders
// equal hits by document number, which differs between one database and the
// same documents in shards (and between two first builds), so equal hits are
// reordered here by their id (kIdSlot), read for the hits of a tie only.
// `matches` starts at offset - 1 (or 0) and holds a hit more than the page
// on each side, to see ties across the page's edges; when there is one, the
// whole tie is fetched again from the first hit on (`refetch(n)` gets the
// first n), unless that takes more than `most` hits: then nothing (the
// caller asks Xapian to sort by id instead).
template <typename Refetch>
std::optional<std::vector<Ranked>> page_by_id(Xapian::MSet& matches, Xapian::doccount offset,
                                              Xapian::doccount limit, Xapian::doccount most,
                                              const Refetch& refetch) {
    const Xapian::doccount end = offset + limit;
    auto at = [&](Xapian::doccount rank) { return matches[rank - matches.get_firstitem()]; };
    auto fetched = [&](Xapian::doccount rank) {
        return rank >= matches.get_firstitem() && rank - matches.get_firstitem() < matches.size();
    };
    const bool tie_before = offset > 0 && fetched(offset) && tied(at(offset - 1), at(offset));
    if (tie_before || (fetched(end) && tied(at(end - 1), at(end)))) {
        Xapian::doccount want = end + kTieLookahead;
        for (;;) {
            if (want > most) return std::nullopt;
            matches = refetch(want);
            if (matches.size() < want || !tied(at(end - 1), at(want - 1))) break;
            want *= 2;
        }
    }
    std::vector<Ranked> page;
    const Xapian::doccount first = matches.get_firstitem();
    const Xapian::doccount last = first + matches.size();  // one past the last fetched
    Xapian::doccount group = first;
    while (group < std::min(end, last)) {
        Xapian::doccount group_end = group + 1;
        while (group_end < last && tied(at(group), at(group_end))) ++group_end;
        if (group_end > offset) {
            std::vector<std::pair<std::string, Ranked>> hits;
            for (Xapian::doccount rank = group; rank < group_end; ++rank) {
                std::string id;  // a hit alone in its group keeps its place unread
                if (group_end - group > 1) id = at(rank).get_document().get_value(schema::kIdSlot);
                hits.emplace_back(std::move(id), Ranked{*at(rank), at(rank).get_weight()});
            }
            std::stable_sort(hits.begin(), hits.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            for (Xapian::doccount rank = group; rank < group_end; ++rank) {
                if (rank >= offset && rank < end) {
                    page.push_back(std::move(hits[rank - group].second));
                }
            }
        }
        group = group_end;
    }
    return page;
}

// Whether `path` is a stub file whose first database is a `remote` one (the
// database Xapian reads the spelling table from; docs/SCALING.md).
bool lists_remote_first(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) return false;
    const auto entries = detail::stub_entries(path);
    return !entries.empty() && entries.front().backend == "remote";
}

// The `limit` most frequent values.
std::vector<FacetValue> top_values(const std::map<std::string, std::uint64_t>& counts,
                                   std::size_t limit) {
    std::vector<FacetValue> values;
    for (const auto& [value, count] : counts) values.push_back({value, count});
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

namespace {

// What a count pass finds.
struct Counted {
    std::uint64_t total = 0;
    bool total_exact = true;
    bool facets_exact = true;
    Facets facets;
};

// The worker's task, on the searcher's second handle: the count pass of
// `query` (when there is one), then, when it `helps`, its share of the
// page's hits. A type of this file (a lambda in a member of the exported
// Searcher would export its type information with the library).
template <class Searching>
struct WorkerTask {
    Searching* searching;
    const SearchRequest* request;
    Counted* counted;
    std::shared_ptr<const Xapian::Query> query;
    bool helps;
    detail::SharedPage* shared;
    const std::vector<Ranked>* page;
    const detail::QueryTerms* terms;
    std::vector<Hit>* hits;

    void operator()() const {
        if (query) *counted = searching->count(searching->count_db, *request, *query);
        if (!helps) return;
        shared->wait();
        for (std::size_t i; (i = shared->take()) != detail::SharedPage::kNone;) {
            (*hits)[i] = Searching::make_hit(searching->count_db, (*page)[i], i, *request, *terms,
                                             *searching->worker_analyzer);
        }
    }
};

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
    // Whether the first database holds the spelling table and the
    // dictionary of `prefix*` (schema.h): not when the stub lists a shard
    // first, nor a remote database, whose spelling and synonym tables Xapian
    // 1.4 does not read (docs/SCALING.md).
    bool spelling = true;
    bool remote_first = false;
    // Whether any database is read over the network (no facet columns).
    bool remote = false;
    // The facet values of every document (facets.h), for the count pass:
    // read once the spies would have read about as many values one by one
    // (count()), then kept until the database changes.
    std::optional<detail::FacetColumns> columns;
    // Values the spies read one by one since the columns were last dropped:
    // the columns are loaded once this would reach the document count.
    double spied_values = 0;
    // For one local database: a second handle on it, at the same revision,
    // which the worker's count pass searches while `db` ranks the page, and
    // which the worker reads its share of the hits from (a Xapian object is
    // used by one thread at a time; so is an Analyzer: the worker has its own).
    Xapian::Database count_db;
    std::unique_ptr<Analyzer> worker_analyzer;
    bool parallel = false;  // count_db is usable: same database, same revision
    std::unique_ptr<detail::Worker> worker;
    bool reopen = false;  // a shard was unreachable: open the stub again
    std::mutex mutex;

    void open() {
        std::error_code error;
        if (!std::filesystem::exists(path, error)) {
            throw IndexNotFound("no index at " + path + "; build one with `lindex --db " + path +
                                " DIRECTORY` (or `lindex data` for the default index)");
        }
        // lindex removes the generation a stub named once it has published
        // the next one (after a grace): a stub that moved while the
        // database was being opened is read again.
        for (int attempt = 0;; ++attempt) {
            try {
                stub = stub_identity();
                remote_first = lists_remote_first(path);
                remote = remote_first || detail::reads_remote(path);
                columns.reset();
                spied_values = 0;
                db = Xapian::Database(path);
                load_metadata();
                sync_count_db(true);
                return;
            } catch (const Xapian::DatabaseError& e) {
                if (attempt >= 3 || stub_identity() == stub) rethrow(e, path);
            } catch (const Xapian::Error& e) {
                rethrow(e, path);
            }
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
        if (reopen || stub_identity() != stub) {
            reopen = false;
            open();
        } else {
            const bool moved = db.reopen();
            if (moved) {
                columns.reset();
                spied_values = 0;
                load_metadata();
            }
            // A handle does not move by itself: count_db is reopened when
            // db moved, or when it lagged behind (each reopen reads the
            // version file: a few system calls a query saved).
            if (moved || !parallel) sync_count_db(false);
        }
    }

    // Opens (`fresh`) or reopens count_db, and says whether it is the same
    // database as `db` at the same revision (a commit may fall between the
    // two: the count then runs on `db`, after the page, until they agree).
    void sync_count_db(bool fresh) {
        parallel = false;
        if (remote || db.size() != 1) return;
        if (fresh) {
            count_db = Xapian::Database(path);
        } else {
            count_db.reopen();
        }
        parallel = count_db.size() == 1 && count_db.get_uuid() == db.get_uuid() &&
                   count_db.get_revision() == db.get_revision();
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
        spelling = !remote_first &&
                   db.get_metadata(std::string(schema::kRoleKey)) != schema::kShardRole;
    }

    // `prefix*` expanded here, over every shard at once: Xapian's OP_WILDCARD
    // expands in each shard on its own, with each shard's most frequent
    // terms and statistics, so that shards would rank unlike one database.
    // The index keeps a word's stem, not the word (terms.h): the words that
    // start with the prefix are found in the dictionary (the synonym table:
    // schema.h) and looked for through their stems; numbers and stop words,
    // kept as written, and stems that start with the prefix are found among
    // the terms.
    Xapian::Query expand(const std::string& field, const std::string& folded, bool words,
                         unsigned limit) {
        std::vector<std::pair<Xapian::doccount, std::string>> terms;
        std::unordered_set<std::string> seen;
        const auto add_term = [&](std::string term, Xapian::doccount frequency) {
            if (frequency != 0 && seen.insert(term).second) {
                terms.emplace_back(frequency, std::move(term));
            }
        };
        const auto add_terms_from = [&](const std::string& pattern) {
            for (auto it = db.allterms_begin(pattern); it != db.allterms_end(pattern); ++it)
                add_term(*it, it.get_termfreq());
        };
        add_terms_from(field + folded);
        if (words) {
            const std::string stem_prefix = std::string(schema::kStemPrefix) + field;
            add_terms_from(stem_prefix + folded);
            if (spelling) {  // the dictionary lives beside the spelling table
                try {
                    for (auto word = db.synonym_keys_begin(folded);
                         word != db.synonym_keys_end(folded); ++word) {
                        for (auto stem = db.synonyms_begin(*word); stem != db.synonyms_end(*word);
                             ++stem) {
                            std::string term = stem_prefix + *stem;
                            if (seen.count(term) == 0) add_term(term, db.get_termfreq(term));
                        }
                    }
                } catch (const Xapian::UnimplementedError&) {
                    // A backend without a synonym table: the stems only.
                }
            }
        }
        // The most frequent; among equals, the first in term order.
        const auto kept = std::min<std::size_t>(limit, terms.size());
        std::partial_sort(terms.begin(), terms.begin() + static_cast<std::ptrdiff_t>(kept),
                          terms.end(), [](const auto& a, const auto& b) {
                              return a.first != b.first ? a.first > b.first : a.second < b.second;
                          });
        terms.resize(kept);
        // No term: a query that matches nothing, the pattern itself.
        if (terms.empty()) return Xapian::Query(field + folded);
        std::vector<Xapian::Query> queries;
        for (const auto& term : terms) queries.emplace_back(term.second);
        return Xapian::Query(Xapian::Query::OP_SYNONYM, queries.begin(), queries.end());
    }

    // The word the index knows in place of `token` when it knows none of
    // its forms, for the query to look for both (docs/RELEVANCE.md).
    std::string correction(const Token& token) {
        const std::string stem_prefix(schema::kStemPrefix);
        if (db.get_termfreq(terms::positional(token, "")) != 0 ||
            db.get_termfreq(stem_prefix + token.stem) != 0) {
            return {};
        }
        try {
            return db.get_spelling_suggestion(token.folded, kMaxEditDistance);
        } catch (const Xapian::UnimplementedError&) {
            return {};  // remote shards: suggest() says so
        }
    }

    // "Did you mean": the query with each word the index does not know
    // replaced by the closest word it does (Xapian's spelling table), and
    // each rare word by a close word far more frequent (misspelled()).
    void suggest(SearchResponse& response, const detail::BuiltQuery& built) {
        std::string suggestion = response.query;
        bool changed = false;
        std::size_t from = 0;
        for (const auto& word : built.words) {
            if (word.term.empty()) continue;
            const Xapian::doccount hits = db.get_termfreq(word.term);
            std::string better;
            if (hits != 0) {
                if (!spelling) continue;
                better = misspelled(word, hits);
            } else {
                if (!spelling) {
                    response.warnings.push_back(
                        remote_first
                            ? "no spelling suggestions: the index's stub lists a remote database "
                              "first, and Xapian reads no spelling table over the network (list a "
                              "local copy of the meta database first: docs/SCALING.md)"
                            : "no spelling suggestions: the index's stub does not list its meta "
                              "database first, and shards hold no spelling table "
                              "(docs/SCALING.md)");
                    return;
                }
                try {
                    better = db.get_spelling_suggestion(analyzer.key(word.text), kMaxEditDistance);
                } catch (const Xapian::UnimplementedError&) {
                    response.warnings.push_back(
                        "no spelling suggestions: the index's remote shards do not serve them");
                    return;
                }
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

    // The word to suggest in place of `word`, which the index knows in
    // `hits` documents, or "": a misspelling that made it into a few texts
    // (`gouvernment`, 3 documents of OrangeSum, `minsitre`, 4) is corrected
    // when a word one edit away (a transposition counts one) is
    // kMisspellingRatio times as frequent, and the word is rare and long
    // enough. On 400 rare words (1 to 20 documents) of OrangeSum drawn at
    // random, two edits suggested for 10% of them, mostly for names and
    // inflections (`uranus` -> `grands`, `blessent` -> `blessant`); these
    // bounds for 6% (24), a third of them real misspellings (`sepembre`,
    // `tourise`, `interractions`). Frequent words (`Macron`, `grève`, `vin`)
    // never get one. A suggestion never changes the results.
    std::string misspelled(const detail::QueryWord& word, Xapian::doccount hits) {
        if (hits > kRareWordHits) return {};
        const std::string key = analyzer.key(word.text);
        std::size_t letters = 0;
        for (const char c : key) {
            if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++letters;
        }
        if (letters < kMinMisspellingLetters) return {};
        std::string better;
        try {
            better = db.get_spelling_suggestion(key, 1);
        } catch (const Xapian::UnimplementedError&) {
            return {};
        }
        if (better.empty()) return {};
        const std::vector<Token> tokens = analyzer.analyze(better);
        if (tokens.size() != 1 || tokens.front().kind != TokenKind::Word) return {};
        const std::string term = terms::positional(tokens.front(), "");
        // The same word with other accents, or the same stem: nothing better.
        if (term == word.term || analyzer.key(better) == key) return {};
        if (db.get_termfreq(term) < kMisspellingRatio * hits) return {};
        return better;
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
        const bool by_date = request.sort == SortOrder::Date;
        // In relevance order, Xapian ranks equal scores by document number;
        // page_by_id() reorders them by id. Asking Xapian to sort by
        // relevance then kIdSlot would read the id of every candidate that
        // enters the page (a fifth of a plain query's reads from the file):
        // it is asked only for a tie too long to fetch (a filter alone
        // scores every match 0).
        if (by_date) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
        // The ranked pass only looks for the page (check_at_least 0): Xapian
        // then skips the documents whose best possible weight cannot enter
        // it. The total and the facets come from a pass of their own, below.
        // An offset at or past the last match gives an empty page; clamped
        // so that offset + limit cannot overflow Xapian's 32-bit counts.
        const auto offset = static_cast<Xapian::doccount>(
            std::min<std::size_t>(request.offset, db.get_doccount()));
        const auto limit = static_cast<Xapian::doccount>(request.limit);
        // In relevance order, how close together the query's words stand is
        // scored by the rerank of the best hits (rerank.h), which costs a
        // few dozen documents' position lists rather than OP_NEAR's on every
        // candidate; in date order, where it only orders hits of one date,
        // by the OP_NEAR bonus.
        const bool reranked = !by_date && built.positional.size() >= 2;
        const Xapian::doccount fetched =
            reranked ? std::max<Xapian::doccount>(offset + limit, detail::kRerankDepth) : 0;
        const MatchPlan plan = plan_match(request, built);
        const Xapian::Query* const searched_first =
            built.strict.empty() ? nullptr : (plan.relaxed_first ? &built.relaxed : &built.strict);
        // Tiers: the documents with every word get a constant more than any
        // document's BM25 weight and rerank bonus, so they rank first, then
        // those with some of the words; the constant is taken off the scores
        // shown. A power of two, so that adding and taking it off leaves a
        // score's 12 significant digits as they were.
        double tier_bonus = 0;
        if (plan.tiered && searched_first != nullptr) {
            Xapian::Enquire bound(db);
            bound.set_weighting_scheme(Xapian::BM25Weight());
            bound.set_query(reranked || built.proximity.empty()
                                ? built.relaxed
                                : Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.relaxed,
                                                built.proximity));
            const double most_bonus = detail::kPassageShare *
                                      static_cast<double>(built.positional.size()) *
                                      std::log(static_cast<double>(db.get_doccount()) + 2.0);
            tier_bonus = std::exp2(std::ceil(
                std::log2(bound.get_mset(0, 0).get_max_possible() + most_bonus + 1.0)));
        }
        // The worker, on one local database: the count pass of the query
        // searched first, while this thread ranks the page (on a copy of the
        // query: Xapian's reference counts are not atomic); then, with
        // snippets, it makes hits of the page with this thread, each taking
        // the next (a hit with its snippet costs some 35 µs of CPU: a page's
        // ten cost about what ranking it does).
        Counted counted;
        std::vector<Ranked> page;
        detail::SharedPage shared;
        std::future<void> working;
        const detail::Awaited awaited(working, shared);
        const bool count_on_worker = parallel && searched_first != nullptr;
        const bool helps = parallel && searched_first != nullptr && request.snippet_length > 0 &&
                           request.limit > 1;
        if (count_on_worker || helps) {
            std::shared_ptr<const Xapian::Query> own;
            if (count_on_worker) {
                own = std::make_shared<const Xapian::Query>(
                    Xapian::Query::unserialise(searched_first->serialise()));
            }
            if (!worker) worker = std::make_unique<detail::Worker>();
            if (helps && !worker_analyzer) worker_analyzer = std::make_unique<Analyzer>();
            working = worker->run(WorkerTask<Impl>{this, &request, &counted, std::move(own), helps,
                                                   &shared, &page, &built.terms, &response.hits});
        }
        // What the count pass counts: the query without its proximity part
        // and tiers.
        const Xapian::Query* searched = nullptr;
        auto mset = [&](const Xapian::Query& query) {
            Xapian::Query ranking = query;
            if (tier_bonus > 0 && &query == &built.relaxed) {
                ranking = Xapian::Query(
                    Xapian::Query::OP_AND_MAYBE, query,
                    Xapian::Query(Xapian::Query::OP_FILTER,
                                  Xapian::Query(
                                      (new Xapian::FixedWeightPostingSource(tier_bonus))->release()),
                                  built.strict));
            }
            if (!reranked && !built.proximity.empty()) {
                ranking = Xapian::Query(Xapian::Query::OP_AND_MAYBE, ranking, built.proximity);
            }
            enquire.set_query(ranking);
            searched = &query;
            // A hit more on each side of the page (of the reranked hits), for
            // page_by_id().
            if (reranked) return enquire.get_mset(0, fetched + 1);
            const Xapian::doccount first = offset > 0 ? offset - 1 : 0;
            return enquire.get_mset(first, limit + (offset - first) + 1);
        };
        Xapian::MSet matches;
        const auto refetch = [&](Xapian::doccount first_hits) {
            return enquire.get_mset(0, first_hits);
        };
        // The hits [from, from + count) by relevance, ties by id.
        const auto by_relevance = [&](Xapian::doccount from, Xapian::doccount count) {
            if (auto hits = page_by_id(matches, from, count, from + count + kTieLookahead, refetch)) {
                return std::move(*hits);
            }
            enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
            matches = enquire.get_mset(from, count);
            std::vector<Ranked> hits;
            for (auto it = matches.begin(); it != matches.end(); ++it)
                hits.push_back(Ranked{*it, it.get_weight()});
            return hits;
        };
        if (searched_first != nullptr) matches = mset(*searched_first);
        if (plan.fallback && matches.empty() && matches.get_matches_estimated() == 0) {
            matches = mset(built.relaxed);
            response.relaxed = matches.get_matches_estimated() > 0;
        }
        if (limit == 0) {
            // The total and the facets alone.
        } else if (by_date) {
            page = *page_by_id(matches, offset, limit, std::numeric_limits<Xapian::doccount>::max(),
                               refetch);
        } else if (reranked) {
            std::vector<Ranked> hits = by_relevance(0, fetched);
            detail::rerank(db, built.positional, hits, offset + limit);
            const std::size_t first = std::min<std::size_t>(offset, hits.size());
            const std::size_t last = std::min<std::size_t>(offset + limit, hits.size());
            page.assign(hits.begin() + static_cast<std::ptrdiff_t>(first),
                        hits.begin() + static_cast<std::ptrdiff_t>(last));
        } else {
            page = by_relevance(offset, limit);
        }
        if (tier_bonus > 0) {
            for (Ranked& hit : page) {
                if (hit.weight >= tier_bonus) hit.weight -= tier_bonus;
            }
        }
        // The relaxed query was searched first: whether it matched documents
        // without every word (after those with every word, when tiered).
        if (searched == &built.relaxed && !response.relaxed) {
            response.relaxed = has_partial_match(built);
        }
        response.hits.resize(page.size());
        shared.publish(page.size());
        for (std::size_t i; (i = shared.take()) != detail::SharedPage::kNone;) {
            response.hits[i] = make_hit(db, page[i], i, request, built.terms, analyzer);
        }

        suggest(response, built);

        // The worker's hits are made, and its count done (or its exception
        // rethrown).
        if (working.valid()) working.get();
        if (searched != nullptr && !searched->empty()) {
            // The worker counted the query searched first: counted here
            // without it, or when the strict query found nothing and the
            // relaxed one was searched instead.
            if (!count_on_worker || searched != searched_first) {
                counted = count(db, request, *searched);
            }
            response.total = counted.total;
            response.total_exact = counted.total_exact;
            response.facets_exact = counted.facets_exact;
            response.facets = std::move(counted.facets);
        }
        return response;
    }

    // Whether some document matches `built.relaxed` without matching
    // `built.strict`: one match looked for, unweighted.
    bool has_partial_match(const detail::BuiltQuery& built) {
        Xapian::Enquire probe(db);
        probe.set_weighting_scheme(Xapian::BoolWeight());
        probe.set_docid_order(Xapian::Enquire::DONT_CARE);
        probe.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, built.relaxed, built.strict));
        return !probe.get_mset(0, 1).empty();
    }

    // Hit `i` of the page, `ranked`: its record, and its snippet made with
    // `words`, read from `on` (the searcher's database, or the worker's
    // handle on it).
    static Hit make_hit(const Xapian::Database& on, const Ranked& ranked, std::size_t i,
                        const SearchRequest& request, const detail::QueryTerms& terms,
                        Analyzer& words) {
        const Xapian::Document document = on.get_document(ranked.document, Xapian::DOC_ASSUME_VALID);
        // The record alone; the body only for a snippet.
        Article article = from_record(document.get_value(schema::kRecordSlot));
        Hit hit;
        hit.rank = request.offset + i + 1;
        hit.id = std::move(article.id);
        hit.title = std::move(article.title);
        hit.url = std::move(article.url);
        hit.date = std::move(article.date);
        hit.source = std::move(article.source);
        hit.companies = std::move(article.companies);
        hit.score = rounded(ranked.weight);
        if (request.snippet_length > 0) {
            hit.snippet = detail::make_snippet(
                from_stored_body(document.get_value(schema::kBodySlot)), terms, words,
                request.snippet_length);
        }
        return hit;
    }

    // The total and, with request.facets, the facets of `query`'s matches,
    // from a pass of their own: unweighted (BoolWeight), without the
    // weight-only right side of a top OP_AND_MAYBE (an accented word's
    // exact-form share: it adds weight, never a match; the proximity bonus
    // is never in `query`), unsorted and without hits, so that Xapian only
    // finds the matches. It counts every match, or with a count_limit N the
    // first N (and looks for one more, to know whether there are more): the
    // total is then N and a lower bound, the facet counts lower bounds over
    // the matches counted, and the response says so. Never scaled: a user
    // trusts a count only if it is either exact or says what it is. A pass of
    // its own also because over remote shards, Xapian 1.4 miscounts a match
    // spy when the match is sorted and cut to a page (a few documents counted
    // twice).
    //
    // On a local index the matches' values come from the facet columns
    // (facets.h): the pass asks for the matches' document numbers (in the
    // searched database's numbering, which a match spy does not see over
    // several databases) and counts them there. Otherwise, one Xapian
    // ValueCountMatchSpy per value slot reads the values match by match.
    Counted count(const Xapian::Database& on, const SearchRequest& request,
                  const Xapian::Query& query) {
        Xapian::Query matching = query;
        while (matching.get_type() == Xapian::Query::OP_AND_MAYBE)
            matching = matching.get_subquery(0);
        // The matches counted at most; Xapian is asked to look at one more,
        // to know whether there are more.
        const Xapian::doccount most = static_cast<Xapian::doccount>(std::min<std::size_t>(
            request.count_limit == SearchRequest::kNoCountLimit ? on.get_doccount()
                                                                : request.count_limit,
            std::numeric_limits<Xapian::doccount>::max() - 1));
        // Read the columns once the spies would have read, over the queries
        // since the database last changed, as many values (matches times
        // slots) as loading the columns reads: a one-off narrow query keeps
        // the spies, a searcher that lives pays at most twice the load.
        // (Xapian's estimate, weighted: see the BoolWeight failure below.)
        const double values_per_match = 2.0 + company_slots;
        if (request.facets && !columns && !remote) {
            Xapian::Enquire estimate(on);
            estimate.set_query(matching);
            const double expected =
                static_cast<double>(std::min<Xapian::doccount>(
                    estimate.get_mset(0, 0).get_matches_estimated(), most + 1)) *
                values_per_match;
            if (spied_values + expected >= static_cast<double>(on.get_lastdocid())) {
                columns = detail::FacetColumns::load(on, company_slots);
            }
        }
        // Year, source, then one spy per company slot.
        std::vector<Xapian::valueno> slots = {schema::kYearSlot, schema::kSourceSlot};
        for (unsigned i = 0; i < company_slots; ++i)
            slots.push_back(schema::kFirstCompanySlot + i);
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
        std::optional<detail::FacetColumns::Tally> tally;
        detail::TallySpy tally_spy;
        detail::CappedSpy capped;
        // One database: a spy sees the searched database's numbers, and
        // costs less than a match set of the document numbers.
        const bool spied = on.size() == 1;
        auto pass = [&](const Xapian::Weight& weight) {
            Xapian::Enquire enquire(on);
            enquire.set_weighting_scheme(weight);
            enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
            enquire.set_query(matching);
            if (!request.facets) return enquire.get_mset(0, 0, most + 1);
            if (columns) {
                tally.emplace(*columns);
                if (!spied) return enquire.get_mset(0, most + 1, most + 1);
                tally_spy.seen = 0;
                tally_spy.tally = &*tally;
                tally_spy.most = most;
                enquire.add_matchspy(&tally_spy);
                return enquire.get_mset(0, 0, most + 1);
            }
            spies.clear();
            capped.spies.clear();
            capped.seen = 0;
            capped.most = most;
            for (Xapian::valueno slot : slots) {
                spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
                // Over the network a spy must be Xapian's own (serialised to
                // the server): not capped there.
                if (remote) {
                    enquire.add_matchspy(spies.back().get());
                } else {
                    capped.spies.push_back(spies.back().get());
                }
            }
            if (!remote) enquire.add_matchspy(&capped);
            return enquire.get_mset(0, 0, most + 1);
        };
        Xapian::MSet counted;
        try {
            counted = pass(Xapian::BoolWeight());
        } catch (const Xapian::DatabaseCorruptError&) {
            // Unweighted, Xapian 1.4.22 fails on a term every document has
            // once documents were deleted ("Unexpected end of posting list";
            // weighted, it reads the same list): counted again weighted.
            counted = pass(Xapian::BM25Weight());
        }
        // Matches shown to the count (and counted in the facets, the first
        // `most` of them).
        std::uint64_t seen = counted.get_matches_lower_bound();
        detail::FacetCounts years, sources, companies;
        if (request.facets && columns) {
            if (!spied) {
                Xapian::doccount n = 0;
                for (auto it = counted.begin(); it != counted.end() && n < most; ++it, ++n)
                    tally->add(*it);
                seen = std::max<std::uint64_t>(seen, counted.size());
            } else {
                seen = tally_spy.seen;
            }
            years = tally->years();
            sources = tally->sources();
            companies = tally->companies();
        } else if (request.facets) {
            seen = remote ? spies.front()->get_total() : capped.seen;
            spied_values += static_cast<double>(std::min<std::uint64_t>(seen, most)) *
                            values_per_match;
            add_counts(*spies[0], years);
            add_counts(*spies[1], sources);
            for (std::size_t i = 2; i < spies.size(); ++i)
                add_counts(*spies[i], companies);
        }
        Counted result;
        if (counted.get_matches_lower_bound() == counted.get_matches_upper_bound()) {
            // Xapian knows the count: it looked at every match, or knows
            // it anyway (a one-word query: its term's frequency).
            result.total = counted.get_matches_lower_bound();
            result.total_exact = true;
        } else if (seen <= most) {
            result.total = seen;
            result.total_exact = true;
        } else {
            result.total = most;  // there are more than `most`
            result.total_exact = false;
        }
        // Facets over every match, or over the first `most` of them (each
        // count then a lower bound; over remote shards, over those the
        // spies were shown).
        result.facets_exact = !request.facets || seen <= most;
        result.facets.year = top_values(years, request.facet_values);
        result.facets.source = top_values(sources, request.facet_values);
        result.facets.company = top_values(companies, request.facet_values);
        return result;
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
            const detail::WildcardExpander expand =
                [this](const std::string& field, const std::string& folded, bool words,
                       unsigned limit) { return impl_->expand(field, folded, words, limit); };
            // Words that rank rather than filter are read tolerantly: a word
            // the index does not know also looks for the one it knows in its
            // place. Keywords keep their exact meaning and a "did you mean".
            // Whether the words rank is only known once the query is built,
            // so it is built with corrections, and again without in the rare
            // case of a keyword query that needed one.
            bool corrected = false;
            detail::BuiltQuery built = detail::build_query(
                parsed.root, impl_->analyzer, impl_->gazetteer, impl_->synonyms, expand,
                [this, &corrected](const Token& token) {
                    std::string better = impl_->correction(token);
                    corrected = corrected || !better.empty();
                    return better;
                });
            if (corrected && !ranks_by_any_word(request, built)) {
                built = detail::build_query(parsed.root, impl_->analyzer, impl_->gazetteer,
                                            impl_->synonyms, expand);
            }
            return impl_->run(request, parsed, built);
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= kModifiedRetries) {
                throw IndexError("index " + impl_->path +
                                 " keeps changing during the search; try again");
            }
            impl_->open();
        } catch (const Xapian::NetworkError& e) {
            // A connection lost during a search names no shard: connecting
            // again names the one that is down (open() throws), or finds it
            // back, and the search is retried.
            impl_->reopen = true;
            if (attempt >= kModifiedRetries) rethrow(e, impl_->path);
            impl_->open();
            impl_->reopen = false;
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
