"""Indonesian wording for official documents: numbers and dates in words, fixed labels.

Documents are always in Indonesian whatever language the interface is in, so these are
plain strings, never message-catalog entries.
"""
from datetime import date as Date
from datetime import datetime

_ONES = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
_SCALES = [(10 ** 12, "triliun"), (10 ** 9, "miliar"), (10 ** 6, "juta"), (10 ** 3, "ribu")]
_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"]

# Same keys and order as vocabulary.GROUPS: the five unsur masyarakat, then the organiser.
GROUP_LABELS = {
    "service_user": "Masyarakat pengguna layanan",
    "expert": "Ahli / praktisi / akademisi",
    "agency": "Instansi terkait",
    "civil_society": "Organisasi masyarakat sipil",
    "media": "Media massa",
    "staff": "Penyelenggara",
}
KIND_LABELS = {
    "suggestion": "Saran/masukan",
    "criticism": "Kritik/keluhan",
    "appreciation": "Apresiasi",
    "question": "Pertanyaan",
}
STATUS_LABELS = {"pending": "Menunggu", "approved": "Ditampilkan", "hidden": "Disembunyikan"}
MODE_LABELS = {
    "in_person": "Tatap muka",
    "online": "Daring",
    "hybrid": "Hibrida (tatap muka dan daring)",
}
# The schema does not constrain channels; unknown ones are shown as stored.
CHANNEL_LABELS = {"phone": "Ponsel", "spoken": "Lisan", "online": "Daring",
                  "in_person": "Hadir tanpa ponsel", "chat": "Daring (obrolan)"}


def _below_thousand(n):
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append("seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus")
    tens, ones = divmod(rest, 10)
    if tens == 0:
        words.append(_ONES[ones])
    elif rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words.append(f"{_ONES[ones]} belas")
    else:
        words.append(f"{_ONES[tens]} puluh")
        words.append(_ONES[ones])
    return [w for w in words if w]


def _words(n):
    for size, name in _SCALES:
        if n >= size:
            head, rest = divmod(n, size)
            # "seribu", but "satu juta": only ribu takes the se- prefix.
            words = ["seribu"] if size == 1000 and head == 1 else _words(head) + [name]
            return words + (_words(rest) if rest else [])
    return _below_thousand(n)


def number_words(n):
    """The number spelled out (terbilang): 2025 -> "dua ribu dua puluh lima"."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("number_words needs an int")
    if n < 0:
        return "minus " + number_words(-n)
    return " ".join(_words(n)) if n else "nol"


def as_date(value):
    """A date from a date, a datetime or an ISO "YYYY-MM-DD" string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Date):
        return value
    return Date.fromisoformat(str(value)[:10])


def day_name(value):
    """Senin .. Minggu."""
    return _DAYS[as_date(value).weekday()]


def month_name(month):
    """Januari .. Desember for 1 .. 12."""
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    return _MONTHS[month - 1]


def date_plain(value):
    """"4 September 2025": the date of a place-and-date line, no weekday."""
    d = as_date(value)
    return f"{d.day} {month_name(d.month)} {d.year}"


def date_long(value):
    """"Kamis, 4 September 2025"."""
    d = as_date(value)
    return f"{day_name(d)}, {d.day} {month_name(d.month)} {d.year}"


def date_in_words(value):
    """The opening of an official letter: "hari Kamis tanggal empat bulan September tahun ..."."""
    d = as_date(value)
    return (f"hari {day_name(d)} tanggal {number_words(d.day)} bulan {month_name(d.month)} "
            f"tahun {number_words(d.year)}")

# What the organiser decided on each input, and where its follow-up stands (documents).
DECISION_LABELS = {"accepted": "Diterima", "partly_accepted": "Diterima sebagian",
                   "not_accepted": "Tidak diterima", "already_met": "Sudah sesuai/dijelaskan"}
FOLLOWUP_LABELS = {"not_started": "Belum", "in_progress": "Proses", "done": "Selesai"}
# The state of a component's final text in the revised standard (fkp/standards/).
STANDARD_STATE_LABELS = {"not_started": "Belum ditulis", "kept_as_drafted": "Tetap seperti rancangan",
                         "revised": "Diubah"}
