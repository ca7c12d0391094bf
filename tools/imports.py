"""The import graph of crmdesk: who imports whom, where, and the cycles it makes.

    python tools/imports.py [TREE] [--check] [--list-function-level] [--packages] [--json OUT]

Edges are classified by where the import statement sits:

- ``module``   at module level (runs when the module is imported);
- ``function`` inside a function or method body (runs when the function is called: the modules
  still depend on each other, so these count for cycles as much as module-level ones);
- ``typing``   under ``if TYPE_CHECKING:`` (only the type checker follows them, a reader too);
- ``string``   a module named in a string: ``importlib.import_module("crmdesk.x")``,
  ``pytest.importorskip("crmdesk.x")`` (an f-string counts by its constant prefix);
- ``package``  the implicit edge from ``a.b.c`` to ``a.b`` when ``a/b/__init__.py`` imports
  something itself (importing ``a.b.c`` runs ``a/b/__init__.py`` first).

The house rule ("no import cycles between modules; a function-level import is there only for
start-up time, with its reason"): no cycle among module, function and TYPE_CHECKING edges, and
every function-level import of a crmdesk module says why start-up needs it, in a comment holding
``start-up:`` on its line, or in the comment lines right above it or above the run of import
statements it belongs to::

    def run(args):
        # start-up: the parser imports every command module; a command loads its own domain
        from crmdesk.io.excel.export import export

``--check`` exits 1 when either rule is broken (``tests/test_imports.py`` runs the same checks).
Cycles between domains (``crmdesk.core.tickets`` → ``crmdesk.core.firm`` → …) are reported, not
refused: two domains may know each other through a listener-free call.
"""

from __future__ import annotations

import argparse
import ast
import collections
import json
import pathlib
import sys
from dataclasses import dataclass, field

KINDS = ("module", "function", "typing", "string", "package")
CYCLE_KINDS = ("module", "function", "typing")  # what the rule counts
REASON = "start-up:"
STRING_IMPORTERS = {"import_module", "importorskip", "__import__", "find_spec"}


@dataclass(frozen=True)
class FunctionImport:
    """One import statement inside a function body."""

    module: str  # the importing module
    line: int
    statement: str
    targets: tuple[str, ...]  # the crmdesk modules it reaches (empty: a third-party import)
    reason: str  # the start-up comment that covers it ('' when none)


@dataclass
class Graph:
    """Modules of the tree and their classified edges."""

    root: pathlib.Path
    files: dict[str, pathlib.Path] = field(default_factory=dict)
    edges: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: {k: collections.defaultdict(set) for k in KINDS})
    function_imports: list[FunctionImport] = field(default_factory=list)

    def merged(self, kinds: tuple[str, ...]) -> dict[str, set[str]]:
        """One graph of the edges of the given kinds."""
        out: dict[str, set[str]] = collections.defaultdict(set)
        for kind in kinds:
            for source, targets in self.edges[kind].items():
                out[source] |= targets
        return out

    def cycles(self, kinds: tuple[str, ...] = CYCLE_KINDS) -> list[list[str]]:
        """The cycles of the given kinds of edges, each as its edges ``a -> b``."""
        merged = self.merged(kinds)
        return [cycle_edges(merged, component) for component in sccs(sorted(self.files), merged)]

    def unexplained(self) -> list[FunctionImport]:
        """Function-level imports of crmdesk modules without a start-up reason."""
        return [f for f in self.function_imports if f.targets and not f.reason]


