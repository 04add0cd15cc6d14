"""The shape the layout promises (issue 7): a tree that tells the data's path, small modules, thin pages.

These are the measurable parts of "someone reading only the tree can say where a change belongs": few
top-level modules, every sub-package documented, no module over 450 lines or function over 80, Streamlit
only at the edge, no private name reached across modules, pages that compose view functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "components"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
STREAMLIT_ALLOWED = (PACKAGE / "views",)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_few_modules_directly_in_components():
    top = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert len(top) <= 6, top


def test_every_sub_package_opens_with_a_docstring():
    for init in PACKAGE.rglob("__init__.py"):
        if init.parent == PACKAGE or "__pycache__" in init.parts:
            continue
        assert ast.get_docstring(_tree(init)), f"{init.relative_to(REPO)} has no docstring"
    assert ast.get_docstring(_tree(PACKAGE / "__init__.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_modules_and_functions_stay_small(path: Path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 450, f"{lines} lines"
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            assert length <= 80, f"{node.name} is {length} lines"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_streamlit_only_in_views_and_no_private_names_across_modules(path: Path):
    in_views = any(parent in path.parents for parent in STREAMLIT_ALLOWED)
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import | ast.ImportFrom) and not in_views:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            uses_streamlit = any(n.split(".")[0] == "streamlit" for n in names)
            assert not uses_streamlit, f"line {node.lineno} imports streamlit"
        if isinstance(node, ast.ImportFrom):
            private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
            assert not private, f"line {node.lineno} imports private {private}"
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = node.value
            assert isinstance(owner, ast.Name) and owner.id in ("self", "cls"), (
                f"line {node.lineno} reaches {ast.unparse(node)}"
            )


def test_pages_are_thin():
    for page in (REPO / "app_pages").glob("*.py"):
        assert page.read_text(encoding="utf-8").count("\n") <= 40, page.name
