/**
 * `window.steadfast`, as exposed by the preload. Optional because the same renderer also runs in a plain browser
 * (headless mode), where the bridge is the WebSocket client instead. Reference this file from the renderer's typings.
 */
import type { RawBridge } from '../shared/bridge';

declare global {
  interface Window {
    steadfast?: RawBridge;
  }
}

export {};
