/**
 * The desktop app end to end: the real Electron binary, the built main/preload/renderer, the embedded demo chain.
 *
 * Electron's binary cannot be downloaded on every machine (this one included), so the spec skips itself when
 * node_modules/electron has no binary. It checks the files instead of `require('electron')`, which would try to
 * download the binary from inside the test runner. Run `npm run build` first: it launches out/main/index.js.
 */
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');
const mainEntry = join(root, 'out/main/index.js');

/** The Electron executable that `npm install electron` would have unpacked, or null when it is absent. */
function electronBinary(): string | null {
  const pkg = join(root, 'node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const SKIP_REASON = 'no Electron runtime here: node_modules/electron has no binary (it cannot be downloaded on this machine)';
if (binary === null && process.env.TEST_WORKER_INDEX === undefined) {
  // The list reporter shows a skipped test as a bare "-" and drops the reason, so say it once in the run's output.
  // Only in the runner process (which loads every spec to list its tests; workers have TEST_WORKER_INDEX), so the
  // line appears once per run rather than once more per worker.
  console.warn(`test/e2e/electron/app.spec.ts: skipping, ${SKIP_REASON}`);
}
test.skip(binary === null, SKIP_REASON);

let app: ElectronApplication;
let configHome: string;

test.beforeAll(async () => {
  expect(existsSync(mainEntry), `${mainEntry} is missing: run \`npm run build\` first`).toBe(true);
  // A throw-away user-data folder (Linux resolves it under XDG_CONFIG_HOME), so the run sees no saved settings and
  // starts the embedded demo, and leaves nothing behind.
  configHome = mkdtempSync(join(tmpdir(), 'steadfast-e2e-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'ELECTRON_RENDERER_URL' && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  }
  env.XDG_CONFIG_HOME = configHome;
  app = await electron.launch({
    executablePath: binary!,
    // Chromium refuses to sandbox as root (CI containers); everywhere else the sandbox stays on.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), mainEntry],
    cwd: root,
    env,
  });
});

test.afterAll(async () => {
  await app?.close();
  if (configHome) rmSync(configHome, { recursive: true, force: true });
});

test('shows the portfolio total read from the demo chain', async () => {
  const page = await app.firstWindow();
  // Starting anvil and seeding the demo takes seconds before the window even opens.
  await expect(page.getByTestId('portfolio-status')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('portfolio-total')).toHaveText(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
  await expect(page.getByTestId('portfolio-total')).not.toHaveText('$0.00');
});

test('the page sees exactly the bridge, and no Node', async () => {
  const page = await app.firstWindow();
  const exposed = await page.evaluate(() => ({
    bridge: Object.keys((globalThis as { steadfast?: object }).steadfast ?? {}).sort(),
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
  }));
  expect(exposed).toEqual({ bridge: ['invoke', 'on'], require: 'undefined', process: 'undefined' });
});
