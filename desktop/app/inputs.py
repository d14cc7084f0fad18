"""Reading a file somebody hands the app (a data file, a key request, a statement from the province):
opened once, only when it is a regular file, never more than a limit, every failure in Vietnamese.

A symlink to /dev/zero, a FIFO, a folder, a symlink loop or a file that grows while read must neither
hang nor exhaust memory: the path is opened once without blocking, the opened file is checked with
fstat (so what is checked is what is read), and reading stops one byte past the limit."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from desktop.bundle.errors import BundleRefused
from desktop.shared.errors import UserError

READ_CHUNK = 1024 * 1024


def read_input_file(path: str | Path, limit: int) -> bytes:
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except FileNotFoundError:
        raise UserError(f"Không tìm thấy tệp {name}.") from None
    except IsADirectoryError:
        raise UserError(f"{name} là thư mục, không phải tệp.") from None
    except PermissionError:
        raise UserError(f"Không có quyền đọc tệp {name}.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UserError(f"{name} là liên kết vòng lặp (trỏ về chính nó), không đọc được.") from None
        raise UserError(f"Không mở được tệp {name}: {exc.strerror or exc}.") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UserError(f"{name} là thư mục, không phải tệp.")
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"{name} không phải tệp thông thường (thiết bị, ống dẫn hoặc ổ cắm); không đọc.")
        if st.st_size > limit:
            raise BundleRefused("too_large", f"Tệp {Path(name).name} quá lớn ({_mb(st.st_size)}, tối đa "
                                             f"{_mb(limit)}).")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(READ_CHUNK, limit + 1 - total))
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise BundleRefused("too_large", f"Tệp {Path(name).name} quá lớn (tối đa {_mb(limit)}).")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UserError(f"Không đọc được tệp {name}: {exc.strerror or exc}. Hãy chép lại tệp rồi thử lại.") from None
    finally:
        os.close(fd)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",") if n < 10 * 1024 * 1024 else f"{n // (1024 * 1024)} MB"
