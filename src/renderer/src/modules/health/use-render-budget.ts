/**
 * Reports how long a view took from the start of its setup to its first painted frame, as 'budgets.reportRender'
 * { view, ms }; main compares it with the render budget and records a breach when it is over.
 *
 * Call it first thing in a view's `<script setup>`. The clock starts there; mounted → nextTick (Vue has flushed
 * what the first data caused) → requestAnimationFrame, whose callback runs just before the frame that shows the
 * view is painted: the closest a page can observe "painted" without the Paint Timing API (which covers only the
 * page's first paint, not a tab switch).
 */
import { nextTick, onBeforeUnmount, onMounted, readonly, ref, type Ref } from 'vue';
import { useClient } from '../bridge/use-bridge';

export interface RenderBudget {
  /** The measured time once known (also what was reported). */
  ms: Readonly<Ref<number | null>>;
}

export function useRenderBudget(view: string): RenderBudget {
  const client = useClient();
  const started = performance.now();
  const ms = ref<number | null>(null);
  let frame: number | null = null;
  let unmounted = false;

  onMounted(async () => {
    await nextTick();
    if (unmounted) return;
    frame = requestAnimationFrame(() => {
      frame = null;
      // Whole milliseconds with one decimal: enough against a 100 ms budget, stable in logs.
      const measured = Math.round((performance.now() - started) * 10) / 10;
      ms.value = measured;
      // Reporting is best effort: a main side without budgets answers NOT_AVAILABLE, and the view must not care.
      client.invoke('budgets.reportRender', { view, ms: measured }).catch(() => undefined);
    });
  });
  onBeforeUnmount(() => {
    unmounted = true;
    if (frame !== null) cancelAnimationFrame(frame);
  });
  return { ms: readonly(ms) };
}
