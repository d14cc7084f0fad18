"""Coverage-guided fuzzing (atheris / libFuzzer) of the data file parsers. See tests/fuzz/README.md.

    .venv/bin/python tests/fuzz/fuzz_container.py --seeds /tmp/tdkt-fuzz       # write the seed corpus
    .venv/bin/python tests/fuzz/fuzz_container.py /tmp/tdkt-fuzz -dict=tests/fuzz/tdkt.dict \
        -max_total_time=3600 -max_len=262144 -rss_limit_mb=2048

A crash (any exception other than BundleRefused / StrictJSONError, or a failed invariant) is written
as crash-<hash> in the working folder; replay it with: fuzz_container.py crash-<hash>
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def write_seeds(folder: Path) -> None:
    from tests.fuzz.targets import seeds

    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds().items():
        (folder / name).write_bytes(data)
    print(f"{len(seeds())} seeds in {folder}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--seeds":
        write_seeds(Path(sys.argv[2]))
        return
    import atheris

    with atheris.instrument_imports(include=["desktop.bundle", "tests.fuzz"]):
        from tests.fuzz.targets import one_input
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
