/**
 * One Steadfast per user: a second instance would start a second demo chain and fight the first over the
 * settings file. The second launch hands over to the first, which comes to the front.
 */
import type { App } from 'electron';

/**
 * Take the single-instance lock, or quit.
 * @param onSecondInstance called in the first instance when another launch is attempted (focus the window).
 * @returns whether this process holds the lock and should carry on starting.
 */
export function claimSingleInstance(app: App, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}
