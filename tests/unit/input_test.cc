// Tests of lindex's input readers (indexer/src/input.h): article files, JSON
// Lines records, the expansion of INPUT arguments and reading whole inputs.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unicode/ucnv.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <vector>

#include "input.h"
#include "lsearch/common/analyzer.h"
#include "lsearch/common/error.h"

namespace fs = std::filesystem;
using namespace std::literals;
using lsearch::Article;
using lsearch::detail::expand_inputs;
using lsearch::detail::InputFile;
using lsearch::detail::InputItem;
using lsearch::detail::parse_article_file;
using lsearch::detail::parse_jsonl_record;
using lsearch::detail::read_input;

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct Row {
    std::string_view input;
    std::string_view expected;  // a trailing '*' makes it a prefix
};

// `id=…|title=…|body=…`, with `date`, `source`, `url` and `companies` (`;`
// separated) inserted before the body when not empty.
std::string describe(const Article& a) {
    std::string out = "id=" + a.id + "|title=" + a.title;
    if (!a.date.empty()) out += "|date=" + a.date;
    if (!a.source.empty()) out += "|source=" + a.source;
    if (!a.url.empty()) out += "|url=" + a.url;
    if (!a.companies.empty()) {
        out += "|companies=";
        for (std::size_t i = 0; i < a.companies.size(); ++i) {
            out += (i > 0 ? ";" : "") + a.companies[i];
        }
    }
    return out + "|body=" + a.body;
}

std::string article(std::string_view content, std::string_view default_id = "x") {
    try {
        return describe(parse_article_file(content, default_id, "a.md"));
    } catch (const lsearch::InputError& e) {
        return e.what();
    }
}

std::string record(std::string_view line) {
    try {
        return describe(parse_jsonl_record(line, "feed.jsonl:2"));
    } catch (const lsearch::InputError& e) {
        return e.what();
    }
}

void check_rows(const std::vector<Row>& rows, std::string (*run)(std::string_view)) {
    for (const auto& row : rows) {
        CAPTURE(row.input);
        const auto got = run(row.input);
        if (row.expected.ends_with('*')) {
            const auto prefix = row.expected.substr(0, row.expected.size() - 1);
            CHECK_MESSAGE(got.starts_with(prefix), got);
        } else {
            CHECK(got == row.expected);
        }
    }
}

// A directory under the system's temporary directory, removed with its content.
class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() / ("lsearch-input-test-" + std::to_string(getpid()) +
                                             "-" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    [[nodiscard]] const fs::path& path() const { return path_; }

    // Writes `content` (bytes) to `relative`, creating directories; returns its path.
    fs::path write(const fs::path& relative, std::string_view content) const {
        const auto file = path_ / relative;
        fs::create_directories(file.parent_path());
        std::ofstream out(file, std::ios::binary);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        REQUIRE(out.good());
        return file;
    }

    // Writes `content` gzip-compressed to `relative`; returns its path.
    fs::path write_gzip(const fs::path& relative, std::string_view content) const {
        const auto file = path_ / relative;
        fs::create_directories(file.parent_path());
        gzFile gz = gzopen(file.c_str(), "wb");
        REQUIRE(gz != nullptr);
        REQUIRE(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())) ==
                static_cast<int>(content.size()));
        REQUIRE(gzclose(gz) == Z_OK);
        return file;
    }

  private:
    fs::path path_;
};

// `origin id` for a document, the error message for a problem.
std::vector<std::string> read_all(const InputFile& file) {
    std::vector<std::string> out;
    read_input(file, [&](InputItem&& item) {
        if (item.ok) {
            CHECK(item.error.empty());
            out.push_back(item.origin + " " + item.article.id);
        } else {
            CHECK(item.error.starts_with(item.origin + ": "));
            out.push_back(item.error);
        }
    });
    return out;
}

struct Problem {
    std::string name, reason;
};

std::vector<InputFile> expand(const std::vector<std::string>& inputs,
                              std::vector<Problem>* problems = nullptr) {
    return expand_inputs(inputs, [&](const std::string& name, const std::string& reason) {
        if (problems != nullptr) {
            problems->push_back({name, reason});
        } else {
            FAIL("unexpected problem: " << name << ": " << reason);
        }
    });
}

const char* format_name(InputFile::Format format) {
    switch (format) {
        case InputFile::Format::Article:
            return "article";
        case InputFile::Format::Jsonl:
            return "jsonl";
        case InputFile::Format::JsonlGz:
            return "jsonl.gz";
        case InputFile::Format::Stdin:
            return "stdin";
    }
    return "?";
}

// `name id format`, with `root/` removed from the start of the name.
std::string describe(const InputFile& file, const fs::path& root) {
    auto name = file.name;
    const auto prefix = root.string() + "/";
    if (name.starts_with(prefix)) name = name.substr(prefix.size());
    return name + " " + file.default_id + " " + format_name(file.format);
}

// This file's directory, to find the fixtures and the seed articles.
fs::path source_dir() {
    return fs::path(__FILE__).parent_path();
}

}  // namespace

