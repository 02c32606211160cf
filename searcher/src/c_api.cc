// The C API (lsearch.h) over Searcher and the JSON forms: every entry point
// catches everything, so that no exception crosses into C.
#include "lsearch.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "lsearch/json.h"
#include "lsearch/searcher.h"

struct lsearch_searcher {
    lsearch::Searcher searcher;
};

namespace {

struct LastError {
    int code = LSEARCH_OK;
    std::string message;
};

thread_local LastError last_error;

void set_error(int code, const char* message) noexcept {
    last_error.code = code;
    try {
        last_error.message = message;
    } catch (...) {
        last_error.code = LSEARCH_OUT_OF_MEMORY;
        last_error.message.clear();  // no allocation: lsearch_last_error() words it
    }
}

void clear_error() noexcept {
    last_error.code = LSEARCH_OK;
    last_error.message.clear();
}

// Runs `body`, returning its result, or `failed` with the error recorded.
template <class Body, class Result>
Result guarded(Body body, Result failed) noexcept {
    clear_error();
    try {
        return body();
    } catch (const lsearch::InvalidArgument& e) {
        set_error(LSEARCH_INVALID_ARGUMENT, e.what());
    } catch (const lsearch::IndexNotFound& e) {
        set_error(LSEARCH_INDEX_NOT_FOUND, e.what());
    } catch (const lsearch::IndexVersionMismatch& e) {
        set_error(LSEARCH_INDEX_VERSION, e.what());
    } catch (const lsearch::QuerySyntaxError& e) {
        set_error(LSEARCH_QUERY_SYNTAX, e.what());
    } catch (const lsearch::Error& e) {
        set_error(LSEARCH_INDEX_ERROR, e.what());
    } catch (const std::bad_alloc&) {
        set_error(LSEARCH_OUT_OF_MEMORY, "");
    } catch (const std::exception& e) {
        set_error(LSEARCH_INTERNAL_ERROR, e.what());
    } catch (...) {
        set_error(LSEARCH_INTERNAL_ERROR, "unknown internal error");
    }
    return failed;
}

}  // namespace

extern "C" {

lsearch_searcher* lsearch_open(const char* path) {
    return guarded(
        [&] {
            if (path == nullptr) throw lsearch::InvalidArgument("lsearch_open: path is NULL");
            return new lsearch_searcher{lsearch::Searcher(path)};
        },
        static_cast<lsearch_searcher*>(nullptr));
}

char* lsearch_search(lsearch_searcher* searcher, const char* request_json) {
    return guarded(
        [&] {
            if (searcher == nullptr)
                throw lsearch::InvalidArgument("lsearch_search: searcher is NULL");
            if (request_json == nullptr) {
                throw lsearch::InvalidArgument("lsearch_search: request is NULL");
            }
            const std::string json = lsearch::to_json(
                searcher->searcher.search(lsearch::request_from_json(request_json)));
            // malloc, not new: lsearch_free() is free(), callable from any language.
            auto* copy = static_cast<char*>(std::malloc(json.size() + 1));
            if (copy == nullptr) throw std::bad_alloc();
            std::memcpy(copy, json.c_str(), json.size() + 1);
            return copy;
        },
        static_cast<char*>(nullptr));
}

void lsearch_free(char* json) {
    std::free(json);
}

void lsearch_close(lsearch_searcher* searcher) {
    // Destroying a Searcher releases Xapian handles and cannot throw.
    delete searcher;
}

const char* lsearch_last_error(void) {
    if (last_error.code == LSEARCH_OUT_OF_MEMORY && last_error.message.empty()) {
        return "out of memory";
    }
    return last_error.message.c_str();
}

int lsearch_last_error_code(void) {
    return last_error.code;
}

const char* lsearch_version(void) {
    return LSEARCH_VERSION;
}

}  // extern "C"
