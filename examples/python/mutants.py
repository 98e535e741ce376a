#!/usr/bin/env python3
"""Deliberately broken optimizers in numpy, one per run, for `claims power --impl-mutants` (README, "Power").

    python3 examples/python/mutants.py --list          # [{"name", "role", "bug"}, ...] as JSON (no protocol)
    npx claims check --impl "cmd:python3 examples/python/mutants.py adam-betas-swapped"
    npx claims power --impl-mutants examples/python/mutants.py --profile smoke

Each mutant mirrors one of src/impl/mutants.ts: a correct method of one role with one plausible bug, written on
claims_protocol.py like examples/python/optimizers.py (the correct numpy gd and adam). A mutant serves its role
only; the harness runs our reference for the other roles of a claim (as for the JavaScript mutants). Its class
docstring states the bug (`--list` reports its first paragraph). Needs numpy.

The perceptron and AdaBoost mutants read the examples z_i that init sends (`grad.examples`), and normalized GD
divided by ‖∇F‖ reads ∇log F sent with each update (`grad.log`), finite where ∇F underflows at large margins — as
its JavaScript twin does; they subclass the correct ones of examples/python/optimizers.py.
"""
import json
import sys

import numpy as np

from claims_protocol import serve
from optimizers import AdaBoost, NormalizedGd, Perceptron


def _num(v):
    """A hyperparameter: a Python float, or a (K, 1) column when claims_protocol stacks runs (elementwise)."""
    return np.asarray(v, dtype=np.float64) if isinstance(v, np.ndarray) else float(v)


def _hyper(hyper, key, default):
    return _num(hyper.get(key, default))


class _Base:
    """w (float64) and the step count t; `step(g, grad)` is the role's update with the bug."""

    def __init__(self, hyper, w0):
        self.hyper = hyper
        self.eta = _num(hyper["eta"])
        self.w = np.array(w0, dtype=np.float64)
        self.t = 0

    def step(self, g, grad):
        self.update(np.asarray(g, dtype=np.float64), grad)
        self.t += 1


# ---- gd ----


class GdHiddenWeightDecay(_Base):
    """Weight decay λ = 1e-4 left on: w ← w − η(∇F + λw).

    The iterates stop at the minimizer of F + (λ/2)‖w‖² instead of diverging in norm.
    """

    elementwise = True

    def update(self, g, grad):
        self.w -= self.eta * (g + 1e-4 * self.w)


class GdDecayingStep(_Base):
    """A step schedule left on: η_t = η/√(t+1) instead of the fixed η."""

    elementwise = True

    def update(self, g, grad):
        self.w -= (self.eta / np.sqrt(self.t + 1)) * g


class GdFloat32Iterate(_Base):
    """The iterate kept in float32 (rounded to float32 after every step), as in a float32 array."""

    elementwise = True

    def update(self, g, grad):
        self.w = (self.w - self.eta * g).astype(np.float32).astype(np.float64)


class GdStaleGradient(_Base):
    """The gradient of the previous iterate applied (a one-step delay; 0 at the first step)."""

    elementwise = True

    def update(self, g, grad):
        prev = getattr(self, "prev", np.zeros_like(self.w))
        self.w -= self.eta * prev
        self.prev = g.copy()


class GdSignSlip(_Base):
    """The last coordinate updated with +η g instead of −η g (a sign slip on one coordinate)."""

    def update(self, g, grad):
        s = -np.ones_like(self.w)
        s[-1] = 1.0
        self.w += s * self.eta * g


class GdMeanForSum(_Base):
    """The gradient divided by n again (the sum treated as a sum of means): the step is η/n."""

    def update(self, g, grad):
        self.w -= (self.eta / grad.n) * g


class GdGradientClipping(_Base):
    """The gradient clipped to norm ≤ 1 (clipnorm = 1 left on)."""

    elementwise = True

    def update(self, g, grad):
        r = np.linalg.norm(g, axis=-1, keepdims=True)
        self.w -= self.eta * np.where(r > 1, 1 / np.maximum(r, 1), 1.0) * g


class GdSkipsFirstExample(_Base):
    """The gradient summed from i = 1 (an off-by-one: example 0 never pulls); with n = 1 w never moves."""

    def update(self, g, grad):
        if grad.n < 2:
            return
        idx = list(range(1, grad.n))
        _, gb = grad.batch(self.w, idx)  # (n/len)·Σ_{i∈idx}, times len/n: the sum without example 0
        self.w -= self.eta * (len(idx) / grad.n) * gb


class GdFixedFirstGradient(_Base):
    """The gradient computed once at w_0 and reused (a cache never invalidated)."""

    elementwise = True

    def update(self, g, grad):
        if self.t == 0:
            self.first = g.copy()
        self.w -= self.eta * self.first


class SgdSameBatch(_Base):
    """SGD that reuses its first minibatch forever (the shuffle never advances)."""

    def update(self, g, grad):
        if self.t == 0:
            size = max(1, min(grad.n, int(self.hyper.get("batchSize", 1))))
            self.batch = np.random.default_rng(int(self.hyper.get("seed", 0))).permutation(grad.n)[:size].tolist()
        _, gb = grad.batch(self.w, self.batch)
        self.w -= self.eta * gb


