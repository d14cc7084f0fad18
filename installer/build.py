"""Build the frozen app and its package for this platform.

    .venv/bin/python installer/build.py            # PyInstaller one-folder build + package
    .venv/bin/python installer/build.py --smoke    # ... then run installer/smoke_test.py on it

Needs the build extra: ``pip install -e '.[build]'``. Output (never committed):
- build/pyinstaller/            PyInstaller's work folder
- dist/ThiDuaBacNinh/           the one-folder app (thidua, and on Windows thidua.exe + thidua-cli.exe)
- Linux:   dist/thidua-bacninh-VERSION-linux-x86_64.tar.gz  (app folder, .desktop file, icon, install.sh)
- Windows: dist/ThiDuaBacNinh-VERSION-setup.exe when Inno Setup's ISCC.exe is found (see build_windows.md)
- dist/build-info.json          version, platform, size of the app folder and of the package
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import APP_NAME, __version__  # noqa: E402

DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_DIR = DIST / APP_NAME
IS_WINDOWS = sys.platform == "win32"
EXE = APP_DIR / ("thidua-cli.exe" if IS_WINDOWS else "thidua")

# Files the app reads at run time; a build without any of them is refused.
REQUIRED = (
    "_internal/resources/fonts/LiberationSerif-Regular.ttf",
    "_internal/resources/catalog/titles.json",
    "_internal/resources/plan/areas.json",
    "_internal/resources/icons/thidua-256.png",
    "_internal/resources/i18n/thidua_en.qm",
    "_internal/resources/trust/province-key-pin.json",
    "_internal/resources/culture/procedure.json",
    "_internal/resources/awards/special.json",
    "_internal/resources/plan/launch_plan.json",
    "_internal/resources/plan/deadlines.json",
    "_internal/resources/plan/province_plan.json",
    "_internal/resources/records/facts.json",
    "_internal/resources/documents/legal_bases.json",
    "_internal/resources/documents/signing.json",
    "_internal/resources/statistics/forms.json",
    "_internal/resources/forms/achievement_report.json",
    "_internal/desktop/store/migrations/env.py",
    "_internal/desktop/store/migrations/versions/0001_initial_schema.py",
    "_internal/vietnam_provinces/data/flat-divisions.json",
    "_internal/docx/templates/default.docx",          # every Word copy starts from it (python-docx)
    "_internal/docx/templates/default-header.xml",    # the page-number header of a Word copy
    "_internal/docx/parts/__init__.py",               # … opened as docx/parts/../templates/default-header.xml
)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(n: int) -> str:
    return f"{n / 1_000_000:.0f} MB"


def compile_translations() -> None:
    """The English interface: resources/i18n/thidua_en.ts → .qm beside it (shipped; not committed)."""
    cmd = [sys.executable, str(ROOT / "installer" / "translations.py"), "compile"]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def run_pyinstaller(clean: bool) -> None:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(WORK), str(ROOT / "installer" / "thidua.spec")]
    if clean:
        cmd.insert(3, "--clean")
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT)


def check_bundle() -> None:
    missing = [f for f in REQUIRED if not (APP_DIR / f).is_file()]
    if not any((APP_DIR / "_internal").glob("_rl_accel*")):  # optional speed, but it is a dependency
        missing.append("_internal/_rl_accel (ReportLab's C accelerator)")
    if missing:
        raise SystemExit(f"build is missing files the app reads: {missing}")
    versions = sorted((ROOT / "desktop/store/migrations/versions").glob("*.py"))
    shipped = {p.name for p in (APP_DIR / "_internal/desktop/store/migrations/versions").glob("*.py")}
    if {p.name for p in versions} != shipped:
        raise SystemExit(f"migration scripts differ between source and build: {sorted(shipped)}")


def pin_province_key(fingerprint: str) -> None:
    """Write the province key fingerprint this build trusts into the built app's copy of
    resources/trust/province-key-pin.json (the source tree keeps null)."""
    sys.path.insert(0, str(ROOT))
    from desktop.bundle.keys import normal_fingerprint

    value = normal_fingerprint(fingerprint)
    if not value:
        raise SystemExit(f"--province-fingerprint {fingerprint!r} is not a fingerprint (XXXX-XXXX-XXXX-XXXX-XXXX-XXXX)")
    target = APP_DIR / "_internal" / "resources" / "trust" / "province-key-pin.json"
    doc = json.loads(target.read_text(encoding="utf-8"))
    doc["fingerprint"] = value
    doc["_pinned_by"] = f"installer/build.py --province-fingerprint, version {__version__}"
    target.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"pinned the province key {value} in {target}")


def linux_tarball() -> Path:
    """App folder + .desktop file + icon + install.sh (adds the menu entry for the current user)."""
    arch = platform.machine() or "x86_64"
    out = DIST / f"thidua-bacninh-{__version__}-linux-{arch}.tar.gz"
    extra = {
        "thidua-bacninh.desktop": ROOT / "installer/linux/thidua-bacninh.desktop",
        "install.sh": ROOT / "installer/linux/install.sh",
        "thidua-bacninh.png": ROOT / "resources/icons/thidua-256.png",
    }
    for name, src in extra.items():
        shutil.copy2(src, APP_DIR / name)
    (APP_DIR / "install.sh").chmod(0o755)
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(APP_DIR, arcname=f"thidua-bacninh-{__version__}")
    return out


def find_iscc() -> str | None:
    for cand in (shutil.which("iscc"), shutil.which("ISCC"),
                 os.path.expandvars(r"%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe"),
                 os.path.expandvars(r"%LOCALAPPDATA%\Programs\Inno Setup 6\ISCC.exe")):
        if cand and Path(cand).is_file():
            return cand
    return None


def windows_installer() -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup (ISCC.exe) not found: the app folder is built, the installer is not. "
              "See installer/build_windows.md.")
        return None
    subprocess.run([iscc, f"/DAppVersion={__version__}", f"/DSourceDir={APP_DIR}", f"/DOutputDir={DIST}",
                    str(ROOT / "installer" / "thidua.iss")], check=True)
    return DIST / f"{APP_NAME}-{__version__}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    ap.add_argument("--no-package", action="store_true", help="only the app folder, no tarball/installer")
    ap.add_argument("--smoke", action="store_true", help="run installer/smoke_test.py on the result")
    ap.add_argument("--province-fingerprint", metavar="XXXX-…",
                    help="pin the province's key: the built app installs no other province key")
    args = ap.parse_args(argv)

    t0 = time.monotonic()
    compile_translations()
    run_pyinstaller(args.clean)
    check_bundle()
    if args.province_fingerprint:
        pin_province_key(args.province_fingerprint)
    package = None
    if not args.no_package:
        package = windows_installer() if IS_WINDOWS else linux_tarball()
    build_s = time.monotonic() - t0
    info = {
        "version": __version__,
        "platform": f"{sys.platform}-{platform.machine()}",
        "build_seconds": round(build_s),
        "app_folder_bytes": folder_size(APP_DIR),
        "package": package.name if package else None,
        "package_bytes": package.stat().st_size if package and package.exists() else None,
    }
    (DIST / "build-info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    print(f"built {APP_DIR} ({mb(info['app_folder_bytes'])}) in {build_s:.0f} s"
          + (f"; package {package} ({mb(info['package_bytes'])})" if info["package_bytes"] else ""))
    if args.smoke:
        return subprocess.run([sys.executable, str(ROOT / "installer" / "smoke_test.py"), str(EXE)]).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
