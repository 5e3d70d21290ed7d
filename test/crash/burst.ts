import { openCore } from '../../electron/core/core';
import { DEFAULT_POLICY_DIR } from '../../electron/core/paths';
import { saveSettings } from '../../electron/core/settings/service';

// A burst of writes for the crash suite: each write is one transaction of four journal entries
// (four settings), acknowledged on stdout with the journal's head once it has committed. The
// suite kills this process at a random moment and checks that every acknowledged write is there
// and that no write is there in part.

const [dbPath, countText] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: burst DB COUNT');
const core = openCore({ dbPath, seedPolicyDir: DEFAULT_POLICY_DIR, appVersion: 'crash-suite' });
for (let i = 1; i <= Number(countText ?? 1000); i++) {
  saveSettings(core.ledger, core.actor, { idleMinutes: (i % 50) + 5, noticeDays: (i % 20) + 5, noticeContact: `第 ${i} 次写入`, fontPath: `/字体/${i}.ttf` });
  process.stdout.write(`ack ${core.ledger.readHead().seq}\n`);
}
core.close();
