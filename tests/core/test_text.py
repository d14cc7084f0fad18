"""Vietnamese text helpers: NFC storage, accent-free search keys, sorting by given name."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.shared.text import fold, given_name_key, like_pattern, nfc


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def test_nfc_composes_decomposed_input_and_collapses_spaces():
    raw = "  " + nfd("Nguyễn   Thị\tHoa") + "\n"
    out = nfc(raw)
    assert out == "Nguyễn Thị Hoa"
    assert unicodedata.is_normalized("NFC", out)
    assert out != raw


def test_nfc_of_none_is_empty():
    assert nfc(None) == ""


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Văn Ánh",
        "nguyen van anh",
        "NGUYỄN VĂN ÁNH",
        nfd("Nguyễn Văn Ánh"),
        "  Nguyễn  Văn   Ánh ",
    ],
)
def test_fold_makes_one_key_for_all_spellings(text):
    assert fold(text) == "nguyen van anh"


@pytest.mark.parametrize("text", ["Đặng Đình Đức", "đặng đình đức", nfd("Đặng Đình Đức")])
def test_fold_maps_d_stroke_to_d(text):
    # 'đ' has no decomposition, it must be mapped explicitly
    assert fold(text) == "dang dinh duc"


def test_fold_keeps_letters_apart_that_differ_without_accents():
    assert fold("Hoà") != fold("Hoa Hồng")
    assert fold("Lan") != fold("Lân Anh")


def test_fold_of_empty_and_none():
    assert fold("") == ""
    assert fold(None) == ""


def test_given_name_key_sorts_by_last_word_then_full_name():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Đức Anh", "Phạm Văn An", "Đỗ Thị Đào"]
    ordered = sorted(names, key=given_name_key)
    assert ordered == ["Nguyễn Thị An", "Phạm Văn An", "Lê Đức Anh", "Trần Văn Bình", "Đỗ Thị Đào"]


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_x") == "%50\\%\\_x%"
    assert like_pattern("a\\b") == "%a\\\\b%"
    assert like_pattern(nfd("Đào")) == "%dao%"
