/*===- Runtime.c - C runtime linked into every tfsc model ----------------===*\
|*                                                                            *|
|* Variable initialization (Philox4x32-10 streams, TF's float conversion and  *|
|* Box-Muller), checked generic runs, .npz load/save of variables and error   *|
|* reporting, thread count. Depends on libc and libm (and libomp in models  *|
|* with parallel loops). Compiled with hidden visibility;                     *|
|* only the fixed-name tfs_model_* entries are exported from a model .so.     *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#define _GNU_SOURCE /* CPU sets and thread affinity */
#include "tfs/Runtime/tfs_runtime.h"

#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TFS_EXPORT __attribute__((visibility("default")))

/* Defined by the code tfsc generates for the model. */
extern const tfs_model_info tfs_model_info_data
    __attribute__((visibility("hidden")));

/*===----------------------------- errors --------------------------------===*/

static _Thread_local char lastError[1024];

__attribute__((format(printf, 2, 3))) static int fail(int code,
                                                      const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(lastError, sizeof(lastError), format, args);
  va_end(args);
  return code;
}

const char *tfs_rt_last_error(void) { return lastError; }

static void formatShape(char *out, size_t size, int32_t rank,
                        const int64_t *shape) {
  size_t used = (size_t)snprintf(out, size, "(");
  for (int32_t i = 0; i < rank && used < size; ++i)
    used += (size_t)snprintf(out + used, size - used, "%s%lld", i ? ", " : "",
                             (long long)shape[i]);
  if (used < size)
    snprintf(out + used, size - used, rank == 1 ? ",)" : ")");
}

/*===---------------------------- index checks ---------------------------===*/

int32_t tfs_rt_check_indices(const void *data, int32_t bits, int32_t rank,
                             const int64_t *shape, int64_t limit,
                             const char *node) {
  int64_t count = 1;
  for (int32_t d = 0; d < rank; ++d)
    count *= shape[d];
  for (int64_t i = 0; i < count; ++i) {
    int64_t value;
    switch (bits) {
    case 8:
      value = ((const int8_t *)data)[i];
      break;
    case 16:
      value = ((const int16_t *)data)[i];
      break;
    case 32:
      value = ((const int32_t *)data)[i];
      break;
    default:
      value = ((const int64_t *)data)[i];
      break;
    }
    if (value >= 0 && value < limit)
      continue;
    /* TF's SliceDebugString: "" for a scalar, "[i]", "[i,j,...]". */
    char where[32 * 21 + 3] = "";
    if (rank > 0) {
      int64_t coords[32], rest = i;
      int32_t shown = rank > 32 ? 32 : rank;
      for (int32_t d = rank - 1; d >= 0; --d) {
        int64_t c = shape[d] ? rest % shape[d] : 0;
        rest = shape[d] ? rest / shape[d] : 0;
        if (d < shown)
          coords[d] = c;
      }
      size_t used = (size_t)snprintf(where, sizeof(where), "[");
      for (int32_t d = 0; d < shown && used < sizeof(where); ++d)
        used += (size_t)snprintf(where + used, sizeof(where) - used, "%s%lld",
                                 d ? "," : "", (long long)coords[d]);
      if (used < sizeof(where))
        snprintf(where + used, sizeof(where) - used, "]");
    }
    return fail(TFS_ERROR_INVALID_ARGUMENT,
                "indices%s = %lld is not in [0, %lld)\n\t [[node %s ]]", where,
                (long long)value, (long long)limit, node);
  }
  return TFS_OK;
}

/*===------------------------- initialization ----------------------------===*/

/* Philox4x32-10 (Salmon et al. 2011), keyed and countered like TF's
   PhiloxRandom(seed, seed2). */
typedef struct philox {
  uint32_t counter[4];
  uint32_t key[2];
  uint32_t out[4];
  int used;
} philox;

static void philoxInit(philox *p, uint64_t seed, uint64_t seed2) {
  /* The compiler gives unseeded variables a seed pair (see
     extractSignature); 0/0 only comes from a hand-built table. */
  if (seed == 0 && seed2 == 0) {
    seed = 87654321;
    seed2 = 0;
  }
  p->key[0] = (uint32_t)seed;
  p->key[1] = (uint32_t)(seed >> 32);
  p->counter[0] = p->counter[1] = 0;
  p->counter[2] = (uint32_t)seed2;
  p->counter[3] = (uint32_t)(seed2 >> 32);
  p->used = 4;
}

static void philoxBlock(philox *p) {
  uint32_t c[4] = {p->counter[0], p->counter[1], p->counter[2], p->counter[3]};
  uint32_t k[2] = {p->key[0], p->key[1]};
  for (int round = 0; round < 10; ++round) {
    uint64_t m0 = (uint64_t)0xD2511F53u * c[0];
    uint64_t m1 = (uint64_t)0xCD9E8D57u * c[2];
    uint32_t n[4] = {(uint32_t)(m1 >> 32) ^ c[1] ^ k[0], (uint32_t)m1,
                     (uint32_t)(m0 >> 32) ^ c[3] ^ k[1], (uint32_t)m0};
    memcpy(c, n, sizeof(c));
    k[0] += 0x9E3779B9u;
    k[1] += 0xBB67AE85u;
  }
  memcpy(p->out, c, sizeof(c));
  p->used = 0;
  if (++p->counter[0] == 0 && ++p->counter[1] == 0 && ++p->counter[2] == 0)
    ++p->counter[3];
}

