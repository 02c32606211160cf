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
