//===- VariableScopeTest.cpp - variable scopes and get_variable -----------===//
//
// Tests the TF 1.15 variable-scope rules (reuse and its inheritance,
// capturing, re-entering, default_name, original_name_scope, initializer and
// dtype inheritance) and get_variable/Variable creation, naming and errors.
// Many cases are ports of TF's variable_scope_test.py.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "tfs/Frontend/Errors.h"
#include "tfs/Frontend/Ops.h"
#include "tfs/Frontend/Variables.h"

#include <cstdio>
#include <fstream>

using namespace tfs::frontend;
using tfs::frontend::testing::errorOf;
using tfs::frontend::testing::valueOrDie;

namespace {

VariableScopeArgs named(std::string name, std::optional<Reuse> reuse = {}) {
  VariableScopeArgs args;
  args.nameOrScope = std::move(name);
  args.reuse = reuse;
  return args;
}
VariableScopeArgs captured(std::shared_ptr<VariableScope> scope,
                           std::optional<Reuse> reuse = {}) {
  VariableScopeArgs args;
  args.nameOrScope = std::move(scope);
  args.reuse = reuse;
  return args;
}
VariableScopeArgs defaulted(std::string defaultName) {
  VariableScopeArgs args;
  args.defaultName = std::move(defaultName);
  return args;
}

/// `with tf.variable_scope(...) as scope:` for the lifetime of the object.
class VarScope {
public:
  VarScope(Graph &g, VariableScopeArgs args) : g(g) {
    ctx = valueOrDie(VariableScopeContext::create(std::move(args)));
    scope = valueOrDie(ctx->enter(g));
  }
  ~VarScope() { EXPECT_TRUE(ctx->exit(g).ok()); }
  VariableScope *operator->() const { return scope.get(); }
  std::shared_ptr<VariableScope> scope;

private:
  Graph &g;
  std::unique_ptr<VariableScopeContext> ctx;
};

/// `with tf.name_scope(name) as scope:`.
class NameScope {
public:
  NameScope(Graph &g, std::optional<std::string> name) : g(g) {
    scope = valueOrDie(g.enterNameScope(name));
  }
  ~NameScope() { g.exitNameScope(); }
  std::string scope;

private:
  Graph &g;
};

absl::StatusOr<Variable *> get(Graph &g, const std::string &name,
                               std::optional<Shape> shape = Shape({1}),
                               std::optional<DType> dtype = {}) {
  GetVariableOptions opts;
  opts.shape = std::move(shape);
  opts.dtype = dtype;
  return g.getVariable(name, opts);
}

std::string constName(Graph &g, const std::string &name) {
  return valueOrDie(constantScalar(g, 1.0, DType::Float32, name)).name();
}

TEST(VariableScope, NamesNest) {
  Graph g;
  VarScope foo(g, named("foo"));
  EXPECT_EQ(foo->name(), "foo");
  VarScope bar(g, named("bar"));
  EXPECT_EQ(bar->name(), "foo/bar");
  EXPECT_EQ(valueOrDie(get(g, "v"))->name(), "foo/bar/v");
}

TEST(VariableScope, GetVariableIgnoresNameScope) {
  Graph g;
  VarScope foo(g, named("foo"));
  NameScope bar(g, "bar");
  Variable *v = valueOrDie(get(g, "v"));
  EXPECT_EQ(v->name(), "foo/v");
  Tensor x = valueOrDie(binaryOp(g, "AddV2", v->read(), v->read(), "add"));
  EXPECT_EQ(x.op()->name(), "foo/bar/add");
}

TEST(VariableScope, CreatesTheOpsTFCreates) {
  Graph g;
  {
    VarScope foo(g, named("foo"));
    GetVariableOptions opts;
    opts.shape = Shape({2, 3});
    opts.initializer = Initializer::randomNormal(0.0, 1.0);
    valueOrDie(g.getVariable("v", opts));
  }
  std::vector<std::string> names;
  for (const auto &op : g.operations())
    names.push_back(op->name() + "=" + op->type());
  EXPECT_EQ(names, (std::vector<std::string>{
                       "foo/v/Initializer/random_normal/shape=Const",
                       "foo/v/Initializer/random_normal/mean=Const",
                       "foo/v/Initializer/random_normal/stddev=Const",
                       "foo/v/Initializer/random_normal/"
                       "RandomStandardNormal=RandomStandardNormal",
                       "foo/v/Initializer/random_normal/mul=Mul",
                       "foo/v/Initializer/random_normal=Add",
                       "foo/v=VariableV2",
                       "foo/v/Assign=Assign",
                       "foo/v/read=Identity",
                   }));
  Variable *v = g.findStoredVariable("foo/v");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->read().name(), "foo/v/read:0");
  EXPECT_EQ(v->ref().dtypeName(), "float32_ref");
  EXPECT_EQ(v->shape().toString(), "(2, 3)");
  EXPECT_EQ(v->initializer().kind, Initializer::Kind::RandomNormal);
  EXPECT_EQ(v->initialValue().name(), "foo/v/Initializer/random_normal:0");
  EXPECT_EQ(v->initializerOp()->inputs()[0], v->ref());
}

