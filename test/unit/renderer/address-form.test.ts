// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import WatchedAddresses from '../../../src/renderer/src/modules/settings/WatchedAddresses.vue';
import { useSettingsStore } from '../../../src/renderer/src/modules/settings/use-settings-store';
import { LABEL_MAX } from '../../../src/renderer/src/modules/settings/use-watched-addresses';
import { LABEL_MAX as CONTRACT_LABEL_MAX } from '../../../src/shared/contract';
import type { ListedAddress, PublicSettings } from '../../../src/shared/domain';
import { SteadfastError } from '../../../src/shared/errors';
import { createFakeBridge, mountWithBridge } from './fake-bridge';
import { ALICE, BOB } from './fixtures';

function settingsBackend(initial: ListedAddress[]) {
  let addresses = [...initial];
  const settings = (): PublicSettings => ({ chains: [], addresses: [...addresses] });
  return createFakeBridge({
    'addresses.add': ({ address, label }) => {
      // Main's real check is the EIP-55 checksum; any rule will do for the form's behaviour.
      if (address !== BOB) {
        throw new SteadfastError({
          code: 'INVALID_INPUT',
          message: 'invalid input for addresses.add: address: bad checksum (did you mean 0x3C44…93BC?)',
          retryable: false,
        });
      }
      addresses.push({ address: address as `0x${string}`, label: label.trim(), builtIn: false });
      return settings();
    },
    'addresses.remove': ({ address }) => {
      addresses = addresses.filter((entry) => entry.address !== address);
      return settings();
    },
  });
}

async function mountForm(initial: ListedAddress[]) {
  const fake = settingsBackend(initial);
  // Attached, so that clicking the submit button submits the form as in a browser.
  const { wrapper } = mountWithBridge(WatchedAddresses, fake, { attachTo: document.body });
  useSettingsStore().settings = { chains: [], addresses: initial };
  await flushPromises();
  return { fake, wrapper };
}

describe('watched-address form', () => {
  it('shows the typed error message and keeps what was typed', async () => {
    const { wrapper, fake } = await mountForm([]);
    const typed = BOB.toLowerCase().replace('3c44', '3c45');
    await wrapper.get('[data-testid="address-input"]').setValue(typed);
    await wrapper.get('[data-testid="label-input"]').setValue('Bob');
    await wrapper.get('[data-testid="address-add"]').trigger('click');
    await flushPromises();

    // The router's "invalid input for <channel>: <field>: " prefix is for developers; the form shows the rest.
    expect(wrapper.get('[data-testid="address-error"]').text()).toBe('bad checksum (did you mean 0x3C44…93BC?)');
    expect((wrapper.get('[data-testid="address-input"]').element as HTMLInputElement).value).toBe(typed);
    expect((wrapper.get('[data-testid="label-input"]').element as HTMLInputElement).value).toBe('Bob');
    expect(wrapper.findAll('[data-testid="address-remove"]')).toHaveLength(0);
    expect(fake.calls.filter((call) => call.channel === 'addresses.add')).toHaveLength(1);
    wrapper.unmount();
  });

  it('adds an accepted address, clears the inputs and the error', async () => {
    const { wrapper, fake } = await mountForm([{ address: ALICE, label: 'Alice', builtIn: false }]);
    await wrapper.get('[data-testid="address-input"]').setValue('0xnope');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="address-error"]').exists()).toBe(true);

    await wrapper.get('[data-testid="address-input"]').setValue(BOB);
    await wrapper.get('[data-testid="label-input"]').setValue('Bob');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(fake.calls.at(-1)).toEqual({ channel: 'addresses.add', input: { address: BOB, label: 'Bob' } });
    expect(wrapper.find('[data-testid="address-error"]').exists()).toBe(false);
    expect((wrapper.get('[data-testid="address-input"]').element as HTMLInputElement).value).toBe('');
    const removes = wrapper.findAll('[data-testid="address-remove"]').map((button) => button.attributes('data-address'));
    expect(removes).toEqual([ALICE, BOB]);
    wrapper.unmount();
  });

  it('shows the schema issue for garbage and a long label, and caps the label input at 64 characters', async () => {
    const issue = (path: string, message: string) =>
      new SteadfastError({
        code: 'INVALID_INPUT',
        message: `invalid input for addresses.add: ${path}: ${message}`,
        retryable: false,
        details: { issues: [{ path, message }] },
      });
    const answers = [
      issue('address', 'Enter a 0x address (40 hex digits) or an ENS name ending in .eth'),
      issue('label', 'A label can be at most 64 characters'),
      new SteadfastError({ code: 'INVALID_INPUT', message: 'the zero address is not a wallet anyone controls', retryable: false }),
    ];
    const fake = createFakeBridge({
      'addresses.add': () => {
        throw answers.shift()!;
      },
    });
    const { wrapper } = mountWithBridge(WatchedAddresses, fake, { attachTo: document.body });
    useSettingsStore().settings = { chains: [], addresses: [] };
    await flushPromises();
    expect(wrapper.get('[data-testid="label-input"]').attributes('maxlength')).toBe(String(LABEL_MAX));
    expect(LABEL_MAX).toBe(CONTRACT_LABEL_MAX);
    const shown: string[] = [];
    for (const address of ['garbage', BOB, '0x0000000000000000000000000000000000000000']) {
      await wrapper.get('[data-testid="address-input"]').setValue(address);
      await wrapper.get('[data-testid="label-input"]').setValue('Bob');
      await wrapper.get('form').trigger('submit');
      await flushPromises();
      shown.push(wrapper.get('[data-testid="address-error"]').text());
    }
    expect(shown).toEqual([
      'Enter a 0x address (40 hex digits) or an ENS name ending in .eth',
      'A label can be at most 64 characters',
      'the zero address is not a wallet anyone controls',
    ]);
    wrapper.unmount();
  });

  it('removes an address with its button', async () => {
    const { wrapper, fake } = await mountForm([
      { address: ALICE, label: 'Alice', builtIn: false },
      { address: BOB, label: 'Bob', builtIn: false },
    ]);
    await wrapper.get(`[data-testid="address-remove"][data-address="${ALICE}"]`).trigger('click');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({ channel: 'addresses.remove', input: { address: ALICE } });
    const left = wrapper.findAll('[data-testid="address-remove"]').map((button) => button.attributes('data-address'));
    expect(left).toEqual([BOB]);
    wrapper.unmount();
  });

  it('lists a built-in demo address without a remove button', async () => {
    const { wrapper } = await mountForm([
      { address: ALICE, label: 'Alice', builtIn: true },
      { address: BOB, label: 'Bob', builtIn: false },
    ]);
    const removable = wrapper.findAll('[data-testid="address-remove"]').map((button) => button.attributes('data-address'));
    expect(removable).toEqual([BOB]);
    expect(wrapper.text()).toContain('demo');
    wrapper.unmount();
  });
});
