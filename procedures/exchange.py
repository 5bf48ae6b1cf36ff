"""Import and export of procedures (JSON, CSV) and dossiers (CSV, XLSX from the provincial one-stop system).

The formats are described in README.md and shown by procedures/examples/. Every
record is checked completely before anything is written; each problem is reported
in Vietnamese with its row and field. A procedure with a problem is not written at
all; a dossier file with a problem is not written at all. Exporting then importing
changes nothing: a procedure whose data equals the stored one is left untouched.

Procedures are national: an import writes the shared catalogue, and the unit in scope (the desk that
imports) then carries out every procedure of the file. Dossiers are imported into the unit in scope,
for the procedures it carries out.
"""

import csv
import functools
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from portal import units
from portal.cache import bumps_at_the_end
from portal.models import Holiday
from portal.text import fold, nfc
from portal.workdays import due_at
from procedures import quality
from procedures.models import (
    OPEN,
    Agency,
    Channel,
    ChannelOption,
    Dossier,
    Field,
    InternalStep,
    LegalBasis,
    Level,
    OnlineLevel,
    Paper,
    Procedure,
    Status,
    Step,
    UnitProcedure,
    is_dossier_code,
    is_procedure_code,
    pick,
)

# An import runs in the worker (procedures.imports), not in a web request: a province's register of a year
# (100,000 dossiers and more) fits in one file.
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
SEP = " | "

# JSON key / CSV column → label used in messages
SCALARS = {
    "ma_thu_tuc": "Mã thủ tục",
    "ten": "Tên thủ tục",
    "so_quyet_dinh": "Số quyết định công bố",
    "cap_thuc_hien": "Cấp thực hiện",
    "linh_vuc": "Lĩnh vực",
    "loai_thu_tuc": "Loại thủ tục",
    "doi_tuong": "Đối tượng thực hiện",
    "co_quan_thuc_hien": "Cơ quan thực hiện",
    "co_quan_co_tham_quyen": "Cơ quan có thẩm quyền",
    "co_quan_duoc_uy_quyen": "Cơ quan được ủy quyền",
    "co_quan_phoi_hop": "Cơ quan phối hợp",
    "dia_chi_tiep_nhan": "Địa chỉ tiếp nhận hồ sơ",
    "ket_qua": "Kết quả thực hiện",
    "yeu_cau_dieu_kien": "Yêu cầu, điều kiện",
    "tu_khoa": "Từ khóa",
    "mo_ta": "Mô tả",
    "so_ngay_giai_quyet": "Số ngày làm việc",
    "muc_do_truc_tuyen": "Mức độ trực tuyến",
    "duong_dan_nop_truc_tuyen": "Đường dẫn nộp trực tuyến",
}
LISTS = {
    "trinh_tu": ("Trình tự thực hiện", None),
    "cach_thuc": ("Cách thức thực hiện", ["hinh_thuc", "thoi_han", "phi_le_phi", "mo_ta"]),
    "thanh_phan_ho_so": (
        "Thành phần hồ sơ",
        ["truong_hop", "ten_giay_to", "mau_don", "tep_mau", "ban_chinh", "ban_sao"],
    ),
    "can_cu_phap_ly": ("Căn cứ pháp lý", ["so_ky_hieu", "trich_yeu", "ngay_ban_hanh", "co_quan_ban_hanh"]),
    "quy_trinh_noi_bo": ("Quy trình nội bộ", ["don_vi_chuyen", "don_vi_xu_ly", "so_ngay"]),
}
COLUMNS = [*SCALARS, *LISTS]
# longest text each short field takes (the database's column sizes)
LIMITS = {
    "ten": 500,
    "so_quyet_dinh": 100,
    "cap_thuc_hien": 50,
    "linh_vuc": 200,
    "loai_thu_tuc": 200,
    "co_quan_thuc_hien": 250,
    "co_quan_co_tham_quyen": 250,
    "co_quan_duoc_uy_quyen": 250,
    "co_quan_phoi_hop": 250,
    "tu_khoa": 500,
    "duong_dan_nop_truc_tuyen": 500,
    "truong_hop": 300,
    "mau_don": 300,
    "tep_mau": 300,
    "so_ky_hieu": 100,
    "co_quan_ban_hanh": 250,
    "don_vi_chuyen": 250,
    "don_vi_xu_ly": 250,
}
REQUIRED = ["ma_thu_tuc", "ten", "cap_thuc_hien", "linh_vuc", "co_quan_thuc_hien"]


class FileRejected(Exception):
    """The file as a whole cannot be read (wrong type, too big, broken)."""


class Cancelled(Exception):
    """Raised by a progress hook when the import was cancelled: the write transaction is rolled back."""


BATCH = 100  # rows between two reports of progress (and two looks at the cancel flag)


