"""The optional second factor: time-based one-time codes (RFC 6238), as phone apps make them.

Pure functions: the secret, the QR code that carries it, and which 30-second step a typed
code belongs to. Storing the step, so a code works once, is in operations.py.
"""

import hmac
import re
import unicodedata

import pyotp
from markupsafe import Markup

from consult.core.qr import qr_svg

ISSUER = "Cité éducative"
# A phone's clock may be half a minute off: the step before and the step after also count.
ACCEPTED_DRIFT_STEPS = 1
CODE_PATTERN = re.compile(r"^[0-9]{6}$")


def new_secret() -> str:
    """160 random bits, in the base32 form authenticator apps expect."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code_svg(secret: str, email: str) -> Markup:
    """Inline SVG (no image request, no data URI), to scan from the enrolment page."""
    svg = qr_svg(provisioning_uri(secret, email)).decode()
    # The XML declaration is for files; inside HTML it is noise.
    return Markup(svg[svg.index("<svg") :])


def grouped(secret: str) -> str:
    """The secret in blocks of four, easier to type into an app by hand."""
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def normalised_code(code: str | None) -> str:
    """Without spaces, and in ASCII digits whatever digits the keyboard typed (١٢٣ -> 123)."""
    return "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() else char
        for char in re.sub(r"\s", "", code or "")
    )


def matching_step(secret: str, code: str | None, moment: float) -> int | None:
    """The 30-second step whose code this is, near ``moment``; None if it matches none."""
    code = normalised_code(code)
    if not CODE_PATTERN.match(code):
        return None
    totp = pyotp.TOTP(secret)
    current = int(moment // totp.interval)
    for step in range(current - ACCEPTED_DRIFT_STEPS, current + ACCEPTED_DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
