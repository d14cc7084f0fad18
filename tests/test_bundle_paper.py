"""Paper companions of the data file: the enrolment sheet and the cover letter carry what the
screens and the file say (fingerprint, hash, counts), in Vietnamese, as real PDFs."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader

from desktop.app import commune, demo, province
from desktop.bundle.keys import unb64
from desktop.reports.documents import to_pdf
from desktop.shared.paths import Paths
from desktop.store.db import open_database
from tests.trust import install_trusted


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_enrolment_sheet_and_cover_letter(workspace, paths, tmp_path):
    commune.create_signing_key(paths)
    info = commune.signing_key_info(paths)
    sheet = _text(to_pdf(commune.enrolment_sheet(workspace, paths)))
    assert "PHIẾU ĐĂNG KÝ KHÓA KÝ TỆP DỮ LIỆU" in sheet
    assert info["fingerprint"] in sheet
    full = hashlib.sha256(unb64(info["public_key"], 32)).hexdigest()
    assert full[:32] in sheet.replace("\n", "")

    with pytest.raises(Exception, match="Chưa xuất tệp"):
        commune.cover_letter_for(workspace)

    pp = Paths(tmp_path / "prov")
    pp.ensure()
    pdb = open_database(pp.db_file, pp.backup_dir)
    province.init_province(pdb, pp)
    pdb.dispose()
    install_trusted(paths, province.public_key_file(pp))
    demo.fill(workspace, people=30, seed=9)
    result = commune.export(workspace, paths, tmp_path, "2026")
    letter = _text(to_pdf(commune.cover_letter_for(workspace)))
    assert result.file_name in letter
    assert f"{sum(result.counts.values())}" in letter
    assert result.sha256[:8] in letter and "Sở Nội vụ tỉnh Bắc Ninh" in letter

    # the letter sent is an issued act: numbered the first time, the same letter every time after
    from desktop.app import issuing, issuing_docs
    from desktop.core import register

    first = issuing_docs.cover_letter(workspace, None, "Nguyễn Thị Hoa")
    again = issuing_docs.cover_letter(workspace, result.sequence, "Nguyễn Thị Hoa")
    assert first.id == again.id and first.number_text == "01/UBND"
    assert register.peek(workspace, first.issue_year, "CV") == 2
    printed = _text(to_pdf(issuing_docs.cover_letter_document(workspace, None, "x")))
    assert "Số: 01/UBND" in printed and result.file_name in printed
    assert [d.kind for d in issuing.list_documents(workspace)] == ["cover_letter"]
