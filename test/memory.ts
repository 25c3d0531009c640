// What the daemon under test (in this process) holds: heap and ArrayBuffers
// after a full GC. RSS would also count garbage not yet collected and other
// work's high-water mark. V8 frees ArrayBuffer backing stores on a concurrent
// sweeper, which lags on a loaded machine: the figure is the least of a few
// GCs a moment apart, so a buffer already dropped is not counted as held
// (one that is still referenced shows in every try).
import v8 from 'node:v8'
import vm from 'node:vm'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

export async function retained (tries = 3): Promise<number> {
  let least = Infinity
  for (let i = 0; i < tries; i++) {
    gc()
    await new Promise(resolve => setTimeout(resolve, 20))
    const m = process.memoryUsage()
    least = Math.min(least, m.heapUsed + m.arrayBuffers)
  }
  return least
}
