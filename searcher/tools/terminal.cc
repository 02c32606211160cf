#include "terminal.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace lsearch::tools {

namespace {

void append_hex(std::string& out, std::uint32_t value) {
    static constexpr char kDigits[] = "0123456789abcdef";
    char digits[8];
    int n = 0;
    do {
        digits[n++] = kDigits[value & 0xFU];
        value >>= 4U;
    } while (value != 0);
    if (n == 1) digits[n++] = '0';  // two digits at least: \x0a, \u{0a}
    while (n > 0)
        out += digits[--n];
}

}  // namespace

std::string escape_for_terminal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    while (at < text.size()) {
        // A UTF-8 sequence is at most 4 bytes: U8_NEXT reads a window of 4,
        // so that any size of text fits its int32_t offsets.
        const auto* window = reinterpret_cast<const std::uint8_t*>(text.data() + at);
        const auto window_size =
            static_cast<std::int32_t>(std::min<std::size_t>(4, text.size() - at));
        std::int32_t next = 0;
        UChar32 c = 0;
        U8_NEXT(window, next, window_size, c);
        const auto size = static_cast<std::size_t>(next);
        if (c < 0) {
            // Ill-formed: U8_NEXT skipped its maximal subpart, one byte or more.
            for (std::size_t i = 0; i < size; ++i) {
                out += "\\x";
                append_hex(out, window[i]);
            }
        } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            out += "\\u{";
            append_hex(out, static_cast<std::uint32_t>(c));
            out += '}';
        } else {
            out.append(text.substr(at, size));
        }
        at += size;
    }
    return out;
}

bool use_colour(bool stdout_is_terminal, const char* term, const char* no_color) {
    if (!stdout_is_terminal) return false;
    if (no_color != nullptr && no_color[0] != '\0') return false;
    return term != nullptr && term[0] != '\0' && std::strcmp(term, "dumb") != 0;
}

}  // namespace lsearch::tools
