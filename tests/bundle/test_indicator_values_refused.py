"""The province refuses a commune's file whose indicator carries a value that is not a number written
the Vietnamese way (item 7 of issue 12), naming the record and the field; nothing is stored."""

from __future__ import annotations

import pytest

from desktop.bundle.errors import BundleRefused
from tests.bundle.conftest import assert_vietnamese_reason
from tests.bundle.kit import Inner, db_digest


@pytest.mark.parametrize("value, says", [("abc", "không phải là số"), ("12.5", "dấu phẩy")])
def test_file_with_a_non_number_indicator_value_is_refused(world, tmp_path, value, says):
    inner = Inner.open(world, world.good[3])
    records = inner.records("indicator")
    assert records and all(r["actual_value"] != value for r in records)
    records[0]["actual_value"] = value
    inner.set_records("indicator", records)
    db, paths = world.open_province(tmp_path / "province")
    try:
        before = db_digest(db)
        with pytest.raises(BundleRefused) as info:
            world.import_(db, paths, inner.seal(world))
        assert info.value.code == "bad_field"
        assert_vietnamese_reason(info.value, "Thực hiện")
        assert_vietnamese_reason(info.value, says)
        assert records[0]["uid"] in info.value.message
        assert db_digest(db) == before
        # the same file untouched is accepted: the refusal is for the value alone
        assert world.import_(db, paths, world.good[3]).status == "accepted"
    finally:
        db.dispose()
