// The article model: what lindex reads and what lsearch shows.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lsearch/common/export.h"

namespace lsearch {

/// A date that may be partial: a year, a year and month, or a full date.
struct LSEARCH_API PartialDate {
    int year = 0;   ///< 1..9999
    int month = 0;  ///< 1..12, or 0 when unknown
    int day = 0;    ///< 1..31, or 0 when unknown

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a valid calendar date).
    /// Returns nothing for anything else, including the empty string.
    static std::optional<PartialDate> parse(std::string_view text);

    /// The canonical text form: `2025`, `2025-10` or `2025-10-28`.
    [[nodiscard]] std::string to_string() const;

    /// An 8-character key that sorts chronologically, unknown parts as 00
    /// (`20251000` for October 2025).
    [[nodiscard]] std::string sort_key() const;
};

/// One news article. Every field but `id` and `body` may be empty.
struct Article {
    std::string id;                      ///< Unique, stable identifier.
    std::string title;                   ///< Headline; may be empty.
    std::string date;                    ///< `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or empty.
    std::string source;                  ///< Outlet name; may be empty.
    std::string url;                     ///< May be empty.
    std::vector<std::string> companies;  ///< Canonical company names.
    std::string body;                    ///< The text, paragraphs separated by blank lines.
};

}  // namespace lsearch
