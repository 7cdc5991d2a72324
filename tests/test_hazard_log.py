"""docs/clinical-safety.md stays honest: every test it cites exists, and every rating fits.

The hazard log names tests as `tests/file.py::test_name`. Each must be a real function in a
real file, marked xfail exactly when the log says it is expected to fail; each hazard's ratings
must match the DCB0129 matrix; every hazard a test mentions must be in the log.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "clinical-safety.md"
CITED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`( \*\(expected to fail until fixed\)\*)?")
SECTION = re.compile(r"^### (H\d+) — (.+)$", re.MULTILINE)
RATING = re.compile(r"Severity (\w+), likelihood ([\w ]+?): \*\*(\d)\*\*")
LIKELIHOODS = ("Very low", "Low", "Medium", "High", "Very high")
MATRIX = {"Catastrophic": (3, 4, 4, 5, 5), "Major": (2, 3, 3, 4, 5), "Considerable": (2, 2, 3, 3, 4),
          "Significant": (1, 2, 2, 3, 4), "Minor": (1, 1, 2, 2, 3)}
REQUIRED = ("risk statement is missed", "False reassurance", "phone number",
            "outside its area or age range", "quick exit fails", "Chat text leaks",
            "directory is unavailable")


def _text() -> str:
    return LOG.read_text(encoding="utf-8")


def _hazards() -> dict[str, str]:
    """Each hazard id to the text of its section."""
    text = _text()
    marks = list(SECTION.finditer(text))
    ends = [m.start() for m in marks[1:]] + [text.index("## Data protection note")]
    return {m.group(1): text[m.start():end] for m, end in zip(marks, ends, strict=True)}


@cache
def _functions(path: str) -> dict[str, bool]:
    """Test functions in a file, each with whether it is marked xfail."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return {node.name: any("xfail" in ast.unparse(d) for d in node.decorator_list)
            for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def _citations() -> list[tuple[str, str, bool]]:
    return sorted({(m.group(1), m.group(2), bool(m.group(3))) for m in CITED.finditer(_text())})


def test_the_log_cites_tests():
    assert len(_citations()) >= 30


@pytest.mark.parametrize(("path", "name", "expected_to_fail"), _citations(),
                         ids=[f"{p}::{n}" for p, n, _ in _citations()])
def test_every_cited_test_exists(path, name, expected_to_fail):
    assert (ROOT / path).is_file(), f"{path} is cited in {LOG.name} but does not exist"
    found = _functions(path)
    assert name in found, f"{path}::{name} is cited in {LOG.name} but is not defined"
    assert found[name] == expected_to_fail, (
        f"{path}::{name}: the log says expected-to-fail={expected_to_fail}; the test says otherwise")


def test_the_log_covers_the_hazards_a_deployer_will_ask_about():
    titles = " / ".join(title for title, *_ in (s.splitlines()[0:1] for s in _hazards().values()))
    for phrase in REQUIRED:
        assert phrase.lower() in titles.lower(), phrase


@pytest.mark.parametrize("hazard", sorted(_hazards()), ids=str)
def test_each_hazard_is_complete_and_rated_by_the_matrix(hazard):
    section = _hazards()[hazard]
    for row in ("Hazard", "Cause", "Effect", "Harm", "Existing controls", "Initial risk",
                "Residual risk", "Evidence"):
        assert f"| {row} |" in section, f"{hazard} has no '{row}' row"
    ratings = RATING.findall(section)
    assert len(ratings) == 2, f"{hazard} needs an initial and a residual rating"
    for severity, likelihood, rating in ratings:
        assert severity in MATRIX and likelihood in LIKELIHOODS, (severity, likelihood)
        assert MATRIX[severity][LIKELIHOODS.index(likelihood)] == int(rating), (hazard, severity,
                                                                                likelihood)
    evidence = next(line for line in section.splitlines() if line.startswith("| Evidence |"))
    assert CITED.search(evidence), f"{hazard} cites no test"


def test_every_hazard_a_test_mentions_is_in_the_log():
    known = set(_hazards())
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for hazard in re.findall(r"hazard (H\d+)", path.read_text(encoding="utf-8")):
            assert hazard in known, f"{path.name} mentions {hazard}, which is not in the log"
