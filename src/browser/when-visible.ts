/**
 * Runs `fn` now if the page is being looked at, otherwise the first time it is
 * shown: background work (starting or warming up Python) waits for a tab
 * nobody is looking at. Outside a browser (tests in Node) it runs at once.
 */
export function whenVisible(fn: () => void): void {
  if (typeof document === 'undefined' || document.visibilityState === 'visible') {
    fn();
    return;
  }
  const onShow = () => {
    if (document.visibilityState !== 'visible') return;
    document.removeEventListener('visibilitychange', onShow);
    fn();
  };
  document.addEventListener('visibilitychange', onShow);
}
