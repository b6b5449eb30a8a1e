/** Renderer entry: pick the bridge for this runtime, provide it, mount. */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { selectBridge } from './modules/bridge/select-bridge';
import { provideBridge } from './modules/bridge/use-bridge';

const bridge = selectBridge(window);
const app = createApp(App);
app.use(createPinia());
provideBridge(app, bridge);
app.mount('#app');

// The socket and its reconnect timer belong to the page: release them when it goes away (or is swapped by HMR).
window.addEventListener('pagehide', (event) => {
  if (!event.persisted) {
    app.unmount();
    bridge.dispose();
  }
});