TEST(VariableScope, ReuseSharesAndErrors) {
  Graph g;
  Variable *v;
  {
    VarScope foo(g, named("foo"));
    v = valueOrDie(get(g, "v"));
    EXPECT_EQ(errorOf(get(g, "v")).substr(0, 120),
              "Variable foo/v already exists, disallowed. Did you mean to set "
              "reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally");
  }
  {
    VarScope foo(g, named("foo", Reuse::True));
    EXPECT_EQ(valueOrDie(get(g, "v")), v);
    EXPECT_EQ(errorOf(get(g, "w")),
              "Variable foo/w does not exist, or was not created with "
              "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
              "VarScope?");
    EXPECT_EQ(errorOf(get(g, "v", Shape({2}))),
              "Trying to share variable foo/v, but specified shape (2,) and "
              "found shape (1,).");
    EXPECT_EQ(errorOf(get(g, "v", Shape({1}), DType::Float64)),
              "Trying to share variable foo/v, but specified dtype float64 "
              "and found dtype float32_ref.");
    // shape=None is compatible with anything.
    EXPECT_EQ(valueOrDie(get(g, "v", std::nullopt)), v);
  }
}

TEST(VariableScope, AlreadyExistsShowsOriginalLocation) {
  std::string path = ::testing::TempDir() + "tfs_model_origin.py";
  {
    std::ofstream out(path);
    out << "import tensorflow as tf\n"
        << "  v = tf.get_variable('v', [1])  \n";
  }
  Graph g;
  g.setTracebackProvider(
      [&] { return Traceback{{path, 2, "make"}, {path, 1, "<module>"}}; });
  valueOrDie(get(g, "v"));
  EXPECT_EQ(errorOf(get(g, "v")),
            "Variable v already exists, disallowed. Did you mean to set "
            "reuse=True or reuse=tf.AUTO_REUSE in VarScope? Originally "
            "defined at:\n\n  File \"" +
                path + "\", line 2, in make\n    v = tf.get_variable('v', "
                       "[1])\n  File \"" +
                path + "\", line 1, in <module>\n    import tensorflow as tf\n");
  std::remove(path.c_str());
}

TEST(VariableScope, AutoReuseCreatesThenShares) {
  Graph g;
  Variable *v1, *v2;
  {
    VarScope s(g, named("foo", Reuse::AutoReuse));
    v1 = valueOrDie(get(g, "v"));
  }
  {
    VarScope s(g, named("foo", Reuse::AutoReuse));
    v2 = valueOrDie(get(g, "v"));
    EXPECT_EQ(s->reuse(), Reuse::AutoReuse);
  }
  EXPECT_EQ(v1, v2);
  EXPECT_EQ(g.variables().size(), 1u);
}

