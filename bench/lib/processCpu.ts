// CPU time of a process from /proc (Linux), for per-request server CPU and for waiting until a
// server under test has finished the work a load run left behind.

/** utime + stime of process `pid`, in µs (from /proc/<pid>/stat, in clock ticks of 10 ms). */
export function processCpuUs(pid: number, readStat: (file: string) => string): number {
  const stat = readStat(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3 of stat, so utime (14) and stime (15) are at 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}
