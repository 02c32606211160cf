// End to end, issue 8: what lsearch guarantees when things go wrong
// (docs/RELIABILITY.md lists the guarantees and the test of each). The real
// lindex and lsearch, and the search library in this process, on generated
// collections whose documents carry their version as their date's year: the
// year facets of one query tell which state of the index a reader saw.
#include <sys/mount.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "lsearch/searcher.h"

using namespace lsearch::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A document at version v is dated kYearBase + v.
constexpr int kYearBase = 2000;
// A word every document has: its query matches the whole index.
const std::string kEveryDocument = "zqcommun";

// How many documents the index holds at each version: `v1=450 v2=150`.
using State = std::map<int, std::uint64_t>;

std::string describe(const State& state) {
    if (state.empty()) return "empty";
    std::string out;
    for (const auto& [version, count] : state) {
        out += (out.empty() ? "v" : " v") + std::to_string(version) + "=" + std::to_string(count);
    }
    return out;
}

std::uint64_t total(const State& state) {
    std::uint64_t sum = 0;
    for (const auto& [version, count] : state)
        sum += count;
    return sum;
}

std::uint64_t at(const State& state, int version) {
    const auto found = state.find(version);
    return found == state.end() ? 0 : found->second;
}

// The state a response to kEveryDocument shows; "" in `problem` unless its
// total and its year facet disagree.
State state_of(const json& response, std::string& problem) {
    State state;
    for (const auto& entry : response.at("facets").at("year")) {
        state[std::stoi(entry.at("value").get<std::string>()) - kYearBase] =
            entry.at("count").get<std::uint64_t>();
    }
    if (total(state) != response.at("total").get<std::uint64_t>()) {
        problem = "total " + response.at("total").dump() + " but year facet " + describe(state);
    }
    return state;
}

State state_of(const lsearch::SearchResponse& response, std::string& problem) {
    State state;
    for (const auto& entry : response.facets.year) {
        state[std::stoi(entry.value) - kYearBase] = entry.count;
    }
    if (total(state) != response.total) {
        problem = "total " + std::to_string(response.total) + " but year facet " + describe(state);
    }
    return state;
}

lsearch::SearchRequest every_document() {
    lsearch::SearchRequest request;
    request.query = kEveryDocument;
    request.limit = 1;
    return request;
}

// The words bodies are made of.
const std::vector<std::string> kWords = {
    "le",        "marché",  "des",          "entreprises",  "investit", "dans",
    "cloud",     "et",      "intelligence", "artificielle", "clients",  "français",
    "résultats", "hausse",  "baisse",       "salariés",     "usine",    "Amazon",
    "Microsoft", "Renault", "Airbus",       "annonce",      "trimestre"};

// A JSON Lines record of document `id` at `version`: about 40 words, which
// change with the version, and kEveryDocument; dated kYearBase + version.
std::string record(const std::string& id, int version) {
    std::seed_seq seed(id.begin(), id.end());
    std::mt19937 random(seed);
    random.discard(static_cast<unsigned long long>(version) * 40);
    std::string body;
    for (int w = 0; w < 40; ++w)
        body += kWords[random() % kWords.size()] + " ";
    body += kEveryDocument + ".";
    return json({{"id", id}, {"body", body}, {"date", std::to_string(kYearBase + version)}})
               .dump() +
           "\n";
}

// Documents `d-first` .. `d-(first + count - 1)` at `version`, as JSON Lines.
std::string records(int first, int count, int version, const std::string& prefix = "d-") {
    std::string out;
    for (int i = first; i < first + count; ++i)
        out += record(prefix + std::to_string(i), version);
    return out;
}

// `dir` holds exactly the files part-0.jsonl, part-1.jsonl... with these contents.
void write_parts(const fs::path& dir, const std::vector<std::string>& parts) {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        write_file(dir / ("part-" + std::to_string(i) + ".jsonl"), parts[i]);
    }
}