/* TF's PhiloxRandom::Skip: the 128-bit counter advanced by `count`. */
static void philoxSkip(philox *p, uint64_t count) {
  uint64_t low = ((uint64_t)p->counter[1] << 32 | p->counter[0]) + count;
  int carry = low < count;
  p->counter[0] = (uint32_t)low;
  p->counter[1] = (uint32_t)(low >> 32);
  if (carry && ++p->counter[2] == 0)
    ++p->counter[3];
}

static uint32_t philoxNext(philox *p) {
  if (p->used == 4)
    philoxBlock(p);
  return p->out[p->used++];
}

/* TF's Uint32ToFloat: 23 random mantissa bits, a value in [0, 1). */
static float uniformFloat(philox *p) {
  uint32_t bits = (philoxNext(p) & 0x7fffffu) | 0x3f800000u;
  float f;
  memcpy(&f, &bits, sizeof(f));
  return f - 1.0f;
}

/* Box-Muller as in TF's BoxMullerFloat; returns one of a pair. */
typedef struct normalStream {
  philox rng;
  int hasSpare;
  float spare;
} normalStream;

static float normalFloat(normalStream *s) {
  if (s->hasSpare) {
    s->hasSpare = 0;
    return s->spare;
  }
  const float epsilon = 1.0e-7f;
  float u1 = uniformFloat(&s->rng);
  if (u1 < epsilon)
    u1 = epsilon;
  float v1 = 2.0f * 3.14159265358979323846f * uniformFloat(&s->rng);
  float u2 = sqrtf(-2.0f * logf(u1));
  s->spare = cosf(v1) * u2;
  s->hasSpare = 1;
  return sinf(v1) * u2;
}

/*===------------------------- random ops at run time
 * ----------------------===*/

void tfs_rt_random_fill(float *out, int64_t n, int32_t kind, int64_t seed,
                        int64_t seed2, uint64_t *skipped) {
  normalStream stream = {{{0}}, 0, 0.0f};
  philoxInit(&stream.rng, (uint64_t)seed, (uint64_t)seed2);
  philoxSkip(&stream.rng, *skipped);
  for (int64_t i = 0; i < n; ++i) {
    switch (kind) {
    case TFS_RANDOM_UNIFORM:
      out[i] = uniformFloat(&stream.rng);
      break;
    case TFS_RANDOM_NORMAL:
      out[i] = normalFloat(&stream);
      break;
    default: {
      float x;
      do
        x = normalFloat(&stream);
      while (fabsf(x) >= 2.0f);
      out[i] = x;
    }
    }
  }
  /* TF's kernels reserve 256 samples of 128 bits per output element. */
  *skipped += (uint64_t)n * 256;
}

static int storeValue(void *data, int32_t dtype, int64_t index, double value) {
  switch (dtype) {
  case TFS_FLOAT: ((float *)data)[index] = (float)value; return 1;
  case TFS_DOUBLE: ((double *)data)[index] = value; return 1;
  case TFS_INT32: ((int32_t *)data)[index] = (int32_t)value; return 1;
  case TFS_INT64: ((int64_t *)data)[index] = (int64_t)value; return 1;
  case TFS_INT16: ((int16_t *)data)[index] = (int16_t)value; return 1;
  case TFS_INT8: ((int8_t *)data)[index] = (int8_t)value; return 1;
  case TFS_UINT8: ((uint8_t *)data)[index] = (uint8_t)value; return 1;
  case TFS_BOOL: ((uint8_t *)data)[index] = value != 0; return 1;
  default: return 0;
  }
}

/* TF's _compute_fans for glorot_uniform. */
static void computeFans(const tfs_tensor_desc *t, double *fanIn,
                        double *fanOut) {
  if (t->rank < 1) {
    *fanIn = *fanOut = 1;
  } else if (t->rank == 1) {
    *fanIn = *fanOut = (double)t->shape[0];
  } else {
    double receptive = 1;
    for (int32_t i = 0; i + 2 < t->rank; ++i)
      receptive *= (double)t->shape[i];
    *fanIn = (double)t->shape[t->rank - 2] * receptive;
    *fanOut = (double)t->shape[t->rank - 1] * receptive;
  }
}

