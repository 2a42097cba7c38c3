"""The public results page of a published forum, and the same as JSON.

It shows what the organiser decided on each input of the record (all but what a moderator
hid), never contact details, and a
giver's name only when they agreed to be named publicly (minutes audience "public").
"""
from flask import Blueprint, abort, jsonify, render_template

from ..record import minutes
from ..store.db import get_db
from .common import forum_or_404

bp = Blueprint("results", __name__, url_prefix="/r")


def _published(code):
    forum = forum_or_404(code)
    if forum["status"] != "published":
        abort(404)  # nothing is public before the organiser publishes it
    return forum


def public_view(model):
    """The public JSON: the model's public parts only, by an explicit allow-list."""
    forum = model["forum"]
    return {
        "forum": {k: forum[k] for k in ("code", "title", "unit", "date", "date_long", "mode",
                                        "mode_label", "place", "agenda")},
        "attendance": {"per_group": {g["code"]: g["count"] for g in model["attendance_counts"]["unsur"]},
                       "total": model["attendance_counts"]["total"]},
        "conclusion": model["conclusion"],
        "services": [{
            "name": block["service"]["name"], "conclusion": block["conclusion"],
            "inputs": [{"aspect": a["aspect"]["label"], "kind": i["kind_label"], "text": i["text"],
                        "givers": [{"name": g["name"], "group": g["group_label"]} for g in i["givers"]],
                        "decision": i["decision_label"], "response": i["response"], "reason": i["reason"],
                        "follow_up": i["action"], "target": i["target_long"], "status": i["followup_label"]}
                       for a in block["aspects"] for i in a["inputs"]],
        } for block in model["record"]],
    }


@bp.route("/<code>")
def page(code):
    """The results, readable on a phone and printable."""
    forum = _published(code)
    return render_template("results/page.html", forum=forum,
                           result=public_view(minutes.assemble(get_db(), forum, "public")))


@bp.route("/<code>.json")
def as_json(code):
    return jsonify(public_view(minutes.assemble(get_db(), _published(code), "public")))
