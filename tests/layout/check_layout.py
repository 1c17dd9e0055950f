#!/usr/bin/env python3
"""Checks the module layering of docs/architecture.md on the source tree.

1. Every `#include "module/file.hpp"` in module X names a module X may depend
   on (itself or one below it in the dependency order).
2. No include cycle between files (headers and their .cpp taken as one node).
3. Public headers name no Boost.Graph, muparser, CLI11 (outside cli/) or FFTW type.
4. Every test file tests/<module>/test_<name>.cpp sits in a module folder.

Usage: check_layout.py REPO_ROOT. Prints one line per violation; exit 1 if any.
"""
import pathlib
import re
import sys

ALLOWED = {
    "core": set(),
    "instances": {"core"},
    "solvers": {"core"},
    "attention": {"core"},
    "reductions": {"core", "attention"},
    "chain": {"core", "attention", "reductions", "solvers"},
    "experiments": {"core", "attention", "reductions", "solvers", "instances"},
    "check": {"core", "attention", "reductions", "solvers", "instances", "chain"},
    "cli": {"core", "attention", "reductions", "solvers", "instances", "chain", "experiments", "check"},
    "python": {"core", "attention", "reductions", "solvers", "instances", "chain", "check"},
    "bench": {"core", "attention", "reductions", "solvers", "instances", "chain", "experiments"},
}
FORBIDDEN_IN_HEADERS = [
    (re.compile(r"#include\s*<boost/graph"), "Boost.Graph"),
    (re.compile(r"#include\s*<muParser"), "muparser"),
    (re.compile(r"#include\s*<fftw3"), "FFTW"),
]
CLI11 = re.compile(r"#include\s*<CLI/")
INCLUDE = re.compile(r'^\s*#include\s+"([a-z_]+)/([A-Za-z0-9_]+)\.hpp"', re.M)


def main(root: pathlib.Path) -> int:
    problems = []
    nodes = {}  # "module/name" -> set of "module/name" it includes
    for module in ALLOWED:
        for path in sorted((root / module).glob("*.[ch]pp")):
            text = path.read_text()
            node = f"{module}/{path.stem}"
            deps = nodes.setdefault(node, set())
            for dep_module, dep_name in INCLUDE.findall(text):
                if dep_module != module and dep_module not in ALLOWED[module]:
                    problems.append(f"{path.relative_to(root)}: includes {dep_module}/{dep_name}.hpp, "
                                    f"but {module} may depend only on {sorted(ALLOWED[module]) or 'nothing'}")
                target = f"{dep_module}/{dep_name}"
                if target != node:
                    deps.add(target)
            if path.suffix == ".hpp":
                for pattern, what in FORBIDDEN_IN_HEADERS:
                    if pattern.search(text):
                        problems.append(f"{path.relative_to(root)}: a public header exposes {what}")
                if module != "cli" and CLI11.search(text):
                    problems.append(f"{path.relative_to(root)}: a public header outside cli/ exposes CLI11")
    # Cycles between files, by depth-first search.
    state = {}
    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for dep in sorted(nodes.get(node, ())):
            if state.get(dep) == 1:
                problems.append("include cycle: " + " -> ".join(stack[stack.index(dep):] + [dep]))
            elif dep in nodes and dep not in state:
                visit(dep, stack)
        stack.pop()
        state[node] = 2
    for node in sorted(nodes):
        if node not in state:
            visit(node, [])
    for path in sorted((root / "tests").glob("*/test_*.cpp")):
        if path.parent.name not in ALLOWED:
            problems.append(f"{path.relative_to(root)}: tests must sit in a module's folder")
    for line in problems:
        print(line)
    print(f"layout: {len(nodes)} files in {len(ALLOWED)} modules, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
