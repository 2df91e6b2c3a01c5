//===- SharedObject.h - LLVM dialect to a model .so --------------*- C++ -*-===//
//
// Turns a model lowered to the LLVM dialect into LLVM IR with the model's
// info table and entry wrappers, optimizes it in process for a target CPU,
// emits an object file and links it with lld (in process) and the tfsc C
// runtime into a shared object.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_TARGET_SHAREDOBJECT_H
#define TFS_TARGET_SHAREDOBJECT_H

#include "tfs/Target/ModelSignature.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace mlir::tfs {

struct TargetOptions {
  std::string triple; ///< Empty: the host.
  std::string cpu;    ///< Empty: the host CPU (with -mtriple: "generic").
  std::string features;
  int optLevel = 3;
};

/// A TargetMachine for `options`; reports unknown triples/CPUs.
FailureOr<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options, Location loc);

/// Translates `module` (LLVM dialect) to LLVM IR and adds the model info
/// table, the run_packed trampoline and the NAME_* wrappers.
FailureOr<std::unique_ptr<llvm::Module>>
translateModel(ModuleOp module, const ModelSignature &signature,
               llvm::LLVMContext &context, llvm::TargetMachine &machine);

/// The width in bits of the machine's vector registers for f32 code: 512
/// with AVX-512 (32 registers), 256 with AVX (16), else 128.
int64_t vectorRegisterBits(const llvm::TargetMachine &machine);

/// Runs LLVM's O0..O3 pipeline on `module`.
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                    int optLevel);

/// Emits assembly or an object file into `out`.
LogicalResult emitMachineCode(llvm::Module &module,
                              llvm::TargetMachine &machine, bool assembly,
                              llvm::raw_pwrite_stream &out, Location loc);

/// Links `objectPath` with the runtime archive into `outputPath` (lld),
/// with LLVM's OpenMP runtime when `openmp` (the code has parallel loops).
LogicalResult linkSharedObject(StringRef objectPath, StringRef runtimeArchive,
                               StringRef outputPath, bool openmp,
                               Location loc);

} // namespace mlir::tfs

#endif // TFS_TARGET_SHAREDOBJECT_H
