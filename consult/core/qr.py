"""QR codes for print: SVG (vector) and PNG (at least 1200 px)."""

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.svg import SvgPathImage

PNG_MIN_PIXELS = 1200


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str) -> bytes:
    buffer = io.BytesIO()
    _code(data).make_image(image_factory=SvgPathImage).save(buffer)
    return buffer.getvalue()


def qr_png(data: str) -> bytes:
    code = _code(data)
    modules = code.modules_count + 2 * code.border
    code.box_size = -(-PNG_MIN_PIXELS // modules)  # ceiling: never below the minimum
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
