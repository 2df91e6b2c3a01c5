//===- SharedObject.cpp - LLVM dialect to a model .so ---------------------===//
//
// This file implements the back end of tfsc: translation to LLVM IR, the
// model's info table and entry wrappers (built with IRBuilder to match the C
// structs of tfs_runtime.h), LLVM's optimization pipeline, machine code
// emission and in-process linking with lld.
//
//===----------------------------------------------------------------------===//

#include "tfs/Target/SharedObject.h"

#include "tfs/Runtime/tfs_runtime.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "lld/Common/Driver.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace mlir;
using namespace mlir::tfs;

static void initializeTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    // Inline assembly (upstream's AVX2 transpose lowering emits vblendps
    // that way) is parsed by the target's assembly parser when an object
    // is written in process.
    llvm::InitializeAllAsmParsers();
    // LLVM's schedulers track memory dependencies pairwise until a block
    // has this many memory operations (1000 by default), then coarsen
    // them. Unrolled zero fills reach about a thousand stores (MLP b64:
    // 64 rows x 16 stores of 32 bytes), and scheduling that block took
    // 1.4 of the 2.4 s of codegen on znver3. At 200 it takes 0.1-0.2 s;
    // the machine code of every benchmark model's kernels is unchanged
    // (only stores of such blocks move). A value given on the command
    // line wins.
    auto &options = llvm::cl::getRegisteredOptions();
    if (llvm::cl::Option *huge = options.lookup("dag-maps-huge-region"))
      if (huge->getNumOccurrences() == 0)
        (void)huge->addOccurrence(0, huge->ArgStr, "200");
  });
}

FailureOr<std::unique_ptr<llvm::TargetMachine>>
mlir::tfs::createTargetMachine(const TargetOptions &options, Location loc) {
  initializeTargets();
  bool host = options.triple.empty();
  llvm::Triple triple(host ? llvm::sys::getDefaultTargetTriple()
                           : options.triple);
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return emitError(loc) << "unknown target triple '" << triple.str()
                          << "': " << error,
           failure();
  std::string cpu = options.cpu;
  if (cpu.empty())
    cpu = host ? llvm::sys::getHostCPUName().str() : "generic";
  std::string features = options.features;
  if (features.empty() && host && options.cpu.empty()) {
    llvm::SubtargetFeatures hostFeatures;
    for (auto &feature : llvm::sys::getHostCPUFeatures())
      hostFeatures.AddFeature(feature.first(), feature.second);
    features = hostFeatures.getString();
  }
  llvm::TargetOptions targetOptions;
  auto level = options.optLevel <= 0   ? llvm::CodeGenOptLevel::None
               : options.optLevel == 1 ? llvm::CodeGenOptLevel::Less
               : options.optLevel == 2 ? llvm::CodeGenOptLevel::Default
                                       : llvm::CodeGenOptLevel::Aggressive;
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine(triple, cpu, features, targetOptions,
                                  llvm::Reloc::PIC_, std::nullopt, level));
  if (!machine)
    return emitError(loc) << "cannot create a target machine for '"
                          << triple.str() << "', CPU '" << cpu << "'",
           failure();
  if (!cpu.empty() && cpu != "generic" &&
      !machine->getMCSubtargetInfo()->isCPUStringValid(cpu))
    return emitError(loc) << "unknown CPU '" << cpu << "' for target '"
                          << triple.str() << "'",
           failure();
  return machine;
}

/// Whether the machine's CPU has 512-bit vector registers (x86 AVX-512F).
static bool hasAvx512(const llvm::TargetMachine &machine) {
  return machine.getTargetTriple().isX86() &&
         machine.getMCSubtargetInfo()->checkFeatures("+avx512f");
}

int64_t mlir::tfs::vectorRegisterBits(const llvm::TargetMachine &machine) {
  if (hasAvx512(machine))
    return 512;
  if (machine.getTargetTriple().isX86() &&
      machine.getMCSubtargetInfo()->checkFeatures("+avx"))
    return 256;
  return 128;
}

namespace {
/// Builds the info table and wrappers in the translated module, with types
/// laid out like the C structs of tfs_runtime.h.
class InfoTableBuilder {
public:
  InfoTableBuilder(llvm::Module &module, const ModelSignature &signature)
      : module(module), ctx(module.getContext()), signature(signature) {
    ptr = llvm::PointerType::getUnqual(ctx);
    i32 = llvm::Type::getInt32Ty(ctx);
    i64 = llvm::Type::getInt64Ty(ctx);
    f64 = llvm::Type::getDoubleTy(ctx);
    tensorDesc = llvm::StructType::create(ctx, {ptr, i32, i32, ptr, i64, i64},
                                          "tfs_tensor_desc");
    variableDesc = llvm::StructType::create(
        ctx, {tensorDesc, ptr, i32, i32, f64, f64, i64, i64, ptr},
        "tfs_variable_desc");
    modelInfo = llvm::StructType::create(
        ctx, {i32, ptr, i32, ptr, i32, ptr, i32, ptr, ptr, i64},
        "tfs_model_info");
  }

