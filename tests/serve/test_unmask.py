"""`serve` unmasks what phones send with wsaccel's C masker (fkp/serve/tuning.py): the same
bytes as gevent-websocket's own loop, for every length and mask."""
import os

from geventwebsocket.websocket import Header

from fkp.serve import tuning


def test_the_c_unmasking_gives_what_gevent_websocket_gives(monkeypatch):
    python_unmask = Header.unmask_payload
    monkeypatch.setattr(Header, "unmask_payload", Header.unmask_payload)
    monkeypatch.setattr(Header, "mask_payload", Header.mask_payload)
    tuning.unmask_in_c()
    assert Header.unmask_payload is not python_unmask
    for length in (0, 1, 3, 4, 5, 125, 126, 1000, 70_000):
        mask, payload = os.urandom(4), os.urandom(length)
        header = Header(fin=True, opcode=1, length=length)
        header.mask = mask
        assert bytes(Header.unmask_payload(header, payload)) == bytes(python_unmask(header, payload))
        assert bytes(Header.unmask_payload(header, Header.unmask_payload(header, payload))) == payload
