//===- TransformOps.td - tfsc's transform-dialect ops ---------------------===//
//
// Transform ops that tfs-tile-conv-matmul's schedules use where upstream's
// op of the same purpose costs too much compile time.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_CODEGEN_TRANSFORMOPS_TD
#define TFS_CODEGEN_TRANSFORMOPS_TD

include "mlir/Dialect/Transform/IR/TransformDialect.td"
include "mlir/Dialect/Transform/Interfaces/TransformInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"

def FuseIntoLoopOp : Op<Transform_Dialect, "tfs.fuse_into_loop",
    [DeclareOpInterfaceMethods<TransformOpInterface>,
     DeclareOpInterfaceMethods<MemoryEffectsOpInterface>,
     ReportTrackingListenerFailuresOpTrait]> {
  let summary = "Fuses producers into the loop that reads slices of them";
  let description = [{
    Computes, inside `loop` (an `scf.for` or `scf.forall`), the slice of
    each op of `producer` that the loop reads, in place of the
    `tensor.extract_slice` that reads it. The slice is read either directly
    from the producer's result, or from the block argument of a
    `scf.forall` whose `shared_outs` the producer initializes (the fused
    slice then writes the block argument's slice, and the loop starts from
    the producer's init). Where the slice is read right inside a loop that
    starts from one of the producer's inits, the fused slice computes into
    that loop's iteration argument instead, so both write one buffer. A
    producer that the loop reads whole, or that is already inside it, is
    cloned right before its first reader there. A producer read several
    times in the loop is fused once per read.

    These are the semantics of `transform.structured.fuse_into_containing_op`
    with two differences:

    - It builds no diagnostic until one is needed. The upstream op prints
      the producer and the loop into a remark before every fusion, and
      printing an op numbers every value of the enclosing function: each
      fusion costs time in proportion to the function, so a model's
      schedule took time quadratic in its size.
    - A producer that is also read after an `scf.forall` stays where it is
      (the loop recomputes its slices) rather than becoming an extra result
      of the loop.

    #### Return modes

    Produces a silenceable failure, naming the producer, when none of the
    remaining producers is read in the loop, when tiling a producer fails,
    or when a producer cannot be fused (the loop reads no slice of it and
    it is an operand of the loop). Consumes the `producer` handle, only
    reads the `loop` handle. `fused` holds the ops that compute the
    slices, and `new_loop` the loop.
  }];

  let arguments = (ins TransformHandleTypeInterface:$producer,
                       TransformHandleTypeInterface:$loop);
  let results = (outs TransformHandleTypeInterface:$fused,
                      TransformHandleTypeInterface:$new_loop);
  let assemblyFormat = "$producer `into` $loop attr-dict "
                       "`:` functional-type(operands, results)";
  let cppNamespace = "::mlir::tfs";
}

#endif // TFS_CODEGEN_TRANSFORMOPS_TD
