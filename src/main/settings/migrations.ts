/**
 * Settings migrations, oldest first. Each takes the document of version N-1 and returns version N.
 * Version 1 is the first released shape, so there is nothing to migrate yet; a document without a version is
 * treated as version 1 written by hand.
 */
import { SETTINGS_VERSION } from './schema';

type Migration = (document: Record<string, unknown>) => Record<string, unknown>;

/**
 * v1 → v2: chains gain `enabled` (true: they were in use), `indexer` (none); the document gains `demoChain`
 * (v1 ran the embedded chain exactly when no chain was configured, so keep that) and price settings (defaults).
 */
const v1ToV2: Migration = (document) => {
  const chains = Array.isArray(document.chains) ? (document.chains as Array<Record<string, unknown>>) : [];
  return {
    ...document,
    demoChain: chains.length === 0,
    chains: chains.map((chain) => ({ enabled: true, indexer: null, ...chain })),
  };
};

/** Index i migrates from version i+1 to i+2. */
const MIGRATIONS: Migration[] = [v1ToV2];

export function migrate(document: Record<string, unknown>): Record<string, unknown> {
  let current = { ...document };
  let version = typeof current.version === 'number' ? current.version : 1;
  if (current.version === undefined) current.version = 1;
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version - 1];
    if (!step) break;
    current = step(current);
    version += 1;
    current.version = version;
  }
  return current;
}
