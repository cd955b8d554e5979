"""The shape of the house (issue #14, ARCHITECTURE.md): module sizes, the direction of imports,
no import cycle, only public APIs of the printing and spreadsheet libraries, and a map whose
paths exist."""

import ast
import re
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(settings.BASE_DIR)
APPS = ("salesplan", "customers", "competition", "planning")
# Lowest first: an app may import only apps to its left (salesplan holds the shared pieces).
LAYERS = {"salesplan": 0, "customers": 1, "competition": 2, "planning": 3}
MAX_LINES = 400
LIBRARIES = ("weasyprint", "openpyxl", "pypdf", "simple_history", "pandas")
FORBIDDEN_TEXT = ("weasyprint.layout", "make_margin_boxes", "page_maker")
# Underscored names that their owners document as public: Django's Model `_meta` API,
# simple-history's `_change_reason` and `_history_user` (set on an instance before one save,
# its "History Model Change Reason" and "User Tracking" pages), and the standard `os._exit`.
DOCUMENTED = {"_meta", "_change_reason", "_history_user", "_exit"}


def product_modules() -> dict[str, Path]:
    """Dotted name → path of every product module (migrations aside)."""
    modules = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_names(tree: ast.Module, module: str, *, top_level_only: bool) -> set[str]:
    """The dotted names a module imports (with `from x import y`, both x and x.y)."""
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names = set()
    package = module if module.count(".") == 0 else module.rsplit(".", 1)[0]
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


class ArchitectureTests(SimpleTestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.modules = product_modules()
        cls.trees = {name: ast.parse(path.read_text()) for name, path in cls.modules.items()}

    def test_no_product_module_is_longer_than_400_lines(self):
        long = {
            name: lines
            for name, path in self.modules.items()
            if (lines := len(path.read_text().splitlines())) > MAX_LINES
        }
        self.assertEqual(long, {})

    def test_apps_import_only_apps_below_them(self):
        wrong = []
        for name, tree in self.trees.items():
            app = name.split(".")[0]
            for imported in imported_names(tree, name, top_level_only=False):
                target = imported.split(".")[0]
                # salesplan.urls is the only module that sees every app.
                if target in LAYERS and LAYERS[target] > LAYERS[app] and name != "salesplan.urls":
                    wrong.append(f"{name} imports {imported}")
        self.assertEqual(sorted(set(wrong)), [])

    def test_no_import_cycle_between_product_modules(self):
        graph = defaultdict(set)
        for name, tree in self.trees.items():
            for imported in imported_names(tree, name, top_level_only=True):
                # `from planning.numbers import grids` names a module; `… import CENT` does not.
                # A module importing its own package's __init__ is no cycle of ours.
                if imported in self.modules and not name.startswith(imported):
                    graph[name].add(imported)
        cycles = []
        state: dict[str, int] = {}

        def visit(node, trail):
            state[node] = 1
            for nxt in sorted(graph[node]):
                if state.get(nxt) == 1:
                    cycles.append(" → ".join([*trail[trail.index(nxt) :], nxt]))
                elif nxt not in state:
                    visit(nxt, [*trail, nxt])
            state[node] = 2

        for node in sorted(self.modules):
            if node not in state:
                visit(node, [node])
        self.assertEqual(cycles, [])

    def test_no_private_attribute_of_a_library_is_used(self):
        """In modules that use WeasyPrint, openpyxl, pypdf, simple-history or pandas, nothing
        reads an attribute starting with `_` except on the module's own objects."""
        found = []
        for name, tree in self.trees.items():
            source = self.modules[name].read_text()
            found.extend(f"{name}: {text}" for text in FORBIDDEN_TEXT if text in source)
            uses_library = any(
                imported.split(".")[0] in LIBRARIES
                for imported in imported_names(tree, name, top_level_only=False)
            )
            if not uses_library:
                continue
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr.startswith("_")
                    and not node.attr.startswith("__")
                    and node.attr not in DOCUMENTED
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
                    and not (
                        isinstance(node.value, ast.Name) and node.value.id in self.local_names(tree)
                    )
                ):
                    found.append(f"{name}:{node.lineno} .{node.attr}")
        self.assertEqual(found, [])

    @staticmethod
    def local_names(tree: ast.Module) -> set[str]:
        """Modules of this project imported by name: their `_private` helpers are ours."""
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in APPS:
                names.update(alias.asname or alias.name for alias in node.names)
        return names

    def test_the_forbidden_names_check_would_catch_a_use(self):
        tree = ast.parse("import openpyxl\nbook = openpyxl.Workbook()\nbook._archive.close()\n")
        private = [
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_")
        ]
        self.assertEqual(private, ["_archive"])
        self.assertIn("openpyxl", imported_names(tree, "x", top_level_only=False))

    def test_every_path_architecture_md_names_exists(self):
        text = (ROOT / "ARCHITECTURE.md").read_text()
        paths = set(
            re.findall(
                r"`((?:planning|customers|competition|salesplan|templates|static|tests|scripts)/[\w./-]*)`",
                text,
            )
        )
        self.assertGreater(len(paths), 20)
        missing = sorted(path for path in paths if not (ROOT / path.rstrip("/")).exists())
        self.assertEqual(missing, [])