class NoProgress:
    """What an import tells whoever follows it (procedures.imports.RunProgress writes it on the run): the rows
    read, each batch of rows checked (with the errors so far), the rows to write, each batch written. Any hook
    may raise ``Cancelled``; raised while writing, it rolls back everything the import wrote."""

    def read(self, total):
        pass

    def checked(self, done, errors):
        pass

    def writing(self, count):
        pass

    def written(self, done, errors):
        pass


def _every_batch(done, total):
    return done % BATCH == 0 or done == total


def _unreadable_as_rejected(reader):
    """A file broken in a way the reader did not foresee (nesting too deep, a huge number or CSV cell,
    a damaged spreadsheet) is rejected with a message, never a server error."""

    @functools.wraps(reader)
    def wrapper(data):
        try:
            return reader(data)
        except FileRejected:
            raise
        except Exception:
            raise FileRejected("Không đọc được tệp: nội dung bị hỏng hoặc sai định dạng.") from None

    return wrapper


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def summary(self):
        return (
            f"Thêm mới {len(self.created)}, cập nhật {len(self.updated)}, không đổi {len(self.unchanged)}, "
            f"lỗi {len(self.errors)}."
        )


def _text(value):
    if value is None:
        return ""
    return nfc(str(value)).strip()


ALIASES = {
    "buu chinh": Channel.BUU_CHINH,
    "bcci": Channel.BUU_CHINH,
    "truc tuyen toan trinh": OnlineLevel.TOAN_TRINH,
}


def _choice(value, choices):
    """A choice given by its label or its value, ignoring case and accents ("Cấp xã", "cap xa", "xa")."""
    wanted = fold(value).removeprefix("cap ")
    if wanted in ALIASES and ALIASES[wanted] in choices:
        return ALIASES[wanted]
    return _choice_table(choices).get(wanted)


@functools.lru_cache(maxsize=32)
def _choice_table(choices):
    """Each spelling of each choice of ``choices`` (its value, its label, without «cấp»), folded: once per
    kind of choice, not once per row of a 100,000-row file."""
    table = {}
    for choice in choices:
        for spelling in (fold(choice.value), fold(choice.label), fold(choice.label).removeprefix("cap ")):
            table.setdefault(spelling, choice)
    return table


