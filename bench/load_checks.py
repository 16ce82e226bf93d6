"""After a phase: what the clients saw, against what PostgreSQL holds. The claim is that
nothing is lost and nothing is stored twice, and that every failure was one a retry got past."""

from collections import Counter

from respondent import Outcome

# A connection cut (killed worker, restarting database) or a 503 asks the client to try again.
# Anything else at 500 or above is the server failing in a way the client cannot act on.
RETRYABLE_STATUSES = {503}


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def milliseconds(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def stored_tokens(cluster) -> Counter:
    return Counter(cluster.psql("SELECT client_token FROM responses").split())


def stored_counts(cluster) -> tuple[Counter, Counter, Counter]:
    """Rows per client token in ``responses`` and per marker in ``answers``, and how many
    responses hold each number of answers (every simulated path answers the same questions,
    so a response missing some shows as a second number)."""
    tokens = stored_tokens(cluster)
    markers = Counter(
        cluster.psql(
            "SELECT substring(text from 'bench-[0-9a-f]{32}') FROM answers "
            "WHERE text LIKE '%bench-%'"
        ).split()
    )
    answers_per_response = Counter(
        cluster.psql(
            "SELECT count(*) FROM answers AS answer JOIN answers AS marked "
            "ON marked.response_id = answer.response_id WHERE marked.text LIKE '%bench-%' "
            "GROUP BY answer.response_id"
        ).split()
    )
    return tokens, markers, answers_per_response


def verify(outcomes: list[Outcome], tokens_before: Counter, after) -> dict:
    tokens, markers, answers_per_response = after
    acknowledged = [o for o in outcomes if o.acknowledged]
    unacknowledged = [o for o in outcomes if not o.acknowledged and o.client_token]
    lost = [o for o in acknowledged if tokens[o.client_token] == 0 or markers[o.marker] == 0]
    twice = [o for o in outcomes if tokens[o.client_token or ""] > 1 or markers[o.marker] > 1]
    stored_unacknowledged = [o for o in unacknowledged if tokens[o.client_token] == 1]
    new_rows = sum(tokens.values()) - sum(tokens_before.values())
    explained = len(acknowledged) + len(stored_unacknowledged)
    return {
        "acknowledged": len(acknowledged),
        "stored_in_phase": new_rows,
        "lost": len(lost),
        "stored_twice": len(twice),
        "stored_but_not_acknowledged": len(stored_unacknowledged),
        "stored_unexplained": new_rows - explained,
        "responses_by_answer_count": dict(answers_per_response),
        "lost_examples": [o.client_token for o in lost[:5]],
    }


def figures(outcomes: list[Outcome], timings: list, seconds: float) -> dict:
    acknowledged = [o for o in outcomes if o.acknowledged]
    final = [a for o in outcomes for a in o.final_attempts]
    failures = Counter(
        str(outcome) for _, outcome in timings if isinstance(outcome, str) or outcome >= 500
    )
    final_failures = Counter(a.outcome for a in final if a.outcome != "acknowledged")
    retried = [o for o in outcomes if o.retried]
    return {
        "respondents": len(outcomes),
        "seconds": round(seconds, 1),
        "complete_paths_per_second": round(len(acknowledged) / seconds, 1),
        "requests": len(timings),
        "requests_per_second": round(len(timings) / seconds, 1),
        "final_send_ms": {
            f"p{p}": milliseconds(percentile([a.seconds for a in final], p / 100))
            for p in (50, 95, 99)
        },
        "all_requests_ms": {
            f"p{p}": milliseconds(percentile([s for s, _ in timings], p / 100))
            for p in (50, 95, 99)
        },
        "failed_requests": sum(failures.values()),
        "failures_by_kind": dict(failures),
        "final_send_failures_by_kind": dict(final_failures),
        "final_sends_retried": len(retried),
        "final_sends_retried_then_acknowledged": sum(1 for o in retried if o.acknowledged),
        # The retry found the response already stored: the first send stored it, and only its
        # acknowledgment was lost (the thanks came without clearing the draft cookie again).
        "acknowledged_by_retry_after_earlier_store": sum(
            1 for o in retried if o.acknowledged and not o.final_attempts[-1].draft_cookie_cleared
        ),
        "other_steps_retried": sum(1 for o in outcomes if o.step_failures),
        "paths_abandoned": Counter(o.abandoned_at for o in outcomes if o.abandoned_at),
        "final_sends_never_acknowledged": sum(
            1 for o in outcomes if o.final_attempts and not o.acknowledged
        ),
    }


def problems(check: dict, figure: dict) -> list[str]:
    """Why the claim does not hold for this phase (empty when it does)."""
    found = []
    if not check["acknowledged"]:
        found.append("no response acknowledged: the phase measured nothing")
    if check["lost"]:
        found.append(f"{check['lost']} acknowledged responses not stored")
    if check["stored_twice"]:
        found.append(f"{check['stored_twice']} responses stored more than once")
    if check["stored_unexplained"]:
        found.append(f"{check['stored_unexplained']} stored responses nobody sent")
    # Each parent is given one or two rotated action questions on top of the same screens, so
    # complete responses hold their count give or take two; a wider spread is a partial store.
    counts = [int(count) for count in check["responses_by_answer_count"]]
    if counts and max(counts) - min(counts) > 2:
        found.append(f"responses stored incomplete: {check['responses_by_answer_count']}")
    unretryable = {
        kind: count
        for kind, count in figure["failures_by_kind"].items()
        if kind.isdigit() and int(kind) not in RETRYABLE_STATUSES
    }
    if unretryable:
        found.append(f"server errors a client cannot act on: {unretryable}")
    if figure["final_sends_never_acknowledged"]:
        found.append(f"{figure['final_sends_never_acknowledged']} final sends failed every retry")
    if figure["paths_abandoned"]:
        found.append(f"paths given up after every retry: {dict(figure['paths_abandoned'])}")
    return found
