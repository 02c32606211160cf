#include <cctype>

#include "stages.h"

namespace lsearch::detail {
namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

// ASCII digits, with `.` and `,` only between them.
bool is_plain_number(std::string_view s) {
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != ',') return false;
    }
    return !s.empty() && std::isdigit(static_cast<unsigned char>(s.front())) &&
           std::isdigit(static_cast<unsigned char>(s.back()));
}

// A space that may separate thousands groups: U+0020, U+00A0, U+202F.
bool is_group_separator(std::string_view between) {
    return between == " " || between == "\xC2\xA0" || between == "\xE2\x80\xAF";
}

// `000` or `000,5`: a group that can follow a separator.
bool is_following_group(std::string_view s, bool& has_decimals) {
    if (s.size() < 3 || !all_digits(s.substr(0, 3))) return false;
    if (s.size() == 3) {
        has_decimals = false;
        return true;
    }
    has_decimals = true;
    return s[3] == ',' && all_digits(s.substr(4));
}

}  // namespace

void merge_number_groups(std::string_view text, std::vector<Span>& spans) {
    // ICU gives a segment the status of the last rule it matched, so `G7`,
    // `A380`, `COVID19` and `10h30` come out as numbers: only digits with
    // `.` or `,` inside are, the rest are words (lower-cased and stemmed).
    for (Span& span : spans) {
        if (span.numeric)
            span.numeric = is_plain_number(text.substr(span.begin, span.end - span.begin));
    }
    std::size_t out = 0;
    for (std::size_t i = 0; i < spans.size(); ++out) {
        Span merged = spans[i++];
        const std::string_view first = text.substr(merged.begin, merged.end - merged.begin);
        // Only a leading group of 1 to 3 digits starts a thousands number, so a
        // year (4 digits) is never merged with what follows it.
        if (merged.numeric && first.size() <= 3 && all_digits(first)) {
            while (i < spans.size() && spans[i].numeric) {
                const std::string_view between =
                    text.substr(merged.end, spans[i].begin - merged.end);
                const std::string_view next =
                    text.substr(spans[i].begin, spans[i].end - spans[i].begin);
                bool has_decimals = false;
                if (!is_group_separator(between) || !is_following_group(next, has_decimals)) break;
                merged.end = spans[i++].end;
                if (has_decimals) break;
            }
        }
        spans[out] = merged;
    }
    spans.resize(out);
}

bool is_number(std::string_view raw) {
    // Merged groups are plain numbers joined by separators (`14 000,5`);
    // a word never holds a separator.
    if (raw.empty() || !std::isdigit(static_cast<unsigned char>(raw.front()))) return false;
    std::size_t from = 0;
    for (std::size_t i = 0; i <= raw.size();) {
        std::size_t separator = 0;
        if (i < raw.size()) {
            const std::string_view rest = raw.substr(i);
            separator = rest.starts_with(' ')              ? 1
                        : rest.starts_with("\xC2\xA0")     ? 2
                        : rest.starts_with("\xE2\x80\xAF") ? 3
                                                           : 0;
            if (separator == 0) {
                ++i;
                continue;
            }
        }
        if (!is_plain_number(raw.substr(from, i - from))) return false;
        i += separator == 0 ? 1 : separator;
        from = i;
    }
    return true;
}

std::string number_term(std::string_view raw) {
    std::string digits;
    digits.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size();) {
        const std::string_view rest = raw.substr(i);
        if (rest.starts_with(' ')) {
            i += 1;
        } else if (rest.starts_with("\xC2\xA0")) {
            i += 2;
        } else if (rest.starts_with("\xE2\x80\xAF")) {
            i += 3;
        } else {
            digits += raw[i++];
        }
    }
    // `14.000` and `1.234.567`: dots between groups of exactly three digits
    // are thousands separators; `3.14` stays a decimal.
    const std::size_t comma = digits.find(',');
    const std::string_view integer = std::string_view(digits).substr(0, comma);
    bool dotted_thousands = integer.find('.') != std::string_view::npos;
    std::size_t group_start = 0;
    for (std::size_t k = 0; dotted_thousands && k <= integer.size(); ++k) {
        if (k == integer.size() || integer[k] == '.') {
            const std::size_t len = k - group_start;
            const bool first = group_start == 0;
            if (!all_digits(integer.substr(group_start, len)) || (first ? (len > 3) : (len != 3))) {
                dotted_thousands = false;
            }
            group_start = k + 1;
        }
    }
    if (!dotted_thousands) return digits;
    std::string result;
    for (char c : integer) {
        if (c != '.') result += c;
    }
    if (comma != std::string::npos) result += digits.substr(comma);
    return result;
}

}  // namespace lsearch::detail
