#!/usr/bin/env python3
"""A long differential run in chunks that survive a crash of the process and add up.

usage: fuzz/long-run.py --bin DIR --first-seed S --until HH:MM [--chunk N] [--log FILE] -- [fuzzer options]

Runs `dotnet DIR/Contracts.Fuzz.dll --seed S --count N ... --seed-file` chunk after chunk until the wall-clock time
HH:MM (UTC; the last chunk gets only the time left). A chunk that ends normally contributes its final report; a
chunk whose process dies (an engine crash, not a trap) contributes what its last progress line counted, the seed
that killed it is recorded (reproduce it with --seed S --count 1, minimize it with --minimize-crash) and skipped,
and the seeds between the last progress line and it are run again. Totals go to the log and stdout at the end.
"""
import argparse, datetime, re, subprocess, sys, time

parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True)
parser.add_argument("--first-seed", type=int, required=True)
parser.add_argument("--until", required=True)
parser.add_argument("--chunk", type=int, default=50_000)
parser.add_argument("--log", default="/dev/stdout")
parser.add_argument("rest", nargs=argparse.REMAINDER)
args = parser.parse_args()
extra = [a for a in args.rest if a != "--"]

now = datetime.datetime.now(datetime.timezone.utc)
hour, minute = map(int, args.until.split(":"))
deadline = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
if deadline < now:
    deadline += datetime.timedelta(days=1)

log = open(args.log, "a", buffering=1)
def say(text):
    print(text, file=log)

totals = {"cases": 0, "executions": 0, "tier": 0, "divergences": 0}
crashes, divergent = [], []
seed, stop_before = args.first_seed, None
started = time.time()
seed_file = f"/tmp/long-run-{args.first_seed}.seed"
say(f"long run from seed {seed} until {deadline:%H:%M} UTC: {' '.join(extra)}")
while True:
    left = (deadline - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    if left < 20:
        break
    count = args.chunk if stop_before is None else stop_before - seed
    command = ["dotnet", f"{args.bin}/Contracts.Fuzz.dll", "--seed", str(seed), "--count", str(count),
               "--seconds", str(int(left - 10)), "--seed-file", seed_file, *extra]
    say(f"chunk: {' '.join(command[2:])}")
    process = subprocess.run(command, capture_output=True, text=True)
    output = process.stdout
    for line in output.splitlines():
        if line.startswith("DIVERGENCE"):
            divergent.append(line)
            say(line)
    final = re.search(r"^seeds run: (\d+) \.\. (\d+)$", output, re.M)
    if process.returncode in (0, 1) and final:
        first, last = int(final.group(1)), int(final.group(2))
        executions = int(re.search(r"^executions compared: (\d+)", output, re.M).group(1))
        tier = re.search(r"^compiled tier vs interpreter: (\d+)", output, re.M)
        totals["cases"] += last - first + 1
        totals["executions"] += executions
        totals["tier"] += int(tier.group(1)) if tier else 0
        totals["divergences"] += int(re.search(r"^divergences: (\d+)", output, re.M).group(1))
        say(f"  seeds {first} .. {last}: {executions} executions" + (f", {tier.group(1)} tier" if tier else ""))
        say("  " + "\n  ".join(l for l in output.splitlines() if l.startswith(("opcode coverage", "traps", "native"))))
        seed = last + 1
        if stop_before is not None and seed >= stop_before:
            seed, stop_before = stop_before + 1, None
        continue
    # The process died: count up to its last progress line, skip the seed that killed it, re-run the rest.
    dead = int(open(seed_file).read().strip())
    crashes.append(dead)
    progress = re.findall(r"^\.\.\. (\d+) cases \(last seed (\d+)\), (\d+) executions, (\d+) tier executions, (\d+) divergences", output, re.M)
    if progress:
        cases, last, executions, tier, divergences = map(int, progress[-1])
        totals["cases"] += cases; totals["executions"] += executions; totals["tier"] += tier; totals["divergences"] += divergences
        seed = last + 1
    error = process.stderr.strip().splitlines()
    say(f"  CRASH at seed {dead} (exit {process.returncode}): {' | '.join(error[:2])}; counted up to seed {seed - 1}")
    stop_before = dead
    if seed >= dead:
        seed, stop_before = dead + 1, None

elapsed = time.time() - started
say(f"TOTAL: seeds from {args.first_seed} to {seed - 1}, {totals['cases']} cases, {totals['executions']} executions, "
    f"{totals['tier']} compiled-vs-interpreter executions, {totals['divergences']} divergences, "
    f"{len(crashes)} crashes {crashes}, {elapsed:.0f} s")