static int initVariable(const tfs_variable_desc *v) {
  const tfs_tensor_desc *t = &v->tensor;
  int64_t n = t->num_elements;
  if (v->init_kind == TFS_INIT_CONSTANT) {
    if (!v->init_data)
      return fail(TFS_ERROR_INVALID_ARGUMENT,
                  "variable %s has no constant initial value", t->name);
    memcpy(v->data, v->init_data, (size_t)t->byte_size);
    return TFS_OK;
  }
  if (v->init_kind == TFS_INIT_ZEROS) {
    memset(v->data, 0, (size_t)t->byte_size);
    return TFS_OK;
  }
  if (n > 0 && !storeValue(v->data, t->dtype, 0, 0))
    return fail(TFS_ERROR_UNSUPPORTED,
                "cannot initialize variable %s of dtype %s", t->name,
                tfs_rt_dtype_name(t->dtype));
  normalStream stream = {.hasSpare = 0};
  philoxInit(&stream.rng, (uint64_t)v->seed, (uint64_t)v->seed2);
  double a = v->init_a, b = v->init_b;
  if (v->init_kind == TFS_INIT_GLOROT_UNIFORM) {
    double fanIn, fanOut;
    computeFans(t, &fanIn, &fanOut);
    b = sqrt(6.0 / (fanIn + fanOut > 0 ? fanIn + fanOut : 1));
    a = -b;
  }
  int isInt = t->dtype != TFS_FLOAT && t->dtype != TFS_DOUBLE;
  for (int64_t i = 0; i < n; ++i) {
    double value;
    switch (v->init_kind) {
    case TFS_INIT_ONES:
      value = 1;
      break;
    case TFS_INIT_RANDOM_UNIFORM:
    case TFS_INIT_GLOROT_UNIFORM:
      if (isInt) /* TF: minval + uint32 % (maxval - minval) */
        value = a + (double)(philoxNext(&stream.rng) % (uint64_t)(b - a));
      else
        value = a + (b - a) * (double)uniformFloat(&stream.rng);
      break;
    case TFS_INIT_RANDOM_NORMAL:
      value = a + b * (double)normalFloat(&stream);
      break;
    case TFS_INIT_TRUNCATED_NORMAL: {
      float x;
      do
        x = normalFloat(&stream);
      while (fabsf(x) >= 2.0f);
      value = a + b * (double)x;
      break;
    }
    default:
      return fail(TFS_ERROR_UNSUPPORTED, "variable %s: unknown initializer %d",
                  t->name, v->init_kind);
    }
    storeValue(v->data, t->dtype, i, value);
  }
  return TFS_OK;
}

int tfs_rt_init(const tfs_model_info *info) {
  for (int32_t i = 0; i < info->num_variables; ++i) {
    int status = initVariable(&info->variables[i]);
    if (status != TFS_OK)
      return status;
  }
  return TFS_OK;
}

/*===-------------------------- lookup by name ----------------------------===*/

/* "x" and "x:0" name the same tensor. */
static int sameTensorName(const char *canonical, const char *given) {
  size_t n = strlen(given);
  if (strcmp(canonical, given) == 0)
    return 1;
  size_t c = strlen(canonical);
  if (c == n + 2 && strncmp(canonical, given, n) == 0 &&
      strcmp(canonical + n, ":0") == 0)
    return 1;
  if (n == c + 2 && strncmp(given, canonical, c) == 0 &&
      strcmp(given + c, ":0") == 0)
    return 1;
  return 0;
}

void *tfs_rt_variable(const tfs_model_info *info, const char *name,
                      const tfs_variable_desc **desc) {
  if (!name) {
    fail(TFS_ERROR_INVALID_ARGUMENT, "variable name is NULL");
    return NULL;
  }
  for (int32_t i = 0; i < info->num_variables; ++i) {
    if (sameTensorName(info->variables[i].tensor.name, name)) {
      if (desc)
        *desc = &info->variables[i];
      return info->variables[i].data;
    }
  }
  fail(TFS_ERROR_NOT_FOUND, "model %s has no variable named '%s'", info->name,
       name);
  return NULL;
}

/* Whether variable `name` lies in `scope`: "" or NULL is every variable,
   "a/b" (or "a/b/") the variables named "a/b/..." and "a/b" itself, as
   name scopes nest. */
static int inScope(const char *name, const char *scope) {
  if (!scope || !*scope)
    return 1;
  size_t n = strlen(scope);
  if (scope[n - 1] == '/')
    --n;
  return strncmp(name, scope, n) == 0 && (name[n] == '\0' || name[n] == '/');
}

int32_t tfs_rt_scope_variables(const tfs_model_info *info, const char *scope,
                               const tfs_variable_desc **out,
                               int32_t capacity) {
  int32_t count = 0;
  for (int32_t i = 0; i < info->num_variables; ++i) {
    if (!inScope(info->variables[i].tensor.name, scope))
      continue;
    if (out && count < capacity)
      out[count] = &info->variables[i];
    ++count;
  }
  return count;
}

/*===--------------------------- checked run ------------------------------===*/

static int checkArg(const tfs_tensor_desc *want, const tfs_tensor_arg *got,
                    const char *role) {
  if (!got->data)
    return fail(TFS_ERROR_INVALID_ARGUMENT, "%s '%s': data pointer is NULL",
                role, want->name);
  if (got->dtype != want->dtype)
    return fail(TFS_ERROR_INVALID_ARGUMENT,
                "%s '%s' expects dtype %s, got %s", role, want->name,
                tfs_rt_dtype_name(want->dtype), tfs_rt_dtype_name(got->dtype));
  int same = got->rank == want->rank;
  for (int32_t d = 0; same && d < want->rank; ++d)
    same = got->shape[d] == want->shape[d];
  if (!same) {
    char wantText[256], gotText[256];
    formatShape(wantText, sizeof(wantText), want->rank, want->shape);
    formatShape(gotText, sizeof(gotText), got->rank, got->shape);
    return fail(TFS_ERROR_INVALID_ARGUMENT, "%s '%s' expects shape %s, got %s",
                role, want->name, wantText, gotText);
  }
  return TFS_OK;
}