def _read_text(data):
    if len(data) > MAX_BYTES:
        raise FileRejected(f"Tệp quá lớn: tối đa {MAX_BYTES // 1024 // 1024} MB.")
    if b"\x00" in data:
        raise FileRejected("Tệp không phải là tệp văn bản (CSV hoặc JSON).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected("Tệp phải được lưu với bảng mã UTF-8.") from None


def detect_format(data):
    """The format from the content, not the extension: xlsx (a zip with a workbook), json, or csv."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"[", b"{"):
        return "json"
    return "csv"


# --- Procedures ---------------------------------------------------------------------------------------------


def export_record(procedure):
    """The exchange form of a procedure (the same for JSON and CSV)."""
    record = {
        "ma_thu_tuc": procedure.code,
        "ten": procedure.name,
        "so_quyet_dinh": procedure.decision_number,
        "cap_thuc_hien": procedure.get_level_display(),
        "linh_vuc": procedure.field.name,
        "loai_thu_tuc": procedure.procedure_type,
        "doi_tuong": procedure.subjects,
        "co_quan_thuc_hien": procedure.implementing_agency.name,
        "co_quan_co_tham_quyen": procedure.competent_agency.name if procedure.competent_agency else "",
        "co_quan_duoc_uy_quyen": procedure.authorised_agency.name if procedure.authorised_agency else "",
        "co_quan_phoi_hop": procedure.coordinating_agency.name if procedure.coordinating_agency else "",
        "dia_chi_tiep_nhan": procedure.reception_address,
        "ket_qua": procedure.result,
        "yeu_cau_dieu_kien": procedure.conditions,
        "tu_khoa": procedure.keywords,
        "mo_ta": procedure.description,
        "so_ngay_giai_quyet": procedure.processing_days,
        "muc_do_truc_tuyen": procedure.get_online_level_display(),
        "duong_dan_nop_truc_tuyen": procedure.online_url,
        "trinh_tu": [step.text for step in procedure.steps.all()],
        "cach_thuc": [
            {
                "hinh_thuc": item.get_channel_display(),
                "thoi_han": item.processing_time,
                "phi_le_phi": item.fee,
                "mo_ta": item.description,
            }
            for item in procedure.channels.all()
        ],
        "thanh_phan_ho_so": [
            {
                "truong_hop": paper.case,
                "ten_giay_to": paper.name,
                "mau_don": paper.form_name,
                "tep_mau": paper.form_file.name or "",
                "ban_chinh": paper.originals,
                "ban_sao": paper.copies,
            }
            for paper in procedure.papers.all()
        ],
        "can_cu_phap_ly": [
            {
                "so_ky_hieu": basis.number,
                "trich_yeu": basis.summary,
                "ngay_ban_hanh": f"{basis.issued_on:%d/%m/%Y}" if basis.issued_on else "",
                "co_quan_ban_hanh": basis.issuer,
            }
            for basis in procedure.legal_bases.all()
        ],
        "quy_trinh_noi_bo": [
            {"don_vi_chuyen": step.from_unit, "don_vi_xu_ly": step.to_unit, "so_ngay": _days_text(step.days)}
            for step in procedure.internal_steps.all()
        ],
    }
    return record


def _days_text(value):
    """Working days as written in Vietnamese: 17, 0,5."""
    return format(value.normalize(), "f").replace(".", ",")


def export_queryset():
    return Procedure.objects.select_related(
        "field", "implementing_agency", "competent_agency", "authorised_agency", "coordinating_agency"
    ).prefetch_related("steps", "channels", "papers", "legal_bases", "internal_steps")


def export_json(procedures):
    return json.dumps([export_record(p) for p in procedures], ensure_ascii=False, indent=2) + "\n"


def export_csv(procedures):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for procedure in procedures:
        record = export_record(procedure)
        row = [record[key] for key in SCALARS]
        for key, (_, parts) in LISTS.items():
            if parts is None:
                row.append("\n".join(map(_escape, record[key])))
            else:
                row.append("\n".join(SEP.join(_escape(item[p]) for p in parts) for item in record[key]))
        writer.writerow(row)
    return out.getvalue()


def _escape(value):
    """A part of a CSV list cell: one item per line, parts split by «|», so a line break is written «\\n»."""
    return str(value).replace("\r\n", "\n").replace("\n", "\\n").replace("|", "/")


def _unescape(value):
    return value.replace("\\n", "\n")


@_unreadable_as_rejected
def read_procedure_file(data):
    """Records (row label, raw dict) from JSON or CSV bytes."""
    kind = detect_format(data)
    if kind == "xlsx":
        raise FileRejected("Thủ tục chỉ nhập từ tệp JSON hoặc CSV.")
    text = _read_text(data)
    if kind == "json":
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileRejected(f"Tệp JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}).") from None
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list):
            raise FileRejected("Tệp JSON phải là một danh sách thủ tục.")
        return [(f"Mục số {n}", item) for n, item in enumerate(items[:MAX_ROWS], start=1)]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise FileRejected("Tệp CSV thiếu cột: " + ", ".join(missing) + ".")
    records = []
    for n, row in enumerate(reader, start=2):
        if n > MAX_ROWS:
            break
        record = {key: row.get(key) or "" for key in SCALARS}
        for key, (_, parts) in LISTS.items():
            lines = [line for line in (row.get(key) or "").splitlines() if line.strip()]
            if parts is None:
                record[key] = [_unescape(line) for line in lines]
            else:
                record[key] = [_split_line(line, parts) for line in lines]
        records.append((f"Dòng {n}", record))
    return records


def _split_line(line, parts):
    values = [_unescape(v.strip()) for v in line.split("|")]
    if len(values) > len(parts):
        return {"__loi__": f"có {len(values)} phần, nhiều hơn {len(parts)} phần cho phép"}
    values += [""] * (len(parts) - len(values))
    return dict(zip(parts, values, strict=True))


def _int(value, where, errors, default=0):
    text = _text(value)
    if text == "":
        return default
    try:
        number = int(text)
    except ValueError:
        errors.append(f"{where}: «{text[:30]}» không phải là số nguyên.")
        return default
    if not 0 <= number <= 1000:
        errors.append(f"{where}: số {number} nằm ngoài khoảng 0–1000.")
    return number


def clean_record(raw):
    """The canonical exchange form of a raw record, and the list of problems found (without the row)."""
    errors = []
    if not isinstance(raw, dict):
        return None, ["mục này không phải là một thủ tục (cần một đối tượng JSON)."]
    unknown = sorted(set(raw) - set(COLUMNS))
    if unknown:
        errors.append("có trường không được hỗ trợ: " + ", ".join(map(str, unknown[:5])) + ".")
    record = {}
    for key, label in SCALARS.items():
        value = raw.get(key)
        if isinstance(value, list | dict):
            errors.append(f"trường «{label}» phải là chữ, không phải danh sách.")
            value = ""
        record[key] = _text(value)
    for key in REQUIRED:
        if not record[key]:
            errors.append(f"trường «{SCALARS[key]}» không được để trống.")
    if record["ma_thu_tuc"] and not is_procedure_code(record["ma_thu_tuc"]):
        errors.append(
            f"trường «Mã thủ tục»: «{record['ma_thu_tuc'][:30]}» không đúng dạng, cần như 1.001193."
        )
    for key, label in SCALARS.items():
        if key in LIMITS and len(record[key]) > LIMITS[key]:
            errors.append(f"trường «{label}» dài quá {LIMITS[key]} ký tự.")
    level = _choice(record["cap_thuc_hien"], Level) if record["cap_thuc_hien"] else None
    if record["cap_thuc_hien"] and level is None:
        errors.append(
            f"trường «Cấp thực hiện»: «{record['cap_thuc_hien'][:30]}» không hợp lệ; dùng Cấp tỉnh, Cấp huyện "
            "hoặc Cấp xã."
        )
    record["cap_thuc_hien"] = level.label if level else record["cap_thuc_hien"]
    online = _choice(record["muc_do_truc_tuyen"] or OnlineLevel.THONG_TIN.label, OnlineLevel)
    if online is None:
        errors.append(
            f"trường «Mức độ trực tuyến»: «{record['muc_do_truc_tuyen'][:30]}» không hợp lệ; dùng Toàn trình, "
            "Một phần hoặc Chỉ cung cấp thông tin."
        )
    record["muc_do_truc_tuyen"] = online.label if online else record["muc_do_truc_tuyen"]
    record["so_ngay_giai_quyet"] = _int(
        record["so_ngay_giai_quyet"], f"trường «{SCALARS['so_ngay_giai_quyet']}»", errors
    )
    if record["duong_dan_nop_truc_tuyen"]:
        try:
            URLValidator(schemes=["https", "http"])(record["duong_dan_nop_truc_tuyen"])
        except ValidationError:
            errors.append("trường «Đường dẫn nộp trực tuyến» không phải là địa chỉ web hợp lệ.")

    for key, (label, parts) in LISTS.items():
        items = raw.get(key) or []
        if not isinstance(items, list):
            errors.append(f"trường «{label}» phải là một danh sách.")
            items = []
        cleaned = []
        for n, item in enumerate(items, start=1):
            where = f"trường «{label}», mục {n}"
            if parts is None:
                if isinstance(item, dict | list) or not _text(item):
                    errors.append(f"{where}: cần một đoạn chữ không trống.")
                    continue
                cleaned.append(_text(item))
                continue
            if not isinstance(item, dict):
                errors.append(f"{where}: cần các phần " + ", ".join(parts) + ".")
                continue
            if "__loi__" in item:
                errors.append(f"{where}: {item['__loi__']} (các phần cách nhau bằng « | »).")
                continue
            extra = sorted(set(item) - set(parts))
            if extra:
                errors.append(f"{where}: có phần không được hỗ trợ: " + ", ".join(map(str, extra)) + ".")
            values = {p: _text(item.get(p)) for p in parts}
            for part, value in values.items():
                if part in LIMITS and len(value) > LIMITS[part]:
                    errors.append(f"{where}: phần «{part}» dài quá {LIMITS[part]} ký tự.")
            _clean_part(key, values, where, errors)
            cleaned.append(values)
        record[key] = cleaned
    return record, errors


def _clean_part(key, values, where, errors):
    if key == "cach_thuc":
        channel = _choice(values["hinh_thuc"], Channel) if values["hinh_thuc"] else None
        if channel is None:
            errors.append(
                f"{where}: hình thức nộp «{values['hinh_thuc'][:30]}» không hợp lệ; dùng Trực tiếp, Trực tuyến "
                "hoặc Dịch vụ bưu chính."
            )
        else:
            values["hinh_thuc"] = channel.label
        if not values["thoi_han"]:
            errors.append(f"{where}: thiếu thời hạn giải quyết.")
    elif key == "thanh_phan_ho_so":
        if not values["ten_giay_to"]:
            errors.append(f"{where}: thiếu tên giấy tờ.")
        values["ban_chinh"] = _int(values["ban_chinh"], f"{where}, số bản chính", errors, default=1)
        values["ban_sao"] = _int(values["ban_sao"], f"{where}, số bản sao", errors, default=0)
        if values["tep_mau"] and not (
            values["tep_mau"].startswith("thu-tuc/mau-don/")
            and ".." not in values["tep_mau"]
            and default_storage.exists(values["tep_mau"])
        ):
            errors.append(f"{where}: không có tệp mẫu «{values['tep_mau'][:80]}» trên máy chủ.")
    elif key == "can_cu_phap_ly":
        if not values["so_ky_hieu"] or not values["trich_yeu"]:
            errors.append(f"{where}: cần số ký hiệu và trích yếu.")
        if values["ngay_ban_hanh"] and _date(values["ngay_ban_hanh"]) is None:
            errors.append(
                f"{where}: ngày ban hành «{values['ngay_ban_hanh'][:20]}» phải có dạng ngày/tháng/năm."
            )
    elif key == "quy_trinh_noi_bo":
        if not values["don_vi_chuyen"] or not values["don_vi_xu_ly"]:
            errors.append(f"{where}: cần đơn vị chuyển và đơn vị xử lý.")
        try:
            days = float(values["so_ngay"].replace(",", "."))
            if not 0 <= days < 1000:
                raise ValueError
            values["so_ngay"] = _days_text(_decimal(values["so_ngay"]))
        except ValueError:
            errors.append(f"{where}: số ngày «{values['so_ngay'][:20]}» không hợp lệ.")


def _decimal(text):
    from decimal import Decimal

    return Decimal(str(text).replace(",", ".")).quantize(Decimal("0.1"))


def _date(text):
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


def import_procedures(data, user=None, progress=None, dry_run=False):
    """Create or update procedures by code from JSON or CSV bytes; return a Report.

    ``dry_run``: check every record and report what would be created, updated or left, writing nothing.

    Every record is checked first; then those that changed are written in one transaction, so that no
    half of a file is ever seen and a cancelled import (``progress`` raising ``Cancelled``) writes nothing.
    A procedure with a problem is not written; the others are (the rule of this import since it exists).
    The catalogue is national; the unit in scope, if any, then carries out every procedure of the file
    that is in the catalogue (created, updated or unchanged), except those it had switched off.
    """
    progress = progress or NoProgress()
    report = Report()
    records = read_procedure_file(data)
    progress.read(len(records))
    seen, pending = {}, []
    for done, (row, raw) in enumerate(records, start=1):
        record, errors = clean_record(raw)
        if record and record["ma_thu_tuc"] in seen and not errors:
            errors.append(f"mã {record['ma_thu_tuc']} đã có ở {seen[record['ma_thu_tuc']]}.")
        if errors:
            report.errors.extend(f"{row}: {message}" for message in errors)
        else:
            seen[record["ma_thu_tuc"]] = row
            existing = export_queryset().filter(code=record["ma_thu_tuc"]).first()
            if existing and export_record(existing) == record:
                report.unchanged.append(record["ma_thu_tuc"])
            else:
                pending.append((row, record, existing))
        if _every_batch(done, len(records)):
            progress.checked(done, report.errors)
    if dry_run:
        for _row, record, existing in pending:
            (report.updated if existing else report.created).append(record["ma_thu_tuc"])
        return report
    progress.writing(len(pending))
    with transaction.atomic():
        for done, (row, record, existing) in enumerate(pending, start=1):
            try:
                with transaction.atomic():
                    save_record(record, existing, user=user)
            except ValidationError as exc:  # model validation the checks above did not foresee
                report.errors.append(f"{row}: " + "; ".join(exc.messages))
            except (
                IntegrityError,
                DataError,
            ):  # e.g. the same channel twice: this record only is rolled back
                report.errors.append(
                    f"{row}: thủ tục {record['ma_thu_tuc']} có phần bị trùng hoặc quá dài (ví dụ một cách "
                    "thức thực hiện ghi hai lần); thủ tục này chưa được lưu."
                )
            else:
                (report.updated if existing else report.created).append(record["ma_thu_tuc"])
            if _every_batch(done, len(pending)):
                progress.written(done, report.errors)
        if units.current(required=False) is not None:
            codes = [*report.created, *report.updated, *report.unchanged]
            pick(Procedure.objects.filter(code__in=codes))
    return report


def _agency(name):
    if not name:
        return None
    return Agency.objects.get_or_create(name=name)[0]


def save_record(record, procedure=None, user=None):
    """Write one clean record: the procedure and all its parts, in the caller's transaction."""
    procedure = procedure or Procedure(code=record["ma_thu_tuc"])
    procedure.updated_by = user
    procedure.name = record["ten"]
    procedure.decision_number = record["so_quyet_dinh"]
    procedure.level = _choice(record["cap_thuc_hien"], Level).value
    procedure.field = Field.objects.get_or_create(name=record["linh_vuc"])[0]
    procedure.procedure_type = record["loai_thu_tuc"]
    procedure.subjects = record["doi_tuong"]
    procedure.implementing_agency = _agency(record["co_quan_thuc_hien"])
    procedure.competent_agency = _agency(record["co_quan_co_tham_quyen"])
    procedure.authorised_agency = _agency(record["co_quan_duoc_uy_quyen"])
    procedure.coordinating_agency = _agency(record["co_quan_phoi_hop"])
    procedure.reception_address = record["dia_chi_tiep_nhan"]
    procedure.result = record["ket_qua"]
    procedure.conditions = record["yeu_cau_dieu_kien"]
    procedure.keywords = record["tu_khoa"]
    procedure.description = record["mo_ta"]
    procedure.processing_days = record["so_ngay_giai_quyet"]
    procedure.online_level = _choice(record["muc_do_truc_tuyen"], OnlineLevel).value
    procedure.online_url = record["duong_dan_nop_truc_tuyen"]
    procedure.full_clean(exclude=["field", "implementing_agency"])
    procedure.save()
    for related in ("steps", "channels", "papers", "legal_bases", "internal_steps"):
        getattr(procedure, related).all().delete()
    Step.objects.bulk_create(
        Step(procedure=procedure, order=n, text=text) for n, text in enumerate(record["trinh_tu"], start=1)
    )
    ChannelOption.objects.bulk_create(
        ChannelOption(
            procedure=procedure,
            channel=_choice(item["hinh_thuc"], Channel).value,
            processing_time=item["thoi_han"],
            fee=item["phi_le_phi"],
            description=item["mo_ta"],
        )
        for item in record["cach_thuc"]
    )
    Paper.objects.bulk_create(
        Paper(
            procedure=procedure,
            order=n,
            case=item["truong_hop"],
            name=item["ten_giay_to"],
            form_name=item["mau_don"],
            form_file=item["tep_mau"],
            originals=item["ban_chinh"],
            copies=item["ban_sao"],
        )
        for n, item in enumerate(record["thanh_phan_ho_so"], start=1)
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(
            procedure=procedure,
            number=item["so_ky_hieu"],
            summary=item["trich_yeu"],
            issued_on=_date(item["ngay_ban_hanh"]),
            issuer=item["co_quan_ban_hanh"],
        )
        for item in record["can_cu_phap_ly"]
    )
    InternalStep.objects.bulk_create(
        InternalStep(
            procedure=procedure,
            order=n,
            from_unit=item["don_vi_chuyen"],
            to_unit=item["don_vi_xu_ly"],
            days=_decimal(item["so_ngay"]),
        )
        for n, item in enumerate(record["quy_trinh_noi_bo"], start=1)
    )
    return procedure


# --- Dossiers -----------------------------------------------------------------------------------------------

DOSSIER_COLUMNS = {
    # key: (header as exported by the provincial system, required)
    "code": ("Mã hồ sơ", True),
    "procedure": ("Mã thủ tục", True),
    "channel": ("Kênh nộp", False),
    "received_at": ("Ngày tiếp nhận", True),
    "due_at": ("Ngày hẹn trả", False),
    "finished_at": ("Ngày có kết quả", False),
    "returned_at": ("Ngày trả kết quả", False),
    "status": ("Trạng thái", True),
    # public on the lookup page (Điều 15 khoản 1 điểm g, Nghị định 224/2026/NĐ-CP)
    "received_by": ("Cán bộ tiếp nhận", False),
    "handling_agency": ("Cơ quan xử lý", False),
    "handled_by": ("Cán bộ xử lý", False),
    # "có" when the result was returned online (the service-quality figures, procedures.quality)
    "result_online": ("Trả kết quả trực tuyến", False),
    "applicant_name": ("Người nộp", True),
    "applicant_phone": ("Điện thoại", False),
    "applicant_id_number": ("Số giấy tờ tùy thân", False),
}
YES_NO = {"": False, "khong": False, "0": False, "co": True, "x": True, "1": True}
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]