TEST(VariableScope, ReuseIsInheritedAndCannotBeSwitchedOff) {
  Graph g;
  VarScope root(g, named("root"));
  EXPECT_EQ(root->reuse(), Reuse::False);
  {
    VarScope foo(g, named("foo"));
    EXPECT_EQ(foo->reuse(), Reuse::False);
  }
  {
    VarScope foo(g, named("foo", Reuse::True));
    EXPECT_EQ(foo->reuse(), Reuse::True);
    {
      VarScope bar(g, named("bar"));
      EXPECT_EQ(bar->reuse(), Reuse::True);
    }
    {
      // reuse=False means "inherit".
      VarScope baz(g, named("baz", Reuse::False));
      EXPECT_EQ(baz->reuse(), Reuse::True);
    }
  }
  EXPECT_EQ(g.currentVariableScope()->reuse(), Reuse::False);
}

TEST(VariableScope, ReuseVariables) {
  Graph g;
  VarScope foo(g, named("foo"));
  Variable *v = valueOrDie(get(g, "v"));
  g.currentVariableScope()->reuseVariables();
  EXPECT_EQ(valueOrDie(get(g, "v")), v);
  VarScope sub(g, named("sub"));
  EXPECT_EQ(sub->reuse(), Reuse::True);
}

TEST(VariableScope, CapturedScopeJumpsForVariables) {
  Graph g;
  std::shared_ptr<VariableScope> fooScope;
  Variable *v, *w;
  {
    VarScope foo(g, named("foo"));
    fooScope = foo.scope;
    v = valueOrDie(get(g, "v"));
  }
  {
    VarScope bar(g, named("bar"));
    VarScope baz(g, named("baz"));
    EXPECT_EQ(baz->name(), "bar/baz");
    VarScope foo2(g, captured(fooScope));
    EXPECT_EQ(foo2->name(), "foo");
    w = valueOrDie(get(g, "w"));
    EXPECT_EQ(w->name(), "foo/w");
    // Ops get a fresh name scope inside the current one.
    EXPECT_EQ(constName(g, "c"), "bar/baz/foo/c:0");
  }
  {
    VarScope foo(g, captured(fooScope, Reuse::True));
    EXPECT_EQ(valueOrDie(get(g, "v")), v);
    EXPECT_EQ(valueOrDie(get(g, "w")), w);
    EXPECT_EQ(constName(g, "c"), "foo_1/c:0");
  }
}

TEST(VariableScope, ReenteringGivesOpsFreshNameScope) {
  Graph g;
  {
    VarScope foo(g, named("foo"));
    valueOrDie(get(g, "v"));
    EXPECT_EQ(constName(g, "c"), "foo/c:0");
  }
  {
    VarScope foo(g, named("foo", Reuse::True));
    EXPECT_EQ(valueOrDie(get(g, "v"))->name(), "foo/v");
    EXPECT_EQ(constName(g, "c"), "foo_1/c:0");
    EXPECT_EQ(foo->originalNameScope(), "foo_1/");
  }
}

// variable_scope_test.py: testVarScopeNameScope.
TEST(VariableScope, NameScopesOfReenteredScopes) {
  Graph g;
  std::shared_ptr<VariableScope> tower;
  {
    NameScope n1(g, "testVarScopeNameScope1");
    {
      VarScope t(g, named("tower"));
      tower = t.scope;
      NameScope s(g, "scope2");
      EXPECT_EQ(s.scope, "testVarScopeNameScope1/tower/scope2/");
    }
    {
      VarScope t(g, captured(tower));
      NameScope s(g, "scope2");
      EXPECT_EQ(s.scope, "testVarScopeNameScope1/tower_1/scope2/");
    }
    {
      VarScope t(g, named("tower"));
      NameScope s(g, "scope2");
      EXPECT_EQ(s.scope, "testVarScopeNameScope1/tower_2/scope2/");
    }
  }
  {
    NameScope n2(g, "testVarScopeNameScope2");
    {
      VarScope t(g, named("tower"));
      NameScope s(g, "scope2");
      EXPECT_EQ(s.scope, "testVarScopeNameScope2/tower/scope2/");
    }
    {
      VarScope t(g, captured(tower));
      NameScope s(g, "scope2");
      EXPECT_EQ(s.scope, "testVarScopeNameScope2/tower_1/scope2/");
    }
  }
  std::shared_ptr<VariableScope> root = g.currentVariableScope();
  {
    NameScope n3(g, "testVarScopeNameScope3");
    VarScope r(g, captured(root));
    NameScope s(g, "scope2");
    EXPECT_EQ(s.scope, "testVarScopeNameScope3/scope2/");
  }
}

