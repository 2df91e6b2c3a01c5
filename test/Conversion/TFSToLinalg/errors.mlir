// RUN: not tfs-opt %s --convert-tfs-to-linalg --split-input-file 2>&1 | FileCheck %s

// An op the code generator cannot handle is reported at the model's
// file:line with its TF op name.
// CHECK: model.py:7:0: error: cannot compile TF op 'net/Relu' (tfs.relu): element type ui8 is not supported by the code generator yet (only float and signed integer tensors are)
func.func @unsigned(%x: tensor<4xui8>) -> tensor<4xui8> {
  %0 = tfs.relu %x : tensor<4xui8> loc("net/Relu"("model.py":7:0))
  return %0 : tensor<4xui8>
}

// -----

// Without a TF name the op is named by its mnemonic.
// CHECK: errors.mlir:[[@LINE+2]]:8: error: cannot compile 'tfs.abs': element type ui16 is not supported
func.func @unsigned_unnamed(%x: tensor<4xui16>) -> tensor<4xui16> {
  %0 = tfs.abs %x : tensor<4xui16>
  return %0 : tensor<4xui16>
}

// -----

// Variable accesses need tfs-lower-variables first.
// CHECK: errors.mlir:[[@LINE+3]]:8: error: cannot compile 'tfs.read_variable': variable accesses must be lowered first (run tfs-lower-variables before convert-tfs-to-linalg)
tfs.variable @v : tensor<2xf32> = #tfs.zeros
func.func @unlowered_read() -> tensor<2xf32> {
  %0 = tfs.read_variable @v : tensor<2xf32>
  return %0 : tensor<2xf32>
}
