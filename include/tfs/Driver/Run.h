//===- Run.h - `tfsc run`: TF1 programs under the embedded Python -*- C++ -*-===//
//
// Declares `tfsc run SCRIPT.py [args...]`: runs a TF1 program in the
// embedded Debian CPython with `import tensorflow` resolving to
// `tfs.compat.v1`.
//
//===----------------------------------------------------------------------===//

#ifndef TFS_DRIVER_RUN_H
#define TFS_DRIVER_RUN_H

#include <functional>
#include <string>
#include <vector>

namespace tfs::frontend {
class Graph;
} // namespace tfs::frontend

namespace tfs::driver {

/// Options of `tfsc run`.
struct RunOptions {
  /// The Python script, run as __main__.
  std::string script;
  /// sys.argv[1:] of the script.
  std::vector<std::string> scriptArgs;
  /// Called in the live interpreter after the script ran successfully (e.g.
  /// to import the graph it built); its result is the exit code.
  std::function<int()> afterScript;
};

/// The C++ graph behind tfs.get_default_graph() in the running interpreter
/// (valid while the interpreter of runScript is alive).
::tfs::frontend::Graph &defaultGraph();

/// Whether argv selects the `run` subcommand (argv[1] == "run").
bool isRunCommand(int argc, char **argv);

/// `tfsc run ...`: parses argv[2...] and runs the script. Returns the process
/// exit code: 0, 1 when the script raised (its traceback is printed), 2 on
/// usage errors, or the script's SystemExit status.
int runMain(int argc, char **argv);

/// Runs `options.script` in the embedded interpreter.
int runScript(const RunOptions &options);

} // namespace tfs::driver

#endif // TFS_DRIVER_RUN_H
