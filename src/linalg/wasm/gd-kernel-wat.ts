/**
 * Generator of src/linalg/wasm/gd-kernel.wat, the WebAssembly SIMD (f64x2) kernel of one GD gradient
 * g = Σ_i ℓ'(⟨w, z_i⟩) z_i over a block of rows of a point-major Z. The .wat is committed next to this file and
 * assembled (wabt) into gd-kernel.wasm.ts by `npx tsx src/linalg/wasm/build-gd-kernel.ts`; the unit test
 * test/optimizers/gd-kernels.test.ts regenerates both and checks they match what is committed.
 *
 * Layout: the block's rows are packed by tiles of R = 4 rows (for each column pair k, k+1 the 2R doubles
 * z_0k z_0,k+1 z_1k …; then, d odd, the last column of the R rows), the remaining rows row-major: one sequential
 * stream, addressed with constant offsets. Tiles are processed in panels of ≤ 16 KiB (L1): ⟨w, z⟩ for every row of
 * the panel, then ℓ′ for all of them (independent exp chains), then the g pass re-reading the panel from L1.
 *
 * What the kernel computes, per row (the same whatever the tiling or panel size):
 * - u = ⟨w, z⟩ with two f64x2 lanes (even k in lane 0, odd k in lane 1), then lane0 + lane1, then the odd
 *   last coordinate: a fixed order, different from the reference loop's left-to-right sum (rounding only);
 * - c = ℓ'(u) for ℓ in {logistic, exponential, square}: the same formulas as src/losses/loss.ts, with e^x a
 *   lane-wise port of the fdlibm exp that V8 uses for Math.exp (same constants, same operation order, no fused
 *   multiply-add; branches turned into selects, a short path when no lane needs fdlibm's special cases), so c is
 *   bit-identical to loss.derivative(u);
 * - g[k] = (((g[k] + c_0 z_0k) + c_1 z_1k) + …): the reference loop's order of accumulation over rows.
 * Constants live in a table at address 0 (one load each instead of V8's multi-instruction v128.const).
 */

/** 64-bit patterns of the constants, each stored twice (both lanes) in a table at address 0 of linear memory. */
const CONSTS: [string, bigint][] = [
  ['absMask', 0x7fffffffffffffffn], ['signMask', 0x8000000000000000n],
  // fdlibm e_exp.c constants (bit patterns as in its comments)
  ['ln2HI', 0x3fe62e42fee00000n], ['ln2LO', 0x3dea39ef35793c76n], ['invln2', 0x3ff71547652b82fen],
  ['P1', 0x3fc555555555553en], ['P2', 0xbf66c16c16bebd93n], ['P3', 0x3f11566aaf25de2cn],
  ['P4', 0xbebbbd41c5d26bf1n], ['P5', 0x3e66376972bea4d0n], ['E', 0x4005bf0a8b145769n],
  ['oThreshold', 0x40862e42fefa39efn], ['uThreshold', 0xc0874910d52d3051n],
  ['twom1000', 0x0170000000000000n], ['two1023', 0x7fe0000000000000n],
  ['one', 0x3ff0000000000000n], ['two', 0x4000000000000000n], ['half', 0x3fe0000000000000n],
  ['mhalf', 0xbfe0000000000000n], ['mone', 0xbff0000000000000n], ['zero', 0n], ['inf', 0x7ff0000000000000n],
  // 1.5·2^52: kf + magic has the integer kf in its low mantissa bits
  ['magic', 0x4338000000000000n],
  // integers compared with hx = high word of |x|, or added to exponents
  ['hxMid', 0x3ff0a2b2n], ['hxBig', 0x3fd62e42n], ['hxTiny', 0x3e300000n], ['hxHuge', 0x40860000n],
  ['i1023', 1023n], ['i2023', 2023n], ['iM1021', (1n << 64n) - 1021n], ['i1024', 1024n],
];
/** Bytes used by the constant table; the caller's data starts at or after this address. */
export const CONST_TABLE_BYTES = 16 * CONSTS.length;
const constIndex = new Map(CONSTS.map(([n], i) => [n, i]));

