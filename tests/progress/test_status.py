import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from modellstadt.progress.status import evaluate, expected_at

D = datetime.date


def test_expected_value_follows_the_path_through_every_target():
    anchor = (D(2020, 1, 1), 0)
    targets = [(D(2022, 1, 1), 100), (D(2024, 1, 1), 500)]
    assert expected_at(D(2021, 1, 1), anchor, targets) == pytest.approx(Decimal(50), abs=Decimal("0.2"))
    assert expected_at(D(2023, 1, 1), anchor, targets) == pytest.approx(Decimal(300), abs=Decimal("0.6"))
    assert expected_at(D(2030, 1, 1), anchor, targets) == 500


@pytest.mark.parametrize("actual, status", [(500, "on_track"), (470, "on_track"), (420, "at_risk"),
                                            (300, "off_track"), (1000, "reached")])
def test_status_from_gap_to_the_expected_value(actual, status):
    result = evaluate(direction="higher", baseline=(D(2020, 1, 1), 0), values=[(D(2022, 1, 1), actual)],
                      targets=[(D(2024, 1, 1), 1000)])
    assert result.status == status


def test_lower_is_better_turns_the_gap_around():
    # CO2 from 1000 down to 0 by 2024: at half time 500 is expected; 450 is ahead, 700 far behind.
    args = {"direction": "lower", "baseline": (D(2020, 1, 1), 1000), "targets": [(D(2024, 1, 1), 0)]}
    assert evaluate(values=[(D(2022, 1, 1), 450)], **args).status == "on_track"
    assert evaluate(values=[(D(2022, 1, 1), 700)], **args).status == "off_track"


def test_missed_final_target_is_never_on_track():
    result = evaluate(direction="higher", baseline=(D(2020, 1, 1), 0), values=[(D(2025, 6, 1), 980)],
                      targets=[(D(2024, 1, 1), 1000)])
    assert result.status == "at_risk"


def test_without_values_or_targets_there_is_no_assessment():
    assert evaluate(direction="higher", baseline=None, values=[], targets=[(D(2024, 1, 1), 1)]).status == "no_data"
    assert evaluate(direction="higher", baseline=None, values=[(D(2024, 1, 1), 1)], targets=[]).status == "no_data"


@pytest.mark.django_db
def test_sentence_names_target_reached_and_expected_value(indicator):
    # Baseline 100 (end of 2017), target 1000 (end of 2025); 640 at the end of 2021: expected 550.
    with translation.override("de"):
        assert indicator.status == "on_track"
        assert indicator.status_sentence == ("Ziel 2025: 1.000 Ladepunkte; erreicht 640 (Stand 31.12.2021), "
                                             "erwartet 550.")
    with translation.override("en"):
        assert "1,000" in indicator.status_sentence and "640" in indicator.status_sentence