/* Orders `args` like `descs` by name into `buffers`. */
static int matchArgs(int32_t numDescs, const tfs_tensor_desc *descs,
                     int32_t numArgs, const tfs_tensor_arg *args,
                     const char *role, void **buffers) {
  if (numArgs != numDescs)
    return fail(TFS_ERROR_INVALID_ARGUMENT, "expected %d %ss, got %d",
                numDescs, role, numArgs);
  for (int32_t i = 0; i < numDescs; ++i)
    buffers[i] = NULL;
  for (int32_t a = 0; a < numArgs; ++a) {
    int32_t found = -1;
    for (int32_t i = 0; i < numDescs && found < 0; ++i)
      if (args[a].name && sameTensorName(descs[i].name, args[a].name))
        found = i;
    if (found < 0)
      return fail(TFS_ERROR_NOT_FOUND, "the model has no %s named '%s'", role,
                  args[a].name ? args[a].name : "(null)");
    if (buffers[found])
      return fail(TFS_ERROR_INVALID_ARGUMENT, "%s '%s' is given twice", role,
                  descs[found].name);
    int status = checkArg(&descs[found], &args[a], role);
    if (status != TFS_OK)
      return status;
    buffers[found] = args[a].data;
  }
  return TFS_OK;
}

int tfs_rt_run(const tfs_model_info *info, int32_t numInputs,
               const tfs_tensor_arg *inputs, int32_t numOutputs,
               const tfs_tensor_arg *outputs) {
  int32_t total = info->num_feeds + info->num_fetches;
  void *stackBuffers[64];
  void **buffers = total <= 64 ? stackBuffers : malloc(sizeof(void *) * total);
  if (!buffers)
    return fail(TFS_ERROR_INVALID_ARGUMENT, "out of memory");
  int status = matchArgs(info->num_feeds, info->feeds, numInputs, inputs,
                         "input", buffers);
  if (status == TFS_OK)
    status = matchArgs(info->num_fetches, info->fetches, numOutputs, outputs,
                       "output", buffers + info->num_feeds);
  if (status == TFS_OK)
    status = info->run_packed(buffers);
  if (buffers != stackBuffers)
    free(buffers);
  return status;
}

/*===------------------------------ .npz ----------------------------------===*/

static uint32_t crc32(const uint8_t *data, size_t size) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k)
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static const char *npyDescr(int32_t dtype) {
  switch (dtype) {
  case TFS_FLOAT: return "<f4";
  case TFS_DOUBLE: return "<f8";
  case TFS_INT32: return "<i4";
  case TFS_INT64: return "<i8";
  case TFS_INT16: return "<i2";
  case TFS_INT8: return "|i1";
  case TFS_UINT8: return "|u1";
  case TFS_BOOL: return "|b1";
  case TFS_HALF: return "<f2";
  default: return NULL;
  }
}

/* The .npy header (magic, version 1.0, padded dict) for a C-order array. */
static size_t npyHeader(char *out, size_t size, const tfs_tensor_desc *t) {
  char shape[512];
  formatShape(shape, sizeof(shape), t->rank, t->shape);
  char dict[700];
  int len = snprintf(dict, sizeof(dict),
                     "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                     npyDescr(t->dtype), shape);
  size_t total = 10 + (size_t)len + 1;
  size_t padded = (total + 63) / 64 * 64;
  if (padded > size)
    return 0;
  memcpy(out, "\x93NUMPY\x01\x00", 8);
  uint16_t headerLen = (uint16_t)(padded - 10);
  out[8] = (char)(headerLen & 0xff);
  out[9] = (char)(headerLen >> 8);
  memcpy(out + 10, dict, (size_t)len);
  memset(out + 10 + len, ' ', padded - total);
  out[padded - 1] = '\n';
  return padded;
}

static void put16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}
static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = (uint8_t)(v >> (8 * i));
}
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

