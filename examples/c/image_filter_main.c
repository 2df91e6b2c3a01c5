/* Runs the image filter model through its generated header.
 *
 *   tfsc examples/image_filter.mlir -o libimage_filter.so  (writes .h too)
 *   clang-22 -I. examples/c/image_filter_main.c -L. -limage_filter \
 *            -Wl,-rpath,. -o image_filter_main
 *
 * Feeds the same image to both towers and checks that they agree (they
 * share every variable), then scales one shared weight through the variable
 * API and checks that both towers change. Exits non-zero on any failure. */
#include "libimage_filter.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N IMAGE_FILTER_IMAGE1_SIZE

static float image[N], out1[N], out2[N];

static double checksum(const float *x) {
  double sum = 0;
  for (int i = 0; i < N; ++i)
    sum += x[i];
  return sum;
}

int main(void) {
  for (int i = 0; i < N; ++i)
    image[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
  if (image_filter_init() != 0) {
    fprintf(stderr, "init: %s\n", image_filter_last_error());
    return 1;
  }
  if (image_filter_run(image, image, out1, out2) != 0) {
    fprintf(stderr, "run: %s\n", image_filter_last_error());
    return 1;
  }
  double before = checksum(out1);
  if (before != checksum(out2)) {
    fprintf(stderr, "towers disagree: %f vs %f\n", before, checksum(out2));
    return 1;
  }
  printf("towers agree: checksum %.6f\n", before);

  float *bias = image_filter_variable("image_filters/conv2/biases:0");
  if (!bias) {
    fprintf(stderr, "variable: %s\n", image_filter_last_error());
    return 1;
  }
  for (int c = 0; c < 32; ++c)
    bias[c] += 1.0f; /* relu(x + 1) >= relu(x): every output grows or stays */
  image_filter_run(image, image, out1, out2);
  double after1 = checksum(out1), after2 = checksum(out2);
  printf("after changing the shared bias: %.6f %.6f\n", after1, after2);
  if (!(after1 > before) || after1 != after2) {
    fprintf(stderr, "the shared bias did not change both towers\n");
    return 1;
  }
  if (image_filter_variable("no/such/variable") != NULL) {
    fprintf(stderr, "unknown variable found\n");
    return 1;
  }
  printf("unknown variable: %s\n", image_filter_last_error());

  /* Enumerate a name scope: conv1's weights and biases, shared by both
     towers. */
  const char *names[8];
  int32_t count = image_filter_scope_variables("image_filters/conv1", names, 8);
  printf("scope image_filters/conv1: %d variables:", (int)count);
  for (int32_t i = 0; i < count && i < 8; ++i)
    printf(" %s", names[i]);
  printf("\n");
  printf("all variables: %d\n",
         (int)image_filter_scope_variables("", NULL, 0));

  if (image_filter_set_num_threads(1) != 0) {
    fprintf(stderr, "threads: %s\n", image_filter_last_error());
    return 1;
  }
  image_filter_run(image, image, out1, out2);
  printf("one thread agrees: %s\n",
         checksum(out1) == after1 && checksum(out2) == after2 ? "yes" : "no");
  return 0;
}
