import hashlib
import hmac
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from consult.accounts.roles import Role, role_allows
from consult.core.db import utcnow
from consult.extensions import db

# Which territories a staff member works in.
user_territories = Table(
    "user_territories",
    db.metadata,
    db.Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    db.Column("territory_id", ForeignKey("territories.id", ondelete="CASCADE"), primary_key=True),
)

ROLE_VALUES = ", ".join(f"'{role.value}'" for role in Role)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({ROLE_VALUES})", name="role_known"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Login name, stored lowercased.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # How colleagues see this person in the back office.
    display_name: Mapped[str] = mapped_column(String(120))
    # Werkzeug's salted hash; the password itself is never stored.
    password_hash: Mapped[str] = mapped_column(String(255))
    # One of Role.
    role: Mapped[str] = mapped_column(String(20))
    # An inactive account cannot log in but keeps its history.
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Base32 secret of the optional TOTP second factor; None when not enrolled.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last 30-second step accepted, so a code cannot be replayed.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # Wrong passwords and codes typed for this account since its last login: the owner is
    # told at the next login, then the count starts again.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    last_failed_login_at: Mapped[datetime | None]

    territories = relationship("Territory", secondary=user_territories, lazy="selectin")

    def get_id(self) -> str:
        """What the session remembers of this login: the id and a stamp of the password.

        A new password (own change or an administrator's reset) changes the stamp, so every
        session opened with the old one ends at its next request.
        """
        return f"{self.id}:{self.password_stamp()}"

    def password_stamp(self) -> str:
        secret = current_app.config["SECRET_KEY"].encode()
        return hmac.new(secret, self.password_hash.encode(), hashlib.sha256).hexdigest()[:20]

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, minimum: Role) -> bool:
        return role_allows(self.role, minimum)

    def can_access(self, territory) -> bool:
        return self.role == Role.ADMIN or territory in self.territories

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class StaffSession(db.Model):
    """One login, remembered on the server (accounts/staff_sessions.py): without its row,
    a copy of the session cookie is worth nothing."""

    __tablename__ = "staff_sessions"

    # SHA-256 of the random token the signed cookie carries.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the kiosk page was opened with this login: only the kiosk's own pages answer
    # until the password is typed again.
    kiosk_locked_at: Mapped[datetime | None]
    # The kiosk page it was locked on, where "back to the kiosk" leads.
    kiosk_path: Mapped[str | None] = mapped_column(String(300))