def _rows_from_xlsx(data):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileRejected("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.") from None
    sheet = book.worksheets[0]
    rows = []
    for n, values in enumerate(sheet.iter_rows(values_only=True)):
        if n > MAX_ROWS:
            raise FileRejected(f"Tệp có quá nhiều dòng: tối đa {MAX_ROWS}.")
        rows.append(["" if v is None else v for v in values])
    book.close()
    return rows


@_unreadable_as_rejected
def read_dossier_rows(data):
    if len(data) > MAX_BYTES:
        raise FileRejected(f"Tệp quá lớn: tối đa {MAX_BYTES // 1024 // 1024} MB.")
    kind = detect_format(data)
    if kind == "xlsx":
        rows = _rows_from_xlsx(data)
    elif kind == "csv":
        rows = list(csv.reader(io.StringIO(_read_text(data))))
        if len(rows) > MAX_ROWS + 1:
            raise FileRejected(f"Tệp có quá nhiều dòng: tối đa {MAX_ROWS}.")
    else:
        raise FileRejected("Hồ sơ chỉ nhập từ tệp CSV hoặc Excel (.xlsx).")
    if not rows:
        raise FileRejected("Tệp trống.")
    headers = {fold(_text(h)): i for i, h in enumerate(rows[0])}
    index = {}
    for key, (header, required) in DOSSIER_COLUMNS.items():
        if fold(header) in headers:
            index[key] = headers[fold(header)]
        elif required:
            raise FileRejected(f"Tệp thiếu cột «{header}».")
    records = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(_text(v) for v in row):
            continue
        records.append((n, {key: row[i] if i < len(row) else "" for key, i in index.items()}))
    return records


