#include "lsearch/common/stored.h"

#include <memory>
#include <stdexcept>

#include <zstd.h>

#include "lsearch/common/error.h"

namespace lsearch {
namespace {

// Bumped with schema::kFormatVersion when either layout changes.
constexpr char kRecordVersion = 1;
constexpr char kBodyVersion = 2;
// zstd's fastest level: on OrangeSum it compresses the bodies as well as
// Xapian's zlib did (54 against about 50 MB) for a quarter of the CPU, and
// reads back in a third of the time (docs/PERFORMANCE.md).
constexpr int kBodyLevel = 1;
// The largest body table read back: a damaged frame could claim any size.
constexpr unsigned long long kMaxBodyTable = 1ULL << 30;

void put_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out += static_cast<char>((value & 0x7F) | 0x80);
        value >>= 7;
    }
    out += static_cast<char>(value);
}

void put_string(std::string& out, std::string_view text) {
    put_varint(out, text.size());
    out += text;
}

// Reads varints and strings from stored data, throwing IndexError (naming
// what was being read) when the data ends early or is malformed.
class Reader {
  public:
    Reader(std::string_view data, const char* what) : data_(data), what_(what) {}

    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            if (at_ >= data_.size()) fail("truncated");
            const auto byte = static_cast<unsigned char>(data_[at_++]);
            value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) return value;
        }
        fail("malformed number");
    }

    std::uint32_t u32() {
        const std::uint64_t value = varint();
        if (value > UINT32_MAX) fail("number out of range");
        return static_cast<std::uint32_t>(value);
    }

    std::string_view bytes(std::uint64_t size) {
        if (size > data_.size() - at_) fail("truncated");
        const std::string_view out = data_.substr(at_, size);
        at_ += size;
        return out;
    }

    std::string_view string() { return bytes(varint()); }

    char byte() { return bytes(1)[0]; }

    [[nodiscard]] bool done() const { return at_ == data_.size(); }

    [[noreturn]] void fail(const std::string& why) const {
        throw IndexError(std::string("unreadable stored ") + what_ + " (" + why +
                         "); rebuild the index with `lindex --full`");
    }

  private:
    std::string_view data_;
    const char* what_;
    std::size_t at_ = 0;
};

// One compression and one decompression context per thread, kept: a
// context costs some 100 KB to set up, more than a body to compress. Frames
// carry a checksum (4 bytes), so that damaged data is refused, not shown.
ZSTD_CCtx* compressor() {
    thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context = [] {
        std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> made(ZSTD_createCCtx(),
                                                                  &ZSTD_freeCCtx);
        if (!made ||
            ZSTD_isError(ZSTD_CCtx_setParameter(made.get(), ZSTD_c_compressionLevel,
                                                kBodyLevel)) != 0 ||
            ZSTD_isError(ZSTD_CCtx_setParameter(made.get(), ZSTD_c_checksumFlag, 1)) != 0) {
            throw std::runtime_error("zstd: cannot set up a compression context");
        }
        return made;
    }();
    return context.get();
}

ZSTD_DCtx* decompressor() {
    thread_local const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(
        ZSTD_createDCtx(), &ZSTD_freeDCtx);
    if (!context) throw std::bad_alloc();
    return context.get();
}

[[noreturn]] void unreadable_body(const std::string& why) {
    throw IndexError("unreadable stored body (" + why + "); rebuild the index with `lindex --full`");
}

}  // namespace

std::string to_record(const Article& article) {
    std::string out(1, kRecordVersion);
    for (const std::string* field :
         {&article.id, &article.title, &article.date, &article.source, &article.url}) {
        put_string(out, *field);
    }
    put_varint(out, article.companies.size());
    for (const auto& company : article.companies)
        put_string(out, company);
    return out;
}

Article from_record(std::string_view data) {
    Reader in(data, "record");
    if (in.byte() != kRecordVersion) in.fail("unknown version");
    Article article;
    for (std::string* field :
         {&article.id, &article.title, &article.date, &article.source, &article.url}) {
        *field = in.string();
    }
    const std::uint64_t companies = in.varint();
    if (companies > data.size()) in.fail("truncated");  // each takes a byte at least
    article.companies.reserve(companies);
    for (std::uint64_t i = 0; i < companies; ++i)
        article.companies.emplace_back(in.string());
    if (!in.done()) in.fail("trailing bytes");
    return article;
}

