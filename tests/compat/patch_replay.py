#!/usr/bin/env python3
"""Replays real history through `graft patch`.

Sources: every commit of this repository that has a parent (`git diff -M -C
parent commit`, applied to an export of the parent tree; the result must be
the commit's tree byte for byte, executable bits included), and a repository
built from successive snapshots of the Python standard library found on this
machine (pyenv's versions and Debian's /usr/lib/python3.X, the .py files
outside tests): each version bump is replayed whole, and split into one
patch per top-level module (its files' sections, applied to those files of
the parent version). Commits with binary files, symbolic links or
submodules are skipped: graft refuses those by design.

Each patch is also applied to shifted files (three lines inserted at the top
of every file whose content it changes) by `graft patch --reject` and by GNU
`patch -p1 -F0 -f`: both must leave the same files and the same set of .rej
files, with the same exit status.

Prints "ok NAME" / "not ok NAME"; the last line checks that at least
MIN_PATCHES real patches were replayed."""
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

GRAFT = os.path.abspath(os.environ.get("GRAFT", "build/graft"))
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MIN_PATCHES = 500
# Per version bump, at most this many module patches (spread evenly over
# the modules that changed), to keep the run short.
MAX_GROUPS_PER_BUMP = 60
SHIFT = b"shifted line 1\nshifted line 2\nshifted line 3\n"

failures = []


