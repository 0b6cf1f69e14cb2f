"""One parameter checker: the same rules and the same message on the command line, under
papermill and in JupyterLab (smeanalysis.reports.params)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import project_notebooks

from smeanalysis import dictionary, paths
from smeanalysis.cli import main
from smeanalysis.errors import ParameterError
from smeanalysis.reports import params, runner

NOTEBOOKS = {path.stem: params.declared(path.stem) for path in project_notebooks()}

#: One bad value per parameter, each breaking a different rule.
BAD = {
    "year": "1398",  # a string (papermill -r, or a quoted YAML value)
    "first_year": 1400,
    "last_year": 1390,  # before first_year
    "province": "Isfahn",
    "facts_path": "/no/such/facts.csv",
    "composition_path": "/no/such/composition.csv",
    "indicator_group": "smes",
    "top_n": 0,
}


def having(parameter: str) -> list[str]:
    """The project notebooks that declare a parameter."""
    names = [name for name, declared in NOTEBOOKS.items() if parameter in declared]
    assert names, f"no notebook has a {parameter!r} parameter"
    return names


def refusal(notebook: str, values: dict) -> ParameterError:
    with pytest.raises(ParameterError) as caught:
        params.check_values(notebook, NOTEBOOKS[notebook], values)
    return caught.value


def one_line(text: str) -> str:
    return " ".join(text.split())


def cli_error(capsys, notebook: str, values: dict, out: Path) -> str:
    """Run ``smeanalysis report`` in-process; assert exit 2, one line, nothing written."""
    options = [item for key, value in values.items() for item in ("-p", f"{key}={value}")]
    assert main(["report", notebook, *options, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("smeanalysis: error: "), err
    assert not out.exists(), "nothing is written (no kernel, no executed notebook)"
    return err.removeprefix("smeanalysis: error: ").strip()


@pytest.fixture(scope="module")
def bad_facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped raw table with one impossible unit on line 3 (fails ``validate``)."""
    good = paths.DATA_DIR / "raw" / "official_figures.csv"
    lines = good.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",count,", ",dozens,", 1)
    assert "dozens" in lines[2]
    path = tmp_path_factory.mktemp("facts") / "facts.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# The rules, one parameter at a time


@pytest.mark.parametrize("value", ["1398", 1398.0, True, None, 1500])
def test_year_must_be_an_integer_iranian_year(value) -> None:
    err = refusal("sme_exports", {"year": value})
    (problem,) = err.problems
    assert (problem.column, problem.found.split(" (")[0]) == ("year", repr(value))
    assert "an integer Iranian (Solar Hijri) year from 1278 to 1480" in problem.expected
    assert f"parameter 'year': found {value!r}" in str(err)


def test_a_string_year_is_named_a_string() -> None:
    message = str(refusal("sme_exports", {"year": "1398"}))
    assert "parameter 'year': found '1398' (a string), expected an integer Iranian" in message


def test_year_must_be_in_the_data() -> None:
    err = refusal("sme_exports", {"year": 1300})
    assert "expected a year in the data (1392, 1393" in str(err)


@pytest.mark.parametrize("notebook", having("province"))
def test_misspelt_province_names_the_closest_match(notebook: str) -> None:
    message = str(refusal(notebook, {"province": "Isfahn"}))
    assert "parameter 'province': found 'Isfahn'" in message
    assert "closest: 'Isfahan' (IR-10)" in message


@pytest.mark.parametrize("notebook", having("province"))
def test_ambiguous_province_names_the_candidates(notebook: str) -> None:
    message = str(refusal(notebook, {"province": "Khorasan"}))
    assert "Razavi Khorasan (IR-09), North Khorasan (IR-28) or South Khorasan (IR-29)" in message


@pytest.mark.parametrize("notebook", having("province"))
def test_province_spellings_resolve_to_code_and_name(notebook: str) -> None:
    checked = params.check_values(notebook, NOTEBOOKS[notebook], {"province": "ostan-e esfahan"})
    assert (checked["province"], checked["province_code"], checked["province_name"]) == (
        "Isfahan",
        "IR-10",
        "Isfahan",
    )


