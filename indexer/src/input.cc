// Reading lindex's inputs. See input.h for the formats and the errors.
#include "input.h"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "encoding.h"
#include "lsearch/common/analyzer.h"
#include "lsearch/common/error.h"

namespace lsearch::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kFrontMatterFence = "---";
constexpr std::array<std::string_view, 6> kKeys = {"id",     "title", "date",
                                                   "source", "url",   "companies"};
constexpr std::size_t key_index(std::string_view key) {
    return static_cast<std::size_t>(std::find(kKeys.begin(), kKeys.end(), key) - kKeys.begin());
}
constexpr std::string_view kKnownKeys = "id, title, date, source, url, companies";
constexpr std::string_view kUnsupported =
    "unsupported file type (expected .md, .txt, .jsonl, .jsonl.gz)";
constexpr std::size_t kReadChunk = 1 << 16;

// ---------------------------------------------------------------------------
// Text helpers. Texts are valid UTF-8 by the time they get here.

// Unicode White_Space characters outside ASCII, plus U+FEFF (a stray BOM):
// French typography puts U+00A0 and U+202F around punctuation, and a value or
// a line made only of them is as blank as one made of spaces.
constexpr std::array<std::string_view, 19> kUnicodeSpaces = {
    "\u00a0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004",
    "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200a", "\u2028",
    "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff"};

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Byte length of the white space character `s` starts with, 0 if none.
std::size_t leading_space(std::string_view s) {
    if (s.empty()) return 0;
    if (is_ascii_space(s.front())) return 1;
    if (static_cast<unsigned char>(s.front()) < 0x80) return 0;
    for (auto space : kUnicodeSpaces) {
        if (s.starts_with(space)) return space.size();
    }
    return 0;
}

// Byte length of the white space character `s` ends with, 0 if none.
std::size_t trailing_space(std::string_view s) {
    if (s.empty()) return 0;
    if (is_ascii_space(s.back())) return 1;
    if (static_cast<unsigned char>(s.back()) < 0x80) return 0;
    for (auto space : kUnicodeSpaces) {
        if (s.ends_with(space)) return space.size();
    }
    return 0;
}

std::string_view trim(std::string_view s) {
    while (const auto n = leading_space(s))
        s.remove_prefix(n);
    while (const auto n = trailing_space(s))
        s.remove_suffix(n);
    return s;
}

bool is_blank(std::string_view s) {
    return trim(s).empty();
}

// At most `max` bytes of `s` for an error message, cut on a character boundary.
std::string excerpt(std::string_view s, std::size_t max = 60) {
    if (s.size() <= max) return std::string(s);
    while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80)
        --max;
    return std::string(s.substr(0, max)) + "…";
}

// `bytes` in MiB, one decimal: `10.0 MiB`.
std::string in_mib(std::uint64_t bytes) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f MiB",
                  static_cast<double>(bytes) / (1024.0 * 1024.0));
    return buffer;
}

std::string in_quotes(std::string_view s) {
    return "'" + excerpt(s) + "'";
}

// The lines of `text`, without their '\n' nor the '\r' of a CRLF ending.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (true) {
        const auto end = text.find('\n');
        auto line = text.substr(0, end);
        if (line.ends_with('\r')) line.remove_suffix(1);
        lines.push_back(line);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

// Lines [first, lines.size()) joined by '\n', without the blank lines at
// either end nor the white space after the last character. What lies between
// is kept as written (paragraph breaks, indentation, NBSPs).
std::string join_body(const std::vector<std::string_view>& lines, std::size_t first) {
    std::size_t last = lines.size();
    while (first < last && is_blank(lines[first]))
        ++first;
    while (last > first && is_blank(lines[last - 1]))
        --last;
    std::string body;
    for (std::size_t i = first; i < last; ++i) {
        if (i > first) body += '\n';
        body += lines[i];
    }
    while (const auto n = trailing_space(body))
        body.resize(body.size() - n);
    return body;
}