TEST_CASE("input: article files") {
    check_rows(
        {
            // Front matter, every key; a value keeps its own colons.
            {"---\nid: amazon-1\ntitle: Amazon licencie\ndate: 2025-10-28\nsource: Le Monde\n"
             "url: https://example.fr/a?b=c:d\ncompanies: Amazon, AWS\n---\nLe texte.\n",
             "id=amazon-1|title=Amazon licencie|date=2025-10-28|source=Le Monde|"
             "url=https://example.fr/a?b=c:d|companies=Amazon;AWS|body=Le texte."},
            // Without front matter: the first non-empty line is the title.
            {"Titre\n\nPremier paragraphe.\n\nSecond.\n",
             "id=x|title=Titre|body=Premier paragraphe.\n\nSecond."},
            {"\n  \n  Titre  \nTexte", "id=x|title=Titre|body=Texte"},
            // A Markdown heading's marker is not part of the title.
            {"\n\n# Le titre\n\nTexte", "id=x|title=Le titre|body=Texte"},
            {"## Le titre ##\nTexte", "id=x|title=Le titre ##|body=Texte"},
            {"#hashtag\nTexte", "id=x|title=#hashtag|body=Texte"},
            // Front matter without `title:`: the first line is still the title.
            {"---\nid: y\n---\n\nTitre\nTexte", "id=y|title=Titre|body=Texte"},
            // An empty `title:` means untitled: the text is kept whole.
            {"---\ntitle:\n---\nPremier paragraphe.\n\nSuite.",
             "id=x|title=|body=Premier paragraphe.\n\nSuite."},
            // CRLF line endings.
            {"---\r\nid: y\r\ntitle: T\r\n---\r\nLigne 1\r\n\r\nLigne 2\r\n",
             "id=y|title=T|body=Ligne 1\n\nLigne 2"},
            {"Titre\r\n\r\nTexte\r\n", "id=x|title=Titre|body=Texte"},
            // A UTF-8 BOM, with and without front matter.
            {"\xEF\xBB\xBF---\nid: y\ntitle: T\n---\nTexte", "id=y|title=T|body=Texte"},
            {"\xEF\xBB\xBFTitre\nTexte", "id=x|title=Titre|body=Texte"},
            // Fences may have trailing spaces.
            {"--- \t\ntitle: T\n---  \nTexte", "id=x|title=T|body=Texte"},
            // A first line that is not exactly `---` opens no front matter.
            {"----\nTexte", "id=x|title=----|body=Texte"},
            {" ---\nTexte", "id=x|title=---|body=Texte"},
            // Empty values are absent: the id falls back to the default.
            {"---\nid:\ntitle: T\ndate:\nsource:  \nurl:\ncompanies:\n---\nTexte",
             "id=x|title=T|body=Texte"},
            // Values and keys are trimmed.
            {"---\n  title  :  T  \n---\nTexte", "id=x|title=T|body=Texte"},
            {"---\ntitle: 14.000 licenciements chez Amazon : la vague\n---\nTexte",
             "id=x|title=14.000 licenciements chez Amazon : la vague|body=Texte"},
            // Companies: trimmed, empty items and duplicates dropped, first kept.
            {"---\ntitle: T\ncompanies: Amazon, AWS,, Amazon ,  Meta Platforms ,amazon,\n---\nX",
             "id=x|title=T|companies=Amazon;AWS;Meta Platforms;amazon|body=X"},
            {"---\ntitle: T\ncompanies: , ,\n---\nX", "id=x|title=T|body=X"},
            // Partial dates.
            {"---\ntitle: T\ndate: 2025\n---\nX", "id=x|title=T|date=2025|body=X"},
            {"---\ntitle: T\ndate: 2025-10\n---\nX", "id=x|title=T|date=2025-10|body=X"},
            {"---\ntitle: T\ndate: 2024-02-29\n---\nX", "id=x|title=T|date=2024-02-29|body=X"},
            // Other written forms (PartialDate::read), stored as the day.
            {"---\ntitle: T\ndate: 2025-10-28T10:00\n---\nX",
             "id=x|title=T|date=2025-10-28|body=X"},
            {"---\ntitle: T\ndate: 28/10/2025\n---\nX", "id=x|title=T|date=2025-10-28|body=X"},
            {"---\ntitle: T\ndate: 1er août 2025\n---\nX", "id=x|title=T|date=2025-08-01|body=X"},
            {"---\ntitle: T\ndate: Tue, 28 Oct 2025 10:00:00 +0100\n---\nX",
             "id=x|title=T|date=2025-10-28|body=X"},
            // Blank lines and comments between the keys.
            {"---\n# commentaire\n\nid: y\n\ntitle: T\n---\nTexte", "id=y|title=T|body=Texte"},
            // The body is trimmed of blank lines at its ends only; NBSP, NNBSP,
            // typographic apostrophes, indentation and paragraph breaks stay.
            {"---\ntitle: T\n---\n\n\n  Indenté : l’IA\u00a0!\n\n\n« Citation\u202f»\u202f\n \n\n",
             "id=x|title=T|body=  Indenté : l’IA\u00a0!\n\n\n« Citation\u202f»"},
            {"Titre\n\u00a0\nTexte", "id=x|title=Titre|body=Texte"},
            // A `---` after the front matter is text.
            {"---\ntitle: T\n---\n---\nTexte", "id=x|title=T|body=---\nTexte"},
        },
        [](std::string_view content) { return article(content); });
}

TEST_CASE("input: bad article files") {
    check_rows(
        {
            {"", "a.md: empty file"},
            {" \n\t\r\n  ", "a.md: empty file"},
            {"\xEF\xBB\xBF\n", "a.md: empty file"},
            {"\u00a0\n", "a.md: empty file"},
            {"abc\0def"sv, "a.md: binary file (NUL byte at offset 3)"},
            {"\0"sv, "a.md: binary file (NUL byte at offset 0)"},
            {"---\nid: y\ntitle: T\nTexte",
             "a.md: unterminated front matter: no closing '---' line (the first line, '---', "
             "opens a front matter; add a '---' line after its last 'key: value' line)"},
            {"---\n", "a.md: unterminated front matter: no closing '---' line*"},
            {"---\nid: y\nTexte sans deux-points\n---\nCorps",
             "a.md: line 3: expected 'key: value' in the front matter, got 'Texte sans "
             "deux-points' (a missing closing '---' line? add one before the text)"},
            {"---\n: valeur\n---\nCorps",
             "a.md: line 2: expected 'key: value' in the front matter, got ': valeur'*"},
            {"---\nid: y\nauteur: Moi\n---\nCorps",
             "a.md: line 3: unknown key 'auteur' in the front matter (known keys: id, title, "
             "date, source, url, companies)"},
            {"---\nTitle: T\n---\nCorps", "a.md: line 2: unknown key 'Title'*"},
            // Line numbers count physical lines, whatever the line endings.
            {"\xEF\xBB\xBF---\r\nid: y\r\n\r\nfoo: bar\r\n---\r\nT",
             "a.md: line 4: unknown key 'foo'*"},
            {"---\ntitle: A\ntitle: B\n---\nCorps",
             "a.md: line 3: duplicate key 'title' (first on line 2)"},
            {"---\ntitle:\ntitle: B\n---\nCorps", "a.md: line 3: duplicate key 'title'*"},
            {"---\ndate: 31/02/2025\n---\nCorps",
             "a.md: line 2: invalid date '31/02/2025' (accepted: 2025, 2025-10, 2025-10-28, "
             "2020-07-02T10:00:00Z, Thu, 02 Jul 2020 10:00:00 +0200, 02/07/2020 (day/month/year), "
             "2 juillet 2020, juillet 2020)"},
            {"---\ndate: 2025-02-30\n---\nCorps", "a.md: line 2: invalid date '2025-02-30'*"},
            {"---\ndate: 2025-10-28T25:00\n---\nCorps", "a.md: line 2: invalid date*"},
            {"---\ndate: hier\n---\nCorps", "a.md: line 2: invalid date 'hier' (accepted: *"},
            {"---\ntitle: T\n---\n\n  \n",
             "a.md: no text after the front matter (add the article's text after the closing "
             "'---' line)"},
            {"---\nid: y\n---\n", "a.md: no text after the front matter*"},
            {"---\nid: y\n---", "a.md: no text after the front matter*"},
            {"Seulement un titre\n\n",
             "a.md: no text after the title (without a 'title:' in a front matter, the first "
             "line is the title and the text follows it)"},
            {"---\nid: y\n---\nSeulement un titre", "a.md: no text after the title*"},
        },
        [](std::string_view content) { return article(content); });
}

