"""The app makes no network connection: a commune PC has none, and the data must not leave it except
as the signed file the officer carries.

Two proofs:
- at run time: the main flows of the release smoke test (installer/smoke_test.py: province and commune
  set-up, demo data, enrolment, export, import, a printed PDF, backup, the window opened and closed) run
  in subprocesses whose Python socket layer records and refuses every network socket, connection and
  name lookup; nothing may be recorded;
- statically: no module of the app imports a network client library, or Qt's network module.

(The province may keep its workspace on a PostgreSQL server it names with --db-url; that is the
province's own choice and not a flow of the commune app, so it is outside this test.)
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

GUARD = textwrap.dedent('''
    """Record and refuse any network use from Python (installed before the app is imported)."""
    import json, os, socket, traceback

    LOG = os.environ["NO_NET_LOG"]
    INET = {socket.AF_INET, socket.AF_INET6}
    with open(LOG + ".loaded", "a", encoding="utf-8") as _f:  # one line per guarded process
        _f.write(f"{os.getpid()}\\n")


    def _record(what, detail):
        with open(LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps({"call": what, "detail": repr(detail),
                                "stack": traceback.format_stack(limit=12)}) + "\\n")
        raise OSError(f"network use refused by test: {what} {detail!r}")


    _init = socket.socket.__init__

    def _socket_init(self, family=-1, type=-1, proto=0, fileno=None):
        _init(self, family, type, proto, fileno)
        if self.family in INET:
            self.close()
            _record("socket", (self.family, type))

    socket.socket.__init__ = _socket_init
    for _name in ("connect", "connect_ex", "sendto", "bind"):
        _orig = getattr(socket.socket, _name)

        def _wrapped(self, *args, _orig=_orig, _name=_name):
            if self.family in INET:
                _record(_name, args)
            return _orig(self, *args)

        setattr(socket.socket, _name, _wrapped)
    for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
                  "gethostbyaddr", "create_server"):
        setattr(socket, _name, lambda *a, _name=_name, **k: _record(_name, a))
''')

# -c program: install the guard, then run the app exactly as ``python -m desktop`` would.
RUNNER = ("import sys; sys.path.insert(0, sys.argv.pop(1)); import _no_net_guard; "
          "from desktop.__main__ import main; sys.exit(main(sys.argv[1:]))")


def _smoke_module():
    spec = importlib.util.spec_from_file_location("thidua_smoke_test", ROOT / "installer" / "smoke_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def guarded(tmp_path):
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "_no_net_guard.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network-attempts.jsonl"
    prefix = [sys.executable, "-c", RUNNER, str(guard_dir)]
    return prefix, log


def _env(smoke, work: Path, log: Path) -> dict[str, str]:
    env = smoke.minimal_env(work)
    env["NO_NET_LOG"] = str(log)
    env["PYTHONPATH"] = str(ROOT)  # this checkout, whatever the venv has installed
    if sys.platform == "win32":
        env["PATH"] += os.pathsep + str(Path(sys.executable).parent)
    return env


def test_the_guard_catches_a_connection(guarded, tmp_path):
    prefix, log = guarded
    code = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError:\n    pass\n"
    probe = [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import _no_net_guard; exec(sys.argv[2])",
             prefix[3], code]
    subprocess.run(probe, env={**os.environ, "NO_NET_LOG": str(log)}, check=True, timeout=60)
    assert "create_connection" in log.read_text(encoding="utf-8")


@pytest.mark.slow
def test_main_flows_make_no_network_connection(guarded, tmp_path):
    smoke = _smoke_module()
    prefix, log = guarded
    work = tmp_path / "work"
    work.mkdir()
    done = smoke.run_steps(prefix, work, _env(smoke, work, log), log=lambda _line: None)
    names = [name for name, _ in done]
    assert len(names) == len(smoke.steps())
    assert any(n.startswith("window") for n in names) and "export" in names and "print registrations" in names
    guarded_runs = Path(f"{log}.loaded").read_text(encoding="utf-8").split()
    assert len(guarded_runs) == len(names), "every step must have run with the guard installed"
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    assert attempts == "", f"network use recorded:\n{attempts}"


NETWORK_MODULES = {
    "socket", "ssl", "urllib.request", "http.client", "http.server", "ftplib", "smtplib", "poplib", "imaplib",
    "xmlrpc.client", "socketserver", "asyncio", "requests", "httpx", "urllib3", "aiohttp", "websockets",
    "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
}


def test_no_module_imports_a_network_library():
    offenders = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if any(name == m or name.startswith(m + ".") for m in NETWORK_MODULES):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert offenders == []
