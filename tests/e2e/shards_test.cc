// End to end: sharded indexes (docs/SCALING.md). The same collection as one
// index, as 3 local shards (`lindex --shards 3`) and as 2 shards each served
// by its own xapian-tcpsrv on 127.0.0.1 answers a set of queries with the
// same JSON, byte for byte: ids, order, scores, totals, snippets, facets,
// suggestions. lindex routes each id to the shard its hash names, keeps it
// there through updates and removals, and refuses to change the count
// without --full. A shard that cannot be reached is an error naming it.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "cli.h"

using namespace lsearch::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The shard of an id, as docs/SCALING.md specifies it: 64-bit FNV-1a of the
// id's bytes, modulo the number of shards. Written here again from the
// specification, not taken from the indexer, so that a change there fails.
unsigned expected_shard(const std::string& id, unsigned shards) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (char c : id) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return static_cast<unsigned>(hash % shards);
}

// A TCP port nobody listens on at the moment (the kernel's choice).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t size = sizeof address;
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                       ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
    ::close(fd);
    REQUIRE(bound);
    return ntohs(address.sin_port);
}

fs::path find_program(const std::string& name) {
    std::istringstream path(std::getenv("PATH") != nullptr ? std::getenv("PATH") : "/usr/bin");
    for (std::string directory; std::getline(path, directory, ':');) {
        if (fs::exists(fs::path(directory) / name)) return fs::path(directory) / name;
    }
    FAIL("no " << name << " on PATH (package xapian-tools, see scripts/install-deps)");
    return {};
}

// `xapian-tcpsrv --port P --interface 127.0.0.1 DB`, listening when
// constructed; killed when destroyed, whatever the test's outcome.
class TcpServer {
  public:
    // On `port`, or on a free one when 0.
    explicit TcpServer(const fs::path& database, int port = 0) {
        static const fs::path program = find_program("xapian-tcpsrv");
        // The port may be taken between free_port() and the server's bind:
        // then the server exits, and another port is tried.
        for (int attempt = 0; attempt < 5 && !process_; ++attempt) {
            port_ = port != 0 ? port : free_port();
            auto process = std::make_unique<Process>(
                program, std::vector<std::string>{"--port", std::to_string(port_), "--interface",
                                                  "127.0.0.1", database.string()});
            while (auto line = process->read_line(std::chrono::seconds(20))) {
                if (contains(*line, "Listening")) {
                    process_ = std::move(process);
                    break;
                }
            }
        }
        REQUIRE_MESSAGE(process_, "xapian-tcpsrv did not start for " << database);
    }