// variable_scope_test.py: testVarScopeOriginalNameScope.
TEST(VariableScope, OriginalNameScope) {
  Graph g;
  std::shared_ptr<VariableScope> tower;
  {
    NameScope s1(g, "scope1");
    VarScope t(g, named("tower"));
    tower = t.scope;
    EXPECT_EQ(tower->originalNameScope(), "scope1/tower/");
    NameScope s2(g, "scope2");
    EXPECT_EQ(s2.scope, "scope1/tower/scope2/");
  }
  {
    NameScope s2(g, "scope2");
    {
      VarScope t1(g, captured(tower));
      EXPECT_EQ(t1->originalNameScope(), "scope1/tower/");
      NameScope foo(g, "foo");
      EXPECT_EQ(foo.scope, "scope2/tower/foo/");
    }
    NameScope orig(g, tower->originalNameScope());
    NameScope bar(g, "bar");
    EXPECT_EQ(bar.scope, "scope1/tower/bar/");
  }
  {
    NameScope s2(g, "scope2");
    VarScope t1(g, captured(tower));
    NameScope orig(g, tower->originalNameScope());
    NameScope bar(g, "bar");
    EXPECT_EQ(bar.scope, "scope1/tower/bar_1/");
  }
}

// variable_scope_test.py: testVarOpScope.
TEST(VariableScope, DefaultNameAndOpScopes) {
  Graph g;
  NameScope n(g, "testVarOpScope1");
  {
    VariableScopeArgs args = named("tower");
    args.defaultName = "default";
    VarScope t(g, args);
    EXPECT_EQ(valueOrDie(get(g, "w", Shape::scalar()))->name(), "tower/w");
    NameScope s(g, "testVarOpScope2");
    EXPECT_EQ(s.scope, "testVarOpScope1/tower/testVarOpScope2/");
  }
  {
    VariableScopeArgs args = named("tower");
    args.defaultName = "default";
    VarScope t(g, args);
    EXPECT_FALSE(get(g, "w", Shape::scalar()).ok());
    NameScope s(g, "testVarOpScope2");
    EXPECT_EQ(s.scope, "testVarOpScope1/tower_1/testVarOpScope2/");
  }
  {
    VarScope t(g, defaulted("default"));
    EXPECT_EQ(valueOrDie(get(g, "w", Shape::scalar()))->name(), "default/w");
    NameScope s(g, "testVarOpScope2");
    EXPECT_EQ(s.scope, "testVarOpScope1/default/testVarOpScope2/");
  }
  {
    VarScope t(g, defaulted("default"));
    EXPECT_EQ(valueOrDie(get(g, "w", Shape::scalar()))->name(),
              "default_1/w");
    NameScope s(g, "testVarOpScope2");
    EXPECT_EQ(s.scope, "testVarOpScope1/default_1/testVarOpScope2/");
  }
}

// variable_scope_test.py: testVarOpScopeUniqueNamesWithJump.
TEST(VariableScope, DefaultNameNumberingSurvivesJumps) {
  Graph g;
  VarScope def(g, named("default"));
  {
    VarScope l(g, defaulted("layer"));
    EXPECT_EQ(valueOrDie(get(g, "w", Shape::scalar()))->name(),
              "default/layer/w");
  }
  {
    VarScope l(g, defaulted("layer"));
    EXPECT_EQ(valueOrDie(get(g, "w", Shape::scalar()))->name(),
              "default/layer_1/w");
  }
  { VarScope jump(g, captured(def.scope)); }
  {
    VarScope l(g, defaulted("layer"));
    EXPECT_EQ(valueOrDie(get(g, "w", Shape::scalar()))->name(),
              "default/layer_2/w");
  }
}