export interface WatOptions {
  /** rows per tile of the fused loop */
  tile?: number;
  /** 'memory': constants are loads from the table (one instruction); 'inline': v128.const (V8 builds each in several) */
  consts?: 'memory' | 'inline';
  /** exp takes a short path unless a lane needs fdlibm's special cases (then the full select chain reruns) */
  fastExp?: boolean;
}

let mode: 'memory' | 'inline' = 'memory';
function K(name: string): string {
  const i = constIndex.get(name);
  if (i === undefined) throw new Error(`no constant ${name}`);
  if (mode === 'memory') return `(v128.load offset=${16 * i} (i32.const 0))`;
  const v = CONSTS[i][1];
  const h = `0x${v.toString(16).padStart(16, '0')}`;
  return `(v128.const i64x2 ${h} ${h})`;
}

function dataSegment(): string {
  let str = '';
  for (const [, v] of CONSTS) {
    for (let lane = 0; lane < 2; lane++) {
      for (let b = 0n; b < 8n; b++) str += '\\' + ((v >> (8n * b)) & 0xffn).toString(16).padStart(2, '0');
    }
  }
  return `  (data (i32.const 0) "${str}")`;
}

const g = (name: string) => `(local.get $${name})`;

/** e^x lane-wise, bit for bit V8's ieee754::exp (fdlibm), every special case as a lane select. */
function expFullFunc(name: string): string {
  return `
  ;; e^x for each f64 lane: fdlibm e_exp.c (V8's Math.exp) with its branches as lane selects
  (func ${name} (param $x v128) (result v128)
    (local $hx v128) (local $neg v128) (local $kf v128) (local $hi v128) (local $lo v128) (local $xr v128)
    (local $t v128) (local $c v128) (local $y v128) (local $ki v128) (local $r v128)
    ;; hx = high word of |x|, neg = all ones where the sign bit is set
    (local.set $hx (i64x2.shr_u (v128.and ${g('x')} ${K('absMask')}) (i32.const 32)))
    (local.set $neg (i64x2.shr_s ${g('x')} (i32.const 63)))
    ;; |x| >= 1.5 ln2: k = (int)(invln2*x + (x<0 ? -0.5 : 0.5))
    (local.set $kf (f64x2.convert_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero
      (f64x2.add (f64x2.mul ${K('invln2')} ${g('x')}) (v128.bitselect ${K('mhalf')} ${K('half')} ${g('neg')})))))
    ;; 0.5 ln2 < |x| < 1.5 ln2: k = 1 - 2 xsb (hi = x - ln2HI[xsb], lo = ln2LO[xsb] are then the general formulas)
    (local.set $kf (v128.bitselect (v128.bitselect ${K('mone')} ${K('one')} ${g('neg')}) ${g('kf')}
      (i64x2.lt_s ${g('hx')} ${K('hxMid')})))
    ;; |x| <= 0.5 ln2: k = 0 (then hi = x, lo = 0, and the k = 0 formula below equals fdlibm's)
    (local.set $kf (v128.bitselect ${g('kf')} ${K('zero')} (i64x2.gt_s ${g('hx')} ${K('hxBig')})))
    (local.set $hi (f64x2.sub ${g('x')} (f64x2.mul ${g('kf')} ${K('ln2HI')})))
    (local.set $lo (f64x2.mul ${g('kf')} ${K('ln2LO')}))
    (local.set $xr (f64x2.sub ${g('hi')} ${g('lo')}))
    (local.set $t (f64x2.mul ${g('xr')} ${g('xr')}))
    ;; c = x - t*(P1+t*(P2+t*(P3+t*(P4+t*P5))))
    (local.set $c (f64x2.sub ${g('xr')} (f64x2.mul ${g('t')}
      (f64x2.add ${K('P1')} (f64x2.mul ${g('t')}
      (f64x2.add ${K('P2')} (f64x2.mul ${g('t')}
      (f64x2.add ${K('P3')} (f64x2.mul ${g('t')}
      (f64x2.add ${K('P4')} (f64x2.mul ${g('t')} ${K('P5')})))))))))))
    ;; y = 1 - ((lo - (x*c)/(2-c)) - hi); for k = 0 this is fdlibm's 1 - ((x*c)/(c-2) - x) exactly
    (local.set $y (f64x2.sub ${K('one')} (f64x2.sub (f64x2.sub ${g('lo')}
      (f64x2.div (f64x2.mul ${g('xr')} ${g('c')}) (f64x2.sub ${K('two')} ${g('c')}))) ${g('hi')})))
    (local.set $ki (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero ${g('kf')})))
    ;; k >= -1021: y * 2^k
    (local.set $r (f64x2.mul ${g('y')} (i64x2.shl (i64x2.add ${g('ki')} ${K('i1023')}) (i32.const 52))))
    ;; k < -1021: y * 2^(k+1000) * 2^-1000
    (local.set $r (v128.bitselect
      (f64x2.mul (f64x2.mul ${g('y')} (i64x2.shl (i64x2.add ${g('ki')} ${K('i2023')}) (i32.const 52))) ${K('twom1000')})
      ${g('r')} (i64x2.lt_s ${g('ki')} ${K('iM1021')})))
    ;; k = 1024: y * 2 * 2^1023
    (local.set $r (v128.bitselect (f64x2.mul (f64x2.mul ${g('y')} ${K('two')}) ${K('two1023')}) ${g('r')}
      (i64x2.eq ${g('ki')} ${K('i1024')})))
    ;; |x| < 2^-28: 1 + x
    (local.set $r (v128.bitselect (f64x2.add ${K('one')} ${g('x')}) ${g('r')} (i64x2.lt_s ${g('hx')} ${K('hxTiny')})))
    ;; V8 returns E for x = 1
    (local.set $r (v128.bitselect ${K('E')} ${g('r')} (f64x2.eq ${g('x')} ${K('one')})))
    ;; overflow (and +inf), underflow (and -inf), NaN
    (local.set $r (v128.bitselect ${K('inf')} ${g('r')} (f64x2.gt ${g('x')} ${K('oThreshold')})))
    (local.set $r (v128.bitselect ${K('zero')} ${g('r')} (f64x2.lt ${g('x')} ${K('uThreshold')})))
    (v128.bitselect (f64x2.add ${g('x')} ${g('x')}) ${g('r')} (f64x2.ne ${g('x')} ${g('x')})))`;
}

