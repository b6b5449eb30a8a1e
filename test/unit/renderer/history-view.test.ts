// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryPage, HistoryRow } from '../../../src/shared/domain';
import { useAppStore } from '../../../src/renderer/src/modules/app/use-app-store';
import { activeNowTickers } from '../../../src/renderer/src/modules/clock/use-now';
import HistoryView from '../../../src/renderer/src/modules/history/HistoryView.vue';
import { virtualWindow } from '../../../src/renderer/src/modules/history/use-virtual-rows';
import { counterpartyText, feeAmountText } from '../../../src/renderer/src/modules/history/history-row-format';
import { useSettingsStore } from '../../../src/renderer/src/modules/settings/use-settings-store';
import { bridgeKey } from '../../../src/renderer/src/modules/bridge/use-bridge';
import { bridgeContextFor, createFakeBridge, mountWithBridge } from './fake-bridge';

const ME = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
const BOB = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const;
const TOTAL = 50_000;
const NOW = 1_800_000_000_000;

function rowAt(i: number): HistoryRow {
  const out = i % 2 === 0;
  return {
    chainId: 31337,
    hash: `0x${i.toString(16).padStart(64, '0')}`,
    logIndex: i % 3 === 0 ? null : 1,
    blockNumber: BigInt(1_000_000 - i),
    timestamp: Date.UTC(2026, 11, 3, 12, 0) - i * 12_000,
    kind: out ? 'sent' : 'token-transfer',
    direction: out ? 'out' : 'in',
    counterparty: BOB,
    asset: out ? { address: 'native', symbol: 'ETH', decimals: 18 } : { address: BOB, symbol: 'USDC', decimals: 6 },
    amount: out ? 1_234_567_890_123_456_789n + BigInt(i) : 2_500_000n,
    fee: out ? 21_000_000_147_000n : null,
    method: null,
    failed: i === 3,
  };
}

function page(offset: number, limit: number): HistoryPage {
  const rows = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, k) => rowAt(offset + k));
  return { address: ME, chainId: 31337, rows, total: TOTAL, offset, source: 'logs', fromBlock: 999_001n, fetchedAt: NOW - 5_000 };
}

async function mountHistory() {
  const fake = createFakeBridge({
    'history.page': ({ offset, limit }) => page(offset, limit),
    'history.refresh': () => ({ ...page(0, 100), source: 'cache' }),
    'export.history': () => ({ filename: 'steadfast-history-31337-x-20261203.csv', csv: 'date,block\r\n' }),
  });
  const { wrapper } = mountWithBridge(HistoryView, fake);
  useAppStore().info = { version: '1', mode: 'headless', demo: true, chains: [{ chainId: 31337, name: 'Local', nativeSymbol: 'ETH' }] };
  useSettingsStore().settings = {
    chains: [],
    addresses: [
      { address: ME, label: 'Treasury', builtIn: true },
      { address: BOB, label: 'Bob', builtIn: false },
    ],
  };
  await flushPromises();
  return { wrapper, fake };
}

afterEach(() => vi.useRealTimers());


/** The history pages the view asked for (the view also reports its render time; that is not a page). */
function pages(fake: { calls: Array<{ channel: string; input: unknown }> }) {
  return fake.calls.filter((c) => c.channel === 'history.page');
}

describe('virtualWindow', () => {
  it('covers the viewport plus the overscan, clamped to the list', () => {
    expect(virtualWindow(0, 560, 40, 50_000)).toEqual({ first: 0, last: 21, offset: 0, height: 2_000_000 });
    expect(virtualWindow(400_000, 560, 40, 50_000)).toEqual({ first: 9_992, last: 10_021, offset: 399_680, height: 2_000_000 });
    expect(virtualWindow(9e9, 560, 40, 50_000)).toEqual({ first: 49_978, last: 49_999, offset: 1_999_120, height: 2_000_000 });
    expect(virtualWindow(0, 560, 40, 0)).toEqual({ first: 0, last: -1, offset: 0, height: 0 });
  });
});

describe('history row format', () => {
  it('shows fees exactly and trimmed, like amounts', () => {
    expect(feeAmountText(25_258_173_633_000n, 'ETH')).toBe('0.000025258173633 ETH');
    expect(feeAmountText(35_469_230_991_677n, 'SLT')).toBe('0.000035469230991677 SLT'); // every digit significant
    expect(feeAmountText(1_000_000_000_000_000_000n, 'ETH')).toBe('1 ETH');
    expect(feeAmountText(null, 'ETH')).toBe('');
  });

  it('names a watched counterparty by its label, whatever the case of its address', () => {
    const watched = [{ address: BOB, label: 'Trading' }];
    expect(counterpartyText(BOB.toLowerCase(), watched)).toEqual({ text: 'Trading', label: 'Trading' });
    expect(counterpartyText(ME, watched)).toEqual({ text: '0x7099…79C8', label: null });
    expect(counterpartyText(null, watched)).toEqual({ text: '—', label: null });
  });
});

