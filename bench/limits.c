/* The machine's physical limits, for bench/run.py's "fraction of limit":
 *   limits peak [THREADS]        f32 FMA peak, GFLOP/s
 *   limits read BYTES [THREADS]  read bandwidth, GB/s, for a BYTES working set
 *   limits copy BYTES [THREADS]  copy bandwidth, GB/s: y[i] = x[i]*2+1 over
 *                                two BYTES buffers, counted as BYTES read +
 *                                BYTES written
 * Prints one number: the aggregate over THREADS threads (default 1), each
 * with its own 1/THREADS share of the working set (allocated and first
 * touched by that thread) and its own register accumulators, started
 * together by a barrier; a run's time is the slowest thread's. Best of 5
 * runs of ~0.15 s (peak) or of 10 runs of ~0.05 s (read, copy: more
 * chances of a run undisturbed by other processes) after a warm-up run.
 *   peak: independent chains of vector FMAs in registers (AVX-512: 24 zmm
 *         accumulators, AVX2+FMA: 12 ymm, else 8 SSE mul+add pairs), enough
 *         to cover the FMA latency on both ports.
 *   read: sums the buffer repeatedly with vector loads into 8 independent
 *         accumulators (warm: cache-resident when it fits).
 *   copy: the same loop structure, regular (not streaming) stores.
 * Built by bench/run.sh: clang-22 -O2 -march=native -pthread. */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__AVX512F__)
typedef __m512 vf;
#define LANES 16
#define NACC 24
#define vset1 _mm512_set1_ps
#define vload _mm512_load_ps
#define vstore _mm512_store_ps
#define vadd _mm512_add_ps
#define vfma(a, b, c) _mm512_fmadd_ps(a, b, c)
#define FLOPS_PER_OP (2 * LANES)
#elif defined(__AVX2__) && defined(__FMA__)
typedef __m256 vf;
#define LANES 8
#define NACC 12
#define vset1 _mm256_set1_ps
#define vload _mm256_load_ps
#define vstore _mm256_store_ps
#define vadd _mm256_add_ps
#define vfma(a, b, c) _mm256_fmadd_ps(a, b, c)
#define FLOPS_PER_OP (2 * LANES)
#else
typedef __m128 vf;
#define LANES 4
#define NACC 8
#define vset1 _mm_set1_ps
#define vload _mm_load_ps
#define vstore _mm_store_ps
#define vadd _mm_add_ps
#define vfma(a, b, c) _mm_add_ps(_mm_mul_ps(a, b), c) /* 2 ops, 2 ports */
#define FLOPS_PER_OP (2 * LANES)
#endif

static int runs = 5;
static double run_seconds = 0.15;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static volatile float sink;

static void fold(const vf *acc, int n) {
  float lanes[LANES] __attribute__((aligned(64))), s = 0;
  vf t = acc[0];
  for (int i = 1; i < n; i++) t = vadd(t, acc[i]);
  vstore(lanes, t);
  for (int i = 0; i < LANES; i++) s += lanes[i];
  sink = s;
}

/* NACC * FLOPS_PER_OP FLOPs per iteration; acc -> acc*m + c converges. */
static void peak_kernel(long iters) {
  vf acc[NACC], m = vset1(0.999999f), c = vset1(1e-6f);
  for (int i = 0; i < NACC; i++) acc[i] = vset1((float)i);
  for (long it = 0; it < iters; it++) {
#define F(i) acc[i] = vfma(acc[i], m, c);
      F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7)
#if NACC > 8
      F(8) F(9) F(10) F(11)
#endif
#if NACC > 12
      F(12) F(13) F(14) F(15) F(16) F(17) F(18) F(19) F(20) F(21) F(22) F(23)
#endif
#undef F
  }
  fold(acc, NACC);
}

/* Sums n floats (a multiple of 8 * LANES) reps times. */
static void read_kernel(const float *x, long n, long reps) {
  vf a[8];
  for (int i = 0; i < 8; i++) a[i] = vset1(0);
  for (long r = 0; r < reps; r++)
    for (long i = 0; i < n; i += 8 * LANES)
      for (int j = 0; j < 8; j++) a[j] = vadd(a[j], vload(x + i + j * LANES));
  fold(a, 8);
}