/**
 * e^x lane-wise, the same bits by a shorter path for 2^-28 <= |x| < 704, x != 1 (-1021 <= k <= 1015, no special
 * case of fdlibm): k by f64x2.trunc (= (double)(int) in range), ±0.5 and ±1 by copying the sign bit, 2^k from the
 * low bits of k + 1.5·2^52. If any lane is outside, the whole pair is recomputed by $exp_full.
 */
function expFastFunc(): string {
  return `
  (func $exp (param $x v128) (result v128)
    (local $hx v128) (local $sign v128) (local $kf v128) (local $hi v128) (local $lo v128) (local $xr v128)
    (local $t v128) (local $c v128) (local $y v128)
    (local.set $hx (i64x2.shr_u (v128.and ${g('x')} ${K('absMask')}) (i32.const 32)))
    (if (v128.any_true (v128.or (v128.or (i64x2.lt_s ${g('hx')} ${K('hxTiny')}) (i64x2.ge_s ${g('hx')} ${K('hxHuge')}))
        (f64x2.eq ${g('x')} ${K('one')})))
      (then (return (call $exp_full ${g('x')}))))
    (local.set $sign (v128.and ${g('x')} ${K('signMask')}))
    ;; k = trunc(invln2*x ± 0.5), or ±1 for |x| < 1.5 ln2, or 0 for |x| <= 0.5 ln2
    (local.set $kf (f64x2.trunc (f64x2.add (f64x2.mul ${K('invln2')} ${g('x')}) (v128.or ${K('half')} ${g('sign')}))))
    (local.set $kf (v128.bitselect (v128.or ${K('one')} ${g('sign')}) ${g('kf')} (i64x2.lt_s ${g('hx')} ${K('hxMid')})))
    (local.set $kf (v128.and ${g('kf')} (i64x2.gt_s ${g('hx')} ${K('hxBig')})))
    (local.set $hi (f64x2.sub ${g('x')} (f64x2.mul ${g('kf')} ${K('ln2HI')})))
    (local.set $lo (f64x2.mul ${g('kf')} ${K('ln2LO')}))
    (local.set $xr (f64x2.sub ${g('hi')} ${g('lo')}))
    (local.set $t (f64x2.mul ${g('xr')} ${g('xr')}))
    (local.set $c (f64x2.sub ${g('xr')} (f64x2.mul ${g('t')}
      (f64x2.add ${K('P1')} (f64x2.mul ${g('t')}
      (f64x2.add ${K('P2')} (f64x2.mul ${g('t')}
      (f64x2.add ${K('P3')} (f64x2.mul ${g('t')}
      (f64x2.add ${K('P4')} (f64x2.mul ${g('t')} ${K('P5')})))))))))))
    (local.set $y (f64x2.sub ${K('one')} (f64x2.sub (f64x2.sub ${g('lo')}
      (f64x2.div (f64x2.mul ${g('xr')} ${g('c')}) (f64x2.sub ${K('two')} ${g('c')}))) ${g('hi')})))
    ;; y * 2^k, 2^k = ((bits(k + 1.5·2^52) + 1023) << 52)
    (f64x2.mul ${g('y')} (i64x2.shl (i64x2.add (f64x2.add ${g('kf')} ${K('magic')}) ${K('i1023')}) (i32.const 52))))`;
}

