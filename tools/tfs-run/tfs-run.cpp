//===- tfs-run.cpp - run any tfsc model .so -------------------------------===//
//
// Opens a model shared object through its reflective entry, feeds it .npy /
// .npz inputs, and writes or prints its outputs; --info prints the
// signature, --bench N times N runs, --bench-time S runs for S seconds.
//
//===----------------------------------------------------------------------===//

#include "tfs/Runtime/ModelLoader.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

namespace cl = llvm::cl;
using namespace tfs;

static cl::OptionCategory runCategory("tfs-run options");

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.so>"),
                                      cl::cat(runCategory));
static cl::list<std::string>
    inputFlags("input", cl::desc("NAME=FILE.npy: a feed (NAME or NAME:0)"),
               cl::value_desc("NAME=FILE.npy"), cl::cat(runCategory));
static cl::opt<std::string> inputsNpz("inputs",
                                      cl::desc("All feeds from one .npz"),
                                      cl::value_desc("FILE.npz"),
                                      cl::cat(runCategory));
static cl::opt<bool>
    randomInputs("random-inputs",
                 cl::desc("Feed deterministic uniform [-1, 1) values"),
                 cl::cat(runCategory));
static cl::opt<std::string>
    outputNpz("output",
              cl::desc("Write the fetches to an .npz keyed by tensor name"),
              cl::value_desc("OUT.npz"), cl::cat(runCategory));
static cl::opt<std::string>
    weights("weights",
            cl::desc("Load variables from an .npz after initializing"),
            cl::value_desc("FILE.npz"), cl::cat(runCategory));
static cl::opt<std::string>
    saveVariables("save-variables",
                  cl::desc("After the run, write all variables to an .npz"),
                  cl::value_desc("FILE.npz"), cl::cat(runCategory));
static cl::opt<bool> info("info", cl::desc("Print the model's signature"),
                          cl::cat(runCategory));
static cl::opt<int>
    threads("num-threads",
            cl::desc("Threads for the model's parallel loops (default: "
                     "$TFS_NUM_THREADS, else all cores)"),
            cl::init(0), cl::cat(runCategory));
static cl::opt<unsigned> bench("bench",
                               cl::desc("Time N runs after one warm-up run"),
                               cl::value_desc("N"), cl::init(0),
                               cl::cat(runCategory));
/// --bench-time's bounds: at most a day, and at most this many timed runs
/// unless --bench asks for more (a 0.1 us model would otherwise keep 10
/// million times a second).
constexpr double kMaxBenchSeconds = 86400;
constexpr size_t kMaxTimedRuns = 1000000;
static cl::opt<double> benchTime(
    "bench-time",
    cl::desc("Time runs for about SECONDS after one warm-up run (at most "
             "1000000 runs; with --bench N, at least N)"),
    cl::value_desc("SECONDS"), cl::init(0), cl::cat(runCategory));

/// `value` as printf's %g writes it (-1, 1e+09, nan).
static std::string shortNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

static std::string shapeText(const int64_t *shape, int32_t rank) {
  std::string text;
  for (int32_t i = 0; i < rank; ++i)
    text += (i ? "x" : "") + std::to_string(shape[i]);
  return rank ? text : "scalar";
}

static int fail(llvm::Error err) {
  llvm::WithColor::error(llvm::errs(), "tfs-run")
      << llvm::toString(std::move(err)) << "\n";
  return 1;
}

static void printInfo(const tfs_model_info &m) {
  auto line = [](const char *kind, const tfs_tensor_desc &t) {
    llvm::outs() << kind << " " << t.name << " " << shapeText(t.shape, t.rank)
                 << " " << tfs_rt_dtype_name(t.dtype) << "\n";
  };
  for (int32_t i = 0; i < m.num_feeds; ++i)
    line("feed", m.feeds[i]);
  for (int32_t i = 0; i < m.num_fetches; ++i)
    line("fetch", m.fetches[i]);
  for (int32_t i = 0; i < m.num_variables; ++i)
    line("variable", m.variables[i].tensor);
  llvm::outs() << "workspace " << m.workspace_bytes << " bytes\n";
}

