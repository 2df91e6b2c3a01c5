/* bench/ab: call-by-call interleaved timing of several compiled models.
 *
 *   ab [--threads N] [--calls N] [--parity] MODEL.so|blas:N ...
 *
 * Loads every model (each .so with its own namespace), runs its
 * initializers, feeds it the same pseudo-random inputs in [-1, 1), then
 * calls the models in turn, one call each per round, and prints each
 * one's median, 25th and 10th percentile and minimum call time, with its
 * median relative to the first model's. `blas:N` stands for OpenBLAS's
 * cblas_sgemm on N x N x N (libopenblas.so.0, loaded at run time).
 *
 * On a VM whose speed drifts by 10-30 % within seconds, timing one model
 * after the other compares the drift, not the code; alternating calls
 * exposes both to the same conditions (see docs/developing.md). Exit
 * status: 0, or 1 with a message naming the model that failed to load or
 * run. */
#define _GNU_SOURCE
#include "tfs/Runtime/tfs_runtime.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kMaxModels = 16, kWarmupCalls = 3 };

typedef struct {
  const char *label;
  int32_t (*run)(void *const *buffers);
  const char *(*lastError)(void);
  void **buffers;
  double *times; /* microseconds, one per call */
} Model;

/* The OpenBLAS stand-in: C = A B on n x n matrices. */
typedef void (*SgemmFn)(int, int, int, int, int, int, float, const float *,
                        int, const float *, int, float, float *, int);
static SgemmFn sgemm;
static int blasN;
static float *blasA, *blasB, *blasC;

static int32_t runBlas(void *const *buffers) {
  (void)buffers;
  enum { RowMajor = 101, NoTrans = 111 };
  sgemm(RowMajor, NoTrans, NoTrans, blasN, blasN, blasN, 1.0f, blasA, blasN,
        blasB, blasN, 0.0f, blasC, blasN);
  return 0;
}

static double nowUs(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec * 1e-3;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The median of the n values t[0], t[stride], t[2 * stride], ... (sorted
 * in scratch). */
static double medianOf(const double *t, int n, int stride, double *scratch) {
  for (int i = 0; i < n; ++i)
    scratch[i] = t[i * stride];
  qsort(scratch, (size_t)n, sizeof(double), compareDoubles);
  return scratch[n / 2];
}

/* A deterministic pseudo-random fill (xorshift), so that every model gets
   the same inputs whatever the platform's rand(): floats in [-1, 1),
   integers in [0, 100) (valid indices of any gather over 100 or more). */
static void fillRandom(void *data, const tfs_tensor_desc *desc) {
  uint64_t state = 0x9e3779b97f4a7c15ull;
  for (int64_t i = 0; i < desc->num_elements; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    double u = (double)(state >> 11) / 9007199254740992.0 * 2 - 1;
    switch (desc->dtype) {
    case TFS_FLOAT: ((float *)data)[i] = (float)u; break;
    case TFS_DOUBLE: ((double *)data)[i] = u; break;
    case TFS_INT32: ((int32_t *)data)[i] = (int32_t)((u + 1) * 50); break;
    case TFS_INT64: ((int64_t *)data)[i] = (int64_t)((u + 1) * 50); break;
    default: memset((char *)data + i * tfs_rt_dtype_size(desc->dtype), 0,
                    (size_t)tfs_rt_dtype_size(desc->dtype));
    }
  }
}

static void *allocate(int64_t bytes) {
  void *p = aligned_alloc(64, (size_t)((bytes + 63) / 64 * 64));
  if (!p) {
    fprintf(stderr, "ab: out of memory (%lld bytes)\n", (long long)bytes);
    exit(1);
  }
  return p;
}

static int loadBlas(Model *model, const char *arg, int threads) {
  blasN = atoi(arg + 5);
  if (blasN <= 0) {
    fprintf(stderr, "ab: %s: expected blas:N with N > 0\n", arg);
    return 1;
  }
  void *lib = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "ab: %s: %s\n", arg, dlerror());
    return 1;
  }
  sgemm = (SgemmFn)dlsym(lib, "cblas_sgemm");
  void (*setThreads)(int) =
      (void (*)(int))dlsym(lib, "openblas_set_num_threads");
  if (!sgemm) {
    fprintf(stderr, "ab: %s: no cblas_sgemm in libopenblas.so.0\n", arg);
    return 1;
  }
  if (setThreads)
    setThreads(threads);
  tfs_tensor_desc desc = {.dtype = TFS_FLOAT,
                          .num_elements = (int64_t)blasN * blasN};
  blasA = allocate(4 * desc.num_elements);
  blasB = allocate(4 * desc.num_elements);
  blasC = allocate(4 * desc.num_elements);
  fillRandom(blasA, &desc);
  fillRandom(blasB, &desc);
  model->run = runBlas;
  return 0;
}