/** ℓ'(u) lane-wise: loss 0 logistic, 1 exponential, 2 square — the formulas of src/losses/loss.ts. */
function derivFunc(): string {
  return `
  ;; l'(u) for each lane: 0 logistic (u >= 0 ? -e/(1+e) : -1/(1+e), e = exp(-|u|)), 1 exponential -exp(-u), 2 square u - 1
  (func $deriv (param $u v128) (param $loss i32) (result v128)
    (local $e v128)
    (if (result v128) (i32.eqz (local.get $loss))
      (then
        (local.set $e (call $exp (f64x2.neg (f64x2.abs ${g('u')}))))
        (f64x2.neg (f64x2.div (v128.bitselect ${g('e')} ${K('one')} (f64x2.ge ${g('u')} ${K('zero')}))
          (f64x2.add ${K('one')} ${g('e')}))))
      (else
        (if (result v128) (i32.eq (local.get $loss) (i32.const 1))
          (then (f64x2.neg (call $exp (f64x2.neg ${g('u')}))))
          (else (f64x2.sub ${g('u')} ${K('one')}))))))`;
}

/** The fast-path statements of e^x for one chain (locals suffixed j), result in $e{j}; interleaved by the caller. */
function expFastSteps(j: number, negative: boolean): string[] {
  const v = (name: string) => g(`${name}${j}`);
  // x ≤ 0 known (logistic: x = −|u|): the sign-dependent constants are −0.5 and −1
  const half = negative ? K('mhalf') : `(v128.or ${K('half')} ${v('es')})`;
  const one = negative ? K('mone') : `(v128.or ${K('one')} ${v('es')})`;
  return [
    ...(negative ? [] : [`(local.set $es${j} (v128.and ${v('ex')} ${K('signMask')}))`]),
    `(local.set $ek${j} (f64x2.trunc (f64x2.add (f64x2.mul ${K('invln2')} ${v('ex')}) ${half})))`,
    `(local.set $ek${j} (v128.bitselect ${one} ${v('ek')} (i64x2.lt_s ${v('eh')} ${K('hxMid')})))`,
    `(local.set $ek${j} (v128.and ${v('ek')} (i64x2.gt_s ${v('eh')} ${K('hxBig')})))`,
    `(local.set $ehi${j} (f64x2.sub ${v('ex')} (f64x2.mul ${v('ek')} ${K('ln2HI')})))`,
    `(local.set $elo${j} (f64x2.mul ${v('ek')} ${K('ln2LO')}))`,
    `(local.set $exr${j} (f64x2.sub ${v('ehi')} ${v('elo')}))`,
    `(local.set $et${j} (f64x2.mul ${v('exr')} ${v('exr')}))`,
    `(local.set $ec${j} (f64x2.sub ${v('exr')} (f64x2.mul ${v('et')} (f64x2.add ${K('P1')} (f64x2.mul ${v('et')} (f64x2.add ${K('P2')} (f64x2.mul ${v('et')} (f64x2.add ${K('P3')} (f64x2.mul ${v('et')} (f64x2.add ${K('P4')} (f64x2.mul ${v('et')} ${K('P5')})))))))))))`,
    `(local.set $ey${j} (f64x2.sub ${K('one')} (f64x2.sub (f64x2.sub ${v('elo')} (f64x2.div (f64x2.mul ${v('exr')} ${v('ec')}) (f64x2.sub ${K('two')} ${v('ec')}))) ${v('ehi')})))`,
    `(local.set $e${j} (f64x2.mul ${v('ey')} (i64x2.shl (i64x2.add (f64x2.add ${v('ek')} ${K('magic')}) ${K('i1023')}) (i32.const 52))))`,
  ];
}

