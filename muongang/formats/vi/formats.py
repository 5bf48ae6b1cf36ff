# Vietnamese administrative formats: dd/mm/yyyy, 24-hour clock, weeks start on Monday.
# Django's own "vi" locale reads "05/07/2024" as 7 May (it has no input formats)
# and shows dates with dashes; this module replaces it.
DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y H:i"
YEAR_MONTH_FORMAT = r"\T\há\n\g m/Y"
MONTH_DAY_FORMAT = "d/m"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Thứ Hai

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 05/07/2024
    "%d/%m/%y",  # 05/07/24
    "%d-%m-%Y",  # 05-07-2024
    "%d.%m.%Y",  # 05.07.2024
    "%Y-%m-%d",  # 2024-07-05 (ISO, from date inputs and imports)
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%H giờ %M"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
