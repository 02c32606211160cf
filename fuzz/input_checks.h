// What every article the input readers return must satisfy, whatever the
// bytes they were given (indexer/src/input.h): shared by fuzz_article and
// fuzz_jsonl. Header-only.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lsearch/common/analyzer.h"
#include "lsearch/common/article.h"
#include "lsearch/common/error.h"

namespace lsearch::fuzz {

[[noreturn]] inline void fail(const char* target, const std::string& what) {
    std::fprintf(stderr, "%s: %s\n", target, what.c_str());
    std::abort();
}

/// Fails unless `article` is as input.h promises: every text valid UTF-8,
/// an id and a body, a date that is empty or canonical (YYYY, YYYY-MM,
/// YYYY-MM-DD), company names non-empty and distinct.
inline void check_article(const char* target, const Article& article) {
    for (const std::string* text : {&article.id, &article.title, &article.date, &article.source,
                                    &article.url, &article.body}) {
        if (!is_valid_utf8(*text)) fail(target, "invalid UTF-8 in a field: " + *text);
    }
    if (article.id.empty()) fail(target, "empty id");
    if (article.body.empty()) fail(target, "empty body");
    if (!article.date.empty()) {
        const auto date = PartialDate::parse(article.date);
        if (!date || date->to_string() != article.date) fail(target, "bad date: " + article.date);
    }
    for (std::size_t i = 0; i < article.companies.size(); ++i) {
        const std::string& name = article.companies[i];
        if (name.empty()) fail(target, "empty company name");
        if (!is_valid_utf8(name)) fail(target, "invalid UTF-8 in a company name");
        for (std::size_t j = 0; j < i; ++j) {
            if (article.companies[j] == name) fail(target, "company listed twice: " + name);
        }
    }
}

/// Fails unless an InputError message names where the problem is, in valid UTF-8.
inline void check_error(const char* target, const InputError& error, std::string_view where) {
    const std::string_view message = error.what();
    if (!message.starts_with(std::string(where) + ": ")) {
        fail(target, "error message without its origin: " + std::string(message));
    }
    if (!is_valid_utf8(message)) fail(target, "invalid UTF-8 in an error message");
}

}  // namespace lsearch::fuzz
