"""Demo news of Huyện Mường Ảng in 2020: categories, articles and documents (all text written for the demo)."""

CATEGORIES = [
    # slug, name, order, on the home page, is the notices box, description
    (
        "tin-tuc-su-kien",
        "Tin tức - Sự kiện",
        1,
        True,
        False,
        "Hoạt động của chính quyền và các sự kiện nổi bật trên địa bàn.",
    ),
    (
        "cai-cach-hanh-chinh",
        "Cải cách hành chính",
        2,
        True,
        False,
        "Kết quả cải cách thủ tục, một cửa, chính quyền số.",
    ),
    ("kinh-te", "Kinh tế", 3, True, False, "Nông nghiệp, cà phê, hạ tầng, thu ngân sách và đầu tư."),
    ("van-hoa-xa-hoi", "Văn hóa - Xã hội", 4, True, False, "Giáo dục, y tế, văn hóa, an sinh xã hội."),
    (
        "quoc-phong-an-ninh",
        "Quốc phòng - An ninh",
        5,
        False,
        False,
        "Quân sự địa phương, trật tự an toàn xã hội.",
    ),
    (
        "nong-thon-moi",
        "Xây dựng nông thôn mới",
        6,
        False,
        False,
        "Chương trình mục tiêu quốc gia xây dựng nông thôn mới.",
    ),
    (
        "thong-bao",
        "Thông báo",
        7,
        False,
        True,
        "Thông báo của Ủy ban nhân dân huyện tới người dân và tổ chức.",
    ),
]

CCHC_SLUG = "muong-ang-day-manh-cai-cach-hanh-chinh-nam-2020"

