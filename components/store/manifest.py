"""The manifest of one cache generation: the files it was built from, its shards' content hashes, and
the corpus entries the scan left out. A manifest of the wrong shape is rejected with its reason (and the
cache rebuilt), never half-trusted: every field is type-checked before use."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

N_SHARDS = 32
SHARDED = ("articles", "mentions", "posts", "places", "errors")
_SHARD_KEY = re.compile(rf"^({'|'.join(SHARDED)})/part-(\d\d)\.parquet$")


class FileEntry(NamedTuple):
    """A tuple, so the manifest of a large corpus is written by json.dumps without a conversion pass."""

    size: int
    mtime_ns: int
    hash: str
    shard: int


@dataclass
class Manifest:
    version: str  # pipeline + gazetteer + settings fingerprint
    files: dict[str, FileEntry] = field(default_factory=dict)
    shards: dict[str, str] = field(default_factory=dict)  # "articles/part-03.parquet" -> content hash
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason) the scan left out

    def to_json(self) -> str:
        return json.dumps(
            {"version": self.version, "files": self.files, "shards": self.shards, "skipped": self.skipped}
        )

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse and validate; raises ValueError naming the first field of the wrong shape."""
        d = json.loads(text)
        _check(isinstance(d, dict), "not an object")
        _check(isinstance(d.get("version"), str), "'version' is not a string")
        files, shards, skipped = d.get("files"), d.get("shards"), d.get("skipped")
        _check(isinstance(files, dict), "'files' is not an object")
        _check(isinstance(shards, dict), "'shards' is not an object")
        _check(isinstance(skipped, list), "'skipped' is not a list")
        entries = {}
        for name, value in files.items():
            _check(_is_entry(value), f"file entry {name!r} is not [size, mtime_ns, hash, shard]")
            entries[name] = FileEntry(*value)
        for key, digest in shards.items():
            _check(bool(_SHARD_KEY.match(key)) and isinstance(digest, str), f"shard entry {key!r} is invalid")
        for item in skipped:
            _check(_is_pair(item), "'skipped' holds something other than [name, reason]")
        return cls(d["version"], entries, dict(shards), [tuple(x) for x in skipped])


def shard_index(key: str) -> int:
    """The shard number of a manifest shard key ("mentions/part-07.parquet" -> 7)."""
    m = _SHARD_KEY.match(key)
    if m is None:
        raise ValueError(f"not a shard key: {key!r}")
    return int(m[2])


def _check(ok: bool, reason: str) -> None:
    if not ok:
        raise ValueError(reason)


def _is_int(v: Any) -> bool:
    return type(v) is int  # bool is an int subclass; a manifest never holds one


def _is_entry(v: Any) -> bool:
    """[size, mtime_ns, hash, shard]; written inline: it runs once per corpus file on every build."""
    return (
        type(v) is list
        and len(v) == 4
        and type(v[0]) is int
        and type(v[1]) is int
        and type(v[2]) is str
        and type(v[3]) is int
        and 0 <= v[3] < N_SHARDS
    )


def _is_pair(v: Any) -> bool:
    return isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
