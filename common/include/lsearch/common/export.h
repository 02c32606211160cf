/* LSEARCH_API marks what the shared libraries export. Everything else in
 * them is hidden (they are built with -fvisibility=hidden), so that Xapian,
 * ICU and lsearch's internals never become part of their ABI. Included by
 * the C API (lsearch.h) too: C89-clean. */
#ifndef LSEARCH_COMMON_EXPORT_H
#define LSEARCH_COMMON_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define LSEARCH_API __attribute__((visibility("default")))
#else
#define LSEARCH_API
#endif

#endif /* LSEARCH_COMMON_EXPORT_H */
