// What lsearch's text output needs to be safe on a terminal: the text of
// queries and documents is anybody's, and a control character in it would be
// obeyed by the terminal (ESC [2J clears it, an OSC sequence retitles the
// window), so it is shown escaped, as ripgrep and git show such bytes.
#pragma once

#include <string>
#include <string_view>

namespace lsearch::tools {

/// `text` made safe to print on a terminal. A control character (C0, U+0000
/// to U+001F, tab and newline included; DEL, U+007F; C1, U+0080 to U+009F)
/// becomes `\u{` its code point in lower-case hex `}` (ESC: `\u{1b}`); a
/// byte that is not part of valid UTF-8 becomes `\x` and its two hex digits
/// (`\xff`); everything else is copied. A backslash is copied as it is.
std::string escape_for_terminal(std::string_view text);

/// Whether to colour the text output: standard output is a terminal, `TERM`
/// is set and is not `dumb`, and `NO_COLOR` is unset or empty (no-color.org).
/// `term` and `no_color` are the variables' values, nullptr when unset.
bool use_colour(bool stdout_is_terminal, const char* term, const char* no_color);

}  // namespace lsearch::tools
