"""Reading saved Zoom chats: every format Zoom has written, and files that are not chats."""
import codecs
import json

import pytest

from fkp.inputs.chatlog import (
    MAX_BYTES,
    MAX_MESSAGES,
    ChatLogError,
    ChatMessage,
    decode,
    is_reaction,
    parse,
    public_messages,
)


def msg(time, sender, text, recipient="Everyone", private=False):
    return ChatMessage(time=time, sender=sender, recipient=recipient, text=text, private=private)


CURRENT = (
    "10:05:23 From Anas Burhan (PKB) to Everyone:\n"
    "\tPKB mengapresiasi pelayanan KPU Kabupaten Jombang.\n"
    "\tMohon jadwal pemutakhiran data diumumkan lebih awal.\n"
    "10:06:40 From Novita – WCC Jombang to Everyone:\n"
    "\tTPS perlu akses kursi roda.\n"
    "10:07:00 From Rita to Deni Laksono(Direct Message):\n"
    "\tPak, tautan daftar hadirnya mana?\n"
    "10:08:15 From Ni Luh Putu Ayu to everyone:\n"
    "\tSetuju dengan usulan WCC.\n"
)


def test_current_format_with_multiline_message():
    assert parse(CURRENT) == [
        msg("10:05:23", "Anas Burhan (PKB)", "PKB mengapresiasi pelayanan KPU Kabupaten Jombang.\n"
            "Mohon jadwal pemutakhiran data diumumkan lebih awal."),
        msg("10:06:40", "Novita – WCC Jombang", "TPS perlu akses kursi roda."),
        msg("10:07:00", "Rita", "Pak, tautan daftar hadirnya mana?", "Deni Laksono", True),
        msg("10:08:15", "Ni Luh Putu Ayu", "Setuju dengan usulan WCC."),
    ]


def test_blank_line_inside_a_message_is_kept_and_outer_ones_dropped():
    text = ("\n\n10:05:23 From Deni Laksono to Everyone:\n\tPoin pertama.\n\t\n\tPoin kedua.\n\n\n"
            "10:06:00 From Rita to Everyone:\n\tOke\n\n")
    assert parse(text) == [msg("10:05:23", "Deni Laksono", "Poin pertama.\n\nPoin kedua."),
                           msg("10:06:00", "Rita", "Oke")]


def test_message_on_the_header_line():
    text = ("10:05:23 From Anas Burhan to Everyone: Terima kasih: sangat jelas http://kpu.go.id\n"
            "10:05:30 From Rita to Deni Laksono (Direct Message): siap, Pak\n")
    assert parse(text) == [
        msg("10:05:23", "Anas Burhan", "Terima kasih: sangat jelas http://kpu.go.id"),
        msg("10:05:30", "Rita", "siap, Pak", "Deni Laksono", True),
    ]


def test_older_format_with_tabs_and_no_recipient():
    text = ("10:05:23\t From  Anas Burhan : Terima kasih\n"
            "10:05:40\t From  Muḥammad 'Ali : Usul: loket disabilitas\n")
    assert parse(text) == [msg("10:05:23", "Anas Burhan", "Terima kasih"),
                           msg("10:05:40", "Muḥammad 'Ali", "Usul: loket disabilitas")]


def test_older_format_private_messages():
    text = ("10:05:23\t From  Novita  to  Deni Laksono(Direct Message) : pesan pribadi\n"
            "10:06:00\t From  Deni Laksono  to  Host(Privately) : baik\n"
            "10:07:00\t From  Rita  to  Everyone : untuk semua\n")
    assert parse(text) == [
        msg("10:05:23", "Novita", "pesan pribadi", "Deni Laksono", True),
        msg("10:06:00", "Deni Laksono", "baik", "Host", True),
        msg("10:07:00", "Rita", "untuk semua"),
    ]


def test_private_markers_in_newer_format():
    text = ("10:07:00 From Rita to Deni Laksono(Direct Message):\n\ta\n"
            "10:07:01 From Rita to Deni Laksono (Direct Message):\n\tb\n"
            "10:07:02 From Rita to Deni Laksono(privately):\n\tc\n")
    assert [(m.recipient, m.private, m.text) for m in parse(text)] == [
        ("Deni Laksono", True, "a"), ("Deni Laksono", True, "b"), ("Deni Laksono", True, "c")]


@pytest.mark.parametrize("time", ["10:05:23", "9:05:23 AM", "9:05:23 PM", "09:05:23PM"])
def test_times_are_kept_as_written(time):
    assert parse(f"{time} From Rita to Everyone:\n\tHalo\n") == [msg(time, "Rita", "Halo")]


