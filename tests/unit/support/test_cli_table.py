"""The CLI's tables line up, whatever the cell widths."""
from __future__ import annotations

from chalicelib.cli.support import table


def test_columns_are_padded_to_the_widest_cell_and_empty_cells_show_a_dash():
    text = table(["TENANT", "STATUS"], [["a", "healthy"], ["lakeside-swim", None]])
    assert text.splitlines() == ["TENANT         STATUS", "-------------  -------", "a              healthy",
                                 "lakeside-swim  -"]
