"""Reading and writing the diary CSV contract; a bad file is rejected whole."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bontrack.clinical import DiaryDay, DiaryError, read_csv, write_csv
from bontrack.clinical.diary import COLUMNS, MEDICATION_CLASSES

HEADER = ",".join(COLUMNS)


def errors_of(text: str) -> list[str]:
    with pytest.raises(DiaryError) as caught:
        read_csv(text)
    return caught.value.messages


def test_it_reads_a_full_row() -> None:
    text = HEADER + "\n2026-01-02,5.5,3,1,1,yes,TRUE,0,1,no,false,triptan;simple_analgesic,1,7\n"
    (day,) = read_csv(text)
    assert day == DiaryDay(
        date(2026, 1, 2), 5.5, 3, True, True, True, True, False, True, False, False,
        frozenset({"triptan", "simple_analgesic"}), True, 7,
    )


def test_only_the_date_column_is_required() -> None:
    days = read_csv("date\n2026-01-02\n2026-01-01\n")
    assert [d.date for d in days] == [date(2026, 1, 1), date(2026, 1, 2)]
    assert days[0] == DiaryDay(date(2026, 1, 1))


def test_columns_may_come_in_any_order_and_blank_lines_are_skipped() -> None:
    (day,) = read_csv("intensity, date ,aura\r\n\r\n2,2026-03-01,Yes\r\n\r\n")
    assert (day.intensity, day.aura) == (2, True)


def test_a_utf8_byte_order_mark_is_ignored() -> None:
    assert read_csv("\ufeffdate\n2026-01-01\n")[0].date == date(2026, 1, 1)


def test_every_bad_line_is_reported_with_field_and_value() -> None:
    text = "\n".join(
        [
            "date,headache_hours,intensity,nausea,acute_meds,pain_nrs",
            "2026-01-01,2,1,0,,3",
            "2026-01-02,25,5,maybe,aspirin,11",
            "2026-02-30,1,1,0,,",
            "2026-01-01,1,1,0,,",
            "01/03/2026,-1,x,1,triptan,",
            ",1,1,0,,",
            "2026-01-05,1",
        ]
    )
    assert errors_of(text) == [
        "line 3: nausea must be 1/0, true/false or yes/no, got 'maybe'",
        "line 3: headache_hours must be 0–24, got 25",
        "line 3: intensity must be 0–3, got 5",
        "line 3: acute_meds has unknown medication class 'aspirin'; known classes: "
        + ", ".join(MEDICATION_CLASSES),
        "line 3: pain_nrs must be a whole number 0–10 or empty, got 11",
        "line 4: date must be a real date YYYY-MM-DD, got '2026-02-30'",
        "line 5: date 2026-01-01 already appears on line 2",
        "line 6: date must be a real date YYYY-MM-DD, got '01/03/2026'",
        "line 6: headache_hours must be 0–24, got -1",
        "line 6: intensity must be 0–3, got x",
        "line 7: date is empty",
        "line 8: expected 6 fields as in the header, got 2",
    ]


def test_intensity_message_reads_as_the_style_guide_says() -> None:
    text = HEADER.split(",intensity")[0] + ",intensity\n" + "\n" * 12 + "2026-01-01,1,5\n"
    assert errors_of(text) == ["line 14: intensity must be 0–3, got 5"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "line 1: the file is empty; expected a header row starting with date"),
        ("  \n\n", "line 1: the file is empty; expected a header row starting with date"),
        ("headache_hours\n5\n", "line 1: the required column 'date' is missing"),
        ("date\n", "line 2: the file has a header but no diary days"),
        ("date,mood\n2026-01-01,ok\n", "line 1: unknown column 'mood'; columns are "
         + ", ".join(COLUMNS)),
        ("date,aura,aura\n2026-01-01,1,1\n", "line 1: column 'aura' appears more than once"),
        ("date,headache_hours\n2026-01-01,nan\n",
         "line 2: headache_hours must be a number 0–24, got 'nan'"),
        ("date,headache_hours\n2026-01-01,four\n",
         "line 2: headache_hours must be a number 0–24, got 'four'"),
        ("date,pain_nrs\n2026-01-01,4.5\n",
         "line 2: pain_nrs must be a whole number 0–10 or empty, got 4.5"),
        ("date\n20260101\n", "line 2: date must be a real date YYYY-MM-DD, got '20260101'"),
    ],
)
def test_bad_files_are_rejected_with_a_clear_line(text: str, message: str) -> None:
    assert errors_of(text) == [message]


def test_nothing_is_accepted_when_one_line_is_bad() -> None:
    with pytest.raises(DiaryError):
        read_csv("date,intensity\n2026-01-01,1\n2026-01-02,9\n2026-01-03,1\n")


def test_export_writes_every_column_in_contract_order() -> None:
    text = write_csv([DiaryDay(date(2026, 1, 1), 4.0, 2, acute_meds=frozenset({"gepant",
                                                                               "triptan"}))])
    assert text.splitlines() == [HEADER, "2026-01-01,4,2,0,0,0,0,0,0,0,0,triptan;gepant,0,"]


days_strategy = st.lists(
    st.builds(
        DiaryDay,
        date=st.dates(date(2000, 1, 1), date(2040, 12, 31)),
        headache_hours=st.floats(0, 24, allow_nan=False),
        intensity=st.integers(0, 3),
        unilateral=st.booleans(),
        pulsating=st.booleans(),
        aggravated_by_activity=st.booleans(),
        nausea=st.booleans(),
        vomiting=st.booleans(),
        photophobia=st.booleans(),
        phonophobia=st.booleans(),
        aura=st.booleans(),
        acute_meds=st.frozensets(st.sampled_from(MEDICATION_CLASSES)),
        relieved_by_acute_med=st.booleans(),
        pain_nrs=st.none() | st.integers(0, 10),
    ),
    min_size=1,
    max_size=40,
    unique_by=lambda d: d.date,
)


@given(days_strategy)
def test_writing_then_reading_a_diary_is_the_identity(days: list[DiaryDay]) -> None:
    assert read_csv(write_csv(days)) == sorted(days, key=lambda d: d.date)


@pytest.mark.parametrize("value", ["1e1", "1_0", "٥", "²", "inf"])
def test_hours_that_are_not_plain_decimal_numbers_are_refused(value: str) -> None:
    with pytest.raises(DiaryError, match="headache_hours must be a number"):
        read_csv(f"date,headache_hours\n2026-01-01,{value}\n")


@pytest.mark.parametrize("value", ["²", "٣", "5.5", "11", "-1"])
def test_pain_scores_that_are_not_whole_numbers_0_to_10_are_refused(value: str) -> None:
    with pytest.raises(DiaryError, match="pain_nrs must be a whole number 0–10"):
        read_csv(f"date,pain_nrs\n2026-01-01,{value}\n")


def test_a_file_ending_inside_an_open_quote_is_refused() -> None:
    with pytest.raises(DiaryError, match="line 2: not valid CSV"):
        read_csv('date,headache_hours\n2026-01-01,"5\n')
