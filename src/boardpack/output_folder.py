"""The output folder: refused where it would overwrite the inputs, locked while a build
writes it, and replaced whole.

A build is written to a staging folder and swapped into place. Beside the output
folder the swap is two renames (``out`` aside to ``.out.previous-*``, the staging
folder ``.out.building-*`` to ``out``); an output folder that is a mount point cannot
be renamed, so there the staging folder is made inside it and the build's own files
are swapped one by one (``.boardpack-previous-*``, ``.boardpack-building-*``). A swap
cut short by a kill is put right by the next build: the old output comes back and the
leftovers are removed, so files of the user's own never vanish.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from boardpack.problems import BoardpackError, UsageError

T = TypeVar("T")

#: what the build names its folders inside an output folder that is a mount point
INSIDE_BUILDING = ".boardpack-building-"
INSIDE_PREVIOUS = ".boardpack-previous-"

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


class OutputError(BoardpackError):
    """The output folder could not be written; it was left as it was.

    Not a problem with the workbook or templates: it has its own exit code.
    """

    exit_code = 3

    def __init__(self, out: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        where = f" ({error.filename})" if error.filename else ""
        if error.errno in _FULL:
            advice = "free some disk space or choose another folder with --out"
        elif error.errno in _DENIED:
            advice = "the folder cannot be written: choose another folder with --out"
        else:
            advice = "choose another folder with --out"
        super().__init__(
            f"Could not write the pack into {out}: {reason}{where}. Nothing in {out} was "
            f"changed; {advice}, then try again."
        )


#: what each command replaces whole, and the folder of its own it suggests
_REPLACED = {
    "build": ("the build replaces its output folder whole", "the pack", "output"),
    "export": ("the export replaces its data folder whole", "the data", "output/data"),
}


def refuse_unsafe(
    out: Path, master: Path, templates: Path | None = None, *, command: str = "build"
) -> None:
    """Raise :class:`UsageError` for an ``out`` whose replacement would lose the inputs.

    Refused: the root folder, the current folder (``--out ""`` or ``.``) and any folder
    above it, the templates folder (when the command reads one), the folder holding the
    master, and any folder above either of them. ``command`` (``build`` or ``export``)
    words the refusal.
    """
    replaces, made, example = _REPLACED[command]
    if str(out) in ("", ".") or out.resolve() == Path.cwd().resolve():
        raise UsageError(
            f"--out {str(out)!r} is the current folder: {replaces}, so give {made} a "
            f"folder of its own, such as --out {example}."
        )
    where = out.resolve()
    if where == Path(where.anchor):
        raise UsageError(
            f"--out {out} is the root of the file system: give {made} a folder of its "
            f"own, such as --out {example}."
        )
    guarded = [(templates, "the templates folder")] if templates is not None else []
    guarded += [
        (master.parent, "the folder holding the master workbook"),
        (master.resolve().parent, "the folder holding the master workbook"),
        (Path.cwd(), "the current folder"),
    ]
    for folder, name in guarded:
        for form in {folder.absolute(), folder.resolve()}:
            if form == where or form.is_relative_to(where):
                what = name if form == where else f"a folder holding {name} ({folder})"
                raise UsageError(
                    f"--out {out} is {what}: {replaces}, so give {made} a folder of its "
                    f"own, such as --out {example}."
                )


def is_mount_point(out: Path) -> bool:
    """True when ``out`` is a folder on another file system than its parent."""
    try:
        return out.is_dir() and (
            os.path.ismount(out) or out.stat().st_dev != out.parent.stat().st_dev
        )
    except OSError:
        return False


@contextmanager
def locked(out: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock on builds into ``out`` (the folder above it is locked).

    A second build into the same folder waits until the first has finished; ``on_wait``
    is told so once. The lock goes with the process, so a killed build never leaves one.
    """
    parent = out.parent
    try:
        handle = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise OutputError(out, error) from error
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(
                    f"another build is writing into {parent}; waiting for it to finish "
                    "(Ctrl-C to stop)"
                )
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:  # a file system without locks: build as before, unlocked
            pass
        yield
    finally:
        os.close(handle)


