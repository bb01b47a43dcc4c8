#!/usr/bin/env python3
"""`make bench`: each workload of issue 11 next to its floor, measured in the same run.

Every figure is the median of --runs runs (wall time; peak resident memory of
the process from wait4). The floors run interleaved with the workloads, on
the same inputs, so a busy or slow machine moves both and the ratio holds:

  check   libyaml parsing the same files event by event (yaml-floor.c)
  plan    Foundation's JSONDecoder decoding the same requests and JSONEncoder
          encoding results of the same size and shape (json-floor.swift)
  apply   the rows the store holds after the run, inserted again with plain SQL
          in one WAL transaction through the same SQLite (sqlite-floor.c)

Inputs come from generate.py, deterministic from --seed; sizes are options.
The table goes to standard output, the figures to --json (docs/performance.md
says how to read them). Standard library only. Nothing here is a test:
`make test` never runs it, and no figure fails anything (--check makes the
exit code say whether every target was met, for whoever wants that).
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(command, stdout=subprocess.DEVNULL, cwd=None, env=None):
    """Runs `command`; returns (seconds, peak RSS in MiB). Fails loudly on a bad exit."""
    start = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        process = subprocess.Popen(command, stdout=stdout if stdout is not subprocess.DEVNULL else devnull,
                                   stderr=subprocess.PIPE, cwd=cwd, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        stderr = process.stderr.read().decode(errors="replace")
        process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024.0, code, stderr


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.tillval = os.path.abspath(args.tillval)
        self.tools = os.path.abspath(args.tools)
        self.rows = []

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def generate(self, name, kind, options=()):
        """generate.py's output for `kind` (["rules", SHAPE] or ["requests"]) and `options`, made once per argument list."""
        argv = list(kind) + list(options)
        target = self.path("inputs", name)
        stamp = target + ".args"
        wanted = json.dumps(argv)
        if os.path.exists(stamp) and open(stamp).read() == wanted:
            return target
        if os.path.isdir(target):
            shutil.rmtree(target)
        elif os.path.exists(target):
            os.remove(target)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py")] + list(kind) + [target] + list(options) +
                       ["--seed", str(self.args.seed)], check=True)
        with open(stamp, "w") as f:
            f.write(wanted)
        return target

    def measure(self, name, prepare, command, expect=(0,), reported=None):
        """`--runs` runs of `command` (a list, or a function of the run number); medians.
        `reported` reads the time from the program's standard error instead (a floor that times its own loop)."""
        times, memories = [], []
        for index in range(self.args.runs):
            if prepare:
                prepare(index)
            argv = command(index) if callable(command) else command
            seconds, memory, code, stderr = run(argv)
            if code not in expect:
                print(f"bench: {name}: exit {code} from {' '.join(argv)}\n{stderr[-1500:]}", file=sys.stderr)
                return {"median_s": seconds, "runs_s": [seconds], "peak_mib": memory, "error": f"exit {code}"}
            if reported:
                seconds = reported(stderr)
            times.append(seconds)
            memories.append(memory)
        return {"median_s": statistics.median(times), "runs_s": times, "peak_mib": max(memories)}

    def add(self, workload, size, measured, floor_name, floor, target, met, note=""):
        ratio = measured["median_s"] / floor["median_s"] if floor and floor["median_s"] > 0 else None
        if "error" in measured or (floor and "error" in floor):
            met, note = (lambda m, r: False), f"FAILED: {measured.get('error') or floor.get('error')} {note}"
        row = {"workload": workload, "size": size, **measured, "floor": floor_name,
               "floor_median_s": floor["median_s"] if floor else None,
               "floor_runs_s": floor["runs_s"] if floor else None,
               "ratio": ratio, "target": target, "met": met(measured, ratio) if met else None, "note": note}
        self.rows.append(row)
        print(self.line(row), flush=True)

    @staticmethod
    def header():
        return (f"{'workload':<34} {'size':>10} {'median':>9} {'peak':>8} {'floor':>9} {'ratio':>6}  target\n"
                + "-" * 110)

    @staticmethod
    def line(row):
        floor = f"{row['floor_median_s']:.3f}s" if row["floor_median_s"] is not None else "-"
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
        met = {True: "met", False: "NOT MET", None: ""}[row["met"]]
        return (f"{row['workload']:<34} {row['size']:>10} {row['median_s']:>8.3f}s {row['peak_mib']:>6.1f}MB "
                f"{floor:>9} {ratio:>6}  {row['target']} {met} {row['note']}").rstrip()

    def yaml_files(self, directory):
        return sorted(os.path.join(d, f) for d, _, files in os.walk(directory) for f in files if f.endswith(".yaml"))

    # --- check ---------------------------------------------------------------

    def check(self, label, directory, target, met, expect=(0,)):
        files = self.yaml_files(directory)
        floor = self.measure(label + " floor", None, [os.path.join(self.tools, "yaml-floor")] + files)
        measured = self.measure(label, None, [self.tillval, "check", directory], expect=expect)
        total = sum(os.path.getsize(f) for f in files)
        size = f"{total / 1e6:.1f}MB" if total >= 1e5 else f"{total / 1e3:.0f}kB"
        self.add(label, size, measured, "libyaml events", floor, target, met)
        return measured

    def check_workloads(self):
        a = self.args
        for collaborations in a.check_collaborations:
            directory = self.generate(f"partitioned-{collaborations}",
                                      ["rules", "partitioned"], ["--collaborations", str(collaborations)])
            self.check(f"check partitioned ({collaborations} collab.)", directory,
                       "<= 2x floor, < 100 MB" if collaborations <= 100 else "<= 2x floor (in proportion)",
                       (lambda m, r: r is not None and r <= 2 and m["peak_mib"] < 100) if collaborations <= 100
                       else (lambda m, r: r is not None and r <= 2))
        wide = self.generate(f"wide-{a.wide_scenarios}", ["rules", "wide"], ["--scenarios", str(a.wide_scenarios)])
        self.check(f"check wide ({a.wide_scenarios} scen., 24 facts)", wide, "< 1 s", lambda m, r: m["median_s"] < 1)
        stairs = self.generate(f"staircase-{a.staircase_facts}", ["rules", "staircase"], ["--facts", str(a.staircase_facts)])
        self.check(f"check staircase ({a.staircase_facts} facts)", stairs, "proven, < 0.1 s",
                   lambda m, r: m["median_s"] < 0.1)

    # --- plan ----------------------------------------------------------------

    def plan_workloads(self):
        a = self.args
        plan_file = self.path("Rules.plan.json")
        subprocess.run([self.tillval, "compile", os.path.join(ROOT, "Rules"), "-o", plan_file], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sample = self.path("sample.json")
        peaks, times = {}, {}
        for count in a.plan_requests:
            requests = self.generate(f"requests-{count}.jsonl", ["requests"], ["--count", str(count)])
            if not os.path.exists(sample):
                with open(sample, "wb") as out:
                    head = self.path("sample.jsonl")
                    with open(requests, "rb") as source, open(head, "wb") as f:
                        for index, line in enumerate(source):
                            if index >= 1000:
                                break
                            f.write(line)
                    subprocess.run([self.tillval, "plan", head, "--plan", plan_file, "--source-rules",
                                    os.path.join(ROOT, "Rules"), "--format", "json"], stdout=out)
            floor = self.measure(f"plan {count} floor", None, [os.path.join(self.tools, "json-floor"), requests, sample],
                                 reported=lambda stderr: float(stderr.rsplit("loop: ", 1)[1].split()[0]))
            measured = self.measure(f"plan {count}", None,
                                    [self.tillval, "plan", requests, "--plan", plan_file, "--source-rules",
                                     os.path.join(ROOT, "Rules"), "--format", "json", "--max-input-size", "64G"],
                                    expect=(0, 2))  # 2: the batch has requests whose preconditions are unmet, on purpose
            peaks[count] = measured["peak_mib"]
            times[count] = measured["median_s"]
            self.add("plan --format json", f"{count} req.", measured, "JSON decode+encode", floor, "<= 3x floor",
                     lambda m, r: r is not None and r <= 3)
        if len(peaks) > 1:
            small, large = min(peaks), max(peaks)
            growth = peaks[large] / peaks[small]
            self.rows.append({"workload": "plan memory growth", "size": f"{small} -> {large}", "ratio": growth,
                              "target": "<= 1.10", "met": growth <= 1.10})
            print(f"{'plan peak memory, ' + str(large) + ' vs ' + str(small) + ' requests':<34} {'':>10} "
                  f"{peaks[large]:>7.1f}MB vs {peaks[small]:.1f}MB: x{growth:.2f}  <= 1.10 "
                  f"{'met' if growth <= 1.10 else 'NOT MET'}", flush=True)
            # Linear time: the time per request of the largest batch against the smallest
            # (which also pays the start-up, so a ratio under 1 is normal).
            per = (times[large] / large) / (times[small] / small)
            self.rows.append({"workload": "plan time per request growth", "size": f"{small} -> {large}", "ratio": per,
                              "target": "<= 1.20 (linear)", "met": per <= 1.20})
            print(f"{'plan time per request, ' + str(large) + ' vs ' + str(small):<34} {'':>10} "
                  f"{1e6 * times[large] / large:>7.1f}us vs {1e6 * times[small] / small:.1f}us: x{per:.2f}  <= 1.20 (linear) "
                  f"{'met' if per <= 1.20 else 'NOT MET'}", flush=True)

    # --- apply ---------------------------------------------------------------

    def apply_workloads(self):
        a = self.args
        plan_file = self.path("Rules.plan.json")
        if not os.path.exists(plan_file):
            subprocess.run([self.tillval, "compile", os.path.join(ROOT, "Rules"), "-o", plan_file], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for count in a.apply_requests:
            requests = self.generate(f"requests-{count}.jsonl", ["requests"], ["--count", str(count)])
            store = self.path("apply", "store.sqlite")
            env_command = [self.tillval, "apply", requests, "--plan", plan_file, "--source-rules",
                           os.path.join(ROOT, "Rules"), "--store", store, "--format", "json", "--max-input-size", "64G"]

            def fresh(_):
                shutil.rmtree(self.path("apply"), ignore_errors=True)
                os.makedirs(self.path("apply"))
            # Unmet preconditions make `apply` exit 2; they are part of the batch on purpose.
            measured = self.measure(f"apply {count}", fresh, env_command, expect=(0, 2))
            floor_target = self.path("floor.sqlite")

            def clean_floor(_):
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(floor_target + suffix):
                        os.remove(floor_target + suffix)
            floor = self.measure(f"apply {count} floor", clean_floor,
                                 [os.path.join(self.tools, "sqlite-floor"), store, floor_target])
            self.add("apply, fresh store", f"{count} req.", measured, "plain SQL, 1 WAL txn", floor,
                     "<= 3x floor, < 100 MB", lambda m, r: r is not None and r <= 3 and m["peak_mib"] < 100)
            again = self.measure(f"apply {count} again", None, env_command, expect=(0, 2))
            self.add("apply again, all unchanged", f"{count} req.", again, "apply, fresh store", measured,
                     "<= 1x fresh, < 100 MB", lambda m, r: r is not None and r <= 1 and m["peak_mib"] < 100)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tillval", default=os.path.join(ROOT, ".build/release/tillval"))
    parser.add_argument("--tools", default=os.path.join(ROOT, ".build-bench/tools"), help="where the floors are built")
    parser.add_argument("--work", default=os.path.join(ROOT, ".build-bench"), help="inputs, stores and results")
    parser.add_argument("--json", default=None, help="where the figures go (default WORK/results.json)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["check", "plan", "apply"], action="append")
    parser.add_argument("--check-collaborations", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--wide-scenarios", type=int, default=10000)
    parser.add_argument("--staircase-facts", type=int, default=24)
    parser.add_argument("--plan-requests", type=int, nargs="+", default=[10000, 1000000])
    parser.add_argument("--apply-requests", type=int, nargs="+", default=[100000])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    args = parser.parse_args(argv)
    bench = Bench(args)
    os.makedirs(bench.work, exist_ok=True)
    print(f"tillval bench: {args.runs} runs each, medians; seed {args.seed}; {bench.tillval}")
    print(Bench.header(), flush=True)
    only = args.only or ["check", "plan", "apply"]
    if "check" in only:
        bench.check_workloads()
    if "plan" in only:
        bench.plan_workloads()
    if "apply" in only:
        bench.apply_workloads()
    result = {
        "format": 1, "seed": args.seed, "runs": args.runs, "binary": bench.tillval,
        "machine": {"system": platform.system(), "machine": platform.machine(), "cpus": os.cpu_count(),
                    "python": platform.python_version()},
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "workloads": bench.rows,
    }
    target = args.json or os.path.join(bench.work, "results.json")
    with open(target, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"\nfigures written to {target}")
    if args.check and any(row.get("met") is False for row in bench.rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