// The same trimming for a body that arrives in one piece (JSON Lines).
std::string trim_body(std::string_view text) {
    // Only the blank lines at the start go; leading spaces of the first
    // line with text are the text's own.
    while (true) {
        const auto end = text.find('\n');
        if (end == std::string_view::npos || !is_blank(text.substr(0, end))) break;
        text.remove_prefix(end + 1);
    }
    if (is_blank(text)) return {};
    while (const auto n = trailing_space(text))
        text.remove_suffix(n);
    return std::string(text);
}

// A Markdown ATX heading's text (`# Titre` -> `Titre`); other lines unchanged.
std::string_view heading_text(std::string_view line) {
    std::size_t hashes = 0;
    while (hashes < line.size() && line[hashes] == '#')
        ++hashes;
    if (hashes == 0 || hashes > 6 || (hashes < line.size() && line[hashes] != ' ')) return line;
    return trim(line.substr(hashes));
}

// Adds the company `name` (trimmed) unless it is empty or already there.
void add_company(std::vector<std::string>& companies, std::string_view name) {
    name = trim(name);
    if (name.empty()) return;
    if (std::find(companies.begin(), companies.end(), name) != companies.end()) return;
    companies.emplace_back(name);
}

// The canonical form of a date written in any of the forms of
// PartialDate::read(), or nothing when it is not a date.
std::optional<std::string> canonical_date(std::string_view text) {
    const auto date = PartialDate::read(text);
    if (!date) return std::nullopt;
    return date->to_string();
}

// ---------------------------------------------------------------------------
// File kinds.

