// Dates of articles (PartialDate in article.h): the canonical form the index
// stores, and the forms articles and feeds write, read into it.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <charconv>
#include <cstdio>

#include "lsearch/common/article.h"

namespace lsearch {
namespace {

bool parse_int(std::string_view digits, std::size_t width, int& value) {
    if (digits.size() != width) return false;
    for (char c : digits) {
        if (c < '0' || c > '9') return false;
    }
    return std::from_chars(digits.data(), digits.data() + digits.size(), value).ec == std::errc();
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

std::optional<PartialDate> valid(int year, int month, int day) {
    if (year < 1 || year > 9999 || month < 1 || month > 12) return std::nullopt;
    if (day != 0 && (day < 1 || day > days_in_month(year, month))) return std::nullopt;
    return PartialDate{year, month, day};
}

// `text` compatibility-decomposed, without its combining marks, case-folded:
// `Février` -> `fevrier`, `1ᵉʳ` -> `1er`, a no-break space -> a space. What
// is left outside ASCII is no part of any date form.
std::string fold(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
    if (U_FAILURE(status)) return {};
    const icu::UnicodeString decomposed =
        nfkd->normalize(icu::UnicodeString::fromUTF8(
                            icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))),
                        status);
    if (U_FAILURE(status)) return {};
    icu::UnicodeString bare;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
        i += U16_LENGTH(c);
    }
    std::string out;
    bare.foldCase().toUTF8String(out);
    return out;
}

// Month and weekday names, folded: French and English, as French articles
// and feeds (RFC 822) write them.
struct Name {
    std::string_view name;
    int value;
};
constexpr std::array<Name, 24> kMonths = {{
    {"janvier", 1},   {"fevrier", 2},   {"mars", 3},      {"avril", 4},     {"mai", 5},
    {"juin", 6},      {"juillet", 7},   {"aout", 8},      {"septembre", 9}, {"octobre", 10},
    {"novembre", 11}, {"decembre", 12}, {"january", 1},   {"february", 2},  {"march", 3},
    {"april", 4},     {"may", 5},       {"june", 6},      {"july", 7},      {"august", 8},
    {"september", 9}, {"october", 10},  {"november", 11}, {"december", 12},
}};
constexpr std::array<Name, 14> kWeekdays = {{
    {"lundi", 1},
    {"mardi", 2},
    {"mercredi", 3},
    {"jeudi", 4},
    {"vendredi", 5},
    {"samedi", 6},
    {"dimanche", 7},
    {"monday", 1},
    {"tuesday", 2},
    {"wednesday", 3},
    {"thursday", 4},
    {"friday", 5},
    {"saturday", 6},
    {"sunday", 7},
}};

// The value of `word` in `names`: a whole name, or an abbreviation (3
// letters or more, as `juil`, `sept`, `Thu`) that names one value only.
template <std::size_t N>
int lookup(std::string_view word, const std::array<Name, N>& names) {
    int found = 0;
    for (const auto& [name, value] : names) {
        if (name == word) return value;
        if (word.size() >= 3 && name.starts_with(word)) {
            if (found != 0 && found != value) return 0;
            found = value;
        }
    }
    return found;
}

// A cursor over a folded date.
class Scanner {
  public:
    explicit Scanner(std::string_view text) : s_(text) {}

    [[nodiscard]] bool done() const { return i_ == s_.size(); }
    [[nodiscard]] char peek() const { return done() ? '\0' : s_[i_]; }
    [[nodiscard]] static bool digit(char c) { return c >= '0' && c <= '9'; }
    [[nodiscard]] static bool letter(char c) { return c >= 'a' && c <= 'z'; }

    bool eat(char c) {
        if (peek() != c) return false;
        ++i_;
        return true;
    }
    // Spaces; whether there was one.
    bool spaces() {
        const auto start = i_;
        while (peek() == ' ' || peek() == '\t')
            ++i_;
        return i_ > start;
    }
    // A number of `min` to `max` digits.
    bool number(std::size_t min, std::size_t max, int& value) {
        std::size_t n = 0;
        while (i_ + n < s_.size() && digit(s_[i_ + n]))
            ++n;
        if (n < min || n > max) return false;
        std::from_chars(s_.data() + i_, s_.data() + i_ + n, value);
        i_ += n;
        return true;
    }
    // Exactly `width` digits, whatever follows (`+0200` is 02 then 00).
    bool digits(std::size_t width, int& value) {
        if (i_ + width > s_.size()) return false;
        for (std::size_t k = 0; k < width; ++k) {
            if (!digit(s_[i_ + k])) return false;
        }
        std::from_chars(s_.data() + i_, s_.data() + i_ + width, value);
        i_ += width;
        return true;
    }
    // A run of letters.
    std::string_view word() {
        const auto start = i_;
        while (letter(peek()))
            ++i_;
        return s_.substr(start, i_ - start);
    }
    void rewind(std::size_t to) { i_ = to; }
    [[nodiscard]] std::size_t at() const { return i_; }

  private:
    std::string_view s_;
    std::size_t i_ = 0;
};