const LOSSES = ['logistic', 'exponential', 'square'] as const;

/** c for J pairs uv_j (locals $uv{j}) into $cv{j}, for one loss, inline: the exp chains interleaved. */
function derivInline(loss: number, J: number): string {
  const js = [...Array(J).keys()];
  if (loss === 2) return js.map((j) => `(local.set $cv${j} (f64x2.sub ${g(`uv${j}`)} ${K('one')}))`).join('\n      ');
  const L: string[] = [];
  for (const j of js) {
    L.push(loss === 0
      ? `(local.set $ex${j} (f64x2.neg (f64x2.abs ${g(`uv${j}`)})))`
      : `(local.set $ex${j} (f64x2.neg ${g(`uv${j}`)}))`);
    L.push(`(local.set $eh${j} (i64x2.shr_u (v128.and ${g(`ex${j}`)} ${K('absMask')}) (i32.const 32)))`);
  }
  const special = js.map((j) => {
    const m = `(v128.or (i64x2.lt_s ${g(`eh${j}`)} ${K('hxTiny')}) (i64x2.ge_s ${g(`eh${j}`)} ${K('hxHuge')}))`;
    return loss === 0 ? m : `(v128.or ${m} (f64x2.eq ${g(`ex${j}`)} ${K('one')}))`;
  }).reduce((acc, m) => `(v128.or ${acc} ${m})`);
  const steps = js.map((j) => expFastSteps(j, loss === 0));
  const fast: string[] = [];
  for (let s = 0; s < steps[0].length; s++) for (const j of js) fast.push(steps[j][s]);
  for (const j of js) {
    fast.push(loss === 0
      ? `(local.set $cv${j} (f64x2.neg (f64x2.div (v128.bitselect ${g(`e${j}`)} ${K('one')} (f64x2.ge ${g(`uv${j}`)} ${K('zero')})) (f64x2.add ${K('one')} ${g(`e${j}`)}))))`
      : `(local.set $cv${j} (f64x2.neg ${g(`e${j}`)}))`);
  }
  L.push(`(if (v128.any_true ${special})
        (then ${js.map((j) => `(local.set $cv${j} (call $deriv ${g(`uv${j}`)} (i32.const ${loss})))`).join(' ')})
        (else
        ${fast.join('\n        ')}))`);
  return L.join('\n      ');
}

/** ⟨w, z_r⟩ for the R rows of the tile at $zp into $u0 … $u{R−1}: lane 0 sums the even k, lane 1 the odd k. */
function dotPart(R: number, label: string): string {
  const rows = [...Array(R).keys()];
  const L: string[] = [];
  for (const r of rows) L.push(`(local.set $a${r} ${K('zero')})`);
  L.push(`(local.set $q ${g('zp')})`, `(local.set $off (i32.const 0))`);
  L.push(`(block $${label}ub (loop $${label}ul
        (br_if $${label}ub (i32.ge_u ${g('off')} ${g('dpb')}))
        (local.set $wv (v128.load (i32.add ${g('w')} ${g('off')})))
        ${rows.map((r) => `(local.set $a${r} (f64x2.add ${g(`a${r}`)} (f64x2.mul (v128.load offset=${16 * r} ${g('q')}) ${g('wv')})))`).join('\n        ')}
        (local.set $q (i32.add ${g('q')} (i32.const ${16 * R})))
        (local.set $off (i32.add ${g('off')} (i32.const 16)))
        (br $${label}ul)))`);
  for (const r of rows) L.push(`(local.set $u${r} (f64.add (f64x2.extract_lane 0 ${g(`a${r}`)}) (f64x2.extract_lane 1 ${g(`a${r}`)})))`);
  L.push(`(if ${g('odd')} (then
        (local.set $ws (f64.load (i32.add ${g('w')} ${g('dpb')})))
        ${rows.map((r) => `(local.set $u${r} (f64.add ${g(`u${r}`)} (f64.mul ${g('ws')} (f64.load offset=${8 * r} ${g('q')}))))`).join('\n        ')}))`);
  return L.join('\n      ');
}

