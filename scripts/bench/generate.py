#!/usr/bin/env python3
"""Deterministic inputs for `make bench` (docs/performance.md).

Every output is a function of the arguments alone (sizes and --seed), so two
runs, or two machines, benchmark the same bytes. Standard library only.

  generate.py rules partitioned OUT [--collaborations 100] [--scenarios-per 100] [--seed 1]
      100 scenarios per collaboration partitioning 3 enumerated facts of
      5*5*4 values, 2 products each, a shared procedure, emails and a
      precondition; 8 facts. One file per collaboration, plus ruleset.yaml
      and facts.yaml (102 files for 100 collaborations).
  generate.py rules wide OUT [--scenarios 10000] [--seed 1]
      One collaboration whose scenarios are each one cell of 6 enumerated
      facts of 5*5*5*5*4*4 values, 10 000 cells; with a smaller --scenarios,
      the grid of the longest prefix of those facts with at most that many
      cells (so the scenarios still partition it). 18 more facts are only
      read in an email. 24 facts.
  generate.py rules staircase OUT [--facts 24] [--values 4] [--break none|gap|overlap]
      One collaboration, facts+1 scenarios: scenario i tests facts 0..i-1
      in [b, c, ...] and fact i = a; the last tests every fact in [b, c, ...].
      They cover the values**facts combinations exactly once; --break gap
      drops one value from the last scenario, --break overlap widens the
      first scenario's first test to every value.
  generate.py requests OUT.jsonl [--count 10000] [--seed 1]
      JSON Lines requests for the shipped Rules/: every relation and both
      products; about 1 in 20 has no task (its precondition is unmet).
"""
import argparse
import json
import os
import random
import sys

WORDS = ("payroll salary invoice employee office customer service portal report period "
         "approval account ledger tax holiday schedule contract pension benefit expense").split()


def sentence(rng, words=12):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def quote(text):
    return json.dumps(text, ensure_ascii=False)


def ruleset_header(name):
    return f"kind: ruleset\nname: {quote(name)}\nformat: 1\n"


def shared_declarations(rng, facts_read):
    """A procedure, a precondition and two emails every collaboration uses."""
    body = "\n".join(f"  {{{{{fact}}}}} {sentence(rng, 4)}" for fact in facts_read)
    return f"""---
kind: procedure
id: open-offer
steps:
  - Go to Customers.
  - "Select the customer: {{{{customer.name}}}}."
  - Select the tab Collaborations.
  - Click on Read more under {{{{collaboration.title}}}}.
---
kind: precondition
id: connected-task
summary: The customer has a task connected to it.
check:
  customer.tasks: non-empty
unmet: Connect a task to {{{{customer.name}}}} first.
---
kind: email
id: approve-collaboration
to: customer.email
subject: "{{{{office.name}}}} has activated {{{{product.name}}}}"
body: |
  Hello {{{{customer.name}}}},
{body}
  Kind regards, {{{{office.name}}}}
---
kind: email
id: approve-terms
to: administrator
subject: "Approve the terms for {{{{product.name}}}}"
body: |
  You are the administrator of {{{{customer.name}}}} on {{{{portal}}}} ({{{{administrator.email}}}}).
  {sentence(rng)}
"""


def scenario(rng, ident, collaboration, when, products=None):
    kind = rng.randrange(3)
    lines = [
        "---", "kind: scenario", f"id: {ident}", f"title: {quote(sentence(rng, 3))}",
        f"collaboration: {collaboration}", "when:",
    ]
    lines += [f"  {fact}: {value}" for fact, value in when]
    lines += ["steps:", "  - use: open-offer", f"  - {quote(sentence(rng, 4))}", "  - \"Select a task: {{task}}.\"", "effects:",
              "  - activate-collaboration"]
    if kind >= 1:
        lines.append("  - activate-service")
    if kind == 2:
        lines += ["  - create-administrator:", "      portal: vismaspcs.se", "      email: customer.email",
                  "  - send-email:", "      template: approve-terms",
                  "awaits:", "  who: administrator", "  approves: terms", "  where: Mina tjänster on {{portal}}"]
    else:
        lines += ["  - send-email:", "      template: approve-collaboration",
                  "awaits:", "  who: customer", "  approves: collaboration", "  where: Mina tjänster on vismaspcs.se"]
    lines.append(f"outcome: {quote(sentence(rng, 5) + ' {{customer.name}}.')}")
    if kind >= 1:
        lines += ["then:", "  - Activate the service ({{service.name}})."]
    return "\n".join(lines) + "\n"


def values(prefix, count):
    return [f"{prefix}{index}" for index in range(count)]


def rules_partitioned(out, args):
    rng = random.Random(args.seed)
    os.makedirs(out, exist_ok=True)
    dims = [("customer.segment", values("s", 5)), ("customer.size", values("z", 5)), ("customer.region", values("r", 4))]
    facts = ["kind: facts", "office:", "  name: text", "customer:", "  name: text", "  email: email", "  tasks: list",
             "  payroll: bool"]
    for fact, allowed in dims:
        facts.append(f"  {fact.split('.')[1]}:\n    one-of: [{', '.join(allowed)}]")
    write(os.path.join(out, "facts.yaml"), "\n".join(facts) + "\n")
    write(os.path.join(out, "ruleset.yaml"),
          ruleset_header("Benchmark: partitioned") + shared_declarations(rng, ["customer.name", "office.name", "customer.payroll"]))
    cells = [(a, b, c) for a in dims[0][1] for b in dims[1][1] for c in dims[2][1]]
    for number in range(args.collaborations):
        cid = f"c{number:04d}"
        text = [f"kind: collaboration\nid: {cid}\ntitle: {quote('Collaboration ' + cid)}\nproducts: [{cid}-a, {cid}-b]\nrequires: [connected-task]\n",
                f"---\nkind: product\nid: {cid}-a\nname: {quote('Product A of ' + cid)}\nincludes: [{cid}-b]\n",
                f"---\nkind: product\nid: {cid}-b\nname: {quote('Product B of ' + cid)}\nactivated-through: {cid}-a\n"]
        for index in range(args.scenarios_per):
            cell = cells[index % len(cells)]
            when = [(fact, value) for (fact, _), value in zip(dims, cell)]
            if index >= len(cells):
                when.append(("customer.payroll", "true"))
            text.append(scenario(rng, f"{cid}-s{index:03d}", cid, when))
        write(os.path.join(out, f"{cid}.yaml"), "".join(text))