TEST_CASE("input: article ids") {
    CHECK(article("---\nid: given\n---\nT\nX", "dir/file") == "id=given|title=T|body=X");
    CHECK(article("T\nX", "dir/file") == "id=dir/file|title=T|body=X");
    CHECK(article("T\nX", "") == "a.md: no id (add an 'id:' line to the front matter)");
}

// `utf8` in `encoding` (an ICU converter name), with a byte order mark when
// `mark`.
std::string encode(std::string_view utf8, const char* encoding) {
    UErrorCode status = U_ZERO_ERROR;
    std::string out(utf8.size() * 4 + 8, '\0');
    const auto n = ucnv_convert(encoding, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                utf8.data(), static_cast<int32_t>(utf8.size()), &status);
    REQUIRE(U_SUCCESS(status));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

constexpr std::string_view kFrench =
    "Café crème\n\nLe déficit de l’État a été révélé à l’été. Déjà, les élèves "
    "préfèrent la crème brûlée aux œufs : « c’est très bon », disent-ils… 3 €.\n";

TEST_CASE("input: article files in another encoding are converted to UTF-8") {
    const std::string title = "Café crème";
    const std::string body(kFrench.substr(title.size() + 2, kFrench.size() - title.size() - 3));
    SUBCASE("Windows-1252") {
        const auto bytes = encode(kFrench, "windows-1252");
        REQUIRE(bytes.find("\x92") != std::string::npos);  // ’ is not Latin-1
        CHECK(article(bytes) == "id=x|title=" + title + "|body=" + body);
    }
    SUBCASE("Latin-1") {
        const std::string latin1_text =
            "Café crème\n\nLe déficit de l'État a été révélé à l'été. Déjà, les élèves "
            "préfèrent la crème brûlée : « très bon », disent-ils.\n";
        const auto bytes = encode(latin1_text, "ISO-8859-1");
        CHECK(article(bytes) ==
              "id=x|title=" + title + "|body=" +
                  latin1_text.substr(title.size() + 2, latin1_text.size() - title.size() - 3));
    }
    SUBCASE("UTF-16 with a byte order mark, either way, and without one") {
        for (const char* encoding : {"UTF-16LE", "UTF-16BE"}) {
            CAPTURE(encoding);
            const std::string marked = encode("\uFEFF" + std::string(kFrench), encoding);
            CHECK(article(marked) == "id=x|title=" + title + "|body=" + body);
        }
        CHECK(article(encode(kFrench, "UTF-16LE")) == "id=x|title=" + title + "|body=" + body);
        // Front matter and line numbers work on the decoded text.
        CHECK(article(encode("\uFEFF---\nid: y\ndaté: 2020\n---\nT\nX", "UTF-16LE")) ==
              "a.md: line 3: unknown key 'daté' in the front matter (known keys: id, title, "
              "date, source, url, companies)");
    }
    SUBCASE("UTF-32 with a byte order mark") {
        CHECK(article(encode("\uFEFF" + std::string(kFrench), "UTF-32LE")) ==
              "id=x|title=" + title + "|body=" + body);
    }
}

TEST_CASE("input: undecodable article files are rejected, never stored with U+FFFD") {
    check_rows(
        {
            // Too short for the detector to tell Latin-1 from its neighbours:
            // no guess at all, or two as good.
            {"Caf\xE9\n\nCr\xE8me\n",
             "a.md: not UTF-8 (byte 0xE9 at line 1, byte 4), and its encoding cannot be told "
             "with confidence; convert it to UTF-8, e.g. `iconv -f windows-1252 -t utf-8` for "
             "Windows or Latin-1 text"},
            {"Re\xE7u\n\nTr\xE8s bien\n",
             "a.md: not UTF-8 (byte 0xE7 at line 1, byte 3), and its encoding cannot be told "
             "with confidence (ICU's best guess, ISO-8859-1, has confidence 37/100, the next "
             "37); convert it to UTF-8*"},
            // UTF-8 with bytes of another encoding pasted in.
            {"Déjà vu\n\nUne ligne très française, écrite en UTF-8.\nCaf\xE9 ici.\n",
             "a.md: not valid UTF-8: byte 0xE9 at line 4, byte 4 is not UTF-8, though the rest "
             "of the text is (a mix of encodings?); replace the bytes that are not UTF-8"},
            {"Titre\n\nTexte accentué \xE2\x82",
             "a.md: not valid UTF-8: byte 0xE2 at line 3, byte 17 is not UTF-8*"},
            // A byte order mark that lies: an unpaired surrogate.
            {"\xFF\xFE\x61\x00\x00\xD8\x62\x00"sv,
             "a.md: invalid UTF-16LE text (byte order mark) near byte 5; convert it*"},
            // NUL bytes in what is not UTF-16: binary, as before.
            {"T\nX\0\xFFY"sv, "a.md: binary file (NUL byte at offset 3)"},
        },
        [](std::string_view content) { return article(content); });
    for (const auto& text : {"Caf\xE9\n\nCr\xE8me\n"s, "Déjà \xE9 vu\n\nX"s}) {
        CHECK(article(text).find(std::string(kReplacement)) == std::string::npos);
    }
}

TEST_CASE("input: JSON Lines records") {
    check_rows(
        {
            {R"({"id": "a", "title": " T ", "date": "2025-10-28", "source": "S", "url": "U",)"
             R"( "companies": ["Amazon", " AWS ", "", "Amazon"], "body": "Texte"})",
             "id=a|title=T|date=2025-10-28|source=S|url=U|companies=Amazon;AWS|body=Texte"},
            {R"({"id":"a","body":"x"})", "id=a|title=|body=x"},
            // Integer ids are taken as their decimal form.
            {R"({"id": 42, "body": "x"})", "id=42|title=|body=x"},
            {R"({"id": -7, "body": "x"})", "id=-7|title=|body=x"},
            {R"({"id": 18446744073709551615, "body": "x"})",
             "id=18446744073709551615|title=|body=x"},
            // null and "" mean absent (the corpora have "date": "").
            {R"({"id": "a", "body": "x", "title": null, "date": null, "source": null,)"
             R"( "url": null, "companies": null})",
             "id=a|title=|body=x"},
            {R"({"id": "a", "body": "x", "date": "", "title": "", "source": " "})",
             "id=a|title=|body=x"},
            {R"({"id": "a", "body": "x", "date": "2025"})", "id=a|title=|date=2025|body=x"},
            // Timestamps and written dates: the day as written.
            {R"({"id": "a", "body": "x", "date": "2020-07-02T10:00:00Z"})",
             "id=a|title=|date=2020-07-02|body=x"},
            {R"({"id": "a", "body": "x", "date": "2020-07-02 23:30:00.123-05:00"})",
             "id=a|title=|date=2020-07-02|body=x"},
            {R"({"id": "a", "body": "x", "date": "Thu, 02 Jul 2020 10:00:00 GMT"})",
             "id=a|title=|date=2020-07-02|body=x"},
            {R"({"id": "a", "body": "x", "date": "02/07/2020"})",
             "id=a|title=|date=2020-07-02|body=x"},
            {R"({"id": "a", "body": "x", "date": "2 févr. 2020"})",
             "id=a|title=|date=2020-02-02|body=x"},
            // Unknown fields are ignored, whatever their type.
            {R"({"id": "a", "body": "x", "lang": "fr", "extra": {"n": [1, 2, null]}})",
             "id=a|title=|body=x"},
            // The body keeps its text, without blank lines at its ends.
            {R"({"id": "a", "body": "\n \nPremier.\n\n  Second\u00a0!\n\n"})",
             "id=a|title=|body=Premier.\n\n  Second\u00a0!"},
            // Escapes, a BOM, white space around the object, a CR from CRLF.
            {R"({"id": "a", "body": "l\u2019IA \"citée\""})", "id=a|title=|body=l’IA \"citée\""},
            {"\xEF\xBB\xBF{\"id\": \"a\", \"body\": \"x\"}", "id=a|title=|body=x"},
            {" \t{\"id\": \"a\", \"body\": \"x\"} \r", "id=a|title=|body=x"},
        },
        record);
}

