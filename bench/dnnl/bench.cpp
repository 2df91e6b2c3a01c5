// oneDNN peer for bench/run.py: a tiny layer-list interpreter over oneDNN
// 2.6 primitives (Debian's libdnnl-dev; CPU engine, OpenMP threading).
//   bench-dnnl SPEC.txt
//
// SPEC is plain text, one directive per line, tokens separated by blanks,
// '#' starts a comment. Every data file is raw little-endian float32.
//   threads N              omp_set_num_threads(N) (else OMP_NUM_THREADS)
//   seconds S              time each model over about S seconds (default 1)
//   conv_algorithm A       direct (default) or winograd: the algorithm of
//                          the conv layers that follow; a layer oneDNN has
//                          no Winograd kernel for stays direct (stderr says
//                          which algorithm each conv got)
//   model NAME OUTPUT      starts a model; the final tensor of its first
//                          chain is written raw to OUTPUT (plain layout)
//   input FILE TAG DIMS..  a feed; starts a chain, the next layers apply to
//                          it. TAG: nhwc (DIMS = N H W C), nc (N C),
//                          ntc (N T C: batch, steps, features), x (N)
//   conv W KH KW IC OC PAD [bias B] [relu]
//                          stride-1 convolution, W in HWIO (TensorFlow's)
//   maxpool K              K x K max pool, stride K, no padding
//   dense W IN OUT [bias B] [relu]
//                          inner product, W is IN x OUT row-major; a 4-D
//                          input is flattened in NHWC order (TensorFlow's)
//                          and taken in the layout it is in (no reorder)
//   softmax                over the last axis of a 2-D tensor
//   matmul B K N           current (M x K) @ B (K x N); B is a second feed,
//                          used as given (row-major), not pre-reordered
//   rnn WX WH B HIDDEN     h_t = tanh(x_t @ WX + h_{t-1} @ WH + B), h_0 = 0,
//                          over the steps of an ntc input; result: last h
//   linear ALPHA BETA      y = ALPHA * x + BETA
//
// How each model runs, as a tuned oneDNN user would set it up: primitives
// for forward_inference; weights and activations inside the network in the
// memory formats oneDNN prefers (format_tag::any), the weights reordered
// into them once, before timing; bias and relu fused into the convolution /
// inner product (bias argument, eltwise post-op). The timed call executes
// every primitive of every chain, including the reorders of feeds from
// their given layout (NHWC, ...) when oneDNN wants another one and of the
// result back to the plain layout (what the TensorFlow graph returns),
// then stream.wait(). Two warm-up calls, then the median over repeats sized
// to about 1 s (or `seconds`). Prints "NAME MEDIAN_MS TIMED_REORDERS" per
// model on stdout (TIMED_REORDERS: how many activation reorders the timed
// call runs), and the layouts chosen on stderr.
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

// Resolved from the libgomp that libdnnl loads, if any.
extern "C" void omp_set_num_threads(int) __attribute__((weak));

namespace {

[[noreturn]] void fail(const std::string &msg) { throw std::runtime_error(msg); }

std::vector<float> readFloats(const std::string &path, size_t count) {
  std::ifstream f(path, std::ios::binary);
  if (!f) fail("cannot open " + path);
  std::vector<float> v(count);
  f.read(reinterpret_cast<char *>(v.data()), count * sizeof(float));
  if (size_t(f.gcount()) != count * sizeof(float))
    fail(path + ": expected " + std::to_string(count) + " floats");
  return v;
}

size_t numel(const memory::dims &d) {
  size_t n = 1;
  for (auto x : d) n *= size_t(x);
  return n;
}

// A short name of a memory format, for the log ("nhwc", "blocked:...").
std::string layoutName(const memory::desc &md) {
  const auto &d = md.data;
  if (d.format_kind != dnnl_blocked) return "opaque";
  std::ostringstream s;
  std::vector<int> order(d.ndims);
  for (int i = 0; i < d.ndims; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    auto sa = d.format_desc.blocking.strides[a], sb = d.format_desc.blocking.strides[b];
    return sa != sb ? sa > sb : a < b;
  });
  for (int i : order) s << char('a' + i);
  for (int i = 0; i < d.format_desc.blocking.inner_nblks; ++i)
    s << d.format_desc.blocking.inner_blks[i]
      << char('a' + d.format_desc.blocking.inner_idxs[i]);
  return s.str();
}

struct Step {
  primitive prim;
  std::unordered_map<int, memory> args;
};

class Model {
public:
  Model(engine &eng, std::string name, std::string output)
      : eng_(eng), name_(std::move(name)), output_(std::move(output)) {}

