// The MPI binding of @tempest/mpi: initialisation, communicators, byte messages and the exit
// policy. Sends run on the JavaScript thread; receives poll with MPI_Improbe and a growing back-off
// sleep, so an idle rank does not spin a core: as async work on a libuv thread (`receive`, the
// event loop stays alive meanwhile) or, for a bounded time, on the JavaScript thread itself
// (`receiveWait`). Every call made off the main thread needs MPI_THREAD_MULTIPLE, which is
// requested at initialisation.
#include <mpi.h>
#include <napi.h>

#include <dlfcn.h>
#include <sys/prctl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

std::mutex comms_mutex;
std::vector<MPI_Comm> comms;  // handle -> communicator; handle 0 is MPI_COMM_WORLD
std::atomic<bool> cancel_all{false};
std::atomic<int> pending_receives{0};
// Set by JavaScript: true while every pool of this process has been closed cleanly. Read by the
// environment cleanup hook, which ends MPI when JavaScript's 'exit' handler could not run (a worker
// thread terminated by its owner, e.g. a test runner).
std::atomic<bool> clean_exit{false};

MPI_Comm CommOf(const Napi::Env& env, const Napi::Value& value) {
  uint32_t h = value.As<Napi::Number>().Uint32Value();
  std::lock_guard<std::mutex> lock(comms_mutex);
  if (h >= comms.size() || comms[h] == MPI_COMM_NULL) {
    Napi::Error::New(env, "invalid communicator handle").ThrowAsJavaScriptException();
    return MPI_COMM_NULL;
  }
  return comms[h];
}

std::string ErrorString(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(code, text, &len);
  return std::string(text, len);
}

bool Check(const Napi::Env& env, int rc, const char* what) {
  if (rc == MPI_SUCCESS) return true;
  Napi::Error::New(env, std::string(what) + " failed: " + ErrorString(rc)).ThrowAsJavaScriptException();
  return false;
}

// Re-opens libmpi with RTLD_GLOBAL so that OpenMPI's plugins (dlopen'ed by MPI_Init) can resolve
// its symbols; Node loads addons with RTLD_LOCAL. mpi4py does the same.
std::string PromoteLibmpi() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&MPI_Init), &info) != 0 && info.dli_fname != nullptr) {
    void* handle = dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
    (void)handle;  // kept open for the life of the process on purpose
    return info.dli_fname;
  }
  return "";
}

Napi::Value Init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string lib = PromoteLibmpi();
  int initialized = 0;
  MPI_Initialized(&initialized);
  int provided = MPI_THREAD_SINGLE;
  if (!initialized) {
    if (!Check(env, MPI_Init_thread(nullptr, nullptr, MPI_THREAD_MULTIPLE, &provided), "MPI_Init_thread")) return env.Null();
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  } else {
    MPI_Query_thread(&provided);
  }
  {
    std::lock_guard<std::mutex> lock(comms_mutex);
    if (comms.empty()) comms.push_back(MPI_COMM_WORLD);
  }
  char version[MPI_MAX_LIBRARY_VERSION_STRING];
  int len = 0;
  MPI_Get_library_version(version, &len);
  Napi::Object out = Napi::Object::New(env);
  out.Set("threadMultiple", Napi::Boolean::New(env, provided == MPI_THREAD_MULTIPLE));
  out.Set("library", Napi::String::New(env, lib));
  out.Set("version", Napi::String::New(env, std::string(version, len)));
  out.Set("anySource", Napi::Number::New(env, MPI_ANY_SOURCE));
  out.Set("anyTag", Napi::Number::New(env, MPI_ANY_TAG));
  return out;
}

Napi::Value CommRank(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(env, info[0]);
  if (env.IsExceptionPending()) return env.Null();
  int rank = 0;
  if (!Check(env, MPI_Comm_rank(comm, &rank), "MPI_Comm_rank")) return env.Null();
  return Napi::Number::New(env, rank);
}

Napi::Value CommSize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(env, info[0]);
  if (env.IsExceptionPending()) return env.Null();
  int size = 0;
  if (!Check(env, MPI_Comm_size(comm, &size), "MPI_Comm_size")) return env.Null();
  return Napi::Number::New(env, size);
}