static void copy_kernel(const float *x, float *y, long n, long reps) {
  vf two = vset1(2), one = vset1(1);
  for (long r = 0; r < reps; r++) {
    for (long i = 0; i < n; i += 8 * LANES)
      for (int j = 0; j < 8; j++)
        vstore(y + i + j * LANES, vfma(vload(x + i + j * LANES), two, one));
    __asm__ volatile("" : : "r"(y) : "memory"); /* keep every pass */
  }
  sink = y[n - 1];
}

enum { PEAK, READ, COPY };
static int mode, nthreads;
static long nfloats; /* per thread */
static long reps;    /* per run: iterations (peak) or passes */
static pthread_barrier_t barrier;
static double best = 1e30;

static void work(float *x, float *y) {
  if (mode == PEAK) peak_kernel(reps);
  else if (mode == READ) read_kernel(x, nfloats, reps);
  else copy_kernel(x, y, nfloats, reps);
}

static void *worker(void *arg) {
  float *x = NULL, *y = NULL;
  if (mode != PEAK) {
    x = aligned_alloc(64, nfloats * sizeof(float));
    y = aligned_alloc(64, nfloats * sizeof(float));
    if (!x || !y) {
      perror("limits: aligned_alloc");
      exit(1);
    }
    for (long i = 0; i < nfloats; i++) x[i] = y[i] = 1e-3f * (i % 1000);
  }
  for (int run = 0; run <= runs; run++) { /* run 0: warm-up */
    pthread_barrier_wait(&barrier);
    double t = now();
    work(x, y);
    pthread_barrier_wait(&barrier);
    t = now() - t;
    if (arg == NULL && run > 0 && t < best) best = t;
  }
  free(x);
  free(y);
  return NULL;
}

static int usage(void) {
  fprintf(stderr, "usage: limits peak [THREADS] | read BYTES [THREADS] | "
                  "copy BYTES [THREADS]\n");
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 2) return usage();
  int a = 2;
  long bytes = 0;
  if (!strcmp(argv[1], "peak")) mode = PEAK;
  else if (!strcmp(argv[1], "read")) mode = READ;
  else if (!strcmp(argv[1], "copy")) mode = COPY;
  else return usage();
  if (mode != PEAK) {
    if (argc < 3) return usage();
    bytes = atol(argv[a++]);
    runs = 10;
    run_seconds = 0.05;
  }
  nthreads = argc > a ? atoi(argv[a]) : 1;
  if (nthreads < 1 || (mode != PEAK && bytes < 4)) return usage();
  /* Each thread's share, rounded up to whole 8-vector blocks. */
  long block = 8 * LANES;
  nfloats = ((bytes / 4 + nthreads - 1) / nthreads + block - 1) / block * block;
  /* Calibrate on one thread: double the work until it takes >= 20 ms. */
  float *x = NULL, *y = NULL;
  if (mode != PEAK) {
    x = aligned_alloc(64, nfloats * sizeof(float));
    y = aligned_alloc(64, nfloats * sizeof(float));
    for (long i = 0; i < nfloats; i++) x[i] = y[i] = 1e-3f * (i % 1000);
  }
  double t;
  for (reps = 1;; reps *= 2) {
    t = now();
    work(x, y);
    t = now() - t;
    if (t >= 0.02) break;
  }
  reps = (long)(reps * run_seconds / t) + 1;
  free(x);
  free(y);
  pthread_barrier_init(&barrier, NULL, nthreads);
  pthread_t tid[nthreads];
  for (int i = 1; i < nthreads; i++)
    pthread_create(&tid[i], NULL, worker, (void *)(long)i); /* i: not 0 */
  worker(NULL); /* thread 0 keeps the time */
  for (int i = 1; i < nthreads; i++) pthread_join(tid[i], NULL);
  double total = mode == PEAK ? (double)reps * NACC * FLOPS_PER_OP
                              : (double)reps * nfloats * 4 * (mode == COPY ? 2 : 1);
  printf("%.1f\n", total * nthreads / best / 1e9);
  return 0;
}
