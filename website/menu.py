"""The main menu, following the site map in DESIGN.md."""

from dataclasses import dataclass, field

from news.menu import intro_pages
from portal import units

# the province's own pages across its units, under «Giới thiệu» on the province's site only
PROVINCE_PAGES = [("Đơn vị hành chính", "/don-vi-hanh-chinh/")]
PROFILE_LABEL = "Tất cả thông tin giới thiệu"

# (label, path). Paths are the public URLs of the site map; pages that a later
# change builds answer 404 until then.
MAIN_MENU = [
    ("Trang chủ", "/"),
    ("Giới thiệu", "/gioi-thieu/"),
    ("Tin tức", "/tin-tuc/"),
    ("Văn bản", "/van-ban/"),
    ("Thủ tục hành chính", "/thu-tuc-hanh-chinh/"),
    ("Một cửa", "/mot-cua/"),
    ("Lịch công tác", "/lich-cong-tac/"),
    ("Tiếp công dân", "/tiep-cong-dan/"),
    ("Phản ánh kiến nghị", "/phan-anh-kien-nghi/"),
    ("Hỏi đáp", "/hoi-dap/"),
    ("Liên hệ", "/lien-he/"),
]


@dataclass
class MenuItem:
    label: str
    url: str
    active: bool = False
    children: list = field(default_factory=list)


def _is_active(item_path, current):
    return current == "/" if item_path == "/" else current.startswith(item_path)


class Menu(list):
    @property
    def key(self):
        """What makes this page's menu differ from another's: the addresses marked as the current page
        (the rest comes from the unit's content). The layout reuses the menu's HTML per key."""
        return "|".join(item.url for top in self for item in (top, *top.children) if item.active)


def main_menu(current_path):
    items = Menu()
    for label, path in MAIN_MENU:
        item = MenuItem(label, path, _is_active(path, current_path))
        if path == "/gioi-thieu/":
            item.children = [MenuItem(title, url, url == current_path) for title, url in intro_pages()]
            site = units.current(required=False)
            if site is not None and site.is_province:
                item.children += [MenuItem(title, url, url == current_path) for title, url in PROVINCE_PAGES]
            # the unit's profile in the decree's order, with the map and the leaders (news.views.intro_index)
            item.children.append(MenuItem(PROFILE_LABEL, "/gioi-thieu/", current_path == "/gioi-thieu/"))
            if item.children:
                item.url = item.children[0].url
        items.append(item)
    return items