  LogicalResult build(Location loc) {
    llvm::Function *run = module.getFunction(signature.name + "_run");
    if (!run)
      return emitError(loc)
             << "the lowered module has no @" << signature.name << "_run";
    llvm::Function *packed = buildRunPacked(run);
    SmallVector<llvm::Constant *> variables;
    for (const VariableSpec &v : signature.variables) {
      llvm::GlobalVariable *global = module.getNamedGlobal(v.globalSymbol);
      if (!global)
        return emitError(loc) << "the lowered module has no global for "
                                 "variable '"
                              << v.tensor.name << "'";
      llvm::Constant *initData = llvm::ConstantPointerNull::get(ptr);
      if (!v.initData.empty())
        initData =
            privateGlobal(llvm::ConstantDataArray::getRaw(
                              StringRef(v.initData.data(), v.initData.size()),
                              v.initData.size(), llvm::Type::getInt8Ty(ctx)),
                          "tfs.init." + v.tensor.name, /*alignment=*/64);
      variables.push_back(llvm::ConstantStruct::get(
          variableDesc, {tensorConstant(v.tensor), global,
                         llvm::ConstantInt::get(i32, v.trainable),
                         llvm::ConstantInt::get(i32, v.initKind),
                         llvm::ConstantFP::get(f64, v.initA),
                         llvm::ConstantFP::get(f64, v.initB),
                         llvm::ConstantInt::get(i64, v.seed),
                         llvm::ConstantInt::get(i64, v.seed2), initData}));
    }
    llvm::Constant *info = llvm::ConstantStruct::get(
        modelInfo, {llvm::ConstantInt::get(i32, TFS_ABI_VERSION),
                    string(signature.name, "tfs.model_name"),
                    llvm::ConstantInt::get(i32, signature.feeds.size()),
                    tensorArray(signature.feeds, "tfs.feeds"),
                    llvm::ConstantInt::get(i32, signature.fetches.size()),
                    tensorArray(signature.fetches, "tfs.fetches"),
                    llvm::ConstantInt::get(i32, variables.size()),
                    array(variableDesc, variables, "tfs.variables"), packed,
                    llvm::ConstantInt::get(i64, signature.workspaceBytes)});
    auto *table = new llvm::GlobalVariable(
        module, modelInfo, /*isConstant=*/true,
        llvm::GlobalValue::ExternalLinkage, info, "tfs_model_info_data");
    table->setVisibility(llvm::GlobalValue::HiddenVisibility);
    // The OpenMP worker stack the tasks need, which the runtime makes sure
    // of before the workers start (Runtime.c).
    if (signature.taskStackBytes) {
      auto *stack = new llvm::GlobalVariable(
          module, i64, /*isConstant=*/true, llvm::GlobalValue::ExternalLinkage,
          llvm::ConstantInt::get(i64, signature.taskStackBytes),
          "tfs_rt_task_stack_bytes");
      stack->setVisibility(llvm::GlobalValue::HiddenVisibility);
    }
    buildWrappers();
    return success();
  }

private:
  llvm::Constant *privateGlobal(llvm::Constant *init, const Twine &name,
                                unsigned alignment = 0) {
    auto *g =
        new llvm::GlobalVariable(module, init->getType(), true,
                                 llvm::GlobalValue::PrivateLinkage, init, name);
    if (alignment)
      g->setAlignment(llvm::Align(alignment));
    return g;
  }

  llvm::Constant *string(StringRef text, const Twine &name) {
    return privateGlobal(llvm::ConstantDataArray::getString(ctx, text), name);
  }

  llvm::Constant *array(llvm::Type *element, ArrayRef<llvm::Constant *> items,
                        const Twine &name) {
    if (items.empty())
      return llvm::ConstantPointerNull::get(ptr);
    return privateGlobal(
        llvm::ConstantArray::get(llvm::ArrayType::get(element, items.size()),
                                 items),
        name);
  }

