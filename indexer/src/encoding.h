// The encoding of an article file: UTF-8, or another one read from a byte
// order mark or found by ICU's charset detector, and converted. Internal.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lsearch::detail {

/// `bytes` converted to UTF-8 when they are in another encoding:
/// - a UTF-16 or UTF-32 byte order mark says which (a UTF-8 one is left to
///   the caller, with the text);
/// - bytes that are valid UTF-8 (without NUL bytes) are UTF-8: nothing is
///   returned;
/// - otherwise ICU's charset detector names the encoding (`windows-1252`,
///   `ISO-8859-1`, `UTF-16LE` without a mark...), if it is confident:
///   confidence 30 or more, 10 points ahead of any other encoding.
/// Bytes with NUL bytes that are UTF-8 otherwise and that the detector does
/// not take for UTF-16 or UTF-32 are returned as they are (nothing), for the
/// caller to reject as binary. Throws lsearch::InputError (a reason, and what
/// to do: convert the file to UTF-8) when the encoding cannot be told with
/// confidence, when UTF-8 text holds bytes that are not UTF-8 (a mix of
/// encodings), or when the bytes are invalid in the encoding found: a file is
/// never decoded with U+FFFD in place of what could not be read.
std::optional<std::string> to_utf8(std::string_view bytes);

/// Where `offset` lies in `text`: "line L, byte B" (both from 1).
std::string position_of(std::string_view text, std::size_t offset);

}  // namespace lsearch::detail