def recover(out: Path) -> list[str]:
    """Put right a swap cut short by a kill; what was done, as sentences.

    Call it holding :func:`locked`. Beside ``out``: with ``out`` missing, the newest
    previous folder is the last good output and is put back; other leftovers are
    removed. Inside a mount point: the previous files are put back over the new ones.
    """
    done: list[str] = []
    parent = out.parent
    if not parent.is_dir():
        return done
    previous = sorted(parent.glob(f".{out.name}.previous-*"), key=lambda p: p.lstat().st_mtime_ns)
    building = list(parent.glob(f".{out.name}.building-*"))
    if previous and not out.exists():
        os.replace(previous.pop(), out)
        done.append(f"put back {out}, which an interrupted build had moved aside")
    for leftover in [*previous, *building]:
        _remove_quietly(leftover)
        done.append(f"removed {leftover.name}, left by an interrupted build")
    if out.is_dir() and not out.is_symlink():
        done.extend(_recover_inside(out))
    return done


def _recover_inside(out: Path) -> list[str]:
    done: list[str] = []
    for previous in out.glob(f"{INSIDE_PREVIOUS}*"):
        moved = previous / ".moved-in"
        names = moved.read_text(encoding="utf-8").split("\n") if moved.is_file() else []
        for name in filter(None, names):  # what the cut-short swap had already moved in
            _remove_quietly(out / name)
        for entry in previous.iterdir():
            if entry.name != ".moved-in":
                _remove_quietly(out / entry.name)
                os.replace(entry, out / entry.name)
        _remove_quietly(previous)
        done.append(f"put back the files in {out} that an interrupted build had moved aside")
    for building in out.glob(f"{INSIDE_BUILDING}*"):
        _remove_quietly(building)
        done.append(f"removed {out / building.name}, left by an interrupted build")
    return done


def staging_folder(out: Path, *, inside: bool) -> tuple[Path, list[str]]:
    """A new, empty folder to build in, with what ``out`` has; what could not be kept.

    Beside ``out`` the staging folder becomes the output folder, so it takes the
    folder's owner, group, mode bits (setgid and sticky included) and extended
    attributes (access control lists among them) before anything is written in it,
    so that new files inherit them as they would in ``out``. Inside a mount point
    the folder itself stays, and the staging folder is only a place to write.
    """
    if inside:
        return Path(tempfile.mkdtemp(prefix=INSIDE_BUILDING, dir=out)), []
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    if not out.is_dir():
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        return staging, []
    return staging, keep_attributes(out, staging)


