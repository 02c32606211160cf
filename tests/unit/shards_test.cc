// The shard routing of sharded indexes (indexer/src/shards.h): FNV-1a 64 of
// the id, modulo the shard count. It must never change between versions.
#include <doctest/doctest.h>

#include <string>

#include "shards.h"

using lsearch::detail::fnv1a;
using lsearch::detail::shard_of;

TEST_CASE("fnv1a: the published FNV-1a 64-bit test vectors") {
    struct Row {
        const char* input;
        std::uint64_t hash;
    };
    // From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv).
    const Row rows[] = {
        {"", 0xcbf29ce484222325ULL},
        {"a", 0xaf63dc4c8601ec8cULL},
        {"foobar", 0x85944171f73967e8ULL},
    };
    for (const auto& row : rows) {
        CAPTURE(row.input);
        CHECK(fnv1a(row.input) == row.hash);
    }
}

TEST_CASE("shard_of: the hash modulo the count, stable, and 0 for one shard") {
    struct Row {
        const char* id;
        unsigned shards;
        unsigned shard;
    };
    // 0xaf63dc4c8601ec8c % 3 = 1 and % 2 = 0; 0x85944171f73967e8 % 3 = 0 and % 5 = 3.
    const Row rows[] = {
        {"a", 3, 1}, {"a", 2, 0}, {"a", 1, 0}, {"foobar", 3, 0}, {"foobar", 5, 3}, {"", 1, 0},
    };
    for (const auto& row : rows) {
        CAPTURE(row.id);
        CAPTURE(row.shards);
        CHECK(shard_of(row.id, row.shards) == row.shard);
    }
    CHECK(shard_of("any", 0) == 0);  // no shard count: one database
}
