"""Demo content of the procedures app: public holidays, about twenty real procedures and the 2020 dossiers.

Created once: procedures the demo never loaded go through the import, holidays and dossiers are only
added when the demo never added them; a record that exists is never changed (``website.demo.ledger``).
The dossiers are generated with a fixed seed so that January–October 2020 shows exactly 2,578
received, 2,477 resolved and 101 in progress, as the district reported for that period.
"""

import io
import json
import random
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw

from portal.models import Holiday, SiteSettings
from portal.workdays import due_at, is_working_day
from procedures import exchange
from procedures.models import Channel, Dossier, Field, Procedure, Status, timeliness
from website.demo.images import _font

HOLIDAYS = [
    (date(2020, 1, 1), "Tết Dương lịch"),
    *[(date(2020, 1, d), "Nghỉ Tết Nguyên đán Canh Tý") for d in range(23, 30)],
    (date(2020, 4, 2), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (date(2020, 4, 30), "Ngày Chiến thắng"),
    (date(2020, 5, 1), "Ngày Quốc tế Lao động"),
    (date(2020, 9, 2), "Quốc khánh"),
    # 2026: the fixed-date holidays; Tết and Giỗ Tổ days off are illustrative (see README)
    (date(2026, 1, 1), "Tết Dương lịch"),
    *[(date(2026, 2, d), "Nghỉ Tết Nguyên đán Bính Ngọ (minh họa)") for d in range(16, 21)],
    (date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (minh họa)"),
    (date(2026, 4, 30), "Ngày Chiến thắng"),
    (date(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (date(2026, 9, 2), "Quốc khánh"),
]

DVCQG = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="
XA = "Ủy ban nhân dân cấp xã"
HUYEN = "Ủy ban nhân dân huyện"
TU_PHAP = "Phòng Tư pháp"
TCKH = "Phòng Tài chính - Kế hoạch"
LDTBXH = "Phòng Lao động - Thương binh và Xã hội"
TNMT = "Phòng Tài nguyên và Môi trường"
CONG_AN_XA = "Công an cấp xã"
DESK_ADDRESS = "Bộ phận Tiếp nhận và Trả kết quả, {unit}"
ILLUSTRATIVE = (
    "Thời hạn và phí, lệ phí của thủ tục này là số liệu minh họa; hãy đối chiếu Cổng Dịch vụ công quốc gia."
)

LAWS = {
    "Hộ tịch": [
        ("60/2014/QH13", "Luật Hộ tịch", "20/11/2014", "Quốc hội"),
        (
            "123/2015/NĐ-CP",
            "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
            "15/11/2015",
            "Chính phủ",
        ),
    ],
    "Chứng thực": [
        (
            "23/2015/NĐ-CP",
            "Về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, "
            "giao dịch",
            "16/02/2015",
            "Chính phủ",
        ),
        ("226/2016/TT-BTC", "Quy định mức thu, chế độ thu, nộp phí chứng thực", "11/11/2016", "Bộ Tài chính"),
    ],
    "Thành lập và hoạt động của hộ kinh doanh": [
        ("01/2021/NĐ-CP", "Về đăng ký doanh nghiệp", "04/01/2021", "Chính phủ"),
    ],
    "Nuôi con nuôi": [
        ("52/2010/QH12", "Luật Nuôi con nuôi", "17/06/2010", "Quốc hội"),
        (
            "114/2016/NĐ-CP",
            "Quy định lệ phí đăng ký nuôi con nuôi, phí cấp giấy phép hoạt động của tổ chức con nuôi "
            "nước ngoài",
            "08/07/2016",
            "Chính phủ",
        ),
    ],
    "Bảo trợ xã hội": [
        (
            "20/2021/NĐ-CP",
            "Quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội",
            "15/03/2021",
            "Chính phủ",
        ),
    ],
    "Đất đai": [("31/2024/QH15", "Luật Đất đai", "18/01/2024", "Quốc hội")],
    "Đăng ký, quản lý cư trú": [("68/2020/QH14", "Luật Cư trú", "13/11/2020", "Quốc hội")],
}
FIELD_ORDER = list(LAWS)

STEPS = {
    "Hộ tịch": [
        "Bước 1: Người có yêu cầu chuẩn bị hồ sơ theo quy định và nộp tại Bộ phận Tiếp nhận và Trả kết quả hoặc "
        "nộp trực tuyến.",
        "Bước 2: Công chức tư pháp - hộ tịch kiểm tra hồ sơ; hồ sơ chưa đủ thì hướng dẫn bổ sung một lần bằng văn bản.",
        "Bước 3: Hồ sơ hợp lệ được ghi vào Sổ hộ tịch, trình lãnh đạo ký và trả kết quả cho người có yêu cầu.",
    ],
    "Chứng thực": [
        "Bước 1: Người yêu cầu chứng thực xuất trình bản chính hoặc giấy tờ cần chứng thực tại Bộ phận Tiếp nhận và "
        "Trả kết quả.",
        "Bước 2: Người thực hiện chứng thực kiểm tra, đối chiếu; nếu đúng thì ghi lời chứng, ký, đóng dấu.",
        "Bước 3: Người yêu cầu nộp phí chứng thực và nhận kết quả.",
    ],
    "Thành lập và hoạt động của hộ kinh doanh": [
        "Bước 1: Hộ kinh doanh nộp hồ sơ tại Bộ phận Tiếp nhận và Trả kết quả hoặc qua Cổng dịch vụ công.",
        "Bước 2: Cơ quan đăng ký kinh doanh cấp huyện trao giấy biên nhận và kiểm tra tính hợp lệ của hồ sơ.",
        "Bước 3: Hồ sơ hợp lệ thì cấp Giấy chứng nhận; chưa hợp lệ thì thông báo bằng văn bản nội dung cần sửa "
        "đổi, bổ sung.",
    ],
    "Nuôi con nuôi": [
        "Bước 1: Người nhận con nuôi nộp hồ sơ tại Ủy ban nhân dân cấp xã nơi trẻ em được giới thiệu làm con nuôi "
        "thường trú.",
        "Bước 2: Ủy ban nhân dân cấp xã kiểm tra hồ sơ, lấy ý kiến của những người liên quan.",
        "Bước 3: Đủ điều kiện thì tổ chức đăng ký, trao Giấy chứng nhận nuôi con nuôi cho các bên.",
    ],
    "Bảo trợ xã hội": [
        "Bước 1: Đối tượng hoặc người giám hộ nộp tờ khai tại Ủy ban nhân dân cấp xã.",
        "Bước 2: Hội đồng xét duyệt cấp xã họp, niêm yết công khai kết quả và gửi hồ sơ lên Phòng Lao động - "
        "Thương binh và Xã hội.",
        "Bước 3: Phòng Lao động - Thương binh và Xã hội thẩm định, trình Chủ tịch Ủy ban nhân dân huyện quyết định.",
    ],
    "Đất đai": [
        "Bước 1: Người sử dụng đất nộp hồ sơ tại Bộ phận Tiếp nhận và Trả kết quả.",
        "Bước 2: Văn phòng đăng ký đất đai kiểm tra hồ sơ, xác nhận nội dung đăng ký.",
        "Bước 3: Cập nhật hồ sơ địa chính và trả kết quả cho người sử dụng đất.",
    ],
    "Đăng ký, quản lý cư trú": [
        "Bước 1: Công dân nộp hồ sơ tại Công an cấp xã hoặc qua Cổng dịch vụ công.",
        "Bước 2: Cơ quan đăng ký cư trú kiểm tra, cấp phiếu tiếp nhận hồ sơ.",
        "Bước 3: Cơ quan đăng ký cư trú thẩm định, cập nhật thông tin vào Cơ sở dữ liệu về cư trú và thông báo kết quả.",
    ],
}

# code, name, field, level, working days, time text, fee text, online level, papers, illustrative?
PROCEDURES = [
    (
        "1.001193",
        "Đăng ký khai sinh",
        "Hộ tịch",
        "xa",
        0,
        "Ngay trong ngày tiếp nhận; hồ sơ nhận sau 15 giờ mà không giải quyết được ngay thì trả kết quả trong ngày "
        "làm việc tiếp theo.",
        "Lệ phí: 8.000 đồng (mức minh họa, do HĐND tỉnh quyết định).\nMiễn lệ phí khi đăng ký khai sinh đúng hạn; "
        "miễn cho người thuộc gia đình có công với cách mạng, hộ nghèo, người khuyết tật.",
        "toan_trinh",
        [
            ("Tờ khai đăng ký khai sinh", "Tờ khai đăng ký khai sinh", 1, 0),
            ("Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận việc sinh", "", 1, 0),
        ],
        False,
    ),
    (
        "1.000894",
        "Đăng ký kết hôn",
        "Hộ tịch",
        "xa",
        0,
        "Ngay sau khi nhận đủ hồ sơ hợp lệ; trường hợp cần xác minh thì không quá 05 ngày làm việc.",
        "Miễn lệ phí đối với công dân Việt Nam cư trú ở trong nước.",
        "mot_phan",
        [
            ("Tờ khai đăng ký kết hôn", "Tờ khai đăng ký kết hôn", 1, 0),
            ("Giấy xác nhận tình trạng hôn nhân (nếu đăng ký ở nơi không thường trú)", "", 1, 0),
        ],
        False,
    ),
    (
        "1.000656",
        "Đăng ký khai tử",
        "Hộ tịch",
        "xa",
        0,
        "Ngay trong ngày tiếp nhận hồ sơ.",
        "Miễn lệ phí khi đăng ký khai tử đúng hạn.",
        "toan_trinh",
        [
            ("Tờ khai đăng ký khai tử", "Tờ khai đăng ký khai tử", 1, 0),
            ("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", "", 1, 0),
        ],
        True,
    ),
    (
        "2.000806",
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "Hộ tịch",
        "huyen",
        15,
        "15 ngày làm việc; Phòng Tư pháp thẩm tra hồ sơ trong 10 ngày làm việc.",
        "Lệ phí do HĐND tỉnh quyết định (mức minh họa: 1.500.000 đồng).",
        "mot_phan",
        [
            ("Tờ khai đăng ký kết hôn", "Tờ khai đăng ký kết hôn", 1, 0),
            ("Giấy xác nhận của tổ chức y tế về việc không mắc bệnh tâm thần", "", 1, 0),
            ("Giấy tờ chứng minh tình trạng hôn nhân của người nước ngoài", "", 1, 0),
            ("Bản sao hộ chiếu của người nước ngoài", "", 0, 1),
        ],
        True,
    ),
    (
        "2.000528",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Hộ tịch",
        "huyen",
        0,
        "Ngay trong ngày tiếp nhận hồ sơ.",
        "Lệ phí do HĐND tỉnh quyết định.",
        "mot_phan",
        [
            ("Tờ khai đăng ký khai sinh", "Tờ khai đăng ký khai sinh", 1, 0),
            ("Giấy chứng sinh", "", 1, 0),
            ("Văn bản thỏa thuận của cha, mẹ về việc chọn quốc tịch cho con", "", 1, 0),
        ],
        False,
    ),
    (
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp",
        "Chứng thực",
        "huyen",
        0,
        "Trong ngày làm việc; hồ sơ nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo. Nhiều giấy tờ hoặc "
        "phức tạp: không quá 02 ngày làm việc.",
        "Phí: 2.000 đồng/trang; từ trang thứ ba trở đi 1.000 đồng/trang, tối đa 200.000 đồng/bản.",
        "thong_tin",
        [
            ("Bản chính giấy tờ, văn bản cần chứng thực bản sao", "", 1, 0),
            ("Bản sao cần chứng thực", "", 0, 1),
        ],
        False,
    ),
    (
        "2.000884",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Chứng thực",
        "huyen",
        0,
        "Trong ngày tiếp nhận hồ sơ.",
        "Phí: 10.000 đồng/trường hợp.",
        "thong_tin",
        [
            ("Giấy tờ tùy thân còn giá trị sử dụng của người yêu cầu chứng thực", "", 1, 0),
            ("Giấy tờ, văn bản sẽ ký", "", 1, 0),
        ],
        True,
    ),
    (
        "1.001612",
        "Đăng ký thành lập hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        "huyen",
        3,
        "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Lệ phí do HĐND tỉnh quyết định (mức minh họa: 100.000 đồng).",
        "toan_trinh",
        [
            ("Giấy đề nghị đăng ký hộ kinh doanh", "Giấy đề nghị đăng ký hộ kinh doanh", 1, 0),
            ("Bản sao giấy tờ pháp lý của cá nhân đối với các thành viên hộ gia đình", "", 0, 1),
            ("Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (nếu có)", "", 1, 0),
        ],
        True,
    ),
    (
        "2.000720",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        "huyen",
        3,
        "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Lệ phí do HĐND tỉnh quyết định.",
        "toan_trinh",
        [
            ("Thông báo thay đổi nội dung đăng ký hộ kinh doanh", "", 1, 0),
            ("Giấy chứng nhận đã cấp", "", 1, 0),
        ],
        True,
    ),
    (
        "2.000575",
        "Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        "huyen",
        3,
        "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Lệ phí do HĐND tỉnh quyết định.",
        "mot_phan",
        [("Giấy đề nghị cấp lại Giấy chứng nhận đăng ký hộ kinh doanh", "", 1, 0)],
        True,
    ),
    (
        "1.001570",
        "Tạm ngừng hoạt động hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        "huyen",
        3,
        "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Không.",
        "toan_trinh",
        [("Thông báo tạm ngừng kinh doanh", "", 1, 0)],
        True,
    ),
    (
        "1.001266",
        "Chấm dứt hoạt động hộ kinh doanh",
        "Thành lập và hoạt động của hộ kinh doanh",
        "huyen",
        3,
        "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Không.",
        "toan_trinh",
        [
            ("Thông báo chấm dứt hoạt động hộ kinh doanh", "", 1, 0),
            ("Bản gốc Giấy chứng nhận đã cấp", "", 1, 0),
        ],
        True,
    ),
    (
        "2.001263",
        "Đăng ký việc nuôi con nuôi trong nước",
        "Nuôi con nuôi",
        "xa",
        30,
        "30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Lệ phí: 400.000 đồng/trường hợp.\nMiễn lệ phí khi cha dượng, mẹ kế nhận con riêng của vợ hoặc chồng; cô, "
        "cậu, dì, chú, bác ruột nhận cháu làm con nuôi; nhận trẻ em khuyết tật, nhiễm HIV/AIDS hoặc mắc bệnh hiểm "
        "nghèo làm con nuôi.",
        "mot_phan",
        [
            ("Đơn xin nhận con nuôi", "Đơn xin nhận con nuôi", 1, 0),
            ("Phiếu lý lịch tư pháp của người nhận con nuôi", "", 1, 0),
            ("Văn bản xác nhận tình trạng sức khỏe của người nhận con nuôi", "", 1, 0),
            ("Giấy khai sinh của người được nhận làm con nuôi", "", 0, 1),
        ],
        False,
    ),
    (
        "1.001776",
        "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng "
        "tháng",
        "Bảo trợ xã hội",
        "huyen",
        17,
        "Ủy ban nhân dân cấp xã rà soát trong 07 ngày làm việc; Phòng Lao động - Thương binh và Xã hội thẩm định và "
        "Chủ tịch Ủy ban nhân dân huyện quyết định trong thời hạn còn lại.",
        "Không.",
        "mot_phan",
        [
            ("Tờ khai đề nghị trợ giúp xã hội", "Tờ khai đề nghị trợ giúp xã hội", 1, 0),
            ("Giấy xác nhận khuyết tật (đối với người khuyết tật)", "", 0, 1),
        ],
        True,
    ),
    (
        "1.012815",
        "Đăng ký chuyển mục đích sử dụng đất không phải xin phép cơ quan nhà nước có thẩm quyền",
        "Đất đai",
        "huyen",
        10,
        "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Lệ phí do HĐND tỉnh quyết định.",
        "mot_phan",
        [
            ("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất", "", 1, 0),
            ("Giấy chứng nhận quyền sử dụng đất đã cấp", "", 1, 0),
        ],
        True,
    ),
    (
        "1.004222",
        "Đăng ký thường trú",
        "Đăng ký, quản lý cư trú",
        "xa",
        7,
        "07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Lệ phí: 20.000 đồng khi nộp trực tiếp; 10.000 đồng khi nộp trực tuyến.",
        "toan_trinh",
        [
            (
                "Tờ khai thay đổi thông tin cư trú (mẫu CT01)",
                "Tờ khai thay đổi thông tin cư trú (CT01)",
                1,
                0,
            ),
            ("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", "", 0, 1),
        ],
        False,
    ),
    (
        "1.003197",
        "Xóa đăng ký thường trú",
        "Đăng ký, quản lý cư trú",
        "xa",
        1,
        "01 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Không.",
        "toan_trinh",
        [("Tờ khai thay đổi thông tin cư trú (mẫu CT01)", "Tờ khai thay đổi thông tin cư trú (CT01)", 1, 0)],
        True,
    ),
    (
        "1.004884",
        "Đăng ký lại khai sinh",
        "Hộ tịch",
        "xa",
        5,
        "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Lệ phí do HĐND tỉnh quyết định.",
        "mot_phan",
        [
            ("Tờ khai đăng ký lại khai sinh", "Tờ khai đăng ký khai sinh", 1, 0),
            ("Bản sao Giấy khai sinh hoặc giấy tờ có nội dung khai sinh", "", 0, 1),
        ],
        True,
    ),
    (
        "1.000593",
        "Đăng ký kết hôn lưu động",
        "Hộ tịch",
        "xa",
        3,
        "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Miễn lệ phí.",
        "thong_tin",
        [("Tờ khai đăng ký kết hôn", "Tờ khai đăng ký kết hôn", 1, 0)],
        False,
    ),
    (
        "1.001022",
        "Đăng ký nhận cha, mẹ, con",
        "Hộ tịch",
        "xa",
        3,
        "03 ngày làm việc; cần xác minh thì kéo dài thêm không quá 05 ngày làm việc.",
        "Lệ phí do HĐND tỉnh quyết định.",
        "mot_phan",
        [
            ("Tờ khai đăng ký nhận cha, mẹ, con", "", 1, 0),
            ("Văn bản hoặc tài liệu chứng minh quan hệ cha, mẹ, con", "", 1, 0),
        ],
        True,
    ),
]

FORMS = {
    "Tờ khai đăng ký khai sinh": "to-khai-dang-ky-khai-sinh.pdf",
    "Tờ khai đăng ký kết hôn": "to-khai-dang-ky-ket-hon.pdf",
    "Tờ khai thay đổi thông tin cư trú (CT01)": "to-khai-thay-doi-thong-tin-cu-tru-ct01.pdf",
    "Giấy đề nghị đăng ký hộ kinh doanh": "giay-de-nghi-dang-ky-ho-kinh-doanh.pdf",
}
INTERNAL_STEPS = {
    "1.001776": [
        ("Bộ phận Tiếp nhận và Trả kết quả cấp xã", "Hội đồng xét duyệt cấp xã", "7"),
        ("Ủy ban nhân dân cấp xã", LDTBXH, "7"),
        (LDTBXH, "Chủ tịch Ủy ban nhân dân huyện", "3"),
    ],
}
AGENCIES = {
    ("Hộ tịch", "xa"): (XA, XA),
    ("Hộ tịch", "huyen"): (TU_PHAP, HUYEN),
    ("Chứng thực", "huyen"): (TU_PHAP, TU_PHAP),
    ("Thành lập và hoạt động của hộ kinh doanh", "huyen"): (TCKH, TCKH),
    ("Nuôi con nuôi", "xa"): (XA, XA),
    ("Bảo trợ xã hội", "huyen"): (LDTBXH, HUYEN),
    ("Đất đai", "huyen"): ("Chi nhánh Văn phòng đăng ký đất đai", TNMT),
    ("Đăng ký, quản lý cư trú", "xa"): (CONG_AN_XA, CONG_AN_XA),
}
RESULTS = {
    "Hộ tịch": "Giấy tờ hộ tịch (bản chính) và bản sao trích lục theo yêu cầu.",
    "Chứng thực": "Bản sao, giấy tờ đã được chứng thực.",
    "Thành lập và hoạt động của hộ kinh doanh": "Giấy chứng nhận đăng ký hộ kinh doanh hoặc văn bản xác nhận.",
    "Nuôi con nuôi": "Giấy chứng nhận nuôi con nuôi.",
    "Bảo trợ xã hội": "Quyết định của Chủ tịch Ủy ban nhân dân huyện.",
    "Đất đai": "Giấy chứng nhận được xác nhận thay đổi.",
    "Đăng ký, quản lý cư trú": "Thông tin cư trú được cập nhật trong Cơ sở dữ liệu về cư trú.",
}


def records(unit):
    """The demo procedures in the exchange format of procedures.exchange."""
    address = DESK_ADDRESS.format(unit=unit)
    items = []
    for code, name, field, level, days, time_text, fee, online, papers, illustrative in PROCEDURES:
        implementing, competent = AGENCIES[(field, level)]
        channels = [{"hinh_thuc": "Trực tiếp", "thoi_han": time_text, "phi_le_phi": fee, "mo_ta": ""}]
        if online != "thong_tin":
            channels.append(
                {"hinh_thuc": "Trực tuyến", "thoi_han": time_text, "phi_le_phi": fee, "mo_ta": ""}
            )
        channels.append(
            {
                "hinh_thuc": "Dịch vụ bưu chính",
                "thoi_han": time_text,
                "phi_le_phi": fee,
                "mo_ta": "Qua bưu chính công ích.",
            }
        )
        items.append(
            {
                "ma_thu_tuc": code,
                "ten": name,
                "so_quyet_dinh": "",
                "cap_thuc_hien": {"xa": "Cấp xã", "huyen": "Cấp huyện"}[level],
                "linh_vuc": field,
                "loai_thu_tuc": "TTHC được luật giao quy định chi tiết",
                "doi_tuong": "Công dân Việt Nam",
                "co_quan_thuc_hien": implementing,
                "co_quan_co_tham_quyen": competent,
                "co_quan_duoc_uy_quyen": "",
                "co_quan_phoi_hop": "",
                "dia_chi_tiep_nhan": address
                if level == "huyen"
                else "Bộ phận Tiếp nhận và Trả kết quả cấp xã",
                "ket_qua": RESULTS[field],
                "yeu_cau_dieu_kien": "",
                "tu_khoa": "",
                "mo_ta": ILLUSTRATIVE if illustrative else "",
                "so_ngay_giai_quyet": days,
                "muc_do_truc_tuyen": {"toan_trinh": "Toàn trình", "mot_phan": "Một phần"}.get(
                    online, "Chỉ cung cấp thông tin"
                ),
                "duong_dan_nop_truc_tuyen": f"{DVCQG}{code}" if online != "thong_tin" else "",
                "trinh_tu": STEPS[field],
                "cach_thuc": channels,
                "thanh_phan_ho_so": [
                    {
                        "truong_hop": "",
                        "ten_giay_to": paper,
                        "mau_don": form,
                        "tep_mau": f"thu-tuc/mau-don/{FORMS[form]}" if form in FORMS else "",
                        "ban_chinh": originals,
                        "ban_sao": copies,
                    }
                    for paper, form, originals, copies in papers
                ],
                "can_cu_phap_ly": [
                    {"so_ky_hieu": n, "trich_yeu": s, "ngay_ban_hanh": d, "co_quan_ban_hanh": i}
                    for n, s, d, i in LAWS[field]
                ],
                "quy_trinh_noi_bo": [
                    {"don_vi_chuyen": a, "don_vi_xu_ly": b, "so_ngay": c}
                    for a, b, c in INTERNAL_STEPS.get(code, [])
                ],
            }
        )
    return items


def form_pdf(title):
    """A one-page illustrative form (A4 at 100 dpi) with its title and blank lines to fill in."""
    image = Image.new("RGB", (827, 1169), "white")
    draw = ImageDraw.Draw(image)
    draw.text(
        (413, 60), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=_font(20, bold=True), fill="black", anchor="mm"
    )
    draw.text((413, 90), "Độc lập - Tự do - Hạnh phúc", font=_font(18), fill="black", anchor="mm")
    draw.text((413, 160), title.upper(), font=_font(22, bold=True), fill="black", anchor="mm")
    draw.text((413, 190), "(Mẫu minh họa của cổng thông tin)", font=_font(14), fill="black", anchor="mm")
    labels = [
        "Họ, chữ đệm, tên:",
        "Ngày, tháng, năm sinh:",
        "Nơi cư trú:",
        "Số giấy tờ tùy thân:",
        "Nội dung đề nghị:",
    ]
    for n, label in enumerate(labels):
        y = 260 + n * 70
        draw.text((80, y), label, font=_font(16), fill="black")
        draw.line((80, y + 40, 747, y + 40), fill="black", width=1)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=100.0)
    return buffer.getvalue()


def load_holidays(ledger):
    for day, name in HOLIDAYS:
        ledger.create(Holiday, {"date": day}, name=name)


def load_procedures(ledger, unit):
    """The demo procedures through the import, like a file uploaded by the desk; only those never loaded."""
    missing = [
        record
        for record in records(unit)
        if ledger.first_time(f"procedures.procedure:{record['ma_thu_tuc']}")
        and not Procedure.objects.filter(code=record["ma_thu_tuc"]).exists()
    ]
    if not missing:
        return
    for title, filename in FORMS.items():
        name = f"thu-tuc/mau-don/{filename}"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(form_pdf(title)))
    existing_fields = set(Field.objects.values_list("name", flat=True))
    report = exchange.import_procedures(json.dumps(missing, ensure_ascii=False).encode())
    if report.errors:
        raise ValueError("Dữ liệu thủ tục minh họa có lỗi: " + "; ".join(report.errors))
    for order, name in enumerate(FIELD_ORDER, start=1):  # the order of the fields the import just created
        if name not in existing_fields:
            Field.objects.filter(name=name).update(order=order)


# --- dossiers of 2020 ---------------------------------------------------------------------------------------

UNIT_CODE = "000.00.14.H19"
RECEIVED = 2578
IN_PROGRESS = 101
# dossiers received per month, January to October 2020 (Tết in January, the April distancing weeks)
MONTHS = [236, 214, 262, 198, 251, 268, 275, 283, 292, 299]
# district-level procedures handled at the district desk, with their share of dossiers
MIX = [
    ("2.000815", 46),
    ("2.000884", 12),
    ("2.000528", 2),
    ("2.000806", 1),
    ("1.001612", 8),
    ("2.000720", 5),
    ("2.000575", 2),
    ("1.001570", 2),
    ("1.001266", 2),
    ("1.001776", 10),
    ("1.012815", 10),
]
CHANNELS = [(Channel.TRUC_TIEP, 80), (Channel.TRUC_TUYEN, 17), (Channel.BUU_CHINH, 3)]
SURNAMES = [
    "Lò",
    "Quàng",
    "Cà",
    "Lường",
    "Tòng",
    "Vì",
    "Nguyễn",
    "Trần",
    "Giàng",
    "Sùng",
    "Mùa",
    "Phạm",
    "Lê",
]
MIDDLE = ["Văn", "Thị", "Văn", "Thị", "A", "Đức", "Minh"]
GIVEN = [
    "An",
    "Bình",
    "Chung",
    "Dung",
    "Hoa",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Pọm",
    "Sáng",
    "Thanh",
    "Tuấn",
    "Xuân",
]


def _working_days(year, month, holidays):
    first = date(year, month, 1)
    days = [first + timedelta(days=n) for n in range(31)]
    return [d for d in days if d.month == month and is_working_day(d, holidays)]


def _in_office_hours(moment, earliest, rng):
    """``moment`` moved into office hours (07:30–17:00, Monday to Friday), never before ``earliest``."""
    local = timezone.localtime(moment)
    if local.weekday() >= 5:  # Saturday, Sunday: the Friday before
        local -= timedelta(days=local.weekday() - 4)
        local = local.replace(hour=rng.randint(14, 16), minute=rng.choice([0, 20, 40]))
    elif local.hour >= 17:
        local = local.replace(hour=rng.randint(14, 16), minute=rng.choice([0, 20, 40]))
    elif local.hour < 7:
        local = local.replace(hour=7, minute=rng.choice([30, 40, 50]))
    return max(local, earliest)


def generate_dossiers(procedures, holidays, seed=2020):
    """The 2020 demo dossiers as unsaved objects (deterministic), due by the desk's rule (``due_at``)."""
    rng = random.Random(seed)
    closing = SiteSettings.load().closing_time
    tz = timezone.get_current_timezone()
    codes = [code for code, _ in MIX]
    weights = [w for _, w in MIX]
    dossiers = []
    for month, count in enumerate(MONTHS, start=1):
        days = _working_days(2020, month, holidays)
        received = sorted(
            datetime.combine(
                rng.choice(days), time(rng.randint(7, 16), rng.choice([0, 15, 30, 45])), tzinfo=tz
            )
            for _ in range(count)
        )
        for moment in received:
            procedure = procedures[rng.choices(codes, weights)[0]]
            due = due_at(moment, procedure.processing_days, holidays=holidays, closing=closing)
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            dossiers.append(
                Dossier(
                    procedure=procedure,
                    channel=rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0],
                    received_at=moment,
                    due_at=due,
                    applicant_name=name,
                    applicant_phone=f"09{rng.randint(10000000, 99999999)}",
                    applicant_id_number=f"0111{rng.randint(10000000, 99999999)}",
                )
            )
    assert len(dossiers) == RECEIVED
    end_of_october = datetime(2020, 11, 1, tzinfo=tz)
    # the longer procedures due last are still in progress on 31/10/2020; they are resolved in November
    longer = [d for d in dossiers if d.procedure.processing_days >= 3]
    open_ones = set(map(id, sorted(longer, key=lambda d: (d.due_at, d.received_at))[-IN_PROGRESS:]))
    sequence = {}
    for dossier in dossiers:
        allowed = (dossier.due_at - dossier.received_at).total_seconds()
        roll = rng.random()
        if roll < 0.03:  # late
            finished = dossier.due_at + timedelta(hours=rng.randint(2, 72))
        elif roll < 0.55 and allowed > 86400:  # early
            finished = dossier.received_at + timedelta(seconds=allowed * rng.uniform(0.2, 0.7))
        else:  # on the due day
            finished = dossier.due_at - timedelta(minutes=rng.randint(10, 240))
        finished = _in_office_hours(finished, dossier.received_at + timedelta(minutes=20), rng)
        if id(dossier) in open_ones:
            first_day = end_of_october + timedelta(days=1, hours=8)  # Monday 02/11/2020
            finished = max(finished, first_day + timedelta(hours=rng.randint(0, 8)))
            if finished > dossier.due_at:  # the desk apologised and set a new date (Mẫu 04)
                dossier.apology_issued_at = dossier.due_at - timedelta(days=1)
                dossier.apology_reason = "Cần xác minh thêm thông tin với cơ quan liên quan."
                dossier.apology_new_due_at = finished + timedelta(hours=2)
        elif finished >= end_of_october:  # received on the last working day, after 16:45 at the latest
            finished = datetime(2020, 10, 30, 17, 0, tzinfo=tz)
        dossier.finished_at = finished
        dossier.returned_at = _in_office_hours(
            finished + timedelta(hours=rng.choice([1, 2, 20, 24, 48])), finished, rng
        )
        dossier.status = Status.DA_TRA
        dossier.timeliness = timeliness(dossier)
        key = timezone.localtime(dossier.received_at).strftime("%y%m%d")
        sequence[key] = sequence.get(key, 0) + 1
        dossier.code = f"{UNIT_CODE}-{key}-{sequence[key]:04d}"
    return dossiers


def load_dossiers(ledger):
    if not ledger.first_time("procedures.dossier:2020"):
        return  # generated once; staff may have edited or deleted them since
    if Dossier.objects.filter(code__startswith=f"{UNIT_CODE}-20").exists():
        return
    procedures = {p.code: p for p in Procedure.objects.filter(code__in=[c for c, _ in MIX])}
    if len(procedures) < len(MIX):  # staff removed a demo procedure: no made-up register without it
        return
    holidays = set(Holiday.objects.values_list("date", flat=True))
    Dossier.objects.bulk_create(generate_dossiers(procedures, holidays), batch_size=500)


def load(ledger, stdout=None):
    site = SiteSettings.load()
    load_holidays(ledger)
    load_procedures(ledger, site.authority_name or site.display_name)
    load_dossiers(ledger)
    if stdout:
        stdout.write("Đã nạp thủ tục hành chính, ngày nghỉ lễ và hồ sơ năm 2020.")
