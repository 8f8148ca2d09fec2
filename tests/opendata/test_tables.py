"""Reading messy municipal tables: encodings, delimiters, decimal commas, German dates, ragged rows."""

import datetime
import io

import pytest

from modellstadt.opendata import tables


def inspect(content, fmt="CSV", **kw):
    inspection, rows = tables.read_typed(io.BytesIO(content), fmt, **kw)
    assert [r[0] for r in rows] == sorted({r[0] for r in rows})  # each row carries its line number
    return inspection, [r[1:] for r in rows]


def types(inspection):
    return {f["name"]: f["type"] for f in inspection.fields}


def test_windows_1252_semicolons_decimal_commas_german_dates_trailing_columns():
    content = (
        "Stadtteil;Einwohner;Fläche km²;Stichtag;Aktiv;;\n"
        "Mitte;12.345;3,5;31.12.2023;ja;;\n"
        "Fallersleben;8.001;10,25;31.12.2023;nein;;\n"
        "\n"
        "Vorsfelde;11.200;8;31.12.2023;ja\n"
    ).encode("cp1252")
    inspection, rows = inspect(content)
    assert inspection.dialect.encoding == "cp1252" and inspection.dialect.delimiter == ";"
    assert types(inspection) == {
        "stadtteil": "string", "einwohner": "number", "flaeche_km2": "number", "stichtag": "date", "aktiv": "boolean",
    }
    assert rows[0] == ["Mitte", 12345.0, 3.5, datetime.date(2023, 12, 31), True]
    assert rows[2] == ["Vorsfelde", 11200.0, 8.0, datetime.date(2023, 12, 31), True]
    assert inspection.row_count == 3


def test_utf8_with_bom_and_commas_and_iso_values():
    content = "\ufeffid,name,wert,zeit\n1,Ä,1.5,2024-01-02T03:04:05\n2,Ö,-2e3,2024-02-03 10:00\n".encode()
    inspection, rows = inspect(content, primary_key=["id"])
    assert types(inspection) == {"id": "integer", "name": "string", "wert": "number", "zeit": "datetime"}
    assert inspection.fields[0]["title"] == "id"  # BOM is not part of the first title
    assert rows[1][:3] == [2, "Ö", -2000.0]
    assert inspection.primary_key == ["id"]


def test_ragged_row_with_extra_values_is_rejected_with_row_number():
    content = b"a;b\n1;2\n3;4;5\n"
    with pytest.raises(tables.TableError) as exc:
        inspect(content)
    assert exc.value.problems[0]["row"] == 3
    assert "3 Werte" in exc.value.problems[0]["message"]


def test_short_rows_are_filled_with_empty_values_and_reported():
    inspection, rows = inspect(b"a,b,c\n1,2,3\n4,5\n")
    assert rows[1] == [4, 5, None]
    assert any("weniger Werte" in w for w in inspection.warnings)


def test_impossible_date_names_row_and_column():
    with pytest.raises(tables.TableError) as exc:
        inspect(b"Tag;Wert\n01.02.2024;1\n31.02.2024;2\n")
    problem = exc.value.problems[0]
    assert (problem["row"], problem["column"]) == (3, "Tag")
    assert "31.02.2024" in problem["message"]


def test_ambiguous_point_numbers_stay_text_with_a_warning():
    inspection, rows = inspect(b"a;b\n1.234;x\n5.678;y\n")
    assert types(inspection)["a"] == "string"
    assert any("nicht eindeutig" in w for w in inspection.warnings)
    assert rows[0][0] == "1.234"


def test_missing_header_and_duplicate_primary_keys_are_reported():
    with pytest.raises(tables.TableError) as exc:
        inspect(b"a;;c\n1;2;3\n")
    assert exc.value.problems[0]["column"] == "2"
    with pytest.raises(tables.TableError) as exc:
        inspect(b"id;v\n;a\n2;b\n", primary_key=["id"])
    assert "leer" in exc.value.problems[0]["message"] and exc.value.problems[0]["row"] == 2


def test_binary_and_undecodable_files_are_rejected():
    with pytest.raises(tables.TableError):
        inspect(b"a,b\n\x00\x01\n")
    with pytest.raises(tables.TableError):
        inspect(b"a,b\n\x81\x8d,1\n")


def test_xlsx_first_sheet():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Stadtteil", "Anschlüsse", "Stand"])
    ws.append(["Mitte", 120, datetime.datetime(2024, 5, 1)])
    ws.append(["Detmerode", 80.5, datetime.datetime(2024, 5, 1)])
    buffer = io.BytesIO()
    wb.save(buffer)
    inspection, rows = inspect(buffer.getvalue(), "XLSX")
    assert types(inspection) == {"stadtteil": "string", "anschluesse": "number", "stand": "date"}
    assert rows[1] == ["Detmerode", 80.5, datetime.date(2024, 5, 1)]