// A time of day after a date, with its zone, up to the end: `T10:00:00Z`,
// ` 10:00:00.5 +02:00`, ` 10:00:00 GMT`, ` à 10h30`. The zone is checked,
// not applied: the date is the day as written.
bool time_tail(Scanner& in) {
    if (in.done()) return true;
    const bool after_t = in.eat('t');
    if (!after_t) {
        const bool spaced = in.spaces();
        if (in.eat(','))
            in.spaces();
        else if (!spaced)
            return false;
        const auto before = in.at();
        if (const auto word = in.word(); word == "a" || word == "at") {
            if (!in.spaces()) return false;
        } else {
            in.rewind(before);
        }
    }
    int hour = 0, minute = 0, second = 0;
    if (!in.number(1, 2, hour) || hour > 23) return false;
    if (after_t && in.peek() != ':') {
        // ISO 8601's reduced precision: `2020-07-02T10Z`.
    } else if (in.eat('h')) {  // French: `10h`, `10h30`
        if (Scanner::digit(in.peek()) && (!in.number(2, 2, minute) || minute > 59)) return false;
    } else {
        if (!in.eat(':') || !in.number(2, 2, minute) || minute > 59) return false;
        if (in.eat(':')) {
            if (!in.number(2, 2, second) || second > 60) return false;  // 60: a leap second
            if (in.eat('.') || in.eat(',')) {
                int fraction = 0;
                if (!in.number(1, 9, fraction)) return false;
            }
        }
    }
    in.spaces();
    if (in.done() || in.eat('z')) return in.done();
    if (in.eat('+') || in.eat('-')) {
        int hours = 0, minutes = 0;
        if (!in.digits(2, hours) || hours > 23) return false;
        in.eat(':');
        if (!in.done() && (!in.digits(2, minutes) || minutes > 59)) return false;
        return in.done();
    }
    // A zone abbreviation (GMT, UTC, CEST, EDT): any, since it is not applied.
    const auto zone = in.word();
    return !zone.empty() && zone.size() <= 5 && in.done();
}

// `2020-07-02` followed by a time: ISO 8601 (`T` or a space before the time).
std::optional<PartialDate> iso(Scanner& in) {
    int year = 0, month = 0, day = 0;
    if (!in.number(4, 4, year) || !in.eat('-') || !in.number(2, 2, month) || !in.eat('-') ||
        !in.number(2, 2, day) || in.done() || !time_tail(in)) {
        return std::nullopt;
    }
    return valid(year, month, day);
}

// `02/07/2020`, `2.7.2020`, `02-07-2020`: day, month, year, as in France.
std::optional<PartialDate> numeric(Scanner& in) {
    int day = 0, month = 0, year = 0;
    if (!in.number(1, 2, day)) return std::nullopt;
    const char separator = in.peek();
    if ((separator != '/' && separator != '.' && separator != '-') || !in.eat(separator) ||
        !in.number(1, 2, month) || !in.eat(separator) || !in.number(4, 4, year) || !time_tail(in)) {
        return std::nullopt;
    }
    return valid(year, month, day);
}

// `2 juillet 2020`, `1er juil. 2020`, `juillet 2020`, `02 Jul 2020 10:00:00 +0200`.
std::optional<PartialDate> day_month_year(Scanner& in) {
    int day = 0;
    if (Scanner::digit(in.peek())) {
        if (!in.number(1, 2, day)) return std::nullopt;
        if (day == 1) {
            const auto before = in.at();
            if (in.word() != "er") in.rewind(before);  // `1er`
        }
        if (!in.spaces()) return std::nullopt;
    }
    const int month = lookup(in.word(), kMonths);
    if (month == 0) return std::nullopt;
    in.eat('.');
    if (!in.spaces()) return std::nullopt;
    int year = 0;
    if (!in.number(4, 4, year)) return std::nullopt;
    if (day == 0 ? !in.done() : !time_tail(in)) return std::nullopt;
    return valid(year, month, day);
}

// The same after a weekday: `jeudi 2 juillet 2020`, `Thu, 02 Jul 2020
// 10:00:00 +0200` (RFC 822 as feeds write it). The weekday is not checked
// against the date: the date is what the text says.
std::optional<PartialDate> words(Scanner& in) {
    if (Scanner::letter(in.peek())) {
        const auto start = in.at();
        if (lookup(in.word(), kWeekdays) != 0) {
            in.eat('.');
            in.eat(',');
            in.spaces();
            if (auto date = day_month_year(in)) return date;
        }
        in.rewind(start);  // `mar 2020` is March
    }
    return day_month_year(in);
}

}  // namespace

std::optional<PartialDate> PartialDate::parse(std::string_view text) {
    PartialDate date;
    if (!parse_int(text.substr(0, 4), 4, date.year) || date.year < 1) return std::nullopt;
    if (text.size() == 4) return date;
    if (text.size() < 7 || text[4] != '-' || !parse_int(text.substr(5, 2), 2, date.month) ||
        date.month < 1 || date.month > 12) {
        return std::nullopt;
    }
    if (text.size() == 7) return date;
    if (text.size() != 10 || text[7] != '-' || !parse_int(text.substr(8, 2), 2, date.day) ||
        date.day < 1 || date.day > days_in_month(date.year, date.month)) {
        return std::nullopt;
    }
    return date;
}

std::optional<PartialDate> PartialDate::read(std::string_view text) {
    if (auto date = parse(text)) return date;
    const std::string folded = fold(text);
    std::string_view trimmed = folded;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t'))
        trimmed.remove_prefix(1);
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t'))
        trimmed.remove_suffix(1);
    if (trimmed.empty()) return std::nullopt;
    if (auto date = parse(trimmed)) return date;
    for (auto* form : {&iso, &numeric, &words}) {
        Scanner in(trimmed);
        if (auto date = form(in)) return date;
    }
    return std::nullopt;
}

std::string PartialDate::to_string() const {
    char buffer[16];
    if (day != 0) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    } else if (month != 0) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d", year);
    }
    return buffer;
}

std::string PartialDate::sort_key() const {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, month, day);
    return buffer;
}

}  // namespace lsearch
