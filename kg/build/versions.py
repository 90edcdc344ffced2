"""The build folder's versions: a build is swapped in whole by one rename, or not at all.

The build folder is a symlink to a versioned folder beside it:

    <parent>/<name> -> .<name>.v-<time>-<pid>     the build readers see
    <parent>/.<name>.staging-<pid>-*              being written (renamed to a version when done)
    <parent>/.<name>.link-<pid>                   the new symlink, before it is renamed over <name>
    <parent>/.<name>.migrating                    a plain build folder being turned into a
                                                  version where RENAME_EXCHANGE is unavailable

A name ends with the id of the process that made it, so that a build leaves alone what another
build into the same folder, still running, has made and not yet swapped in. The version a build
replaces is kept until the next build, for readers still reading it (a `kg serve` worker
reopens the store only at its next query).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import time
from pathlib import Path

from kg.errors import KGError


def real_build_folder(out: Path) -> Path:
    """Return the folder to swap builds into: `out`, or the folder a user's own symlink
    points to; finish a migration a killed build left half done."""
    out = Path(os.path.abspath(out))
    if out.is_symlink() and not _is_version(out, os.readlink(out)):
        out = Path(os.path.realpath(out))
    moving = out.parent / f".{out.name}.migrating"
    if not os.path.lexists(out) and moving.is_dir():
        os.rename(moving, out)  # killed between the two renames of a migration: undo the first
    if os.path.lexists(out) and not out.is_dir() and not out.is_symlink():
        raise KGError("the build folder is not a folder", str(out))  # ours may dangle
    return out


def _is_version(out: Path, target: str) -> bool:
    return os.sep not in target and target.startswith(f".{out.name}.v-")


def swap_into_place(staging: Path, out: Path) -> None:
    """Make `out` the new build in one rename: the old build or the new one, at any kill."""
    parent, pid = out.parent, os.getpid()
    version = parent / f".{out.name}.v-{time.time_ns()}-{pid}"
    os.rename(staging, version)
    link = parent / f".{out.name}.link-{pid}"
    _remove(link)
    os.symlink(version.name, link)
    if out.is_symlink():
        previous = os.readlink(out)
        os.replace(link, out)
    elif out.is_dir():
        previous = _migrate(link, out)
    else:
        previous = None
        os.replace(link, out)
    _remove_leftovers(out, keep={version.name, previous})


def _migrate(link: Path, out: Path) -> str:
    """Turn the plain build folder `out` into a version, `out` into `link`; return the
    version's name. One atomic exchange where the system has one, else two renames that
    `real_build_folder` undoes if killed between them."""
    legacy = out.parent / f".{out.name}.v-0-{os.getpid()}"
    if exchange(link, out):  # `out` is the symlink now, and `link` the plain folder
        os.rename(link, legacy)
    else:
        moving = out.parent / f".{out.name}.migrating"
        os.rename(out, moving)
        os.replace(link, out)
        os.rename(moving, legacy)
    return legacy.name


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    rename = getattr(_libc(), "renameat2", None)
    if rename is None:
        return False
    rename.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                       ctypes.c_uint]
    at_cwd, exchange = -100, 2
    if rename(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None


def _remove_leftovers(out: Path, keep: set[str | None]) -> None:
    """Remove what killed builds left beside `out`, and versions no reader needs any more."""
    prefix = f".{out.name}."
    for entry in out.parent.iterdir():
        name = entry.name
        if not name.startswith(prefix) or name in keep:
            continue
        kind = name[len(prefix):]
        pid = kind.split("-")[1] if kind.startswith("staging-") else kind.rsplit("-", 1)[-1]
        if kind.startswith(("staging-", "v-", "link-")) and _alive(pid):
            continue  # another build into this folder, still running, is about to swap it in
        if kind.startswith(("staging-", "v-", "link-", "migrating")):
            _remove(entry)
    for name in keep:  # a build folder from before the swap kept its own leftovers inside
        if name:
            for entry in (out.parent / name).glob(".*"):
                if entry.name.startswith((".staging-", ".old-")):
                    _remove(entry)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return int(pid) != os.getpid()


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
