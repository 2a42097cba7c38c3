"""QR codes for the join URL: SVG for pages, text for the terminal."""
import io

import qrcode
import qrcode.image.svg


def _code(url):
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    return qr


def svg(url):
    """A standalone SVG document (black on white) encoding url."""
    image = _code(url).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    return image.to_string(encoding="unicode")


def terminal(url):
    """The QR code drawn with block characters, for `serve` to print."""
    out = io.StringIO()
    _code(url).print_ascii(out=out, invert=True)
    return out.getvalue()