  const std::string &name() const { return name_; }
  int timedReorders() const { return reorders_; }

  void input(const std::string &file, const std::string &t,
             const memory::dims &dims) {
    memory::desc md;
    if (t == "nhwc" && dims.size() == 4)  // logical NCHW, stored NHWC
      md = memory::desc({dims[0], dims[3], dims[1], dims[2]}, dt::f32, tag::nhwc);
    else if (t == "nc" && dims.size() == 2)
      md = memory::desc(dims, dt::f32, tag::nc);
    else if (t == "ntc" && dims.size() == 3)  // logical TNC, stored NTC
      md = memory::desc({dims[1], dims[0], dims[2]}, dt::f32, tag::ntc);
    else if (t == "x" && dims.size() == 1)
      md = memory::desc(dims, dt::f32, tag::x);
    else
      fail("input: bad layout/dims for " + file);
    cur_ = fromFile(file, md);
    log("input " + t);
  }

  void conv(const std::string &w, int kh, int kw, int ic, int oc, int pad,
            const std::string &bias, bool relu, bool winograd) {
    auto src = cur().get_desc();
    auto d = src.dims();
    if (d.size() != 4 || d[1] != ic) fail("conv: input is not N x IC x H x W");
    memory::dims out = {d[0], oc, d[2] + 2 * pad - kh + 1, d[3] + 2 * pad - kw + 1};
    memory::desc any_src(d, dt::f32, tag::any), any_w({oc, ic, kh, kw}, dt::f32, tag::any),
        any_dst(out, dt::f32, tag::any), bmd({oc}, dt::f32, tag::x);
    auto desc = [&](algorithm a) {
      return bias.empty()
          ? convolution_forward::desc(prop_kind::forward_inference, a,
                any_src, any_w, any_dst, {1, 1}, {pad, pad}, {pad, pad})
          : convolution_forward::desc(prop_kind::forward_inference, a,
                any_src, any_w, bmd, any_dst, {1, 1}, {pad, pad}, {pad, pad});
    };
    const char *algo = "direct";
    convolution_forward::primitive_desc pd;
    if (winograd) {
      try {
        pd = convolution_forward::primitive_desc(
            desc(algorithm::convolution_winograd), attr(relu), eng_);
        algo = "winograd";
      } catch (const dnnl::error &) {
        // unimplemented for this shape or CPU: direct below
      }
    }
    if (std::string(algo) == "direct")
      pd = convolution_forward::primitive_desc(
          desc(algorithm::convolution_direct), attr(relu), eng_);
    pushWeighted(convolution_forward(pd), pd,
                 memory::desc({oc, ic, kh, kw}, dt::f32, tag::hwio), w, bias,
                 bmd);
    log(std::string("conv ") + algo + " src " + layoutName(pd.src_desc()) +
        " weights " +
        layoutName(pd.weights_desc()) + " dst " + layoutName(pd.dst_desc()));
  }