def test_names_with_punctuation_and_to():
    text = ("10:00:00 From Tim Ke to Lima to Everyone:\n\tdari tim\n"
            "10:00:01 From Tim Ke to Lima to Rita(Direct Message):\n\trahasia\n"
            "10:00:02\t From  Tim Ke to Lima : lama\n"
            "10:00:03 From Dr. H. Sutomo, M.Si. (Bawaslu) to Everyone:\n\thadir\n"
            "10:00:04 From Kantor: Humas to Everyone:\n\tnama dengan titik dua\n"
            "10:00:05 From  Rita   Sari \t to Everyone:\n\tspasi\n")
    assert parse(text) == [
        msg("10:00:00", "Tim Ke to Lima", "dari tim"),
        msg("10:00:01", "Tim Ke to Lima", "rahasia", "Rita", True),
        # old format, the part after " to " is neither Everyone nor private: all of it is the sender
        msg("10:00:02", "Tim Ke to Lima", "lama"),
        msg("10:00:03", "Dr. H. Sutomo, M.Si. (Bawaslu)", "hadir"),
        msg("10:00:04", "Kantor: Humas", "nama dengan titik dua"),
        msg("10:00:05", "Rita Sari", "spasi"),
    ]


def test_header_with_unknown_recipient_is_all_sender():
    # No "Everyone" and no private marker: pragmatically the whole is the sender, sent to everyone.
    assert parse("10:00:00 From Tim Ke to Lima:\n\thalo\n") == [msg("10:00:00", "Tim Ke to Lima",
                                                                    "halo")]


REACTIONS_AND_REPLIES = (
    "10:05:23 From Anas Burhan to Everyone:\n\tSetuju\n"
    "10:05:30 From Rita to Everyone:\n\tReacted to \"Setuju\" with 👍\n"
    "10:05:31 From Rita to Everyone:\n\tRemoved a 👍 reaction from \"Setuju\"\n"
    "10:06:00 From Deni Laksono to Everyone:\n"
    "\tReplying to \"PKB mengapresiasi pe...\":\n\t\n\tTerima kasih, Pak Anas.\n"
    "10:06:10 From Rita to Everyone:\n\tReplying to \"Setuju\": saya juga\n"
    "10:06:20 From Rita to Everyone:\n\tReacted to the proposal with joy, it was \"great\"\n"
)


def test_reactions_are_kept_by_parse_and_replies_lose_their_quote():
    assert parse(REACTIONS_AND_REPLIES) == [
        msg("10:05:23", "Anas Burhan", "Setuju"),
        msg("10:05:30", "Rita", "Reacted to \"Setuju\" with 👍"),
        msg("10:05:31", "Rita", "Removed a 👍 reaction from \"Setuju\""),
        msg("10:06:00", "Deni Laksono", "Terima kasih, Pak Anas."),
        msg("10:06:10", "Rita", "saya juga"),
        msg("10:06:20", "Rita", "Reacted to the proposal with joy, it was \"great\""),
    ]


def test_public_messages_drop_private_reactions_and_empty_ones():
    messages = parse(REACTIONS_AND_REPLIES + CURRENT + "10:09:00 From Rita to Everyone:\n\t\n")
    assert [(m.time, m.text) for m in public_messages(messages)] == [
        ("10:05:23", "Setuju"),
        ("10:06:00", "Terima kasih, Pak Anas."),
        ("10:06:10", "saya juga"),
        ("10:06:20", "Reacted to the proposal with joy, it was \"great\""),
        ("10:05:23", ("PKB mengapresiasi pelayanan KPU Kabupaten Jombang.\n"
                      "Mohon jadwal pemutakhiran data diumumkan lebih awal.")),
        ("10:06:40", "TPS perlu akses kursi roda."),
        ("10:08:15", "Setuju dengan usulan WCC."),
    ]
    assert public_messages([]) == []


def test_is_reaction():
    assert is_reaction("Reacted to \u201cSetuju\u201d with ❤️")
    assert not is_reaction("Reacted to \"Setuju\" with 👍\nand more")
    assert not is_reaction("Setuju")


def test_crlf_bom_and_trailing_whitespace():
    text = "\ufeff10:05:23 From Anas Burhan to Everyone:  \r\n\tBaris satu \t\r\n\tBaris dua\r\n\r\n"
    assert parse(text) == [msg("10:05:23", "Anas Burhan", "Baris satu\nBaris dua")]
    data = codecs.BOM_UTF8 + text.lstrip("\ufeff").encode()
    assert parse(decode(data)) == parse(text)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_utf16_with_bom(encoding):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    data = bom + CURRENT.replace("\n", "\r\n").encode(encoding)
    assert decode(data).replace("\r\n", "\n") == CURRENT
    assert parse(decode(data)) == parse(CURRENT)


