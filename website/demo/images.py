"""Images for the demo content, drawn with Pillow (nothing is downloaded): emblem, banner, org chart, photos, PDFs."""

import io
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


def _font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size=size)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def emblem_png(size=160):
    """A round red emblem with a gold five-pointed star (a stand-in for the real one)."""
    scale = 4
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([0, 0, big - 1, big - 1], fill=(255, 214, 90, 255))
    margin = big // 14
    draw.ellipse([margin, margin, big - margin, big - margin], fill=(196, 30, 36, 255))
    cx = cy = big / 2
    outer, inner = big * 0.34, big * 0.34 * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=(255, 214, 90, 255))
    return _png(image.resize((size, size), Image.LANCZOS))


def banner_jpeg(width=1200, height=160):
    """Hills in layers, like the terraced slopes of the north-west."""
    image = Image.new("RGB", (width, height), (163, 25, 28))
    draw = ImageDraw.Draw(image)
    layers = [((178, 46, 40), 0.55, 3.0), ((150, 22, 26), 0.7, 2.2), ((122, 18, 20), 0.85, 1.6)]
    for colour, base, waves in layers:
        points = [(0, height)]
        for x in range(0, width + 1, 20):
            y = height * base - 18 * math.sin(x / width * math.pi * waves) - 8 * math.sin(x / 53)
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70, optimize=True, progressive=True)
    return buffer.getvalue()


def org_chart_png(root, branches, width=1100):
    """A simple organisation chart: one box on top, groups of boxes below it."""
    box_h, gap = 64, 26
    title_font, text_font = _font(22, bold=True), _font(16)
    columns = len(branches)
    col_w = (width - gap * (columns + 1)) // columns
    rows = max(len(items) for _, items in branches)
    height = 40 + box_h + 60 + box_h + 24 + rows * (box_h + 12) + 30
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    red, line = (163, 25, 28), (90, 90, 90)

    def box(x, y, w, text, font, fill, colour):
        draw.rounded_rectangle([x, y, x + w, y + box_h], radius=8, fill=fill, outline=red, width=2)
        words, lines, current = text.split(), [], ""
        for word in words:
            trial = f"{current} {word}".strip()
            if draw.textlength(trial, font=font) > w - 16 and current:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
        total = len(lines) * (font.size + 4)
        for i, text_line in enumerate(lines[:3]):
            tw = draw.textlength(text_line, font=font)
            draw.text(
                (x + (w - tw) / 2, y + (box_h - total) / 2 + i * (font.size + 4)),
                text_line,
                font=font,
                fill=colour,
            )

    root_w = min(520, width - 2 * gap)
    root_x = (width - root_w) // 2
    box(root_x, 40, root_w, root, title_font, red, "white")
    bus_y = 40 + box_h + 30
    draw.line([width // 2, 40 + box_h, width // 2, bus_y], fill=line, width=3)
    first_mid = gap + col_w // 2
    last_mid = gap + (columns - 1) * (col_w + gap) + col_w // 2
    draw.line([first_mid, bus_y, last_mid, bus_y], fill=line, width=3)
    for index, (heading, items) in enumerate(branches):
        x = gap + index * (col_w + gap)
        mid = x + col_w // 2
        draw.line([mid, bus_y, mid, bus_y + 30], fill=line, width=3)
        y = bus_y + 30
        box(x, y, col_w, heading, _font(17, bold=True), (255, 243, 205), (40, 20, 0))
        y += box_h + 24
        for item in items:
            draw.line([x + 10, y - 12, x + 10, y + box_h // 2], fill=line, width=2)
            box(x + 20, y, col_w - 20, item, text_font, (245, 242, 236), (27, 27, 27))
            y += box_h + 12
    return _png(image)


def landscape_jpeg(seed, width=1200, height=800, palette=None):
    """A mountain landscape in layers (sky, sun, ridges, terraced fields), different for every seed."""
    import random

    rng = random.Random(seed)
    palettes = [
        ((116, 170, 214), (214, 232, 245), [(86, 125, 96), (62, 104, 74), (44, 84, 56)], (236, 196, 90)),
        ((240, 168, 108), (252, 224, 170), [(126, 96, 110), (94, 74, 96), (60, 52, 74)], (250, 230, 160)),
        ((150, 196, 220), (232, 242, 236), [(120, 160, 90), (86, 136, 70), (56, 110, 52)], (250, 250, 220)),
        ((92, 132, 190), (190, 214, 236), [(70, 100, 120), (52, 84, 100), (36, 64, 80)], (240, 240, 250)),
    ]
    top, bottom, ridges, sun = palette or palettes[rng.randrange(len(palettes))]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    sx, sy, sr = rng.uniform(0.15, 0.85) * width, rng.uniform(0.12, 0.3) * height, rng.uniform(40, 70)
    draw.ellipse([sx - sr, sy - sr, sx + sr, sy + sr], fill=sun)
    for index, colour in enumerate(ridges):
        base = height * (0.42 + 0.13 * index)
        amplitude = height * rng.uniform(0.06, 0.12)
        waves = [(rng.uniform(1.0, 3.0), rng.uniform(0, math.tau)) for _ in range(3)]
        points = [(0, height)]
        for x in range(0, width + 8, 8):
            y = base - sum(
                amplitude / (k + 1) * math.sin(f * x / width * math.tau + p) for k, (f, p) in enumerate(waves)
            )
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    # terraced fields in the foreground
    field = (172, 190, 92) if rng.random() < 0.6 else (206, 176, 84)
    for row in range(7):
        y = height * 0.8 + row * height * 0.03
        shade = tuple(max(0, c - row * 9) for c in field)
        draw.rectangle([0, y, width, y + height * 0.03], fill=shade)
        draw.line([(0, y), (width, y + rng.uniform(-12, 12))], fill=(90, 110, 50), width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def document_pdf(lines, title):
    """A one-page A4 PDF whose page shows ``lines`` of text (for the demo documents)."""
    width, height = 1240, 1754  # A4 at 150 dpi
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    y = 120
    for index, line in enumerate(lines):
        font = _font(34 if index < 2 else 28, bold=index < 2)
        for part in _wrap(draw, line, font, width - 240):
            draw.text((120, y), part, fill="black", font=font)
            y += font.size + 14
        y += 10
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=150, title=title)
    return buffer.getvalue()


def _wrap(draw, text, font, max_width):
    words, line, lines = text.split(), "", []
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= max_width:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


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