ARTICLES = [
    {
        "slug": CCHC_SLUG,
        "category": "cai-cach-hanh-chinh",
        "title": "Mường Ảng đẩy mạnh cải cách hành chính năm 2020",
        "at": "16/11/2020 07:00",
        "featured": True,
        "author": "Quàng Văn Dũng",
        "source": "Văn phòng HĐND và UBND huyện",
        "summary": (
            "Mười tháng năm 2020, Bộ phận Tiếp nhận và Trả kết quả của huyện đã nhận 2.578 hồ sơ, giải quyết "
            "xong 2.477 hồ sơ; 101 hồ sơ đang trong thời hạn xử lý."
        ),
        "alt": "Đồi núi nhiều lớp của huyện Mường Ảng lúc bình minh",
        "caption": "Mường Ảng tiếp tục lấy người dân và doanh nghiệp làm trung tâm của cải cách hành chính.",
        "body": [
            "<p>Thực hiện Kế hoạch số 3855/KH-UBND ngày 27/12/2019 của Ủy ban nhân dân tỉnh Điện Biên về cải cách "
            "hành chính năm 2020, Ủy ban nhân dân huyện Mường Ảng đã giao nhiệm vụ cụ thể cho từng cơ quan chuyên "
            "môn và Ủy ban nhân dân các xã, thị trấn, gắn kết quả cải cách với việc đánh giá cán bộ cuối năm.</p>",
            "<h2>Rà soát thủ tục hành chính</h2>",
            "<p>Ngày 13/01/2020, huyện ban hành Kế hoạch số 06/KH-UBND về rà soát, đánh giá thủ tục hành chính trên "
            "địa bàn. Các phòng chuyên môn đã rà soát thủ tục thuộc 10 lĩnh vực, đề xuất bỏ bớt giấy tờ không cần "
            "thiết và rút ngắn thời gian giải quyết ở những khâu còn chậm.</p>",
            "<h2>Kết quả ở Bộ phận một cửa</h2>",
            "<p>Từ tháng 01 đến tháng 10 năm 2020, Bộ phận Tiếp nhận và Trả kết quả của huyện đã tiếp nhận "
            "<strong>2.578</strong> hồ sơ. Trong đó <strong>2.477</strong> hồ sơ đã giải quyết xong và "
            "<strong>101</strong> hồ sơ đang được xử lý trong thời hạn (xem "
            '<a href="/thong-ke-ho-so/?nam=2020&amp;den_ngay=31/10/2020">thống kê hồ sơ năm 2020, tính đến ngày '
            "31/10/2020</a>). Người dân có thể tra cứu tình trạng hồ sơ của mình trên cổng thông tin bằng mã ghi "
            "trên giấy tiếp nhận.</p>",
            "<h2>Lắng nghe người dân</h2>",
            "<p>Chủ tịch Ủy ban nhân dân huyện tiếp công dân định kỳ vào thứ Hai hằng tuần tại Trụ sở tiếp công dân "
            "của huyện. Các phản ánh, kiến nghị về quy định hành chính được tiếp nhận qua cổng thông tin, đường dây "
            "nóng và hộp thư góp ý đặt tại Bộ phận một cửa.</p>",
            "<blockquote><p>Mỗi hồ sơ trả đúng hẹn là một lần người dân tin chính quyền hơn.</p></blockquote>",
            "<p>Trong thời gian tới, huyện tiếp tục đưa thêm dịch vụ công trực tuyến vào sử dụng, công khai đầy đủ "
            "thủ tục tại nơi tiếp nhận và trên cổng thông tin, đồng thời xử lý nghiêm trường hợp gây phiền hà.</p>",
        ],
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Hội nghị tổng kết công tác năm 2020 và triển khai nhiệm vụ năm 2021",
        "at": "28/12/2020 08:30",
        "summary": "Ủy ban nhân dân huyện đánh giá kết quả năm 2020 và thống nhất các nhiệm vụ trọng tâm năm 2021.",
        "body": [
            "<p>Sáng 28/12, Ủy ban nhân dân huyện tổ chức hội nghị tổng kết công tác năm 2020. Dự hội nghị có lãnh "
            "đạo các phòng, ban, đơn vị và Chủ tịch Ủy ban nhân dân các xã, thị trấn.</p>",
            "<p>Năm 2020, dù chịu ảnh hưởng của dịch COVID-19, huyện vẫn hoàn thành phần lớn chỉ tiêu kinh tế - xã "
            "hội. Hội nghị thống nhất ba nhiệm vụ trọng tâm cho năm 2021: phát triển cây cà phê và cây ăn quả, "
            "nâng chất lượng giáo dục vùng cao và đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính.</p>",
        ],
        "alt": "Dãy núi xanh dưới bầu trời trong",
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Đại hội đại biểu Đảng bộ huyện Mường Ảng lần thứ IV",
        "at": "10/08/2020 07:30",
        "summary": "Đại hội đã bầu Ban Chấp hành Đảng bộ huyện nhiệm kỳ 2020–2025 và thông qua nghị quyết đại hội.",
        "body": [
            "<p>Trong hai ngày, đại biểu đại diện cho đảng viên toàn huyện đã thảo luận báo cáo chính trị, đánh giá "
            "kết quả nhiệm kỳ trước và xác định phương hướng phát triển cho 5 năm tới.</p>",
            "<p>Đại hội xác định phát triển nông nghiệp hàng hóa gắn với cây cà phê, giữ vững quốc phòng, an ninh "
            "và nâng cao đời sống đồng bào các dân tộc là những nhiệm vụ xuyên suốt.</p>",
        ],
        "alt": "Đồi núi trập trùng dưới nắng sớm",
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Huyện Mường Ảng triển khai các biện pháp phòng, chống dịch COVID-19",
        "at": "30/03/2020 16:00",
        "summary": "Các chốt kiểm soát được lập trên Quốc lộ 279; người từ vùng dịch về địa phương cần khai báo y tế.",
        "body": [
            "<p>Ban Chỉ đạo phòng, chống dịch của huyện đã họp khẩn, thống nhất lập chốt kiểm soát tại các cửa ngõ "
            "và giao Ủy ban nhân dân các xã, thị trấn rà soát người từ vùng dịch trở về.</p>",
            "<p>Người dân được đề nghị hạn chế tụ tập đông người, đeo khẩu trang nơi công cộng và liên hệ ngay trạm y "
            "tế xã khi có biểu hiện sốt, ho, khó thở.</p>",
        ],
        "alt": "Đường quốc lộ men theo sườn núi",
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Kỷ niệm 14 năm thành lập huyện Mường Ảng",
        "at": "21/09/2020 09:00",
        "summary": "Chặng đường từ một huyện mới chia tách đến vùng cà phê lớn của tỉnh Điện Biên.",
        "body": [
            "<p>Huyện Mường Ảng được thành lập năm 2006. Sau 14 năm, hạ tầng giao thông, trường học và trạm y tế đã "
            "đến được với hầu hết các bản; cây cà phê trở thành cây làm giàu của nhiều hộ gia đình.</p>",
            "<p>Buổi gặp mặt kỷ niệm có sự tham gia của các thế hệ cán bộ từng công tác tại huyện.</p>",
        ],
        "alt": "Ruộng bậc thang dưới chân núi",
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Ra mắt Bộ phận Tiếp nhận và Trả kết quả theo mô hình hiện đại",
        "at": "15/06/2020 08:00",
        "summary": "Khu vực tiếp dân mới có máy lấy số thứ tự, ghế chờ và máy tra cứu hồ sơ.",
        "body": [
            "<p>Bộ phận Tiếp nhận và Trả kết quả của huyện đã được sắp xếp lại theo hướng thuận tiện cho người dân: "
            "mỗi quầy phụ trách một nhóm lĩnh vực, có bảng niêm yết thủ tục và mẫu đơn in sẵn.</p>",
            "<p>Người dân nhận giấy tiếp nhận có ghi mã hồ sơ và ngày hẹn trả; mã này dùng để tra cứu trên cổng "
            "thông tin.</p>",
        ],
        "alt": "Khung cảnh núi đồi và ruộng lúa",
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Hướng dẫn nộp hồ sơ trực tuyến trên Cổng dịch vụ công",
        "at": "02/07/2020 10:00",
        "summary": "Nhiều thủ tục hộ tịch và chứng thực có thể nộp trực tuyến, không phải đến trụ sở.",
        "body": [
            "<p>Để nộp hồ sơ trực tuyến, người dân đăng ký tài khoản trên Cổng dịch vụ công quốc gia, chọn thủ tục, "
            "điền tờ khai và đính kèm bản chụp giấy tờ.</p>",
            "<ul><li>Kiểm tra kỹ số điện thoại để nhận tin nhắn thông báo.</li><li>Giữ lại mã hồ sơ để tra cứu."
            "</li><li>Mang bản chính giấy tờ khi đến nhận kết quả nếu thủ tục yêu cầu đối chiếu.</li></ul>",
        ],
        "alt": "Núi xa mờ trong sương",
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Kiểm tra công tác cải cách hành chính tại các xã",
        "at": "22/09/2020 14:00",
        "summary": "Đoàn kiểm tra của huyện làm việc tại xã Ẳng Nưa, Búng Lao và thị trấn Mường Ảng.",
        "body": [
            "<p>Đoàn kiểm tra đã xem xét việc niêm yết thủ tục, sổ theo dõi hồ sơ và việc trả kết quả đúng hẹn tại "
            "bộ phận một cửa cấp xã.</p>",
            "<p>Các xã được đề nghị cập nhật đầy đủ hồ sơ lên hệ thống một cửa điện tử và gửi thư xin lỗi khi trả "
            "kết quả muộn.</p>",
        ],
        "alt": "Đồi chè xanh nối tiếp nhau",
    },
    {
        "category": "cai-cach-hanh-chinh",
        "title": "Chứng thực bản sao điện tử từ bản chính tại cấp xã",
        "at": "05/10/2020 09:30",
        "summary": "Người dân có thể xin bản sao điện tử có giá trị như bản sao chứng thực giấy.",
        "body": [
            "<p>Từ tháng 10, Ủy ban nhân dân thị trấn Mường Ảng thí điểm cấp bản sao điện tử được chứng thực từ bản "
            "chính, giúp người dân dùng lại giấy tờ khi nộp hồ sơ trực tuyến.</p>",
        ],
        "alt": "Thung lũng với những thửa ruộng vàng",
    },
    {
        "category": "kinh-te",
        "title": "Cà phê Mường Ảng vào vụ thu hoạch",
        "at": "20/10/2020 07:15",
        "summary": "Diện tích cà phê cho thu hoạch tăng; nhiều hợp tác xã ký hợp đồng bao tiêu sản phẩm.",
        "body": [
            "<p>Những ngày này, các đồi cà phê ở Ẳng Cang, Ẳng Nưa, Ẳng Tở rộn ràng mùa hái quả. Người trồng được "
            "khuyến cáo chỉ hái quả chín để giữ chất lượng hạt.</p>",
            "<p>Huyện khuyến khích các hộ liên kết với hợp tác xã và doanh nghiệp chế biến để có giá bán ổn định.</p>",
        ],
        "alt": "Đồi cà phê trải dài dưới nắng chiều",
        "featured": True,
    },
    {
        "category": "kinh-te",
        "title": "Thu ngân sách 10 tháng năm 2020 đạt khá",
        "at": "06/11/2020 15:00",
        "summary": "Nguồn thu từ đất và thuế ngoài quốc doanh là hai khoản đóng góp lớn nhất.",
        "body": [
            "<p>Chi cục Thuế khu vực cho biết tiến độ thu ngân sách trên địa bàn huyện đạt khá so với dự toán. Huyện "
            "yêu cầu các ngành tiếp tục rà soát nguồn thu, chống thất thu.</p>",
        ],
        "alt": "Dãy núi nhiều tầng lớp màu xanh",
    },
    {
        "category": "kinh-te",
        "title": "Hỗ trợ nông dân chuyển đổi cây trồng trên đất dốc",
        "at": "18/05/2020 08:00",
        "summary": "Mắc ca, cây ăn quả và cỏ chăn nuôi được đưa vào thay cho ngô, sắn trên đất dốc.",
        "body": [
            "<p>Chương trình hỗ trợ giống và hướng dẫn kỹ thuật giúp các hộ giảm xói mòn đất, đồng thời có thu nhập "
            "ổn định hơn từ cây lâu năm.</p>",
        ],
        "alt": "Sườn đồi với những luống cây mới trồng",
    },
    {
        "category": "kinh-te",
        "title": "Nâng cấp tuyến đường vào trung tâm xã Mường Lạn",
        "at": "14/04/2020 10:00",
        "summary": "Công trình giúp việc đi lại và vận chuyển nông sản của người dân thuận lợi hơn.",
        "body": [
            "<p>Tuyến đường dài hơn 10 km được mở rộng mặt đường và gia cố rãnh thoát nước. Nhà thầu cam kết bảo đảm "
            "an toàn giao thông trong suốt thời gian thi công.</p>",
        ],
        "alt": "Con đường uốn quanh chân núi",
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Học sinh vùng cao trở lại trường sau thời gian nghỉ phòng dịch",
        "at": "11/05/2020 07:00",
        "summary": "Các trường vệ sinh lớp học và hướng dẫn học sinh rửa tay, đeo khẩu trang.",
        "body": [
            "<p>Sau thời gian nghỉ học để phòng dịch, học sinh các cấp trên địa bàn huyện đã trở lại trường. Giáo "
            "viên dành những tuần đầu ôn tập kiến thức cho học sinh.</p>",
        ],
        "alt": "Bầu trời xanh trên những ngọn đồi thấp",
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Lễ hội Hoa Ban và các hoạt động văn hóa truyền thống",
        "at": "02/03/2020 09:00",
        "summary": "Các đội văn nghệ bản biểu diễn múa xòe, thi ném còn và đẩy gậy.",
        "body": [
            "<p>Các hoạt động văn hóa, thể thao truyền thống góp phần giữ gìn bản sắc của đồng bào Thái, Khơ Mú, "
            "Mông trên địa bàn huyện.</p>",
        ],
        "alt": "Núi rừng mùa xuân dưới ánh mặt trời",
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Trao quà cho gia đình chính sách nhân dịp 27/7",
        "at": "24/07/2020 16:30",
        "summary": "Lãnh đạo huyện thăm, tặng quà người có công và gia đình liệt sĩ.",
        "body": [
            "<p>Nhân kỷ niệm 73 năm Ngày Thương binh - Liệt sĩ, các đoàn công tác của huyện đã đến thăm hỏi, động "
            "viên các gia đình chính sách tại các xã, thị trấn.</p>",
        ],
        "alt": "Cảnh hoàng hôn trên núi",
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Tiêm chủng mở rộng cho trẻ em dưới 5 tuổi",
        "at": "08/09/2020 08:00",
        "summary": "Trạm y tế các xã tổ chức tiêm bổ sung cho trẻ chưa được tiêm đủ mũi.",
        "body": [
            "<p>Cha mẹ mang theo sổ tiêm chủng khi đưa trẻ đến trạm y tế. Cán bộ y tế bản sẽ đến tận nhà nhắc lịch "
            "với những gia đình ở xa.</p>",
        ],
        "alt": "Đồi núi xanh bên thung lũng",
    },
    {
        "category": "quoc-phong-an-ninh",
        "title": "Giao quân năm 2020: 100% thanh niên lên đường đúng hẹn",
        "at": "13/02/2020 08:00",
        "summary": "Các tân binh được gia đình, địa phương tiễn lên đường thực hiện nghĩa vụ quân sự.",
        "body": [
            "<p>Lễ giao nhận quân được tổ chức gọn nhẹ, trang trọng. Các xã đã làm tốt công tác tuyên truyền, khám "
            "tuyển và bàn giao đủ chỉ tiêu.</p>",
        ],
        "alt": "Dãy núi hùng vĩ lúc sáng sớm",
    },
    {
        "category": "quoc-phong-an-ninh",
        "title": "Ra quân bảo đảm trật tự an toàn giao thông dịp cuối năm",
        "at": "01/12/2020 09:00",
        "summary": "Công an huyện tăng cường tuần tra trên Quốc lộ 279 và các tuyến đường liên xã.",
        "body": [
            "<p>Lực lượng chức năng tập trung xử lý các lỗi uống rượu bia khi lái xe, chở quá số người và không đội "
            "mũ bảo hiểm.</p>",
        ],
        "alt": "Đường đèo giữa những dãy núi",
    },
    {
        "category": "quoc-phong-an-ninh",
        "title": "Diễn tập phòng thủ khu vực cấp xã năm 2020",
        "at": "25/08/2020 14:00",
        "summary": "Xã Búng Lao hoàn thành diễn tập, đạt yêu cầu đề ra.",
        "body": [
            "<p>Cuộc diễn tập giúp nâng cao năng lực lãnh đạo, chỉ huy của cấp ủy, chính quyền cơ sở trong tình "
            "huống khẩn cấp.</p>",
        ],
        "alt": "Núi rừng biên giới trong nắng",
    },
    {
        "category": "nong-thon-moi",
        "title": "Xã Ẳng Nưa về đích nông thôn mới",
        "at": "30/11/2020 08:00",
        "summary": "Đường bê tông đến bản, nhà văn hóa và nước sạch đã làm thay đổi diện mạo xã.",
        "body": [
            "<p>Sau nhiều năm, người dân xã Ẳng Nưa đã hiến đất, góp công làm đường, xây nhà văn hóa. Xã đạt đủ 19 "
            "tiêu chí nông thôn mới theo quy định.</p>",
        ],
        "alt": "Những thửa ruộng bậc thang xanh mướt",
    },
    {
        "category": "nong-thon-moi",
        "title": "Người dân bản Co Hắm góp công làm đường nội bản",
        "at": "19/06/2020 10:30",
        "summary": "Nhà nước hỗ trợ xi măng, người dân góp cát, sỏi và ngày công.",
        "body": [
            "<p>Với cách làm “Nhà nước và nhân dân cùng làm”, hơn 1 km đường bê tông đã hoàn thành trong một tháng.</p>",
        ],
        "alt": "Con đường nhỏ giữa đồng ruộng",
    },
    {
        "category": "thong-bao",
        "title": "Thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND huyện",
        "at": "02/01/2020 08:00",
        "summary": "Chủ tịch Ủy ban nhân dân huyện tiếp công dân vào thứ Hai hằng tuần.",
        "body": [
            "<p>Chủ tịch Ủy ban nhân dân huyện tiếp công dân định kỳ vào sáng thứ Hai hằng tuần tại Trụ sở tiếp "
            "công dân huyện. Nếu thứ Hai trùng ngày nghỉ lễ, lịch tiếp chuyển sang ngày làm việc kế tiếp.</p>",
            "<p>Công dân mang theo giấy tờ tùy thân và tài liệu liên quan đến nội dung trình bày.</p>",
        ],
        "alt": "Núi đồi dưới bầu trời sáng",
    },
    {
        "category": "thong-bao",
        "title": "Thông báo nghỉ Tết Nguyên đán Canh Tý 2020",
        "at": "15/01/2020 14:00",
        "summary": "Cán bộ, công chức nghỉ Tết từ 23/01 đến hết 29/01/2020; bộ phận một cửa làm việc lại từ 30/01.",
        "body": [
            "<p>Trong thời gian nghỉ Tết, các cơ quan bố trí trực để giải quyết công việc đột xuất. Hồ sơ đến hạn "
            "trả trong những ngày nghỉ được trả vào ngày làm việc đầu tiên sau Tết.</p>",
        ],
        "alt": "Trời xuân trên những ngọn đồi",
    },
    {
        "category": "thong-bao",
        "title": "Thông báo tuyển dụng giáo viên năm học 2020–2021",
        "at": "20/07/2020 08:00",
        "summary": "Nhận hồ sơ từ ngày 22/07 đến hết ngày 20/08/2020 tại Phòng Nội vụ.",
        "body": [
            "<p>Ứng viên xem chỉ tiêu theo từng cấp học, vị trí việc làm và điều kiện dự tuyển trong văn bản kèm "
            "theo. Hồ sơ nộp trực tiếp trong giờ hành chính.</p>",
        ],
        "alt": "Núi xanh và mây trắng",
    },
    {
        "category": "thong-bao",
        "title": "Thông báo lấy ý kiến về quy hoạch sử dụng đất",
        "at": "03/11/2020 09:00",
        "summary": "Người dân góp ý dự thảo quy hoạch sử dụng đất đến năm 2030 tại trụ sở các xã.",
        "body": [
            "<p>Dự thảo được niêm yết tại trụ sở Ủy ban nhân dân các xã, thị trấn. Ý kiến có thể gửi bằng văn bản "
            "hoặc qua mục Phản ánh, kiến nghị trên cổng thông tin.</p>",
        ],
        "alt": "Thung lũng rộng giữa những dãy núi",
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Ủy ban nhân dân huyện đối thoại với doanh nghiệp",
        "at": "17/11/2020 08:00",
        "summary": "Doanh nghiệp nêu vướng mắc về đất đai, thủ tục đầu tư và đề xuất cải thiện môi trường kinh doanh.",
        "body": [
            "<p>Tại buổi đối thoại, lãnh đạo huyện đã trả lời trực tiếp các câu hỏi và giao các phòng chuyên môn xử "
            "lý dứt điểm những kiến nghị thuộc thẩm quyền trong tháng.</p>",
        ],
        "alt": "Đồi núi xa trong nắng ấm",
    },
    {
        "category": "van-hoa-xa-hoi",
        "title": "Khai giảng lớp xóa mù chữ cho phụ nữ dân tộc Mông",
        "at": "12/10/2020 19:00",
        "summary": "Lớp học buổi tối giúp chị em đọc, viết và tính toán phục vụ cuộc sống hằng ngày.",
        "body": [
            "<p>Lớp học do giáo viên Trường Tiểu học xã Mường Đăng đảm nhận, học vào buổi tối để không ảnh hưởng "
            "công việc đồng áng.</p>",
        ],
        "alt": "Bản làng dưới chân núi lúc chiều tà",
    },
    {
        "category": "kinh-te",
        "title": "Phát triển hợp tác xã nông nghiệp kiểu mới",
        "at": "27/08/2020 10:00",
        "summary": "Các hợp tác xã được hỗ trợ xây dựng nhãn hiệu và kết nối tiêu thụ.",
        "body": [
            "<p>Huyện hiện có nhiều hợp tác xã hoạt động trong lĩnh vực cà phê, chăn nuôi và dịch vụ nông nghiệp. "
            "Nhiều sản phẩm đã có bao bì, tem truy xuất nguồn gốc.</p>",
        ],
        "alt": "Cánh đồng và đồi núi dưới trời xanh",
    },
    {
        "category": "tin-tuc-su-kien",
        "title": "Tổng kết năm học 2019–2020",
        "at": "25/06/2020 08:00",
        "summary": "Tỷ lệ học sinh đi học đúng độ tuổi được giữ vững dù năm học kéo dài vì dịch.",
        "body": [
            "<p>Ngành giáo dục huyện khen thưởng các tập thể, cá nhân tiêu biểu và triển khai kế hoạch năm học mới.</p>",
        ],
        "alt": "Những lớp núi tím trong ánh hoàng hôn",
    },
]