/// "name: float32 (1, 4) [0.1, 0.2, ...] min=… max=… mean=…" for float data.
static void printArray(const std::string &name, const Array &a) {
  llvm::outs() << name << ": " << a.describe();
  if (a.dtype == TFS_FLOAT || a.dtype == TFS_DOUBLE) {
    int64_t n = a.numElements();
    auto at = [&](int64_t i) {
      return a.dtype == TFS_FLOAT
                 ? double(reinterpret_cast<const float *>(a.data.data())[i])
                 : reinterpret_cast<const double *>(a.data.data())[i];
    };
    llvm::outs() << " [";
    for (int64_t i = 0; i < std::min<int64_t>(n, 6); ++i)
      llvm::outs() << (i ? ", " : "") << llvm::formatv("{0:g}", at(i));
    llvm::outs() << (n > 6 ? ", ...]" : "]");
    if (n > 0) {
      double lo = at(0), hi = at(0), sum = 0;
      for (int64_t i = 0; i < n; ++i) {
        lo = std::min(lo, at(i));
        hi = std::max(hi, at(i));
        sum += at(i);
      }
      llvm::outs() << llvm::formatv(" min={0:g} max={1:g} mean={2:g}", lo, hi,
                                    sum / double(n));
    }
  }
  llvm::outs() << "\n";
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // Only tfs-run's own flags in --help, not every flag LLVM registers.
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(argc, argv, "run a tfsc model shared object\n");
  if (!(benchTime >= 0 && benchTime <= kMaxBenchSeconds))
    return fail(llvm::createStringError(
        llvm::formatv("--bench-time={0}: expected seconds from 0 to {1}",
                      shortNumber(benchTime), shortNumber(kMaxBenchSeconds))
            .str()));

  auto model = Model::open(modelPath);
  if (!model)
    return fail(model.takeError());
  const tfs_model_info &m = (*model)->info();
  if (threads.getNumOccurrences())
    if (llvm::Error error = (*model)->setNumThreads(threads))
      return fail(std::move(error));
  if (info) {
    printInfo(m);
    return 0;
  }

  std::map<std::string, Array> inputs;
  if (!inputsNpz.empty()) {
    auto arrays = readNpz(inputsNpz);
    if (!arrays)
      return fail(arrays.takeError());
    inputs = std::move(*arrays);
  }
  for (const std::string &flag : inputFlags) {
    auto [name, file] = llvm::StringRef(flag).split('=');
    if (name.empty() || file.empty())
      return fail(llvm::createStringError(
          "--input expects NAME=FILE.npy, got '" + flag + "'"));
    auto array = readNpy(file);
    if (!array)
      return fail(array.takeError());
    inputs[name.str()] = std::move(*array);
  }
  if (randomInputs) {
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (int32_t i = 0; i < m.num_feeds; ++i) {
      const tfs_tensor_desc &d = m.feeds[i];
      if (d.dtype != TFS_FLOAT)
        return fail(llvm::createStringError(
            std::string("--random-inputs supports float32 feeds only; feed '") +
            d.name + "' is " + tfs_rt_dtype_name(d.dtype)));
      Array a;
      a.dtype = d.dtype;
      a.shape.assign(d.shape, d.shape + d.rank);
      a.data.resize(d.byte_size);
      for (int64_t k = 0; k < d.num_elements; ++k)
        reinterpret_cast<float *>(a.data.data())[k] = dist(rng);
      inputs[d.name] = std::move(a);
    }
  }

  if (llvm::Error err = (*model)->init())
    return fail(std::move(err));
  if (!weights.empty())
    if (llvm::Error err = (*model)->loadNpz(weights))
      return fail(std::move(err));

  auto outputs = (*model)->run(inputs);
  if (!outputs)
    return fail(outputs.takeError());

  bool benchmark = bench > 0 || benchTime > 0;
  if (benchmark) {
    // Runs until both bounds are met: N runs (--bench) and SECONDS of them
    // (--bench-time, or kMaxTimedRuns runs), as ONNX Runtime's perf_test
    // -r / -t.
    std::vector<double> times;
    double elapsed = 0;
    while (times.size() < bench ||
           (elapsed < benchTime * 1e3 && times.size() < kMaxTimedRuns)) {
      auto start = std::chrono::steady_clock::now();
      if (llvm::Error err = (*model)->runInto(inputs, *outputs))
        return fail(std::move(err));
      times.push_back(std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count());
      elapsed += times.back();
    }
    std::sort(times.begin(), times.end());
    llvm::outs() << llvm::formatv("latency_ms min={0:f4} median={1:f4} "
                                  "max={2:f4} runs={3}\n",
                                  times.front(), times[times.size() / 2],
                                  times.back(), times.size());
  }

  if (!saveVariables.empty())
    if (llvm::Error err = (*model)->saveNpz(saveVariables))
      return fail(std::move(err));

  if (!outputNpz.empty()) {
    if (llvm::Error err = writeNpz(outputNpz, *outputs))
      return fail(std::move(err));
  } else if (!benchmark) {
    for (const auto &[name, array] : *outputs)
      printArray(name, array);
  }
  return 0;
}