TEST_CASE("input: bad JSON Lines records") {
    check_rows(
        {
            {R"({"id": "a", "body": )", "feed.jsonl:2: invalid JSON at byte 21: *"},
            {R"({"id": "a", "body": "x"} trailing)", "feed.jsonl:2: invalid JSON at byte 28: *"},
            {R"({"id": "a", "body": "x",})", "feed.jsonl:2: invalid JSON*"},
            {R"({id: "a"})", "feed.jsonl:2: invalid JSON at byte 2: *"},
            {"{\"id\": \"a\", \"body\": \"x\ty\"}", "feed.jsonl:2: invalid JSON*"},
            {"{\"id\": \"a\", \"body\": \xFF}", "feed.jsonl:2: not UTF-8 (byte 0xFF at byte 21*"},
            // Found by fuzz_jsonl: the message quoted half of the `é` it stopped at.
            {"\xC3\xA9",
             "feed.jsonl:2: invalid JSON at byte 1: syntax error while parsing value - "
             "invalid literal; last read: '\xEF\xBF\xBD'"},
            // Found by fuzz_jsonl: a number too large for a double stopped lindex.
            {R"({"id": "a", "body": "x", "n": 1e400})",
             "feed.jsonl:2: invalid JSON: number overflow parsing '1e400'"},
            {"[1, 2]", "feed.jsonl:2: expected a JSON object, got array"},
            {"\"texte\"", "feed.jsonl:2: expected a JSON object, got string"},
            {"null", "feed.jsonl:2: expected a JSON object, got null"},
            {R"({"body": "x"})", "feed.jsonl:2: missing 'id' (required: a non-empty string)"},
            {R"({"id": "", "body": "x"})", "feed.jsonl:2: empty 'id'"},
            {R"({"id": " ", "body": "x"})", "feed.jsonl:2: empty 'id'"},
            {R"({"id": 1.5, "body": "x"})", "feed.jsonl:2: 'id' must be a string (got number)"},
            {R"({"id": true, "body": "x"})", "feed.jsonl:2: 'id' must be a string (got boolean)"},
            {R"({"id": null, "body": "x"})", "feed.jsonl:2: 'id' must be a string (got null)"},
            {R"({"id": "a"})",
             "feed.jsonl:2: missing 'body' (required: the article's text, a string)"},
            {R"({"id": "a", "body": 5})", "feed.jsonl:2: 'body' must be a string (got number)"},
            {R"({"id": "a", "body": null})", "feed.jsonl:2: 'body' must be a string (got null)"},
            {R"({"id": "a", "body": ["x"]})", "feed.jsonl:2: 'body' must be a string (got array)"},
            {R"({"id": "a", "body": {"text": "x"}})",
             "feed.jsonl:2: 'body' must be a string (got object)"},
            {R"({"id": "a", "body": ""})", "feed.jsonl:2: empty 'body'"},
            {R"({"id": "a", "body": " \n\u00a0\n "})", "feed.jsonl:2: empty 'body'"},
            {R"({"id": "a", "body": "x", "title": 5})",
             "feed.jsonl:2: 'title' must be a string or null (got number)"},
            {R"({"id": "a", "body": "x", "source": ["S"]})",
             "feed.jsonl:2: 'source' must be a string or null (got array)"},
            {R"({"id": "a", "body": "x", "url": false})",
             "feed.jsonl:2: 'url' must be a string or null (got boolean)"},
            {R"({"id": "a", "body": "x", "date": 2025})",
             "feed.jsonl:2: 'date' must be a string or null (got number)"},
            {R"({"id": "a", "body": "x", "date": "2025/10"})",
             "feed.jsonl:2: invalid 'date' '2025/10' (accepted: 2025, 2025-10, 2025-10-28, "
             "2020-07-02T10:00:00Z, Thu, 02 Jul 2020 10:00:00 +0200, 02/07/2020 (day/month/year), "
             "2 juillet 2020, juillet 2020)"},
            {R"({"id": "a", "body": "x", "date": "2025-13"})", "feed.jsonl:2: invalid 'date'*"},
            {R"({"id": "a", "body": "x", "companies": "Amazon"})",
             "feed.jsonl:2: 'companies' must be an array of strings or null (got string)"},
            {R"({"id": "a", "body": "x", "companies": ["A", 3]})",
             "feed.jsonl:2: 'companies' must be an array of strings (item 2 is number)"},
        },
        record);
}

