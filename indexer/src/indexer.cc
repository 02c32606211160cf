#include "lsearch/indexer.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include <xapian.h>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/gazetteer.h"
#include "lsearch/common/schema.h"
#include "lsearch/common/stored.h"
#include "lsearch/common/synonyms.h"
#include "lsearch/common/terms.h"
#include "bulk.h"
#include "layout.h"
#include "shards.h"
#include "spellings.h"

namespace lsearch {
namespace {

using detail::fnv1a;

// Xapian refuses terms over 245 bytes; longer words are junk (URLs, base64).
constexpr std::size_t kMaxTermBytes = 200;
constexpr std::size_t kMaxIdBytes = 200;
constexpr std::size_t kMaxSpellingBytes = 40;
// Positions between the title and the body, so that no phrase spans both.
constexpr std::uint32_t kTitleBodyGap = 100;

std::string hex(std::uint64_t value) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string id_term(std::string_view id) { return std::string(schema::kIdPrefix).append(id); }

// Adds the terms of `tokens` for one field (terms.h): a stemmed word's folded
// stem with positions, its accented stem and, in the body, its accented form
// without; a number's or stop word's folded form with positions. `wdf`
// weighs the field.
void index_tokens(Xapian::Document& doc, const std::vector<Token>& tokens,
                  std::string_view prefix, Xapian::termcount wdf) {
    std::string term(prefix);
    std::string stem_term(schema::kStemPrefix);
    stem_term += prefix;
    const std::size_t prefix_size = term.size();
    const std::size_t stem_prefix_size = stem_term.size();
    for (const Token& token : tokens) {
        if (token.term.size() > kMaxTermBytes || token.folded.empty()) continue;
        if (!terms::stemmed(token)) {
            term.resize(prefix_size);
            doc.add_posting(term.append(token.folded), token.position, wdf);
            continue;
        }
        stem_term.resize(stem_prefix_size);
        doc.add_posting(stem_term.append(token.folded_stem), token.position, wdf);
        if (token.stem != token.folded_stem) {
            stem_term.resize(stem_prefix_size);
            doc.add_term(stem_term.append(token.stem), wdf);
        }
        if (prefix.empty() && token.term != token.folded) {
            term.assign(schema::kAccentPrefix).append(token.term);
            doc.add_term(term, wdf);
        }
    }
}

// Words for "did you mean" and for the dictionary of `prefix*` (schema.h):
// as written (accents kept, lower case), not stop words, not numbers, of a
// plausible length.
void count_spellings(const std::vector<Token>& tokens, detail::SpellingCounts& spellings) {
    for (const Token& token : tokens) {
        if (token.kind != TokenKind::Word || token.stopword || token.term.size() < 3 ||
            token.term.size() > kMaxSpellingBytes) {
            continue;
        }
        const bool letters_only = std::none_of(token.term.begin(), token.term.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == '\'' || c == '.' || c == '_';
        });
        if (!letters_only) continue;
        auto& entry = spellings[token.term];
        if (entry.count++ == 0) {
            entry.folded = token.folded;
            entry.stem = token.stem;
        }
    }
}

[[noreturn]] void rethrow(const Xapian::Error& e, const std::string& path, const char* doing) {
    const std::string what = std::string(doing) + " index " + path + ": " + e.get_description();
    if (std::string_view(e.get_type()) == "DatabaseLockError") {
        throw IndexLocked("index " + path + " is locked by another writer (lock file " + path +
                          "/flintlock); wait for the other lindex to finish, then run again");
    }
    throw IndexError(what);
}

}  // namespace

struct PreparedDocument::Impl {
    std::string id;
    std::string hash;           // of the content and the input file: hex(fnv1a(file, content))
    std::uint64_t content = 0;  // of the article as given and the gazetteer
    std::string file;
    std::size_t company_count = 0;
    Xapian::Document document;
    detail::SpellingCounts spellings;
    // The index had this content when it was opened: not analysed. The
    // article is kept, in case a write of the same id comes first: then it
    // is analysed at its own write, which must leave this version.
    bool unchanged = false;
    std::optional<Article> source;
};

PreparedDocument::PreparedDocument() : impl_(std::make_unique<Impl>()) {}
PreparedDocument::~PreparedDocument() = default;
PreparedDocument::PreparedDocument(PreparedDocument&&) noexcept = default;
PreparedDocument& PreparedDocument::operator=(PreparedDocument&&) noexcept = default;
const std::string& PreparedDocument::id() const { return impl_->id; }

struct Indexer::Impl {
    // What the index holds, kept in memory: asking a WritableDatabase for a
    // postlist flushes its pending changes, so looking an id up in the index
    // for each document would make every write a flush.
    struct Entry {
        Xapian::docid docid;  // 0 in Mode::Bulk, where shards number documents
        std::string hash;
        std::size_t sealed = 0;  // Mode::Bulk: seals before its write
        std::uint32_t file = 0;  // index in `files`
    };
    // What the index held when it was opened, read-only afterwards, so that
    // prepare() may read it from any thread.
    struct Initial {
        std::string hash;
        std::uint32_t file = 0;  // index in `initial_files`
    };

