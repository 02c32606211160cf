// lsearch's one error hierarchy, shared by the indexer and the searcher.
//
// Every error lsearch throws derives from lsearch::Error. Misuse of the API
// (a bad argument) is InvalidArgument; everything else is a runtime failure
// whose message says what failed, where, and what to do about it.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include "lsearch/common/export.h"

namespace lsearch {

/// Base of every exception lsearch throws.
class LSEARCH_API Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The caller passed a value the API does not accept (a negative limit, an
/// empty id, ...). Fix the call; retrying will not help.
class LSEARCH_API InvalidArgument : public Error {
  public:
    using Error::Error;
};

/// No index at the given path. Build one with `lindex`.
class LSEARCH_API IndexNotFound : public Error {
  public:
    using Error::Error;
};

/// The index was written with a format or analyzer version this build cannot
/// read correctly. Rebuild it with `lindex --full`.
class LSEARCH_API IndexVersionMismatch : public Error {
  public:
    using Error::Error;
};

/// Another process holds the index's write lock.
class LSEARCH_API IndexLocked : public Error {
  public:
    using Error::Error;
};

/// The index could not be read or written (I/O error, corruption, disk full,
/// permissions). The message names the path and Xapian's own explanation.
class LSEARCH_API IndexError : public Error {
  public:
    using Error::Error;
};

/// A query that cannot be read. position() is the byte offset in the query
/// text where the problem is.
class LSEARCH_API QuerySyntaxError : public Error {
  public:
    QuerySyntaxError(const std::string& message, std::size_t position)
        : Error(message + " (at position " + std::to_string(position) + ")"), position_(position) {}

    /// Byte offset of the problem in the query text.
    [[nodiscard]] std::size_t position() const noexcept { return position_; }

  private:
    std::size_t position_;
};

/// An input (article file, JSON Lines record, gazetteer line) that cannot be
/// used. The message names the file and, where there is one, the line.
class LSEARCH_API InputError : public Error {
  public:
    using Error::Error;
};

}  // namespace lsearch