TEST_CASE("input: JSON Lines records that are not UTF-8 are rejected, naming the line") {
    CHECK(record("{\"id\": \"a\", \"title\": \"Caf\xE9\", \"body\": \"d\xE9j\xE0\"}") ==
          "feed.jsonl:2: not UTF-8 (byte 0xE9 at byte 26 of the line); JSON Lines must be UTF-8: "
          "convert the file, e.g. `iconv -f windows-1252 -t utf-8` for Windows or Latin-1 text");
    CHECK(record("{\"id\": \"a\", \"body\": \"d\xC3\xA9j\xC3\xA0 \xF0\x9F\"}")
              .starts_with("feed.jsonl:2: not UTF-8 (byte 0xF0 at byte 29 of the line)"));
}

TEST_CASE("input: an invalid JSON error message stays short") {
    const std::string line = "{\"id\": \"a\", \"body\": \"" + std::string(100000, 'x');
    const auto got = record(line);
    CHECK(got.starts_with("feed.jsonl:2: invalid JSON at byte "));
    CHECK(got.size() < 400);
}

TEST_CASE("input: expanding a directory") {
    TempDir dir;
    const auto root = dir.path() / "corpus";
    for (const auto* name :
         {"b.md", "a.txt", "feed.jsonl", "archive/2024/x.y.md", "sub/z.MD", "dir.md/inner.txt",
          "notes.pdf", "README", "x.gz", ".hidden.md", ".git/config.md", "sub/.cache/c.md"}) {
        dir.write(fs::path("corpus") / name, "Titre\nTexte\n");
    }
    dir.write_gzip("corpus/archive/2024/old.jsonl.gz", "{\"id\": \"a\", \"body\": \"x\"}\n");
    // Symbolic links are followed; a directory is read once, under its own
    // name rather than a link's.
    fs::create_directory_symlink(root, root / "loop");
    fs::create_directory_symlink(root / "sub", root / "a-link");
    fs::create_directory_symlink(dir.path() / "outside", root / "linked");
    dir.write("outside/o.md", "Titre\nTexte\n");
    fs::create_symlink(root / "b.md", root / "link.md");  // a file symlink is read
    fs::create_symlink(root / "gone.md", root / "dangling.md");
    fs::create_symlink(root / "self", root / "self");  // ELOOP

    const std::vector<std::string> want = {
        "a.txt a article",
        "archive/2024/old.jsonl.gz archive/2024/old jsonl.gz",
        "archive/2024/x.y.md archive/2024/x.y article",
        "b.md b article",
        "dir.md/inner.txt dir.md/inner article",
        "feed.jsonl feed jsonl",
        "link.md link article",
        "linked/o.md linked/o article",
        "sub/z.MD sub/z article",
    };
    for (const auto& input : {root.string(), root.string() + "/"}) {
        CAPTURE(input);
        std::vector<std::string> got;
        std::vector<Problem> problems, skipped;
        const auto files = expand_inputs(
            {input},
            [&](const std::string& name, const std::string& reason) {
                problems.push_back({name, reason});
            },
            [&](const std::string& name, const std::string& reason) {
                skipped.push_back({name, reason});
            });
        for (const auto& file : files) {
            got.push_back(describe(file, root));
            CHECK(file.name == file.path.string());
            CHECK(fs::is_regular_file(file.path));
        }
        CHECK(got == want);
        // Whatever the trailing '/', names are the paths as listed.
        const auto base = (fs::path(input) / "").string();
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].name == base + "dangling.md");
        CHECK(problems[0].reason == "dangling symbolic link to " + (root / "gone.md").string() +
                                        " (its target does not exist): skipped; remove the "
                                        "link, or restore its target");
        REQUIRE(skipped.size() == 3);
        std::sort(skipped.begin(), skipped.end(),
                  [](const Problem& a, const Problem& b) { return a.name < b.name; });
        CHECK(skipped[0].name == base + "a-link");
        CHECK(skipped[0].reason == "the same directory as " + base + "sub, already read: skipped");
        CHECK(skipped[1].name == base + "loop");
        CHECK(skipped[1].reason.starts_with("symbolic link loop: leads back to "));
        CHECK(skipped[2].name == base + "self");
        CHECK(skipped[2].reason == "symbolic link to " + (root / "self").string() +
                                       " in a loop of links (too many levels): skipped");
    }

    // A relative INPUT gives relative names, and the same ids.
    const auto cwd = fs::current_path();
    fs::current_path(dir.path());
    std::vector<Problem> ignored;
    const auto relative = expand({"corpus"}, &ignored);
    fs::current_path(cwd);
    REQUIRE(relative.size() == want.size());
    CHECK(relative[0].name == "corpus/a.txt");
    CHECK(relative[0].default_id == "a");
    CHECK(relative[1].default_id == "archive/2024/old");
}

TEST_CASE("input: expanding files, stdin and missing inputs") {
    TempDir dir;
    const auto md = dir.write("x.md", "T\nX").string();
    const auto gz = dir.write_gzip("feed.jsonl.gz", "{}").string();
    const auto jsonl = dir.write("Feed.JSONL", "{}").string();
    const auto hidden = dir.write(".hidden.txt", "T\nX").string();
    const auto pdf = dir.write("notes.pdf", "%PDF").string();
    const auto missing = (dir.path() / "missing.md").string();

    std::vector<Problem> problems;
    std::vector<std::string> got;
    for (const auto& file :
         expand({md, "-", pdf, gz, missing, jsonl, hidden, (dir.path() / "a/b").string()},
                &problems)) {
        got.push_back(describe(file, dir.path()));
    }
    // Arguments keep their order; a file named explicitly is read even if hidden.
    CHECK(got == std::vector<std::string>{"x.md x article", "<stdin>  stdin",
                                          "feed.jsonl.gz feed jsonl.gz", "Feed.JSONL Feed jsonl",
                                          ".hidden.txt .hidden article"});
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].name == pdf);
    CHECK(problems[0].reason == "unsupported file type (expected .md, .txt, .jsonl, .jsonl.gz)");
    CHECK(problems[1].name == missing);
    CHECK(problems[1].reason == "no such file or directory");
    CHECK(problems[2].reason == "no such file or directory");

    // The name is the argument as given.
    const auto files = expand({md});
    REQUIRE(files.size() == 1);
    CHECK(files[0].name == md);
    CHECK(files[0].path == fs::path(md));
}