// Collective: every rank of the communicator must call it.
Napi::Value CommSplit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(env, info[0]);
  if (env.IsExceptionPending()) return env.Null();
  int color = info[1].As<Napi::Number>().Int32Value();
  int key = info[2].As<Napi::Number>().Int32Value();
  MPI_Comm out = MPI_COMM_NULL;
  if (!Check(env, MPI_Comm_split(comm, color < 0 ? MPI_UNDEFINED : color, key, &out), "MPI_Comm_split")) return env.Null();
  if (out == MPI_COMM_NULL) return env.Null();
  MPI_Comm_set_errhandler(out, MPI_ERRORS_RETURN);
  std::lock_guard<std::mutex> lock(comms_mutex);
  comms.push_back(out);
  return Napi::Number::New(env, static_cast<double>(comms.size() - 1));
}

// Collective: a private copy of a communicator, so that each pool's messages stay its own.
Napi::Value CommDup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(env, info[0]);
  if (env.IsExceptionPending()) return env.Null();
  MPI_Comm out = MPI_COMM_NULL;
  if (!Check(env, MPI_Comm_dup(comm, &out), "MPI_Comm_dup")) return env.Null();
  MPI_Comm_set_errhandler(out, MPI_ERRORS_RETURN);
  std::lock_guard<std::mutex> lock(comms_mutex);
  comms.push_back(out);
  return Napi::Number::New(env, static_cast<double>(comms.size() - 1));
}

// The (communicator, rank, tag) arguments every point-to-point call starts with; ok is false, with
// a JavaScript exception pending, when the communicator is unknown.
struct Envelope {
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0;
  int tag = 0;
  bool ok = false;
};

Envelope EnvelopeOf(const Napi::Env& env, const Napi::CallbackInfo& info) {
  Envelope e;
  e.comm = CommOf(env, info[0]);
  if (env.IsExceptionPending()) return e;
  e.rank = info[1].As<Napi::Number>().Int32Value();
  e.tag = info[2].As<Napi::Number>().Int32Value();
  e.ok = true;
  return e;
}

// The bytes a send takes (its fourth argument); false, with a RangeError pending, beyond MPI's int count.
bool SendableBytes(const Napi::Env& env, const Napi::Value& value, Napi::Uint8Array* out) {
  *out = value.As<Napi::Uint8Array>();
  if (out->ByteLength() > static_cast<size_t>(INT32_MAX)) {
    Napi::RangeError::New(env, "message larger than 2 GiB").ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

Napi::Value Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Envelope to = EnvelopeOf(env, info);
  Napi::Uint8Array data;
  if (!to.ok || !SendableBytes(env, info[3], &data)) return env.Null();
  Check(env, MPI_Send(data.Data(), static_cast<int>(data.ByteLength()), MPI_BYTE, to.rank, to.tag, to.comm), "MPI_Send");
  return env.Undefined();
}

// Non-blocking sends. A blocking MPI_Send to a rank that is not polling at that moment (a worker
// sleeping between polls) took up to a millisecond on an oversubscribed machine (OpenMPI 4), so a
// master sending a chunk to each of 32 workers lost tens of milliseconds; with MPI_Isend it hands
// them all over at once. The bytes are copied, and each send's request is kept until a later call
// finds it complete (MPI_Test), all on the JavaScript thread.
struct PendingSend {
  MPI_Request request = MPI_REQUEST_NULL;
  std::vector<uint8_t> data;
};
std::vector<PendingSend*>* pending_sends = new std::vector<PendingSend*>();

void ReapSends() {
  auto& list = *pending_sends;
  size_t kept = 0;
  for (PendingSend* p : list) {
    int done = 0;
    MPI_Test(&p->request, &done, MPI_STATUS_IGNORE);
    if (done) delete p;
    else list[kept++] = p;
  }
  list.resize(kept);
}

// Waits for every pending send (before MPI_Finalize, which must not find any).
void CompleteSends() {
  for (PendingSend* p : *pending_sends) {
    MPI_Wait(&p->request, MPI_STATUS_IGNORE);
    delete p;
  }
  pending_sends->clear();
}

// sendNow(comm, dest, tag, data): MPI_Isend of a copy of the bytes; returns at once.
Napi::Value SendNow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Envelope to = EnvelopeOf(env, info);
  Napi::Uint8Array data;
  if (!to.ok || !SendableBytes(env, info[3], &data)) return env.Null();
  ReapSends();
  auto* p = new PendingSend();
  p->data.assign(data.Data(), data.Data() + data.ByteLength());
  int rc = MPI_Isend(p->data.data(), static_cast<int>(p->data.size()), MPI_BYTE, to.rank, to.tag, to.comm, &p->request);
  if (!Check(env, rc, "MPI_Isend")) {
    delete p;
    return env.Null();
  }
  pending_sends->push_back(p);
  return env.Undefined();
}

