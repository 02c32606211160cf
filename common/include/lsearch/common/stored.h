// The stored form of an article, in two parts (docs/ARCHITECTURE.md):
//
// - the record: the fields a hit shows (id, title, date, source, url,
//   companies), binary, in value slot schema::kRecordSlot, so that a hit is
//   read without the body and without parsing JSON;
// - the body: the text and its word table (the byte range of each word
//   position), compressed with zstd, in value slot schema::kBodySlot, so
//   that a snippet is cut and highlighted from each word's bytes, without
//   segmenting the text again. Not the document data, which Xapian
//   compresses with zlib: deflating it was some 5% of indexing, inflating it
//   most of the cost of a hit's snippet (docs/PERFORMANCE.md).
//
// Internal to the indexer and the searcher: not installed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/article.h"

namespace lsearch {

/// The hit's fields of `article` (not its body) as a record: a version byte,
/// then each field as a varint length and its bytes, companies preceded by
/// their count.
std::string to_record(const Article& article);

/// Reads what to_record() wrote into an article with an empty body. Throws
/// IndexError on data it cannot read (truncated, another version).
Article from_record(std::string_view data);

/// One word position of a stored body: the bytes of its word, and for the
/// first position of a hyphenated compound (`start-up`), the compound too.
struct WordSpan {
    std::uint32_t begin = 0;  ///< Byte offset of the word in the body.
    std::uint32_t end = 0;    ///< One past its last byte.
    /// For a compound's first position: how many positions its parts take
    /// (2 or more), else 0. The joined form (`startup`) is indexed at this
    /// position too; it spans this word to the end of the last part.
    std::uint8_t parts = 0;
};

/// A stored body, read: the text and the span of each word position.
struct StoredBody {
    std::unique_ptr<char[]> table;     ///< The body table, which `text` points into.
    std::string_view text;             ///< The body's text.
    std::uint32_t first_position = 0;  ///< Position of spans[0] (the body follows the title).
    std::vector<WordSpan> spans;       ///< One per position, in order.
};

/// The body table: `body`, then the table of `tokens` (its analysis,
/// positions from `first_position`, in the analyser's order) as varint
/// deltas. Tokens must be the analyser's for `body`: positions consecutive
/// from `first_position`, a compound's joined form just before its parts.
std::string to_body_table(std::string_view body, const std::vector<Token>& tokens,
                          std::uint32_t first_position);

/// The stored body: a version byte, then to_body_table() compressed (one
/// zstd frame).
std::string to_stored_body(std::string_view body, const std::vector<Token>& tokens,
                           std::uint32_t first_position);

/// A body table as to_stored_body() stores it (for tests of damaged tables).
std::string compress_body_table(std::string_view table);

/// Reads what to_stored_body() wrote. Throws IndexError on data it cannot
/// read (another version, a damaged frame, a span outside the text).
StoredBody from_stored_body(std::string_view data);

/// Reads a body table as to_body_table() wrote it, uncompressed.
StoredBody from_body_table(std::string_view table);

}  // namespace lsearch