static int loadModel(Model *model, const char *path, int threads) {
  /* dlopen searches the library path for a name without a '/'. */
  char local[4096];
  if (!strchr(path, '/') && strlen(path) + 3 <= sizeof(local)) {
    snprintf(local, sizeof(local), "./%s", path);
    path = local;
  }
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "ab: %s\n", dlerror());
    return 1;
  }
  const tfs_model_info *(*getInfo)(void) =
      (const tfs_model_info *(*)(void))dlsym(lib, "tfs_model_get_info");
  int (*init)(void) = (int (*)(void))dlsym(lib, "tfs_model_init");
  int (*setThreads)(int32_t) =
      (int (*)(int32_t))dlsym(lib, "tfs_model_set_num_threads");
  if (!getInfo || !init || !setThreads) {
    fprintf(stderr, "ab: %s: not a tfsc model (no tfs_model_* entries)\n",
            path);
    return 1;
  }
  const tfs_model_info *info = getInfo();
  if (info->abi_version != TFS_ABI_VERSION) {
    fprintf(stderr, "ab: %s: model ABI %u, this tool expects %d\n", path,
            info->abi_version, TFS_ABI_VERSION);
    return 1;
  }
  if (init() != TFS_OK || setThreads(threads) != TFS_OK) {
    fprintf(stderr, "ab: %s: initialization failed\n", path);
    return 1;
  }
  int count = info->num_feeds + info->num_fetches;
  model->buffers = allocate((int64_t)sizeof(void *) * (count ? count : 1));
  for (int i = 0; i < count; ++i) {
    const tfs_tensor_desc *desc = i < info->num_feeds
                                      ? &info->feeds[i]
                                      : &info->fetches[i - info->num_feeds];
    model->buffers[i] = allocate(desc->byte_size ? desc->byte_size : 1);
    if (i < info->num_feeds)
      fillRandom(model->buffers[i], desc);
    else
      memset(model->buffers[i], 0, (size_t)desc->byte_size);
  }
  model->run = info->run_packed;
  model->lastError =
      (const char *(*)(void))dlsym(lib, "tfs_model_last_error");
  return 0;
}

static void usage(void) {
  fprintf(stderr,
          "usage: ab [--threads N] [--calls N] [--parity] MODEL.so|blas:N "
          "...\n"
          "  Alternates calls between the models (up to %d) and prints each\n"
          "  one's median, p25, p10 and minimum call time; with --parity,\n"
          "  also the medians of its even and of its odd calls.\n",
          kMaxModels);
}

int main(int argc, char **argv) {
  int threads = 1, calls = 200, count = 0, parity = 0;
  Model models[kMaxModels];
  const char *paths[kMaxModels];
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--calls") && i + 1 < argc)
      calls = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--parity"))
      parity = 1;
    else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      usage();
      return 0;
    } else if (argv[i][0] == '-') {
      fprintf(stderr, "ab: unknown option %s\n", argv[i]);
      usage();
      return 1;
    } else if (count == kMaxModels) {
      fprintf(stderr, "ab: at most %d models\n", kMaxModels);
      return 1;
    } else
      paths[count++] = argv[i];
  }
  if (count == 0 || threads < 1 || calls < 1 || (parity && calls < 2)) {
    usage();
    return 1;
  }
  for (int m = 0; m < count; ++m) {
    memset(&models[m], 0, sizeof(Model));
    models[m].label = paths[m];
    int failed = strncmp(paths[m], "blas:", 5)
                     ? loadModel(&models[m], paths[m], threads)
                     : loadBlas(&models[m], paths[m], threads);
    if (failed)
      return 1;
    models[m].times = allocate((int64_t)sizeof(double) * calls);
    for (int w = 0; w < kWarmupCalls; ++w)
      models[m].run(models[m].buffers);
  }
  for (int c = 0; c < calls; ++c)
    for (int m = 0; m < count; ++m) {
      double start = nowUs();
      int32_t status = models[m].run(models[m].buffers);
      models[m].times[c] = nowUs() - start;
      if (status != TFS_OK) {
        fprintf(stderr, "ab: %s: run failed (status %d): %s\n", paths[m],
                status, models[m].lastError ? models[m].lastError() : "");
        return 1;
      }
    }
  printf("%d threads, %d calls each, alternating; times in us; last column: "
         "median over the first model's\n",
         threads, calls);
  double firstMedian = 0;
  for (int m = 0; m < count; ++m) {
    double *t = models[m].times;
    double *sorted = allocate((int64_t)sizeof(double) * calls);
    double median = medianOf(t, calls, 1, sorted);
    if (m == 0)
      firstMedian = median;
    printf("%-40s median %10.2f  p25 %10.2f  p10 %10.2f  min %10.2f  "
           "%.3fx",
           models[m].label, median, sorted[calls / 4], sorted[calls / 10],
           sorted[0], median / firstMedian);
    /* Models whose loops alternate their order from call to call (see
     * reverseTasks in TileConvMatmul.cpp) may differ between the two. */
    if (parity)
      printf("  even %10.2f  odd %10.2f",
             medianOf(t, (calls + 1) / 2, 2, sorted),
             medianOf(t + 1, calls / 2, 2, sorted));
    printf("\n");
    free(sorted);
  }
  return 0;
}
