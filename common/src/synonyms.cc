#include "lsearch/common/synonyms.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lsearch/common/error.h"

namespace lsearch {
namespace {

std::vector<std::string_view> split(std::string_view text, std::string_view separators) {
    std::vector<std::string_view> parts;
    while (true) {
        const auto at = text.find_first_of(separators);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) break;
        text = text.substr(at + 1);
    }
    return parts;
}

}  // namespace

void Synonyms::add_group(std::vector<Expression> group) {
    const std::size_t index = groups_.size();
    groups_.push_back(std::move(group));
    for (std::size_t e = 0; e < groups_[index].size(); ++e) {
        auto& entries = by_first_word_[groups_[index][e].front()];
        entries.emplace_back(index, e);
        std::stable_sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) {
            return groups_[a.first][a.second].size() > groups_[b.first][b.second].size();
        });
    }
}

Synonyms Synonyms::parse(std::string_view content, std::string_view name, Analyzer& analyzer) {
    Synonyms synonyms;
    std::size_t line_number = 0;
    for (std::string_view line : split(content, "\n")) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string_view::npos || line[first] == '#') continue;
        const std::string where = std::string(name) + ":" + std::to_string(line_number);
        std::vector<Expression> group;
        for (std::string_view text : split(line, "\t|")) {
            Expression words;
            for (const Token& token : analyzer.analyze(text)) {
                if (token.kind != TokenKind::Compound) words.push_back(token.folded);
            }
            if (words.empty()) continue;
            if (words.size() > kMaxWords) {
                throw InputError(where + ": \"" + std::string(text) + "\" has more than " +
                                 std::to_string(kMaxWords) + " words");
            }
            if (std::find(group.begin(), group.end(), words) == group.end()) {
                group.push_back(std::move(words));
            }
        }
        if (group.size() < 2) {
            throw InputError(where +
                             ": a line needs at least two expressions "
                             "(`expression<TAB>synonym|synonym`)");
        }
        synonyms.add_group(std::move(group));
    }
    return synonyms;
}

Synonyms Synonyms::load(const std::string& path, Analyzer& analyzer) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the synonyms file");
    std::ostringstream content;
    content << in.rdbuf();
    return parse(repair_utf8(content.str()), path, analyzer);
}

std::string Synonyms::serialize() const {
    std::string out;
    for (const auto& group : groups_) {
        for (std::size_t e = 0; e < group.size(); ++e) {
            if (e > 0) out += '\t';
            for (std::size_t w = 0; w < group[e].size(); ++w) {
                if (w > 0) out += ' ';
                out += group[e][w];
            }
        }
        out += '\n';
    }
    return out;
}

Synonyms Synonyms::deserialize(std::string_view data) {
    Synonyms synonyms;
    for (std::string_view line : split(data, "\n")) {
        if (line.empty()) continue;
        std::vector<Expression> group;
        for (std::string_view text : split(line, "\t")) {
            Expression words;
            for (std::string_view word : split(text, " ")) {
                if (!word.empty()) words.emplace_back(word);
            }
            if (!words.empty()) group.push_back(std::move(words));
        }
        if (group.size() >= 2) synonyms.add_group(std::move(group));
    }
    return synonyms;
}

std::size_t Synonyms::match(const std::vector<std::string>& words, std::size_t first,
                            std::vector<const Expression*>& others) const {
    others.clear();
    if (first >= words.size()) return 0;
    const auto it = by_first_word_.find(words[first]);
    if (it == by_first_word_.end()) return 0;
    for (const auto& [group, expression] : it->second) {  // longest first
        const Expression& candidate = groups_[group][expression];
        if (first + candidate.size() > words.size() ||
            !std::equal(candidate.begin(), candidate.end(),
                        words.begin() + static_cast<std::ptrdiff_t>(first))) {
            continue;
        }
        for (std::size_t e = 0; e < groups_[group].size(); ++e) {
            if (e != expression) others.push_back(&groups_[group][e]);
        }
        return candidate.size();
    }
    return 0;
}

}  // namespace lsearch
