# -*- Python -*-
# Lit configuration of the tfsc regression tests (check-tfs).

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "TFS"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".py", ".test", ".c"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tfs_obj_root, "test")
# Unit/ is its own suite (gtest binaries); Inputs/ hold data, not tests.
config.excludes = ["Inputs", "Unit", "CMakeLists.txt", "README.md",
                   "lit.cfg.py", "lit.site.cfg.py"]

config.substitutions.append(("%tfs_src_root", config.tfs_src_root))
config.substitutions.append(("%tfs_obj_root", config.tfs_obj_root))
config.substitutions.append(("%python", config.python_executable))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.tfs_tools_dir, config.llvm_tools_dir]
tools = ["tfs-opt", "tfsc", "tfs-run"]
llvm_config.add_tool_substitutions(
    [t for t in tools
     if os.path.exists(os.path.join(config.tfs_tools_dir, t))], tool_dirs)
# LLVM tools the tests use, from LLVM 22 (not whatever /usr/bin has).
llvm_config.add_tool_substitutions(["llvm-nm", "llvm-objdump", "llvm-readelf"], [config.llvm_tools_dir])

# The host runs AVX2 code (tests that compile for an AVX2 CPU and run the
# result here).
try:
    with open("/proc/cpuinfo") as cpuinfo:
        if any(line.startswith("flags") and " avx2" in line
               and " fma" in line for line in cpuinfo):
            config.available_features.add("host-avx2")
except OSError:
    pass