def run(args, cwd=None, stdin=None, check=True):
    p = subprocess.run(args, cwd=cwd, input=stdin, capture_output=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {p.returncode}: {p.stderr[:300]!r}")
    return p


class Repo:
    """A git repository, with one `git cat-file --batch` kept open."""

    def __init__(self, path):
        self.path = path
        self.cat = None

    def git(self, *args):
        return run(["git", "-c", "core.quotepath=false", *args], cwd=self.path).stdout

    def blob(self, rev, path):
        if self.cat is None:
            self.cat = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.path,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.cat.stdin.write(f"{rev}:{path}\n".encode())
        self.cat.stdin.flush()
        head = self.cat.stdout.readline().split()
        if len(head) < 3 or head[1] != b"blob":
            raise RuntimeError(f"no blob {rev}:{path}")
        data = self.cat.stdout.read(int(head[2]) + 1)
        return data[:-1]

    def tree(self, rev):
        """path -> (blob id, executable) of the regular files at rev."""
        out = {}
        for rec in self.git("ls-tree", "-r", "-z", rev).split(b"\0"):
            if not rec:
                continue
            meta, path = rec.split(b"\t", 1)
            mode, kind, sha = meta.split()
            if kind == b"blob":
                out[path.decode()] = (sha.decode(), mode == b"100755")
        return out

    def export(self, rev, dest):
        os.makedirs(dest, exist_ok=True)
        tar = run(["git", "archive", rev], cwd=self.path).stdout
        run(["tar", "-x", "-C", dest], stdin=tar)

    def close(self):
        if self.cat:
            self.cat.stdin.close()
            self.cat.wait()
            self.cat = None


def blob_id(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def state(root, skip_rej=False):
    """path -> (blob id, executable) for every regular file below root."""
    out = {}
    for d, _dirs, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            rel = os.path.relpath(p, root)
            if skip_rej and (rel.endswith(".rej") or rel.endswith(".orig")):
                continue
            if os.path.islink(p):
                out[rel] = ("link", os.readlink(p))
                continue
            with open(p, "rb") as fh:
                out[rel] = (blob_id(fh.read()), bool(os.stat(p).st_mode & 0o100))
    return out


def rejects(root):
    return sorted(os.path.relpath(os.path.join(d, f), root)
                  for d, _, files in os.walk(root) for f in files if f.endswith(".rej"))


def describe(got, want):
    for k in sorted(set(got) | set(want)):
        if k not in got:
            return f"'{k}' missing"
        if k not in want:
            return f"'{k}' unexpected"
        if got[k] != want[k]:
            if got[k][0] == want[k][0]:
                return f"'{k}' executable bit differs"
            return f"'{k}' content differs"
    return "same"


def sections(patch):
    """Splits a git diff into its per-file sections."""
    out, cur = [], None
    for line in patch.splitlines(keepends=True):
        if line.startswith(b"diff --git "):
            cur = [line]
            out.append(cur)
        elif cur is not None:
            cur.append(line)
    return [b"".join(s) for s in out]


def changes(repo, a, b):
    """([(status, old, new)] in diff order, reason to skip or None)."""
    raw = repo.git("diff", "-z", "--raw", "--numstat", "-M", "-C", a, b).split(b"\0")
    entries, skip, i = [], None, 0
    while i < len(raw):
        rec = raw[i]
        if rec.startswith(b":"):
            f = rec[1:].split()
            st = f[4].decode()
            if f[0] in (b"120000", b"160000") or f[1] in (b"120000", b"160000"):
                skip = "symbolic link or submodule"
            if st[0] in "RC":
                entries.append((st, raw[i + 1].decode(), raw[i + 2].decode()))
                i += 3
            else:
                entries.append((st, raw[i + 1].decode(), raw[i + 1].decode()))
                i += 2
        elif rec.startswith(b"-\t-\t"):
            skip = "binary file"
            i += 1
        else:
            i += 1
    return entries, skip


def apply_graft(work, patch, *extra):
    return run([GRAFT, "patch", "--root", work, *extra, "-"], cwd=work, stdin=patch, check=False)


def write_files(root, files):
    for p, (data, exe) in files.items():
        f = os.path.join(root, p)
        os.makedirs(os.path.dirname(f), exist_ok=True)
        with open(f, "wb") as fh:
            fh.write(data)
        os.chmod(f, 0o755 if exe else 0o644)


def shifted(name, patch, base_files, targets, tmp):
    """graft --reject and GNU patch on the same shifted files must agree."""
    files = dict(base_files)
    for t in targets:
        data, exe = files[t]
        files[t] = (SHIFT + data, exe)
    sg, sp = os.path.join(tmp, "shift-graft"), os.path.join(tmp, "shift-gnu")
    for d in (sg, sp):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        write_files(d, files)
    pf = os.path.join(tmp, "p.diff")
    with open(pf, "wb") as fh:
        fh.write(patch)
    a = apply_graft(sg, patch, "--reject")
    b = run(["patch", "-p1", "-F0", "-f", "-s", "--no-backup-if-mismatch", "-i", pf], cwd=sp,
            check=False)
    ga, gb = state(sg, skip_rej=True), state(sp, skip_rej=True)
    if a.returncode != b.returncode or ga != gb or rejects(sg) != rejects(sp):
        failures.append(f"{name} (shifted): graft exit {a.returncode}, GNU patch exit "
                        f"{b.returncode}, {describe(ga, gb)}, rejects {rejects(sg)} vs "
                        f"{rejects(sp)}: {a.stderr.decode(errors='replace')[:200]}")
        return False
    return True


def check(name, p, got, want):
    if p.returncode != 0 or got != want:
        failures.append(f"{name}: exit {p.returncode}, {describe(got, want)}: "
                        f"{p.stderr.decode(errors='replace')[:300]}")
        return False
    return True


def targets_of(entries, secs):
    """Files whose content the patch changes (their old names)."""
    return sorted({old for (st, old, _new), sec in zip(entries, secs)
                   if st[0] in "MRC" and b"\n@@ -" in sec})


def replay_tree(repo, name, a, b, tmp):
    """The whole diff a..b on an export of a; the result must be b's tree.
    Returns (replayed?, ok?)."""
    entries, skip = changes(repo, a, b)
    if skip:
        return False, False
    patch = repo.git("diff", "-M", "-C", a, b)
    if not patch:
        return False, False
    work = os.path.join(tmp, "work")
    shutil.rmtree(work, ignore_errors=True)
    repo.export(a, work)
    p = apply_graft(work, patch)
    if not check(name, p, state(work), repo.tree(b)):
        return True, False
    secs = sections(patch)
    if len(secs) != len(entries):
        failures.append(f"{name}: {len(entries)} changes but {len(secs)} sections")
        return True, False
    paths = {x for _st, old, new in entries for x in (old, new)}
    before = repo.tree(a)
    base = {x: (repo.blob(a, x), before[x][1]) for x in sorted(paths) if x in before}
    return True, shifted(name, patch, base, targets_of(entries, secs), tmp)


def own_history(tmp):
    """This repository's commits."""
    repo = Repo(REPO)
    revs = repo.git("rev-list", "--no-merges", "HEAD").decode().split()
    n = ok = skipped = 0
    for c in revs:
        par = run(["git", "rev-parse", "-q", "--verify", c + "^"], cwd=REPO, check=False)
        if par.returncode != 0:
            continue
        done, good = replay_tree(repo, f"graft {c[:10]}", par.stdout.decode().strip(), c, tmp)
        skipped += not done
        n += done
        ok += good
    repo.close()
    return n, ok, skipped


def stdlib_snapshots():
    """(label, directory) of the Python standard libraries on this machine,
    oldest first."""
    roots = []
    # the test driver sets HOME to a scratch directory: ask the password file
    home = pwd.getpwuid(os.getuid()).pw_dir
    pyenv = os.path.join(os.environ.get("PYENV_ROOT", os.path.join(home, ".pyenv")), "versions")
    if os.path.isdir(pyenv):
        for v in os.listdir(pyenv):
            parts = v.split(".")
            if len(parts) == 3 and all(x.isdigit() for x in parts) and parts[0] == "3":
                roots.append((tuple(int(x) for x in parts), v,
                              os.path.join(pyenv, v, "lib", f"python3.{parts[1]}")))
    for minor in range(6, 20):
        d = f"/usr/lib/python3.{minor}"
        # Debian's point release sits before pyenv's of the same minor.
        roots.append(((3, minor, -1), f"debian-python3.{minor}", d))
    return [(label, d) for _key, label, d in sorted(roots)
            if os.path.isfile(os.path.join(d, "os.py"))]


SKIP_DIRS = {"site-packages", "dist-packages", "test", "tests", "__pycache__", "idle_test"}


def build_snapshot_repo(path, snaps):
    """A git repository with one commit per snapshot of the .py files,
    written with git fast-import (no work tree)."""
    os.makedirs(path)
    run(["git", "init", "-q", "--bare", path])
    stream = []
    for k, (label, d) in enumerate(snaps):
        msg = label.encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer t <t@example.com> %d +0000\n" % (1000000000 + k))
        stream.append(b"data %d\n%s\n" % (len(msg), msg))
        stream.append(b"deleteall\n")
        for sub, dirs, files in os.walk(d):
            dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS and not x.startswith("config-"))
            for f in sorted(files):
                src = os.path.join(sub, f)
                if not f.endswith(".py") or os.path.islink(src) or not os.path.isfile(src):
                    continue
                with open(src, "rb") as fh:
                    data = fh.read()
                mode = b"100755" if os.stat(src).st_mode & 0o100 else b"100644"
                rel = ("Lib/" + os.path.relpath(src, d)).encode()
                stream.append(b"M %s inline %s\ndata %d\n" % (mode, rel, len(data)))
                stream.append(data)
                stream.append(b"\n")
    run(["git", "fast-import", "--quiet"], cwd=path, stdin=b"".join(stream))
    repo = Repo(path)
    revs = repo.git("rev-list", "--reverse", "main").decode().split()
    return repo, list(zip([label for label, _ in snaps], revs))


def stdlib_history(tmp):
    snaps = stdlib_snapshots()
    if len(snaps) < 2:
        return 0, 0, 0, 0
    repo, revs = build_snapshot_repo(os.path.join(tmp, "stdlib.git"), snaps)
    n = ok = whole = whole_ok = 0
    for (la, a), (lb, b) in zip(revs, revs[1:]):
        done, good = replay_tree(repo, f"stdlib {la}..{lb} (whole)", a, b, tmp)
        whole += done
        whole_ok += good
        if not done:
            continue
        entries, _ = changes(repo, a, b)
        secs = sections(repo.git("diff", "-M", "-C", a, b))
        before, after = repo.tree(a), repo.tree(b)
        # one patch per top-level module: Lib/<module>[/...]
        groups = {}
        for e, s in zip(entries, secs):
            groups.setdefault("/".join(e[2].split("/")[:2]), []).append((e, s))
        keys = sorted(groups)
        if len(keys) > MAX_GROUPS_PER_BUMP:
            keys = [keys[i * len(keys) // MAX_GROUPS_PER_BUMP] for i in range(MAX_GROUPS_PER_BUMP)]
        for key in keys:
            es = [e for e, _ in groups[key]]
            gsecs = [s for _, s in groups[key]]
            patch = b"".join(gsecs)
            paths = sorted({x for _st, old, new in es for x in (old, new)})
            base = {x: (repo.blob(a, x), before[x][1]) for x in paths if x in before}
            # copy sources stay as they were; every other path named becomes
            # what the new version holds
            want = {x: (blob_id(d), e) for x, (d, e) in base.items()}
            for st, old, new in es:
                if st[0] in "DR":
                    want.pop(old, None)
                if st[0] != "D":
                    want[new] = after[new]
            work = os.path.join(tmp, "gwork")
            shutil.rmtree(work, ignore_errors=True)
            os.makedirs(work)
            write_files(work, base)
            name = f"stdlib {la}..{lb} {key}"
            n += 1
            p = apply_graft(work, patch)
            ok += check(name, p, state(work), want) and \
                shifted(name, patch, base, targets_of(es, gsecs), tmp)
    repo.close()
    return n, ok, whole, whole_ok


def main():
    # tmpfs when there is one: graft fsyncs every file it writes, which on
    # a disk would dominate the run time
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    tmp = tempfile.mkdtemp(prefix="graft-replay-", dir=shm)
    try:
        n1, ok1, skipped = own_history(tmp)
        line = f"replay graft history: {ok1}/{n1} commits ({skipped} skipped: binary or links)"
        print(("ok " if n1 and ok1 == n1 else "not ok ") + line)
        n2, ok2, w, wok = stdlib_history(tmp)
        line = (f"replay stdlib snapshots: {wok}/{w} version bumps whole, "
                f"{ok2}/{n2} module patches")
        if not w:
            line += " (fewer than two Python standard libraries found: pyenv or /usr/lib/python3.X)"
        print(("ok " if n2 and ok2 == n2 and wok == w else "not ok ") + line)
        total = n1 + n2 + w
        print(("ok " if total >= MIN_PATCHES else "not ok ") +
              f"replay total: {total} real patches (at least {MIN_PATCHES})")
        for f in failures[:30]:
            print("  " + f)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
