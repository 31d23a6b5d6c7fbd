#!/usr/bin/env python3
"""Differential test: `graft files --hidden` against git's view of the same
tree, `git ls-files --cached --others --exclude-standard`, minus files git
tracks although an ignore rule matches them (graft reads ignore files, not
git's index, so it cannot know those). Prints "ok NAME" / "not ok NAME"."""
import os
import random
import shutil
import subprocess
import sys
import tempfile

GRAFT = os.environ.get("GRAFT", "build/graft")


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def git_view(root, sub=None):
    spec = [sub] if sub else []
    listed = git(root, "ls-files", "--cached", "--others", "--exclude-standard", "-z", *spec)
    tracked_ignored = git(root, "ls-files", "--cached", "--ignored", "--exclude-standard", "-z",
                          *spec)
    files = set(p for p in listed.split("\0") if p)
    files -= set(p for p in tracked_ignored.split("\0") if p)
    # graft skips symlinks, binary files (NUL in the first 8 KiB) and files
    # over its 8 MiB default limit: git lists them all.
    def visible(p):
        full = os.path.join(root, p)
        if os.path.islink(full) or not os.path.isfile(full):
            return False
        if os.path.getsize(full) > 8 << 20:
            return False
        with open(full, "rb") as f:
            return b"\0" not in f.read(8192)
    return sorted(p for p in files if visible(p))


def graft_view(root, sub=None, extra=()):
    args = [GRAFT, "files", "--hidden", "-j", "2", *extra]
    if sub:
        args.append(sub)
    r = subprocess.run(args, cwd=root, capture_output=True)
    if r.returncode not in (0, 1):
        raise RuntimeError("graft files failed: " + r.stderr.decode(errors="replace"))
    return sorted(p for p in r.stdout.decode("utf-8", "surrogateescape").split("\n") if p)


def report(name, got, want):
    if got == want:
        print(f"ok {name} ({len(want)} files)")
        return True
    print(f"not ok {name}")
    g, w = set(got), set(want)
    for p in sorted(w - g)[:15]:
        print(f"  missing from graft: {p}")
    for p in sorted(g - w)[:15]:
        print(f"  extra in graft:     {p}")
    return False


def write(root, rel, content="x\n"):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path) or root, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(content)


def new_repo():
    d = tempfile.mkdtemp(prefix="graft-walk-")
    git(d, "init", "-q")
    return d


# Hand-written scenarios: {path: content}; ignore files are ordinary entries.
SCENARIOS = {
    "negation": {
        ".gitignore": "*.log\n!keep.log\n",
        "a.log": "", "keep.log": "", "sub/b.log": "", "sub/keep.log": "", "c.txt": "",
    },
    "double-star": {
        ".gitignore": "**/tmp\na/**/b\nlogs/**\n**/*.bak\nx**y\n",
        "tmp/f": "", "deep/er/tmp/f": "", "a/b": "", "a/x/b": "", "a/x/y/b": "", "a/c": "",
        "logs/one": "", "logs/d/two": "", "logs": None, "z.bak": "", "q/r.bak": "",
        "xzzy": "", "x/y": "", "xy": "",
    },
    "anchored": {
        ".gitignore": "/root_only.txt\nsub/anchored.txt\n/dir/\n",
        "root_only.txt": "", "sub/root_only.txt": "", "sub/anchored.txt": "",
        "other/sub/anchored.txt": "", "dir/f": "", "sub/dir/f": "",
    },
    "dir-only": {
        ".gitignore": "build/\ncache/\n",
        "build/out.o": "", "src/build/x": "", "cache": "", "sub/cache/y": "", "buildfile": "",
    },
    "escapes-and-spaces": {
        ".gitignore": "\\#hash\n\\!bang\ntrail.txt   \nkeep\\ \n# a comment\n\n\\*star\nq\\?\n",
        "#hash": "", "!bang": "", "trail.txt": "", "keep ": "", "keep": "", "*star": "",
        "astar": "", "q?": "", "qx": "", "# a comment": "",
    },
    "nested-overrides": {
        ".gitignore": "*.txt\n",
        "a.txt": "", "sub/.gitignore": "!important.txt\n", "sub/important.txt": "",
        "sub/other.txt": "", "sub/deeper/.gitignore": "important.txt\n",
        "sub/deeper/important.txt": "", "sub/deeper/x.md": "",
    },
    "excluded-parent-cannot-reinclude": {
        ".gitignore": "dir/\n!dir/file\nd2/*\n!d2/keep\n",
        "dir/file": "", "dir/other": "", "d2/keep": "", "d2/drop": "",
    },
    "classes-and-wildcards": {
        ".gitignore": "[a-c].txt\n[!x]y.md\nfile?.md\n*.[oa]\n[[:digit:]]*.csv\n",
        "a.txt": "", "d.txt": "", "ay.md": "", "xy.md": "", "file1.md": "", "file10.md": "",
        "m.o": "", "m.a": "", "m.so": "", "1x.csv": "", "x1.csv": "",
    },
    "crlf-ignore-file": {
        ".gitignore": "*.tmp\r\n!keep.tmp\r\n",
        "a.tmp": "", "keep.tmp": "", "b.txt": "",
    },
    "hidden-files": {
        ".gitignore": ".secret\n",
        ".env": "", ".secret": "", ".config/app.yml": "", "visible": "",
    },
}


