/**
 * Recognizing a provider's "this eth_getLogs range is too large for me" refusal. The request is fine and the provider
 * is healthy: the same filter over a smaller range will be answered, so it must neither count against the provider
 * nor be passed off as the chain's final word. Kept apart from logs-range.ts (and free of imports) so classification
 * can use the same recognizer.
 *
 * Providers use no common code for it (-32005, -32000, -32600, -32602, -32614 and HTTP 413 are all seen), so the
 * wording decides. Messages seen in public reports:
 * - geth-derived nodes, Infura, zkSync: "query returned more than 10000 results" (Infura adds "Try with this block
 *   range [0x.., 0x..]"), codes -32005, -32000 or -32602.
 * - Infura (live API, 2026): -32602 "range 1000000 exceeds limit of 10000".
 * - Alchemy: -32602 "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range...",
 *   and -32600 "You can make eth_getLogs requests with up to a 500 block range..." (free tier).
 * - QuickNode: -32614 "eth_getLogs is limited to a 10,000 range" (HTTP 413), "eth_getLogs and eth_newFilter are
 *   limited to a 10,000 blocks range".
 * - BNB Chain nodes: -32000 "exceed maximum block range: 5000".
 * - Ankr: "block range is too wide", later "maximum [from, to] blocks distance: 10000".
 * - cdk-erigon: -32005 "block range too large, max range: N".
 * - Scroll and Morph geth forks: -32000 "block range is bigger than maxBlockRange", "block range is larger than max
 *   block range, block range = 5120, max block range = 5000".
 * - Tenderly: -32602 "invalid params" with data.payload "range 9009594 is bigger than range limit 2000".
 * - zkSync: -32008 "Response is too big".
 */
const RANGE_LIMIT_PATTERNS: readonly RegExp[] = [
  /query returned more than [\d,]+ results/i,
  /log response size exceeded/i,
  /eth_getLogs requests with up to a [\w,]+ block range/i,
  /limited to a [\d,]+ (blocks? )?range/i,
  /exceeds? (the )?maximum block range/i,
  /block range (is )?too (wide|large|big)/i,
  /block range is (bigger|larger) than/i,
  /maximum \[from, ?to\] blocks distance/i,
  /range \d+ (exceeds limit|is bigger than range limit)/i,
  /response is too big/i,
];

/** Whether `text` (a provider's error message, or its data as JSON) is an eth_getLogs range-limit refusal. */
export function isRangeLimitMessage(text: string): boolean {
  return RANGE_LIMIT_PATTERNS.some((pattern) => pattern.test(text));
}
