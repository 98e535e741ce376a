// Installs what the report-in-a-browser test needs, when it is missing: playwright-core from npm (not saved in
// package.json) and Debian's chromium (apt-get, as root). Anything that cannot be installed is reported; the test
// then skips with the same advice.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('playwright-core');
} catch {
  console.log('report test: installing playwright-core (npm install --no-save playwright-core@^1.65)');
  const r = spawnSync('npm', ['install', '--no-save', 'playwright-core@^1.65'], { stdio: 'inherit' });
  if (r.status !== 0) console.log('report test: could not install playwright-core; the test will be skipped');
}
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium && !process.env.CLAIMS_CHROMIUM) {
  if (process.getuid?.() === 0 && spawnSync('which', ['apt-get']).status === 0) {
    console.log('report test: installing chromium (apt-get update && apt-get install -y chromium)');
    try {
      execSync('apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium', { stdio: 'inherit' });
    } catch {
      console.log('report test: apt-get could not install chromium; the test will be skipped');
    }
  } else console.log('report test: no chromium found; install it (Debian: apt-get install -y chromium) or set CLAIMS_CHROMIUM to a Chromium binary');
}