    ~TcpServer() { stop(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    [[nodiscard]] int port() const { return port_; }

    // Kills the server and the processes it forked, one per connection, as a
    // host going down would.
    void stop() {
        if (!process_ || !process_->running()) return;
        const pid_t pid = process_->pid();
        for (const auto& entry : fs::directory_iterator("/proc")) {
            std::istringstream stat(read_file(entry.path() / "stat"));
            std::string own, name, state;
            pid_t parent = 0;
            // "PID (NAME) STATE PPID ...": xapian-tcpsrv's name has no spaces.
            if (stat >> own >> name >> state >> parent && parent == pid) {
                ::kill(static_cast<pid_t>(std::stol(own)), SIGKILL);
            }
        }
        process_->kill(SIGKILL);
        process_->wait();
    }

  private:
    int port_ = 0;
    std::unique_ptr<Process> process_;
};

struct Layouts {
    TempDir dir;
    fs::path one = dir / "one";
    fs::path three = dir / "three";
    fs::path two = dir / "two";
    fs::path cluster = dir / "cluster.stub";          // meta, then 2 remote shards
    fs::path remote_only = dir / "remote-only.stub";  // 2 remote shards, no meta
    std::unique_ptr<TcpServer> server0, server1;

    Layouts() {
        const std::string corpus = (kSourceDir / "tests/data/corpus").string();
        REQUIRE(run(kLindex, {"--db", one.string(), corpus}).status == 0);
        REQUIRE(run(kLindex, {"--db", three.string(), "--shards", "3", corpus}).status == 0);
        REQUIRE(run(kLindex, {"--db", two.string(), "--shards", "2", corpus}).status == 0);
        const fs::path generation = current_generation(two);
        server0 = std::make_unique<TcpServer>(generation / "shard-0");
        server1 = std::make_unique<TcpServer>(generation / "shard-1");
        const std::string remotes =
            "remote " + server0->address() + "\nremote " + server1->address() + "\n";
        write_file(cluster, "auto " + (generation / "meta").string() + "\n" + remotes);
        write_file(remote_only, remotes);
    }
};

Result search(const fs::path& db, const std::vector<std::string>& query) {
    std::vector<std::string> args{"--db", db.string(), "--format", "json"};
    args.insert(args.end(), query.begin(), query.end());
    return run(kLsearch, args);
}

// Words, phrases, filters, OR, prefixes, exclusions, fields, sorting by
// date, offsets, facets, synonyms, a misspelling; filter-only queries score
// every hit 0, so their order is all tie-break.
const std::vector<std::vector<std::string>> kQueries = {
    {"licenciements"},
    {"\"14 000\""},
    {"hydrogène train"},
    {"company:Amazon"},
    {"(AWS OR Microsoft) cloud"},
    {"licenci*"},
    {"Amazon -AWS"},
    {"title:hydrogène"},
    {"pêche"},
    {"IA"},
    {"amazn"},
    {"year:2023..2025"},
    {"source:\"Le Monde\"", "--sort", "date"},
    {"year:2024..2026", "--sort", "date", "--offset", "1", "--limit", "3"},
    {"hydrogène", "--sort", "date"},
    {"les", "--offset", "2", "--limit", "3"},
    {"year:2020..2030", "--offset", "4", "--limit", "5"},
    {"cloud banques", "--no-facets"},
};

}  // namespace

TEST_CASE("e2e: one index, 3 local shards and 2 remote shards answer alike") {
    Layouts layouts;
    bool saw_ties = false;
    for (const auto& query : kQueries) {
        CAPTURE(query.front());
        CAPTURE(query.size());
        const Result one = search(layouts.one, query);
        CAPTURE(one.err);
        const json response = json::parse(one.out);
        // Every query but the misspelling finds something: no vacuous comparison.
        CHECK(one.status == (query.front() == "amazn" ? 1 : 0));
        CHECK(response.at("results").empty() == (query.front() == "amazn"));
        std::set<double> scores;
        for (const auto& hit : response.at("results"))
            scores.insert(hit.at("score").get<double>());
        saw_ties = saw_ties || scores.size() < response.at("results").size();

        for (const fs::path& db : {layouts.three, layouts.cluster}) {
            CAPTURE(db);
            const Result other = search(db, query);
            CAPTURE(other.err);
            CHECK(other.status == one.status);
            CHECK(other.out == one.out);
        }
    }
    CHECK(saw_ties);  // the tie-break by id was exercised

    // The misspelling is corrected through the meta database on every layout.
    CHECK(json::parse(search(layouts.cluster, {"amazn"}).out).at("suggestion") == "amazon");

    SUBCASE("without the meta database, results are the same and the output says spelling is off") {
        const Result one = search(layouts.one, {"licenciements"});
        const Result remote = search(layouts.remote_only, {"licenciements"});
        CHECK(remote.status == 0);
        CHECK(json::parse(remote.out).at("results") == json::parse(one.out).at("results"));
        const json misspelt = json::parse(search(layouts.remote_only, {"amazn"}).out);
        CHECK(misspelt.at("suggestion") == "");
        CHECK(contains(misspelt.at("warnings").dump(), "no spelling suggestions"));
    }

    SUBCASE("a whole index served remotely: the output says spelling is off") {
        // Not a shard: it holds a spelling table, but Xapian does not read
        // one over the network, so no suggestion can come.
        TcpServer whole(current_generation(layouts.one));
        const fs::path stub = layouts.dir / "whole.stub";
        write_file(stub, "remote " + whole.address() + "\n");
        const json misspelt = json::parse(search(stub, {"amazn"}).out);
        CHECK(misspelt.at("suggestion") == "");
        CHECK(contains(misspelt.at("warnings").dump(), "remote database first"));
        CHECK(json::parse(search(stub, {"licenciements"}).out).at("results") ==
              json::parse(search(layouts.one, {"licenciements"}).out).at("results"));
    }

    SUBCASE("a shard that is down: exit 2, naming it") {
        const std::string down = layouts.server1->address();
        layouts.server1->stop();
        const Result result = run(kLsearch, {"--db", layouts.cluster.string(), "licenciements"});
        CHECK(result.status == 2);
        CHECK(contains(result.err, "shard " + down + " cannot be reached"));
        CHECK(result.out.empty());
    }
}

TEST_CASE("e2e: a running lsearch --batch reports a shard going down, then recovers") {
    Layouts layouts;
    Process batch(kLsearch, {"--db", layouts.cluster.string(), "--batch"});
    REQUIRE(batch.write("licenciements\n"));
    const auto before = batch.read_line();
    REQUIRE(before);
    CHECK(!json::parse(*before).at("results").empty());
    const std::string down = layouts.server0->address();
    const int port = layouts.server0->port();
    layouts.server0->stop();
    REQUIRE(batch.write("licenciements\n"));
    const auto during = batch.read_line();
    REQUIRE(during);
    CAPTURE(*during);
    CHECK(contains(*during, "shard " + down + " cannot be reached"));
    CHECK(batch.running());

    // The shard back on its port: the next query connects again.
    layouts.server0 =
        std::make_unique<TcpServer>(current_generation(layouts.two) / "shard-0", port);
    REQUIRE(batch.write("licenciements\n"));
    const auto after = batch.read_line();
    REQUIRE(after);
    CHECK(json::parse(*after).at("results") == json::parse(*before).at("results"));
}

TEST_CASE("e2e: lindex --shards routes ids by their hash, through updates and removals") {
    TempDir dir;
    const fs::path db = dir / "index";
    auto shard_ids = [&](unsigned shard) {
        return index_ids(current_generation(db) / ("shard-" + std::to_string(shard)));
    };
    auto check_routing = [&](unsigned shards) {
        std::size_t total = 0;
        for (unsigned shard = 0; shard < shards; ++shard) {
            const auto ids = shard_ids(shard);
            CHECK(!ids.empty());  // 30 articles over 3 shards: none is empty
            for (const auto& id : ids) {
                CAPTURE(id);
                CHECK(expected_shard(id, shards) == shard);
            }
            total += ids.size();
        }
        CHECK(total == static_cast<std::size_t>(document_count(db)));
        CHECK(index_ids(current_generation(db) / "meta").empty());
    };

    const fs::path input = dir / "input";
    fs::copy(kSourceDir / "tests/data/corpus/articles", input, fs::copy_options::recursive);
    Result result = run(kLindex, {"--db", db.string(), "--shards", "3", input.string()});
    REQUIRE(result.status == 0);
    CHECK(document_count(db) == 30);
    check_routing(3);

    // An update, a removal, an addition: each in its id's shard.
    write_file(input / "aws-region-paris.md",
               read_file(input / "aws-region-paris.md") + "\nUne phrase ajoutée.\n");
    fs::remove(input / "lithium-loin.md");
    write_file(input / "nouvel-article.md",
               "---\nid: nouvel-article\ntitle: Nouvel article\n---\nUn article nouveau.\n");
    result = run(kLindex, {"--db", db.string(), input.string()});
    CAPTURE(result.out);
    CHECK(result.status == 0);
    CHECK(contains(result.out, "1 added, 1 updated, 28 unchanged, 1 removed"));
    CHECK(document_count(db) == 30);
    check_routing(3);
    CHECK(json::parse(search(db, {"ajoutée"}).out).at("total") == 1);
    CHECK(json::parse(search(db, {"lithium"}).out).at("total") == 1);  // of 2
    const auto all = index_ids(db);
    CHECK(std::find(all.begin(), all.end(), "nouvel-article") != all.end());

    // Another count needs --full, which redistributes.
    result = run(kLindex, {"--db", db.string(), "--shards", "2", input.string()});
    CHECK(result.status == 2);
    CHECK(contains(result.err, "has 3 shards; --shards 2"));
    CHECK(contains(result.err, "lindex --full --shards 2"));
    CHECK(document_count(db) == 30);
    result = run(kLindex, {"--db", db.string(), "--full", "--shards", "2", input.string()});
    CHECK(result.status == 0);
    check_routing(2);
    // --full keeps the count; --shards 1 goes back to one database.
    CHECK(run(kLindex, {"--db", db.string(), "--full", input.string()}).status == 0);
    check_routing(2);
    CHECK(run(kLindex, {"--db", db.string(), "--full", "--shards", "1", input.string()}).status ==
          0);
    CHECK(!fs::exists(current_generation(db) / "meta"));
    CHECK(document_count(db) == 30);
    CHECK(run(kLindex, {"--db", db.string(), "--shards", "0", input.string()}).status == 2);
}

TEST_CASE(
    "e2e: lindex --shards killed mid-run leaves readable shards, and the next run completes") {
    TempDir dir;
    const fs::path db = dir / "index";
    constexpr int kTotal = 3000;
    std::string records;
    for (int i = 0; i < kTotal; ++i) {
        records += json{{"id", "doc-" + std::to_string(i)},
                        {"date", "2024"},
                        {"body", "Un document numéro " + std::to_string(i) + " du marché."}}
                       .dump() +
                   "\n";
    }
    {
        // Standard input from a pipe: lindex is surely still running when killed.
        Process writer(kLindex,
                       {"--db", db.string(), "--shards", "3", "--commit-every", "100", "-"});
        REQUIRE(writer.write(records.substr(0, records.size() / 2)));
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (document_count(db) <= 0 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        CHECK(writer.running());
        writer.kill(SIGKILL);
        CHECK(writer.wait() == -1);
    }
    const long committed = document_count(db);
    CHECK(committed > 0);
    CHECK(committed < kTotal);
    const Result search = run(kLsearch, {"--db", db.string(), "--format", "json", "marché"});
    CHECK(search.status == 0);
    CHECK(json::parse(search.out).at("total") == committed);
    for (const char* part : {"meta", "shard-0", "shard-1", "shard-2"}) {
        CAPTURE(part);
        CHECK(run("xapian-check", {(current_generation(db) / part).string()}).status == 0);
    }
    // The next run (the whole feed) completes the work, each id in its shard.
    const Result result = run(kLindex, {"--db", db.string(), "-"}, records);
    CAPTURE(result.err);
    CHECK(result.status == 0);
    CHECK(document_count(db) == kTotal);
    std::size_t routed = 0;
    for (unsigned shard = 0; shard < 3; ++shard) {
        for (const auto& id :
             index_ids(current_generation(db) / ("shard-" + std::to_string(shard)))) {
            if (expected_shard(id, 3) == shard) ++routed;
        }
    }
    CHECK(routed == static_cast<std::size_t>(kTotal));
}
