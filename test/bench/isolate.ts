// What the parent of `npm run bench` makes of one benchmark's child process: its BENCH lines, and
// whether it counts as skipped (a skipped line, a failed exit, or no line at all).

export function childOutcome(name: string, output: readonly string[], code: number | null, failure: string | null): { lines: string[]; skipped: boolean } {
  const lines = output.filter((line) => line.startsWith(`BENCH ${name} `));
  const skipped = lines.some((line) => line.startsWith(`BENCH ${name} skipped `));
  // a child that printed why it skipped exits 1 by design
  if (skipped || (lines.length > 0 && code === 0 && failure === null)) return { lines, skipped };
  const why = failure ?? (code === null ? '进程异常结束' : `进程退出码 ${code}`);
  const reason = lines.length > 0 ? `基准进程在给出结果后出错（${why}），上面的结果不作数` : `基准进程没有给出结果（${why}）`;
  return { lines: [...lines, `BENCH ${name} skipped reason=${reason}`], skipped: true };
}
