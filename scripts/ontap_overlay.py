#!/usr/bin/env python3
#
# Lay the pristine libvirt tree into the checkout around our own files,
# apply our per-file diffs to it, and regenerate those diffs.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Layout:
#   .git/ontap/pristine/     the pristine release tree (never edited)
#   .git/ontap/applied.json  sha256 of each upstream file as we last wrote it
#   patches/<path>.diff      our edit of upstream file <path>, one per file
#
# Files that git tracks are ours and are never touched. Every other file
# of the pristine tree is laid into the checkout, patched when a diff
# exists for it, and listed in .git/info/exclude.

import argparse
import filecmp
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE = os.path.join(TOP, ".git", "ontap")
PRISTINE = os.path.join(STATE, "pristine")
APPLIED = os.path.join(STATE, "applied.json")
PATCHES = os.path.join(TOP, "patches")
EXCLUDE = os.path.join(TOP, ".git", "info", "exclude")
BEGIN = "# >>> libvirt-ontap: pristine upstream files (generated)"
END = "# <<< libvirt-ontap"


class OverlayError(Exception):
    pass


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def tracked_paths():
    out = subprocess.run(["git", "-C", TOP, "ls-files", "-z"],
                         check=True, capture_output=True).stdout
    return set(p.decode() for p in out.split(b"\0") if p)


def pristine_paths():
    paths = []
    for root, dirs, files in os.walk(PRISTINE):
        dirs.sort()
        # os.walk lists a symlink to a directory among the directories
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        for name in sorted(files + links):
            full = os.path.join(root, name)
            paths.append(os.path.relpath(full, PRISTINE))
    return paths


def patch_paths():
    """Upstream paths that have a diff under patches/."""
    paths = []
    for root, dirs, files in os.walk(PATCHES):
        for name in files:
            if not name.endswith(".diff"):
                continue
            full = os.path.join(root, name)
            paths.append(os.path.relpath(full, PATCHES)[:-len(".diff")])
    return sorted(paths)


def load_applied():
    try:
        with open(APPLIED) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def save_applied(applied):
    tmp = APPLIED + ".tmp"
    with open(tmp, "w") as f:
        json.dump(applied, f, indent=0, sort_keys=True)
    os.replace(tmp, APPLIED)


def patched_content(path):
    """The content an upstream file must have: pristine plus its diff."""
    src = os.path.join(PRISTINE, path)
    diff = os.path.join(PATCHES, path + ".diff")
    if not os.path.exists(diff):
        with open(src, "rb") as f:
            return f.read()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        res = subprocess.run(["patch", "--quiet", "--force", "--batch",
                              "--no-backup-if-mismatch", "-r", "-",
                              "-o", out, src, diff],
                             capture_output=True, text=True)
        if res.returncode != 0:
            raise OverlayError("patches/%s.diff does not apply to the pristine "
                               "%s:\n%s" % (path, path, res.stdout + res.stderr))
        with open(out, "rb") as f:
            return f.read()


def extract(tarball):
    """Unpack the release tarball into the pristine directory."""
    tmp = PRISTINE + ".new"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    subprocess.run(["tar", "-xJf", tarball, "-C", tmp, "--strip-components=1",
                    "--no-same-owner"], check=True)
    shutil.rmtree(PRISTINE, ignore_errors=True)
    os.replace(tmp, PRISTINE)


def write_exclude(paths):
    """List the upstream paths in .git/info/exclude, keeping other lines."""
    lines = []
    if os.path.exists(EXCLUDE):
        with open(EXCLUDE) as f:
            keep = True
            for line in f.read().splitlines():
                if line == BEGIN:
                    keep = False
                elif line == END:
                    keep = True
                elif keep:
                    lines.append(line)
    lines.append(BEGIN)
    lines.append("/build/")
    lines.append("/build-*/")
    lines.extend("/" + p.replace("[", "\\[").replace("*", "\\*")
                 for p in paths)
    lines.append(END)
    os.makedirs(os.path.dirname(EXCLUDE), exist_ok=True)
    with open(EXCLUDE, "w") as f:
        f.write("\n".join(lines) + "\n")


