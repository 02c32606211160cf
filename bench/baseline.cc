#include "baseline.h"

#include <xapian.h>

namespace lsearch::bench {

struct BaselineIndexer::Impl {
    Xapian::WritableDatabase db;
    Xapian::TermGenerator generator;
};

BaselineIndexer::BaselineIndexer(const std::string& path) : impl_(std::make_unique<Impl>()) {
    impl_->db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE);
    impl_->generator.set_stemmer(Xapian::Stem("french"));
    impl_->generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

BaselineIndexer::~BaselineIndexer() = default;

void BaselineIndexer::add(const Article& article) {
    Xapian::Document doc;
    auto& generator = impl_->generator;
    generator.set_document(doc);
    generator.index_text(article.title, 1, "S");
    generator.index_text(article.title, 3);
    generator.increase_termpos();
    generator.index_text(article.body);
    const std::string id_term = "Q" + article.id;
    doc.add_boolean_term(id_term);
    doc.add_value(0, article.date);
    doc.add_value(1, article.source);
    impl_->db.replace_document(id_term, doc);
}

void BaselineIndexer::commit() {
    impl_->db.commit();
}

struct BaselineSearcher::Impl {
    explicit Impl(const std::string& path) : db(path), enquire(db) {}
    Xapian::Database db;
    Xapian::Enquire enquire;
    Xapian::QueryParser parser;
};

BaselineSearcher::BaselineSearcher(const std::string& path) : impl_(std::make_unique<Impl>(path)) {
    impl_->enquire.set_weighting_scheme(Xapian::BM25Weight());
    impl_->parser.set_database(impl_->db);
    impl_->parser.set_stemmer(Xapian::Stem("french"));
    impl_->parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
}

BaselineSearcher::~BaselineSearcher() = default;

std::size_t BaselineSearcher::search(const std::string& query, std::size_t k) {
    impl_->enquire.set_query(impl_->parser.parse_query(query));
    return impl_->enquire.get_mset(0, static_cast<Xapian::doccount>(k)).size();
}

std::vector<std::string> BaselineSearcher::ids(const std::string& query, std::size_t k) {
    impl_->enquire.set_query(impl_->parser.parse_query(query));
    const Xapian::MSet matches = impl_->enquire.get_mset(0, static_cast<Xapian::doccount>(k));
    std::vector<std::string> ids;
    for (auto it = matches.begin(); it != matches.end(); ++it) {
        auto terms = impl_->db.termlist_begin(*it);
        terms.skip_to("Q");
        if (terms != impl_->db.termlist_end(*it) && (*terms).starts_with("Q")) {
            ids.push_back((*terms).substr(1));
        }
    }
    return ids;
}

}  // namespace lsearch::bench
