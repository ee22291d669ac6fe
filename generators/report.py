"""The build report: per stage what was rebuilt and why, what was reused or removed (the output
ledger's counts), time; warnings. Written last, into the new site, just before it is published."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class StageReport:
    name: str
    ran: bool = False
    seconds: float = 0.0
    #: One entry per output rendered in this run: {"output": ..., "why": ...}.
    rebuilt: list[dict[str, str]] = field(default_factory=list)
    reused: int = 0
    #: Outputs no longer produced, removed in this run.
    removed: list[str] = field(default_factory=list)
    note: str = ""

    def line(self) -> str:
        if not self.ran:
            return f"  {self.name:<16} bỏ qua"
        counts = f"{len(self.rebuilt)} dựng lại, {self.reused} dùng lại"
        if self.removed:
            counts += f", {len(self.removed)} xóa"
        note = f" · {self.note}" if self.note else ""
        return f"  {self.name:<16} {self.seconds:6.1f} giây  {counts}{note}"


@dataclass
class BuildReport:
    out: Path
    procedures: int = 0
    stages: dict[str, StageReport] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    published: bool = False

    @property
    def seconds(self) -> float:
        return sum(stage.seconds for stage in self.stages.values())

    def stage(self, name: str) -> StageReport:
        return self.stages.setdefault(name, StageReport(name))

    def summary(self) -> str:
        lines = [stage.line() for stage in self.stages.values()]
        lines += [f"  cảnh báo: {w}" for w in self.warnings]
        where = f"-> {self.out}" if self.published else "(chưa xuất bản: không chạy công đoạn site)"
        lines.append(f"Xong: {self.procedures} thủ tục {where} trong {self.seconds:.1f} giây.")
        return "\n".join(lines)

    def to_json(self) -> str:
        data = {
            "procedures": self.procedures,
            "seconds": round(self.seconds, 3),
            "stages": [{**asdict(s), "seconds": round(s.seconds, 3)} for s in self.stages.values()],
            "warnings": self.warnings,
        }
        return json.dumps(data, ensure_ascii=False, indent=1)


def grouped(label: str, items: list[str], shown: int = 5) -> str | None:
    """One warning line for many items instead of a flood."""
    if not items:
        return None
    more = f" và {len(items) - shown} mục khác" if len(items) > shown else ""
    return f"{label} ({len(items)}): {', '.join(items[:shown])}{more}"