# ---- momentum methods ----


class HeavyBallOffByOne(_Base):
    """Momentum off by one step: w_{t+1} = w_t − η∇F(w_t) + β(w_{t−1} − w_{t−2})."""

    def update(self, g, grad):
        beta = _hyper(self.hyper, "momentum", 0.9)
        older = getattr(self, "older", np.zeros_like(self.w))  # w_{t−1} − w_{t−2}
        last = getattr(self, "last", np.zeros_like(self.w))  # w_t − w_{t−1}
        v = -self.eta * g + beta * older
        self.older, self.last = last, v
        self.w += v


class NesterovNoLookahead(_Base):
    """Nesterov with the gradient taken at w_t instead of the look-ahead w_t + βv_t (i.e. heavy ball)."""

    def update(self, g, grad):
        beta = _hyper(self.hyper, "momentum", 0.9)
        self.v = beta * getattr(self, "v", np.zeros_like(self.w)) - self.eta * g
        self.w += self.v


# ---- adaptive methods ----


class _AdamLike(_Base):
    elementwise = True

    def adam(self, g, b1, b2, correct):
        eps = _hyper(self.hyper, "eps", 1e-8)
        self.m = b1 * getattr(self, "m", np.zeros_like(self.w)) + (1 - b1) * g
        self.v = b2 * getattr(self, "v", np.zeros_like(self.w)) + (1 - b2) * g * g
        t = self.t + 1
        m = self.m * (1 / (1 - b1**t)) if correct else self.m
        v = self.v * (1 / (1 - b2**t)) if correct else self.v
        self.w -= np.where(m != 0, (self.eta * m) / (np.sqrt(v) + eps), 0.0)


class AdamNoBiasCorrection(_AdamLike):
    """Adam without the bias corrections 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ)."""

    def update(self, g, grad):
        self.adam(g, _hyper(self.hyper, "beta1", 0.9), _hyper(self.hyper, "beta2", 0.999), correct=False)


class AdamBetasSwapped(_AdamLike):
    """β₁ and β₂ passed in the wrong order (β₁ = 0.999, β₂ = 0.9 by default)."""

    def update(self, g, grad):
        self.adam(g, _hyper(self.hyper, "beta2", 0.999), _hyper(self.hyper, "beta1", 0.9), correct=True)


class AdagradNoSqrt(_Base):
    """AdaGrad dividing by the accumulated Σg² instead of its square root."""

    def update(self, g, grad):
        eps = _hyper(self.hyper, "eps", 1e-10)
        if not hasattr(self, "G"):
            self.G = np.full_like(self.w, _hyper(self.hyper, "initialAccumulator", 0.0))
        self.G += g * g
        self.w -= np.where(g != 0, self.eta * g / (self.G + eps), 0.0)


class RmspropDecayAsRate(_Base):
    """RMSProp with decay and 1 − decay swapped (v ← 0.1 v + 0.9 g² for the default decay 0.9)."""

    def update(self, g, grad):
        rho, eps = _hyper(self.hyper, "decay", 0.9), _hyper(self.hyper, "eps", 1e-8)
        self.v = (1 - rho) * getattr(self, "v", np.zeros_like(self.w)) + rho * g * g
        self.w -= np.where(g != 0, self.eta * g / (np.sqrt(self.v) + eps), 0.0)


# ---- classification roles: sign descent, normalized GD, coordinate descent, mirror descent ----


def _rate(opt):
    """η_t = η/(t+1)^p, p = decayPower (default 0)."""
    return opt.eta / (opt.t + 1) ** _hyper(opt.hyper, "decayPower", 0.0)


class SignDescentNoScale(_Base):
    """The step η sign g: the dual-norm factor ‖g‖₁ of w ← w − η‖g‖₁ sign g forgotten."""

    def update(self, g, grad):
        self.w -= _rate(self) * np.sign(g)


class NormalizedGdUnnormalized(_Base):
    """The division by F forgotten: the step η_t∇F (plain GD) instead of η_t∇F/F."""

    def update(self, g, grad):
        self.w -= _rate(self) * g


class NormalizedGdGradientNorm(NormalizedGd):
    """Normalized by ‖∇F‖ instead of F: the step η_t∇F/‖∇F‖ (the other "normalized GD")."""

    def step(self, g, grad):
        d = grad.log[1] if grad.log is not None else g  # ∇log F ∥ ∇F, and finite where ∇F underflows
        r = float(np.sqrt(np.sum(d * d)))
        if r > 0:
            self.w -= (self.eta / (self.t + 1) ** self.p) * (d / r)
        self.t += 1


class PerceptronStrictMistake(Perceptron):
    """A mistake tested as ⟨w, z_i⟩ < 0 instead of ≤ 0: from w_0 = 0 no example is ever a mistake, so w never moves."""

    def mistake(self, u):
        return u < 0


class PerceptronSubtracts(Perceptron):
    """The update w ← w − η z_i (the sign of the label dropped)."""

    def move(self, z):
        self.w -= self.eta * z


