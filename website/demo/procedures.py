"""The procedures part of the demo: public holidays, about twenty real procedures, the 2020 dossiers.

Data: ``demo/holidays.toml`` and ``demo/thu-tuc.json``, the procedures in the very format staff import;
they go through that import (``procedures.exchange.import_procedures``), like a file uploaded by the desk.
Computed here: the blank forms the procedures point to (PDFs drawn with Pillow), the order of the fields
(as they first appear in the file) and the 2020 dossiers (``website.demo.dossiers``).
Created once; a record that exists is never changed (``website.demo.ledger``).
"""

import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from portal import units
from portal.models import Holiday
from procedures import exchange
from procedures.models import Field, Procedure, UnitProcedure, pick
from website.demo import dossiers
from website.demo.data import read_bytes
from website.demo.images import form_pdf

FORMS_FOLDER = "thu-tuc/mau-don/"


def load(ledger, holidays, stdout=None):
    load_holidays(ledger, holidays)
    load_procedures(ledger, json.loads(read_bytes("thu-tuc.json")))
    dossiers.load(ledger)
    dossiers.load_quality(ledger)
    if stdout:
        stdout.write("Đã nạp thủ tục hành chính, ngày nghỉ lễ, hồ sơ năm 2020 và số liệu chất lượng dịch vụ.")


def load_holidays(ledger, items):
    for item in items:
        ledger.create(Holiday, {"date": item["date"]}, name=item["name"])


def load_procedures(ledger, records):
    """The demo procedures through the import, like a file uploaded by the desk; only those never loaded.
    The catalogue is national; the unit in scope then carries them out (``pick_procedures``)."""
    missing = [
        record
        for record in records
        if ledger.first_time(f"procedures.procedure:{record['ma_thu_tuc']}")
        and not Procedure.objects.filter(code=record["ma_thu_tuc"]).exists()
    ]
    if missing:
        import_procedures(missing, records)
    pick_procedures(ledger, records)


def pick_procedures(ledger, records):
    """The unit in scope carries out the demo procedures, each picked once (a pick staff removed stays
    removed; the import picks those it imports, so this is for a unit whose procedures were there before)."""
    unit = units.current()
    wanted = [record["ma_thu_tuc"] for record in records]
    picked = set(
        UnitProcedure.objects.filter(procedure__code__in=wanted).values_list("procedure__code", flat=True)
    )
    codes = []
    for code in wanted:
        key = f"procedures.unitprocedure:{unit.code}:{code}"
        if code in picked:
            ledger.note(key)  # picked already (the migration to units picked them)
        elif ledger.first_time(key):
            codes.append(code)
    if codes:
        pick(Procedure.objects.filter(code__in=codes))


def import_procedures(missing, records):
    for record in missing:  # the blank forms the papers point to, drawn once
        for paper in record.get("thanh_phan_ho_so", []):
            name = paper.get("tep_mau", "")
            if name.startswith(FORMS_FOLDER) and not default_storage.exists(name):
                default_storage.save(name, ContentFile(form_pdf(paper["mau_don"])))
    existing_fields = set(Field.objects.values_list("name", flat=True))
    report = exchange.import_procedures(json.dumps(missing, ensure_ascii=False).encode())
    if report.errors:
        raise ValueError("Dữ liệu thủ tục minh họa có lỗi: " + "; ".join(report.errors))
    fields = list(dict.fromkeys(record["linh_vuc"] for record in records))
    for order, name in enumerate(fields, start=1):  # the order of the fields the import just created
        if name not in existing_fields:
            Field.objects.filter(name=name).update(order=order)
