"""Every input of a forum as a CSV file that Excel opens with Indonesian text intact."""
import csv
import io

from .cells import neutralise

HEADER = ["No", "Layanan", "Aspek", "Jenis", "Masukan", "Nama", "Instansi", "Unsur", "Kanal",
          "Status", "Waktu (UTC)"]

# Excel only reads a CSV as UTF-8 when it starts with a byte-order mark.
BOM = "\ufeff"


def _row(number, item):
    return [number, item["service_name"], item["aspect_label"], item["kind_label"], item["text"],
            item["name"], item["institution"], item["group_label"], item["channel_label"],
            item["status_label"], item["created_utc"]]


def comments_csv(model):
    """All inputs of the minutes model, in id order, one row each; returns UTF-8 bytes."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for number, item in enumerate(model["all_inputs"], start=1):
        writer.writerow([neutralise(cell) for cell in _row(number, item)])
    return (BOM + out.getvalue()).encode("utf-8")
