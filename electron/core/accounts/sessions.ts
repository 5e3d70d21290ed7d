import { randomBytes } from 'node:crypto';
import type { Principal, SessionView } from '../../../shared/domain/accounts';

// Signed-in sessions live in memory: a restart signs everyone out. A session locks after the
// configured idle time; the same person unlocks it with the password.

type Session = { username: string; lastSeen: number };

export class Sessions {
  private readonly byToken = new Map<string, Session>();
  constructor(private readonly now: () => number = Date.now) {}

  open(username: string): string {
    const token = randomBytes(24).toString('base64url');
    this.byToken.set(token, { username, lastSeen: this.now() });
    return token;
  }

  close(token: string): void {
    this.byToken.delete(token);
  }

  /** The session's user, and whether it has been idle longer than the limit (then it is locked). */
  check(token: string | undefined, idleLimitMinutes: number): { username: string; locked: boolean } | null {
    const s = token ? this.byToken.get(token) : undefined;
    if (!s) return null;
    return { username: s.username, locked: this.now() - s.lastSeen > idleLimitMinutes * 60_000 };
  }

  touch(token: string): void {
    const s = this.byToken.get(token);
    if (s) s.lastSeen = this.now();
  }

  time(): Date {
    return new Date(this.now());
  }
}

export function sessionView(token: string, p: Principal, idle: number): SessionView {
  return { token, username: p.username, displayName: p.displayName, roles: [...p.roles], idleMinutes: idle };
}