  // Appends `prim` (a convolution or inner product described by `pd`) on
  // the current tensor, with the weights of `wfile` (stored as `wmd`)
  // reordered once into pd's format and the optional bias file; its
  // result becomes the current tensor.
  template <typename PrimitiveDesc>
  void pushWeighted(primitive prim, const PrimitiveDesc &pd,
                    const memory::desc &wmd, const std::string &wfile,
                    const std::string &bias, const memory::desc &bmd) {
    auto wmem = weights(wfile, wmd, pd.weights_desc());
    auto src = to(pd.src_desc());
    memory dst(pd.dst_desc(), eng_);
    Step s{prim, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wmem},
                  {DNNL_ARG_DST, dst}}};
    if (!bias.empty()) s.args[DNNL_ARG_BIAS] = fromFile(bias, bmd);
    steps_.push_back(s);
    cur_ = dst;
  }

  void maxpool(int k) {
    auto src = cur().get_desc();
    auto d = src.dims();
    memory::desc any_dst({d[0], d[1], d[2] / k, d[3] / k}, dt::f32, tag::any);
    pooling_forward::desc pd0(prop_kind::forward_inference,
                              algorithm::pooling_max, src, any_dst, {k, k},
                              {k, k}, {0, 0}, {0, 0});
    pooling_forward::primitive_desc pd(pd0, eng_);
    memory dst(pd.dst_desc(), eng_);
    steps_.push_back({pooling_forward(pd), {{DNNL_ARG_SRC, cur()}, {DNNL_ARG_DST, dst}}});
    cur_ = dst;
    log("maxpool " + layoutName(pd.dst_desc()));
  }

  void dense(const std::string &w, int in, int out, const std::string &bias,
             bool relu) {
    auto d = cur().get_desc().dims();
    if (numel(d) / size_t(d[0]) != size_t(in)) fail("dense: input size");
    memory::dims wd = {out, in};
    tag wtag = tag::io;  // IN x OUT row-major
    if (d.size() == 4) {  // rows of W in NHWC flatten order: (h, w, c)
      wd = {out, d[1], d[2], d[3]};
      wtag = tag::hwio;
    }
    // A 4-D input is taken in the layout it is in (no timed reorder; the
    // weights follow it), a 2-D one in the layout oneDNN prefers.
    memory::desc src_md = d.size() == 4 ? cur().get_desc()
                                        : memory::desc(d, dt::f32, tag::any),
        any_w(wd, dt::f32, tag::any), any_dst({d[0], out}, dt::f32, tag::any),
        bmd({out}, dt::f32, tag::x);
    auto ipd = bias.empty()
        ? inner_product_forward::desc(prop_kind::forward_inference, src_md,
                                      any_w, any_dst)
        : inner_product_forward::desc(prop_kind::forward_inference, src_md,
                                      any_w, bmd, any_dst);
    inner_product_forward::primitive_desc pd(ipd, attr(relu), eng_);
    pushWeighted(inner_product_forward(pd), pd,
                 memory::desc(wd, dt::f32, wtag), w, bias, bmd);
    log("dense src " + layoutName(pd.src_desc()) + " weights " +
        layoutName(pd.weights_desc()));
  }

  void softmax() {
    auto md = cur().get_desc();
    softmax_forward::primitive_desc pd(
        {prop_kind::forward_inference, md, int(md.dims().size()) - 1}, eng_);
    memory dst(pd.dst_desc(), eng_);
    steps_.push_back({softmax_forward(pd), {{DNNL_ARG_SRC, cur()}, {DNNL_ARG_DST, dst}}});
    cur_ = dst;
  }

  void linear(float alpha, float beta) {
    auto md = cur().get_desc();
    eltwise_forward::primitive_desc pd(
        {prop_kind::forward_inference, algorithm::eltwise_linear, md, alpha, beta},
        eng_);
    memory dst(pd.dst_desc(), eng_);
    steps_.push_back({eltwise_forward(pd), {{DNNL_ARG_SRC, cur()}, {DNNL_ARG_DST, dst}}});
    cur_ = dst;
  }

  void matmul(const std::string &bfile, int k, int n) {
    auto a = to(memory::desc(cur().get_desc().dims(), dt::f32, tag::ab));
    auto m = a.get_desc().dims()[0];
    if (a.get_desc().dims()[1] != k) fail("matmul: inner dimensions");
    memory::desc bmd({k, n}, dt::f32, tag::ab), cmd({m, n}, dt::f32, tag::ab);
    dnnl::matmul::primitive_desc pd({a.get_desc(), bmd, cmd}, eng_);
    memory dst(pd.dst_desc(), eng_);
    steps_.push_back({dnnl::matmul(pd), {{DNNL_ARG_SRC, a},
                                         {DNNL_ARG_WEIGHTS, fromFile(bfile, bmd)},
                                         {DNNL_ARG_DST, dst}}});
    cur_ = dst;
  }

  void rnn(const std::string &wx, const std::string &wh, const std::string &b,
           int hidden) {
    auto src = cur().get_desc();  // logical {T, N, C}
    auto d = src.dims();
    if (d.size() != 3) fail("rnn: input is not N x T x C");
    memory::dim T = d[0], N = d[1], C = d[2], H = hidden;
    memory::desc any_wl({1, 1, C, 1, H}, dt::f32, tag::any),
        any_wi({1, 1, H, 1, H}, dt::f32, tag::any),
        bmd({1, 1, 1, H}, dt::f32, tag::ldgo),
        any_dl({T, N, H}, dt::f32, tag::any),
        dimd({1, 1, N, H}, dt::f32, tag::ldnc);  // the final state, plain
    vanilla_rnn_forward::desc rd(prop_kind::forward_inference,
                                 algorithm::eltwise_tanh,
                                 rnn_direction::unidirectional_left2right, src,
                                 memory::desc(), any_wl, any_wi, bmd, any_dl, dimd);
    vanilla_rnn_forward::primitive_desc pd(rd, eng_);
    // x_t @ W: oneDNN's ldigo is exactly an IN x OUT row-major matrix.
    auto wl = weights(wx, memory::desc({1, 1, C, 1, H}, dt::f32, tag::ldigo),
                      pd.weights_layer_desc());
    auto wi = weights(wh, memory::desc({1, 1, H, 1, H}, dt::f32, tag::ldigo),
                      pd.weights_iter_desc());
    auto in = to(pd.src_layer_desc());
    memory dl(pd.dst_layer_desc(), eng_), di(pd.dst_iter_desc(), eng_);
    Step s{vanilla_rnn_forward(pd), {{DNNL_ARG_SRC_LAYER, in},
                                     {DNNL_ARG_WEIGHTS_LAYER, wl},
                                     {DNNL_ARG_WEIGHTS_ITER, wi},
                                     {DNNL_ARG_BIAS, fromFile(b, bmd)},
                                     {DNNL_ARG_DST_LAYER, dl},
                                     {DNNL_ARG_DST_ITER, di}}};
    if (pd.workspace_desc().get_size())
      s.args[DNNL_ARG_WORKSPACE] = memory(pd.workspace_desc(), eng_);
    if (pd.scratchpad_desc().get_size())
      s.args[DNNL_ARG_SCRATCHPAD] = memory(pd.scratchpad_desc(), eng_);
    steps_.push_back(s);
    cur_ = memory(memory::desc({N, H}, dt::f32, tag::nc), eng_, di.get_data_handle());
    log("rnn src " + layoutName(pd.src_layer_desc()) + " weights " +
        layoutName(pd.weights_layer_desc()) + "/" + layoutName(pd.weights_iter_desc()));
  }

  // Ends the current chain: reorders its result to the plain layout.
  void endChain() {
    if (!cur_) return;
    auto d = cur_.get_desc().dims();
    tag t = d.size() == 4 ? tag::nhwc : d.size() == 2 ? tag::nc : tag::x;
    if (d.size() == 3) fail("a chain cannot end on a 3-D tensor");
    results_.push_back(to(memory::desc(d, dt::f32, t)));
    cur_ = memory();
  }

  void run(stream &s) {
    for (auto &st : steps_) st.prim.execute(s, st.args);
    s.wait();
  }

  void writeOutput() {
    auto &m = results_.at(0);
    std::ofstream f(output_, std::ios::binary);
    f.write(static_cast<const char *>(m.get_data_handle()), m.get_desc().get_size());
    if (!f) fail("cannot write " + output_);
  }

