/**
 * One shared 1 s ticker for every "5 s ago" on screen, so ages tick without refetching anything.
 *
 * Reference-counted: the interval runs only while some component uses it and stops with the last one, so closing a
 * view (or finishing a test) leaves no timer behind.
 */
import { getCurrentScope, onScopeDispose, readonly, ref, type Ref } from 'vue';

const TICK_MS = 1_000;

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

export function useNow(): Readonly<Ref<number>> {
  if (getCurrentScope() === undefined) {
    // Without a scope nothing would ever release the ticker.
    throw new Error('useNow must be called inside a component setup or an effect scope');
  }
  users += 1;
  if (timer === null) {
    now.value = Date.now();
    timer = setInterval(() => {
      now.value = Date.now();
    }, TICK_MS);
  }
  onScopeDispose(() => {
    users -= 1;
    if (users === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  });
  return readonly(now);
}

/** For leak checks in tests. */
export function activeNowTickers(): number {
  return timer === null ? 0 : users;
}
