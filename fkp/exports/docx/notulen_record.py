"""The running record of the Notulen: every input of the record in the order it came in, shown
on the projector or not (what a moderator hid is only counted),
each with its time (in the forum's time zone), speaker, channel, subject, text and the organiser's answer.

The organiser's statements (what the head of unit explained or answered, minutes["statements"])
stand among the inputs in the order they were said, unnumbered, as "Penjelasan penyelenggara":
a note-taker writes the minutes as the forum ran, and an explanation belongs after the
questions it answered, which a section per service would tear apart (and an explanation may
concern several services, or none).

One paragraph per input, its lines joined by line breaks: a forum can have 10,000 inputs and
a python-docx paragraph costs several times what a run does.
"""
from ...language.wording import number_words
from ..running_order import in_time_order
from . import layout
from .berita_acara_inputs import person


def status(item, numbers):
    """The bracket that keeps the record honest about inputs not shown at the forum."""
    if item["merged_into_id"]:
        # Point at the kept input's number in this record (its id when not in the record).
        return f" [digabung ke #{numbers.get(item['merged_into_id'], item['merged_into_id'])}]"
    return "" if item["status"] == "approved" else f" [{item['status_label']}]"


def subject(item):
    """"Lisan · Layanan Data Pemilih — Persyaratan · Saran/masukan"."""
    about = item["service_name"]
    if item["service_id"] is not None or item["aspect_id"] is not None:
        about = f"{about} — {item['aspect_name']}"
    return f"{item['channel_label']} · {about} · {item['kind_label']}"


def answer(item):
    """The response and decision lines, or "" when the organiser has not answered yet."""
    lines = []
    if item["response"]:
        lines.append(f"\nTanggapan: {item['response']}")
    if item["decision_label"]:
        reason = f" (Alasan: {item['reason']})" if item["reason"] else ""
        lines.append(f"\nKeputusan: {item['decision_label']}{reason}")
    return "".join(lines)


def hidden_note(hidden):
    """The one line on what a moderator hid: counted, never quoted in a published document."""
    return f"{hidden} ({number_words(hidden)}) masukan yang disembunyikan moderator tidak dicantumkan."


def statement_entry(doc, statement):
    """"13.30 WITA — Penjelasan penyelenggara — name, position", what it concerns, the text."""
    paragraph = layout.item(doc, "", "", after=6, keep="whole")
    speaker = ", ".join(part for part in (statement["speaker"], statement["position"]) if part)
    layout.run(paragraph, f"{statement['clock'] or '--.--'} — Penjelasan penyelenggara — {speaker}",
               bold=True)
    about = " — ".join(part for part in (statement["service_name"], statement["aspect_label"]) if part)
    if about:
        layout.run(paragraph, "\n" + about, italic=True)
    layout.run(paragraph, "\n" + statement["text"])


def running_record(doc, inputs, hidden=0, statements=()):
    """"Jalannya forum": model["running_record"], numbered in the order given (id order), with
    model["statements"] among them by time."""
    layout.para(doc, "Jalannya forum", bold=True, before=12, after=4, keep="next")
    if hidden:
        layout.para(doc, hidden_note(hidden), italic=True, after=4)
    if not inputs:
        layout.para(doc, "Tidak ada masukan yang tercatat.", italic=True)
    numbers = {item["id"]: number for number, item in enumerate(inputs, start=1)}
    for number, item in in_time_order(inputs, statements):
        if number is None:
            statement_entry(doc, item)
            continue
        paragraph = layout.item(doc, f"{number}.", "", after=6, keep="whole")
        # The speaker is the input's own giver, not the givers credited on a merged input.
        speaker = person({"name": item["name"], "institution": item["institution"],
                          "group_label": item["group_label"]})
        layout.run(paragraph, f"{item['clock'] or '--.--'} — {speaker}", bold=True)
        layout.run(paragraph, status(item, numbers) + "\n")
        layout.run(paragraph, subject(item), italic=True)
        # A merged duplicate's answer is the kept input's: it is given there, not repeated.
        tail = "" if item["merged_into_id"] else answer(item)
        layout.run(paragraph, "\n" + item["text"] + tail)