private:
  memory &cur() {
    if (!cur_) fail("layer without an input");
    return cur_;
  }

  static primitive_attr attr(bool relu) {
    primitive_attr a;
    if (relu) {
      post_ops po;
      po.append_eltwise(1.f, algorithm::eltwise_relu, 0.f, 0.f);
      a.set_post_ops(po);
    }
    return a;
  }

  memory fromFile(const std::string &file, const memory::desc &md) {
    auto data = readFloats(file, md.get_size() / sizeof(float));
    memory m(md, eng_);
    std::copy(data.begin(), data.end(), static_cast<float *>(m.get_data_handle()));
    return m;
  }

  // Weights: read in the user's layout and reordered ONCE (outside the
  // timing) into the layout the primitive chose; shared by file name.
  memory weights(const std::string &file, const memory::desc &user,
                 const memory::desc &want) {
    auto key = file + "/" + layoutName(want);
    auto it = weights_.find(key);
    if (it != weights_.end()) return it->second;
    auto m = fromFile(file, user);
    if (want != user) {
      memory r(want, eng_);
      stream s(eng_);
      reorder(m, r).execute(s, m, r);
      s.wait();
      m = r;
    }
    return weights_[key] = m;
  }

  // The current tensor in layout `want`: a reorder step (timed) if needed.
  memory to(const memory::desc &want) {
    if (cur().get_desc() == want) return cur_;
    memory r(want, eng_);
    steps_.push_back({reorder(cur_, r), {{DNNL_ARG_FROM, cur_}, {DNNL_ARG_TO, r}}});
    ++reorders_;
    log("reorder " + layoutName(cur_.get_desc()) + " -> " + layoutName(want));
    cur_ = r;
    return r;
  }

  void log(const std::string &s) { std::fprintf(stderr, "%s: %s\n", name_.c_str(), s.c_str()); }

  engine &eng_;
  std::string name_, output_;
  memory cur_;
  std::vector<memory> results_;
  std::vector<Step> steps_;
  std::map<std::string, memory> weights_;
  int reorders_ = 0;
};

