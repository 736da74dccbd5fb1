"""docs/ci.md's pre-commit set-up and workflow, run for real: pre-commit in a scratch repository.

The configuration and the workflow's check command are read out of docs/ci.md; only the hook
repository and its `rev` point at a copy of this checkout. pre-commit builds the hook's own
environment from it (pip install), as it would from GitHub: the one slow test here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CI_DOC = ROOT / "docs" / "ci.md"
TREEMIND = [sys.executable, "-m", "treemind_render"]


def doc_yaml(first_line: str) -> str:
    """The ```yaml block of docs/ci.md whose first line is `first_line`."""
    blocks = re.findall(r"^```yaml\n(.*?)^```", CI_DOC.read_text(encoding="utf-8"), flags=re.M | re.S)
    found = [b for b in blocks if b.splitlines()[0].strip() == first_line]
    assert len(found) == 1, f"docs/ci.md: one yaml block starting {first_line!r}"
    return found[0]


def workflow() -> dict:
    return yaml.safe_load(doc_yaml("# .github/workflows/mind-maps.yml"))


def test_the_workflow_installs_a_pinned_treemind_from_source() -> None:
    flow = workflow()
    spec = flow["env"]["TREEMIND"]
    assert re.fullmatch(r"treemind-render @ git\+https://\S+@[\w.-]+", spec), spec
    installs = [
        step["run"]
        for job in flow["jobs"].values()
        for step in job["steps"]
        if "pip install" in step.get("run", "")
    ]
    assert installs and all('pip install "$TREEMIND"' in run for run in installs), installs


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def hook_repository(tmp: Path) -> tuple[Path, str]:
    """This checkout's package and hooks file, committed in a repository of their own."""
    repo = tmp / "treemind-render"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    for name in ("treemind_render", "themes"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hooks")
    return repo, git(repo, "rev-parse", "HEAD").strip()


@pytest.mark.slow
@pytest.mark.graphviz
def test_precommit_renders_beside_the_outlines_fails_once_then_the_commit_and_the_ci_check_pass(
    tmp_path: Path,
) -> None:
    if not shutil.which("pre-commit") and not (Path(sys.executable).parent / "pre-commit").exists():
        pytest.fail("pre-commit is not installed: pip install -e '.[test]'")
    precommit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    hooks, rev = hook_repository(tmp_path)
    config = doc_yaml("# .pre-commit-config.yaml")
    config = config.replace("https://github.com/OWNER/treemind-render", str(hooks))
    config = re.sub(r"rev: \S+", f"rev: {rev}", config)

    project = tmp_path / "project"
    (project / "docs" / "outlines").mkdir(parents=True)
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (project / "README.md").write_text("# Project\n\n- not a map\n", encoding="utf-8")
    (project / "docs" / "outlines" / "plan.md").write_text("# Plan\n- Goals\n- Risks\n", encoding="utf-8")
    (project / "docs" / "outlines" / "notes.txt").write_text("Notes\n  One\n  Two\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    # the hook environment is built from PyPI like a user's; pip's own cache is kept between runs
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [precommit, *args], cwd=project, capture_output=True, text=True, env=env, timeout=600, check=False
        )

    first = run("run")
    assert first.returncode == 1, first.stdout + first.stderr  # it wrote images: look, stage, commit again
    outlines = project / "docs" / "outlines"
    assert sorted(p.name for p in outlines.iterdir()) == ["notes.svg", "notes.txt", "plan.md", "plan.svg"]
    assert not (project / "README.svg").exists()  # outside `files:`
    assert b"<svg" in (outlines / "plan.svg").read_bytes()

    git(project, "add", "-A")
    second = run("run")
    assert second.returncode == 0, second.stdout + second.stderr
    everything = run("run", "--all-files")  # the images are passed to no hook: they are not outlines
    assert everything.returncode == 0, everything.stdout + everything.stderr
    git(project, "commit", "-q", "-m", "maps")
    assert git(project, "status", "--porcelain") == ""

    # the workflow's pull-request check agrees with where the hook writes
    check_step = next(
        s for s in workflow()["jobs"]["check"]["steps"] if s.get("name", "").endswith("current?")
    )
    command = shlex.split(check_step["run"])
    assert command[:2] == ["treemind", "render"]
    check = subprocess.run(
        [*TREEMIND, *command[1:]], cwd=project, capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stderr
    (outlines / "plan.md").write_text("# Plan\n- Goals\n- Risks\n- Budget\n", encoding="utf-8")
    stale = subprocess.run(
        [*TREEMIND, *command[1:]], cwd=project, capture_output=True, text=True, check=False
    )
    assert stale.returncode == 1 and "stale: docs/outlines/plan.svg" in stale.stderr, stale.stderr


@pytest.mark.graphviz
def test_the_local_hook_of_docs_ci_md(tmp_path: Path) -> None:
    """The `repo: local` variant, with treemind from this environment on PATH."""
    precommit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    local = doc_yaml("- repo: local")
    project = tmp_path / "project"
    (project / "docs" / "outlines").mkdir(parents=True)
    (project / ".pre-commit-config.yaml").write_text("repos:\n" + local, encoding="utf-8")
    (project / "docs" / "outlines" / "plan.md").write_text("# Plan\n- Goals\n", encoding="utf-8")
    (project / "notes.md").write_text("# Notes\n- not a map\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [precommit, "run"], cwd=project, capture_output=True, text=True, env=env, timeout=120, check=False
        )

    assert run().returncode == 1  # wrote docs/outlines/plan.svg
    assert (project / "docs" / "outlines" / "plan.svg").exists() and not (project / "notes.svg").exists()
    git(project, "add", "-A")
    second = run()
    assert second.returncode == 0, second.stdout