def test_whole_country_only_where_the_default_is_the_whole_country() -> None:
    national = params.check_values("park_utilization", NOTEBOOKS["park_utilization"], {})
    assert (national["province_code"], national["province_name"]) == (None, "Iran")
    persian = {"province": "ایران"}
    assert (
        params.check_values("park_utilization", NOTEBOOKS["park_utilization"], persian)["province"]
        == "Iran"
    )
    message = str(refusal("province_profile", {"province": "Iran"}))
    assert "found 'Iran', expected one of Iran's 31 provinces" in message
    assert "not the whole country" in message


@pytest.mark.parametrize("notebook", having("first_year"))
def test_window_in_the_wrong_order_is_refused(notebook: str) -> None:
    err = refusal(notebook, {"first_year": 1400, "last_year": 1390})
    (problem,) = err.problems
    assert problem.column == "last_year"
    assert "found 1390, before first_year 1400" in str(err)
    assert "first_year <= last_year" in str(err)


@pytest.mark.parametrize("notebook", having("first_year"))
def test_window_gives_the_year_list(notebook: str) -> None:
    checked = params.check_values(
        notebook, NOTEBOOKS[notebook], {"first_year": 1398, "last_year": 1400}
    )
    assert checked["years"] == [1398, 1399, 1400]


@pytest.mark.parametrize("notebook", having("facts_path"))
def test_missing_facts_file_is_refused(notebook: str) -> None:
    message = str(refusal(notebook, {"facts_path": "/no/such/facts.csv"}))
    assert "parameter 'facts_path': found '/no/such/facts.csv' (no such file)" in message


@pytest.mark.parametrize("notebook", having("facts_path"))
def test_facts_file_that_does_not_validate_is_refused(notebook: str, bad_facts: Path) -> None:
    message = str(refusal(notebook, {"facts_path": str(bad_facts)}))
    assert f"found '{bad_facts}' (1 problem, the first: {bad_facts}, line 3" in message
    assert "dozens" in message and "passes 'smeanalysis validate'" in message


def test_good_facts_file_is_made_absolute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(paths.DATA_DIR)
    checked = params.check_values(
        "sme_exports", NOTEBOOKS["sme_exports"], {"facts_path": "raw/official_figures.csv"}
    )
    assert checked["facts_path"] == str(paths.DATA_DIR / "raw" / "official_figures.csv")


@pytest.mark.parametrize("notebook", having("composition_path"))
def test_missing_composition_file_is_refused(notebook: str) -> None:
    message = str(refusal(notebook, {"composition_path": "nope.csv"}))
    assert "parameter 'composition_path': found 'nope.csv' (no such file)" in message


@pytest.mark.parametrize("notebook", having("top_n"))
@pytest.mark.parametrize("value", [0, 21, "5", 2.5])
def test_top_n_is_a_whole_number_from_1_to_20(notebook: str, value) -> None:
    assert "expected a whole number from 1 to 20" in str(refusal(notebook, {"top_n": value}))


@pytest.mark.parametrize("notebook", having("indicator_group"))
def test_indicator_groups_are_read_when_checked(
    notebook: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = str(refusal(notebook, {"indicator_group": "smes"}))
    assert "found 'smes', expected an indicator group: one of all, " in message
    # The registry may change its groups: the checker reads them at call time.
    monkeypatch.setattr(dictionary, "INDICATOR_GROUPS", {"alpha": (), "beta": ()}, raising=False)
    assert params.indicator_groups() == ["alpha", "beta"]
    declared = NOTEBOOKS[notebook]
    assert params.check_values(notebook, declared, {"indicator_group": "beta"})["indicator_group"]
    assert "one of all, alpha, beta" in str(refusal(notebook, {"indicator_group": "smes"}))


def test_every_bad_parameter_is_named_at_once() -> None:
    err = refusal("park_utilization", {"province": 12, "first_year": "1392", "facts_path": 3})
    assert [p.column for p in err.problems] == ["facts_path", "province", "first_year"]
    assert str(err).startswith("park_utilization: 3 bad parameters:")
    assert "found 12 (an integer), expected 'Iran' (the whole country) or one of" in str(err)


def test_other_parameters_take_the_type_of_their_default(tiny_notebooks: Path) -> None:
    declared = params.declared("tiny", tiny_notebooks)
    with pytest.raises(ParameterError) as caught:
        params.check_values("tiny", declared, {"n": "3"})
    message = str(caught.value)
    assert "parameter 'n': found '3' (a string), expected an integer" in message
    assert params.check_values("tiny", declared, {"n": 4, "label": "x"})["n"] == 4
    with pytest.raises(ParameterError, match="tiny has no parameter 'm'; its parameters are: n"):
        params.check_values("tiny", declared, {"m": 1})


def test_check_reads_the_values_from_the_notebook_namespace() -> None:
    namespace = {
        "year": 1399,
        "facts_path": None,
        "extra_facts_path": None,
        "lang": "en",
        "plt": object(),
    }
    assert params.check("sme_exports", namespace)["year"] == 1399
    with pytest.raises(ParameterError, match="parameter 'facts_path': found no value"):
        params.check("sme_exports", {"year": 1399})
    # In JupyterLab and on the command line: one message.
    with pytest.raises(ParameterError) as in_lab:
        params.check(
            "sme_exports", {**BAD, "facts_path": None, "extra_facts_path": None, "lang": "en"}
        )
    assert str(in_lab.value) == str(refusal("sme_exports", {"year": "1398"}))


# --------------------------------------------------------------------------------------
# The notebooks: one call in the check cell, comments papermill can read


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS))
def test_check_cell_is_one_call_and_comments_parse(notebook: str) -> None:
    import papermill

    path = paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    check_cell = "".join(code[1]["source"])
    assert f'params.check("{notebook}", globals())' in check_cell
    assert "raise" not in check_cell and "Problem" not in check_cell
    inferred = papermill.inspect_notebook(str(path))
    declared = NOTEBOOKS[notebook]
    assert list(inferred) == list(declared)
    for name, parameter in declared.items():
        assert "=" not in parameter.meaning, f"{name}: papermill cannot parse a comment with '='"
        assert inferred[name]["help"] == parameter.meaning
        assert inferred[name]["default"] == repr(parameter.default).replace("'", '"')


