#!/usr/bin/env python3
"""Turns the per-run JSON files of bench/peers.sh into the ratio table of issue 7 (item 5).

Each run directory (RUNS/run1, RUNS/run2, ...) holds what one round of the benchmarks wrote:
server.json, redis.json, nats.json (bench_json.hpp), timer.json and ring.json (Google Benchmark
--benchmark_out) and loadavg.txt. A ratio
is computed within each run (both sides measured minutes apart at most), then summarised over the
runs as median [min-max]. Prints the table, writes every figure and run to --out as JSON, and
with --guard exits 1 when a ratio's median is below its guard, naming it.
"""
import argparse
import json
import pathlib
import statistics
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def gbench(paths):
    """Google Benchmark JSON files -> {"rearm/wheel/1000000": [entry, ...]} (iterations only)."""
    out = {}
    for path in paths:
        for b in load(path)["benchmarks"]:
            if b.get("run_type") != "iteration":
                continue
            key = "/".join(b["name"].split("/")[:3])
            out.setdefault(key, []).append(b)
    return out


def counter(entries, key, name):
    """Best (lowest) value over the repetitions of a cost counter of benchmark `key`, None when
    missing. The best, not the median: on a shared 2-core box a repetition whose spinning
    thread lost its core to another job takes up to 100x longer (seen: 5 ns and 989 ns in one
    run), and such noise only ever adds time. (One exception, a slower box making the mutex
    queue faster when both threads share a core, favours the baseline, never us.)"""
    values = [e[name] for e in entries.get(key, []) if name in e]
    return min(values) if values else None


def run_figures(run):
    """Every raw figure of one run, by name."""
    server, redis, nats = (load(run / n) for n in ("server.json", "redis.json", "nats.json"))
    timer, ring = gbench([run / "timer.json"]), gbench([run / "ring.json"])
    n = "1000000"
    return {
        "sb_routed": server["routed_assignments_per_s"],
        "redis": redis["redis_assignments_per_s"],
        "redis_how": f'{redis["redis_best_mode"]}, {int(redis["redis_best_connections"])} conn',
        "sb_relay": server["relay_events_per_s"],
        "nats": nats["nats_messages_per_s"],
        "nats_how": f'flush every {int(nats["nats_best_flush_every"])}',
        "wheel_rearm": counter(timer, f"rearm/wheel/{n}", "rearm_ns"),
        "asio_rearm": counter(timer, f"rearm/asio/{n}", "rearm_ns"),
        "wheel_bytes": counter(timer, f"memory/wheel/{n}", "churned_B"),
        "asio_bytes": counter(timer, f"memory/asio/{n}", "churned_B"),
        "ours64": counter(ring, "handoff/ours/64", "ns_per_event"),
        "boost64": counter(ring, "handoff/boost_spsc/64", "ns_per_event"),
        "mutex64": counter(ring, "handoff/mutex_deque/64", "ns_per_event"),
        "mutex1": counter(ring, "handoff/mutex_deque/1", "ns_per_event"),
        "load": (run / "loadavg.txt").read_text().split()[0] if (run / "loadavg.txt").exists() else "?",
    }


# (name, ours key, peer key, ratio(ours, peer), unit, goal, guard, guard reason, peer label key)
# Throughputs: ours / peer. Costs (ns, bytes): peer / ours. Guards: half the goal, except the
# mutex batched row, which unchanged code measures below half its goal (not guarded); peers.sh
# explains it.
ROWS = [
    ("end-to-end assignments/s vs Redis round-robin", "sb_routed", "redis",
     lambda o, p: o / p, "/s", 25.0, 12.5, "half goal", "redis_how"),
    ("relay events/s vs nats-server", "sb_relay", "nats",
     lambda o, p: o / p, "/s", 0.25, 0.125, "half goal", "nats_how"),
    ("timer re-arm at 1 M armed, wheel vs asio::steady_timer", "wheel_rearm", "asio_rearm",
     lambda o, p: p / o, "ns", 20.0, 10.0, "half goal", None),
    ("memory per armed timer (after churn), wheel vs asio", "wheel_bytes", "asio_bytes",
     lambda o, p: p / o, "B", 4.0, 2.0, "half goal", None),
    ("ring hand-off batched 64, ours vs boost spsc", "ours64", "boost64",
     lambda o, p: p / o, "ns", 0.9, 0.45, "half goal", None),
    ("ring batched ours vs mutex+deque, one lock per event", "ours64", "mutex1",
     lambda o, p: p / o, "ns", 20.0, 10.0, "half goal", None),
    ("ring batched ours vs mutex+deque, one lock per 64", "ours64", "mutex64",
     lambda o, p: p / o, "ns", 20.0, None, "not guarded: see bench/peers.sh", None),
]


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def human(value, unit):
    if unit == "/s":
        return f"{value / 1e3:.0f} k/s" if value < 1e6 else f"{value / 1e6:.2f} M/s"
    return f"{value:.1f} {unit}"