TEST_CASE("input: reading article files") {
    TempDir dir;
    const auto good = dir.write("good.md", "---\nid: g\ntitle: T\n---\nTexte\n");
    const auto empty = dir.write("empty.md", "");
    const auto sub = dir.path() / "dir.md";
    fs::create_directory(sub);

    CHECK(read_all({good, "good.md", "good", InputFile::Format::Article}) ==
          std::vector<std::string>{"good.md g"});
    CHECK(read_all({empty, "empty.md", "empty", InputFile::Format::Article}) ==
          std::vector<std::string>{"empty.md: empty file"});
    // I/O errors are problems, not exceptions.
    CHECK(read_all({sub, "dir.md", "dir", InputFile::Format::Article}) ==
          std::vector<std::string>{"dir.md: read error: Is a directory"});
    CHECK(read_all({dir.path() / "gone.md", "gone.md", "gone", InputFile::Format::Article}) ==
          std::vector<std::string>{"gone.md: cannot open: No such file or directory"});

    // The read article is the parsed one, origin included.
    read_input({good, "good.md", "good", InputFile::Format::Article}, [](InputItem&& item) {
        CHECK(item.ok);
        CHECK(item.origin == "good.md");
        CHECK(describe(item.article) == "id=g|title=T|body=Texte");
    });
}

TEST_CASE("input: reading unreadable files") {
    TempDir dir;
    const auto locked_md = dir.write("locked.md", "T\nX");
    const auto locked_jsonl = dir.write("locked.jsonl", "{}");
    fs::permissions(locked_md, fs::perms::none);
    fs::permissions(locked_jsonl, fs::perms::none);
    if (std::ifstream(locked_md).is_open()) {
        MESSAGE("permissions are not enforced for this user (root?): skipped");
        return;
    }
    CHECK(read_all({locked_md, "locked.md", "locked", InputFile::Format::Article}) ==
          std::vector<std::string>{"locked.md: cannot open: Permission denied"});
    CHECK(read_all({locked_jsonl, "locked.jsonl", "locked", InputFile::Format::Jsonl}) ==
          std::vector<std::string>{"locked.jsonl: cannot open: Permission denied"});
}

TEST_CASE("input: reading JSON Lines files") {
    TempDir dir;
    const auto feed = dir.write("feed.jsonl",
                                "{\"id\": \"a\", \"body\": \"x\"}\n"
                                "{\"id\": \"b\", \"body\": \n"
                                "\n"
                                "{\"id\": \"c\", \"body\": \"x\"}\r\n"
                                "   \r\n"
                                "{\"id\": \"d\"}\n"
                                "{\"id\": \"e\", \"body\": 5}\n"
                                "{\"id\": \"f\", \"body\": \"no final newline\"}");
    const auto got = read_all({feed, "feed.jsonl", "feed", InputFile::Format::Jsonl});
    REQUIRE(got.size() == 6);
    CHECK(got[0] == "feed.jsonl:1 a");
    CHECK(got[1].starts_with("feed.jsonl:2: invalid JSON at byte "));
    CHECK(got[2] == "feed.jsonl:4 c");
    CHECK(got[3] == "feed.jsonl:6: missing 'body' (required: the article's text, a string)");
    CHECK(got[4] == "feed.jsonl:7: 'body' must be a string (got number)");
    CHECK(got[5] == "feed.jsonl:8 f");

    // Empty feeds are reported: nothing was read from them.
    const auto empty = dir.write("empty.jsonl", "");
    const auto blank = dir.write("blank.jsonl", "\n  \n\r\n");
    CHECK(read_all({empty, "empty.jsonl", "empty", InputFile::Format::Jsonl}) ==
          std::vector<std::string>{"empty.jsonl: empty file (no JSON Lines record)"});
    CHECK(read_all({blank, "blank.jsonl", "blank", InputFile::Format::Jsonl}) ==
          std::vector<std::string>{"blank.jsonl: empty file (no JSON Lines record)"});
    CHECK(read_all({dir.path() / "gone.jsonl", "gone.jsonl", "gone", InputFile::Format::Jsonl}) ==
          std::vector<std::string>{"gone.jsonl: cannot open: No such file or directory"});
}

TEST_CASE("input: very long JSON Lines") {
    TempDir dir;
    const std::string body(10 * 1024 * 1024, 'a');
    const std::string line = "{\"id\": \"long\", \"body\": \"" + body + "\"}";
    const auto feed =
        dir.write("long.jsonl", line + "\n{\"id\": \"short\", \"body\": \"x\"}\n" + line);
    const auto gz = dir.write_gzip("long.jsonl.gz", line + "\n" + line + "\n");

    std::vector<std::size_t> sizes;
    const auto collect = [&](InputItem&& item) {
        CHECK_MESSAGE(item.ok, item.error);
        sizes.push_back(item.article.body.size());
    };
    const std::uint64_t limit = 11 << 20;
    read_input({feed, "long.jsonl", "long", InputFile::Format::Jsonl}, collect, limit);
    read_input({gz, "long.jsonl.gz", "long", InputFile::Format::JsonlGz}, collect, limit);
    CHECK(sizes == std::vector<std::size_t>{body.size(), 1, body.size(), body.size(), body.size()});
}

