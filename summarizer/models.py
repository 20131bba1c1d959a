"""Data classes returned by the summarizer: Summary and KeyPoint."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

KeyPointKind = Literal["demand", "warning", "meeting"]
KINDS: tuple[str, ...] = ("demand", "warning", "meeting")


@dataclass(frozen=True)
class KeyPoint:
    """One demand, warning or upcoming meeting found in an article."""

    kind: str
    text: str
    actor: str | None = None
    score: float = 0.0
    participants: list[str] = field(default_factory=list)
    place: str | None = None
    when: str | None = None  # ISO date (YYYY-MM-DD) for meetings, else None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (field names are part of the public contract)."""
        # Written out rather than dataclasses.asdict: its deep copy costs ~0.1 ms per point on a busy pass.
        return {
            "kind": self.kind,
            "text": self.text,
            "actor": self.actor,
            "score": self.score,
            "participants": list(self.participants),
            "place": self.place,
            "when": self.when,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "KeyPoint":
        """Build a KeyPoint from its JSON form."""
        return cls(
            kind=data["kind"],
            text=data["text"],
            actor=data.get("actor"),
            score=float(data.get("score", 0.0)),
            participants=list(data.get("participants") or []),
            place=data.get("place"),
            when=data.get("when"),
        )


@dataclass(frozen=True)
class Summary:
    """An article condensed: its title, chosen sentences in article order, key points."""

    title: str | None
    summary: list[str]
    key_points: list[KeyPoint]
    language: str = "english"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form printed by `briefbot summarize --format json`."""
        return {
            "title": self.title,
            "summary": list(self.summary),
            "key_points": [kp.to_dict() for kp in self.key_points],
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Summary":
        """Build a Summary from its JSON form."""
        return cls(
            title=data.get("title"),
            summary=list(data.get("summary") or []),
            key_points=[KeyPoint.from_dict(k) for k in data.get("key_points") or []],
            language=data.get("language", "english"),
        )

    def points(self, kind: str) -> list[KeyPoint]:
        """Key points of one kind, in article order."""
        return [kp for kp in self.key_points if kp.kind == kind]