describe('HistoryView', () => {
  it('keeps only the visible rows of 50,000 in the DOM and fetches pages as it scrolls', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { wrapper, fake } = await mountHistory();

    expect(wrapper.get('[data-testid="history-total"]').text()).toBe('50,000 entries');
    expect(wrapper.get('[data-testid="history-source"]').text()).toBe('logs (since block 999001)');
    let rows = wrapper.findAll('[data-testid="history-row"]');
    expect(rows).toHaveLength(22);
    expect(rows[0]?.attributes('data-hash')).toBe(rowAt(0).hash);
    expect(rows[0]?.attributes('data-kind')).toBe('sent');
    expect(rows[0]?.get('[data-testid="history-amount"]').text()).toBe('-1.234567890123456789 ETH');
    expect(rows[0]?.get('[data-testid="history-fee"]').text()).toBe('0.000021000000147 ETH');
    expect(rows[1]?.get('[data-testid="history-amount"]').text()).toBe('+2.5 USDC');
    expect(rows[1]?.get('[data-testid="history-fee"]').text()).toBe('');
    // Bob is watched: his label, not a shortened address (which stays in the title).
    const counterparty = rows[0]!.get('[data-testid="history-counterparty"]');
    expect([counterparty.text(), counterparty.attributes('data-watched'), counterparty.attributes('title')]).toEqual(['Bob', 'true', BOB]);
    expect(pages(fake).map((c) => c.input)).toEqual([{ address: ME, chainId: 31337, offset: 0, limit: 50 }]);

    const scroller = wrapper.get('[data-testid="history-scroller"]');
    (scroller.element as HTMLElement).scrollTop = 400_000;
    await scroller.trigger('scroll');
    await flushPromises();
    rows = wrapper.findAll('[data-testid="history-row"]');
    expect(rows).toHaveLength(30);
    expect(rows[8]?.attributes('data-hash')).toBe(rowAt(10_000).hash);
    expect(pages(fake).slice(1).map((c) => (c.input as { offset: number }).offset)).toEqual([9_950, 10_000]);
    expect(wrapper.findAll('[data-testid="history-placeholder"]')).toHaveLength(0);

    wrapper.unmount();
    expect(activeNowTickers()).toBe(0);
  });

  it('reads the first page at once when the stores were loaded before the tab opened', async () => {
    const fake = createFakeBridge({ 'history.page': ({ offset, limit }) => page(offset, limit) });
    const pinia = createPinia();
    setActivePinia(pinia);
    useAppStore().info = { version: '1', mode: 'headless', demo: true, chains: [{ chainId: 31337, name: 'Local', nativeSymbol: 'ETH' }] };
    useSettingsStore().settings = { chains: [], addresses: [{ address: ME, label: 'Treasury', builtIn: true }] };
    const { context } = bridgeContextFor(fake);
    const wrapper = mount(HistoryView, { global: { plugins: [pinia], provide: { [bridgeKey as symbol]: context } } });
    await flushPromises();
    expect(pages(fake).map((c) => c.input)).toEqual([{ address: ME, chainId: 31337, offset: 0, limit: 50 }]);
    expect(wrapper.get('[data-testid="history-total"]').text()).toBe('50,000 entries');
    wrapper.unmount();
  });

  it('refreshes (showing the cache age when that is all there is) and exports through a Blob download', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { wrapper, fake } = await mountHistory();
    await wrapper.get('[data-testid="history-refresh"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="history-source"]').text()).toBe('cache (5 s ago)');

    const blobs: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:fake';
    });
    const clicked: Array<{ download: string; href: string }> = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href });
    });
    await wrapper.get('[data-testid="history-export"]').trigger('click');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'export.history').at(-1)).toEqual({
      channel: 'export.history',
      input: { address: ME, chainId: 31337 },
    });
    expect(clicked).toEqual([{ download: 'steadfast-history-31337-x-20261203.csv', href: 'blob:fake' }]);
    expect(await blobs[0]?.text()).toBe('date,block\r\n');
    createObjectURL.mockRestore();
    click.mockRestore();
    wrapper.unmount();
  });
});
