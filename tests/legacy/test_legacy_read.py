"""Reading a legacy month: each row fetched as one joined string, and cell by cell when a
cell holds the separator itself; both give the same text."""

from __future__ import annotations

import pytest

from support.legacy import LegacyServer
from work_data_hub.core.legacy.declaration import LegacyTable
from work_data_hub.core.legacy.source import LegacyDatabase


@pytest.fixture
def table(legacy_server: LegacyServer) -> LegacyTable:
    legacy_server.fresh()
    legacy_server.execute(
        "business", "CREATE TABLE `t` (`id` INT PRIMARY KEY, `月度` DATE, `名称` VARCHAR(50), `金额` DECIMAL(20,4))"
    )
    legacy_server.execute(
        "business",
        "INSERT INTO `t` VALUES (%s, %s, %s, %s)",
        [
            (7, "2024-11-01", " 甲公司 ", "9999999999999.9999"),
            (3, "2024-11-01", None, None),
            (9, "2024-10-01", "乙", "1"),
        ],
    )
    return LegacyTable("business", "t", "月度")


def _read(server: LegacyServer, legacy: LegacyTable) -> list[list[object]]:
    db = LegacyDatabase(server.url, {"business": server.name("business")})
    t = db.reflect(legacy)
    frame = db.read_month(t, legacy, ["2024-11-01"], ["id", "月度", "名称", "金额"])
    return frame.astype(object).where(frame.notna(), None).values.tolist()


def test_a_month_reads_as_exact_text_in_legacy_row_order(legacy_server: LegacyServer, table: LegacyTable) -> None:
    assert _read(legacy_server, table) == [  # the legacy id first, as the row number
        [3, "2024-11-01", None, None],
        [7, "2024-11-01", "甲公司", "9999999999999.9999"],
    ]


def test_a_cell_holding_the_separator_falls_back_to_reading_cell_by_cell(
    legacy_server: LegacyServer, table: LegacyTable
) -> None:
    legacy_server.execute("business", "UPDATE `t` SET `名称` = CONCAT('甲', CHAR(31), '乙') WHERE id = 3")

    rows = _read(legacy_server, table)

    assert rows[0] == [3, "2024-11-01", "甲\x1f乙", None]