def summarise(runs):
    figures = []
    for name, ours, peer, ratio, unit, goal, guard, why, how in ROWS:
        usable = [r for r in runs if r[ours] and r[peer]]
        if not usable:
            figures.append({"figure": name, "missing": True, "goal": goal, "guard": guard})
            continue
        ratios = spread([ratio(r[ours], r[peer]) for r in usable])
        figures.append({
            "figure": name, "unit": unit, "goal": goal, "guard": guard, "guard_reason": why,
            "switchboard": spread([r[ours] for r in usable]),
            "peer": spread([r[peer] for r in usable]),
            "peer_config": sorted({r[how] for r in usable}) if how else [],
            "ratio": ratios, "runs": len(usable),
            "met": ratios["median"] >= goal,
            "guard_ok": guard is None or ratios["median"] >= guard,
        })
    return figures


def print_table(figures, runs):
    print(f"\n{'figure':<56} | {'Switchboard':>11} | {'peer':>11} | "
          f"{'ratio median [min-max]':<24} | {'goal':>6} | status")
    print("-" * 132)
    for f in figures:
        if f.get("missing"):
            print(f"{f['figure']:<56} | {'':>11} | {'':>11} | {'MISSING':<24} | "
                  f"{f['goal']:>5}x | MISSING")
            continue
        r = f["ratio"]
        ratio = f"{r['median']:.2f}x [{r['min']:.2f}-{r['max']:.2f}]"
        if f["guard"] is None:
            guard = ", not guarded"
        elif f["guard_ok"]:
            guard = f", guard >= {f['guard']}x ok"
        else:
            guard = f", BELOW GUARD {f['guard']}x"
        status = ("met" if f["met"] else "MISSED") + guard
        print(f"{f['figure']:<56} | {human(f['switchboard']['median'], f['unit']):>11} | "
              f"{human(f['peer']['median'], f['unit']):>11} | {ratio:<24} | {f['goal']:>5}x | "
              f"{status}")
    print(f"\n{len(runs)} runs; load average (1 min) at the start of each: "
          + ", ".join(r["load"] for r in runs))
    for f in figures:
        if f.get("peer_config"):
            print(f"  {f['figure']}: peer's fastest configurations over the rounds: "
                  + "; ".join(f["peer_config"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("runs_dir", type=pathlib.Path)
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--machine", type=pathlib.Path, help="key: value lines from peers.sh")
    parser.add_argument("--mode", default="full")
    parser.add_argument("--guard", action="store_true", help="exit 1 below a guard")
    args = parser.parse_args()
    run_dirs = sorted(args.runs_dir.glob("run*"), key=lambda p: int(p.name[3:]))
    runs = [run_figures(d) for d in run_dirs]
    figures = summarise(runs)
    print_table(figures, runs)
    machine = {}
    if args.machine and args.machine.exists():
        for line in args.machine.read_text().splitlines():
            key, _, value = line.partition(":")
            machine[key.strip()] = value.strip()
    failed = [f["figure"] for f in figures if f.get("missing") or not f["guard_ok"]]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"mode": args.mode, "machine": machine, "figures": figures,
                                    "runs": runs, "below_guard": failed}, indent=2) + "\n")
    if args.guard and failed:
        for name in failed:
            print(f"REGRESSION GUARD: {name}: median below its guard (or missing)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
