"""The whole year-end review in the window (offscreen): candidates with reasons and sources, a council
meeting with attendance, a ballot below the threshold refused with its rule and source, a passing
ballot, the decision with bonus totals printed (PDF text checked), the proposal, award history."""

from __future__ import annotations

import io

import pytest

from desktop.core.records import Records
from desktop.ui import prompts, review
from desktop.ui.app import create_app
from desktop.ui.main_window import MainWindow
from desktop.ui.review import history as review_history

YEAR = 2026


@pytest.fixture
def state(monkeypatch):
    s = {"errors": [], "asked": [], "info": []}
    monkeypatch.setattr(prompts, "error", lambda p, t, text: s["errors"].append(text))
    monkeypatch.setattr(prompts, "inform", lambda p, t, text: s["info"].append(text))
    monkeypatch.setattr(prompts, "ask", lambda p, t, text, **kw: s["asked"].append(text) or True)
    return s


def _commune(db):
    rec = Records(db.session, "Nguyễn Thị Hoa")
    for i, (name, role) in enumerate([("Trần Thị Lan", "Phó Chủ tịch Hội đồng"), ("Phạm Văn Hùng", "Ủy viên"),
                                      ("Đỗ Thị Mai", "Thư ký"), ("Ngô Văn Tài", "Ủy viên")], start=2):
        rec.create("council", {"full_name": name, "role": role, "sort_order": i})
    unit = rec.create("collective", {"name": "Trạm Y tế xã Tiên Du", "kind": "tram_y_te"})
    rec.create("rating", {"subject": ("collective", unit), "year": YEAR, "rating": "xuat_sac"})
    ids = {}
    people = [("Đặng Thị Đào", "nu", "xuat_sac"), ("Lê Văn Bình", "nam", "xuat_sac"), ("Phạm Văn Dũng", "nam", "hoan_thanh")]
    people += [(f"Nguyễn Văn Thử {i}", "nam", "tot") for i in range(5)]
    for name, sex, rating in people:
        pid = rec.create("person", {"full_name": name, "sex": sex, "category": "vien_chuc", "collective_id": unit})
        rec.create("rating", {"subject": ("person", pid), "year": YEAR, "rating": rating})
        rec.create("registration", {"subject": ("person", pid), "year": YEAR, "title_code": "LDTT"})
        ids[name] = pid
    for name in ("Đặng Thị Đào", "Lê Văn Bình"):
        rec.create("registration", {"subject": ("person", ids[name]), "year": YEAR, "title_code": "CSTDCS"})
    rec.create("registration", {"subject": ("collective", unit), "year": YEAR, "title_code": "TTLDTT"})
    return ids, unit


@pytest.fixture
def window(qtbot, workspace, paths):
    ids, unit = _commune(workspace)
    create_app()
    w = MainWindow(workspace, paths)
    qtbot.addWidget(w)
    w.show()
    w.review_ids = ids
    w.review_unit = unit
    return w


def _open_page(qtbot, w):
    keys = [w.nav.item(i).data(256) for i in range(w.nav.count())]
    w.nav.setCurrentRow(keys.index("review"))
    page = w.review_page
    assert w.stack.currentWidget() is page
    page.year.setValue(YEAR)
    qtbot.waitUntil(lambda: not page.busy and page.result is not None and page.result.year == YEAR, timeout=10000)
    return page


def _wait_idle(qtbot, page):
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)


def _row(model, name, title):
    return next(i for i, r in enumerate(model.items) if r.name == name and r.title_name == title)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages).split())


