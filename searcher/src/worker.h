// A thread that runs one task at a time for the searcher: the count pass of
// a query, while the calling thread ranks its page, then its share of the
// page's hits. Internal.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
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

/// The hits of a page, shared out between the calling thread and the
/// worker: each takes the next hit to make until none is left, so that the
/// worker helps as soon as it is free (after its count), and not at all
/// when it is not.
class SharedPage {
  public:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    /// The caller: the page holds `size` hits (once; later calls, and
    /// cancel() after, change nothing).
    void publish(std::size_t size) {
        {
            std::lock_guard lock(mutex_);
            if (published_) return;
            size_ = size;
            published_ = true;
        }
        ready_.notify_all();
    }

    /// The caller: there is no page to share (an error, or no hit).
    void cancel() { publish(0); }

    /// The worker: waits until the page is published or cancelled.
    void wait() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return published_; });
    }

    /// Either thread, once published: the index of the next hit to make, or
    /// kNone when every hit is taken.
    std::size_t take() {
        const std::size_t next = next_.fetch_add(1, std::memory_order_relaxed);
        return next < size_ ? next : kNone;
    }

  private:
    std::mutex mutex_;
    std::condition_variable ready_;
    bool published_ = false;
    std::size_t size_ = 0;  // set before published_, under the mutex
    std::atomic<std::size_t> next_{0};
};

/// Waits for a task when leaving a scope, whichever way: a task that
/// refers to the caller's variables must end before they do. A task that
/// waits for `page` is told first that no page will come, if none has.
class Awaited {
  public:
    Awaited(std::future<void>& done, SharedPage& page) : done_(done), page_(page) {}
    ~Awaited() {
        page_.cancel();
        if (done_.valid()) done_.wait();
    }
    Awaited(const Awaited&) = delete;
    Awaited& operator=(const Awaited&) = delete;

  private:
    std::future<void>& done_;
    SharedPage& page_;
};

}  // namespace lsearch::detail