// `count` documents d-0... at `version`, in `files` files of equal size.
void write_collection(const fs::path& dir, int count, int version, int files) {
    std::vector<std::string> parts;
    for (int f = 0; f < files; ++f) {
        parts.push_back(
            records(f * count / files, (f + 1) * count / files - f * count / files, version));
    }
    write_parts(dir, parts);
}

// The summary line's counts, as lindex prints them.
std::string counts(std::uint64_t added, std::uint64_t updated, std::uint64_t unchanged) {
    return std::to_string(added) + " added, " + std::to_string(updated) + " updated, " +
           std::to_string(unchanged) + " unchanged, 0 removed, 0 rejected in ";
}

Result lindex(const fs::path& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db.string()});
    return run(kLindex, args);
}

// What lsearch (the binary) answers for kEveryDocument: the state, or
// nothing when it answered with an error (`err`, exit status 2).
std::optional<State> search_state(const fs::path& db, Result* out = nullptr) {
    const Result result =
        run(kLsearch, {"--db", db.string(), "--format", "json", "--limit", "1", kEveryDocument});
    if (out != nullptr) *out = result;
    if (result.status != 0 && result.status != 1) return std::nullopt;
    std::string problem;
    State state = state_of(json::parse(result.out), problem);
    CHECK_MESSAGE(problem.empty(), problem);
    return state;
}

// The index at `db` passes xapian-check (its current generation).
bool xapian_check(const fs::path& db) {
    const fs::path generation = current_generation(db);
    if (generation.empty()) return false;
    std::string report;
    const bool ok = checks_out(generation, &report);
    CAPTURE(report);
    return ok;
}

std::vector<std::string> ids(int count) {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i)
        out.push_back("d-" + std::to_string(i));
    std::sort(out.begin(), out.end());
    return out;
}

// Runs `command` with /bin/sh as `user` ("" for this one): through setpriv
// when root, to whom permissions do not apply.
Result run_as(const std::string& user, const std::string& command) {
    if (user.empty()) return run("/bin/sh", {"-c", command});
    return run("/usr/bin/setpriv",
               {"--reuid=" + user, "--regid=nogroup", "--clear-groups", "/bin/sh", "-c", command});
}

std::string shell_command(const fs::path& program, const std::vector<std::string>& args) {
    std::string command = quote(program.string());
    for (const auto& arg : args)
        command += " " + quote(arg);
    return command;
}

// Searches the index at `db` over and over on a thread of its own (the
// library's Searcher), once it exists, until finish().
class Watcher {
  public:
    Watcher(fs::path db, int version) : thread_([this, db, version] { watch(db, version); }) {}
    ~Watcher() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    // Stops; the most documents at `version` seen, and the errors met.
    std::string finish(std::uint64_t& seen) {
        stop_ = true;
        thread_.join();
        seen = seen_;
        return errors_;
    }

  private:
    void watch(const fs::path& db, int version) {
        std::optional<lsearch::Searcher> searcher;
        while (!stop_) {
            try {
                if (!searcher) {
                    // Nothing to read before the first commit of a new index.
                    if (!fs::exists(db / "XAPIANDB")) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(1));
                        continue;
                    }
                    searcher.emplace(db.string());
                }
                std::string problem;
                const State state = state_of(searcher->search(every_document()), problem);
                seen_ = std::max(seen_, at(state, version));
                errors_ += problem;
            } catch (const lsearch::Error& e) {
                errors_ += std::string(e.what()) + "; ";
            }
        }
    }

    std::atomic<bool> stop_{false};
    std::uint64_t seen_ = 0;
    std::string errors_;
    std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace

// ---------------------------------------------------------------------------
// 1. kill -9 at random moments.

