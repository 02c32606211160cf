// Reading lindex's inputs: article files (optional front matter, then text)
// and JSON Lines feeds (.jsonl, .jsonl.gz, standard input). Internal.
//
// Every text is returned as valid UTF-8, converted from the file's encoding
// (encoding.h), never with U+FFFD in place of what could not be read: such an
// input is rejected. Problems are reported per input, naming the file and,
// for JSON Lines, the line (`feed.jsonl:2`), and never stop the other inputs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lsearch/common/article.h"

namespace lsearch::detail {

/// Parses the content of an article file (`.md`/`.txt`):
/// ```
/// ---
/// id: x
/// title: ...
/// date: 2025-10
/// source: ...
/// url: ...
/// companies: Amazon, AWS
/// ---
/// body
/// ```
/// Front matter is optional; without it (or without a `title:`), the first
/// non-empty line of the text is the title and the rest the body. The id is the
/// front-matter `id`, else `default_id`. `name` is used in error messages.
/// `content` in another encoding than UTF-8 is converted first (to_utf8()).
/// Throws lsearch::InputError ("<name>: <reason>") for: bytes whose encoding
/// cannot be told, an empty file, NUL bytes (a binary file), front matter
/// opened by `---` but never closed ("unterminated front matter: no closing
/// '---' line"), a line of front matter that is not `key: value`, an unknown
/// key, a date that PartialDate::read() does not take, an empty body, a
/// duplicate key. The date is stored in its canonical form.
Article parse_article_file(std::string_view content, std::string_view default_id,
                           std::string_view name);

/// Parses one JSON Lines record: an object with `id` (string, required, non-empty),
/// `body` (string, required, non-empty), optional strings `title`, `date`,
/// `source`, `url` (null counts as absent) and optional `companies` (array of
/// strings). `origin` (e.g. `feed.jsonl:2`) is used in error messages.
/// Throws lsearch::InputError ("<origin>: <reason>") for a line that is not
/// UTF-8 (JSON is, by RFC 8259: guessing at one line's encoding would mangle
/// it as often as not), invalid JSON, a non-object, missing or mistyped
/// fields, a date that PartialDate::read() does not take.
Article parse_jsonl_record(std::string_view line, std::string_view origin);

/// One input file found under an INPUT argument.
struct InputFile {
    std::filesystem::path path;  ///< As found (absolute if the INPUT was).
    std::string name;            ///< For messages: the path as the user would recognise it.
    std::string default_id;      ///< Relative path from the INPUT directory, without extension
                                 ///< (`data/articles/x.md` under `data/articles` -> `x`;
                                 ///< for a file INPUT, its stem).
    enum class Format { Article, Jsonl, JsonlGz, Stdin } format;
};

/// Called with the path of an input and what is wrong with it.
using ProblemHandler = std::function<void(const std::string& name, const std::string& reason)>;

/// Expands INPUT arguments: a directory (recursively, files ending in `.md`,
/// `.txt`, `.jsonl`, `.jsonl.gz`, in sorted order for reproducibility, hidden
/// files and directories skipped, symbolic links followed), a single file of
/// those kinds, or `-` for JSON Lines on standard input. Calls
/// `on_problem(name, reason)` for an input that does not exist or has an
/// unsupported extension, a directory that cannot be read and a dangling
/// symbolic link, after which the listing of that INPUT is incomplete (files
/// may be missing from it), and goes on. A directory is read once, whatever
/// the links to it: a link to a directory already read (a loop, or another
/// name for it, by device and inode) is skipped and reported to `on_skipped`
/// (to `on_problem` when `on_skipped` is empty); the listing is then still
/// complete.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& inputs,
                                     const ProblemHandler& on_problem,
                                     const ProblemHandler& on_skipped = {});

/// A document read from an input, or a problem with one.
struct InputItem {
    bool ok = false;
    Article article;     ///< When ok.
    std::string origin;  ///< `file` or `file:line`.
    std::string error;   ///< When !ok: "<origin>: <reason>".
    /// Bytes of the file read when the item was delivered (compressed bytes
    /// for gzip; 0 for standard input and article files), for progress.
    std::uint64_t position = 0;
};

/// The largest article read by default, in bytes: an article file's size, a
/// JSON Lines record's line (decompressed). Indexing takes some 50 bytes of
/// memory per byte of text (a 10 MiB article took 560 MB); the longest
/// article of OrangeSum is 22 kB, a long news article rarely 200 kB.
inline constexpr std::uint64_t kDefaultMaxArticleBytes = std::uint64_t{10} << 20;

/// Reads every document of `file` (one for an article file, one per non-blank
/// line for JSON Lines; gzip through zlib; `-` reads std::cin), calling
/// `on_item` for each document or problem. An unreadable file (permissions,
/// corrupt gzip) is one problem item. An article file or a JSON Lines record
/// over `max_article_bytes` is a problem item too, naming its size and the
/// limit; it is never held whole in memory (a file's size is read first, a
/// long line is skipped as it is read). Never throws for bad input.
void read_input(const InputFile& file, const std::function<void(InputItem&&)>& on_item,
                std::uint64_t max_article_bytes = kDefaultMaxArticleBytes);

}  // namespace lsearch::detail
