#!/usr/bin/env python3
"""Gradient descent and Adam in numpy, checked by the implicit-bias claims through the JSON-lines protocol.

    npx claims check --impl examples/python/optimizers.py

The harness starts `python3 optimizers.py`, writes one JSON request per line on stdin and reads one JSON reply
per line on stdout (docs/protocol.md). It owns the data and the loss: each "update" brings the gradient at the
current iterate, and the reply is the next iterate. Nothing else may be written on stdout (use stderr to log).
"""
import json
import sys

import numpy as np

PROTOCOL = "implicit-bias-claims/1"


class GradientDescent:
    """w ← w − η ∇F(w)."""

    def __init__(self, hyper, w0):
        self.eta = float(hyper["eta"])
        self.w = np.array(w0, dtype=np.float64)

    def update(self, grad):
        self.w -= self.eta * grad
        return self.w


class Adam:
    """Kingma & Ba (2015), Algorithm 1: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − η m̂/(√v̂ + ε)."""

    def __init__(self, hyper, w0):
        self.eta = float(hyper["eta"])
        self.b1 = float(hyper.get("beta1", 0.9))
        self.b2 = float(hyper.get("beta2", 0.999))
        self.eps = float(hyper.get("eps", 1e-8))
        self.w = np.array(w0, dtype=np.float64)
        self.m = np.zeros_like(self.w)
        self.v = np.zeros_like(self.w)
        self.t = 0

    def update(self, grad):
        self.t += 1
        self.m = self.b1 * self.m + (1 - self.b1) * grad
        self.v = self.b2 * self.v + (1 - self.b2) * grad * grad
        m_hat = self.m * (1 / (1 - self.b1 ** self.t))
        v_hat = self.v * (1 / (1 - self.b2 ** self.t))
        step = np.where(m_hat != 0, (self.eta * m_hat) / (np.sqrt(v_hat) + self.eps), 0.0)
        self.w -= step
        return self.w


ROLES = {"gd": GradientDescent, "adam": Adam}


def handle(request, optimizers):
    op = request["op"]
    if op == "hello":
        return {"protocol": PROTOCOL, "name": "numpy gd + adam (examples/python)", "roles": list(ROLES)}
    if op == "init":
        opt = ROLES[request["role"]](request["hyper"], request["w0"])
        optimizers[request["opt"]] = opt
        return {"w": opt.w.tolist()}
    if op == "update":
        w = optimizers[request["opt"]].update(np.array(request["grad"], dtype=np.float64))
        return {"w": w.tolist()}
    return {"error": f"unknown op {op!r}"}


def main():
    optimizers = {}
    for line in sys.stdin:
        try:
            reply = handle(json.loads(line), optimizers)
        except Exception as e:  # the harness reports it as a fault of the implementation
            reply = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