/** g += c_0 z_0 + c_1 z_1 + … (in row order) for the tile at $zp, with $c0 … $c{R−1} splatted; $zp moves past the tile. */
function gPart(R: number, label: string): string {
  const rows = [...Array(R).keys()];
  const L: string[] = [];
  L.push(`(local.set $q ${g('zp')})`, `(local.set $off (i32.const 0))`);
  L.push(`(block $${label}gb (loop $${label}gl
        (br_if $${label}gb (i32.ge_u ${g('off')} ${g('dpb')}))
        (local.set $gv (v128.load (i32.add ${g('g')} ${g('off')})))
        ${rows.map((r) => `(local.set $gv (f64x2.add ${g('gv')} (f64x2.mul ${g(`c${r}`)} (v128.load offset=${16 * r} ${g('q')}))))`).join('\n        ')}
        (v128.store (i32.add ${g('g')} ${g('off')}) ${g('gv')})
        (local.set $q (i32.add ${g('q')} (i32.const ${16 * R})))
        (local.set $off (i32.add ${g('off')} (i32.const 16)))
        (br $${label}gl)))`);
  L.push(`(if ${g('odd')} (then
        (local.set $gs (f64.load (i32.add ${g('g')} ${g('dpb')})))
        ${rows.map((r) => `(local.set $gs (f64.add ${g('gs')} (f64.mul (f64x2.extract_lane 0 ${g(`c${r}`)}) (f64.load offset=${8 * r} ${g('q')}))))`).join('\n        ')}
        (f64.store (i32.add ${g('g')} ${g('dpb')}) ${g('gs')})
        (local.set $q (i32.add ${g('q')} (i32.const ${8 * R})))))`);
  L.push(`(local.set $zp ${g('q')})`);
  return L.join('\n      ');
}

/** One row at $zp (row-major): u, ℓ′ inline, g update; $zp moves past it. */
function singleRow(loss: number): string {
  return [
    dotPart(1, 'r'),
    `(local.set $uv0 (f64x2.splat ${g('u0')}))`,
    derivInline(loss, 1),
    `(local.set $c0 (f64x2.splat (f64x2.extract_lane 0 ${g('cv0')})))`,
    gPart(1, 'r'),
  ].join('\n      ');
}

/** Panels of up to PANEL_MAX_TILES tiles: a panel small enough to stay in L1 is read twice (⟨w, z⟩, then g). */
const PANEL_MAX_TILES = 8;
/** panel bytes ≲ 16 KiB: tiles per panel = clamp(512 / d, 1, PANEL_MAX_TILES) for 4-row tiles */
const PANEL_BYTES = 16384;

/**
 * The rows in panels of T tiles of R rows: (1) ⟨w, z_r⟩ for every row of the panel, kept in a scratch buffer;
 * (2) ℓ′ for all of them in a loop of independent exp chains (a tile's ℓ′ would otherwise wait on one long
 * dependency chain before its g pass); (3) the g pass of every tile. Each row's u, c and its place in the
 * row-ordered sum of g are those of the tile-at-a-time order: the bits do not depend on the panel size.
 */