class AdaboostInvertedStep(AdaBoost):
    """The step's ratio inverted, α_t = ½ ln((1 − γ_t)/(1 + γ_t))."""

    def alpha(self, gamma):
        return -np.arctanh(gamma)


class AdaboostNoHalf(AdaBoost):
    """The ½ of α_t = ½ ln((1 + γ_t)/(1 − γ_t)) dropped (the step doubled)."""

    def alpha(self, gamma):
        return 2 * np.arctanh(gamma)


class _Coordinate(_Base):
    """Coordinate descent on the coordinate `pick` chooses: the role's step, η_t with lineSearch "fixed", else an
    Armijo search from η halving (c = 1e-4), F read with grad.at."""

    def update(self, g, grad):
        k = self.pick(g)
        gk = g[k]
        if gk == 0:
            return
        if self.hyper.get("lineSearch") == "fixed":
            self.w[k] -= _rate(self) * gk
            return
        f, _ = grad.at(self.w)
        wk, step = self.w[k], self.eta
        while True:
            trial = wk - step * gk
            if trial == wk:
                self.w[k] = wk
                return
            self.w[k] = trial
            if grad.at(self.w)[0] <= f - 1e-4 * step * gk * gk:
                return
            step *= 0.5


class CoordinateDescentCyclic(_Coordinate):
    """The coordinates visited cyclically (k = t mod d) instead of greedily (argmax_k |∂_kF|)."""

    def pick(self, g):
        return self.t % len(self.w)


class CoordinateDescentSignedArgmax(_Coordinate):
    """The coordinate chosen as argmax_k ∂_kF instead of argmax_k |∂_kF|."""

    def pick(self, g):
        return int(np.argmax(g))


class SignDescentL2Scale(_Base):
    """The step η‖g‖₂ sign g: the wrong dual norm (‖g‖₁ for steepest descent in l∞)."""

    def update(self, g, grad):
        self.w -= _rate(self) * np.linalg.norm(g) * np.sign(g)


class MirrorDescentPrimalStep(_Base):
    """The step taken on w instead of on the mirror variable ∇ψ(w): w ← w − η∇F, plain GD whatever p."""

    def update(self, g, grad):
        self.w -= self.eta * g


MUTANTS = {
    "gd-hidden-weight-decay": ("gd", GdHiddenWeightDecay),
    "gd-decaying-step": ("gd", GdDecayingStep),
    "gd-float32-iterate": ("gd", GdFloat32Iterate),
    "gd-stale-gradient": ("gd", GdStaleGradient),
    "gd-sign-slip": ("gd", GdSignSlip),
    "gd-mean-for-sum": ("gd", GdMeanForSum),
    "gd-gradient-clipping": ("gd", GdGradientClipping),
    "gd-skips-first-example": ("gd", GdSkipsFirstExample),
    "gd-fixed-first-gradient": ("gd", GdFixedFirstGradient),
    "sgd-same-batch": ("sgd", SgdSameBatch),
    "heavy-ball-off-by-one": ("heavyBall", HeavyBallOffByOne),
    "nesterov-no-lookahead": ("nesterov", NesterovNoLookahead),
    "adam-no-bias-correction": ("adam", AdamNoBiasCorrection),
    "adam-betas-swapped": ("adam", AdamBetasSwapped),
    "adagrad-no-sqrt": ("adagrad", AdagradNoSqrt),
    "rmsprop-decay-as-rate": ("rmsprop", RmspropDecayAsRate),
    "sign-descent-no-scale": ("signDescent", SignDescentNoScale),
    "normalized-gd-unnormalized": ("normalizedGd", NormalizedGdUnnormalized),
    "coordinate-descent-cyclic": ("coordinateDescent", CoordinateDescentCyclic),
    "coordinate-descent-signed-argmax": ("coordinateDescent", CoordinateDescentSignedArgmax),
    "sign-descent-l2-scale": ("signDescent", SignDescentL2Scale),
    "mirror-descent-primal-step": ("mirrorDescent", MirrorDescentPrimalStep),
    "perceptron-strict-mistake": ("perceptron", PerceptronStrictMistake),
    "perceptron-subtracts": ("perceptron", PerceptronSubtracts),
    "adaboost-inverted-step": ("adaboost", AdaboostInvertedStep),
    "adaboost-no-half": ("adaboost", AdaboostNoHalf),
    "normalized-gd-gradient-norm": ("normalizedGd", NormalizedGdGradientNorm),
}


def bug(cls):
    """The first paragraph of the class docstring, on one line."""
    return " ".join(cls.__doc__.strip().split("\n\n")[0].split())


def main(argv):
    if argv == ["--list"]:
        print(json.dumps([{"name": k, "role": r, "bug": bug(c)} for k, (r, c) in MUTANTS.items()]))
        return 0
    if len(argv) != 1 or argv[0] not in MUTANTS:
        print(f"usage: mutants.py --list | mutants.py NAME (one of {', '.join(MUTANTS)})", file=sys.stderr)
        return 2
    role, cls = MUTANTS[argv[0]]
    serve(f"numpy mutant {argv[0]}", {role: cls})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
