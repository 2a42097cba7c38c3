"""fkp/inputs/wordcloud.py: which words the projector's cloud shows, and how often each counts."""
import pytest

from fkp.forums import forums
from fkp.inputs import comments, moderation, restricted_words, wordcloud
from fkp.people import participants, users
from fkp.serve import demo


def words(result):
    return [w["word"] for w in result]


def test_stop_words_go_and_negations_and_hedges_stay():
    cloud = wordcloud.count(["Saya mohon agar antrian di loket tidak terlalu lama",
                             "Kami harap petugas jangan kurang ramah dan perlu dilatih, belum siap"])
    assert {"saya", "agar", "di", "kami", "dan"}.isdisjoint(words(cloud))
    assert {"mohon", "tidak", "jangan", "kurang", "perlu", "belum", "antrian", "loket"} <= set(words(cloud))


def test_chat_forms_are_written_out_and_numbers_and_short_tokens_drop():
    cloud = wordcloud.count(["gak jelas yg 10 hari 2024 ok e-ktp", "tdk jelas syarat2nya, KTP " + "a" * 31])
    assert words(cloud) == ["jelas", "ktp", "tidak", "hari", "syarat"]
    assert {"gak", "tdk", "yg", "yang", "10", "2024", "ok", "e"}.isdisjoint(words(cloud))


def test_each_word_counts_once_per_input_and_the_weight_is_relative_to_the_top():
    cloud = wordcloud.count(["antrian " * 50 + "loket", "antrian loket", "loket petugas"])
    assert cloud == [{"word": "loket", "count": 3, "weight": 1.0},
                     {"word": "antrian", "count": 2, "weight": 0.667},
                     {"word": "petugas", "count": 1, "weight": 0.333}]


def test_the_top_words_are_ordered_by_count_then_alphabet_and_limited():
    texts = [f"kata{chr(97 + i)}" * 1 + " umum" for i in range(26)] * 2 + ["langka"]
    cloud = wordcloud.count(texts, limit=5)
    assert words(cloud) == ["umum", "kataa", "katab", "katac", "katad"]
    assert wordcloud.count([]) == [] and wordcloud.count(["", "yang dan di"]) == []


@pytest.mark.parametrize("text", [
    "Petugas loket anjing", "petugas loket ANJIIING", "petugas loket 4nj1ng", "petugas loket @njing",
    "petugas loket anjíng", "petugas loket tahi kucing", "petugas loket pungli",
])
def test_restricted_words_never_show_however_they_are_written(text):
    cloud = wordcloud.count([text, "loket"], restricted=list(wordcloud.flags.BUILT_IN) + ["pungli"])
    assert words(cloud) == ["loket", "petugas"], text


def test_an_innocent_word_next_to_a_phrase_word_is_kept():
    # "kucing" alone is no restricted word; only "tahi kucing" together is
    assert words(wordcloud.count(["kucing liar di halaman kantor"])) == ["halaman", "kantor", "kucing", "liar"]
    assert "kontribusi" in words(wordcloud.count(["kontribusi warga"]))  # never inside a word


def _forum_with_inputs(db, texts_by_pair):
    """The demo forum with approved (or other) inputs: {(service index, aspect index, status): [text]}."""
    forum = forums.get_by_code(db, demo.create(db))
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    p, _ = participants.join(db, forum, name="Dewi", institution="WCC", group="civil_society", consent=True)
    moderator = users.create(db, "moderator", "moderator-pass", "moderator")  # a person approves
    n = 0
    for (si, ai, status), texts in texts_by_pair.items():
        for text in texts:
            n += 1
            c, _ = comments.submit(db, forum, p, service_id=services[si]["id"], aspect_id=aspects[ai]["id"],
                                   kind="suggestion", text=text, client_id=f"c{n}")
            if status == "approved":
                moderation.approve(db, forum, c["id"], moderator)
            elif status == "hidden":
                moderation.hide(db, forum, c["id"], None)
    return forums.get(db, forum["id"]), services, aspects


def test_the_cloud_counts_the_focused_aspects_approved_inputs_only(db):
    forum, services, aspects = _forum_with_inputs(db, {
        (0, 0, "approved"): ["Antrian loket terlalu lama", "Antrian panjang sekali"],
        (0, 0, "pending"): ["Menunggu moderasi rahasia"],
        (0, 0, "hidden"): ["Disembunyikan moderator"],
        (0, 1, "approved"): ["Biaya fotokopi mahal"],
        (1, 0, "approved"): ["Layanan lain berbeda"],
    })
    forums.set_focus(db, forum, services[0]["id"], aspects[0]["id"])
    cloud = wordcloud.cloud(db, forums.get(db, forum["id"]))
    assert cloud["focused"] and (cloud["service_id"], cloud["aspect_id"]) == (services[0]["id"], aspects[0]["id"])
    assert cloud["inputs"] == 2
    assert words(cloud["words"]) == ["antrian", "lama", "loket", "panjang", "terlalu"]

    forums.set_focus(db, forums.get(db, forum["id"]), services[0]["id"], aspects[1]["id"])
    assert words(wordcloud.cloud(db, forums.get(db, forum["id"]))["words"]) == ["biaya", "fotokopi", "mahal"]


def test_without_a_focus_the_cloud_is_of_every_approved_input(db):
    forum, _, _ = _forum_with_inputs(db, {(0, 0, "approved"): ["Antrian loket"],
                                          (1, 2, "approved"): ["Loket tutup"],
                                          (1, 2, "pending"): ["Rahasia"]})
    forum = {**forum, "focus_service_id": None, "focus_aspect_id": None}  # as before any focus
    cloud = wordcloud.cloud(db, forum)
    assert (cloud["focused"], cloud["service_id"], cloud["inputs"]) == (False, None, 2)
    assert cloud["words"][0] == {"word": "loket", "count": 2, "weight": 1.0}
    assert "rahasia" not in words(cloud["words"])


def test_a_word_staff_add_leaves_the_cloud_even_from_inputs_approved_before(db):
    forum, _, _ = _forum_with_inputs(db, {(0, 0, "approved"): ["Ada pungli di loket", "Pungli lagi"]})
    assert "pungli" in words(wordcloud.cloud(db, forum)["words"])
    restricted_words.add(db, "pungli", users.create(db, "admin", "admin-password", "admin"))
    assert words(wordcloud.cloud(db, forum)["words"]) == ["lagi", "loket"]


def test_a_restricted_word_in_an_input_a_person_approved_is_not_shown(db):
    forum, _, _ = _forum_with_inputs(db, {(0, 0, "approved"): ["Petugasnya bangsat, loket tutup"]})
    assert comments.approved(db, forum["id"])[0]["text"].startswith("Petugasnya bangsat")
    assert words(wordcloud.cloud(db, forum)["words"]) == ["loket", "petugasnya", "tutup"]