std::string lower_ascii(std::string s) {
    for (auto& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

// The format of a file by its name (case-insensitive extension), and the
// length of the extension to strip to get its id.
struct Kind {
    InputFile::Format format;
    std::size_t extension_size;
};

std::optional<Kind> kind_of(const fs::path& path) {
    const auto name = lower_ascii(path.filename().string());
    static constexpr std::array<std::pair<std::string_view, InputFile::Format>, 4> kKinds = {{
        {".jsonl.gz", InputFile::Format::JsonlGz},
        {".jsonl", InputFile::Format::Jsonl},
        {".md", InputFile::Format::Article},
        {".txt", InputFile::Format::Article},
    }};
    for (const auto& [extension, format] : kKinds) {
        if (name.ends_with(extension)) return Kind{format, extension.size()};
    }
    return std::nullopt;
}

// `relative` without its extension, with '/' separators: the default id.
std::string id_from_path(const fs::path& relative, const Kind& kind) {
    auto id = relative.generic_string();
    id.resize(id.size() - kind.extension_size);
    return id;
}

bool is_hidden(const fs::path& path) {
    return path.filename().string().starts_with('.');
}

// ---------------------------------------------------------------------------
// Listing a directory.

// A directory's identity, whatever the name it is reached by.
using DirectoryKey = std::pair<dev_t, ino_t>;

std::optional<DirectoryKey> key_of_directory(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    return DirectoryKey{info.st_dev, info.st_ino};
}

// The article files and feeds under `root`, recursively, following symbolic
// links. A directory is read once, by the first name it is reached by: a
// link back to a directory already read (a loop, or a second name for it)
// is skipped, reported to `on_skipped`. A directory that cannot be read and
// a dangling link (what it named may be on a disk not mounted) go to
// `on_problem`: the listing is then incomplete, and lindex removes nothing
// under `root`. Hidden files and directories are skipped.
void list_directory(const fs::path& root, std::vector<InputFile>& found,
                    const ProblemHandler& on_problem, const ProblemHandler& on_skipped) {
    std::map<DirectoryKey, fs::path> read;
    // Whether `directory` is new, then recorded; reported when it is not.
    const auto first_time = [&](const fs::path& directory) {
        const auto key = key_of_directory(directory);
        if (!key) {
            on_problem(directory.string(),
                       "cannot read directory: " + std::generic_category().message(errno));
            return false;
        }
        const auto [seen, inserted] = read.try_emplace(*key, directory);
        if (inserted) return true;
        auto under = seen->second.string();
        if (!under.ends_with('/')) under += '/';
        const bool loop = directory.string().starts_with(under);
        on_skipped(directory.string(), std::string(loop ? "symbolic link loop: leads back to "
                                                        : "the same directory as ") +
                                           seen->second.string() + ", already read: skipped");
        return false;
    };
    first_time(root);
    std::vector<fs::path> pending = {root};
    // Directories reached through a link wait until every real directory
    // has been read, so that a directory is named by its own path rather
    // than a link's, whatever the order of the names.
    std::vector<fs::path> links;
    while (!pending.empty() || !links.empty()) {
        if (pending.empty()) {
            std::sort(links.begin(), links.end(), std::greater<>());
            const fs::path link = std::move(links.back());
            links.pop_back();
            if (first_time(link)) pending.push_back(link);
            continue;
        }
        const fs::path directory = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        fs::directory_iterator it(directory, ec);
        for (const fs::directory_iterator end; !ec && it != end; it.increment(ec)) {
            const fs::path& path = it->path();
            if (is_hidden(path)) continue;
            std::error_code link_ec, status_ec;
            const bool link = it->is_symlink(link_ec);
            const auto status = fs::status(path, status_ec);
            if (status_ec || status.type() == fs::file_type::not_found) {
                std::error_code target_ec;
                const auto target = link ? fs::read_symlink(path, target_ec) : fs::path();
                const std::string to = target.empty() ? "" : " to " + target.string();
                if (status_ec.value() == ELOOP) {
                    on_skipped(path.string(), "symbolic link" + to +
                                                  " in a loop of links (too many levels): "
                                                  "skipped");
                } else if (status_ec && status_ec.value() != ENOENT) {
                    on_problem(path.string(), "cannot read: " + status_ec.message());
                } else {
                    on_problem(path.string(),
                               "dangling symbolic link" + to +
                                   " (its target does not exist): skipped; remove the link, "
                                   "or restore its target");
                }
                continue;
            }
            if (fs::is_directory(status)) {
                if (link) {
                    links.push_back(path);
                } else if (first_time(path)) {
                    pending.push_back(path);
                }
                continue;
            }
            if (!fs::is_regular_file(status)) continue;
            if (const auto kind = kind_of(path)) {
                found.push_back({path, path.string(),
                                 id_from_path(path.lexically_relative(root), *kind), kind->format});
            }
        }
        // A directory that cannot be read is reported, not skipped: lindex
        // would take its files for deleted.
        if (ec) on_problem(directory.string(), "cannot read directory: " + ec.message());
    }
}

// ---------------------------------------------------------------------------
// Reading.

InputItem problem(std::string origin, std::string_view reason) {
    InputItem item;
    item.error = origin + ": " + std::string(reason);
    item.origin = std::move(origin);
    return item;
}

std::string errno_message(int error) {
    return std::generic_category().message(error);
}

// A file's bytes, decompressed when it is gzip. inflate() rather than
// gzread(): on corrupt data gzread() drops what it decompressed in the same
// call, and the good records before the damage must still be delivered.
class FileSource {
  public:
    explicit FileSource(const fs::path& path)
        : file_(std::fopen(path.c_str(), "rb"), &std::fclose), input_(kReadChunk) {
        if (!file_) error_ = "cannot open: " + errno_message(errno);
    }
    ~FileSource() {
        if (inflating_) inflateEnd(&stream_);
    }
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    // Whether the file starts with a gzip header (false on error: see error()).
    bool starts_with_gzip() {
        return fill() && stream_.avail_in >= 2 && stream_.next_in[0] == 0x1f &&
               stream_.next_in[1] == 0x8b;
    }
    // Whether the file has no byte left to read (or an error occurred).
    bool at_end() { return !fill(); }

    // Bytes of the file consumed so far (compressed bytes for gzip).
    [[nodiscard]] std::uint64_t position() const { return read_ - stream_.avail_in; }

    // Decompresses what follows (gzip members, one after the other, as gzip -d).
    void decompress() {
        if (inflateInit2(&stream_, 15 + 16) != Z_OK) {  // 16: gzip wrapper only
            error_ = "out of memory";
            return;
        }
        inflating_ = true;
    }

    // Up to `size` bytes into `buffer`; 0 at the end; -1 on error (see error()).
    std::ptrdiff_t read(char* buffer, std::size_t size) {
        if (!error_.empty()) return -1;
        if (!inflating_) {
            if (!fill()) return error_.empty() ? 0 : -1;
            const auto n = std::min<std::size_t>(size, stream_.avail_in);
            std::memcpy(buffer, stream_.next_in, n);
            stream_.next_in += n;
            stream_.avail_in -= static_cast<uInt>(n);
            return static_cast<std::ptrdiff_t>(n);
        }
        stream_.next_out = reinterpret_cast<Bytef*>(buffer);
        stream_.avail_out = static_cast<uInt>(size);
        while (stream_.avail_out > 0 && !end_) {
            if (!fill()) {
                if (error_.empty()) {
                    if (member_done_) {
                        end_ = true;
                    } else {
                        error_ = "truncated gzip file (unexpected end of file)";
                    }
                }
                break;
            }
            if (member_done_) {
                // Another member follows, or trailing garbage, which gzip -d ignores too.
                if (stream_.next_in[0] != 0x1f) {
                    end_ = true;
                    break;
                }
                inflateReset(&stream_);
                member_done_ = false;
            }
            const int status = inflate(&stream_, Z_NO_FLUSH);
            if (status == Z_STREAM_END) {
                member_done_ = true;
            } else if (status == Z_MEM_ERROR) {
                error_ = "out of memory";
            } else if (status != Z_OK && status != Z_BUF_ERROR) {
                error_ = std::string("corrupt gzip data (") +
                         (stream_.msg != nullptr ? stream_.msg : "unknown error") + ")";
            }
            if (!error_.empty()) break;
        }
        // What was decompressed before an error is delivered; the error comes next call.
        const auto produced = size - stream_.avail_out;
        if (produced > 0) return static_cast<std::ptrdiff_t>(produced);
        return error_.empty() ? 0 : -1;
    }

    [[nodiscard]] const std::string& error() const { return error_; }

  private:
    // Refills the input buffer once it is used up; false at the end of the
    // file or on error.
    bool fill() {
        if (!error_.empty()) return false;
        if (stream_.avail_in > 0) return true;
        const auto n = std::fread(input_.data(), 1, input_.size(), file_.get());
        if (n == 0) {
            if (std::ferror(file_.get()) != 0) error_ = "read error: " + errno_message(errno);
            return false;
        }
        read_ += n;
        stream_.next_in = input_.data();
        stream_.avail_in = static_cast<uInt>(n);
        return true;
    }

    std::uint64_t read_ = 0;  // bytes read from the file
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
    std::vector<unsigned char> input_;
    z_stream stream_{};  // next_in/avail_in: the unread input, in both modes
    bool inflating_ = false;
    bool member_done_ = false;  // the last gzip member read so far is complete
    bool end_ = false;
    std::string error_;
};

// The whole content of a file (as it is, even gzip), or an error message.
// Why an article of `size` bytes (`at_least`: or more) is refused.
std::string too_large(std::string_view what, std::uint64_t size, bool at_least,
                      std::uint64_t limit) {
    return std::string(what) + " of " + (at_least ? "more than " : "") + std::to_string(size) +
           " bytes (" + in_mib(size) + "), over the limit of " + std::to_string(limit) +
           " bytes (" + in_mib(limit) +
           "): not indexed (raise the limit with --max-article-size if it really is one "
           "article)";
}

// The content of an article file, unless it is over `limit` bytes, which is
// known from its size before any byte is read (or, for a pipe, as soon as
// the limit is passed).
bool read_file(const fs::path& path, std::uint64_t limit, std::string& content,
               std::string& error) {
    FileSource source(path);
    if (std::error_code ec; fs::is_regular_file(path, ec)) {
        if (const auto size = fs::file_size(path, ec); !ec && size > limit) {
            error = too_large("article file", size, false, limit);
            return false;
        }
    }
    std::vector<char> buffer(kReadChunk);
    std::ptrdiff_t n = 0;
    while ((n = source.read(buffer.data(), buffer.size())) > 0) {
        content.append(buffer.data(), static_cast<std::size_t>(n));
        if (content.size() > limit) {
            error = too_large("article file", limit, true, limit);
            return false;
        }
    }
    error = source.error();
    return n == 0;
}

// Standard input (through std::cin's buffer, so that it can be redirected).
class StreamSource {
  public:
    explicit StreamSource(std::istream& stream) : stream_(stream) {}

    // A stream has no known size: no position.
    [[nodiscard]] static std::uint64_t position() { return 0; }

    std::ptrdiff_t read(char* buffer, std::size_t size) {
        auto* streambuf = stream_.rdbuf();
        if (streambuf == nullptr) return 0;
        const auto n = streambuf->sgetn(buffer, static_cast<std::streamsize>(size));
        if (n < 0) {
            error_ = "read error";
            return -1;
        }
        return static_cast<std::ptrdiff_t>(n);
    }

    [[nodiscard]] const std::string& error() const { return error_; }

  private:
    std::istream& stream_;
    std::string error_;
};

// Reads `source` line by line (lines may be of any length), one record per
// non-blank line.
template <typename Source>
void read_jsonl(Source& source, const std::string& name, std::uint64_t limit,
                const std::function<void(InputItem&&)>& on_item) {
    std::size_t line_number = 0;
    bool any_record = false;
    bool utf16 = false;
    const auto on_line = [&](std::string_view line) {
        ++line_number;
        if (utf16) return;
        if (line_number == 1 && (line.starts_with("\xFF\xFE") || line.starts_with("\xFE\xFF"))) {
            // Every line would be rejected in turn: the file is, once.
            utf16 = any_record = true;
            on_item(problem(name,
                            "UTF-16 text (byte order mark); JSON Lines must be UTF-8: convert the "
                            "file, e.g. `iconv -f utf-16 -t utf-8`"));
            return;
        }
        if (is_blank(line)) return;
        any_record = true;
        InputItem item;
        item.origin = name + ":" + std::to_string(line_number);
        item.position = source.position();
        try {
            item.article = parse_jsonl_record(line, item.origin);
            item.ok = true;
        } catch (const InputError& e) {
            item.error = e.what();
        }
        on_item(std::move(item));
    };

    // A record over the limit is skipped as it is read, never held whole:
    // `skipped` counts its bytes so far.
    std::uint64_t skipped = 0;
    const auto on_long_line = [&](std::uint64_t size) {
        ++line_number;
        if (utf16) return;
        any_record = true;
        auto item = problem(name + ":" + std::to_string(line_number),
                            too_large("record", size, false, limit));
        item.position = source.position();
        on_item(std::move(item));
    };

    std::vector<char> buffer(kReadChunk);
    std::string pending;  // the start of a line longer than what is in the buffer
    while (true) {
        const auto n = source.read(buffer.data(), buffer.size());
        if (n < 0) {
            // What was read of the current line is dropped: it may be cut short.
            on_item(problem(name + ":" + std::to_string(line_number + 1),
                            source.error() + "; stopped reading at this line"));
            return;
        }
        if (n == 0) break;
        std::string_view chunk(buffer.data(), static_cast<std::size_t>(n));
        for (auto end = chunk.find('\n'); end != std::string_view::npos; end = chunk.find('\n')) {
            const auto part = chunk.substr(0, end);
            if (skipped > 0 || pending.size() + part.size() > limit) {
                on_long_line(skipped + pending.size() + part.size());
                skipped = 0;
                pending.clear();
            } else if (pending.empty()) {
                on_line(part);
            } else {
                pending.append(part);
                on_line(pending);
                pending.clear();
            }
            chunk.remove_prefix(end + 1);
        }
        if (skipped > 0 || pending.size() + chunk.size() > limit) {
            skipped += pending.size() + chunk.size();
            std::string().swap(pending);
        } else {
            pending.append(chunk);
        }
    }
    if (skipped > 0) {
        on_long_line(skipped);
    } else if (!pending.empty()) {
        on_line(pending);
    }
    if (!any_record) on_item(problem(name, "empty file (no JSON Lines record)"));
}

}  // namespace

Article parse_article_file(std::string_view content, std::string_view default_id,
                           std::string_view name) {
    const auto error = [&](std::string_view reason) {
        return InputError(std::string(name) + ": " + std::string(reason));
    };
    const auto line_error = [&](std::size_t index, std::string_view reason) {
        return error("line " + std::to_string(index + 1) + ": " + std::string(reason));
    };

    // Text in another encoding is converted; text that cannot be decoded is
    // rejected rather than indexed with U+FFFD in place of its letters.
    std::string decoded;
    try {
        if (auto utf8 = to_utf8(content)) {
            decoded = std::move(*utf8);
            content = decoded;
        }
    } catch (const InputError& e) {
        throw error(e.what());
    }
    if (const auto nul = content.find('\0'); nul != std::string_view::npos) {
        throw error("binary file (NUL byte at offset " + std::to_string(nul) + ")");
    }
    if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
    if (is_blank(content)) throw error("empty file");

    const auto lines = split_lines(content);
    Article article;
    std::size_t body_start = 0;
    std::array<std::size_t, kKeys.size()> key_line{};  // 1-based line of each key, 0 if absent
    const auto fence = [](std::string_view line) {
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        return line == kFrontMatterFence;
    };

    if (fence(lines[0])) {
        std::size_t close = 1;
        while (close < lines.size() && !fence(lines[close]))
            ++close;
        if (close == lines.size()) {
            throw error(
                "unterminated front matter: no closing '---' line (the first line, '---', opens "
                "a front matter; add a '---' line after its last 'key: value' line)");
        }
        for (std::size_t i = 1; i < close; ++i) {
            const auto line = trim(lines[i]);
            // Blank lines and YAML-style comments are allowed between the keys.
            if (line.empty() || line.starts_with('#')) continue;
            const auto colon = line.find(':');
            const auto key =
                colon == std::string_view::npos ? std::string_view() : trim(line.substr(0, colon));
            if (key.empty()) {
                throw line_error(i, "expected 'key: value' in the front matter, got " +
                                        in_quotes(line) +
                                        " (a missing closing '---' line? add one before the text)");
            }
            const auto value = trim(line.substr(colon + 1));
            const auto index = key_index(key);
            if (index == kKeys.size()) {
                throw line_error(
                    i, "unknown key " + in_quotes(key) +
                           " in the front matter (known keys: " + std::string(kKnownKeys) + ")");
            }
            auto& seen = key_line[index];
            if (seen != 0) {
                throw line_error(i, "duplicate key " + in_quotes(key) + " (first on line " +
                                        std::to_string(seen) + ")");
            }
            seen = i + 1;
            if (key == "id") {
                article.id = value;
            } else if (key == "title") {
                article.title = value;
            } else if (key == "date") {
                if (!value.empty()) {
                    const auto date = canonical_date(value);
                    if (!date) {
                        throw line_error(i, "invalid date " + in_quotes(value) + " (" +
                                                std::string(PartialDate::kForms) + ")");
                    }
                    article.date = *date;
                }
            } else if (key == "source") {
                article.source = value;
            } else if (key == "url") {
                article.url = value;
            } else {  // companies
                std::string_view list = value;
                while (true) {
                    const auto comma = list.find(',');
                    add_company(article.companies, list.substr(0, comma));
                    if (comma == std::string_view::npos) break;
                    list.remove_prefix(comma + 1);
                }
            }
        }
        body_start = close + 1;
    }

    // Without a `title:` line, the first line of text is the title. With one,
    // even empty, the text is left whole: an untitled article keeps its first
    // paragraph.
    const bool has_title_key = key_line[key_index("title")] != 0;
    bool title_from_text = false;
    if (!has_title_key) {
        auto first = body_start;
        while (first < lines.size() && is_blank(lines[first]))
            ++first;
        if (first < lines.size()) {
            article.title = heading_text(trim(lines[first]));
            body_start = first + 1;
            title_from_text = true;
        }
    }

    article.body = join_body(lines, body_start);
    if (article.body.empty()) {
        if (title_from_text) {
            throw error(
                "no text after the title (without a 'title:' in a front matter, the first line "
                "is the title and the text follows it)");
        }
        throw error(
            "no text after the front matter (add the article's text after the closing "
            "'---' line)");
    }
    if (article.id.empty()) article.id = default_id;
    if (article.id.empty()) throw error("no id (add an 'id:' line to the front matter)");
    return article;
}

Article parse_jsonl_record(std::string_view line, std::string_view origin) {
    const auto error = [&](std::string_view reason) {
        return InputError(std::string(origin) + ": " + std::string(reason));
    };

    // JSON is UTF-8 (RFC 8259): a record that is not is rejected rather than
    // guessed at, one line at a time, or indexed with U+FFFD for its letters.
    if (const auto invalid = first_invalid_utf8(line); invalid != std::string_view::npos) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(line[invalid]));
        throw error("not UTF-8 (byte " + std::string(byte) + " at byte " +
                    std::to_string(invalid + 1) +
                    " of the line); JSON Lines must be UTF-8: convert the file, e.g. `iconv -f "
                    "windows-1252 -t utf-8` for Windows or Latin-1 text");
    }
    if (line.starts_with(kBom)) line.remove_prefix(kBom.size());

    nlohmann::json json;
    try {
        json = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
        // e.what() is "[json.exception.parse_error.101] parse error at line 1,
        // column 5: <detail>": keep the detail, the line is in the origin.
        std::string_view detail = e.what();
        if (const auto at = detail.find(": ", detail.find("column")); at != detail.npos) {
            detail.remove_prefix(at + 2);
        }
        // The detail quotes the bytes last read, which may end inside a
        // UTF-8 sequence (found by fuzz/fuzz_jsonl.cc).
        throw error("invalid JSON at byte " + std::to_string(e.byte) + ": " +
                    excerpt(repair_utf8(detail), 200));
    } catch (const nlohmann::json::exception& e) {
        // A number too large for a double (`1e400`) is out_of_range.406, not
        // a parse_error; it must reject the record, not stop lindex (found
        // by fuzz/fuzz_jsonl.cc). e.what() is "[json.exception.…] <detail>".
        std::string_view detail = e.what();
        if (const auto at = detail.find("] "); at != detail.npos) detail.remove_prefix(at + 2);
        throw error("invalid JSON: " + excerpt(repair_utf8(detail), 200));
    }
    if (!json.is_object()) {
        throw error(std::string("expected a JSON object, got ") + json.type_name());
    }

    Article article;
    const auto end = json.end();
    if (const auto id = json.find("id"); id == end) {
        throw error("missing 'id' (required: a non-empty string)");
    } else if (id->is_string()) {
        article.id = id->get_ref<const std::string&>();
    } else if (id->is_number_integer()) {
        // Some corpora number their records: an integer id is taken as its
        // decimal form, so `"id": 42` and `"id": "42"` are the same document.
        article.id = id->dump();
    } else {
        throw error(std::string("'id' must be a string (got ") + id->type_name() + ")");
    }
    if (is_blank(article.id)) throw error("empty 'id'");

    if (const auto body = json.find("body"); body == end) {
        throw error("missing 'body' (required: the article's text, a string)");
    } else if (!body->is_string()) {
        throw error(std::string("'body' must be a string (got ") + body->type_name() + ")");
    } else {
        article.body = trim_body(body->get_ref<const std::string&>());
    }
    if (article.body.empty()) throw error("empty 'body'");

    // Optional strings: null, absent and "" all mean "not known".
    const auto optional_string = [&](const char* key) -> std::string {
        const auto value = json.find(key);
        if (value == end || value->is_null()) return {};
        if (!value->is_string()) {
            throw error(std::string("'") + key + "' must be a string or null (got " +
                        value->type_name() + ")");
        }
        return std::string(trim(value->get_ref<const std::string&>()));
    };
    article.title = optional_string("title");
    article.source = optional_string("source");
    article.url = optional_string("url");
    if (const auto date = optional_string("date"); !date.empty()) {
        const auto canonical = canonical_date(date);
        if (!canonical) {
            throw error("invalid 'date' " + in_quotes(date) + " (" +
                        std::string(PartialDate::kForms) + ")");
        }
        article.date = *canonical;
    }

    if (const auto companies = json.find("companies"); companies != end && !companies->is_null()) {
        if (!companies->is_array()) {
            throw error(std::string("'companies' must be an array of strings or null (got ") +
                        companies->type_name() + ")");
        }
        std::size_t index = 0;
        for (const auto& company : *companies) {
            ++index;
            if (!company.is_string()) {
                throw error("'companies' must be an array of strings (item " +
                            std::to_string(index) + " is " + company.type_name() + ")");
            }
            add_company(article.companies, company.get_ref<const std::string&>());
        }
    }
    return article;
}