int tfs_rt_save_npz(const tfs_model_info *info, const char *path) {
  char tmpPath[4096];
  if (snprintf(tmpPath, sizeof(tmpPath), "%s.tmp", path) >= (int)sizeof(tmpPath))
    return fail(TFS_ERROR_INVALID_ARGUMENT, "path too long: %s", path);
  FILE *f = fopen(tmpPath, "wb");
  if (!f)
    return fail(TFS_ERROR_IO, "cannot write %s", tmpPath);
  int32_t n = info->num_variables;
  uint8_t *central = calloc((size_t)n + 1, 46 + 4096);
  size_t centralSize = 0;
  uint32_t offset = 0;
  int status = TFS_OK;
  for (int32_t i = 0; i < n && status == TFS_OK; ++i) {
    const tfs_variable_desc *v = &info->variables[i];
    if (!npyDescr(v->tensor.dtype)) {
      status = fail(TFS_ERROR_UNSUPPORTED, "cannot save %s of dtype %s",
                    v->tensor.name, tfs_rt_dtype_name(v->tensor.dtype));
      break;
    }
    char name[4096];
    int nameLen = snprintf(name, sizeof(name), "%s.npy", v->tensor.name);
    char header[1024];
    size_t headerLen = npyHeader(header, sizeof(header), &v->tensor);
    size_t dataLen = headerLen + (size_t)v->tensor.byte_size;
    uint8_t *blob = malloc(dataLen);
    if (!blob || headerLen == 0 || nameLen >= (int)sizeof(name)) {
      free(blob);
      status = fail(TFS_ERROR_IO, "cannot encode %s", v->tensor.name);
      break;
    }
    memcpy(blob, header, headerLen);
    memcpy(blob + headerLen, v->data, (size_t)v->tensor.byte_size);
    uint32_t crc = crc32(blob, dataLen);
    uint8_t local[30] = {0};
    put32(local, 0x04034b50u);
    put16(local + 4, 20);
    put32(local + 14, crc);
    put32(local + 18, (uint32_t)dataLen);
    put32(local + 22, (uint32_t)dataLen);
    put16(local + 26, (uint16_t)nameLen);
    if (fwrite(local, 1, 30, f) != 30 ||
        fwrite(name, 1, (size_t)nameLen, f) != (size_t)nameLen ||
        fwrite(blob, 1, dataLen, f) != dataLen)
      status = fail(TFS_ERROR_IO, "write to %s failed", tmpPath);
    free(blob);
    uint8_t *c = central + centralSize;
    put32(c, 0x02014b50u);
    put16(c + 4, 20);
    put16(c + 6, 20);
    put32(c + 16, crc);
    put32(c + 20, (uint32_t)dataLen);
    put32(c + 24, (uint32_t)dataLen);
    put16(c + 28, (uint16_t)nameLen);
    put32(c + 42, offset);
    memcpy(c + 46, name, (size_t)nameLen);
    centralSize += 46 + (size_t)nameLen;
    offset += 30 + (uint32_t)nameLen + (uint32_t)dataLen;
  }
  if (status == TFS_OK) {
    uint8_t end[22] = {0};
    put32(end, 0x06054b50u);
    put16(end + 8, (uint16_t)n);
    put16(end + 10, (uint16_t)n);
    put32(end + 12, (uint32_t)centralSize);
    put32(end + 16, offset);
    if (fwrite(central, 1, centralSize, f) != centralSize ||
        fwrite(end, 1, 22, f) != 22)
      status = fail(TFS_ERROR_IO, "write to %s failed", tmpPath);
  }
  free(central);
  if (fclose(f) != 0 && status == TFS_OK)
    status = fail(TFS_ERROR_IO, "write to %s failed", tmpPath);
  if (status == TFS_OK && rename(tmpPath, path) != 0)
    status = fail(TFS_ERROR_IO, "cannot rename %s to %s", tmpPath, path);
  if (status != TFS_OK)
    remove(tmpPath);
  return status;
}

/* Parses an .npy blob: dtype, shape, and where the data starts. */
static int parseNpy(const uint8_t *blob, size_t size, const char *key,
                    const char **descr, size_t *descrLen, int32_t *rank,
                    int64_t *shape, size_t *dataOffset) {
  if (size < 10 || memcmp(blob, "\x93NUMPY", 6) != 0)
    return fail(TFS_ERROR_IO, "entry '%s' is not an .npy array", key);
  size_t headerLen, start;
  if (blob[6] == 1) {
    headerLen = get16(blob + 8);
    start = 10;
  } else {
    if (size < 12)
      return fail(TFS_ERROR_IO, "entry '%s' is truncated", key);
    headerLen = get32(blob + 8);
    start = 12;
  }
  if (start + headerLen > size)
    return fail(TFS_ERROR_IO, "entry '%s' is truncated", key);
  const char *h = (const char *)blob + start;
  const char *end = h + headerLen;
  const char *d = strstr(h, "'descr': '");
  const char *fo = strstr(h, "'fortran_order': ");
  const char *s = strstr(h, "'shape': (");
  if (!d || !fo || !s || d > end || fo > end || s > end)
    return fail(TFS_ERROR_IO, "entry '%s' has a malformed .npy header", key);
  d += 10;
  const char *dEnd = memchr(d, '\'', (size_t)(end - d));
  if (!dEnd)
    return fail(TFS_ERROR_IO, "entry '%s' has a malformed .npy header", key);
  *descr = d;
  *descrLen = (size_t)(dEnd - d);
  if (strncmp(fo + 17, "False", 5) != 0)
    return fail(TFS_ERROR_UNSUPPORTED, "entry '%s' is in Fortran order", key);
  s += 10;
  *rank = 0;
  while (s < end && *s != ')') {
    while (s < end && (*s == ' ' || *s == ','))
      ++s;
    if (s < end && *s == ')')
      break;
    char *next;
    long long dim = strtoll(s, &next, 10);
    if (next == s || *rank >= 32)
      return fail(TFS_ERROR_IO, "entry '%s' has a malformed shape", key);
    shape[(*rank)++] = dim;
    s = next;
  }
  *dataOffset = start + headerLen;
  return TFS_OK;
}

typedef struct npzEntry {
  char name[1024];
  const uint8_t *data;
  size_t size;
} npzEntry;