TEST_CASE("input: articles over the size limit are refused, naming their size") {
    TempDir dir;
    const std::string body(3000, 'a');
    const std::string line = "{\"id\": \"long\", \"body\": \"" + body + "\"}";  // 3026 bytes
    const std::string content =
        line + "\n{\"id\": \"short\", \"body\": \"x\"}\n" + line + "\n\n" + line;
    const auto feed = dir.write("long.jsonl", content);
    const auto gz = dir.write_gzip("long.jsonl.gz", content);
    const auto md = dir.write("long.md", "Titre\n\n" + body);                    // 3007 bytes
    const auto fits = dir.write("fits.md", "Titre\n\n" + body.substr(0, 1017));  // 1024 bytes

    const std::string over =
        " bytes (0.0 MiB), over the limit of 1024 bytes (0.0 MiB): not indexed "
        "(raise the limit with --max-article-size if it really is one article)";
    const auto read = [](const InputFile& file) {
        std::vector<std::string> out;
        read_input(
            file,
            [&](InputItem&& item) {
                out.push_back(item.ok ? item.origin + " " + item.article.id : item.error);
            },
            1024);
        return out;
    };
    for (const auto& [path, name, format] :
         {std::tuple{feed, "long.jsonl"s, InputFile::Format::Jsonl},
          std::tuple{gz, "long.jsonl.gz"s, InputFile::Format::JsonlGz}}) {
        CHECK(read({path, name, "long", format}) ==
              std::vector<std::string>{name + ":1: record of 3026" + over, name + ":2 short",
                                       name + ":3: record of 3026" + over,
                                       name + ":5: record of 3026" + over});
    }
    CHECK(read({md, "long.md", "long", InputFile::Format::Article}) ==
          std::vector<std::string>{"long.md: article file of 3007" + over});
    CHECK(read({fits, "fits.md", "fits", InputFile::Format::Article}) ==
          std::vector<std::string>{"fits.md fits"});

    // Standard input, read as it comes.
    std::istringstream in(content);
    auto* const saved = std::cin.rdbuf(in.rdbuf());
    const auto got = read({"-", "<stdin>", "", InputFile::Format::Stdin});
    std::cin.rdbuf(saved);
    CHECK(got == std::vector<std::string>{"<stdin>:1: record of 3026" + over, "<stdin>:2 short",
                                          "<stdin>:3: record of 3026" + over,
                                          "<stdin>:5: record of 3026" + over});

    // A named pipe has no size: refused once past the limit.
    const auto pipe = dir.path() / "pipe.md";
    REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
    std::thread writer([&] {
        std::ofstream out(pipe, std::ios::binary);
        out << std::string(5000, 'x');  // fits in the pipe: no SIGPIPE when the reader stops
    });
    CHECK(read({pipe, "pipe.md", "pipe", InputFile::Format::Article}) ==
          std::vector<std::string>{"pipe.md: article file of more than 1024" + over});
    writer.join();
}

TEST_CASE("input: reading gzip-compressed JSON Lines") {
    TempDir dir;
    std::string content;
    for (int i = 1; i <= 2000; ++i) {
        // Varied text, so that the compressed file is not tiny.
        content += "{\"id\": \"r" + std::to_string(i) + "\", \"body\": \"Article " +
                   std::to_string(i * 7919 % 10007) + " " + std::to_string(i * i) + "\"}\n";
        if (i == 3) content += "not json\n";
    }
    const auto gz = dir.write_gzip("feed.jsonl.gz", content);
    const auto got = read_all({gz, "feed.jsonl.gz", "feed", InputFile::Format::JsonlGz});
    REQUIRE(got.size() == 2001);
    CHECK(got[0] == "feed.jsonl.gz:1 r1");
    CHECK(got[3].starts_with("feed.jsonl.gz:4: invalid JSON"));
    CHECK(got[2000] == "feed.jsonl.gz:2001 r2000");

    std::string compressed;
    {
        std::ifstream in(gz, std::ios::binary);
        compressed.assign(std::istreambuf_iterator<char>(in), {});
    }
    REQUIRE(compressed.size() > 1000);

    SUBCASE("truncated") {
        const auto truncated =
            dir.write("truncated.jsonl.gz", compressed.substr(0, compressed.size() / 2));
        const auto items = read_all({truncated, "t.jsonl.gz", "t", InputFile::Format::JsonlGz});
        // The good records before the cut are delivered, then one problem at the line reached.
        REQUIRE(items.size() > 10);
        REQUIRE(items.size() < 2001);
        // Every line up to the cut was delivered, the bad line 4 as a problem.
        const auto lines_read = items.size() - 1;
        for (std::size_t i = 0; i < lines_read; ++i) {
            const auto line = std::to_string(i + 1);
            if (i == 3) {
                CHECK(items[i].starts_with("t.jsonl.gz:4: invalid JSON"));
            } else {
                CHECK(items[i] == "t.jsonl.gz:" + line + " r" + std::to_string(i < 3 ? i + 1 : i));
            }
        }
        CHECK(items.back() == "t.jsonl.gz:" + std::to_string(lines_read + 1) +
                                  ": truncated gzip file (unexpected end of file); stopped "
                                  "reading at this line");
    }
    SUBCASE("corrupt") {
        auto corrupt = compressed;
        for (std::size_t i = corrupt.size() / 2; i < corrupt.size() / 2 + 64; ++i)
            corrupt[i] = 'x';
        const auto path = dir.write("corrupt.jsonl.gz", corrupt);
        const auto items = read_all({path, "c.jsonl.gz", "c", InputFile::Format::JsonlGz});
        REQUIRE(items.size() < 2001);
        CHECK(items[0] == "c.jsonl.gz:1 r1");
        CHECK(items.back().find(": corrupt gzip data (") != std::string::npos);
        CHECK(items.back().ends_with("; stopped reading at this line"));
    }
    SUBCASE("not gzip") {
        const auto plain = dir.write("plain.jsonl.gz", "{\"id\": \"a\", \"body\": \"x\"}\n");
        CHECK(read_all({plain, "plain.jsonl.gz", "plain", InputFile::Format::JsonlGz}) ==
              std::vector<std::string>{"plain.jsonl.gz: not a gzip file (no gzip header)"});
        const auto empty = dir.write("empty.jsonl.gz", "");
        CHECK(read_all({empty, "empty.jsonl.gz", "empty", InputFile::Format::JsonlGz}) ==
              std::vector<std::string>{"empty.jsonl.gz: empty file (no JSON Lines record)"});
    }
    SUBCASE("a plain .jsonl that is compressed is read") {
        const auto path = dir.write("compressed.jsonl", compressed);
        CHECK(read_all({path, "compressed.jsonl", "compressed", InputFile::Format::Jsonl}).size() ==
              2001);
    }
}

TEST_CASE("input: reading standard input") {
    std::istringstream in("{\"id\": \"a\", \"body\": \"x\"}\n\n{\"id\": \"b\"}\n");
    auto* const saved = std::cin.rdbuf(in.rdbuf());
    const auto got = read_all({"-", "<stdin>", "", InputFile::Format::Stdin});
    std::cin.rdbuf(saved);
    CHECK(got ==
          std::vector<std::string>{
              "<stdin>:1 a", "<stdin>:3: missing 'body' (required: the article's text, a string)"});

    std::istringstream nothing;
    std::cin.rdbuf(nothing.rdbuf());
    const auto none = read_all({"-", "<stdin>", "", InputFile::Format::Stdin});
    std::cin.rdbuf(saved);
    CHECK(none == std::vector<std::string>{"<stdin>: empty file (no JSON Lines record)"});
}