    enum class Mode {
        Update,  // write the published database in place
        Create,  // write a new generation, one database
        Bulk,    // write a new generation through shards merged at the end
    };

    std::string path;
    bool rebuild = false;
    Mode mode = Mode::Update;
    std::unique_ptr<detail::IndexLayout> layout;  // holds the writer lock
    Xapian::WritableDatabase db;                  // Update and Create
    detail::SpellingBatch spellings;              // Update and Create, until commit()
    std::unique_ptr<detail::BulkWriter> bulk;     // Bulk
    // A sharded index (docs/SCALING.md): in Update mode, `db` is `sharded`'s
    // multi-database; in Bulk mode, `db` is the meta database and `bulk`
    // writes the shards in place, and `spellings` wait for the meta.
    unsigned shards = 1;
    std::unique_ptr<detail::ShardedDatabase> sharded;
    std::unordered_map<std::string, Entry> by_id;
    std::unordered_map<std::string, Initial> initial;
    std::vector<std::string> initial_files;
    // Input files, interned: many documents share one (a JSON Lines feed).
    // files[0] is "" (no file).
    std::vector<std::string> files{std::string()};
    std::unordered_map<std::string, std::uint32_t> file_numbers{{std::string(), 0}};
    // Former file -> files its unchanged documents were found in, this run.
    std::map<std::string, std::set<std::string>> moved;
    std::string gazetteer_fingerprint;
    Gazetteer gazetteer;
    Synonyms synonyms;
    TableSource gazetteer_source;  // size filled by the constructor, at its end
    TableSource synonyms_source;
    std::size_t company_slots = 0;
    bool company_slots_dirty = false;
    bool dirty = false;            // written since the last publication (Bulk)
    bool segmented = false;        // the published generation is segments (Bulk)
    bool replaced_sealed = false;  // a sealed segment holds a replaced document

    void load_ids();
    void keep_or_default_tables(const IndexerOptions& options, const std::string& current);
    std::uint32_t file_number(const std::string& file) {
        const auto [it, inserted] =
            file_numbers.try_emplace(file, static_cast<std::uint32_t>(files.size()));
        if (inserted) files.push_back(file);
        return it->second;
    }
    void reattribute(Entry& entry, const PreparedDocument::Impl& doc);
    void write_metadata(Xapian::WritableDatabase& target, std::string_view role = {});
    void write_all_metadata();
    void commit_sharded_bulk();
    void publish_segments();
    void check_version() const;

    std::size_t erase(Xapian::docid docid, const std::string& id) {
        db.delete_document(docid);
        by_id.erase(id);
        return 1;
    }

    // The ids of each input file (by number), for the removals at the end
    // of a run: built from by_id when first needed after a write. An id
    // removed since, or written from another file, is still listed: check
    // by_id.
    std::unordered_map<std::uint32_t, std::vector<std::string>> ids_by_file;
    bool grouped = false;

    // keep_previous(): the index being replaced, opened at its first call,
    // with its documents by input file (one read of the file values).
    std::optional<Xapian::Database> previous;
    std::unordered_map<std::string, std::vector<Xapian::docid>> previous_by_file;
    bool previous_same_version = false;

    // Removes the documents of file `number` whose id is not in `keep`.
    std::size_t erase_file(std::uint32_t number, const std::unordered_set<std::string>& keep) {
        if (!grouped) {
            ids_by_file.clear();
            for (const auto& [id, entry] : by_id)
                ids_by_file[entry.file].push_back(id);
            grouped = true;
        }
        const auto ids = ids_by_file.find(number);
        if (ids == ids_by_file.end()) return 0;
        std::size_t removed = 0;
        for (const std::string& id : ids->second) {
            const auto found = by_id.find(id);
            if (found == by_id.end() || found->second.file != number || keep.contains(id)) continue;
            removed += erase(found->second.docid, id);
        }
        return removed;
    }
};

