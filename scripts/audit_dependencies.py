"""Audit the locked dependencies for known vulnerabilities with pip-audit (`make audit`).

pip-audit asks PyPI's JSON API (or OSV) about every pinned package. Where neither answers it
marks each package "could not be audited" and still prints "No known vulnerabilities found";
this script reads its JSON instead and says what really happened:

- some packages audited, no vulnerability: prints the counts, exits 0;
- a known vulnerability: lists each, exits 1;
- nothing could be audited (no vulnerability database reachable): prints
  "skipped: no vulnerability database reachable", exits 0 — a skip, not a pass.

    python scripts/audit_dependencies.py [--pip-audit PATH] [--lock requirements.lock]
"""

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300


def run_pip_audit(pip_audit: str, lock: Path) -> tuple[dict | None, str]:
    command = [
        pip_audit,
        "--requirement",
        str(lock),
        "--no-deps",  # the lock pins every package already
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ]
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            command, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        return None, f"pip-audit did not answer within {TIMEOUT} s"
    try:
        return json.loads(result.stdout), result.stderr
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"pip-audit failed (exit {result.returncode}): {last[:300]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", default=shutil.which("pip-audit") or "pip-audit")
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    args = parser.parse_args()

    report, problem = run_pip_audit(args.pip_audit, args.lock)
    if report is None:
        print(f"skipped: no vulnerability database reachable ({problem})")
        return 0
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = [d for d in dependencies if not d.get("skip_reason")]
    vulnerable = [(d, v) for d in audited for v in d.get("vulns", [])]
    if not audited:
        reason = skipped[0]["skip_reason"] if skipped else "no packages found"
        print(
            f"skipped: no vulnerability database reachable — pip-audit could audit none of the "
            f"{len(dependencies)} locked packages (e.g. “{reason}”)"
        )
        return 0
    for dependency, vulnerability in vulnerable:
        fixes = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed version yet"
        print(
            f"VULNERABLE {dependency['name']} {dependency['version']}: {vulnerability['id']} "
            f"(fixed in: {fixes})"
        )
    print(
        f"pip-audit: {len(audited)} locked packages audited, {len(skipped)} could not be "
        f"audited, {len(vulnerable)} known vulnerabilities"
    )
    for dependency in skipped:
        print(f"  not audited: {dependency['name']}: {dependency['skip_reason']}")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
