// LSEARCH_API marks what the shared libraries export. Everything else in
// them is hidden (they are built with -fvisibility=hidden), so that Xapian,
// ICU and lsearch's internals never become part of their ABI.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define LSEARCH_API __attribute__((visibility("default")))
#else
#define LSEARCH_API
#endif
