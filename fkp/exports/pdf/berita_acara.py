"""Berita Acara FKP (A4 portrait): the same content as exports/docx/berita_acara.py.

Up to minutes.LISTED_IN_BERITA_ACARA inputs it lists each one with its giver and decision;
beyond that it counts them per component and decision and refers to the Matriks, its
attachment: an office signs a few pages, not hundreds.
"""
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether

from ...language.wording import DECISION_LABELS, number_words
from ...record.minutes import AGREEMENT_HEADING, LISTED_IN_BERITA_ACARA, UNDECIDED
from ..docx.berita_acara_promises import COLUMNS, HEADING, NOT_YET, many
from . import layout
from .grid import Grid
from .parts import counts_grid, decision, decision_grid, givers, head_signature, signatures

NAME = "Berita Acara FKP"
CLOSING = "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya."
_ORDER = {label: n for n, label in enumerate([*DECISION_LABELS.values(), UNDECIDED])}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _opening(forum):
    time = f", pukul {forum['hours']}" if forum["hours"] else ""
    return layout.para(
        f"Pada {forum['date_in_words']}{time}, {forum['venue']}, telah dilaksanakan Forum Konsultasi "
        f"Publik (FKP) “{forum['title']}” oleh {forum['unit']} sebagai pelibatan masyarakat dalam "
        "penyusunan Standar Pelayanan sebagaimana diamanatkan Undang-Undang Nomor 25 Tahun 2009 "
        "tentang Pelayanan Publik.", "closing")  # spaced from the list above it


_numbered = layout.numbered


def _attendance(model):
    counts = model["attendance_counts"]
    total = counts["total"]
    return [layout.para(f"Peserta yang hadir berjumlah {total} ({number_words(total)}) orang dengan "
                        "rincian:", "h2"),
            counts_grid(counts, 13 * cm),
            layout.para(f"Unsur masyarakat yang terwakili: {len(model['groups_present'])} dari "
                        f"{len(counts['unsur'])} unsur.")]


def _input(item, number):
    """The input, who gave it, and the decision with the response and the reason."""
    said = [(item["text"], ""), ("\n", ""), (f"{item['kind_label']} dari {givers(item)}", "si")]
    answer = [("Keputusan: ", ""), (decision(item), "b")]
    if item["response"]:
        answer.append((f". Tanggapan: {item['response']}", ""))
    if item["reason"]:
        answer.append((f" Alasan: {item['reason']}", ""))
    return [layout.rich(said, "item3", bullet=f"{number}."), layout.rich(answer, "item3")]


def _summary(decisions):
    ordered = sorted(decisions.items(), key=lambda pair: _ORDER.get(pair[0], len(_ORDER)))
    return "Rekapitulasi keputusan: " + "; ".join(f"{label} {n}" for label, n in ordered) + "."


def _inputs(model):
    story = [layout.para("Masukan peserta yang disampaikan dalam forum:", "h2")]
    listed = model["berita_acara_lists_inputs"]
    if not listed:
        total = len(model["matrix"])
        story.append(layout.para(
            f"Sebanyak {total} ({number_words(total)}) masukan disampaikan dalam forum. Rincian setiap "
            "masukan beserta tanggapan dan keputusannya tercantum dalam Matriks Masukan dan Tindak "
            "Lanjut yang terlampir dan merupakan bagian tidak terpisahkan dari Berita Acara ini. "
            "Ringkasannya per layanan:", "justify"))
    for number, block in enumerate(model["record"], start=1):
        story.append(layout.rich([(block["service"]["name"], "b")], "item", bullet=f"{number}."))
        story[-1].keepWithNext = True
        if not block["aspects"]:
            story.append(layout.rich([("Tidak ada masukan.", "i")], "item"))
        elif listed:
            for index, group in enumerate(block["aspects"]):
                letter = _LETTERS[index] if index < len(_LETTERS) else str(index + 1)
                story.append(layout.rich([(group["aspect"]["name"], "b")], "item2", bullet=f"{letter}."))
                story[-1].keepWithNext = True
                for sub, item in enumerate(group["inputs"], start=1):
                    story.append(KeepTogether(_input(item, sub)))
        else:
            story.append(decision_grid(block, model["decision_columns"]))
        if block["decisions"]:
            story.append(layout.para(_summary(block["decisions"]), "item"))
        if block["conclusion"]:
            story.append(layout.rich([("Kesimpulan untuk layanan ini: ", ""), (block["conclusion"], "")],
                                     "item"))
    if model["open_at_finalisation"]:  # staff finalised with input still open, and said so
        story.append(layout.para(model["open_at_finalisation"], "justify"))
    return story


def _promises(model):
    """The improvements promised, as the DOCX has them: a table, or the count and the Matriks."""
    rows = model["promises"]
    if not rows:
        return []
    if len(rows) > LISTED_IN_BERITA_ACARA:
        return [layout.para(HEADING, "h2"), layout.para(many(len(rows)), "justify")]
    body = [[f"{n}.", f"{p['service_name']} — {p['aspect_name']}", f"{p['promise']} ({p['decision_label']})",
             p["pic"] or NOT_YET, p["target"] or NOT_YET] for n, p in enumerate(rows, start=1)]
    widths = (1.0, 3.8, 6.0, 2.8, 2.4)
    titles = [(title, width, "center") if title == "No" else (title, width)
              for title, width in zip(COLUMNS, widths)]
    return [layout.para(HEADING, "h2"), Grid(titles, body, layout.face(9), layout.face(8, bold=True))]
def _agreement(results):
    """The hall's answers to "Setuju dengan rancangan ini?", one line per question asked."""
    if not results:
        return []
    return [layout.para(AGREEMENT_HEADING, "h2"), *_numbered(r["sentence"] + "." for r in results)]


def _signatures(model):
    """The place and date; a representative of each unsur present, three to a row; the head
    of the unit with the NIP under "Mengetahui," centred under them (as the DOCX)."""
    unsur = [(["Perwakilan", s["label"]], s["name"], s["institution"] if s["name"] else "")
             for s in model["signatories"]]
    return [layout.para(model["forum"]["place_date"], "center"),
            *signatures(unsur), *signatures([head_signature(model["forum"])])]


def _berita_acara_pdf(model):
    forum = model["forum"]
    story = [*layout.heading(model, "BERITA ACARA FORUM KONSULTASI PUBLIK"),
             layout.para(f"Nomor: {forum['number'] or layout.DOTS}", "center"),
             *layout.legal_basis(forum),
             _opening(forum),
             layout.para("Layanan yang dikonsultasikan:", "h2"),
             *_numbered(s["name"] for s in model["services"]),
             layout.para("Komponen standar pelayanan yang dikonsultasikan:", "h2"),
             *_numbered(a["name"] for a in model["aspects"]),
             *_attendance(model),
             *_inputs(model),
             *_promises(model),
             *_agreement(model["agreement"])]
    heading = layout.para("Kesimpulan dan kesepakatan:", "h2")
    if model["conclusion"]:
        story += [heading, layout.para(model["conclusion"], "justify")]
    else:  # lines to complete by hand at the forum, on one page
        story.append(KeepTogether([heading, *_numbered(["." * 110] * 3)]))
    # The closing sentence and every signature stay together: a page of signatures alone
    # would not show what was signed.
    story.append(KeepTogether([layout.para(CLOSING, "closing"), *_signatures(model)]))
    story += layout.attachments(forum["attachments"])
    return layout.build(model, NAME, story)


def berita_acara_pdf(model):
    """The Berita Acara FKP (A4 portrait) as PDF bytes."""
    with layout.gc_paused():
        return _berita_acara_pdf(model)