int tfs_rt_load_npz(const tfs_model_info *info, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return fail(TFS_ERROR_IO, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long fileSize = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *file = fileSize > 0 ? malloc((size_t)fileSize) : NULL;
  if (!file || fread(file, 1, (size_t)fileSize, f) != (size_t)fileSize) {
    fclose(f);
    free(file);
    return fail(TFS_ERROR_IO, "cannot read %s", path);
  }
  fclose(f);
  int32_t n = info->num_variables;
  npzEntry *entries = calloc((size_t)n + 1, sizeof(npzEntry));
  int status = TFS_OK;
  size_t pos = 0;
  int32_t count = 0;
  char missing[2048] = "", extra[2048] = "", bad[2048] = "";
  /* Walk the local file headers. */
  while (status == TFS_OK && pos + 30 <= (size_t)fileSize &&
         get32(file + pos) == 0x04034b50u) {
    const uint8_t *h = file + pos;
    uint16_t method = get16(h + 8), flags = get16(h + 6);
    size_t compSize = get32(h + 18), rawSize = get32(h + 22);
    size_t nameLen = get16(h + 26), extraLen = get16(h + 28);
    size_t dataStart = pos + 30 + nameLen + extraLen;
    if (dataStart + compSize > (size_t)fileSize || (flags & 8)) {
      status = fail(TFS_ERROR_IO, "%s: corrupt zip entry at offset %zu", path,
                    pos);
      break;
    }
    char key[1024];
    size_t keyLen = nameLen < sizeof(key) - 1 ? nameLen : sizeof(key) - 1;
    memcpy(key, h + 30, keyLen);
    key[keyLen] = 0;
    if (keyLen > 4 && strcmp(key + keyLen - 4, ".npy") == 0)
      key[keyLen - 4] = 0;
    if (method != 0 || compSize != rawSize) {
      status = fail(TFS_ERROR_UNSUPPORTED,
                    "%s: entry '%s' is compressed; save the archive with "
                    "numpy.savez, not numpy.savez_compressed",
                    path, key);
      break;
    }
    if (crc32(file + dataStart, rawSize) != get32(h + 14)) {
      status = fail(TFS_ERROR_IO, "%s: entry '%s' fails its CRC check", path,
                    key);
      break;
    }
    const tfs_variable_desc *v = NULL;
    for (int32_t i = 0; i < n && !v; ++i)
      if (sameTensorName(info->variables[i].tensor.name, key))
        v = &info->variables[i];
    if (!v) {
      size_t used = strlen(extra);
      snprintf(extra + used, sizeof(extra) - used, "%s'%s'", used ? ", " : "",
               key);
    } else {
      int32_t index = (int32_t)(v - info->variables);
      if (entries[index].data) {
        status = fail(TFS_ERROR_INVALID_ARGUMENT,
                      "%s: variable '%s' appears twice", path, v->tensor.name);
        break;
      }
      snprintf(entries[index].name, sizeof(entries[index].name), "%s", key);
      entries[index].data = file + dataStart;
      entries[index].size = rawSize;
      ++count;
    }
    pos = dataStart + compSize;
  }
  if (status == TFS_OK && pos + 4 <= (size_t)fileSize &&
      get32(file + pos) != 0x02014b50u && get32(file + pos) != 0x06054b50u)
    status = fail(TFS_ERROR_IO, "%s is not a valid .npz archive", path);
  if (status == TFS_OK && pos == 0)
    status = fail(TFS_ERROR_IO, "%s is not a valid .npz archive", path);
  /* Check every variable before touching any of them. */
  for (int32_t i = 0; status == TFS_OK && i < n; ++i) {
    const tfs_variable_desc *v = &info->variables[i];
    if (!entries[i].data) {
      size_t used = strlen(missing);
      snprintf(missing + used, sizeof(missing) - used, "%s'%s'",
               used ? ", " : "", v->tensor.name);
      continue;
    }
    const char *descr;
    size_t descrLen, offset;
    int32_t rank;
    int64_t shape[32];
    status = parseNpy(entries[i].data, entries[i].size, entries[i].name,
                      &descr, &descrLen, &rank, shape, &offset);
    if (status != TFS_OK)
      break;
    const char *want = npyDescr(v->tensor.dtype);
    int dtypeOk = want && strlen(want) == descrLen &&
                  strncmp(want, descr, descrLen) == 0;
    int shapeOk = rank == v->tensor.rank;
    for (int32_t d = 0; shapeOk && d < rank; ++d)
      shapeOk = shape[d] == v->tensor.shape[d];
    if (!dtypeOk || !shapeOk ||
        entries[i].size - offset != (size_t)v->tensor.byte_size) {
      char wantShape[256], gotShape[256];
      formatShape(wantShape, sizeof(wantShape), v->tensor.rank,
                  v->tensor.shape);
      formatShape(gotShape, sizeof(gotShape), rank, shape);
      size_t used = strlen(bad);
      snprintf(bad + used, sizeof(bad) - used,
               "%s'%s' has %.*s %s, the variable is %s %s", used ? "; " : "",
               v->tensor.name, (int)descrLen, descr, gotShape,
               want ? want : "?", wantShape);
    }
    entries[i].data += offset;
  }
  if (status == TFS_OK && (missing[0] || extra[0] || bad[0])) {
    char message[7000] = "";
    if (missing[0])
      snprintf(message + strlen(message), sizeof(message) - strlen(message),
               " missing: %s.", missing);
    if (extra[0])
      snprintf(message + strlen(message), sizeof(message) - strlen(message),
               " not variables of the model: %s.", extra);
    if (bad[0])
      snprintf(message + strlen(message), sizeof(message) - strlen(message),
               " mismatched: %s.", bad);
    status = fail(TFS_ERROR_INVALID_ARGUMENT, "%s does not match model %s:%s",
                  path, info->name, message);
  }
  if (status == TFS_OK)
    for (int32_t i = 0; i < n; ++i)
      memcpy(info->variables[i].data, entries[i].data,
             (size_t)info->variables[i].tensor.byte_size);
  (void)count;
  free(entries);
  free(file);
  return status;
}

/*===----------------------- fixed-name model entries ---------------------===*/

TFS_EXPORT const tfs_model_info *tfs_model_get_info(void) {
  return &tfs_model_info_data;
}

TFS_EXPORT int tfs_model_run(int32_t numInputs, const tfs_tensor_arg *inputs,
                             int32_t numOutputs,
                             const tfs_tensor_arg *outputs) {
  return tfs_rt_run(&tfs_model_info_data, numInputs, inputs, numOutputs,
                    outputs);
}

TFS_EXPORT int tfs_model_init(void) { return tfs_rt_init(&tfs_model_info_data); }

TFS_EXPORT int tfs_model_load_npz(const char *path) {
  return tfs_rt_load_npz(&tfs_model_info_data, path);
}

TFS_EXPORT int tfs_model_save_npz(const char *path) {
  return tfs_rt_save_npz(&tfs_model_info_data, path);
}

TFS_EXPORT void *tfs_model_variable(const char *name,
                                    const tfs_variable_desc **desc) {
  return tfs_rt_variable(&tfs_model_info_data, name, desc);
}

TFS_EXPORT const char *tfs_model_last_error(void) { return lastError; }

TFS_EXPORT int32_t tfs_model_scope_variables(const char *scope,
                                             const tfs_variable_desc **out,
                                             int32_t capacity) {
  return tfs_rt_scope_variables(&tfs_model_info_data, scope, out, capacity);
}

TFS_EXPORT int32_t tfs_model_scope_variable_names(const char *scope,
                                                  const char **names,
                                                  int32_t capacity) {
  const tfs_model_info *info = &tfs_model_info_data;
  int32_t count = 0;
  for (int32_t i = 0; i < info->num_variables; ++i) {
    if (!inScope(info->variables[i].tensor.name, scope))
      continue;
    if (names && count < capacity)
      names[count] = info->variables[i].tensor.name;
    ++count;
  }
  return count;
}

/*===----------------------------- threads --------------------------------===*/

/* LLVM's OpenMP runtime, linked only into models with parallel loops: the
   weak references are null in the others. */
extern void omp_set_num_threads(int) __attribute__((weak));
extern int omp_get_max_threads(void) __attribute__((weak));

TFS_EXPORT int tfs_model_set_num_threads(int32_t n) {
  lastError[0] = '\0';
  if (n < 1)
    return fail(TFS_ERROR_INVALID_ARGUMENT,
                "the number of threads must be at least 1, got %d", n);
  if (omp_set_num_threads)
    omp_set_num_threads(n);
  return 0;
}

TFS_EXPORT int32_t tfs_model_get_num_threads(void) {
  return omp_get_max_threads ? omp_get_max_threads() : 1;
}

/* Waiting workers and bound workers. libomp's waiting workers call
   sched_yield by default, which lets the scheduler move the calling thread
   onto a worker's core, where the two take turns: on 2 cores, every other
   process ran the small CNN in 158 instead of 75 us and MLP b1 in 190
   instead of 40 us. Models therefore ask libomp to yield only when there
   are more threads than cores (KMP_USE_YIELD=2, unless the environment
   sets KMP_USE_YIELD; libomp reads it when it starts, so this is set when
   the model loads and takes effect if no other library started libomp
   first). Then, as ONNX Runtime does with its default thread pool, each
   worker (never the calling thread, which belongs to the application) is
   bound to its own CPU of the process's affinity mask, once per thread
   count, before the first run that uses them: MLP b1 40 -> 35 us. Not
   done when the environment binds OpenMP threads itself (OMP_PROC_BIND,
   OMP_PLACES, KMP_AFFINITY; OMP_PROC_BIND=false turns binding off) or
   when there are more threads than CPUs to choose from. */
extern void kmp_set_defaults(const char *) __attribute__((weak));

typedef struct {
  int32_t reserved1, flags, reserved2, reserved3;
  const char *psource;
} OmpIdent;
typedef void (*OmpMicrotask)(int32_t *, int32_t *, ...);
extern void __kmpc_fork_call(OmpIdent *, int32_t, OmpMicrotask, ...)
    __attribute__((weak));
extern int omp_get_thread_num(void) __attribute__((weak));

static pthread_once_t bindOnce = PTHREAD_ONCE_INIT;
static cpu_set_t bindCpus; /* the process's CPUs, captured at first use */
static int bindCpuCount;   /* 0: no binding */
static _Atomic int boundThreads; /* thread count the workers are bound for */

static void captureBindCpus(void) {
  if (!getenv("OMP_PROC_BIND") && !getenv("OMP_PLACES") &&
      !getenv("KMP_AFFINITY") &&
      sched_getaffinity(0, sizeof(bindCpus), &bindCpus) == 0)
    bindCpuCount = CPU_COUNT(&bindCpus);
}

static void bindWorker(int32_t *globalTid, int32_t *boundTid, ...) {
  (void)globalTid;
  (void)boundTid;
  int thread = omp_get_thread_num();
  if (thread == 0)
    return;
  /* Worker t takes the t-th CPU of the mask (the first is left to the
     calling thread, which the scheduler moves there if needed). */
  int seen = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &bindCpus))
      continue;
    if (seen++ == thread) {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu, &one);
      pthread_setaffinity_np(pthread_self(), sizeof(one), &one);
      return;
    }
  }
}