std::string to_body_table(std::string_view body, const std::vector<Token>& tokens,
                           std::uint32_t first_position) {
    std::string out;
    put_string(out, body);
    put_varint(out, first_position);
    std::size_t words = 0;
    for (const Token& token : tokens)
        words += token.kind == TokenKind::Compound ? 0 : 1;
    put_varint(out, words);
    // Each word: the gap from the previous word's end (zigzag: never negative
    // for the analyser's tokens, but cheap to allow), with a flag for a
    // compound's first position; its length; for a compound, its parts.
    std::int64_t previous_end = 0;
    const Token* compound = nullptr;
    std::uint32_t position = first_position;
    for (const Token& token : tokens) {
        if (token.kind == TokenKind::Compound) {
            compound = &token;
            continue;
        }
        if (token.position != position++ || token.end < token.begin || token.end > body.size()) {
            throw std::logic_error("to_body_table: tokens are not the analysis of the body");
        }
        const std::int64_t gap = static_cast<std::int64_t>(token.begin) - previous_end;
        const std::uint64_t zigzag = gap < 0 ? (static_cast<std::uint64_t>(-gap) << 1) - 1
                                             : static_cast<std::uint64_t>(gap) << 1;
        const bool starts_compound = compound != nullptr && compound->position == token.position;
        put_varint(out, zigzag << 1 | (starts_compound ? 1U : 0U));
        put_varint(out, token.end - token.begin);
        if (starts_compound) {
            put_varint(out, compound->parts);
            compound = nullptr;
        }
        previous_end = token.end;
    }
    return out;
}

std::string to_stored_body(std::string_view body, const std::vector<Token>& tokens,
                           std::uint32_t first_position) {
    return compress_body_table(to_body_table(body, tokens, first_position));
}

std::string compress_body_table(std::string_view table) {
    std::string out(1 + ZSTD_compressBound(table.size()), '\0');
    out[0] = kBodyVersion;
    const std::size_t size =
        ZSTD_compress2(compressor(), out.data() + 1, out.size() - 1, table.data(), table.size());
    if (ZSTD_isError(size) != 0) {
        throw std::runtime_error(std::string("zstd cannot compress a body: ") +
                                 ZSTD_getErrorName(size));
    }
    out.resize(1 + size);
    return out;
}

namespace {

// Reads a body table (to_body_table()'s layout) that `bytes` holds; the
// body keeps the bytes, which its text and spans point into.
StoredBody read_body_table(std::unique_ptr<char[]> bytes, std::size_t size) {
    const std::string_view data(bytes.get(), size);
    Reader in(data, "body");
    StoredBody body;
    body.table = std::move(bytes);
    body.text = in.string();
    body.first_position = in.u32();
    const std::uint64_t words = in.varint();
    if (words > data.size()) in.fail("truncated");  // each takes two bytes at least
    body.spans.resize(words);
    std::int64_t previous_end = 0;
    for (WordSpan& span : body.spans) {
        const std::uint64_t head = in.varint();
        const std::uint64_t zigzag = head >> 1;
        const std::int64_t gap = (zigzag & 1) != 0 ? -static_cast<std::int64_t>((zigzag + 1) >> 1)
                                                   : static_cast<std::int64_t>(zigzag >> 1);
        const std::int64_t begin = previous_end + gap;
        const std::uint64_t length = in.varint();
        if (begin < 0 || static_cast<std::uint64_t>(begin) > body.text.size() ||
            length > body.text.size() - static_cast<std::uint64_t>(begin)) {
            in.fail("word outside the text");
        }
        span.begin = static_cast<std::uint32_t>(begin);
        span.end = static_cast<std::uint32_t>(static_cast<std::uint64_t>(begin) + length);
        if ((head & 1) != 0) {
            const std::uint64_t parts = in.varint();
            if (parts < 2 || parts > 255) in.fail("bad compound");
            span.parts = static_cast<std::uint8_t>(parts);
        }
        previous_end = span.end;
    }
    if (!in.done()) in.fail("trailing bytes");
    // A compound's parts must all be in the table.
    for (std::size_t i = 0; i < body.spans.size(); ++i) {
        if (body.spans[i].parts > body.spans.size() - i) in.fail("bad compound");
    }
    return body;
}

}  // namespace

StoredBody from_stored_body(std::string_view data) {
    if (data.empty()) unreadable_body("empty");
    if (data.front() != kBodyVersion) unreadable_body("unknown version");
    data.remove_prefix(1);
    const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
        unreadable_body("not a zstd frame");
    }
    if (size > kMaxBodyTable) unreadable_body("claims " + std::to_string(size) + " bytes");
    auto table = std::make_unique<char[]>(size == 0 ? 1 : size);
    const std::size_t read =
        ZSTD_decompressDCtx(decompressor(), table.get(), size, data.data(), data.size());
    if (ZSTD_isError(read) != 0) unreadable_body(ZSTD_getErrorName(read));
    if (read != size) unreadable_body("truncated");
    return read_body_table(std::move(table), static_cast<std::size_t>(size));
}

StoredBody from_body_table(std::string_view table) {
    auto copy = std::make_unique<char[]>(table.empty() ? 1 : table.size());
    std::copy(table.begin(), table.end(), copy.get());
    return read_body_table(std::move(copy), table.size());
}

}  // namespace lsearch
