"""Nothing is lost: simulated parents answer through gunicorn and PostgreSQL on loopback,
first under plain load, then while a gunicorn worker is killed and PostgreSQL restarts.
Afterwards PostgreSQL is asked directly: every acknowledged response is stored exactly once.

Run: .venv/bin/python bench/load_faults.py [--short | --smoke] (make bench-load,
make bench-load-short; --smoke is part of make bench-smoke).
Exits non-zero when the claim does not hold. Starts and removes its own PostgreSQL cluster.
"""

import argparse
import contextlib
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gunicorn_process import gunicorn
from load_checks import figures, problems, stored_counts, stored_tokens, verify
from pg_cluster import throwaway_cluster
from respondent import answer_parent_path
from server import VENV_BIN, bench_env, demo_channel_token, prepare_database


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="the CI run: 200 per phase")
    parser.add_argument(
        "--smoke", action="store_true", help="seconds, not minutes: 20 per phase, 5 at a time"
    )
    parser.add_argument("--respondents", type=int, help="per phase (default 2000, short 200)")
    parser.add_argument("--concurrency", type=int, help="simultaneous phones (default 30)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--fsync", choices=("on", "off"), default="on")
    parser.add_argument("--restart-mode", choices=("fast", "immediate"), default="immediate")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    options = parser.parse_args()
    if options.respondents is None:
        options.respondents = 20 if options.smoke else 200 if options.short else 2000
    if options.concurrency is None:
        options.concurrency = 5 if options.smoke else 30
    return options


