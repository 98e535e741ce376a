#!/usr/bin/env python3
"""Gradient descent, Adam, the perceptron, AdaBoost and normalized GD in numpy, checked by the implicit-bias claims through the JSON-lines protocol.

    npx claims check --impl examples/python/optimizers.py                 # python3 first on PATH
    CLAIMS_PYTHON=/usr/bin/python3 npx claims check --impl examples/python/optimizers.py

Framing, hello, errors and both protocol versions are in claims_protocol.py (docs/protocol.md): here are only the
update rules, as src/optimizers/*.ts state them. The perceptron and AdaBoost act on the examples z_i (`grad.examples`,
sent by init); normalized GD steps on ∇log F = ∇F/F (`grad.log`, sent with each update), finite where F underflows.
Needs numpy.
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


def _examples(grad, name):
    if grad.examples is None:
        raise ValueError(f"{name}: the objective carries no examples (the harness sends them with init for margin objectives)")
    return grad.examples


class Perceptron:
    """Rosenblatt (1958), cyclic order i = t mod n: if ⟨w, z_i⟩ ≤ 0 (a mistake, NaN included), w ← w + η z_i."""

    def __init__(self, hyper, w0):
        self.eta = float(hyper.get("eta", 1.0))
        self.w = np.array(w0, dtype=np.float64)
        self.t = 0

    def mistake(self, u):
        return not (u > 0)

    def move(self, z):
        self.w += self.eta * z

    def step(self, g, grad):
        Z = _examples(grad, "perceptron")
        z = Z[self.t % Z.shape[0]]
        u = 0.0
        for k in range(z.shape[0]):  # summed in index order, as the reference
            u += self.w[k] * z[k]
        if self.mistake(u):
            self.move(z)
        self.t += 1


class AdaBoost:
    """Freund & Schapire (1997) on the margin matrix M = examples (entries in [−1, 1], M_ij = y_i h_j(x_i)):
    D ∝ exp(−(u − min u)), u = M a; γ = Dᵀ M; j = argmax |γ_j| (first on ties, NaN wins); α = atanh(γ_j) with |γ_j|
    clipped to maxEdge (default 1 − 1e-12) = ½ ln((1 + γ)/(1 − γ)); a_j ← a_j + α."""

    def __init__(self, hyper, w0):
        self.max_edge = float(hyper.get("maxEdge", 1 - 1e-12))
        self.w = np.array(w0, dtype=np.float64)
        self.u = None

    def alpha(self, gamma):
        return np.arctanh(gamma)

    def step(self, g, grad):
        M = _examples(grad, "adaboost")
        if self.u is None:
            if (np.abs(M) > 1).any():
                raise ValueError("adaboost: weak-learner outputs must lie in [−1, 1]")
            self.u = M @ self.w
        D = np.exp(np.min(self.u) - self.u)  # a NaN margin makes every D_i NaN (np.min propagates it)
        D /= D.sum()
        edges = D @ M
        j = int(np.argmax(np.abs(edges)))
        alpha = float(self.alpha(min(self.max_edge, max(-self.max_edge, float(edges[j])))))
        self.w[j] += alpha
        self.u = self.u + alpha * M[:, j]


class NormalizedGd:
    """Nacson et al. (2019): w ← w − η_t ∇F/F, η_t = η/(t+1)^p (p = decayPower, default 0), on ∇log F = ∇F/F when
    the harness sends it (margin objectives: finite at any margin), else on ∇F and F (0 < F < ∞ required)."""

    log_domain = True

    def __init__(self, hyper, w0):
        self.eta, self.p = float(hyper["eta"]), float(hyper.get("decayPower", 0.0))
        self.w = np.array(w0, dtype=np.float64)
        self.t = 0

    def step(self, g, grad):
        if grad.log is not None:
            lf, lg = grad.log
            if not np.isfinite(lf):
                raise FloatingPointError(f"normalized-gd: log F(w_t) = {lf} at step {self.t}; the step η∇F/F needs 0 < F < ∞")
            self.w -= (self.eta if self.p == 0 else self.eta / (self.t + 1) ** self.p) * lg
        else:
            f = grad.value
            if not (0 < f < np.inf):
                raise FloatingPointError(f"normalized-gd: F(w_t) = {f} at step {self.t}; the step η/F needs 0 < F < ∞")
            self.w -= (self.eta / f if self.p == 0 else self.eta / (f * (self.t + 1) ** self.p)) * g
        self.t += 1


ROLES = {"gd": GradientDescent, "adam": Adam, "perceptron": Perceptron, "adaboost": AdaBoost, "normalizedGd": NormalizedGd}

if __name__ == "__main__":
    serve("numpy gd, adam, perceptron, adaboost, normalized gd (examples/python)", ROLES)