// variable_scope_test.py: testVarOpScopeUniqueNamesInterleavedSubstringScopes
// style: counts of sub-scopes reset when the parent closes.
TEST(VariableScope, DefaultNameCountsResetWithParent) {
  Graph g;
  for (int i = 0; i < 2; ++i) {
    VarScope outer(g, defaulted("outer"));
    VarScope l1(g, defaulted("layer"));
    EXPECT_EQ(l1->name(), i == 0 ? "outer/layer" : "outer_1/layer");
  }
  {
    VarScope outer(g, named("outer", Reuse::True));
    {
      VarScope l(g, defaulted("layer"));
      EXPECT_EQ(l->name(), "outer/layer");
    }
    VarScope l(g, defaulted("layer"));
    EXPECT_EQ(l->name(), "outer/layer_1");
  }
}

TEST(VariableScope, ReuseWithoutNameIsAnError) {
  Graph g;
  VariableScopeArgs args = defaulted("layer");
  args.reuse = Reuse::True;
  auto ctx = valueOrDie(VariableScopeContext::create(args));
  EXPECT_EQ(errorOf(ctx->enter(g)),
            "reuse=True cannot be used without a name_or_scope");
  VariableScopeArgs none;
  auto bad = VariableScopeContext::create(none);
  EXPECT_EQ(errorOf(bad),
            "If default_name is None then name_or_scope is required");
  EXPECT_EQ(pyErrorKind(bad.status()), PyErrorKind::TypeError);
}

// variable_scope_test.py: testReuseScopeWithoutNameScopeCollision.
TEST(VariableScope, AuxiliaryNameScopeFalse) {
  Graph g;
  std::shared_ptr<VariableScope> inner;
  {
    VarScope o(g, named("outer"));
    VarScope i(g, named("inner"));
    inner = i.scope;
  }
  {
    VariableScopeArgs args = captured(inner);
    args.auxiliaryNameScope = false;
    VarScope s(g, args);
    {
      NameScope orig(g, s->originalNameScope());
      EXPECT_EQ(valueOrDie(get(g, "w", Shape::scalar()))->name(),
                "outer/inner/w");
      EXPECT_EQ(constName(g, "c"), "outer/inner/c:0");
    }
    NameScope in(g, "inner");
    EXPECT_EQ(constName(g, "c"), "inner/c:0");
  }
  {
    VarScope another(g, named("another"));
    VariableScopeArgs args = captured(inner);
    args.auxiliaryNameScope = false;
    VarScope s(g, args);
    {
      NameScope orig(g, s->originalNameScope());
      EXPECT_EQ(valueOrDie(get(g, "w1", Shape::scalar()))->name(),
                "outer/inner/w1");
      EXPECT_EQ(constName(g, "c1"), "outer/inner/c1:0");
    }
    NameScope in(g, "inner");
    EXPECT_EQ(constName(g, "c"), "another/inner/c:0");
  }
}

TEST(VariableScope, InitializerInheritance) {
  Graph g;
  auto constantInit = [](double v) {
    return Initializer::constant(
        valueOrDie(DenseElements::fromDoubles(DType::Float32, {}, {v})));
  };
  VariableScopeArgs args = named("foo");
  args.initializer = constantInit(0.4);
  VarScope foo(g, args);
  Variable *v = valueOrDie(get(g, "v"));
  EXPECT_EQ(v->initializer().kind, Initializer::Kind::Constant);
  EXPECT_FLOAT_EQ(v->initializer().value->getDouble(0), 0.4f);
  EXPECT_EQ(v->initializer().value->shape(), (std::vector<int64_t>{1}));
  GetVariableOptions opts;
  opts.shape = Shape({1});
  opts.initializer = constantInit(0.3);
  Variable *w = valueOrDie(g.getVariable("w", opts));
  EXPECT_FLOAT_EQ(w->initializer().value->getDouble(0), 0.3f);
  EXPECT_EQ(w->initialValue().op()->name(), "foo/w/Initializer/Const");
  {
    VarScope bar(g, named("bar"));
    EXPECT_FLOAT_EQ(valueOrDie(get(g, "v"))->initializer().value->getDouble(0),
                    0.4f);
  }
  {
    VariableScopeArgs baz = named("baz");
    baz.initializer = constantInit(0.2);
    VarScope s(g, baz);
    EXPECT_FLOAT_EQ(valueOrDie(get(g, "v"))->initializer().value->getDouble(0),
                    0.2f);
  }
}