Indexer::Indexer(const IndexerOptions& options) : impl_(std::make_unique<Impl>()) {
    auto& impl = *impl_;
    impl.path = options.db_path;
    impl.rebuild = options.rebuild;
    if (options.shards > IndexerOptions::kMaxShards) {
        throw InvalidArgument("at most " + std::to_string(IndexerOptions::kMaxShards) +
                              " shards, not " + std::to_string(options.shards));
    }
    Analyzer analyzer;
    if (!options.companies_path.empty()) {
        impl.gazetteer = Gazetteer::load(options.companies_path, analyzer);
        impl.gazetteer_source.file = options.companies_path;
    }
    if (!options.synonyms_path.empty()) {
        impl.synonyms = Synonyms::load(options.synonyms_path, analyzer);
        impl.synonyms_source.file = options.synonyms_path;
    }
    const auto not_found = [&] {
        return IndexNotFound("no index at " + options.db_path + "; build one with `lindex --db " +
                             options.db_path + " DIRECTORY`");
    };
    std::error_code error;
    if (!options.create && !std::filesystem::exists(options.db_path, error)) throw not_found();
    impl.layout = std::make_unique<detail::IndexLayout>(options.db_path);
    try {
        std::string current = impl.layout->current_directory();
        if (!options.create && current.empty()) throw not_found();
        if (detail::is_segmented(current) && !options.rebuild) {
            // A first build that stopped before its final compaction: its
            // last commit, as segments, becomes one database first.
            Xapian::WritableDatabase merged =
                detail::compact_segments(Xapian::Database(current), impl.layout->new_generation());
            merged.commit();
            merged.close();
            impl.layout->publish();
            current = impl.layout->current_directory();
        }
        const unsigned existing_shards = detail::shard_count(current);
        if (!current.empty() && !options.rebuild) {
            impl.mode = Impl::Mode::Update;
            impl.shards = existing_shards;
            if (options.shards != 0 && options.shards != existing_shards) {
                throw InvalidArgument("index " + options.db_path + " has " +
                                      std::to_string(existing_shards) +
                                      (existing_shards == 1 ? " shard" : " shards") +
                                      "; --shards " + std::to_string(options.shards) +
                                      " would move documents between shards: rebuild it with "
                                      "`lindex --full --shards " +
                                      std::to_string(options.shards) + "`, or leave --shards out");
            }
            if (detail::is_sharded(current)) {
                impl.sharded = std::make_unique<detail::ShardedDatabase>(current, impl.shards,
                                                                         Xapian::DB_OPEN);
                impl.db = impl.sharded->all();
            } else {
                impl.db = Xapian::WritableDatabase(current, Xapian::DB_CREATE_OR_OPEN);
            }
            impl.check_version();
            impl.keep_or_default_tables(options, current);
            const std::string slots = impl.db.get_metadata(std::string(schema::kCompanySlotsKey));
            impl.company_slots = slots.empty() ? 0 : std::stoul(slots);
            impl.load_ids();
            impl.write_all_metadata();
        } else if ((impl.shards = options.shards != 0 ? options.shards
                                                      : std::max(1U, existing_shards)) > 1) {
            // A new sharded index: one writer thread per shard, in place.
            impl.mode = Impl::Mode::Bulk;
            impl.keep_or_default_tables(options, current);
            const std::string generation = impl.layout->new_generation();
            // The shards are the index: they commit only when commit() is
            // called, so that readers see whole commits, and are synced.
            impl.bulk = std::make_unique<detail::BulkWriter>(
                generation, impl.shards, std::numeric_limits<unsigned>::max(), false);
            impl.db = Xapian::WritableDatabase(detail::meta_path(generation),
                                               Xapian::DB_CREATE_OR_OVERWRITE);
            detail::write_shard_stub(generation, impl.shards);
            impl.write_all_metadata();
        } else if (options.writers <= 1) {
            impl.mode = Impl::Mode::Create;
            impl.keep_or_default_tables(options, current);
            impl.db = Xapian::WritableDatabase(impl.layout->new_generation(),
                                               Xapian::DB_CREATE_OR_OVERWRITE);
            impl.write_metadata(impl.db);
        } else {
            impl.mode = Impl::Mode::Bulk;
            impl.keep_or_default_tables(options, current);
            impl.bulk = std::make_unique<detail::BulkWriter>(
                impl.layout->scratch_directory(), options.writers, options.batch, true);
        }
    } catch (const Xapian::Error& e) {
        rethrow(e, options.db_path, "cannot open");
    }
    impl.gazetteer_fingerprint = hex(fnv1a(impl.gazetteer.serialize()));
    impl.gazetteer_source.size = impl.gazetteer.size();
    impl.synonyms_source.size = impl.synonyms.size();
}

// Without a file given, the index's own tables (`current`, the published
// generation, also for a rebuild): updating an article or rebuilding must
// not lose its companies because lindex ran elsewhere; else the defaults.
void Indexer::Impl::keep_or_default_tables(const IndexerOptions& options,
                                           const std::string& current) {
    Analyzer analyzer;
    Xapian::Database own;
    if (!current.empty() && (options.companies_path.empty() || options.synonyms_path.empty())) {
        own = mode == Mode::Update ? Xapian::Database(db) : Xapian::Database(current);
    }
    const auto metadata = [&](std::string_view key) {
        return own.size() == 0 ? std::string() : own.get_metadata(std::string(key));
    };
    if (options.companies_path.empty()) {
        gazetteer = Gazetteer::deserialize(metadata(schema::kCompanyAliasesKey));
        if (!gazetteer.empty()) {
            gazetteer_source.from_index = true;
            gazetteer_source.file = metadata(schema::kCompaniesFileKey);
        } else if (!options.default_companies_path.empty()) {
            gazetteer = Gazetteer::load(options.default_companies_path, analyzer);
            gazetteer_source.file = options.default_companies_path;
        }
    }
    if (options.synonyms_path.empty()) {
        synonyms = Synonyms::deserialize(metadata(schema::kSynonymsKey));
        if (!synonyms.empty()) {
            synonyms_source.from_index = true;
            synonyms_source.file = metadata(schema::kSynonymsFileKey);
        } else if (!options.default_synonyms_path.empty()) {
            synonyms = Synonyms::load(options.default_synonyms_path, analyzer);
            synonyms_source.file = options.default_synonyms_path;
        }
    }
}

