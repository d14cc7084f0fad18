"""Smoke test of the frozen app: start the built program and run the main flows from it.

    .venv/bin/python installer/smoke_test.py [PROGRAM]     # default dist/ThiDuaBacNinh/thidua(-cli.exe)

Every step runs the program the way a commune PC would: a minimal environment (no PYTHONPATH, no
virtualenv, HOME in a temporary folder) with a PATH on which there is no Python at all, from a working
folder outside the repository, and on Linux inside a new network namespace with no network (unshare),
when the kernel allows it. The flows: --version; the province workspace and its key; a commune set up
with that key; demo data; enrolment of the commune's signing key; export of the data file and its
import at the province; a PDF printed (checked: a real PDF with pages) and its Word copy (python-docx's
template shipped); check and backup; and the window, opened offscreen and closed once the workspace is
shown (DESKTOP_SMOKE_QUIT_AFTER_SHOW).

The flows are also used by tests/test_no_network.py with ``python -m desktop`` as the program, so the
step list is importable: ``steps()`` and ``run_steps(prefix, ...)``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IS_WINDOWS = sys.platform == "win32"
VERSION = re.search(r'__version__ = "([^"]+)"', (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")).group(1)
DEFAULT_PROGRAM = ROOT / "dist" / "ThiDuaBacNinh" / ("thidua-cli.exe" if IS_WINDOWS else "thidua")


@dataclass
class Step:
    name: str
    args: Callable[[Work], list[str]]
    check: Callable[[Work, subprocess.CompletedProcess], None] = lambda w, p: None
    env: dict[str, str] = field(default_factory=dict)
    timeout: int = 180


@dataclass
class Work:
    root: Path

    @property
    def province(self) -> Path:
        return self.root / "province"

    @property
    def commune(self) -> Path:
        return self.root / "commune"

    @property
    def out(self) -> Path:
        return self.root / "out"


def _expect(cond: bool, message: str) -> None:
    if not cond:
        raise AssertionError(message)


def _check_version(w: Work, p: subprocess.CompletedProcess) -> None:
    _expect(VERSION in p.stdout, f"--version printed {p.stdout!r}, expected {VERSION}")


def _check_init(w: Work, p: subprocess.CompletedProcess) -> None:
    _expect("Xã Tiên Du" in p.stdout and "09319" in p.stdout, "init did not name the commune")
    _expect((w.commune / "thidua.sqlite3").is_file(), "no database file after init")


def _check_demo(w: Work, p: subprocess.CompletedProcess) -> None:
    _expect("Đã tạo dữ liệu mẫu" in p.stdout, "demo printed no summary")


def _check_export(w: Work, p: subprocess.CompletedProcess) -> None:
    files = list((w.out / "export").glob("*.tdkt"))
    _expect(len(files) == 1 and files[0].stat().st_size > 1000, f"expected one .tdkt file, found {files}")


def _check_stats(w: Work, p: subprocess.CompletedProcess) -> None:
    _expect("09319" in p.stdout, f"the province has no data from 09319 after import: {p.stdout[:400]}")


def _check_pdf(w: Work, p: subprocess.CompletedProcess) -> None:
    pdf = w.out / "dang-ky.pdf"
    data = pdf.read_bytes() if pdf.is_file() else b""
    _expect(data.startswith(b"%PDF-"), "the printed file is not a PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    _expect(pages >= 1, "the PDF has no pages")
    _expect(b"/FontFile2" in data, "the PDF embeds no TrueType font (Vietnamese needs the embedded font)")


def _check_docx(w: Work, p: subprocess.CompletedProcess) -> None:
    import zipfile

    docx = w.out / "dang-ky.docx"
    _expect(docx.is_file() and zipfile.is_zipfile(docx), "the Word copy is not a .docx (python-docx's template?)")
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    _expect("đăng ký thi đua" in body and "w:tblHeader" in body, "the Word copy lacks the list or its header rows")


def _check_backup(w: Work, p: subprocess.CompletedProcess) -> None:
    _expect(any((w.commune / "backups").iterdir()), "no backup file written")


def _check_window(lang: str, title_word: str) -> Callable[[Work, subprocess.CompletedProcess], None]:
    def check(w: Work, p: subprocess.CompletedProcess) -> None:
        line = next((ln for ln in p.stdout.splitlines() if ln.startswith("smoke: window shown")), "")
        _expect(f"language={lang}" in line, f"window not shown in {lang}: {line!r}")
        _expect(title_word in line, f"window title lacks {title_word!r}: {line!r}")
    return check


def steps() -> list[Step]:
    c = lambda w: ["--data-dir", str(w.commune)]  # noqa: E731
    pv = lambda w: ["--data-dir", str(w.province)]  # noqa: E731
    return [
        Step("--version", lambda w: ["--version"], _check_version),
        Step("province init", lambda w: pv(w) + ["province", "init", "--key-out", str(w.out / "province.json")]),
        Step("init (commune, with province key)", lambda w: c(w) + [
            "init", "--commune", "09319", "--officer", "Nguyễn Thị Hoa",
            "--council", "Lê Văn Minh|Chủ tịch Hội đồng|Chủ tịch UBND xã",
            "--province-key", str(w.out / "province.json"),
            # what the province would read by phone (this build pins no key)
            "--province-fingerprint", json.loads((w.out / "province.json").read_text("utf-8"))["fingerprint"]],
             _check_init),
        Step("demo --people 200", lambda w: c(w) + ["demo", "--people", "200", "--seed", "7"], _check_demo),
        Step("enrol-request", lambda w: c(w) + ["enrol-request", "--out", str(w.out / "enrol.json")]),
        Step("province enrol --yes", lambda w: pv(w) + ["province", "enrol", str(w.out / "enrol.json"), "--yes"]),
        Step("export", lambda w: c(w) + ["export", "--out", str(w.out / "export")], _check_export),
        Step("province import", lambda w: pv(w) + ["province", "import", *map(str, (w.out / "export").glob("*.tdkt")),
                                                   "--receipts", str(w.out / "receipts")]),
        Step("province stats", lambda w: pv(w) + ["province", "stats", "--json"], _check_stats),
        Step("print registrations", lambda w: c(w) + ["print", "registrations", "--out", str(w.out / "dang-ky.pdf")],
             _check_pdf),
        Step("print registrations as Word", lambda w: c(w) + ["print", "registrations", "--out",
                                                              str(w.out / "dang-ky.docx")], _check_docx),
        Step("check", lambda w: c(w) + ["check"]),
        Step("backup", lambda w: c(w) + ["backup"], _check_backup),
        Step("window (offscreen, closes once shown)", lambda w: c(w), _check_window("vi", "Phần mềm"),
             env={"QT_QPA_PLATFORM": "offscreen", "DESKTOP_SMOKE_QUIT_AFTER_SHOW": "1"}, timeout=120),
        Step("window in English (compiled catalogue shipped)", lambda w: c(w), _check_window("en", "software"),
             env={"QT_QPA_PLATFORM": "offscreen", "DESKTOP_SMOKE_QUIT_AFTER_SHOW": "1", "THIDUA_LANG": "en"},
             timeout=120),
    ]


def minimal_env(work: Path) -> dict[str, str]:
    """What a fresh user session offers, and no more: no Python on PATH, nothing Python-specific."""
    home = work / "home"
    empty_bin = work / "bin"  # PATH points here: an empty folder, so no python, no tools
    for d in (home, empty_bin):
        d.mkdir(parents=True, exist_ok=True)
    env = {"PATH": str(empty_bin), "HOME": str(home), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "DESKTOP_MACHINE_SECRET_DIR": str(work / "machine-secret"), "TMPDIR": str(work / "tmp")}
    (work / "tmp").mkdir(exist_ok=True)
    if IS_WINDOWS:  # Windows will not start a program without these
        for k in ("SYSTEMROOT", "WINDIR", "COMSPEC", "NUMBER_OF_PROCESSORS", "PROCESSOR_ARCHITECTURE"):
            if k in os.environ:
                env[k] = os.environ[k]
        env.update({"USERPROFILE": str(home), "APPDATA": str(home / "AppData" / "Roaming"),
                    "LOCALAPPDATA": str(home / "AppData" / "Local"), "TEMP": str(work / "tmp"),
                    "TMP": str(work / "tmp"),
                    "PATH": str(empty_bin) + ";" + os.environ.get("SYSTEMROOT", "") + r"\System32"})
    else:
        env.update({"XDG_DATA_HOME": str(home / ".local/share"), "XDG_CONFIG_HOME": str(home / ".config"),
                    "XDG_CACHE_HOME": str(home / ".cache"), "XDG_RUNTIME_DIR": str(work / "run")})
        (work / "run").mkdir(mode=0o700, exist_ok=True)
    return env


def offline_wrapper() -> list[str]:
    """On Linux: run each step in a network namespace with no interfaces (proves it works offline)."""
    unshare = shutil.which("unshare")
    if IS_WINDOWS or unshare is None:
        return []
    for args in ([unshare, "-rn"], [unshare, "-n"]):
        if subprocess.run([*args, "true"], capture_output=True).returncode == 0:
            return args
    return []


def run_steps(prefix: list[str], work: Path, env: dict[str, str], wrapper: list[str] | None = None,
              only: Callable[[Step], bool] = lambda s: True, log=print) -> list[tuple[str, float]]:
    """Run every step with ``prefix`` as the program; raise AssertionError on the first failure."""
    w = Work(work)
    (w.out / "export").mkdir(parents=True, exist_ok=True)  # the folder the file is sent from (a USB stick)
    timings = []
    for step in steps():
        if not only(step):
            continue
        cmd = [*(wrapper or []), *prefix, *step.args(w)]
        t0 = time.monotonic()
        try:
            proc = subprocess.run(cmd, cwd=work, env={**env, **step.env}, capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", timeout=step.timeout)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"step {step.name!r} did not finish in {step.timeout} s") from exc
        took = time.monotonic() - t0
        if proc.returncode != 0:
            raise AssertionError(f"step {step.name!r} exited {proc.returncode}\n$ {' '.join(cmd)}\n"
                                 f"--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n{proc.stderr[-3000:]}")
        try:
            step.check(w, proc)
        except AssertionError as exc:
            raise AssertionError(f"step {step.name!r}: {exc}\n--- stdout\n{proc.stdout[-2000:]}\n"
                                 f"--- stderr\n{proc.stderr[-2000:]}") from None
        timings.append((step.name, took))
        log(f"  ok  {took:6.1f} s  {step.name}")
    return timings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Smoke test of the frozen app.")
    ap.add_argument("program", nargs="?", default=str(DEFAULT_PROGRAM), help="the built program")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    ap.add_argument("--report", help="write the timings as JSON to this file")
    args = ap.parse_args(argv)

    program = Path(args.program).resolve()
    if not program.is_file():
        print(f"no program at {program}: build it first (installer/build.py)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="thidua-smoke-"))
    env = minimal_env(work)
    python_on_path = [n for n in ("python", "python3", "py") if shutil.which(n, path=env["PATH"])]
    if python_on_path and not IS_WINDOWS:
        print(f"the smoke test's PATH offers {python_on_path}", file=sys.stderr)
        return 2
    wrapper = offline_wrapper()
    print(f"smoke test of {program} (version {VERSION}) in {work}"
          f"{' with no network (' + ' '.join(wrapper) + ')' if wrapper else ''}")
    t0 = time.monotonic()
    try:
        timings = run_steps([str(program)], work, env, wrapper)
    except AssertionError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        print(f"work folder kept: {work}", file=sys.stderr)
        return 1
    total = time.monotonic() - t0
    print(f"smoke test passed: {len(timings)} steps in {total:.1f} s")
    if args.report:
        Path(args.report).write_text(json.dumps({"version": VERSION, "total_seconds": round(total, 1),
                                                 "offline": bool(wrapper), "steps": timings}, indent=2),
                                     encoding="utf-8")
    if args.keep:
        print(f"work folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
