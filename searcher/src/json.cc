#include "lsearch/json.h"

#include <initializer_list>
#include <utility>

#include <nlohmann/json.hpp>

namespace lsearch {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& json) {
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json facet_json(const std::vector<FacetValue>& values) {
    auto array = Json::array();
    for (const auto& value : values)
        array.push_back({{"value", value.value}, {"count", value.count}});
    return array;
}

[[noreturn]] void bad_member(const std::string& name, const std::string& what) {
    throw InvalidArgument("search request: \"" + name + "\" " + what);
}

std::size_t count_member(const nlohmann::json& value, const std::string& name) {
    if (!value.is_number_integer()) bad_member(name, "must be an integer");
    if (value.is_number_unsigned()) return value.get<std::size_t>();
    const auto number = value.get<std::int64_t>();
    if (number < 0) bad_member(name, "must be 0 or more, not " + std::to_string(number));
    return static_cast<std::size_t>(number);
}

std::string string_member(const nlohmann::json& value, const std::string& name) {
    if (!value.is_string()) bad_member(name, "must be a string");
    return value.get<std::string>();
}

// One of the names in `choices` (in the message, "a", "b" or "c").
template <class Enum>
Enum choice_member(const nlohmann::json& value, const std::string& name,
                   std::initializer_list<std::pair<std::string_view, Enum>> choices) {
    const std::string text = string_member(value, name);
    std::string names;
    std::size_t i = 0;
    for (const auto& [choice_name, choice] : choices) {
        if (text == choice_name) return choice;
        const char* separator = i == 0 ? "\"" : i + 1 == choices.size() ? " or \"" : ", \"";
        names += separator + std::string(choice_name) + "\"";
        ++i;
    }
    bad_member(name, "must be " + names + ", not \"" + text + "\"");
}

}  // namespace

SearchRequest request_from_json(std::string_view json) {
    nlohmann::json object;
    try {
        object = nlohmann::json::parse(json);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte counts from 1 and is the last byte read (the end of a bad
        // token); what() starts with nlohmann's id and a line and column.
        std::string what = e.what();
        const auto reason = what.find("syntax error");
        if (reason != std::string::npos) what.erase(0, reason);
        throw InvalidArgument("search request: not valid JSON at byte " +
                              std::to_string(e.byte > 0 ? e.byte - 1 : 0) + " (" + what +
                              "); send an object such as {\"query\": \"AWS France\"}");
    }
    if (!object.is_object()) {
        throw InvalidArgument(
            "search request: must be a JSON object such as {\"query\": \"AWS France\"}");
    }
    SearchRequest request;
    bool has_query = false;
    for (const auto& [name, value] : object.items()) {
        if (name == "query") {
            request.query = string_member(value, name);
            has_query = true;
        } else if (name == "offset") {
            request.offset = count_member(value, name);
        } else if (name == "limit") {
            request.limit = count_member(value, name);
        } else if (name == "sort") {
            request.sort = choice_member<SortOrder>(
                value, name, {{"relevance", SortOrder::Relevance}, {"date", SortOrder::Date}});
        } else if (name == "match") {
            request.match = choice_member<MatchMode>(
                value, name, {{"all_then_any", MatchMode::AllThenAny},
                                  {"all", MatchMode::All},
                                  {"any", MatchMode::Any}});
        } else if (name == "facets") {
            if (!value.is_boolean()) bad_member(name, "must be true or false");
            request.facets = value.get<bool>();
        } else if (name == "facet_values") {
            request.facet_values = count_member(value, name);
        } else if (name == "snippet_length") {
            request.snippet_length = count_member(value, name);
        } else if (name == "count_limit") {
            request.count_limit = count_member(value, name);
        } else {
            bad_member(name,
                       "is not a request member (query, offset, limit, sort, match, facets, "
                       "facet_values, snippet_length, count_limit)");
        }
    }
    if (!has_query) throw InvalidArgument("search request: \"query\" is missing");
    if (request.limit > SearchRequest::kMaxLimit) {
        bad_member("limit", "must be at most " + std::to_string(SearchRequest::kMaxLimit));
    }
    return request;
}

std::string to_json(const SearchResponse& response) {
    Json results = Json::array();
    for (const auto& hit : response.hits) {
        Json highlights = Json::array();
        for (const auto& h : hit.snippet.highlights)
            highlights.push_back({h.begin, h.end});
        results.push_back({{"rank", hit.rank},
                           {"id", hit.id},
                           {"title", hit.title},
                           {"url", hit.url},
                           {"date", hit.date},
                           {"source", hit.source},
                           {"companies", hit.companies},
                           {"score", hit.score},
                           {"snippet", {{"text", hit.snippet.text}, {"highlights", highlights}}}});
    }
    return dump({{"version", kJsonVersion},
                 {"query", response.query},
                 {"total", response.total},
                 {"total_exact", response.total_exact},
                 {"offset", response.offset},
                 {"limit", response.limit},
                 {"relaxed", response.relaxed},
                 {"suggestion", response.suggestion},
                 {"warnings", response.warnings},
                 {"results", results},
                 {"facets_exact", response.facets_exact},
                 {"facets",
                  {{"company", facet_json(response.facets.company)},
                   {"year", facet_json(response.facets.year)},
                   {"source", facet_json(response.facets.source)}}}});
}

std::string error_json(std::string_view query, std::string_view error, std::size_t position) {
    Json json{{"version", kJsonVersion}, {"query", query}, {"error", error}};
    if (position != kNoPosition) json["position"] = position;
    return dump(json);
}

}  // namespace lsearch