def keep_attributes(source: Path, target: Path) -> list[str]:
    """Give folder ``target`` the owner, group, mode and extended attributes of ``source``.

    Returns a sentence for each that the system would not let be kept.
    """
    lost: list[str] = []
    info = source.stat()
    current = target.stat()
    if (current.st_uid, current.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.chown(target, info.st_uid, info.st_gid)
        except OSError:
            with contextlib.suppress(OSError):  # the group alone may be allowed
                os.chown(target, -1, info.st_gid)
            current = target.stat()
            if current.st_uid != info.st_uid:
                lost.append(f"owner (uid {info.st_uid})")
            if current.st_gid != info.st_gid:
                lost.append(f"group (gid {info.st_gid})")
    for name in _xattr_names(source):
        try:
            os.setxattr(target, name, os.getxattr(source, name, follow_symlinks=False))
        except OSError as error:
            lost.append(f"extended attribute {name} ({error.strerror or error})")
    mode = stat.S_IMODE(info.st_mode)
    with contextlib.suppress(OSError):
        os.chmod(target, mode)  # after chown, which clears the setgid bit
    kept = stat.S_IMODE(target.stat().st_mode)
    if kept != mode:
        lost.append(f"mode {mode:04o} (it is {kept:04o})")
    return [f"could not keep the output folder's {what}" for what in lost]


def _xattr_names(path: Path) -> list[str]:
    try:
        return sorted(os.listxattr(path, follow_symlinks=False))
    except OSError:  # no extended attributes on this file system
        return []


def swap_into_place(staging: Path, out: Path, owned: Collection[str], *, inside: bool) -> None:
    """Replace the build's own files in ``out`` with those in ``staging``.

    Files of the user's own in ``out`` are kept (copied across, links as links, when
    the folder itself is replaced). Once the new files are in place the build has
    succeeded: removing the old ones is tidying up, which neither an error nor a
    signal can undo.
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"The output path is a file, not a folder: {out}")
    if inside:
        _swap_inside(staging, out, owned)
        return
    if not out.exists():
        os.replace(staging, out)
        return
    for entry in out.iterdir():
        if entry.name not in owned:
            if entry.is_dir() and not entry.is_symlink():
                shutil.copytree(entry, staging / entry.name, symlinks=True)
            else:
                shutil.copy2(entry, staging / entry.name, follow_symlinks=False)
    previous = Path(tempfile.mkdtemp(prefix=f".{out.name}.previous-", dir=out.parent))
    previous.rmdir()
    os.replace(out, previous)
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(previous, out)
        raise
    _remove_quietly(previous)


def _swap_inside(staging: Path, out: Path, owned: Collection[str]) -> None:
    """The swap within a folder that cannot be renamed: the owned names one by one.

    ``.moved-in`` in the previous folder lists what has been moved in so far, so a
    swap cut short is undone by :func:`recover`.
    """
    previous = Path(tempfile.mkdtemp(prefix=INSIDE_PREVIOUS, dir=out))
    record = previous / ".moved-in"
    record.write_text("", encoding="utf-8")
    aside: list[str] = []
    moved: list[str] = []
    try:
        for name in sorted(owned):
            if (out / name).exists() or (out / name).is_symlink():
                os.replace(out / name, previous / name)
                aside.append(name)
        for name in sorted(p.name for p in staging.iterdir()):
            with record.open("a", encoding="utf-8") as stream:
                stream.write(name + "\n")
            os.replace(staging / name, out / name)
            moved.append(name)
    except BaseException:
        for name in moved:
            _remove_quietly(out / name)
        for name in aside:
            os.replace(previous / name, out / name)
        _remove_quietly(previous)
        raise
    _remove_quietly(previous)
    _remove_quietly(staging)


def _remove_quietly(path: Path) -> None:
    """Remove a file or folder, finishing even if Ctrl-C or a stop signal arrives meanwhile."""
    deferred = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    try:
        handlers = {number: signal.signal(number, signal.SIG_IGN) for number in deferred}
    except ValueError:  # not the main thread: signals cannot be deferred here
        handlers = {}
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def write_all(
    out: Path,
    fill: Callable[[Path], T],
    owned: Collection[str],
    notes: list[str],
    on_wait: Callable[[str], None] | None = None,
) -> T:
    """``fill(staging)`` writes and checks a command's files; they then replace ``owned``
    in ``out``, all or nothing, and ``fill``'s value is returned.

    The folder is locked first, and a swap an earlier command left cut short is put
    right (what was done is added to ``notes``, with any attribute of the folder that
    could not be kept). A file system failure (a full disk, a folder that cannot be
    written) becomes an :class:`OutputError` saying which folder and why; the output
    folder is unchanged.
    """
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(out, error) from error
    with locked(out, on_wait):
        try:
            notes.extend(recover(out))
            inside = is_mount_point(out)
            staging, lost = staging_folder(out, inside=inside)
        except OSError as error:
            raise OutputError(out, error) from error
        notes.extend(lost)
        try:
            value = fill(staging)
            swap_into_place(staging, out, owned, inside=inside)
        except BaseException as error:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(error, OSError):
                raise OutputError(out, error) from error
            raise
    return value