double medianMs(Model &m, stream &s, double seconds) {
  using clock = std::chrono::steady_clock;
  auto ms = [](clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
  };
  for (int i = 0; i < 2; ++i) m.run(s);  // warm-up
  auto t = clock::now();
  m.run(s);
  double once = ms(clock::now() - t) / 1e3;
  int reps =
      int(std::max(5.0, std::min(2000.0, seconds / std::max(once, 1e-7))));
  std::vector<double> times;
  for (int i = 0; i < reps; ++i) {
    t = clock::now();
    m.run(s);
    times.push_back(ms(clock::now() - t));
  }
  std::sort(times.begin(), times.end());
  size_t mid = times.size() / 2;
  return times.size() % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
}

int runSpec(const char *path) {
  std::ifstream f(path);
  if (!f) fail(std::string("cannot open ") + path);
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  std::vector<std::unique_ptr<Model>> models;
  std::string line;
  int lineno = 0;
  double seconds = 1.0;
  bool winograd = false;
  while (std::getline(f, line)) {
    ++lineno;
    line = line.substr(0, line.find('#'));
    std::istringstream in(line);
    std::vector<std::string> tok;
    for (std::string t; in >> t;) tok.push_back(t);
    if (tok.empty()) continue;
    const std::string &op = tok[0];
    auto need = [&](size_t n) {
      if (tok.size() < n) fail("line " + std::to_string(lineno) + ": too few arguments");
    };
    auto num = [&](size_t i) { need(i + 1); return std::stoi(tok[i]); };
    // Trailing "bias FILE" / "relu" options of conv and dense.
    auto opt = [&](size_t from, std::string &bias, bool &relu) {
      for (size_t i = from; i < tok.size(); ++i) {
        if (tok[i] == "relu") relu = true;
        else if (tok[i] == "bias" && i + 1 < tok.size()) bias = tok[++i];
        else fail("line " + std::to_string(lineno) + ": unknown option " + tok[i]);
      }
    };
    if (op == "threads") {
      if (omp_set_num_threads) omp_set_num_threads(num(1));
      continue;
    }
    if (op == "conv_algorithm") {
      need(2);
      if (tok[1] != "direct" && tok[1] != "winograd")
        fail("line " + std::to_string(lineno) + ": conv_algorithm is direct or winograd");
      winograd = tok[1] == "winograd";
      continue;
    }
    if (op == "seconds") {
      need(2);
      seconds = std::stod(tok[1]);
      if (!(seconds > 0)) fail("line " + std::to_string(lineno) + ": seconds must be positive");
      continue;
    }
    if (op == "model") {
      need(3);
      if (!models.empty()) models.back()->endChain();
      models.push_back(std::make_unique<Model>(eng, tok[1], tok[2]));
      continue;
    }
    if (models.empty()) fail("line " + std::to_string(lineno) + ": no model yet");
    Model &m = *models.back();
    std::string bias;
    bool relu = false;
    if (op == "input") {
      need(4);
      m.endChain();
      memory::dims dims;
      for (size_t i = 3; i < tok.size(); ++i) dims.push_back(std::stoll(tok[i]));
      m.input(tok[1], tok[2], dims);
    } else if (op == "conv") {
      opt(7, bias, relu);
      m.conv(tok[1], num(2), num(3), num(4), num(5), num(6), bias, relu,
             winograd);
    } else if (op == "maxpool") {
      m.maxpool(num(1));
    } else if (op == "dense") {
      opt(4, bias, relu);
      m.dense(tok[1], num(2), num(3), bias, relu);
    } else if (op == "softmax") {
      m.softmax();
    } else if (op == "matmul") {
      m.matmul(tok.at(1), num(2), num(3));
    } else if (op == "rnn") {
      m.rnn(tok.at(1), tok.at(2), tok.at(3), num(4));
    } else if (op == "linear") {
      need(3);
      m.linear(std::stof(tok[1]), std::stof(tok[2]));
    } else {
      fail("line " + std::to_string(lineno) + ": unknown directive " + op);
    }
  }
  if (!models.empty()) models.back()->endChain();
  for (auto &m : models) {
    m->run(s);
    m->writeOutput();
    double ms = medianMs(*m, s, seconds);
    std::printf("%s %.6f %d\n", m->name().c_str(), ms, m->timedReorders());
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s SPEC.txt\n", argv[0]);
    return 2;
  }
  try {
    return runSpec(argv[1]);
  } catch (const dnnl::error &e) {
    std::fprintf(stderr, "oneDNN error: %s (status %d)\n", e.what(), int(e.status));
  } catch (const std::exception &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  return 1;
}