# --------------------------------------------------------------------------------------
# The command line: exit 2 before any kernel starts


@pytest.fixture
def no_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a report would start a kernel."""

    def refuse(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(runner, "_take_kernel", refuse)
    monkeypatch.setattr(runner, "run_report", refuse)


@pytest.mark.parametrize("notebook", having("facts_path"))
def test_cli_refuses_a_facts_file_that_does_not_validate_before_any_kernel(
    notebook: str, bad_facts: Path, tmp_path: Path, capsys, no_kernel
) -> None:
    message = cli_error(capsys, notebook, {"facts_path": bad_facts}, tmp_path / "out")
    assert f"{notebook}: 1 bad parameter: - parameter 'facts_path': found '{bad_facts}'" in message
    assert "line 3" in message and "dozens" in message


@pytest.mark.parametrize(
    ("values", "named", "said"),
    [
        ({"facts_path": "/no/such/facts.csv"}, "facts_path", "(no such file)"),
        ({"province": "Isfahn"}, "province", "closest: 'Isfahan' (IR-10)"),
        ({"first_year": 1400, "last_year": 1390}, "last_year", "first_year <= last_year"),
        ({"year": '"1398"'}, "year", "found '1398' (a string)"),
    ],
)
def test_cli_refusals_on_every_notebook_with_the_parameter(
    values: dict, named: str, said: str, tmp_path: Path, capsys, no_kernel
) -> None:
    for notebook in having(next(iter(values))):
        message = cli_error(capsys, notebook, values, tmp_path / notebook)
        assert f"parameter '{named}': found" in message and said in message


# --------------------------------------------------------------------------------------
# The same message under papermill (a kernel per notebook: the slow part)


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS))
def test_papermill_run_fails_with_the_message_the_cli_gives(
    notebook: str, tmp_path: Path, capsys
) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    bad = {name: value for name, value in BAD.items() if name in NOTEBOOKS[notebook]}
    with pytest.raises(PapermillExecutionError) as caught:
        papermill.execute_notebook(
            str(paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"),
            str(tmp_path / "run.ipynb"),
            parameters=bad,
            kernel_name=runner.KERNEL_NAME,
            cwd=str(paths.NOTEBOOKS_DIR),
            progress_bar=False,
            start_timeout=runner.START_TIMEOUT,
            execution_timeout=300,
        )
    err = caught.value
    assert err.ename == "ParameterError"
    for name, value in bad.items():
        assert f"parameter '{name}': found {value!r}" in err.evalue or name == "first_year"
    # The command line says the same, word for word, on one line (exit 2, no kernel).
    typed = {name: json.dumps(value) for name, value in bad.items()}
    assert cli_error(capsys, notebook, typed, tmp_path / "out") == one_line(err.evalue)