void Indexer::Impl::check_version() const {
    const std::string format = db.get_metadata(std::string(schema::kFormatKey));
    const std::string analyzer = db.get_metadata(std::string(schema::kAnalyzerKey));
    if (format.empty()) {
        if (db.get_doccount() > 0) {
            throw IndexVersionMismatch("index " + path +
                                       " was not written by lindex; choose another --db path");
        }
        return;
    }
    if (format != std::to_string(schema::kFormatVersion) ||
        analyzer != std::to_string(Analyzer::kVersion)) {
        throw IndexVersionMismatch("index " + path + " has format " + format + ", analyzer " +
                                   analyzer + "; this lindex writes format " +
                                   std::to_string(schema::kFormatVersion) + ", analyzer " +
                                   std::to_string(Analyzer::kVersion) +
                                   ": rebuild it with `lindex --full`");
    }
}

// Versions, and what queries need from the indexing side: company aliases,
// synonyms, the number of company slots.
void Indexer::Impl::write_metadata(Xapian::WritableDatabase& target, std::string_view role) {
    target.set_metadata(std::string(schema::kFormatKey), std::to_string(schema::kFormatVersion));
    target.set_metadata(std::string(schema::kShardsKey), std::to_string(shards));
    if (!role.empty()) target.set_metadata(std::string(schema::kRoleKey), std::string(role));
    target.set_metadata(std::string(schema::kAnalyzerKey), std::to_string(Analyzer::kVersion));
    if (!gazetteer.empty()) {
        target.set_metadata(std::string(schema::kCompanyAliasesKey), gazetteer.serialize());
    }
    if (!synonyms.empty()) target.set_metadata(std::string(schema::kSynonymsKey), synonyms.serialize());
    // A rebuild keeps them with the tables it kept.
    if (!gazetteer_source.file.empty()) {
        target.set_metadata(std::string(schema::kCompaniesFileKey), gazetteer_source.file);
    }
    if (!synonyms_source.file.empty()) {
        target.set_metadata(std::string(schema::kSynonymsFileKey), synonyms_source.file);
    }
    target.set_metadata(std::string(schema::kCompanySlotsKey), std::to_string(company_slots));
}

// The metadata of every database: each shard has it too, so that a stub
// listing only remote shards still reads versions, aliases and synonyms.
void Indexer::Impl::write_all_metadata() {
    if (sharded) {
        auto& parts = sharded->parts();
        for (std::size_t i = 0; i < parts.size(); ++i) {
            write_metadata(parts[i], i == 0 ? schema::kMetaRole : schema::kShardRole);
        }
    } else if (bulk && shards > 1) {
        // The shards get theirs from their writers, at each commit.
        write_metadata(db, schema::kMetaRole);
    } else {
        write_metadata(db);
    }
    company_slots_dirty = false;
}

// Commits each shard with its metadata (set by its writer, after the
// documents queued so far), then the meta database with the metadata and the
// spellings: shards first, meta last.
void Indexer::Impl::commit_sharded_bulk() {
    bulk->commit([this](Xapian::WritableDatabase& shard) {
        write_metadata(shard, schema::kShardRole);
    });
    write_all_metadata();
    spellings.flush_into(db);
    db.commit();
}

Indexer::~Indexer() {
    try {
        commit();
    } catch (...) {
        // A destructor must not throw; callers who care call commit() first.
    }
    if (impl_->bulk) {
        impl_->bulk.reset();  // stops the shard writers
        std::error_code ignored;
        // A sharded index's shards are the index itself, not scratch.
        if (impl_->shards <= 1) {
            std::filesystem::remove_all(impl_->layout->scratch_directory(), ignored);
        }
    }
}

