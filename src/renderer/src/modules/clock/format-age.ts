/** "5 s ago" style ages, coarse on purpose: the exact time is in the element's title. */
export function formatAge(at: number, now: number): string {
  // A timestamp slightly ahead of our clock (main's clock, rounding) is still "now", never "-1 s ago".
  const seconds = Math.max(0, Math.floor((now - at) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export function formatTimestamp(at: number): string {
  return new Date(at).toLocaleString();
}
