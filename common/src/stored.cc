#include "lsearch/common/stored.h"

#include <stdexcept>

#include "lsearch/common/error.h"

namespace lsearch {
namespace {

// Bumped with schema::kFormatVersion when either layout changes.
constexpr char kRecordVersion = 1;
constexpr char kBodyVersion = 1;

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

std::string to_stored_body(std::string_view body, const std::vector<Token>& tokens,
                           std::uint32_t first_position) {
    std::string out(1, kBodyVersion);
    put_string(out, body);
    put_varint(out, first_position);
    std::size_t words = 0;
    for (const Token& token : tokens)
        words += token.kind == TokenKind::Compound ? 0 : 1;
    put_varint(out, words);
    // Each word: the gap from the previous word's end (zigzag: never negative
    // for the analyser's tokens, but cheap to allow), with a flag for a
    // compound's first position; its length; for a compound, its parts and
    // the size of its joined folded form.
    std::int64_t previous_end = 0;
    const Token* compound = nullptr;
    std::uint32_t position = first_position;
    for (const Token& token : tokens) {
        if (token.kind == TokenKind::Compound) {
            compound = &token;
            continue;
        }
        if (token.position != position++ || token.end < token.begin || token.end > body.size()) {
            throw std::logic_error("to_stored_body: tokens are not the analysis of the body");
        }
        const std::int64_t gap = static_cast<std::int64_t>(token.begin) - previous_end;
        const std::uint64_t zigzag = gap < 0 ? (static_cast<std::uint64_t>(-gap) << 1) - 1
                                             : static_cast<std::uint64_t>(gap) << 1;
        const bool starts_compound = compound != nullptr && compound->position == token.position;
        put_varint(out, zigzag << 1 | (starts_compound ? 1U : 0U));
        put_varint(out, token.end - token.begin);
        if (starts_compound) {
            put_varint(out, compound->parts);
            put_varint(out, compound->folded.size());
            compound = nullptr;
        }
        previous_end = token.end;
    }
    return out;
}

StoredBody from_stored_body(std::string_view data) {
    Reader in(data, "body");
    if (in.byte() != kBodyVersion) in.fail("unknown version");
    StoredBody body;
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
            span.joined_size = in.u32();
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

}  // namespace lsearch