def test_whole_review_in_the_window(qtbot, window, state, tmp_path):
    w = window
    page = _open_page(qtbot, w)
    model = page.cand_model
    # candidates with each finding's status, reason and source
    names = {(r.name, r.title_name) for r in model.items}
    assert ("Đặng Thị Đào", "Chiến sĩ thi đua cơ sở") in names and ("Trạm Y tế xã Tiên Du", "Tập thể lao động tiên tiến") in names
    low = _row(model, "Phạm Văn Dũng", "Lao động tiên tiến")
    assert model.index(low, 4).data().endswith("Chưa đủ điều kiện")
    reason = model.index(low, 7).data()
    assert "chưa đạt mức" in reason and "Căn cứ: Luật Thi đua, khen thưởng 06/2022/QH15" in reason
    assert "Căn cứ:" in model.index(low, 0).data(3)  # tooltip lists every finding with its source
    page.cand_view.selectRow(low)
    assert "Căn cứ" in page.detail.toPlainText() and "Hoàn thành nhiệm vụ" in page.detail.toPlainText()
    dao = _row(model, "Đặng Thị Đào", "Chiến sĩ thi đua cơ sở")
    assert model.index(dao, 6).data() == "Nữ"                      # the ties rule: women first
    assert "chưa bỏ phiếu" in model.index(dao, 5).data()

    # the meeting: 5 members; the secretary absent with a written vote and one more absent: 3 of 5 is
    # below the quorum (2/3: 4), and the secretary is no longer offered
    page.tabs.setCurrentIndex(1)
    assert page.current_meeting() is None and page.att_model.rowCount() == 5
    att = page.att_model
    assert page.chair_combo.currentText() == "Lê Văn Minh" and page.secretary_combo.currentText() == "Đỗ Thị Mai"
    att.setData(att.index(3, att.WRITTEN), 2, 10)
    att.setData(att.index(4, att.PRESENT), 0, 10)
    assert "có mặt: 3" in page.att_info.text() and "1 bỏ phiếu bằng văn bản" in page.att_info.text()
    assert "Có 3/5 thành viên dự họp, chưa đủ 2/3 (cần ít nhất 4)" in page.meeting_problem.text()
    assert not page.save_meeting_button.isEnabled()
    offered = [page.secretary_combo.itemText(i) for i in range(page.secretary_combo.count())]
    assert "Đỗ Thị Mai" not in offered and page.secretary_combo.currentData() is None
    # she comes after all; the member still absent sends a written vote: 4 of 5, the meeting may be recorded
    att.setData(att.index(3, att.PRESENT), 2, 10)
    att.setData(att.index(4, att.WRITTEN), 2, 10)
    assert "có mặt: 4" in page.att_info.text() and "1 bỏ phiếu bằng văn bản" in page.att_info.text()
    assert "Có mặt 4/5 thành viên Hội đồng, đủ 2/3" in page.att_info.text()
    assert page.secretary_combo.currentText() == "Đỗ Thị Mai" and page.meeting_problem.text().strip() == ""
    assert page.save_meeting_button.isEnabled()
    page.meeting_place.setText("Hội trường Ủy ban nhân dân xã Tiên Du")
    mid = page.save_meeting()
    assert mid and page.current_meeting().id == mid and not state["errors"]
    assert page.ballot_model.members_total == 5
    ballots = page.ballot_model
    assert {r.name for r in ballots.items} == {"Đặng Thị Đào", "Lê Văn Bình"}
    assert "ít nhất 4/5 phiếu" in ballots.index(0, 2).data()

    # a ballot below the threshold: kept for the minutes, refused with the rule and its source
    page.ballot_view.selectRow(_row(ballots, "Lê Văn Bình", "Chiến sĩ thi đua cơ sở"))
    page.yes.setValue(3)
    page.no.setValue(1)
    out = page.record_ballot()
    assert out is not None and not out.passed
    assert state["errors"] and "Không đạt: 3/5 phiếu đồng ý" in state["errors"][-1]
    assert "từ 80 %" in state["errors"][-1] and "Nghị định 98/2023/NĐ-CP, Điều 30 khoản 7" in state["errors"][-1]
    assert "Căn cứ:" in page.ballot_info.text()
    # more ballots than council members: refused, nothing stored
    page.ballot_view.selectRow(_row(ballots, "Đặng Thị Đào", "Chiến sĩ thi đua cơ sở"))
    page.yes.setValue(5)
    page.no.setValue(1)
    n_err = len(state["errors"])
    assert page.record_ballot() is None and "nhiều hơn số thành viên Hội đồng (5)" in state["errors"][n_err]
    page.no.setValue(0)
    page.yes.setValue(4)
    out = page.record_ballot()
    assert out.passed and len(state["errors"]) == n_err + 1
    r = _row(page.cand_model, "Lê Văn Bình", "Chiến sĩ thi đua cơ sở")
    assert page.cand_model.index(r, 4).data().endswith("Không đạt tỷ lệ phiếu bầu")

    # the decision: number from the register, signer, prefix; bonuses and totals; printed
    page.tabs.setCurrentIndex(2)
    assert page.signer.text() == "Lê Văn Minh"  # the chairman from the council
    assert "01/QĐ-UBND" in page.number_hint.text()
    page.signed_on.setDate(page.signed_on.date().fromString("15/12/2026", "dd/MM/yyyy"))
    assert page.prefix.currentData() == "auto"  # each act with its own authority: the chairman signs his decision
    ext = w.reports_ext
    ext.preview = None
    page.make_document("decision")
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=30000)
    info = page.last_decision
    assert info.number_text == "01/QĐ-UBND"
    got = {(x.name, x.title_code): x.amount for x in info.rows}
    assert got[("Đặng Thị Đào", "CSTDCS")] == 2_340_000 and ("Lê Văn Bình", "CSTDCS") not in got
    assert ("Phạm Văn Dũng", "LDTT") not in got and got[("Trạm Y tế xã Tiên Du", "TTLDTT")] == 1_880_000
    assert info.total_amount == 2_340_000 + 7 * 710_000 + 1_880_000 == 9_190_000
    assert "Lê Văn Bình" in page.left_out.toPlainText() and "Không đạt: 3/5" in page.left_out.toPlainText()
    text = _pdf_text(ext.preview.pdf)
    assert "TM. ỦY BAN NHÂN DÂN" not in text
    for t in ("QUYẾT ĐỊNH", "Số: 01/QĐ-UBND", "Tiên Du, ngày 15 tháng 12 năm 2026", "CHỦ TỊCH",
              "Lê Văn Minh", "Đặng Thị Đào", "2.340.000", "9.190.000", "Tổng cộng", "Chín triệu một trăm chín mươi nghìn đồng"):
        assert t in text, t
    assert text.count("Lê Văn Bình") == 1  # Lao động tiên tiến only: voted down for Chiến sĩ thi đua cơ sở
    saved = ext.preview.save_pdf(tmp_path / "qd.pdf")
    assert saved and saved.read_bytes().startswith(b"%PDF")
    ext.preview.close()
    ext.preview = None
    _wait_idle(qtbot, page)
    assert [d.number_text for d in page.dec_model.items] == ["01/QĐ-UBND"]

    # the proposal: what the province decides (Tập thể lao động xuất sắc for the unit)
    page.make_document("proposal")
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=30000)
    assert page.last_decision.kind == "proposal" and page.last_decision.number_text == "01/TTr-UBND"
    text = _pdf_text(ext.preview.pdf)
    assert "TỜ TRÌNH" in text and "Số: 01/TTr-UBND" in text and "Kính gửi" in text
    assert "Tập thể lao động xuất sắc" in text and "Trạm Y tế xã Tiên Du" in text
    ext.preview.close()
    ext.preview = None
    _wait_idle(qtbot, page)

    # the minutes with the tally
    page.tabs.setCurrentIndex(1)
    page.print_minutes()
    qtbot.waitUntil(lambda: ext.preview is not None, timeout=30000)
    text = _pdf_text(ext.preview.pdf)
    assert "BIÊN BẢN" in text and "3/5" in text and "Không đạt" in text and "vắng mặt, có phiếu bầu bằng văn bản" in text
    ext.preview.close()
    ext.preview = None

    # nothing left to decide: refused with the reasons
    page.tabs.setCurrentIndex(2)
    n_err = len(state["errors"])
    page.make_document("decision")
    qtbot.waitUntil(lambda: len(state["errors"]) > n_err, timeout=10000)
    assert "Không có đối tượng nào đủ điều kiện" in state["errors"][-1]


