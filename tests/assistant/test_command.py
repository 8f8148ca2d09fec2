"""``modellstadt assistant evaluate FILE.tsv``: figures of the current models on a labelled file,
one a line, without training on it; readable errors for broken files."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from modellstadt.assistant.models import TrainedModel

pytestmark = pytest.mark.django_db

HEADER = "id\tfield\tdup_group\ttitle\ttext\n"
ROWS = [
    ("a1", "elektromobilitaet", "g1", "Ladesäulen in der Siedlung",
     "Wir brauchen Ladepunkte für E-Autos im Wohngebiet."),
    ("a2", "elektromobilitaet", "g1", "Laden für Mieter", "Ladesäulen in Wohnstraßen für alle ohne Garage."),
    ("a3", "digitale-bildung", "", "Tablets für Schüler", "Jedes Kind braucht ein Tablet für die Schule."),
    ("a4", "einfache-verwaltung", "", "Ummeldung online", "Wohnsitz nach dem Umzug online ummelden."),
    ("a5", "digitale-infrastruktur", "", "glasfaser", "internet in fallersleben zu langsam, bitte glasfaser"),
]


def _file(tmp_path, rows=ROWS, header=HEADER):
    path = tmp_path / "ideen.tsv"
    path.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_evaluate_prints_one_figure_a_line(tmp_path):
    out = StringIO()
    call_command("assistant", "evaluate", str(_file(tmp_path)), stdout=out)
    lines = out.getvalue().splitlines()
    assert "Feldmodell: Startkorpus (noch keine trainierte Version)" in lines
    assert "Ideen: 5" in lines
    top1 = next(line for line in lines if line.startswith("Top-1: "))
    assert top1.endswith(" %") and float(top1.split()[1]) >= 60
    assert any(line.startswith("Top-3: ") for line in lines)
    assert any(line.startswith("Dubletten-Präzision: ") for line in lines)
    assert any(line.startswith("Dubletten-Trefferquote: ") for line in lines)
    assert any(line.startswith("Zeit je Vorschlag (Median): ") and line.endswith(" ms") for line in lines)
    assert not TrainedModel.objects.exists()  # nothing was trained


def test_evaluate_names_unknown_fields(tmp_path):
    out = StringIO()
    rows = ROWS + [("a6", "kultur", "", "Museum", "Mehr Kultur")]
    call_command("assistant", "evaluate", str(_file(tmp_path, rows)), stdout=out)
    assert "Unbekannte Felder in der Datei: kultur" in out.getvalue()


def test_evaluate_refuses_broken_files(tmp_path):
    with pytest.raises(CommandError, match="Spalten fehlen"):
        call_command("assistant", "evaluate", str(_file(tmp_path, header="id\ttitle\n")))
    with pytest.raises(CommandError, match="kann nicht gelesen"):
        call_command("assistant", "evaluate", str(tmp_path / "fehlt.tsv"))
    with pytest.raises(CommandError, match="keine Ideen"):
        call_command("assistant", "evaluate", str(_file(tmp_path, rows=[])))


def test_train_stores_versions(tmp_path):
    out = StringIO()
    call_command("assistant", "train", stdout=out)
    assert "Feldvorschlag: Version 1" in out.getvalue()
    assert set(TrainedModel.objects.values_list("kind", flat=True)) == {"field", "duplicates"}
    out = StringIO()
    call_command("assistant", "evaluate", str(_file(tmp_path)), stdout=out)
    assert "Feldmodell: Version 1" in out.getvalue()