function panels(R: number, loss: number): string {
  const rows = [...Array(R).keys()];
  const J = R / 2;
  const js = [...Array(J).keys()];
  const tb = 8 * R; // bytes per tile in the u/c buffers
  return `
    (local.set $T (i32.div_u (i32.const ${PANEL_BYTES / (8 * R)}) ${g('d')}))
    (if (i32.lt_u ${g('T')} (i32.const 1)) (then (local.set $T (i32.const 1))))
    (if (i32.gt_u ${g('T')} (i32.const ${PANEL_MAX_TILES})) (then (local.set $T (i32.const ${PANEL_MAX_TILES}))))
    (block $pb (loop $pl
      ;; tiles in this panel: min(T, (rows - i) / R)
      (local.set $nt (i32.div_u (i32.sub ${g('rows')} ${g('i')}) (i32.const ${R})))
      (if (i32.gt_u ${g('nt')} ${g('T')}) (then (local.set $nt ${g('T')})))
      (br_if $pb (i32.eqz ${g('nt')}))
      (local.set $zp0 ${g('zp')})
      ;; (1) u for each tile of the panel
      (local.set $to (i32.const 0))
      (loop $p1
      ${dotPart(R, 't')}
      ${rows.map((r) => `(f64.store offset=${UBUF + 8 * r} ${g('to')} ${g(`u${r}`)})`).join('\n      ')}
      (local.set $zp (i32.add ${g('zp')} ${g('tbytes')}))
      (local.set $to (i32.add ${g('to')} (i32.const ${tb})))
      (br_if $p1 (i32.lt_u ${g('to')} (i32.mul ${g('nt')} (i32.const ${tb})))))
      ;; (2) c = l'(u), ${J} pairs per iteration
      (local.set $to (i32.const 0))
      (loop $p2
      ${js.map((j) => `(local.set $uv${j} (v128.load offset=${UBUF + 16 * j} ${g('to')}))`).join('\n      ')}
      ${derivInline(loss, J)}
      ${js.map((j) => `(v128.store offset=${CBUF + 16 * j} ${g('to')} ${g(`cv${j}`)})`).join('\n      ')}
      (local.set $to (i32.add ${g('to')} (i32.const ${tb})))
      (br_if $p2 (i32.lt_u ${g('to')} (i32.mul ${g('nt')} (i32.const ${tb})))))
      ;; (3) g for each tile of the panel
      (local.set $zp ${g('zp0')})
      (local.set $to (i32.const 0))
      (loop $p3
      ${rows.map((r) => `(local.set $c${r} (v128.load64_splat offset=${CBUF + 8 * r} ${g('to')}))`).join('\n      ')}
      ${gPart(R, 't')}
      (local.set $to (i32.add ${g('to')} (i32.const ${tb})))
      (br_if $p3 (i32.lt_u ${g('to')} (i32.mul ${g('nt')} (i32.const ${tb})))))
      (local.set $i (i32.add ${g('i')} (i32.mul ${g('nt')} (i32.const ${R}))))
      (br $pl)))`;
}

/** grad for one loss: panels of R-row tiles, then the remaining rows one at a time. */
function gradFunc(R: number, loss: number): string {
  const rows = [...Array(R).keys()];
  const J = R / 2;
  const js = [...Array(J).keys()];
  const locals = [
    ...rows.map((r) => `(local $a${r} v128) (local $c${r} v128) (local $u${r} f64)`),
    ...js.map((j) => `(local $uv${j} v128) (local $cv${j} v128) (local $ex${j} v128) (local $eh${j} v128) (local $es${j} v128) (local $ek${j} v128)`
      + ` (local $ehi${j} v128) (local $elo${j} v128) (local $exr${j} v128) (local $et${j} v128) (local $ec${j} v128) (local $ey${j} v128) (local $e${j} v128)`),
  ].join('\n    ');
  return `
  ;; g = sum over the rows of l'(<w, z_i>) z_i, ${LOSSES[loss]} loss
  (func $grad_${LOSSES[loss]} (param $zp i32) (param $rows i32) (param $d i32) (param $w i32) (param $g i32)
    (local $dpb i32) (local $odd i32) (local $i i32) (local $off i32) (local $q i32)
    (local $T i32) (local $nt i32) (local $to i32) (local $zp0 i32) (local $tbytes i32)
    (local $wv v128) (local $gv v128) (local $gs f64) (local $ws f64)
    ${locals}
    (local.set $dpb (i32.shl (i32.and ${g('d')} (i32.const -2)) (i32.const 3)))
    (local.set $odd (i32.and ${g('d')} (i32.const 1)))
    (local.set $tbytes (i32.mul ${g('d')} (i32.const ${8 * R})))
    ;; g = 0
    (local.set $off (i32.const 0))
    (block $zb (loop $zl
      (br_if $zb (i32.ge_u ${g('off')} (i32.shl ${g('d')} (i32.const 3))))
      (f64.store (i32.add ${g('g')} ${g('off')}) (f64.const 0))
      (local.set $off (i32.add ${g('off')} (i32.const 8)))
      (br $zl)))
    ;; panels of tiles of ${R} rows
    ${panels(R, loss)}
    ;; remaining rows one at a time
    (block $rb (loop $rl
      (br_if $rb (i32.ge_u ${g('i')} ${g('rows')}))
      ${singleRow(loss)}
      (local.set $i (i32.add ${g('i')} (i32.const 1)))
      (br $rl))))`;
}