def module_files(root: pathlib.Path, package: str = "crmdesk") -> dict[str, pathlib.Path]:
    """Dotted module name -> file, for every .py under ``root/package``."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _owner(files: dict[str, pathlib.Path], dotted: str) -> str | None:
    """The module that ``dotted`` names or lives in (``a.b.func`` -> ``a.b``)."""
    while dotted and dotted not in files:
        if "." not in dotted:
            return None
        dotted = dotted.rsplit(".", 1)[0]
    return dotted or None


def _targets(files: dict[str, pathlib.Path], current: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = current.split(".")
        if files[current].name != "__init__.py":
            parts = parts[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join(parts + ([base] if base else []))
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base for alias in node.names]


def _string_target(call: ast.Call) -> str | None:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name not in STRING_IMPORTERS or not call.args:
        return None
    arg = call.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        return str(arg.values[0].value).rstrip(".") or None  # f"crmdesk.cli.{name}" -> the package
    return None


def _reason(lines: list[str], body: list[ast.stmt], node: ast.stmt) -> str:
    """The start-up comment covering ``node``: on its line, or above the run of imports it is in."""
    here = lines[node.lineno - 1]
    if "#" in here and REASON in here.split("#", 1)[1]:
        return here.split("#", 1)[1].strip()
    first = node
    index = body.index(node)
    while index > 0 and isinstance(body[index - 1], (ast.Import, ast.ImportFrom)) \
            and body[index - 1].end_lineno == first.lineno - 1:
        index -= 1
        first = body[index]
    comment: list[str] = []  # the block of comment lines right above
    number = first.lineno - 2
    while number >= 0 and lines[number].strip().startswith("#"):
        comment.insert(0, lines[number].strip().lstrip("#").strip())
        number -= 1
    text = " ".join(comment)
    return text[text.index(REASON):] if REASON in text else ""


def build(root: pathlib.Path) -> Graph:
    """Parse every module of ``root/crmdesk`` and classify its crmdesk imports."""
    graph = Graph(root, module_files(root))
    for module, path in graph.files.items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()

        def add(kind: str, target: str | None, module: str = module) -> None:
            owner = _owner(graph.files, target) if target else None
            if owner and owner != module:
                graph.edges[kind][module].add(owner)

        def walk(node: ast.AST, in_function: bool, typing_only: bool, module: str = module,
                 lines: list[str] = lines) -> None:
            body = getattr(node, "body", None)
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    if isinstance(child, ast.ImportFrom) and child.module == "__future__":
                        continue
                    targets = [t for t in _targets(graph.files, module, child) if t.split(".")[0] == "crmdesk"]
                    kind = "typing" if typing_only else "function" if in_function else "module"
                    for target in targets:
                        add(kind, target)
                    if in_function and not typing_only:
                        owners = tuple(sorted({_owner(graph.files, t) or t for t in targets}))
                        reason = _reason(lines, body if isinstance(body, list) and child in body else [child], child)
                        graph.function_imports.append(
                            FunctionImport(module, child.lineno, ast.unparse(child), owners, reason))
                    continue
                if isinstance(child, ast.Call):
                    target = _string_target(child)
                    if target and target.startswith("crmdesk"):
                        add("string", target)
                if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                    walk(ast.Module(body=child.body, type_ignores=[]), in_function, True)
                    walk(ast.Module(body=child.orelse, type_ignores=[]), in_function, typing_only)
                    continue
                nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                walk(child, nested, typing_only)

        walk(ast.parse(source), False, False)
    for module in graph.files:  # the implicit edge to a package whose __init__ runs imports of its own
        parts = module.split(".")
        for depth in range(1, len(parts)):
            package = ".".join(parts[:depth])
            if package in graph.files and (graph.edges["module"].get(package) or graph.edges["function"].get(package)):
                graph.edges["package"][module].add(package)
    return graph


def sccs(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return sorted(out)


def cycle_edges(edges: dict[str, set[str]], component: list[str]) -> list[str]:
    """The edges inside one cycle, ``a -> b``, so a reader sees which import to cut."""
    members = set(component)
    return [f"{a} -> {b}" for a in component for b in sorted(edges.get(a, ())) if b in members]


def domain_of(module: str) -> str:
    """``crmdesk.core.tickets.service`` -> ``crmdesk.core.tickets``; a module at the top of a layer is its own."""
    return ".".join(module.split(".")[:3])


def domain_cycles(graph: Graph) -> list[list[str]]:
    """Cycles between domains (module and function edges; edges inside one domain left out)."""
    edges: dict[str, set[str]] = collections.defaultdict(set)
    for source, targets in graph.merged(("module", "function")).items():
        for target in targets:
            a, b = domain_of(source), domain_of(target)
            if a != b and not b.startswith(a + ".") and not a.startswith(b + "."):
                edges[a].add(b)
    nodes = sorted({domain_of(m) for m in graph.files})
    return [cycle_edges(edges, component) for component in sccs(nodes, edges)]


def report(graph: Graph) -> dict:
    """Everything the printed report and ``--json`` show."""
    own = [f for f in graph.function_imports if f.targets]
    layers = {"module-level": ("module",), "+ function-level": ("module", "function"),
              "+ TYPE_CHECKING": CYCLE_KINDS, "+ strings and package __init__": KINDS}
    return {
        "modules": len(graph.files),
        "edges": {kind: sum(len(t) for t in graph.edges[kind].values()) for kind in KINDS},
        "function_level_imports": {"crmdesk": len(own), "crmdesk_without_reason": len(graph.unexplained()),
                                   "third_party": len(graph.function_imports) - len(own)},
        "cycles": {name: graph.cycles(kinds) for name, kinds in layers.items()},
        "domain_cycles": domain_cycles(graph),
        "function_imports": [vars(f) | {"targets": list(f.targets)} for f in own],
    }


def sizes(graph: Graph) -> dict[str, tuple[int, int]]:
    """Per package: how many modules sit directly in it and their lines."""
    out: dict[str, list[int]] = {}
    for module, path in graph.files.items():
        if path.name != "__init__.py":
            entry = out.setdefault(module.rsplit(".", 1)[0], [0, 0])
            entry[0] += 1
            entry[1] += len(path.read_text(encoding="utf-8").splitlines())
    return {package: (n, lines) for package, (n, lines) in sorted(out.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("tree", nargs="?", default=pathlib.Path(__file__).resolve().parents[1], type=pathlib.Path)
    parser.add_argument("--check", action="store_true", help="exit 1 on a cycle or a function-level import "
                                                              "of a crmdesk module without its start-up reason")
    parser.add_argument("--list-function-level", action="store_true", help="every function-level crmdesk import")
    parser.add_argument("--packages", action="store_true", help="modules per package and their lines")
    parser.add_argument("--json", type=pathlib.Path, help="write the whole report as JSON")
    args = parser.parse_args(argv)
    graph = build(args.tree)
    data = report(graph)
    print(f"modules {data['modules']}; edges " + ", ".join(f"{k} {v}" for k, v in data["edges"].items()))
    counts = data["function_level_imports"]
    print(f"function-level imports: crmdesk {counts['crmdesk']} ({counts['crmdesk_without_reason']} without a "
          f"start-up reason), third-party {counts['third_party']}")
    for name, cycles in data["cycles"].items():
        print(f"cycles, {name}: {len(cycles)}")
        for cycle in cycles:
            print("   ", " | ".join(cycle))
    print(f"cycles between domains (module + function level): {len(data['domain_cycles'])}")
    for cycle in data["domain_cycles"]:
        print("   ", " | ".join(cycle))
    if args.packages:
        for package, (n, lines) in sizes(graph).items():
            print(f"  {package:40} {n:3} modules {lines:6} lines")
    if args.list_function_level:
        for item in graph.function_imports:
            if item.targets:
                print(f"  {' ' if item.reason else '!'} {item.module}:{item.line}  {item.statement}")
    if args.json:
        args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.check:
        return 1 if graph.cycles() or graph.unexplained() else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
