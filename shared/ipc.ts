/** The one IPC channel between preload and main process; everything goes through it. */
export const IPC_CHANNEL = 'county-ledger:invoke';

/** The custom scheme the desktop app loads its UI from: app://county-ledger/index.html */
export const APP_SCHEME = 'app';
export const APP_HOST = 'county-ledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

