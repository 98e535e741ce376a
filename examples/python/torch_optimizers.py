#!/usr/bin/env python3
"""torch.optim in float64 — SGD, momentum, Nesterov, Adagrad, RMSprop, Adam — checked by the implicit-bias claims.

    CLAIMS_PYTHON=/usr/bin/python3 npx claims check --impl examples/python/torch_optimizers.py --profile smoke

Needs an interpreter with torch (Debian's python3-torch installs it for /usr/bin/python3, which may not be the
python3 first on PATH: CLAIMS_PYTHON picks the interpreter; docs/protocol.md).

Per step (protocol version 1, and the update-rule claims, which compare every step with the textbook rule), the
harness's gradient is put in p.grad and the torch optimizer steps. For a whole run (version 2) the gradient is
torch's autograd on the problem the harness sends once, and only the iterates at the checkpoints go back.

Mappings (docs/protocol.md, "Known differences"): RMSprop's `decay` is torch's `alpha` (passed explicitly: torch's
default is 0.99, the role's 0.9); torch keeps Nesterov's look-ahead point as its parameter; and torch refuses
nesterov=True with momentum 0, which a claim may ask for (ls-span-methods-find-min-norm: momentum
(√κ−1)/(√κ+1) = 0 when κ = 1, e.g. n = 1) — Nesterov with β = 0 *is* gradient descent, the run then exercises no
momentum at all, so it is mapped to plain SGD.
"""
import numpy as np
import torch

from claims_protocol import serve

torch.set_default_dtype(torch.float64)
ROLES = ["gd", "sgd", "heavyBall", "nesterov", "adagrad", "rmsprop", "adam"]


def make_optimizer(role, hyper, params):
    lr, h = float(hyper["eta"]), lambda k, d: float(hyper.get(k, d))
    if role in ("gd", "sgd"):
        return torch.optim.SGD(params, lr=lr)
    if role == "heavyBall":
        return torch.optim.SGD(params, lr=lr, momentum=h("momentum", 0.9))
    if role == "nesterov":
        m = h("momentum", 0.9)
        return torch.optim.SGD(params, lr=lr, momentum=m, nesterov=True) if m > 0 else torch.optim.SGD(params, lr=lr)
    if role == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, eps=h("eps", 1e-10), initial_accumulator_value=h("initialAccumulator", 0.0))
    if role == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=h("decay", 0.9), eps=h("eps", 1e-8))
    if role == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(h("beta1", 0.9), h("beta2", 0.999)), eps=h("eps", 1e-8))
    raise KeyError(role)


class Batches:
    """The sgd role's minibatches: a fresh permutation of 0..n−1 each epoch, cut into batches of `batchSize`."""

    def __init__(self, hyper, n):
        self.rng, self.b, self.n, self.queue = np.random.RandomState(int(hyper.get("seed", 0))), int(hyper.get("batchSize", 1)), n, []

    def next(self):
        if not self.queue:
            perm = self.rng.permutation(self.n)
            self.queue = [perm[i : i + self.b] for i in range(0, self.n, self.b)]
        return self.queue.pop(0)


class PerStep:
    """Version 1: one torch step per harness gradient (the sgd role asks for its minibatch gradient)."""

    def __init__(self, role, hyper, w0):
        self.p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
        self.opt, self.role, self.hyper, self.batches = make_optimizer(role, hyper, [self.p]), role, hyper, None

    @property
    def w(self):
        return self.p.detach().numpy()

    def step(self, g, grad):
        if self.role == "sgd":
            self.batches = self.batches or Batches(self.hyper, grad.n)
            _, g = grad.batch(self.w, self.batches.next())
        self.p.grad = torch.from_numpy(np.array(g, dtype=np.float64))
        self.opt.step()


def run(role, hyper, problem, w0, checkpoints):
    """Version 2: the whole run here, the gradient by autograd."""
    A = torch.from_numpy(problem.A)
    y = torch.from_numpy(problem.y) if problem.kind == "leastSquares" else None
    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = make_optimizer(role, hyper, [p])
    batches = Batches(hyper, problem.n) if role == "sgd" else None

    def objective():
        idx = batches.next() if batches else None
        rows = A if idx is None else A[idx]
        u = rows @ p
        if problem.kind == "leastSquares":
            terms = 0.5 * (u - (y if idx is None else y[idx])) ** 2
        elif problem.loss == "exponential":
            terms = torch.exp(-u)
        else:
            terms = torch.logaddexp(torch.zeros_like(u), -u)  # log(1 + e^{−u}) without overflow
        return terms.sum() * (problem.scale * problem.n / len(rows))

    ws, t = [], 0
    for c in checkpoints:
        while t < c:
            opt.zero_grad(set_to_none=True)
            objective().backward()
            opt.step()
            t += 1
        ws.append(p.detach().numpy().tolist())
    return ws


if __name__ == "__main__":
    serve(f"torch {torch.__version__} optim, float64 (examples/python)", {r: (lambda r: lambda hyper, w0: PerStep(r, hyper, w0))(r) for r in ROLES}, run=run)