void Indexer::Impl::load_ids() {
    std::unordered_map<Xapian::docid, std::string> hashes;
    for (auto it = db.valuestream_begin(schema::kHashSlot); it != db.valuestream_end(schema::kHashSlot);
         ++it) {
        hashes.emplace(it.get_docid(), *it);
    }
    std::unordered_map<Xapian::docid, std::uint32_t> file_of;
    for (auto it = db.valuestream_begin(schema::kFileSlot);
         it != db.valuestream_end(schema::kFileSlot); ++it) {
        file_of.emplace(it.get_docid(), file_number(*it));
    }
    const std::string prefix(schema::kIdPrefix);
    for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
        auto posting = db.postlist_begin(*term);
        if (posting == db.postlist_end(*term)) continue;
        std::string id = (*term).substr(prefix.size());
        const auto file = file_of.find(*posting);
        const std::uint32_t number = file == file_of.end() ? 0 : file->second;
        initial.emplace(id, Initial{hashes[*posting], number});
        by_id.emplace(std::move(id), Entry{*posting, std::move(hashes[*posting]), 0, number});
    }
    initial_files = files;
}

// An unchanged document found under another input file (the file was moved
// or renamed): only its file and hash values change. Xapian rewrites the
// document's values, not its terms and positions, which a changed term
// would make it read and write again (three times the work of this).
void Indexer::Impl::reattribute(Entry& entry, const PreparedDocument::Impl& doc) {
    const std::string& former = files[entry.file];
    if (mode == Mode::Bulk) {
        // A new index: this run wrote the document, and a shard writer
        // cannot read it back. Cannot happen: a new index has no documents
        // prepared as unchanged.
        throw InvalidArgument("document " + doc.id + " cannot move in a new index");
    }
    if (!former.empty()) moved[former].insert(doc.file);
    Xapian::Document document = db.get_document(entry.docid);
    if (doc.file.empty()) {
        document.remove_value(schema::kFileSlot);
    } else {
        document.add_value(schema::kFileSlot, doc.file);
    }
    document.add_value(schema::kHashSlot, doc.hash);
    db.replace_document(entry.docid, document);
    entry.hash = doc.hash;
    entry.file = file_number(doc.file);
    grouped = false;
}

PreparedDocument Indexer::prepare(const Article& source, std::string_view file) const {
    if (source.id.empty()) throw InputError("article without an id");
    if (source.id.size() > kMaxIdBytes) {
        throw InputError("id longer than " + std::to_string(kMaxIdBytes) + " bytes: " +
                         source.id.substr(0, 40) + "...");
    }
    std::optional<PartialDate> date;
    if (!source.date.empty()) {
        date = PartialDate::read(source.date);
        if (!date) {
            throw InputError("invalid date \"" + source.date + "\" (" +
                             std::string(PartialDate::kForms) + ")");
        }
    }

    // The content hash is of the input as given and the gazetteer (which
    // decides the companies), so that an unchanged article is known before
    // any analysis, from the hashes the index held when it was opened. The
    // stored hash also covers the input file: an article is unchanged
    // whatever file it now comes from (a moved or renamed file is not
    // indexed again), and write() records its new file.
    const std::uint64_t content =
        fnv1a(impl_->gazetteer_fingerprint, fnv1a(source.body, fnv1a(to_record(source))));
    std::string hash = hex(fnv1a(file, content));
    if (const auto it = impl_->initial.find(source.id);
        it != impl_->initial.end() &&
        (it->second.hash == hash ||
         it->second.hash == hex(fnv1a(impl_->initial_files[it->second.file], content)))) {
        PreparedDocument unchanged;
        unchanged.impl_->id = source.id;
        unchanged.impl_->hash = std::move(hash);
        unchanged.impl_->content = content;
        unchanged.impl_->file = std::string(file);
        unchanged.impl_->unchanged = true;
        unchanged.impl_->source = source;
        return unchanged;
    }
    return analyse(source, file, std::move(hash), content);
}

