"""What keeps a fresh checkout working: every import declared and locked, every bench run by
CI in its smoke mode."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from consult import PROJECT_ROOT

NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")
PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*groups: str) -> set[str]:
    project = PYPROJECT["project"]
    requirements = list(project["dependencies"])
    for group in groups:
        requirements += project["optional-dependencies"][group]
    return {normalised(NAME.match(requirement).group(1)) for requirement in requirements}


def locked(lock: str) -> set[str]:
    text = (PROJECT_ROOT / lock).read_text()
    return {normalised(name) for name in re.findall(r"^([A-Za-z0-9][\w.-]*)==", text, re.M)}


def imported_distributions(*folders: str) -> dict[str, set[str]]:
    """Distribution -> the files importing it, for every third-party import of the folders."""
    local = {"consult", "tests"} | {path.stem for path in (PROJECT_ROOT / "bench").glob("*.py")}
    providers = packages_distributions()
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top in sys.stdlib_module_names or top in local:
                        continue
                    for distribution in providers.get(top, [top]):
                        found.setdefault(normalised(distribution), set()).add(str(path))
    return found


def test_the_app_imports_only_what_it_declares():
    undeclared = set(imported_distributions("consult", "migrations")) - declared()
    assert not undeclared, f"imported by the app, not in pyproject's dependencies: {undeclared}"


def test_tests_and_benches_import_only_what_is_declared():
    undeclared = set(imported_distributions("tests", "bench")) - declared("dev")
    assert not undeclared, f"imported, not in pyproject (dependencies or dev): {undeclared}"


def test_the_locks_pin_every_declared_package():
    assert declared() - locked("requirements.lock") == set(), "run make lock"
    assert declared("dev") - locked("requirements-dev.lock") == set(), "run make lock"


# Benches CI cannot run, with the reason.
NOT_IN_CI = {
    "lighthouse": "needs the npm package lighthouse, installed by hand (docs/benchmarks.md)"
}


def test_every_bench_runs_in_ci_in_its_smoke_mode():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    in_smoke = set(re.search(r"^BENCH_SMOKE := (.+)$", makefile, re.M).group(1).split())
    runnable = {
        path.stem
        for path in (PROJECT_ROOT / "bench").glob("*.py")
        if 'if __name__ == "__main__":' in path.read_text() and path.stem not in NOT_IN_CI
    }
    assert runnable and in_smoke == runnable
    for name in runnable:
        assert '"--smoke"' in (PROJECT_ROOT / "bench" / f"{name}.py").read_text(), name
    assert "make bench-smoke" in (PROJECT_ROOT / ".ci" / "run").read_text()
