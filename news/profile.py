"""The unit's profile ("Giới thiệu"): the pages Nghị định 224/2026/NĐ-CP, Điều 9 khoản 1 điểm c asks a
province's or commune's People's Committee to publish — its administrative organisation, natural conditions,
history, cultural traditions, relics and scenic spots (the boundary map and the leaders have pages of their
own) — kept up to date as soon as they change (Điều 9 khoản 3).

Every unit has one page per item (``Page.profile_item``, unique in the unit): a new unit gets them as
unpublished drafts whose body tells staff what to write (``news.contributions.new_unit``), the units that
existed before got them from migration 0010. ``ensure_profile_pages`` takes the model class, so the
migration runs it on its historical model.
"""

from dataclasses import dataclass

from portal.richtext import sanitize_html


@dataclass(frozen=True)
class Item:
    value: str  # Page.profile_item (news.models.ProfileItem)
    slug: str  # the page's standard address under /gioi-thieu/
    title: str
    order: int  # its place in the Giới thiệu menu, after the overview and the functions (1, 2)
    what: str  # what staff write, for the draft's body


ITEMS = (
    Item(
        "to-chuc-bo-may",
        # the slug every site had for its organisation page before the profile: marked, never duplicated
        "co-cau-to-chuc",
        "Cơ cấu tổ chức",
        3,
        "sơ đồ tổ chức bộ máy hành chính của Ủy ban nhân dân; các cơ quan chuyên môn, đơn vị trực thuộc "
        "với chức năng chính, địa chỉ, điện thoại của từng nơi",
    ),
    Item(
        "dieu-kien-tu-nhien",
        "dieu-kien-tu-nhien",
        "Điều kiện tự nhiên",
        5,
        "vị trí địa lý và các đơn vị giáp ranh; địa hình, khí hậu, sông suối; đất đai, rừng và tài nguyên; "
        "diện tích tự nhiên theo số liệu chính thức gần nhất",
    ),
    Item(
        "lich-su",
        "lich-su",
        "Lịch sử",
        6,
        "quá trình hình thành đơn vị hành chính (văn bản thành lập, sáp nhập, điều chỉnh địa giới, ghi rõ "
        "số hiệu và ngày ban hành); những mốc lịch sử, truyền thống cách mạng tiêu biểu",
    ),
    Item(
        "truyen-thong-van-hoa",
        "truyen-thong-van-hoa",
        "Truyền thống văn hóa",
        7,
        "các dân tộc cùng sinh sống; phong tục, lễ hội, nghề truyền thống, trang phục, ẩm thực, "
        "văn nghệ dân gian tiêu biểu",
    ),
    Item(
        "di-tich-danh-thang",
        "di-tich-danh-thang",
        "Di tích, danh thắng",
        8,
        "các di tích lịch sử – văn hóa, danh lam thắng cảnh trên địa bàn: tên, địa điểm, cấp xếp hạng "
        "(nếu có, kèm quyết định), đôi dòng giới thiệu và ảnh có chú thích",
    ),
)
BY_VALUE = {item.value: item for item in ITEMS}


def guidance(item):
    """The body of an item's draft: what to write, and that it is a draft. Sanitised as a page's body is."""
    return sanitize_html(
        "<p><strong>BẢN NHÁP – chưa công khai.</strong> Nghị định 224/2026/NĐ-CP (Điều 9 khoản 1 điểm c) "
        f"yêu cầu Ủy ban nhân dân công bố mục «{item.title}» trên trang thông tin điện tử.</p>"
        f"<p>Hãy viết: {item.what}.</p>"
        "<p>Viết ngắn gọn, chính xác, chỉ dùng số liệu có nguồn chính thức. Khi xong, xóa các dòng hướng "
        "dẫn này, đánh dấu «công khai» và lưu. Thông tin phải được cập nhật ngay khi có thay đổi "
        "(Điều 9 khoản 3).</p>"
    )


def is_untouched_draft(page):
    """The page is an item's draft as the portal made it: nobody has written it or published it."""
    item = BY_VALUE.get(page.profile_item)
    return item is not None and not page.is_published and page.body == guidance(item)


def ensure_profile_pages(page_model, unit_id, using="default"):
    """Give the unit a page for each profile item it lacks: the page at the item's standard address when
    there is one with no item (an organisation page made before the profile), else a new unpublished
    draft. Pages that have their item are left as they are, so a second run changes nothing. Returns the
    number of pages created or marked."""
    pages = page_model._base_manager.using(using).filter(unit_id=unit_id)
    have = set(pages.exclude(profile_item="").values_list("profile_item", flat=True))
    done = 0
    for item in ITEMS:
        if item.value in have:
            continue
        existing = pages.filter(slug=item.slug).first()
        if existing is not None and not existing.profile_item:
            # an update, not a save: the page's "last updated" date stays the one its writer gave it
            pages.filter(pk=existing.pk).update(profile_item=item.value)
            done += 1
            continue
        slug, n = item.slug, 2
        while pages.filter(slug=slug).exists():
            slug, n = f"{item.slug}-{n}", n + 1
        # bulk_create sends no signals: in the migration the search index's table may not exist yet, and a
        # draft changes no public page (the search and the page cache leave unpublished pages out)
        page_model._base_manager.using(using).bulk_create(
            [
                page_model(
                    unit_id=unit_id,
                    profile_item=item.value,
                    slug=slug,
                    title=item.title,
                    summary="",
                    body=guidance(item),
                    order=item.order,
                    show_in_menu=True,
                    show_officials=False,
                    is_published=False,
                )
            ]
        )
        done += 1
    return done
