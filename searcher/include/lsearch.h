/* lsearch's C API: search an lsearch index from C, or from any language
 * with a C foreign function interface (Python's ctypes or cffi, Rust, Go).
 * Requests and responses are JSON, in the shapes of docs/JSON.md.
 *
 * Errors: a function that fails returns NULL (or a negative number) and
 * records an error for the calling thread, which lsearch_last_error() and
 * lsearch_last_error_code() return. No C++ exception ever leaves a function
 * of this API.
 *
 * Thread-safety: a handle may be shared by threads; their searches then run
 * one at a time. Open one handle per thread to search in parallel. The last
 * error is kept per thread.
 *
 * Link with lsearch::searcher (CMake) or `pkg-config --libs lsearch`. */
#ifndef LSEARCH_H
#define LSEARCH_H

#include "lsearch/common/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An open index, for searching. */
typedef struct lsearch_searcher lsearch_searcher;

/** What the last failing call of this thread failed with. */
enum lsearch_error_code {
    LSEARCH_OK = 0,               /**< The last call succeeded. */
    LSEARCH_INVALID_ARGUMENT = 1, /**< A NULL argument, a bad request (fix the call). */
    LSEARCH_INDEX_NOT_FOUND = 2,  /**< No index at the path: build one with lindex. */
    LSEARCH_INDEX_VERSION = 3,    /**< Written by an incompatible version: lindex --full. */
    LSEARCH_INDEX_ERROR = 4,      /**< The index cannot be read (I/O, corruption). */
    LSEARCH_QUERY_SYNTAX = 5,     /**< The query cannot be read; the message gives the position. */
    LSEARCH_OUT_OF_MEMORY = 6,    /**< Memory ran out. */
    LSEARCH_INTERNAL_ERROR = 7    /**< Anything else; the message says what. */
};

/** Opens the index at `path` (a directory written by lindex, or a Xapian
 * stub file listing shards). Returns NULL on failure (LSEARCH_INDEX_NOT_FOUND,
 * LSEARCH_INDEX_VERSION, LSEARCH_INDEX_ERROR, or LSEARCH_INVALID_ARGUMENT for
 * a NULL path). Close the handle with lsearch_close(). */
LSEARCH_API lsearch_searcher* lsearch_open(const char* path);

/** Runs the search described by `request_json`, a JSON object such as
 * {"query": "AWS France", "limit": 5} (members: docs/JSON.md, "Requests"),
 * and returns the response as one line of JSON (docs/JSON.md), a
 * NUL-terminated UTF-8 string the caller frees with lsearch_free(). Returns
 * NULL on failure: LSEARCH_INVALID_ARGUMENT (NULL handle or request, invalid
 * JSON, an unknown or ill-typed member), LSEARCH_QUERY_SYNTAX,
 * LSEARCH_INDEX_ERROR, LSEARCH_OUT_OF_MEMORY. */
LSEARCH_API char* lsearch_search(lsearch_searcher* searcher, const char* request_json);

/** Frees a string returned by lsearch_search(). NULL is allowed. */
LSEARCH_API void lsearch_free(char* json);

/** Closes a handle from lsearch_open(). NULL is allowed. No search may be
 * running on the handle, and it must not be used afterwards. */
LSEARCH_API void lsearch_close(lsearch_searcher* searcher);

/** The message of the last failing call of this thread (what failed, where,
 * what to do), or "" when the last call succeeded. Valid until this
 * thread's next call of this API. */
LSEARCH_API const char* lsearch_last_error(void);

/** The lsearch_error_code of the last call of this thread (LSEARCH_OK when
 * it succeeded). */
LSEARCH_API int lsearch_last_error_code(void);

/** The library's version, such as "0.1.0". */
LSEARCH_API const char* lsearch_version(void);

#ifdef __cplusplus
}
#endif

#endif /* LSEARCH_H */
