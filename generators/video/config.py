"""Settings of the recorder: one declared class with its defaults, optionally overridden by the
``[video]`` table of ``thutuc.toml`` at the project root.

Credentials never live here: a walkthrough refers to them as ``${THUTUC_PORTAL_USER}`` and they
are read from the environment when recording.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..problems import UserError
from ..settings import CONFIG_FILE, config_table, project_config

#: Words that must never be keys of the configuration file.
_SECRET_WORDS = ("password", "passwd", "secret", "token", "user", "credential", "mat_khau")


class BadVideoConfig(UserError):
    """The ``[video]`` table of thutuc.toml is wrong."""


@dataclass(frozen=True)
class VideoConfig:
    #: Another portal to record against (``https://...``); empty means the embedded sandbox.
    portal: str = ""
    #: Reading speed used to hold each step on screen.
    chars_per_second: float = 14.0
    #: No step is shown for less than this, however short its caption.
    min_step_seconds: float = 2.5
    #: Extra time after the recorded action before the next step (seconds).
    step_tail_seconds: float = 0.6
    #: How long the title card is shown.
    title_seconds: float = 4.0
    #: How long a step may wait for its element or expectation, unless the step says otherwise.
    timeout_seconds: float = 10.0
    #: Frames per second of the finished video: a constant 25 by default, what players, editors
    #: and Zoom's screen share expect; 0 keeps the frames as recorded (variable frame rate,
    #: held frames repeated four times a second: much faster to encode).
    fps: int = 25
    #: Quality of the H.264 encoding (lower is better, 18-28 is sensible).
    crf: int = 23
    #: espeak-ng voice used for narration (``--narrate``).
    voice: str = "vi"

    @classmethod
    def load(cls, root: Path) -> VideoConfig:
        """Defaults, overridden by ``[video]`` in ``<root>/thutuc.toml`` when it exists."""
        table = config_table(project_config(root), "video")
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, value in table.items():
            if any(word in key.lower() for word in _SECRET_WORDS):
                raise BadVideoConfig(f"{CONFIG_FILE}: [video].{key}: không ghi tài khoản, mật khẩu vào tệp; "
                                     "đặt biến môi trường THUTUC_PORTAL_USER, THUTUC_PORTAL_PASSWORD và dùng "
                                     "${THUTUC_PORTAL_USER} trong bước fill")
            if key not in known:
                raise BadVideoConfig(f"{CONFIG_FILE}: [video].{key}: không có thiết lập này "
                                     f"(các thiết lập: {', '.join(known)})")
            kind = type(getattr(cls, key))
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise BadVideoConfig(f"{CONFIG_FILE}: [video].{key}: phải là {kind.__name__}")
            values[key] = value
        config = cls(**values)
        if config.portal:
            check_portal_url(config.portal)
        return config

    def with_portal(self, portal_url: str | None) -> VideoConfig:
        if portal_url is None:
            return self
        check_portal_url(portal_url)
        return replace(self, portal=portal_url)


def check_portal_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise BadVideoConfig(f"địa chỉ cổng '{url}' không hợp lệ (dạng https://ten-mien/duong-dan/)")
    if parts.username or parts.password:
        raise BadVideoConfig("địa chỉ cổng không được chứa tài khoản, mật khẩu; dùng biến môi trường "
                             "THUTUC_PORTAL_USER, THUTUC_PORTAL_PASSWORD")
    return url