PreparedDocument Indexer::analyse(const Article& source, std::string_view file, std::string hash,
                                  std::uint64_t content) const {
    // prepare() checked the date.
    const std::optional<PartialDate> date =
        source.date.empty() ? std::nullopt : PartialDate::parse(source.date);
    thread_local Analyzer analyzer;
    Article article = source;
    if (date) article.date = date->to_string();

    std::vector<Token> title = analyzer.analyze(article.title);
    std::vector<Token> body;
    const std::uint32_t body_start =
        (title.empty() ? 0 : title.back().position + 1) + kTitleBodyGap;
    analyzer.analyze(article.body, body, body_start);

    if (article.companies.empty()) {
        article.companies = impl_->gazetteer.detect(title);
        for (auto& name : impl_->gazetteer.detect(body)) {
            if (std::find(article.companies.begin(), article.companies.end(), name) ==
                article.companies.end()) {
                article.companies.push_back(std::move(name));
            }
        }
    } else {
        std::vector<std::string> canonical;
        for (const auto& name : article.companies) {
            auto resolved = impl_->gazetteer.canonical(name, analyzer);
            if (!resolved.empty() &&
                std::find(canonical.begin(), canonical.end(), resolved) == canonical.end()) {
                canonical.push_back(std::move(resolved));
            }
        }
        article.companies = std::move(canonical);
    }
    if (article.companies.size() > schema::kMaxCompanies) {
        article.companies.resize(schema::kMaxCompanies);
    }

    PreparedDocument prepared;
    auto& impl = *prepared.impl_;
    impl.id = article.id;
    impl.company_count = article.companies.size();
    Xapian::Document& doc = impl.document;

    index_tokens(doc, title, schema::kTitlePrefix, 1);
    index_tokens(doc, title, "", schema::kTitleWdf);
    index_tokens(doc, body, "", 1);
    count_spellings(title, impl.spellings);
    count_spellings(body, impl.spellings);

    doc.add_boolean_term(id_term(article.id));
    doc.add_value(schema::kIdSlot, article.id);
    if (date) {
        const std::string key = date->sort_key();
        doc.add_value(schema::kDateSlot, key);
        doc.add_value(schema::kYearSlot, key.substr(0, 4));
        doc.add_boolean_term(std::string(schema::kYearPrefix) + key.substr(0, 4));
        if (date->month != 0) {
            doc.add_boolean_term(std::string(schema::kMonthPrefix) + key.substr(0, 6));
        }
        if (date->day != 0) doc.add_boolean_term(std::string(schema::kDatePrefix) + key);
    }
    if (!article.source.empty()) {
        doc.add_value(schema::kSourceSlot, article.source);
        const std::string key = analyzer.key(article.source);
        if (!key.empty() && key.size() <= kMaxTermBytes) {
            doc.add_boolean_term(std::string(schema::kSourcePrefix) + key);
        }
    }
    for (std::size_t i = 0; i < article.companies.size(); ++i) {
        doc.add_value(static_cast<Xapian::valueno>(schema::kFirstCompanySlot + i),
                      article.companies[i]);
        const std::string key = analyzer.key(article.companies[i]);
        if (!key.empty() && key.size() <= kMaxTermBytes) {
            doc.add_boolean_term(std::string(schema::kCompanyPrefix) + key);
        }
    }
    if (!file.empty()) doc.add_value(schema::kFileSlot, std::string(file));

    impl.file = std::string(file);
    impl.hash = std::move(hash);
    impl.content = content;
    doc.add_value(schema::kHashSlot, impl.hash);
    doc.add_value(schema::kRecordSlot, to_record(article));
    doc.add_value(schema::kBodySlot, to_stored_body(article.body, body, body_start));
    return prepared;
}

WriteOutcome Indexer::write(PreparedDocument&& document) {
    auto& doc = *document.impl_;
    auto& impl = *impl_;
    try {
        WriteOutcome outcome = WriteOutcome::Added;
        impl.grouped = false;
        const auto found = impl.by_id.find(doc.id);
        if (doc.unchanged) {
            if (found != impl.by_id.end()) {
                if (found->second.hash == doc.hash) return WriteOutcome::Unchanged;
                const std::string& former = impl.files[found->second.file];
                if (former != doc.file && found->second.hash == hex(fnv1a(former, doc.content))) {
                    impl.reattribute(found->second, doc);
                    return WriteOutcome::Unchanged;
                }
            }
            // Written over (or removed) in this run since the index was
            // opened: this version is written again, as any other.
            PreparedDocument analysed =
                analyse(*doc.source, doc.file, std::move(doc.hash), doc.content);
            document = std::move(analysed);
            return write(std::move(document));
        }
        if (found != impl.by_id.end()) {
            if (found->second.hash == doc.hash) return WriteOutcome::Unchanged;
            outcome = WriteOutcome::Updated;
            if (const std::string& former = impl.files[found->second.file];
                !former.empty() && former != doc.file) {
                impl.moved[former].insert(doc.file);
            }
        }
        if (impl.mode == Impl::Mode::Bulk) {
            if (impl.shards > 1) {
                // Spellings go to the meta database, not the shards.
                impl.spellings.add(doc.spellings);
                doc.spellings.clear();
            }
            if (found != impl.by_id.end() && found->second.sealed < impl.bulk->seals()) {
                impl.replaced_sealed = true;
            }
            impl.bulk->add(doc.id, std::move(doc.document), doc.spellings);
            impl.by_id[doc.id] =
                Impl::Entry{0, doc.hash, impl.bulk->seals(), impl.file_number(doc.file)};
            impl.dirty = true;
        } else {
            if (found == impl.by_id.end()) {
                const Xapian::docid docid = impl.sharded ? impl.sharded->add(doc.id, doc.document)
                                                         : impl.db.add_document(doc.document);
                impl.by_id.emplace(doc.id,
                                   Impl::Entry{docid, doc.hash, 0, impl.file_number(doc.file)});
            } else {
                impl.db.replace_document(found->second.docid, doc.document);
                found->second.hash = doc.hash;
                found->second.file = impl.file_number(doc.file);
            }
            impl.spellings.add(doc.spellings);
        }
        if (doc.company_count > impl.company_slots) {
            impl.company_slots = doc.company_count;
            impl.company_slots_dirty = true;
        }
        return outcome;
    } catch (const Xapian::Error& e) {
        rethrow(e, impl.path, "cannot write to");
    }
}