// One wait for a message, on whichever thread calls it: polls MPI_Improbe, spinning (yielding) for
// spin_us, then sleeping a quarter of the time waited so far (at least 5 us), at most max_sleep_us,
// a bound that itself grows to idle_sleep_us as the wait grows long (a 64th of it): a message is
// noticed at most a quarter of its wait late, and a rank that waits long polls rarely, so that many
// idle ranks on few cores leave the cores to the ranks that work. `waited_before_us` continues a
// wait that an earlier call began; a negative `timeout_us` waits until a message or a cancel.
struct Poll {
  long spin_us;
  long max_sleep_us;
  long idle_sleep_us;
  long waited_before_us;
  long timeout_us;
};
enum class PollEnd { kReceived, kCancelled, kTimedOut, kFailed };
struct Polled {
  PollEnd end = PollEnd::kFailed;
  std::string error;
  uint8_t* data = nullptr;  // owned by the caller when received
  size_t size = 0;
  int source = -1;
  int tag = -1;
};

Polled PollForMessage(MPI_Comm comm, int source, int tag, const Poll& poll) {
  using clock = std::chrono::steady_clock;
  Polled out;
  auto start = clock::now();
  for (;;) {
    if (cancel_all.load(std::memory_order_relaxed)) {
      out.end = PollEnd::kCancelled;
      return out;
    }
    int flag = 0;
    MPI_Message message;
    MPI_Status status;
    int rc = MPI_Improbe(source, tag, comm, &flag, &message, &status);
    if (rc != MPI_SUCCESS) {
      out.error = "MPI_Improbe failed: " + ErrorString(rc);
      return out;
    }
    if (flag) {
      int count = 0;
      MPI_Get_count(&status, MPI_BYTE, &count);
      out.size = static_cast<size_t>(count);
      out.data = new uint8_t[out.size == 0 ? 1 : out.size];
      rc = MPI_Mrecv(out.data, count, MPI_BYTE, &message, &status);
      if (rc != MPI_SUCCESS) {
        delete[] out.data;
        out.data = nullptr;
        out.error = "MPI_Mrecv failed: " + ErrorString(rc);
        return out;
      }
      out.source = status.MPI_SOURCE;
      out.tag = status.MPI_TAG;
      out.end = PollEnd::kReceived;
      return out;
    }
    long here_us = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - start).count();
    if (poll.timeout_us >= 0 && here_us >= poll.timeout_us) {
      out.end = PollEnd::kTimedOut;
      return out;
    }
    long waited_us = poll.waited_before_us + here_us;
    if (waited_us < poll.spin_us) {
      std::this_thread::yield();
      continue;
    }
    long cap = std::max(poll.max_sleep_us, std::min(poll.idle_sleep_us, waited_us / 64));
    long sleep_us = std::max(5L, std::min(cap, waited_us / 4));
    if (poll.timeout_us >= 0) sleep_us = std::max(1L, std::min(sleep_us, poll.timeout_us - here_us));
    std::this_thread::sleep_for(std::chrono::microseconds(sleep_us));
  }
}

// A received message as JavaScript sees it; the received bytes become the Buffer's memory (no copy).
Napi::Object MessageObject(Napi::Env env, Polled& polled) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("source", Napi::Number::New(env, polled.source));
  out.Set("tag", Napi::Number::New(env, polled.tag));
  uint8_t* data = polled.data;
  polled.data = nullptr;
  out.Set("data", Napi::Buffer<uint8_t>::New(env, data, polled.size, [](Napi::Env, uint8_t* p) { delete[] p; }));
  return out;
}