def _datetime(value):
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, datetime.min.time())
    else:
        text = _text(value)
        for fmt in DATETIME_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _dossier_from_row(n, raw, procedures, existing, holidays):
    """The dossier a spreadsheet row describes (unsaved), or None and the row's problems."""
    errors = []

    def err(key, message):
        errors.append(f"Dòng {n}, cột «{DOSSIER_COLUMNS[key][0]}»: {message}")

    code = _text(raw.get("code")).upper()
    if not is_dossier_code(code):
        err("code", f"«{code[:40]}» không đúng dạng mã hồ sơ (như 000.00.14.H19-200203-0118).")
    procedure_code = raw.get("procedure")
    if isinstance(procedure_code, float):  # a spreadsheet cell read as a number: 2.00072 for 2.000720
        procedure_code = f"{procedure_code:.6f}"
    procedure = procedures.get(_text(procedure_code))
    if procedure is None:
        err(
            "procedure",
            f"không có thủ tục mã «{_text(procedure_code)[:20]}» trong danh mục thủ tục của đơn vị.",
        )
    channel = _choice(_text(raw.get("channel")) or Channel.TRUC_TIEP.label, Channel)
    if channel is None:
        err("channel", "dùng Trực tiếp, Trực tuyến hoặc Dịch vụ bưu chính.")
    times = {}
    for key in ("received_at", "due_at", "finished_at", "returned_at"):
        value = raw.get(key)
        times[key] = None if _text(value) == "" else _datetime(value)
        if _text(value) and times[key] is None:
            err(key, f"«{_text(value)[:20]}» không phải ngày giờ dạng ngày/tháng/năm giờ:phút.")
    if not _text(raw.get("received_at")):
        err("received_at", "không được để trống.")
    status = _choice(_text(raw.get("status")), Status)
    if status is None:
        err("status", f"«{_text(raw.get('status'))[:40]}» không có trong danh sách trạng thái.")
    elif status not in OPEN and not times["finished_at"]:
        err("finished_at", f"hồ sơ «{status.label}» cần ngày có kết quả (hoặc ngày trả lại, rút).")
    result_online = YES_NO.get(fold(_text(raw.get("result_online"))))
    if result_online is None:
        err("result_online", "ghi «Có» hoặc «Không» (để trống là không).")
    limits = {
        "applicant_name": 150,
        "applicant_phone": 20,
        "applicant_id_number": 20,
        "received_by": 150,
        "handling_agency": 250,
        "handled_by": 150,
    }
    values = {key: _text(raw.get(key)) for key in limits}
    if not values["applicant_name"]:
        err("applicant_name", "không được để trống.")
    for key, limit in limits.items():
        if len(values[key]) > limit:
            err(key, f"dài quá {limit} ký tự.")
    if errors:
        return None, errors
    dossier = existing.get(code) or Dossier(code=code)
    dossier.procedure, dossier.channel, dossier.status = procedure, channel.value, status.value
    dossier.result_online = result_online
    for key, value in {**values, **times}.items():
        setattr(dossier, key, value)
    if dossier.due_at is None:
        dossier.due_at = due_at(dossier.received_at, procedure.processing_days, holidays=holidays)
    try:
        dossier.clean()
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            header = DOSSIER_COLUMNS[key][0] if key in DOSSIER_COLUMNS else "Phiếu xin lỗi"
            errors.extend(f"Dòng {n}, cột «{header}»: {message}" for message in messages)
        return None, errors
    return dossier, []