WriteOutcome Indexer::add(const Article& article, std::string_view file) {
    return write(prepare(article, file));
}

bool Indexer::remove(std::string_view id) {
    if (impl_->mode == Impl::Mode::Bulk) {
        // A new index holds only what this run wrote; a shard writer cannot
        // delete, so a bulk build removes nothing.
        throw InvalidArgument("cannot remove documents while building a new index");
    }
    try {
        const auto found = impl_->by_id.find(std::string(id));
        if (found == impl_->by_id.end()) return false;
        impl_->db.delete_document(found->second.docid);
        impl_->by_id.erase(found);
        return true;
    } catch (const Xapian::Error& e) {
        rethrow(e, impl_->path, "cannot remove from");
    }
}

std::size_t Indexer::remove_from_file_except(std::string_view file,
                                             const std::vector<std::string>& keep_ids) {
    if (impl_->mode == Impl::Mode::Bulk) return 0;  // a new index holds only what this run wrote
    try {
        const auto number = impl_->file_numbers.find(std::string(file));
        if (number == impl_->file_numbers.end()) return 0;
        return impl_->erase_file(number->second,
                                 std::unordered_set<std::string>(keep_ids.begin(), keep_ids.end()));
    } catch (const Xapian::Error& e) {
        rethrow(e, impl_->path, "cannot remove from");
    }
}

std::size_t Indexer::remove_missing_files(std::string_view directory,
                                          const std::vector<std::string>& present_files) {
    if (impl_->mode == Impl::Mode::Bulk) return 0;  // a new index holds only what this run wrote
    try {
        const std::unordered_set<std::string> present(present_files.begin(), present_files.end());
        std::string under(directory);
        if (!under.ends_with('/')) under += '/';
        std::size_t removed = 0;
        for (std::uint32_t number = 0; number < impl_->files.size(); ++number) {
            const std::string& file = impl_->files[number];
            if (file.starts_with(under) && !present.contains(file)) {
                removed += impl_->erase_file(number, {});
            }
        }
        return removed;
    } catch (const Xapian::Error& e) {
        rethrow(e, impl_->path, "cannot remove from");
    }
}

Indexer::Kept Indexer::keep_previous(std::string_view file) {
    auto& impl = *impl_;
    Kept kept;
    if (!impl.rebuild) return kept;
    const std::string current = impl.layout->current_directory();  // the index being replaced
    if (current.empty()) return kept;
    try {
        if (!impl.previous) {
            impl.previous.emplace(current);
            impl.previous_same_version =
                impl.previous->get_metadata(std::string(schema::kFormatKey)) ==
                    std::to_string(schema::kFormatVersion) &&
                impl.previous->get_metadata(std::string(schema::kAnalyzerKey)) ==
                    std::to_string(Analyzer::kVersion);
            // The index keeps no term per file: its file values, read once.
            for (auto it = impl.previous->valuestream_begin(schema::kFileSlot);
                 it != impl.previous->valuestream_end(schema::kFileSlot); ++it) {
                impl.previous_by_file[*it].push_back(it.get_docid());
            }
        }
        const Xapian::Database& previous = *impl.previous;
        const bool same_version = impl.previous_same_version;
        thread_local Analyzer analyzer;
        const auto documents = impl.previous_by_file.find(std::string(file));
        if (documents == impl.previous_by_file.end()) return kept;
        for (const Xapian::docid docid : documents->second) {
            const Xapian::Document source = previous.get_document(docid);
            std::string id = source.get_value(schema::kIdSlot);
            if (id.empty() || impl.by_id.contains(id)) continue;
            if (!same_version) {
                ++kept.dropped;
                continue;
            }
            // A copy that owns its terms and values: a shard writer thread
            // adds it, and must not read `previous` lazily.
            PreparedDocument prepared;
            auto& doc = *prepared.impl_;
            for (auto t = source.termlist_begin(); t != source.termlist_end(); ++t) {
                const std::string name = *t;
                for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
                    doc.document.add_posting(name, *p, 0);
                }
                doc.document.add_term(name, t.get_wdf());
            }
            for (auto v = source.values_begin(); v != source.values_end(); ++v) {
                doc.document.add_value(v.get_valueno(), *v);
            }
            doc.document.set_data(source.get_data());
            // The words for "did you mean" are counts kept beside the
            // documents: counted again from the stored text.
            const Article record = from_record(source.get_value(schema::kRecordSlot));
            count_spellings(analyzer.analyze(record.title), doc.spellings);
            count_spellings(
                analyzer.analyze(from_stored_body(source.get_value(schema::kBodySlot)).text),
                doc.spellings);
            doc.company_count = record.companies.size();
            doc.hash = source.get_value(schema::kHashSlot);
            doc.file = std::string(file);
            doc.id = std::move(id);
            write(std::move(prepared));
            ++kept.copied;
        }
    } catch (const Xapian::Error& e) {
        rethrow(e, impl.path, "cannot copy from");
    }
    return kept;
}

