/*===- tfs_runtime.h - ABI of tfsc model shared objects ------------*- C -*-===*\
|*                                                                            *|
|* The binary interface every model .so built by tfsc exports, and the small  *|
|* C runtime linked into it (variable initialization, .npz load/save, checked *|
|* generic runs, errors). Generic loaders (tfs-run, tfs.load in Python) open  *|
|* any model through the fixed-name entries declared at the end; a model's   *|
|* own header (NAME.h) adds typed entries named after the model.              *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TFS_RUNTIME_TFS_RUNTIME_H
#define TFS_RUNTIME_TFS_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever the layout of the structs below changes. */
#define TFS_ABI_VERSION 2

/* Element types, numbered as TensorFlow's DataType enum. */
typedef enum tfs_dtype {
  TFS_FLOAT = 1,
  TFS_DOUBLE = 2,
  TFS_INT32 = 3,
  TFS_UINT8 = 4,
  TFS_INT16 = 5,
  TFS_INT8 = 6,
  TFS_INT64 = 9,
  TFS_BOOL = 10,
  TFS_BFLOAT16 = 14,
  TFS_HALF = 19,
} tfs_dtype;

/* How a variable gets its initial value (tfs dialect initializers). */
typedef enum tfs_init_kind {
  TFS_INIT_CONSTANT = 0,        /* copy init_data (byte_size bytes) */
  TFS_INIT_ZEROS = 1,
  TFS_INIT_ONES = 2,
  TFS_INIT_RANDOM_UNIFORM = 3,  /* [init_a, init_b) */
  TFS_INIT_RANDOM_NORMAL = 4,   /* mean init_a, stddev init_b */
  TFS_INIT_TRUNCATED_NORMAL = 5,/* redrawn beyond 2 stddev */
  TFS_INIT_GLOROT_UNIFORM = 6,  /* limit sqrt(6 / (fan_in + fan_out)) */
} tfs_init_kind;

/* A feed, a fetch, or the tensor part of a variable. */
typedef struct tfs_tensor_desc {
  const char *name;      /* "image1:0", "image_filters/conv2/Relu:0", or a
                            variable's full name "image_filters/conv1/weights" */
  int32_t dtype;         /* tfs_dtype */
  int32_t rank;
  const int64_t *shape;  /* rank entries */
  int64_t num_elements;
  int64_t byte_size;
} tfs_tensor_desc;

typedef struct tfs_variable_desc {
  tfs_tensor_desc tensor;
  void *data;            /* the variable's single global buffer */
  int32_t trainable;
  int32_t init_kind;     /* tfs_init_kind */
  double init_a, init_b;
  int64_t seed, seed2;   /* TF's (graph seed, op seed) pair */
  const void *init_data; /* TFS_INIT_CONSTANT: the value */
} tfs_variable_desc;

typedef struct tfs_model_info {
  uint32_t abi_version;  /* TFS_ABI_VERSION */
  const char *name;      /* the model name used as entry prefix */
  int32_t num_feeds;
  const tfs_tensor_desc *feeds;
  int32_t num_fetches;
  const tfs_tensor_desc *fetches;
  int32_t num_variables;
  const tfs_variable_desc *variables;
  /* The typed run entry, called with the feeds' then the fetches' buffers. */
  int32_t (*run_packed)(void *const *buffers);
  /* Bytes of the static workspace that holds the run's temporaries. */
  int64_t workspace_bytes;
} tfs_model_info;

/* A buffer handed to the checked generic run. */
typedef struct tfs_tensor_arg {
  const char *name;      /* "image1" or "image1:0" */
  int32_t dtype;
  int32_t rank;
  const int64_t *shape;
  void *data;
} tfs_tensor_arg;

/* numpy's name of a dtype ("float32"), "unknown" for others. */
static inline const char *tfs_rt_dtype_name(int32_t dtype) {
  switch (dtype) {
  case TFS_FLOAT: return "float32";
  case TFS_DOUBLE: return "float64";
  case TFS_INT32: return "int32";
  case TFS_UINT8: return "uint8";
  case TFS_INT16: return "int16";
  case TFS_INT8: return "int8";
  case TFS_INT64: return "int64";
  case TFS_BOOL: return "bool";
  case TFS_BFLOAT16: return "bfloat16";
  case TFS_HALF: return "float16";
  default: return "unknown";
  }
}

/* Bytes per element of a dtype, 0 for unknown ones. */
static inline int64_t tfs_rt_dtype_size(int32_t dtype) {
  switch (dtype) {
  case TFS_DOUBLE: case TFS_INT64: return 8;
  case TFS_FLOAT: case TFS_INT32: return 4;
  case TFS_INT16: case TFS_BFLOAT16: case TFS_HALF: return 2;
  case TFS_UINT8: case TFS_INT8: case TFS_BOOL: return 1;
  default: return 0;
  }
}

