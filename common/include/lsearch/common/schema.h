// The index schema: the one table of term prefixes, value slots, metadata
// keys and versions that the indexer writes and the searcher reads.
//
// Term layout for a word of the body (lsearch/common/terms.h, docs/ARCHITECTURE.md):
//   Z<folded stem>      positional: Snowball stem of the accent-folded form
//   Z<stem>             no positions: Snowball stem of the accented form, when
//                       it differs
//   XA<term>            no positions: the accented form, for words with accents
//   <folded>            positional: numbers and stop words, which have no stem
// and the same with the title prefix ("ZS", "S"; no XA) for words of the title.
// Title words are also indexed as body words with a higher wdf (kTitleWdf).
#pragma once

#include <array>
#include <string_view>

namespace lsearch::schema {

/// Bumped when the meaning of terms, values or stored data changes.
/// 3: the id in kIdSlot (ties ranked by id), sharded indexes.
/// 4: the hit's fields as a binary record in kRecordSlot; the document data
/// is the body and its word table (lsearch/common/stored.h).
/// 5: the body and its word table compressed with zstd in kBodySlot; no
/// document data.
/// 6: positions on a word's folded stem; no folded term for a stemmed word
/// (terms.h).
inline constexpr int kFormatVersion = 6;

// Term prefixes.
inline constexpr std::string_view kIdPrefix = "Q";        ///< Q<id>: unique id term.
inline constexpr std::string_view kStemPrefix = "Z";      ///< Z<stem>, ZS<stem>.
inline constexpr std::string_view kTitlePrefix = "S";     ///< S<folded>: title words.
/// XA<term>: a word written with accents, as written (no positions). Stems
/// cannot tell `péché` from `pêche` when Snowball stems both to `pech`; this
/// term lets a query with the exact accents rank the exact word first.
inline constexpr std::string_view kAccentPrefix = "XA";
inline constexpr std::string_view kCompanyPrefix = "XC";  ///< XC<key>: company filter.
inline constexpr std::string_view kSourcePrefix = "XS";   ///< XS<key>: source filter.
inline constexpr std::string_view kYearPrefix = "Y";      ///< Y2025: year filter.
inline constexpr std::string_view kMonthPrefix = "M";     ///< M202510: month filter.
inline constexpr std::string_view kDatePrefix = "D";      ///< D20251028: day filter.

/// Extra within-document frequency given to title words in the body field,
/// so that BM25 weighs a title word above a body word.
inline constexpr unsigned kTitleWdf = 3;

// Value slots.
inline constexpr unsigned kDateSlot = 0;    ///< PartialDate::sort_key(), for --sort date.
inline constexpr unsigned kYearSlot = 1;    ///< "2025": year facet and ranges.
inline constexpr unsigned kSourceSlot = 2;  ///< Source as printed: source facet.
inline constexpr unsigned kHashSlot = 3;    ///< Content hash, for incremental updates.
/// Absolute path of the input file a document was last read from, which
/// lindex reads when the index is opened (a moved file changes this value
/// only). Indexes written before also have an `XF<path>` term, not read.
inline constexpr unsigned kFileSlot = 4;
/// The article's id: hits of equal rank come in id order, so that one index
/// and the same documents spread over shards give the same order (Xapian's
/// own tie-break, the document number, differs between them).
inline constexpr unsigned kIdSlot = 5;
/// The fields a hit shows, as to_record() writes them (stored.h): read
/// without the body.
inline constexpr unsigned kRecordSlot = 6;
/// The body and its word table, as to_stored_body() writes them (stored.h):
/// read for a hit's snippet.
inline constexpr unsigned kBodySlot = 7;
/// Companies are multi-valued, and Xapian's ValueCountMatchSpy counts one
/// value per slot and document: the i-th company of a document goes into
/// slot kFirstCompanySlot + i, and the facet sums one spy per slot. The
/// number of slots in use is recorded under kCompanySlotsKey.
inline constexpr unsigned kFirstCompanySlot = 16;
/// A document keeps at most this many companies (detection order).
inline constexpr unsigned kMaxCompanies = 64;

// Metadata keys.
inline constexpr std::string_view kFormatKey = "lsearch.format";
inline constexpr std::string_view kAnalyzerKey = "lsearch.analyzer";
inline constexpr std::string_view kCompanySlotsKey = "lsearch.company_slots";
/// Gazetteer, so that `company:` queries resolve aliases as indexing did:
/// "key<TAB>canonical name" per line, key = analysed alias.
inline constexpr std::string_view kCompanyAliasesKey = "lsearch.company_aliases";
/// Synonym groups (Synonyms::serialize()). Kept as metadata rather than in
/// Xapian's synonym table, which a remote shard does not serve in 1.4.
inline constexpr std::string_view kSynonymsKey = "lsearch.synonyms";
/// The files the gazetteer and the synonyms were read from, as lindex was
/// given them (for `lindex --stats` and lindex's summary).
inline constexpr std::string_view kCompaniesFileKey = "lsearch.companies_file";
inline constexpr std::string_view kSynonymsFileKey = "lsearch.synonyms_file";

/// The dictionary of `prefix*` is Xapian's synonym table (lsearch's own
/// synonyms are metadata, kSynonymsKey): each word of the spelling data,
/// accents folded, gives the Snowball stems of its accented forms
/// (`ecole` -> `écol`). The index keeps a word's stem, not the word
/// (terms.h): `prefix*` finds the words by their folded prefix there, then
/// searches their stems (Z<stem>).

/// Shards of the index (docs/SCALING.md): "1" for one database.
inline constexpr std::string_view kShardsKey = "lsearch.shards";
/// What a database of a sharded index is: kMetaRole for the one without
/// documents that holds the spelling table (listed first in the stub, whose
/// metadata Xapian reads), kShardRole for a shard (no spelling table).
inline constexpr std::string_view kRoleKey = "lsearch.role";
inline constexpr std::string_view kMetaRole = "meta";
inline constexpr std::string_view kShardRole = "shard";

/// How a query field is matched.
enum class FieldKind {
    Text,     ///< Analysed words, like the body.
    Keyword,  ///< A whole value (company, source), analysed then joined.
    Year,     ///< A year or a range of years.
};

/// A field a query can name (`title:`, `company:`, ...).
struct Field {
    std::string_view name;    ///< As written in a query.
    std::string_view prefix;  ///< Term prefix.
    FieldKind kind;
};

/// Every field a query can name, read by the query parser and the indexer.
inline constexpr std::array<Field, 4> kFields{{
    {"title", kTitlePrefix, FieldKind::Text},
    {"company", kCompanyPrefix, FieldKind::Keyword},
    {"source", kSourcePrefix, FieldKind::Keyword},
    {"year", kYearPrefix, FieldKind::Year},
}};

/// The field named `name`, or nullptr.
constexpr const Field* find_field(std::string_view name) {
    for (const auto& field : kFields) {
        if (field.name == name) return &field;
    }
    return nullptr;
}

}  // namespace lsearch::schema