TEST_CASE("e2e: reliability: lindex killed 24 times at random moments loses nothing committed") {
    // Every kind of write lindex does, killed at a seeded random fraction of
    // the time a whole run of that kind took here, while the library's
    // Searcher reads the index; after each kill the index checks out, lsearch
    // answers, the index holds a state some commit left (never less than the
    // reader saw), and a re-run completes the work exactly.
    constexpr int kDocs = 2000, kFiles = 4, kCommitEvery = 100;
    // Trials go on until 24 kills have cut a run short (a run may finish
    // before its kill moment), at most 48.
    constexpr int kKills = 24, kMaxTrials = 48;
    enum class Kind { Update, Fresh, Full };
    struct Plan {
        Kind kind;
        std::string jobs;
        [[nodiscard]] std::string describe() const {
            return std::string(kind == Kind::Update  ? "update"
                               : kind == Kind::Fresh ? "new index"
                                                     : "--full") +
                   ", --jobs " + jobs;
        }
    };
    // Update: the index in place (one writer; with --jobs 2 the analysis
    // is parallel, the writes in any order). Fresh: a new index, built by
    // one writer or by shards merged at each commit. Full: a rebuild aside.
    const std::vector<Plan> plans = {{Kind::Update, "1"}, {Kind::Update, "2"}, {Kind::Fresh, "1"},
                                     {Kind::Full, "1"},   {Kind::Fresh, "2"},  {Kind::Full, "2"}};
    const std::string commit_every = std::to_string(kCommitEvery);
    TempDir dir;
    const fs::path in = dir / "in";
    const fs::path db = dir / "index";
    const std::vector<std::string> all = ids(kDocs);

    // The durations the kill moments are drawn from, measured here.
    auto timed = [](const std::function<Result()>& work, Result& result) {
        const auto start = std::chrono::steady_clock::now();
        result = work();
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    Result result;
    write_collection(in, kDocs, 0, kFiles);
    const double fresh_seconds = timed(
        [&] {
            return lindex(db, {"--jobs", "1", "--commit-every", commit_every, in.string()});
        },
        result);
    REQUIRE(result.status == 0);
    write_collection(in, kDocs, 1, kFiles);
    const double update_seconds = timed(
        [&] {
            return lindex(db, {"--jobs", "1", "--commit-every", commit_every, in.string()});
        },
        result);
    REQUIRE(result.status == 0);
    REQUIRE(search_state(db) == State{{1, kDocs}});
    int version = 1;  // of every document in `db`

    // The time a whole run of each plan takes, as far as is known.
    std::vector<double> seconds;
    for (const Plan& plan : plans) {
        seconds.push_back(plan.kind == Kind::Fresh ? fresh_seconds : update_seconds);
    }

    std::mt19937 random(20251121);
    int trials = 0, killed = 0, partial = 0;
    for (; killed < kKills && trials < kMaxTrials; ++trials) {
        const int trial = trials;
        const std::size_t p = static_cast<std::size_t>(trial) % plans.size();
        const Plan& plan = plans[p];
        const int next = trial + 2;  // the version this trial writes
        const double fraction = 0.05 + 0.7 * static_cast<double>(random()) / random.max();
        const auto delay =
            std::chrono::milliseconds(static_cast<long>(1000 * fraction * seconds[p]));
        CAPTURE(trial);
        CAPTURE(plan.describe());
        CAPTURE(delay.count());
        write_collection(in, kDocs, next, kFiles);
        TempDir fresh_dir;
        const fs::path target = plan.kind == Kind::Fresh ? fresh_dir / "index" : db;
        const fs::path generation = current_generation(target);
        auto arguments = [&](const std::string& every) {
            std::vector<std::string> args = {"--db",    target.string(),  "--jobs",
                                             plan.jobs, "--commit-every", every};
            if (plan.kind == Kind::Full) args.emplace_back("--full");
            args.push_back(in.string());
            return args;
        };

        // The kill, while a reader watches.
        std::uint64_t seen = 0;  // the most documents at `next` the reader saw
        bool finished = false;
        {
            Watcher watcher(target, next);
            const auto start = std::chrono::steady_clock::now();
            Process writer(kLindex, arguments(commit_every));
            while (writer.running() && std::chrono::steady_clock::now() - start < delay) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            if (!writer.running()) {
                // Done before its kill: a better estimate of this plan's time.
                seconds[p] =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            }
            writer.kill(SIGKILL);
            finished = writer.wait() == 0;
            if (!finished) {
                CAPTURE(writer.err());
                CHECK(writer.wait() == -1);  // killed, not failed
            }
            const std::string errors = watcher.finish(seen);
            CHECK_MESSAGE(errors.empty(), "reader: " << errors);
        }
        killed += finished ? 0 : 1;

        // The index checks out and lsearch answers with a committed state.
        Result search;
        const std::optional<State> state = search_state(target, &search);
        CAPTURE(search.err);
        std::uint64_t done = 0;  // documents at `next` the index holds
        if (plan.kind == Kind::Fresh && current_generation(target).empty()) {
            // Killed before the first commit: no index, and lsearch says so.
            CHECK(search.status == 2);
            CHECK(contains(search.err, "no index"));
            CHECK(seen == 0);
        } else {
            REQUIRE(state.has_value());
            CAPTURE(describe(*state));
            CHECK(xapian_check(target));
            done = at(*state, next);
            CHECK(done >= seen);  // nothing committed is lost
            if (plan.kind == Kind::Full) {
                // A rebuild is all or nothing (and may have been published
                // just before the kill).
                if (finished || *state == State{{next, kDocs}}) {
                    CHECK(*state == State{{next, kDocs}});
                    CHECK(current_generation(target) != generation);
                } else {
                    CHECK(*state == State{{version, kDocs}});
                    CHECK(current_generation(target) == generation);
                }
            } else {
                // Whole commits: the documents at `next` come by kCommitEvery.
                CHECK((done % kCommitEvery == 0 || done == kDocs));
                const int before = plan.kind == Kind::Fresh ? 0 : version;
                CHECK(total(*state) == (plan.kind == Kind::Fresh ? done : kDocs));
                CHECK(at(*state, before) + done == total(*state));
                if (done > 0 && done < kDocs) ++partial;
            }
        }

        // The next run completes the work, exactly.
        result = run(kLindex, arguments("10000"));
        CAPTURE(result.err);
        CHECK(result.status == 0);
        if (plan.kind == Kind::Full) {
            CHECK(contains(result.out, std::to_string(kDocs) + " added"));
        } else if (plan.kind == Kind::Fresh) {
            CHECK(contains(result.out, counts(kDocs - done, 0, done)));
        } else {
            CHECK(contains(result.out, counts(0, kDocs - done, done)));
        }
        CHECK(search_state(target) == State{{next, kDocs}});
        CHECK(index_ids(target) == all);
        CHECK(xapian_check(target));
        if (plan.kind != Kind::Fresh) version = next;
    }
    MESSAGE(trials << " kill trials: " << killed << " killed a running lindex, " << partial
                   << " of them with part of the run committed");
    // Else the kills did not test much: lindex finished first, or no commit
    // was ever cut short.
    CHECK(killed == kKills);
    CHECK(partial >= 4);
}

// ---------------------------------------------------------------------------
// 2. Readers during writes.

TEST_CASE("e2e: reliability: readers during writes see each commit in order, never a mix") {
    // 600 documents at version 1 in three files. Then one lindex run, one
    // writer committing every 25 documents, reads part-0 and part-1 at
    // version 2 (450 updates, then 150 new documents at the end of part-1)
    // and finds part-2 gone (150 removals, at the end). The states its
    // commits can leave, in order: after k commits, 600 - min(25k, 450)
    // documents at version 1 and 25k at version 2; then, the removals done,
    // 600 at version 2. Then a rebuild (--full), all at once, to 450
    // documents at version 3. Two readers query all along: the library's
    // Searcher on a thread, lsearch --batch from this one. Each must see
    // only these states, in this order, and no error.
    constexpr int kCommitEvery = 25;
    TempDir dir;
    const fs::path in = dir / "in";
    const fs::path db = dir / "index";
    write_parts(in, {records(0, 300, 1), records(300, 150, 1), records(450, 150, 1)});
    REQUIRE(lindex(db, {in.string()}).status == 0);

    std::vector<State> states = {{{1, 600}}};
    for (int k = 1; k * kCommitEvery <= 600; ++k) {
        const int written = k * kCommitEvery;
        states.push_back({{1, 600 - std::min(written, 450)}, {2, written}});
    }
    states.push_back({{2, 600}});
    states.push_back({{3, 450}});
    auto position = [&](const State& state) -> int {
        const auto found = std::find(states.begin(), states.end(), state);
        return found == states.end() ? -1 : static_cast<int>(found - states.begin());
    };

    // What each reader saw: the position of each state in `states`, in order.
    std::vector<int> library_positions, batch_positions;
    std::vector<std::string> errors;
    std::mutex mutex;  // for the three
    auto report = [&](const std::string& error) {
        std::lock_guard lock(mutex);
        errors.push_back(error);
    };
    auto note = [&](std::vector<int>& positions, const State& state, const std::string& problem,
                    const char* reader) {
        const int at_state = position(state);
        std::lock_guard lock(mutex);
        if (!problem.empty()) errors.push_back(std::string(reader) + ": " + problem);
        if (at_state < 0) {
            errors.push_back(std::string(reader) + ": a state no commit left: " + describe(state));
        } else if (!positions.empty() && at_state < positions.back()) {
            errors.push_back(std::string(reader) + ": went back from " +
                             describe(states[static_cast<std::size_t>(positions.back())]) + " to " +
                             describe(state));
        }
        positions.push_back(at_state);
    };

    // The library's Searcher, on a thread of its own, until told to stop.
    std::atomic<bool> stop{false};
    std::thread library_reader([&] {
        try {
            lsearch::Searcher searcher(db.string());
            while (!stop) {
                std::string problem;
                const State state = state_of(searcher.search(every_document()), problem);
                note(library_positions, state, problem, "Searcher");
            }
        } catch (const std::exception& e) {
            report(std::string("Searcher: ") + e.what());
        }
    });
    struct Join {
        std::atomic<bool>& stop;
        std::thread& thread;
        ~Join() {
            stop = true;
            if (thread.joinable()) thread.join();
        }
    } join{stop, library_reader};

    // lsearch --batch, fed from this thread while lindex runs.
    Process batch(kLsearch, {"--db", db.string(), "--batch", "--limit", "1"});
    auto ask = [&] {
        if (!batch.write(kEveryDocument + "\n")) {
            report("lsearch --batch: gone");
            return false;
        }
        const auto line = batch.read_line();
        if (!line) {
            report("lsearch --batch: no answer");
            return false;
        }
        const json response = json::parse(*line);
        if (response.contains("error")) {
            report("lsearch --batch: " + response.at("error").get<std::string>());
            return true;
        }
        std::string problem;
        const State state = state_of(response, problem);
        note(batch_positions, state, problem, "lsearch --batch");
        return true;
    };
    auto ask_while = [&](Process& writer) {
        while (writer.running() && ask()) {
        }
    };
    ask();

    write_parts(in, {records(0, 300, 2), records(300, 150, 2) + records(0, 150, 2, "n-")});
    {
        Process writer(kLindex, {"--db", db.string(), "--jobs", "1", "--commit-every",
                                 std::to_string(kCommitEvery), in.string()});
        ask_while(writer);
        CAPTURE(writer.err());
        CHECK(writer.wait() == 0);
    }
    ask();
    write_parts(in, {records(0, 300, 3), records(0, 150, 3, "n-")});
    {
        Process writer(kLindex, {"--db", db.string(), "--full", in.string()});
        ask_while(writer);
        CAPTURE(writer.err());
        CHECK(writer.wait() == 0);
    }
    ask();
    // The library reader sees the end too.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    const int last = static_cast<int>(states.size()) - 1;
    auto library_done = [&] {
        std::lock_guard lock(mutex);
        return !library_positions.empty() && library_positions.back() == last;
    };
    while (!library_done() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    stop = true;
    library_reader.join();
    batch.close_input();
    CHECK(batch.wait() == 0);
    CHECK(batch.err().empty());

    std::string all_errors;
    for (const auto& error : errors)
        all_errors += error + "\n";
    CHECK_MESSAGE(errors.empty(), all_errors);
    for (const auto* positions : {&library_positions, &batch_positions}) {
        REQUIRE(!positions->empty());
        CHECK(positions->front() == 0);
        CHECK(positions->back() == last);
    }
    const std::set<int> distinct_library(library_positions.begin(), library_positions.end());
    const std::set<int> distinct_batch(batch_positions.begin(), batch_positions.end());
    MESSAGE("readers during writes: the Searcher answered "
            << library_positions.size() << " queries and saw " << distinct_library.size()
            << " states; lsearch --batch " << batch_positions.size() << " and "
            << distinct_batch.size());
}

// ---------------------------------------------------------------------------
// 3. Hostile environment.

TEST_CASE("e2e: reliability: a read-only index refuses lindex clearly and keeps answering") {
    // Permissions do not stop root: the tools run as nobody then.
    const bool root = ::geteuid() == 0;
    if (root && !fs::exists("/usr/bin/setpriv")) {
        MESSAGE("skipped: running as root without /usr/bin/setpriv");
        return;
    }
    const std::string user = root ? "nobody" : "";
    TempDir dir;
    const fs::path in = dir / "in";
    const fs::path db = dir / "index";
    write_collection(in, 100, 1, 1);
    REQUIRE(lindex(db, {in.string()}).status == 0);
    const fs::path generation = current_generation(db);
    if (run_as(user, shell_command(kLsearch, {"--help"})).status != 0) {
        MESSAGE("skipped: " << (user.empty() ? "this user" : user) << " cannot run "
                            << kLsearch.string());
        return;
    }

    // Read-only: every directory and file of the index.
    auto set_writable = [&](bool writable) {
        for (const auto& entry : fs::recursive_directory_iterator(db)) {
            fs::permissions(entry.path(), fs::perms::owner_write | fs::perms::group_write,
                            writable ? fs::perm_options::add : fs::perm_options::remove);
        }
        fs::permissions(db, fs::perms::owner_write | fs::perms::group_write,
                        writable ? fs::perm_options::add : fs::perm_options::remove);
    };
    set_writable(false);
    write_collection(in, 150, 2, 1);
    for (const std::vector<std::string>& options :
         {std::vector<std::string>{}, std::vector<std::string>{"--full"}}) {
        std::vector<std::string> args = {"--db", db.string()};
        args.insert(args.end(), options.begin(), options.end());
        args.push_back(in.string());
        const Result result = run_as(user, shell_command(kLindex, args));
        CAPTURE(result.err);
        CHECK(result.status == 2);
        CHECK(contains(result.err, "lindex: "));
        CHECK(contains(result.err, db.string()));
        CHECK(contains(result.err, "Permission denied"));
    }
    // As it was, and answering (the reader needs no write access).
    const Result reader = run_as(
        user, shell_command(kLsearch, {"--db", db.string(), "--format", "json", kEveryDocument}));
    CAPTURE(reader.err);
    CHECK(reader.status == 0);
    std::string problem;
    CHECK(state_of(json::parse(reader.out), problem) == State{{1, 100}});
    CHECK(current_generation(db) == generation);
    CHECK(xapian_check(db));
    set_writable(true);
}

TEST_CASE("e2e: reliability: lindex runs from a current directory it cannot read") {
    // As nobody, from a directory only root may enter: there is no default
    // gazetteer to look for there, which once stopped lindex ("filesystem
    // error: status: Permission denied [data/companies.tsv]").
    if (::geteuid() != 0 || !fs::exists("/usr/bin/setpriv")) {
        MESSAGE("skipped: needs root and /usr/bin/setpriv");
        return;
    }
    TempDir dir;
    const fs::path in = dir / "in";
    const fs::path db = dir / "shared" / "index";
    write_collection(in, 10, 1, 1);
    fs::create_directories(db.parent_path());
    fs::permissions(db.parent_path(), fs::perms::all);
    fs::create_directories(dir / "private" / "data");
    write_file(dir / "private" / "data" / "companies.tsv", "Zorglub\tZ\n");
    fs::permissions(dir / "private", fs::perms::owner_all);
    const Result result = run("/usr/bin/setpriv",
                              {"--reuid=nobody", "--regid=nogroup", "--clear-groups",
                               kLindex.string(), "--db", db.string(), in.string()},
                              "", dir / "private");
    if (result.status == 126 || result.status == 127) {
        MESSAGE("skipped: nobody cannot run " << kLindex.string());
        return;
    }
    CAPTURE(result.err);
    CHECK(result.status == 0);
    CHECK(search_state(db) == State{{1, 10}});
}

namespace {

// Each file of the index at `db` with its size.
std::map<std::string, std::uintmax_t> file_sizes(const fs::path& db) {
    std::map<std::string, std::uintmax_t> sizes;
    for (const auto& entry : fs::recursive_directory_iterator(db)) {
        if (entry.is_regular_file()) sizes[entry.path().string()] = entry.file_size();
    }
    return sizes;
}

// A tmpfs of `size` mounted on `dir` for the guard's life, when this
// process may mount one.
class Tmpfs {
  public:
    Tmpfs(const fs::path& dir, const std::string& size) : dir_(dir) {
        fs::create_directories(dir);
        const std::string options = "size=" + size + ",mode=0755";
        mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
        if (!mounted_) error_ = std::strerror(errno);
    }
    ~Tmpfs() {
        if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    Tmpfs(const Tmpfs&) = delete;
    Tmpfs& operator=(const Tmpfs&) = delete;
    // Gives the file system `size` (more room, as when files are deleted).
    bool resize(const std::string& size) {
        const std::string options = "size=" + size;
        return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, options.c_str()) == 0;
    }
    [[nodiscard]] bool mounted() const { return mounted_; }
    [[nodiscard]] const std::string& error() const { return error_; }

  private:
    fs::path dir_;
    bool mounted_ = false;
    std::string error_;
};

// lindex on a disk that fills, a rebuild (--full) then an update: each run
// fails with `message`, and the index is left at its last commit, checks out
// and answers; the update removed what the rebuild left. `limit` runs lindex
// under a shell prefix (`ulimit -f N;`).
void fill_the_disk(const fs::path& db, const fs::path& in, const std::string& limit,
                   const std::string& message) {
    const fs::path generation = current_generation(db);
    REQUIRE(search_state(db) == State{{1, 100}});
    for (const std::vector<std::string>& options :
         {std::vector<std::string>{"--full"}, std::vector<std::string>{}}) {
        CAPTURE(options.size());
        std::vector<std::string> args = {"--db", db.string()};
        args.insert(args.end(), options.begin(), options.end());
        args.push_back(in.string());
        // Under the address sanitizer, Xapian's leak when a commit fails
        // is not lindex's (tests/sanitizer/xapian-failed-commit.supp).
        const std::string suppressions =
            (kSourceDir / "tests" / "sanitizer" / "xapian-failed-commit.supp").string();
        const Result result =
            run("/bin/sh", {"-c", "export LSAN_OPTIONS=print_suppressions=0:suppressions='" +
                                      suppressions + "'; " +
                                      limit + "exec " + shell_command(kLindex, args)});
        CAPTURE(result.err);
        CHECK(result.status == 2);
        CHECK(contains(result.err, "lindex: "));
        CHECK(contains(result.err, message));
        // The last commit, intact.
        CHECK(current_generation(db) == generation);
        CHECK(xapian_check(db));
        CHECK(search_state(db) == State{{1, 100}});
    }
    // What the failed rebuild left (a generation, shards) went with the next run.
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(db))
        names.insert(entry.path().filename());
    CHECK(names == std::set<std::string>{"XAPIANDB", "lindex.lock", generation.filename()});
}

}  // namespace

TEST_CASE("e2e: reliability: a disk that fills fails lindex clearly and keeps the last commit") {
    TempDir dir;
    const fs::path in = dir / "in";
    SUBCASE("a file size limit (ulimit -f)") {
        const fs::path db = dir / "index";
        write_collection(in, 100, 1, 1);
        REQUIRE(lindex(db, {in.string()}).status == 0);
        // Room for the index as it is, not for it to grow much.
        std::uintmax_t largest = 0;
        for (const auto& [file, size] : file_sizes(db))
            largest = std::max(largest, size);
        const std::string limit = "ulimit -f " + std::to_string(largest / 512 + 16) + "; ";
        write_collection(in, 3000, 2, 3);
        fill_the_disk(db, in, limit, "File too large");
        const Result result = lindex(db, {in.string()});
        CHECK(result.status == 0);
        CHECK(search_state(db) == State{{2, 3000}});
    }
    SUBCASE("a small file system that fills (tmpfs)") {
        Tmpfs disk(dir / "disk", "2m");
        if (!disk.mounted()) {
            MESSAGE("skipped: cannot mount a tmpfs here (" << disk.error() << ")");
            return;
        }
        const fs::path db = dir / "disk" / "index";
        write_collection(in, 100, 1, 1);
        REQUIRE(lindex(db, {in.string()}).status == 0);
        write_collection(in, 4000, 2, 2);
        fill_the_disk(db, in, "", "No space left on device");
        // The failed writes keep their space in the index's files (Xapian
        // reuses it, but does not give it back): with room again, the next
        // run completes.
        REQUIRE(disk.resize("64m"));
        const Result result = lindex(db, {in.string()});
        CAPTURE(result.err);
        CHECK(result.status == 0);
        CHECK(search_state(db) == State{{2, 4000}});
        CHECK(xapian_check(db));
    }
}

TEST_CASE("e2e: reliability: an index deleted under a running searcher gives clear errors") {
    TempDir dir;
    const fs::path in = dir / "in";
    const fs::path db = dir / "index";
    write_collection(in, 50, 1, 1);
    REQUIRE(lindex(db, {in.string()}).status == 0);

    Process batch(kLsearch, {"--db", db.string(), "--batch", "--limit", "1"});
    lsearch::Searcher searcher(db.string());
    auto ask = [&] {
        REQUIRE(batch.write(kEveryDocument + "\n"));
        const auto line = batch.read_line();
        REQUIRE(line.has_value());
        return json::parse(*line);
    };
    std::string problem;
    CHECK(state_of(ask(), problem) == State{{1, 50}});
    CHECK(state_of(searcher.search(every_document()), problem) == State{{1, 50}});

    fs::remove_all(db);
    for (int i = 0; i < 3; ++i) {
        const json response = ask();
        CAPTURE(response.dump());
        CHECK(contains(response.value("error", ""), "no index at " + db.string()));
        CHECK(!response.contains("results"));
        CHECK_THROWS_AS(searcher.search(every_document()), lsearch::IndexNotFound);
    }
    CHECK(batch.running());

    // Built again: both answer from the new index.
    write_collection(in, 70, 2, 1);
    REQUIRE(lindex(db, {in.string()}).status == 0);
    CHECK(state_of(ask(), problem) == State{{2, 70}});
    CHECK(state_of(searcher.search(every_document()), problem) == State{{2, 70}});
    batch.close_input();
    CHECK(batch.wait() == 2);  // some queries could not be answered
}
