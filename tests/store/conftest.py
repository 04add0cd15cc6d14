"""A small corpus of five files (one nested, one Markdown) for the cache tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    for i, city in enumerate(["Charkiv", "Cherson", "Odessa", "Lviv"]):
        (root / f"a{i}.txt").write_text(
            f" date 2022-0{i + 3} Aanvallen op {city}, meldt de gouverneur.\n", encoding="utf-8"
        )
    (root / "sub" / "deep.md").write_text(
        "# Titel over Kiev\nRaketten op Kiev en Dnipro.\n", encoding="utf-8"
    )
    return root
