// A bounded multi-producer, multi-consumer queue between threads. Internal.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace lsearch::detail {

template <typename T>
class Channel {
  public:
    explicit Channel(std::size_t capacity) : capacity_(capacity) {}

    /// Blocks while the channel is full.
    void push(T value) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [&] { return items_.size() < capacity_; });
        items_.push_back(std::move(value));
        not_empty_.notify_one();
    }

    /// Blocks until there is an item, or returns nothing once the channel is
    /// closed and empty.
    std::optional<T> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
        if (items_.empty()) return std::nullopt;
        T value = std::move(items_.front());
        items_.pop_front();
        not_full_.notify_one();
        return value;
    }

    /// Ends the stream: consumers drain what is left, then pop() returns nothing.
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        not_empty_.notify_all();
    }

  private:
    std::size_t capacity_;
    std::deque<T> items_;
    bool closed_ = false;
    std::mutex mutex_;
    std::condition_variable not_empty_, not_full_;
};

}  // namespace lsearch::detail