/* Called by the model's run function (models with parallel loops only). */
void tfs_rt_prepare_threads(void) {
  int threads = omp_get_max_threads ? omp_get_max_threads() : 1;
  if (threads == boundThreads || threads < 2 || !__kmpc_fork_call)
    return;
  pthread_once(&bindOnce, captureBindCpus);
  boundThreads = threads;
  if (threads > bindCpuCount)
    return;
  static OmpIdent ident = {0, 2 /* KMP_IDENT_KMPC */, 0, 0,
                           ";tfs_runtime;bindWorkers;0;0;;"};
  __kmpc_fork_call(&ident, 0, (OmpMicrotask)bindWorker);
}

/* The barrier between the loops of one of the model's parallel regions
   (tfs-partition-workshare-loops calls it with the team's size). libomp's
   __kmpc_barrier took 0.29-0.56 us on 2 threads of the AVX2 EPYC; this
   one, a counter and a generation on cache lines of their own, 0.08 us
   (bench: 200,000 barriers in a loop). A batch-1 recurrence waits at one
   per step. The last thread to arrive resets the counter and publishes
   the next generation; the others spin until they see it, yielding the
   CPU after a while, and at once when the team has more threads than the
   process has CPUs (the thread they wait for may need theirs: RNN b1 with
   4 threads on 2 CPUs took 3.5 ms a call spinning first, 0.23 ms with
   libomp's barrier). The acquire/release pairs make every thread's writes
   before the barrier visible to all threads after it. One parallel region
   of a model runs at a time (one call at a time per loaded model), so one
   state suffices. */
