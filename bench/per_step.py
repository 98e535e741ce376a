"""Per-step wall time of the Python examples' stacked whole-run loops (bench/floor.ts, `npm run bench:protocol`).

    python3 bench/per_step.py torch|numpy [steps]

Times `stacked_run` of examples/python/torch_optimizers.py (closed-form gradient) or of claims_stack.py with
optimizers.py's numpy rules, one run (K = 1) on the smallest margin problem (n = 2, d = 2, logistic), no schedule,
no weight decay: the cheapest step either loop takes, so that steps × this is a lower bound on a run's time.
Prints one JSON object {role: seconds per step}; the best of three repetitions (the machine may be shared).
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "python"))

from claims_protocol import Problem  # noqa: E402

SPEC = {"kind": "margin", "loss": "logistic", "mean": False, "n": 2, "d": 2, "Z": [1.0, 0.5, 0.25, 1.0]}
HYPER = {"gd": {"eta": 0.1}, "sgd": {"eta": 0.1}, "heavyBall": {"eta": 0.1, "momentum": 0.9},
         "nesterov": {"eta": 0.1, "momentum": 0.9}, "adagrad": {"eta": 0.1}, "rmsprop": {"eta": 0.01},
         "adam": {"eta": 0.01}}


def per_step(run_group, role, steps):
    """Seconds per step of one run of `steps` steps (checkpoints at the end only), best of three."""
    best = float("inf")
    for _ in range(3):
        group = [(role, HYPER[role], Problem(SPEC), [0.0, 0.0], [steps])]
        t0 = time.perf_counter()
        run_group(group)
        best = min(best, (time.perf_counter() - t0) / steps)
    return best


def main():
    which, steps = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    if which == "torch":
        import torch_optimizers as t

        roles, run_group = [r for r in t.ROLES if r != "sgd"], t.stacked_run
    else:
        import optimizers as o
        from claims_stack import stacked_run

        rules = {"gd": o.GradientDescent, "adam": o.Adam}
        roles, run_group = list(rules), lambda group: stacked_run(rules, group)
    costs = {r: per_step(run_group, r, steps) for r in roles}
    if which == "torch":
        # sgd's runs go through run_one (own minibatches, autograd): at least a gd step (the same optimizer)
        costs["sgd"] = costs["gd"]
    print(json.dumps(costs))


if __name__ == "__main__":
    main()