/* Return codes of every entry (0 is success). */
enum {
  TFS_OK = 0,
  TFS_ERROR_INVALID_ARGUMENT = 1,
  TFS_ERROR_NOT_FOUND = 2,
  TFS_ERROR_IO = 3,
  TFS_ERROR_UNSUPPORTED = 4,
};

/*===------------------ fixed-name entries of every model ----------------===*/

/* The model's signature, variables and packed run entry. */
const tfs_model_info *tfs_model_get_info(void);
/* Runs the model after checking names, dtypes and shapes of every buffer.
   Inputs are matched by name ("x" or "x:0"); outputs likewise. */
int tfs_model_run(int32_t num_inputs, const tfs_tensor_arg *inputs,
                  int32_t num_outputs, const tfs_tensor_arg *outputs);
/* Runs the compiled initializers of every variable. */
int tfs_model_init(void);
/* Loads / saves variables from / to an .npz keyed by variable name (a key
   may carry the ":0" suffix). Loading checks that the archive has exactly
   the model's variables with matching shapes and dtypes before changing
   anything. Stored (uncompressed) archives, as numpy.savez writes them. */
int tfs_model_load_npz(const char *path);
int tfs_model_save_npz(const char *path);
/* The variable's buffer and description, or NULL (see last error). */
void *tfs_model_variable(const char *name, const tfs_variable_desc **desc);
/* The message of the last failed call on this thread, "" if none. */
const char *tfs_model_last_error(void);
/* The variables in a name scope ("image_filters/conv1" or with a trailing
   '/'; "" or NULL: all), in model order. Writes up to `capacity`
   descriptors (pointer, dtype, shape) to `out` (may be NULL) and returns
   how many variables the scope holds. */
int32_t tfs_model_scope_variables(const char *scope,
                                  const tfs_variable_desc **out,
                                  int32_t capacity);
/* The same, as full variable names (for NAME_variable). */
int32_t tfs_model_scope_variable_names(const char *scope, const char **names,
                                       int32_t capacity);
/* Threads for the model's parallel loops, for runs started from the calling
   thread (default: $TFS_NUM_THREADS when the .so is loaded, else all cores).
   n >= 1. A model without parallel loops accepts and ignores it. */
int tfs_model_set_num_threads(int32_t n);
/* The number of threads the next run from this thread may use (1 for a
   model without parallel loops). */
int32_t tfs_model_get_num_threads(void);

/*===------------------ runtime (linked into each model) -----------------===*/

int tfs_rt_init(const tfs_model_info *info);
int tfs_rt_run(const tfs_model_info *info, int32_t num_inputs,
               const tfs_tensor_arg *inputs, int32_t num_outputs,
               const tfs_tensor_arg *outputs);
int tfs_rt_load_npz(const tfs_model_info *info, const char *path);
int tfs_rt_save_npz(const tfs_model_info *info, const char *path);
int32_t tfs_rt_scope_variables(const tfs_model_info *info, const char *scope,
                               const tfs_variable_desc **out,
                               int32_t capacity);
void *tfs_rt_variable(const tfs_model_info *info, const char *name,
                      const tfs_variable_desc **desc);
const char *tfs_rt_last_error(void);
/* Called by a model's run entry for a feed whose elements index a gather
   (`node`, "name (defined at file:line)"): TFS_OK when every element of the
   `rank`-dimensional array `data` of shape `shape`, signed integers of
   `bits` 8, 16, 32 or 64 (a feed may be cast to the indices' type), is in
   [0, limit); else TFS_ERROR_INVALID_ARGUMENT with TF's message,
   "indices[1,2] = 12 is not in [0, 10)", for the first element that is
   not, and the node. */
int32_t tfs_rt_check_indices(const void *data, int32_t bits, int32_t rank,
                             const int64_t *shape, int64_t limit,
                             const char *node);
/* Called by a model's random ops (TF RandomUniform, RandomStandardNormal,
   TruncatedNormal) on every run: n float32 values of the distribution
   `kind` (TFS_RANDOM_*) from the Philox stream keyed by (seed, seed2),
   TF's uniform and Box-Muller conversions, starting *skipped 128-bit
   blocks in; *skipped then advances by n * 256 blocks, as TF's kernel
   reserves them, so every run draws new values. */
enum {
  TFS_RANDOM_UNIFORM = 0,
  TFS_RANDOM_NORMAL = 1,
  TFS_RANDOM_TRUNCATED_NORMAL = 2
};
void tfs_rt_random_fill(float *out, int64_t n, int32_t kind, int64_t seed,
                        int64_t seed2, uint64_t *skipped);

#ifdef __cplusplus
}
#endif

#endif /* TFS_RUNTIME_TFS_RUNTIME_H */
