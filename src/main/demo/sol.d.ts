// Vite (electron-vite in the app, vitest in tests) inlines `?raw` imports as strings, so the contract sources travel
// inside the bundle and nothing reads them from disk at run time.
declare module '*.sol?raw' {
  const source: string;
  export default source;
}
