/**
 * Stand-ins for the few Electron objects the shell touches, recording what the shell asks of them. Used through
 * `vi.mock('electron', ...)`, the boundary where the real module would be, since its binary is absent here.
 */
import { EventEmitter } from 'node:events';
import { vi, type Mock } from 'vitest';

type Handler = (...args: any[]) => any;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: Handler | undefined;
  setWindowOpenHandler = vi.fn((handler: Handler) => {
    this.windowOpenHandler = handler;
  });
  isDestroyed = () => false;
  send: Mock<Handler> = vi.fn();

  /** Emit a navigation-like event the way Electron does (an Event carrying the URL) and report if it was refused. */
  attempt(name: 'will-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(name, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  show: Mock<Handler> = vi.fn();
  focus: Mock<Handler> = vi.fn();
  restore: Mock<Handler> = vi.fn();
  isMinimized = vi.fn(() => false);
  isDestroyed = vi.fn(() => false);
  loadURL = vi.fn(async (_url: string) => undefined);
  loadFile = vi.fn(async (_path: string) => undefined);

  constructor(readonly options: Record<string, any>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
}

export function fakeSession() {
  const session = {
    headersListener: undefined as Handler | undefined,
    permissionRequestHandler: undefined as Handler | undefined,
    permissionCheckHandler: undefined as Handler | undefined,
    webRequest: {
      onHeadersReceived: vi.fn((listener: Handler) => {
        session.headersListener = listener;
      }),
    },
    setPermissionRequestHandler: vi.fn((handler: Handler) => {
      session.permissionRequestHandler = handler;
    }),
    setPermissionCheckHandler: vi.fn((handler: Handler) => {
      session.permissionCheckHandler = handler;
    }),
  };
  return session;
}

export class FakeApp extends EventEmitter {
  requestSingleInstanceLock = vi.fn(() => true);
  quit: Mock<Handler> = vi.fn();
  exit: Mock<Handler> = vi.fn();
}