// Polls for a message on a libuv thread; resolves { source, tag, data } or null when cancelled.
class ReceiveWorker : public Napi::AsyncWorker {
 public:
  ReceiveWorker(Napi::Env env, MPI_Comm comm, int source, int tag, const Poll& poll)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), comm_(comm), source_(source), tag_(tag), poll_(poll) {
    pending_receives++;
  }
  ~ReceiveWorker() override {
    delete[] polled_.data;
    pending_receives--;
  }

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    // Linux rounds sleeps of this thread up by its timer slack (50 us by default); the back-off
    // wants microseconds.
    prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
    polled_ = PollForMessage(comm_, source_, tag_, poll_);
    if (polled_.end == PollEnd::kFailed) SetError(polled_.error);
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (polled_.end == PollEnd::kCancelled) {
      deferred_.Resolve(env.Null());
      return;
    }
    deferred_.Resolve(MessageObject(env, polled_));
  }

  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  MPI_Comm comm_;
  int source_;
  int tag_;
  Poll poll_;
  Polled polled_;
};

long OptionalLong(const Napi::CallbackInfo& info, size_t i, long fallback) {
  return info.Length() > i && info[i].IsNumber() ? static_cast<long>(info[i].As<Napi::Number>().Int64Value()) : fallback;
}

// The back-off of receive and receiveWait: how long to spin (yielding) before sleeping, the longest
// sleep between polls, and the longest once the wait has grown long.
Poll PollOf(const Napi::CallbackInfo& info) {
  Poll poll;
  poll.spin_us = std::max(0L, OptionalLong(info, 3, 50));
  poll.max_sleep_us = std::max(5L, OptionalLong(info, 4, 2000));
  poll.idle_sleep_us = std::max(poll.max_sleep_us, OptionalLong(info, 5, poll.max_sleep_us));
  poll.waited_before_us = 0;
  poll.timeout_us = -1;
  return poll;
}

Napi::Value Receive(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Envelope from = EnvelopeOf(env, info);
  if (!from.ok) return env.Null();
  auto* worker = new ReceiveWorker(env, from.comm, from.rank, from.tag, PollOf(info));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

// receiveWait(comm, source, tag, spinUs, maxSleepUs, idleSleepUs, waitedUs, timeoutUs): the same
// wait on the JavaScript thread, for at most timeoutUs; { source, tag, data }, null when cancelled,
// undefined when the time ran out. A worker rank waits this way: the message reaches its
// JavaScript without waking a second thread and the event loop, which on a machine with fewer
// cores than ranks costs each message a scheduling delay; between waits the rank's event loop runs.
Napi::Value ReceiveWait(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Envelope from = EnvelopeOf(env, info);
  if (!from.ok) return env.Null();
  Poll poll = PollOf(info);
  poll.waited_before_us = std::max(0L, OptionalLong(info, 6, 0));
  poll.timeout_us = std::max(0L, OptionalLong(info, 7, 10000));
  // This thread's timer slack, as in ReceiveWorker, for this wait only.
  int slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
  prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
  Polled polled = PollForMessage(from.comm, from.rank, from.tag, poll);
  if (slack > 0) prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(slack), 0, 0, 0);
  switch (polled.end) {
    case PollEnd::kReceived:
      return MessageObject(env, polled);
    case PollEnd::kCancelled:
      return env.Null();
    case PollEnd::kTimedOut:
      return env.Undefined();
    default:
      Napi::Error::New(env, polled.error).ThrowAsJavaScriptException();
      return env.Null();
  }
}

