// Adds, replaces and removes articles in an lsearch index: index INDEX
#include <iostream>

#include <lsearch/indexer.h>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: index INDEX\n";
        return 2;
    }
    try {
        lsearch::IndexerOptions options;
        options.db_path = argv[1];          // created when missing
        lsearch::Indexer indexer(options);  // holds the index's write lock until destroyed
        lsearch::Article article;
        article.id = "exemple-1";
        article.title = "Une start-up lève dix millions d'euros";
        article.date = "2025-03";
        article.companies = {"Mistral AI"};
        article.body = "La jeune pousse parisienne annonce une levée de fonds.";
        indexer.add(article);  // added
        article.body += " Elle recrutera cinquante ingénieurs.";
        const bool updated = indexer.add(article) == lsearch::WriteOutcome::Updated;  // same id
        article.id = "exemple-2";
        indexer.add(article);
        const bool removed = indexer.remove("exemple-2");
        indexer.commit();  // durable, and visible to searchers
        std::cout << "updated: " << updated << ", removed: " << removed << ", "
                  << indexer.document_count() << " document(s)\n";
        return 0;
    } catch (const lsearch::Error& e) {
        std::cerr << "index: " << e.what() << '\n';
        return 2;
    }
}
