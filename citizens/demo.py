"""Demo content of the citizens app: contacts, hotlines, reception schedule, feedback in each status, Q&A.

Created once, by natural keys; a record that exists is never changed (``website.demo.ledger``). Reception
sessions are placed relative to the week the demo is first loaded.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from citizens.models import (
    CitizenSettings,
    ContactOffice,
    Feedback,
    FeedbackStatus,
    Hotline,
    Question,
    QuestionTopic,
    ReceptionSchedule,
    ReceptionSession,
    SessionStatus,
    Weekday,
)
from portal.workdays import add_working_days

SETTINGS = {
    "map_url": "https://www.openstreetmap.org/?mlat=21.5225&mlon=103.2240#map=15/21.5225/103.2240",
    "name_en": "People's Committee of Mường Ảng District, Điện Biên Province",
    "address_en": "Residential Group 2, Mường Ảng Town, Mường Ảng District, Điện Biên Province, Viet Nam",
    "about_en": (
        "Mường Ảng is a mountainous district in the east of Điện Biên Province, established in 2006. "
        "The People's Committee is the executive body of the District People's Council and the local "
        "state administration. It handles administrative procedures through its one-stop desk and "
        "receives citizens on a published schedule.\n"
        "This portal shows demonstration content as of 2020."
    ),
    "working_hours_en": "Monday to Friday, except public holidays\nMorning: 07:00 – 11:30\nAfternoon: 13:30 – 17:00",
    "reception_place": "Ban Tiếp công dân huyện, tầng 1 trụ sở HĐND - UBND huyện Mường Ảng",
    "reception_hours": (
        "Cán bộ Ban Tiếp công dân tiếp thường xuyên các ngày làm việc trong tuần\n"
        "Buổi sáng: 07 giờ 30 – 11 giờ 00\n"
        "Buổi chiều: 13 giờ 30 – 16 giờ 30"
    ),
    "feedback_due_days": 20,
}

HOTLINES = [
    # number (key), name, English name, note
    (
        "0215 3868 111",
        "Đường dây nóng thủ tục hành chính",
        "Hotline for administrative procedures",
        "Giờ hành chính; tiếp nhận phản ánh, kiến nghị về thủ tục hành chính",
    ),
    (
        "0215 3868 100",
        "Đường dây nóng của Chủ tịch UBND huyện",
        "Hotline of the District Chairman",
        "Tiếp nhận thông tin về vụ việc khẩn cấp, cán bộ gây phiền hà, sách nhiễu",
    ),
]

OFFICES = [
    # email (key), name, English name, what it handles, phone
    (
        "vanphong@muongang.dienbien.gov.vn",
        "Văn phòng HĐND và UBND huyện",
        "Office of the District People's Council and People's Committee",
        "Văn bản đến, lịch làm việc của lãnh đạo, cổng thông tin điện tử",
        "0215 3868 006",
    ),
    (
        "motcua@muongang.dienbien.gov.vn",
        "Bộ phận Tiếp nhận và Trả kết quả",
        "One-stop desk (reception and return of dossiers)",
        "Hồ sơ thủ tục hành chính, tra cứu tình trạng hồ sơ",
        "0215 3868 111",
    ),
    (
        "tiepdan@muongang.dienbien.gov.vn",
        "Ban Tiếp công dân huyện",
        "Citizen Reception Board",
        "Tiếp công dân; khiếu nại, tố cáo, phản ánh, kiến nghị",
        "0215 3868 130",
    ),
    (
        "thanhtra@muongang.dienbien.gov.vn",
        "Thanh tra huyện",
        "District Inspectorate",
        "Giải quyết khiếu nại, tố cáo; phòng, chống tham nhũng",
        "0215 3868 140",
    ),
]

OFFICIAL_TITLES_EN = {
    "chutich@muongang.dienbien.gov.vn": "Chairman of the District People's Committee",
    "pct.vanxa@muongang.dienbien.gov.vn": "Vice Chairwoman of the District People's Committee",
    "pct.kinhte@muongang.dienbien.gov.vn": "Vice Chairman of the District People's Committee",
    "vanphong@muongang.dienbien.gov.vn": "Chief of Office",
    "tuphap@muongang.dienbien.gov.vn": "Head of the Justice Division",
    "motcua@muongang.dienbien.gov.vn": "One-stop desk focal point",
}

PLACE = "Ban Tiếp công dân huyện, tầng 1 trụ sở HĐND - UBND huyện"
CHAIRMAN = "Ông Lò Văn Minh, Chủ tịch UBND huyện"
SCHEDULE = {
    "presider": CHAIRMAN,
    "weekday": Weekday.MON,
    "month_days": "",
    "start_time": time(7, 30),
    "end_time": time(11, 30),
    "place": PLACE,
    "participants": "Đại diện Thanh tra huyện, Phòng Tài nguyên và Môi trường, Ban Tiếp công dân huyện",
    "note": (
        "Chủ tịch UBND huyện tiếp công dân vào sáng thứ Hai hằng tuần. Trùng ngày nghỉ lễ thì tiếp vào ngày "
        "làm việc kế tiếp. Khi vắng vì công tác đột xuất, Chủ tịch ủy quyền cho một Phó Chủ tịch và thông báo "
        "trên trang này."
    ),
    "order": 1,
}

# (key topic, days from this week's Monday, presider, start, end, participants, status, reason, deadline days before)
SESSIONS = [
    (
        "Giải quyết kiến nghị về bồi thường, hỗ trợ giải phóng mặt bằng Quốc lộ 279 đoạn qua xã Ẳng Nưa",
        10,
        "Bà Quàng Thị Thu, Phó Chủ tịch UBND huyện",
        time(8, 0),
        time(11, 0),
        "Phòng Tài nguyên và Môi trường, Ban Quản lý dự án, UBND xã Ẳng Nưa",
        SessionStatus.PLANNED,
        "",
        3,
    ),
    (
        "Tiếp công dân định kỳ của Chủ tịch UBND huyện",
        14,
        CHAIRMAN,
        time(7, 30),
        time(11, 30),
        "",
        SessionStatus.POSTPONED,
        "Chủ tịch UBND huyện dự hội nghị của Tỉnh ủy; buổi tiếp chuyển sang sáng thứ Hai tuần kế tiếp.",
        None,
    ),
    (
        "Kiến nghị về cấp giấy chứng nhận quyền sử dụng đất cho các hộ tại bản Co Hắm, xã Búng Lao",
        -7,
        CHAIRMAN,
        time(7, 30),
        time(11, 30),
        "Thanh tra huyện, Phòng Tài nguyên và Môi trường",
        SessionStatus.PLANNED,
        "",
        None,
    ),
    (
        "Chế độ chính sách đối với người có công và hộ nghèo",
        -18,
        "Ông Trần Đức Hải, Phó Chủ tịch UBND huyện",
        time(14, 0),
        time(16, 30),
        "Phòng Lao động - Thương binh và Xã hội",
        SessionStatus.PLANNED,
        "",
        None,
    ),
]

TOPICS = [
    ("dat-dai", "Đất đai, môi trường"),
    ("ho-tich", "Hộ tịch, chứng thực"),
    ("chinh-sach-xa-hoi", "Chính sách xã hội"),
    ("xay-dung", "Xây dựng, giao thông"),
    ("giao-duc-y-te", "Giáo dục, y tế"),
]

UNIT = "UBND huyện Mường Ảng"
QUESTIONS = [
    # topic, title, question, answer, answering unit, date
    (
        "dat-dai",
        "Thời hạn cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        "Gia đình tôi nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất lần đầu tại Bộ phận một cửa huyện. "
        "Xin hỏi bao lâu thì được nhận kết quả?",
        "Thời hạn giải quyết được ghi trên giấy tiếp nhận hồ sơ và hẹn trả kết quả mà Bộ phận một cửa đã giao "
        "cho ông/bà. Thời gian này không tính ngày nghỉ lễ, Tết và thời gian người sử dụng đất thực hiện nghĩa "
        "vụ tài chính. Ông/bà có thể tra cứu tình trạng hồ sơ bằng mã trên giấy hẹn tại mục Tra cứu hồ sơ.",
        "Phòng Tài nguyên và Môi trường",
        date(2020, 9, 14),
    ),
    (
        "dat-dai",
        "Tách thửa đất ở cho con",
        "Tôi muốn tách một phần thửa đất ở để cho con trai làm nhà. Cần chuẩn bị những giấy tờ gì?",
        "Ông/bà chuẩn bị đơn đề nghị tách thửa theo mẫu, bản gốc giấy chứng nhận đã cấp và hợp đồng tặng cho "
        "đã được công chứng hoặc chứng thực. Diện tích thửa sau khi tách phải không nhỏ hơn diện tích tối thiểu "
        "do UBND tỉnh quy định. Hồ sơ nộp tại Bộ phận một cửa huyện.",
        "Phòng Tài nguyên và Môi trường",
        date(2020, 10, 5),
    ),
    (
        "dat-dai",
        "Thu gom rác thải ở các bản xa trung tâm",
        "Bản tôi cách trung tâm thị trấn 7 km, chưa có xe thu gom rác. Huyện có kế hoạch thu gom không?",
        "Năm 2021, huyện mở rộng tuyến thu gom tới các bản dọc Quốc lộ 279. Ở những bản xe chưa tới được, UBND "
        "xã hướng dẫn các hộ phân loại và xử lý rác hữu cơ tại chỗ, rác còn lại tập kết tại điểm chung của bản.",
        "Phòng Tài nguyên và Môi trường",
        date(2020, 11, 2),
    ),
    (
        "ho-tich",
        "Đăng ký khai sinh quá hạn",
        "Con tôi sinh được 4 tháng nhưng chưa làm khai sinh. Bây giờ làm có bị phạt không và làm ở đâu?",
        "Ông/bà đến UBND xã nơi cư trú của cha hoặc mẹ để đăng ký khai sinh, mang theo giấy chứng sinh và giấy "
        "tờ tùy thân. Việc đăng ký khai sinh không thu lệ phí khi đăng ký đúng hạn; cán bộ tư pháp - hộ tịch xã "
        "sẽ hướng dẫn cụ thể trường hợp của gia đình.",
        "Phòng Tư pháp",
        date(2020, 8, 20),
    ),
    (
        "ho-tich",
        "Chứng thực bản sao tại xã hay huyện",
        "Tôi cần chứng thực bản sao sổ hộ khẩu và bằng tốt nghiệp. Làm ở UBND xã được không?",
        "Được. UBND xã chứng thực bản sao từ bản chính các giấy tờ do cơ quan Việt Nam cấp. Ông/bà mang theo "
        "bản chính để cán bộ đối chiếu.",
        "Phòng Tư pháp",
        date(2020, 7, 9),
    ),
    (
        "ho-tich",
        "Xác nhận tình trạng hôn nhân để mua nhà",
        "Tôi cần giấy xác nhận tình trạng hôn nhân để làm hợp đồng mua nhà. Giấy này có giá trị bao lâu?",
        "Giấy xác nhận tình trạng hôn nhân có giá trị 06 tháng kể từ ngày cấp và dùng đúng mục đích ghi trong "
        "giấy. Ông/bà nộp hồ sơ tại UBND xã nơi thường trú.",
        "Phòng Tư pháp",
        date(2020, 10, 28),
    ),
    (
        "chinh-sach-xa-hoi",
        "Hỗ trợ tiền điện cho hộ nghèo",
        "Gia đình tôi thuộc hộ nghèo năm 2020. Có được hỗ trợ tiền điện không và nhận ở đâu?",
        "Hộ nghèo được hỗ trợ tiền điện theo quy định hiện hành. UBND xã lập danh sách, chi trả theo quý; ông/bà "
        "liên hệ cán bộ lao động - thương binh và xã hội của xã để được ghi tên nếu chưa có trong danh sách.",
        "Phòng Lao động - Thương binh và Xã hội",
        date(2020, 6, 15),
    ),
    (
        "chinh-sach-xa-hoi",
        "Trợ cấp cho người cao tuổi",
        "Bố tôi năm nay 80 tuổi, không có lương hưu. Ông có được nhận trợ cấp hằng tháng không?",
        "Người từ đủ 80 tuổi trở lên không có lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng thuộc diện hưởng "
        "trợ cấp xã hội hằng tháng. Gia đình nộp tờ khai tại UBND xã; xã xét duyệt và trình huyện quyết định.",
        "Phòng Lao động - Thương binh và Xã hội",
        date(2020, 9, 30),
    ),
    (
        "xay-dung",
        "Làm nhà ở nông thôn có cần giấy phép xây dựng",
        "Tôi làm nhà hai tầng trên đất ở của gia đình tại bản, không nằm trong khu quy hoạch. Có phải xin phép "
        "xây dựng không?",
        "Nhà ở riêng lẻ ở nông thôn không thuộc khu vực đã có quy hoạch đô thị, quy hoạch xây dựng được duyệt "
        "thì được miễn giấy phép xây dựng. Tuy vậy ông/bà vẫn phải xây đúng ranh giới thửa đất và bảo đảm an "
        "toàn cho nhà bên cạnh.",
        "Phòng Kinh tế và Hạ tầng",
        date(2020, 5, 18),
    ),
    (
        "xay-dung",
        "Sửa mặt đường bê tông bản Hón bị hỏng",
        "Đoạn đường bê tông vào bản Hón bị lún, xe máy đi lại rất khó khăn sau mùa mưa. Bao giờ được sửa?",
        "UBND huyện đã giao UBND xã Ẳng Cang kiểm tra hiện trạng; đoạn đường được đưa vào kế hoạch duy tu năm "
        "2021 bằng nguồn vốn sự nghiệp giao thông. Trong khi chờ, xã cắm biển cảnh báo tại chỗ lún.",
        "Phòng Kinh tế và Hạ tầng",
        date(2020, 11, 10),
    ),
    (
        "giao-duc-y-te",
        "Chuyển trường cho học sinh tiểu học",
        "Gia đình tôi chuyển đến thị trấn Mường Ảng. Thủ tục chuyển trường cho con học lớp 3 như thế nào?",
        "Phụ huynh làm đơn xin chuyển trường, nộp tại trường nơi chuyển đến kèm học bạ. Hiệu trưởng hai trường "
        "phối hợp giải quyết; không phải nộp hồ sơ lên Phòng Giáo dục và Đào tạo khi chuyển trong huyện.",
        "Phòng Giáo dục và Đào tạo",
        date(2020, 8, 3),
    ),
    (
        "giao-duc-y-te",
        "Thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        "Con tôi 2 tuổi đã có thẻ bảo hiểm y tế chưa, hay gia đình phải đi làm?",
        "Trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế miễn phí. Thẻ được làm cùng lúc khi đăng ký khai sinh; nếu "
        "chưa có, gia đình liên hệ UBND xã để được hướng dẫn.",
        "Phòng Y tế",
        date(2020, 4, 22),
    ),
]

FEEDBACK = [
    # code, created (date, hour), status, name, address, phone, email, subject, content, answer, transferred_to
    (
        "PAKN-20201102-0001",
        (date(2020, 11, 2), 9),
        FeedbackStatus.ANSWERED,
        "Lò Văn Pọm",
        "Bản Co Hắm, xã Búng Lao",
        "0912 345 601",
        "lovanpom@example.invalid",
        "Chậm cấp giấy chứng nhận quyền sử dụng đất",
        "Hồ sơ cấp giấy chứng nhận của gia đình tôi đã quá hạn hẹn 10 ngày mà chưa có kết quả.",
        "Hồ sơ chậm do phải đo đạc lại ranh giới thửa đất. Ngày 20/11/2020 giấy chứng nhận đã được chuyển về Bộ "
        "phận một cửa; UBND huyện xin lỗi ông vì sự chậm trễ và đã nhắc nhở bộ phận liên quan.",
        "",
    ),
    (
        "PAKN-20201105-0001",
        (date(2020, 11, 5), 14),
        FeedbackStatus.ANSWERED,
        "Quàng Thị Xuân",
        "Tổ dân phố 3, thị trấn Mường Ảng",
        "0987 654 602",
        "",
        "Giờ làm việc của Bộ phận một cửa buổi chiều",
        "Chiều thứ Sáu tôi đến nộp hồ sơ lúc 16 giờ nhưng không có cán bộ tiếp nhận.",
        "Bộ phận một cửa làm việc đến 17 giờ các ngày trong tuần. Hôm đó cán bộ đi dự tập huấn; UBND huyện đã "
        "bố trí cán bộ trực thay để không gián đoạn việc tiếp nhận.",
        "",
    ),
    (
        "PAKN-20201109-0001",
        (date(2020, 11, 9), 8),
        FeedbackStatus.PROCESSING,
        "Vì Văn Chung",
        "Bản Hón, xã Ẳng Cang",
        "0368 111 603",
        "",
        "Đường vào bản bị sạt lở",
        "Mưa lớn làm sạt một đoạn đường vào bản, xe máy không đi qua được.",
        "",
        "",
    ),
    (
        "PAKN-20201112-0001",
        (date(2020, 11, 12), 10),
        FeedbackStatus.NEW,
        "Cầm Thị Hoa",
        "Bản Ten, xã Ẳng Nưa",
        "0359 222 604",
        "camthihoa@example.invalid",
        "Hỏi về hỗ trợ giống cà phê",
        "Gia đình tôi muốn trồng mới 1 ha cà phê chè, xin hỏi có được hỗ trợ cây giống không.",
        "",
        "",
    ),
    (
        "PAKN-20201113-0001",
        (date(2020, 11, 13), 15),
        FeedbackStatus.TRANSFERRED,
        "Lường Văn Khánh",
        "Bản Pá Liếng, xã Ẳng Tở",
        "0977 333 605",
        "",
        "Tiền điện tăng bất thường",
        "Hóa đơn tiền điện tháng 10 của gia đình tôi cao gấp ba tháng trước.",
        "Việc ghi chỉ số và tính tiền điện thuộc Điện lực Mường Ảng; UBND huyện đã chuyển phản ánh để Điện lực "
        "kiểm tra công tơ và trả lời trực tiếp cho ông.",
        "Điện lực Mường Ảng",
    ),
    (
        "PAKN-20201116-0001",
        (date(2020, 11, 16), 9),
        FeedbackStatus.OUT_OF_SCOPE,
        "Nguyễn Văn Sơn",
        "Tổ dân phố 1, thị trấn Mường Ảng",
        "0904 444 606",
        "",
        "Tranh chấp hợp đồng mua bán xe máy",
        "Người bán xe không giao giấy đăng ký xe như đã thỏa thuận.",
        "Đây là tranh chấp dân sự giữa các cá nhân, không phải phản ánh về quy định hành chính. Ông có thể đề "
        "nghị hòa giải tại tổ dân phố hoặc khởi kiện tại Tòa án nhân dân huyện.",
        "Tòa án nhân dân huyện Mường Ảng",
    ),
    (
        "PAKN-20201117-0001",
        (date(2020, 11, 17), 10),
        FeedbackStatus.NEW,
        "Tòng Văn Dũng",
        "Bản Xuân Tre, xã Xuân Lao",
        "0338 555 607",
        "",
        "Mẫu tờ khai đăng ký kết hôn",
        "Trên cổng chưa có mẫu tờ khai đăng ký kết hôn để tải về điền trước.",
        "",
        "",
    ),
    (
        "PAKN-20201118-0001",
        (date(2020, 11, 18), 16),
        FeedbackStatus.PROCESSING,
        "Hoàng Thị Nga",
        "Bản Món, xã Mường Đăng",
        "0966 777 608",
        "hoangthinga@example.invalid",
        "Chưa nhận tiền hỗ trợ học sinh bán trú",
        "Con tôi học bán trú ở trường trung học cơ sở xã nhưng học kỳ I chưa nhận tiền hỗ trợ.",
        "",
        "",
    ),
    (
        "PAKN-20201119-0001",
        (date(2020, 11, 19), 8),
        FeedbackStatus.TRANSFERRED,
        "Lò Văn Hậu",
        "Bản Na Hịa, xã Ngối Cáy",
        "0356 888 609",
        "",
        "Sóng điện thoại yếu",
        "Bản tôi sóng điện thoại rất yếu, không dùng được dịch vụ công trực tuyến.",
        "Phủ sóng di động thuộc các doanh nghiệp viễn thông; UBND huyện đã chuyển phản ánh tới Sở Thông tin và "
        "Truyền thông để đề nghị doanh nghiệp bổ sung trạm phát sóng.",
        "Sở Thông tin và Truyền thông tỉnh Điện Biên",
    ),
    (
        "PAKN-20201120-0001",
        (date(2020, 11, 20), 14),
        FeedbackStatus.OUT_OF_SCOPE,
        "Đinh Văn Toàn",
        "Tổ dân phố 4, thị trấn Mường Ảng",
        "0911 999 610",
        "",
        "Giá vé xe khách đi Điện Biên Phủ",
        "Nhà xe tăng giá vé dịp cuối tuần, đề nghị huyện can thiệp.",
        "Giá vé do doanh nghiệp vận tải kê khai với Sở Tài chính và Sở Giao thông vận tải; ông có thể phản ánh "
        "tới Sở Giao thông vận tải tỉnh Điện Biên để được kiểm tra.",
        "Sở Giao thông vận tải tỉnh Điện Biên",
    ),
]


def load(ledger, stdout=None):
    """Create what the demo has never created; a record that exists is never changed (``website.demo.ledger``)."""
    today = timezone.localdate()
    if ledger.first_time("citizens.citizensettings") and not CitizenSettings.objects.exists():
        CitizenSettings.objects.create(**SETTINGS)
    for order, (number, name, name_en, note) in enumerate(HOTLINES, start=1):
        ledger.create(
            Hotline, {"number": number}, name=name, name_en=name_en, note=note, order=order, is_active=True
        )
    for order, (email, name, name_en, handles, phone) in enumerate(OFFICES, start=1):
        address = SETTINGS["reception_place"] if "Tiếp" in name else ""
        ledger.create(
            ContactOffice,
            {"email": email},
            name=name,
            name_en=name_en,
            handles=handles,
            phone=phone,
            order=order,
            address=address,
        )

    schedule = ledger.create(
        ReceptionSchedule, {"presider": CHAIRMAN}, **{k: v for k, v in SCHEDULE.items() if k != "presider"}
    )
    monday = today - timedelta(days=today.weekday())
    for topics, offset, presider, start, end, participants, status, reason, deadline in SESSIONS:
        day = monday + timedelta(days=offset)
        if status == SessionStatus.POSTPONED and schedule is None:
            schedule = ReceptionSchedule.objects.filter(presider=CHAIRMAN).first()
        ledger.create(
            ReceptionSession,
            {"topics": topics},
            date=day,
            start_time=start,
            end_time=end,
            presider=presider,
            place=PLACE,
            participants=participants,
            status=status,
            postponed_reason=reason,
            registration_deadline=day - timedelta(days=deadline) if deadline else None,
            schedule=schedule if status == SessionStatus.POSTPONED else None,
        )

    for order, (slug, name) in enumerate(TOPICS, start=1):
        ledger.create(QuestionTopic, {"slug": slug}, name=name, order=order)
    for slug, title, question_text, answer, unit, answered_on in QUESTIONS:
        if (
            not ledger.first_time(f"citizens.question:{title}")
            or Question.objects.filter(title=title).exists()
        ):
            continue
        topic = QuestionTopic.objects.filter(slug=slug).first()
        if topic is None:  # staff deleted the demo topic
            continue
        Question.objects.create(
            title=title,
            topic=topic,
            question=question_text,
            answer=answer,
            answering_unit=unit,
            answered_on=answered_on,
            is_published=True,
        )

    officer = get_user_model().objects.filter(username="tiepdan").first()
    for code, (day, hour), status, name, address, phone, email, subject, content, answer, moved in FEEDBACK:
        if not ledger.first_time(f"citizens.feedback:{code}") or Feedback.objects.filter(code=code).exists():
            continue  # staff may have worked on it since, or deleted it
        created = timezone.make_aware(datetime.combine(day, time(hour)))
        closed = status not in (FeedbackStatus.NEW, FeedbackStatus.PROCESSING)
        item = Feedback.objects.create(
            code=code,
            name=name,
            address=address,
            phone=phone,
            email=email,
            subject=subject,
            content=content,
            consent_publish=status == FeedbackStatus.ANSWERED,
            status=status,
            assigned_to=officer if status != FeedbackStatus.NEW else None,
            due_date=add_working_days(day, SETTINGS["feedback_due_days"]),
            answer=answer,
            answering_unit=UNIT if answer else "",
            transferred_to=moved,
            answered_at=created + timedelta(days=14) if closed else None,
        )
        Feedback.objects.filter(pk=item.pk).update(created_at=created, updated_at=created)
    if stdout:
        stdout.write("Đã nạp liên hệ, lịch tiếp công dân, phản ánh và hỏi đáp minh họa.")