// receiveNow(comm, source, tag): a message that has already arrived, or null; never waits. After an
// asynchronous receive completes, the master drains what else has arrived this way, saving a trip
// through libuv's thread pool per message when many workers answer at once.
Napi::Value ReceiveNow(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Envelope from = EnvelopeOf(env, info);
  if (!from.ok) return env.Null();
  ReapSends();
  int flag = 0;
  MPI_Message message;
  MPI_Status status;
  if (!Check(env, MPI_Improbe(from.rank, from.tag, from.comm, &flag, &message, &status), "MPI_Improbe")) return env.Null();
  if (!flag) return env.Null();
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  auto* data = new uint8_t[count == 0 ? 1 : count];
  if (!Check(env, MPI_Mrecv(data, count, MPI_BYTE, &message, &status), "MPI_Mrecv")) {
    delete[] data;
    return env.Null();
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("source", Napi::Number::New(env, status.MPI_SOURCE));
  out.Set("tag", Napi::Number::New(env, status.MPI_TAG));
  out.Set("data", Napi::Buffer<uint8_t>::New(env, data, static_cast<size_t>(count), [](Napi::Env, uint8_t* p) { delete[] p; }));
  return out;
}

// Task watchdogs. A worker rank stuck in a synchronous task never returns to JavaScript, so the
// per-task timeout is kept by a thread of this addon: JavaScript writes the task it starts into a
// SharedArrayBuffer (the layout of @tempest/pool's TaskClock: int32 [counter, odd while a task
// runs; chunk id; task index; weight]), and the thread, polling it, sends the master one message
// of four int32 [chunk, index, weight, elapsed ms] when a task has run past weight x limit. A task's
// start is noticed by polling, so a report comes at most one period late, never early (the same
// rule as TaskWatch in @tempest/pool). Sending from this thread needs MPI_THREAD_MULTIPLE.
class TaskWatchdog {
 public:
  TaskWatchdog(MPI_Comm comm, int dest, int tag, int32_t* cells, double limit_ms)
      : comm_(comm), dest_(dest), tag_(tag), cells_(cells), limit_ms_(limit_ms) {
    thread_ = std::thread([this] { Run(); });
  }
  ~TaskWatchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Run() {
    using clock = std::chrono::steady_clock;
    auto period = std::chrono::microseconds(static_cast<long>(1000 * std::min(250.0, std::max(5.0, limit_ms_ / 10))));
    int32_t last = -1;
    auto seen_at = clock::now();
    bool reported = false;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, period, [this] { return stop_; })) {
      int32_t counter = __atomic_load_n(&cells_[0], __ATOMIC_SEQ_CST);
      if ((counter & 1) == 0) continue;
      int32_t report[4] = {__atomic_load_n(&cells_[1], __ATOMIC_SEQ_CST), __atomic_load_n(&cells_[2], __ATOMIC_SEQ_CST),
                           __atomic_load_n(&cells_[3], __ATOMIC_SEQ_CST), 0};
      if (__atomic_load_n(&cells_[0], __ATOMIC_SEQ_CST) != counter) continue;
      auto now = clock::now();
      if (counter != last) {
        last = counter;
        seen_at = now;
        reported = false;
        continue;
      }
      double elapsed = std::chrono::duration<double, std::milli>(now - seen_at).count();
      if (reported || elapsed < limit_ms_ * std::max(1, report[2])) continue;
      reported = true;
      report[3] = static_cast<int32_t>(std::min(elapsed, 2e9));
      MPI_Send(report, sizeof(report), MPI_BYTE, dest_, tag_, comm_);
    }
  }

  MPI_Comm comm_;
  int dest_;
  int tag_;
  int32_t* cells_;
  double limit_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

// Never destroyed: static destructors run after Node's environment is gone, where neither a
// reference may be deleted nor a thread joined safely.
std::mutex watchdogs_mutex;
auto* watchdogs = new std::map<int, std::unique_ptr<TaskWatchdog>>();
// Keeps each watched clock alive while its watchdog reads it (JavaScript thread only).
auto* watched_clocks = new std::map<int, Napi::ObjectReference>();
int next_watchdog = 1;

void StopWatchdogs() {
  std::map<int, std::unique_ptr<TaskWatchdog>> stopping;
  {
    std::lock_guard<std::mutex> lock(watchdogs_mutex);
    stopping.swap(*watchdogs);
  }
  stopping.clear();  // joins the threads
}