def apply():
    if not os.path.isdir(PRISTINE):
        raise OverlayError("no pristine tree in %s: run scripts/bootstrap"
                           % PRISTINE)
    tracked = tracked_paths()
    upstream = [p for p in pristine_paths() if p not in tracked]
    upstream_set = set(upstream)
    for p in patch_paths():
        if p not in upstream_set:
            raise OverlayError("patches/%s.diff names a file that is not in "
                               "the pristine tree (or is tracked by git)" % p)

    applied = load_applied()
    todo = []
    conflicts = []
    for p in upstream:
        dst = os.path.join(TOP, p)
        src = os.path.join(PRISTINE, p)
        if os.path.islink(src):
            if not (os.path.islink(dst) and
                    os.readlink(dst) == os.readlink(src)):
                todo.append((p, None))
            continue
        want = patched_content(p)
        if os.path.islink(dst) or not os.path.exists(dst):
            todo.append((p, want))
            continue
        with open(dst, "rb") as f:
            cur = f.read()
        if cur == want:
            applied[p] = sha256_bytes(cur)
            continue
        cur_sum = sha256_bytes(cur)
        if cur_sum == applied.get(p) or filecmp.cmp(src, dst, shallow=False):
            todo.append((p, want))
        else:
            conflicts.append(p)

    if conflicts:
        raise OverlayError(
            "these upstream files carry edits that neither the pristine tree "
            "nor patches/ explain:\n  %s\nRun scripts/refresh-patches to keep "
            "them as diffs, or restore them (rm the file and re-run) to drop "
            "them. Nothing was changed." % "\n  ".join(conflicts))

    for p, want in todo:
        dst = os.path.join(TOP, p)
        src = os.path.join(PRISTINE, p)
        os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
        if want is None:
            if os.path.lexists(dst):
                os.unlink(dst)
            os.symlink(os.readlink(src), dst)
            continue
        if os.path.lexists(dst) and os.path.islink(dst):
            os.unlink(dst)
        if os.path.exists(os.path.join(PATCHES, p + ".diff")):
            with open(dst, "wb") as f:
                f.write(want)
            shutil.copymode(src, dst)
        else:
            shutil.copy2(src, dst)
        applied[p] = sha256_bytes(want)

    save_applied(applied)
    write_exclude(upstream)
    # syntax-check's po-check needs every file of the tree, not only ours
    with open(os.path.join(STATE, "upstream-files"), "w") as f:
        f.write("".join(p + "\n" for p in upstream))
    npatch = len(patch_paths())
    print("overlay: %d upstream files in place, %d rewritten, %d patched"
          % (len(upstream), len(todo), npatch))


def make_diff(p):
    res = subprocess.run(["diff", "-u", "--label", "a/" + p, "--label",
                          "b/" + p, os.path.join(PRISTINE, p),
                          os.path.join(TOP, p)], capture_output=True)
    if res.returncode not in (0, 1):
        raise OverlayError("diff failed for %s: %s" % (p, res.stderr.decode()))
    return res.stdout


def refresh(check):
    if not os.path.isdir(PRISTINE):
        raise OverlayError("no pristine tree in %s: run scripts/bootstrap"
                           % PRISTINE)
    tracked = tracked_paths()
    wanted = {}
    missing = []
    for p in pristine_paths():
        if p in tracked or os.path.islink(os.path.join(PRISTINE, p)):
            continue
        dst = os.path.join(TOP, p)
        if not os.path.exists(dst):
            missing.append(p)
            continue
        if filecmp.cmp(os.path.join(PRISTINE, p), dst, shallow=False):
            continue
        wanted[p] = make_diff(p)
    if missing:
        raise OverlayError("upstream files missing from the tree (run "
                           "scripts/bootstrap):\n  %s" % "\n  ".join(missing))

    existing = set(patch_paths())
    stale = sorted(existing - set(wanted))
    changed = []
    for p, data in sorted(wanted.items()):
        path = os.path.join(PATCHES, p + ".diff")
        old = None
        if os.path.exists(path):
            with open(path, "rb") as f:
                old = f.read()
        if old != data:
            changed.append(p)

    if check:
        if changed or stale:
            for p in changed:
                print("patches/%s.diff: differs from the tree" % p)
            for p in stale:
                print("patches/%s.diff: the tree has no such edit" % p)
            return 1
        print("refresh-patches: %d diffs match the tree" % len(wanted))
        return 0

    applied = load_applied()
    for p in changed:
        path = os.path.join(PATCHES, p + ".diff")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(wanted[p])
        print("wrote patches/%s.diff" % p)
    for p in stale:
        os.unlink(os.path.join(PATCHES, p + ".diff"))
        print("removed patches/%s.diff" % p)
    for p in list(wanted) + stale:
        applied[p] = sha256_file(os.path.join(TOP, p))
    # Drop directories the removals left empty.
    for root, dirs, files in os.walk(PATCHES, topdown=False):
        if root != PATCHES and not os.listdir(root):
            os.rmdir(root)
    save_applied(applied)
    print("refresh-patches: %d diffs" % len(wanted))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("extract", help="unpack the release tarball")
    p.add_argument("tarball")
    sub.add_parser("apply", help="lay the pristine tree and our diffs in")
    p = sub.add_parser("refresh", help="regenerate patches/ from the tree")
    p.add_argument("--check", action="store_true",
                   help="only report whether patches/ matches the tree")
    args = parser.parse_args()
    try:
        if args.cmd == "extract":
            extract(args.tarball)
        elif args.cmd == "apply":
            apply()
        else:
            return refresh(args.check)
    except OverlayError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
