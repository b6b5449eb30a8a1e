/**
 * A fixed-row-height virtual window: which rows of `total` are in (or near) view for a scroll position. Only those
 * are rendered, so the DOM holds a screenful of rows whether the history has fifty or fifty thousand. Small enough
 * to own rather than add a dependency: fixed heights make it one division.
 */
import { computed, type ComputedRef, type Ref } from 'vue';

export interface VirtualWindow {
  /** First and last row index to render (inclusive); last < first when there is nothing. */
  first: number;
  last: number;
  /** Pixels above the first rendered row (the list's translateY). */
  offset: number;
  /** Height of the whole list in pixels (the scroll area's inner height). */
  height: number;
}

/** Rows rendered beyond each edge of the viewport, so a fast flick does not show blank space before Vue catches up. */
export const OVERSCAN = 8;

export function virtualWindow(scrollTop: number, viewport: number, rowHeight: number, total: number): VirtualWindow {
  const height = total * rowHeight;
  if (total === 0) return { first: 0, last: -1, offset: 0, height };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, height - viewport));
  const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((top + viewport) / rowHeight) + OVERSCAN - 1);
  return { first, last, offset: first * rowHeight, height };
}

export function useVirtualRows(
  scrollTop: Ref<number>,
  viewport: Ref<number>,
  rowHeight: number,
  total: Ref<number>,
): ComputedRef<VirtualWindow> {
  return computed(() => virtualWindow(scrollTop.value, viewport.value, rowHeight, total.value));
}