def run_scenario(name, files):
    root = new_repo()
    try:
        for rel, content in files.items():
            if content is None:
                continue
            write(root, rel, content)
        return report(f"walk-vs-git {name}", graft_view(root), git_view(root))
    finally:
        shutil.rmtree(root)


def run_info_exclude_and_excludes_file():
    root = new_repo()
    home = os.environ["HOME"]
    try:
        write(root, ".git/info/exclude", "*.excluded\n")
        gx = os.path.join(home, "global-ignore")
        with open(gx, "w") as f:
            f.write("*.global\n!keep.global\n")
        git(root, "config", "core.excludesFile", gx)
        for rel in ["a.excluded", "b.global", "keep.global", "c.txt", "sub/d.global"]:
            write(root, rel)
        # A .gitignore negation overrides info/exclude (higher precedence).
        write(root, ".gitignore", "!wanted.excluded\n")
        write(root, "wanted.excluded")
        return report("walk-vs-git info-exclude+core.excludesFile", graft_view(root),
                      git_view(root))
    finally:
        git(root, "config", "--unset", "core.excludesFile")
        shutil.rmtree(root)


def run_subdirectory_walk():
    root = new_repo()
    try:
        write(root, ".gitignore", "*.gen\n/sub/top-anchored\n")
        for rel in ["sub/a.gen", "sub/b.c", "sub/top-anchored", "sub/deep/c.c", "other/x"]:
            write(root, rel)
        write(root, "sub/.gitignore", "deep/\n")
        return report("walk-vs-git subdirectory-root", graft_view(root, "sub"),
                      git_view(root, "sub"))
    finally:
        shutil.rmtree(root)


def run_tracked_files():
    root = new_repo()
    try:
        for rel in ["a.py", "b/c.py", "b/d.txt"]:
            write(root, rel)
        git(root, "add", ".")
        git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init")
        write(root, ".gitignore", "*.txt\nnew/\n")
        write(root, "new/e.py")
        write(root, "f.py")
        return report("walk-vs-git tracked+untracked", graft_view(root), git_view(root))
    finally:
        shutil.rmtree(root)


WORDS = ["a", "b", "src", "lib", "test", "x.py", "y.txt", "z.log", "build", "deep", ".hid",
         "n1", "Q"]
PATTERNS = ["*.log", "!*.log", "build/", "/build", "**/deep", "deep/**", "src/**/x.py", "*.txt",
            "!y.txt", "a/", "/a", "b", "!b", "[ab]", "?", "*", "!src", "lib/*.py", "**/n1/**",
            "x.*", "!x.py", "Q", "\\#x", ".hid", "!.hid", "test/", "*/x.py", "/src/*",
            "**/b/**", "n1/", "src/lib/", "!**/deep", "y.txt ", "*.py\\ "]


def run_random(seed):
    rnd = random.Random(seed)
    root = new_repo()
    try:
        paths = set()
        for _ in range(rnd.randint(20, 60)):
            depth = rnd.randint(1, 4)
            parts = [rnd.choice(WORDS) for _ in range(depth)]
            paths.add("/".join(parts))
        # Drop paths that would need a file and a directory of the same name.
        files = sorted(paths)
        files = [p for p in files if not any(q.startswith(p + "/") for q in files)]
        for p in files:
            write(root, p)
        dirs = {""} | {os.path.dirname(p) for p in files}
        for d in sorted(dirs):
            if d and rnd.random() > 0.3:
                continue
            pats = [rnd.choice(PATTERNS) for _ in range(rnd.randint(1, 6))]
            if os.path.isdir(os.path.join(root, d)):
                write(root, os.path.join(d, ".gitignore"), "\n".join(pats) + "\n")
        return report(f"walk-vs-git random seed={seed}", graft_view(root), git_view(root))
    finally:
        shutil.rmtree(root)


def run_real_repository():
    # The graft checkout itself: a real tree with node_modules, build output
    # and nested .gitignore rules.
    top = git(os.getcwd(), "rev-parse", "--show-toplevel").strip()
    return report("walk-vs-git real repository (graft checkout)", graft_view(top),
                  git_view(top))


def main():
    results = []
    for name, files in SCENARIOS.items():
        results.append(run_scenario(name, files))
    results.append(run_info_exclude_and_excludes_file())
    results.append(run_subdirectory_walk())
    results.append(run_tracked_files())
    for seed in range(int(os.environ.get("GRAFT_WALK_SEEDS", "40"))):
        results.append(run_random(seed))
    if subprocess.run(["git", "rev-parse"], capture_output=True).returncode == 0:
        results.append(run_real_repository())
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
