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

    /// Parses the canonical form: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a valid
    /// calendar date). Returns nothing for anything else, including the empty
    /// string.
    static std::optional<PartialDate> parse(std::string_view text);

    /// Reads a date as articles and feeds write it (kForms): the canonical
    /// form; ISO 8601 with a time and zone (`2020-07-02T10:00:00Z`,
    /// `2020-07-02 10:00:00.5+02:00`); RFC 822 as feeds write it
    /// (`Thu, 02 Jul 2020 10:00:00 +0200`, `GMT`); day/month/year as in France
    /// (`02/07/2020`, `2.7.2020`); French or English month names, ignoring
    /// case and accents, whole or abbreviated (`2 juillet 2020`,
    /// `1er juil. 2020`, `jeudi 2 février 2020`, `juillet 2020`). The day is
    /// the calendar date as written: a time zone is checked, never applied
    /// (the day a reader saw, not the day in UTC). Returns nothing for
    /// anything else or an impossible date (`31/02/2020`, `25:00`).
    static std::optional<PartialDate> read(std::string_view text);

    /// The forms read() accepts, for error messages.
    static constexpr std::string_view kForms =
        "accepted: 2025, 2025-10, 2025-10-28, 2020-07-02T10:00:00Z, "
        "Thu, 02 Jul 2020 10:00:00 +0200, 02/07/2020 (day/month/year), 2 juillet 2020, "
        "juillet 2020";

    /// The canonical text form: `2025`, `2025-10` or `2025-10-28`.
    [[nodiscard]] std::string to_string() const;

    /// An 8-character key that sorts chronologically, unknown parts as 00
    /// (`20251000` for October 2025).
    [[nodiscard]] std::string sort_key() const;
};

/// One news article. Every field but `id` and `body` may be empty.
struct Article {
    std::string id;     ///< Unique, stable identifier.
    std::string title;  ///< Headline; may be empty.
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or empty; the indexer also reads the
    /// other forms of PartialDate::read() and stores them in this one.
    std::string date;
    std::string source;                  ///< Outlet name; may be empty.
    std::string url;                     ///< May be empty.
    std::vector<std::string> companies;  ///< Canonical company names.
    std::string body;                    ///< The text, paragraphs separated by blank lines.
};

}  // namespace lsearch