def test_award_history_view_and_csv_import(qtbot, window, state, tmp_path, monkeypatch):
    w = window
    page = _open_page(qtbot, w)
    page.tabs.setCurrentIndex(3)
    page.subject_search.setText("dang thi dao")
    assert [s[2] for s in page.subj_model.items] == ["Đặng Thị Đào"]
    page.subj_view.selectRow(0)
    assert page.hist_model.rowCount() == 0
    f = tmp_path / "lich_su.csv"
    f.write_text("loai,ma_dinh_danh,ho_ten,nam,ma_danh_hieu,so_quyet_dinh,ngay_quyet_dinh\n"
                 "person,,Đặng Thị Đào,2024,CSTDCS,12/QĐ-UBND,10/12/2024\n"
                 "collective,,Trạm Y tế xã Tiên Du,2025,TTLDTT,15/QĐ-UBND,12/12/2025\n", encoding="utf-8")
    monkeypatch.setattr(review_history, "open_csv", lambda parent: f)
    assert page.import_history() == 2 and "Đã nhập 2 dòng" in state["info"][-1]
    _wait_idle(qtbot, page)
    page.subj_view.selectRow(0)
    page.show_history()
    assert [(h["year"], h["title_code"], h["source_label"]) for h in page.hist_model.items] == [
        (2024, "CSTDCS", "Nhập bổ sung (năm trước, cơ quan khác)")]
    # one more earlier year entered by hand: then two consecutive years are visible
    page.hist_year.setValue(2025)
    page.hist_title.setCurrentIndex(page.hist_title.findData("CSTDCS"))
    page.hist_no.setText("20/QĐ-UBND")
    assert page.add_history()
    assert [h["year"] for h in page.hist_model.items] == [2024, 2025]
    assert "từ năm 2024 đến năm 2025" in page.history_title.text()
    # the same again is refused with the reason
    page.hist_no.setText("20/QĐ-UBND")
    assert not page.add_history() and "Đã có Chiến sĩ thi đua cơ sở năm 2025" in state["errors"][-1]
    # a wrong file: refused as a whole, naming the row
    bad = tmp_path / "sai.csv"
    bad.write_text("loai,ma_dinh_danh,ho_ten,nam,ma_danh_hieu\nperson,,Không Có Ai,2023,CSTDCS\n", encoding="utf-8")
    assert page.import_history(bad) == 0 and "Dòng 2: không tìm thấy" in state["errors"][-1]