def rules_wide(out, args):
    rng = random.Random(args.seed)
    os.makedirs(out, exist_ok=True)
    radices = [5, 5, 5, 5, 4, 4]
    tested = [f"customer.t{index}" for index in range(len(radices))]
    total, used = 1, 0
    while used < len(radices) and total * radices[used] <= args.scenarios:
        total *= radices[used]
        used += 1
    tested, radices = tested[:used], radices[:used]
    read = [f"customer.r{index:02d}" for index in range(18)]
    facts = ["kind: facts", "office:", "  name: text", "customer:"]
    for fact, radix in zip(tested, radices):
        facts.append(f"  {fact.split('.')[1]}:\n    one-of: [{', '.join(values('v', radix))}]")
    # 18 more, read only in the email (office.name, customer.name/email/tasks among them).
    facts += ["  name: text", "  email: email", "  tasks: list"]
    facts += [f"  {fact.split('.')[1]}: text" for fact in read[4:]]
    read = ["customer.name", "office.name"] + read[4:]
    write(os.path.join(out, "facts.yaml"), "\n".join(facts) + "\n")
    text = [ruleset_header("Benchmark: wide") + shared_declarations(rng, read)]
    text.append("---\nkind: collaboration\nid: wide\ntitle: Wide\nproducts: [p]\nrequires: [connected-task]\n"
                "---\nkind: product\nid: p\nname: The product\n")
    for index in range(total):
        digits, rest = [], index
        for radix in reversed(radices):
            digits.append(rest % radix)
            rest //= radix
        digits.reverse()
        when = [(fact, f"v{digit}") for fact, digit in zip(tested, digits)]
        text.append(scenario(rng, f"w{index:05d}", "wide", when))
    write(os.path.join(out, "rules.yaml"), "".join(text))


def rules_staircase(out, args):
    rng = random.Random(args.seed)
    os.makedirs(out, exist_ok=True)
    names = values("v", args.values)
    first, rest = names[0], names[1:]
    facts = ["kind: facts", "office:", "  name: text", "customer:", "  name: text", "  email: email", "  tasks: list"]
    facts += [f"  f{index:02d}:\n    one-of: [{', '.join(names)}]" for index in range(args.facts)]
    write(os.path.join(out, "facts.yaml"), "\n".join(facts) + "\n")
    text = [ruleset_header("Benchmark: staircase") + shared_declarations(rng, ["customer.name"])]
    text.append("---\nkind: collaboration\nid: stairs\ntitle: Stairs\nproducts: [p]\nrequires: [connected-task]\n"
                "---\nkind: product\nid: p\nname: The product\n")
    for step in range(args.facts + 1):
        when = [(f"customer.f{index:02d}", f"[{', '.join(rest)}]") for index in range(step)]
        if step < args.facts:
            when.append((f"customer.f{step:02d}", first))
        if args.break_ == "gap" and step == args.facts:
            when[-1] = (when[-1][0], f"[{', '.join(rest[:-1])}]")
        if args.break_ == "overlap" and step == 0:
            when[0] = (when[0][0], f"[{', '.join(names)}]")
        text.append(scenario(rng, f"step{step:02d}", "stairs", when))
    write(os.path.join(out, "rules.yaml"), "".join(text))


def requests(out, args):
    rng = random.Random(args.seed)
    relations = ["has-subscription", "registered", "not-registered"]
    products = ["lon-anstalld", "min-lon"]
    with open(out, "w", encoding="utf-8") as f:
        for index in range(args.count):
            tasks = [] if rng.randrange(20) == 0 else [f"Löneadministration {2020 + rng.randrange(7)}"]
            request = {
                "office": {"name": f"Byrå {rng.choice(WORDS).capitalize()} AB"},
                "customer": {"id": f"{index:09d}", "name": f"Kund {index} AB",
                             "email": f"kund{index}@example.se", "relation": rng.choice(relations), "tasks": tasks},
                "product": rng.choice(products),
                "collaboration": "digitala-tillval",
            }
            if tasks:
                request["task"] = tasks[0]
            f.write(json.dumps(request, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    rules = sub.add_parser("rules")
    rules.add_argument("shape", choices=["partitioned", "wide", "staircase"])
    rules.add_argument("out")
    rules.add_argument("--collaborations", type=int, default=100)
    rules.add_argument("--scenarios-per", type=int, default=100)
    rules.add_argument("--scenarios", type=int, default=10000)
    rules.add_argument("--facts", type=int, default=24)
    rules.add_argument("--values", type=int, default=4)
    rules.add_argument("--break", dest="break_", choices=["none", "gap", "overlap"], default="none")
    rules.add_argument("--seed", type=int, default=1)
    reqs = sub.add_parser("requests")
    reqs.add_argument("out")
    reqs.add_argument("--count", type=int, default=10000)
    reqs.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.what == "requests":
        requests(args.out, args)
    else:
        {"partitioned": rules_partitioned, "wide": rules_wide, "staircase": rules_staircase}[args.shape](args.out, args)


if __name__ == "__main__":
    main(sys.argv[1:])