  llvm::Constant *tensorConstant(const TensorSpec &t) {
    llvm::Constant *shape = privateGlobal(
        llvm::ConstantDataArray::get(
            ctx, ArrayRef<uint64_t>(
                     reinterpret_cast<const uint64_t *>(t.shape.data()),
                     t.shape.size())),
        "tfs.shape." + t.name);
    return llvm::ConstantStruct::get(
        tensorDesc, {string(t.name, "tfs.name." + t.name),
                     llvm::ConstantInt::get(i32, t.dtype),
                     llvm::ConstantInt::get(i32, t.shape.size()), shape,
                     llvm::ConstantInt::get(i64, t.numElements()),
                     llvm::ConstantInt::get(i64, t.byteSize())});
  }

  llvm::Constant *tensorArray(ArrayRef<TensorSpec> tensors, const Twine &name) {
    SmallVector<llvm::Constant *> items;
    for (const TensorSpec &t : tensors)
      items.push_back(tensorConstant(t));
    return array(tensorDesc, items, name);
  }

  /// int32_t run_packed(void *const *buffers): calls NAME_run(buffers[i]...).
  llvm::Function *buildRunPacked(llvm::Function *run) {
    auto *fn = llvm::Function::Create(
        llvm::FunctionType::get(i32, {ptr}, false),
        llvm::GlobalValue::InternalLinkage, "tfs.run_packed", module);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
    SmallVector<llvm::Value *> args;
    for (unsigned i = 0; i < run->arg_size(); ++i)
      args.push_back(
          b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, fn->getArg(0), i)));
    b.CreateRet(b.CreateCall(run, args));
    return fn;
  }

  /// NAME_init, NAME_load_npz, ... forward to the fixed-name entries.
  void buildWrappers() {
    struct Forward {
      const char *suffix, *target;
      llvm::FunctionType *type;
    };
    Forward forwards[] = {
        {"_init", "tfs_model_init", llvm::FunctionType::get(i32, {}, false)},
        {"_load_npz", "tfs_model_load_npz",
         llvm::FunctionType::get(i32, {ptr}, false)},
        {"_save_npz", "tfs_model_save_npz",
         llvm::FunctionType::get(i32, {ptr}, false)},
        {"_last_error", "tfs_model_last_error",
         llvm::FunctionType::get(ptr, {}, false)},
        {"_scope_variables", "tfs_model_scope_variable_names",
         llvm::FunctionType::get(i32, {ptr, ptr, i32}, false)},
        {"_set_num_threads", "tfs_model_set_num_threads",
         llvm::FunctionType::get(i32, {i32}, false)},
    };
    for (const Forward &f : forwards) {
      llvm::FunctionCallee target =
          module.getOrInsertFunction(f.target, f.type);
      auto *fn =
          llvm::Function::Create(f.type, llvm::GlobalValue::ExternalLinkage,
                                 signature.name + f.suffix, module);
      llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
      SmallVector<llvm::Value *> args;
      for (llvm::Argument &arg : fn->args())
        args.push_back(&arg);
      llvm::Value *result = b.CreateCall(target, args);
      b.CreateRet(result);
    }
    // void *NAME_variable(const char *name) = tfs_model_variable(name, NULL).
    llvm::FunctionCallee target = module.getOrInsertFunction(
        "tfs_model_variable", llvm::FunctionType::get(ptr, {ptr, ptr}, false));
    auto *fn =
        llvm::Function::Create(llvm::FunctionType::get(ptr, {ptr}, false),
                               llvm::GlobalValue::ExternalLinkage,
                               signature.name + "_variable", module);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
    b.CreateRet(b.CreateCall(
        target, {fn->getArg(0), llvm::ConstantPointerNull::get(ptr)}));
  }

  llvm::Module &module;
  llvm::LLVMContext &ctx;
  const ModelSignature &signature;
  llvm::PointerType *ptr;
  llvm::IntegerType *i32, *i64;
  llvm::Type *f64;
  llvm::StructType *tensorDesc, *variableDesc, *modelInfo;
};
} // namespace

