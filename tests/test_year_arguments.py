"""A year given as text to a year filter of the library is refused, not matched to nothing.

Every public function of the library modules (metrics, calendar, facts, composition, reconcile,
trade) that filters by Iranian year is listed here; today those are composition's three
``years=`` filters (calendar.parse_years reads text on purpose and is not a filter).
"""

from __future__ import annotations

import numpy as np
import pytest

from smeanalysis import composition
from smeanalysis.errors import ParameterError


@pytest.fixture(scope="module")
def table():
    return composition.load_composition()


FILTERS = {
    "destinations_by_year": (composition.destinations_by_year, 1399),
    "product_groups": (composition.product_groups, 1397),
    "sme_goods": (composition.sme_goods, 1400),
}


@pytest.mark.parametrize("name", list(FILTERS))
@pytest.mark.parametrize("text", ["1398", ["1398"], [1398, "1399"]], ids=["str", "list", "mixed"])
def test_text_year_is_refused(table, name, text):
    function, _ = FILTERS[name]
    with pytest.raises(ParameterError, match="an integer Iranian year") as caught:
        function(table, years=text)
    assert str(caught.value).startswith(f"{name}(): years=")
    assert [p.column for p in caught.value.problems] == ["years"]
    assert caught.value.problems[0].found.startswith(
        "'1398'" if text != [1398, "1399"] else "'1399'"
    )


@pytest.mark.parametrize("name", list(FILTERS))
def test_other_non_integers_are_refused(table, name):
    function, year = FILTERS[name]
    for bad in (float(year), [float(year)], True):
        with pytest.raises(ParameterError, match="an integer Iranian year"):
            function(table, years=bad)


@pytest.mark.parametrize("name", list(FILTERS))
def test_integer_years_still_filter(table, name):
    function, year = FILTERS[name]
    listed = function(table, years=[year])
    assert len(listed) > 0 and set(listed["jalali_year"]) == {year}
    # One integer (numpy's too) means the same as a list of one.
    for single in (year, np.int64(year)):
        assert function(table, years=single).equals(listed)
    assert set(function(table)["jalali_year"]) >= {year}