TEST_CASE("input: the fixture directory tests/data/input") {
    const auto root = (source_dir() / "../data/input").lexically_normal();
    std::vector<std::string> got;
    for (const auto& file : expand({root.string()})) {
        const auto prefix = root.string() + "/";
        read_input(file, [&](InputItem&& item) {
            auto text = item.ok ? item.origin + " " + item.article.id + " | " + item.article.title
                                : item.error;
            if (text.starts_with(prefix)) text = text.substr(prefix.size());
            got.push_back(text);
        });
    }
    const std::vector<std::string> want = {
        "articles/bom.md bom | Avec BOM",
        "articles/crlf.md crlf | Fin de ligne Windows",
        "articles/front-matter.md amazon-front-matter | Amazon supprime 14 000 postes",
        "articles/latin1.txt articles/latin1 | Café crème",
        "articles/nested/deep/page.md articles/nested/deep/page | Une page rangée loin",
        "articles/plain.txt articles/plain | Les licenciements continuent chez AWS",
        "articles/untitled.md untitled | ",
        "bad/bad-date.md: line 3: invalid date '31/02/2025' (accepted: 2025, 2025-10, 2025-10-28, "
        "2020-07-02T10:00:00Z, Thu, 02 Jul 2020 10:00:00 +0200, 02/07/2020 (day/month/year), "
        "2 juillet 2020, juillet 2020)",
        "bad/binary.md: binary file (NUL byte at offset 4)",
        "bad/empty.md: empty file",
        "bad/no-body.md: no text after the front matter (add the article's text after the "
        "closing '---' line)",
        "bad/unknown-key.md: line 3: unknown key 'auteur' in the front matter (known keys: id, "
        "title, date, source, url, companies)",
        "bad/unterminated.md: unterminated front matter: no closing '---' line (the first line, "
        "'---', opens a front matter; add a '---' line after its last 'key: value' line)",
        "bad/whitespace.txt: empty file",
        "feeds/feed.jsonl:1 feed-1 | Premier",
        "feeds/feed.jsonl:2: invalid JSON at byte 26: syntax error while parsing value - "
        "unexpected end of input; expected '[', '{', or a literal",
        "feeds/feed.jsonl:3: missing 'body' (required: the article's text, a string)",
        "feeds/feed.jsonl:4: 'body' must be a string (got number)",
        "feeds/feed.jsonl:6 5 | ",
        "feeds/feed.jsonl:7: not UTF-8 (byte 0xE9 at byte 30 of the line); JSON Lines must be "
        "UTF-8: convert the file, e.g. `iconv -f windows-1252 -t utf-8` for Windows or Latin-1 "
        "text",
        "feeds/feed.jsonl.gz:1 gz-1 | Compressé",
        "feeds/feed.jsonl.gz:2 gz-2 | ",
    };
    // truncated.jsonl.gz: its first records, then the problem at the line reached.
    REQUIRE(got.size() > want.size() + 1);
    const std::vector<std::string> head(got.begin(),
                                        got.begin() + static_cast<std::ptrdiff_t>(want.size()));
    CHECK(head == want);
    const auto truncated = got.size() - want.size() - 1;
    for (std::size_t i = 0; i < truncated; ++i) {
        CHECK(got[want.size() + i] == "feeds/truncated.jsonl.gz:" + std::to_string(i + 1) + " t-" +
                                          std::to_string(i + 1) + " | ");
    }
    CHECK(got.back() == "feeds/truncated.jsonl.gz:" + std::to_string(truncated + 1) +
                            ": truncated gzip file (unexpected end of file); stopped reading at "
                            "this line");
}

TEST_CASE("input: the seed articles in data/articles") {
    struct Seed {
        const char* file;
        const char* id;
        const char* title;
        const char* date;
        const char* source;
        const char* body_start;
    };
    const Seed seeds[] = {
        {"2023-aws-france-licenciements.md", "aws-france-licenciements-2023", "", "2023", "",
         "Amazon Web Services (AWS), la division cloud d’Amazon, serait"},
        {"2024-voi-aws-suppressions-centaines-postes.md", "aws-suppressions-postes-voi-2024", "",
         "2024", "VOI", "JAKARTA - Amazon Web Services (AWS) a supprimé"},
        {"2025-10-epochtimes-amazon-14000-postes-cadres.md",
         "amazon-14000-postes-ia-epochtimes-2025",
         "Amazon va supprimer 14.000 postes de cadres dans le cadre de sa bascule vers l’IA",
         "2025-10", "Epoch Times", "L’opération vise à rationaliser"},
        {"2025-11-amazon-14000-licenciements-vague-ia.md",
         "amazon-14000-licenciements-vague-ia-2025",
         "14.000 licenciements chez Amazon : la vague de l’IA continue de déferler", "2025-11", "",
         "Après Microsoft et Meta, c’est au tour d’Amazon"},
        {"2026-01-amazon-16000-postes-strategie-ia.md", "amazon-16000-postes-strategie-ia-2026",
         "Amazon réduit ses effectifs de 16 000 postes pour financer sa stratégie d’intelligence "
         "artificielle",
         "2026-01", "", "Le géant du commerce en ligne poursuit"},
    };
    const auto root = (source_dir() / "../../data/articles").lexically_normal();
    const auto files = expand({root.string()});
    REQUIRE(files.size() == std::size(seeds));
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto& seed = seeds[i];
        CAPTURE(seed.file);
        CHECK(files[i].path.filename() == seed.file);
        std::vector<InputItem> items;
        read_input(files[i], [&](InputItem&& item) { items.push_back(std::move(item)); });
        REQUIRE(items.size() == 1);
        REQUIRE_MESSAGE(items[0].ok, items[0].error);
        const auto& a = items[0].article;
        CHECK(a.id == seed.id);
        CHECK(a.title == seed.title);
        CHECK(a.date == seed.date);
        CHECK(a.source == seed.source);
        CHECK(a.url.empty());
        CHECK(a.companies.empty());
        CHECK(a.body.starts_with(seed.body_start));
        CHECK(lsearch::is_valid_utf8(a.body));
        CHECK(a.body.find("\n\n") != std::string::npos);
        CHECK(a.body.find('\r') == std::string::npos);
    }
}
