#!/usr/bin/env bash
# The package installs into an empty project and runs there, with no clone and no dev dependency:
#   npm pack → a fresh folder: npm init -y && npm i ./<tarball> → `npx claims check --impl ./mine.mjs` on one claim,
#   the programmatic API from plain Node ESM, and (unless CLAIMS_INSTALL_VITEST=0) the vitest helper in the
#   project's own vitest suite with allure-vitest. Offline as far as npm allows: --prefer-offline takes every
#   dependency from the npm cache when it is there. Keeps the folder when CLAIMS_INSTALL_KEEP=1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/claims-install.XXXXXX")
if [ "${CLAIMS_INSTALL_KEEP:-0}" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi
NPM_FLAGS=(--prefer-offline --no-audit --no-fund --loglevel=error)
step() { echo "== $*"; }

step "pack"
TARBALL=$(cd "$ROOT" && npm pack --silent --pack-destination "$WORK" | tail -1)
echo "$TARBALL: $(du -k "$WORK/$TARBALL" | cut -f1) KB"

step "install into an empty project ($WORK/project)"
mkdir "$WORK/project" && cd "$WORK/project"
npm init -y >/dev/null
# optional: @tensorflow/tfjs-node would fetch a native library at install; the wasm backend is the one used
npm i "$WORK/$TARBALL" --omit=optional "${NPM_FLAGS[@]}"
for dev in vitest allure allure-vitest typescript wabt; do
  if [ -e "node_modules/$dev" ]; then echo "FAIL: dev dependency $dev was installed"; exit 1; fi
done
echo "node_modules: $(du -sm node_modules | cut -f1) MB, $(ls node_modules | wc -l) top-level entries"
test -d node_modules/implicit-bias-claims/claims/gd-separable

cat > mine.mjs <<'EOF'
// A user's gradient descent (the README's example).
export const name = 'my gd';
export const optimizers = {
  gd: ({ eta }) => ({
    name: 'gd', params: { eta },
    init: (w0, obj) => ({ w: Float64Array.from(w0), t: 0, g: new Float64Array(obj.dim) }),
    update(s, obj) { obj.valueAndGrad(s.w, s.g); for (let k = 0; k < s.w.length; k++) s.w[k] -= eta * s.g[k]; s.t++; },
  }),
};
EOF

step "npx claims check"
npx claims check --impl ./mine.mjs --profile smoke gd-norm-diverges-like-log-t
node -e '
const a = JSON.parse(require("fs").readFileSync("reports/audit.json", "utf8"));
const c = a.claims.find((c) => c.id === "gd-norm-diverges-like-log-t");
if (!c || c.verdict !== "confirmed" || c.control.verdict !== "violated" || a.implementation.name !== "my gd") { console.error("FAIL: audit", JSON.stringify(a.summary), c && c.verdict); process.exit(1); }
console.log("audit.json: gd-norm-diverges-like-log-t", c.verdict, "control", c.control.verdict, "against", a.implementation.name);'

step "npx claims run (no vitest here: the isolated runner)"
npx claims run --profile smoke --out run-reports perceptron-mistake-bound
node -e '
const a = JSON.parse(require("fs").readFileSync("run-reports/audit.json", "utf8"));
if (a.claims.length !== 1 || a.claims[0].verdict !== "confirmed" || a.implementation) { console.error("FAIL: run audit", JSON.stringify(a.summary)); process.exit(1); }
console.log("claims run: perceptron-mistake-bound", a.claims[0].verdict);'

step "the API from plain Node ESM"
cat > api.mjs <<'EOF'
import { checkImplementation } from 'implicit-bias-claims';
const audit = await checkImplementation('./mine.mjs', { profile: 'smoke', filters: ['gd-norm-diverges-like-log-t'], out: 'api-reports' });
const c = audit.claims[0];
if (audit.claims.length !== 1 || c.verdict !== 'confirmed' || c.control.verdict !== 'violated') throw new Error(`unexpected audit ${JSON.stringify(audit.summary)}`);
await checkImplementation('./missing.mjs', { profile: 'smoke' }).then(() => { throw new Error('a missing module was accepted'); }, (e) => console.log(`missing module refused: ${e.message.slice(0, 80)}`));
console.log(`API: ${c.id} ${c.verdict}, control ${c.control.verdict}; ${audit.notApplicable.length} not applicable`);
EOF
node api.mjs

if [ "${CLAIMS_INSTALL_VITEST:-1}" != 0 ]; then
  step "the vitest helper in the project's own suite (vitest and allure-vitest installed by the user)"
  VITEST=$(node -p "require('$ROOT/node_modules/vitest/package.json').version")
  AV=$(node -p "require('$ROOT/node_modules/allure-vitest/package.json').version")
  npm i -D "vitest@$VITEST" "allure-vitest@$AV" "${NPM_FLAGS[@]}"
  cat > vitest.config.mjs <<'EOF'
import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { setupFiles: ['allure-vitest/setup'], reporters: ['default', ['allure-vitest/reporter', { resultsDir: 'allure-results' }]] } });
EOF
  cat > mine.test.mjs <<'EOF'
import { claimTests } from 'implicit-bias-claims/vitest';
await claimTests({ impl: './mine.mjs', profile: 'smoke', filters: ['gd-norm-diverges-like-log-t', 'gd-loss-rate-inverse-t', 'adam'] });
EOF
  npx vitest run mine.test.mjs 2>&1 | tee vitest.log
  grep -q "2 passed" vitest.log || { echo "FAIL: expected 2 passed tests"; exit 1; }
  node -e '
const fs = require("fs");
const pages = fs.readdirSync("allure-results").filter((f) => f.endsWith("-result.json")).map((f) => JSON.parse(fs.readFileSync("allure-results/" + f, "utf8")));
const withPage = pages.filter((p) => (p.description || "").includes("**Statement.**"));
if (withPage.length !== 2) { console.error("FAIL: claim pages", pages.length, withPage.length); process.exit(1); }
console.log("Allure: " + withPage.length + " claim pages (" + pages.length + " results)");'
fi
echo "OK: installed package works ($WORK)"