def test_models_pass_the_model_tester(qtbot, qtmodeltester, window, state):
    page = _open_page(qtbot, window)
    for model in (page.cand_model, page.att_model, page.ballot_model, page.dec_model):
        qtmodeltester.check(model, force_py=True)


def test_not_installed_in_a_province_workspace(qtbot):
    class Fake:
        is_province = True
        added = []

        def add_page(self, *a):
            self.added.append(a)

    f = Fake()
    review.install(f)
    assert f.added == [] and not hasattr(f, "review_page")


def test_the_review_page_follows_changes_made_elsewhere_and_says_its_own(qtbot, window, state, monkeypatch):
    w = window
    page = _open_page(qtbot, w)
    said = []
    w.events.changed.connect(lambda kinds: said.append(kinds))
    before = len(page.rows)
    # away on the persons page: a person registered there makes the review stale, not reloaded yet
    w.show_kind("person")
    rec = Records(w.db.session, "Nguyễn Thị Hoa")
    pid = rec.create("person", {"full_name": "Vũ Thị Mới", "sex": "nu", "category": "vien_chuc"})
    rec.create("registration", {"subject": ("person", pid), "year": YEAR, "title_code": "LDTT"})
    w.events.emit_changed({"registration"})  # what the record page says after a save
    assert len(page.rows) == before
    # shown again: reloaded once, with the new case
    keys = [w.nav.item(i).data(256) for i in range(w.nav.count())]
    w.nav.setCurrentRow(keys.index("review"))
    qtbot.waitUntil(lambda: not page.busy and len(page.rows) == before + 1, timeout=10000)
    # navigating back and forth with nothing changed does not check the year again
    from desktop.core.review import Review

    calls = []
    checked = Review.check
    monkeypatch.setattr(Review, "check", lambda self, year, *a, **k: calls.append(year) or checked(self, year, *a, **k))
    w.show_kind("person")
    w.nav.setCurrentRow(keys.index("review"))
    qtbot.wait(300)  # a reload would check the year on a worker thread
    _wait_idle(qtbot, page)
    assert calls == []
    # its own change is said to the other pages
    page.hist_year.setValue(2025)
    page.tabs.setCurrentIndex(3)
    page.subject_search.setText("vu thi moi")
    page.subj_view.selectRow(0)
    page.hist_title.setCurrentIndex(page.hist_title.findData("LDTT"))
    page.hist_no.setText("07/QĐ-UBND")
    assert page.add_history(), state["errors"]
    assert frozenset({"review"}) in said


