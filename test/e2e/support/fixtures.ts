/**
 * Playwright fixtures: one headless Steadfast per worker (starting anvil and seeding takes seconds, so tests in a
 * worker share it and reset the faults they set).
 */
import { test as base } from '@playwright/test';
import { startHeadlessApp, type HeadlessApp } from './headless-app';
import { SteadfastPage } from './steadfast-page';

export const test = base.extend<{ steadfast: SteadfastPage }, { app: HeadlessApp }>({
  app: [
    async ({}, use) => {
      const app = await startHeadlessApp();
      await use(app);
      await app.stop();
    },
    { scope: 'worker' },
  ],
  steadfast: async ({ page, app }, use) => {
    const steadfast = new SteadfastPage(page, app);
    await use(steadfast);
    await steadfast.clearFaults();
  },
});

export { expect } from '@playwright/test';
