import type { ClaimSource } from '../harness/types.js';

/** The papers the claims cite, with links. */
export const PAPERS = {
  soudry2018: { name: 'Soudry, Hoffer, Nacson, Gunasekar, Srebro: The Implicit Bias of Gradient Descent on Separable Data (JMLR 2018)', url: 'https://arxiv.org/abs/1710.10345' },
  jiTelgarsky2019: { name: 'Ji, Telgarsky: The implicit bias of gradient descent on nonseparable data (COLT 2019)', url: 'https://arxiv.org/abs/1803.07300' },
  lyuLi2020: { name: 'Lyu, Li: Gradient Descent Maximizes the Margin of Homogeneous Neural Networks (ICLR 2020)', url: 'https://arxiv.org/abs/1906.05890' },
  hoffer2017: { name: 'Hoffer, Hubara, Soudry: Train longer, generalize better (NeurIPS 2017)', url: 'https://arxiv.org/abs/1705.08741' },
  wilson2017: { name: 'Wilson, Roelofs, Stern, Srebro, Recht: The Marginal Value of Adaptive Gradient Methods (NeurIPS 2017)', url: 'https://arxiv.org/abs/1705.08292' },
  gunasekar2018: { name: 'Gunasekar, Lee, Soudry, Srebro: Characterizing Implicit Bias in Terms of Optimization Geometry (ICML 2018)', url: 'https://arxiv.org/abs/1802.08246' },
  telgarskyDlt: { name: 'Telgarsky: Deep learning theory lecture notes (2021), the numbering seed 004 follows', url: 'https://mjt.cs.illinois.edu/dlt/' },
  jiTelgarsky2019DeepLinear: { name: 'Ji, Telgarsky: Gradient descent aligns the layers of deep linear networks (ICLR 2019)', url: 'https://arxiv.org/abs/1810.02032' },
  duHuLee2018: { name: 'Du, Hu, Lee: Algorithmic Regularization in Learning Deep Homogeneous Models: Layers are Automatically Balanced (NeurIPS 2018)', url: 'https://arxiv.org/abs/1806.00900' },
  arora2018: { name: 'Arora, Cohen, Hazan: On the Optimization of Deep Networks: Implicit Acceleration by Overparameterization (ICML 2018)', url: 'https://arxiv.org/abs/1802.06509' },
  bartlettFosterTelgarsky2017: { name: 'Bartlett, Foster, Telgarsky: Spectrally-normalized margin bounds for neural networks (NeurIPS 2017)', url: 'https://arxiv.org/abs/1706.08498' },
  zhang2017: { name: 'Zhang, Bengio, Hardt, Recht, Vinyals: Understanding deep learning requires rethinking generalization (ICLR 2017)', url: 'https://arxiv.org/abs/1611.03530' },
  jacot2018: { name: 'Jacot, Gabriel, Hongler: Neural Tangent Kernel (NeurIPS 2018)', url: 'https://arxiv.org/abs/1806.07572' },
  choSaul2009: { name: 'Cho, Saul: Kernel Methods for Deep Learning (NeurIPS 2009)', url: 'https://papers.nips.cc/paper/3628-kernel-methods-for-deep-learning' },
  chizatBach2019: { name: 'Chizat, Oyallon, Bach: On Lazy Training in Differentiable Programming (NeurIPS 2019)', url: 'https://arxiv.org/abs/1812.07956' },
  jiTelgarsky2020Polylog: { name: 'Ji, Telgarsky: Polylogarithmic width suffices for gradient descent to achieve arbitrarily small test error with shallow ReLU networks (ICLR 2020)', url: 'https://arxiv.org/abs/1909.12292' },
  liu2020: { name: 'Liu, Papailiopoulos, Achlioptas: Bad Global Minima Exist and SGD Can Reach Them (NeurIPS 2020)', url: 'https://arxiv.org/abs/1906.02613' },
  novikoff1962: { name: 'Novikoff: On convergence proofs on perceptrons (Symposium on the Mathematical Theory of Automata, 1962)', url: 'https://apps.dtic.mil/sti/citations/AD0298258' },
  telgarsky2013: { name: 'Telgarsky: Margins, Shrinkage, and Boosting (ICML 2013)', url: 'https://arxiv.org/abs/1303.4172' },
  zhangYu2005: { name: 'Zhang, Yu: Boosting with early stopping: convergence and consistency (Annals of Statistics 2005)', url: 'https://arxiv.org/abs/math/0508276' },
  kingmaBa2015: { name: 'Kingma, Ba: Adam: A Method for Stochastic Optimization (ICLR 2015)', url: 'https://arxiv.org/abs/1412.6980' },
  wang2022Momentum: { name: 'Wang, Meng, Zhang, Sun, Chen, Ma, Liu: Does Momentum Change the Implicit Regularization on Separable Data? (NeurIPS 2022)', url: 'https://arxiv.org/abs/2110.03891' },
  zhangZouCao2024: { name: 'Zhang, Zou, Cao: The Implicit Bias of Adam on Separable Data (NeurIPS 2024)', url: 'https://arxiv.org/abs/2406.10650' },
  rosenblatt1958: { name: 'Rosenblatt: The perceptron: a probabilistic model for information storage and organization in the brain (Psychological Review 1958)', url: 'https://doi.org/10.1037/h0042519' },
  freundSchapire1997: { name: 'Freund, Schapire: A decision-theoretic generalization of on-line learning and an application to boosting (JCSS 1997)', url: 'https://doi.org/10.1006/jcss.1997.1504' },
  rudin2004: { name: 'Rudin, Daubechies, Schapire: The dynamics of AdaBoost: cyclic behavior and convergence of margins (JMLR 2004)', url: 'https://jmlr.org/papers/v5/rudin04a.html' },
  nutini2015: { name: 'Nutini, Schmidt, Laradji, Friedlander, Koepke: Coordinate descent converges faster with the Gauss-Southwell rule than random selection (ICML 2015)', url: 'https://arxiv.org/abs/1506.00552' },
  nacson2019: { name: 'Nacson, Lee, Gunasekar, Savarese, Srebro, Soudry: Convergence of gradient descent on separable data (AISTATS 2019)', url: 'https://arxiv.org/abs/1803.01905' },
} as const;

