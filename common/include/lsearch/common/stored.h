// The stored form of an article, in two parts (docs/ARCHITECTURE.md):
//
// - the record: the fields a hit shows (id, title, date, source, url,
//   companies), binary, in value slot schema::kRecordSlot, so that a hit is
//   read without the body and without parsing JSON;
// - the body: the document data, the text and its word table (the byte
//   range of each word position), so that a snippet is cut and highlighted
//   from each word's bytes, without segmenting the text again.
//
// Internal to the indexer and the searcher: not installed.
#pragma once

#include <cstdint>
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
    /// For a compound: the byte length of its joined folded form (`startup`),
    /// always longer than its first part's. The searcher no longer needs it
    /// (it joins the parts' forms itself); kept so that format 4 stays readable.
    std::uint32_t joined_size = 0;
};

/// A stored body, read: the text and the span of each word position.
struct StoredBody {
    std::string_view text;             ///< Points into the data it was read from.
    std::uint32_t first_position = 0;  ///< Position of spans[0] (the body follows the title).
    std::vector<WordSpan> spans;       ///< One per position, in order.
};

/// The body part of the document data: `body`, then the table of `tokens`
/// (its analysis, positions from `first_position`, in the analyser's order)
/// as varint deltas. Tokens must be the analyser's for `body`: positions
/// consecutive from `first_position`, a compound's joined form just before
/// its parts.
std::string to_stored_body(std::string_view body, const std::vector<Token>& tokens,
                           std::uint32_t first_position);

/// Reads what to_stored_body() wrote; the result points into `data`. Throws
/// IndexError on data it cannot read (truncated, a span outside the text).
StoredBody from_stored_body(std::string_view data);

}  // namespace lsearch