def import_dossiers(data, user=None, progress=None, dry_run=False):
    """Create or update dossiers by code from CSV or XLSX bytes, in the unit in scope (its dossiers, for the
    procedures it carries out, due by its desk's closing time). All rows are written, or none: every row is
    checked first, then all are written in one transaction (which ``progress`` raising ``Cancelled`` rolls
    back). ``dry_run``: check every row and report what would be created, updated or left, writing nothing."""
    units.current()  # a dossier belongs to a unit: none in scope is an error before anything is read
    progress = progress or NoProgress()
    report = Report()
    records = read_dossier_rows(data)
    progress.read(len(records))
    # a procedure the unit picked, even one it no longer carries out (its past dossiers)
    procedures = {
        p.code: p
        for p in Procedure.objects.filter(pk__in=UnitProcedure.objects.values("procedure_id")).select_related(
            "implementing_agency"
        )  # named in each dossier's first step
    }
    codes = [_text(raw.get("code")).upper() for _, raw in records]
    existing = {d.code: d for d in Dossier.objects.filter(code__in=codes)}
    holidays = set(Holiday.objects.values_list("date", flat=True))  # once, not once a row
    stored = {code: [getattr(d, name) for name in TRACKED] for code, d in existing.items()}
    pending, seen = [], {}
    for done, (n, raw) in enumerate(records, start=1):
        dossier, errors = _dossier_from_row(n, raw, procedures, existing, holidays)
        if dossier and dossier.code in seen:
            errors = [f"Dòng {n}, cột «Mã hồ sơ»: mã {dossier.code} đã có ở dòng {seen[dossier.code]}."]
        report.errors.extend(errors)
        if not errors:
            seen[dossier.code] = n
            pending.append(dossier)
        if _every_batch(done, len(records)):
            progress.checked(done, report.errors)
    if report.errors:
        return report
    if dry_run:
        for dossier in pending:
            if dossier.pk is None:
                report.created.append(dossier.code)
            elif stored[dossier.code] == [getattr(dossier, name) for name in TRACKED]:
                report.unchanged.append(dossier.code)
            else:
                report.updated.append(dossier.code)
        return report
    progress.writing(len(pending))
    with bumps_at_the_end():  # the unit's pages change once, not once a row
        with transaction.atomic():
            new = []
            for done, dossier in enumerate(pending, start=1):
                is_new = dossier.pk is None
                if not is_new and stored[dossier.code] == [getattr(dossier, name) for name in TRACKED]:
                    report.unchanged.append(dossier.code)
                elif is_new:  # written a batch at a time, below
                    dossier.updated_by = user
                    new.append(dossier)
                    report.created.append(dossier.code)
                else:
                    dossier.updated_by = user
                    dossier.save()
                    report.updated.append(dossier.code)
                if len(new) >= BATCH or (new and done == len(pending)):
                    Dossier.create_many(new)
                    new = []
                if _every_batch(done, len(pending)):
                    progress.written(done, report.errors)
        # the months whose service-quality figures the import changed, at once rather than at the next roll-up
        changed = set(report.created) | set(report.updated)
        quality.rollup(
            {
                quality.month_start(timezone.localdate(moment))
                for d in pending
                if d.code in changed
                for moment in (d.received_at, d.finished_at)
                if moment
            }
        )
    return report


