//===- ModelLoader.h - open and run any model .so ---------------*- C++ -*-===//
//
// Host-side helpers for generic tools (tfs-run, the Python tfs.load): .npy
// and .npz I/O, and a loaded model .so driven through its fixed-name
// reflective entries.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_RUNTIME_MODELLOADER_H
#define TFS_RUNTIME_MODELLOADER_H

#include "tfs/Runtime/tfs_runtime.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace tfs {

/// Allocates 64-byte aligned storage (a cache line, a full AVX-512 vector):
/// compiled models run fastest on aligned buffers.
template <typename T> struct CacheAlignedAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlignment{64};
  CacheAlignedAllocator() = default;
  template <typename U>
  CacheAlignedAllocator(const CacheAlignedAllocator<U> &) noexcept {}
  T *allocate(std::size_t n) {
    return static_cast<T *>(::operator new(n * sizeof(T), kAlignment));
  }
  void deallocate(T *p, std::size_t) noexcept {
    ::operator delete(p, kAlignment);
  }
  template <typename U>
  bool operator==(const CacheAlignedAllocator<U> &) const noexcept {
    return true;
  }
  template <typename U>
  bool operator!=(const CacheAlignedAllocator<U> &) const noexcept {
    return false;
  }
};

/// A dense C-order array with a tfs_dtype.
struct Array {
  int32_t dtype = 0;
  std::vector<int64_t> shape;
  std::vector<char, CacheAlignedAllocator<char>> data;
  int64_t numElements() const;
  std::string describe() const; ///< "float32 (1, 64, 64, 32)"
};

/// numpy's description of a dtype and shape: "float32 (1, 64, 64, 32)",
/// "float32 (3,)", "float32 ()".
std::string describeArray(int32_t dtype, llvm::ArrayRef<int64_t> shape);

llvm::Expected<Array> readNpy(llvm::StringRef path);
llvm::Expected<Array> parseNpy(llvm::StringRef bytes, llvm::StringRef what);
/// Reads an .npz written by numpy.savez (stored entries); keys lose ".npy".
llvm::Expected<std::map<std::string, Array>> readNpz(llvm::StringRef path);
/// Writes an uncompressed .npz (readable by numpy.load).
llvm::Error writeNpz(llvm::StringRef path,
                     const std::vector<std::pair<std::string, Array>> &arrays);

/// A model .so opened with dlopen.
class Model {
public:
  static llvm::Expected<std::unique_ptr<Model>> open(llvm::StringRef path);
  ~Model();

  const tfs_model_info &info() const { return *infoTable; }
  /// Runs the model's compiled initializers.
  llvm::Error init();
  /// Threads for the model's parallel loops (runs from this thread).
  llvm::Error setNumThreads(int32_t n);
  int32_t numThreads() const { return getThreadsFn(); }
  llvm::Error loadNpz(llvm::StringRef path);
  llvm::Error saveNpz(llvm::StringRef path);
  /// Runs with inputs keyed by feed name ("x" or "x:0"); returns the fetches
  /// keyed by their TF tensor names. Checks names, dtypes and shapes.
  llvm::Expected<std::vector<std::pair<std::string, Array>>>
  run(const std::map<std::string, Array> &inputs);
  /// Like run, into preallocated outputs (for benchmarking).
  llvm::Error runInto(const std::map<std::string, Array> &inputs,
                      std::vector<std::pair<std::string, Array>> &outputs);

private:
  Model() = default;
  llvm::Error lastError(llvm::StringRef what) const;

  void *handle = nullptr;
  const tfs_model_info *infoTable = nullptr;
  int (*runFn)(int32_t, const tfs_tensor_arg *, int32_t,
               const tfs_tensor_arg *) = nullptr;
  int (*initFn)(void) = nullptr;
  int (*loadFn)(const char *) = nullptr;
  int (*saveFn)(const char *) = nullptr;
  const char *(*errorFn)(void) = nullptr;
  int (*setThreadsFn)(int32_t) = nullptr;
  int32_t (*getThreadsFn)(void) = nullptr;
};

} // namespace tfs

#endif // TFS_RUNTIME_MODELLOADER_H