// watchTasks(comm, dest, tag, clock: Int32Array over the clock's SharedArrayBuffer, limitMs) -> id
Napi::Value WatchTasks(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MPI_Comm comm = CommOf(env, info[0]);
  if (env.IsExceptionPending()) return env.Null();
  int dest = info[1].As<Napi::Number>().Int32Value();
  int tag = info[2].As<Napi::Number>().Int32Value();
  if (!info[3].IsTypedArray() || info[3].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
    Napi::TypeError::New(env, "watchTasks needs an Int32Array over the task clock's SharedArrayBuffer").ThrowAsJavaScriptException();
    return env.Null();
  }
  Napi::Int32Array view = info[3].As<Napi::Int32Array>();
  if (view.ElementLength() < 4) {
    Napi::RangeError::New(env, "the task clock has four int32 cells").ThrowAsJavaScriptException();
    return env.Null();
  }
  double limit = info[4].As<Napi::Number>().DoubleValue();
  int32_t* cells = view.Data();
  std::lock_guard<std::mutex> lock(watchdogs_mutex);
  int id = next_watchdog++;
  (*watched_clocks)[id] = Napi::Persistent(view.As<Napi::Object>());
  (*watchdogs)[id] = std::make_unique<TaskWatchdog>(comm, dest, tag, cells, limit);
  return Napi::Number::New(env, id);
}

Napi::Value UnwatchTasks(const Napi::CallbackInfo& info) {
  int id = info[0].As<Napi::Number>().Int32Value();
  std::unique_ptr<TaskWatchdog> stopping;
  {
    std::lock_guard<std::mutex> lock(watchdogs_mutex);
    auto it = watchdogs->find(id);
    if (it != watchdogs->end()) {
      stopping = std::move(it->second);
      watchdogs->erase(it);
    }
  }
  stopping.reset();  // joins the thread before the clock may go
  watched_clocks->erase(id);
  return info.Env().Undefined();
}

// Makes every pending receive resolve with null (used before exit, so libuv can join its threads).
Napi::Value CancelReceives(const Napi::CallbackInfo& info) {
  cancel_all.store(true);
  return info.Env().Undefined();
}

Napi::Value PendingReceives(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), pending_receives.load());
}

Napi::Value Finalize(const Napi::CallbackInfo& info) {
  StopWatchdogs();
  CompleteSends();
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
  return info.Env().Undefined();
}

Napi::Value SetCleanExit(const Napi::CallbackInfo& info) {
  clean_exit.store(info[0].As<Napi::Boolean>().Value());
  return info.Env().Undefined();
}

void CleanupHook() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (!initialized || finalized) return;
  cancel_all.store(true);
  StopWatchdogs();
  if (clean_exit.load()) {
    CompleteSends();
    MPI_Finalize();
  } else {
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
}

Napi::Value Abort(const Napi::CallbackInfo& info) {
  int code = info.Length() > 0 ? info[0].As<Napi::Number>().Int32Value() : 1;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Abort(MPI_COMM_WORLD, code);
  return info.Env().Undefined();
}

Napi::Object Module(Napi::Env env, Napi::Object exports) {
  exports.Set("init", Napi::Function::New(env, Init));
  exports.Set("commRank", Napi::Function::New(env, CommRank));
  exports.Set("commSize", Napi::Function::New(env, CommSize));
  exports.Set("commSplit", Napi::Function::New(env, CommSplit));
  exports.Set("commDup", Napi::Function::New(env, CommDup));
  exports.Set("send", Napi::Function::New(env, Send));
  exports.Set("receive", Napi::Function::New(env, Receive));
  exports.Set("receiveNow", Napi::Function::New(env, ReceiveNow));
  exports.Set("receiveWait", Napi::Function::New(env, ReceiveWait));
  exports.Set("sendNow", Napi::Function::New(env, SendNow));
  exports.Set("cancelReceives", Napi::Function::New(env, CancelReceives));
  exports.Set("pendingReceives", Napi::Function::New(env, PendingReceives));
  exports.Set("finalize", Napi::Function::New(env, Finalize));
  exports.Set("abort", Napi::Function::New(env, Abort));
  exports.Set("setCleanExit", Napi::Function::New(env, SetCleanExit));
  exports.Set("watchTasks", Napi::Function::New(env, WatchTasks));
  exports.Set("unwatchTasks", Napi::Function::New(env, UnwatchTasks));
  env.AddCleanupHook(CleanupHook);
  return exports;
}

}  // namespace

NODE_API_MODULE(tempest_mpi, Module)
