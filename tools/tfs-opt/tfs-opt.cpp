//===- tfs-opt.cpp - tfs optimizer driver ---------------------------------===//
//
// mlir-opt with the tfs dialect and its passes registered next to every
// upstream dialect and pass.
//
//===----------------------------------------------------------------------===//

#include "dialects/TFS/IR/TFSOps.h"
#include "tfs/Codegen/Passes.h"
#include "tfs/Codegen/TransformOps.h"
#include "tfs/Conversion/Passes.h"
#include "tfs/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::tfs::registerTFSCodegenPasses();
  mlir::tfs::registerTFSConversionPasses();
  mlir::tfs::registerTFSPipelines();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::tfs::registerTransformDialectExtension(registry);
  registry.insert<mlir::tfs::TFSDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "tfs optimizer driver\n", registry));
}
