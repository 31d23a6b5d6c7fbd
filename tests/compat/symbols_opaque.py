"""queries/LANG/opaque.scm against the grammar: no kind listed there may
hold, at any depth, a node of a kind a pattern of queries/LANG/symbols.scm
starts at (graft symbols does not search error-free nodes of those kinds).
The kinds a node may hold come from the grammar's src/node-types.json.

queries/LANG/gate.scm lists words: graft symbols does not search an
error-free node whose text holds none of them, unless the node is of the
tree root's kind. So every kind K a pattern starts at must be one nothing
holds (the root's), or always hold a gate word itself, or be held only by
kinds that are the root's or always hold one. A kind always holds the
strings its rule in the grammar's src/grammar.json cannot do without
(one of the words: in each alternative).

usage: symbols_opaque.py REPO_ROOT; prints "ok NAME" / "not ok NAME"."""
import glob
import json
import os
import re
import sys


def strip_comments(text):
    out = []
    for line in text.splitlines():
        i, in_str = 0, False
        while i < len(line):
            c = line[i]
            if in_str and c == "\\":
                i += 2
                continue
            if c == '"':
                in_str = not in_str
            elif c == ";" and not in_str:
                break
            i += 1
        out.append(line[:i])
    return "\n".join(out)


def top_level(text):
    """The top-level parenthesised/bracketed expressions of a query."""
    exprs, depth, start, in_str, i = [], 0, 0, False, 0
    while i < len(text):
        c = text[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "([":
            if depth == 0:
                start = i
            depth += 1
        elif c in ")]":
            depth -= 1
            if depth == 0:
                exprs.append(text[start:i + 1])
        i += 1
    return exprs


def roots(expr):
    """The kinds a pattern's first node may have (the mirror of q_roots in
    src/syntax/symbols.c)."""
    expr = expr.strip()
    if expr.startswith("["):
        return set().union(*[roots(e) for e in top_level(expr[1:-1])])
    inner = expr[1:].lstrip()
    if inner[:1] in "([":
        return roots(top_level(inner)[0])
    m = re.match(r"[A-Za-z0-9_]+", inner)
    return {m.group(0)}


def grammar_json(root, lang, name):
    """The grammar package's src/NAME (node-types.json, grammar.json)."""
    for pat in (f"node_modules/tree-sitter-{lang}/src/{name}",
                f"node_modules/tree-sitter-{lang}/{lang}/src/{name}",
                f"node_modules/@*/tree-sitter-{lang}/src/{name}"):
        hits = glob.glob(os.path.join(root, pat))
        if hits:
            return json.load(open(hits[0]))
    return None


def node_types(root, lang):
    return grammar_json(root, lang, "node-types.json")


def grammar(root, lang):
    return grammar_json(root, lang, "grammar.json")


def always_holds(rules, rule, words, busy):
    """Every text of rule holds one of the strings words."""
    t = rule["type"]
    if t == "STRING":
        return rule["value"] in words
    if t == "SEQ":
        return any(always_holds(rules, m, words, busy) for m in rule["members"])
    if t == "CHOICE":
        return all(always_holds(rules, m, words, busy) for m in rule["members"])
    if t == "SYMBOL":
        name = rule["name"]
        return (name not in busy and name in rules and
                always_holds(rules, rules[name], words, busy | {name}))
    if t == "REPEAT":
        return False
    if "content" in rule:  # REPEAT1, FIELD, PREC*, TOKEN, ALIAS...
        return always_holds(rules, rule["content"], words, busy)
    return False  # PATTERN, BLANK


def expander(nt):
    """A function: kind -> the kind and, for a supertype, every subtype."""
    sub = {n["type"]: [s["type"] for s in n["subtypes"]] for n in nt if "subtypes" in n}

    def expand(t):
        out, stack = set(), [t]
        while stack:
            x = stack.pop()
            if x not in out:
                out.add(x)
                stack += sub.get(x, [])
        return out

    return expand


def children(nt):
    """kind -> the kinds it may hold as a child (fields and children)."""
    kids = {}
    for n in nt:
        ch = set()
        for f in (n.get("fields") or {}).values():
            ch |= {x["type"] for x in f["types"]}
        if n.get("children"):
            ch |= {x["type"] for x in n["children"]["types"]}
        kids.setdefault(n["type"], set()).update(ch)  # a type may be listed twice (named and anonymous)
    return kids


def holders(nt):
    """kind -> the kinds that may hold it as a child (supertypes expanded)."""
    expand = expander(nt)
    by = {}
    for t, ch in children(nt).items():
        for c in ch:
            for k in expand(c):
                by.setdefault(k, set()).update(expand(t))
    return by


def check_gate(root, lang, f, start):
    g = grammar(root, lang)
    nt = node_types(root, lang)
    if g is None or nt is None:
        return [f"no grammar.json or node-types.json for {lang}"]
    words = set(top_level_strings(strip_comments(open(f).read())))
    if not words:
        return ["no words"]
    by = holders(nt)

    def has_word(k):
        return k in g["rules"] and always_holds(g["rules"], g["rules"][k], words, {k})

    bad = []
    for k in sorted(start):
        if not by.get(k) or has_word(k):
            continue
        for h in sorted(by[k]):
            if by.get(h) and not has_word(h):
                bad.append(f"{k} may be in {h}, which may hold no gate word")
    return bad


def top_level_strings(text):
    """The quoted words of a query made of string patterns only."""
    return re.findall(r'"([^"\\]+)"', text)


def holds(nt):
    """kind -> the kinds it may hold at any depth (supertypes expanded)."""
    expand = expander(nt)
    kids = children(nt)

    def closure(t):
        seen, stack = set(), [t]
        while stack:
            for y in expand(stack.pop()):
                for c in kids.get(y, ()):
                    for z in expand(c):
                        if z not in seen:
                            seen.add(z)
                            stack.append(z)
        return seen

    return {n["type"]: closure(n["type"]) for n in nt}


def main():
    root = sys.argv[1]
    files = sorted(glob.glob(os.path.join(root, "queries/*/opaque.scm")))
    if not files:
        print("not ok opaque: no queries/*/opaque.scm")
    for f in files:
        lang = os.path.basename(os.path.dirname(f))
        name = f"opaque/{lang}"
        nt = node_types(root, lang)
        if nt is None:
            print(f"not ok {name}: no node-types.json for {lang}")
            continue
        start = set()
        for e in top_level(strip_comments(open(os.path.join(os.path.dirname(f), "symbols.scm")).read())):
            start |= roots(e)
        h = holds(nt)
        bad = []
        for e in top_level(strip_comments(open(f).read())):
            for k in roots(e):
                if k not in h:
                    bad.append(f"{k}: not a kind of the grammar")
                elif k in start or h[k] & start:
                    bad.append(f"{k}: may hold {sorted(h[k] & start | ({k} & start))}")
        print(f"ok {name}" if not bad else f"not ok {name}: " + "; ".join(bad))
    for f in sorted(glob.glob(os.path.join(root, "queries/*/gate.scm"))):
        lang = os.path.basename(os.path.dirname(f))
        start = set()
        for e in top_level(strip_comments(open(os.path.join(os.path.dirname(f), "symbols.scm")).read())):
            start |= roots(e)
        bad = check_gate(root, lang, f, start)
        print(f"ok gate/{lang}" if not bad else f"not ok gate/{lang}: " + "; ".join(bad))


main()
