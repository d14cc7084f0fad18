"""Window sizes that fit the screen: every top-level window and dialog asks for the size it would like
and gets at most what the screen has room for once the task bar and the window's own frame are taken
off (a 1366x768 laptop with a 40-pixel task bar leaves 1366x728 for the window and its title bar).

Kept apart from desktop.ui.widgets, which imports the database layer: the main window sizes itself
before SQLAlchemy is loaded.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication

# What the window manager adds around the size given to resize(): borders and the title bar
# (Windows 10/11 at 100 %: 8 + 8 px of border, a 31 px title bar). Unknown until the window is shown.
FRAME = QSize(16, 40)


def fit_size(width: int, height: int, available: QRect, frame: QSize = FRAME) -> QSize:
    """The size to give resize(): the wanted one, cut down so that it and its frame fit ``available``
    (a screen's available geometry)."""
    return QSize(max(1, min(width, available.width() - frame.width())),
                 max(1, min(height, available.height() - frame.height())))


def centred(size: QSize, available: QRect, frame: QSize = FRAME) -> QPoint:
    """Top-left corner of the frame of a window of ``size`` centred in ``available``."""
    return QPoint(available.x() + max(0, (available.width() - size.width() - frame.width()) // 2),
                  available.y() + max(0, (available.height() - size.height() - frame.height()) // 2))


def available_geometry(widget=None) -> QRect | None:
    """The available geometry of the screen ``widget`` is on (or will open on), else the primary's."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(widget, width: int, height: int, *, centre: bool = False,
                  available: QRect | None = None) -> QSize:
    """Resize ``widget`` (a window about to be shown) to ``width`` x ``height`` or less, so that it
    fits the available geometry of its screen; ``centre`` also places it in the middle (for a main
    window; dialogs are placed over their parent by Qt, within the screen). Returns the size given."""
    geo = available if available is not None else available_geometry(widget)
    size = QSize(width, height) if geo is None else fit_size(width, height, geo)
    widget.resize(size)
    if centre and geo is not None:
        widget.move(centred(size, geo))
    return size


def keep_on_screen(widget, available: QRect | None = None) -> None:
    """A window whose size and place came from elsewhere (a geometry saved on another screen, or
    half off this one): cut to fit, then moved so that all of it, frame included, is on the screen."""
    geo = available if available is not None else available_geometry(widget)
    if geo is None:
        return
    size = fit_size(widget.width(), widget.height(), geo)
    widget.resize(size)
    x = min(max(widget.x(), geo.x()), geo.x() + geo.width() - size.width() - FRAME.width())
    y = min(max(widget.y(), geo.y()), geo.y() + geo.height() - size.height() - FRAME.height())
    widget.move(max(x, geo.x()), max(y, geo.y()))
