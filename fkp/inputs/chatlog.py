r"""Reading the chat that Zoom saves ("Save chat", or meeting_saved_chat.txt in a recording folder).

Online forums receive input in the Zoom chat too. This module only turns the saved file into
messages, with the standard library alone; for a file that is not a saved chat it raises
ChatLogError and nothing else, so a caller can tell the person who uploaded it why.

Formats read (Zoom has changed it over the years):
    10:05:23 From Anas Burhan to Everyone:          header, then the message on tab-indented lines
    \tPKB mengapresiasi pelayanan KPU ...
    10:05:23 From Anas Burhan to Everyone: Terima kasih          message on the header line
    10:07:00 From Rita to Deni Laksono(Direct Message):          private
    10:05:23\t From  Anas Burhan : Terima kasih                  older: no recipient means everyone
    10:05:23\t From  Novita  to  Deni Laksono(Direct Message) : pesan
Decisions on ambiguous headers: the recipient is what follows the LAST " to " of the header, but only
when it is "Everyone" or carries a private marker; otherwise the whole header is the sender of a
message to everyone ("Tim Ke to Lima : ..." is sent by "Tim Ke to Lima"). Reactions stay in parse()'s
output (see is_reaction) and are dropped by public_messages(); a reply keeps only its own text, the
quoted message it answers is removed.
"""
import codecs
import re
from dataclasses import dataclass

MAX_BYTES = 5_000_000      # a day-long forum's chat is well under 1 MB; more is not a chat log
MAX_MESSAGES = 20_000
MAX_HEADER = 400           # where the ":" closing a header is looked for; display names are short
EVERYONE = "Everyone"
PRIVATE_MARKERS = ("(direct message)", "(privately)", "(private)")

# Headers start at the first column: message lines are indented, so a pasted chat inside a message
# is never mistaken for a header. Anchored and without nested repeats, so it is linear on long lines.
_HEADER = re.compile(r"([0-9]{1,2}:[0-9]{2}:[0-9]{2}(?: ?[AaPp]\.?[Mm]\.?)?)\s+From\s(.*)")
_COLON = re.compile(r":(?=\s|$)")   # "http://x" in a message is not the end of a header


@dataclass(frozen=True)
class ChatMessage:
    time: str         # as written: "10:05:23", or "9:05:23 PM"
    sender: str       # display name, whitespace-normalised
    recipient: str    # "Everyone", or the name a private message went to
    text: str         # lines joined with "\n"
    private: bool


class ChatLogError(ValueError):
    """The file is not a saved Zoom chat; the message says why, for the person who uploaded it."""


def decode(data: bytes) -> str:
    """The text of a saved chat file: UTF-8 with or without BOM, or UTF-16 with BOM."""
    if len(data) > MAX_BYTES:
        raise ChatLogError(f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"        # Windows Notepad's "Unicode"; the codec reads the BOM's order
    else:
        encoding = "utf-8-sig"     # drops a BOM when there is one
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ChatLogError("the file is not text (neither UTF-8 nor UTF-16)") from None
    if "\x00" in text:             # UTF-16 without BOM, or a binary file that happens to decode
        raise ChatLogError("the file contains binary data, not text")
    return text


def is_reaction(text: str) -> bool:
    """Whether a message is an emoji reaction to another one rather than something someone wrote."""
    return "\n" not in text and (
        (text.startswith(('Reacted to "', "Reacted to \u201c")) and " with " in text)
        or (text.startswith("Removed a ") and ' reaction from "' in text))


def _names(head):
    """(sender, recipient, private) of a header's "Sender to Recipient" part, or None if not one."""
    head = " " + " ".join(head.split())    # the leading space lets an empty sender be seen
    lower = head.lower()
    cut = lower.rfind(" to ")
    if cut < 0:
        return None
    sender, recipient = head[:cut].strip(), head[cut + 4:]
    marker = next((m for m in PRIVATE_MARKERS if lower.endswith(m)), None)
    if marker:
        return sender, recipient[:-len(marker)].rstrip(), True
    if recipient.lower() == "everyone":
        return sender, EVERYONE, False
    return None


def _header(line):
    """(time, sender, recipient, private, inline text) when the line starts a message, else None."""
    match = _HEADER.match(line)
    if not match:
        return None
    time, body = " ".join(match.group(1).split()), match.group(2)
    colons = []
    for colon in _COLON.finditer(body):
        colons.append(colon.start())
        if colon.start() >= MAX_HEADER:
            break
    if not colons:
        return None
    # A name may contain ": ", so the header ends at the first colon after a real recipient;
    # with none, at the first colon (the older format, sent to everyone).
    for end in colons:
        names = _names(body[:end])
        if names:
            break
    else:
        end, names = colons[0], (" ".join(body[:colons[0]].split()), EVERYONE, False)
    if not names[0]:
        raise ChatLogError(f"a message header has no sender name: {line[:80]!r}")
    return (time, *names, body[end + 1:].strip())


def _text(lines):
    """A message's text: lines lose the tab Zoom indents them with, a reply loses its quote."""
    text = "\n".join(line.removeprefix("\t") for line in lines).strip()
    first, _, rest = text.partition("\n")
    if first.startswith(('Replying to "', "Replying to \u201c")):
        if first.endswith(('"', '":', "\u201d", "\u201d:")):
            text = rest.strip()
        elif '": ' in first:                 # quote and reply on one line
            text = text.split('": ', 1)[1].strip()
    return text


def _message(header, lines):
    time, sender, recipient, private, _ = header
    return ChatMessage(time, sender, recipient, _text(lines), private)


def parse(text: str) -> list[ChatMessage]:
    """The messages of a saved Zoom chat, in file order; ChatLogError when it is not one."""
    if len(text) > MAX_BYTES:
        raise ChatLogError(f"the file is larger than {MAX_BYTES // 1_000_000} MB")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ChatLogError("the file is empty")
    messages, current, lines = [], None, []
    all_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(all_lines, 1):
        line = line.rstrip()
        header = _header(line)
        if header:
            if current:
                messages.append(_message(current, lines))
            if len(messages) >= MAX_MESSAGES:
                raise ChatLogError(f"the file has more than {MAX_MESSAGES} messages")
            current, lines = header, [header[4]]
        elif current:
            lines.append(line)
        elif line.strip():
            if not any(_header(x.rstrip()) for x in all_lines):
                hint = " (this is a transcript, not the chat)" if text.startswith("WEBVTT") else ""
                raise ChatLogError("no line looks like a Zoom chat message "
                                   f"('10:05:23 From Name to Everyone:'){hint}")
            raise ChatLogError(f"line {number} comes before the first chat message")
    if current:
        messages.append(_message(current, lines))
    return messages


def public_messages(messages) -> list[ChatMessage]:
    """Messages everyone in the meeting saw and that say something: no private ones, no reactions."""
    return [m for m in messages
            if not m.private and m.recipient == EVERYONE and m.text and not is_reaction(m.text)]
