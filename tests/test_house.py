"""The layout holds: three packages in layers (the application over the Scrapy project over the
pipelines), no import circles, no SQL in the command line, modules a reader can take in one
sitting, and a wheel that installs the product and nothing of its tests or generators."""

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawler", "pipelines", "tradepress")
# Layers: a package may import the ones after it, never the ones before.
LAYERS = {"tradepress": {"crawler", "pipelines"}, "crawler": {"pipelines"}, "pipelines": set()}
MAX_LINES = 500
SQL_WORDS = ("select ", "insert ", "update ", "delete from", "create table", "pragma ")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py")
                  if "samplesite/site" not in p.as_posix())


MODULES = {module_name(p): p for p in python_files(*PACKAGES)}


def imports_of(path: Path) -> set[str]:
    """The project modules a module imports, anywhere in it (inside functions too)."""
    found = set()
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                     for alias in node.names]
        else:
            continue
        found |= {name for name in names if name.split(".")[0] in PACKAGES}
    return found


GRAPH = {name: {i for i in imports_of(path) if i in MODULES} for name, path in MODULES.items()}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_layers(name):
    top = name.split(".")[0]
    for imported in imports_of(MODULES[name]):
        other = imported.split(".")[0]
        assert other == top or other in LAYERS[top], f"{name} imports {imported}"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_circles():
    assert find_cycle(GRAPH) is None, " -> ".join(find_cycle(GRAPH) or [])


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_import_reader_sees_imports_inside_functions():
    assert "tradepress.research.queries" in imports_of(ROOT / "tradepress/cli/research.py")
    assert "crawler.runner" in imports_of(ROOT / "tradepress/cli/crawling.py")


def test_the_command_line_holds_no_sql():
    for path in python_files("tradepress/cli"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = " ".join(node.value.lower().split())
                assert not any(text.startswith(w) or f" {w}" in f" {text}" and " from " in text
                               for w in SQL_WORDS), f"SQL in {path.name}: {node.value[:60]!r}"


@pytest.mark.parametrize("path", python_files(*PACKAGES, "tests", "benchmarks"),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_modules_are_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel built from a clean copy of the checkout (no build/ or egg-info left over)."""
    source = tmp_path_factory.mktemp("source") / "tradepress"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "build", "*.egg-info", "__pycache__", ".pytest_cache", "*.db",
        "*.db-*", "warc", "jobs", "logs"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(out), str(source)], check=True, timeout=300,
                   capture_output=True)
    (found,) = out.glob("tradepress-*.whl")
    return zipfile.ZipFile(found).namelist()


def test_the_wheel_holds_the_product_and_nothing_else(wheel):
    tops = {name.split("/")[0] for name in wheel if not name.split("/")[0].endswith(".dist-info")}
    assert tops == set(PACKAGES)
    assert not [n for n in wheel if n.startswith(("tests/", "benchmarks/", "data/"))]
    assert not [n for n in wheel if "build.py" in n or "faultsite" in n or "/source/" in n]
    assert "pipelines/archive/schema.toml" in wheel
    assert "pipelines/extract/data/boilerplate.toml" in wheel
    assert "pipelines/extract/data/lexicon.toml" in wheel
    assert "pipelines/extract/data/towns.toml" in wheel
    assert "crawler/samplesite/sites/civic-ledger.toml" in wheel
    assert "tradepress/cli/__init__.py" in wheel
    shipped = {n for n in wheel if n.endswith(".py")}
    expected = {p.relative_to(ROOT).as_posix() for p in python_files(*PACKAGES)}
    assert shipped == expected
