// A thread that runs one task at a time for the searcher: the count pass of
// a query, while the calling thread ranks its page and makes its snippets.
// Internal.
#pragma once

#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <utility>

namespace lsearch::detail {

class Worker {
  public:
    Worker() : thread_([this] { loop(); }) {}

    ~Worker() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    /// Runs `task` on the worker's thread; the future holds its exception,
    /// if any. The caller waits for one task before giving the next.
    std::future<void> run(std::function<void()> task) {
        std::packaged_task<void()> packaged(std::move(task));
        std::future<void> done = packaged.get_future();
        {
            std::lock_guard lock(mutex_);
            task_ = std::move(packaged);
            pending_ = true;
        }
        wake_.notify_one();
        return done;
    }

  private:
    void loop() {
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return stop_ || pending_; });
            if (stop_) return;
            std::packaged_task<void()> task = std::move(task_);
            pending_ = false;
            lock.unlock();
            task();
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::packaged_task<void()> task_;
    bool pending_ = false;
    bool stop_ = false;
    std::thread thread_;  // last: started once the members it uses exist
};

/// Waits for a task when leaving a scope, whichever way: a task that
/// refers to the caller's variables must end before they do.
class Awaited {
  public:
    explicit Awaited(std::future<void>& done) : done_(done) {}
    ~Awaited() {
        if (done_.valid()) done_.wait();
    }
    Awaited(const Awaited&) = delete;
    Awaited& operator=(const Awaited&) = delete;

  private:
    std::future<void>& done_;
};

}  // namespace lsearch::detail