def test_decode_utf8_with_and_without_bom():
    assert decode("Muḥammad 'Ali".encode()) == "Muḥammad 'Ali"
    assert decode(codecs.BOM_UTF8 + "Muḥammad".encode()) == "Muḥammad"


@pytest.mark.parametrize("data, reason", [
    (b"\xff\xfe\x00", "not text"),                          # UTF-16 BOM, odd byte count
    ("Anas".encode("cp1252") + b"\x93kutip\x94", "not text"),
    ("Rita".encode("utf-16-le"), "binary"),                 # UTF-16 without its BOM
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "binary"),   # a .docx (zip) header
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "not text"),     # an old Word .doc
    (b"x" * (MAX_BYTES + 1), "larger than 5 MB"),
])
def test_decode_rejects(data, reason):
    with pytest.raises(ChatLogError, match=reason):
        decode(data)


VTT = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.500\nAnas Burhan: Selamat pagi semuanya.\n\n"
       "2\n00:00:05.000 --> 00:00:07.000\nDeni Laksono: Pagi, Pak.\n")


@pytest.mark.parametrize("text, reason", [
    ("", "empty"),
    ("  \n\t\t\n\r\n", "empty"),
    ("\t\t\t\t", "empty"),
    ("\ufeff", "empty"),
    ("waktu,nama,pesan\n10:05:23,Anas Burhan,Terima kasih\n", "no line looks like a Zoom chat"),
    (("Forum Konsultasi Publik diselenggarakan pada 10:05:23 WIB dari awal.\n"
      "Peserta hadir lengkap.\n"), "no line looks like a Zoom chat"),
    (VTT, "transcript"),
    (json.dumps([{"time": "10:05:23", "from": "Anas", "to": "Everyone", "text": "hai"}]),
     "no line looks like a Zoom chat"),
    ("Chat rapat FKP\n10:05:23 From Anas Burhan to Everyone:\n\tHalo\n", "line 1 comes before"),
    ("\n\n\tHalo\n10:05:23 From Anas Burhan to Everyone:\n\tHalo\n", "line 3 comes before"),
    ("10:05:23 From  to Everyone:\n\tHalo\n", "no sender name"),
    ("10:05:23 From : Halo\n", "no sender name"),
    ("x" * (MAX_BYTES + 1), "larger than 5 MB"),
])
def test_not_a_chat_log(text, reason):
    with pytest.raises(ChatLogError, match=reason):
        parse(text)


def test_message_limit():
    one = "10:05:23 From Rita to Everyone: ok\n"
    assert len(parse(one * MAX_MESSAGES)) == MAX_MESSAGES
    with pytest.raises(ChatLogError, match=f"more than {MAX_MESSAGES} messages"):
        parse(one * (MAX_MESSAGES + 1))


def test_header_without_colon_is_message_text():
    text = "10:05:23 From Rita to Everyone:\n\tHalo\n10:05:24 From Rita to Everyone tanpa titik dua\n"
    assert parse(text) == [msg("10:05:23", "Rita", "Halo\n10:05:24 From Rita to Everyone tanpa "
                                                   "titik dua")]


HOSTILE = [
    bytes(range(256)).decode("latin-1") * 50,
    "10:05:23 From " + " " * 1_000_000 + ":",
    "10:05:23 From " + "a: " * 300_000,
    "10:05:23 From " + " to " * 200_000 + "Everyone:",
    "10:05:23 From Rita to Everyone:\n\t" + "x" * 2_000_000,
    "9" * 1_000_000,
    "\t" * 100_000,
    "10:05:23 From \x00\x1b[31m to Everyone:\x00\n\t\x00",
    "10:05:23 From Rita to (Direct Message):\n\t",
    "\r\r\r10:05:23 From Rita to Everyone:\r\r",
    "10:05:23 From  to  (privately):\n",
    "\u2028\u2029\x0b\x0c10:05:23 From X to Everyone:",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_raises_only_chat_log_error(text):
    try:
        messages = parse(text)
    except ChatLogError as error:
        assert str(error)
        return
    assert all(isinstance(m, ChatMessage) for m in messages)
    public_messages(messages)


def test_hostile_bytes_raise_only_chat_log_error():
    for data in (bytes(range(256)) * 100, b"\xef\xbb\xbf" + b"\x80" * 10, b"\xfe\xff\xd8\x00",
                 b"\xff\xfe" + b"\x00\xd8" + b"a\x00"):
        with pytest.raises(ChatLogError):
            parse(decode(data))
