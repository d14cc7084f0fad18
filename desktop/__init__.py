"""Thi đua Bắc Ninh: offline records of the patriotic emulation movement for communes and wards.

``__version__`` is the single version source (packaging, About box, data files, installer).
"""

__version__ = "0.1.0"
APP_NAME = "ThiDuaBacNinh"
APP_AUTHOR = "SoNoiVuBacNinh"
