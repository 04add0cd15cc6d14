"""List a corpus folder: the files to read, and every entry left out with the reason why.

The scan never raises for what it finds: a symlink loop, a link out of the corpus, a broken link, a FIFO,
device or socket, an unreadable folder, a file name that is not valid UTF-8 each become a `Skipped`
entry (or, for the name, an escaped display name) so one odd entry never stops the rest from loading.
Special files are never opened: opening a FIFO blocks until someone writes to it.

Symlinks that point inside the corpus are read; links pointing outside are not followed unless asked
(`follow_symlinks=True`, the CLI's `--follow-symlinks`, or NEWS_ATLAS_FOLLOW_SYMLINKS=1 in the
environment, which is how the dashboard turns it on). A folder already visited (a link to `..`) is listed
as a loop, once.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field

FOLLOW_ENV = "NEWS_ATLAS_FOLLOW_SYMLINKS"
_SPECIAL = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


@dataclass(frozen=True)
class CorpusFile:
    name: str  # path relative to the corpus root, posix; bad UTF-8 bytes escaped as \xNN
    path: str  # the real path (may hold surrogate escapes); a str until it is opened
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skipped:
    """A corpus entry that is not read, with the reason shown to the user."""

    name: str
    reason: str


@dataclass
class Scan:
    files: list[CorpusFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def follow_symlinks_default() -> bool:
    """NEWS_ATLAS_FOLLOW_SYMLINKS=1|true|yes follows links out of the corpus (the dashboard's switch)."""
    return os.environ.get(FOLLOW_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def display_name(name: str) -> str:
    """A file name as valid UTF-8 text: bytes that are not UTF-8 are shown as \\xNN."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def scan(root: str | os.PathLike, suffixes: set[str], follow_symlinks: bool | None = None) -> Scan:
    """Every file with one of `suffixes` under root (hidden entries skipped), sorted by name."""
    follow = follow_symlinks_default() if follow_symlinks is None else follow_symlinks
    root = os.fspath(root)
    out = Scan()
    if not os.path.isdir(root):
        try:
            st = os.stat(root)
        except OSError as exc:  # a missing corpus is listed, not raised: callers decide what to say
            out.skipped.append(
                Skipped(display_name(os.path.basename(root)) or root, f"cannot be read: {exc.strerror}")
            )
            return out
        out.files.append(CorpusFile(display_name(os.path.basename(root)), root, st.st_size, st.st_mtime_ns))
        return out
    root_real = os.path.realpath(root)
    top = os.stat(root)
    visited = {(top.st_dev, top.st_ino)}
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            out.skipped.append(Skipped(prefix.rstrip("/") or ".", f"folder cannot be read: {exc.strerror}"))
            continue
        for entry in entries:
            if not entry.name.startswith("."):
                _visit(
                    entry, prefix + display_name(entry.name), root_real, follow, suffixes, visited, stack, out
                )
    out.files.sort(key=lambda f: f.name)
    out.skipped.sort(key=lambda s: s.name)
    return out


def _visit(entry: os.DirEntry, name: str, root_real: str, follow: bool, suffixes, visited, stack, out: Scan):
    """Classify one entry: a folder to walk, a file to read, or something skipped with its reason."""
    wanted = os.path.splitext(entry.name)[1].lower() in suffixes
    if not entry.is_symlink() and entry.is_file(follow_symlinks=False):  # the common case: no extra stat
        if wanted:
            st = entry.stat(follow_symlinks=False)
            out.files.append(CorpusFile(name, entry.path, st.st_size, st.st_mtime_ns))
        return
    is_link = False
    try:
        is_link = entry.is_symlink()
        st = entry.stat(follow_symlinks=True)
    except OSError as exc:
        if is_link:
            why = (
                "symbolic link loop" if exc.errno == errno.ELOOP else f"broken symbolic link ({exc.strerror})"
            )
            out.skipped.append(Skipped(name, why))
        elif wanted:
            out.skipped.append(Skipped(name, f"cannot be read: {exc.strerror}"))
        return
    if is_link and not follow and not _inside(os.path.realpath(entry.path), root_real):
        out.skipped.append(
            Skipped(name, "symbolic link to outside the corpus; not followed (see --follow-symlinks)")
        )
        return
    kind = stat.S_IFMT(st.st_mode)
    if kind == stat.S_IFDIR:
        if (st.st_dev, st.st_ino) in visited:
            out.skipped.append(Skipped(name, "symbolic link loop: this folder is already part of the corpus"))
        else:
            visited.add((st.st_dev, st.st_ino))
            stack.append((entry.path, f"{name}/"))
    elif kind in _SPECIAL:
        out.skipped.append(Skipped(name, f"not a regular file: {_SPECIAL[kind]}; skipped, never opened"))
    elif kind == stat.S_IFREG and wanted:
        out.files.append(CorpusFile(name, entry.path, st.st_size, st.st_mtime_ns))