/** Seed 000: MLRG talk on Soudry et al. */
export const SEED_000 = {
  seed: '000_0251b693439ede5e.txt',
  lecture: 'MLRG: The case of separable binary classification with linear models',
} as const;

/** Seed 001: lecture 11, "The success of Deep Learning: Is it all about SGD?" */
export const SEED_001 = {
  seed: '001_5b206ca4ce00fee8.txt',
  lecture: 'Lecture 11: The success of Deep Learning: Is it all about SGD?',
} as const;

/** Seed 002: Telgarsky, DLT 3-4. */
export const SEED_002 = {
  seed: '002_7db82fd5e297b01e.txt',
  lecture: 'Telgarsky DLT 3-4: a highly biased margin perspective',
} as const;

/** Seed 004: lecture 15, "ReLU net optimization & Implicit bias - 2". */
export const SEED_004 = {
  seed: '004_e25bdf912d549e96.txt',
  lecture: 'Lecture 15: ReLU net optimization & Implicit bias - 2',
} as const;

/** Soudry et al. 2018, Theorem 3, as on seed 000's "Main results" slide. */
export function soudryMainResults(theorem = 'Theorem 3'): ClaimSource {
  return { ...SEED_000, slide: 'Main results', paper: PAPERS.soudry2018.name, theorem, links: [PAPERS.soudry2018] };
}

/** Seed 004 (lecture 15) on a given slide, with the theorem and the papers behind it. */
export function seed004(slide: string, theorem?: string, papers: (keyof typeof PAPERS)[] = ['telgarskyDlt']): ClaimSource {
  return { ...SEED_004, slide, theorem, paper: papers.map((k) => PAPERS[k].name).join('; '), links: papers.map((k) => PAPERS[k]) };
}

/** Soudry et al. 2018 on degenerate data (a support vector with α = 0): the residual is only O(log log t). */
export function soudryDegenerate(): ClaimSource {
  return { ...SEED_000, slide: 'Main results', paper: PAPERS.soudry2018.name, theorem: 'Theorem 3 holds for almost all datasets; degenerate data (Sec. 4 / Appendix) give ‖ρ(t)‖ = O(log log t)', links: [PAPERS.soudry2018] };
}

/** Seed 001's least-squares slides, "GD + LS = a red herring"; `step` names the step of the slide's argument checked. */
export function redHerring(step: string): ClaimSource {
  return { ...SEED_001, slide: 'GD + LS = a red herring', theorem: step };
}

/** Seed 001, "Bad Global Minima Exist" (Liu, Papailiopoulos, Achlioptas 2020), linear version. */
export function badGlobalMinima(): ClaimSource {
  return { ...SEED_001, slide: 'Bad Global Minima Exist', paper: PAPERS.liu2020.name, theorem: 'the existence claim, in its linear form (a null-space component)', links: [PAPERS.liu2020] };
}

/** Seed 002's boosting slides (Telgarsky), with the paper behind the statement. */
export function telgarskyBoosting(slide: string, paper: { name: string; url: string }, theorem: string): ClaimSource {
  return { ...SEED_002, slide, paper: paper.name, theorem, links: [paper] };
}

/** Seed 002 (Telgarsky, DLT 3-4) on a given slide, with the theorem and the papers behind it. */
export function seed002(slide: string, theorem?: string, papers: (keyof typeof PAPERS)[] = []): ClaimSource {
  return { ...SEED_002, slide, theorem, paper: papers.map((k) => PAPERS[k].name).join('; ') || undefined, links: papers.map((k) => PAPERS[k]) };
}

/** Seed 001 (lecture 11) on a given slide, Liu, Papailiopoulos & Achlioptas (2020). */
export function seed001(slide: string, theorem?: string): ClaimSource {
  return { ...SEED_001, slide, theorem, paper: PAPERS.liu2020.name, links: [PAPERS.liu2020] };
}

/**
 * Seed 000's summary ("choice of optimizer ⇔ solution") and the paper it lists for adaptive methods, which
 * writes the compared optimizers as one update rule (Wilson et al. 2017, Sec. 2); `method` names the method's
 * own reference.
 */
export function updateRules(method: string, extra: (keyof typeof PAPERS)[] = []): ClaimSource {
  const papers = [PAPERS.wilson2017, ...extra.map((k) => PAPERS[k])];
  return { ...SEED_000, slide: 'Summary: "choice of optimizer ⇔ solution" (reading list: adaptive methods, Wilson et al. 2017)', paper: papers.map((p) => p.name).join('; '), theorem: `Sec. 2, the generic update with the parameters of Table 1 — ${method}`, links: papers };
}