std::vector<InputFile> expand_inputs(const std::vector<std::string>& inputs,
                                     const ProblemHandler& on_problem,
                                     const ProblemHandler& on_skipped) {
    std::vector<InputFile> files;
    for (const auto& input : inputs) {
        if (input == "-") {
            files.push_back({"-", "<stdin>", "", InputFile::Format::Stdin});
            continue;
        }
        const fs::path root(input);
        std::error_code ec;
        const auto status = fs::status(root, ec);
        if (status.type() == fs::file_type::not_found) {
            on_problem(input, "no such file or directory");
            continue;
        }
        if (ec) {
            on_problem(input, ec.message());
            continue;
        }

        if (!fs::is_directory(status)) {
            // A file named explicitly is read even if hidden or not regular
            // (a named pipe works for JSON Lines).
            if (const auto kind = kind_of(root)) {
                files.push_back({root, input, id_from_path(root.filename(), *kind), kind->format});
            } else {
                on_problem(input, std::string(kUnsupported));
            }
            continue;
        }

        // skip_permission_denied below would hide an unreadable INPUT itself.
        if (fs::directory_iterator probe(root, ec); ec) {
            on_problem(input, "cannot read directory: " + ec.message());
            continue;
        }
        std::vector<InputFile> found;
        list_directory(root, found, on_problem, on_skipped ? on_skipped : on_problem);
        std::sort(found.begin(), found.end(),
                  [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
        std::move(found.begin(), found.end(), std::back_inserter(files));
    }
    return files;
}

void read_input(const InputFile& file, const std::function<void(InputItem&&)>& on_item,
                std::uint64_t max_article_bytes) {
    switch (file.format) {
        case InputFile::Format::Article: {
            std::string content, reason;
            if (!read_file(file.path, max_article_bytes, content, reason)) {
                on_item(problem(file.name, reason));
                return;
            }
            InputItem item;
            item.origin = file.name;
            try {
                item.article = parse_article_file(content, file.default_id, file.name);
                item.ok = true;
            } catch (const InputError& e) {
                item.error = e.what();
            }
            on_item(std::move(item));
            return;
        }
        case InputFile::Format::Jsonl:
        case InputFile::Format::JsonlGz: {
            FileSource source(file.path);
            if (source.starts_with_gzip()) {
                // Even named .jsonl: a compressed feed is read as it is meant to be.
                source.decompress();
            } else if (file.format == InputFile::Format::JsonlGz && !source.at_end()) {
                on_item(problem(file.name, "not a gzip file (no gzip header)"));
                return;
            }
            if (!source.error().empty()) {
                on_item(problem(file.name, source.error()));
                return;
            }
            read_jsonl(source, file.name, max_article_bytes, on_item);
            return;
        }
        case InputFile::Format::Stdin: {
            StreamSource source(std::cin);
            read_jsonl(source, file.name, max_article_bytes, on_item);
            return;
        }
    }
}

}  // namespace lsearch::detail