TEST(VariableScope, DtypeInheritance) {
  Graph g;
  VariableScopeArgs args = named("foo");
  args.dtype = DType::Float64;
  VarScope foo(g, args);
  EXPECT_EQ(valueOrDie(get(g, "v"))->dtype(), DType::Float64);
  VarScope bar(g, named("bar"));
  EXPECT_EQ(valueOrDie(get(g, "v"))->dtype(), DType::Float64);
  EXPECT_EQ(valueOrDie(get(g, "i", Shape({2}), DType::Int32))->dtype(),
            DType::Int32);
}

TEST(GetVariable, DefaultInitializers) {
  Graph g;
  Variable *f = valueOrDie(get(g, "f", Shape({4, 6})));
  EXPECT_EQ(f->initializer().kind, Initializer::Kind::GlorotUniform);
  // limit = sqrt(6 / (fan_in + fan_out)).
  EXPECT_DOUBLE_EQ(f->initializer().maxval, std::sqrt(6.0 / 10.0));
  EXPECT_DOUBLE_EQ(f->initializer().minval, -std::sqrt(6.0 / 10.0));
  EXPECT_EQ(f->initialValue().op()->name(), "f/Initializer/random_uniform");
  Variable *i = valueOrDie(get(g, "i", Shape({3}), DType::Int32));
  EXPECT_EQ(i->initializer().kind, Initializer::Kind::Zeros);
  EXPECT_EQ(i->initialValue().op()->name(), "i/Initializer/zeros");
  Variable *b = valueOrDie(get(g, "b", Shape({3}), DType::Bool));
  EXPECT_EQ(b->initializer().kind, Initializer::Kind::Zeros);
  EXPECT_EQ(errorOf(get(g, "c", Shape({3}), DType::Complex64)),
            "An initializer for variable c of <dtype: 'complex64'> is "
            "required");
  EXPECT_EQ(errorOf(get(g, "u", std::nullopt)).substr(0, 35),
            "The initializer passed is not valid");
}

TEST(GetVariable, ZerosOfLargeShapesUseFill) {
  Graph g;
  GetVariableOptions opts;
  opts.shape = Shape({5, 5, 32, 32});
  opts.initializer = Initializer::zeros();
  Variable *v = valueOrDie(g.getVariable("w", opts));
  EXPECT_EQ(v->initialValue().op()->name(), "w/Initializer/zeros");
  EXPECT_EQ(v->initialValue().op()->type(), "Fill");
  EXPECT_NE(g.findOperation("w/Initializer/zeros/shape_as_tensor"), nullptr);
  EXPECT_NE(g.findOperation("w/Initializer/zeros/Const"), nullptr);
}

TEST(GetVariable, InitializerValueForbidsShape) {
  Graph g;
  Tensor c = valueOrDie(constantScalar(g, 1.0, DType::Float32));
  GetVariableOptions opts;
  opts.initialValue = c;
  opts.shape = Shape::scalar();
  EXPECT_EQ(errorOf(g.getVariable("v", opts)),
            "If initializer is a constant, do not specify shape.");
  opts.shape.reset();
  opts.dtype = DType::Int32;
  EXPECT_EQ(errorOf(g.getVariable("v", opts)),
            "Initializer type '<dtype: 'float32'>' and explicit dtype "
            "'<dtype: 'int32'>' don't match.");
  opts.dtype.reset();
  Variable *v = valueOrDie(g.getVariable("v", opts));
  EXPECT_EQ(v->initialValue(), c);
  EXPECT_EQ(v->initializer().kind, Initializer::Kind::Constant);
}

