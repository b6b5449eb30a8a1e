/**
 * The house rules that keep the layers visible, checked on the sources:
 * - `electron` and `electron-store` are imported only by the Electron shell (in plain Node, importing them tries to
 *   download the Electron binary and throws; the headless mode must never reach them);
 * - src/shared depends on nothing but zod and itself;
 * - the renderer never imports main-process code, and main never imports the renderer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const SHELL = [/^src\/main\/index\.ts$/, /^src\/main\/shell\//, /^src\/main\/ipc\/electron-adapter\.ts$/, /^src\/preload\//];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|vue)$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  const dynamic = [...text.matchAll(/(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  return [...found, ...dynamic];
}

describe('layers', () => {
  it('imports electron and electron-store only in the Electron shell', () => {
    const offenders = [...sources('src/main'), ...sources('src/shared'), ...sources('src/renderer')]
      .filter((file) => !SHELL.some((pattern) => pattern.test(file)))
      .filter((file) => imports(file).some((spec) => spec === 'electron' || spec.startsWith('electron-store')));
    expect(offenders).toEqual([]);
  });

  it('keeps src/shared free of everything but zod', () => {
    const offenders = sources('src/shared').flatMap((file) =>
      imports(file)
        .filter((spec) => !spec.startsWith('./') && spec !== 'zod')
        .map((spec) => `${file} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the renderer out of main and main out of the renderer', () => {
    const rendererOffenders = sources('src/renderer').flatMap((file) =>
      imports(file)
        .filter((spec) => /\/main\/|\/preload\//.test(spec))
        .map((spec) => `${file} → ${spec}`),
    );
    const mainOffenders = sources('src/main').flatMap((file) =>
      imports(file)
        .filter((spec) => spec.includes('/renderer/'))
        .map((spec) => `${file} → ${spec}`),
    );
    expect([...rendererOffenders, ...mainOffenders]).toEqual([]);
  });

  it('never imports electron in the engine, even by type', () => {
    const offenders = sources('src/main/engine').filter((file) => /from\s+['"]electron['"]/.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
