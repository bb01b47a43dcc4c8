#!/usr/bin/env python3
"""Writes a rule set of a hostile shape, for measuring how `tillval check`
grows with the size of its input (docs/reliability.md, "Size and growth").

    scripts/hostile-rules.py SHAPE N DIR

DIR is created (it must not exist) and holds a small valid rule set plus the
hostile file `hostile.yaml`. Shapes:

  includes-flow   one product with N unknown ids in a one-line `includes: [...]`
  includes-block  the same as a block list, one `- id` per line
  unknown-keys    one product with N unknown keys
  list-items      one product whose `name` is a list of N items (one error)
  quoted-flow     one product whose `includes` is a one-line flow list of N quoted known ids
  apostrophe      a plain scalar with an apostrophe, then N nested `[`
  huge-scalar     one product whose `name` is a plain scalar of N bytes
  huge-file       one file of N bytes (comment lines after a valid product)
  many-files      N small rule files
  many-offered    a collaboration offering N products, a scenario whose `when`
                  lists them all, and N scenarios of their own collaborations
"""
import os
import sys

BASE = {
    "ruleset.yaml": "kind: ruleset\nname: Hostile\nformat: 1\n",
    "facts.yaml": "kind: facts\ncustomer:\n  name: text\n",
    "collaboration.yaml": "kind: collaboration\nid: c\ntitle: C\nproducts: [p]\n",
    "scenario.yaml": "kind: scenario\nid: s\ntitle: S\ncollaboration: c\nwhen: {}\neffects: [activate-collaboration]\n",
}


def hostile(shape, n):
    head = "kind: product\nid: p\nname: P\n"
    if shape == "includes-flow":
        return head + "includes: [" + ", ".join(f"unknown-{i}" for i in range(n)) + "]\n"
    if shape == "includes-block":
        return head + "includes:\n" + "".join(f"  - unknown-{i}\n" for i in range(n))
    if shape == "unknown-keys":
        return head + "".join(f"unknown-key-{i}: x\n" for i in range(n))
    if shape == "list-items":
        return "kind: product\nid: p\nname:\n" + "".join(f"  - item-{i}\n" for i in range(n))
    if shape == "quoted-flow":
        known = "".join(f"---\nkind: product\nid: q{i}\nname: Q\n" for i in range(10))
        return head + "includes: [" + ", ".join(f"'q{i % 10}'" for i in range(n)) + "]\n" + known
    if shape == "apostrophe":
        return head + "doc: the customer's rules\nx: " + "[" * n + "]" * n + "\n"
    if shape == "huge-scalar":
        return "kind: product\nid: p\nname: " + "a" * n + "\n"
    if shape == "huge-file":
        line = "# " + "x" * 77 + "\n"
        return head + line * (n // len(line))
    raise SystemExit(f"unknown shape {shape!r}")


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    shape, n, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(directory)
    for name, text in BASE.items():
        with open(os.path.join(directory, name), "w") as f:
            f.write(text)
    if shape == "many-offered":
        ids = [f"p{i}" for i in range(n)]
        products = "".join(f"---\nkind: product\nid: {i}\nname: P\n" for i in ids)
        collaborations = "".join(f"---\nkind: collaboration\nid: c{i}\ntitle: C\nproducts: [p{i}]\n" for i in range(n))
        scenarios = "".join(f"---\nkind: scenario\nid: s{i}\ntitle: S\ncollaboration: c{i}\nwhen: {{}}\neffects: [activate-collaboration]\n" for i in range(n))
        many = ("---\nkind: collaboration\nid: many\ntitle: M\nproducts: [" + ", ".join(ids) + "]\n"
                "---\nkind: scenario\nid: many\ntitle: M\ncollaboration: many\nwhen:\n  product: [" + ", ".join(ids) + "]\n"
                "effects: [activate-collaboration]\n")
        with open(os.path.join(directory, "hostile.yaml"), "w") as f:
            f.write("kind: product\nid: p\nname: P\n" + products + collaborations + scenarios + many)
        return
    if shape == "many-files":
        for i in range(n):
            with open(os.path.join(directory, f"p{i:07}.yaml"), "w") as f:
                f.write(f"kind: product\nid: x{i}\nname: X\n")
        with open(os.path.join(directory, "hostile.yaml"), "w") as f:
            f.write("kind: product\nid: p\nname: P\n")
        return
    with open(os.path.join(directory, "hostile.yaml"), "w") as f:
        f.write(hostile(shape, n))


if __name__ == "__main__":
    main()
