// The attention-backend options every command that runs an oracle shares
// (attend, verify, check, explain, sweep): --backend and each backend's
// parameters, with the defaults of its paper (docs/backends.md, docs/cli.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "attention/registry.hpp"

namespace sethkit::cli {

// --backend NAME (one of the registered backends) and the parameters of poly,
// conv, the approximate backends and external.
void add_backend_options(CLI::App& cmd, std::string& backend, BackendOptions& options,
                         const std::string& backend_help);

}  // namespace sethkit::cli