void Indexer::commit() {
    auto& impl = *impl_;
    try {
        if (impl.mode == Impl::Mode::Bulk && impl.shards > 1) {
            // The shards are written in place: a new index is visible from its
            // first commit, a rebuild when published.
            impl.commit_sharded_bulk();
            if (!impl.rebuild) impl.layout->publish();
            impl.dirty = false;
            return;
        }
        if (impl.mode == Impl::Mode::Bulk) {
            // A new index (not a rebuild) is published at each commit, so that
            // a crash loses nothing committed; a rebuild only at the end.
            if (impl.rebuild) {
                impl.bulk->commit();
            } else {
                impl.publish_segments();
            }
            return;
        }
        impl.spellings.flush_into(impl.db);
        if (impl.company_slots_dirty) impl.write_all_metadata();
        impl.db.commit();
    } catch (const Xapian::Error& e) {
        rethrow(e, impl.path, "cannot commit to");
    }
    // A new index becomes visible with its first commit; a rebuild only
    // when it is complete.
    if (impl.mode == Impl::Mode::Create && !impl.rebuild) impl.layout->publish();
}

// A first build's commit: the shards' databases, sealed, are published as
// one generation listing every segment so far, which readers search as one
// database; publish() compacts them once, at the end. Compacting at every
// commit instead would redo the work of every earlier commit: quadratic.
void Indexer::Impl::publish_segments() {
    if (!dirty && !layout->current_directory().empty()) return;
    const auto segments =
        bulk->seal([this](Xapian::WritableDatabase& shard) { write_metadata(shard); });
    company_slots_dirty = false;
    const std::string generation = layout->new_generation();
    if (replaced_sealed) {
        // A sealed segment holds a document replaced since: published as
        // it is, both would be found. Merged once (the earlier copy dropped),
        // the result is the one segment from now on.
        Xapian::Database sources;
        for (const auto& segment : segments)
            sources.add_database(Xapian::Database(segment));
        Xapian::WritableDatabase merged = detail::compact_segments(sources, generation);
        write_metadata(merged);
        merged.commit();
        merged.close();
        bulk->replace_sealed(generation);
        replaced_sealed = false;
        layout->publish();
        dirty = false;
        segmented = false;
        return;
    }
    detail::link_segments(segments, generation);
    layout->publish();
    dirty = false;
    segmented = true;
}

void Indexer::publish() {
    auto& impl = *impl_;
    if (impl.mode != Impl::Mode::Bulk || impl.shards > 1) {
        commit();
        impl.layout->publish();
        // A sharded index's shards may be served by path (xapian-tcpsrv
        // opens gen-N/shard-K at each connection), not through the stub:
        // its previous generation is kept until the next run.
        if (impl.shards <= 1) impl.layout->remove_previous();
        return;
    }
    if (!impl.dirty && !impl.segmented && !impl.layout->current_directory().empty() &&
        !impl.rebuild) {
        impl.layout->remove_previous();
        return;
    }
    try {
        Xapian::WritableDatabase merged = impl.bulk->compact_into(impl.layout->new_generation());
        impl.write_metadata(merged);
        impl.company_slots_dirty = false;
        merged.commit();
        merged.close();
    } catch (const Xapian::Error& e) {
        rethrow(e, impl.path, "cannot build");
    }
    impl.layout->publish();
    impl.layout->remove_previous();
    impl.dirty = false;
    impl.segmented = false;
}

std::map<std::string, std::set<std::string>> Indexer::moved_files() const {
    return impl_->moved;
}

TableSource Indexer::gazetteer_source() const { return impl_->gazetteer_source; }
TableSource Indexer::synonyms_source() const { return impl_->synonyms_source; }

std::uint64_t Indexer::document_count() const {
    if (impl_->mode == Impl::Mode::Bulk) return impl_->by_id.size();
    try {
        return impl_->db.get_doccount();
    } catch (const Xapian::Error& e) {
        rethrow(e, impl_->path, "cannot read");
    }
}

std::vector<std::string> Indexer::ids() const {
    std::vector<std::string> ids;
    if (impl_->mode == Impl::Mode::Bulk) {
        for (const auto& [id, entry] : impl_->by_id) ids.push_back(id);
        std::sort(ids.begin(), ids.end());
        return ids;
    }
    try {
        const std::string prefix(schema::kIdPrefix);
        for (auto it = impl_->db.allterms_begin(prefix); it != impl_->db.allterms_end(prefix); ++it) {
            ids.push_back((*it).substr(prefix.size()));
        }
    } catch (const Xapian::Error& e) {
        rethrow(e, impl_->path, "cannot read");
    }
    return ids;
}

}  // namespace lsearch