def run_phase(base, token, respondents, concurrency, on_progress=None):
    """``respondents`` paths by ``concurrency`` threads; returns (outcomes, timings, seconds)."""
    outcomes, timings = [], []
    started = time.perf_counter()
    lock = threading.Lock()
    remaining = [respondents]

    def phone():
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            outcomes.append(answer_parent_path(base, token, timings, started))
            if on_progress:
                on_progress(len(outcomes))

    threads = [threading.Thread(target=phone, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():  # short joins, so Ctrl-C is not held up
            thread.join(0.2)
    return outcomes, timings, time.perf_counter() - started


class Faults:
    """Kills a gunicorn worker at a quarter of the phase, restarts PostgreSQL at 55 %."""

    def __init__(self, server, cluster, respondents, workers, restart_mode):
        self.server, self.cluster = server, cluster
        self.kill_at, self.restart_at = respondents // 4, respondents * 55 // 100
        self.workers, self.restart_mode = workers, restart_mode
        self.started = time.perf_counter()
        self.events: list[dict] = []
        self.thread = None
        self.fired = set()
        self.lock = threading.Lock()

    def progress(self, done: int) -> None:
        with self.lock:
            if done >= self.kill_at and "kill" not in self.fired:
                self.fired.add("kill")
                self._in_background(self._kill_worker)
            elif done >= self.restart_at and "restart" not in self.fired:
                self.fired.add("restart")
                self._in_background(self._restart_database)

    def _in_background(self, fault) -> None:
        if self.thread is not None:
            self.thread.join()
        self.thread = threading.Thread(target=self._recorded, args=(fault,), daemon=True)
        self.thread.start()

    def _recorded(self, fault) -> None:
        try:
            fault()
        except Exception as error:  # reported as a problem of the phase, never silent
            self.events.append({"fault": fault.__name__, "failed": repr(error)})

    def problems(self) -> list[str]:
        """A fault run proves nothing unless both faults really happened."""
        happened = [event for event in self.events if "failed" not in event]
        failed = [event for event in self.events if "failed" in event]
        found = [f"fault not injected: {event['fault']}: {event['failed']}" for event in failed]
        if len(happened) != 2:
            found.append(f"{len(happened)} of 2 faults injected")
        return found

    def _kill_worker(self) -> None:
        at = time.perf_counter() - self.started
        pid = self.server.kill_one_worker()
        back = self.server.wait_for_replacement(pid, self.workers)
        self.events.append(
            {"fault": "SIGKILL one gunicorn worker", "pid": pid, "at_s": round(at, 1),
             "replaced_after_s": round(back, 2)}
        )  # fmt: skip

    def _restart_database(self) -> None:
        at = time.perf_counter() - self.started
        began = time.perf_counter()
        self.cluster.restart(self.restart_mode)
        self.events.append(
            {"fault": f"pg_ctl restart -m {self.restart_mode}", "at_s": round(at, 1),
             "down_for_s": round(time.perf_counter() - began, 2)}
        )  # fmt: skip

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()


def phase(name, server, cluster, token, options, faults=None):
    before = stored_tokens(cluster)
    outcomes, timings, seconds = run_phase(
        server.base,
        token,
        options.respondents,
        options.concurrency,
        faults.progress if faults else None,
    )
    if faults:
        faults.wait()
    check = verify(outcomes, before, stored_counts(cluster))
    figure = figures(outcomes, timings, seconds)
    result = {"phase": name, **figure, "verification": check}
    if faults:
        result["faults"] = faults.events
    result["problems"] = problems(check, figure) + (faults.problems() if faults else [])
    return result


def versions(cluster) -> dict:
    gunicorn_version = subprocess.run(
        [str(VENV_BIN / "gunicorn"), "--version"], capture_output=True, text=True
    ).stdout.strip()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "date": date.today().isoformat(),
        "nproc": os.cpu_count(),
        "arch": platform.machine(),
        "cpu": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": cluster.version(),
        "gunicorn": gunicorn_version,
    }


def summary_lines(report: dict) -> list[str]:
    settings = report["settings"]
    lines = [
        f"Load and faults: {settings['respondents']} parents per phase, "
        f"{settings['concurrency']} at a time, gunicorn {settings['workers']} sync workers, "
        f"PostgreSQL fsync={settings['fsync']}, restart -m {settings['restart_mode']}",
    ]
    for result in report["phases"]:
        check = result["verification"]
        lines += [
            f"  {result['phase']}: {result['complete_paths_per_second']} paths/s, "
            f"{result['requests_per_second']} requests/s in {result['seconds']} s; "
            f"final send p50/p95/p99 {result['final_send_ms']['p50']}/"
            f"{result['final_send_ms']['p95']}/{result['final_send_ms']['p99']} ms; "
            f"all requests p50/p95/p99 {result['all_requests_ms']['p50']}/"
            f"{result['all_requests_ms']['p95']}/{result['all_requests_ms']['p99']} ms",
            f"    failed requests {result['failed_requests']} {result['failures_by_kind']}; "
            f"final sends retried {result['final_sends_retried']}, then acknowledged "
            f"{result['final_sends_retried_then_acknowledged']} (of which the first send had "
            f"stored, only its answer lost: {result['acknowledged_by_retry_after_earlier_store']}"
            f"); other steps retried {result['other_steps_retried']}",
            f"    acknowledged {check['acknowledged']}, stored {check['stored_in_phase']}, "
            f"lost {check['lost']}, stored twice {check['stored_twice']}, stored but not "
            f"acknowledged {check['stored_but_not_acknowledged']}; all bench responses by "
            f"number of answers {check['responses_by_answer_count']}",
        ]
        for event in result.get("faults", []):
            lines.append(f"    fault: {event}")
        for problem in result["problems"]:
            lines.append(f"    CLAIM FAILS: {problem}")
    lines.append("Nothing lost: " + ("yes" if report["claim_holds"] else "NO"))
    return lines


def stop_on_sigterm() -> None:
    """A SIGTERM unwinds like Ctrl-C, so gunicorn and PostgreSQL are stopped and removed."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    # Even when started in the background, where a shell leaves Ctrl-C ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)


def main() -> int:
    options = arguments()
    stop_on_sigterm()
    with contextlib.ExitStack() as stack:
        cluster = stack.enter_context(throwaway_cluster(fsync=options.fsync == "on"))
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="consult-bench.")))
        env = bench_env(tmp, cluster.url, MINIMUM_FILL_SECONDS="0", RATELIMIT_ENABLED="false")
        prepare_database(env)
        token = demo_channel_token(env)
        server = stack.enter_context(gunicorn(env, options.workers, tmp / "gunicorn.log"))
        report = {
            "machine": versions(cluster),
            "settings": {
                "respondents": options.respondents,
                "concurrency": options.concurrency,
                "workers": options.workers,
                "worker_class": "sync",
                "fsync": options.fsync,
                "restart_mode": options.restart_mode,
                "rate_limits": "off",
                "minimum_fill_seconds": 0,
            },
            "phases": [phase("A load", server, cluster, token, options)],
        }
        faults = Faults(server, cluster, options.respondents, options.workers, options.restart_mode)
        report["phases"].append(phase("B faults", server, cluster, token, options, faults))
        report["claim_holds"] = not any(result["problems"] for result in report["phases"])
        if not report["claim_holds"]:
            report["gunicorn_log"] = server.errors_logged()
    print("\n".join(summary_lines(report)))
    if options.json:
        options.json.write_text(json.dumps(report, indent=2, default=str))
    if not report["claim_holds"]:
        for line in report.get("gunicorn_log", []):
            print("  gunicorn:", line)
    return 0 if report["claim_holds"] else 1


if __name__ == "__main__":
    sys.exit(main())
