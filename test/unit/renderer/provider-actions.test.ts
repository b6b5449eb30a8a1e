// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import ProviderPanel from '../../../src/renderer/src/modules/providers/ProviderPanel.vue';
import { loadProviders } from '../../../src/renderer/src/modules/providers/use-providers';
import { useProvidersStore } from '../../../src/renderer/src/modules/providers/use-providers-store';
import { useClient } from '../../../src/renderer/src/modules/bridge/use-bridge';
import type { ProviderStatus } from '../../../src/shared/domain';
import { SteadfastError } from '../../../src/shared/errors';
import { createFakeBridge, mountWithBridge } from './fake-bridge';
import { provider } from './fixtures';

function backend() {
  let statuses: ProviderStatus[] = [provider(), provider({ id: '31337:secondary', name: 'secondary', rank: 1 })];
  const fake = createFakeBridge({
    'providers.list': () => statuses,
    'providers.setEnabled': ({ providerId, enabled }) => {
      statuses = statuses.map((p) =>
        p.id === providerId ? { ...p, breaker: enabled ? 'closed' : 'isolated', breakerSince: 1 } : p,
      );
      return statuses;
    },
    'providers.probe': ({ providerId }) => ({
      providerId,
      ok: true,
      latencyMs: 12.4,
      head: 4242n,
      chainId: 31337,
      error: null,
    }),
  });
  const Host = defineComponent({
    setup() {
      void loadProviders(useClient(), useProvidersStore());
      return () => h(ProviderPanel);
    },
  });
  const { wrapper } = mountWithBridge(Host, fake);
  const card = (name: string) => wrapper.get(`[data-testid="provider-card"][data-provider="${name}"]`);
  return { fake, wrapper, card };
}

describe('provider card actions', () => {
  it('disables only after a confirmation, then shows isolated with an Enable button only', async () => {
    const { fake, wrapper, card } = backend();
    await flushPromises();
    await card('primary').get('[data-testid="provider-disable"]').trigger('click');
    expect(fake.calls.filter((c) => c.channel === 'providers.setEnabled')).toEqual([]);
    expect(card('primary').text()).toContain('Stop all traffic to primary?');

    await card('primary').get('[data-testid="provider-disable-cancel"]').trigger('click');
    expect(card('primary').find('[data-testid="provider-disable"]').exists()).toBe(true);

    await card('primary').get('[data-testid="provider-disable"]').trigger('click');
    await card('primary').get('[data-testid="provider-disable-confirm"]').trigger('click');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'providers.setEnabled').map((c) => c.input)).toEqual([
      { providerId: '31337:primary', enabled: false },
    ]);
    expect(card('primary').get('[data-testid="breaker-state"]').text()).toBe('isolated');
    expect(card('primary').get('[data-testid="provider-action-feedback"]').text()).toBe(
      'primary is isolated: it gets no traffic until enabled.',
    );
    expect(card('primary').find('[data-testid="provider-disable"]').exists()).toBe(false);
    expect(card('primary').find('[data-testid="provider-probe"]').exists()).toBe(false);
    expect(card('secondary').find('[data-testid="provider-disable"]').exists()).toBe(true);

    await card('primary').get('[data-testid="provider-enable"]').trigger('click');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'providers.setEnabled').at(-1)!.input).toEqual({
      providerId: '31337:primary',
      enabled: true,
    });
    expect(card('primary').get('[data-testid="breaker-state"]').text()).toBe('closed');
    expect(card('primary').find('[data-testid="provider-enable"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('probes on request and shows the result', async () => {
    const { fake, wrapper, card } = backend();
    await flushPromises();
    await card('secondary').get('[data-testid="provider-probe"]').trigger('click');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'providers.probe').map((c) => c.input)).toEqual([
      { providerId: '31337:secondary' },
    ]);
    const result = card('secondary').get('[data-testid="probe-result"]');
    expect(result.attributes('data-ok')).toBe('true');
    expect(result.text().replace(/\s+/g, ' ')).toBe('Probe OK · 12 ms · head #4242 · chain 31337 · probed 0 s ago');
    expect(result.get('[data-testid="probe-age"]').attributes('title')).toBeTruthy();
    wrapper.unmount();
  });

  it('drops the probe result when the provider changes state (disable, enable, a pushed breaker change)', async () => {
    const { wrapper, card } = backend();
    await flushPromises();
    await card('secondary').get('[data-testid="provider-probe"]').trigger('click');
    await flushPromises();
    expect(card('secondary').find('[data-testid="probe-result"]').exists()).toBe(true);
    await card('secondary').get('[data-testid="provider-disable"]').trigger('click');
    await card('secondary').get('[data-testid="provider-disable-confirm"]').trigger('click');
    await flushPromises();
    expect(card('secondary').find('[data-testid="probe-result"]').exists()).toBe(false);
    await card('secondary').get('[data-testid="provider-enable"]').trigger('click');
    await flushPromises();
    expect(card('secondary').find('[data-testid="probe-result"]').exists()).toBe(false);

    // A state change from main (a pushed status), not from this card, clears it too.
    await card('secondary').get('[data-testid="provider-probe"]').trigger('click');
    await flushPromises();
    expect(card('secondary').find('[data-testid="probe-result"]').exists()).toBe(true);
    const store = useProvidersStore();
    store.providers = store.providers.map((p) => (p.name === 'secondary' ? { ...p, breaker: 'open' as const } : p));
    await flushPromises();
    expect(card('secondary').find('[data-testid="probe-result"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows a failed probe and a refused action with their codes', async () => {
    const { fake, wrapper, card } = backend();
    fake.handlers['providers.probe'] = ({ providerId }) => ({
      providerId,
      ok: false,
      latencyMs: 3_000,
      head: null,
      chainId: null,
      error: { code: 'TIMEOUT', message: 'no answer in 3000 ms', retryable: true },
    });
    fake.handlers['providers.setEnabled'] = () => {
      throw new SteadfastError({ code: 'NOT_AVAILABLE', message: 'not yet', retryable: false });
    };
    await flushPromises();
    await card('primary').get('[data-testid="provider-probe"]').trigger('click');
    await flushPromises();
    const result = card('primary').get('[data-testid="probe-result"]');
    expect(result.attributes('data-ok')).toBe('false');
    expect(result.text().replace(/\s+/g, ' ')).toBe('Probe failed after 3000 ms · TIMEOUT: no answer in 3000 ms · probed 0 s ago');

    await card('primary').get('[data-testid="provider-disable"]').trigger('click');
    await card('primary').get('[data-testid="provider-disable-confirm"]').trigger('click');
    await flushPromises();
    const feedback = card('primary').get('[data-testid="provider-action-feedback"]');
    expect(feedback.attributes('data-ok')).toBe('false');
    expect(feedback.text()).toBe('Could not disable primary: NOT_AVAILABLE: not yet');
    expect(card('primary').get('[data-testid="breaker-state"]').text()).toBe('closed');
    wrapper.unmount();
  });
});