// Seed 003, block 7: get_variable("var1") after two tf.Variables named var1
// is stored as "var1" but its op is renamed var1_2.
TEST(GetVariable, OpRenamedWhenNameTakenByOps) {
  Graph g;
  for (int i = 0; i < 2; ++i) {
    VariableOptions opts;
    opts.name = "var1";
    opts.initialDense =
        valueOrDie(DenseElements::fromDoubles(DType::Float32, {1}, {1.0}));
    valueOrDie(g.createVariable(opts));
  }
  EXPECT_EQ(g.variables()[1]->name(), "var1_1");
  Variable *v = valueOrDie(get(g, "var1"));
  EXPECT_EQ(v->name(), "var1_2");
  EXPECT_EQ(v->storeName(), "var1");
  EXPECT_EQ(g.variables()[0]->initialValue().op()->name(),
            "var1/initial_value");
}

TEST(Variable, FollowsNameScopeAndRenames) {
  Graph g;
  NameScope ns(g, "name_scope1");
  Tensor init = valueOrDie(randomNormal(g, Shape({32, 10}), 0.0, 1.0,
                                        DType::Float32, std::nullopt));
  EXPECT_EQ(init.op()->name(), "name_scope1/random_normal");
  VariableOptions opts;
  opts.name = "W";
  opts.initialValue = init;
  Variable *w1 = valueOrDie(g.createVariable(opts));
  Variable *w2 = valueOrDie(g.createVariable(opts));
  EXPECT_EQ(w1->name(), "name_scope1/W");
  EXPECT_EQ(w2->name(), "name_scope1/W_1");
  EXPECT_EQ(w1->initializer().kind, Initializer::Kind::FromTensor);
  EXPECT_EQ(w1->shape().toString(), "(32, 10)");
  VariableOptions unnamed;
  unnamed.initialValue = init;
  EXPECT_EQ(valueOrDie(g.createVariable(unnamed))->name(),
            "name_scope1/Variable");
  EXPECT_EQ(g.findStoredVariable("name_scope1/W"), nullptr);
}

TEST(Variable, InitialValueMustHaveShape) {
  Graph g;
  Tensor p = valueOrDie(placeholder(g, DType::Float32, Shape({-1, 2}), "p"));
  VariableOptions opts;
  opts.initialValue = p;
  EXPECT_EQ(errorOf(g.createVariable(opts)),
            "initial_value must have a shape specified: Tensor(\"p:0\", "
            "shape=(?, 2), dtype=float32)");
}

TEST(Regularizer, LossGoesToCollection) {
  struct Double : Regularizer {
    absl::StatusOr<std::optional<Tensor>> apply(Graph &g,
                                                Variable &v) override {
      return binaryOp(g, "Mul", v.read(), v.read(), "");
    }
  };
  Graph g;
  VariableScopeArgs args = named("foo");
  args.regularizer = std::make_shared<Double>();
  VarScope foo(g, args);
  Variable *v = valueOrDie(get(g, "v"));
  ASSERT_TRUE(v->regularizationLoss().has_value());
  EXPECT_EQ(v->regularizationLoss()->name(), "foo/v/Regularizer/Mul:0");
  EXPECT_EQ(g.getCollection(graph_keys::kRegularizationLosses).size(), 1u);
}

TEST(Seeds, InitializerRecordsSeeds) {
  Graph g;
  g.setSeed(1234);
  GetVariableOptions opts;
  opts.shape = Shape({2});
  opts.initializer = Initializer::randomUniform(-1, 1, 7);
  Variable *v = valueOrDie(g.getVariable("v", opts));
  EXPECT_EQ(v->initializer().seed, 1234);
  EXPECT_EQ(v->initializer().seed2, 7);
  const Operation *rnd =
      g.findOperation("v/Initializer/random_uniform/RandomUniform");
  ASSERT_NE(rnd, nullptr);
  EXPECT_EQ(*rnd->getAttr<int64_t>("seed"), 1234);
  EXPECT_EQ(*rnd->getAttr<int64_t>("seed2"), 7);
}

} // namespace