def test_a_bug_behind_a_review_button_is_logged_and_apologised_for(qtbot, window, state, monkeypatch, caplog):
    from desktop.core.review import Review

    page = _open_page(qtbot, window)

    def broken(self, *a, **k):
        raise RuntimeError("sample bug, not for the officer's eyes")

    monkeypatch.setattr(Review, "plan", broken)
    page.make_document("decision")
    qtbot.waitUntil(lambda: bool(state["errors"]), timeout=10000)
    assert "Xin lỗi, phần mềm gặp lỗi không mong muốn" in state["errors"][-1]
    assert "sample bug" not in state["errors"][-1]
    assert any(r.exc_info and "sample bug" in str(r.exc_info[1]) for r in caplog.records)


def test_the_meeting_needs_the_quorum_and_a_chair_and_secretary_present(qtbot, window, state):
    """The pickers offer only members present; below 2/3 or without a secretary the red line says why
    and the button is off; clicking it records who chaired and who took the minutes."""
    from PySide6.QtCore import Qt

    page = _open_page(qtbot, window)
    page.tabs.setCurrentIndex(1)
    att = page.att_model
    for row in (1, 2):  # 3 of 5 present
        att.setData(att.index(row, att.PRESENT), 0, 10)
    assert "Có 3/5 thành viên dự họp, chưa đủ 2/3 (cần ít nhất 4)" in page.meeting_problem.text()
    assert "Căn cứ:" in page.meeting_problem.text() and not page.save_meeting_button.isEnabled()
    att.setData(att.index(1, att.PRESENT), 2, 10)  # the vice-chairman comes: 4 of 5
    assert page.meeting_problem.text().strip() == "" and page.save_meeting_button.isEnabled()
    offered = [page.chair_combo.itemText(i) for i in range(1, page.chair_combo.count())]
    assert offered == ["Lê Văn Minh", "Trần Thị Lan", "Đỗ Thị Mai", "Ngô Văn Tài"]  # not Phạm Văn Hùng, absent
    # no secretary: refused before anything is stored
    page.secretary_combo.setCurrentIndex(0)
    assert "Chưa chọn thư ký cuộc họp" in page.meeting_problem.text() and not page.save_meeting_button.isEnabled()
    # the vice-chairman chairs, Ngô Văn Tài takes the minutes
    page.chair_combo.setCurrentIndex(page.chair_combo.findText("Trần Thị Lan"))
    page.secretary_combo.setCurrentIndex(page.secretary_combo.findText("Trần Thị Lan"))
    assert "hai người khác nhau" in page.meeting_problem.text() and not page.save_meeting_button.isEnabled()
    page.secretary_combo.setCurrentIndex(page.secretary_combo.findText("Ngô Văn Tài"))
    assert page.save_meeting_button.isEnabled()
    qtbot.mouseClick(page.save_meeting_button, Qt.MouseButton.LeftButton)
    m = page.current_meeting()
    assert m is not None and not state["errors"]
    assert (m.member_name(m.chair_member_id), m.member_name(m.secretary_member_id)) == ("Trần Thị Lan", "Ngô Văn Tài")
    # the recorded meeting shows its own chair and secretary, not editable
    assert page.chair_combo.currentText() == "Trần Thị Lan" and not page.chair_combo.isEnabled()
    assert page.secretary_combo.currentText() == "Ngô Văn Tài" and not page.secretary_combo.isEnabled()