/** Scratch for a panel's u and ℓ′(u) (PANEL_MAX_TILES tiles of up to 4 rows), after the constant table. */
const UBUF = (CONST_TABLE_BYTES + 15) & ~15;
const CBUF = UBUF + 8 * 4 * PANEL_MAX_TILES;
/** Where the caller's data may start: after the constant table and the scratch, 16-aligned. */
export const DATA_BASE = (CBUF + 8 * 4 * PANEL_MAX_TILES + 15) & ~15;

/**
 * The module text. `grad(z, rows, d, w, g, loss)` expects the block's rows packed by tiles of R rows: for each
 * tile, for each pair of columns (k, k+1) the 2R doubles z_0k z_0k+1 z_1k z_1k+1 …, then, if d is odd, the R
 * doubles z_0,d−1 … z_R−1,d−1 (32·R·d/4 bytes a tile); the remaining rows follow in row-major order.
 * See packRows in src/linalg/gd-kernel.ts.
 */
export function gdKernelWat(opts: WatOptions = {}): string {
  const R = opts.tile ?? 4;
  mode = opts.consts ?? 'memory';
  const fast = opts.fastExp ?? true;
  return `;; GENERATED by src/linalg/wasm/gd-kernel-wat.ts (row tile ${R}, constants from ${mode}); do not edit.
;; Gradient of a margin risk over a block of rows of a point-major Z, f64x2 SIMD. See the generator for the
;; summation order, the packed row layout and the exp port. Addresses below ${DATA_BASE} hold the constant table.
(module
  (memory (export "memory") 1)
${mode === 'memory' ? dataSegment() : ''}
${fast ? expFullFunc('$exp_full') + expFastFunc() : expFullFunc('$exp')}
${derivFunc()}

  ;; y[i] = exp(x[i]) for i < m (m even; byte addresses 16-aligned) — for the bit-identity test against Math.exp
  (func (export "exp_block") (param $x i32) (param $y i32) (param $m i32)
    (local $off i32)
    (block $b (loop $l
      (br_if $b (i32.ge_u ${g('off')} (i32.shl ${g('m')} (i32.const 3))))
      (v128.store (i32.add ${g('y')} ${g('off')}) (call $exp (v128.load (i32.add ${g('x')} ${g('off')}))))
      (local.set $off (i32.add ${g('off')} (i32.const 16)))
      (br $l))))

  ;; c[i] = l'(u[i]) for i < m (m even) — for the bit-identity test against loss.derivative
  (func (export "deriv_block") (param $u i32) (param $c i32) (param $m i32) (param $loss i32)
    (local $off i32)
    (block $b (loop $l
      (br_if $b (i32.ge_u ${g('off')} (i32.shl ${g('m')} (i32.const 3))))
      (v128.store (i32.add ${g('c')} ${g('off')}) (call $deriv (v128.load (i32.add ${g('u')} ${g('off')})) ${g('loss')}))
      (local.set $off (i32.add ${g('off')} (i32.const 16)))
      (br $l))))
${LOSSES.map((_, l) => gradFunc(R, l)).join('\n')}

  ;; g = sum over the rows of the packed block at z of l'(<w, z_i>) z_i; loss 0 logistic, 1 exponential, 2 square
  (func (export "grad") (param $z i32) (param $rows i32) (param $d i32) (param $w i32) (param $g i32) (param $loss i32)
    (if (i32.eqz (local.get $loss))
      (then (call $grad_logistic (local.get $z) (local.get $rows) (local.get $d) (local.get $w) (local.get $g)))
      (else (if (i32.eq (local.get $loss) (i32.const 1))
        (then (call $grad_exponential (local.get $z) (local.get $rows) (local.get $d) (local.get $w) (local.get $g)))
        (else (call $grad_square (local.get $z) (local.get $rows) (local.get $d) (local.get $w) (local.get $g))))))))
`;
}