TRACKED = [
    "procedure_id",
    "channel",
    "status",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "received_by",
    "handling_agency",
    "handled_by",
    "result_online",
    "applicant_name",
    "applicant_phone",
    "applicant_id_number",
]


# --- Dossier spreadsheets: the import template and the export ------------------------------------------------

PERSONAL_COLUMNS = ("applicant_name", "applicant_phone", "applicant_id_number")


def dossier_template_rows(procedure_code):
    """The headings of a dossier import file and one example row, which imports as it is (given a procedure
    the unit carries out): what the desk downloads from the import page."""
    example = {
        "code": "000.00.14.H19-200203-0118",
        "procedure": procedure_code,
        "channel": Channel.TRUC_TIEP.label,
        "received_at": "03/02/2020 09:00",
        "status": Status.DUOC_TIEP_NHAN.label,
        "received_by": "Lò Thị Hoa",
        "handling_agency": "Ủy ban nhân dân xã",
        "result_online": "Không",
        "applicant_name": "Nguyễn Văn An",
        "applicant_phone": "0912345678",
        "applicant_id_number": "011200001234",
    }
    return [
        [header for header, _required in DOSSIER_COLUMNS.values()],
        [example.get(k, "") for k in DOSSIER_COLUMNS],
    ]


def _moment(value):
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else ""


