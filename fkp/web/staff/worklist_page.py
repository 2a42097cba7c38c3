"""The responses page of fkp/web/staff/record.py: one filtered page of the inputs to answer,
built for a GET and again for a refused save, which shows what was typed with its errors
rather than losing it; and where a save lands afterwards (the same filtered page, at the
input saved or at the next one)."""
from datetime import date

from flask import render_template, request, url_for

from ... import permissions
from ...forums import forums
from ...inputs import groups
from ...record import worklist
from ...standards import citations
from ..common import current_user
from ..forms.common import to_id
from ..forms.record import BulkResponseForm, ResponseFilterForm, ResponseForm

MAX_BULK = 500  # ids one bulk save may name: a page holds 25, so more is a forged post


def response_form(comment_id, formdata=None, saved=None):
    """An input's response form, prefixed by its id so a page holds many."""
    data = dict(saved or {})
    if data.get("target_date"):
        data["target_date"] = date.fromisoformat(data["target_date"])
    return ResponseForm(formdata=formdata, prefix=f"r{comment_id}", data=data)


def filter_form(db, forum):
    """The filters of this request's query string, checked against the forum's choices."""
    form = ResponseFilterForm(formdata=request.args)
    form.set_choices(forums.services(db, forum["id"]), forums.aspects(db, forum["id"]))
    form.validate()
    return form


def page_number(matching, filters):
    """The page asked for, within the pages there are (junk: the first)."""
    return min(to_id(request.args.get("page")) or 1, worklist.pages(matching, size(filters)))


def size(filters):
    """How many inputs a page of these filters (a ResponseFilterForm) lists."""
    return worklist.page_size(filters.filters())


def landing(db, forum, filters, number, comment_id):
    """The URL of the filtered page that lists comment_id, at its anchor; or page `number`
    (within the pages there are now) when the filter no longer lists it."""
    matching = worklist.ids(db, forum["id"], filters.filters())
    found = worklist.page_of(matching, comment_id, size(filters))
    url = url_for("record.responses", code=forum["code"], **filters.args(),
                  page=found or min(number, worklist.pages(matching, size(filters))))
    return url + (f"#c{comment_id}" if found else "#inputs")


def _group(db, forum, filters, matching):
    """The group the page is filtered to, as its heading says it: {id, size (inputs listed),
    representative text}; None without a group filter."""
    chosen = filters.filters().get("group")
    if chosen is None:
        return None
    found = groups.similar_to(db, forum["id"], chosen)
    return {"id": chosen, "size": len(matching),
            "text": found["representative"]["text"] if found else ""}


def render(db, forum, *, refused=None, bulk=None, chosen=(), ids_error=None, status=200):
    """The page, as a GET shows it or, with refused=(comment_id, form) or a refused bulk form,
    again with what was sent and its errors (the refused input shown even if the filter no
    longer lists it)."""
    filters = filter_form(db, forum)
    matching = worklist.ids(db, forum["id"], filters.filters())
    number = page_number(matching, filters)
    refused_id, refused_form = refused or (None, None)
    if refused_id in matching:
        number = worklist.page_of(matching, refused_id, size(filters))
    rows = worklist.page(db, matching, number, size(filters))
    if refused_id and refused_id not in matching and refused_id in worklist.ids(db, forum["id"]):
        rows = worklist.page(db, [refused_id], 1) + rows
    items = [(c, refused_form if c["id"] == refused_id else response_form(c["id"], saved=saved), saved)
             for c, saved in rows]
    total, decided = worklist.counts(db, forum["id"])
    here = {**filters.args(), "page": number}
    return render_template(
        "staff/record/responses.html", forum=forum, items=items, filters=filters, here=here,
        matching=len(matching), total=total, decided=decided, page=number,
        pages=worklist.pages(matching, size(filters)), page_size=size(filters),
        similar=worklist.similar(db, forum["id"], [c["id"] for c, _saved in rows]),
        group=_group(db, forum, filters, matching),
        bulk=bulk or BulkResponseForm(prefix="bulk", formdata=None), chosen=set(chosen),
        # A group's view has all of its page ticked: the group is answered with one save.
        all_chosen=bool(bulk.all.data) if bulk else filters.filters()["group"] is not None,
        ids_error=ids_error,
        # Where each input is cited in the revised standard (an accepted one shows it, or "not yet").
        cited=citations.cited_in(db, forum["id"]),
        services={s["id"]: s["name"] for s in forums.services(db, forum["id"])},
        aspects={a["id"]: a["label"] for a in forums.aspects(db, forum["id"])},
        can_write=permissions.can_write_record(current_user(), forum)), status
