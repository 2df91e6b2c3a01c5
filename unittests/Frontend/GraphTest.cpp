//===- GraphTest.cpp - unique names, name scopes, collections, seeds ------===//
//
// Tests TF 1.15's Graph.unique_name / name_scope rules, op and tensor
// naming, collections with get_collection's re.match scope filter, and the
// get_seed rules.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "tfs/Frontend/Errors.h"
#include "tfs/Frontend/Ops.h"
#include "tfs/Frontend/Variables.h"

using namespace tfs::frontend;
using tfs::frontend::testing::errorOf;
using tfs::frontend::testing::valueOrDie;

namespace {

TEST(UniqueName, SuffixesClashes) {
  Graph g;
  EXPECT_EQ(g.uniqueName("foo"), "foo");
  EXPECT_EQ(g.uniqueName("foo"), "foo_1");
  EXPECT_EQ(g.uniqueName("foo"), "foo_2");
  EXPECT_EQ(g.uniqueName("bar"), "bar");
}

TEST(UniqueName, CaseInsensitiveKeepsCapitalization) {
  Graph g;
  EXPECT_EQ(g.uniqueName("foo"), "foo");
  EXPECT_EQ(g.uniqueName("Foo"), "Foo_1");
  EXPECT_EQ(g.uniqueName("FOO"), "FOO_2");
}

TEST(UniqueName, SkipsExplicitlyUsedSuffix) {
  Graph g;
  EXPECT_EQ(g.uniqueName("foo_1"), "foo_1");
  EXPECT_EQ(g.uniqueName("foo"), "foo");
  // foo_1 is taken, so the second "foo" becomes foo_2.
  EXPECT_EQ(g.uniqueName("foo"), "foo_2");
  // ...and asking for foo_1 again now clashes.
  EXPECT_EQ(g.uniqueName("foo_1"), "foo_1_1");
}

TEST(UniqueName, NotMarkedWhenAsked) {
  Graph g;
  EXPECT_EQ(g.uniqueName("foo", /*markAsUsed=*/false), "foo");
  EXPECT_EQ(g.uniqueName("foo"), "foo");
  EXPECT_EQ(g.uniqueName("foo", /*markAsUsed=*/false), "foo_1");
  EXPECT_EQ(g.uniqueName("foo"), "foo_1");
}

TEST(NameScope, NestsAndUniquifies) {
  Graph g;
  EXPECT_EQ(valueOrDie(g.enterNameScope("foo")), "foo/");
  EXPECT_EQ(g.uniqueName("add"), "foo/add");
  EXPECT_EQ(valueOrDie(g.enterNameScope("bar")), "foo/bar/");
  g.exitNameScope();
  EXPECT_EQ(g.nameStack(), "foo");
  g.exitNameScope();
  EXPECT_EQ(valueOrDie(g.enterNameScope("foo")), "foo_1/");
  g.exitNameScope();
}

TEST(NameScope, TrailingSlashReentersAsIs) {
  Graph g;
  EXPECT_EQ(valueOrDie(g.enterNameScope("foo")), "foo/");
  g.exitNameScope();
  EXPECT_EQ(valueOrDie(g.enterNameScope("foo/")), "foo/");
  EXPECT_EQ(g.uniqueName("x"), "foo/x");
  g.exitNameScope();
}

TEST(NameScope, EmptyOrNoneResetsToRoot) {
  Graph g;
  valueOrDie(g.enterNameScope("foo"));
  EXPECT_EQ(valueOrDie(g.enterNameScope(std::nullopt)), "");
  EXPECT_EQ(g.uniqueName("x"), "x");
  g.exitNameScope();
  EXPECT_EQ(valueOrDie(g.enterNameScope("")), "");
  g.exitNameScope();
  EXPECT_EQ(g.nameStack(), "foo");
}

TEST(NameScope, ScopesAndOpsShareOneTable) {
  Graph g;
  Tensor c = valueOrDie(constantScalar(g, 1.0, DType::Float32, "foo"));
  EXPECT_EQ(c.name(), "foo:0");
  // A name scope "foo" now clashes with the op "foo".
  EXPECT_EQ(valueOrDie(g.enterNameScope("foo")), "foo_1/");
  g.exitNameScope();
}

TEST(NameScope, RejectsInvalidNames) {
  Graph g;
  EXPECT_EQ(errorOf(g.enterNameScope("_foo")),
            "'_foo' is not a valid scope name");
  EXPECT_EQ(errorOf(g.enterNameScope("a b")), "'a b' is not a valid scope name");
  valueOrDie(g.enterNameScope("outer"));
  // Nested scopes may start with '_'.
  EXPECT_EQ(valueOrDie(g.enterNameScope("_inner")), "outer/_inner/");
  g.exitNameScope();
  g.exitNameScope();
}

TEST(Ops, DefaultNamesAndTensorNames) {
  Graph g;
  Tensor x = valueOrDie(placeholder(g, DType::Float32, Shape({2, 3}), "x"));
  Tensor r1 = valueOrDie(unaryOp(g, "Relu", x));
  Tensor r2 = valueOrDie(unaryOp(g, "Relu", x));
  EXPECT_EQ(r1.name(), "Relu:0");
  EXPECT_EQ(r2.name(), "Relu_1:0");
  EXPECT_EQ(r1.op()->id(), 2);
  EXPECT_EQ(g.lastId(), 3);
  EXPECT_EQ(valueOrDie(g.findTensor("Relu_1:0")), r2);
  EXPECT_EQ(valueOrDie(g.findTensor("x")), x);
  EXPECT_EQ(errorOf(g.findTensor("nope:0")),
            "The name 'nope:0' refers to a Tensor which does not exist. The "
            "operation, 'nope', does not exist in the graph.");
}

TEST(Ops, DuplicateScopeNameIsAnError) {
  Graph g;
  valueOrDie(constantScalar(g, 1.0, DType::Float32, "a"));
  EXPECT_EQ(errorOf(constantScalar(g, 1.0, DType::Float32, "a/")),
            "Duplicate node name in graph: 'a'");
}

TEST(Ops, RecordsTraceback) {
  Graph g;
  g.setTracebackProvider(
      [] { return Traceback{{"model.py", 7, "<module>"}}; });
  Tensor x = valueOrDie(placeholder(g, DType::Float32, Shape({1})));
  ASSERT_NE(x.op()->location(), nullptr);
  EXPECT_EQ(x.op()->location()->file, "model.py");
  EXPECT_EQ(x.op()->location()->line, 7);
}

TEST(Collections, VariablesAndScopeFilter) {
  Graph g;
  VariableScopeArgs args;
  args.nameOrScope = std::string("foo");
  auto ctx = valueOrDie(VariableScopeContext::create(args));
  valueOrDie(ctx->enter(g));
  GetVariableOptions opts;
  opts.shape = Shape({1});
  Variable *v = valueOrDie(g.getVariable("v", opts));
  GetVariableOptions local = opts;
  local.collections = std::vector<std::string>{
      std::string(graph_keys::kLocalVariables)};
  local.trainable = false;
  Variable *l = valueOrDie(g.getVariable("l", local));
  ASSERT_TRUE(ctx->exit(g).ok());
  GetVariableOptions untrained = opts;
  untrained.trainable = false;
  Variable *w = valueOrDie(g.getVariable("foobar", untrained));

  auto names = [](const std::vector<CollectionItem> &items) {
    std::vector<std::string> out;
    for (const CollectionItem &i : items)
      out.push_back(i.name());
    return out;
  };
  EXPECT_EQ(names(g.getCollection(graph_keys::kGlobalVariables)),
            (std::vector<std::string>{"foo/v:0", "foobar:0"}));
  EXPECT_EQ(names(g.getCollection(graph_keys::kTrainableVariables)),
            (std::vector<std::string>{"foo/v:0"}));
  EXPECT_EQ(names(g.getCollection(graph_keys::kLocalVariables)),
            (std::vector<std::string>{"foo/l:0"}));
  // re.match semantics: "foo" matches "foobar" too; "foo/" does not.
  EXPECT_EQ(names(valueOrDie(g.getCollection(graph_keys::kGlobalVariables,
                                             "foo"))),
            (std::vector<std::string>{"foo/v:0", "foobar:0"}));
  EXPECT_EQ(names(valueOrDie(g.getCollection(graph_keys::kGlobalVariables,
                                             "foo/"))),
            (std::vector<std::string>{"foo/v:0"}));
  EXPECT_EQ(names(valueOrDie(g.getCollection(graph_keys::kGlobalVariables,
                                             ".*bar"))),
            (std::vector<std::string>{"foobar:0"}));
  EXPECT_TRUE(
      valueOrDie(g.getCollection(graph_keys::kGlobalVariables, "oo")).empty());
  EXPECT_FALSE(w->trainable());
  EXPECT_FALSE(l->trainable());
  EXPECT_TRUE(v->trainable());
  EXPECT_TRUE(g.getCollection("nothing").empty());
}

TEST(Seeds, GetSeedRules) {
  Graph g;
  EXPECT_EQ(g.getSeed(std::nullopt).seed, 0);
  EXPECT_EQ(g.getSeed(std::nullopt).seed2, 0);
  EXPECT_EQ(g.getSeed(5).seed, 87654321);
  EXPECT_EQ(g.getSeed(5).seed2, 5);
  g.setSeed(42);
  valueOrDie(constantScalar(g, 1.0, DType::Float32));
  valueOrDie(constantScalar(g, 1.0, DType::Float32));
  // Without an op seed, the op seed is the graph's last op id.
  EXPECT_EQ(g.getSeed(std::nullopt).seed, 42);
  EXPECT_EQ(g.getSeed(std::nullopt).seed2, 2);
  EXPECT_EQ(g.getSeed(7).seed2, 7);
  // (0, 0) is avoided.
  g.setSeed(0);
  EXPECT_EQ(g.getSeed(0).seed, 0);
  EXPECT_EQ(g.getSeed(0).seed2, 2147483647);
  // Seeds are truncated to 31 bits like Python's %.
  g.setSeed(int64_t(1) << 32);
  EXPECT_EQ(g.getSeed(1).seed, (int64_t(1) << 32) % 2147483647);
}

TEST(Shape, FormatsLikeTensorShape) {
  EXPECT_EQ(Shape().toString(), "<unknown>");
  EXPECT_EQ(Shape::scalar().toString(), "()");
  EXPECT_EQ(Shape({2}).toString(), "(2,)");
  EXPECT_EQ(Shape({-1, 32}).toString(), "(?, 32)");
  EXPECT_EQ(Shape({-1, 32}).toDebugString(), "[?,32]");
  EXPECT_TRUE(Shape({-1, 32}).isCompatibleWith(Shape({4, 32})));
  EXPECT_FALSE(Shape({2}).isCompatibleWith(Shape({1})));
  EXPECT_TRUE(Shape().isCompatibleWith(Shape({1, 2, 3})));
  EXPECT_FALSE(Shape({1}).isCompatibleWith(Shape({1, 1})));
}

TEST(Errors, CarryPythonExceptionKind) {
  EXPECT_EQ(pyErrorKind(valueError("x")), PyErrorKind::ValueError);
  EXPECT_EQ(pyErrorKind(typeError("x")), PyErrorKind::TypeError);
  EXPECT_EQ(pyErrorKind(runtimeError("x")), PyErrorKind::RuntimeError);
}

} // namespace
