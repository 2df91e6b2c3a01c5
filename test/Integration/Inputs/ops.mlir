// One model exercising every op family of convert-tfs-to-linalg with the
// attribute combinations that change the lowering (SAME/VALID, strides,
// dilations, transposes, broadcasting, keep_dims, pad modes); ops_check.py
// compares each output with numpy.
func.func @main(%x: tensor<1x7x7x3xf32> {tfs.name = "x:0"},
                %w: tensor<3x3x3x4xf32> {tfs.name = "w:0"},
                %dw: tensor<3x3x3x2xf32> {tfs.name = "dw:0"},
                %a: tensor<4x3xf32> {tfs.name = "a:0"},
                %b: tensor<5x4xf32> {tfs.name = "b:0"},
                %p: tensor<2x1x3x4xf32> {tfs.name = "p:0"},
                %q: tensor<5x4x6xf32> {tfs.name = "q:0"},
                %logits: tensor<4x10xf32> {tfs.name = "logits:0"},
                %bias: tensor<3xf32> {tfs.name = "bias:0"},
                %g: tensor<256x96xf32> {tfs.name = "g:0"},
                %h: tensor<96x160xf32> {tfs.name = "h:0"},
                %u: tensor<2x300xf32> {tfs.name = "u:0"},
                %v: tensor<300x10xf32> {tfs.name = "v:0"},
                %gs: tensor<1x1024xf32> {tfs.name = "s:0"},
                %gt: tensor<1024x128xf32> {tfs.name = "t:0"},
                %bx: tensor<4x32x32x16xf32> {tfs.name = "bx:0"},
                %bw1: tensor<3x3x16x16xf32> {tfs.name = "bw1:0"},
                %bb1: tensor<16xf32> {tfs.name = "bb1:0"},
                %bw2: tensor<3x3x16x8xf32> {tfs.name = "bw2:0"},
                %tg: tensor<40x1024xf32> {tfs.name = "tg:0"},
                %th: tensor<1024x256xf32> {tfs.name = "th:0"},
                %sh: tensor<16x256xf32> {tfs.name = "sh:0"},
                %sw: tensor<256x256xf32> {tfs.name = "sw:0"},
                %sx: tensor<16x256xf32> {tfs.name = "sx:0"},
                %wx: tensor<1x63x63x8xf32> {tfs.name = "wx:0"},
                %ww: tensor<3x3x8x32xf32> {tfs.name = "ww:0"},
                %wb: tensor<32xf32> {tfs.name = "wb:0"},
                %rx: tensor<1x3x10x8xf32> {tfs.name = "rx:0"},
                %da: tensor<64x256xf32> {tfs.name = "da:0"},
                %dd: tensor<256x512xf32> {tfs.name = "dd:0"},
                %db: tensor<512xf32> {tfs.name = "db:0"},
                %oa: tensor<136x300xf32> {tfs.name = "oa:0"},
                %ob: tensor<300x72xf32> {tfs.name = "ob:0"},
                %pa: tensor<100x300xf32> {tfs.name = "pa:0"},
                %pb: tensor<300x96xf32> {tfs.name = "pb:0"},
                %qx: tensor<1x17x17x32xf32> {tfs.name = "qx:0"},
                %qw: tensor<3x3x32x32xf32> {tfs.name = "qw:0"},
                %tx: tensor<1x13x13x64xf32> {tfs.name = "tx:0"},
                %tw: tensor<3x3x64x32xf32> {tfs.name = "tw:0"},
                %mx: tensor<1x15x15x32xf32> {tfs.name = "mx:0"},
                %mw: tensor<3x3x32x1xf32> {tfs.name = "mw:0"},
                %ua: tensor<16x2048xf32> {tfs.name = "ua:0"},
                %ub: tensor<2048x72xf32> {tfs.name = "ub:0"},
                %nw: tensor<3x3x64x3xf32> {tfs.name = "nw:0"},
                %kx: tensor<1x7x7x256xf32> {tfs.name = "kx:0"},
                %kw: tensor<3x3x256x64xf32> {tfs.name = "kw:0"},
                %cx: tensor<1x9x9x16xf32> {tfs.name = "cx:0"},
                %cw: tensor<3x3x16x50xf32> {tfs.name = "cw:0"},
                %cb: tensor<50xf32> {tfs.name = "cb:0"},
                %cw1: tensor<1x1x16x36xf32> {tfs.name = "cw1:0"},
                %ma: tensor<32x64xf32> {tfs.name = "ma:0"},
                %mb: tensor<48x64xf32> {tfs.name = "mb:0"},
                %ba: tensor<8x64x64xf32> {tfs.name = "ba:0"},
                %bb: tensor<8x64x64xf32> {tfs.name = "bb:0"},
                %nx: tensor<1x8x16x32xf32> {tfs.name = "nx:0"},
                %gv: tensor<1x1024xf32> {tfs.name = "gv:0"},
                %yx: tensor<1x64x64x32xf32> {tfs.name = "yx:0"},
                %yw: tensor<3x3x32x3xf32> {tfs.name = "yw:0"},
                %yb: tensor<3xf32> {tfs.name = "yb:0"},
                %zx: tensor<1x13x20x8xf32> {tfs.name = "zx:0"},
                %zw: tensor<3x3x8x1xf32> {tfs.name = "zw:0"},
                %vx: tensor<2x8x24x8xf32> {tfs.name = "vx:0"},
                %vw: tensor<5x5x8x5xf32> {tfs.name = "vw:0"},
                %ux: tensor<1x12x28x16xf32> {tfs.name = "ux:0"},
                %uw: tensor<3x3x16x3xf32> {tfs.name = "uw:0"},
                %fa: tensor<2x512xf32> {tfs.name = "fa:0"},
                %fb: tensor<512x10xf32> {tfs.name = "fb:0"},
                %ga: tensor<3x96xf32> {tfs.name = "ga:0"},
                %gb: tensor<96x12xf32> {tfs.name = "gb:0"},
                %nb: tensor<256x10xf32> {tfs.name = "nb:0"},
                %specials: tensor<4x16xf32> {tfs.name = "specials:0"},
                %bandx: tensor<2x20x21x16xf32> {tfs.name = "bandx:0"},
                %bandw: tensor<5x5x16x1xf32> {tfs.name = "bandw:0"},
                %bandb: tensor<16xf32> {tfs.name = "bandb:0"},
                %gw: tensor<512x1024xf32> {tfs.name = "gw:0"},
                %mw3: tensor<3x3x32x3xf32> {tfs.name = "mw3:0"},
                %sa: tensor<100x100xf32> {tfs.name = "sa:0"},
                %sb: tensor<100x100xf32> {tfs.name = "sb:0"},
                %mvw: tensor<1024x1xf32> {tfs.name = "mvw:0"},
                %boa: tensor<4x50x64xf32> {tfs.name = "boa:0"},
                %bob: tensor<4x64x50xf32> {tfs.name = "bob:0"},
                %fw18: tensor<3x3x16x18xf32> {tfs.name = "fw18:0"},
                %rw: tensor<1024x64xf32> {tfs.name = "rw:0"},
                %ra: tensor<131x300xf32> {tfs.name = "ra:0"},
                %m3w: tensor<3x3x16x3xf32> {tfs.name = "m3w:0"},
                %m3b: tensor<48xf32> {tfs.name = "m3b:0"},
                %m2w: tensor<3x3x32x2xf32> {tfs.name = "m2w:0"},
                %m2b: tensor<64xf32> {tfs.name = "m2b:0"},
                %sml: tensor<64x1000xf32> {tfs.name = "sml:0"},
                %r3: tensor<4x6x100xf32> {tfs.name = "r3:0"},
                %smx: tensor<6x20xf32> {tfs.name = "smx:0"},
                %rc: tensor<97x700xf32> {tfs.name = "rc:0"},
                %lng: tensor<100xf32> {tfs.name = "lng:0"},
                %lnb: tensor<100xf32> {tfs.name = "lnb:0"})
    -> (tensor<1x4x4x4xf32> {tfs.name = "conv_same_s2:0"},
        tensor<1x3x3x4xf32> {tfs.name = "conv_valid_d2:0"},
        tensor<1x7x7x6xf32> {tfs.name = "depthwise:0"},
        tensor<1x4x4x3xf32> {tfs.name = "max_pool:0"},
        tensor<1x4x4x3xf32> {tfs.name = "avg_pool:0"},
        tensor<3x5xf32> {tfs.name = "matmul_tt:0"},
        tensor<2x5x3x6xf32> {tfs.name = "batch_matmul:0"},
        tensor<4x10xf32> {tfs.name = "softmax:0"},
        tensor<4x10xf32> {tfs.name = "log_softmax:0"},
        tensor<1x1x1x3xf32> {tfs.name = "mean_keep:0"},
        tensor<1x7x7xf32> {tfs.name = "max_last:0"},
        tensor<1x7x7x3xf32> {tfs.name = "elementwise:0"},
        tensor<7x21xf32> {tfs.name = "reshape:0"},
        tensor<3x7x7x1xf32> {tfs.name = "transpose:0"},
        tensor<4x13xf32> {tfs.name = "concat_split:0"},
        tensor<1x9x5x3xf32> {tfs.name = "pad_reflect:0"},
        tensor<1x7x11x3xf32> {tfs.name = "pad_symmetric:0"},
        tensor<4x10xi32> {tfs.name = "cast:0"},
        tensor<1x7x7x3xf32> {tfs.name = "bias_relu6:0"},
        tensor<256x160xf32> {tfs.name = "mm_packed:0"},
        tensor<2x10xf32> {tfs.name = "mm_split:0"},
        tensor<1x128xf32> {tfs.name = "mm_chunked:0"},
        tensor<4x32x32x8xf32> {tfs.name = "batch_convs:0"},
        tensor<40x256xf32> {tfs.name = "mm_tall:0"},
        tensor<16x256xf32> {tfs.name = "rnn_step:0"},
        tensor<1x32x32x32xf32> {tfs.name = "conv_split_s2:0"},
        tensor<1x59x59x32xf32> {tfs.name = "conv_split_d2:0"},
        tensor<1x1x8x32xf32> {tfs.name = "conv_one_row:0"},
        tensor<64x512xf32> {tfs.name = "dense_relu:0"},
        tensor<136x72xf32> {tfs.name = "mm_odd_columns:0"},
        tensor<100x96xf32> {tfs.name = "mm_odd_rows:0"},
        tensor<1x17x17x32xf32> {tfs.name = "conv_halves:0"},
        tensor<1x13x13x32xf32> {tfs.name = "conv_odd_width:0"},
        tensor<1x15x15x32xf32> {tfs.name = "depthwise_relu:0"},
        tensor<1x8x8x32xf32> {tfs.name = "depthwise_s2:0"},
        tensor<1x8x8x32xf32> {tfs.name = "max_pool_wide:0"},
        tensor<1x8x8x32xf32> {tfs.name = "avg_pool_wide:0"},
        tensor<16x72xf32> {tfs.name = "mm_odd_columns_few_rows:0"},
        tensor<1x13x13x3xf32> {tfs.name = "conv_rgb:0"},
        tensor<1x7x7x64xf32> {tfs.name = "conv_blocked:0"},
        tensor<1x9x9x50xf32> {tfs.name = "conv_channels:0"},
        tensor<1x9x9x36xf32> {tfs.name = "conv_channels_1x1:0"},
        tensor<32x48xf32> {tfs.name = "mm_transpose_b:0"},
        tensor<8x64x64xf32> {tfs.name = "bmm_adj:0"},
        tensor<1x32x8x16xf32> {tfs.name = "transpose_nchw:0"},
        tensor<1x512xf32> {tfs.name = "gemv_transpose_b:0"},
        tensor<1x8x8x96xf32> {tfs.name = "depthwise_m3:0"},
        tensor<100x100xf32> {tfs.name = "mm_small_odd:0"},
        tensor<40x1xf32> {tfs.name = "matvec:0"},
        tensor<4x50x50xf32> {tfs.name = "bmm_odd:0"},
        tensor<1x9x9x18xf32> {tfs.name = "conv_f18:0"},
        tensor<1x64xf32> {tfs.name = "shared_rhs:0"},
        tensor<131x96xf32> {tfs.name = "mm_prime_rows:0"},
        tensor<1x64x64x3xf32> {tfs.name = "conv_rows:0"},
        tensor<1x9x16x1xf32> {tfs.name = "conv_rows_d2:0"},
        tensor<2x8x24x5xf32> {tfs.name = "conv_rows_batch:0"},
        tensor<1x12x28x3xf32> {tfs.name = "conv_rows_wide:0"},
        tensor<2x10xf32> {tfs.name = "mm_flat:0"},
        tensor<3x12xf32> {tfs.name = "mm_flat12:0"},
        tensor<64x10xf32> {tfs.name = "mm_narrow_rows:0"},
        tensor<4x16xf32> {tfs.name = "relu_specials:0"},
        tensor<4x16xf32> {tfs.name = "relu6_specials:0"},
        tensor<2x10x11x16xf32> {tfs.name = "depthwise_bands:0"},
        tensor<2x10x11x16xf32> {tfs.name = "max_pool_bands:0"},
        tensor<2x20x21x16xf32> {tfs.name = "avg_pool_bands:0"},
        tensor<2x20x21x16xf32> {tfs.name = "depthwise_rate2:0"},
        tensor<4x32x32x48xf32> {tfs.name = "depthwise_m3_bias:0"},
        tensor<1x64x64x64xf32> {tfs.name = "depthwise_m2_threads:0"},
        tensor<64x1000xf32> {tfs.name = "softmax_rows:0"},
        tensor<4x6xf32> {tfs.name = "max_rows_3d:0"},
        tensor<4x6xf32> {tfs.name = "sum_rows_3d:0"},
        tensor<64xf32> {tfs.name = "sum_rows_threads:0"},
        tensor<6x20xf32> {tfs.name = "softmax_specials:0"},
        tensor<97x700xf32> {tfs.name = "softmax_uneven_tasks:0"},
        tensor<4x6x100xf32> {tfs.name = "layer_norm:0"},
        tensor<4x6x1xf32> {tfs.name = "layer_norm_mean:0"}) {
  %0 = tfs.conv2d %x, %w {padding = "SAME", strides = array<i64: 1, 2, 2, 1>}
      : (tensor<1x7x7x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x4x4x4xf32>
  %1 = tfs.conv2d %x, %w {padding = "VALID", strides = array<i64: 1, 1, 1, 1>,
                          dilations = array<i64: 1, 2, 2, 1>}
      : (tensor<1x7x7x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x3x3x4xf32>
  %2 = tfs.depthwise_conv2d %x, %dw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x7x7x3xf32>, tensor<3x3x3x2xf32>) -> tensor<1x7x7x6xf32>
  %3 = tfs.max_pool %x {ksize = array<i64: 1, 3, 3, 1>, padding = "SAME",
                        strides = array<i64: 1, 2, 2, 1>}
      : (tensor<1x7x7x3xf32>) -> tensor<1x4x4x3xf32>
  %4 = tfs.avg_pool %x {ksize = array<i64: 1, 3, 3, 1>, padding = "SAME",
                        strides = array<i64: 1, 2, 2, 1>}
      : (tensor<1x7x7x3xf32>) -> tensor<1x4x4x3xf32>
  %5 = tfs.matmul %a, %b {transpose_a = true, transpose_b = true}
      : (tensor<4x3xf32>, tensor<5x4xf32>) -> tensor<3x5xf32>
  %6 = tfs.batch_matmul %p, %q : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  %7 = tfs.softmax %logits : tensor<4x10xf32>
  %8 = tfs.log_softmax %logits : tensor<4x10xf32>
  %9 = tfs.reduce_mean %x {axes = array<i64: 1, 2>, keep_dims = true}
      : (tensor<1x7x7x3xf32>) -> tensor<1x1x1x3xf32>
  %10 = tfs.reduce_max %x {axes = array<i64: -1>} : (tensor<1x7x7x3xf32>) -> tensor<1x7x7xf32>
  // sigmoid(x - bias) * tanh(x) + rsqrt(|x| + 1) ^ 2 / max(x, 0.5)
  %one = tfs.constant dense<1.0> : tensor<f32>
  %half = tfs.constant dense<0.5> : tensor<f32>
  %two = tfs.constant dense<2.0> : tensor<f32>
  %e0 = tfs.sub %x, %bias : (tensor<1x7x7x3xf32>, tensor<3xf32>) -> tensor<1x7x7x3xf32>
  %e1 = tfs.sigmoid %e0 : tensor<1x7x7x3xf32>
  %e2 = tfs.tanh %x : tensor<1x7x7x3xf32>
  %e3 = tfs.mul %e1, %e2 : (tensor<1x7x7x3xf32>, tensor<1x7x7x3xf32>) -> tensor<1x7x7x3xf32>
  %e4 = tfs.abs %x : tensor<1x7x7x3xf32>
  %e5 = tfs.add %e4, %one : (tensor<1x7x7x3xf32>, tensor<f32>) -> tensor<1x7x7x3xf32>
  %e6 = tfs.rsqrt %e5 : tensor<1x7x7x3xf32>
  %e7 = tfs.pow %e6, %two : (tensor<1x7x7x3xf32>, tensor<f32>) -> tensor<1x7x7x3xf32>
  %e8 = tfs.maximum %x, %half : (tensor<1x7x7x3xf32>, tensor<f32>) -> tensor<1x7x7x3xf32>
  %e9 = tfs.div %e7, %e8 : (tensor<1x7x7x3xf32>, tensor<1x7x7x3xf32>) -> tensor<1x7x7x3xf32>
  %11 = tfs.add %e3, %e9 : (tensor<1x7x7x3xf32>, tensor<1x7x7x3xf32>) -> tensor<1x7x7x3xf32>
  %12 = tfs.reshape %x : tensor<1x7x7x3xf32> to tensor<7x21xf32>
  %13 = tfs.transpose %x {perm = array<i64: 3, 1, 2, 0>} : (tensor<1x7x7x3xf32>) -> tensor<3x7x7x1xf32>
  // concat(split(logits, [3, 7], axis 1) reversed, a^T[:, :3]) along axis -1
  %s:2 = tfs.split %logits {axis = 1 : i64, size_splits = array<i64: 3, 7>}
      : (tensor<4x10xf32>) -> (tensor<4x3xf32>, tensor<4x7xf32>)
  %sl = tfs.slice %a {begin = array<i64: 0, 0>, size = array<i64: -1, 3>}
      : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %14 = tfs.concat %s#1, %s#0, %sl {axis = -1 : i64}
      : (tensor<4x7xf32>, tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x13xf32>
  %15 = tfs.pad %x {paddings = dense<[[0, 0], [1, 1], [0, 0], [0, 0]]> : tensor<4x2xi64>, mode = "REFLECT"}
      : (tensor<1x7x7x3xf32>) -> tensor<1x9x7x3xf32>
  %pad_sliced = tfs.slice %15 {begin = array<i64: 0, 0, 1, 0>, size = array<i64: -1, -1, 5, -1>}
      : (tensor<1x9x7x3xf32>) -> tensor<1x9x5x3xf32>
  %16 = tfs.pad %x {paddings = dense<[[0, 0], [0, 0], [2, 2], [0, 0]]> : tensor<4x2xi64>, mode = "SYMMETRIC"}
      : (tensor<1x7x7x3xf32>) -> tensor<1x7x11x3xf32>
  %ten = tfs.constant dense<10.0> : tensor<f32>
  %c0 = tfs.mul %logits, %ten : (tensor<4x10xf32>, tensor<f32>) -> tensor<4x10xf32>
  %17 = tfs.cast %c0 : tensor<4x10xf32> to tensor<4x10xi32>
  %biased = tfs.bias_add %x, %bias : tensor<1x7x7x3xf32>, tensor<3xf32>
  %18 = tfs.relu6 %biased : tensor<1x7x7x3xf32>
  // At -O3, large enough to read B from packed panels (5 of 32 columns).
  %19 = tfs.matmul %g, %h : (tensor<256x96xf32>, tensor<96x160xf32>) -> tensor<256x160xf32>
  // At -O3, few rows times a narrow N: 4 interleaved partial sums.
  %20 = tfs.matmul %u, %v : (tensor<2x300xf32>, tensor<300x10xf32>) -> tensor<2x10xf32>
  // At -O3, a GEMV over 512 KiB of weights: threads take chunks of K.
  %21 = tfs.matmul %gs, %gt : (tensor<1x1024xf32>, tensor<1024x128xf32>) -> tensor<1x128xf32>
  // At -O3, SAME pads of a batch of 4 are built one image per task, the
  // first conv's bias + relu fused into the second one's padding.
  %c1 = tfs.conv2d %bx, %bw1 {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<4x32x32x16xf32>, tensor<3x3x16x16xf32>) -> tensor<4x32x32x16xf32>
  %c1b = tfs.bias_add %c1, %bb1 : tensor<4x32x32x16xf32>, tensor<16xf32>
  %c1r = tfs.relu %c1b : tensor<4x32x32x16xf32>
  %22 = tfs.conv2d %c1r, %bw2 {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<4x32x32x16xf32>, tensor<3x3x16x8xf32>) -> tensor<4x32x32x8xf32>
  // At -O3, 40 rows: two 14-row register tiles, then one of 12 rows;
  // B (1 MiB, rows 1 KiB apart) is prefetched ahead of the k loop.
  %23 = tfs.matmul %tg, %th : (tensor<40x1024xf32>, tensor<1024x256xf32>) -> tensor<40x256xf32>
  // At -O3, a recurrence's step (2.1 MFLOP, then add + tanh): threads
  // take 8 rows each, product and epilogue.
  %sp = tfs.matmul %sh, %sw : (tensor<16x256xf32>, tensor<256x256xf32>) -> tensor<16x256xf32>
  %ss = tfs.add %sx, %sp : (tensor<16x256xf32>, tensor<16x256xf32>) -> tensor<16x256xf32>
  %24 = tfs.tanh %ss : tensor<16x256xf32>
  // At -O3, 32 and 59 output columns: split into 14 + 18 and 42 + 9 + 8
  // columns (14-wide register tiles, then 9- and 8-wide ones), each part
  // with its own bias + relu; stride 2 (SAME) and dilation 2 (VALID) move
  // the input columns each part reads.
  %ws = tfs.conv2d %wx, %ww {padding = "SAME", strides = array<i64: 1, 2, 2, 1>}
      : (tensor<1x63x63x8xf32>, tensor<3x3x8x32xf32>) -> tensor<1x32x32x32xf32>
  %wsb = tfs.bias_add %ws, %wb : tensor<1x32x32x32xf32>, tensor<32xf32>
  %25 = tfs.relu %wsb : tensor<1x32x32x32xf32>
  %wd = tfs.conv2d %wx, %ww {padding = "VALID", strides = array<i64: 1, 1, 1, 1>,
                             dilations = array<i64: 1, 2, 2, 1>}
      : (tensor<1x63x63x8xf32>, tensor<3x3x8x32xf32>) -> tensor<1x59x59x32xf32>
  %wdb = tfs.bias_add %wd, %wb : tensor<1x59x59x32xf32>, tensor<32xf32>
  %26 = tfs.relu %wdb : tensor<1x59x59x32xf32>
  // One output row that one register tile covers.
  %27 = tfs.conv2d %rx, %ww {padding = "VALID", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x10x8xf32>, tensor<3x3x8x32xf32>) -> tensor<1x1x8x32xf32>
  // At -O3, a 16.8 MFLOP dense layer: threads take blocks of columns of
  // its bias + relu, each zeroing, computing and finishing its block in
  // place.
  %dp = tfs.matmul %da, %dd : (tensor<64x256xf32>, tensor<256x512xf32>) -> tensor<64x512xf32>
  %dbias = tfs.bias_add %dp, %db : tensor<64x512xf32>, tensor<512xf32>
  %28 = tfs.relu %dbias : tensor<64x512xf32>
  // At -O3, N = 72, which two vectors of columns do not divide: 64
  // columns packed, the last 8 on their own; then 100 rows, which 8-row
  // tiles do not divide: 96 rows, then the last 4.
  %29 = tfs.matmul %oa, %ob : (tensor<136x300xf32>, tensor<300x72xf32>) -> tensor<136x72xf32>
  %30 = tfs.matmul %pa, %pb : (tensor<100x300xf32>, tensor<300x96xf32>) -> tensor<100x96xf32>
  // At -O3, 17 output columns (no divisor from 7 to 14): halves of 9 and
  // 8 columns, each a register tile; 13 columns: one 13-wide tile.
  %qc = tfs.conv2d %qx, %qw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x17x17x32xf32>, tensor<3x3x32x32xf32>) -> tensor<1x17x17x32xf32>
  %31 = tfs.relu %qc : tensor<1x17x17x32xf32>
  %32 = tfs.conv2d %tx, %tw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x13x13x64xf32>, tensor<3x3x64x32xf32>) -> tensor<1x13x13x32xf32>
  // At -O3, depthwise convolutions with a multiplier of 1 are tiled and
  // vectorized: 5 x 32 register tiles (15 columns) with the relu applied
  // to them; stride 2.
  %md = tfs.depthwise_conv2d %mx, %mw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x15x15x32xf32>, tensor<3x3x32x1xf32>) -> tensor<1x15x15x32xf32>
  %33 = tfs.relu %md : tensor<1x15x15x32xf32>
  %34 = tfs.depthwise_conv2d %mx, %mw {padding = "SAME", strides = array<i64: 1, 2, 2, 1>}
      : (tensor<1x15x15x32xf32>, tensor<3x3x32x1xf32>) -> tensor<1x8x8x32xf32>
  // At -O3, pools over 32 channels are tiled like depthwise convs (8 x 32
  // register tiles starting from -inf or zeros; the average's division
  // applied to them).
  %35 = tfs.max_pool %mx {ksize = array<i64: 1, 3, 3, 1>, padding = "SAME",
                          strides = array<i64: 1, 2, 2, 1>}
      : (tensor<1x15x15x32xf32>) -> tensor<1x8x8x32xf32>
  %36 = tfs.avg_pool %mx {ksize = array<i64: 1, 3, 3, 1>, padding = "SAME",
                          strides = array<i64: 1, 2, 2, 1>}
      : (tensor<1x15x15x32xf32>) -> tensor<1x8x8x32xf32>
  // At -O3, 16 rows (not packed) and N = 72: 64 columns in 32-wide tiles,
  // then 8.
  %37 = tfs.matmul %ua, %ub : (tensor<16x2048xf32>, tensor<2048x72xf32>) -> tensor<16x72xf32>
  // At -O3, 3 output channels: a row convolution on 14 rows (tiles of 7)
  // x 16 columns, sliced to 13 x 13.
  %38 = tfs.conv2d %tx, %nw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x13x13x64xf32>, tensor<3x3x64x3xf32>) -> tensor<1x13x13x3xf32>
  // At -O3, a filter whose 32-channel F blocks take 288 KiB each: C reduced
  // in blocks of 32 channels; on 2 threads, F blocks are the tasks.
  %kc = tfs.conv2d %kx, %kw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x7x7x256xf32>, tensor<3x3x256x64xf32>) -> tensor<1x7x7x64xf32>
  %39 = tfs.relu %kc : tensor<1x7x7x64xf32>
  // At -O3, 50 = 32 + 18 output channels: the 18 with their filter padded
  // to 32 channels; 36 = 32 + 4: the 4 in 4-lane vectors.
  %cc = tfs.conv2d %cx, %cw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x9x9x16xf32>, tensor<3x3x16x50xf32>) -> tensor<1x9x9x50xf32>
  %ccb = tfs.bias_add %cc, %cb : tensor<1x9x9x50xf32>, tensor<50xf32>
  %40 = tfs.relu %ccb : tensor<1x9x9x50xf32>
  %41 = tfs.conv2d %cx, %cw1 {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x9x9x16xf32>, tensor<1x1x16x36xf32>) -> tensor<1x9x9x36xf32>
  // At -O3, B transposed in 16 x 16 register blocks, then a plain matmul;
  // the batch (4.2 MFLOP) by whole matrices over threads, A and B both
  // transposed first; NHWC -> NCHW in 16 x 16 blocks of (C, W).
  %42 = tfs.matmul %ma, %mb {transpose_b = true}
      : (tensor<32x64xf32>, tensor<48x64xf32>) -> tensor<32x48xf32>
  %43 = tfs.batch_matmul %ba, %bb {adj_x = true, adj_y = true}
      : (tensor<8x64x64xf32>, tensor<8x64x64xf32>) -> tensor<8x64x64xf32>
  %44 = tfs.transpose %nx {perm = array<i64: 0, 3, 1, 2>}
      : (tensor<1x8x16x32xf32>) -> tensor<1x32x8x16xf32>
  // At -O3, dot products over K with B read in place (2 MiB of B: columns
  // over threads, each task its own rows of B).
  %45 = tfs.matmul %gv, %gw {transpose_b = true}
      : (tensor<1x1024xf32>, tensor<512x1024xf32>) -> tensor<1x512xf32>
  // At -O3, a channel multiplier of 3: the input's channels repeated 3
  // times, then a multiplier-1 depthwise conv over 96 channels, stride 2.
  %46 = tfs.depthwise_conv2d %mx, %mw3 {padding = "SAME", strides = array<i64: 1, 2, 2, 1>}
      : (tensor<1x15x15x32xf32>, tensor<3x3x32x3xf32>) -> tensor<1x8x8x96xf32>
  // At -O3, 2 MFLOP with 100 columns, which no register tile fits: split
  // into 96 columns in 32-wide tiles and 4 more.
  %47 = tfs.matmul %sa, %sb : (tensor<100x100xf32>, tensor<100x100xf32>) -> tensor<100x100xf32>
  // At -O3, one column: 40 dot products of 1024, 8 rows at a time.
  %48 = tfs.matmul %tg, %mvw : (tensor<40x1024xf32>, tensor<1024x1xf32>) -> tensor<40x1xf32>
  // At -O3, 4 matrices of 50 x 64 x 50: 48 columns in 16-wide tiles, 2 more.
  %49 = tfs.batch_matmul %boa, %bob : (tensor<4x50x64xf32>, tensor<4x64x50xf32>) -> tensor<4x50x50xf32>
  // At -O3, 18 output channels: the filter padded to 32, a slice of 18.
  %f18 = tfs.conv2d %cx, %fw18 {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x9x9x16xf32>, tensor<3x3x16x18xf32>) -> tensor<1x9x9x18xf32>
  %50 = tfs.relu %f18 : tensor<1x9x9x18xf32>
  // At -O3, two one-row products with the same B (256 KB, on one thread):
  // the second runs its k loops (two blocks of 512) backwards.
  %r1 = tfs.matmul %gv, %rw : (tensor<1x1024xf32>, tensor<1024x64xf32>) -> tensor<1x64xf32>
  %gvt = tfs.tanh %gv : tensor<1x1024xf32>
  %r2 = tfs.matmul %gvt, %rw : (tensor<1x1024xf32>, tensor<1024x64xf32>) -> tensor<1x64xf32>
  %51 = tfs.add %r1, %r2 : (tensor<1x64xf32>, tensor<1x64xf32>) -> tensor<1x64xf32>
  // At -O3, packed with all 131 rows in one block: 21 tiles of 6 rows, 5.
  %52 = tfs.matmul %ra, %pb : (tensor<131x300xf32>, tensor<300x96xf32>) -> tensor<131x96xf32>
  // At -O3, fewer output channels than a vector's lanes: vectorized over
  // output columns (tfs-tile-conv-matmul's row convolutions), the input
  // transposed to [N, H, C, W]: 3 channels with bias and relu (7 MFLOP:
  // on 2 threads, blocks of rows), 1 channel with dilations of 2, and 5 channels of a batch of 2 on 24 columns
  // (half-vector tiles).
  %yc = tfs.conv2d %yx, %yw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x64x64x32xf32>, tensor<3x3x32x3xf32>) -> tensor<1x64x64x3xf32>
  %ycb = tfs.bias_add %yc, %yb : tensor<1x64x64x3xf32>, tensor<3xf32>
  %53 = tfs.relu %ycb : tensor<1x64x64x3xf32>
  %54 = tfs.conv2d %zx, %zw {padding = "VALID", strides = array<i64: 1, 1, 1, 1>,
                             dilations = array<i64: 1, 2, 2, 1>}
      : (tensor<1x13x20x8xf32>, tensor<3x3x8x1xf32>) -> tensor<1x9x16x1xf32>
  %55 = tfs.conv2d %vx, %vw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<2x8x24x8xf32>, tensor<5x5x8x5xf32>) -> tensor<2x8x24x5xf32>
  // 28 columns, which no vector divides: computed on 32 (the input padded
  // with 4 more columns of zeros) and sliced.
  %56 = tfs.conv2d %ux, %uw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x12x28x16xf32>, tensor<3x3x16x3xf32>) -> tensor<1x12x28x3xf32>
  // At -O3 on AVX-512, 10 and 12 columns with few rows: B read as one flat
  // array (8 rows of 10, 4 rows of 12 a step), lanes summed per column.
  %57 = tfs.matmul %fa, %fb : (tensor<2x512xf32>, tensor<512x10xf32>) -> tensor<2x10xf32>
  %58 = tfs.matmul %ga, %gb : (tensor<3x96xf32>, tensor<96x12xf32>) -> tensor<3x12xf32>
  // 10 columns of 64 rows: 16-row register tiles at -O3 on AVX-512.
  %59 = tfs.matmul %da, %nb : (tensor<64x256xf32>, tensor<256x10xf32>) -> tensor<64x10xf32>
  // NaN, signed zeros, infinities: relu and relu6 as TF computes them.
  %60 = tfs.relu %specials : tensor<4x16xf32>
  %61 = tfs.relu6 %specials : tensor<4x16xf32>
  // At -O3, SAME padding (rows 1 + 2, columns 2 + 2 for 5x5, stride 2)
  // without a padded copy of the input: the 8 x 9 interior outputs read
  // the input in place, the bands around them padded slices of it, each
  // part with its bias + relu6.
  %qd = tfs.depthwise_conv2d %bandx, %bandw {padding = "SAME", strides = array<i64: 1, 2, 2, 1>}
      : (tensor<2x20x21x16xf32>, tensor<5x5x16x1xf32>) -> tensor<2x10x11x16xf32>
  %qdb = tfs.bias_add %qd, %bandb : tensor<2x10x11x16xf32>, tensor<16xf32>
  %62 = tfs.relu6 %qdb : tensor<2x10x11x16xf32>
  // At -O3 pools too: -inf padding for the max, and the average's
  // division by each window's count of real elements (from the output
  // position) right in every part.
  %63 = tfs.max_pool %bandx {ksize = array<i64: 1, 3, 3, 1>, padding = "SAME",
                             strides = array<i64: 1, 2, 2, 1>}
      : (tensor<2x20x21x16xf32>) -> tensor<2x10x11x16xf32>
  // tf.nn.depthwise_conv2d(rate=[2, 3]): dilations, SAME.
  %65 = tfs.depthwise_conv2d %bandx, %bandw {padding = "SAME", strides = array<i64: 1, 1, 1, 1>,
                                             dilations = array<i64: 1, 2, 3, 1>}
      : (tensor<2x20x21x16xf32>, tensor<5x5x16x1xf32>) -> tensor<2x20x21x16xf32>
  %64 = tfs.avg_pool %bandx {ksize = array<i64: 1, 3, 5, 1>, padding = "SAME",
                             strides = array<i64: 1, 1, 1, 1>}
      : (tensor<2x20x21x16xf32>) -> tensor<2x20x21x16xf32>
  // At -O3, channel multipliers with bias + relu6 fused into the
  // multiplier-1 convolution's tiles: 3.5 MFLOP with each channel
  // repeated 3 times (a 196K-element copy made on the calling thread, in
  // rows of 16 channels shuffled into 48 lanes), and 4.7 MFLOP whose
  // convolution and repeated copy (rows of 32 into 64 lanes) are both
  // spread over the threads.
  %m3 = tfs.depthwise_conv2d %bx, %m3w {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<4x32x32x16xf32>, tensor<3x3x16x3xf32>) -> tensor<4x32x32x48xf32>
  %m3a = tfs.bias_add %m3, %m3b : tensor<4x32x32x48xf32>, tensor<48xf32>
  %66 = tfs.relu6 %m3a : tensor<4x32x32x48xf32>
  %m2 = tfs.depthwise_conv2d %yx, %m2w {padding = "SAME", strides = array<i64: 1, 1, 1, 1>}
      : (tensor<1x64x64x32xf32>, tensor<3x3x32x2xf32>) -> tensor<1x64x64x64xf32>
  %m2a = tfs.bias_add %m2, %m2b : tensor<1x64x64x64xf32>, tensor<64xf32>
  %67 = tfs.relu6 %m2a : tensor<1x64x64x64xf32>
  // At -O3, row reductions in vector registers (tfs-vectorize-reductions):
  // softmax over 1000 columns (15 chunks of 64 and 40 more per row; its
  // exp computed once), max and sum over the last axis of a 3-D tensor
  // (chunks of 64 and 36 more), and a sum over 64 000 elements on the
  // calling thread; the sum over the exps of %sml below (64 rows) is a
  // second product of the same kind.
  %68 = tfs.softmax %sml : tensor<64x1000xf32>
  %69 = tfs.reduce_max %r3 {axes = array<i64: -1>} : (tensor<4x6x100xf32>) -> tensor<4x6xf32>
  %70 = tfs.reduce_sum %r3 {axes = array<i64: 2>} : (tensor<4x6x100xf32>) -> tensor<4x6xf32>
  %71 = tfs.reduce_sum %sml {axes = array<i64: 1>} : (tensor<64x1000xf32>) -> tensor<64xf32>
  // At -O3, chains over rows in one loop (tfs-fuse-row-chains): softmax
  // of rows holding NaN, infinities and signed zeros (its row maximum a
  // compare and select); a softmax of 97 rows over 14 tasks, the last one
  // shorter; a layer norm over the rows of a 3-D tensor, with per-column
  // scale and offset and its mean also read after the chain.
  %72 = tfs.softmax %smx : tensor<6x20xf32>
  %73 = tfs.softmax %rc : tensor<97x700xf32>
  %ln_mean = tfs.reduce_mean %r3 {axes = array<i64: -1>, keep_dims = true}
      : (tensor<4x6x100xf32>) -> tensor<4x6x1xf32>
  %ln_d = tfs.sub %r3, %ln_mean : (tensor<4x6x100xf32>, tensor<4x6x1xf32>) -> tensor<4x6x100xf32>
  %ln_sq = tfs.mul %ln_d, %ln_d : (tensor<4x6x100xf32>, tensor<4x6x100xf32>) -> tensor<4x6x100xf32>
  %ln_var = tfs.reduce_mean %ln_sq {axes = array<i64: -1>, keep_dims = true}
      : (tensor<4x6x100xf32>) -> tensor<4x6x1xf32>
  %ln_eps = tfs.constant dense<1.0e-3> : tensor<f32>
  %ln_ve = tfs.add %ln_var, %ln_eps : (tensor<4x6x1xf32>, tensor<f32>) -> tensor<4x6x1xf32>
  %ln_r = tfs.rsqrt %ln_ve : tensor<4x6x1xf32>
  %ln_n = tfs.mul %ln_d, %ln_r : (tensor<4x6x100xf32>, tensor<4x6x1xf32>) -> tensor<4x6x100xf32>
  %ln_s = tfs.mul %ln_n, %lng : (tensor<4x6x100xf32>, tensor<100xf32>) -> tensor<4x6x100xf32>
  %74 = tfs.add %ln_s, %lnb : (tensor<4x6x100xf32>, tensor<100xf32>) -> tensor<4x6x100xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %pad_sliced, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63, %64, %65, %66, %67, %68, %69, %70, %71, %72, %73, %74, %ln_mean
      : tensor<1x4x4x4xf32>, tensor<1x3x3x4xf32>, tensor<1x7x7x6xf32>, tensor<1x4x4x3xf32>,
        tensor<1x4x4x3xf32>, tensor<3x5xf32>, tensor<2x5x3x6xf32>, tensor<4x10xf32>,
        tensor<4x10xf32>, tensor<1x1x1x3xf32>, tensor<1x7x7xf32>, tensor<1x7x7x3xf32>,
        tensor<7x21xf32>, tensor<3x7x7x1xf32>, tensor<4x13xf32>, tensor<1x9x5x3xf32>,
        tensor<1x7x11x3xf32>, tensor<4x10xi32>, tensor<1x7x7x3xf32>, tensor<256x160xf32>,
        tensor<2x10xf32>, tensor<1x128xf32>, tensor<4x32x32x8xf32>, tensor<40x256xf32>,
        tensor<16x256xf32>, tensor<1x32x32x32xf32>, tensor<1x59x59x32xf32>,
        tensor<1x1x8x32xf32>, tensor<64x512xf32>, tensor<136x72xf32>,
        tensor<100x96xf32>, tensor<1x17x17x32xf32>, tensor<1x13x13x32xf32>,
        tensor<1x15x15x32xf32>, tensor<1x8x8x32xf32>, tensor<1x8x8x32xf32>,
        tensor<1x8x8x32xf32>, tensor<16x72xf32>, tensor<1x13x13x3xf32>, tensor<1x7x7x64xf32>,
        tensor<1x9x9x50xf32>, tensor<1x9x9x36xf32>, tensor<32x48xf32>,
        tensor<8x64x64xf32>, tensor<1x32x8x16xf32>, tensor<1x512xf32>,
        tensor<1x8x8x96xf32>, tensor<100x100xf32>, tensor<40x1xf32>,
        tensor<4x50x50xf32>, tensor<1x9x9x18xf32>, tensor<1x64xf32>,
        tensor<131x96xf32>, tensor<1x64x64x3xf32>, tensor<1x9x16x1xf32>,
        tensor<2x8x24x5xf32>, tensor<1x12x28x3xf32>, tensor<2x10xf32>,
        tensor<3x12xf32>, tensor<64x10xf32>, tensor<4x16xf32>, tensor<4x16xf32>,
        tensor<2x10x11x16xf32>, tensor<2x10x11x16xf32>, tensor<2x20x21x16xf32>,
        tensor<2x20x21x16xf32>, tensor<4x32x32x48xf32>, tensor<1x64x64x64xf32>,
        tensor<64x1000xf32>, tensor<4x6xf32>, tensor<4x6xf32>, tensor<64xf32>,
        tensor<6x20xf32>, tensor<97x700xf32>, tensor<4x6x100xf32>, tensor<4x6x1xf32>
}
