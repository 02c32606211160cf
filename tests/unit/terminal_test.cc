// lsearch's text output shows queries and documents escaped for a terminal
// (searcher/tools/terminal.h): no control character and no invalid UTF-8
// reaches the terminal, and colour follows the terminal, TERM and NO_COLOR.
// The expected strings are written from the escaping's definition, byte by byte.
#include <doctest/doctest.h>

#include <string>

#include "terminal.h"

using lsearch::tools::escape_for_terminal;
using lsearch::tools::use_colour;

TEST_CASE("terminal: control characters and invalid UTF-8 are escaped, the rest is copied") {
    struct Row {
        std::string input;
        std::string expected;
    };
    const Row rows[] = {
        {"", ""},
        {"Vague de licenciements", "Vague de licenciements"},
        {"L’hydrogène «vert» à 14\u00a0000 €", "L’hydrogène «vert» à 14\u00a0000 €"},
        {"back\\slash \\x1b", "back\\slash \\x1b"},  // a backslash is copied
        // C0, with ESC, tab, newline, carriage return, NUL and BEL.
        {"x\x1b[2J", "x\\u{1b}[2J"},
        {std::string("a\0b", 3), "a\\u{00}b"},
        {"\t\n\r\a", "\\u{09}\\u{0a}\\u{0d}\\u{07}"},
        {"\x1f ", "\\u{1f} "},
        // An OSC sequence that would retitle the window, ended by BEL or ST.
        {"\x1b]0;pwned\x07titre", "\\u{1b}]0;pwned\\u{07}titre"},
        {"\x1b]0;pwned\x1b\\", "\\u{1b}]0;pwned\\u{1b}\\"},
        // DEL and C1 (U+0080 to U+009F, as UTF-8), CSI U+009B among them.
        {"\x7f", "\\u{7f}"},
        {"\xc2\x80", "\\u{80}"},
        {"\xc2\x9b"
         "2J",
         "\\u{9b}2J"},
        {"\xc2\x9f", "\\u{9f}"},
        {"\xc2\xa0", "\xc2\xa0"},  // U+00A0, the first character after C1
        // Bytes that are not valid UTF-8: a lone C1 byte, a lone lead byte,
        // a truncated sequence, an overlong form, a surrogate, past U+10FFFF.
        {"\x9b"
         "2J",
         "\\x9b2J"},
        {"caf\xe9 cr\xe8me", "caf\\xe9 cr\\xe8me"},
        {"\xe2\x82", "\\xe2\\x82"},
        {"\xe2\x82"
         "A",
         "\\xe2\\x82A"},
        {"\xc0\x9b", "\\xc0\\x9b"},
        {"\xed\xa0\x80", "\\xed\\xa0\\x80"},
        {"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"},
        {"\xff", "\\xff"},
        // Four-byte characters are copied whole.
        {"\xf0\x9f\x93\xb0 journal", "\xf0\x9f\x93\xb0 journal"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.expected);
        CHECK(escape_for_terminal(row.input) == row.expected);
    }
}

TEST_CASE("terminal: colour only on a terminal whose TERM is set and not dumb, without NO_COLOR") {
    struct Row {
        bool terminal;
        const char* term;
        const char* no_color;
        bool expected;
    };
    const Row rows[] = {
        {true, "xterm-256color", nullptr, true},
        {true, "xterm", "", true},  // NO_COLOR set but empty does not count (no-color.org)
        {false, "xterm", nullptr, false},
        {true, "dumb", nullptr, false},
        {true, nullptr, nullptr, false},
        {true, "", nullptr, false},
        {true, "xterm", "1", false},
        {true, "xterm", "0", false},  // any value that is not empty
    };
    for (const auto& row : rows) {
        CAPTURE(row.terminal);
        CAPTURE(row.term == nullptr ? "(unset)" : row.term);
        CAPTURE(row.no_color == nullptr ? "(unset)" : row.no_color);
        CHECK(use_colour(row.terminal, row.term, row.no_color) == row.expected);
    }
}
