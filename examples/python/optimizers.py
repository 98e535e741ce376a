#!/usr/bin/env python3
"""Gradient descent and Adam in numpy, checked by the implicit-bias claims through the JSON-lines protocol.

    npx claims check --impl examples/python/optimizers.py                 # python3 first on PATH
    CLAIMS_PYTHON=/usr/bin/python3 npx claims check --impl examples/python/optimizers.py

Framing, hello, errors and both protocol versions are in claims_protocol.py (docs/protocol.md): here are only the
two update rules. Needs numpy.
"""
import numpy as np

from claims_protocol import serve


def _num(v):
    """A hyperparameter: a Python float (so that β**t is Python's pow, as in our reference), or a (K, 1) column."""
    return np.asarray(v, dtype=np.float64) if isinstance(v, np.ndarray) else float(v)


class GradientDescent:
    """w ← w − η ∇F(w). Elementwise: w may be a (K, d) stack of runs and η a (K, 1) column (claims_protocol)."""

    elementwise = True

    def __init__(self, hyper, w0):
        self.eta = _num(hyper["eta"])
        self.w = np.array(w0, dtype=np.float64)

    def step(self, g, grad):
        self.w -= self.eta * g


class Adam:
    """Kingma & Ba (2015), Algorithm 1: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − η m̂/(√v̂ + ε). Elementwise."""

    elementwise = True

    def __init__(self, hyper, w0):
        self.eta, self.b1, self.b2, self.eps = (_num(hyper.get(k, d)) for k, d in (("eta", None), ("beta1", 0.9), ("beta2", 0.999), ("eps", 1e-8)))
        self.w = np.array(w0, dtype=np.float64)
        self.m = np.zeros_like(self.w)
        self.v = np.zeros_like(self.w)
        self.t = 0

    def step(self, g, grad):
        self.t += 1
        self.m = self.b1 * self.m + (1 - self.b1) * g
        self.v = self.b2 * self.v + (1 - self.b2) * g * g
        m_hat = self.m * (1 / (1 - self.b1 ** self.t))
        v_hat = self.v * (1 / (1 - self.b2 ** self.t))
        self.w -= np.where(m_hat != 0, (self.eta * m_hat) / (np.sqrt(v_hat) + self.eps), 0.0)


if __name__ == "__main__":
    serve("numpy gd + adam (examples/python)", {"gd": GradientDescent, "adam": Adam})