def dossier_export_rows(dossiers, *, personal):
    """Headings and one row per dossier, in the import's columns (a file exported imports again); the
    applicant's name, phone and ID number only when ``personal``."""
    keys = [key for key in DOSSIER_COLUMNS if personal or key not in PERSONAL_COLUMNS]
    rows = [[DOSSIER_COLUMNS[key][0] for key in keys]]
    for dossier in dossiers.select_related("procedure"):
        values = {
            "code": dossier.code,
            "procedure": dossier.procedure.code,
            "channel": dossier.get_channel_display(),
            "received_at": _moment(dossier.received_at),
            "due_at": _moment(dossier.due_at),
            "finished_at": _moment(dossier.finished_at),
            "returned_at": _moment(dossier.returned_at),
            "status": dossier.get_status_display(),
            "result_online": "Có" if dossier.result_online else "Không",
        }
        rows.append([values[key] if key in values else getattr(dossier, key) for key in keys])
    return rows


def as_csv(rows):
    """UTF-8 with a byte-order mark, so that Excel shows the Vietnamese letters."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows, title):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 12), 50)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ERROR_AT = re.compile(r"^(Dòng|Mục số) (\d+)(?:, |: )(.*)$", re.DOTALL)


def error_rows(errors):
    """Each error of a report as (row number or None, the reason): the rows of the error report to download.
    «Dòng 4, cột «Mã thủ tục»: …» gives (4, "Cột «Mã thủ tục»: …"); «Mục số 2: trường …» gives (2, "Trường …")."""
    rows = []
    for error in errors:
        match = ERROR_AT.match(error)
        if match is None:
            rows.append((None, error))
        else:
            reason = match.group(3)
            rows.append((int(match.group(2)), reason[:1].upper() + reason[1:]))
    return rows