static _Alignas(64) _Atomic int32_t barrierArrived;
static _Alignas(64) _Atomic int32_t barrierGeneration;
static int barrierCpus; /* the process's CPUs when the model loaded */

void tfs_rt_barrier(int32_t team) {
  if (team <= 1)
    return;
  unsigned spinLimit = team > barrierCpus ? 0 : 4096;
  int32_t generation =
      atomic_load_explicit(&barrierGeneration, memory_order_acquire);
  if (atomic_fetch_add_explicit(&barrierArrived, 1, memory_order_acq_rel) ==
      team - 1) {
    atomic_store_explicit(&barrierArrived, 0, memory_order_relaxed);
    atomic_store_explicit(&barrierGeneration, generation + 1,
                          memory_order_release);
    return;
  }
  for (unsigned spins = 0;
       atomic_load_explicit(&barrierGeneration, memory_order_acquire) ==
       generation;
       ++spins) {
    if (spins < spinLimit) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#elif defined(__aarch64__)
      __asm__ volatile("yield");
#endif
    } else {
      sched_yield();
    }
  }
}

/* The stack a thread's task keeps its buffers on (the model's, from
   tfs-plan-workspace; absent without such buffers). OpenMP workers get
   KMP_STACKSIZE / OMP_STACKSIZE, 4 MiB by default: a smaller setting
   would overflow it, so when the model loads, the workers to be created
   get at least this plus 1 MiB for the frames (workers that an earlier
   OpenMP user of the process already started keep theirs). */
extern const int64_t tfs_rt_task_stack_bytes __attribute__((weak));
extern size_t kmp_get_stacksize_s(void) __attribute__((weak));
extern void kmp_set_stacksize_s(size_t) __attribute__((weak));

/* TFS_NUM_THREADS sets the default when the model is loaded. */
__attribute__((constructor)) static void readNumThreads(void) {
  cpu_set_t cpus;
  barrierCpus = sched_getaffinity(0, sizeof(cpus), &cpus) == 0
                    ? CPU_COUNT(&cpus)
                    : (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (kmp_set_defaults && !getenv("KMP_USE_YIELD"))
    kmp_set_defaults("KMP_USE_YIELD=2");
  if (&tfs_rt_task_stack_bytes && kmp_get_stacksize_s && kmp_set_stacksize_s) {
    size_t need = (size_t)tfs_rt_task_stack_bytes + ((size_t)1 << 20);
    if (kmp_get_stacksize_s() < need)
      kmp_set_stacksize_s(need);
  }
  const char *text = getenv("TFS_NUM_THREADS");
  if (!text || !*text)
    return;
  char *end;
  long n = strtol(text, &end, 10);
  if (*end != '\0' || n < 1 || n > 4096) {
    /* No caller to return an error to while the .so loads. */
    fprintf(stderr,
            "tfsc model %s: ignoring TFS_NUM_THREADS='%s' (expected an "
            "integer from 1 to 4096)\n",
            tfs_model_info_data.name, text);
    return;
  }
  if (omp_set_num_threads)
    omp_set_num_threads((int)n);
}