# Articles a newcomer finds in the admin, to try the workflow: (title, status, summary).
WORKFLOW_ARTICLES = [
    (
        "Hội thi cán bộ một cửa giỏi năm 2020",
        "cho-duyet",
        "Bài của phóng viên đang chờ biên tập viên duyệt: hãy đăng nhập bằng tài khoản bientap để xuất bản.",
    ),
    (
        "Bản nháp: chuẩn bị Tết Nguyên đán Tân Sửu 2021",
        "nhap",
        "Bản nháp của phóng viên, chưa gửi duyệt.",
    ),
]

DOCUMENTS = [
    {
        "number": "3855/KH-UBND",
        "type": "ke-hoach",
        "issuer": "Ủy ban nhân dân tỉnh Điện Biên",
        "issued": "27/12/2019",
        "effective": "27/12/2019",
        "signer": "Chủ tịch UBND tỉnh",
        "summary": "Kế hoạch cải cách hành chính năm 2020 của tỉnh Điện Biên",
        "articles": [CCHC_SLUG],
    },
    {
        "number": "06/KH-UBND",
        "type": "ke-hoach",
        "issuer": "Ủy ban nhân dân huyện Mường Ảng",
        "issued": "13/01/2020",
        "effective": "13/01/2020",
        "signer": "Chủ tịch UBND huyện",
        "summary": "Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2020 trên địa bàn huyện Mường Ảng",
        "articles": [CCHC_SLUG],
    },
    {
        "number": "15/TB-UBND",
        "type": "thong-bao",
        "issuer": "Ủy ban nhân dân huyện Mường Ảng",
        "issued": "02/01/2020",
        "effective": None,
        "signer": "Chánh Văn phòng HĐND và UBND",
        "summary": "Thông báo lịch tiếp công dân định kỳ năm 2020 của Chủ tịch Ủy ban nhân dân huyện",
        "articles": [],
    },
    {
        "number": "1250/QĐ-UBND",
        "type": "quyet-dinh",
        "issuer": "Ủy ban nhân dân huyện Mường Ảng",
        "issued": "10/06/2020",
        "effective": "10/06/2020",
        "signer": "Chủ tịch UBND huyện",
        "summary": "Quyết định kiện toàn Bộ phận Tiếp nhận và Trả kết quả của huyện",
        "articles": [],
    },
    {
        "number": "420/CV-UBND",
        "type": "cong-van",
        "issuer": "Ủy ban nhân dân huyện Mường Ảng",
        "issued": "28/03/2020",
        "effective": None,
        "signer": "Phó Chủ tịch UBND huyện",
        "summary": "Công văn về tăng cường các biện pháp phòng, chống dịch COVID-19 trên địa bàn huyện",
        "articles": [],
    },
]