FailureOr<std::unique_ptr<llvm::Module>>
mlir::tfs::translateModel(ModuleOp module, const ModelSignature &signature,
                          llvm::LLVMContext &context,
                          llvm::TargetMachine &machine) {
  DialectRegistry registry;
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);
  // The tfs.name argument attributes have served the signature; LLVM IR has
  // no place for them.
  module.walk([](LLVM::LLVMFuncOp func) {
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      func.removeArgAttr(i, StringAttr::get(func.getContext(), "tfs.name"));
  });
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context, signature.name);
  if (!llvmModule)
    return module.emitError("translation to LLVM IR failed"), failure();
  llvmModule->setTargetTriple(machine.getTargetTriple());
  llvmModule->setDataLayout(machine.createDataLayout());
  // Variables are exported (nm -D lists one global per variable); all other
  // MLIR-generated symbols stay inside the .so.
  for (llvm::Function &fn : *llvmModule) {
    if (fn.isDeclaration())
      continue;
    if (!fn.hasLocalLinkage() && fn.getName() != signature.name + "_run")
      fn.setVisibility(llvm::GlobalValue::HiddenVisibility);
    // As clang does: the CPU and its features on every function, so that
    // IR-level cost models (unrolling, vectorization) see the target.
    fn.addFnAttr("target-cpu", machine.getTargetCPU());
    fn.addFnAttr("tune-cpu", machine.getTargetCPU());
    if (!machine.getTargetFeatureString().empty())
      fn.addFnAttr("target-features", machine.getTargetFeatureString());
    // LLVM's vectorizers default to 256-bit vectors on AVX-512 CPUs (to
    // spare the clock in mixed code); tfsc's loops are long, uniform
    // vector code, and the elementwise ones that LLVM vectorizes run
    // faster at the full width (f(x): 8 -> 16 lanes, 3.05 -> 2.73 ms).
    if (hasAvx512(machine))
      fn.addFnAttr("prefer-vector-width", "512");
  }
  // Models with parallel loops bind the OpenMP workers to cores before
  // their first run (tfs_rt_prepare_threads, in the runtime).
  if (llvmModule->getFunction("__kmpc_fork_call")) {
    llvm::Function *run = llvmModule->getFunction(signature.name + "_run");
    llvm::FunctionCallee prepare = llvmModule->getOrInsertFunction(
        "tfs_rt_prepare_threads",
        llvm::FunctionType::get(llvm::Type::getVoidTy(context), false));
    if (auto *decl = dyn_cast<llvm::Function>(prepare.getCallee()))
      decl->setVisibility(llvm::GlobalValue::HiddenVisibility);
    if (run && !run->isDeclaration()) {
      llvm::IRBuilder<> builder(&*run->getEntryBlock().getFirstInsertionPt());
      builder.CreateCall(prepare);
    }
  }
  if (failed(InfoTableBuilder(*llvmModule, signature).build(module.getLoc())))
    return failure();
  std::string error;
  llvm::raw_string_ostream os(error);
  if (llvm::verifyModule(*llvmModule, &os))
    return module.emitError("generated LLVM IR is invalid: ") << error,
           failure();
  return llvmModule;
}

void mlir::tfs::optimizeModule(llvm::Module &module,
                               llvm::TargetMachine &machine, int optLevel) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = optLevel >= 2;
  tuning.SLPVectorization = optLevel >= 2;
  llvm::PassBuilder builder(&machine, tuning);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = optLevel <= 0   ? llvm::OptimizationLevel::O0
                                  : optLevel == 1 ? llvm::OptimizationLevel::O1
                                  : optLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager passes =
      optLevel <= 0 ? builder.buildO0DefaultPipeline(level)
                    : builder.buildPerModuleDefaultPipeline(level);
  passes.run(module, mam);
}

LogicalResult mlir::tfs::emitMachineCode(llvm::Module &module,
                                         llvm::TargetMachine &machine,
                                         bool assembly,
                                         llvm::raw_pwrite_stream &out,
                                         Location loc) {
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, out, nullptr,
                                  assembly ? llvm::CodeGenFileType::AssemblyFile
                                           : llvm::CodeGenFileType::ObjectFile))
    return emitError(loc) << "the target cannot emit "
                          << (assembly ? "assembly" : "object files");
  passes.run(module);
  return success();
}

LogicalResult mlir::tfs::linkSharedObject(StringRef objectPath,
                                          StringRef runtimeArchive,
                                          StringRef outputPath, bool openmp,
                                          Location loc) {
  std::string obj = objectPath.str(), rt = runtimeArchive.str(),
              out = outputPath.str();
  std::vector<const char *> args = {"ld.lld",
                                    "-shared",
                                    "--no-undefined",
                                    "--as-needed",
                                    "-O1",
                                    "--hash-style=gnu",
                                    "-z",
                                    "noexecstack",
                                    "-o",
                                    out.c_str(),
                                    obj.c_str(),
                                    rt.c_str(),
                                    "-L/lib/x86_64-linux-gnu",
                                    "-L/usr/lib/x86_64-linux-gnu",
                                    "-lm",
                                    "-lc"};
  // LLVM's OpenMP runtime (libomp.so.5 is on the default library path).
  if (openmp)
    args.insert(args.end() - 2, {"-L/usr/lib/llvm-22/lib", "-lomp"});
  std::string messages;
  llvm::raw_string_ostream os(messages);
  lld::Result result =
      lld::lldMain(args, os, os, {{lld::Gnu, &lld::elf::link}});
  if (result.retCode != 0)
    return emitError(loc) << "linking " << outputPath << " failed:\n"
                          << messages;
  return success();
}
