# RUN: tfsc run %s | FileCheck %s
# Seed 003: tf.Variable vs tf.get_variable under name_scope/variable_scope.
# Cut from the seed: the Session that printed each value (`sess.run(var)`);
# only the names are printed. Its typo `tf.variab_scope` is spelled
# `tf.variable_scope` here (TF would raise AttributeError on it).
import tensorflow as tf

var1 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
var2 = tf.Variable(name='var2', initial_value=[2], dtype=tf.float32)
initializer = tf.constant_initializer(value=1)
var3 = tf.get_variable(name='var3', initializer=initializer, shape=[1], dtype=tf.float32)
var4 = tf.get_variable(name='var4', initializer=initializer, shape=[1], dtype=tf.float32)
print(var1.name)
print(var2.name)
print(var3.name)
print(var4.name)
# CHECK: var1:0
# CHECK-NEXT: var2:0
# CHECK-NEXT: var3:0
# CHECK-NEXT: var4:0

tf.reset_default_graph()
var1 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
var2 = tf.Variable(name='var1', initial_value=[2], dtype=tf.float32)
print(var1.name)
print(var2.name)
# CHECK-NEXT: var1:0
# CHECK-NEXT: var1_1:0

tf.reset_default_graph()
# 1
var1 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
var2 = tf.Variable(name='var1', initial_value=[2], dtype=tf.float32)
# 2
with tf.variable_scope('var_scope1'):
    var3 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
    var4 = tf.Variable(name='var1', initial_value=[2], dtype=tf.float32)
# 3
with tf.name_scope('name_scope1'):
    var5 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
    var6 = tf.Variable(name='var1', initial_value=[2], dtype=tf.float32)
# 4
with tf.variable_scope('var_scope2'):
    var7 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
# 5
with tf.name_scope('name_scope2'):
    var8 = tf.Variable(name='var1', initial_value=[1], dtype=tf.float32)
# 6
initializer = tf.constant_initializer(value=1)
with tf.variable_scope('var_scope3', reuse=tf.AUTO_REUSE):
    var9 = tf.get_variable(name='var', initializer=initializer, shape=[1], dtype=tf.float32)
    var10 = tf.get_variable(name='var', initializer=initializer, shape=[1], dtype=tf.float32)
# 7
with tf.name_scope('name_scope3'):
    var11 = tf.get_variable(name='var1', initializer=initializer, shape=[1], dtype=tf.float32)
    var12 = tf.get_variable(name='var', initializer=initializer, shape=[1], dtype=tf.float32)
for v in (var1, var2, var3, var4, var5, var6, var7, var8, var9, var10, var11, var12):
    print(v.name)
# CHECK-NEXT: var1:0
# CHECK-NEXT: var1_1:0
# CHECK-NEXT: var_scope1/var1:0
# CHECK-NEXT: var_scope1/var1_1:0
# CHECK-NEXT: name_scope1/var1:0
# CHECK-NEXT: name_scope1/var1_1:0
# CHECK-NEXT: var_scope2/var1:0
# CHECK-NEXT: name_scope2/var1:0
# CHECK-NEXT: var_scope3/var:0
# CHECK-NEXT: var_scope3/var:0
# CHECK-NEXT: var1_2:0
# CHECK-NEXT: var:0
assert var9 is var10
